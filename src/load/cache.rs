//! A cache of what the link rules need from each file version (id, status, links), kept
//! under `.git/cairn/` so that `cairn diff A B` reads only the files the change touched.
//!
//! Keyed by blob id, kind (the same bytes read as an initiative or as a backlog item give
//! other facts: default status, `initiative:`, `target:`) and file stem (an item's default id
//! is its file name), and by cairn's version (in the file name). Safe to delete at any time; never inside the work tree; a
//! cache that cannot be read or written, or whose checksum does not match, is simply not used.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::load::decode::Decoded;
use crate::model::Config;
use crate::model::{BrokenFile, Item, Kind, SourceFile};

/// What the link rules need from one file version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub id: String,
    pub title: String,
    /// The file could not be decoded (its id is the file name).
    pub broken: bool,
    pub status: String,
    pub initiative: Option<String>,
    pub depends_on: Vec<String>,
    /// What rules and the diff's roadmap impact read across items: the priority (two
    /// initiatives sharing one), the start and target (dependent initiatives that overlap).
    #[serde(default)]
    pub priority: Option<u64>,
    #[serde(default)]
    pub start: Option<String>,
    #[serde(default)]
    pub target: Option<String>,
}

impl Summary {
    pub fn of(decoded: &Decoded) -> Self {
        match &decoded.item {
            Some(i) => Summary {
                id: i.id.clone(),
                title: i.title.clone(),
                broken: false,
                status: i.status.clone(),
                initiative: i.initiative.clone(),
                depends_on: i.depends_on.clone(),
                priority: i.priority,
                start: i.start.map(|p| p.to_string()),
                target: i.target.map(|p| p.to_string()),
            },
            None => Summary {
                id: decoded.fallback_id.clone(),
                title: String::new(),
                broken: true,
                status: String::new(),
                initiative: None,
                depends_on: Vec::new(),
                priority: None,
                start: None,
                target: None,
            },
        }
    }

    /// A stand-in item carrying only what the link rules read (no text, no body).
    pub fn to_item(&self, path: &str, kind: Kind, archived: bool, config: &Config) -> Result<Item, BrokenFile> {
        if self.broken {
            return Err(BrokenFile { path: path.to_string(), kind, id: self.id.clone() });
        }
        let source = Arc::new(SourceFile { path: path.to_string(), text: String::new() });
        Ok(Item {
            title: self.title.clone(),
            status: self.status.clone(),
            category: config.statuses.category(kind, &self.status),
            initiative: self.initiative.clone(),
            depends_on: self.depends_on.clone(),
            priority: self.priority,
            start: self.start.as_deref().and_then(|p| p.parse().ok()),
            target: self.target.as_deref().and_then(|p| p.parse().ok()),
            ..Item::blank(self.id.clone(), kind, archived, source)
        })
    }
}

/// A cache being written on a thread of its own while the command goes on; waited for when
/// dropped (or by [`PendingWrite::wait`]), so that no run ends halfway through a write.
#[derive(Debug, Default)]
pub struct PendingWrite(Option<std::thread::JoinHandle<()>>);

impl PendingWrite {
    /// Starts writing `cache` back (written here and now if no thread can be started).
    pub fn start(cache: SummaryCache) -> Self {
        let cache = std::sync::Arc::new(cache);
        let writer = std::sync::Arc::clone(&cache);
        match std::thread::Builder::new().spawn(move || writer.save()) {
            Ok(handle) => PendingWrite(Some(handle)),
            Err(_) => {
                cache.save();
                PendingWrite(None)
            }
        }
    }

    /// Waits until the cache is written.
    pub fn wait(&mut self) {
        if let Some(handle) = self.0.take() {
            let _ = handle.join();
        }
    }
}

impl Drop for PendingWrite {
    fn drop(&mut self) {
        self.wait();
    }
}

/// The on-disk cache of summaries.
#[derive(Debug, Default)]
pub struct SummaryCache {
    path: Option<PathBuf>,
    map: HashMap<String, Summary>,
    dirty: bool,
}

