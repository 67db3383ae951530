//! Output for people on a terminal: `check` reports with source snippets, tables, `show`,
//! `tree`, diffs, the log and the report. Colors only when asked; the same layout without.

mod body;
mod check;
mod diff;
mod edit;
mod log;
mod report;
mod show;
mod table;

use anstyle::{AnsiColor, Effects, Style};

pub use body::render as body;
pub use check::error_report;
pub use show::status_mark;

/// The terminal medium and its options.
#[derive(Debug, Clone, Copy)]
pub struct Terminal {
    pub styles: Styles,
    /// The terminal's width for tables, `None` in pipes (tables are never wrapped there).
    pub width: Option<u16>,
    /// Leave out summaries and notes.
    pub quiet: bool,
}

impl Terminal {
    /// Plain text: no colors, no width, summaries included.
    pub fn plain() -> Self {
        Terminal { styles: Styles { color: false }, width: None, quiet: false }
    }
}

/// `cairn diff --stat`: one line per changed item.
#[derive(Debug, Clone, Copy)]
pub struct DiffStat {
    pub styles: Styles,
}

/// Text styles, or none at all.
#[derive(Debug, Clone, Copy)]
pub struct Styles {
    pub color: bool,
}

impl Styles {
    pub fn paint(&self, style: Style, text: &str) -> String {
        if self.color && !text.is_empty() { format!("{style}{text}{style:#}") } else { text.to_string() }
    }
    pub fn bold(&self, text: &str) -> String {
        self.paint(Style::new().effects(Effects::BOLD), text)
    }
    pub fn dim(&self, text: &str) -> String {
        self.paint(Style::new().effects(Effects::DIMMED), text)
    }
    pub fn fg(&self, color: AnsiColor, text: &str) -> String {
        self.paint(Style::new().fg_color(Some(color.into())), text)
    }
}
