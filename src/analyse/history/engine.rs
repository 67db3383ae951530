//! The history engine: walks first-parent (or every) history of the plan folders and yields
//! each touched item's states around every commit, decoding each distinct file version once.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;
use std::rc::Rc;
use std::sync::Arc;

use git2::Repository;

use super::{CommitChanges, CommitInfo, CommitStates, ItemPair, Progress, git_date};
use crate::analyse::diff;
use crate::error::{CairnError, Result};
use crate::load::git::{BlobFile, missing_object};
use crate::load::treediff::{self, FolderDiff};
use crate::model::{Config, Item, Kind};

/// A decoded file version's key: its blob and its path.
type CacheKey = (git2::Oid, String);

/// How to walk history.
#[derive(Debug, Clone)]
pub struct WalkOptions {
    /// Where to start (a rev-spec); HEAD by default.
    pub start: String,
    /// Follow only first parents (the default), or every parent.
    pub first_parent: bool,
}

/// A decoded file version: an item, or a file that does not parse in that version (its
/// fallback id is the file name).
#[derive(Debug, Clone)]
enum Version {
    Item(Arc<Item>),
    Unreadable,
}

/// A plan file that differs between a commit and its parent.
#[derive(Debug, Clone)]
struct Touched {
    kind: Kind,
    /// Path relative to the plan root.
    path: String,
    archived: bool,
    old: Option<git2::Oid>,
    new: Option<git2::Oid>,
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
    repo: &'r Repository,
    folders: Vec<Folder>,
    config: Config,
    cache: HashMap<CacheKey, Version>,
    /// The plan folders' trees of every commit read so far (a commit is the next one's parent).
    trees: HashMap<git2::Oid, Rc<[Option<git2::Oid>]>>,
    progress: &'r dyn Progress,
}

/// One step of a walk: a commit and the parent it is compared with.
#[derive(Debug, Clone, Copy)]
struct Step {
    commit: git2::Oid,
    parent: Option<git2::Oid>,
}

