//! Facts read from git history. (The full history engine for `log` and `report` builds on
//! this module.)

use std::path::Path;

use git2::{Repository, Status};
use jiff::Timestamp;
use serde::Serialize;

/// The last commit that changed a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LastChange {
    pub commit: String,
    pub short: String,
    /// Author date, `YYYY-MM-DD`.
    pub date: String,
    pub author: String,
    pub subject: String,
}

/// What git knows about a file's last change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FileHistory {
    pub last_change: Option<LastChange>,
    /// The working tree differs from HEAD (or the file is not committed).
    pub uncommitted: bool,
}

/// Date of a git time as `YYYY-MM-DD` in the commit's own offset.
pub fn git_date(time: git2::Time) -> String {
    let Ok(ts) = Timestamp::from_second(time.seconds() + i64::from(time.offset_minutes()) * 60) else {
        return String::new();
    };
    ts.to_zoned_datetime(jiff::tz::TimeZone::UTC).date().to_string()
}

/// The last commit on HEAD's first-parent line that changed `rel_path` (relative to the
/// repository root), and whether the working tree has uncommitted changes to it. `None`
/// outside a repository.
pub fn file_history(dir: &Path, rel_path: &str) -> Option<FileHistory> {
    let repo = Repository::discover(dir).ok()?;
    let path = Path::new(rel_path);
    let uncommitted = repo.workdir().is_some()
        && repo
            .status_file(path)
            .map(|s| !(s.is_empty() || s == Status::CURRENT || s.contains(Status::IGNORED)))
            .unwrap_or(false);
    let mut commit = match repo.head().and_then(|h| h.peel_to_commit()) {
        Ok(c) => c,
        Err(_) => return Some(FileHistory { last_change: None, uncommitted: true }),
    };
    let entry_id = |c: &git2::Commit<'_>| c.tree().ok().and_then(|t| t.get_path(path).ok()).map(|e| e.id());
    let mut current = entry_id(&commit);
    if current.is_none() {
        // Not in HEAD: a new file that was never committed at this path.
        return Some(FileHistory { last_change: None, uncommitted: true });
    }
    loop {
        let parent = commit.parent(0).ok();
        let before = parent.as_ref().and_then(entry_id);
        if before != current {
            let sig = commit.author();
            let id = commit.id().to_string();
            return Some(FileHistory {
                last_change: Some(LastChange {
                    short: id.chars().take(7).collect(),
                    commit: id,
                    date: git_date(sig.when()),
                    author: sig.name().unwrap_or("unknown").to_string(),
                    subject: commit.summary().ok().flatten().unwrap_or("").to_string(),
                }),
                uncommitted,
            });
        }
        match parent {
            Some(p) => {
                commit = p;
                current = before;
            }
            None => return Some(FileHistory { last_change: None, uncommitted }),
        }
    }
}

/// One commit, as history commands show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommitInfo {
    pub commit: String,
    pub short: String,
    /// Author date, `YYYY-MM-DD`.
    pub date: String,
    /// Author time, seconds since the epoch.
    #[serde(skip)]
    pub time: i64,
    pub author: String,
    pub subject: String,
}

impl CommitInfo {
    fn of(commit: &git2::Commit<'_>) -> Self {
        let sig = commit.author();
        let id = commit.id().to_string();
        CommitInfo {
            short: id.chars().take(7).collect(),
            commit: id,
            date: git_date(sig.when()),
            time: sig.when().seconds(),
            author: sig.name().unwrap_or("unknown").to_string(),
            subject: commit.summary().ok().flatten().unwrap_or("").to_string(),
        }
    }
}

/// The plan changes one commit made.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CommitChanges {
    #[serde(flatten)]
    pub commit: CommitInfo,
    pub changes: Vec<crate::diff::ItemChange>,
}

/// A decoded file version's key: its blob and its path.
type CacheKey = (git2::Oid, String);

/// One item's states around a commit: `old` before, `new` after (either may be absent).
#[derive(Debug, Clone)]
pub struct ItemPair {
    pub id: String,
    pub old: Option<std::sync::Arc<crate::model::Item>>,
    pub new: Option<std::sync::Arc<crate::model::Item>>,
}

