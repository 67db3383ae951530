//! `cairn log --format markdown`.

use std::io::{self, Write};

use super::Markdown;
use crate::analyse::diff::ChangeKind;
use crate::analyse::history::CommitChanges;
use crate::render::words::detail_lines;
use crate::render::{Log, Render};

fn sigil(change: ChangeKind) -> &'static str {
    match change {
        ChangeKind::Added => "+",
        ChangeKind::Removed => "-",
        ChangeKind::Modified => "~",
    }
}

impl Render<Log> for Markdown {
    fn render(&self, entries: &Log, out: &mut dyn Write) -> io::Result<()> {
        markdown(entries, out)
    }
}

fn markdown(entries: &[CommitChanges], out: &mut dyn Write) -> io::Result<()> {
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
