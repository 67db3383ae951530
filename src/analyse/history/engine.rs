//! The history engine: walks first-parent (or every) history of the plan folders and yields
//! each touched item's states around every commit, decoding each distinct file version once.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use git2::Repository;

use super::{CommitChanges, CommitInfo, CommitStates, ItemPair, Progress, git_date};
use crate::analyse::diff;
use crate::error::{CairnError, Result};
use crate::load::git::{BlobFile, missing_object};
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
    /// Credit a merge's changes to the authors of the merged commits (`cairn log`).
    pub credit_merges: bool,
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
pub(super) struct Touched {
    kind: Kind,
    /// Path relative to the plan root.
    pub(super) path: String,
    /// Path inside the repository.
    pub(super) repo_path: String,
    archived: bool,
    old: Option<git2::Oid>,
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
    config: Config,
    cache: HashMap<CacheKey, Version>,
    progress: &'r dyn Progress,
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
        Ok(Engine { repo, folders, config, cache: Default::default(), progress })
    }

    /// The tree of a plan folder in a commit, if it has one.
    fn folder_tree(&self, tree: &git2::Tree<'_>, folder: &Folder) -> Option<git2::Oid> {
        let entry = tree.get_path(Path::new(&folder.repo)).ok()?;
        (entry.kind() == Some(git2::ObjectType::Tree)).then(|| entry.id())
    }

    /// The trees of every plan folder in a commit.
    fn folder_trees(&self, commit: &git2::Commit<'_>) -> Result<Vec<Option<git2::Oid>>> {
        let tree = commit.tree().map_err(|e| missing_object(&format!("the tree of commit {}", commit.id()), e))?;
        Ok(self.folders.iter().map(|f| self.folder_tree(&tree, f)).collect())
    }

    /// The item files `commit` changed relative to `parent` (or to nothing).
    pub(super) fn touched_files(
        &self,
        commit: &git2::Commit<'_>,
        parent: Option<&git2::Commit<'_>>,
    ) -> Result<Vec<Touched>> {
        let new_trees = self.folder_trees(commit)?;
        let old_trees = match parent {
            Some(p) => self.folder_trees(p)?,
            None => vec![None; self.folders.len()],
        };
        let mut files = Vec::new();
        for ((folder, old), new) in self.folders.iter().zip(old_trees).zip(new_trees) {
            if old == new {
                continue;
            }
            for (rel, old, new) in crate::load::git::changed_files(self.repo, old, new)? {
                let path = format!("{}/{rel}", folder.plan);
                if self.config.exclude.matches(&path) {
                    continue;
                }
                let archived = folder.kind == Kind::Backlog && crate::load::is_archived(&rel);
                let repo_path = format!("{}/{rel}", folder.repo);
                files.push(Touched { kind: folder.kind, path, repo_path, archived, old, new });
            }
        }
        Ok(files)
    }

    /// Decodes, in parallel, every file version the walk needs that is not cached yet. Each
    /// worker thread opens its own repository handle (a handle is not shareable).
    fn prefetch(&mut self, touched: &[&[Touched]]) -> Result<()> {
        let mut wanted: Vec<BlobFile> = Vec::new();
        let mut keys: Vec<CacheKey> = Vec::new();
        let mut seen: HashSet<CacheKey> = HashSet::new();
        for files in touched {
            for t in files.iter() {
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
    /// A merge followed by first parents brings the merged branch's work: each touched file
    /// is credited to the author of the merged commit that last changed it. Following every
    /// parent, a merge shows only its own changes (a conflict's resolution): the merged
    /// commits show the rest.
    pub fn walk_states(&mut self, options: &WalkOptions) -> Result<Vec<CommitStates>> {
        let mut touched = Vec::new();
        self.each_commit(options, |engine, commit, parent| {
            let mut files = engine.touched_files(commit, parent)?;
            let merge = commit.parent_count() > 1;
            if merge && !options.first_parent {
                files = engine.own_files(commit, files)?;
            }
            if !files.is_empty() {
                let mut info = CommitInfo::of(commit);
                let mut credits = HashMap::new();
                if merge && options.first_parent && options.credit_merges {
                    (info.merged_authors, credits) = engine.merge_credits(commit)?;
                }
                touched.push((info, files, credits));
            }
            Ok(true)
        })?;
        let files: Vec<&[Touched]> = touched.iter().map(|(_, f, _)| f.as_slice()).collect();
        self.prefetch(&files)?;
        let mut out = Vec::with_capacity(touched.len());
        for (commit, files, credits) in touched {
            let pairs = self.pairs_of(&files);
            if !pairs.is_empty() {
                out.push(CommitStates { commit, pairs, credits });
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
                            diff::change_of(p.old.as_deref(), p.new.as_deref(), Vec::new(), p.readability, &|_| true)?;
                        change.shared_id = p.shared_id;
                        Some(change)
                    })
                    .collect();
                diff::sort_changes(&mut changes);
                for change in &mut changes {
                    let path = [Some(&change.path), change.old_path.as_ref()];
                    change.author = path
                        .into_iter()
                        .flatten()
                        .find_map(|p| c.credits.get(p))
                        .filter(|a| **a != c.commit.author)
                        .cloned();
                }
                (!changes.is_empty()).then_some(CommitChanges { commit: c.commit, changes })
            })
            .collect())
    }

    /// The date of the last commit (first-parent, from `start`) that touched each of `wanted`
    /// (plan-relative file paths). Reads paths only, no file contents, and stops as soon as
    /// every wanted path is found.
    pub fn last_changes(&mut self, start: &str, wanted: &HashSet<String>) -> Result<HashMap<String, String>> {
        let mut found: HashMap<String, String> = Default::default();
        if wanted.is_empty() {
            return Ok(found);
        }
        self.each_commit(
            &WalkOptions { start: start.to_string(), first_parent: true, credit_merges: false },
            |engine, commit, parent| {
                let date = git_date(commit.author().when());
                for t in engine.touched_files(commit, parent)? {
                    if t.new.is_some() && wanted.contains(&t.path) && !found.contains_key(&t.path) {
                        found.insert(t.path, date.clone());
                    }
                }
                Ok(found.len() < wanted.len())
            },
        )?;
        Ok(found)
    }

    /// Calls `f` for every commit that touched the plan folders, newest first, with its
    /// first parent. The engine's [`Progress`] hears of every commit read.
    fn each_commit(
        &mut self,
        options: &WalkOptions,
        mut f: impl FnMut(&mut Self, &git2::Commit<'_>, Option<&git2::Commit<'_>>) -> Result<bool>,
    ) -> Result<()> {
        let start = crate::load::git::commit_id(self.repo, &options.start)?;
        let mut walk =
            self.repo.revwalk().map_err(|e| CairnError::git(format!("cannot walk history: {}", e.message()), None))?;
        walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::TIME)
            .map_err(|e| CairnError::git(e.message().to_string(), None))?;
        walk.push(start).map_err(|e| CairnError::git(e.message().to_string(), None))?;
        if options.first_parent {
            walk.simplify_first_parent().map_err(|e| CairnError::git(e.message().to_string(), None))?;
        }
        for oid in walk {
            let oid = oid.map_err(|e| {
                CairnError::git(format!("cannot walk history: {}", e.message()), Some(SHALLOW_HELP.into()))
            })?;
            self.progress.tick();
            let commit = self.repo.find_commit(oid).map_err(|e| CairnError::git(e.message().to_string(), None))?;
            let parent = match commit.parent_id(0) {
                Ok(id) => Some(self.repo.find_commit(id).map_err(|e| missing_object(&format!("commit {id}"), e))?),
                Err(_) => None,
            };
            let trees = self.folder_trees(&commit)?;
            let parent_trees = match &parent {
                Some(p) => self.folder_trees(p)?,
                None => vec![None; self.folders.len()],
            };
            if trees != parent_trees && !f(self, &commit, parent.as_ref())? {
                break;
            }
        }
        self.progress.finish();
        Ok(())
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
    engine.walk(&WalkOptions { start: rev.unwrap_or("HEAD").to_string(), first_parent, credit_merges: true })
}
