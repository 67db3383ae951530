//! Which plan files have uncommitted changes: one working-tree status pass for the whole
//! plan, never one per file.
//!
//! `git status` for a single path still reads the whole index and walks HEAD's trees, so
//! asking path by path costs index size × paths (quadratic in the plan's size); one pass
//! restricted to the wanted paths costs one index read, one tree walk and a `stat` per path.

use std::collections::HashSet;

use git2::{Repository, Status, StatusOptions};

/// Whether a status means "changed since HEAD": staged or not, or never committed. Ignored
/// files and files git reports as current are not.
pub fn is_uncommitted(status: Status) -> bool {
    !status.is_empty() && status != Status::CURRENT && !status.contains(Status::IGNORED)
}

/// The paths among `paths` (relative to the repository's work tree, `/`-separated) whose
/// working-tree file differs from HEAD or the index, or is not committed at all. A
/// repository without a work tree, or a status that cannot be read, has none.
pub fn uncommitted(repo: &Repository, paths: &[String]) -> HashSet<String> {
    if paths.is_empty() || repo.workdir().is_none() {
        return HashSet::new();
    }
    let mut options = StatusOptions::new();
    options
        .include_untracked(true)
        .recurse_untracked_dirs(true)
        .include_ignored(false)
        .include_unmodified(false)
        .exclude_submodules(true)
        .renames_head_to_index(false)
        .renames_index_to_workdir(false)
        // The paths are exact file names, never patterns.
        .disable_pathspec_match(true);
    for path in paths {
        options.pathspec(path);
    }
    let Ok(statuses) = repo.statuses(Some(&mut options)) else {
        return HashSet::new();
    };
    let wanted: HashSet<&str> = paths.iter().map(String::as_str).collect();
    statuses
        .iter()
        .filter(|e| is_uncommitted(e.status()))
        .filter_map(|e| e.path().ok().filter(|p| wanted.contains(p)).map(str::to_string))
        .collect()
}
