//! The formats of `cairn roadmap` and `cairn backlog`: each implements [`ListRenderer`].

use std::io::{self, Write};

use comfy_table::{Cell, Color, ColumnConstraint, ContentArrangement, Table, Width, presets};

use super::columns::{BACKLOG_HEADER, ROADMAP_HEADER, backlog_cells, backlog_summary_line, roadmap_cells};
use super::json::ItemJson;
use crate::analyse::views::{BacklogSummary, RoadmapRow};
use crate::model::{Category, Item};

/// The backlog table's header: the CSV and Markdown names, shortened where a terminal needs
/// the room (`prio`, `est`, `AC` for acceptance criteria).
const TABLE_BACKLOG_HEADER: &[&str] = &["id", "type", "status", "prio", "title", "initiative", "assignee", "est", "AC"];

/// One output format of the listings.
pub trait ListRenderer {
    fn roadmap(&self, rows: &[RoadmapRow<'_>], out: &mut dyn Write) -> io::Result<()>;
    fn backlog(&self, items: &[&Item], summary: &BacklogSummary, out: &mut dyn Write) -> io::Result<()>;
}

/// A comfy-table table; wraps titles to fit `width` when given.
pub struct TableFormat {
    pub color: bool,
    pub width: Option<u16>,
    pub quiet: bool,
}

fn status_color(category: Option<Category>) -> Color {
    match category {
        Some(Category::Active) => Color::Yellow,
        Some(Category::Closed) => Color::Green,
        _ => Color::Reset,
    }
}

impl TableFormat {
    fn table(&self, header: &[&str]) -> Table {
        let mut t = Table::new();
        t.load_style(presets::UTF8_FULL_CONDENSED);
        t.set_header(header.iter().map(Cell::new));
        if !self.color {
            t.force_no_tty();
        } else {
            t.enforce_styling();
        }
        match self.width {
            Some(w) => {
                t.set_width(w);
                t.set_content_arrangement(ContentArrangement::Dynamic);
            }
            None => {
                t.set_content_arrangement(ContentArrangement::Disabled);
            }
        }
        t
    }

    /// On a terminal, lets only the title wrap when every other column fits at its content's
    /// width; otherwise comfy-table shares the width between all columns.
    fn fit(&self, t: &mut Table, title_col: usize) {
        let Some(width) = self.width else { return };
        let widths = t.column_max_content_widths();
        let others: usize = widths.iter().enumerate().filter(|(n, _)| *n != title_col).map(|(_, w)| *w as usize).sum();
        let borders = 3 * widths.len() + 1;
        if others + borders + 16 <= width as usize {
            for (n, column) in t.column_iter_mut().enumerate() {
                if n != title_col {
                    column.set_constraint(ColumnConstraint::ContentWidth);
                }
            }
        } else if let Some(column) = t.column_mut(title_col) {
            column.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(16)));
        }
    }

    fn status_cell(&self, text: String, category: Option<Category>) -> Cell {
        let cell = Cell::new(text);
        if self.color { cell.fg(status_color(category)) } else { cell }
    }
}

impl ListRenderer for TableFormat {
    fn roadmap(&self, rows: &[RoadmapRow<'_>], out: &mut dyn Write) -> io::Result<()> {
        let mut t = self.table(ROADMAP_HEADER);
        for row in rows {
            let mut cells = roadmap_cells(row);
            let progress = format!("{} {}", cells.pop().unwrap_or_default(), row.progress.bar(10));
            let status = cells.remove(2);
            let mut out_cells: Vec<Cell> = cells.into_iter().map(Cell::new).collect();
            out_cells.insert(2, self.status_cell(status, row.item.category));
            out_cells.push(Cell::new(progress));
            t.add_row(out_cells);
        }
        self.fit(&mut t, 1);
        writeln!(out, "{t}")?;
        if !self.quiet {
            writeln!(out, "{} initiatives", rows.len()).map(|_| ())?;
        }
        Ok(())
    }

    fn backlog(&self, items: &[&Item], summary: &BacklogSummary, out: &mut dyn Write) -> io::Result<()> {
        let mut t = self.table(TABLE_BACKLOG_HEADER);
        for item in items {
            let mut cells: Vec<Cell> = backlog_cells(item).into_iter().map(Cell::new).collect();
            cells[2] = self.status_cell(item.status.clone(), item.category);
            t.add_row(cells);
        }
        self.fit(&mut t, 4);
        writeln!(out, "{t}")?;
        if !self.quiet {
            writeln!(out, "{}", backlog_summary_line(summary))?;
        }
        Ok(())
    }
}

/// RFC 4180 CSV: a header row, then one row per item.
pub struct Csv;

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() }
}

fn csv_row(out: &mut dyn Write, cells: &[String]) -> io::Result<()> {
    let row: Vec<String> = cells.iter().map(|c| csv_field(c)).collect();
    write!(out, "{}\r\n", row.join(","))
}

