//! Which `cairn.yml` applies (SPEC §4), decided in one place for every command.
//!
//! A command reads every plan it needs with one configuration:
//! - in a work tree without `--rev`, the working tree's `cairn.yml` (committed or not);
//! - with `--rev REV`, REV's own `cairn.yml`, or the working tree's when REV has none (with a
//!   note);
//! - commands that compare or walk revisions read every revision with the configuration of
//!   their head side (the working tree's when that side is the working tree), including
//!   revisions from before `cairn.yml` existed.

use std::path::{Path, PathBuf};

use git2::Repository;

use super::{discover, git};
use crate::error::Result;
use crate::model::{CONFIG_FILE, Config};

/// The state of the plan whose configuration applies: the working tree or a revision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Head<'a> {
    WorkTree,
    Revision(&'a str),
}

/// The configuration a command reads with, and what to tell the user about it.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub config: Config,
    /// Remarks such as "REV has no cairn.yml: read with the working tree's".
    pub notes: Vec<String>,
}

/// The plan root on disk found from `start`, if there is one (none in a bare repository or
/// when the plan exists only in history).
pub fn worktree_root(start: &Path) -> Option<PathBuf> {
    discover::find_root(start).ok()
}

/// The working tree's configuration: its `cairn.yml` (committed or not), the defaults when it
/// has none; `None` when there is no plan root on disk.
pub fn worktree_config(start: &Path) -> Result<Option<Config>> {
    match worktree_root(start) {
        Some(root) => discover::read_config(&root).map(Some),
        None => Ok(None),
    }
}

/// The configuration of `head` for a plan at `plan_path` in `repo`.
pub fn config_for(repo: &Repository, start: &Path, head: Head<'_>) -> Result<Resolved> {
    match head {
        Head::WorkTree => {
            if let Some(config) = worktree_config(start)? {
                return Ok(Resolved { config, notes: Vec::new() });
            }
            // No work tree (a bare repository): HEAD is the head side.
            config_for(repo, start, Head::Revision("HEAD"))
        }
        Head::Revision(rev) => {
            let tree = git::tree(repo, rev)?;
            let path = git::plan_path(repo, start, &tree)?;
            if let Some(config) = git::read_config(repo, &tree, &path)? {
                return Ok(Resolved { config, notes: Vec::new() });
            }
            match worktree_root(start) {
                Some(root) if root.join(CONFIG_FILE).exists() => Ok(Resolved {
                    config: discover::read_config(&root)?,
                    notes: vec![format!("`{rev}` has no {CONFIG_FILE}: its plan is read with the working tree's")],
                }),
                _ => Ok(Resolved { config: Config::default(), notes: Vec::new() }),
            }
        }
    }
}
