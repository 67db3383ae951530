//! The item files that differ between versions of the plan folders, for many commits at
//! once: what a history walk reads.
//!
//! Three things keep the cost near `git log --raw`:
//!
//! - **Folder by folder.** Every version of one folder is read one after the other (the
//!   driver goes level by level and groups the pending diffs by folder path). A folder's
//!   versions are a delta chain in the pack, and libgit2's delta-base cache is a fixed
//!   16 MiB: reading commit by commit interleaves the chains of every folder and keeps
//!   re-inflating their bases.
//! - **Raw tree bytes.** Trees are read as bytes from the object database, never parsed
//!   into entries. Two versions of a folder share most of their bytes: the common prefix and
//!   suffix are skipped with a byte comparison and only the entries in between are parsed.
//!   A version read as the new side of one diff is kept for the next diff of the same folder,
//!   where it is usually the old side.
//! - **Unchanged subtrees are never read**: an entry with the same id on both sides is
//!   skipped, so the cost follows the size of the change, not of the folder.
//!
//! Folders are split between threads, each with its own repository handle.

use std::collections::BTreeMap;
use std::rc::Rc;

use git2::{Oid, Repository};
use rayon::prelude::*;

use super::git::missing_object;
use super::{is_item_name, is_walked_dir};
use crate::error::{CairnError, Result};

/// A file of a plan folder that differs between two trees: its path relative to the folder,
/// and its blob before and after (`None` where it is absent).
pub type ChangedFile = (String, Option<Oid>, Option<Oid>);

/// One diff to make: two versions of a plan folder (tree ids, `None` where it is absent).
/// `folder` tells folders apart (their paths relative to the folder are the same).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FolderDiff {
    pub folder: usize,
    pub old: Option<Oid>,
    pub new: Option<Oid>,
}

/// The item files each diff changed, sorted by path: one list per diff, in order. Hidden
/// folders, non-item files, symbolic links and names that are not UTF-8 are left out, as
/// the loaders do. With `parallel`, folders are split between threads, each with its own
/// repository handle (and its own 16 MiB pack cache); without, everything is read through
/// `repo`.
pub fn changes(repo: &Repository, diffs: &[FolderDiff], parallel: bool) -> Result<Vec<Vec<ChangedFile>>> {
    let mut out: Vec<Vec<ChangedFile>> = vec![Vec::new(); diffs.len()];
    // Pending subtree diffs of this level: (diff index, folder, path in the folder, old, new).
    let mut level: Vec<Pending> = diffs
        .iter()
        .enumerate()
        .filter(|(_, d)| d.old != d.new)
        .map(|(i, d)| Pending { diff: i, folder: d.folder, path: String::new(), old: d.old, new: d.new })
        .collect();
    let git_dir = repo.path();
    while !level.is_empty() {
        // Group by folder path, keeping each group in diff order (consecutive versions).
        let mut groups: BTreeMap<(usize, String), Vec<Pending>> = BTreeMap::new();
        for p in level.drain(..) {
            groups.entry((p.folder, p.path.clone())).or_default().push(p);
        }
        let groups: Vec<Vec<Pending>> = groups.into_values().collect();
        let results: Vec<Result<Level>> =
            if !parallel || groups.len() == 1 || groups.iter().map(Vec::len).sum::<usize>() < 8 {
                vec![diff_groups(repo, &groups.iter().collect::<Vec<_>>())]
            } else {
                bins(&groups, rayon::current_num_threads())
                    .into_par_iter()
                    .map(|bin| {
                        let own = Repository::open(git_dir).map_err(|e| {
                            CairnError::git(format!("cannot open the repository: {}", e.message()), None)
                        })?;
                        diff_groups(&own, &bin)
                    })
                    .collect()
            };
        for result in results {
            let result = result?;
            for (diff, file) in result.files {
                out[diff].push(file);
            }
            level.extend(result.next);
        }
    }
    for files in &mut out {
        files.sort_by(|a, b| a.0.cmp(&b.0));
    }
    Ok(out)
}

/// A subtree diff waiting for its level.
#[derive(Debug, Clone)]
struct Pending {
    diff: usize,
    folder: usize,
    path: String,
    old: Option<Oid>,
    new: Option<Oid>,
}

