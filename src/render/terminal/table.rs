//! `roadmap` and `backlog` as comfy-table tables; on a terminal only titles wrap.

use std::io::{self, Write};

use comfy_table::{Cell, Color, ColumnConstraint, ContentArrangement, Table, Width, presets};

use super::Terminal;
use crate::analyse::views::RoadmapRow;
use crate::model::{Category, Health, HealthState};
use crate::render::columns::{ROADMAP_HEADER, backlog_cells, backlog_summary_line, roadmap_cells, status_shown};
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

/// The narrowest a title column gets before other columns are left out.
const MIN_TITLE: usize = 16;

/// Roadmap columns a narrow terminal leaves out, least needed first: owner, priority,
/// horizon, target, status (health and progress stay).
const ROADMAP_DROP: &[usize] = &[6, 5, 3, 4, 2];
/// The narrowest terminal whose roadmap table draws progress bars beside the counts.
const BARS_FROM: u16 = 120;
/// Backlog columns a narrow terminal leaves out, least needed first: AC, est, assignee,
/// type, prio.
const BACKLOG_DROP: &[usize] = &[8, 7, 6, 1, 3];

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

    /// The table to print. On a terminal only the title wraps: every other column keeps its
    /// content's width, so ids, statuses and initiative names are never broken mid-word; when
    /// they and a title of [`MIN_TITLE`] cells do not fit, the columns of `drop` are left out
    /// in that order until they do. Returns the table and the names of the columns left out.
    fn fit(&self, header: &[&str], rows: Vec<Vec<Cell>>, title_col: usize, drop: &[usize]) -> (Table, Vec<String>) {
        let mut kept: Vec<usize> = (0..header.len()).collect();
        if let Some(width) = self.width {
            let mut trial = self.table(header);
            trial.add_rows(rows.iter().cloned());
            let widths: Vec<usize> = trial.column_max_content_widths().iter().map(|w| *w as usize).collect();
            let need = |kept: &[usize]| -> usize {
                let others: usize = kept.iter().filter(|c| **c != title_col).map(|c| widths[*c]).sum();
                others + widths[title_col].min(MIN_TITLE) + 3 * kept.len() + 1
            };
            for column in drop {
                if need(&kept) <= width as usize {
                    break;
                }
                kept.retain(|c| c != column);
            }
        }
        let dropped = (0..header.len()).filter(|c| !kept.contains(c)).map(|c| header[c].to_string()).collect();
        let names: Vec<&str> = kept.iter().map(|c| header[*c]).collect();
        let mut t = self.table(&names);
        for row in rows {
            t.add_row(kept.iter().filter_map(|c| row.get(*c).cloned()).collect::<Vec<Cell>>());
        }
        if self.width.is_some() {
            for (n, column) in t.column_iter_mut().enumerate() {
                if kept[n] == title_col {
                    column.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(MIN_TITLE as u16)));
                } else {
                    column.set_constraint(ColumnConstraint::ContentWidth);
                }
            }
        }
        (t, dropped)
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

    /// The line under a table that left columns out.
    fn dropped_note(&self, dropped: &[String], out: &mut dyn Write) -> io::Result<()> {
        if !self.quiet && !dropped.is_empty() {
            let width = self.width.unwrap_or_default();
            writeln!(out, "({} left out to fit {width} columns; --format csv has every column)", dropped.join(", "))?;
        }
        Ok(())
    }
}

