//! `roadmap` and `backlog` as comfy-table tables; on a terminal only titles wrap.

use std::io::{self, Write};

use comfy_table::{Cell, Color, ColumnConstraint, ContentArrangement, Table, Width, presets};

use super::Terminal;
use crate::analyse::views::RoadmapRow;
use crate::model::{Category, Health, HealthState};
use crate::render::columns::{ROADMAP_HEADER, backlog_cells, backlog_summary_line, roadmap_cells};
use crate::render::escape::terminal_line as esc;
use crate::render::words::wrap;
use crate::render::{BacklogListing, Render};

/// The backlog table's header: the CSV and Markdown names, shortened where a terminal needs
/// the room (`prio`, `est`, `AC` for acceptance criteria).
const TABLE_BACKLOG_HEADER: &[&str] = &["id", "type", "status", "prio", "title", "initiative", "assignee", "est", "AC"];

fn status_color(category: Option<Category>) -> Color {
    match category {
        Some(Category::Active) => Color::Yellow,
        Some(Category::Closed) => Color::Green,
        _ => Color::Reset,
    }
}

impl Terminal {
    fn table(&self, header: &[&str]) -> Table {
        let mut t = Table::new();
        t.load_style(presets::UTF8_FULL_CONDENSED);
        t.set_header(header.iter().map(Cell::new));
        if !self.styles.color {
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

    fn health_cell(&self, text: String, state: Option<HealthState>) -> Cell {
        let cell = Cell::new(esc(&text));
        let color = match state {
            Some(HealthState::OffTrack) => Color::Red,
            Some(HealthState::AtRisk) => Color::Yellow,
            Some(HealthState::OnTrack | HealthState::Done) => Color::Green,
            _ => Color::Reset,
        };
        if self.styles.color { cell.fg(color) } else { cell }
    }

    fn status_cell(&self, text: String, category: Option<Category>) -> Cell {
        let cell = Cell::new(esc(&text));
        if self.styles.color { cell.fg(status_color(category)) } else { cell }
    }
}

impl Render<[RoadmapRow<'_>]> for Terminal {
    fn render(&self, rows: &[RoadmapRow<'_>], out: &mut dyn Write) -> io::Result<()> {
        let mut t = self.table(ROADMAP_HEADER);
        for row in rows {
            let mut cells = roadmap_cells(row);
            let progress = format!("{} {}", row.progress.bar(10), cells.pop().unwrap_or_default());
            let health = cells.pop().unwrap_or_default();
            let status = cells.remove(2);
            let mut out_cells: Vec<Cell> = cells.iter().map(|c| Cell::new(esc(c))).collect();
            out_cells.insert(2, self.status_cell(status, row.item.category));
            out_cells.push(self.health_cell(health, row.health.as_ref().map(|h| h.state)));
            out_cells.push(Cell::new(progress));
            t.add_row(out_cells);
        }
        self.fit(&mut t, 1);
        writeln!(out, "{t}")?;
        if !self.quiet {
            writeln!(out, "{} initiatives", rows.len())?;
            // Why each open initiative is where it is, one line each.
            let open: Vec<(&RoadmapRow<'_>, &Health)> = rows
                .iter()
                .filter_map(|r| r.health.as_ref().map(|h| (r, h)))
                .filter(|(_, h)| !matches!(h.state, HealthState::Done | HealthState::Dropped))
                .collect();
            if !open.is_empty() {
                writeln!(out, "\nHealth")?;
                let w = open.iter().map(|(r, _)| esc(&r.item.id).chars().count()).max().unwrap_or(0);
                for (r, h) in open {
                    let head = format!("  {} {:<w$}  ", h.state.symbol(), esc(&r.item.id));
                    let indent = head.chars().count();
                    // On a terminal the reason wraps under itself; in pipes it stays on one line.
                    let lines = match self.width {
                        Some(width) => wrap(&esc(&h.reason), indent, (width as usize).max(indent + 20)),
                        None => vec![format!("{}{}", " ".repeat(indent), esc(&h.reason))],
                    };
                    for (n, line) in lines.iter().enumerate() {
                        let text = line.get(indent..).unwrap_or("");
                        if n == 0 { writeln!(out, "{head}{text}")? } else { writeln!(out, "{line}")? }
                    }
                }
            }
        }
        Ok(())
    }
}

impl Render<BacklogListing<'_>> for Terminal {
    fn render(&self, listing: &BacklogListing<'_>, out: &mut dyn Write) -> io::Result<()> {
        let (items, summary) = (listing.items, listing.summary);
        let mut t = self.table(TABLE_BACKLOG_HEADER);
        for item in items {
            let mut cells: Vec<Cell> = backlog_cells(item).iter().map(|c| Cell::new(esc(c))).collect();
            cells[2] = self.status_cell(item.status.clone(), item.category);
            t.add_row(cells);
        }
        self.fit(&mut t, 4);
        writeln!(out, "{t}")?;
        if !self.quiet {
            writeln!(out, "{}", esc(&backlog_summary_line(summary)))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Item;
    use crate::render::terminal::Styles;

    #[test]
    fn a_terminal_table_fits_its_width_by_wrapping_titles() {
        let long = "A very long title that would never fit on one line of a terminal at all";
        let file = format!("---\nid: S-1\ntitle: {long}\ninitiative: subscriptions\nassignee: dana\n---\n");
        let plan = crate::harness::plan_of(&[("backlog/S-1.md", file.as_bytes())], crate::model::Config::default());
        let items: Vec<&Item> = plan.items.iter().collect();
        let summary = crate::analyse::views::backlog_summary(&items);
        for width in [100u16, 80] {
            let mut out = Vec::new();
            Terminal { styles: Styles { color: false }, width: Some(width), quiet: true }
                .render(&BacklogListing { items: &items, summary: &summary }, &mut out)
                .unwrap();
            let text = String::from_utf8(out).unwrap();
            assert!(text.lines().all(|l| l.chars().count() <= width as usize), "{text}");
            assert!(text.lines().count() > 5, "the title wraps: {text}");
            if width == 100 {
                // With room for them, short columns are never broken; only the title is.
                assert!(text.contains("┆ subscriptions ┆") && text.contains("┆ dana "), "{text}");
            }
        }
    }
}
