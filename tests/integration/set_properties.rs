//! Property test of `cairn set` through the library (`write::set::prepare` + `commit`), in a
//! git repository: for generated front matter (comments, three quoting styles, flow and
//! block lists, unknown keys, CRLF, a BOM) and a generated change, the edited file parses to
//! the old fields plus the change, every line outside the changed key's entry is the same
//! byte for byte, and `git diff --numstat` counts only that entry's lines (1 and 1 for a
//! scalar replaced).

use proptest::prelude::*;

use cairn::write::set::{self, SetRequest};

use crate::common::{TempPlan, git};
use crate::set::numstat;

const STATUSES: &[&str] = &["todo", "ready", "in-progress", "in-review", "done", "wontdo"];
const RESERVED: &[&str] = &["true", "false", "null", "yes", "no", "on", "off", "y", "n", "nan", "inf"];

#[derive(Debug, Clone)]
enum Quote {
    Plain,
    Single,
    Double,
}

#[derive(Debug, Clone)]
enum Val {
    Text(String, Quote),
    Int(u64),
    Flow(Vec<String>),
    /// Items and their indentation (0: `- a` under the key).
    Block(Vec<String>, usize),
}

#[derive(Debug, Clone)]
struct Entry {
    key: &'static str,
    val: Val,
    comment: Option<String>,
    /// A comment line or a blank line before the entry.
    before: Option<String>,
}

#[derive(Debug, Clone)]
struct File {
    entries: Vec<Entry>,
    crlf: bool,
    bom: bool,
    trailing: Option<String>,
}

#[derive(Debug, Clone)]
enum Change {
    Set(&'static str, String),
    Unset(&'static str),
}

fn word() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9-]{0,7}".prop_filter("not a YAML word", |s| !RESERVED.contains(&s.as_str()))
}

fn text() -> impl Strategy<Value = String> {
    "[A-Za-z][A-Za-z0-9 ,.:#'\"!?()-]{0,16}[A-Za-z0-9.!?)]"
}

fn scalar(word_only: bool) -> BoxedStrategy<Val> {
    let plain = word().prop_map(|w| Val::Text(w, Quote::Plain));
    if word_only {
        return prop_oneof![
            plain,
            word().prop_map(|w| Val::Text(w, Quote::Single)),
            word().prop_map(|w| Val::Text(w, Quote::Double))
        ]
        .boxed();
    }
    prop_oneof![
        plain,
        text().prop_map(|t| Val::Text(t, Quote::Single)),
        text().prop_map(|t| Val::Text(t, Quote::Double)),
    ]
    .boxed()
}

fn list() -> impl Strategy<Value = Val> {
    prop_oneof![
        prop::collection::vec(word(), 0..4).prop_map(Val::Flow),
        (prop::collection::vec(word(), 1..4), 0usize..3).prop_map(|(v, i)| Val::Block(v, i)),
    ]
}

fn decoration() -> impl Strategy<Value = (Option<String>, Option<String>)> {
    (prop::option::of("# [a-z ]{0,8}"), prop::option::of(prop_oneof![Just(String::new()), "# [a-z :-]{0,10}"]))
}

fn entry(key: &'static str, val: impl Strategy<Value = Val>) -> impl Strategy<Value = Entry> {
    (val, decoration()).prop_map(move |(val, (comment, before))| Entry { key, val, comment, before })
}