/// A commit that touched the plan, with the states of the items it touched.
#[derive(Debug, Clone)]
pub struct CommitStates {
    pub commit: CommitInfo,
    pub pairs: Vec<ItemPair>,
}

/// A spinner on stderr for long history walks: only on a terminal, never in pipes or CI.
struct Progress(Option<indicatif::ProgressBar>);

impl Progress {
    fn new() -> Self {
        use std::io::IsTerminal;
        let on_terminal = std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
        Progress(on_terminal.then(|| {
            let bar = indicatif::ProgressBar::new_spinner();
            bar.set_style(
                indicatif::ProgressStyle::with_template("{spinner} reading history: {pos} commits")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
            );
            bar.enable_steady_tick(std::time::Duration::from_millis(120));
            bar
        }))
    }
    fn tick(&self) {
        if let Some(bar) = &self.0 {
            bar.inc(1);
        }
    }
    fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

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
    config: crate::config::Config,
    cache: std::collections::HashMap<(git2::Oid, String), Option<std::sync::Arc<crate::model::Item>>>,
}

use crate::error::{CairnError, Result};

/// The help line for history that a shallow clone cannot give.
pub const SHALLOW_HELP: &str =
    "fetch the full history: `git fetch --unshallow`, or `fetch-depth: 0` with actions/checkout";

impl<'r> Engine<'r> {
    /// An engine over `repo` for the plan at `plan_path` (`""` for the root) in the repository.
    pub fn new(repo: &'r Repository, plan_path: &str, config: crate::config::Config) -> Result<Self> {
        if repo.is_shallow() {
            return Err(CairnError::git(
                "this is a shallow clone: its history is incomplete, so the plan's history cannot be read",
                Some(SHALLOW_HELP.into()),
            ));
        }
        Ok(Engine { repo, plan_path: plan_path.trim_end_matches('/').to_string(), config, cache: Default::default() })
    }

    fn folder(&self, kind: crate::model::Kind) -> String {
        let dir = self.config.dir(kind);
        if self.plan_path.is_empty() { dir.to_string() } else { format!("{}/{dir}", self.plan_path) }
    }

    /// The tree of a plan folder in a commit, if it has one.
    fn folder_tree(&self, commit: &git2::Commit<'_>, kind: crate::model::Kind) -> Option<git2::Oid> {
        let tree = commit.tree().ok()?;
        let entry = tree.get_path(Path::new(&self.folder(kind))).ok()?;
        (entry.kind() == Some(git2::ObjectType::Tree)).then(|| entry.id())
    }

    /// A decoded file version; `prefetch` has decoded every one a walk asks for.
    fn item(&self, blob: git2::Oid, kind: crate::model::Kind, rel: &str) -> Option<std::sync::Arc<crate::model::Item>> {
        self.cache.get(&(blob, format!("{}/{rel}", self.config.dir(kind)))).cloned().flatten()
    }

    /// Item files that differ between two versions of a plan folder.
    fn changed_files(&self, old: Option<git2::Oid>, new: Option<git2::Oid>) -> Vec<crate::load::git::ChangedFile> {
        crate::load::git::changed_files(self.repo, old, new)
    }

