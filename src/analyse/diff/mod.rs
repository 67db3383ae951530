//! Semantic diff of two plans, keyed by id: a moved or renamed file is the same item, an id
//! changed in the same file is one renumbered item. Field changes come in a stable order with
//! words a reviewer can use ("slipped one quarter", "closed", "re-linked"); the diff also says
//! which `cairn check` problems the change introduces and what it does to each initiative
//! (SPEC §3.1).

use std::collections::BTreeMap;

mod fields;
mod impact;
mod pair;
mod problems;

pub use fields::{CriterionChange, CriterionMove, FIELDS, category_words, criteria_changes, diff_items, field_value};
pub use impact::{HealthMove, InitiativeImpact, Overlap, ProgressMove, Relink, StoryRef};
pub use pair::{Pair, pair};
pub use problems::Problem;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::model::{Item, Kind, Links, Plan, Target};

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

/// A field of a new item and its value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldValue {
    pub field: String,
    pub value: Value,
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
    /// The id before a renumbering (an id changed in the same file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_id: Option<String>,
    /// After a renumbering: the items whose links still name the old id (each link is a
    /// problem the change introduces).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub linked_by_old_id: Vec<String>,
    pub title: String,
    /// The initiative a backlog item is grouped under (its new one, or its last one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initiative: Option<String>,
    pub status: String,
    pub fields: Vec<FieldChange>,
    /// A new item's planning fields that are set (an initiative's horizon, start, target,
    /// owner, priority, outcome; a backlog item's type, estimate, assignee, priority), then
    /// the plan's own fields.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub planning: Vec<FieldValue>,
    /// Acceptance criteria checked, unchecked, added or removed, by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub criteria: Vec<CriterionChange>,
    /// Problems the change introduces in this file (see [`PlanDiff::problems`]); never in
    /// the history cache (a commit's changes in `cairn log` carry none).
    #[serde(skip_deserializing, skip_serializing_if = "Vec::is_empty")]
    pub introduces: Vec<Problem>,
    /// Another file uses the same id: this change is one file's (`id/duplicate`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub shared_id: bool,
    /// In `cairn log`, for a merge: who wrote the merged change of this item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
}

impl ItemChange {
    /// Whether the file only moved (or was archived): nothing else about the item changed.
    pub fn only_moved(&self) -> bool {
        self.change == ChangeKind::Modified && self.old_path.is_some() && self.fields.is_empty()
    }

    /// Whether the item is listed only for the problems another change gives it.
    pub fn only_problems(&self) -> bool {
        self.change == ChangeKind::Modified
            && self.old_path.is_none()
            && self.fields.is_empty()
            && !self.introduces.is_empty()
    }
}

/// One side of a diff as the user named it, with its commit when it is one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Revision {
    /// As the user wrote it (`main`, `HEAD~1`, `feature/x`), or `WORKTREE`.
    pub name: String,
    /// The full commit id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    /// The short commit id (7 characters).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub short: Option<String>,
}

impl Revision {
    /// A revision with its commit id.
    pub fn at(name: &str, commit: Option<String>) -> Self {
        let short = commit.as_ref().map(|c| c.chars().take(7).collect());
        Revision { name: name.to_string(), commit, short }
    }
}

/// What was compared: the range as the user wrote it, both sides and, for `A...B`, the merge
/// base of A and B (the diff's real base).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Revisions {
    /// `main...feature/x`, `HEAD~1..HEAD`, `HEAD` (against the working tree).
    pub range: String,
    pub base: Revision,
    pub head: Revision,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub merge_base: Option<Revision>,
}

impl Revisions {
    /// Two sides by name only (no commit ids), `BASE..HEAD`.
    pub fn named(base: &str, head: &str) -> Self {
        Revisions {
            range: format!("{base}..{head}"),
            base: Revision::at(base, None),
            head: Revision::at(head, None),
            merge_base: None,
        }
    }
}

/// The semantic difference between two plans.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanDiff {
    /// The base revision compared: for `A...B`, the merge base's commit id (a revision
    /// scripts can reuse).
    pub base: String,
    /// The head revision as named, or `WORKTREE`.
    pub head: String,
    /// The revisions as the user named them, with their commit ids.
    pub revisions: Revisions,
    /// Every `cairn check` finding of the head that the base does not have.
    pub problems: Vec<Problem>,
    /// One entry per affected initiative, in id order.
    pub impact: Vec<InitiativeImpact>,
    /// Roadmap changes first (by id), then backlog changes grouped by initiative, by id.
    pub changes: Vec<ItemChange>,
    /// Initiative titles by id (head, then base), for grouping headings.
    #[serde(skip)]
    pub initiative_titles: BTreeMap<String, String>,
    /// The head's plan text holds backticks that check messages may quote: their code marks
    /// are ambiguous, so messages are shown as written.
    #[serde(skip)]
    pub messages_as_text: bool,
}