impl Render<[RoadmapRow<'_>]> for Terminal {
    fn render(&self, rows: &[RoadmapRow<'_>], out: &mut dyn Write) -> io::Result<()> {
        let mut cells_of = Vec::new();
        for row in rows {
            let mut cells = roadmap_cells(row);
            let text = cells.pop().unwrap_or_default();
            // The counts always; the bar where there is room for it (and in pipes).
            let progress = match self.width {
                Some(w) if w < BARS_FROM => text,
                _ => format!("{} {text}", row.progress.bar(10)),
            };
            let health = cells.pop().unwrap_or_default();
            let status = cells.remove(2);
            let mut out_cells: Vec<Cell> = cells.iter().map(|c| Cell::new(esc(c))).collect();
            out_cells.insert(2, self.status_cell(status, row.item.category));
            out_cells.push(self.health_cell(health, row.health.as_ref().map(|h| h.state)));
            out_cells.push(Cell::new(progress));
            cells_of.push(out_cells);
        }
        let (t, dropped) = self.fit(ROADMAP_HEADER, cells_of, 1, ROADMAP_DROP);
        writeln!(out, "{t}")?;
        if !self.quiet {
            writeln!(out, "{}", crate::render::plural(rows.len(), "initiative"))?;
            self.dropped_note(&dropped, out)?;
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
            Ok(())
        } else {
            self.dropped_note(&dropped, out)
        }
    }
}

impl Render<BacklogListing<'_>> for Terminal {
    fn render(&self, listing: &BacklogListing<'_>, out: &mut dyn Write) -> io::Result<()> {
        let (items, summary) = (listing.items, listing.summary);
        let mut rows = Vec::new();
        for item in items {
            let mut cells: Vec<Cell> = backlog_cells(item).iter().map(|c| Cell::new(esc(c))).collect();
            cells[2] = self.status_cell(status_shown(item), item.category);
            rows.push(cells);
        }
        let (t, dropped) = self.fit(TABLE_BACKLOG_HEADER, rows, 4, BACKLOG_DROP);
        writeln!(out, "{t}")?;
        if !self.quiet {
            writeln!(out, "{}", esc(&backlog_summary_line(summary)))?;
        }
        self.dropped_note(&dropped, out)
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

    /// The example plan, as `cairn` loads it.
    fn example() -> crate::load::Loaded {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/food-delivery");
        crate::load::load(Some(&dir), None).unwrap()
    }

    /// The cells of each named column of every table in `text` (header name → cells).
    fn columns(text: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut header: Vec<String> = Vec::new();
        let split =
            |l: &str| -> Vec<String> { l.trim_matches('│').split('┆').map(|c| c.trim().to_string()).collect() };
        for line in text.lines() {
            if line.starts_with('┌') {
                header.clear();
            } else if line.starts_with('│') && header.is_empty() {
                header = split(line);
            } else if line.starts_with('│') {
                for (name, cell) in header.iter().zip(split(line)) {
                    out.push((name.clone(), cell));
                }
            }
        }
        out
    }

    #[test]
    fn at_80_columns_ids_statuses_and_initiatives_never_break() {
        let loaded = example();
        let plan = &loaded.plan;
        let filter = crate::analyse::views::BacklogFilter { all: true, ..Default::default() };
        let items = crate::analyse::views::backlog(plan, &filter);
        let summary = crate::analyse::views::backlog_summary(&items);
        let links = crate::model::Links::new(plan);
        let rows = crate::analyse::views::roadmap(plan, &links);
        for width in [60u16, 80, 100, 120] {
            let term = Terminal { styles: Styles { color: false }, width: Some(width), quiet: false };
            let mut out = Vec::new();
            term.render(&BacklogListing { items: &items, summary: &summary }, &mut out).unwrap();
            term.render(rows.as_slice(), &mut out).unwrap();
            let text = String::from_utf8(out).unwrap();
            let table_lines = text.lines().filter(|l| l.starts_with(['│', '┌', '└', '╞']));
            // At 60 columns the roadmap's short columns alone need more: it overflows rather
            // than break them.
            if width >= 80 {
                assert!(table_lines.clone().all(|l| l.chars().count() <= width as usize), "{width}:\n{text}");
            }
            let ids: Vec<&str> = plan.items.iter().map(|i| i.id.as_str()).collect();
            let statuses: Vec<String> =
                plan.items.iter().flat_map(|i| [i.status.clone(), format!("{} (archived)", i.status)]).collect();
            for (column, cell) in columns(&text) {
                let whole = match column.as_str() {
                    "id" | "initiative" => cell.is_empty() || ids.contains(&cell.as_str()),
                    "status" => cell.is_empty() || statuses.contains(&cell),
                    _ => true,
                };
                assert!(whole, "{width}: `{cell}` in column {column} is a broken word:\n{text}");
            }
            if width <= 80 {
                assert!(text.contains("left out to fit"), "{width}: the note says which columns:\n{text}");
            }
            assert!(text.contains("subscriptions"), "{text}");
        }
    }
}
