//! Semantic diff of two plans, keyed by id: a moved or renamed file is the same item, an id
//! changed in the same file is one renumbered item. Field changes come in a stable order with
//! words a reviewer can use ("slipped one quarter", "closed", "re-linked"); the diff also says
//! which `cairn check` problems the change introduces and what it does to each initiative
//! (SPEC §3.1).

use std::collections::{BTreeMap, HashMap, HashSet};

mod change;
mod fields;
mod impact;
mod pair;
mod problems;

pub use change::change_of;
use change::unreadable_files;
pub use fields::{CriterionChange, CriterionMove, FIELDS, category_words, criteria_changes, diff_items, field_value};
pub use impact::{HealthMove, InitiativeImpact, Overlap, ProgressMove, Relink, StoryRef};
pub use pair::{Pair, pair};
pub use problems::Problem;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use serde_json::Value;

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

/// Whether an item present in one plan sits, in the other plan, in a file that does not
/// parse (matched by path).
fn readability(broken: &[HashSet<&str>; 2], old: Option<&Item>, new: Option<&Item>) -> Readability {
    let [base_broken, head_broken] = broken;
    match (old, new) {
        (Some(o), None) if head_broken.contains(o.path.as_str()) => Readability::BecameUnreadable,
        (None, Some(n)) if base_broken.contains(n.path.as_str()) => Readability::BecameReadable,
        _ => Readability::Same,
    }
}

/// For each id, the ids of the items whose links (`initiative`, `depends_on`) name it,
/// sorted: one pass over the plan, however many changes ask.
fn linked_by(plan: &Plan) -> HashMap<&str, Vec<String>> {
    let mut by: HashMap<&str, Vec<String>> = HashMap::new();
    for i in &plan.items {
        for target in i.initiative.iter().chain(&i.depends_on) {
            by.entry(target.as_str()).or_default().push(i.id.clone());
        }
    }
    for ids in by.values_mut() {
        ids.sort_by(|a, b| crate::model::id_cmp(a, b));
        ids.dedup();
    }
    by
}

/// The problems of each file.
fn problems_by_file(problems: &[Problem]) -> HashMap<&str, Vec<&Problem>> {
    let mut by: HashMap<&str, Vec<&Problem>> = HashMap::new();
    for p in problems {
        by.entry(p.file.as_str()).or_default().push(p);
    }
    by
}

/// The problems found in the file at `path`.
fn problems_in(by_file: &HashMap<&str, Vec<&Problem>>, path: &str) -> Vec<Problem> {
    by_file.get(path).map_or_else(Vec::new, |found| found.iter().map(|p| (*p).clone()).collect())
}

/// The semantic diff from `base` to `head`, labelled with the revisions as named. `today`
/// decides which targets have ended (rule `roadmap/overdue`) on both sides.
pub fn diff(base: &Plan, head: &Plan, revisions: Revisions, today: Date) -> PlanDiff {
    use rayon::prelude::*;
    let (base_links, head_links) = rayon::join(|| Links::new(base), || Links::new(head));
    let links = [&base_links, &head_links];
    let exists = |id: &str| matches!(head_links.resolve(id, Kind::Initiative), Target::Found(_) | Target::Broken);
    // Both plans are checked while the items are paired and the roadmap impact is weighed.
    let (mut problems, (pairs, impact)) = rayon::join(
        || problems::introduced(base, head, links, today),
        || {
            let broken =
                [base, head].map(|plan| plan.broken.iter().map(|b| b.path.as_str()).collect::<HashSet<&str>>());
            let pairs: Vec<(Pair<'_>, Readability)> = pair::pair(&base.items, &head.items)
                .into_iter()
                .map(|p| (p, readability(&broken, p.old, p.new)))
                .collect();
            let impact = impact::impact(head, links, &pairs, today);
            (pairs, impact)
        },
    );
    // Links left on a renumbered id: the help names the new id (before the problems are
    // shared out to the changes).
    let renumbered: Vec<(String, String)> = pairs
        .iter()
        .filter_map(|(p, _)| p.old.zip(p.new))
        .filter(|(o, n)| o.id != n.id)
        .map(|(o, n)| (o.id.clone(), n.id.clone()))
        .collect();
    problems::point_at_renumberings(&mut problems, &renumbered);
    let by_file = problems_by_file(&problems);
    let mut changes: Vec<ItemChange> = pairs
        .par_iter()
        .with_min_len(256)
        .filter_map(|(p, readability)| {
            let introduces = p.new.map_or_else(Vec::new, |n| problems_in(&by_file, &n.path));
            let mut change = change_of(p.old, p.new, introduces, *readability, &exists)?;
            change.shared_id = p.shared_id;
            Some(change)
        })
        .collect();
    changes.extend(unreadable_files(base, head, |path| problems_in(&by_file, path)));
    let gone = |c: &ItemChange| c.old_id.as_deref().is_some_and(|old| head_links.get(old).is_empty());
    if changes.iter().any(gone) {
        let linked = linked_by(head);
        for c in changes.iter_mut().filter(|c| gone(c)) {
            let old = c.old_id.as_deref().unwrap_or_default();
            c.linked_by_old_id = linked.get(old).cloned().unwrap_or_default();
        }
    }
    sort_changes(&mut changes);
    let mut initiative_titles = BTreeMap::new();
    for plan in [base, head] {
        for i in plan.initiatives() {
            initiative_titles.insert(i.id.clone(), i.title.clone());
        }
    }
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
