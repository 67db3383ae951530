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

/// [`uncommitted`] for the active backlog items of a working-tree plan, found first by
/// content: a file whose bytes are HEAD's blob (its id taken at load, in
/// `Loaded::active_blobs`) has nothing uncommitted, and only the others are asked of git's
/// status (which knows the untracked, the staged and the files a filter such as
/// `core.autocrlf` rewrites). On a clean working tree no status pass runs at all. A change
/// staged and then undone in the working tree is no change: the file is HEAD's.
/// `paths` and the result are plan-relative; `prefix` is the plan's path in the repository.
pub fn uncommitted_active(
    repo: &Repository,
    prefix: &str,
    paths: &[&str],
    active_blobs: &std::collections::HashMap<String, [u8; 20]>,
) -> HashSet<String> {
    // HEAD's folders, each read once (libgit2 does not cache large trees, so a lookup by
    // full path would parse a folder of thousands of files once per file).
    let head = repo.head().and_then(|h| h.peel_to_tree()).ok();
    let mut folders: std::collections::HashMap<&str, Option<git2::Tree<'_>>> = std::collections::HashMap::new();
    let mut asked = Vec::new();
    for path in paths {
        let (folder, name) = path.rsplit_once('/').unwrap_or(("", path));
        let tree = folders.entry(folder).or_insert_with(|| {
            let head = head.as_ref()?;
            let at = format!("{prefix}{folder}");
            match at.trim_end_matches('/') {
                "" => Some(head.clone()),
                at => head.get_path(std::path::Path::new(at)).ok().and_then(|e| repo.find_tree(e.id()).ok()),
            }
        });
        let at_head = tree.as_ref().and_then(|t| t.get_name(name).map(|e| e.id()));
        let committed = match (at_head, active_blobs.get(*path)) {
            (Some(id), Some(read)) => id.as_bytes() == read.as_slice(),
            _ => false,
        };
        if !committed {
            asked.push(format!("{prefix}{path}"));
        }
    }
    uncommitted(repo, &asked).into_iter().filter_map(|p| p.strip_prefix(prefix).map(str::to_string)).collect()
}
