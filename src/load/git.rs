//! Reading the plan from a git revision's tree through git2: no checkout, works in bare
//! repositories and linked worktrees.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use git2::{ObjectType, Repository, Tree};

use super::decode::MAX_FILE_BYTES;
use super::{RawFile, ReadProblem, is_archived, is_item_name, is_walked_dir};
use crate::error::{CairnError, Result};
use crate::model::Kind;
use crate::model::{CONFIG_FILE, Config};

const FILEMODE_LINK: i32 = 0o120000;

/// Help for a revision that cannot be found.
fn missing_rev_help(repo: &Repository) -> Option<String> {
    if repo.is_shallow() {
        Some("this is a shallow clone, so older commits are missing: fetch the full history (`git fetch --unshallow`, or `fetch-depth: 0` with actions/checkout)".into())
    } else {
        Some(
            "check the name with `git log --oneline` or `git branch -a`; fetch it first if it lives on a remote".into(),
        )
    }
}

/// Opens the repository containing `start`.
pub fn open(start: &Path) -> Result<Repository> {
    Repository::discover(start).map_err(|e| {
        CairnError::git(
            match e.code() {
                git2::ErrorCode::NotFound => format!("{} is not inside a git repository", start.display()),
                // Ownership (`safe.directory`), permissions, a damaged `.git`: git's own words.
                _ => format!("{} is not inside a git repository cairn can open ({})", start.display(), e.message()),
            },
            Some(
                "this command reads git history: run it inside the repository that holds the plan (or point `-C` at \
                 it); without `--rev`, check, roadmap, backlog, tree and show read a plain folder"
                    .into(),
            ),
        )
    })
}

/// The object a revision names, for any rev-spec git accepts; a missing one is explained
/// (unknown, or absent from a shallow clone).
fn resolve<'r>(repo: &'r Repository, rev: &str) -> Result<git2::Object<'r>> {
    repo.revparse_single(rev).map_err(|e| {
        let message = if repo.is_shallow() {
            format!("revision `{rev}` not found: the repository is a shallow clone ({})", e.message())
        } else {
            format!("unknown revision `{rev}` ({})", e.message())
        };
        CairnError::git(message, missing_rev_help(repo))
    })
}

/// The tree of a revision.
pub fn tree<'r>(repo: &'r Repository, rev: &str) -> Result<Tree<'r>> {
    resolve(repo, rev)?
        .peel_to_tree()
        .map_err(|e| CairnError::git(format!("revision `{rev}` does not name a tree ({})", e.message()), None))
}

/// The commit a revision names.
pub fn commit_id(repo: &Repository, rev: &str) -> Result<git2::Oid> {
    resolve(repo, rev)?
        .peel_to_commit()
        .map(|c| c.id())
        .map_err(|e| CairnError::git(format!("revision `{rev}` does not name a commit ({})", e.message()), None))
}

/// A repository that has history: an unborn branch (no commit yet) is an error that says so.
pub fn open_with_history(start: &Path) -> Result<Repository> {
    let repo = open(start)?;
    if repo.head().is_err() {
        return Err(CairnError::git(
            "there is no history yet: the repository has no commits",
            Some("commit the plan first; `cairn check` works without history".into()),
        ));
    }
    Ok(repo)
}

/// The plan root's path inside the repository's trees (`""` for the root), `/`-separated.
///
/// In a bare repository the plan is at the root of the tree. Otherwise it is the plan root
/// found on disk from `start`, relative to the work tree; when the working tree has no plan
/// there (it was deleted, say), the tree itself is searched upwards from `start`.
pub fn plan_path(repo: &Repository, start: &Path, tree: &Tree<'_>) -> Result<String> {
    let Some(workdir) = repo.workdir() else {
        return Ok(String::new());
    };
    let workdir = canonical(workdir);
    let start = canonical(start);
    if let Ok(root) = super::discover::find_root(&start)
        && let Ok(rel) = canonical(&root).strip_prefix(&workdir)
    {
        return Ok(slash(rel));
    }
    let rel = start
        .strip_prefix(&workdir)
        .map(slash)
        .map_err(|_| CairnError::git(format!("{} is outside the repository's work tree", start.display()), None))?;
    let mut candidate = rel.as_str();
    loop {
        let has = |name: &str| {
            let p = if candidate.is_empty() { name.to_string() } else { format!("{candidate}/{name}") };
            tree.get_path(Path::new(&p)).is_ok()
        };
        if has(CONFIG_FILE) || has("roadmap") || has("backlog") {
            return Ok(candidate.to_string());
        }
        if candidate.is_empty() {
            return Ok(rel);
        }
        candidate = candidate.rfind('/').map_or("", |i| &candidate[..i]);
    }
}

