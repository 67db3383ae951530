//! Reading blobs and decoding them on both cores: from the object database, or from an
//! identical copy in the working tree, which is several times cheaper than inflating a blob
//! and its delta chain.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use git2::Repository;

use super::decode::MAX_FILE_BYTES;
use super::git::{BlobFile, missing_object};
use super::{RawFile, ReadProblem};
use crate::error::{CairnError, Result};
use crate::model::Config;

/// Reads and decodes files in parallel, each worker thread through its own handle on the
/// repository at `git_dir` (handles are not shareable across threads). A blob that cannot be
/// read is an error naming the file (a partial clone, a damaged repository), never an absent
/// item.
pub fn decode_files(git_dir: &Path, files: Vec<BlobFile>, config: &Config) -> Result<Vec<super::decode::Decoded>> {
    let jobs = files.into_iter().map(|file| Job { file, detail: super::decode::Detail::Full, worktree: false });
    decode_jobs(git_dir, None, jobs.collect(), config, |_, decoded| decoded)
}

/// One file to read and decode, in as much detail as asked.
#[derive(Debug, Clone)]
pub struct Job {
    pub file: BlobFile,
    pub detail: super::decode::Detail,
    /// Try the working tree's copy first (see [`decode_jobs`]).
    pub worktree: bool,
}

/// [`decode_files`] for jobs of mixed detail, in their order. When `worktree` names the plan
/// root in the working tree, a job marked for it is read from there if the file holds
/// exactly the job's blob (checked by hashing it, so a modified file, a line-ending filter
/// or another checkout is never taken for the blob) and the object database holds the blob:
/// reading a file costs a fraction of inflating a blob and its delta chain from a pack. Once
/// misses pile up and outnumber the hits, the batch stops trying (a working tree on another
/// branch costs a few dozen reads, not one per file). Each file's result is what `keep`
/// makes of its job and decoding, on the reading thread (so that what is not kept is freed
/// there and then).
pub fn decode_jobs<T: Send>(
    git_dir: &Path,
    worktree: Option<&Path>,
    jobs: Vec<Job>,
    config: &Config,
    keep: impl Fn(&Job, super::decode::Decoded) -> T + Sync,
) -> Result<Vec<T>> {
    use rayon::prelude::*;
    let copies = WorktreeCopies { dir: worktree, hits: AtomicUsize::new(0), misses: AtomicUsize::new(0) };
    // Small runs keep both threads busy to the end (blobs cost from a few to a few hundred
    // microseconds); each thread's repository handle outlives the runs.
    jobs.into_par_iter()
        .with_min_len(64)
        .map(|job| {
            let f = &job.file;
            let content = match f.blob {
                None => Err(ReadProblem::Symlink),
                Some(id) => with_handle(git_dir, |repo| {
                    if let Some(bytes) = copies.read(repo, job.worktree, &f.path, id) {
                        return Ok(Ok(bytes));
                    }
                    match repo.find_blob(id) {
                        Ok(blob) if blob.size() as u64 > MAX_FILE_BYTES => {
                            Ok(Err(ReadProblem::TooLarge(blob.size() as u64)))
                        }
                        Ok(blob) => Ok(Ok(blob.content().to_vec())),
                        Err(e) => Err(missing_object(&format!("{} (blob {id})", f.path), e)),
                    }
                })
                .map_err(|e| CairnError::git(format!("cannot open the repository: {}", e.message()), None))??,
            };
            let raw = RawFile { path: f.path.clone(), kind: f.kind, archived: f.archived, content };
            Ok(keep(&job, super::decode::decode_with(raw, config, job.detail)))
        })
        .collect()
}

/// Runs `f` with this thread's handle on the repository at `git_dir` (handles are not
/// shareable across threads), opened on first use and kept: rayon's workers live as long as
/// the process, so each opens the repository once and its pack caches stay warm.
fn with_handle<T>(git_dir: &Path, f: impl FnOnce(&Repository) -> T) -> std::result::Result<T, git2::Error> {
    thread_local! {
        static HANDLE: RefCell<Option<(PathBuf, Repository)>> = const { RefCell::new(None) };
    }
    HANDLE.with(|cell| {
        let mut slot = cell.borrow_mut();
        match slot.as_ref() {
            Some((dir, repo)) if dir == git_dir => Ok(f(repo)),
            _ => {
                let (_, repo) = slot.insert((git_dir.to_path_buf(), Repository::open(git_dir)?));
                Ok(f(repo))
            }
        }
    })
}

/// Reads of blobs from their working-tree copies, shared by the workers of one batch.
struct WorktreeCopies<'a> {
    /// The plan root in the working tree.
    dir: Option<&'a Path>,
    hits: AtomicUsize,
    misses: AtomicUsize,
}

impl WorktreeCopies<'_> {
    /// Misses tolerated before the batch stops trying, when they outnumber the hits.
    const PATIENCE: usize = 32;

    /// The bytes of blob `id` from the working tree's copy of `path`, when it holds them and
    /// the object database has the blob too: a damaged repository is reported as such
    /// (SPEC §6), never patched over from the working tree.
    fn read(&self, repo: &Repository, wanted: bool, path: &str, id: git2::Oid) -> Option<Vec<u8>> {
        let dir = self.dir.filter(|_| wanted)?;
        let misses = self.misses.load(Ordering::Relaxed);
        if misses >= Self::PATIENCE && misses > self.hits.load(Ordering::Relaxed) {
            return None;
        }
        if !repo.odb().is_ok_and(|odb| odb.exists(id)) {
            return None;
        }
        let bytes = super::worktree::read_file(&dir.join(path)).ok().filter(|bytes| is_blob(bytes, id));
        let counter = if bytes.is_some() { &self.hits } else { &self.misses };
        counter.fetch_add(1, Ordering::Relaxed);
        bytes
    }
}

/// Whether `bytes` are the blob `id`: git's SHA-1 of them (`git hash-object`) is `id`. A
/// repository with other object ids (SHA-256) never matches, and its blobs are read from
/// the object database.
fn is_blob(bytes: &[u8], id: git2::Oid) -> bool {
    blob_id(bytes).as_slice() == id.as_bytes()
}

/// git's SHA-1 id of a blob holding `bytes` (`git hash-object`).
pub fn blob_id(bytes: &[u8]) -> [u8; 20] {
    use sha1::{Digest, Sha1};
    let mut hash = Sha1::new();
    hash.update(format!("blob {}\0", bytes.len()));
    hash.update(bytes);
    hash.finalize().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blob_ids_are_gits() {
        // `printf 'hello\n' | git hash-object --stdin`, and the empty blob.
        let hello = git2::Oid::from_str("ce013625030ba8dba906f756967f9e9ca394464a").unwrap();
        assert!(is_blob(b"hello\n", hello));
        assert!(!is_blob(b"hello\r\n", hello));
        assert!(is_blob(b"", git2::Oid::from_str("e69de29bb2d1d6434b8b29ae775ad8c2e48c5391").unwrap()));
        for text in [&b"---\nid: S-1\n---\n"[..], b"\xff\xfe not UTF-8", &[0u8; 70_000]] {
            assert!(is_blob(text, git2::Oid::hash_object(git2::ObjectType::Blob, text).unwrap()));
        }
    }
}
