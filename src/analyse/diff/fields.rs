//! One item's field changes between two versions, in a stable order, with words where they
//! help ("slipped one quarter", "closed", "re-linked"), and its acceptance criteria checked
//! and unchecked by name.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::FieldChange;
use crate::model::{Category, Item, Kind, Period, shift_words};

/// The fields compared, in the order they are reported.
pub const FIELDS: &[&str] = &[
    "title",
    "status",
    "type",
    "initiative",
    "priority",
    "estimate",
    "assignee",
    "sprint",
    "horizon",
    "start",
    "target",
    "owner",
    "outcome",
    "labels",
    "depends_on",
];

/// The planning fields shown for a new item: an initiative's horizon, dates, owner, priority
/// and outcome; a backlog item's type, estimate, assignee and priority.
pub fn planning_fields(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Initiative => &["horizon", "start", "target", "owner", "priority", "outcome"],
        Kind::Backlog => &["type", "estimate", "assignee", "priority"],
    }
}

/// A number as written: `3`, not `3.0`.
fn number(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 1e15 { json!(n as i64) } else { json!(n) }
}

/// The value of a front matter field, as JSON (`null` when unset). A known field whose
/// value breaks the schema is shown as written; a priority word (`high`) as the word;
/// numbers as written (`3`, not `3.0`).
pub fn field_value(item: &Item, field: &str) -> Value {
    if let Some(raw) = item.invalid.get(field) {
        return raw.clone();
    }
    let s = |v: &Option<String>| v.as_ref().map_or(Value::Null, |s| json!(s));
    match field {
        "title" => json!(item.title),
        "status" => json!(item.status),
        "type" => s(&item.item_type),
        "initiative" => s(&item.initiative),
        "priority" => match (&item.priority_word, item.priority) {
            (Some(word), _) => json!(word),
            (None, p) => json!(p),
        },
        "estimate" => item.estimate.map_or(Value::Null, number),
        "assignee" if item.assignee_list => json!(item.assignees),
        "assignee" => item.assignees.first().map_or(Value::Null, |a| json!(a)),
        "sprint" => s(&item.sprint),
        "horizon" => s(&item.horizon),
        "start" => item.start.map_or(Value::Null, |p| json!(p.to_string())),
        "target" => item.target.map_or(Value::Null, |p| json!(p.to_string())),
        "owner" => s(&item.owner),
        "outcome" => s(&item.outcome),
        "labels" => json!(item.labels),
        "depends_on" => json!(item.depends_on),
        other => item.extra.get(other).cloned().unwrap_or(Value::Null),
    }
}

/// A status move in words, by category: "started", "closed", "abandoned", "reopened".
pub fn category_words(from: Option<Category>, to: Option<Category>) -> Option<String> {
    use Category::*;
    match (from?, to?) {
        (Open, Active) => Some("started".into()),
        (Open | Active, Closed) => Some("closed".into()),
        (Open | Active, Abandoned) => Some("abandoned".into()),
        (Abandoned, Closed) => Some("closed".into()),
        (Closed, Abandoned) => Some("abandoned".into()),
        (Active, Open) => Some("moved back to open".into()),
        (Closed | Abandoned, Open | Active) => Some("reopened".into()),
        _ => None,
    }
}

