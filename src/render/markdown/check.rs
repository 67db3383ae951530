//! `cairn check` findings as a Markdown table: the GitHub job summary.

use std::io::{self, Write};

use super::Markdown;
use crate::render::escape::{markdown_inline, markdown_table_code};
use crate::render::{CheckOutput, Render, plural};

/// The Markdown table of every finding for `$GITHUB_STEP_SUMMARY` (GitHub shows only 10
/// annotations of a kind per step).
impl Render<CheckOutput<'_>> for Markdown {
    fn render(&self, ctx: &CheckOutput<'_>, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(step_summary(ctx).as_bytes())
    }
}

fn step_summary(ctx: &CheckOutput<'_>) -> String {
    let report = ctx.report;
    let mut s = String::from("## cairn check\n\n");
    let (e, w) = (report.errors(), report.warnings());
    s.push_str(&format!("{}: {} error(s), {} warning(s)\n\n", plural(report.items, "item"), e, w));
    if report.diagnostics.is_empty() {
        s.push_str("No problems found.\n");
        return s;
    }
    s.push_str("| severity | rule | location | message |\n|---|---|---|---|\n");
    for d in &report.diagnostics {
        s.push_str(&format!(
            "| {} | `{}` | {} | {} |\n",
            d.severity,
            d.rule.code(),
            markdown_table_code(&format!("{}:{}", ctx.shown_path(&d.file), d.line)),
            markdown_inline(&d.message)
        ));
    }
    s
}
