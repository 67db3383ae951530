//! One test per rule: it fires on the broken fixture exactly where expected, and never on
//! the bundled example.

use std::sync::OnceLock;

use serde_json::Value;

use crate::common::{check_json, example, findings, fixture};

/// The broken fixture's findings, computed once for all the rule tests.
fn broken() -> &'static Value {
    static JSON: OnceLock<Value> = OnceLock::new();
    JSON.get_or_init(|| {
        let (code, json) = check_json(&fixture("broken"), &[]);
        assert_eq!(code, 1, "errors must give exit 1");
        json
    })
}

fn example_json() -> &'static Value {
    static JSON: OnceLock<Value> = OnceLock::new();
    JSON.get_or_init(|| {
        let (code, json) = check_json(&example(), &[]);
        assert_eq!(code, 0, "{json:#}");
        json
    })
}

/// Asserts that `rule` fires exactly at `expected` `(file, line)` places in the broken
/// fixture, with its default severity, a message and a help line, and not in the example.
fn assert_rule(rule: &str, severity: &str, expected: &[(&str, u64)]) {
    let got: Vec<(String, u64)> =
        findings(broken()).into_iter().filter(|(r, _, _)| r == rule).map(|(_, f, l)| (f, l)).collect();
    let want: Vec<(String, u64)> = expected.iter().map(|(f, l)| (f.to_string(), *l)).collect();
    assert_eq!(got, want, "{rule} fired at the wrong places");
    for d in broken()["diagnostics"].as_array().unwrap().iter().filter(|d| d["rule"] == rule) {
        assert_eq!(d["severity"], severity, "{d:#}");
        assert!(d["message"].as_str().is_some_and(|m| !m.is_empty()), "{d:#}");
        assert!(d["help"].as_str().is_some_and(|h| !h.is_empty()), "every finding has a help line: {d:#}");
        assert!(d["column"].as_u64().is_some_and(|c| c >= 1), "{d:#}");
    }
    let in_example = findings(example_json()).into_iter().filter(|(r, _, _)| r == rule).count();
    assert_eq!(in_example, 0, "{rule} fired on the clean example");
}

