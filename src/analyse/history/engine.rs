//! The history engine: walks first-parent (or every) history of the plan folders and yields
//! each touched item's states around every commit, decoding each distinct file version once.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use git2::Repository;

use super::{CommitChanges, CommitInfo, CommitStates, ItemPair, Progress, git_date};
use crate::analyse::diff;
use crate::error::{CairnError, Result};
use crate::load::git::{BlobFile, ChangedFile};
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

/// Walks a repository's history and yields, per commit that touched the plan folders, the
/// item changes it made. Each distinct blob is decoded once (cached by blob id and path), so
/// the cost grows with the number of plan changes, not commits × items.
pub struct Engine<'r> {
    repo: &'r Repository,
    plan_path: String,
    config: Config,
    cache: HashMap<(git2::Oid, String), Option<Arc<Item>>>,
    progress: &'r dyn Progress,
}

/// The help line for history that a shallow clone cannot give.
pub const SHALLOW_HELP: &str =
    "fetch the full history: `git fetch --unshallow`, or `fetch-depth: 0` with actions/checkout";

impl<'r> Engine<'r> {
    /// An engine over `repo` for the plan at `plan_path` (`""` for the root) in the repository.
    pub fn new(repo: &'r Repository, plan_path: &str, config: Config, progress: &'r dyn Progress) -> Result<Self> {
        if repo.is_shallow() {
            return Err(CairnError::git(
                "this is a shallow clone: its history is incomplete, so the plan's history cannot be read",
                Some(SHALLOW_HELP.into()),
            ));
        }
        Ok(Engine {
            repo,
            plan_path: plan_path.trim_end_matches('/').to_string(),
            config,
            cache: Default::default(),
            progress,
        })
    }

    fn folder(&self, kind: Kind) -> String {
        let dir = self.config.dir(kind);
        if self.plan_path.is_empty() { dir.to_string() } else { format!("{}/{dir}", self.plan_path) }
    }

    /// The tree of a plan folder in a commit, if it has one.
    fn folder_tree(&self, commit: &git2::Commit<'_>, kind: Kind) -> Option<git2::Oid> {
        let tree = commit.tree().ok()?;
        let entry = tree.get_path(Path::new(&self.folder(kind))).ok()?;
        (entry.kind() == Some(git2::ObjectType::Tree)).then(|| entry.id())
    }

    /// A decoded file version; `prefetch` has decoded every one a walk asks for.
    fn item(&self, blob: git2::Oid, kind: Kind, rel: &str) -> Option<Arc<Item>> {
        self.cache.get(&(blob, format!("{}/{rel}", self.config.dir(kind)))).cloned().flatten()
    }

    /// Item files that differ between two versions of a plan folder.
    fn changed_files(&self, old: Option<git2::Oid>, new: Option<git2::Oid>) -> Vec<ChangedFile> {
        crate::load::git::changed_files(self.repo, old, new)
    }

    /// The item files `commit` changed relative to `parent` (or to nothing), per plan folder.
    fn touched_files(&self, commit: &git2::Commit<'_>, parent: Option<&git2::Commit<'_>>) -> Vec<(Kind, ChangedFile)> {
        let mut files = Vec::new();
        for kind in [Kind::Initiative, Kind::Backlog] {
            let old = parent.and_then(|p| self.folder_tree(p, kind));
            let new = self.folder_tree(commit, kind);
            if old != new {
                files.extend(self.changed_files(old, new).into_iter().map(|f| (kind, f)));
            }
        }
        files
    }

    /// Decodes, in parallel, every file version the walk needs that is not cached yet. Each
    /// worker thread opens its own repository handle (a handle is not shareable).
    fn prefetch(&mut self, touched: &[(CommitInfo, Vec<(Kind, ChangedFile)>)]) {
        let mut wanted: Vec<BlobFile> = Vec::new();
        let mut keys: Vec<CacheKey> = Vec::new();
        let mut seen: HashSet<CacheKey> = HashSet::new();
        for (_, files) in touched {
            for (kind, (rel, old, new)) in files {
                for blob in [old, new].into_iter().flatten() {
                    let path = format!("{}/{rel}", self.config.dir(*kind));
                    let key = (*blob, path.clone());
                    if !self.cache.contains_key(&key) && seen.insert(key.clone()) {
                        keys.push(key);
                        let archived = *kind == Kind::Backlog && crate::load::is_archived(rel);
                        wanted.push(BlobFile { path, kind: *kind, archived, blob: Some(*blob) });
                    }
                }
            }
        }
        let decoded = crate::load::git::decode_files(self.repo.path(), wanted, &self.config);
        self.cache.extend(keys.into_iter().zip(decoded.into_iter().map(|d| d.item.map(Arc::new))));
    }

