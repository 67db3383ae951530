//! `cairn tree`: each initiative followed by its backlog items; orphans last.

use std::io::Write;

use super::{Outcome, write_err};
use crate::analyse::views;
use crate::cli::{GlobalArgs, ItemFormat, TreeArgs, pick_format};
use crate::error::Result;
use crate::model::Links;
use crate::render::{Json, Render};

pub fn run(global: &GlobalArgs, args: &TreeArgs, out: &mut dyn Write) -> Result<Outcome> {
    let format = pick_format(global, args.format, ItemFormat::Human, "tree")?;
    let loaded = super::load_plan(global)?;
    let links = Links::new(&loaded.plan);
    let tree = views::tree(&loaded.plan, &links, args.all);
    match format {
        ItemFormat::Human => super::terminal(global).render(&tree, out),
        ItemFormat::Json => Json.render(&tree, out),
    }
    .map_err(write_err)?;
    Ok(Outcome::Success)
}
