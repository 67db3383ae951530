//! Writing files safely: whole files, atomically (temp file + rename in the same folder), only
//! inside the plan root, never through a symbolic link, never replacing anything but a regular
//! file, keeping the permissions of a file that is replaced.

use std::io::Write;
use std::path::{Component, Path, PathBuf};

use crate::error::{CairnError, Result};

/// Whether a write created something or found it already there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteOutcome {
    Created,
    Exists,
}

/// Writes `contents` to a new file at `path`; leaves an existing file untouched.
///
/// The bytes go to a temporary file in the same folder, are flushed to disk, and the file is
/// then linked into place without replacing anything, so a reader never sees a partial file
/// and a failure leaves nothing behind.
pub fn write_new(path: &Path, contents: &[u8]) -> Result<WriteOutcome> {
    if path.symlink_metadata().is_ok() {
        return Ok(WriteOutcome::Exists);
    }
    let tmp = temp_with(path, contents, None)?;
    match tmp.persist_noclobber(path) {
        Ok(_) => Ok(WriteOutcome::Created),
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => Ok(WriteOutcome::Exists),
        Err(e) => Err(CairnError::io("create", path, e.error)),
    }
}

/// Creates a folder (and its parents) unless it exists.
pub fn create_dir(path: &Path) -> Result<WriteOutcome> {
    if path.is_dir() {
        return Ok(WriteOutcome::Exists);
    }
    std::fs::create_dir_all(path).map_err(|e| CairnError::io("create", path, e))?;
    Ok(WriteOutcome::Created)
}

/// The folder `rel` (relative, `/`-separated) under `root`, created where missing, without
/// following a symbolic link at any step: a write through it could land outside the plan
/// root. Returns the folder's path and whether it was created.
pub fn plan_dir(root: &Path, rel: &str) -> Result<(PathBuf, WriteOutcome)> {
    walk(root, rel, true)
}

/// The existing folder `rel` under `root`, reached without following a symbolic link at any
/// step; `None` when some part of it does not exist.
pub fn existing_plan_dir(root: &Path, rel: &str) -> Result<Option<PathBuf>> {
    match walk_inner(root, rel, false) {
        Ok((at, _)) => Ok(Some(at)),
        Err(WalkError::Missing) => Ok(None),
        Err(WalkError::Refused(e)) => Err(e),
    }
}