fn file() -> impl Strategy<Value = File> {
    let status = prop::sample::select(STATUSES).prop_map(|s| Val::Text(s.to_string(), Quote::Plain));
    (
        (entry("title", scalar(false)), prop::option::of(entry("status", status))),
        (
            prop::option::of(entry("priority", (1u64..40).prop_map(Val::Int))),
            prop::option::of(entry("estimate", (0u64..20).prop_map(Val::Int))),
            prop::option::of(entry("assignee", scalar(true))),
            prop::option::of(entry("sprint", scalar(true))),
            prop::option::of(entry("labels", list())),
        ),
        (prop::option::of(entry("customer", scalar(false))), prop::option::of(entry("reviewers", list()))),
        (any::<bool>(), any::<bool>(), prop::option::of("# [a-z ]{0,10}")),
    )
        .prop_map(
            |(
                (title, status),
                (priority, estimate, assignee, sprint, labels),
                (customer, reviewers),
                (crlf, bom, trailing),
            )| {
                let id = Entry { key: "id", val: Val::Text("S-1".into(), Quote::Plain), comment: None, before: None };
                let initiative = Entry {
                    key: "initiative",
                    val: Val::Text("core".into(), Quote::Plain),
                    comment: None,
                    before: None,
                };
                let mut entries = vec![id, title];
                entries.extend(status);
                entries.push(initiative);
                entries
                    .extend([priority, estimate, assignee, sprint, labels, customer, reviewers].into_iter().flatten());
                File { entries, crlf, bom, trailing }
            },
        )
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        prop::sample::select(STATUSES).prop_map(|s| Change::Set("status", s.to_string())),
        (1u64..60).prop_map(|n| Change::Set("priority", n.to_string())),
        (0u64..30).prop_map(|n| Change::Set("estimate", n.to_string())),
        word().prop_map(|w| Change::Set("assignee", w)),
        word().prop_map(|w| Change::Set("sprint", w)),
        text().prop_map(|t| Change::Set("title", t)),
        prop::collection::vec(word(), 0..4).prop_map(|v| Change::Set("labels", format!("[{}]", v.join(", ")))),
        prop::collection::vec(word(), 1..4).prop_map(|v| Change::Set("labels", v.join(","))),
        word().prop_map(|w| Change::Set("customer", w)),
        prop::sample::select(
            &["status", "priority", "estimate", "assignee", "sprint", "labels", "customer", "reviewers"][..]
        )
        .prop_map(Change::Unset),
    ]
}

fn written(val: &Val, nl: &str) -> String {
    match val {
        Val::Text(t, Quote::Plain) => format!(" {t}"),
        Val::Text(t, Quote::Single) => format!(" '{}'", t.replace('\'', "''")),
        Val::Text(t, Quote::Double) => format!(" \"{}\"", t.replace('\\', "\\\\").replace('"', "\\\"")),
        Val::Int(n) => format!(" {n}"),
        Val::Flow(items) => format!(" [{}]", items.join(", ")),
        Val::Block(items, indent) => items.iter().map(|i| format!("{nl}{}- {i}", " ".repeat(*indent))).collect(),
    }
}

fn render(file: &File) -> String {
    let nl = if file.crlf { "\r\n" } else { "\n" };
    let mut out = String::new();
    if file.bom {
        out.push('\u{feff}');
    }
    out.push_str("---");
    out.push_str(nl);
    for e in &file.entries {
        if let Some(b) = &e.before {
            out.push_str(b);
            out.push_str(nl);
        }
        let value = written(&e.val, nl);
        match (&e.val, &e.comment) {
            // A comment goes on the key line, before a block list's items.
            (Val::Block(..), Some(c)) => out.push_str(&format!("{}: {c}{value}", e.key)),
            (_, Some(c)) => out.push_str(&format!("{}:{value} {c}", e.key)),
            (_, None) => out.push_str(&format!("{}:{value}", e.key)),
        }
        out.push_str(nl);
    }
    if let Some(t) = &file.trailing {
        out.push_str(t);
        out.push_str(nl);
    }
    out.push_str("---");
    out.push_str(nl);
    out.push_str(&format!("Body text.{nl}{nl}## Acceptance criteria{nl}- [x] done{nl}"));
    out
}

/// The front matter of `text` as a YAML mapping.
fn front_matter(text: &str) -> serde_yaml::Mapping {
    let text = text.trim_start_matches('\u{feff}').replace("\r\n", "\n");
    let rest = text.strip_prefix("---\n").expect("front matter");
    let end = rest.find("\n---\n").expect("closing line");
    serde_yaml::from_str(&rest[..end + 1]).expect("front matter parses")
}

/// The lines of `text` without the entry of `key` (its key line and the item lines after it).
fn without_entry(text: &str, key: &str) -> Vec<String> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let Some(start) = lines.iter().position(|l| l.starts_with(&format!("{key}:"))) else {
        return lines.iter().map(|l| l.to_string()).collect();
    };
    let mut end = start + 1;
    while end < lines.len()
        && (lines[end].starts_with(' ') || lines[end].starts_with('-'))
        && !lines[end].starts_with("---")
    {
        end += 1;
    }
    lines.iter().enumerate().filter(|(n, _)| *n < start || *n >= end).map(|(_, l)| l.to_string()).collect()
}

