//! Loading a plan: from the working tree or from a git revision, through one parser.
//!
//! Each loader lists the plan's files and reads their bytes into [`RawFile`]s; [`assemble`]
//! decodes them in parallel with the one decoder and builds the [`Plan`].

pub mod blobs;
pub mod body;
pub mod cache;
pub mod config;
pub mod decode;
pub mod discover;
pub mod frontmatter;
pub mod git;
pub mod resolve;
pub mod revisions;
pub mod status;
pub mod treediff;
pub mod worktree;
pub mod yaml;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{CairnError, Result};
use crate::model::diagnostic::{Diagnostic, Rule};
use crate::model::{BrokenFile, CONFIG_FILE, Category, Config, Item, Kind, Plan, SourceFile};

/// Why a file's bytes could not be read.
#[derive(Debug)]
pub enum ReadProblem {
    /// The entry is a symbolic link, which cairn does not follow.
    Symlink,
    /// The file is larger than the limit (its size in bytes).
    TooLarge(u64),
    /// The operating system or git refused.
    Io(String),
}

/// One plan file as read by a loader, before decoding.
#[derive(Debug)]
pub struct RawFile {
    /// Path relative to the plan root, `/`-separated.
    pub path: String,
    pub kind: Kind,
    /// Whether the file is under `<backlog>/archive/`.
    pub archived: bool,
    pub content: Result<Vec<u8>, ReadProblem>,
}

/// Whether a file name is an item: `*.md`, not `README.md`, not starting with `_` or `.`.
pub fn is_item_name(name: &str) -> bool {
    name.ends_with(".md") && !name.starts_with(['_', '.']) && !name.eq_ignore_ascii_case("readme.md")
}

/// Whether a folder is walked: hidden folders are skipped.
pub fn is_walked_dir(name: &str) -> bool {
    !name.starts_with('.')
}

/// Whether a path relative to the backlog folder is archived.
pub fn is_archived(rel_to_folder: &str) -> bool {
    rel_to_folder.starts_with("archive/")
}

/// Where the plan was read from, for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The working tree at this plan root.
    WorkTree(PathBuf),
    /// A git revision (as the user wrote it) and the plan's path inside its tree.
    Revision { rev: String, path: String },
}

/// Decodes raw files (in parallel) and builds the plan, sorted by path.
pub fn assemble(files: Vec<RawFile>, config: Config) -> Plan {
    let decoded: Vec<decode::Decoded> = files.into_par_iter().map(|raw| decode::decode(raw, &config)).collect();
    assemble_decoded(decoded, config)
}

/// Builds the plan from decoded files, sorted by path. The items are moved within the
/// decoded files' own buffer (no second copy of every item at the peak).
pub fn assemble_decoded(mut decoded: Vec<decode::Decoded>, config: Config) -> Plan {
    // Paths are distinct, so an unstable sort gives the one order (and needs no buffer).
    decoded.sort_unstable_by(|a, b| a.source.path.cmp(&b.source.path));
    let mut diagnostics = Vec::new();
    let mut broken = Vec::new();
    let mut sources = Vec::new();
    let mut items: Vec<Item> = decoded
        .into_iter()
        .filter_map(|d| {
            diagnostics.extend(d.diagnostics);
            match d.item {
                Some(item) => Some(item),
                None => {
                    broken.push(BrokenFile { path: d.source.path.clone(), kind: d.kind, id: d.fallback_id });
                    sources.push(d.source);
                    None
                }
            }
        })
        .collect();
    items.shrink_to_fit();
    Plan { config, items, broken, diagnostics, sources }
}

/// How much of each file's text a loaded plan keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Texts {
    /// Every file's whole text: bodies are shown, exported and compared.
    Whole,
    /// Backlog items keep their front matter only (where every finding about them points);
    /// initiatives and files that do not decode keep everything. For `cairn check`, whose
    /// rules read the front matter of backlog items and the bodies of initiatives: the plan
    /// then holds a fraction of its bytes.
    FrontMatter,
}

/// Drops the body of a backlog item's text (see [`Texts::FrontMatter`]).
fn front_matter_only(mut d: decode::Decoded) -> decode::Decoded {
    if let Some(item) = d.item.as_mut().filter(|i| i.kind == Kind::Backlog && i.body.start < i.source.text.len()) {
        let text = item.source.text[..item.body.start].to_string();
        let short = std::sync::Arc::new(SourceFile { path: item.path.clone(), text });
        item.source = std::sync::Arc::clone(&short);
        d.source = short;
    }
    d
}

