//! Rendering results. Each output medium is one module (terminal, Markdown, JSON, CSV,
//! mermaid, HTML, and the CI formats GitHub, SARIF, GitLab and JUnit); each implements
//! [`Render`] for the documents it can show. Renderers write to any `io::Write` and never
//! print themselves; commands pick one renderer per `--format` value and hand it a document.
//!
//! Documents are the analyses' values ([`PlanDiff`](crate::analyse::diff::PlanDiff),
//! [`Report`](crate::analyse::report::Report), [`Tree`](crate::analyse::views::Tree), …) or the small
//! wrappers below that add what a renderer needs besides them (the plan's sources for check
//! snippets, the item's last change for `show`).

pub mod columns;
pub mod csv;
pub mod escape;
pub mod github;
pub mod gitlab;
pub mod html;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod mermaid;
pub mod progress;
pub mod sarif;
pub mod terminal;
pub mod words;

use std::io::{self, Write};

pub use csv::Csv;
pub use github::Github;
pub use gitlab::Gitlab;
pub use html::Html;
pub use json::Json;
pub use junit::Junit;
pub use markdown::Markdown;
pub use mermaid::Mermaid;
pub use sarif::Sarif;
pub use terminal::{DiffStat, Terminal, error_report};

use crate::analyse::history::{CommitChanges, FileHistory};
use crate::analyse::rules::CheckReport;
use crate::analyse::views::{BacklogSummary, ItemView};
use crate::model::{Item, Plan};

/// One output medium showing one kind of document.
pub trait Render<T: ?Sized> {
    /// Writes `doc` to `out` in this medium.
    fn render(&self, doc: &T, out: &mut dyn Write) -> io::Result<()>;
}

/// The findings of `cairn check`, with what renderers need to show them.
pub struct CheckOutput<'a> {
    pub report: &'a CheckReport,
    /// The plan, for source snippets and the list of files.
    pub plan: &'a Plan,
    /// Prefix that turns a plan-relative path into the path shown (e.g. `plans/` when the
    /// plan sits in a subfolder of the repository). Empty or ending in `/`.
    pub path_prefix: String,
    /// `--deny warnings`: warnings fail the run too.
    pub deny_warnings: bool,
}

impl CheckOutput<'_> {
    /// Whether a finding of this severity fails the run (exit 1).
    pub fn fails(&self, severity: crate::model::Severity) -> bool {
        severity == crate::model::Severity::Error || (self.deny_warnings && severity == crate::model::Severity::Warning)
    }

    /// Whether the run fails: an error, or a warning under `--deny warnings`.
    pub fn failed(&self) -> bool {
        self.report.diagnostics.iter().any(|d| self.fails(d.severity))
    }

    /// The closing line that says why a run fails, when it does.
    pub fn verdict(&self) -> Option<String> {
        let (errors, warnings) = (self.report.errors(), self.report.warnings());
        if errors > 0 {
            Some(format!("cairn check failed: {}", plural(errors, "error")))
        } else if self.deny_warnings && warnings > 0 {
            Some(format!(
                "cairn check failed: {} (warnings fail the run under `--deny warnings`)",
                plural(warnings, "warning")
            ))
        } else {
            None
        }
    }

    /// The path shown for a plan-relative file.
    pub fn shown_path(&self, file: &str) -> String {
        format!("{}{file}", self.path_prefix)
    }
}

/// The items of `cairn backlog` and their totals.
pub struct BacklogListing<'a> {
    pub items: &'a [&'a Item],
    pub summary: &'a BacklogSummary,
}

/// One item for `cairn show`, with its last change from git when known, and the other files
/// that use the same id (shown too: an id is never merged silently).
pub struct ItemShow<'a> {
    pub view: &'a ItemView<'a>,
    pub history: Option<&'a FileHistory>,
    pub duplicates: Vec<ItemShow<'a>>,
    /// How many more files use the same id, not shown (a plan may reuse one id thousands of
    /// times; each shown item lists its links in full).
    pub more: usize,
}

/// The plan's history for `cairn log`: commits newest first.
pub type Log = [CommitChanges];

/// The stakeholder page of `cairn export html`: the initiatives with their health.
pub struct Export<'a> {
    /// The roadmap's rows, health assessed (`analyse::health::roadmap`).
    pub rows: &'a [crate::analyse::views::RoadmapRow<'a>],
    /// The page's title (`--title`), plan text like any other.
    pub title: &'a str,
    /// The day the page shows as today: the date health was assessed on.
    pub today: jiff::civil::Date,
}

/// "1 error", "2 warnings".
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("{n} {word}") } else { format!("{n} {word}s") }
}
