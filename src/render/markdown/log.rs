//! `cairn log --format markdown`.

use std::io::{self, Write};

use super::Markdown;
use crate::analyse::diff::ChangeKind;
use crate::analyse::history::CommitChanges;
use crate::render::escape::markdown_inline;
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
        let (subject, author) = (markdown_inline(&c.subject), markdown_inline(&c.author));
        let merged = if c.merged_authors.is_empty() {
            String::new()
        } else {
            format!(", merged work by {}", markdown_inline(&c.merged_authors.join(", ")))
        };
        writeln!(out, "### `{}` {subject} — {author} ({}{merged})\n", c.short, c.date)?;
        for change in &e.changes {
            let (id, title) = (markdown_inline(&change.id), markdown_inline(&change.title));
            writeln!(out, "- {} **{id}** {title}", sigil(change.change))?;
            for line in detail_lines(change) {
                writeln!(out, "  - {}", super::md_line(&line))?;
            }
        }
        writeln!(out)?;
    }
    Ok(())
}