/// The existing plan file `rel` (relative to `root`, `/`-separated), reached without
/// following a symbolic link at any step, and a regular file: the only kind cairn edits.
pub fn plan_file(root: &Path, rel: &str) -> Result<PathBuf> {
    let (folder, name) = rel.rsplit_once('/').unwrap_or(("", rel));
    let Some(dir) = existing_plan_dir(root, folder)? else {
        return Err(CairnError::usage(format!("{rel} does not exist (it was moved or deleted)"), None));
    };
    let path = dir.join(name);
    match std::fs::symlink_metadata(&path) {
        Ok(m) if m.file_type().is_file() => Ok(path),
        Ok(m) => Err(CairnError::usage(
            format!(
                "{rel} is {}: cairn edits only regular files",
                if m.file_type().is_symlink() { "a symbolic link" } else { "not a regular file" }
            ),
            Some("replace the link with the file itself".into()),
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Err(CairnError::usage(format!("{rel} does not exist (it was moved or deleted)"), None))
        }
        Err(e) => Err(CairnError::io("read", &path, e)),
    }
}

/// Replaces the plan file `rel` under `root` by `contents`, atomically (a temporary file in
/// the same folder, renamed over it), keeping its permissions, never through a symbolic link,
/// and only while it still holds `expected`: the bytes are compared again just before the
/// rename, so an edit made meanwhile (by a person, an editor or another cairn) is never lost.
pub fn replace_if_unchanged(root: &Path, rel: &str, expected: &[u8], contents: &[u8]) -> Result<()> {
    let path = plan_file(root, rel)?;
    let changed = || {
        CairnError::usage(
            format!("{rel} changed while cairn was editing it; nothing was written"),
            Some("run the command again: it will apply to the file as it is now".into()),
        )
    };
    let read = |path: &Path| std::fs::read(path).map_err(|e| CairnError::io("read", path, e));
    if read(&path)? != expected {
        return Err(changed());
    }
    let permissions = std::fs::symlink_metadata(&path).map_err(|e| CairnError::io("read", &path, e))?.permissions();
    let tmp = temp_with(&path, contents, Some(permissions))?;
    // The last look before the rename: still a regular file reached without links, still
    // the bytes the edit was made from.
    let again = plan_file(root, rel)?;
    if again != path || read(&path)? != expected {
        return Err(changed());
    }
    tmp.persist(&path).map_err(|e| CairnError::io("write", &path, e.error))?;
    Ok(())
}

/// Moves the plan file `from` to `to` (both relative to `root`), creating `to`'s folder,
/// never through a symbolic link and never over an existing file, even one created after the
/// check: a hard link to the new name, then the old name removed (for a moment the file has
/// both names, never neither).
pub fn move_file(root: &Path, from: &str, to: &str) -> Result<()> {
    let source = plan_file(root, from)?;
    let (folder, name) = to.rsplit_once('/').unwrap_or(("", to));
    let (dir, _) = plan_dir(root, folder)?;
    let target = dir.join(name);
    let taken = || {
        CairnError::usage(
            format!("{to} already exists; nothing was moved"),
            Some("rename one of the two files, or give the item another id".into()),
        )
    };
    match std::fs::symlink_metadata(&target) {
        Ok(_) => return Err(taken()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(CairnError::io("read", &target, e)),
    }
    // A hard link never replaces an existing file, so a file created at the target after the
    // check above is not clobbered; the rename below is for file systems without hard links.
    match std::fs::hard_link(&source, &target) {
        Ok(()) => std::fs::remove_file(&source).map_err(|e| {
            let _ = std::fs::remove_file(&target);
            CairnError::io("move", &source, e)
        }),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(taken()),
        Err(_) => std::fs::rename(&source, &target).map_err(|e| CairnError::io("move", &source, e)),
    }
}

enum WalkError {
    Missing,
    Refused(CairnError),
}

impl From<CairnError> for WalkError {
    fn from(e: CairnError) -> Self {
        WalkError::Refused(e)
    }
}

fn walk(root: &Path, rel: &str, create: bool) -> Result<(PathBuf, WriteOutcome)> {
    walk_inner(root, rel, create).map_err(|e| match e {
        WalkError::Refused(e) => e,
        WalkError::Missing => CairnError::usage(format!("{rel} does not exist"), None),
    })
}

fn walk_inner(root: &Path, rel: &str, create: bool) -> Result<(PathBuf, WriteOutcome), WalkError> {
    let mut at = root.to_path_buf();
    let mut outcome = WriteOutcome::Exists;
    for part in Path::new(rel).components() {
        let Component::Normal(name) = part else {
            return Err(CairnError::usage(format!("`{rel}` is not a folder inside the plan root"), None).into());
        };
        at.push(name);
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => {
                return Err(CairnError::usage(
                    format!("{} is a symbolic link: cairn does not write through it", at.display()),
                    Some("replace the link with a real folder inside the plan root".into()),
                )
                .into());
            }
            Ok(m) if m.is_dir() => {}
            Ok(_) => {
                return Err(CairnError::usage(format!("{} is not a folder", at.display()), None).into());
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !create => return Err(WalkError::Missing),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                std::fs::create_dir(&at).map_err(|e| CairnError::io("create", &at, e))?;
                outcome = WriteOutcome::Created;
            }
            Err(e) => return Err(CairnError::io("read", &at, e).into()),
        }
    }
    Ok((at, outcome))
}

/// Writes `contents` to `path` atomically, replacing the file if it exists (for outputs such
/// as `export html --output`): a reader sees the old file or the new one, never a part. Only a
/// regular file is replaced (never a link, a folder, a FIFO or a device), and it keeps its
/// permissions.
pub fn replace_file(path: &Path, contents: &[u8]) -> Result<()> {
    let keep = replaceable(path)?;
    let tmp = temp_with(path, contents, keep)?;
    tmp.persist(path).map_err(|e| CairnError::io("write", path, e.error))?;
    Ok(())
}

/// [`replace_file`] for several files at once: every target is checked, and every new
/// content written to a temporary file, before the first one is replaced, so a refused
/// target (a symbolic link, a folder) leaves all of them untouched.
pub fn replace_files(files: &[(PathBuf, Vec<u8>)]) -> Result<()> {
    let keep: Vec<_> = files.iter().map(|(path, _)| replaceable(path)).collect::<Result<_>>()?;
    let temps: Vec<_> = files
        .iter()
        .zip(keep)
        .map(|((path, contents), keep)| temp_with(path, contents, keep))
        .collect::<Result<_>>()?;
    for ((path, _), tmp) in files.iter().zip(temps) {
        tmp.persist(path).map_err(|e| CairnError::io("write", path, e.error))?;
    }
    Ok(())
}

/// The permissions to keep when `path` may be replaced (`None`: it does not exist yet); an
/// error when it is not a regular file.
fn replaceable(path: &Path) -> Result<Option<std::fs::Permissions>> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_file() => Ok(Some(m.permissions())),
        Ok(m) => {
            let what = if m.file_type().is_symlink() {
                "a symbolic link"
            } else if m.is_dir() {
                "a folder"
            } else {
                "not a regular file (a FIFO, a socket or a device)"
            };
            Err(CairnError::usage(
                format!("{} is {what}: cairn replaces only regular files", path.display()),
                Some("choose another output path".into()),
            ))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(CairnError::io("read", path, e)),
    }
}

/// A temporary file beside `path` holding `contents`, flushed to disk, with `permissions` (or
/// ordinary ones). Dropped unpersisted (on any error), it is removed.
fn temp_with(
    path: &Path,
    contents: &[u8],
    permissions: Option<std::fs::Permissions>,
) -> Result<tempfile::NamedTempFile> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(".cairn-").suffix(".tmp");
    match permissions {
        Some(p) => {
            builder.permissions(p);
        }
        // Temp files are private (0600) by default; a plan file is an ordinary file, readable
        // as the umask allows, like one written by an editor.
        #[cfg(unix)]
        None => {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        #[cfg(not(unix))]
        None => {}
    }
    if !dir.is_dir() {
        let missing =
            std::io::Error::new(std::io::ErrorKind::NotFound, format!("the folder {} does not exist", dir.display()));
        return Err(CairnError::Io {
            action: "write",
            path: path.to_path_buf(),
            source: missing,
            help: Some("create the folder first, or choose another output path".into()),
        });
    }
    // tempfile's own error names the temporary file; the user named the folder.
    let mut tmp = builder
        .tempfile_in(dir)
        .map_err(|e| CairnError::io("create a file in", dir, std::io::Error::new(e.kind(), e.kind().to_string())))?;
    tmp.write_all(contents).map_err(|e| CairnError::io("write", tmp.path().to_path_buf(), e))?;
    tmp.as_file().sync_all().map_err(|e| CairnError::io("write", tmp.path().to_path_buf(), e))?;
    Ok(tmp)
}
