//! `cairn export html [--output FILE]`: the roadmap page for stakeholders (no backlog detail).

use std::io::Write;

use super::{Outcome, write_err};
use crate::cli::{ExportArgs, ExportWhat, GlobalArgs};
use crate::error::Result;
use crate::render::{Export, Html, Render};

pub fn run(global: &GlobalArgs, args: &ExportArgs, out: &mut dyn Write) -> Result<Outcome> {
    match &args.what {
        ExportWhat::Html(h) => {
            let loaded = super::load_plan(global)?;
            let links = crate::model::Links::new(&loaded.plan);
            let (rows, as_of) = super::roadmap_with_health(global, &loaded, &links)?;
            let title = h.title.as_deref().unwrap_or("Roadmap");
            let doc = Export { rows: &rows, title, today: as_of };
            let mut page = Vec::new();
            Html.render(&doc, &mut page).map_err(write_err)?;
            match &h.output {
                None => out.write_all(&page).map_err(write_err)?,
                Some(path) => {
                    crate::write::replace_file(path, &page)?;
                    if !global.quiet {
                        writeln!(out, "{}", path.display()).map_err(write_err)?;
                    }
                }
            }
            Ok(Outcome::Success)
        }
    }
}
