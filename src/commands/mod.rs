//! One module per subcommand; each only wires loading, rules and rendering together.

pub mod archive;
pub mod backlog;
pub mod check;
pub mod completions;
pub mod diff;
pub mod export;
pub mod init;
pub mod log;
pub mod new;
pub mod report;
pub mod roadmap;
pub mod set;
pub mod show;
pub mod tree;

use std::io::{IsTerminal, Write};

use jiff::civil::Date;

use crate::cli::{ColorChoice, GlobalArgs};
use crate::error::{CairnError, Result};
use crate::render::terminal::{Styles, Terminal};

/// What a command asks `main` to exit with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Success,
    /// Exit 1: `check` found errors (or warnings under `--deny warnings`).
    Failed,
}

/// Whether to color output written to stdout.
pub fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var("TERM").map_or(true, |t| t != "dumb")
                && std::io::stdout().is_terminal()
        }
    }
}

/// Today's date, or `CAIRN_TODAY` (YYYY-MM-DD) when set, for repeatable runs.
pub fn today() -> Result<Date> {
    match std::env::var("CAIRN_TODAY") {
        Ok(s) if !s.is_empty() => s.parse::<Date>().map_err(|e| {
            CairnError::usage(
                format!("CAIRN_TODAY=`{s}` is not a date: {e}"),
                Some("use the form YYYY-MM-DD, or unset it".into()),
            )
        }),
        _ => Ok(jiff::ZonedDateTime::now().date()),
    }
}

/// The terminal medium as the global flags ask for it.
pub fn terminal(global: &GlobalArgs) -> Terminal {
    Terminal { styles: Styles { color: use_color(global.color) }, width: terminal_width(), quiet: global.quiet }
}

/// Loads the plan the global flags name (the working tree, or `--rev`), printing the loader's
/// notes (which configuration was used) on stderr unless `--quiet`.
pub fn load_plan(global: &GlobalArgs) -> Result<crate::load::Loaded> {
    let loaded = crate::load::load(global.root.as_deref(), global.rev.as_deref())?;
    print_notes(global, &loaded.notes);
    Ok(loaded)
}

/// The roadmap's rows with each initiative's health (SPEC §3.2), derived from the plan's git
/// history as of today (or, with `--rev`, as of that revision's commit date), and that date.
/// Without usable history (outside git, a shallow clone) health is `unknown` with the
/// reason: a listing never fails for lack of history.
pub fn roadmap_with_health<'p>(
    global: &GlobalArgs,
    loaded: &'p crate::load::Loaded,
    links: &crate::model::Links<'p>,
) -> Result<(Vec<crate::analyse::views::RoadmapRow<'p>>, Date)> {
    let spinner = crate::render::progress::Spinner::new();
    let history = crate::analyse::history::plan_history(loaded, global.rev.as_deref(), &spinner);
    let as_of = match history.as_ref().ok().and_then(|h| h.date).filter(|_| global.rev.is_some()) {
        Some(date) => date,
        None => today()?,
    };
    let states = history.as_ref().map(|h| h.states.as_slice()).map_err(String::as_str);
    Ok((crate::analyse::health::roadmap(&loaded.plan, links, as_of, states), as_of))
}

/// Notes for the user on stderr (never findings, never on stdout), unless `--quiet`.
pub fn print_notes(global: &GlobalArgs, notes: &[String]) {
    if global.quiet {
        return;
    }
    let mut err = std::io::stderr().lock();
    for note in notes {
        let _ = writeln!(err, "note: {}", crate::render::escape::terminal_line(note));
    }
}

/// One line for the user on stderr (never on stdout), unless `--quiet`.
pub fn print_stderr_line(global: &GlobalArgs, line: &str) {
    if !global.quiet {
        let _ = writeln!(std::io::stderr().lock(), "{}", crate::render::escape::terminal_line(line));
    }
}

/// Warnings on stderr (even under `--quiet`: they are about the plan), each with `why`.
pub fn print_warnings(warnings: &[crate::model::Diagnostic], why: &str) {
    let mut err = std::io::stderr().lock();
    for d in warnings {
        let line = format!("{} [{}] ({why})", d.message, d.rule.code());
        let _ = writeln!(err, "warning: {}", crate::render::escape::terminal_line(&line));
    }
}

/// Maps a failed write to standard output to an error.
pub fn write_err(e: std::io::Error) -> CairnError {
    CairnError::io("write", "standard output", e)
}

/// The terminal width for tables, when stdout is a terminal (`COLUMNS` wins, then the
/// terminal's own size); `None` in pipes, where tables are never wrapped.
pub fn terminal_width() -> Option<u16> {
    if !std::io::stdout().is_terminal() {
        return None;
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .or_else(|| comfy_table::Table::new().width())
        .or(Some(100))
}

/// A `--since`/`--until` date flag: a date, a period, `yesterday`, `2 weeks ago`… (see
/// [`crate::model::when`]), relative to [`today`].
pub fn date_flag(flag: &str, value: &Option<String>) -> Result<Option<Date>> {
    use crate::model::when::{DATE_FORMS, Side, date_expression};
    let Some(v) = value.as_deref() else { return Ok(None) };
    let side = if flag == "--until" { Side::Until } else { Side::Since };
    date_expression(v, today()?, side)
        .map(Some)
        .map_err(|e| CairnError::usage(format!("`{flag} {v}`: {e}"), Some(format!("use {DATE_FORMS}"))))
}