/// The path of a directory inside its git repository (`""` or ending in `/`), if it is in one.
pub fn repo_path_of(dir: &Path) -> Option<String> {
    let repo = Repository::discover(dir).ok()?;
    let workdir = canonical(repo.workdir()?);
    let rel = canonical(dir).strip_prefix(&workdir).ok().map(slash)?;
    Some(if rel.is_empty() { rel } else { format!("{rel}/") })
}

fn canonical(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

fn slash(p: &Path) -> String {
    p.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// `base/name`, or `name` when `base` is the tree's root.
pub fn join(base: &str, name: &str) -> String {
    if base.is_empty() { name.to_string() } else { format!("{base}/{name}") }
}

/// Reads `cairn.yml` at the plan path of a tree; `None` when the tree has none.
pub fn read_config(repo: &Repository, tree: &Tree<'_>, plan_path: &str) -> Result<Option<Config>> {
    let Ok(entry) = tree.get_path(Path::new(&join(plan_path, CONFIG_FILE))) else {
        return Ok(None);
    };
    let blob = repo.find_blob(entry.id()).map_err(|e| missing_object(CONFIG_FILE, e))?;
    super::discover::config_from_bytes(blob.content()).map(Some)
}

/// An item file of a tree, listed but not read yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlobFile {
    /// Path relative to the plan root, `/`-separated.
    pub path: String,
    pub kind: Kind,
    pub archived: bool,
    /// The blob; `None` for a symbolic link.
    pub blob: Option<git2::Oid>,
}

/// Lists every item file under the plan folders of a tree, without reading any file. Plan
/// folders that are symbolic links and names that are not UTF-8 are reported as the
/// working-tree walk reports them, so both read the same plan.
pub fn list_files(
    repo: &Repository,
    tree: &Tree<'_>,
    plan_path: &str,
    config: &Config,
) -> Result<(Vec<BlobFile>, super::worktree::WalkProblems)> {
    let mut files = Vec::new();
    let mut problems = super::worktree::WalkProblems::default();
    for (kind, folder) in config.folders() {
        let Ok(entry) = tree.get_path(Path::new(&join(plan_path, folder))) else {
            problems.missing.push(folder.to_string());
            continue;
        };
        if entry.filemode() == FILEMODE_LINK {
            problems.diagnostics.push(super::linked_folder(folder));
            continue;
        }
        if entry.kind() != Some(ObjectType::Tree) {
            problems.diagnostics.push(super::unreadable_folder(folder, "not a folder"));
            continue;
        }
        let sub = repo.find_tree(entry.id()).map_err(|e| missing_object(&format!("{folder}/"), e))?;
        let mut walk = Walk { repo, folder, kind, config, files: &mut files, problems: &mut problems };
        walk.tree(&sub, "")?;
    }
    Ok((files, problems))
}

/// The error for an object git should have but cannot read (a partial clone, a damaged
/// repository): never read as an absent file.
pub fn missing_object(what: &str, e: git2::Error) -> CairnError {
    CairnError::git(
        format!("cannot read {what} from git: {}", e.message()),
        Some("the repository is missing objects (a partial or shallow clone, or damage): fetch them (`git fetch --refetch`, or clone without `--filter`), then run cairn again".into()),
    )
}

/// Reads and decodes files in parallel: each worker opens its own handle on the repository
/// at `git_dir` (handles are not shareable across threads). A blob that cannot be read is an
/// error naming the file (a partial clone, a damaged repository), never an absent item.
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
/// reading a file costs a fraction of
/// inflating a blob and its delta chain from a pack. A worker that keeps missing stops
/// trying (a working tree on another branch costs a few dozen reads, not one per file).
/// Each file's result is what `keep` makes of its job and decoding, on the reading thread
/// (so that what is not kept is freed there and then).
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
        let bytes = read_regular_file(&dir.join(path)).filter(|bytes| is_blob(bytes, id));
        let counter = if bytes.is_some() { &self.hits } else { &self.misses };
        counter.fetch_add(1, Ordering::Relaxed);
        bytes
    }
}

