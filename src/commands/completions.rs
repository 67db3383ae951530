//! `cairn completions SHELL` and `cairn man`, generated from the clap definitions, and the
//! candidates shell completion asks the plan for.

use std::io::Write;

use super::{Outcome, write_err};
use crate::cli::{self, CompletionsArgs, ManArgs, Wanted};
use crate::error::{CairnError, Result};
use crate::model::{Category, HORIZONS, Kind};

pub fn run(args: &CompletionsArgs, out: &mut dyn Write) -> Result<Outcome> {
    cli::completions(args.shell, out).map_err(write_err)?;
    Ok(Outcome::Success)
}

/// `cairn man`: cairn.1 on stdout, or every page into `--dir` (each written atomically),
/// listing the files written.
pub fn man(args: &ManArgs, out: &mut dyn Write) -> Result<Outcome> {
    let Some(dir) = &args.dir else {
        cli::man(out).map_err(write_err)?;
        return Ok(Outcome::Success);
    };
    crate::write::create_dir(dir)?;
    let pages = cli::man_pages().map_err(|e| CairnError::io("render", "the man pages", e))?;
    for (name, page) in pages {
        let path = dir.join(&name);
        crate::write::replace_file(&path, &page)?;
        writeln!(out, "{}", crate::render::escape::terminal_line(&path.display().to_string())).map_err(write_err)?;
    }
    Ok(Outcome::Success)
}

/// The candidates a completion asks for, read from the plan found from the current
/// directory; none when there is no plan.
pub fn candidates(wanted: &Wanted) -> Vec<String> {
    let Ok(loaded) = crate::load::load(None, None) else { return Vec::new() };
    let plan = &loaded.plan;
    let config = &plan.config;
    let mut out: Vec<String> = match wanted {
        Wanted::Ids => plan.ids().into_iter().map(String::from).collect(),
        Wanted::BacklogIds => plan.backlog().filter(|i| !i.archived).map(|i| i.id.clone()).collect(),
        Wanted::Initiatives => plan.initiatives().map(|i| i.id.clone()).collect(),
        Wanted::BacklogStatuses => config
            .statuses
            .names(Kind::Backlog)
            .map(String::from)
            .chain(Category::ALL.iter().map(|c| c.as_str().to_string()))
            .collect(),
        Wanted::Types => config.item_types().into_iter().map(String::from).collect(),
        Wanted::Labels => plan.items.iter().flat_map(|i| i.labels.clone()).collect(),
        Wanted::Assignees => plan.backlog().flat_map(|i| i.assignees.clone()).collect(),
        Wanted::Sprints => plan.backlog().filter_map(|i| i.sprint.clone()).collect(),
        Wanted::Keys => crate::model::config::FIELDS.iter().map(|f| config.key(f).to_string()).collect(),
        Wanted::Values(key) => {
            let field = config.fields.field(key).unwrap_or(key.as_str());
            match field {
                "status" => config
                    .statuses
                    .names(Kind::Backlog)
                    .chain(config.statuses.names(Kind::Initiative))
                    .map(String::from)
                    .collect(),
                "type" => config.item_types().into_iter().map(String::from).collect(),
                "initiative" => plan.initiatives().map(|i| i.id.clone()).collect(),
                "depends_on" => plan.ids().into_iter().map(String::from).collect(),
                "horizon" => HORIZONS.iter().map(|h| h.to_string()).collect(),
                "priority" => config.priorities.clone(),
                "labels" => plan.items.iter().flat_map(|i| i.labels.clone()).collect(),
                "assignee" => plan.backlog().flat_map(|i| i.assignees.clone()).collect(),
                "owner" => plan.initiatives().filter_map(|i| i.owner.clone()).collect(),
                "sprint" => plan.backlog().filter_map(|i| i.sprint.clone()).collect(),
                _ => Vec::new(),
            }
        }
    };
    // One line per candidate: a value with a line break or a control cannot be offered.
    out.retain(|c| !c.is_empty() && !c.chars().any(char::is_control));
    out.sort();
    out.dedup();
    out
}