impl PlanDiff {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }
}

/// Roadmap changes first, then backlog changes grouped by initiative; by id within.
pub fn sort_changes(changes: &mut [ItemChange]) {
    changes.sort_by(|a, b| {
        (a.kind, a.initiative.as_deref().unwrap_or(""))
            .cmp(&(b.kind, b.initiative.as_deref().unwrap_or("")))
            .then_with(|| crate::model::id_cmp(&a.id, &b.id))
            .then_with(|| a.path.cmp(&b.path))
    });
}

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
/// parsing is a change of its item instead, see [`readability`]): never left out silently.
fn unreadable_files(base: &Plan, head: &Plan, problems: &[Problem]) -> Vec<ItemChange> {
    let paths = |plan: &Plan| -> std::collections::HashSet<String> {
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
        introduces: if kind == ChangeKind::Added { problems_in(problems, &b.path) } else { Vec::new() },
        shared_id: false,
        author: None,
    };
    let added = head.broken.iter().filter(|b| !base_paths.contains(&b.path)).map(|b| change(b, ChangeKind::Added));
    let removed = base.broken.iter().filter(|b| !head_paths.contains(&b.path)).map(|b| change(b, ChangeKind::Removed));
    added.chain(removed).collect()
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

/// The ids of the items whose links (`initiative`, `depends_on`) name `id`, sorted.
fn linked_by(plan: &Plan, id: &str) -> Vec<String> {
    let mut ids: Vec<String> = plan
        .items
        .iter()
        .filter(|i| i.initiative.as_deref() == Some(id) || i.depends_on.iter().any(|d| d == id))
        .map(|i| i.id.clone())
        .collect();
    ids.sort_by(|a, b| crate::model::id_cmp(a, b));
    ids.dedup();
    ids
}

/// The problems found in one file.
fn problems_in(problems: &[Problem], path: &str) -> Vec<Problem> {
    problems.iter().filter(|p| p.file == path).cloned().collect()
}

/// The semantic diff from `base` to `head`, labelled with the revisions as named. `today`
/// decides which targets have ended (rule `roadmap/overdue`) on both sides.
pub fn diff(base: &Plan, head: &Plan, revisions: Revisions, today: Date) -> PlanDiff {
    let mut problems = problems::introduced(base, head, today);
    let head_links = Links::new(head);
    let exists = |id: &str| matches!(head_links.resolve(id, Kind::Initiative), Target::Found(_) | Target::Broken);
    let pairs: Vec<(Pair<'_>, Readability)> =
        pair::pair(&base.items, &head.items).into_iter().map(|p| (p, readability(base, head, p.old, p.new))).collect();
    // Links left on a renumbered id: the help names the new id (before the problems are
    // shared out to the changes).
    let renumbered: Vec<(String, String)> = pairs
        .iter()
        .filter_map(|(p, _)| p.old.zip(p.new))
        .filter(|(o, n)| o.id != n.id)
        .map(|(o, n)| (o.id.clone(), n.id.clone()))
        .collect();
    problems::point_at_renumberings(&mut problems, &renumbered);
    let mut changes = Vec::new();
    for (p, readability) in &pairs {
        let introduces = p.new.map_or_else(Vec::new, |n| problems_in(&problems, &n.path));
        let mut change = change_of(p.old, p.new, introduces, *readability, &exists);
        if let Some(c) = change.as_mut() {
            c.shared_id = p.shared_id;
        }
        changes.extend(change);
    }
    changes.extend(unreadable_files(base, head, &problems));
    for c in &mut changes {
        if let Some(old) = c.old_id.as_deref().filter(|old| head_links.get(old).is_empty()) {
            c.linked_by_old_id = linked_by(head, old);
        }
    }
    sort_changes(&mut changes);
    let mut initiative_titles = BTreeMap::new();
    for plan in [base, head] {
        for i in plan.initiatives() {
            initiative_titles.insert(i.id.clone(), i.title.clone());
        }
    }
    let impact = impact::impact(base, head, &pairs, today);
    let base_name = revisions.merge_base.as_ref().and_then(|m| m.commit.clone()).unwrap_or(revisions.base.name.clone());
    PlanDiff {
        base: base_name,
        head: revisions.head.name.clone(),
        revisions,
        problems,
        impact,
        changes,
        initiative_titles,
        messages_as_text: problems::quotes_backticks(head),
    }
}