/// The bytes of a regular file of at most [`MAX_FILE_BYTES`]; `None` for anything else. A
/// symbolic link is not followed, and a FIFO or a device is never read (a read could block):
/// on Unix the file is opened without following links and without blocking, then checked
/// on the open descriptor (one path lookup, no race between the check and the read).
fn read_regular_file(path: &Path) -> Option<Vec<u8>> {
    use std::io::Read;
    #[cfg(unix)]
    let mut file = {
        use std::os::unix::fs::OpenOptionsExt;
        std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK).open(path).ok()?
    };
    #[cfg(not(unix))]
    let mut file =
        std::fs::symlink_metadata(path).ok().filter(|m| m.is_file()).and_then(|_| std::fs::File::open(path).ok())?;
    let meta = file.metadata().ok().filter(|m| m.is_file() && m.len() <= MAX_FILE_BYTES)?;
    let mut bytes = Vec::with_capacity(meta.len() as usize + 1);
    file.read_to_end(&mut bytes).ok()?;
    (bytes.len() as u64 <= MAX_FILE_BYTES).then_some(bytes)
}

/// Whether `bytes` are the blob `id`: git's SHA-1 of them (`git hash-object`) is `id`. A
/// repository with other object ids (SHA-256) never matches, and its blobs are read from
/// the object database.
fn is_blob(bytes: &[u8], id: git2::Oid) -> bool {
    use sha1::{Digest, Sha1};
    let mut hash = Sha1::new();
    hash.update(format!("blob {}\0", bytes.len()));
    hash.update(bytes);
    hash.finalize().as_slice() == id.as_bytes()
}

/// A walk of one plan folder's tree.
struct Walk<'a, 'r> {
    repo: &'r Repository,
    folder: &'a str,
    kind: Kind,
    config: &'a Config,
    files: &'a mut Vec<BlobFile>,
    problems: &'a mut super::worktree::WalkProblems,
}

impl Walk<'_, '_> {
    fn tree(&mut self, tree: &Tree<'_>, rel: &str) -> Result<()> {
        for entry in tree.iter() {
            let Ok(name) = std::str::from_utf8(entry.name_bytes()) else {
                let shown = join(rel, &String::from_utf8_lossy(entry.name_bytes()));
                let is_item = entry.kind() == Some(ObjectType::Tree) || entry.name_bytes().ends_with(b".md");
                if is_item {
                    self.problems.diagnostics.push(super::unreadable_folder(
                        &format!("{}/{shown}", self.folder),
                        "the name is not valid UTF-8, so it cannot be named in the plan; rename it",
                    ));
                }
                continue;
            };
            let rel_path = join(rel, name);
            match entry.kind() {
                Some(ObjectType::Tree) if is_walked_dir(name) => {
                    let sub = self
                        .repo
                        .find_tree(entry.id())
                        .map_err(|e| missing_object(&format!("{}/{rel_path}/", self.folder), e))?;
                    self.tree(&sub, &rel_path)?;
                }
                Some(ObjectType::Blob) if is_item_name(name) => {
                    let path = format!("{}/{rel_path}", self.folder);
                    if self.config.exclude.matches(&path) {
                        continue;
                    }
                    let blob = (entry.filemode() != FILEMODE_LINK).then(|| entry.id());
                    let archived = self.kind == Kind::Backlog && is_archived(&rel_path);
                    self.files.push(BlobFile { path, kind: self.kind, archived, blob });
                }
                _ => {}
            }
        }
        Ok(())
    }
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
            assert!(is_blob(text, git2::Oid::hash_object(ObjectType::Blob, text).unwrap()));
        }
    }
}
