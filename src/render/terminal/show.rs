//! `cairn show ID` and `cairn tree` for people.

use std::io::{self, Write};

use anstyle::AnsiColor;
use serde_json::Value;

use super::{Styles, Terminal};
use crate::analyse::history::FileHistory;
use crate::analyse::views::{ItemView, Tree};
use crate::model::{Category, Item, Kind, points};
use crate::render::columns::shown;
use crate::render::escape::terminal_line as t;
use crate::render::{ItemShow, Render};

/// A one-character mark for an item's status: open ○, active ◐, done ✓, abandoned ✗.
pub fn status_mark(item: &Item, styles: Styles) -> String {
    match item.category {
        Some(Category::Active) => styles.fg(AnsiColor::Yellow, "◐"),
        Some(Category::Abandoned) => styles.dim("✗"),
        Some(Category::Closed) => styles.fg(AnsiColor::Green, "✓"),
        _ => "○".to_string(),
    }
}

/// `S-1  Title (status)`, escaped for the terminal.
fn brief(item: &Item) -> String {
    format!("{}  {} ({})", t(&item.id), t(&item.title), t(&item.status))
}

/// The human view of one item.
impl Render<ItemShow<'_>> for Terminal {
    fn render(&self, doc: &ItemShow<'_>, out: &mut dyn Write) -> io::Result<()> {
        if !doc.duplicates.is_empty() {
            let paths: Vec<&str> = std::iter::once(doc.view.item.path.as_str())
                .chain(doc.duplicates.iter().map(|d| d.view.item.path.as_str()))
                .collect();
            let more = if doc.more > 0 { format!(" and {} more", doc.more) } else { String::new() };
            let note = format!(
                "{} files use the id {}: {}{more} (id/duplicate: give each its own id)",
                paths.len() + doc.more,
                t(&doc.view.item.id),
                t(&paths.join(", "))
            );
            writeln!(out, "{}\n", self.styles.fg(AnsiColor::Yellow, &note))?;
        }
        show_human(doc.view, doc.history, self.styles, out)?;
        for other in &doc.duplicates {
            writeln!(out, "\n{}\n", self.styles.dim("────────"))?;
            show_human(other.view, other.history, self.styles, out)?;
        }
        Ok(())
    }
}

