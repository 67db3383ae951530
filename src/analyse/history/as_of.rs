//! The plan as of a date or revision together with its history: what `cairn report` reads.

use std::path::Path;

use jiff::civil::Date;

use super::{CommitStates, Engine, Progress, WalkOptions};
use crate::error::{CairnError, Result};
use crate::load::{self, git};
use crate::model::{Category, Kind};

/// Everything a history-based command needs: the plan as of a date, and the history up to
/// it, oldest first.
pub struct AsOf {
    pub loaded: load::Loaded,
    pub history: Vec<CommitStates>,
    /// Ids of items with uncommitted changes (only when reading the working tree).
    pub uncommitted: Vec<String>,
    /// The date of the revision's commit, when a revision was asked for.
    pub rev_date: Option<Date>,
}

/// Reads the plan as of `until` (the working tree when `None`, or `rev` when given) and its
/// history up to then.
pub fn plan_as_of(
    root: Option<&Path>,
    rev: Option<&str>,
    until: Option<Date>,
    progress: &dyn Progress,
) -> Result<AsOf> {
    let start = load::discover::start_dir(root)?;
    if git::open(&start).is_err() {
        return Err(CairnError::git(
            format!("{} is not inside a git repository: reports are derived from git history", start.display()),
            Some("run `git init` and commit the plan, or run cairn inside the repository that holds it".into()),
        ));
    }
    let repo = git::open_with_history(&start)?;
    let use_worktree = until.is_none() && rev.is_none();
    // One configuration for every revision and the plan itself: the head side's (SPEC §4).
    let (resolved, plan_path) = load::plan_at(&repo, &start, rev)?;
    let config = resolved.config.clone();
    let rev_date = rev.map(|r| super::revision_date(&repo, r)).transpose()?;
    let rev = rev.unwrap_or("HEAD").to_string();
    let mut engine = Engine::new(&repo, &plan_path, config.clone(), progress)?;
    let mut history =
        engine.report_states(&WalkOptions { start: rev.clone(), first_parent: true, credit_merges: false })?;
    history.reverse();
    if let Some(until) = until {
        history.retain(|c| c.commit.date.parse::<Date>().is_ok_and(|d| d <= until));
    }
    let loaded = if use_worktree {
        load::load(root, None)?
    } else if until.is_some() {
        // The plan as it was on that date: the last first-parent commit on or before it.
        let last = history.last().map(|c| c.commit.commit.clone());
        match last {
            Some(commit) => load::revision_plan(&repo, &start, &commit, config, false)?,
            None => {
                return Err(CairnError::usage(
                    "no commit of the plan on or before that date",
                    Some("choose a later `--until`".into()),
                ));
            }
        }
    } else {
        load::revision_plan(&repo, &start, &rev, config, false)?
    };
    let mut loaded = loaded;
    loaded.notes.extend(resolved.notes);
    let mut uncommitted = Vec::new();
    if use_worktree && let Some(prefix) = &loaded.repo_path {
        let active: Vec<&crate::model::Item> = loaded
            .plan
            .items
            .iter()
            .filter(|i| i.kind == Kind::Backlog && i.category == Some(Category::Active))
            .collect();
        let paths: Vec<&str> = active.iter().map(|i| i.path.as_str()).collect();
        let dirty = load::status::uncommitted_active(&repo, prefix, &paths, &loaded.active_blobs);
        uncommitted.extend(active.iter().filter(|i| dirty.contains(&i.path)).map(|i| i.id.clone()));
    }
    Ok(AsOf { loaded, history, uncommitted, rev_date })
}
