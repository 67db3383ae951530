//! Reading the plan from a git revision's tree through git2: no checkout, works in bare
//! repositories and linked worktrees.

use std::path::{Path, PathBuf};

use git2::{ObjectType, Repository, Tree};

use super::{is_archived, is_item_name, is_walked_dir};
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
