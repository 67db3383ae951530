//! Semantic diff of two plans, keyed by id: a moved or renamed file is the same item, an id
//! change is a removal plus an addition. Field changes come in a stable order with words a
//! reviewer can use ("slipped one quarter", "closed", "re-linked").

use std::collections::{BTreeMap, BTreeSet, HashMap};

mod pair;

pub use pair::{Pair, pair};

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::analyse::rules::{self, Links};
use crate::model::diagnostic::Rule;
use crate::model::{Category, Item, Kind, Plan, shift_words};

/// How an item changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Added,
    Removed,
    Modified,
}

/// Whether an item's file stopped or started parsing between the two versions: such an item
/// is "unreadable in REV" (and readable again later), never removed and re-added (SPEC §6).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Readability {
    #[default]
    Same,
    /// Readable before, unreadable after.
    BecameUnreadable,
    /// Unreadable before, readable after.
    BecameReadable,
}

/// One field's change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub from: Value,
    pub to: Value,
    /// The change in words, when words help ("slipped one quarter", "closed").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One item's change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemChange {
    pub id: String,
    pub kind: Kind,
    pub change: ChangeKind,
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_path: Option<String>,
    pub title: String,
    /// The initiative a backlog item is grouped under (its new one, or its last one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initiative: Option<String>,
    pub status: String,
    pub fields: Vec<FieldChange>,
    /// Problems the change introduces: a new orphan or dangling link.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub introduces: Vec<String>,
    /// Another file uses the same id: this change is one file's (`id/duplicate`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub shared_id: bool,
}

/// The semantic difference between two plans.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanDiff {
    pub base: String,
    pub head: String,
    /// Roadmap changes first (by id), then backlog changes grouped by initiative, by id.
    pub changes: Vec<ItemChange>,
    /// Initiative titles by id (head, then base), for grouping headings.
    #[serde(skip)]
    pub initiative_titles: BTreeMap<String, String>,
}

impl PlanDiff {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }
}

