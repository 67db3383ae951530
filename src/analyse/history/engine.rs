//! The history engine: walks first-parent (or every) history of the plan folders and yields
//! each touched item's states around every commit, decoding each distinct file version once.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;
use std::rc::Rc;
use std::sync::Arc;

use git2::Repository;

use super::steps::{SHALLOW_HELP, Step};
use super::store::{CachedFile, Store};
use super::{ItemPair, Progress};
use crate::analyse::diff;
use crate::error::{CairnError, Result};
use crate::load::git::{BlobFile, missing_object};
use crate::load::treediff::{self, FolderDiff};
use crate::model::{Config, Item, Kind};

/// A decoded file version's key: its blob and its path.
type CacheKey = (git2::Oid, String);

/// A decoded file version: an item, or a file that does not parse in that version (its
/// fallback id is the file name).
#[derive(Debug, Clone)]
enum Version {
    Item(Arc<Item>),
    Unreadable,
}

/// A plan file that differs between a commit and its parent.
#[derive(Debug, Clone)]
pub(super) struct Touched {
    /// Index of its plan folder in the engine's folders.
    folder: usize,
    kind: Kind,
    /// Path relative to the plan root.
    pub(super) path: String,
    archived: bool,
    pub(super) old: Option<git2::Oid>,
    pub(super) new: Option<git2::Oid>,
}

/// One plan folder: its kind, its path relative to the plan root and inside the repository.
#[derive(Debug, Clone)]
struct Folder {
    kind: Kind,
    plan: String,
    repo: String,
}

/// Walks a repository's history and yields, per commit that touched the plan folders, the
/// item changes it made. Each distinct blob is decoded once (cached by blob id and path), so
/// the cost grows with the number of plan changes, not commits × items.
pub struct Engine<'r> {
    pub(super) repo: &'r Repository,
    folders: Vec<Folder>,
    pub(super) config: Config,
    cache: HashMap<CacheKey, Version>,
    /// The plan folders' trees of every commit read so far (a commit is the next one's parent).
    trees: HashMap<git2::Oid, Rc<[Option<git2::Oid>]>>,
    /// What earlier runs learnt about each commit (`.git/cairn/`).
    pub(super) store: Store,
    /// Whether tree diffs may use several threads (each with its own repository handle and
    /// pack cache): worth it for whole histories, not for a few recent commits.
    pub(super) parallel: bool,
    pub(super) progress: &'r dyn Progress,
}

impl<'r> Engine<'r> {
    /// An engine over `repo` for the plan at `plan_path` (`""` for the root) in the
    /// repository, reading every revision with `config`.
    pub fn new(repo: &'r Repository, plan_path: &str, config: Config, progress: &'r dyn Progress) -> Result<Self> {
        if repo.is_shallow() {
            return Err(CairnError::git(
                "this is a shallow clone: its history is incomplete, so the plan's history cannot be read",
                Some(SHALLOW_HELP.into()),
            ));
        }
        let plan_path = plan_path.trim_end_matches('/');
        let folders = config
            .folders()
            .map(|(kind, dir)| Folder {
                kind,
                plan: dir.to_string(),
                repo: if plan_path.is_empty() { dir.to_string() } else { format!("{plan_path}/{dir}") },
            })
            .collect();
        // The cache lives in the git directory that every linked worktree shares.
        let store = Store::open(Some(repo.commondir()), plan_path, &config);
        Ok(Engine {
            repo,
            folders,
            config,
            cache: Default::default(),
            trees: Default::default(),
            store,
            parallel: true,
            progress,
        })
    }

    /// The trees of every plan folder in a commit (`None` where it has none).
    fn folder_trees(&mut self, id: git2::Oid) -> Result<Rc<[Option<git2::Oid>]>> {
        if let Some(trees) = self.trees.get(&id) {
            return Ok(Rc::clone(trees));
        }
        let commit = self.repo.find_commit(id).map_err(|e| missing_object(&format!("commit {id}"), e))?;
        let tree = commit.tree().map_err(|e| missing_object(&format!("the tree of commit {id}"), e))?;
        let trees: Rc<[Option<git2::Oid>]> = self
            .folders
            .iter()
            .map(|f| {
                let entry = tree.get_path(Path::new(&f.repo)).ok()?;
                (entry.kind() == Some(git2::ObjectType::Tree)).then(|| entry.id())
            })
            .collect();
        self.trees.insert(id, Rc::clone(&trees));
        Ok(trees)
    }