fn set_words(from: &[String], to: &[String]) -> Option<String> {
    let a: BTreeSet<&String> = from.iter().collect();
    let b: BTreeSet<&String> = to.iter().collect();
    let added: Vec<&str> = b.difference(&a).map(|s| s.as_str()).collect();
    let removed: Vec<&str> = a.difference(&b).map(|s| s.as_str()).collect();
    let mut parts = Vec::new();
    if !added.is_empty() {
        parts.push(format!("added {}", added.join(", ")));
    }
    if !removed.is_empty() {
        parts.push(format!("removed {}", removed.join(", ")));
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

fn period(item: &Item, field: &str) -> Option<Period> {
    if field == "start" { item.start } else { item.target }
}

/// The field changes between two versions of one item, in a stable order: the id first
/// when it changed (a renumbering), then the fields of [`FIELDS`], then the plan's own fields,
/// the acceptance criteria and the body. `initiative_exists` says whether an initiative id
/// names an initiative of the new plan: a link to one that does not is no re-link.
pub fn diff_items(old: &Item, new: &Item, initiative_exists: &dyn Fn(&str) -> bool) -> Vec<FieldChange> {
    let mut out = Vec::new();
    if old.id != new.id {
        out.push(FieldChange {
            field: "id".into(),
            from: json!(old.id),
            to: json!(new.id),
            note: Some("renumbered".into()),
        });
    }
    let extras: BTreeSet<&String> = old.extra.keys().chain(new.extra.keys()).collect();
    let fields = FIELDS.iter().copied().chain(extras.iter().map(|s| s.as_str()));
    for field in fields {
        let (from, to) = (field_value(old, field), field_value(new, field));
        let note = match field {
            // Lists are compared as sets: a reordering is no change.
            "labels" | "depends_on" if !old.invalid.contains_key(field) && !new.invalid.contains_key(field) => {
                let (a, b) =
                    if field == "labels" { (&old.labels, &new.labels) } else { (&old.depends_on, &new.depends_on) };
                match set_words(a, b) {
                    Some(words) => Some(words),
                    None => continue,
                }
            }
            _ if from == to => continue,
            "status" => category_words(old.category, new.category),
            "start" | "target" => match (period(old, field), period(new, field)) {
                (Some(a), Some(b)) => shift_words(&a, &b),
                (None, Some(_)) => Some("set".into()),
                (Some(_), None) => Some("removed".into()),
                _ => None,
            },
            "initiative" => match new.initiative.as_deref() {
                Some(id) if !initiative_exists(id) => Some("no such initiative".into()),
                Some(_) => Some("re-linked".into()),
                None => Some("unlinked".into()),
            },
            _ => None,
        };
        out.push(FieldChange { field: field.to_string(), from, to, note });
    }
    let (oc, nc) = (&old.criteria, &new.criteria);
    if (oc.checked(), oc.total()) != (nc.checked(), nc.total()) {
        out.push(FieldChange {
            field: "acceptance criteria".into(),
            from: json!(format!("{}/{}", oc.checked(), oc.total())),
            to: json!(format!("{}/{}", nc.checked(), nc.total())),
            note: None,
        });
    }
    // Prose changes (anything but task-list lines, which the criteria report) are "body
    // changed", whether or not the criteria changed in the same edit.
    if prose(old.body_text()) != prose(new.body_text()) {
        out.push(FieldChange {
            field: "body".into(),
            from: Value::Null,
            to: Value::Null,
            note: Some("body changed".into()),
        });
    }
    out
}

/// A body without its task-list lines (`- [ ] …`, `* [x] …`) and trailing blank lines.
fn prose(body: &str) -> Vec<&str> {
    let is_task = |line: &str| {
        let t = line.trim_start();
        let rest = t.strip_prefix(['-', '*', '+']).map(str::trim_start);
        rest.is_some_and(|r| r.starts_with("[ ]") || r.starts_with("[x]") || r.starts_with("[X]"))
    };
    let mut lines: Vec<&str> = body.lines().filter(|l| !is_task(l)).map(str::trim_end).collect();
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
}

/// What happened to one acceptance criterion, by its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CriterionMove {
    Checked,
    Unchecked,
    Added,
    Removed,
}

/// One acceptance criterion that changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionChange {
    pub text: String,
    pub change: CriterionMove,
    /// Whether the criterion is checked now (for an added one) or was (for a removed one).
    pub checked: bool,
}

/// The criteria checked, unchecked, added and removed between two versions, matched by text
/// (in order, so repeated texts pair up one to one), in the new version's order, removed ones
/// last.
pub fn criteria_changes(old: &Item, new: &Item) -> Vec<CriterionChange> {
    let mut olds: Vec<Option<&crate::model::Criterion>> = old.criteria.items.iter().map(Some).collect();
    let mut out = Vec::new();
    for n in &new.criteria.items {
        let matched = olds.iter_mut().find(|o| o.is_some_and(|o| o.text == n.text)).and_then(Option::take);
        let change = match matched {
            Some(o) if o.checked == n.checked => continue,
            Some(_) if n.checked => CriterionMove::Checked,
            Some(_) => CriterionMove::Unchecked,
            None => CriterionMove::Added,
        };
        out.push(CriterionChange { text: n.text.clone(), change, checked: n.checked });
    }
    for o in olds.into_iter().flatten() {
        out.push(CriterionChange { text: o.text.clone(), change: CriterionMove::Removed, checked: o.checked });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(front: &str, body: &str) -> Item {
        let text = format!("---\nid: S-1\ntitle: T\ninitiative: c\n{front}---\n{body}");
        let files = [("backlog/S-1.md", text.as_bytes())];
        crate::harness::plan_of(&files, crate::model::Config::default()).items.remove(0)
    }

    #[test]
    fn numbers_are_shown_as_written() {
        assert_eq!(field_value(&item("estimate: 3\n", ""), "estimate"), json!(3));
        assert_eq!(field_value(&item("estimate: 0.5\n", ""), "estimate"), json!(0.5));
        let changes = diff_items(&item("estimate: 3\n", ""), &item("estimate: 5\n", ""), &|_| true);
        assert_eq!((changes[0].from.to_string(), changes[0].to.to_string()), ("3".into(), "5".into()));
    }

    #[test]
    fn criteria_are_matched_by_text_one_to_one() {
        let old = item("", "## Acceptance criteria\n- [ ] a\n- [ ] a\n- [x] b\n- [ ] gone\n");
        let new = item("", "## Acceptance criteria\n- [x] a\n- [ ] a\n- [ ] b\n- [x] new\n");
        let changes = criteria_changes(&old, &new);
        let got: Vec<(&str, CriterionMove)> = changes.iter().map(|c| (c.text.as_str(), c.change)).collect();
        assert_eq!(
            got,
            [
                ("a", CriterionMove::Checked),
                ("b", CriterionMove::Unchecked),
                ("new", CriterionMove::Added),
                ("gone", CriterionMove::Removed)
            ]
        );
    }

    #[test]
    fn a_link_to_no_initiative_is_no_relink() {
        let (old, new) = (item("", ""), item("", ""));
        let mut new = new;
        new.initiative = Some("typo".into());
        let f = &diff_items(&old, &new, &|id| id == "c")[0];
        assert_eq!((f.field.as_str(), f.note.as_deref()), ("initiative", Some("no such initiative")));
        let f = &diff_items(&old, &new, &|_| true)[0];
        assert_eq!(f.note.as_deref(), Some("re-linked"));
    }
}