fn message_of(rule: &str, file: &str) -> String {
    broken()["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == rule && d["file"] == file)
        .map(|d| format!("{} | {}", d["message"], d["help"]))
        .unwrap_or_default()
}

#[test]
fn parse_front_matter() {
    assert_rule("parse/front-matter", "error", &[("backlog/no-front-matter.md", 1), ("roadmap/bad-yaml.md", 4)]);
}

#[test]
fn schema_field() {
    assert_rule(
        "schema/field",
        "error",
        &[
            ("backlog/S-11.md", 5),
            ("backlog/S-11.md", 6),
            ("backlog/S-11.md", 7),
            ("roadmap/badfield.md", 3),
            ("roadmap/badfield.md", 4),
            ("roadmap/badfield.md", 5),
        ],
    );
    assert!(message_of("schema/field", "roadmap/badfield.md").contains("did you mean `active`?"));
}

#[test]
fn schema_unknown_field() {
    assert_rule("schema/unknown-field", "warning", &[("roadmap/typo.md", 3)]);
    assert!(message_of("schema/unknown-field", "roadmap/typo.md").contains("`status`"));
}

#[test]
fn id_duplicate() {
    assert_rule("id/duplicate", "error", &[("backlog/dup-b.md", 2)]);
    let m = message_of("id/duplicate", "backlog/dup-b.md");
    assert!(m.contains("backlog/dup-a.md") && m.contains("backlog/dup-b.md"), "both files named: {m}");
}

#[test]
fn link_orphan() {
    assert_rule("link/orphan", "error", &[("backlog/S-2.md", 2)]);
    let d = broken()["diagnostics"].as_array().unwrap().iter().find(|d| d["rule"] == "link/orphan").unwrap().clone();
    assert_eq!(d["item"], "S-2");
    assert_eq!(d["column"], 1);
    assert_eq!(d["message"], "backlog item S-2 traces to no initiative");
}

#[test]
fn link_dangling() {
    assert_rule("link/dangling", "error", &[("backlog/S-10.md", 5), ("backlog/S-3.md", 4)]);
    assert!(message_of("link/dangling", "backlog/S-3.md").contains("did you mean `alpha`?"));
    let d = broken()["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "link/dangling" && d["file"] == "backlog/S-10.md")
        .unwrap()
        .clone();
    assert_eq!(d["column"], 19, "points at `S-99` inside the list: {d:#}");
}

#[test]
fn link_kind() {
    assert_rule("link/kind", "error", &[("backlog/S-4.md", 4), ("roadmap/cross.md", 3)]);
}

#[test]
fn link_cycle() {
    assert_rule("link/cycle", "error", &[("backlog/S-5.md", 5), ("roadmap/loop-a.md", 3)]);
    assert!(message_of("link/cycle", "backlog/S-5.md").contains("S-5 → S-6 → S-5"));
    assert!(message_of("link/cycle", "roadmap/loop-a.md").contains("loop-a → loop-b → loop-a"));
}

#[test]
fn link_closed_initiative() {
    assert_rule("link/closed-initiative", "warning", &[("backlog/S-8.md", 4)]);
}

#[test]
fn roadmap_empty_initiative() {
    assert_rule("roadmap/empty-initiative", "warning", &[("roadmap/beta.md", 3)]);
}

#[test]
fn roadmap_task_list() {
    assert_rule("roadmap/task-list", "warning", &[("roadmap/alpha.md", 9)]);
}

#[test]
fn roadmap_priority() {
    assert_rule("roadmap/priority", "warning", &[("roadmap/beta.md", 3), ("roadmap/gamma.md", 4)]);
    assert!(message_of("roadmap/priority", "roadmap/gamma.md").contains("alpha"));
}

#[test]
fn roadmap_overdue() {
    assert_rule("roadmap/overdue", "warning", &[("roadmap/alpha.md", 5)]);
    assert!(message_of("roadmap/overdue", "roadmap/alpha.md").contains("2026-03-31"));
}

#[test]
fn backlog_acceptance_criteria() {
    assert_rule("backlog/acceptance-criteria", "warning", &[("backlog/S-1.md", 4)]);
}

#[test]
fn backlog_done_unchecked() {
    assert_rule("backlog/done-unchecked", "warning", &[("backlog/archive/S-7.md", 4)]);
    assert!(message_of("backlog/done-unchecked", "backlog/archive/S-7.md").contains("the hard part"));
}

#[test]
fn backlog_stale_is_not_part_of_check_yet() {
    assert_rule("backlog/stale", "warning", &[]);
}

#[test]
fn the_summary_counts_items_errors_and_warnings() {
    let json = broken();
    let diags = json["diagnostics"].as_array().unwrap();
    let errors = diags.iter().filter(|d| d["severity"] == "error").count() as u64;
    let warnings = diags.iter().filter(|d| d["severity"] == "warning").count() as u64;
    assert_eq!(json["summary"]["items"], 23);
    assert_eq!(json["summary"]["errors"], errors);
    assert_eq!(json["summary"]["warnings"], warnings);
    assert_eq!((errors, warnings), (16, 9));
}

#[test]
fn the_example_is_clean() {
    let json = example_json();
    assert_eq!(json["diagnostics"].as_array().unwrap().len(), 0, "{json:#}");
    assert!(json["summary"]["items"].as_u64().unwrap() >= 16);
}

#[test]
fn findings_are_sorted_by_file_then_line() {
    let f = findings(broken());
    let mut sorted = f.clone();
    sorted.sort_by(|a, b| (&a.1, a.2).cmp(&(&b.1, b.2)));
    assert_eq!(f, sorted);
}
