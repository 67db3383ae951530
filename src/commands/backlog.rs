//! `cairn backlog`: backlog items in priority order, filtered.

use std::io::Write;

use super::{Outcome, write_err};
use crate::analyse::views::{self, BacklogFilter};
use crate::cli::{BacklogArgs, BacklogFormat, GlobalArgs, pick_format};
use crate::error::Result;
use crate::render::{BacklogListing, Csv, Json, Markdown, Render};

pub fn run(global: &GlobalArgs, args: &BacklogArgs, out: &mut dyn Write) -> Result<Outcome> {
    let format = pick_format(global, args.format, BacklogFormat::Table, "backlog")?;
    let loaded = super::load_plan(global)?;
    let plan = &loaded.plan;
    let filter = BacklogFilter {
        initiative: args.initiative.clone(),
        status: args.status.clone(),
        item_type: args.item_type.clone(),
        assignee: args.assignee.clone(),
        label: args.label.clone(),
        sprint: args.sprint.clone(),
        all: args.all,
    };
    filter.check(plan)?;
    let items = views::backlog(plan, &filter);
    let mut summary = views::backlog_summary(&items);
    summary.hidden = views::hidden(plan, &filter);
    let renderer: Box<dyn for<'r> Render<BacklogListing<'r>>> = match format {
        BacklogFormat::Table => Box::new(super::terminal(global)),
        BacklogFormat::Json => Box::new(Json),
        BacklogFormat::Csv => Box::new(Csv),
        BacklogFormat::Markdown => Box::new(Markdown { quiet: global.quiet }),
    };
    renderer.render(&BacklogListing { items: &items, summary: &summary }, out).map_err(write_err)?;
    Ok(Outcome::Success)
}
