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
            let doc = Export { plan: &loaded.plan, generated: super::today()?.to_string() };
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