/// A stable hash of what decoding depends on in a configuration (FNV-1a over its debug form:
/// deterministic for a given cairn version, which is part of the file name too).
fn config_hash(config: &Config) -> u64 {
    let text = format!("{:?}{:?}{:?}{:?}", config.statuses, config.fields, config.types, config.priorities);
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// A checksum of cache bytes, so that a damaged cache (a byte changed inside a value that
/// still parses) is never read as a wrong answer: 8 bytes at a time, each word xored in and
/// multiplied by an odd constant (one word changed always changes the sum). Not for
/// adversaries; fast enough to check every value read.
pub fn checksum(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325 ^ bytes.len() as u64;
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        let mut w = [0u8; 8];
        w.copy_from_slice(word);
        hash = (hash ^ u64::from_le_bytes(w)).wrapping_mul(0x0100_0000_01b3);
        hash ^= hash >> 29;
    }
    for &byte in words.remainder() {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// The map of a cache file: its checksum line, then its JSON; `None` when either is damaged.
fn checked_json(bytes: &[u8]) -> Option<HashMap<String, Summary>> {
    let newline = bytes.iter().position(|&b| b == b'\n')?;
    let sum = u64::from_str_radix(std::str::from_utf8(&bytes[..newline]).ok()?, 16).ok()?;
    let json = &bytes[newline + 1..];
    (checksum(json) == sum).then(|| serde_json::from_slice(json).ok()).flatten()
}

/// The cache's key of a blob read as `kind` from a file named `stem`.
pub fn key(blob: git2::Oid, kind: Kind, stem: &str) -> String {
    format!("{blob}:{kind}:{stem}")
}

impl SummaryCache {
    /// Opens the cache of the repository whose git directory is `git_dir`, for plans read
    /// with `config` (a summary depends on it: `fields:` can change an item's id).
    pub fn open(git_dir: &Path, config: &Config) -> Self {
        let name = format!("links-v5-{}-{:016x}.json", env!("CARGO_PKG_VERSION"), config_hash(config));
        let path = git_dir.join("cairn").join(name);
        let map = std::fs::read(&path).ok().and_then(|b| checked_json(&b)).unwrap_or_default();
        SummaryCache { path: Some(path), map, dirty: false }
    }

    /// The summary under a key made by [`key`].
    pub fn get(&self, key: &str) -> Option<&Summary> {
        self.map.get(key)
    }

    /// Remembers summaries under keys made by [`key`].
    pub fn extend(&mut self, summaries: impl IntoIterator<Item = (String, Summary)>) {
        let before = self.map.len();
        self.map.extend(summaries);
        self.dirty |= self.map.len() != before;
    }

    /// Writes the cache back if it changed; failures are ignored (the cache is optional).
    pub fn save(&self) {
        let Some(path) = &self.path else { return };
        if !self.dirty {
            return;
        }
        if let Some(dir) = path.parent()
            && std::fs::create_dir_all(dir).is_ok()
            && let Ok(json) = serde_json::to_vec(&self.map)
        {
            let mut bytes = format!("{:016x}\n", checksum(&json)).into_bytes();
            bytes.extend_from_slice(&json);
            // Whole or not at all: a temp file beside the cache, renamed over it.
            if let Ok(mut tmp) = tempfile::NamedTempFile::new_in(dir)
                && std::io::Write::write_all(&mut tmp, &bytes).is_ok()
            {
                let _ = tmp.persist(path);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::decode::{Detail, decode_with};
    use crate::load::{RawFile, discover};

    #[test]
    fn a_changed_byte_changes_the_checksum() {
        let text = b"[{\"id\":\"S-1\",\"status\":\"in-progress\"}] and a tail".to_vec();
        let sum = checksum(&text);
        for at in 0..text.len() {
            let mut damaged = text.clone();
            damaged[at] ^= 0x20;
            assert_ne!(checksum(&damaged), sum, "byte {at}");
        }
        assert_ne!(checksum(&text[..text.len() - 1]), sum);
        assert!(checked_json(format!("{sum:016x}\n{{}}").as_bytes()).is_none());
        let empty = b"{}";
        assert_eq!(checked_json(format!("{:016x}\n{{}}", checksum(empty)).as_bytes()), Some(HashMap::new()));
    }

    /// Every Markdown file of the test fixtures (broken files, other tools' plans with their
    /// field renamings), read as both kinds: a links-only decode summarises like a full one.
    #[test]
    fn links_only_decoding_gives_the_same_summaries() {
        let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut compared = 0;
        for (dir, recipe) in [
            ("broken", None),
            ("adopt/backlogmd", Some("cairn.yml.recipe")),
            ("adopt/eips", Some("cairn.yml.recipe")),
            ("adopt/rfcs", Some("cairn.yml.recipe")),
        ] {
            let dir = fixtures.join(dir);
            let config = match recipe {
                Some(r) => discover::config_from_bytes(&std::fs::read(dir.join(r)).unwrap()).unwrap(),
                None => Config::default(),
            };
            for entry in walkdir::WalkDir::new(&dir) {
                let entry = entry.unwrap();
                if entry.path().extension().is_none_or(|e| e != "md") {
                    continue;
                }
                let bytes = std::fs::read(entry.path()).unwrap();
                let path = entry.path().strip_prefix(&dir).unwrap().to_string_lossy().replace('\\', "/");
                for kind in [Kind::Initiative, Kind::Backlog] {
                    let raw = || RawFile { path: path.clone(), kind, archived: false, content: Ok(bytes.clone()) };
                    let full = Summary::of(&decode_with(raw(), &config, Detail::Full));
                    let links = Summary::of(&decode_with(raw(), &config, Detail::Links));
                    assert_eq!(full, links, "{path} as {kind}");
                    compared += 1;
                }
            }
        }
        assert!(compared > 100, "only {compared} files compared");
    }
}
