//! Reading the plan from the working tree with walkdir.

use std::fs;
use std::path::Path;

use rayon::prelude::*;
use walkdir::WalkDir;

use super::decode::MAX_FILE_BYTES;
use super::{RawFile, ReadProblem, is_archived, is_item_name, is_walked_dir};
use crate::model::Config;
use crate::model::Kind;
use crate::model::diagnostic::Diagnostic;

/// What the walk of the working tree found besides the files.
#[derive(Debug, Default)]
pub struct WalkProblems {
    /// Folders that could not be walked, symbolic links in place of plan folders, names that
    /// are not UTF-8: findings of `cairn check`.
    pub diagnostics: Vec<Diagnostic>,
    /// Configured plan folders that do not exist.
    pub missing: Vec<String>,
}

/// Lists every item file under the plan folders of `root`, without reading any (each is
/// read by [`Found::read`], so that a loader can decode each file as soon as it is read).
///
/// Symbolic links are never followed (a linked `.md` file or plan folder is reported),
/// hidden folders are skipped, excluded files are left out, and folders that cannot be read
/// become diagnostics.
pub fn list_files(root: &Path, config: &Config) -> (Vec<Found>, WalkProblems) {
    let mut found: Vec<Found> = Vec::new();
    let mut problems = WalkProblems::default();
    for (kind, folder) in config.folders() {
        let base = root.join(folder);
        match fs::symlink_metadata(&base) {
            Ok(m) if m.file_type().is_symlink() => {
                problems.diagnostics.push(super::linked_folder(folder));
                continue;
            }
            Ok(m) if m.is_dir() => {}
            Ok(_) => {
                problems.diagnostics.push(super::unreadable_folder(folder, "not a folder"));
                continue;
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                problems.missing.push(folder.to_string());
                continue;
            }
            Err(e) => {
                problems.diagnostics.push(super::unreadable_folder(folder, &e.to_string()));
                continue;
            }
        }
        // A folder above the plan folder that is a symbolic link (`plans/` → elsewhere) is
        // reported too: reading through it would read outside the plan root.
        if let Some(link) = linked_parent(root, folder) {
            problems.diagnostics.push(super::linked_folder(&link));
            continue;
        }
        // A folder whose name is not UTF-8 is reported below and not entered, as in git trees.
        let walker = WalkDir::new(&base).follow_links(false).sort_by_file_name().into_iter().filter_entry(|e| {
            e.depth() == 0 || !e.file_type().is_dir() || e.file_name().to_str().is_none_or(is_walked_dir)
        });
        let mut skipped: Vec<std::path::PathBuf> = Vec::new();
        for entry in walker {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    let at =
                        e.path().and_then(|p| p.strip_prefix(root).ok()).map_or_else(|| folder.to_string(), slash_path);
                    let reason = e.io_error().map_or_else(|| e.to_string(), ToString::to_string);
                    problems.diagnostics.push(super::unreadable_folder(&at, &reason));
                    continue;
                }
            };
            let ft = entry.file_type();
            if ft.is_dir() {
                if entry.depth() > 0 && entry.file_name().to_str().is_none() {
                    let at = entry.path().strip_prefix(root).map_or_else(|_| folder.to_string(), slash_path);
                    problems.diagnostics.push(super::unreadable_folder(
                        &at,
                        "the name is not valid UTF-8, so it cannot be named in the plan; rename it",
                    ));
                    skipped.push(entry.path().to_path_buf());
                }
                continue;
            }
            if skipped.iter().any(|d| entry.path().starts_with(d)) {
                continue;
            }
            let name = entry.file_name().to_string_lossy();
            if !is_item_name(&name) {
                continue;
            }
            let Ok(rel_folder) = entry.path().strip_prefix(&base) else {
                continue;
            };
            let rel_folder = slash_path(rel_folder);
            let path = format!("{folder}/{rel_folder}");
            if config.exclude.matches(&path) {
                continue;
            }
            let archived = kind == Kind::Backlog && is_archived(&rel_folder);
            let problem = if ft.is_symlink() {
                Some(ReadProblem::Symlink)
            } else if entry.file_name().to_str().is_none() {
                Some(ReadProblem::Io("the file name is not valid UTF-8; rename the file".into()))
            } else {
                None
            };
            found.push(Found { path, kind, archived, disk: entry.into_path(), problem });
        }
    }
    (found, problems)
}

/// Lists and reads every item file under the plan folders of `root` (see [`list_files`]).
pub fn read_files(root: &Path, config: &Config) -> (Vec<RawFile>, WalkProblems) {
    let (found, problems) = list_files(root, config);
    (found.into_par_iter().map(Found::read).collect(), problems)
}

/// An item file found by the walk, before reading.
#[derive(Debug)]
pub struct Found {
    path: String,
    kind: Kind,
    archived: bool,
    disk: std::path::PathBuf,
    problem: Option<ReadProblem>,
}

impl Found {
    /// Reads the file's bytes (or says why they cannot be read).
    pub fn read(self) -> RawFile {
        let content = match self.problem {
            Some(problem) => Err(problem),
            None => read_file(&self.disk),
        };
        RawFile { path: self.path, kind: self.kind, archived: self.archived, content }
    }
}

/// The bytes of a regular file of at most [`MAX_FILE_BYTES`]. A FIFO or a device is never
/// read (a read could block) and a symbolic link is not followed: on Unix the file is opened
/// without following links and without blocking, then checked on the open descriptor (one
/// path lookup, and nothing can be swapped in between the check and the read).
pub fn read_file(path: &Path) -> Result<Vec<u8>, ReadProblem> {
    use std::io::Read;
    let io = |e: std::io::Error| ReadProblem::Io(e.to_string());
    #[cfg(unix)]
    let mut file = {
        use std::os::unix::fs::OpenOptionsExt;
        fs::OpenOptions::new().read(true).custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK).open(path).map_err(io)?
    };
    #[cfg(not(unix))]
    let mut file = {
        if fs::symlink_metadata(path).map_err(io)?.file_type().is_symlink() {
            return Err(ReadProblem::Symlink);
        }
        fs::File::open(path).map_err(io)?
    };
    let meta = file.metadata().map_err(io)?;
    if !meta.is_file() {
        return Err(ReadProblem::Io("not a regular file".into()));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(ReadProblem::TooLarge(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize + 1);
    file.read_to_end(&mut bytes).map_err(io)?;
    match bytes.len() as u64 {
        n if n > MAX_FILE_BYTES => Err(ReadProblem::TooLarge(n)),
        _ => Ok(bytes),
    }
}

/// The first folder between `root` and `root/folder` (exclusive of root) that is a symbolic
/// link, as a plan-relative path.
fn linked_parent(root: &Path, folder: &str) -> Option<String> {
    let parts: Vec<&str> = folder.split('/').collect();
    (1..parts.len())
        .map(|n| parts[..n].join("/"))
        .find(|p| fs::symlink_metadata(root.join(p)).is_ok_and(|m| m.file_type().is_symlink()))
}

/// A relative path with `/` separators.
fn slash_path(p: &Path) -> String {
    p.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}
