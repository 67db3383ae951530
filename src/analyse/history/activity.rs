//! When active backlog items last changed, for the `backlog/stale` rule: the last commit
//! that touched each file, and uncommitted changes in the working tree (which count as today).

use jiff::civil::Date;

use super::{Engine, Progress};
use crate::load::Loaded;
use crate::model::{Category, Diagnostic, Item, Kind, Rule, Severity};

/// `backlog/stale` needs git: the last commit that touched each active item's file (an
/// uncommitted change counts as today). Without usable history the rule is skipped with a
/// note, never a warning.
pub fn stale_findings(
    loaded: &Loaded,
    rev: Option<&str>,
    today: Date,
    progress: &dyn Progress,
) -> (Vec<Diagnostic>, Option<String>) {
    let plan = &loaded.plan;
    if plan.config.severity(Rule::BacklogStale) == Severity::Off {
        return (Vec::new(), None);
    }
    let active: Vec<&Item> =
        plan.items.iter().filter(|i| i.kind == Kind::Backlog && i.category == Some(Category::Active)).collect();
    if active.is_empty() {
        return (Vec::new(), None);
    }
    let Ok(repo) = git2::Repository::discover(&loaded.root) else {
        return (Vec::new(), Some("backlog/stale skipped: the plan is not in a git repository".into()));
    };
    if repo.head().is_err() {
        return (Vec::new(), Some("backlog/stale skipped: the repository has no commits yet".into()));
    }
    let prefix = loaded.repo_path.clone().unwrap_or_default();
    let mut engine = match Engine::new(&repo, prefix.trim_end_matches('/'), plan.config.clone(), progress) {
        Ok(e) => e,
        Err(_) => {
            return (
                Vec::new(),
                Some(
                    "backlog/stale skipped: the clone is shallow (fetch with `fetch-depth: 0` to check staleness)"
                        .into(),
                ),
            );
        }
    };
    let wanted: std::collections::HashSet<String> = active.iter().map(|i| i.path.clone()).collect();
    let mut last = match engine.last_changes(rev.unwrap_or("HEAD"), &wanted) {
        Ok(found) => found,
        Err(e) => return (Vec::new(), Some(format!("backlog/stale skipped: {e}"))),
    };
    if rev.is_none() {
        // A file whose bytes are HEAD's blob is committed; git's status is asked about the
        // others, in one pass (never one per file: each costs a whole index read).
        let paths: Vec<&str> = active.iter().map(|i| i.path.as_str()).collect();
        let dirty = crate::load::status::uncommitted_active(&repo, &prefix, &paths, &loaded.active_blobs);
        for item in &active {
            if dirty.contains(&item.path) || !last.contains_key(&item.path) {
                // Uncommitted (or never committed) changes count as a change today.
                last.insert(item.path.clone(), today.to_string());
            }
        }
    }
    (crate::analyse::rules::stale(plan, &last, today), None)
}