    /// The item files `commit` changed relative to `parent` (or to nothing), per plan folder.
    fn touched_files(
        &self,
        commit: &git2::Commit<'_>,
        parent: Option<&git2::Commit<'_>>,
    ) -> Vec<(crate::model::Kind, crate::load::git::ChangedFile)> {
        let mut files = Vec::new();
        for kind in [crate::model::Kind::Initiative, crate::model::Kind::Backlog] {
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
    fn prefetch(&mut self, touched: &[(CommitInfo, Vec<(crate::model::Kind, crate::load::git::ChangedFile)>)]) {
        let mut wanted: Vec<crate::load::git::BlobFile> = Vec::new();
        let mut keys: Vec<CacheKey> = Vec::new();
        let mut seen: std::collections::HashSet<CacheKey> = std::collections::HashSet::new();
        for (_, files) in touched {
            for (kind, (rel, old, new)) in files {
                for blob in [old, new].into_iter().flatten() {
                    let path = format!("{}/{rel}", self.config.dir(*kind));
                    let key = (*blob, path.clone());
                    if !self.cache.contains_key(&key) && seen.insert(key.clone()) {
                        keys.push(key);
                        let archived = *kind == crate::model::Kind::Backlog && crate::load::is_archived(rel);
                        wanted.push(crate::load::git::BlobFile { path, kind: *kind, archived, blob: Some(*blob) });
                    }
                }
            }
        }
        let decoded = crate::load::git::decode_files(self.repo.path(), wanted, &self.config);
        self.cache.extend(keys.into_iter().zip(decoded.into_iter().map(|d| d.item.map(std::sync::Arc::new))));
    }

    /// Each touched item's state before and after, by id, from decoded file versions.
    fn pairs_of(&self, files: &[(crate::model::Kind, crate::load::git::ChangedFile)]) -> Vec<ItemPair> {
        let mut old_items: std::collections::BTreeMap<String, std::sync::Arc<crate::model::Item>> = Default::default();
        let mut new_items: std::collections::BTreeMap<String, std::sync::Arc<crate::model::Item>> = Default::default();
        for (kind, (rel, old_blob, new_blob)) in files {
            if let Some(item) = old_blob.and_then(|b| self.item(b, *kind, rel)) {
                old_items.entry(item.id.clone()).or_insert(item);
            }
            if let Some(item) = new_blob.and_then(|b| self.item(b, *kind, rel)) {
                new_items.entry(item.id.clone()).or_insert(item);
            }
        }
        let ids: std::collections::BTreeSet<String> = old_items.keys().chain(new_items.keys()).cloned().collect();
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
                let mut changes: Vec<crate::diff::ItemChange> = c
                    .pairs
                    .iter()
                    .filter_map(|p| crate::diff::change_of(p.old.as_deref(), p.new.as_deref(), Vec::new()))
                    .collect();
                crate::diff::sort_changes(&mut changes);
                (!changes.is_empty()).then_some(CommitChanges { commit: c.commit, changes })
            })
            .collect())
    }

    /// The date of the last commit (first-parent, from `start`) that touched each of `wanted`
    /// (plan-relative file paths). Reads paths only, no file contents, and stops as soon as
    /// every wanted path is found.
    pub fn last_changes(
        &mut self,
        start: &str,
        wanted: &std::collections::HashSet<String>,
    ) -> Result<std::collections::HashMap<String, String>> {
        let mut found: std::collections::HashMap<String, String> = Default::default();
        if wanted.is_empty() {
            return Ok(found);
        }
        self.each_commit(&WalkOptions { start: start.to_string(), first_parent: true }, |engine, commit, parent| {
            let date = git_date(commit.author().when());
            for kind in [crate::model::Kind::Initiative, crate::model::Kind::Backlog] {
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
    /// first parent. A progress bar shows on a terminal (stderr) for long walks.
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
        let progress = Progress::new();
        for oid in walk {
            let oid = oid.map_err(|e| {
                CairnError::git(format!("cannot walk history: {}", e.message()), Some(SHALLOW_HELP.into()))
            })?;
            progress.tick();
            let commit = self.repo.find_commit(oid).map_err(|e| CairnError::git(e.message().to_string(), None))?;
            if !options.first_parent && commit.parent_count() > 1 {
                // Following every parent, a merge's changes are shown by the merged commits.
                continue;
            }
            let parent = commit.parent(0).ok();
            let touched = [crate::model::Kind::Initiative, crate::model::Kind::Backlog]
                .iter()
                .any(|&k| parent.as_ref().and_then(|p| self.folder_tree(p, k)) != self.folder_tree(&commit, k));
            if touched && !f(self, &commit, parent.as_ref()) {
                break;
            }
        }
        progress.finish();
        Ok(())
    }
}
