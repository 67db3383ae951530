//! `cairn report`: progress, throughput, cycle time, slips, stale items and forecasts, all
//! derived from git history, and each initiative's health.

use std::io::Write;

use super::{Outcome, write_err};
use crate::analyse::report::Report;
use crate::analyse::{health, history};
use crate::cli::{GlobalArgs, ReportArgs, ReportFormat, pick_format};
use crate::error::Result;
use crate::render::{Html, Json, Markdown, Render};

pub fn run(global: &GlobalArgs, args: &ReportArgs, out: &mut dyn Write) -> Result<Outcome> {
    let format = pick_format(global, args.format, ReportFormat::Human, "report")?;
    let since = super::date_flag("--since", &args.since)?;
    let until = super::date_flag("--until", &args.until)?;
    let spinner = crate::render::progress::Spinner::new();
    let data = history::plan_as_of(global.root.as_deref(), global.rev.as_deref(), until, &spinner)?;
    super::print_notes(global, &data.loaded.notes);
    // As of `--until`, else the date of the `--rev` commit, else today.
    let as_of = match until.or(data.rev_date) {
        Some(d) => d,
        None => super::today()?,
    };
    let r = health::report(&data.loaded.plan, &data.history, as_of, since, &data.uncommitted);
    let renderer: Box<dyn Render<Report>> = match format {
        ReportFormat::Human => Box::new(super::terminal(global)),
        ReportFormat::Markdown => Box::new(Markdown { quiet: global.quiet }),
        ReportFormat::Json => Box::new(Json),
        ReportFormat::Html => Box::new(Html),
    };
    renderer.render(&r, out).map_err(write_err)?;
    Ok(Outcome::Success)
}
