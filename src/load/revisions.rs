//! Naming two states of the plan as git does (`cairn diff` arguments) and loading both.

use std::path::Path;

use rayon::prelude::*;

use super::{
    Loaded, assemble_decoded, blobs, cache, decode, discover, git, missing_folders, resolve, revision_loaded, worktree,
};
use crate::error::{CairnError, Result};
use crate::model::{Diagnostic, Plan};

/// The name of the working tree in output.
pub const WORKTREE: &str = "WORKTREE";

/// Which two states to compare, as the user named them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Range {
    pub base: String,
    /// `None` for the working tree.
    pub head: Option<String>,
    /// `A...B`: compare the merge base of A and B with B.
    pub merge_base: bool,
}

impl Range {
    /// The range as git writes it: `A...B`, `A..B`, or `A` (against the working tree).
    pub fn spec(&self) -> String {
        match (&self.head, self.merge_base) {
            (Some(head), true) => format!("{}...{head}", self.base),
            (Some(head), false) => format!("{}..{head}", self.base),
            (None, _) => self.base.clone(),
        }
    }
}

/// Parses git's argument forms: none, `REV`, `A B`, `A..B`, `A...B` (an empty side is HEAD).
pub fn parse_range(args: &[String]) -> Result<Range> {
    let side = |s: &str| if s.is_empty() { "HEAD".to_string() } else { s.to_string() };
    match args {
        [] => Ok(Range { base: "HEAD".into(), head: None, merge_base: false }),
        [one] => {
            if let Some((a, b)) = one.split_once("...") {
                Ok(Range { base: side(a), head: Some(side(b)), merge_base: true })
            } else if let Some((a, b)) = one.split_once("..") {
                Ok(Range { base: side(a), head: Some(side(b)), merge_base: false })
            } else {
                Ok(Range { base: one.clone(), head: None, merge_base: false })
            }
        }
        [a, b] => Ok(Range { base: a.clone(), head: Some(b.clone()), merge_base: false }),
        _ => Err(CairnError::usage(
            "`cairn diff` takes at most two revisions",
            Some("use `cairn diff BASE HEAD`, `BASE..HEAD` or `BASE...HEAD`".into()),
        )),
    }
}

/// The two plans of a range, and the commits the user's names resolved to.
pub struct RangePlans {
    pub base: Loaded,
    pub head: Loaded,
    /// The base revision; for `A...B`, the merge base's commit id (a revision scripts can reuse).
    pub base_name: String,
    /// The commit the base's name resolves to (for `A...B`, A's commit, not the merge base),
    /// full hex; `None` when the name does not name a commit (a tree).
    pub base_commit: Option<String>,
    /// The head's commit; `None` for the working tree.
    pub head_commit: Option<String>,
    /// For `A...B`: the merge base's commit.
    pub merge_base: Option<String>,
    /// The links cache, being written while the diff is worked out.
    pub cache_write: cache::PendingWrite,
}

/// Resolves a range (the merge base for `A...B`) and loads both sides: two revisions from the
/// object database, or a revision and the working tree.
pub fn load_range(root: Option<&Path>, range: &Range) -> Result<RangePlans> {
    let start = discover::start_dir(root)?;
    let repo = git::open_with_history(&start)?;
    let mut base_rev = range.base.clone();
    let mut merge_base = None;
    let commit_of = |rev: &str| git::commit_id(&repo, rev).ok().map(|c| c.to_string());
    if range.merge_base {
        let head = range.head.clone().unwrap_or_else(|| "HEAD".into());
        let a = git::commit_id(&repo, &range.base)?;
        let b = git::commit_id(&repo, &head)?;
        let mb = repo.merge_base(a, b).map_err(|e| {
            let help = if repo.is_shallow() {
                "this is a shallow clone, so the merge base is missing: fetch the full history (`git fetch --unshallow`, or `fetch-depth: 0` with actions/checkout)".to_string()
            } else {
                "the two revisions share no history".to_string()
            };
            CairnError::git(format!("no merge base of `{}` and `{head}` ({})", range.base, e.message()), Some(help))
        })?;
        base_rev = mb.to_string();
        merge_base = Some(base_rev.clone());
    }
    let mut cache_write = cache::PendingWrite::default();
    let (base, head) = match range.head.as_deref() {
        Some(head) => {
            let (base, head, write) = load_revisions(root, &base_rev, head)?;
            cache_write = write;
            (base, head)
        }
        None => {
            // The head side is the working tree: the base is read with its configuration.
            let head = super::load(root, None)?;
            let base = super::revision_plan(&repo, &start, &base_rev, head.plan.config.clone(), false)?;
            (base, head)
        }
    };
    let base_commit = commit_of(&range.base);
    let head_commit = range.head.as_deref().and_then(commit_of);
    Ok(RangePlans { base, head, base_name: base_rev, base_commit, head_commit, merge_base, cache_write })
}

