//! Finding the plan root like git finds `.git`, and reading its configuration.

use std::path::{Path, PathBuf};

use crate::error::{CairnError, Result};
use crate::model::{CONFIG_FILE, Config};

/// Whether `dir` is a plan root: it holds `cairn.yml`, `roadmap/` or `backlog/`.
pub fn is_plan_root(dir: &Path) -> bool {
    let exists = |p: &Path| std::fs::symlink_metadata(p).is_ok();
    exists(&dir.join(CONFIG_FILE)) || dir.join("roadmap").is_dir() || dir.join("backlog").is_dir()
}

/// The directory to start from: `-C DIR` or the current directory, made absolute.
pub fn start_dir(root_flag: Option<&Path>) -> Result<PathBuf> {
    let cwd = std::env::current_dir().map_err(|e| CairnError::io("read", ".", e))?;
    let dir = match root_flag {
        Some(p) if p.is_absolute() => p.to_path_buf(),
        Some(p) => cwd.join(p),
        None => cwd,
    };
    match std::fs::metadata(&dir) {
        Ok(m) if m.is_dir() => Ok(dir),
        Ok(_) => Err(CairnError::BadRoot { path: dir, reason: "not a directory".into() }),
        Err(e) => Err(CairnError::BadRoot { path: dir, reason: e.to_string() }),
    }
}

/// The plan root: from `start` upwards, the first directory that is a plan root.
pub fn find_root(start: &Path) -> Result<PathBuf> {
    start
        .ancestors()
        .find(|dir| is_plan_root(dir))
        .map(Path::to_path_buf)
        .ok_or_else(|| CairnError::NoPlan { start: start.to_path_buf() })
}

/// Reads `cairn.yml` at the plan root; the defaults when there is none. A `cairn.yml` that is
/// a folder, or a symbolic link to nothing, is an error, never silently the defaults.
pub fn read_config(root: &Path) -> Result<Config> {
    let path = root.join(CONFIG_FILE);
    match std::fs::read(&path) {
        Ok(bytes) => config_from_bytes(&bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => match std::fs::symlink_metadata(&path) {
            Ok(_) => Err(CairnError::usage(
                format!("{} is a symbolic link to a file that does not exist", path.display()),
                Some("point it at a real file, or remove it to use the defaults".to_string()),
            )),
            Err(_) => Ok(Config::default()),
        },
        Err(e) => Err(CairnError::Io {
            action: "read",
            path,
            source: e,
            help: Some(format!("{CONFIG_FILE} must be a file (it configures the plan; see docs/format.md)")),
        }),
    }
}

/// Parses `cairn.yml` bytes (from disk or from a git blob).
pub fn config_from_bytes(bytes: &[u8]) -> Result<Config> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        CairnError::usage(
            format!("{CONFIG_FILE} is not valid UTF-8 (invalid byte at offset {})", e.valid_up_to()),
            Some("save cairn.yml as UTF-8".into()),
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    Ok(super::config::parse(text, CONFIG_FILE)?)
}
