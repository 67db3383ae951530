//! The data behind `cairn roadmap`, `backlog`, `tree` and `show`: ordered, filtered rows.
//! Pure functions of the plan; rendering lives in [`crate::render`].

use std::cmp::Ordering;
use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::Links;
use crate::model::{Category, Health, Item, Kind, Plan};

/// The backlog items of an initiative (archived ones included): `closed` counts every
/// finished item ("closed work", SPEC §5: delivered or abandoned), `done` the delivered ones
/// and `abandoned` the ones closed without delivering, so that people read `3 done, 1
/// dropped of 6`, never "4/6" as four delivered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Progress {
    pub closed: usize,
    pub total: usize,
    pub done: usize,
    pub abandoned: usize,
}

impl Progress {
    /// The progress of these backlog items.
    pub fn of<'a>(items: impl IntoIterator<Item = &'a Item>) -> Self {
        let mut p = Progress::default();
        for item in items {
            p.total += 1;
            match item.category {
                Some(Category::Closed) => p.done += 1,
                Some(Category::Abandoned) => p.abandoned += 1,
                _ => {}
            }
        }
        p.closed = p.done + p.abandoned;
        p
    }

    /// The share finished (delivered or abandoned), 0.0 to 1.0 (0 when there is nothing).
    pub fn ratio(&self) -> f64 {
        if self.total == 0 { 0.0 } else { self.closed as f64 / self.total as f64 }
    }

    /// The share delivered, 0.0 to 1.0 (0 when there is nothing).
    pub fn done_ratio(&self) -> f64 {
        if self.total == 0 { 0.0 } else { self.done as f64 / self.total as f64 }
    }

    /// Open items: neither delivered nor abandoned.
    pub fn remaining(&self) -> usize {
        self.total.saturating_sub(self.closed)
    }

    /// `3 done, 1 dropped of 6` (the dropped part only when something was abandoned).
    pub fn text(&self) -> String {
        if self.abandoned == 0 {
            format!("{} done of {}", self.done, self.total)
        } else {
            format!("{} done, {} dropped of {}", self.done, self.abandoned, self.total)
        }
    }

    /// A small bar of `width` cells: `█` delivered, `▒` dropped, `░` open (`██▒░░░░░░░`).
    pub fn bar(&self, width: usize) -> String {
        let cells = |r: f64| ((r * width as f64).round() as usize).min(width);
        let done = cells(self.done_ratio());
        let finished = cells(self.ratio()).max(done);
        format!("{}{}{}", "█".repeat(done), "▒".repeat(finished - done), "░".repeat(width - finished))
    }
}

/// An initiative with its progress and, once assessed from history (`analyse::health`), its
/// health.
#[derive(Debug, Clone)]
pub struct RoadmapRow<'p> {
    pub item: &'p Item,
    pub progress: Progress,
    pub health: Option<Health>,
}

/// Rank of a category in the roadmap: active first, then open, then closed.
fn category_rank(item: &Item) -> u8 {
    match item.category_or_open() {
        Category::Active => 0,
        Category::Open => 1,
        Category::Closed | Category::Abandoned => 2,
    }
}

/// Priority order: priority ascending with missing priorities last, then id.
pub fn by_priority(a: &Item, b: &Item) -> Ordering {
    let pa = a.priority.unwrap_or(u64::MAX);
    let pb = b.priority.unwrap_or(u64::MAX);
    pa.cmp(&pb).then_with(|| crate::model::id_cmp(&a.id, &b.id)).then_with(|| a.path.cmp(&b.path))
}

/// The progress of an initiative: its backlog items (archived included), delivered and abandoned.
pub fn progress(links: &Links<'_>, initiative: &Item) -> Progress {
    Progress::of(links.children(&initiative.id).iter().copied())
}

/// Initiatives ordered by status category (active, open, closed), then priority, then id.
pub fn roadmap<'p>(plan: &'p Plan, links: &Links<'p>) -> Vec<RoadmapRow<'p>> {
    let mut rows: Vec<RoadmapRow<'p>> =
        plan.initiatives().map(|item| RoadmapRow { item, progress: progress(links, item), health: None }).collect();
    rows.sort_by(|a, b| category_rank(a.item).cmp(&category_rank(b.item)).then_with(|| by_priority(a.item, b.item)));
    rows
}

/// Filters of `cairn backlog`; every given filter must match.
#[derive(Debug, Clone, Default)]
pub struct BacklogFilter {
    pub initiative: Option<String>,
    /// A status name or a category (`open`, `active`, `closed`).
    pub status: Option<String>,
    pub item_type: Option<String>,
    pub assignee: Option<String>,
    pub label: Option<String>,
    pub sprint: Option<String>,
    /// Include archived items and (when no status filter is given) closed ones.
    pub all: bool,
}

