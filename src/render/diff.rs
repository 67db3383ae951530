//! `cairn diff` (and the per-commit changes of `cairn log`): human, Markdown, JSON and stat.

use std::io::{self, Write};

use anstyle::AnsiColor;
use serde_json::Value;

use super::terminal::Styles;
use crate::analyse::diff::{ChangeKind, FieldChange, ItemChange, PlanDiff};
use crate::model::Kind;

/// A field value for people: text as is, lists in brackets, nothing as `(none)`.
pub fn value_text(v: &Value) -> String {
    match v {
        Value::Null => "(none)".into(),
        Value::String(s) => s.clone(),
        Value::Array(a) => format!("[{}]", a.iter().map(value_text).collect::<Vec<_>>().join(", ")),
        other => other.to_string(),
    }
}

/// One field change in words: `target 2027-Q1 → 2027-Q2 (slipped one quarter)`.
pub fn field_words(f: &FieldChange) -> String {
    match f.field.as_str() {
        "body" => "body changed".to_string(),
        "labels" | "depends_on" => format!("{} {}", f.field, f.note.clone().unwrap_or_default()),
        _ => {
            let mut s = format!("{} {} → {}", f.field, value_text(&f.from), value_text(&f.to));
            if let Some(note) = &f.note {
                s.push_str(&format!(" ({note})"));
            }
            s
        }
    }
}

fn sigil(c: &ItemChange) -> &'static str {
    match c.change {
        ChangeKind::Added => "+",
        ChangeKind::Removed => "-",
        ChangeKind::Modified => "~",
    }
}

/// "3 changes: 1 added, 2 modified".
pub fn summary(changes: &[ItemChange]) -> String {
    if changes.is_empty() {
        return "no changes to the plan".into();
    }
    let count = |k: ChangeKind| changes.iter().filter(|c| c.change == k).count();
    let mut parts = Vec::new();
    for (k, word) in
        [(ChangeKind::Added, "added"), (ChangeKind::Modified, "modified"), (ChangeKind::Removed, "removed")]
    {
        let n = count(k);
        if n > 0 {
            parts.push(format!("{n} {word}"));
        }
    }
    let n = changes.len();
    format!("{n} {}: {}", if n == 1 { "change" } else { "changes" }, parts.join(", "))
}

/// The lines describing one item's change, after its heading line.
pub fn detail_lines(c: &ItemChange) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(old) = &c.old_path {
        let archived = c.path.contains("/archive/") && !old.contains("/archive/");
        lines.push(if archived { format!("archived (moved from {old})") } else { format!("moved from {old}") });
    }
    for f in &c.fields {
        lines.push(field_words(f));
    }
    for p in &c.introduces {
        lines.push(format!("introduces: {p}"));
    }
    lines
}

fn group_title(diff_titles: &std::collections::BTreeMap<String, String>, initiative: Option<&str>) -> String {
    match initiative {
        Some(id) => match diff_titles.get(id) {
            Some(t) => format!("{t} ({id})"),
            None => format!("{id} (not an initiative)"),
        },
        None => "No initiative".into(),
    }
}

/// Human output; `stat` prints one line per item.
pub fn human(d: &PlanDiff, stat: bool, styles: Styles, out: &mut dyn Write) -> io::Result<()> {
    let roadmap: Vec<&ItemChange> = d.changes.iter().filter(|c| c.kind == Kind::Initiative).collect();
    let backlog: Vec<&ItemChange> = d.changes.iter().filter(|c| c.kind == Kind::Backlog).collect();
    let paint = |c: &ItemChange, s: &str| match c.change {
        ChangeKind::Added => styles.fg(AnsiColor::Green, s),
        ChangeKind::Removed => styles.fg(AnsiColor::Red, s),
        ChangeKind::Modified => styles.fg(AnsiColor::Yellow, s),
    };
    let item = |out: &mut dyn Write, c: &ItemChange, indent: &str| -> io::Result<()> {
        let head = format!("{} {}  {}", sigil(c), c.id, c.title);
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
                ChangeKind::Added => format!("added ({})", c.status),
                ChangeKind::Removed => "removed".into(),
            };
            return writeln!(out, "{indent}{}  {}", paint(c, &head), styles.dim(&what));
        }
        let suffix = if c.change == ChangeKind::Added { format!(" ({})", c.status) } else { String::new() };
        writeln!(out, "{indent}{}{suffix}", paint(c, &head))?;
        for line in detail_lines(c) {
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
                writeln!(out, "  {}", styles.bold(&group_title(&d.initiative_titles, c.initiative.as_deref())))?;
            }
            item(out, c, "    ")?;
        }
    }
    if !d.changes.is_empty() {
        writeln!(out)?;
    }
    writeln!(out, "{}", summary(&d.changes))
}

fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '*' | '_' | '`' | '|' | '[' | ']' | '#' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

fn md_item(c: &ItemChange, out: &mut dyn Write) -> io::Result<()> {
    let verb = match c.change {
        ChangeKind::Added => format!("added ({})", c.status),
        ChangeKind::Removed => "removed".into(),
        ChangeKind::Modified => "changed".into(),
    };
    writeln!(out, "- **{}** {} — {verb}", c.id, md_escape(&c.title))?;
    for line in detail_lines(c) {
        writeln!(out, "  - {}", md_escape(&line))?;
    }
    Ok(())
}

/// Markdown for a pull request comment: a summary line, the roadmap, the backlog in a
/// collapsible section grouped by initiative. No raw YAML.
pub fn markdown(d: &PlanDiff, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "### Plan changes: {}", summary(&d.changes))?;
    writeln!(out)?;
    writeln!(out, "`{}` → `{}`", d.base, d.head)?;
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

/// The JSON shape of SPEC §5.
pub fn json(d: &PlanDiff, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, d)?;
    writeln!(out)
}
