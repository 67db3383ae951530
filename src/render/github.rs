//! `check --format github`: one GitHub Actions workflow command per finding.

use std::io::{self, Write};

use super::{CheckContext, CheckRenderer};
use crate::analyse::rules::CheckReport;
use crate::model::diagnostic::Severity;

pub struct Github;

/// Escapes a workflow command's message.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a workflow command's property value (also `:` and `,`).
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

impl CheckRenderer for Github {
    fn render(&self, report: &CheckReport, ctx: &CheckContext<'_>, out: &mut dyn Write) -> io::Result<()> {
        for d in &report.diagnostics {
            let level = match d.severity {
                Severity::Error => "error",
                _ => "warning",
            };
            let mut message = d.message.clone();
            if let Some(help) = &d.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            writeln!(
                out,
                "::{level} file={},line={},col={},title={}::{}",
                escape_property(&ctx.shown_path(&d.file)),
                d.line,
                d.column,
                escape_property(d.rule.code()),
                escape_data(&message)
            )?;
        }
        Ok(())
    }
}

/// The Markdown table of every finding for `$GITHUB_STEP_SUMMARY` (GitHub shows only 10
/// annotations of a kind per step).
pub fn step_summary(report: &CheckReport, ctx: &CheckContext<'_>) -> String {
    let mut s = String::from("## cairn check\n\n");
    let (e, w) = (report.errors(), report.warnings());
    s.push_str(&format!("{}: {} error(s), {} warning(s)\n\n", super::plural(report.items, "item"), e, w));
    if report.diagnostics.is_empty() {
        s.push_str("No problems found.\n");
        return s;
    }
    s.push_str("| severity | rule | location | message |\n|---|---|---|---|\n");
    let cell = |t: &str| t.replace('|', "\\|").replace(['\n', '\r'], " ");
    for d in &report.diagnostics {
        s.push_str(&format!(
            "| {} | `{}` | `{}:{}` | {} |\n",
            d.severity,
            d.rule.code(),
            cell(&ctx.shown_path(&d.file)),
            d.line,
            cell(&d.message)
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_github_requires() {
        assert_eq!(escape_data("50% done\r\nnext"), "50%25 done%0D%0Anext");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
