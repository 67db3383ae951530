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
use std::marker::PhantomData;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::load::cache::checksum;
use crate::model::Config;

/// The on-disk format; bump it when a section's content changes meaning.
const FORMAT: u32 = 4;

/// One section of the cache: a value per commit. On disk, a header line and then one record
/// per commit, `<commit id> <length> <checksum>\n<JSON value>\n`, appended as commits are
/// learnt. The file is read once and indexed; a value is checked and parsed only when asked
/// for, so a command that needs a few recent commits does not parse the whole history.
#[derive(Debug)]
pub struct Section<T> {
    path: Option<PathBuf>,
    data: Option<Records>,
    value: PhantomData<fn() -> T>,
}

/// The records of a section: their bytes and where each commit's value is.
#[derive(Debug, Default)]
struct Records {
    bytes: Vec<u8>,
    /// Where each commit's value is, and its checksum.
    index: HashMap<git2::Oid, (Range<usize>, u64)>,
    dirty: bool,
}

fn header() -> String {
    format!("cairn-history {FORMAT}\n")
}

impl Records {
    /// Indexes a section's bytes; anything after a damaged record is dropped.
    fn parse(mut bytes: Vec<u8>) -> Self {
        let head = header();
        if !bytes.starts_with(head.as_bytes()) {
            return Records::default();
        }
        let mut index = HashMap::new();
        let mut at = head.len();
        let mut end = at;
        while at < bytes.len() {
            let Some(line_end) = bytes[at..].iter().position(|&b| b == b'\n').map(|n| at + n) else { break };
            let line = std::str::from_utf8(&bytes[at..line_end]).unwrap_or("");
            let mut fields = line.split(' ');
            let (Some(id), Some(len), Some(sum), None) = (fields.next(), fields.next(), fields.next(), fields.next())
            else {
                break;
            };
            let (Ok(id), Ok(len), Ok(sum)) =
                (git2::Oid::from_str(id), len.parse::<usize>(), u64::from_str_radix(sum, 16))
            else {
                break;
            };
            let start = line_end + 1;
            if start + len >= bytes.len() || bytes[start + len] != b'\n' {
                break;
            }
            index.insert(id, (start..start + len, sum));
            at = start + len + 1;
            end = at;
        }
        bytes.truncate(end);
        Records { bytes, index, dirty: false }
    }
}

impl<T: Serialize + DeserializeOwned> Section<T> {
    fn new(path: Option<PathBuf>) -> Self {
        Section { path, data: None, value: PhantomData }
    }

    fn records(&mut self) -> &mut Records {
        let path = self.path.as_deref();
        self.data.get_or_insert_with(|| match path.and_then(|p| std::fs::read(p).ok()) {
            Some(bytes) => Records::parse(bytes),
            None => Records { bytes: header().into_bytes(), ..Records::default() },
        })
    }

    /// The value cached for a commit; `None` when there is none, it is damaged (its checksum
    /// does not match) or it cannot be read.
    pub fn get(&mut self, commit: git2::Oid) -> Option<T> {
        let records = self.records();
        let (range, sum) = records.index.get(&commit)?.clone();
        let bytes = &records.bytes[range];
        if checksum(bytes) != sum {
            return None;
        }
        serde_json::from_slice(bytes).ok()
    }

    /// Remembers a commit's value (appended to the section; the last record of a commit wins).
    pub fn insert(&mut self, commit: git2::Oid, value: &T) {
        let Ok(json) = serde_json::to_vec(value) else { return };
        let records = self.records();
        let sum = checksum(&json);
        records.bytes.extend_from_slice(format!("{commit} {} {sum:x}\n", json.len()).as_bytes());
        let start = records.bytes.len();
        records.bytes.extend_from_slice(&json);
        records.bytes.push(b'\n');
        records.index.insert(commit, (start..start + json.len(), sum));
        records.dirty = true;
    }

    /// Writes the section back if it grew: whole or not at all (a temporary file beside it,
    /// renamed over it). Failures are ignored: the cache is optional.
    fn save(&mut self) {
        let (Some(path), Some(records)) = (&self.path, &mut self.data) else { return };
        if !records.dirty {
            return;
        }
        records.dirty = false;
        if let Some(dir) = path.parent()
            && std::fs::create_dir_all(dir).is_ok()
            && let Ok(mut tmp) = tempfile::NamedTempFile::new_in(dir)
            && std::io::Write::write_all(&mut tmp, &records.bytes).is_ok()
        {
            let _ = tmp.persist(path);
        }
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
                    "history-v{FORMAT}-{}-{:016x}-{section}",
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
        assert_eq!(store.files.get(commit), None);
        let value = vec![(1, "a/S-1.md".to_string(), None, Some("ab".to_string()))];
        store.files.insert(commit, &value);
        store.save();
        let mut again = Store::open(Some(dir.path()), "", &config);
        assert_eq!(again.files.get(commit), Some(value.clone()));
        // Records are appended; the last one of a commit wins.
        let later = git2::Oid::from_bytes(&[8; 20]).unwrap();
        again.files.insert(later, &Vec::new());
        again.files.insert(commit, &Vec::new());
        again.save();
        let mut third = Store::open(Some(dir.path()), "", &config);
        assert_eq!(third.files.get(later), Some(Vec::new()));
        assert_eq!(third.files.get(commit), Some(Vec::new()));
        // Another plan path or configuration reads another cache.
        assert_eq!(Store::open(Some(dir.path()), "plan", &config).files.get(commit), None);
        let other = Config { backlog_dirs: vec!["tasks".into()], ..Config::default() };
        assert_eq!(Store::open(Some(dir.path()), "", &other).files.get(commit), None);
    }

    #[test]
    fn a_damaged_cache_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let config = Config::default();
        let mut store = Store::open(Some(dir.path()), "", &config);
        let (one, two) = (git2::Oid::from_bytes(&[1; 20]).unwrap(), git2::Oid::from_bytes(&[2; 20]).unwrap());
        store.files.insert(one, &Vec::new());
        store.files.insert(two, &Vec::new());
        store.save();
        let path = std::fs::read_dir(dir.path().join("cairn")).unwrap().next().unwrap().unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        // A record cut short: the ones before it still count.
        std::fs::write(&path, &bytes[..bytes.len() - 2]).unwrap();
        let mut cut = Store::open(Some(dir.path()), "", &config);
        assert_eq!(cut.files.get(one), Some(Vec::new()));
        assert_eq!(cut.files.get(two), None);
        std::fs::write(&path, b"{not a cache").unwrap();
        assert_eq!(Store::open(Some(dir.path()), "", &config).files.get(one), None);
    }
}
