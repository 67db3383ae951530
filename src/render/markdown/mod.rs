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

use crate::render::escape::{MdPiece, markdown_line, message_pieces};
use crate::render::words::{Line, Piece};

/// A line of words as one line of GitHub Markdown: values as code spans, text inert.
pub(crate) fn md_line(line: &Line) -> String {
    let mut pieces: Vec<MdPiece<'_>> = Vec::new();
    for p in &line.0 {
        match p {
            Piece::Words(s) | Piece::Text(s) => pieces.push(MdPiece::Text(s)),
            Piece::Code(s) => pieces.push(MdPiece::Code(s)),
            Piece::Message(s) => pieces.extend(message_pieces(s)),
        }
    }
    markdown_line(&pieces)
}
