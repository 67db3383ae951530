//! Merges in the plan's history: crediting the merged work to its authors, and a merge's own
//! changes (a conflict's resolution) when every parent is followed.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;

use super::engine::{Engine, Touched};
use super::steps::Step;
use crate::error::{CairnError, Result};
use crate::load::git::missing_object;

/// The blob at a path of a tree, if there is one.
fn blob_at(tree: &git2::Tree<'_>, path: &str) -> Option<git2::Oid> {
    tree.get_path(Path::new(path)).ok().filter(|e| e.kind() == Some(git2::ObjectType::Blob)).map(|e| e.id())
}

fn tree_of<'r>(commit: &git2::Commit<'r>) -> Result<git2::Tree<'r>> {
    commit.tree().map_err(|e| missing_object(&format!("the tree of commit {}", commit.id()), e))
}

/// The trees of a merge's parents after the first.
fn other_parents<'r>(merge: &git2::Commit<'r>) -> Result<Vec<git2::Tree<'r>>> {
    merge.parents().skip(1).map(|parent| tree_of(&parent)).collect()
}

/// Whether `version` of `path` is in none of a merge's `others` parents: the merge wrote
/// it itself.
fn written_by_merge(others: &[git2::Tree<'_>], path: &str, version: Option<git2::Oid>) -> bool {
    others.iter().all(|tree| blob_at(tree, path) != version)
}

impl<'r> Engine<'r> {
    fn commit(&self, id: git2::Oid) -> Result<git2::Commit<'r>> {
        self.repo.find_commit(id).map_err(|e| missing_object(&format!("commit {id}"), e))
    }

    /// Of the files a merge changed relative to its first parent, those whose version is in
    /// no other parent either: what the merge itself wrote (a conflict's resolution, an edit
    /// made while merging).
    pub(super) fn own_files(&self, merge: git2::Oid, files: Vec<Touched>) -> Result<Vec<Touched>> {
        let merge = self.commit(merge)?;
        let others = other_parents(&merge)?;
        Ok(files.into_iter().filter(|t| written_by_merge(&others, &self.repo_path(t), t.new)).collect())
    }

    /// Of `paths` (relative to the plan root), those whose version in the merge is in no
    /// other parent: the merge wrote them itself (a conflict's resolution), so their change
    /// is the merger's, not the merged authors'.
    pub(super) fn resolved_by_merge(&self, merge: git2::Oid, paths: &[&str]) -> Result<HashSet<String>> {
        let merge = self.commit(merge)?;
        let mine = tree_of(&merge)?;
        let others = other_parents(&merge)?;
        Ok(paths
            .iter()
            .filter(|p| {
                self.repo_path_of(p).is_some_and(|path| written_by_merge(&others, &path, blob_at(&mine, &path)))
            })
            .map(|p| p.to_string())
            .collect())
    }

    /// The authors of the commits a merge brings (reachable from its other parents, not from
    /// its first) that changed the plan, sorted; and per plan file, the author of the newest
    /// of them that changed it. The merged commits' files come from the same tree diffs (and
    /// cache) as every walk.
    pub(super) fn merge_credits(&mut self, merge: git2::Oid) -> Result<(Vec<String>, HashMap<String, String>)> {
        let git = |e: git2::Error| CairnError::git(format!("cannot walk a merged branch: {}", e.message()), None);
        let merge = self.commit(merge)?;
        let mut walk = self.repo.revwalk().map_err(git)?;
        walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::TIME).map_err(git)?;
        for parent in merge.parent_ids().skip(1) {
            walk.push(parent).map_err(git)?;
        }
        walk.hide(merge.parent_id(0).map_err(git)?).map_err(git)?;
        let mut steps = Vec::new();
        let mut authors_of = Vec::new();
        for oid in walk {
            let oid = oid.map_err(git)?;
            let commit = self.commit(oid)?;
            let parent = commit.parent_id(0).ok();
            steps.push(Step { commit: oid, parent, merge: commit.parent_count() > 1 });
            authors_of.push(commit.author().name().unwrap_or("unknown").to_string());
        }
        let mut authors = BTreeSet::new();
        let mut credits: HashMap<String, String> = HashMap::new();
        for (files, author) in self.touched(&steps)?.into_iter().zip(authors_of) {
            if files.is_empty() {
                continue;
            }
            for f in files {
                credits.entry(f.path).or_insert_with(|| author.clone());
            }
            authors.insert(author);
        }
        Ok((authors.into_iter().collect(), credits))
    }
}