impl BacklogFilter {
    pub fn matches(&self, item: &Item) -> bool {
        if item.archived && !self.all {
            return false;
        }
        match &self.status {
            Some(status) => {
                let category = Category::parse(status);
                let by_category = category.is_some_and(|c| item.category == Some(c)) && item.status != *status;
                if item.status != *status && !by_category {
                    return false;
                }
            }
            None => {
                if !self.all && item.is_finished() {
                    return false;
                }
            }
        }
        let eq = |want: &Option<String>, have: Option<&str>| want.as_deref().is_none_or(|w| have == Some(w));
        eq(&self.initiative, item.initiative.as_deref())
            && eq(&self.item_type, item.item_type.as_deref())
            && self.assignee.as_deref().is_none_or(|a| item.assignees.iter().any(|x| x == a))
            && eq(&self.sprint, item.sprint.as_deref())
            && self.label.as_deref().is_none_or(|l| item.labels.iter().any(|x| x == l))
    }
}

/// Backlog items matching `filter`, in priority order (no priority last, ties by id).
pub fn backlog<'p>(plan: &'p Plan, filter: &BacklogFilter) -> Vec<&'p Item> {
    let mut items: Vec<&Item> = plan.backlog().filter(|i| filter.matches(i)).collect();
    items.sort_by(|a, b| by_priority(a, b));
    items
}

/// Totals under the backlog table.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct BacklogSummary {
    pub items: usize,
    pub points: f64,
    /// Items per status, sorted by status name.
    pub per_status: BTreeMap<String, usize>,
}

pub fn backlog_summary(items: &[&Item]) -> BacklogSummary {
    let mut s = BacklogSummary { items: items.len(), ..Default::default() };
    for item in items {
        s.points += item.estimate.unwrap_or(0.0);
        *s.per_status.entry(item.status.clone()).or_default() += 1;
    }
    s
}

/// One initiative and its backlog items, for `cairn tree`.
#[derive(Debug, Clone)]
pub struct TreeNode<'p> {
    pub initiative: RoadmapRow<'p>,
    pub items: Vec<&'p Item>,
}

/// The roadmap → backlog hierarchy, plus the items that trace to no existing initiative.
#[derive(Debug, Clone)]
pub struct Tree<'p> {
    pub nodes: Vec<TreeNode<'p>>,
    pub orphans: Vec<&'p Item>,
}

pub fn tree<'p>(plan: &'p Plan, links: &Links<'p>, all: bool) -> Tree<'p> {
    let visible = |i: &&Item| all || !i.archived;
    let nodes = roadmap(plan, links)
        .into_iter()
        .map(|row| {
            let mut items: Vec<&Item> = links.children(&row.item.id).iter().copied().filter(visible).collect();
            items.sort_by(|a, b| by_priority(a, b));
            TreeNode { initiative: row, items }
        })
        .collect();
    let mut orphans: Vec<&Item> = plan
        .backlog()
        .filter(visible)
        .filter(|i| i.initiative.as_deref().is_none_or(|p| !links.get(p).iter().any(|x| x.kind == Kind::Initiative)))
        .collect();
    orphans.sort_by(|a, b| by_priority(a, b));
    Tree { nodes, orphans }
}

/// Everything `cairn show` tells about one item.
#[derive(Debug, Clone)]
pub struct ItemView<'p> {
    pub item: &'p Item,
    /// The initiative of a backlog item, when it exists.
    pub initiative: Option<&'p Item>,
    /// The backlog items of an initiative, in priority order.
    pub children: Vec<&'p Item>,
    pub progress: Option<Progress>,
    /// Items this one depends on (`None` when the id does not exist).
    pub depends_on: Vec<(String, Option<&'p Item>)>,
    /// Items that depend on this one.
    pub blocks: Vec<&'p Item>,
}

pub fn item_view<'p>(plan: &'p Plan, links: &Links<'p>, item: &'p Item) -> ItemView<'p> {
    let initiative = item
        .initiative
        .as_deref()
        .filter(|_| item.kind == Kind::Backlog)
        .and_then(|id| links.get(id).iter().copied().find(|i| i.kind == Kind::Initiative));
    let (children, progress) = if item.kind == Kind::Initiative {
        let mut c: Vec<&Item> = links.children(&item.id).to_vec();
        c.sort_by(|a, b| by_priority(a, b));
        (c, Some(progress(links, item)))
    } else {
        (Vec::new(), None)
    };
    let depends_on = item
        .depends_on
        .iter()
        .map(|d| {
            (d.clone(), links.get(d).iter().copied().find(|i| i.kind == item.kind).or(links.get(d).first().copied()))
        })
        .collect();
    let mut blocks: Vec<&Item> = plan.items.iter().filter(|i| i.depends_on.contains(&item.id)).collect();
    blocks.sort_by(|a, b| by_priority(a, b));
    ItemView { item, initiative, children, progress, depends_on, blocks }
}
