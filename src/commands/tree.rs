//! `cairn tree`: each initiative followed by its backlog items; orphans last.

use std::io::Write;

use super::{Outcome, write_err};
use crate::analyse::views;
use crate::cli::{GlobalArgs, TreeArgs};
use crate::error::Result;
use crate::load;
use crate::model::Links;
use crate::render::show::{tree_human, tree_json};
use crate::render::terminal::Styles;

pub fn run(global: &GlobalArgs, args: &TreeArgs, out: &mut dyn Write) -> Result<Outcome> {
    let format = super::format(global, "tree", &["human", "json"], "human")?;
    let loaded = load::load(global.root.as_deref(), global.rev.as_deref())?;
    let links = Links::new(&loaded.plan);
    let tree = views::tree(&loaded.plan, &links, args.all);
    match format {
        "json" => tree_json(&tree, out),
        _ => tree_human(&tree, Styles { color: super::use_color(global.color) }, out),
    }
    .map_err(write_err)?;
    Ok(Outcome::Success)
}
