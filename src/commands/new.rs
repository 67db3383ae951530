//! `cairn new initiative TITLE` / `cairn new story TITLE --initiative ID`: create an item
//! file (see [`crate::write::new`]) and print its path.

use std::io::Write;
use std::path::{Component, Path, PathBuf};

use super::{Outcome, write_err};
use crate::cli::{GlobalArgs, NewArgs, NewKind};
use crate::error::{CairnError, Result};
use crate::write::new::{self, BacklogFields, InitiativeFields, NewItem};

pub fn run(global: &GlobalArgs, args: &NewArgs, out: &mut dyn Write) -> Result<Outcome> {
    if global.rev.is_some() {
        return Err(CairnError::usage("`cairn new` writes files and cannot be used with `--rev`", None));
    }
    let (common, kind) = match &args.what {
        NewKind::Initiative(a) => (
            &a.common,
            new::NewKind::Initiative(InitiativeFields {
                horizon: a.horizon.clone(),
                start: a.start.clone(),
                target: a.target.clone(),
                owner: a.owner.clone(),
            }),
        ),
        NewKind::Story(a) => (
            &a.common,
            new::NewKind::Backlog(BacklogFields {
                initiative: a.initiative.clone(),
                item_type: a.item_type.clone(),
                estimate: a.estimate,
                assignee: a.assignee.clone(),
                sprint: a.sprint.clone(),
            }),
        ),
    };
    let item = NewItem {
        title: common.title.clone(),
        id: common.id.clone(),
        status: common.status.clone(),
        priority: common.priority.clone(),
        labels: common.labels.clone(),
        kind,
    };
    let path = new::create(global.root.as_deref(), &item)?;
    writeln!(out, "{}", relative_to_cwd(&path).display()).map_err(write_err)?;
    Ok(Outcome::Success)
}

/// A path relative to the current directory, for printing.
fn relative_to_cwd(path: &Path) -> PathBuf {
    let Ok(cwd) = std::env::current_dir().and_then(std::fs::canonicalize) else { return path.to_path_buf() };
    let target = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let (a, b): (Vec<Component<'_>>, Vec<Component<'_>>) = (cwd.components().collect(), target.components().collect());
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut rel = PathBuf::new();
    for _ in common..a.len() {
        rel.push("..");
    }
    for c in &b[common..] {
        rel.push(c.as_os_str());
    }
    rel
}
