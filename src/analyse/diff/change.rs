//! The change of one item between two versions of the plan, as a reader sees it.

use std::collections::HashSet;

use serde_json::{Value, json};

use super::fields::{self, criteria_changes, diff_items, field_value};
use super::{ChangeKind, FieldChange, FieldValue, ItemChange, Problem, Readability};
use crate::model::{Item, Kind, Plan};

/// The set planning fields of a new item, then its own fields.
fn planning(item: &Item) -> Vec<FieldValue> {
    let own = item.extra.keys().map(String::as_str);
    fields::planning_fields(item.kind)
        .iter()
        .copied()
        .chain(own)
        .map(|f| FieldValue { field: f.to_string(), value: field_value(item, f) })
        // A backlog item is a story unless it says otherwise.
        .filter(|f| !(f.value.is_null() || (f.field == "type" && f.value == "story")))
        .collect()
}

/// The change of one item between two versions (either may be absent); `None` when nothing
/// a reader would notice changed. An item whose file became unreadable (or readable again) is
/// modified, with a `file` change saying so. `initiative_exists` says whether an id names an
/// initiative in the new version (a link to one that does not is no re-link).
pub fn change_of(
    old: Option<&Item>,
    new: Option<&Item>,
    introduces: Vec<Problem>,
    readability: Readability,
    initiative_exists: &dyn Fn(&str) -> bool,
) -> Option<ItemChange> {
    let file_change = |from: &str, to: &str, note: &str| FieldChange {
        field: "file".into(),
        from: json!(from),
        to: json!(to),
        note: Some(note.into()),
    };
    let mut criteria = Vec::new();
    let mut new_fields = Vec::new();
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
        (None, Some(n), _) => {
            new_fields = planning(n);
            (n, ChangeKind::Added, Vec::new(), None)
        }
        (Some(o), None, _) => (o, ChangeKind::Removed, Vec::new(), None),
        // Two items read from one file version (a file the change did not touch) differ
        // only by the problems the change brings to them.
        (Some(o), Some(n), _) if std::sync::Arc::ptr_eq(&o.source, &n.source) && introduces.is_empty() => {
            return None;
        }
        (Some(o), Some(n), _) => {
            let fields = diff_items(o, n, initiative_exists);
            let moved = o.path != n.path;
            if fields.is_empty() && !moved && introduces.is_empty() {
                return None;
            }
            criteria = criteria_changes(o, n);
            (n, ChangeKind::Modified, fields, moved.then(|| o.path.clone()))
        }
        (None, None, _) => return None,
    };
    let old_id = old.zip(new).filter(|(o, n)| o.id != n.id).map(|(o, _)| o.id.clone());
    Some(ItemChange {
        id: item.id.clone(),
        kind: item.kind,
        change,
        path: item.path.clone(),
        old_path,
        old_id,
        linked_by_old_id: Vec::new(),
        title: item.title.clone(),
        initiative: item.initiative.clone().filter(|_| item.kind == Kind::Backlog),
        status: item.status.clone(),
        fields,
        planning: new_fields,
        criteria,
        introduces,
        shared_id: false,
        author: None,
    })
}

/// Files that do not parse, added or removed between the plans (a file that stops or starts
/// parsing is a change of its item instead, see `readability`): never left out silently.
/// `problems_in` gives the problems the change brings to a file.
pub(super) fn unreadable_files(
    base: &Plan,
    head: &Plan,
    problems_in: impl Fn(&str) -> Vec<Problem>,
) -> Vec<ItemChange> {
    let paths = |plan: &Plan| -> HashSet<String> {
        plan.items.iter().map(|i| i.path.clone()).chain(plan.broken.iter().map(|b| b.path.clone())).collect()
    };
    let (base_paths, head_paths) = (paths(base), paths(head));
    let change = |b: &crate::model::BrokenFile, kind: ChangeKind| ItemChange {
        id: b.id.clone(),
        kind: b.kind,
        change: kind,
        path: b.path.clone(),
        old_path: None,
        old_id: None,
        linked_by_old_id: Vec::new(),
        title: String::new(),
        initiative: None,
        status: String::new(),
        fields: vec![FieldChange {
            field: "file".into(),
            from: Value::Null,
            to: json!("unreadable"),
            note: Some("the file does not parse: run `cairn check`".into()),
        }],
        planning: Vec::new(),
        criteria: Vec::new(),
        introduces: match kind {
            ChangeKind::Added => problems_in(&b.path),
            _ => Vec::new(),
        },
        shared_id: false,
        author: None,
    };
    let added = head.broken.iter().filter(|b| !base_paths.contains(&b.path)).map(|b| change(b, ChangeKind::Added));
    let removed = base.broken.iter().filter(|b| !head_paths.contains(&b.path)).map(|b| change(b, ChangeKind::Removed));
    added.chain(removed).collect()
}
