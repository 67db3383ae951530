//! `cairn backlog`: backlog items in priority order, filtered.

use std::io::Write;

use super::{Outcome, write_err};
use crate::analyse::views::{self, BacklogFilter};
use crate::cli::{BacklogArgs, BacklogFormat, GlobalArgs, pick_format};
use crate::error::{CairnError, Result};
use crate::model::{Category, Kind};
use crate::render::{BacklogListing, Csv, Json, Markdown, Render};
use crate::suggest;

pub fn run(global: &GlobalArgs, args: &BacklogArgs, out: &mut dyn Write) -> Result<Outcome> {
    let format = pick_format(global, args.format, BacklogFormat::Table, "backlog")?;
    let loaded = super::load_plan(global)?;
    let plan = &loaded.plan;
    if let Some(status) = &args.status {
        let known: Vec<&str> =
            plan.config.statuses.names(Kind::Backlog).chain(Category::ALL.iter().map(|c| c.as_str())).collect();
        if !known.contains(&status.as_str()) {
            let hint = suggest::closest(status, known.iter().copied())
                .map_or(String::new(), |s| format!("did you mean `{s}`? "));
            return Err(CairnError::usage(
                format!("unknown status `{status}`"),
                Some(format!("{hint}use one of: {}", known.join(", "))),
            ));
        }
    }
    let types = plan.config.item_types();
    if let Some(t) = &args.item_type
        && !types.contains(&t.as_str())
    {
        return Err(CairnError::usage(
            format!("unknown type `{t}`"),
            Some(format!("use one of: {}", types.join(", "))),
        ));
    }
    let filter = BacklogFilter {
        initiative: args.initiative.clone(),
        status: args.status.clone(),
        item_type: args.item_type.clone(),
        assignee: args.assignee.clone(),
        label: args.label.clone(),
        sprint: args.sprint.clone(),
        all: args.all,
    };
    let items = views::backlog(plan, &filter);
    let summary = views::backlog_summary(&items);
    let renderer: Box<dyn for<'r> Render<BacklogListing<'r>>> = match format {
        BacklogFormat::Table => Box::new(super::terminal(global)),
        BacklogFormat::Json => Box::new(Json),
        BacklogFormat::Csv => Box::new(Csv),
        BacklogFormat::Markdown => Box::new(Markdown { quiet: global.quiet }),
    };
    renderer.render(&BacklogListing { items: &items, summary: &summary }, out).map_err(write_err)?;
    Ok(Outcome::Success)
}