    /// The item files each step changed, in folder order and by path within a folder: from
    /// the cache, or by diffing the folder trees of all uncached steps together, folder by
    /// folder ([`treediff::changes`]).
    pub(super) fn touched(&mut self, steps: &[Step]) -> Result<Vec<Vec<Touched>>> {
        let mut out: Vec<Option<Vec<Touched>>> = Vec::with_capacity(steps.len());
        for step in steps {
            let folders = &self.folders;
            let cached =
                self.store.files.get(step.commit).map(|files| files.iter().map(|f| from_cache(folders, f)).collect());
            out.push(cached.and_then(|c: Option<Vec<Touched>>| c));
        }
        let mut diffs = Vec::new();
        let mut owners = Vec::new();
        for (k, step) in steps.iter().enumerate().filter(|(k, _)| out[*k].is_none()) {
            let new = self.folder_trees(step.commit)?;
            let old = match step.parent {
                Some(p) => self.folder_trees(p)?,
                None => vec![None; self.folders.len()].into(),
            };
            for (folder, (old, new)) in old.iter().zip(new.iter()).enumerate() {
                if old != new {
                    diffs.push(FolderDiff { folder, old: *old, new: *new });
                    owners.push(k);
                }
            }
        }
        let changed = treediff::changes(self.repo, &diffs, self.parallel)?;
        let mut fresh: Vec<Vec<Touched>> = vec![Vec::new(); steps.len()];
        for ((diff, k), files) in diffs.iter().zip(owners).zip(changed) {
            let folder = &self.folders[diff.folder];
            for (rel, old, new) in files {
                let path = format!("{}/{rel}", folder.plan);
                if self.config.exclude.matches(&path) {
                    continue;
                }
                let archived = folder.kind == Kind::Backlog && crate::load::is_archived(&rel);
                fresh[k].push(Touched { folder: diff.folder, kind: folder.kind, path, archived, old, new });
            }
        }
        let mut result = Vec::with_capacity(steps.len());
        for ((step, cached), fresh) in steps.iter().zip(out).zip(fresh) {
            match cached {
                Some(files) => result.push(files),
                None => {
                    let entry: Vec<CachedFile> = fresh.iter().map(|t| self.to_cache(t)).collect();
                    self.store.files.insert(step.commit, &entry);
                    result.push(fresh);
                }
            }
        }
        Ok(result)
    }

    /// A touched file's path inside the repository.
    /// The repository path of a file given relative to the plan root, when it lies in a plan
    /// folder.
    pub(super) fn repo_path_of(&self, plan_path: &str) -> Option<String> {
        self.folders.iter().find_map(|f| {
            let rel = plan_path.strip_prefix(f.plan.as_str())?.strip_prefix('/')?;
            Some(format!("{}/{rel}", f.repo))
        })
    }

    pub(super) fn repo_path(&self, t: &Touched) -> String {
        let folder = &self.folders[t.folder];
        let rel = t.path.get(folder.plan.len() + 1..).unwrap_or_default();
        format!("{}/{rel}", folder.repo)
    }

    fn to_cache(&self, t: &Touched) -> CachedFile {
        let rel = t.path.get(self.folders[t.folder].plan.len() + 1..).unwrap_or_default().to_string();
        (t.folder, rel, t.old.map(|o| o.to_string()), t.new.map(|o| o.to_string()))
    }

