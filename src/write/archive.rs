//! `cairn archive ID…`: moves closed or abandoned backlog items into the archive folder of
//! their backlog folder (`backlog/archive/`), keeping the file name and every byte (SPEC §1,
//! §3). Archived items stay valid link targets and keep counting in progress and reports.
//!
//! Every id is checked before anything moves, so the command moves all the items or none:
//! an unknown id, an initiative, an item that is still open or active, a file that is a
//! symbolic link or sits in a symlinked folder, and a file name already taken in the archive
//! (or taken twice by the same command) are refused, exit 2. Each move stays inside
//! the plan root and never replaces a file ([`atomic::move_file`]); should one fail, the moves already made are undone.

use serde::Serialize;

use super::atomic;
use super::values::usage;
use crate::error::Result;
use crate::load::{Loaded, Origin};
use crate::model::{Category, Item, Kind, Plan};
use crate::suggest;

/// One file to move, paths relative to the plan root.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Move {
    pub id: String,
    pub from: String,
    pub to: String,
}

/// An id that needs no move: the item is archived already.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub id: String,
    pub path: String,
}

/// The moves of one `cairn archive`, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Archive {
    pub moves: Vec<Move>,
    /// Items already in the archive.
    pub skipped: Vec<Skipped>,
    /// Whether the moves were only shown (`--dry-run`).
    pub dry_run: bool,
}

/// Checks every id and says where each file goes. Nothing moves.
pub fn prepare(loaded: &Loaded, ids: &[String]) -> Result<Archive> {
    if !matches!(loaded.origin, Origin::WorkTree(_)) {
        return Err(usage("`cairn archive` moves files and cannot be used with `--rev`".into(), None));
    }
    let plan = &loaded.plan;
    let mut archive = Archive { moves: Vec::new(), skipped: Vec::new(), dry_run: false };
    let mut seen: Vec<&str> = Vec::new();
    for id in ids {
        if seen.contains(&id.as_str()) {
            continue;
        }
        seen.push(id);
        let item = find(plan, id)?;
        if item.archived {
            archive.skipped.push(Skipped { id: item.id.clone(), path: item.path.clone() });
            continue;
        }
        let to = destination(plan, item)?;
        if let Some(other) = archive.moves.iter().find(|m| m.to == to) {
            return Err(usage(
                format!("{} and {} would both be archived as {to}; nothing was moved", other.id, item.id),
                "rename one of the two files first".to_string(),
            ));
        }
        // Refuses a symlinked file or folder on the way, before anything moves.
        atomic::plan_file(&loaded.root, &item.path)?;
        let (folder, name) = to.rsplit_once('/').unwrap_or(("", &to));
        if let Some(dir) = atomic::existing_plan_dir(&loaded.root, folder)?
            && dir.join(name).symlink_metadata().is_ok()
        {
            return Err(usage(
                format!("{to} already exists, so {} cannot be archived there; nothing was moved", item.id),
                "rename one of the two files first (the archive keeps file names)".to_string(),
            ));
        }
        archive.moves.push(Move { id: item.id.clone(), from: item.path.clone(), to });
    }
    Ok(archive)
}

/// Makes the moves, all or none: on a failure the moves already made are undone.
pub fn apply(loaded: &Loaded, archive: &Archive) -> Result<()> {
    for (n, m) in archive.moves.iter().enumerate() {
        if let Err(e) = atomic::move_file(&loaded.root, &m.from, &m.to) {
            for done in archive.moves[..n].iter().rev() {
                let _ = atomic::move_file(&loaded.root, &done.to, &done.from);
            }
            return Err(e);
        }
    }
    Ok(())
}

fn find<'p>(plan: &'p Plan, id: &str) -> Result<&'p Item> {
    let found: Vec<&Item> = plan.items.iter().filter(|i| i.id == id).collect();
    let item = match found.as_slice() {
        [one] => *one,
        [] => {
            if let Some(b) = plan.broken.iter().find(|b| b.id == id) {
                return Err(usage(
                    format!("{} ({}) cannot be read as an item; nothing was moved", b.id, b.path),
                    "`cairn check` shows what is wrong with it".to_string(),
                ));
            }
            let backlog: Vec<&str> = plan.backlog().map(|i| i.id.as_str()).collect();
            let hint = suggest::closest(id, backlog.iter().copied())
                .map_or("list ids with `cairn backlog --all`".to_string(), |s| format!("did you mean `{s}`?"));
            return Err(usage(format!("no item with id `{id}`; nothing was moved"), hint));
        }
        many => {
            let paths: Vec<&str> = many.iter().map(|i| i.path.as_str()).collect();
            return Err(usage(
                format!("{} files use the id `{id}`: {}; nothing was moved", many.len(), paths.join(", ")),
                "give each its own id first (id/duplicate)".to_string(),
            ));
        }
    };
    if item.kind == Kind::Initiative {
        return Err(usage(
            format!("{id} is an initiative: the archive holds backlog items; nothing was moved"),
            "a finished initiative stays on the roadmap with `status: done` (or `dropped`)".to_string(),
        ));
    }
    if !item.archived && !item.is_finished() {
        let state = match item.category {
            Some(c) => format!("{} ({})", item.status, c.as_str()),
            None => format!("{} (not a status of this plan)", item.status),
        };
        let closed = plan
            .config
            .statuses
            .names(Kind::Backlog)
            .find(|s| plan.config.statuses.category(Kind::Backlog, s) == Some(Category::Closed));
        let help = match closed {
            Some(s) => {
                format!("close it first, e.g. `cairn set {id} status={s}`; only closed or abandoned items are archived")
            }
            None => "only closed or abandoned items are archived".to_string(),
        };
        return Err(usage(format!("{id} is {state}, not closed; nothing was moved"), help));
    }
    Ok(item)
}

/// `<backlog folder>/archive/<file name>` for an item of that backlog folder.
fn destination(plan: &Plan, item: &Item) -> Result<String> {
    let folder = plan
        .config
        .backlog_dirs
        .iter()
        .filter(|d| item.path.starts_with(&format!("{d}/")))
        .max_by_key(|d| d.len())
        .ok_or_else(|| usage(format!("{} is not inside a backlog folder", item.path), None))?;
    let name = item.path.rsplit('/').next().unwrap_or(&item.path);
    Ok(format!("{folder}/archive/{name}"))
}
