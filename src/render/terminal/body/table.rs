//! Markdown tables drawn for the terminal, with a rule under the header.

use pulldown_cmark::{Event, Tag, TagEnd};

use super::is_comment;
use crate::render::escape::terminal_line;

/// A Markdown table being read: its rows of plain cell text, drawn when it ends.
#[derive(Default)]
pub(super) struct TableBuf {
    aligns: Vec<pulldown_cmark::Alignment>,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    in_head: bool,
    cell: String,
    row: Vec<String>,
}

impl TableBuf {
    /// A table with these column alignments.
    pub(super) fn new(aligns: Vec<pulldown_cmark::Alignment>) -> Self {
        TableBuf { aligns, ..TableBuf::default() }
    }

    pub(super) fn event(&mut self, event: &Event<'_>) {
        match event {
            Event::Start(Tag::TableHead) => self.in_head = true,
            Event::End(TagEnd::TableHead) => {
                self.in_head = false;
                self.header = std::mem::take(&mut self.row);
            }
            Event::End(TagEnd::TableRow) => self.rows.push(std::mem::take(&mut self.row)),
            Event::End(TagEnd::TableCell) => self.row.push(std::mem::take(&mut self.cell)),
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) if !is_comment(t) => self.cell.push_str(t),
            Event::Code(t) => {
                self.cell.push('`');
                self.cell.push_str(t);
                self.cell.push('`');
            }
            Event::SoftBreak | Event::HardBreak => self.cell.push(' '),
            _ => {}
        }
    }

    /// The table with a rule under the header; cells escaped for the terminal. A table whose
    /// drawing would dwarf its source (thousands of empty cells) is drawn as plain rows.
    pub(super) fn render(&self) -> String {
        let columns = self.header.len().max(self.rows.iter().map(Vec::len).max().unwrap_or(0));
        let text: usize = self.header.iter().chain(self.rows.iter().flatten()).map(String::len).sum();
        if columns * (self.rows.len() + 1) > 64 + 2 * text {
            let mut out = String::new();
            for row in std::iter::once(&self.header).chain(&self.rows) {
                let cells: Vec<String> = row.iter().map(|c| terminal_line(c.trim()).into_owned()).collect();
                out.push_str(&cells.join(" │ "));
                out.push('\n');
            }
            return out;
        }
        let mut t = comfy_table::Table::new();
        t.load_style(comfy_table::presets::UTF8_FULL_CONDENSED);
        t.force_no_tty();
        t.set_content_arrangement(comfy_table::ContentArrangement::Disabled);
        let cells = |row: &Vec<String>| -> Vec<comfy_table::Cell> {
            row.iter().map(|c| comfy_table::Cell::new(terminal_line(c.trim()))).collect()
        };
        t.set_header(cells(&self.header));
        for row in &self.rows {
            t.add_row(cells(row));
        }
        for (n, align) in self.aligns.iter().enumerate() {
            let a = match align {
                pulldown_cmark::Alignment::Center => comfy_table::CellAlignment::Center,
                pulldown_cmark::Alignment::Right => comfy_table::CellAlignment::Right,
                _ => comfy_table::CellAlignment::Left,
            };
            if let Some(c) = t.column_mut(n) {
                c.set_cell_alignment(a);
            }
        }
        format!("{t}\n")
    }
}
