//! `cairn archive ID… [--dry-run]`: move closed backlog items into the archive folder (see
//! [`crate::write::archive`]).

use std::io::Write;

use super::{Outcome, write_err};
use crate::cli::{ArchiveArgs, GlobalArgs, ItemFormat, pick_format};
use crate::error::{CairnError, Result};
use crate::render::{Json, Render};
use crate::write::archive;

pub fn run(global: &GlobalArgs, args: &ArchiveArgs, out: &mut dyn Write) -> Result<Outcome> {
    if global.rev.is_some() {
        return Err(CairnError::usage("`cairn archive` moves files and cannot be used with `--rev`", None));
    }
    let format = pick_format(global, args.format, ItemFormat::Human, "archive")?;
    let loaded = super::load_plan(global)?;
    let mut moves = archive::prepare(&loaded, &args.ids)?;
    moves.dry_run = args.dry_run;
    if !args.dry_run {
        archive::apply(&loaded, &moves)?;
    }
    match format {
        ItemFormat::Human => super::terminal(global).render(&moves, out),
        ItemFormat::Json => Json.render(&moves, out),
    }
    .map_err(write_err)?;
    Ok(Outcome::Success)
}