    /// Each touched item's state before and after, by id, from decoded file versions.
    fn pairs_of(&self, files: &[(Kind, ChangedFile)]) -> Vec<ItemPair> {
        let mut old_items: BTreeMap<String, Arc<Item>> = Default::default();
        let mut new_items: BTreeMap<String, Arc<Item>> = Default::default();
        for (kind, (rel, old_blob, new_blob)) in files {
            if let Some(item) = old_blob.and_then(|b| self.item(b, *kind, rel)) {
                old_items.entry(item.id.clone()).or_insert(item);
            }
            if let Some(item) = new_blob.and_then(|b| self.item(b, *kind, rel)) {
                new_items.entry(item.id.clone()).or_insert(item);
            }
        }
        let ids: BTreeSet<String> = old_items.keys().chain(new_items.keys()).cloned().collect();
        ids.into_iter()
            .map(|id| ItemPair { old: old_items.get(&id).cloned(), new: new_items.get(&id).cloned(), id })
            .collect()
    }

    /// Every commit from `options.start` that touched the plan folders, newest first, with
    /// each touched item's states before and after.
    pub fn walk_states(&mut self, options: &WalkOptions) -> Result<Vec<CommitStates>> {
        let mut touched = Vec::new();
        self.each_commit(options, |engine, commit, parent| {
            let files = engine.touched_files(commit, parent);
            if !files.is_empty() {
                touched.push((CommitInfo::of(commit), files));
            }
            true
        })?;
        self.prefetch(&touched);
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
                    .filter_map(|p| diff::change_of(p.old.as_deref(), p.new.as_deref(), Vec::new()))
                    .collect();
                diff::sort_changes(&mut changes);
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
        self.each_commit(&WalkOptions { start: start.to_string(), first_parent: true }, |engine, commit, parent| {
            let date = git_date(commit.author().when());
            for kind in [Kind::Initiative, Kind::Backlog] {
                let old = parent.and_then(|p| engine.folder_tree(p, kind));
                let new = engine.folder_tree(commit, kind);
                if old == new {
                    continue;
                }
                for (rel, _, new_blob) in engine.changed_files(old, new) {
                    let path = format!("{}/{rel}", engine.config.dir(kind));
                    if new_blob.is_some() && wanted.contains(&path) && !found.contains_key(&path) {
                        found.insert(path, date.clone());
                    }
                }
            }
            found.len() < wanted.len()
        })?;
        Ok(found)
    }

    /// Calls `f` for every commit that touched the plan folders, newest first, with its
    /// first parent. The engine's [`Progress`] hears of every commit read.
    fn each_commit(
        &mut self,
        options: &WalkOptions,
        mut f: impl FnMut(&mut Self, &git2::Commit<'_>, Option<&git2::Commit<'_>>) -> bool,
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
            if !options.first_parent && commit.parent_count() > 1 {
                // Following every parent, a merge's changes are shown by the merged commits.
                continue;
            }
            let parent = commit.parent(0).ok();
            let touched = [Kind::Initiative, Kind::Backlog]
                .iter()
                .any(|&k| parent.as_ref().and_then(|p| self.folder_tree(p, k)) != self.folder_tree(&commit, k));
            if touched && !f(self, &commit, parent.as_ref()) {
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
    let rev = rev.unwrap_or("HEAD").to_string();
    // The plan's place and configuration come from the starting revision.
    let (config, plan_path) = crate::load::plan_at(&repo, &start, &rev)?;
    let mut engine = Engine::new(&repo, &plan_path, config, progress)?;
    engine.walk(&WalkOptions { start: rev, first_parent })
}
