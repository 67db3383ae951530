//! `cairn roadmap`: initiatives with progress.

use std::io::Write;

use super::{Outcome, write_err};
use crate::analyse::views;
use crate::cli::GlobalArgs;
use crate::error::Result;
use crate::load;
use crate::model::Links;
use crate::render::{Csv, JsonList, ListRenderer, Markdown, Mermaid, TableFormat};

pub const FORMATS: &[&str] = &["table", "json", "csv", "markdown", "mermaid"];

pub fn run(global: &GlobalArgs, out: &mut dyn Write) -> Result<Outcome> {
    let format = super::format(global, "roadmap", FORMATS, "table")?;
    let loaded = load::load(global.root.as_deref(), global.rev.as_deref())?;
    let links = Links::new(&loaded.plan);
    let rows = views::roadmap(&loaded.plan, &links);
    let renderer = list_renderer(format, global);
    renderer.roadmap(&rows, out).map_err(write_err)?;
    Ok(Outcome::Success)
}

/// The renderer for a listing format (already validated).
pub fn list_renderer(format: &str, global: &GlobalArgs) -> Box<dyn ListRenderer> {
    match format {
        "json" => Box::new(JsonList),
        "csv" => Box::new(Csv),
        "markdown" => Box::new(Markdown { quiet: global.quiet }),
        "mermaid" => Box::new(Mermaid),
        _ => Box::new(TableFormat {
            color: super::use_color(global.color),
            width: super::terminal_width(),
            quiet: global.quiet,
        }),
    }
}
