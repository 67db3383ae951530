//! `check --format gitlab`: a GitLab Code Quality report (a JSON array of issues).

use std::io::{self, Write};

use serde_json::json;

use super::sarif::fingerprints;
use super::{CheckOutput, Render};
use crate::model::diagnostic::Severity;

/// A GitLab Code Quality report.
#[derive(Debug, Clone, Copy)]
pub struct Gitlab;

impl Render<CheckOutput<'_>> for Gitlab {
    fn render(&self, ctx: &CheckOutput<'_>, out: &mut dyn Write) -> io::Result<()> {
        let report = ctx.report;
        let issues: Vec<serde_json::Value> = report
            .diagnostics
            .iter()
            .zip(fingerprints(&report.diagnostics))
            .map(|(d, fp)| {
                let mut description = d.message.clone();
                if let Some(help) = &d.help {
                    description.push_str(" (help: ");
                    description.push_str(help);
                    description.push(')');
                }
                json!({
                    "type": "issue",
                    "description": description,
                    "check_name": d.rule.code(),
                    "categories": ["Style"],
                    "fingerprint": fp,
                    "severity": if d.severity == Severity::Error { "major" } else { "minor" },
                    "location": {"path": ctx.shown_path(&d.file), "lines": {"begin": d.line}},
                })
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &issues)?;
        writeln!(out)
    }
}
