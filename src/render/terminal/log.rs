//! `cairn log` for people: each commit that changed the plan, and what it changed.

use std::io::{self, Write};

use anstyle::AnsiColor;

use super::{Styles, Terminal};
use crate::analyse::diff::ChangeKind;
use crate::analyse::history::CommitChanges;
use crate::render::escape::terminal_line as esc;
use crate::render::words::detail_lines;
use crate::render::{Log, Render};

fn sigil(change: ChangeKind) -> &'static str {
    match change {
        ChangeKind::Added => "+",
        ChangeKind::Removed => "-",
        ChangeKind::Modified => "~",
    }
}

impl Render<Log> for Terminal {
    fn render(&self, entries: &Log, out: &mut dyn Write) -> io::Result<()> {
        human(entries, self.styles, out)
    }
}

fn human(entries: &[CommitChanges], styles: Styles, out: &mut dyn Write) -> io::Result<()> {
    for (n, e) in entries.iter().enumerate() {
        if n > 0 {
            writeln!(out)?;
        }
        let c = &e.commit;
        let merged = if c.merged_authors.is_empty() {
            String::new()
        } else {
            format!("  {}", styles.dim(&format!("(merged work by {})", esc(&c.merged_authors.join(", ")))))
        };
        writeln!(
            out,
            "{} {} {}  {}{merged}",
            styles.fg(AnsiColor::Yellow, &c.short),
            c.date,
            styles.dim(&esc(&c.author)),
            styles.bold(&esc(&c.subject))
        )?;
        for change in &e.changes {
            let verb = match change.change {
                ChangeKind::Added => format!(" (added, {})", esc(&change.status)),
                ChangeKind::Removed => " (removed)".to_string(),
                ChangeKind::Modified => String::new(),
            };
            writeln!(out, "    {} {}  {}{verb}", sigil(change.change), esc(&change.id), esc(&change.title))?;
            for line in detail_lines(change) {
                writeln!(out, "        {}", esc(&line.plain()))?;
            }
        }
    }
    if entries.is_empty() {
        writeln!(out, "no commits changed the plan")?;
    }
    Ok(())
}
