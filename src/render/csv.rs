//! `roadmap` and `backlog` as RFC 4180 CSV for spreadsheets.

use std::io::{self, Write};

use super::columns::{BACKLOG_HEADER, ROADMAP_HEADER, backlog_cells, roadmap_cells, shown};
use super::escape::csv_cell;
use super::{BacklogListing, Render};
use crate::analyse::views::RoadmapRow;

/// RFC 4180 CSV: a header row, then one row per item.
pub struct Csv;

/// One row: every cell quoted as RFC 4180 needs and neutralised against spreadsheet formulas
/// ([`csv_cell`]).
fn csv_row(out: &mut dyn Write, cells: &[String]) -> io::Result<()> {
    for (n, cell) in cells.iter().enumerate() {
        if n > 0 {
            out.write_all(b",")?;
        }
        out.write_all(csv_cell(cell).as_bytes())?;
    }
    out.write_all(b"\r\n")
}

impl Render<[RoadmapRow<'_>]> for Csv {
    fn render(&self, rows: &[RoadmapRow<'_>], out: &mut dyn Write) -> io::Result<()> {
        // The shared columns up to `owner`, then numbers and words a spreadsheet can use:
        // `closed` is finished work (done + dropped), health as its bare state and reason.
        let mut header: Vec<String> =
            ROADMAP_HEADER[..ROADMAP_HEADER.len() - 2].iter().map(|s| s.to_string()).collect();
        header.extend(["start", "closed", "total", "done", "dropped", "health", "health_reason"].map(String::from));
        csv_row(out, &header)?;
        for row in rows {
            let mut cells = roadmap_cells(row);
            cells.truncate(ROADMAP_HEADER.len() - 2);
            cells.push(shown(row.item, "start", row.item.start.map(|p| p.to_string())));
            let p = row.progress;
            cells.extend([p.closed, p.total, p.done, p.abandoned].map(|n| n.to_string()));
            cells.push(row.health.as_ref().map(|h| h.state.as_str().to_string()).unwrap_or_default());
            cells.push(row.health.as_ref().map(|h| h.reason.clone()).unwrap_or_default());
            csv_row(out, &cells)?;
        }
        Ok(())
    }
}

impl Render<BacklogListing<'_>> for Csv {
    fn render(&self, listing: &BacklogListing<'_>, out: &mut dyn Write) -> io::Result<()> {
        let items = listing.items;
        let mut header: Vec<String> =
            BACKLOG_HEADER[..BACKLOG_HEADER.len() - 1].iter().map(|s| s.to_string()).collect();
        // `archived` last: `--status done` lists archived items too, and a spreadsheet tells
        // them apart by it (the table and Markdown say `done (archived)`, JSON `archived`).
        header.extend(["criteria_checked", "criteria_total", "sprint", "labels", "archived"].map(String::from));
        csv_row(out, &header)?;
        for item in items {
            let mut cells = backlog_cells(item);
            cells.pop();
            cells.push(item.criteria.checked().to_string());
            cells.push(item.criteria.total().to_string());
            cells.push(shown(item, "sprint", item.sprint.clone()));
            cells.push(if item.labels.is_empty() { shown(item, "labels", None) } else { item.labels.join(";") });
            cells.push(item.archived.to_string());
            csv_row(out, &cells)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_only_when_needed() {
        let row = |cells: &[&str]| {
            let mut out = Vec::new();
            csv_row(&mut out, &cells.iter().map(|c| c.to_string()).collect::<Vec<_>>()).unwrap();
            String::from_utf8(out).unwrap()
        };
        assert_eq!(row(&["plain", "a, b", "say \"hi\""]), "plain,\"a, b\",\"say \"\"hi\"\"\"\r\n");
        assert_eq!(row(&["=HYPERLINK(\"x\")"]), "\"'=HYPERLINK(\"\"x\"\")\"\r\n");
    }
}
