//! `cairn export html [--output FILE]`: the roadmap page for stakeholders (no backlog detail).

use std::io::Write;

use super::{Outcome, write_err};
use crate::cli::{ExportArgs, ExportWhat, GlobalArgs};
use crate::error::Result;
use crate::load;
use crate::render::html;

pub fn run(global: &GlobalArgs, args: &ExportArgs, out: &mut dyn Write) -> Result<Outcome> {
    match &args.what {
        ExportWhat::Html(h) => {
            let loaded = load::load(global.root.as_deref(), global.rev.as_deref())?;
            let page = html::export_page(&loaded.plan, &super::today()?.to_string());
            match &h.output {
                None => out.write_all(page.as_bytes()).map_err(write_err)?,
                Some(path) => {
                    crate::write::replace_file(path, page.as_bytes())?;
                    if !global.quiet {
                        writeln!(out, "{}", path.display()).map_err(write_err)?;
                    }
                }
            }
            Ok(Outcome::Success)
        }
    }
}
