//! `check --format junit`: JUnit XML with one test case per item. Error-level findings are
//! failures; warnings are listed in the test case's output.

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::{CheckOutput, Render};
use crate::model::diagnostic::{Diagnostic, Severity};

/// JUnit XML, one test case per item.
#[derive(Debug, Clone, Copy)]
pub struct Junit;

/// Escapes text for XML attributes and content.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot carry at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

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
        let failures = cases.values().filter(|(_, ds)| ds.iter().any(|d| d.severity == Severity::Error)).count();
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
                ds.iter().partition(|d| d.severity == Severity::Error);
            write!(
                out,
                r#"    <testcase name="{}" classname="{}" file="{}""#,
                xml_escape(id),
                xml_escape(&shown),
                xml_escape(&shown)
            )?;
            if errors.is_empty() && warnings.is_empty() {
                writeln!(out, "/>")?;
                continue;
            }
            writeln!(out, ">")?;
            if !errors.is_empty() {
                let message =
                    if errors.len() == 1 { errors[0].message.clone() } else { format!("{} errors", errors.len()) };
                let body: Vec<String> = errors.iter().map(|d| line(d, &shown)).collect();
                writeln!(
                    out,
                    r#"      <failure message="{}" type="{}">{}</failure>"#,
                    xml_escape(&message),
                    xml_escape(errors[0].rule.code()),
                    xml_escape(&body.join("\n"))
                )?;
            }
            if !warnings.is_empty() {
                let body: Vec<String> = warnings.iter().map(|d| format!("warning: {}", line(d, &shown))).collect();
                writeln!(out, "      <system-out>{}</system-out>", xml_escape(&body.join("\n")))?;
            }
            writeln!(out, "    </testcase>")?;
        }
        writeln!(out, "  </testsuite>")?;
        writeln!(out, "</testsuites>")
    }
}

#[cfg(test)]
mod tests {
    use super::xml_escape;

    #[test]
    fn escapes_xml() {
        assert_eq!(xml_escape(r#"a<b & "c" 'd'>"#), "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;");
        assert_eq!(xml_escape("bell\u{7}"), "bell\u{fffd}");
    }
}
