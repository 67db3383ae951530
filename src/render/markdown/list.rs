//! `roadmap` and `backlog` as GitHub-flavoured Markdown tables.

use std::io::{self, Write};

use super::Markdown;
use crate::analyse::views::RoadmapRow;
use crate::render::columns::{
    BACKLOG_HEADER, ROADMAP_HEADER, backlog_cells, backlog_summary_line, roadmap_cells, status_shown,
};
use crate::render::escape::markdown_inline;
use crate::render::{BacklogListing, Render};

/// A table cell: plan text made inert ([`markdown_inline`] escapes `|` and line breaks too).
fn md_cell(s: &str) -> String {
    markdown_inline(s)
}

fn md_table(out: &mut dyn Write, header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> io::Result<()> {
    writeln!(out, "| {} |", header.join(" | "))?;
    writeln!(out, "|{}", header.iter().map(|_| "---|").collect::<String>())?;
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| md_cell(c)).collect();
        writeln!(out, "| {} |", cells.join(" | "))?;
    }
    Ok(())
}

impl Render<[RoadmapRow<'_>]> for Markdown {
    fn render(&self, rows: &[RoadmapRow<'_>], out: &mut dyn Write) -> io::Result<()> {
        // The table's columns plus why each initiative has its health.
        let mut header = ROADMAP_HEADER.to_vec();
        header.push("why");
        md_table(
            out,
            &header,
            rows.iter().map(|r| {
                let mut cells = roadmap_cells(r);
                cells.push(r.health.as_ref().map(|h| h.reason.clone()).unwrap_or_default());
                cells
            }),
        )
    }
}

impl Render<BacklogListing<'_>> for Markdown {
    fn render(&self, listing: &BacklogListing<'_>, out: &mut dyn Write) -> io::Result<()> {
        let (items, summary) = (listing.items, listing.summary);
        md_table(
            out,
            BACKLOG_HEADER,
            items.iter().map(|i| {
                let mut cells = backlog_cells(i);
                cells[2] = status_shown(i);
                cells
            }),
        )?;
        if !self.quiet {
            writeln!(out, "\n{}", markdown_inline(&backlog_summary_line(summary)))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_cells_escape_pipes() {
        assert_eq!(md_cell("a|b\nc"), "a\\|b c");
    }
}
