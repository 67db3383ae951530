//! `cairn diff [BASE [HEAD]]`, `A..B`, `A...B`: the semantic diff of the plan between two
//! revisions (or a revision and the working tree), like `git diff`.

use std::io::Write;

use super::{Outcome, write_err};
use crate::analyse::diff;
use crate::cli::{DiffArgs, GlobalArgs};
use crate::error::{CairnError, Result};
use crate::load::{self, git};
use crate::render::diff as render;
use crate::render::terminal::Styles;

pub const FORMATS: &[&str] = &["human", "markdown", "json"];

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

pub fn run(global: &GlobalArgs, args: &DiffArgs, out: &mut dyn Write) -> Result<Outcome> {
    let format = super::format(global, "diff", FORMATS, "human")?;
    if global.rev.is_some() {
        return Err(CairnError::usage(
            "`cairn diff` takes revisions as arguments, not `--rev`",
            Some("use `cairn diff BASE HEAD`".into()),
        ));
    }
    let range = parse_range(&args.revisions)?;
    let start = load::discover::start_dir(global.root.as_deref())?;
    let repo = git::open_with_history(&start)?;
    let mut base_rev = range.base.clone();
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
    }
    let (base, head) = match range.head.as_deref() {
        Some(head) => load::load_revisions(global.root.as_deref(), &base_rev, head)?,
        None => (load::load(global.root.as_deref(), Some(&base_rev))?, load::load(global.root.as_deref(), None)?),
    };
    // With `A...B` the base is the merge base's commit id, a revision scripts can reuse.
    let base_name = base_rev.clone();
    let head_name = range.head.clone().unwrap_or_else(|| WORKTREE.to_string());
    let d = diff::diff(&base.plan, &head.plan, &base_name, &head_name);
    match format {
        "json" => render::json(&d, out),
        "markdown" => render::markdown(&d, out),
        _ => render::human(&d, args.stat, Styles { color: super::use_color(global.color) }, out),
    }
    .map_err(write_err)?;
    if args.exit_code && !d.is_empty() { Ok(Outcome::Failed) } else { Ok(Outcome::Success) }
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
    }
}
