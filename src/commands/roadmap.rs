//! `cairn roadmap`: initiatives with progress and health.

use std::io::Write;

use super::{Outcome, write_err};
use crate::analyse::views;
use crate::cli::{GlobalArgs, RoadmapArgs, RoadmapFormat, pick_format};
use crate::error::Result;
use crate::model::Links;
use crate::render::{Csv, Json, Markdown, Mermaid, Render};

pub fn run(global: &GlobalArgs, args: &RoadmapArgs, out: &mut dyn Write) -> Result<Outcome> {
    let format = pick_format(global, args.format, RoadmapFormat::Table, "roadmap")?;
    let loaded = super::load_plan(global)?;
    let links = Links::new(&loaded.plan);
    let (rows, _) = super::roadmap_with_health(global, &loaded, &links)?;
    let renderer: Box<dyn for<'r> Render<[views::RoadmapRow<'r>]>> = match format {
        RoadmapFormat::Table => Box::new(super::terminal(global)),
        RoadmapFormat::Json => Box::new(Json),
        RoadmapFormat::Csv => Box::new(Csv),
        RoadmapFormat::Markdown => Box::new(Markdown { quiet: global.quiet }),
        RoadmapFormat::Mermaid => Box::new(Mermaid),
    };
    renderer.render(&rows, out).map_err(write_err)?;
    Ok(Outcome::Success)
}
