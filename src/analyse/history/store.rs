//! The history cache under `.git/cairn/`: what a walk learnt about each commit, so that the
//! next run over the same history reads only the new commits.
//!
//! Everything is keyed by commit id (a commit and its first parent never change) and, in the
//! file names, by cairn's version and a fingerprint of what the results depend on: the
//! plan's path in the repository and the configuration's folders, exclusions, statuses,
//! types, priority words and field names (`fields:` can change ids). Three sections, each
//! its own file, so a command reads only what it needs:
//!
//! - `files`: the item files each commit changed, with their blobs (every walk);
//! - `log`: each commit's changes in words (`cairn log`);
//! - `report`: each commit's item states as the report reads them (`cairn report`).
//!
//! Safe to delete at any time; never inside the work tree; a cache that cannot be read or
//! written is simply not used.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::model::Config;

/// The on-disk format; bump it when a section's content changes meaning.
const FORMAT: u32 = 1;

/// One section of the cache: values by commit id, read on first use.
#[derive(Debug)]
pub struct Section<T> {
    path: Option<PathBuf>,
    map: Option<HashMap<String, T>>,
    dirty: bool,
}

impl<T: Serialize + DeserializeOwned> Section<T> {
    fn new(path: Option<PathBuf>) -> Self {
        Section { path, map: None, dirty: false }
    }

    fn map(&mut self) -> &mut HashMap<String, T> {
        let path = self.path.as_deref();
        self.map.get_or_insert_with(|| {
            path.and_then(|p| std::fs::read(p).ok()).and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default()
        })
    }

    /// The value cached for a commit.
    pub fn get(&mut self, commit: git2::Oid) -> Option<&T> {
        self.map().get(&commit.to_string())
    }

    /// Whether a value is cached for a commit.
    pub fn has(&mut self, commit: git2::Oid) -> bool {
        self.map().contains_key(&commit.to_string())
    }

    /// Takes a commit's value out (after [`Store::save`]: what is taken is not written).
    pub fn take(&mut self, commit: git2::Oid) -> Option<T> {
        self.map().remove(&commit.to_string())
    }

    pub fn insert(&mut self, commit: git2::Oid, value: T) {
        self.map().insert(commit.to_string(), value);
        self.dirty = true;
    }

    /// Writes the section back if it changed: whole or not at all (a temporary file beside
    /// it, renamed over it). Failures are ignored: the cache is optional.
    fn save(&mut self) {
        let (Some(path), Some(map)) = (&self.path, &self.map) else { return };
        if !self.dirty {
            return;
        }
        if let Some(dir) = path.parent()
            && std::fs::create_dir_all(dir).is_ok()
            && let Ok(bytes) = serde_json::to_vec(map)
            && let Ok(mut tmp) = tempfile::NamedTempFile::new_in(dir)
            && std::io::Write::write_all(&mut tmp, &bytes).is_ok()
        {
            let _ = tmp.persist(path);
        }
        self.dirty = false;
    }
}

/// A changed item file as cached: its folder (index into the configuration's folders), path
/// relative to the folder, and blobs before and after.
pub type CachedFile = (usize, String, Option<String>, Option<String>);

/// An item's state as the report reads it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StateFacts {
    pub kind: crate::model::Kind,
    pub status: String,
    /// The target period as written in the canonical form (`2026-Q3`).
    pub target: Option<String>,
}

/// One item's states around a commit, as the report reads them.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PairFacts {
    pub id: String,
    pub old: Option<StateFacts>,
    pub new: Option<StateFacts>,
}

/// The cache of one plan's history, read with one configuration.
#[derive(Debug)]
pub struct Store {
    pub files: Section<Vec<CachedFile>>,
    pub log: Section<Vec<crate::analyse::diff::ItemChange>>,
    pub report: Section<Vec<PairFacts>>,
}

/// A stable hash of what history results depend on (FNV-1a over debug forms of ordered
/// values: deterministic for a given cairn version, which is part of the file names too).
fn fingerprint(plan_path: &str, config: &Config) -> u64 {
    let text = format!(
        "{plan_path}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}",
        config.roadmap_dirs,
        config.backlog_dirs,
        config.exclude.patterns(),
        config.statuses,
        config.fields,
        config.types,
        config.priorities
    );
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

impl Store {
    /// The cache of the repository whose shared git directory is `git_dir`, for the plan at
    /// `plan_path` read with `config`. `None` for `git_dir` keeps everything in memory.
    pub fn open(git_dir: Option<&Path>, plan_path: &str, config: &Config) -> Self {
        let name = |section: &str| {
            git_dir.map(|d| {
                d.join("cairn").join(format!(
                    "history-v{FORMAT}-{}-{:016x}-{section}.json",
                    env!("CARGO_PKG_VERSION"),
                    fingerprint(plan_path, config)
                ))
            })
        };
        Store {
            files: Section::new(name("files")),
            log: Section::new(name("log")),
            report: Section::new(name("report")),
        }
    }

    /// Writes back every section that changed.
    pub fn save(&mut self) {
        self.files.save();
        self.log.save();
        self.report.save();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_round_trip_through_disk() {
        let dir = tempfile::tempdir().unwrap();
        let config = Config::default();
        let commit = git2::Oid::from_bytes(&[7; 20]).unwrap();
        let mut store = Store::open(Some(dir.path()), "", &config);
        assert!(!store.files.has(commit));
        store.files.insert(commit, vec![(1, "a/S-1.md".into(), None, Some("ab".into()))]);
        store.save();
        let mut again = Store::open(Some(dir.path()), "", &config);
        assert_eq!(again.files.get(commit), Some(&vec![(1, "a/S-1.md".to_string(), None, Some("ab".to_string()))]));
        // Another plan path or configuration reads another cache.
        assert!(!Store::open(Some(dir.path()), "plan", &config).files.has(commit));
        let other = Config { backlog_dirs: vec!["tasks".into()], ..Config::default() };
        assert!(!Store::open(Some(dir.path()), "", &other).files.has(commit));
    }

    #[test]
    fn a_damaged_cache_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let config = Config::default();
        let mut store = Store::open(Some(dir.path()), "", &config);
        let commit = git2::Oid::from_bytes(&[1; 20]).unwrap();
        store.files.insert(commit, Vec::new());
        store.save();
        for entry in std::fs::read_dir(dir.path().join("cairn")).unwrap() {
            std::fs::write(entry.unwrap().path(), b"{not json").unwrap();
        }
        assert!(!Store::open(Some(dir.path()), "", &config).files.has(commit));
    }
}
