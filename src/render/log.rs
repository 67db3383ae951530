//! `cairn log`: commits that changed the plan, with their changes in words.

use std::io::{self, Write};

use anstyle::AnsiColor;

use super::diff::detail_lines;
use super::terminal::Styles;
use crate::analyse::diff::ChangeKind;
use crate::analyse::history::CommitChanges;

fn sigil(change: ChangeKind) -> &'static str {
    match change {
        ChangeKind::Added => "+",
        ChangeKind::Removed => "-",
        ChangeKind::Modified => "~",
    }
}

pub fn human(entries: &[CommitChanges], styles: Styles, out: &mut dyn Write) -> io::Result<()> {
    for (n, e) in entries.iter().enumerate() {
        if n > 0 {
            writeln!(out)?;
        }
        let c = &e.commit;
        writeln!(
            out,
            "{} {} {}  {}",
            styles.fg(AnsiColor::Yellow, &c.short),
            c.date,
            styles.dim(&c.author),
            styles.bold(&c.subject)
        )?;
        for change in &e.changes {
            let verb = match change.change {
                ChangeKind::Added => format!(" (added, {})", change.status),
                ChangeKind::Removed => " (removed)".to_string(),
                ChangeKind::Modified => String::new(),
            };
            writeln!(out, "    {} {}  {}{verb}", sigil(change.change), change.id, change.title)?;
            for line in detail_lines(change) {
                writeln!(out, "        {line}")?;
            }
        }
    }
    if entries.is_empty() {
        writeln!(out, "no commits changed the plan")?;
    }
    Ok(())
}

pub fn json(entries: &[CommitChanges], out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, entries)?;
    writeln!(out)
}

pub fn markdown(entries: &[CommitChanges], out: &mut dyn Write) -> io::Result<()> {
    for e in entries {
        let c = &e.commit;
        writeln!(out, "### `{}` {} — {} ({})\n", c.short, c.subject, c.author, c.date)?;
        for change in &e.changes {
            writeln!(out, "- {} **{}** {}", sigil(change.change), change.id, change.title)?;
            for line in detail_lines(change) {
                writeln!(out, "  - {line}")?;
            }
        }
        writeln!(out)?;
    }
    Ok(())
}
