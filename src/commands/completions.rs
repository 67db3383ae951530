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
    let files: Vec<_> = pages.into_iter().map(|(name, page)| (dir.join(name), page)).collect();
    // All pages or none: a page that may not be replaced (a symbolic link) stops every write.
    crate::write::replace_files(&files)?;
    for (path, _) in &files {
        writeln!(out, "{}", crate::render::escape::terminal_line(&path.display().to_string())).map_err(write_err)?;
    }
    Ok(Outcome::Success)
}

/// The candidates a completion asks for, read from the plan found from the current
/// directory, or from the `-C`/`--root` directory the command line being completed names;
/// none when there is no plan.
pub fn candidates(wanted: &Wanted) -> Vec<String> {
    let words: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let root = root_of(&words);
    let Ok(loaded) = crate::load::load(root.as_deref(), None) else { return Vec::new() };
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
                // The statuses of the item's kind once the line names it (`set S-12 status=`).
                "status" => {
                    let kind = edited_kind(&words, plan);
                    let kinds = [Kind::Backlog, Kind::Initiative];
                    kinds
                        .iter()
                        .filter(|k| kind.is_none_or(|kind| kind == **k))
                        .flat_map(|k| config.statuses.names(*k))
                        .map(String::from)
                        .collect()
                }
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
    // One line per candidate: a value with a line break, a control or a bidi override
    // cannot be offered (the shell would print it raw).
    out.retain(|c| !c.is_empty() && !c.chars().any(crate::render::escape::is_control));
    out.sort();
    out.dedup();
    out
}

/// The kind of the item `cairn set ID` names on the line being completed, if it names one.
fn edited_kind(args: &[std::ffi::OsString], plan: &crate::model::Plan) -> Option<Kind> {
    let start = args.iter().position(|a| a == "--")? + 1;
    let words = args.get(start..args.len().saturating_sub(1))?;
    let set = words.iter().position(|w| w == "set")?;
    words[set + 1..].iter().find_map(|w| {
        let w = w.to_str()?;
        plan.items.iter().find(|i| i.id == w).map(|i| i.kind)
    })
}

/// The plan root a command line being completed names (`cairn -- cairn -C DIR show …`): the
/// words after the first `--`, up to the last word (the one being completed), read for
/// `-C DIR`, `-CDIR`, `--root DIR` and `--root=DIR`; the last one wins, as clap would take it.
fn root_of(args: &[std::ffi::OsString]) -> Option<std::path::PathBuf> {
    let start = args.iter().position(|a| a == "--")? + 1;
    let words = args.get(start..args.len().saturating_sub(1))?;
    let mut root = None;
    let mut i = 0;
    while i < words.len() {
        let word = words[i].to_string_lossy();
        if word == "--" {
            break;
        }
        if word == "-C" || word == "--root" {
            root = words.get(i + 1).map(std::path::PathBuf::from);
            i += 1;
        } else if let Some(dir) = word.strip_prefix("--root=") {
            root = Some(dir.into());
        } else if let Some(dir) = word.strip_prefix("-C").filter(|d| !d.is_empty() && !word.starts_with("--")) {
            root = Some(dir.into());
        }
        i += 1;
    }
    root
}

#[cfg(test)]
mod tests {
    use super::root_of;
    use std::ffi::OsString;
    use std::path::PathBuf;

    fn root(words: &[&str]) -> Option<PathBuf> {
        let args: Vec<OsString> = words.iter().map(OsString::from).collect();
        root_of(&args)
    }

    #[test]
    fn the_root_flag_of_the_line_being_completed_is_found() {
        assert_eq!(root(&["cairn", "--", "cairn", "show", ""]), None);
        assert_eq!(root(&["cairn", "--", "cairn", "-C", "plan", "show", ""]), Some("plan".into()));
        assert_eq!(root(&["cairn", "--", "cairn", "-Cplan", "show", ""]), Some("plan".into()));
        assert_eq!(root(&["cairn", "--", "cairn", "show", "--root", "a", ""]), Some("a".into()));
        assert_eq!(root(&["cairn", "--", "cairn", "--root=b", "show", ""]), Some("b".into()));
        // The word being completed is not a root yet.
        assert_eq!(root(&["cairn", "--", "cairn", "-C", ""]), None);
        assert_eq!(root(&["cairn", "show", ""]), None);
    }
}
