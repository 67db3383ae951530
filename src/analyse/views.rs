//! The data behind `cairn roadmap`, `backlog`, `tree` and `show`: ordered, filtered rows.
//! Pure functions of the plan; rendering lives in [`crate::render`].

use std::cmp::Ordering;
use std::collections::BTreeMap;

use serde::Serialize;

use crate::error::CairnError;
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

/// Filters of `cairn backlog`: an item must match every filter that is given, and one of
/// the values of each (`--status todo,ready` keeps both).
#[derive(Debug, Clone, Default)]
pub struct BacklogFilter {
    pub initiative: Vec<String>,
    /// Status names or categories (`open`, `active`, `closed`, `abandoned`). A status filter
    /// also keeps archived items: `--status done` lists every done item.
    pub status: Vec<String>,
    pub item_type: Vec<String>,
    pub assignee: Vec<String>,
    pub label: Vec<String>,
    pub sprint: Vec<String>,
    /// Include archived items and (when no status filter is given) closed ones.
    pub all: bool,
}

impl BacklogFilter {
    pub fn matches(&self, item: &Item) -> bool {
        self.shows(item) && self.selects(item)
    }

    /// Whether the listing shows the item at all: archived ones only with `--all` or a status
    /// filter, closed or abandoned ones only with `--all` or a status filter.
    fn shows(&self, item: &Item) -> bool {
        self.all || !self.status.is_empty() || (!item.archived && !item.is_finished())
    }

    /// Whether the item matches the filters' values.
    fn selects(&self, item: &Item) -> bool {
        let one_of =
            |want: &[String], have: Option<&str>| want.is_empty() || have.is_some_and(|h| want.iter().any(|w| w == h));
        let any_of = |want: &[String], have: &[String]| want.is_empty() || have.iter().any(|h| want.contains(h));
        let status_ok = self.status.is_empty()
            || self
                .status
                .iter()
                .any(|s| item.status == *s || Category::parse(s).is_some_and(|c| item.category == Some(c)));
        status_ok
            && one_of(&self.initiative, item.initiative.as_deref())
            && one_of(&self.item_type, item.item_type.as_deref())
            && any_of(&self.assignee, &item.assignees)
            && one_of(&self.sprint, item.sprint.as_deref())
            && any_of(&self.label, &item.labels)
    }

    /// Refuses a filter value that no backlog item could match: a status, type or
    /// initiative the plan does not know, or a person, label or sprint no item has (archived
    /// ones included), with the closest known values.
    pub fn check(&self, plan: &Plan) -> Result<(), CairnError> {
        let backlog: Vec<&Item> = plan.backlog().collect();
        let config = &plan.config;
        let statuses = config
            .statuses
            .names(Kind::Backlog)
            .map(String::from)
            .chain(Category::ALL.iter().map(|c| c.as_str().to_string()))
            .chain(backlog.iter().map(|i| i.status.clone()));
        let types =
            config.item_types().into_iter().map(String::from).chain(backlog.iter().filter_map(|i| i.item_type.clone()));
        let initiatives =
            plan.initiatives().map(|i| i.id.clone()).chain(backlog.iter().filter_map(|i| i.initiative.clone()));
        let people = backlog.iter().flat_map(|i| i.assignees.iter().cloned());
        let labels = backlog.iter().flat_map(|i| i.labels.iter().cloned());
        let sprints = backlog.iter().filter_map(|i| i.sprint.clone());
        check_values("status", &self.status, statuses.collect(), false)?;
        check_values("type", &self.item_type, types.collect(), false)?;
        check_values("initiative", &self.initiative, initiatives.collect(), false)?;
        check_values("assignee", &self.assignee, people.collect(), true)?;
        check_values("label", &self.label, labels.collect(), true)?;
        check_values("sprint", &self.sprint, sprints.collect(), true)
    }
}

/// Refuses the first of `given` that is not among `known`: values the plan defines (`free`
/// false: statuses, types, initiatives, listed in their order) or values items carry (`free`:
/// people, labels, sprints, listed sorted).
fn check_values(what: &str, given: &[String], known: Vec<String>, free: bool) -> Result<(), CairnError> {
    let mut seen = std::collections::BTreeSet::new();
    let mut known: Vec<String> = known.into_iter().filter(|k| seen.insert(k.clone())).collect();
    if free {
        known.sort();
    }
    let Some(unknown) = given.iter().find(|g| !known.contains(g)) else { return Ok(()) };
    let close = crate::suggest::closest(unknown, known.iter().map(String::as_str));
    let listed = if known.len() <= 20 {
        format!("known: {}", known.join(", "))
    } else {
        format!("{} known values, e.g. {}", known.len(), known[..20].join(", "))
    };
    let help = match (close, known.is_empty()) {
        (_, true) => format!("no backlog item has a {what}"),
        (Some(s), _) => format!("did you mean `{s}`? {listed}"),
        (None, _) => listed,
    };
    let message = if free {
        format!("no backlog item has the {what} `{unknown}`")
    } else {
        format!("unknown {what} `{unknown}`")
    };
    Err(CairnError::usage(message, Some(help)))
}

/// What the listing hides from a filter's matches: closed (or abandoned) items, and archived
/// ones.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Hidden {
    pub closed: usize,
    pub archived: usize,
}

/// The items `filter` would match but the listing hides (without `--all` or `--status`).
pub fn hidden(plan: &Plan, filter: &BacklogFilter) -> Hidden {
    let mut h = Hidden::default();
    for item in plan.backlog().filter(|i| filter.selects(i) && !filter.shows(i)) {
        if item.archived {
            h.archived += 1;
        } else {
            h.closed += 1;
        }
    }
    h
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
    /// Matching items the listing leaves out (closed, archived).
    pub hidden: Hidden,
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
    /// Items in the backlog folders, in priority order.
    pub items: Vec<&'p Item>,
    /// Archived items, in priority order: counted in the progress, so always shown.
    pub archived: Vec<&'p Item>,
}

/// The roadmap → backlog hierarchy, plus the items that trace to no existing initiative.
#[derive(Debug, Clone)]
pub struct Tree<'p> {
    pub nodes: Vec<TreeNode<'p>>,
    pub orphans: Vec<&'p Item>,
    /// Whether archived items are listed one by one (`--all`) rather than summed up.
    pub all: bool,
}

/// The hierarchy. Archived items an initiative counts are always in its node; archived
/// orphans only with `all`.
pub fn tree<'p>(plan: &'p Plan, links: &Links<'p>, all: bool) -> Tree<'p> {
    let nodes = roadmap(plan, links)
        .into_iter()
        .map(|row| {
            let (mut archived, mut items): (Vec<&Item>, Vec<&Item>) =
                links.children(&row.item.id).iter().copied().partition(|i| i.archived);
            items.sort_by(|a, b| by_priority(a, b));
            archived.sort_by(|a, b| by_priority(a, b));
            TreeNode { initiative: row, items, archived }
        })
        .collect();
    let mut orphans: Vec<&Item> = plan
        .backlog()
        .filter(|i| all || !i.archived)
        .filter(|i| i.initiative.as_deref().is_none_or(|p| !links.get(p).iter().any(|x| x.kind == Kind::Initiative)))
        .collect();
    orphans.sort_by(|a, b| by_priority(a, b));
    Tree { nodes, orphans, all }
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
