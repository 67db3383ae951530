//! `roadmap --format mermaid`: a Mermaid gantt chart GitHub renders, fenced so the output can
//! be pasted into (or redirected to) a Markdown file. Initiatives without dates are listed
//! after the chart under "Not scheduled", never dropped.

use std::io::{self, Write};

use super::Render;
use super::escape::{markdown_inline, mermaid_id, mermaid_label};
use crate::analyse::views::RoadmapRow;
use crate::model::{Category, HealthState};

/// Mermaid gantt charts.
#[derive(Debug, Clone, Copy)]
pub struct Mermaid;

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
            let status = match i.category_or_open() {
                Category::Active => "active, ",
                Category::Closed | Category::Abandoned => "done, ",
                Category::Open => "",
            };
            // Off-track bars are critical: mermaid draws them in red.
            let crit = row.health.as_ref().is_some_and(|h| h.state == HealthState::OffTrack);
            let tag = format!("{}{status}", if crit { "crit, " } else { "" });
            let health = row.health.as_ref().map(|h| format!(", {}", h.state.label())).unwrap_or_default();
            let progress = format!("{}{health}", row.progress.text());
            // The label and id can never be anything but a task (escape::mermaid_label, _id).
            let label = mermaid_label(&format!("{} ({progress})", i.title));
            writeln!(out, "    {label} :{tag}{}, {start}, {end}", mermaid_id(&i.id))?;
        }
        writeln!(out, "```")?;
        if !unscheduled.is_empty() {
            writeln!(out, "\n**Not scheduled** (no `start` or `target`):\n")?;
            for row in unscheduled {
                let i = row.item;
                writeln!(
                    out,
                    "- {} — {} ({})",
                    markdown_inline(&i.id),
                    markdown_inline(&i.title),
                    markdown_inline(&i.status)
                )?;
            }
        }
        Ok(())
    }
}