/// Reads the whole text of the plan's files at `paths` again, in place of the front matter a
/// [`Texts::FrontMatter`] load kept (for showing findings in context). A file whose front
/// matter changed on disk since keeps what was read.
pub fn restore_texts(loaded: &mut Loaded, paths: &std::collections::HashSet<&str>) {
    for item in loaded.plan.items.iter_mut().filter(|i| paths.contains(i.path.as_str())) {
        let kept = &item.source.text;
        if item.body.start < kept.len() || item.body.is_empty() {
            continue;
        }
        let Ok(whole) = std::fs::read_to_string(loaded.root.join(&item.path)) else { continue };
        if whole.len() == item.body.end && whole.starts_with(kept.as_str()) {
            item.source = std::sync::Arc::new(SourceFile { path: item.path.clone(), text: whole });
        }
    }
}

/// A loaded plan and where it came from.
#[derive(Debug)]
pub struct Loaded {
    pub plan: Plan,
    pub origin: Origin,
    /// The plan root on disk (for `--rev`, the directory the search started from when the
    /// plan root is not on disk).
    pub root: PathBuf,
    /// The plan root's path inside the git repository, `/`-separated, ending in `/` unless
    /// empty; `None` outside a repository.
    pub repo_path: Option<String>,
    /// Remarks for the user (which configuration was used, say); never findings.
    pub notes: Vec<String>,
    /// The git blob id of each active backlog item's file as it was read (plan-relative
    /// path → id), so that uncommitted changes are found by comparing with HEAD's blobs
    /// ([`status::uncommitted_active`]); filled for a working tree inside a repository.
    pub active_blobs: std::collections::HashMap<String, [u8; 20]>,
}

/// Loads the plan: from the working tree, or from revision `rev` through git, with the
/// configuration SPEC §4 says applies ([`resolve`]). A plan folder that `cairn.yml` names
/// but that does not exist is an error: never an empty plan.
pub fn load(root_flag: Option<&Path>, rev: Option<&str>) -> Result<Loaded> {
    load_with(root_flag, rev, Texts::Whole)
}

/// [`load`], keeping as much of each file's text as `texts` says (a plan read from a
/// revision keeps every text).
pub fn load_with(root_flag: Option<&Path>, rev: Option<&str>, texts: Texts) -> Result<Loaded> {
    load_lenient(root_flag, rev, texts)
}

/// Loads the working tree's plan without requiring the configured folders to exist: for
/// commands that create them (`new`).
pub fn load_for_write(root_flag: Option<&Path>) -> Result<Loaded> {
    let start = discover::start_dir(root_flag)?;
    worktree_plan(&start, false, Texts::Whole)
}

fn load_lenient(root_flag: Option<&Path>, rev: Option<&str>, texts: Texts) -> Result<Loaded> {
    let start = discover::start_dir(root_flag)?;
    match rev {
        None => worktree_plan(&start, true, texts),
        Some(rev) => {
            let repo = git::open(&start)?;
            let resolved = resolve::config_for(&repo, &start, resolve::Head::Revision(rev))?;
            let mut loaded = revision_plan(&repo, &start, rev, resolved.config, true)?;
            loaded.notes.extend(resolved.notes);
            Ok(loaded)
        }
    }
}

/// The working tree's plan, read with its own `cairn.yml`. Each file is decoded as soon as
/// it is read (in parallel), so the plan's raw bytes are never all held at once.
fn worktree_plan(start: &Path, require_folders: bool, texts: Texts) -> Result<Loaded> {
    let root = discover::find_root(start)?;
    let config = discover::read_config(&root)?;
    let (found, problems) = worktree::list_files(&root, &config);
    if require_folders {
        missing_folders(&config, &problems.missing, None)?;
    }
    // Inside a repository, each active item's blob id is taken as its bytes go by (1 µs a
    // file), for the uncommitted-change check of `backlog/stale`.
    let repo_path = git::repo_path_of(&root);
    type BlobId = Option<(String, [u8; 20])>;
    let (decoded, blob_ids): (Vec<decode::Decoded>, Vec<BlobId>) = found
        .into_par_iter()
        .map(|f| {
            let raw = f.read();
            let id = raw.content.as_ref().ok().filter(|_| repo_path.is_some()).map(|bytes| blobs::blob_id(bytes));
            let d = decode::decode(raw, &config);
            let active =
                d.item.as_ref().is_some_and(|i| i.kind == Kind::Backlog && i.category == Some(Category::Active));
            let id = id.filter(|_| active).map(|id| (d.source.path.clone(), id));
            (if texts == Texts::FrontMatter { front_matter_only(d) } else { d }, id)
        })
        .unzip();
    let mut plan = assemble_decoded(decoded, config);
    plan.diagnostics.extend(problems.diagnostics);
    let active_blobs = blob_ids.into_iter().flatten().collect();
    Ok(Loaded { plan, origin: Origin::WorkTree(root.clone()), root, repo_path, notes: Vec::new(), active_blobs })
}

