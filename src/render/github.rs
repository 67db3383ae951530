//! `check --format github`: one GitHub Actions workflow command per finding.

use std::io::{self, Write};

use super::escape::{github_data, github_property};
use super::{CheckOutput, Render};

/// GitHub Actions workflow commands (annotations).
#[derive(Debug, Clone, Copy)]
pub struct Github;

impl Render<CheckOutput<'_>> for Github {
    fn render(&self, ctx: &CheckOutput<'_>, out: &mut dyn Write) -> io::Result<()> {
        for d in &ctx.report.diagnostics {
            // A warning that fails the run (`--deny warnings`) is an error annotation.
            let level = if ctx.fails(d.severity) { "error" } else { "warning" };
            let mut message = d.message.clone();
            if let Some(help) = &d.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            writeln!(
                out,
                "::{level} file={},line={},col={},title={}::{}",
                github_property(&ctx.shown_path(&d.file)),
                d.line,
                d.column,
                github_property(d.rule.code()),
                github_data(&message)
            )?;
        }
        // Notes (a rule skipped in a shallow clone, say) are notices, shown in the log.
        for note in &ctx.report.notes {
            writeln!(out, "::notice title=cairn::{}", github_data(note))?;
        }
        // Under `--deny warnings`, say that the warnings are why the job fails.
        if ctx.deny_warnings
            && ctx.report.errors() == 0
            && let Some(verdict) = ctx.verdict()
        {
            writeln!(out, "::error title=cairn check::{}", github_data(&verdict))?;
        }
        Ok(())
    }
}
