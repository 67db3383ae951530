//! `cairn show ID`: one item with its links, criteria, body and last change.

use std::io::Write;

use super::{Outcome, write_err};
use crate::analyse::history;
use crate::analyse::views;
use crate::cli::{GlobalArgs, ItemFormat, ShowArgs, pick_format};
use crate::error::{CairnError, Result};
use crate::load::Origin;
use crate::model::{Item, Links};
use crate::render::{ItemShow, Json, Render};
use crate::suggest;

pub fn run(global: &GlobalArgs, args: &ShowArgs, out: &mut dyn Write) -> Result<Outcome> {
    let format = pick_format(global, args.format, ItemFormat::Human, "show")?;
    let loaded = super::load_plan(global)?;
    show_item(global, &loaded, &args.id, format, out)
}

/// Renders item `id` of a loaded plan as `cairn show` does (also the output of `cairn set`).
pub fn show_item(
    global: &GlobalArgs,
    loaded: &crate::load::Loaded,
    id: &str,
    format: ItemFormat,
    out: &mut dyn Write,
) -> Result<Outcome> {
    /// Most files sharing one id shown in full.
    const MAX_SHOWN: usize = 10;
    let plan = &loaded.plan;
    let links = Links::new(plan);
    let found = links.get(id);
    if found.is_empty() {
        let ids = plan.ids();
        let close = suggest::ranked(id, ids.iter().copied());
        let help = if close.is_empty() {
            "list ids with `cairn backlog --all` or `cairn roadmap`".to_string()
        } else {
            format!("did you mean {}?", close.iter().take(3).map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", "))
        };
        return Err(CairnError::usage(format!("no item with id `{id}`"), Some(help)));
    }
    // The last change is read from git for the working tree only.
    let last_change = |item: &Item| match (&loaded.origin, &loaded.repo_path) {
        (Origin::WorkTree(root), Some(prefix)) => history::file_history(root, &format!("{prefix}{}", item.path)),
        _ => None,
    };
    let views: Vec<_> =
        found.iter().take(MAX_SHOWN).map(|i| (views::item_view(plan, &links, i), last_change(i))).collect();
    let mut shows = views.iter().map(|(view, history)| ItemShow {
        view,
        history: history.as_ref(),
        duplicates: Vec::new(),
        more: 0,
    });
    let Some(mut doc) = shows.next() else { return Ok(Outcome::Success) };
    doc.duplicates = shows.collect();
    doc.more = found.len().saturating_sub(MAX_SHOWN);
    match format {
        ItemFormat::Human => super::terminal(global).render(&doc, out),
        ItemFormat::Json => Json.render(&doc, out),
    }
    .map_err(write_err)?;
    Ok(Outcome::Success)
}