/// Configured folders that do not exist are an error (SPEC §1): "0 items, no problems"
/// would be a wrong answer. So is a revision none of whose default folders exist (from before
/// the plan); in the working tree, a `cairn.yml` alone marks an empty plan's root.
/// `place` says where, as in "in `HEAD~1`" (without the "in"); `None` for the working tree.
fn missing_folders(config: &Config, missing: &[String], place: Option<&str>) -> Result<()> {
    let none_exists = place.is_some() && !missing.is_empty() && missing.len() == config.folders().count();
    if missing.is_empty() || (!config.dirs_configured && !none_exists) {
        return Ok(());
    }
    let list = missing.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ");
    let where_ = place.map_or(String::new(), |p| format!(" in {p}"));
    if !config.dirs_configured {
        return Err(CairnError::usage(
            format!("no plan{where_}: none of its folders ({list}) exists"),
            Some("choose a revision that has the plan (`git log --oneline -- roadmap backlog`), or name its folders in cairn.yml".to_string()),
        ));
    }
    Err(CairnError::usage(
        format!("the plan folder {list} named in {CONFIG_FILE} does not exist{where_}"),
        Some(format!(
            "create it, or fix `roadmap_dir`/`backlog_dir` in {CONFIG_FILE} (an empty list, `roadmap_dir: []`, means no roadmap)"
        )),
    ))
}

/// The plan of one revision, read with `config`: decoded in parallel straight from the
/// object database.
pub fn revision_plan(
    repo: &git2::Repository,
    start: &Path,
    rev: &str,
    config: Config,
    require_folders: bool,
) -> Result<Loaded> {
    let tree = git::tree(repo, rev)?;
    let path = git::plan_path(repo, start, &tree)?;
    let (files, problems) = git::list_files(repo, &tree, &path, &config)?;
    if require_folders {
        missing_folders(&config, &problems.missing, Some(&format!("`{rev}`")))?;
    }
    let mut plan = assemble_decoded(blobs::decode_files(repo.path(), files, &config)?, config);
    plan.diagnostics.extend(problems.diagnostics);
    Ok(revision_loaded(repo, start, plan, rev, path))
}

fn revision_loaded(repo: &git2::Repository, start: &Path, plan: Plan, rev: &str, path: String) -> Loaded {
    let root = match repo.workdir() {
        Some(w) => w.join(&path),
        None => start.to_path_buf(),
    };
    let repo_path = Some(if path.is_empty() { path.clone() } else { format!("{path}/") });
    let origin = Origin::Revision { rev: rev.to_string(), path };
    Loaded { plan, origin, root, repo_path, notes: Vec::new(), active_blobs: Default::default() }
}

/// The configuration and the plan's path in the repository (`""` for the root) that a
/// history walk from `rev` (the working tree's head when `None`) reads every revision with.
/// The head side's plan folders must exist, as for any command that reads one plan: a walk
/// of folders that are not there would be an empty history, a wrong answer.
pub fn plan_at(repo: &git2::Repository, start: &Path, rev: Option<&str>) -> Result<(resolve::Resolved, String)> {
    let head = rev.map_or(resolve::Head::WorkTree, resolve::Head::Revision);
    let resolved = resolve::config_for(repo, start, head)?;
    let tree = git::tree(repo, rev.unwrap_or("HEAD"))?;
    let path = git::plan_path(repo, start, &tree)?;
    let on_disk = if rev.is_none() { resolve::worktree_root(start) } else { None };
    let missing: Vec<String> = match &on_disk {
        Some(root) => {
            resolved.config.folders().filter(|(_, f)| !root.join(f).exists()).map(|(_, f)| f.to_string()).collect()
        }
        None => resolved
            .config
            .folders()
            .filter(|(_, f)| tree.get_path(Path::new(&git::join(&path, f))).is_err())
            .map(|(_, f)| f.to_string())
            .collect(),
    };
    let place = format!("`{}`", rev.unwrap_or("HEAD"));
    missing_folders(&resolved.config, &missing, if on_disk.is_some() { None } else { Some(&place) })?;
    Ok((resolved, path))
}

/// A diagnostic for a plan folder that is a symbolic link: never followed, so its files are
/// not read (SPEC §1), the same in the working tree and in git trees.
pub fn linked_folder(path: &str) -> Diagnostic {
    Diagnostic::new(
        Rule::ParseFrontMatter,
        path.to_string(),
        1,
        1,
        format!("`{path}` is a symbolic link: cairn does not follow it, so no item in it is read"),
    )
    .help(
        "replace the link with the folder itself, or point `roadmap_dir`/`backlog_dir` in cairn.yml at the real folder",
    )
}

/// A diagnostic for a plan folder that cannot be walked.
pub fn unreadable_folder(path: &str, error: &str) -> Diagnostic {
    Diagnostic::new(Rule::ParseFrontMatter, path.to_string(), 1, 1, format!("cannot read folder: {error}"))
        .help("check the folder's permissions")
}

#[cfg(test)]
mod tests;
