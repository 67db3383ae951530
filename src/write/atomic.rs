//! Writing files safely: whole files, atomically (temp file + rename in the same folder),
//! never replacing an existing file.

use std::io::Write;
use std::path::Path;

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
    let tmp = temp_with(path, contents)?;
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

/// Writes `contents` to `path` atomically, replacing the file if it exists (for outputs
/// such as `export html --output`): a reader sees the old file or the new one, never a part.
pub fn replace_file(path: &Path, contents: &[u8]) -> Result<()> {
    let tmp = temp_with(path, contents)?;
    tmp.persist(path).map_err(|e| CairnError::io("write", path, e.error))?;
    Ok(())
}

/// A temporary file beside `path` holding `contents`, flushed to disk. Dropped unpersisted
/// (on any error), it is removed.
fn temp_with(path: &Path, contents: &[u8]) -> Result<tempfile::NamedTempFile> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(".cairn-").suffix(".tmp");
    // Temp files are private (0600) by default; a plan file is an ordinary file, readable
    // as the umask allows, like one written by an editor.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(|e| CairnError::io("create a file in", dir, e))?;
    tmp.write_all(contents).map_err(|e| CairnError::io("write", tmp.path().to_path_buf(), e))?;
    tmp.as_file().sync_all().map_err(|e| CairnError::io("write", tmp.path().to_path_buf(), e))?;
    Ok(tmp)
}
