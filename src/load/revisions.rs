//! Naming two states of the plan as git does (`cairn diff` arguments) and loading both.

use std::path::Path;

use super::{Loaded, discover, git};
use crate::error::{CairnError, Result};

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
    let (base, head) = match range.head.as_deref() {
        Some(head) => super::load_revisions(root, &base_rev, head)?,
        None => {
            // The head side is the working tree: the base is read with its configuration.
            let head = super::load(root, None)?;
            let base = super::revision_plan(&repo, &start, &base_rev, head.plan.config.clone(), false)?;
            (base, head)
        }
    };
    let base_commit = commit_of(&range.base);
    let head_commit = range.head.as_deref().and_then(commit_of);
    Ok(RangePlans { base, head, base_name: base_rev, base_commit, head_commit, merge_base })
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
