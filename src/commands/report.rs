//! `cairn report`: progress, throughput, cycle time, slips, stale items and forecasts, all
//! derived from git history.

use std::io::Write;

use jiff::civil::Date;

use super::{Outcome, write_err};
use crate::analyse::history::{CommitStates, Engine, WalkOptions};
use crate::analyse::report;
use crate::cli::{GlobalArgs, ReportArgs};
use crate::error::{CairnError, Result};
use crate::load::{self, git};
use crate::model::{Category, Kind};
use crate::render::report as render;
use crate::render::terminal::Styles;

pub const FORMATS: &[&str] = &["human", "markdown", "json", "html"];

/// Everything a history-based command needs: the plan as of a date, and the history up to
/// it, oldest first.
pub struct AsOf {
    pub loaded: load::Loaded,
    pub history: Vec<CommitStates>,
    /// Ids of items with uncommitted changes (only when reading the working tree).
    pub uncommitted: Vec<String>,
}

/// Reads the plan as of `until` (the working tree when `None`) and its history.
pub fn plan_as_of(global: &GlobalArgs, until: Option<Date>) -> Result<AsOf> {
    let start = load::discover::start_dir(global.root.as_deref())?;
    if git::open(&start).is_err() {
        return Err(CairnError::git(
            format!("{} is not inside a git repository: reports are derived from git history", start.display()),
            Some("run `git init` and commit the plan, or run cairn inside the repository that holds it".into()),
        ));
    }
    let repo = git::open_with_history(&start)?;
    let rev = global.rev.clone().unwrap_or_else(|| "HEAD".into());
    let (config, plan_path) = load::plan_at(&repo, &start, &rev)?;
    let mut engine = Engine::new(&repo, &plan_path, config)?;
    let mut history = engine.walk_states(&WalkOptions { start: rev.clone(), first_parent: true })?;
    history.reverse();
    if let Some(until) = until {
        history.retain(|c| c.commit.date.parse::<Date>().is_ok_and(|d| d <= until));
    }
    let use_worktree = until.is_none() && global.rev.is_none();
    let loaded = if use_worktree {
        load::load(global.root.as_deref(), None)?
    } else if until.is_some() {
        // The plan as it was on that date: the last first-parent commit on or before it.
        let last = history.last().map(|c| c.commit.commit.clone());
        match last {
            Some(commit) => load::load(global.root.as_deref(), Some(&commit))?,
            None => {
                return Err(CairnError::usage(
                    "no commit of the plan on or before that date",
                    Some("choose a later `--until`".into()),
                ));
            }
        }
    } else {
        load::load(global.root.as_deref(), Some(&rev))?
    };
    let mut uncommitted = Vec::new();
    if use_worktree && let Some(prefix) = &loaded.repo_path {
        for item in loaded.plan.items.iter().filter(|i| i.kind == Kind::Backlog && i.category == Some(Category::Active))
        {
            let path = std::path::Path::new(&format!("{prefix}{}", item.path)).to_path_buf();
            if repo
                .status_file(&path)
                .is_ok_and(|s| !s.is_empty() && s != git2::Status::CURRENT && !s.contains(git2::Status::IGNORED))
            {
                uncommitted.push(item.id.clone());
            }
        }
    }
    Ok(AsOf { loaded, history, uncommitted })
}

pub fn run(global: &GlobalArgs, args: &ReportArgs, out: &mut dyn Write) -> Result<Outcome> {
    let format = super::format(global, "report", FORMATS, "human")?;
    let since = super::date_flag("--since", &args.since)?;
    let until = super::date_flag("--until", &args.until)?;
    let as_of = match until {
        Some(d) => d,
        None => super::today()?,
    };
    let data = plan_as_of(global, until)?;
    let r = report::build(&data.loaded.plan, &data.history, as_of, since, &data.uncommitted);
    match format {
        "json" => render::json(&r, out),
        "markdown" => render::markdown(&r, out),
        "html" => out.write_all(crate::render::html::report_page(&r).as_bytes()),
        _ => render::human(&r, Styles { color: super::use_color(global.color) }, out),
    }
    .map_err(write_err)?;
    Ok(Outcome::Success)
}
