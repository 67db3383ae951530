//! A lock held while `cairn new` scans the ids in use and creates the file, so that two runs
//! at the same moment never mint the same id (SPEC §7). The lock is a file created with
//! exclusive create: under `.git/cairn/` in a repository (shared by every worktree), else a
//! hidden file at the plan root. A lock older than `STALE` (30 s) (a crashed run) is taken over.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use crate::error::{CairnError, Result};

/// How long to wait for another `cairn new` before giving up.
const WAIT: Duration = Duration::from_secs(10);
/// A lock this old belongs to a run that died: it is removed.
const STALE: Duration = Duration::from_secs(30);

/// The held lock; released (the file removed) on drop.
#[derive(Debug)]
pub struct MintLock {
    path: PathBuf,
}

impl MintLock {
    /// Takes the lock for the plan at `root`, waiting for another run to finish.
    pub fn acquire(root: &Path) -> Result<MintLock> {
        let path = lock_path(root);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| CairnError::io("create", dir, e))?;
        }
        let started = Instant::now();
        let mut pause = Duration::from_millis(2);
        loop {
            match std::fs::OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(_) => return Ok(MintLock { path }),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let age = std::fs::metadata(&path)
                        .and_then(|m| m.modified())
                        .ok()
                        .and_then(|t| SystemTime::now().duration_since(t).ok());
                    if age.is_some_and(|a| a > STALE) {
                        let _ = std::fs::remove_file(&path);
                        continue;
                    }
                    if started.elapsed() > WAIT {
                        return Err(CairnError::usage(
                            format!("another `cairn new` holds {} (waited {} s)", path.display(), WAIT.as_secs()),
                            Some("wait for it to finish, or remove the file if no cairn is running".into()),
                        ));
                    }
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(50));
                }
                Err(e) => return Err(CairnError::io("create", &path, e)),
            }
        }
    }
}

impl Drop for MintLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Where the lock lives for the plan at `root`.
fn lock_path(root: &Path) -> PathBuf {
    match git2::Repository::discover(root) {
        Ok(repo) => repo.commondir().join("cairn").join("new.lock"),
        Err(_) => root.join(".cairn-new.lock"),
    }
}
