//! Rendering results. Each output format of `cairn check` is one module implementing
//! [`CheckRenderer`]; renderers write to any `io::Write` and never print themselves.

pub mod columns;
pub mod diff;
pub mod escape;
mod github;
mod gitlab;
pub mod html;
mod human;
pub mod json;
mod junit;
pub mod list;
pub mod log;
mod mermaid;
pub mod report;
pub mod sarif;
pub mod show;
pub mod terminal;

use std::io::{self, Write};

pub use github::{Github, step_summary};
pub use human::{Human, error_report};
pub use json::Json;
pub use list::{Csv, JsonList, ListRenderer, Markdown, TableFormat};
pub use mermaid::Mermaid;
pub use sarif::Sarif;

use crate::model::Plan;
use crate::rules::CheckReport;

/// What a check renderer needs besides the findings.
pub struct CheckContext<'a> {
    /// The plan, for source snippets.
    pub plan: &'a Plan,
    /// Prefix that turns a plan-relative path into the path shown (e.g. `plans/` when the
    /// plan sits in a subfolder of the repository). Empty or ending in `/`.
    pub path_prefix: String,
    /// Whether to use colors.
    pub color: bool,
    /// Suppress the summary and notes.
    pub quiet: bool,
}

impl CheckContext<'_> {
    /// The path shown for a plan-relative file.
    pub fn shown_path(&self, file: &str) -> String {
        format!("{}{file}", self.path_prefix)
    }
}

/// One output format of `cairn check`.
pub trait CheckRenderer {
    fn render(&self, report: &CheckReport, ctx: &CheckContext<'_>, out: &mut dyn Write) -> io::Result<()>;
}

/// The formats of `cairn check`.
pub const CHECK_FORMATS: &[&str] = &["human", "json", "github", "sarif", "gitlab", "junit"];

/// The renderer for a `--format` value of `cairn check`.
pub fn check_renderer(format: &str) -> Option<Box<dyn CheckRenderer>> {
    match format {
        "human" => Some(Box::new(Human)),
        "json" => Some(Box::new(Json)),
        "github" => Some(Box::new(Github)),
        "sarif" => Some(Box::new(Sarif)),
        "gitlab" => Some(Box::new(gitlab::Gitlab)),
        "junit" => Some(Box::new(junit::Junit)),
        _ => None,
    }
}

/// "1 error", "2 warnings".
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("{n} {word}") } else { format!("{n} {word}s") }
}
