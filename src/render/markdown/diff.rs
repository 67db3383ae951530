//! `cairn diff --format markdown`: the plan change as a pull-request comment.

use std::io::{self, Write};

use super::Markdown;
use crate::analyse::diff::{ChangeKind, ItemChange, PlanDiff};
use crate::model::Kind;
use crate::render::Render;
use crate::render::escape::{markdown_code, markdown_inline};
use crate::render::words::{detail_lines, group_title, summary};

/// Plan text made inert for GitHub Markdown.
fn md_escape(s: &str) -> String {
    markdown_inline(s)
}

fn md_item(c: &ItemChange, out: &mut dyn Write) -> io::Result<()> {
    let verb = match c.change {
        ChangeKind::Added => format!("added ({})", md_escape(&c.status)),
        ChangeKind::Removed => "removed".into(),
        ChangeKind::Modified => "changed".into(),
    };
    writeln!(out, "- **{}** {} — {verb}", md_escape(&c.id), md_escape(&c.title))?;
    for line in detail_lines(c) {
        writeln!(out, "  - {}", md_escape(&line))?;
    }
    Ok(())
}

/// Markdown for a pull request comment: a summary line, the roadmap, the backlog in a
/// collapsible section grouped by initiative. No raw YAML.
impl Render<PlanDiff> for Markdown {
    fn render(&self, d: &PlanDiff, out: &mut dyn Write) -> io::Result<()> {
        markdown(d, out)
    }
}

fn markdown(d: &PlanDiff, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "### Plan changes: {}", summary(&d.changes))?;
    writeln!(out)?;
    writeln!(out, "{} → {}", markdown_code(&d.base), markdown_code(&d.head))?;
    let roadmap: Vec<&ItemChange> = d.changes.iter().filter(|c| c.kind == Kind::Initiative).collect();
    let backlog: Vec<&ItemChange> = d.changes.iter().filter(|c| c.kind == Kind::Backlog).collect();
    if !roadmap.is_empty() {
        writeln!(out, "\n#### Roadmap\n")?;
        for c in roadmap {
            md_item(c, out)?;
        }
    }
    if !backlog.is_empty() {
        let backlog_changes: Vec<ItemChange> = backlog.iter().map(|c| (*c).clone()).collect();
        writeln!(out, "\n<details>\n<summary>Backlog: {}</summary>", summary(&backlog_changes))?;
        let mut current: Option<Option<&str>> = None;
        for c in &backlog {
            if current != Some(c.initiative.as_deref()) {
                current = Some(c.initiative.as_deref());
                let group: Vec<&&ItemChange> = backlog.iter().filter(|x| x.initiative == c.initiative).collect();
                let added = group.iter().filter(|x| x.change == ChangeKind::Added).count();
                let note = if added > 0 {
                    format!(" — {added} {} added", if added == 1 { "item" } else { "items" })
                } else {
                    String::new()
                };
                writeln!(
                    out,
                    "\n**{}**{note}\n",
                    md_escape(&group_title(&d.initiative_titles, c.initiative.as_deref()))
                )?;
            }
            md_item(c, out)?;
        }
        writeln!(out, "\n</details>")?;
    }
    Ok(())
}
