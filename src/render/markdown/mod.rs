//! GitHub-flavoured Markdown, for pull-request comments, job summaries and Markdown files:
//! listings, the check summary, diffs, the log and the report.

mod check;
mod diff;
mod list;
mod log;
mod report;

/// The Markdown medium.
#[derive(Debug, Clone, Copy)]
pub struct Markdown {
    /// Leave out summaries.
    pub quiet: bool,
}
