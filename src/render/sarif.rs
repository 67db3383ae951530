//! `check --format sarif`: SARIF 2.1.0 for code scanning, one rule per code.

use std::collections::HashMap;
use std::io::{self, Write};

use serde_json::{Value, json};

use super::escape::uri_path;
use super::{CheckOutput, Render};
use crate::model::diagnostic::{Diagnostic, Rule, Severity};

/// SARIF 2.1.0 for code scanning.
#[derive(Debug, Clone, Copy)]
pub struct Sarif;

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Off => "none",
    }
}

/// FNV-1a, 64 bits: a stable hash whose value never changes between releases.
fn fnv1a(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain(std::iter::once(0)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

/// A fingerprint that survives edits elsewhere in the file: rule, file, item and message,
/// plus the occurrence number among identical findings. Lines are left out on purpose.
pub fn fingerprint(d: &Diagnostic, occurrence: usize) -> String {
    let occurrence = occurrence.to_string();
    format!("{:016x}", fnv1a(&[d.rule.code(), &d.file, d.item.as_deref().unwrap_or(""), &d.message, &occurrence]))
}

/// Fingerprints of every finding, unique within the report.
pub fn fingerprints(diagnostics: &[Diagnostic]) -> Vec<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    diagnostics
        .iter()
        .map(|d| {
            let base = fingerprint(d, 0);
            let n = seen.entry(base.clone()).or_insert(0);
            *n += 1;
            if *n == 1 { base } else { fingerprint(d, *n - 1) }
        })
        .collect()
}

fn rule_name(rule: Rule) -> String {
    rule.code()
        .split(['/', '-'])
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_uppercase().chain(c).collect::<String>()).unwrap_or_default()
        })
        .collect()
}

impl Render<CheckOutput<'_>> for Sarif {
    fn render(&self, ctx: &CheckOutput<'_>, out: &mut dyn Write) -> io::Result<()> {
        let report = ctx.report;
        let rules: Vec<Value> = Rule::ALL
            .iter()
            .map(|&r| {
                json!({
                    "id": r.code(),
                    "name": rule_name(r),
                    "shortDescription": {"text": r.summary()},
                    "fullDescription": {"text": r.summary()},
                    "defaultConfiguration": {"level": level(ctx.plan.config.severity(r))},
                })
            })
            .collect();
        let fingerprints = fingerprints(&report.diagnostics);
        let results: Vec<Value> = report
            .diagnostics
            .iter()
            .zip(fingerprints)
            .map(|(d, fp)| {
                let mut text = d.message.clone();
                if let Some(help) = &d.help {
                    text.push_str("\nhelp: ");
                    text.push_str(help);
                }
                json!({
                    "ruleId": d.rule.code(),
                    "ruleIndex": Rule::ALL.iter().position(|r| *r == d.rule),
                    "level": level(d.severity),
                    "message": {"text": text},
                    "locations": [{
                        "physicalLocation": {
                            "artifactLocation": {"uri": uri_path(&ctx.shown_path(&d.file)), "uriBaseId": "%SRCROOT%"},
                            "region": {"startLine": d.line, "startColumn": d.column},
                        }
                    }],
                    "partialFingerprints": {"cairnFinding/v1": fp},
                })
            })
            .collect();
        let doc = json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {
                    "name": "cairn",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }},
                "columnKind": "unicodeCodePoints",
                "invocations": [{
                    // Notes (a rule skipped, say) are tool notifications, not results.
                    "executionSuccessful": true,
                    "toolExecutionNotifications": report.notes.iter().map(|n| json!({
                        "level": "note",
                        "message": {"text": n},
                    })).collect::<Vec<_>>(),
                }],
                "results": results,
            }],
        });
        serde_json::to_writer_pretty(&mut *out, &doc)?;
        writeln!(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_names_are_pascal_case() {
        assert_eq!(rule_name(Rule::LinkClosedInitiative), "LinkClosedInitiative");
    }

    #[test]
    fn fingerprints_are_stable_and_unique() {
        let d = Diagnostic::new(Rule::LinkOrphan, "backlog/a.md", 2, 1, "m");
        let moved = Diagnostic { line: 9, ..d.clone() };
        assert_eq!(fingerprint(&d, 0), fingerprint(&moved, 0));
        let fp = fingerprint(&d, 0);
        assert!(fp.len() == 16 && fp.bytes().all(|b| b.is_ascii_hexdigit()), "{fp}");
        let other = Diagnostic { message: "n".into(), ..d.clone() };
        assert_ne!(fingerprint(&other, 0), fp);
        let fps = fingerprints(&[d.clone(), d.clone()]);
        assert_ne!(fps[0], fps[1]);
    }
}
