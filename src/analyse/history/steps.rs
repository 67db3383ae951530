//! The commits a history walk visits, newest first: each with the parent it is compared with.

use git2::Repository;

use super::Progress;
use super::engine::{SHALLOW_HELP, WalkOptions};
use crate::error::{CairnError, Result};

/// One step of a walk: a commit and the parent it is compared with.
#[derive(Debug, Clone, Copy)]
pub(super) struct Step {
    pub(super) commit: git2::Oid,
    pub(super) parent: Option<git2::Oid>,
}

/// The steps of a walk, newest first, read from a revision walk as they are needed. Following
/// every parent, merges are left out (their changes are shown by the merged commits).
pub(super) struct Steps<'r> {
    walk: git2::Revwalk<'r>,
    first_parent: bool,
}

impl<'r> Steps<'r> {
    pub(super) fn new(repo: &'r Repository, options: &WalkOptions) -> Result<Self> {
        let start = crate::load::git::commit_id(repo, &options.start)?;
        let mut walk =
            repo.revwalk().map_err(|e| CairnError::git(format!("cannot walk history: {}", e.message()), None))?;
        walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::TIME)
            .map_err(|e| CairnError::git(e.message().to_string(), None))?;
        walk.push(start).map_err(|e| CairnError::git(e.message().to_string(), None))?;
        if options.first_parent {
            walk.simplify_first_parent().map_err(|e| CairnError::git(e.message().to_string(), None))?;
        }
        Ok(Steps { walk, first_parent: options.first_parent })
    }

    /// Up to `n` more steps. The [`Progress`] hears of every commit read.
    pub(super) fn next(&mut self, repo: &Repository, progress: &dyn Progress, n: usize) -> Result<Vec<Step>> {
        let mut out = Vec::new();
        while out.len() < n {
            let Some(oid) = self.walk.next() else { break };
            let oid = oid.map_err(|e| {
                CairnError::git(format!("cannot walk history: {}", e.message()), Some(SHALLOW_HELP.into()))
            })?;
            progress.tick();
            let commit = repo.find_commit(oid).map_err(|e| CairnError::git(e.message().to_string(), None))?;
            if !self.first_parent && commit.parent_count() > 1 {
                continue;
            }
            out.push(Step { commit: oid, parent: commit.parent_id(0).ok() });
        }
        Ok(out)
    }
}
