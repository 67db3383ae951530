//! `roadmap --format mermaid`: a Mermaid gantt chart GitHub renders, fenced so the output can
//! be pasted into (or redirected to) a Markdown file. Initiatives without dates are listed
//! after the chart under "Not scheduled", never dropped.

use std::io::{self, Write};

use super::Render;
use crate::analyse::views::RoadmapRow;
use crate::model::Category;

/// Mermaid gantt charts.
#[derive(Debug, Clone, Copy)]
pub struct Mermaid;

/// Mermaid task names cannot hold `:`, `;` or `#`.
fn task_name(s: &str) -> String {
    s.chars()
        .map(|c| if matches!(c, ':' | ';' | '#' | '\n' | '\r') { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_string()
}

/// A Mermaid task id: letters, digits, `_` and `-`.
fn task_id(s: &str) -> String {
    s.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' || c == '-' { c } else { '_' }).collect()
}

impl Render<[RoadmapRow<'_>]> for Mermaid {
    fn render(&self, rows: &[RoadmapRow<'_>], out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "```mermaid")?;
        writeln!(out, "gantt")?;
        writeln!(out, "    title Roadmap")?;
        writeln!(out, "    dateFormat YYYY-MM-DD")?;
        writeln!(out, "    axisFormat %Y-%m")?;
        let mut unscheduled: Vec<&RoadmapRow<'_>> = Vec::new();
        let mut section = None;
        for row in rows {
            let i = row.item;
            let (start, end) = match (i.start, i.target) {
                (Some(s), Some(t)) if s.start() <= t.end() => (s.start(), t.end()),
                (Some(s), None) => (s.start(), s.end()),
                (None, Some(t)) | (Some(_), Some(t)) => (t.start(), t.end()),
                (None, None) => {
                    unscheduled.push(row);
                    continue;
                }
            };
            let name = match i.category_or_open() {
                Category::Active => "Active",
                Category::Open => "Open",
                Category::Closed | Category::Abandoned => "Closed",
            };
            if section != Some(name) {
                writeln!(out, "    section {name}")?;
                section = Some(name);
            }
            let tag = match i.category_or_open() {
                Category::Active => "active, ",
                Category::Closed | Category::Abandoned => "done, ",
                Category::Open => "",
            };
            let progress = format!("{}/{}", row.progress.closed, row.progress.total);
            writeln!(out, "    {} ({progress}) :{tag}{}, {start}, {end}", task_name(&i.title), task_id(&i.id))?;
        }
        writeln!(out, "```")?;
        if !unscheduled.is_empty() {
            writeln!(out, "\n**Not scheduled** (no `start` or `target`):\n")?;
            for row in unscheduled {
                writeln!(out, "- {} — {} ({})", row.item.id, row.item.title, row.item.status)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_ids_are_made_safe() {
        assert_eq!(task_name("Launch: phase #2; go"), "Launch  phase  2  go");
        assert_eq!(task_id("new cities/2"), "new_cities_2");
    }
}