impl ListRenderer for Csv {
    fn roadmap(&self, rows: &[RoadmapRow<'_>], out: &mut dyn Write) -> io::Result<()> {
        let mut header: Vec<String> =
            ROADMAP_HEADER[..ROADMAP_HEADER.len() - 1].iter().map(|s| s.to_string()).collect();
        header.extend(["start".into(), "closed".into(), "total".into()]);
        csv_row(out, &header)?;
        for row in rows {
            let mut cells = roadmap_cells(row);
            cells.pop();
            cells.push(row.item.start.map(|p| p.to_string()).unwrap_or_default());
            cells.push(row.progress.closed.to_string());
            cells.push(row.progress.total.to_string());
            csv_row(out, &cells)?;
        }
        Ok(())
    }

    fn backlog(&self, items: &[&Item], _summary: &BacklogSummary, out: &mut dyn Write) -> io::Result<()> {
        let mut header: Vec<String> =
            BACKLOG_HEADER[..BACKLOG_HEADER.len() - 1].iter().map(|s| s.to_string()).collect();
        header.extend(["criteria_checked".into(), "criteria_total".into(), "sprint".into(), "labels".into()]);
        csv_row(out, &header)?;
        for item in items {
            let mut cells = backlog_cells(item);
            cells.pop();
            cells.push(item.criteria.checked().to_string());
            cells.push(item.criteria.total().to_string());
            cells.push(item.sprint.clone().unwrap_or_default());
            cells.push(item.labels.join(";"));
            csv_row(out, &cells)?;
        }
        Ok(())
    }
}

/// A GitHub-flavoured Markdown table.
pub struct Markdown {
    pub quiet: bool,
}

fn md_cell(s: &str) -> String {
    s.replace('\\', "\\\\").replace('|', "\\|").replace(['\n', '\r'], " ")
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

impl ListRenderer for Markdown {
    fn roadmap(&self, rows: &[RoadmapRow<'_>], out: &mut dyn Write) -> io::Result<()> {
        md_table(out, ROADMAP_HEADER, rows.iter().map(roadmap_cells))
    }

    fn backlog(&self, items: &[&Item], summary: &BacklogSummary, out: &mut dyn Write) -> io::Result<()> {
        md_table(out, BACKLOG_HEADER, items.iter().map(|i| backlog_cells(i)))?;
        if !self.quiet {
            writeln!(out, "\n{}", backlog_summary_line(summary))?;
        }
        Ok(())
    }
}

/// A JSON array of items with every front matter field.
pub struct JsonList;

impl ListRenderer for JsonList {
    fn roadmap(&self, rows: &[RoadmapRow<'_>], out: &mut dyn Write) -> io::Result<()> {
        let items: Vec<ItemJson<'_>> =
            rows.iter().map(|r| ItemJson { item: r.item, progress: Some(r.progress) }).collect();
        serde_json::to_writer_pretty(&mut *out, &items)?;
        writeln!(out)
    }

    fn backlog(&self, items: &[&Item], _summary: &BacklogSummary, out: &mut dyn Write) -> io::Result<()> {
        let items: Vec<ItemJson<'_>> = items.iter().map(|i| ItemJson { item: i, progress: None }).collect();
        serde_json::to_writer_pretty(&mut *out, &items)?;
        writeln!(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::columns::points;

    #[test]
    fn csv_quotes_only_when_needed() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }

    #[test]
    fn markdown_cells_escape_pipes() {
        assert_eq!(md_cell("a|b\nc"), "a\\|b c");
    }

    #[test]
    fn a_terminal_table_fits_its_width_by_wrapping_titles() {
        let long = "A very long title that would never fit on one line of a terminal at all";
        let file = format!("---\nid: S-1\ntitle: {long}\ninitiative: subscriptions\nassignee: dana\n---\n");
        let plan = crate::harness::plan_of(&[("backlog/S-1.md", file.as_bytes())], crate::model::Config::default());
        let items: Vec<&Item> = plan.items.iter().collect();
        let summary = crate::analyse::views::backlog_summary(&items);
        for width in [100u16, 80] {
            let mut out = Vec::new();
            TableFormat { color: false, width: Some(width), quiet: true }.backlog(&items, &summary, &mut out).unwrap();
            let text = String::from_utf8(out).unwrap();
            assert!(text.lines().all(|l| l.chars().count() <= width as usize), "{text}");
            assert!(text.lines().count() > 5, "the title wraps: {text}");
            if width == 100 {
                // With room for them, short columns are never broken; only the title is.
                assert!(text.contains("┆ subscriptions ┆") && text.contains("┆ dana "), "{text}");
            }
        }
    }

    #[test]
    fn points_drop_a_trailing_zero() {
        assert_eq!(points(3.0), "3");
        assert_eq!(points(0.5), "0.5");
    }
}
