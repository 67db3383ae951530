//! What `cairn set --dry-run` and `cairn archive` print for people.

use std::io::{self, Write};

use anstyle::AnsiColor;

use super::Terminal;
use crate::render::Render;
use crate::render::escape::{terminal_line, terminal_text};
use crate::write::archive::Archive;
use crate::write::set::Prepared;

/// The change as a unified diff; added lines green and removed lines red on a color
/// terminal. Plan text is escaped (controls shown visibly); nothing when nothing changes.
/// A CRLF file's line ends stay `\r\n` (a CR just before the LF hides nothing), so the
/// output applies with `git apply` like `git diff`'s.
impl Render<Prepared> for Terminal {
    fn render(&self, prepared: &Prepared, out: &mut dyn Write) -> io::Result<()> {
        for line in prepared.diff().split_inclusive('\n') {
            let line = line.strip_suffix('\n').unwrap_or(line);
            let (line, end) = match line.strip_suffix('\r') {
                Some(rest) => (rest, "\r\n"),
                None => (line, "\n"),
            };
            let text = terminal_text(line);
            let shown = if line.starts_with("+++") || line.starts_with("---") {
                self.styles.bold(&text)
            } else if line.starts_with('+') {
                self.styles.fg(AnsiColor::Green, &text)
            } else if line.starts_with('-') {
                self.styles.fg(AnsiColor::Red, &text)
            } else if line.starts_with("@@") {
                self.styles.fg(AnsiColor::Cyan, &text)
            } else {
                text.into_owned()
            };
            write!(out, "{shown}{end}")?;
        }
        Ok(())
    }
}

/// One line per moved item, then the items that were archived already.
impl Render<Archive> for Terminal {
    fn render(&self, archive: &Archive, out: &mut dyn Write) -> io::Result<()> {
        let verb = if archive.dry_run { "would archive" } else { "archived" };
        for m in &archive.moves {
            writeln!(out, "{verb} {}  {} → {}", terminal_line(&m.id), terminal_line(&m.from), terminal_line(&m.to))?;
        }
        for s in &archive.skipped {
            writeln!(out, "{} is archived already ({})", terminal_line(&s.id), terminal_line(&s.path))?;
        }
        Ok(())
    }
}
