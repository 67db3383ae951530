//! The rules of `cairn check`: each looks at the loaded plan and returns located findings.

mod content;
mod links;

use jiff::civil::Date;

use crate::model::Plan;
use crate::model::diagnostic::{self, Diagnostic, Severity};

pub use crate::model::Links;

/// Everything `cairn check` found, with the severities of `cairn.yml` applied, sorted.
#[derive(Debug, Clone)]
pub struct CheckReport {
    /// Number of item files checked (decoded or not).
    pub items: usize,
    pub diagnostics: Vec<Diagnostic>,
    /// Remarks that are not findings (a rule skipped, say).
    pub notes: Vec<String>,
}

impl CheckReport {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == Severity::Error).count()
    }
    pub fn warnings(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == Severity::Warning).count()
    }
}

/// The findings of the link rules alone (`link/orphan`, `link/dangling`, `link/kind`,
/// `link/closed-initiative`), at their default severities.
pub fn link_findings(plan: &Plan, links: &Links<'_>) -> Vec<Diagnostic> {
    links::links(plan, links)
}

/// `backlog/stale`: active backlog items whose file's last change (`last_change` by path,
/// `YYYY-MM-DD`) is `stale_after_days` or more before `today`.
pub fn stale(plan: &Plan, last_change: &std::collections::HashMap<String, String>, today: Date) -> Vec<Diagnostic> {
    use crate::model::{Category, Kind};
    let limit = plan.config.stale_after_days as i64;
    let mut out = Vec::new();
    for item in plan.items.iter().filter(|i| i.kind == Kind::Backlog && i.category == Some(Category::Active)) {
        let Some(last) = last_change.get(&item.path).and_then(|d| d.parse::<Date>().ok()) else { continue };
        let days = crate::model::days_between(last, today);
        if days >= limit {
            let message = format!(
                "{} is {} but its file has not changed for {days} days (last change {last})",
                item.id, item.status
            );
            out.push(item.finding(crate::model::diagnostic::Rule::BacklogStale, "status", Some(&item.status), message).help(format!(
                "update the item with where the work stands, or move it back to an open status or on to done (the limit is `stale_after_days: {limit}`)"
            )));
        }
    }
    out
}

/// Runs every rule over the plan. `today` decides which targets are overdue.
pub fn check(plan: &Plan, today: Date) -> CheckReport {
    check_with(plan, today, Vec::new())
}

/// Runs every rule, adding findings computed elsewhere (the history-based `backlog/stale`).
pub fn check_with(plan: &Plan, today: Date, extra: Vec<Diagnostic>) -> CheckReport {
    check_linked(plan, &Links::new(plan), today, extra)
}

/// [`check_with`] with the plan's links already indexed.
pub fn check_linked(plan: &Plan, links: &Links<'_>, today: Date, extra: Vec<Diagnostic>) -> CheckReport {
    // The rule families are independent: two halves on two cores, joined in a fixed order.
    let ((ids, linked), (cycles, (roadmap, backlog))) = rayon::join(
        || (links::ids(plan, links), links::links(plan, links)),
        || (links::cycles(plan, links), (content::roadmap(plan, links, today), content::backlog(plan))),
    );
    let mut found = plan.diagnostics.clone();
    found.extend(ids);
    found.extend(linked);
    found.extend(cycles);
    found.extend(roadmap);
    found.extend(backlog);
    found.extend(extra);
    let mut diagnostics: Vec<Diagnostic> = found
        .into_iter()
        .filter_map(|mut d| {
            d.severity = plan.config.severity(d.rule);
            (d.severity != Severity::Off).then_some(d)
        })
        .collect();
    diagnostic::sort(&mut diagnostics);
    diagnostics.dedup();
    CheckReport { items: plan.items.len() + plan.broken.len(), diagnostics, notes: Vec::new() }
}
