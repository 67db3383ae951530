//! `cairn diff` for people, in SPEC §3.1's order: what was compared, the summary, the
//! problems the change introduces, the roadmap impact, then each item's details (roadmap,
//! then backlog grouped by initiative). `--stat` prints one line per item.

use std::io::{self, Write};

use anstyle::AnsiColor;

use super::{DiffStat, Styles, Terminal};
use crate::analyse::diff::{ChangeKind, ItemChange, PlanDiff, Problem};
use crate::model::{Kind, Severity};
use crate::render::Render;
use crate::render::escape::terminal_line as esc;
use crate::render::words::{
    Line, count, detail_lines, header_line, impact_lines, initiative_name, pm_summary, sigil, stat_words, summary,
};

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

/// A line of words for a terminal.
fn text(line: &Line) -> String {
    esc(&line.plain()).into_owned()
}

fn problem(p: &Problem, styles: Styles, out: &mut dyn Write) -> io::Result<()> {
    let severity = match p.severity {
        Severity::Error => styles.fg(AnsiColor::Red, "error"),
        _ => styles.fg(AnsiColor::Yellow, p.severity.as_str()),
    };
    let place = match p.line {
        Some(line) => format!("{}:{line}", p.file),
        None => p.file.clone(),
    };
    writeln!(out, "  {severity}  {}  {}", p.rule, styles.dim(&esc(&place)))?;
    writeln!(out, "      {}", esc(&p.message))?;
    if let Some(help) = &p.help {
        writeln!(out, "      help: {}", esc(help))?;
    }
    Ok(())
}

/// The diff for people; `stat` prints one line per item.
fn human(d: &PlanDiff, stat: bool, styles: Styles, out: &mut dyn Write) -> io::Result<()> {
    if d.changes.is_empty() {
        return writeln!(out, "{}", summary(&d.changes));
    }
    let paint = |c: &ItemChange, s: &str| match c.change {
        ChangeKind::Added => styles.fg(AnsiColor::Green, s),
        ChangeKind::Removed => styles.fg(AnsiColor::Red, s),
        ChangeKind::Modified => styles.fg(AnsiColor::Yellow, s),
    };
    writeln!(out, "{}", styles.dim(&text(&header_line(&d.revisions))))?;
    writeln!(out, "{}", styles.bold(&text(&pm_summary(d))))?;
    let item = |out: &mut dyn Write, c: &ItemChange, indent: &str| -> io::Result<()> {
        let head = format!("{} {}  {}", sigil(c), esc(&c.id), esc(&c.title));
        if stat {
            return writeln!(out, "{indent}{}  {}", paint(c, &head), styles.dim(&text(&stat_words(c))));
        }
        let suffix = if c.change == ChangeKind::Added { format!(" ({})", esc(&c.status)) } else { String::new() };
        let problems = match c.introduces.len() {
            0 => String::new(),
            n => format!("  {}", styles.fg(AnsiColor::Red, &format!("[{}]", count(n, "problem", "problems")))),
        };
        writeln!(out, "{indent}{}{suffix}{problems}", paint(c, &head))?;
        for line in detail_lines(c) {
            writeln!(out, "{indent}    {}", text(&line))?;
        }
        Ok(())
    };
    if !stat && !d.problems.is_empty() {
        writeln!(out, "\n{}", styles.bold("Problems this change introduces"))?;
        for p in &d.problems {
            problem(p, styles, out)?;
        }
    }
    if !stat && !d.impact.is_empty() {
        writeln!(out, "\n{}", styles.bold("Roadmap impact"))?;
        for i in &d.impact {
            writeln!(out, "  {}", styles.bold(&text(&initiative_name(&d.initiative_titles, Some(&i.id)))))?;
            for line in impact_lines(i, &d.initiative_titles) {
                writeln!(out, "      {}", text(&line))?;
            }
        }
    }
    // Items listed only for a problem another change gives them are in the problems above.
    let shown = |c: &&ItemChange| stat || !c.only_problems();
    let roadmap: Vec<&ItemChange> = d.changes.iter().filter(|c| c.kind == Kind::Initiative).filter(shown).collect();
    let backlog: Vec<&ItemChange> = d.changes.iter().filter(|c| c.kind == Kind::Backlog).filter(shown).collect();
    if !roadmap.is_empty() {
        writeln!(out, "\n{}", styles.bold("Roadmap"))?;
        for c in &roadmap {
            item(out, c, "  ")?;
        }
    }
    if !backlog.is_empty() {
        writeln!(out, "\n{}", styles.bold("Backlog"))?;
        let mut current: Option<Option<&str>> = None;
        for c in &backlog {
            if current != Some(c.initiative.as_deref()) {
                current = Some(c.initiative.as_deref());
                let group = initiative_name(&d.initiative_titles, c.initiative.as_deref());
                writeln!(out, "  {}", styles.bold(&text(&group)))?;
            }
            item(out, c, "    ")?;
        }
    }
    writeln!(out)?;
    // The count is of the items the change touched, as in Markdown: an item listed only for a
    // problem another change gives it (marked `!` in `--stat`) is no change of its own.
    let changed: Vec<ItemChange> = d.changes.iter().filter(|c| !c.only_problems()).cloned().collect();
    writeln!(out, "{}", summary(&changed))
}