fn expected_value(key: &str, raw: &str) -> serde_yaml::Value {
    use serde_yaml::Value;
    match key {
        "priority" | "estimate" => Value::Number(raw.parse::<u64>().unwrap().into()),
        "labels" => {
            let inner = raw.trim_start_matches('[').trim_end_matches(']');
            Value::Sequence(
                inner.split(',').map(str::trim).filter(|s| !s.is_empty()).map(|s| Value::String(s.into())).collect(),
            )
        }
        _ => Value::String(raw.to_string()),
    }
}

fn checker(plan: &cairn::model::Plan) -> Vec<cairn::model::Diagnostic> {
    cairn::analyse::rules::check(plan, jiff::civil::date(2026, 11, 24)).diagnostics
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn set_changes_only_the_changed_keys_lines(file in file(), change in change()) {
        let old = render(&file);
        let plan = TempPlan::new();
        plan.write("roadmap/core.md", "---\ntitle: Core\nstatus: active\n---\n");
        plan.write("backlog/S-1.md", &old);
        let repo = git::init(plan.path());
        git::commit_all(&repo, "plan", 1_767_225_600);

        let (key, request) = match &change {
            Change::Set(k, v) => (*k, SetRequest { id: "S-1".into(), assignments: vec![format!("{k}={v}")], force: true, ..SetRequest::default() }),
            Change::Unset(k) => (*k, SetRequest { id: "S-1".into(), unsets: vec![k.to_string()], force: true, ..SetRequest::default() }),
        };
        let loaded = cairn::load::load(Some(plan.path()), None).unwrap();
        let prepared = set::prepare(&loaded, &request, &checker).unwrap_or_else(|e| panic!("{e}\n{old}"));
        set::commit(&loaded, &prepared).unwrap();
        let new = std::fs::read_to_string(plan.path().join("backlog/S-1.md")).unwrap();

        // The old fields plus the change, in the same order (a new key last).
        let mut want = front_matter(&old);
        match &change {
            Change::Set(k, v) => { want.insert((*k).into(), expected_value(k, v)); }
            Change::Unset(k) => { want.shift_remove(*k); }
        }
        let got = front_matter(&new);
        prop_assert_eq!(&got, &want, "\n{}\n→\n{}", old, new);
        let keys = |m: &serde_yaml::Mapping| m.keys().cloned().collect::<Vec<_>>();
        prop_assert_eq!(keys(&got), keys(&want));

        // Every other line is the same, byte for byte (line endings and the BOM included).
        prop_assert_eq!(without_entry(&old, key), without_entry(&new, key), "\n{}\n→\n{}", old, new);

        // `git diff --numstat` sees only the entry's lines.
        let stat = numstat(plan.path());
        let outcome = prepared.changes[0].outcome;
        let old_list = file.entries.iter().find(|e| e.key == key).map(|e| &e.val);
        match (outcome, old_list) {
            ("unchanged" | "missing", _) => prop_assert!(stat.is_empty(), "{:?}", stat),
            ("added", _) => prop_assert_eq!(stat, vec![(1, 0, "backlog/S-1.md".to_string())]),
            ("replaced", Some(Val::Block(items, _))) => {
                let (added, removed, _) = &stat[0];
                let new_len = expected_value(key, match &change { Change::Set(_, v) => v, _ => "" })
                    .as_sequence().map_or(1, |s| s.len());
                prop_assert!(*added <= new_len + 1 && *removed <= items.len() + 1, "{:?}\n{}\n→\n{}", stat, old, new);
            }
            ("replaced", _) => prop_assert_eq!(stat, vec![(1, 1, "backlog/S-1.md".to_string())], "\n{}\n→\n{}", old, new),
            ("removed", Some(Val::Block(items, _))) => prop_assert_eq!(stat, vec![(0, 1 + items.len(), "backlog/S-1.md".to_string())]),
            ("removed", _) => prop_assert_eq!(stat, vec![(0, 1, "backlog/S-1.md".to_string())]),
            (other, _) => prop_assert!(false, "unexpected outcome {}", other),
        }
    }
}
