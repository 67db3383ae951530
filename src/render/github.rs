//! `check --format github`: one GitHub Actions workflow command per finding.

use std::io::{self, Write};

use super::{CheckOutput, Render};
use crate::model::diagnostic::Severity;

/// GitHub Actions workflow commands (annotations).
#[derive(Debug, Clone, Copy)]
pub struct Github;

/// Escapes a workflow command's message.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a workflow command's property value (also `:` and `,`).
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

impl Render<CheckOutput<'_>> for Github {
    fn render(&self, ctx: &CheckOutput<'_>, out: &mut dyn Write) -> io::Result<()> {
        for d in &ctx.report.diagnostics {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_github_requires() {
        assert_eq!(escape_data("50% done\r\nnext"), "50%25 done%0D%0Anext");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
