//! `check --format json`: one object, findings sorted by file then line.

use std::io::{self, Write};

use serde::Serialize;

use super::{CheckContext, CheckRenderer};
use crate::diagnostic::Diagnostic;
use crate::rules::CheckReport;

pub struct Json;

#[derive(Serialize)]
struct Summary {
    items: usize,
    errors: usize,
    warnings: usize,
}

#[derive(Serialize)]
struct Output<'a> {
    summary: Summary,
    diagnostics: &'a [Diagnostic],
}

impl CheckRenderer for Json {
    fn render(&self, report: &CheckReport, _ctx: &CheckContext<'_>, out: &mut dyn Write) -> io::Result<()> {
        let output = Output {
            summary: Summary { items: report.items, errors: report.errors(), warnings: report.warnings() },
            diagnostics: &report.diagnostics,
        };
        serde_json::to_writer_pretty(&mut *out, &output)?;
        writeln!(out)
    }
}