fn show_human(
    view: &ItemView<'_>,
    history: Option<&FileHistory>,
    styles: Styles,
    out: &mut dyn Write,
) -> io::Result<()> {
    let i = view.item;
    writeln!(out, "{}  {}", styles.bold(&t(&i.id)), styles.bold(&t(&i.title)))?;
    let mut facts: Vec<String> = Vec::new();
    match i.kind {
        Kind::Initiative => facts.push("initiative".into()),
        Kind::Backlog => facts.push(t(i.item_type.as_deref().unwrap_or("story")).into_owned()),
    }
    facts.push(t(&i.status).into_owned());
    if let Some(p) = i.priority_text() {
        facts.push(format!("priority {}", t(&p)));
    }
    if let Some(e) = i.estimate {
        facts.push(format!("{} points", points(e)));
    } else if let Some(raw) = i.invalid_text("estimate") {
        facts.push(format!("estimate {}", t(&raw)));
    }
    if i.archived {
        facts.push("archived".into());
    }
    writeln!(out, "{}", styles.dim(&facts.join(" · ")))?;
    writeln!(out)?;

    let mut field = |name: &str, value: String| -> io::Result<()> {
        if value.is_empty() { Ok(()) } else { writeln!(out, "{:<12} {}", format!("{}:", t(name)), t(&value)) }
    };
    match i.kind {
        Kind::Initiative => {
            // An invalid value is shown as written (SPEC §2), never left out.
            field("horizon", shown(i, "horizon", i.horizon.clone()))?;
            field("start", shown(i, "start", i.start.map(|p| p.to_string())))?;
            field("target", shown(i, "target", i.target.map(|p| format!("{p} (ends {})", p.end()))))?;
            field("owner", shown(i, "owner", i.owner.clone()))?;
            field("outcome", shown(i, "outcome", i.outcome.clone()))?;
        }
        Kind::Backlog => {
            let parent = match (&i.initiative, view.initiative) {
                (_, Some(init)) => format!("{} — {} ({})", init.id, init.title, init.status),
                (Some(id), None) => format!("{id} (does not exist)"),
                (None, None) => match i.invalid_text("initiative") {
                    Some(raw) => format!("{raw} (not an initiative id)"),
                    None => "none (orphan)".to_string(),
                },
            };
            field("initiative", parent)?;
            field("assignee", shown(i, "assignee", i.assignee_text()))?;
            field("sprint", shown(i, "sprint", i.sprint.clone()))?;
        }
    }
    field("labels", if i.labels.is_empty() { shown(i, "labels", None) } else { i.labels.join(", ") })?;
    for (k, v) in &i.extra {
        let shown = match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        // A plan's own `path:` (or `last change:`) key never reads as cairn's line of that name.
        if ["path", "last change"].contains(&k.as_str()) {
            field(&format!("{k} (own key)"), shown)?;
        } else {
            field(k, shown)?;
        }
    }
    field("path", i.path.clone())?;
    if let Some(h) = history {
        let last = match (&h.last_change, &h.unknown) {
            (Some(c), _) => format!("{} {} {} — {}", c.short, c.date, c.author, c.subject),
            (None, Some(why)) => format!("unknown ({why})"),
            (None, None) => "not committed yet".to_string(),
        };
        let last =
            if h.uncommitted && h.last_change.is_some() { format!("{last} (plus uncommitted changes)") } else { last };
        field("last change", last)?;
    }

    if let Some(p) = view.progress {
        writeln!(out)?;
        writeln!(out, "{} {} {}", styles.bold("Backlog"), p.text(), p.bar(10))?;
        for c in &view.children {
            writeln!(out, "  {} {}{}", status_mark(c, styles), brief(c), if c.archived { " [archived]" } else { "" })?;
        }
    }
    if !view.depends_on.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", styles.bold("Depends on"))?;
        for (id, target) in &view.depends_on {
            match target {
                Some(t) => writeln!(
                    out,
                    "  {} {}{}",
                    status_mark(t, styles),
                    brief(t),
                    if t.archived { " [archived]" } else { "" }
                )?,
                None => writeln!(out, "  ? {} (does not exist)", t(id))?,
            }
        }
    }
    if !view.blocks.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", styles.bold("Blocks"))?;
        for b in &view.blocks {
            writeln!(out, "  {} {}", status_mark(b, styles), brief(b))?;
        }
    }
    if i.criteria.heading || i.criteria.total() > 0 {
        writeln!(out)?;
        writeln!(out, "{} {}/{}", styles.bold("Acceptance criteria"), i.criteria.checked(), i.criteria.total())?;
        for c in &i.criteria.items {
            let mark = if c.checked { styles.fg(AnsiColor::Green, "[x]") } else { "[ ]".to_string() };
            writeln!(out, "  {mark} {}", t(&c.text))?;
        }
    }
    let body = super::body(i.body_text(), styles, &["acceptance criteria"]);
    if !body.is_empty() {
        writeln!(out)?;
        write!(out, "{body}")?;
    }
    Ok(())
}

/// The roadmap → backlog hierarchy for people.
impl Render<Tree<'_>> for Terminal {
    fn render(&self, tree: &Tree<'_>, out: &mut dyn Write) -> io::Result<()> {
        tree_human(tree, self.styles, out)
    }
}

fn tree_human(tree: &Tree<'_>, styles: Styles, out: &mut dyn Write) -> io::Result<()> {
    for node in &tree.nodes {
        let i = node.initiative.item;
        let p = node.initiative.progress;
        writeln!(
            out,
            "{} {}  {}  ({})  {} {}",
            status_mark(i, styles),
            styles.bold(&t(&i.id)),
            t(&i.title),
            t(&i.status),
            p.text(),
            p.bar(10)
        )?;
        for item in &node.items {
            writeln!(out, "    {} {}", status_mark(item, styles), brief(item))?;
        }
        if tree.all {
            for item in &node.archived {
                writeln!(out, "    {} {} [archived]", status_mark(item, styles), brief(item))?;
            }
        } else if !node.archived.is_empty() {
            let ids: Vec<String> = node.archived.iter().map(|i| t(&i.id).into_owned()).collect();
            let line = format!("{} archived: {}", node.archived.len(), ids.join(", "));
            writeln!(out, "    {} {}", styles.dim("▪"), styles.dim(&line))?;
        }
    }
    if !tree.orphans.is_empty() {
        if !tree.nodes.is_empty() {
            writeln!(out)?;
        }
        writeln!(
            out,
            "{}",
            styles.bold(&format!(
                "No initiative ({} to none or to an id that does not exist)",
                if tree.orphans.len() == 1 {
                    "1 item traces".to_string()
                } else {
                    format!("{} items trace", tree.orphans.len())
                }
            ))
        )?;
        for item in &tree.orphans {
            let why = match &item.initiative {
                Some(id) => format!(" → {}?", t(id)),
                None => String::new(),
            };
            let archived = if item.archived { " [archived]" } else { "" };
            writeln!(out, "    {} {}{why}{archived}", status_mark(item, styles), brief(item))?;
        }
    }
    Ok(())
}
