//! `cairn log [ID]`: the plan's history from git, newest first, with each commit's changes in
//! the same words as `cairn diff`.

use std::io::Write;

use jiff::civil::Date;

use super::{Outcome, write_err};
use crate::analyse::history::{self, CommitChanges};
use crate::cli::{GlobalArgs, LogArgs, LogFormat, pick_format};
use crate::error::{CairnError, Result};
use crate::render::{Json, Markdown, Render};

pub fn run(global: &GlobalArgs, args: &LogArgs, out: &mut dyn Write) -> Result<Outcome> {
    let format = pick_format(global, args.format, LogFormat::Human, "log")?;
    let (since, until) = (super::date_flag("--since", &args.since)?, super::date_flag("--until", &args.until)?);
    let spinner = crate::render::progress::Spinner::new();
    let entries = history::plan_log(global.root.as_deref(), global.rev.as_deref(), !args.all_parents, &spinner)?;
    let mut shown: Vec<CommitChanges> = Vec::new();
    // Whether the item has any history at all, in the date window or not.
    let mut id_seen = false;
    for mut entry in entries {
        if let Some(id) = &args.id {
            // An item renumbered in the commit answers to its old id too.
            entry.changes.retain(|c| &c.id == id || c.old_id.as_ref() == Some(id));
            if entry.changes.is_empty() {
                continue;
            }
            id_seen = true;
        }
        let day: Option<Date> = entry.commit.date.parse().ok();
        if since.is_some_and(|s| day.is_some_and(|d| d < s)) || until.is_some_and(|u| day.is_some_and(|d| d > u)) {
            continue;
        }
        shown.push(entry);
        if args.max_count.is_some_and(|n| shown.len() >= n) {
            break;
        }
    }
    if !id_seen && let Some(id) = &args.id {
        return Err(CairnError::usage(
            format!("no history for `{id}`"),
            Some("check the id with `cairn backlog --all` or `cairn roadmap`".into()),
        ));
    }
    match format {
        LogFormat::Human => super::terminal(global).render(shown.as_slice(), out),
        LogFormat::Json => Json.render(shown.as_slice(), out),
        LogFormat::Markdown => Markdown { quiet: global.quiet }.render(shown.as_slice(), out),
    }
    .map_err(write_err)?;
    Ok(Outcome::Success)
}
