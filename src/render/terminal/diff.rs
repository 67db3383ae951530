//! `cairn diff` for people: the roadmap's changes, then the backlog's grouped by initiative;
//! `--stat` prints one line per item.

use std::io::{self, Write};

use anstyle::AnsiColor;

use super::{DiffStat, Styles, Terminal};
use crate::analyse::diff::{ChangeKind, ItemChange, PlanDiff};
use crate::model::Kind;
use crate::render::Render;
use crate::render::escape::terminal_line as esc;
use crate::render::words::{detail_lines, group_title, sigil, summary};

impl Render<PlanDiff> for Terminal {
    fn render(&self, d: &PlanDiff, out: &mut dyn Write) -> io::Result<()> {
        human(d, false, self.styles, out)
    }
}

impl Render<PlanDiff> for DiffStat {
    fn render(&self, d: &PlanDiff, out: &mut dyn Write) -> io::Result<()> {
        human(d, true, self.styles, out)
    }
}

/// The diff for people; `stat` prints one line per item.
fn human(d: &PlanDiff, stat: bool, styles: Styles, out: &mut dyn Write) -> io::Result<()> {
    let roadmap: Vec<&ItemChange> = d.changes.iter().filter(|c| c.kind == Kind::Initiative).collect();
    let backlog: Vec<&ItemChange> = d.changes.iter().filter(|c| c.kind == Kind::Backlog).collect();
    let paint = |c: &ItemChange, s: &str| match c.change {
        ChangeKind::Added => styles.fg(AnsiColor::Green, s),
        ChangeKind::Removed => styles.fg(AnsiColor::Red, s),
        ChangeKind::Modified => styles.fg(AnsiColor::Yellow, s),
    };
    let item = |out: &mut dyn Write, c: &ItemChange, indent: &str| -> io::Result<()> {
        let head = format!("{} {}  {}", sigil(c), esc(&c.id), esc(&c.title));
        if stat {
            let n = c.fields.len();
            let what = match c.change {
                ChangeKind::Modified if n == 0 => match &c.old_path {
                    Some(old) if c.path.contains("/archive/") && !old.contains("/archive/") => "archived".into(),
                    Some(_) => "moved".into(),
                    // Unchanged and unmoved, but the change breaks its links.
                    None => {
                        let k = c.introduces.len();
                        format!("introduces {k} {}", if k == 1 { "problem" } else { "problems" })
                    }
                },
                ChangeKind::Modified => format!("{n} {}", if n == 1 { "change" } else { "changes" }),
                ChangeKind::Added => format!("added ({})", esc(&c.status)),
                ChangeKind::Removed => "removed".into(),
            };
            return writeln!(out, "{indent}{}  {}", paint(c, &head), styles.dim(&what));
        }
        let suffix = if c.change == ChangeKind::Added { format!(" ({})", esc(&c.status)) } else { String::new() };
        writeln!(out, "{indent}{}{suffix}", paint(c, &head))?;
        for line in detail_lines(c) {
            let line = esc(&line).into_owned();
            let line = if line.starts_with("introduces:") { styles.fg(AnsiColor::Red, &line) } else { line };
            writeln!(out, "{indent}    {line}")?;
        }
        Ok(())
    };
    if !roadmap.is_empty() {
        writeln!(out, "{}", styles.bold("Roadmap"))?;
        for c in &roadmap {
            item(out, c, "  ")?;
        }
    }
    if !backlog.is_empty() {
        if !roadmap.is_empty() {
            writeln!(out)?;
        }
        writeln!(out, "{}", styles.bold("Backlog"))?;
        let mut current: Option<Option<&str>> = None;
        for c in &backlog {
            if current != Some(c.initiative.as_deref()) {
                current = Some(c.initiative.as_deref());
                writeln!(out, "  {}", styles.bold(&esc(&group_title(&d.initiative_titles, c.initiative.as_deref()))))?;
            }
            item(out, c, "    ")?;
        }
    }
    if !d.changes.is_empty() {
        writeln!(out)?;
    }
    writeln!(out, "{}", summary(&d.changes))
}