/// The help line for history that a shallow clone cannot give.
pub const SHALLOW_HELP: &str =
    "fetch the full history: `git fetch --unshallow`, or `fetch-depth: 0` with actions/checkout";

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
        Ok(Engine { repo, folders, config, cache: Default::default(), trees: Default::default(), progress })
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

    /// The item files each step changed, in folder order and by path within a folder. The
    /// folder trees of all steps are diffed together, folder by folder
    /// ([`treediff::changes`]).
    fn touched(&mut self, steps: &[Step]) -> Result<Vec<Vec<Touched>>> {
        let mut diffs = Vec::new();
        let mut owners = Vec::new();
        for (k, step) in steps.iter().enumerate() {
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
        let changed = treediff::changes(self.repo, &diffs)?;
        let mut out: Vec<Vec<Touched>> = vec![Vec::new(); steps.len()];
        for ((diff, k), files) in diffs.iter().zip(owners).zip(changed) {
            let folder = &self.folders[diff.folder];
            for (rel, old, new) in files {
                let path = format!("{}/{rel}", folder.plan);
                if self.config.exclude.matches(&path) {
                    continue;
                }
                let archived = folder.kind == Kind::Backlog && crate::load::is_archived(&rel);
                out[k].push(Touched { kind: folder.kind, path, archived, old, new });
            }
        }
        Ok(out)
    }

    /// Decodes, in parallel, every file version the walk needs that is not cached yet. Each
    /// worker thread opens its own repository handle (a handle is not shareable).
    fn prefetch(&mut self, touched: &[(CommitInfo, Vec<Touched>)]) -> Result<()> {
        let mut wanted: Vec<BlobFile> = Vec::new();
        let mut keys: Vec<CacheKey> = Vec::new();
        let mut seen: HashSet<CacheKey> = HashSet::new();
        for (_, files) in touched {
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
        let decoded = crate::load::git::decode_files(self.repo.path(), wanted, &self.config)?;
        self.cache.extend(keys.into_iter().zip(decoded.into_iter().map(|d| match d.item {
            Some(item) => Version::Item(Arc::new(item)),
            None => Version::Unreadable,
        })));
        Ok(())
    }

    fn version(&self, blob: Option<git2::Oid>, path: &str) -> Option<&Version> {
        blob.and_then(|b| self.cache.get(&(b, path.to_string())))
    }

    /// Each touched item's state before and after, by id, from decoded file versions. A file
    /// that stops parsing keeps its item's id (matched by path): it is unreadable, not removed.
    /// Files sharing an id are each paired with their own version, never merged.
    fn pairs_of(&self, files: &[Touched]) -> Vec<ItemPair> {
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

    /// Every commit from `options.start` that touched the plan folders, newest first, with
    /// each touched item's states before and after.
    pub fn walk_states(&mut self, options: &WalkOptions) -> Result<Vec<CommitStates>> {
        let mut steps = Steps::new(self.repo, options)?;
        let all = steps.next(self.repo, self.progress, usize::MAX)?;
        self.progress.finish();
        let files = self.touched(&all)?;
        let mut touched = Vec::new();
        for (step, files) in all.iter().zip(files) {
            if !files.is_empty() {
                let commit =
                    self.repo.find_commit(step.commit).map_err(|e| CairnError::git(e.message().to_string(), None))?;
                touched.push((CommitInfo::of(&commit), files));
            }
        }
        self.prefetch(&touched)?;
        let mut out = Vec::with_capacity(touched.len());
        for (commit, files) in touched {
            let pairs = self.pairs_of(&files);
            if !pairs.is_empty() {
                out.push(CommitStates { commit, pairs });
            }
        }
        Ok(out)
    }

    /// Every commit from `options.start` that changed the plan, newest first, with its changes.
    pub fn walk(&mut self, options: &WalkOptions) -> Result<Vec<CommitChanges>> {
        let states = self.walk_states(options)?;
        Ok(states
            .into_iter()
            .filter_map(|c| {
                let mut changes: Vec<diff::ItemChange> = c
                    .pairs
                    .iter()
                    .filter_map(|p| {
                        let mut change =
                            diff::change_of(p.old.as_deref(), p.new.as_deref(), Vec::new(), p.readability)?;
                        change.shared_id = p.shared_id;
                        Some(change)
                    })
                    .collect();
                diff::sort_changes(&mut changes);
                (!changes.is_empty()).then_some(CommitChanges { commit: c.commit, changes })
            })
            .collect())
    }

    /// The date of the last commit (first-parent, from `start`) that touched each of `wanted`
    /// (plan-relative file paths). Reads paths only, no file contents, and stops once every
    /// wanted path is found: history is read in windows of growing length, newest first.
    pub fn last_changes(&mut self, start: &str, wanted: &HashSet<String>) -> Result<HashMap<String, String>> {
        let mut found: HashMap<String, String> = Default::default();
        if wanted.is_empty() {
            return Ok(found);
        }
        let mut steps = Steps::new(self.repo, &WalkOptions { start: start.to_string(), first_parent: true })?;
        let mut window = 16;
        while found.len() < wanted.len() {
            let batch = steps.next(self.repo, self.progress, window)?;
            if batch.is_empty() {
                break;
            }
            window = (window * 4).min(1024);
            for (step, files) in batch.iter().zip(self.touched(&batch)?) {
                let mut date = None;
                for t in files {
                    if t.new.is_some() && wanted.contains(&t.path) && !found.contains_key(&t.path) {
                        let date = match &date {
                            Some(d) => String::clone(d),
                            None => {
                                let commit = self
                                    .repo
                                    .find_commit(step.commit)
                                    .map_err(|e| CairnError::git(e.message().to_string(), None))?;
                                date.insert(git_date(commit.author().when())).clone()
                            }
                        };
                        found.insert(t.path, date);
                    }
                }
            }
        }
        self.progress.finish();
        Ok(found)
    }
}

/// The steps of a walk, newest first, read from a revision walk as they are needed. Following
/// every parent, merges are left out (their changes are shown by the merged commits).
struct Steps<'r> {
    walk: git2::Revwalk<'r>,
    first_parent: bool,
}

impl<'r> Steps<'r> {
    fn new(repo: &'r Repository, options: &WalkOptions) -> Result<Self> {
        let start = crate::load::git::commit_id(repo, &options.start)?;
        let mut walk =
            repo.revwalk().map_err(|e| CairnError::git(format!("cannot walk history: {}", e.message()), None))?;
        walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::TIME)
            .map_err(|e| CairnError::git(e.message().to_string(), None))?;
        walk.push(start).map_err(|e| CairnError::git(e.message().to_string(), None))?;
        if options.first_parent {
            walk.simplify_first_parent().map_err(|e| CairnError::git(e.message().to_string(), None))?;
        }
        Ok(Steps { walk, first_parent: options.first_parent })
    }

    /// Up to `n` more steps. The [`Progress`] hears of every commit read.
    fn next(&mut self, repo: &Repository, progress: &dyn Progress, n: usize) -> Result<Vec<Step>> {
        let mut out = Vec::new();
        while out.len() < n {
            let Some(oid) = self.walk.next() else { break };
            let oid = oid.map_err(|e| {
                CairnError::git(format!("cannot walk history: {}", e.message()), Some(SHALLOW_HELP.into()))
            })?;
            progress.tick();
            let commit = repo.find_commit(oid).map_err(|e| CairnError::git(e.message().to_string(), None))?;
            if !self.first_parent && commit.parent_count() > 1 {
                continue;
            }
            out.push(Step { commit: oid, parent: commit.parent_id(0).ok() });
        }
        Ok(out)
    }
}

/// Every commit from `rev` (HEAD by default) that changed the plan, newest first, with its
/// changes: the data of `cairn log`. `first_parent` follows only first parents.
pub fn plan_log(
    root: Option<&Path>,
    rev: Option<&str>,
    first_parent: bool,
    progress: &dyn Progress,
) -> Result<Vec<CommitChanges>> {
    let start = crate::load::discover::start_dir(root)?;
    let repo = crate::load::git::open_with_history(&start)?;
    // Every revision is read with the head side's configuration (SPEC §4).
    let (resolved, plan_path) = crate::load::plan_at(&repo, &start, rev)?;
    let mut engine = Engine::new(&repo, &plan_path, resolved.config, progress)?;
    engine.walk(&WalkOptions { start: rev.unwrap_or("HEAD").to_string(), first_parent })
}
