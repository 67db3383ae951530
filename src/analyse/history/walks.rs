//! The walks over the plan's history: each commit's changes in words (`cairn log`), the item
//! states the report reads (`cairn report`), and the last change of files (`backlog/stale`).
//! Each takes what earlier runs left in the cache under `.git/cairn/` and does only the new
//! commits' work.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use super::engine::Engine;
use super::steps::WalkOptions;
use super::steps::{Step, Steps};
use super::store::{PairFacts, StateFacts};
use super::{CommitChanges, CommitInfo, CommitStates, ItemPair, Progress, git_date};
use crate::analyse::diff;
use crate::error::{CairnError, Result};
use crate::model::{Item, Period, SourceFile};

impl Engine<'_> {
    /// Every step from `options.start`, newest first.
    fn steps(&mut self, options: &WalkOptions) -> Result<Vec<Step>> {
        let mut steps = Steps::new(self.repo, options)?;
        let all = steps.next(self.repo, self.progress, usize::MAX)?;
        self.progress.finish();
        Ok(all)
    }

    fn info(&self, commit: git2::Oid) -> Result<CommitInfo> {
        let commit = self.repo.find_commit(commit).map_err(|e| CairnError::git(e.message().to_string(), None))?;
        Ok(CommitInfo::of(&commit))
    }

    /// The item pairs of each step (empty where it touched no item), decoding every file
    /// version they need once, in parallel.
    fn pairs(&mut self, steps: &[Step]) -> Result<Vec<Vec<ItemPair>>> {
        let files = self.touched(steps)?;
        self.prefetch(files.iter().map(Vec::as_slice))?;
        Ok(files.iter().map(|f| if f.is_empty() { Vec::new() } else { self.pairs_of(f) }).collect())
    }

    /// Every commit from `options.start` that changed the plan, newest first, with its changes.
    /// A merge followed by first parents brings the merged branch's work: with
    /// `credit_merges`, each change is credited to the author of the merged commit that last
    /// changed its file. Following every parent, a merge shows only its own changes (a
    /// conflict's resolution): the merged commits show the rest.
    pub fn walk(&mut self, options: &WalkOptions) -> Result<Vec<CommitChanges>> {
        let steps = self.steps(options)?;
        // The cache holds a commit's changes against its first parent; a merge's own changes
        // (every parent followed) are worked out each time.
        let own_only = |s: &Step| s.merge && !options.first_parent;
        let mut found: Vec<Option<Vec<diff::ItemChange>>> =
            steps.iter().map(|s| if own_only(s) { None } else { self.store.log.get(s.commit) }).collect();
        let missing: Vec<Step> = steps.iter().zip(&found).filter(|(_, f)| f.is_none()).map(|(s, _)| *s).collect();
        if !missing.is_empty() {
            let mut files = self.touched(&missing)?;
            for (step, f) in missing.iter().zip(files.iter_mut()) {
                if own_only(step) {
                    *f = self.own_files(step.commit, std::mem::take(f))?;
                }
            }
            self.prefetch(files.iter().map(Vec::as_slice))?;
            let fresh: Vec<Vec<diff::ItemChange>> =
                files.iter().map(|f| if f.is_empty() { Vec::new() } else { changes_of(&self.pairs_of(f)) }).collect();
            // `missing` lists the empty slots of `found` in order.
            let slots = found.iter_mut().filter(|f| f.is_none());
            for ((slot, step), changes) in slots.zip(&missing).zip(fresh) {
                if !own_only(step) {
                    self.store.log.insert(step.commit, &changes);
                }
                *slot = Some(changes);
            }
            self.forget_versions();
        }
        self.store.save();
        let mut out = Vec::new();
        for (step, changes) in steps.iter().zip(found) {
            let mut changes = changes.unwrap_or_default();
            if changes.is_empty() {
                continue;
            }
            let mut commit = self.info(step.commit)?;
            if step.merge && options.first_parent && options.credit_merges {
                let credits;
                (commit.merged_authors, credits) = self.merge_credits(step.commit)?;
                let paths: Vec<&str> = changes.iter().map(|c| c.path.as_str()).collect();
                let resolved = self.resolved_by_merge(step.commit, &paths)?;
                for change in &mut changes {
                    if resolved.contains(&change.path) {
                        // The merge wrote this version itself: the merger's change.
                        change.author = None;
                        continue;
                    }
                    let paths = [Some(&change.path), change.old_path.as_ref()];
                    change.author = paths
                        .into_iter()
                        .flatten()
                        .find_map(|p| credits.get(p))
                        .filter(|a| **a != commit.author)
                        .cloned();
                }
            }
            out.push(CommitChanges { commit, changes });
        }
        Ok(out)
    }

    /// Every commit from `options.start` that touched the plan folders, newest first, with
    /// each touched item's states before and after, reduced to what `cairn report` reads
    /// (id, kind, status and its category, target): from the cache, or decoded and then
    /// remembered.
    pub fn report_states(&mut self, options: &WalkOptions) -> Result<Vec<CommitStates>> {
        let steps = self.steps(options)?;
        let mut found: Vec<Option<Vec<PairFacts>>> = steps.iter().map(|s| self.store.report.get(s.commit)).collect();
        let missing: Vec<usize> = (0..steps.len()).filter(|&k| found[k].is_none()).collect();
        if !missing.is_empty() {
            let pairs = self.pairs(&missing.iter().map(|&k| steps[k]).collect::<Vec<_>>())?;
            for (&k, pairs) in missing.iter().zip(pairs) {
                let facts: Vec<PairFacts> = pairs.iter().map(facts_of).collect();
                self.store.report.insert(steps[k].commit, &facts);
                found[k] = Some(facts);
            }
            self.forget_versions();
        }
        self.store.save();
        let blank = Arc::new(SourceFile { path: String::new(), text: String::new() });
        let mut out = Vec::new();
        for (step, facts) in steps.iter().zip(found) {
            let facts = facts.unwrap_or_default();
            if !facts.is_empty() {
                let pairs = facts.into_iter().map(|f| self.pair_of_facts(f, &blank)).collect();
                out.push(CommitStates { commit: self.info(step.commit)?, pairs });
            }
        }
        Ok(out)
    }

    /// An item pair standing in for the real one: only what the report reads is set.
    fn pair_of_facts(&self, facts: PairFacts, blank: &Arc<SourceFile>) -> ItemPair {
        let item = |s: StateFacts| {
            Arc::new(Item {
                category: self.config.statuses.category(s.kind, &s.status),
                target: s.target.and_then(|t| Period::parse(&t).ok()),
                status: s.status,
                ..Item::blank(facts.id.clone(), s.kind, false, Arc::clone(blank))
            })
        };
        ItemPair {
            id: facts.id.clone(),
            old: facts.old.map(item),
            new: facts.new.map(item),
            readability: diff::Readability::Same,
            shared_id: false,
        }
    }

    /// The date of the last commit (first-parent, from `start`) that touched each of `wanted`
    /// (plan-relative file paths). Reads paths only, no file contents, and stops once every
    /// wanted path is found: history is read in windows of growing length, newest first.
    pub fn last_changes(&mut self, start: &str, wanted: &HashSet<String>) -> Result<HashMap<String, String>> {
        let mut found: HashMap<String, String> = Default::default();
        if wanted.is_empty() {
            return Ok(found);
        }
        let mut steps =
            Steps::new(self.repo, &WalkOptions { start: start.to_string(), first_parent: true, credit_merges: false })?;
        // Recent history is a few versions of each folder: one thread, one pack cache.
        self.parallel = false;
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
        self.store.save();
        Ok(found)
    }
}

/// A commit's changes in words, sorted as `cairn log` shows them.
fn changes_of(pairs: &[ItemPair]) -> Vec<diff::ItemChange> {
    let mut changes: Vec<diff::ItemChange> = pairs
        .iter()
        .filter_map(|p| {
            let mut change = diff::change_of(p.old.as_deref(), p.new.as_deref(), Vec::new(), p.readability, &|_| true)?;
            change.shared_id = p.shared_id;
            Some(change)
        })
        .collect();
    diff::sort_changes(&mut changes);
    changes
}

/// What the report reads of an item pair.
fn facts_of(pair: &ItemPair) -> PairFacts {
    let state =
        |i: &Arc<Item>| StateFacts { kind: i.kind, status: i.status.clone(), target: i.target.map(|t| t.to_string()) };
    PairFacts { id: pair.id.clone(), old: pair.old.as_ref().map(state), new: pair.new.as_ref().map(state) }
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
