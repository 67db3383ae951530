//! The columns of the roadmap and backlog listings, shared by the table, CSV and Markdown
//! formats so that they always agree.

use crate::analyse::views::RoadmapRow;
use crate::model::Item;
pub use crate::model::points;

pub const ROADMAP_HEADER: &[&str] =
    &["id", "title", "status", "horizon", "target", "priority", "owner", "health", "progress"];
pub const BACKLOG_HEADER: &[&str] =
    &["id", "type", "status", "priority", "title", "initiative", "assignee", "estimate", "criteria"];

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// A field for people: its value, or the invalid value as written (never a default).
pub fn shown(item: &Item, field: &str, typed: Option<String>) -> String {
    typed.or_else(|| item.invalid_text(field)).unwrap_or_default()
}

/// The roadmap cells of one initiative; health as symbol and word (`▲ at-risk`, never colour
/// alone), progress as `3 done, 1 dropped of 6` (the bar is added by the table format only).
pub fn roadmap_cells(row: &RoadmapRow<'_>) -> Vec<String> {
    let i = row.item;
    vec![
        i.id.clone(),
        i.title.clone(),
        i.status.clone(),
        shown(i, "horizon", i.horizon.clone()),
        shown(i, "target", i.target.map(|t| t.to_string())),
        i.priority_text().unwrap_or_default(),
        shown(i, "owner", i.owner.clone()),
        row.health.as_ref().map(|h| h.state.label()).unwrap_or_default(),
        row.progress.text(),
    ]
}

/// The backlog cells of one item; criteria as `checked/total` (empty when there are none).
pub fn backlog_cells(i: &Item) -> Vec<String> {
    let criteria = if i.criteria.total() == 0 {
        String::new()
    } else {
        format!("{}/{}", i.criteria.checked(), i.criteria.total())
    };
    vec![
        i.id.clone(),
        opt(i.item_type.as_deref()),
        i.status.clone(),
        i.priority_text().unwrap_or_default(),
        i.title.clone(),
        shown(i, "initiative", i.initiative.clone()),
        shown(i, "assignee", i.assignee_text()),
        shown(i, "estimate", i.estimate.map(points)),
        criteria,
    ]
}

/// "12 items, 34 points · todo 5, in-progress 3".
pub fn backlog_summary_line(s: &crate::analyse::views::BacklogSummary) -> String {
    let statuses: Vec<String> = s.per_status.iter().map(|(k, v)| format!("{k} {v}")).collect();
    let items = if s.items == 1 { "1 item".to_string() } else { format!("{} items", s.items) };
    let pts = if s.points == 1.0 { "1 point".to_string() } else { format!("{} points", points(s.points)) };
    let mut line = if statuses.is_empty() {
        format!("{items}, {pts}")
    } else {
        format!("{items}, {pts} · {}", statuses.join(", "))
    };
    let hidden = match (s.hidden.closed, s.hidden.archived) {
        (0, 0) => None,
        (c, 0) => Some(format!("{c} closed")),
        (0, a) => Some(format!("{a} archived")),
        (c, a) => Some(format!("{c} closed and {a} archived")),
    };
    if let Some(h) = hidden {
        line.push_str(&format!(" · {h} hidden (--all shows them)"));
    }
    line
}

/// The status as a listing for people shows it: `done (archived)` for an archived item.
pub fn status_shown(i: &Item) -> String {
    if i.archived { format!("{} (archived)", i.status) } else { i.status.clone() }
}