/// The fields compared, in the order they are reported.
const FIELDS: &[&str] = &[
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

/// The value of a front matter field, as JSON (`null` when unset).
pub fn field_value(item: &Item, field: &str) -> Value {
    let s = |v: &Option<String>| v.as_ref().map_or(Value::Null, |s| json!(s));
    match field {
        "title" => json!(item.title),
        "status" => json!(item.status),
        "type" => s(&item.item_type),
        "initiative" => s(&item.initiative),
        "priority" => json!(item.priority),
        "estimate" => json!(item.estimate),
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

fn category_words(from: Option<Category>, to: Option<Category>) -> Option<String> {
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

/// The field changes between two versions of one item, in a stable order.
pub fn diff_items(old: &Item, new: &Item) -> Vec<FieldChange> {
    let mut out = Vec::new();
    let extras: BTreeSet<&String> = old.extra.keys().chain(new.extra.keys()).collect();
    let fields = FIELDS.iter().copied().chain(extras.iter().map(|s| s.as_str()));
    for field in fields {
        let (from, to) = (field_value(old, field), field_value(new, field));
        let note = match field {
            // Lists are compared as sets: a reordering is no change.
            "labels" => {
                if set_words(&old.labels, &new.labels).is_none() {
                    continue;
                }
                set_words(&old.labels, &new.labels)
            }
            "depends_on" => {
                if set_words(&old.depends_on, &new.depends_on).is_none() {
                    continue;
                }
                set_words(&old.depends_on, &new.depends_on)
            }
            _ if from == to => continue,
            "status" => category_words(old.category, new.category),
            "start" | "target" => match (old_period(old, field), old_period(new, field)) {
                (Some(a), Some(b)) => shift_words(&a, &b),
                (None, Some(_)) => Some("set".into()),
                (Some(_), None) => Some("removed".into()),
                _ => None,
            },
            "initiative" => Some("re-linked".into()),
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

fn old_period(item: &Item, field: &str) -> Option<crate::model::Period> {
    if field == "start" { item.start } else { item.target }
}

/// Items by id; the first in path order when an id is duplicated.
/// Link problems (orphans and dangling links) per item id, as messages; a rule that the
/// plan's configuration turns off is never reported.
fn link_problems(plan: &Plan) -> HashMap<String, BTreeSet<String>> {
    let links = Links::new(plan);
    let mut out: HashMap<String, BTreeSet<String>> = HashMap::new();
    for d in rules::link_findings(plan, &links) {
        if matches!(d.rule, Rule::LinkOrphan | Rule::LinkDangling)
            && plan.config.severity(d.rule) != crate::model::Severity::Off
            && let Some(id) = d.item
        {
            out.entry(id).or_default().insert(d.message);
        }
    }
    out
}

/// Roadmap changes first, then backlog changes grouped by initiative; by id within.
pub fn sort_changes(changes: &mut [ItemChange]) {
    changes.sort_by(|a, b| {
        (a.kind, a.initiative.as_deref().unwrap_or(""))
            .cmp(&(b.kind, b.initiative.as_deref().unwrap_or("")))
            .then_with(|| crate::model::id_cmp(&a.id, &b.id))
    });
}

/// The change of one item between two versions (either may be absent); `None` when nothing
/// a reader would notice changed. An item whose file became unreadable (or readable again) is
/// modified, with a `file` change saying so.
pub fn change_of(
    old: Option<&Item>,
    new: Option<&Item>,
    introduces: Vec<String>,
    readability: Readability,
) -> Option<ItemChange> {
    let file_change = |from: &str, to: &str, note: &str| FieldChange {
        field: "file".into(),
        from: json!(from),
        to: json!(to),
        note: Some(note.into()),
    };
    let (item, change, fields, old_path) = match (old, new, readability) {
        (Some(o), None, Readability::BecameUnreadable) => (
            o,
            ChangeKind::Modified,
            vec![file_change("readable", "unreadable", "its front matter no longer parses: run `cairn check`")],
            None,
        ),
        (None, Some(n), Readability::BecameReadable) => {
            (n, ChangeKind::Modified, vec![file_change("unreadable", "readable", "readable again")], None)
        }
        (None, Some(n), _) => (n, ChangeKind::Added, Vec::new(), None),
        (Some(o), None, _) => (o, ChangeKind::Removed, Vec::new(), None),
        (Some(o), Some(n), _) => {
            let fields = diff_items(o, n);
            let moved = o.path != n.path;
            if fields.is_empty() && !moved && introduces.is_empty() {
                return None;
            }
            (n, ChangeKind::Modified, fields, moved.then(|| o.path.clone()))
        }
        (None, None, _) => return None,
    };
    Some(ItemChange {
        id: item.id.clone(),
        kind: item.kind,
        change,
        path: item.path.clone(),
        old_path,
        title: item.title.clone(),
        initiative: item.initiative.clone().filter(|_| item.kind == Kind::Backlog),
        status: item.status.clone(),
        fields,
        introduces,
        shared_id: false,
    })
}

/// Whether an item present in one plan sits, in the other plan, in a file that does not
/// parse (matched by path).
fn readability(base: &Plan, head: &Plan, old: Option<&Item>, new: Option<&Item>) -> Readability {
    let broken_at = |plan: &Plan, path: &str| plan.broken.iter().any(|b| b.path == path);
    match (old, new) {
        (Some(o), None) if broken_at(head, &o.path) => Readability::BecameUnreadable,
        (None, Some(n)) if broken_at(base, &n.path) => Readability::BecameReadable,
        _ => Readability::Same,
    }
}

/// The semantic diff from `base` to `head`, labelled with the revisions' names.
pub fn diff(base: &Plan, head: &Plan, base_name: &str, head_name: &str) -> PlanDiff {
    let mut changes = Vec::new();
    let new_problems = link_problems(head);
    let old_problems = link_problems(base);
    let introduced = |id: &str| -> Vec<String> {
        let before = old_problems.get(id);
        new_problems.get(id).map_or_else(Vec::new, |now| {
            now.iter().filter(|m| before.is_none_or(|b| !b.contains(*m))).cloned().collect()
        })
    };
    for p in pair::pair(&base.items, &head.items) {
        let (o, n) = (p.old, p.new);
        let id = n.or(o).map_or("", |i| i.id.as_str());
        let introduces = if n.is_some() { introduced(id) } else { Vec::new() };
        let mut change = change_of(o, n, introduces, readability(base, head, o, n));
        if let Some(c) = change.as_mut() {
            c.shared_id = p.shared_id;
        }
        changes.extend(change);
    }
    sort_changes(&mut changes);
    let mut initiative_titles = BTreeMap::new();
    for plan in [base, head] {
        for i in plan.initiatives() {
            initiative_titles.insert(i.id.clone(), i.title.clone());
        }
    }
    PlanDiff { base: base_name.to_string(), head: head_name.to_string(), changes, initiative_titles }
}
