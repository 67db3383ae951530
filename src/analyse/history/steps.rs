//! The commits a history walk visits, newest first: each with the parent it is compared with.

use git2::Repository;

use super::Progress;
use crate::error::{CairnError, Result};

/// The help line for history that a shallow clone cannot give.
pub const SHALLOW_HELP: &str =
    "fetch the full history: `git fetch --unshallow`, or `fetch-depth: 0` with actions/checkout";

/// How to walk history.
#[derive(Debug, Clone)]
pub struct WalkOptions {
    /// Where to start (a rev-spec); HEAD by default.
    pub start: String,
    /// Follow only first parents (the default), or every parent.
    pub first_parent: bool,
    /// Credit a merge's changes to the authors of the merged commits (`cairn log`).
    pub credit_merges: bool,
}

/// One step of a walk: a commit and the parent it is compared with.
#[derive(Debug, Clone, Copy)]
pub(super) struct Step {
    pub(super) commit: git2::Oid,
    pub(super) parent: Option<git2::Oid>,
    /// The commit has more than one parent.
    pub(super) merge: bool,
}

/// The steps of a walk, newest first, read as they are needed. Following first parents, the
/// chain is read one commit at a time (a sorted revision walk would read every commit of the
/// history before the first one); following every parent, merges are steps too (what a
/// merge wrote itself is told apart from what it brought by the walk).
pub(super) enum Steps<'r> {
    FirstParent(Option<git2::Oid>),
    All(git2::Revwalk<'r>),
}

impl<'r> Steps<'r> {
    pub(super) fn new(repo: &'r Repository, options: &WalkOptions) -> Result<Self> {
        let start = crate::load::git::commit_id(repo, &options.start)?;
        if options.first_parent {
            return Ok(Steps::FirstParent(Some(start)));
        }
        let mut walk =
            repo.revwalk().map_err(|e| CairnError::git(format!("cannot walk history: {}", e.message()), None))?;
        walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::TIME)
            .map_err(|e| CairnError::git(e.message().to_string(), None))?;
        walk.push(start).map_err(|e| CairnError::git(e.message().to_string(), None))?;
        Ok(Steps::All(walk))
    }

    /// Up to `n` more steps. The [`Progress`] hears of every commit read.
    pub(super) fn next(&mut self, repo: &Repository, progress: &dyn Progress, n: usize) -> Result<Vec<Step>> {
        let walk_error = |e: git2::Error| {
            CairnError::git(format!("cannot walk history: {}", e.message()), Some(SHALLOW_HELP.into()))
        };
        let mut out = Vec::new();
        while out.len() < n {
            let oid = match self {
                Steps::FirstParent(next) => match next.take() {
                    Some(oid) => oid,
                    None => break,
                },
                Steps::All(walk) => match walk.next() {
                    Some(oid) => oid.map_err(walk_error)?,
                    None => break,
                },
            };
            progress.tick();
            let commit = repo.find_commit(oid).map_err(walk_error)?;
            let parent = commit.parent_id(0).ok();
            if let Steps::FirstParent(next) = self {
                *next = parent;
            }
            out.push(Step { commit: oid, parent, merge: commit.parent_count() > 1 });
        }
        Ok(out)
    }
}
