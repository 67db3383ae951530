//! `check --format junit`: JUnit XML with one test case per item. Error-level findings are
//! failures; warnings are listed in the test case's output.

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::escape::{xml_attr, xml_text};
use super::{CheckOutput, Render};
use crate::model::diagnostic::Diagnostic;

/// JUnit XML, one test case per item.
#[derive(Debug, Clone, Copy)]
pub struct Junit;

fn line(d: &Diagnostic, path: &str) -> String {
    let mut s = format!("{path}:{}:{}: {} [{}]", d.line, d.column, d.message, d.rule.code());
    if let Some(help) = &d.help {
        s.push_str(&format!("\n  help: {help}"));
    }
    s
}

impl Render<CheckOutput<'_>> for Junit {
    fn render(&self, ctx: &CheckOutput<'_>, out: &mut dyn Write) -> io::Result<()> {
        let report = ctx.report;
        // Every file of the plan is a test case, named by its item id.
        let mut cases: BTreeMap<String, (String, Vec<&Diagnostic>)> = BTreeMap::new();
        for item in &ctx.plan.items {
            cases.entry(item.path.clone()).or_insert_with(|| (item.id.clone(), Vec::new()));
        }
        for broken in &ctx.plan.broken {
            cases.entry(broken.path.clone()).or_insert_with(|| (broken.id.clone(), Vec::new()));
        }
        for d in &report.diagnostics {
            cases
                .entry(d.file.clone())
                .or_insert_with(|| (d.item.clone().unwrap_or_else(|| d.file.clone()), Vec::new()))
                .1
                .push(d);
        }
        // A test case fails exactly when one of its findings fails the run (errors, and
        // warnings under `--deny warnings`), so the counts agree with the exit code.
        let failures = cases.values().filter(|(_, ds)| ds.iter().any(|d| ctx.fails(d.severity))).count();
        let tests = cases.len();
        writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
        writeln!(out, r#"<testsuites name="cairn check" tests="{tests}" failures="{failures}" errors="0">"#)?;
        writeln!(
            out,
            r#"  <testsuite name="cairn check" tests="{tests}" failures="{failures}" errors="0" skipped="0">"#
        )?;
        for (path, (id, ds)) in &cases {
            let shown = ctx.shown_path(path);
            let (errors, warnings): (Vec<&&Diagnostic>, Vec<&&Diagnostic>) =
                ds.iter().partition(|d| ctx.fails(d.severity));
            write!(
                out,
                r#"    <testcase name="{}" classname="{}" file="{}""#,
                xml_attr(id),
                xml_attr(&shown),
                xml_attr(&shown)
            )?;
            if errors.is_empty() && warnings.is_empty() {
                writeln!(out, "/>")?;
                continue;
            }
            writeln!(out, ">")?;
            if !errors.is_empty() {
                let message = if errors.len() == 1 {
                    errors[0].message.clone()
                } else {
                    format!("{} findings fail the run", errors.len())
                };
                let body: Vec<String> = errors.iter().map(|d| format!("{}: {}", d.severity, line(d, &shown))).collect();
                writeln!(
                    out,
                    r#"      <failure message="{}" type="{}">{}</failure>"#,
                    xml_attr(&message),
                    xml_attr(errors[0].rule.code()),
                    xml_text(&body.join("\n"))
                )?;
            }
            if !warnings.is_empty() {
                let body: Vec<String> = warnings.iter().map(|d| format!("warning: {}", line(d, &shown))).collect();
                writeln!(out, "      <system-out>{}</system-out>", xml_text(&body.join("\n")))?;
            }
            writeln!(out, "    </testcase>")?;
        }
        writeln!(out, "  </testsuite>")?;
        writeln!(out, "</testsuites>")
    }
}
