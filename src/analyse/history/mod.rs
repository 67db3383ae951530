//! The plan's history from git: commits that touched the plan folders, each touched item's
//! states around them, and the last change of a file. `log`, `report`, `show` and the
//! `backlog/stale` rule all read history through this module; nothing else walks git.

mod activity;
mod as_of;
mod engine;
mod last_change;
mod merges;
mod of_plan;
mod steps;
mod store;
mod walks;

pub use activity::stale_findings;
pub use as_of::{AsOf, plan_as_of};
pub use engine::Engine;
pub use last_change::{FileHistory, LastChange, file_history, git_date};
pub use of_plan::{PlanHistory, plan_history, revision_date};
pub use steps::{SHALLOW_HELP, WalkOptions};
pub use walks::plan_log;

use serde::Serialize;

/// Hears about a long history walk, commit by commit: a terminal front end shows a spinner;
/// everything else ignores it. Deep code never prints.
pub trait Progress {
    /// One more commit was read.
    fn tick(&self) {}
    /// The walk is over.
    fn finish(&self) {}
}

/// A [`Progress`] that shows nothing.
pub struct Silent;

impl Progress for Silent {}

/// One commit, as history commands show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommitInfo {
    pub commit: String,
    pub short: String,
    /// Author date, `YYYY-MM-DD`.
    pub date: String,
    /// Author time, seconds since the epoch.
    #[serde(skip)]
    pub time: i64,
    pub author: String,
    pub subject: String,
    /// For a merge followed by first parents: the authors of the merged commits that changed
    /// the plan (sorted), who wrote what the merge brings.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub merged_authors: Vec<String>,
}

impl CommitInfo {
    fn of(commit: &git2::Commit<'_>) -> Self {
        let sig = commit.author();
        let id = commit.id().to_string();
        CommitInfo {
            short: id.chars().take(7).collect(),
            commit: id,
            date: git_date(sig.when()),
            time: sig.when().seconds(),
            author: sig.name().unwrap_or("unknown").to_string(),
            subject: commit.summary().ok().flatten().unwrap_or("").to_string(),
            merged_authors: Vec::new(),
        }
    }
}

/// The plan changes one commit made.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CommitChanges {
    #[serde(flatten)]
    pub commit: CommitInfo,
    pub changes: Vec<crate::analyse::diff::ItemChange>,
}

/// One item's states around a commit: `old` before, `new` after (either may be absent, or
/// present as a file that does not parse: see `readability`).
#[derive(Debug, Clone)]
pub struct ItemPair {
    pub id: String,
    pub old: Option<std::sync::Arc<crate::model::Item>>,
    pub new: Option<std::sync::Arc<crate::model::Item>>,
    pub readability: crate::analyse::diff::Readability,
    /// Another file of the commit's versions uses the same id.
    pub shared_id: bool,
}

/// A commit that touched the plan, with the states of the items it touched.
#[derive(Debug, Clone)]
pub struct CommitStates {
    pub commit: CommitInfo,
    pub pairs: Vec<ItemPair>,
}
