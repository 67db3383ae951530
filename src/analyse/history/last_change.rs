//! The last change of a file: what `cairn show` names and what `backlog/stale` measures.

use std::path::Path;

use git2::Repository;
use jiff::Timestamp;
use serde::Serialize;

/// The last commit that changed a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LastChange {
    pub commit: String,
    pub short: String,
    /// Author date, `YYYY-MM-DD`.
    pub date: String,
    pub author: String,
    pub subject: String,
}

/// What git knows about a file's last change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FileHistory {
    pub last_change: Option<LastChange>,
    /// The working tree differs from HEAD (or the file is not committed).
    pub uncommitted: bool,
    /// Why the last change cannot be known (a shallow clone ends before it), when it cannot.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unknown: Option<String>,
}

/// Date of a git time as `YYYY-MM-DD` in the commit's own offset.
pub fn git_date(time: git2::Time) -> String {
    let Ok(ts) = Timestamp::from_second(time.seconds() + i64::from(time.offset_minutes()) * 60) else {
        return String::new();
    };
    ts.to_zoned_datetime(jiff::tz::TimeZone::UTC).date().to_string()
}

/// The last commit on HEAD's first-parent line that changed `rel_path` (relative to the
/// repository root), and whether the working tree has uncommitted changes to it. `None`
/// outside a repository.
pub fn file_history(dir: &Path, rel_path: &str) -> Option<FileHistory> {
    let repo = Repository::discover(dir).ok()?;
    let path = Path::new(rel_path);
    let uncommitted =
        repo.workdir().is_some() && repo.status_file(path).map(crate::load::status::is_uncommitted).unwrap_or(false);
    let mut commit = match repo.head().and_then(|h| h.peel_to_commit()) {
        Ok(c) => c,
        Err(_) => return Some(FileHistory { last_change: None, uncommitted: true, unknown: None }),
    };
    let entry_id = |c: &git2::Commit<'_>| c.tree().ok().and_then(|t| t.get_path(path).ok()).map(|e| e.id());
    let mut current = entry_id(&commit);
    if current.is_none() {
        // Not in HEAD: a new file that was never committed at this path.
        return Some(FileHistory { last_change: None, uncommitted: true, unknown: None });
    }
    loop {
        let parent = commit.parent(0).ok();
        // The history stops before the file's last change: in a shallow clone that is the
        // clone's boundary, not the change (SPEC §6).
        if parent.is_none() && is_shallow_boundary(&repo, commit.id()) {
            return Some(FileHistory {
                last_change: None,
                uncommitted,
                unknown: Some(
                    "this is a shallow clone: fetch the full history (`git fetch --unshallow`) to see it".into(),
                ),
            });
        }
        let before = parent.as_ref().and_then(entry_id);
        if before != current {
            let sig = commit.author();
            let id = commit.id().to_string();
            return Some(FileHistory {
                last_change: Some(LastChange {
                    short: id.chars().take(7).collect(),
                    commit: id,
                    date: git_date(sig.when()),
                    author: sig.name().unwrap_or("unknown").to_string(),
                    subject: commit.summary().ok().flatten().unwrap_or("").to_string(),
                }),
                uncommitted,
                unknown: None,
            });
        }
        match parent {
            Some(p) => {
                commit = p;
                current = before;
            }
            None => return Some(FileHistory { last_change: None, uncommitted, unknown: None }),
        }
    }
}

/// Whether `commit` is where a shallow clone's history was cut (listed in `.git/shallow`).
fn is_shallow_boundary(repo: &Repository, commit: git2::Oid) -> bool {
    repo.is_shallow()
        && std::fs::read_to_string(repo.commondir().join("shallow"))
            .is_ok_and(|list| list.lines().any(|l| l.trim() == commit.to_string()))
}
