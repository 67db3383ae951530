//! The history behind a plan already loaded, for commands that use it when it is there but
//! must never fail for lack of it: `roadmap` and `export html` derive health from it.

use jiff::civil::Date;

use super::{CommitStates, Engine, Progress, WalkOptions, git_date};
use crate::error::{CairnError, Result};
use crate::load::Loaded;

/// A plan's history up to a revision.
#[derive(Debug, Clone)]
pub struct PlanHistory {
    /// Commits that touched the plan, oldest first.
    pub states: Vec<CommitStates>,
    /// The author date of the revision's commit (HEAD's without one).
    pub date: Option<Date>,
}

/// The first-parent history of `loaded`'s plan up to `rev` (HEAD by default), read with the
/// plan's own configuration. `Err` says in a few words why there is none: not a git
/// repository, no commit yet, a shallow clone, missing objects.
pub fn plan_history(
    loaded: &Loaded,
    rev: Option<&str>,
    progress: &dyn Progress,
) -> std::result::Result<PlanHistory, String> {
    let (Some(prefix), Ok(repo)) = (&loaded.repo_path, git2::Repository::discover(&loaded.root)) else {
        return Err("the plan is not in a git repository".into());
    };
    if repo.head().is_err() {
        return Err("the repository has no commits yet".into());
    }
    if repo.is_shallow() {
        return Err("this is a shallow clone (fetch the full history: `git fetch --unshallow`)".into());
    }
    let start = rev.unwrap_or("HEAD");
    let walk = || -> Result<PlanHistory> {
        let mut engine = Engine::new(&repo, prefix.trim_end_matches('/'), loaded.plan.config.clone(), progress)?;
        let mut states = engine.report_states(&WalkOptions {
            start: start.to_string(),
            first_parent: true,
            credit_merges: false,
        })?;
        states.reverse();
        Ok(PlanHistory { states, date: Some(revision_date(&repo, start)?) })
    };
    walk().map_err(|e| e.to_string())
}

/// The author date (in its own offset) of the commit `rev` names.
pub fn revision_date(repo: &git2::Repository, rev: &str) -> Result<Date> {
    let id = crate::load::git::commit_id(repo, rev)?;
    let commit = repo.find_commit(id).map_err(|e| CairnError::git(e.message().to_string(), None))?;
    git_date(commit.author().when())
        .parse()
        .map_err(|_| CairnError::git(format!("revision `{rev}` has a date outside the calendar"), None))
}