    /// Decodes, in parallel, every file version the walk needs that is not cached yet. Each
    /// worker thread opens its own repository handle (a handle is not shareable).
    pub(super) fn prefetch<'t>(&mut self, touched: impl IntoIterator<Item = &'t [Touched]>) -> Result<()> {
        let mut wanted: Vec<BlobFile> = Vec::new();
        let mut keys: Vec<CacheKey> = Vec::new();
        let mut seen: HashSet<CacheKey> = HashSet::new();
        for files in touched {
            for t in files {
                for blob in [t.old, t.new].into_iter().flatten() {
                    let key = (blob, t.path.clone());
                    if !self.cache.contains_key(&key) && seen.insert(key.clone()) {
                        keys.push(key);
                        wanted.push(BlobFile {
                            path: t.path.clone(),
                            kind: t.kind,
                            archived: t.archived,
                            blob: Some(blob),
                        });
                    }
                }
            }
        }
        let decoded = crate::load::blobs::decode_files(self.repo.path(), wanted, &self.config)?;
        self.cache.extend(keys.into_iter().zip(decoded.into_iter().map(|d| match d.item {
            Some(item) => Version::Item(Arc::new(item)),
            None => Version::Unreadable,
        })));
        Ok(())
    }

    /// Drops the decoded file versions (their texts are large; a walk needs them once).
    pub(super) fn forget_versions(&mut self) {
        self.cache = HashMap::new();
    }

    fn version(&self, blob: Option<git2::Oid>, path: &str) -> Option<&Version> {
        blob.and_then(|b| self.cache.get(&(b, path.to_string())))
    }

    /// Each touched item's state before and after, by id, from decoded file versions. A file
    /// that stops parsing keeps its item's id (matched by path): it is unreadable, not removed.
    /// Files sharing an id are each paired with their own version, never merged.
    pub(super) fn pairs_of(&self, files: &[Touched]) -> Vec<ItemPair> {
        let mut olds: Vec<Arc<Item>> = Vec::new();
        let mut news: Vec<Arc<Item>> = Vec::new();
        let mut unreadable_after: BTreeSet<&str> = BTreeSet::new();
        let mut unreadable_before: BTreeSet<&str> = BTreeSet::new();
        for t in files {
            let (old, new) = (self.version(t.old, &t.path), self.version(t.new, &t.path));
            if let Some(Version::Item(item)) = old {
                olds.push(Arc::clone(item));
            }
            if let Some(Version::Item(item)) = new {
                news.push(Arc::clone(item));
            }
            match (old, new) {
                (Some(Version::Item(item)), Some(Version::Unreadable)) => {
                    unreadable_after.insert(item.path.as_str());
                }
                (Some(Version::Unreadable), Some(Version::Item(item))) => {
                    unreadable_before.insert(item.path.as_str());
                }
                _ => {}
            }
        }
        // Back from the pairing's references to the shared versions, by address (linear).
        let index = |list: &[Arc<Item>]| -> HashMap<*const Item, usize> {
            list.iter().enumerate().map(|(i, a)| (Arc::as_ptr(a), i)).collect()
        };
        let (old_index, new_index) = (index(&olds), index(&news));
        let arc_of = |list: &[Arc<Item>], at: &HashMap<*const Item, usize>, item: &Item| {
            at.get(&std::ptr::from_ref(item)).map(|&i| Arc::clone(&list[i]))
        };
        diff::pair(olds.iter().map(AsRef::as_ref), news.iter().map(AsRef::as_ref))
            .into_iter()
            .map(|p| {
                let readability = match (p.old, p.new) {
                    (Some(o), None) if unreadable_after.contains(o.path.as_str()) => {
                        diff::Readability::BecameUnreadable
                    }
                    (None, Some(n)) if unreadable_before.contains(n.path.as_str()) => diff::Readability::BecameReadable,
                    _ => diff::Readability::Same,
                };
                ItemPair {
                    id: p.new.or(p.old).map(|i| i.id.clone()).unwrap_or_default(),
                    old: p.old.and_then(|o| arc_of(&olds, &old_index, o)),
                    new: p.new.and_then(|n| arc_of(&news, &new_index, n)),
                    readability,
                    shared_id: p.shared_id,
                }
            })
            .collect()
    }
}

/// A cached file back; `None` when the entry does not fit this engine (a damaged cache).
fn from_cache(folders: &[Folder], (folder, rel, old, new): &CachedFile) -> Option<Touched> {
    let f = folders.get(*folder)?;
    let oid = |o: &Option<String>| -> Option<Option<git2::Oid>> {
        match o {
            None => Some(None),
            Some(hex) => git2::Oid::from_str(hex).ok().map(Some),
        }
    };
    Some(Touched {
        folder: *folder,
        kind: f.kind,
        path: format!("{}/{rel}", f.plan),
        archived: f.kind == Kind::Backlog && crate::load::is_archived(rel),
        old: oid(old)?,
        new: oid(new)?,
    })
}
