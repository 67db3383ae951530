//! `cairn report`: progress, throughput, cycle time, slips, stale items and forecasts, all
//! derived from git history.

use std::io::Write;

use super::{Outcome, write_err};
use crate::analyse::history;
use crate::analyse::report;
use crate::cli::{GlobalArgs, ReportArgs};
use crate::error::Result;
use crate::render::report as render;
use crate::render::terminal::Styles;

pub const FORMATS: &[&str] = &["human", "markdown", "json", "html"];

pub fn run(global: &GlobalArgs, args: &ReportArgs, out: &mut dyn Write) -> Result<Outcome> {
    let format = super::format(global, "report", FORMATS, "human")?;
    let since = super::date_flag("--since", &args.since)?;
    let until = super::date_flag("--until", &args.until)?;
    let as_of = match until {
        Some(d) => d,
        None => super::today()?,
    };
    let spinner = crate::render::progress::Spinner::new();
    let data = history::plan_as_of(global.root.as_deref(), global.rev.as_deref(), until, &spinner)?;
    let r = report::build(&data.loaded.plan, &data.history, as_of, since, &data.uncommitted);
    match format {
        "json" => render::json(&r, out),
        "markdown" => render::markdown(&r, out),
        "html" => out.write_all(crate::render::html::report_page(&r).as_bytes()),
        _ => render::human(&r, Styles { color: super::use_color(global.color) }, out),
    }
    .map_err(write_err)?;
    Ok(Outcome::Success)
}
