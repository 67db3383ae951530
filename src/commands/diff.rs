//! `cairn diff [BASE [HEAD]]`, `A..B`, `A...B`: the semantic diff of the plan between two
//! revisions (or a revision and the working tree), like `git diff`.

use std::io::Write;

use super::{Outcome, write_err};
use crate::analyse::diff::{self, PlanDiff, Revision, Revisions};
use crate::cli::{DiffArgs, DiffFormat, GlobalArgs, pick_format};
use crate::error::{CairnError, Result};
use crate::load::revisions::{self, WORKTREE};
use crate::render::terminal::Styles;
use crate::render::{DiffStat, Json, Markdown, Render};

pub fn run(global: &GlobalArgs, args: &DiffArgs, out: &mut dyn Write) -> Result<Outcome> {
    let format = pick_format(global, args.format, DiffFormat::Human, "diff")?;
    if global.rev.is_some() {
        return Err(CairnError::usage(
            "`cairn diff` takes revisions as arguments, not `--rev`",
            Some("use `cairn diff BASE HEAD`".into()),
        ));
    }
    if args.stat && format != DiffFormat::Human {
        return Err(CairnError::usage(
            "`--stat` is a view of the human diff",
            Some("drop `--stat`, or `--format human` (JSON and Markdown always list every change)".into()),
        ));
    }
    let range = revisions::parse_range(&args.revisions)?;
    let mut pair = revisions::load_range(global.root.as_deref(), &range)?;
    super::print_notes(global, &pair.head.notes);
    let head_name = range.head.clone().unwrap_or_else(|| WORKTREE.to_string());
    let revisions = Revisions {
        range: range.spec(),
        base: Revision::at(&range.base, pair.base_commit.clone()),
        head: Revision::at(&head_name, pair.head_commit.clone()),
        merge_base: pair.merge_base.as_ref().map(|m| Revision::at(m, Some(m.clone()))),
    };
    let d = diff::diff(&pair.base.plan, &pair.head.plan, revisions, super::today()?);
    let styles = Styles { color: super::use_color(global.color) };
    let renderer: Box<dyn Render<PlanDiff>> = match format {
        DiffFormat::Human if args.stat => Box::new(DiffStat { styles }),
        DiffFormat::Human => Box::new(super::terminal(global)),
        DiffFormat::Markdown => Box::new(Markdown { quiet: global.quiet }),
        DiffFormat::Json => Box::new(Json),
    };
    renderer.render(&d, out).map_err(write_err)?;
    let outcome = if args.exit_code && !d.is_empty() { Outcome::Failed } else { Outcome::Success };
    pair.cache_write.wait();
    // The process ends right after: both plans (40,000 items on a 20,000-item plan) are left
    // to the operating system rather than freed one allocation at a time (20 ms there).
    std::mem::forget((pair, d));
    Ok(outcome)
}