/// What one level of one bin of groups found: changed files (by diff) and subtree diffs for
/// the next level.
#[derive(Default)]
struct Level {
    files: Vec<(usize, ChangedFile)>,
    next: Vec<Pending>,
}

/// Splits groups into `n` bins of about equal work (number of versions), largest first.
fn bins(groups: &[Vec<Pending>], n: usize) -> Vec<Vec<&Vec<Pending>>> {
    let n = n.max(1);
    let mut order: Vec<&Vec<Pending>> = groups.iter().collect();
    order.sort_by_key(|g| std::cmp::Reverse(g.len()));
    let mut bins: Vec<Vec<&Vec<Pending>>> = vec![Vec::new(); n];
    let mut load = vec![0usize; n];
    for g in order {
        let i = (0..n).min_by_key(|&i| load[i]).unwrap_or(0);
        load[i] += g.len();
        bins[i].push(g);
    }
    bins.retain(|b| !b.is_empty());
    bins
}

fn diff_groups(repo: &Repository, groups: &[&Vec<Pending>]) -> Result<Level> {
    let odb =
        repo.odb().map_err(|e| CairnError::git(format!("cannot read the object database: {}", e.message()), None))?;
    let mut reader = Reader { odb: &odb, recent: Vec::new() };
    let mut level = Level::default();
    for group in groups {
        for p in group.iter() {
            let old = p.old.map(|id| reader.read(id, &p.path)).transpose()?;
            let new = p.new.map(|id| reader.read(id, &p.path)).transpose()?;
            let (a, b) = (old.as_ref().map_or(&[][..], |o| o.data()), new.as_ref().map_or(&[][..], |o| o.data()));
            diff_level(a, b, p, &mut level).map_err(|what| corrupt(&p.path, what))?;
        }
    }
    Ok(level)
}

fn corrupt(path: &str, what: &str) -> CairnError {
    CairnError::git(
        format!("cannot read folder `{path}/` from git: {what}"),
        Some("the repository is damaged: run `git fsck`".into()),
    )
}

/// Reads raw trees, keeping the last few versions (a folder's new side is the next diff's
/// old side).
struct Reader<'o, 'r> {
    odb: &'o git2::Odb<'r>,
    recent: Vec<(Oid, Rc<git2::OdbObject<'o>>)>,
}

impl<'o> Reader<'o, '_> {
    const KEEP: usize = 4;

    fn read(&mut self, id: Oid, path: &str) -> Result<Rc<git2::OdbObject<'o>>> {
        if let Some((_, object)) = self.recent.iter().find(|(k, _)| *k == id) {
            return Ok(Rc::clone(object));
        }
        let object = self.odb.read(id).map_err(|e| missing_object(&format!("folder {path}/ (tree {id})"), e))?;
        if object.kind() != git2::ObjectType::Tree {
            return Err(corrupt(path, "a folder entry does not name a tree"));
        }
        let object = Rc::new(object);
        if self.recent.len() >= Self::KEEP {
            self.recent.remove(0);
        }
        self.recent.push((id, Rc::clone(&object)));
        Ok(object)
    }
}

/// One raw tree entry: `mode SP name NUL id`.
struct Entry<'a> {
    mode: &'a [u8],
    name: &'a [u8],
    id: &'a [u8],
    end: usize,
}

impl Entry<'_> {
    fn is_tree(&self) -> bool {
        self.mode == b"40000"
    }

    /// Whether the entry belongs to a plan walk: a walked folder (`Some(true)`), an item
    /// file (`Some(false)`), or neither (symbolic links, submodules, other files, names
    /// that are not UTF-8).
    fn kind(&self) -> Option<bool> {
        let name = std::str::from_utf8(self.name).ok()?;
        match self.mode {
            b"40000" => is_walked_dir(name).then_some(true),
            b"120000" | b"160000" => None,
            _ => is_item_name(name).then_some(false),
        }
    }

    fn oid(&self) -> Oid {
        Oid::from_bytes(self.id).unwrap_or(Oid::ZERO_SHA1)
    }
}