/// Loads the plans of two revisions for comparing them, both with the head side's
/// configuration. Files that differ are decoded in full; files present unchanged on both
/// sides are represented by what the link rules need, read from the summary cache under
/// `.git/cairn/` (decoded once on a cache miss). The plans carry no diagnostics of the
/// unchanged files: they are for `cairn diff`, not for `cairn check`. Files are read from
/// the working tree where it holds a revision's exact bytes (see [`blobs::decode_jobs`]).
/// The cache is written on a thread of its own: the returned [`cache::PendingWrite`] waits
/// for it.
pub fn load_revisions(
    root_flag: Option<&Path>,
    base: &str,
    head: &str,
) -> Result<(Loaded, Loaded, cache::PendingWrite)> {
    use std::collections::{HashMap, HashSet};
    let start = discover::start_dir(root_flag)?;
    let repo = git::open(&start)?;
    let resolved = resolve::config_for(&repo, &start, resolve::Head::Revision(head))?;
    let config = resolved.config;
    let listing =
        |repo: &git2::Repository, rev: &str| -> Result<(Vec<git::BlobFile>, worktree::WalkProblems, String)> {
            let tree = git::tree(repo, rev)?;
            let path = git::plan_path(repo, &start, &tree)?;
            let (files, problems) = git::list_files(repo, &tree, &path, &config)?;
            Ok((files, problems, path))
        };
    // Both trees are listed at once, the head's on a handle of its own.
    let (base_listed, head_listed) = std::thread::scope(|scope| {
        let head_listed = scope.spawn(|| listing(&git::open(&start)?, head));
        let base_listed = listing(&repo, base);
        (base_listed, head_listed.join())
    });
    let (base_files, base_problems, base_path) = base_listed?;
    let (head_files, head_problems, head_path) =
        head_listed.map_err(|_| CairnError::git("listing the head revision's files failed", None))??;
    // A folder on neither side would read as "no changes": an error, as for `--rev` (a
    // folder on one side only is the plan's folder being added or removed).
    let on_neither: Vec<String> =
        head_problems.missing.iter().filter(|m| base_problems.missing.contains(m)).cloned().collect();
    missing_folders(&config, &on_neither, Some(&format!("`{base}` nor in `{head}`")))?;
    let (base_problems, head_problems) = (base_problems.diagnostics, head_problems.diagnostics);
    let head_blobs: HashMap<&str, Option<git2::Oid>> = head_files.iter().map(|f| (f.path.as_str(), f.blob)).collect();
    let unchanged = |f: &git::BlobFile| f.blob.is_some() && head_blobs.get(f.path.as_str()) == Some(&f.blob);
    let same: Vec<git::BlobFile> = base_files.iter().filter(|f| unchanged(f)).cloned().collect();
    let same_paths: HashSet<&str> = same.iter().map(|f| f.path.as_str()).collect();
    let changed_base: Vec<git::BlobFile> =
        base_files.iter().filter(|f| !same_paths.contains(f.path.as_str())).cloned().collect();
    let changed_head: Vec<git::BlobFile> =
        head_files.iter().filter(|f| !same_paths.contains(f.path.as_str())).cloned().collect();

    // Summaries of the unchanged files: from the cache, or decoded now and remembered. One
    // parallel batch reads them with both sides' changed files; the unchanged files and the
    // head's changed files are read from the working tree where it holds the same blobs.
    let mut cache = cache::SummaryCache::open(repo.path(), &config);
    // Each unchanged file's cache key, made once (its blob, kind and file name).
    let keys: Vec<Option<String>> = same
        .par_iter()
        .with_min_len(512)
        .map(|f| f.blob.map(|blob| cache::key(blob, f.kind, decode::file_stem(&f.path))))
        .collect();
    let missing: Vec<usize> =
        (0..same.len()).filter(|&i| keys[i].as_deref().is_some_and(|k| cache.get(k).is_none())).collect();
    let (n_missing, n_base) = (missing.len(), changed_base.len());
    let job = |detail, worktree| move |file| blobs::Job { file, detail, worktree };
    let jobs: Vec<blobs::Job> = (missing.iter().map(|&i| same[i].clone()).map(job(decode::Detail::Links, true)))
        .chain(changed_base.into_iter().map(job(decode::Detail::Full, false)))
        .chain(changed_head.into_iter().map(job(decode::Detail::Full, true)))
        .collect();
    let worktree = repo.workdir().map(|w| w.join(&head_path));
    // An unchanged file's decoding is kept as its summary, the rest freed on the reading
    // thread. One value per file, short-lived: boxing the large variant would cost an
    // allocation each.
    #[allow(clippy::large_enum_variant)]
    enum Read {
        Summary(cache::Summary),
        Full(decode::Decoded),
    }
    let keep = |job: &blobs::Job, d: decode::Decoded| match job.detail {
        decode::Detail::Links => Read::Summary(cache::Summary::of(&d)),
        decode::Detail::Full => Read::Full(d),
    };
    let mut decoded = blobs::decode_jobs(repo.path(), worktree.as_deref(), jobs, &config, keep)?;
    let full = |reads: Vec<Read>| -> Vec<decode::Decoded> {
        reads.into_iter().filter_map(|r| if let Read::Full(d) = r { Some(d) } else { None }).collect()
    };
    let head_decoded = full(decoded.split_off(n_missing + n_base));
    let base_decoded = full(decoded.split_off(n_missing));
    cache.extend(missing.iter().zip(decoded).filter_map(|(&i, read)| match read {
        Read::Summary(summary) => Some((keys[i].clone()?, summary)),
        Read::Full(_) => None,
    }));

    // The unchanged files' stand-ins, built once and shared by both plans: two items with
    // one source are one file version, which the diff skips without comparing fields.
    let stand_ins: Vec<std::result::Result<crate::model::Item, crate::model::BrokenFile>> = (&same, &keys)
        .into_par_iter()
        .with_min_len(512)
        .filter_map(|(f, key)| {
            let summary = cache.get(key.as_deref()?)?;
            Some(summary.to_item(&f.path, f.kind, f.archived, &config))
        })
        .collect();
    let plan_of = |changed: Vec<decode::Decoded>, problems: Vec<Diagnostic>, with_stand_ins: bool| -> Plan {
        let mut plan = assemble_decoded(changed, config.clone());
        plan.diagnostics.extend(problems);
        if with_stand_ins {
            for stand_in in &stand_ins {
                match stand_in {
                    Ok(item) => plan.items.push(item.clone()),
                    Err(broken) => plan.broken.push(broken.clone()),
                }
            }
        }
        plan
    };
    // The cache is written (and freed) while the plans are put together and compared; the
    // head's plan takes the stand-ins themselves, the base's copies of them.
    let cache_write = cache::PendingWrite::start(cache);
    let (mut base_plan, mut head_plan) =
        rayon::join(|| plan_of(base_decoded, base_problems, true), || plan_of(head_decoded, head_problems, false));
    for stand_in in stand_ins {
        match stand_in {
            Ok(item) => head_plan.items.push(item),
            Err(broken) => head_plan.broken.push(broken),
        }
    }
    for plan in [&mut base_plan, &mut head_plan] {
        plan.items.sort_by(|a, b| a.path.cmp(&b.path));
        plan.broken.sort_by(|a, b| a.path.cmp(&b.path));
    }
    let mut head_loaded = revision_loaded(&repo, &start, head_plan, head, head_path);
    head_loaded.notes = resolved.notes;
    Ok((revision_loaded(&repo, &start, base_plan, base, base_path), head_loaded, cache_write))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(args: &[&str]) -> Range {
        parse_range(&args.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap()
    }

    #[test]
    fn parses_git_argument_forms() {
        assert_eq!(r(&[]), Range { base: "HEAD".into(), head: None, merge_base: false });
        assert_eq!(r(&["main"]), Range { base: "main".into(), head: None, merge_base: false });
        assert_eq!(r(&["a", "b"]), Range { base: "a".into(), head: Some("b".into()), merge_base: false });
        assert_eq!(r(&["a..b"]), Range { base: "a".into(), head: Some("b".into()), merge_base: false });
        assert_eq!(r(&["a...b"]), Range { base: "a".into(), head: Some("b".into()), merge_base: true });
        assert_eq!(
            r(&["origin/main...HEAD"]),
            Range { base: "origin/main".into(), head: Some("HEAD".into()), merge_base: true }
        );
        assert_eq!(r(&["a.."]), Range { base: "a".into(), head: Some("HEAD".into()), merge_base: false });
        assert_eq!(r(&["...b"]), Range { base: "HEAD".into(), head: Some("b".into()), merge_base: true });
        assert!(parse_range(&["a".into(), "b".into(), "c".into()]).is_err());
        assert_eq!(r(&["main...feature/x"]).spec(), "main...feature/x");
        assert_eq!(r(&["a", "b"]).spec(), "a..b");
        assert_eq!(r(&[]).spec(), "HEAD");
    }
}