/// The entry starting at `pos`; `Ok(None)` at the end.
fn entry(buf: &[u8], pos: usize) -> std::result::Result<Option<Entry<'_>>, &'static str> {
    if pos >= buf.len() {
        return Ok(None);
    }
    let rest = &buf[pos..];
    let sp = rest.iter().take(8).position(|&c| c == b' ').ok_or("a tree entry has no mode")?;
    let nul = sp + 1 + rest[sp + 1..].iter().position(|&c| c == 0).ok_or("a tree entry has no name")?;
    let end = nul + 1 + 20;
    if end > rest.len() {
        return Err("a tree entry is cut short");
    }
    Ok(Some(Entry { mode: &rest[..sp], name: &rest[sp + 1..nul], id: &rest[nul + 1..end], end: pos + end }))
}

/// Git's order of tree entries: names compare as bytes, a folder as if its name ended in `/`.
fn git_order(a: &[u8], a_tree: bool, b: &[u8], b_tree: bool) -> std::cmp::Ordering {
    let n = a.len().min(b.len());
    a[..n].cmp(&b[..n]).then_with(|| {
        let next = |name: &[u8], tree: bool| name.get(n).copied().unwrap_or(if tree { b'/' } else { 0 });
        next(a, a_tree).cmp(&next(b, b_tree))
    })
}

/// How many leading bytes two slices share (compared in blocks, then byte by byte).
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 128;
    let n = a.len().min(b.len());
    let mut p = 0;
    while p + BLOCK <= n && a[p..p + BLOCK] == b[p..p + BLOCK] {
        p += BLOCK;
    }
    p + a[p..n].iter().zip(&b[p..n]).position(|(x, y)| x != y).unwrap_or(n - p)
}

/// How many trailing bytes two slices share.
fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 128;
    let n = a.len().min(b.len());
    let (ea, eb) = (a.len(), b.len());
    let mut s = 0;
    while s + BLOCK <= n && a[ea - s - BLOCK..ea - s] == b[eb - s - BLOCK..eb - s] {
        s += BLOCK;
    }
    s + a[..ea - s].iter().rev().zip(b[..eb - s].iter().rev()).position(|(x, y)| x != y).unwrap_or(n - s)
}

fn join(base: &str, name: &[u8]) -> String {
    let name = String::from_utf8_lossy(name);
    if base.is_empty() { name.into_owned() } else { format!("{base}/{name}") }
}

/// One level of one diff: the item files that differ go to `level.files`, the subtrees that
/// differ to `level.next`. Entries in the common prefix and suffix of the two trees' bytes
/// are not looked at.
fn diff_level(a: &[u8], b: &[u8], p: &Pending, level: &mut Level) -> std::result::Result<(), &'static str> {
    use std::cmp::Ordering;
    let same = common_prefix(a, b);
    // Back to the start of the entry the first difference is in.
    let mut start = 0;
    while let Some(e) = entry(a, start)? {
        if e.end > same {
            break;
        }
        start = e.end;
    }
    let suffix = common_suffix(a, b);
    let (mut i, mut j) = (start, start);
    let mut emit = |e: &Entry<'_>, old: Option<Oid>, new: Option<Oid>, tree: bool| {
        let path = join(&p.path, e.name);
        if tree {
            level.next.push(Pending { diff: p.diff, folder: p.folder, path, old, new });
        } else {
            level.files.push((p.diff, (path, old, new)));
        }
    };
    loop {
        if a.len() - i == b.len() - j && a.len() - i <= suffix {
            break; // what is left is the same on both sides
        }
        let (x, y) = (entry(a, i)?, entry(b, j)?);
        let order = match (&x, &y) {
            (None, None) => break,
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (Some(x), Some(y)) => git_order(x.name, x.is_tree(), y.name, y.is_tree()),
        };
        match (order, x, y) {
            (Ordering::Less, Some(x), _) => {
                i = x.end;
                if let Some(tree) = x.kind() {
                    emit(&x, Some(x.oid()), None, tree);
                }
            }
            (Ordering::Greater, _, Some(y)) => {
                j = y.end;
                if let Some(tree) = y.kind() {
                    emit(&y, None, Some(y.oid()), tree);
                }
            }
            (Ordering::Equal, Some(x), Some(y)) => {
                (i, j) = (x.end, y.end);
                if x.id != y.id
                    && let Some(tree) = x.kind()
                {
                    emit(&x, Some(x.oid()), Some(y.oid()), tree);
                }
            }
            _ => break,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
