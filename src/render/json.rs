//! JSON for scripts: `check` (one object, findings sorted by file then line), listings (every
//! front matter field of each item), `show`, `tree`, `diff`, `log` and `report`. Serde escapes
//! every string, so plan text is always data here.

use std::io::{self, Write};

use serde::Serialize;

use serde_json::{Value, json};

use super::{BacklogListing, CheckOutput, ItemShow, Log, Render};
use crate::analyse::diff::PlanDiff;
use crate::analyse::history::FileHistory;
use crate::analyse::report::Report;
use crate::analyse::views::{ItemView, RoadmapRow, Tree};
use crate::model::Item;
use crate::model::diagnostic::Diagnostic;

/// The JSON medium.
#[derive(Debug, Clone, Copy)]
pub struct Json;

/// Pretty JSON of any serializable value, then a newline.
fn write_json<T: Serialize + ?Sized>(value: &T, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}

#[derive(Serialize)]
struct Summary {
    items: usize,
    errors: usize,
    warnings: usize,
}

#[derive(Serialize)]
struct Output<'a> {
    summary: Summary,
    diagnostics: &'a [Diagnostic],
    /// Remarks that are not findings: a rule skipped, the configuration a revision was read with.
    notes: &'a [String],
}

impl Render<CheckOutput<'_>> for Json {
    fn render(&self, ctx: &CheckOutput<'_>, out: &mut dyn Write) -> io::Result<()> {
        let report = ctx.report;
        let output = Output {
            summary: Summary { items: report.items, errors: report.errors(), warnings: report.warnings() },
            diagnostics: &report.diagnostics,
            notes: &report.notes,
        };
        write_json(&output, out)
    }
}

/// An item as JSON: every front matter field (known fields always present, `null` when
/// unset; unknown fields as they were), plus `id`, `kind`, `path`, `category`, `archived`,
/// `criteria` and, for initiatives, `progress`. Serialized straight to the writer, without an
/// intermediate JSON tree (listings write tens of thousands of these).
pub struct ItemJson<'a> {
    pub item: &'a Item,
    pub progress: Option<crate::analyse::views::Progress>,
    /// An initiative's health, in roadmap listings.
    pub health: Option<&'a crate::model::Health>,
}

impl serde::Serialize for ItemJson<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        use serde_json::Value;

        use crate::model::Kind;
        let i = self.item;
        // A known field that breaks the schema is shown as written, never as a default.
        let raw = |field: &str, typed: Value| i.invalid.get(field).cloned().unwrap_or(typed);
        let text = |field: &str, v: &Option<String>| raw(field, v.as_ref().map_or(Value::Null, |v| json!(v)));
        let period =
            |field: &str, p: &Option<crate::model::Period>| raw(field, p.map_or(Value::Null, |p| json!(p.to_string())));
        let priority = raw(
            "priority",
            match (&i.priority_word, i.priority) {
                (Some(word), _) => json!(word),
                (None, Some(n)) => json!(n),
                (None, None) => Value::Null,
            },
        );
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", &i.id)?;
        m.serialize_entry("kind", i.kind.as_str())?;
        m.serialize_entry("path", &i.path)?;
        m.serialize_entry("title", &i.title)?;
        m.serialize_entry("status", &i.status)?;
        m.serialize_entry("category", &i.category.map(|c| c.as_str()))?;
        match i.kind {
            Kind::Initiative => {
                m.serialize_entry("horizon", &text("horizon", &i.horizon))?;
                m.serialize_entry("start", &period("start", &i.start))?;
                m.serialize_entry("target", &period("target", &i.target))?;
                m.serialize_entry("priority", &priority)?;
                m.serialize_entry("owner", &text("owner", &i.owner))?;
                m.serialize_entry("outcome", &text("outcome", &i.outcome))?;
            }
            Kind::Backlog => {
                m.serialize_entry("type", &text("type", &i.item_type))?;
                m.serialize_entry("initiative", &text("initiative", &i.initiative))?;
                m.serialize_entry("priority", &priority)?;
                m.serialize_entry("estimate", &raw("estimate", json!(i.estimate)))?;
                let assignee = match (i.assignee_list, i.assignees.first()) {
                    (true, _) => json!(i.assignees),
                    (false, Some(one)) => json!(one),
                    (false, None) => Value::Null,
                };
                m.serialize_entry("assignee", &raw("assignee", assignee))?;
                m.serialize_entry("sprint", &text("sprint", &i.sprint))?;
            }
        }
        m.serialize_entry("labels", &raw("labels", json!(i.labels)))?;
        m.serialize_entry("depends_on", &raw("depends_on", json!(i.depends_on)))?;
        m.serialize_entry("archived", &i.archived)?;
        m.serialize_entry("criteria", &json!({"checked": i.criteria.checked(), "total": i.criteria.total()}))?;
        if let Some(p) = self.progress {
            m.serialize_entry("progress", &p)?;
        }
        if let Some(h) = self.health {
            m.serialize_entry("health", h)?;
        }
        // Every other front matter key, as written, under `extra`: a plan's own `category:` or
        // `path:` is never confused with cairn's (SPEC §5).
        m.serialize_entry("extra", &i.extra)?;
        m.end()
    }
}

/// An item as a JSON value (see [`ItemJson`]), for documents that embed it.
pub fn item(item: &Item, progress: Option<crate::analyse::views::Progress>) -> serde_json::Value {
    serde_json::to_value(ItemJson { item, progress, health: None }).unwrap_or_default()
}

impl Render<[RoadmapRow<'_>]> for Json {
    fn render(&self, rows: &[RoadmapRow<'_>], out: &mut dyn Write) -> io::Result<()> {
        let items: Vec<ItemJson<'_>> = rows
            .iter()
            .map(|r| ItemJson { item: r.item, progress: Some(r.progress), health: r.health.as_ref() })
            .collect();
        write_json(&items, out)
    }
}

impl Render<BacklogListing<'_>> for Json {
    fn render(&self, listing: &BacklogListing<'_>, out: &mut dyn Write) -> io::Result<()> {
        let items: Vec<ItemJson<'_>> =
            listing.items.iter().map(|i| ItemJson { item: i, progress: None, health: None }).collect();
        write_json(&items, out)
    }
}

/// The JSON shape of SPEC §5 (`base`, `head`, `changes`), with the facts of SPEC §3.1: the
/// revisions as named with their commits, the summary, the problems introduced and the
/// roadmap impact.
#[derive(Serialize)]
struct DiffJson<'a> {
    base: &'a str,
    head: &'a str,
    range: &'a str,
    revisions: &'a crate::analyse::diff::Revisions,
    summary: String,
    problems: &'a [crate::analyse::diff::Problem],
    impact: &'a [crate::analyse::diff::InitiativeImpact],
    changes: &'a [crate::analyse::diff::ItemChange],
}

impl Render<PlanDiff> for Json {
    fn render(&self, d: &PlanDiff, out: &mut dyn Write) -> io::Result<()> {
        let doc = DiffJson {
            base: &d.base,
            head: &d.head,
            range: &d.revisions.range,
            revisions: &d.revisions,
            summary: crate::render::words::pm_summary(d).plain(),
            problems: &d.problems,
            impact: &d.impact,
            changes: &d.changes,
        };
        write_json(&doc, out)
    }
}

impl Render<Log> for Json {
    fn render(&self, entries: &Log, out: &mut dyn Write) -> io::Result<()> {
        write_json(entries, out)
    }
}

impl Render<Report> for Json {
    fn render(&self, r: &Report, out: &mut dyn Write) -> io::Result<()> {
        write_json(r, out)
    }
}

fn link(item: &Item) -> Value {
    json!({"id": item.id, "title": item.title, "status": item.status, "kind": item.kind.as_str()})
}

impl Render<ItemShow<'_>> for Json {
    fn render(&self, doc: &ItemShow<'_>, out: &mut dyn Write) -> io::Result<()> {
        let mut value = show_json(doc.view, doc.history);
        if !doc.duplicates.is_empty() {
            value["duplicates"] = doc.duplicates.iter().map(|d| show_json(d.view, d.history)).collect();
            if doc.more > 0 {
                value["more_duplicates"] = doc.more.into();
            }
        }
        write_json(&value, out)
    }
}

/// The JSON view of one item.
fn show_json(view: &ItemView<'_>, history: Option<&FileHistory>) -> Value {
    let i = view.item;
    let mut doc = json!({
        "item": item(i, view.progress),
        "initiative": view.initiative.map(link),
        "children": view.children.iter().map(|c| link(c)).collect::<Vec<_>>(),
        "depends_on": view.depends_on.iter().map(|(id, t)| match t {
            Some(t) => link(t),
            None => json!({"id": id, "missing": true}),
        }).collect::<Vec<_>>(),
        "blocks": view.blocks.iter().map(|b| link(b)).collect::<Vec<_>>(),
        "criteria": i.criteria.items,
        "body": i.body_text(),
        "last_change": history.and_then(|h| h.last_change.clone()),
        "uncommitted": history.map(|h| h.uncommitted),
    });
    if let Some(why) = history.and_then(|h| h.unknown.as_ref()) {
        doc["last_change_unknown"] = json!(why);
    }
    doc
}

/// The hierarchy as JSON: initiatives with their items' ids, then orphans.
impl Render<Tree<'_>> for Json {
    fn render(&self, tree: &Tree<'_>, out: &mut dyn Write) -> io::Result<()> {
        tree_json(tree, out)
    }
}

fn tree_json(tree: &Tree<'_>, out: &mut dyn Write) -> io::Result<()> {
    let doc = json!({
        "initiatives": tree.nodes.iter().map(|n| json!({
            "id": n.initiative.item.id,
            "title": n.initiative.item.title,
            "status": n.initiative.item.status,
            "progress": n.initiative.progress,
            "items": n.items.iter().map(|i| link(i)).collect::<Vec<_>>(),
            "archived": n.archived.iter().map(|i| link(i)).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "orphans": tree.orphans.iter().map(|i| link(i)).collect::<Vec<_>>(),
    });
    write_json(&doc, out)
}

/// `cairn set --dry-run --format json`: the id, the path, what happened to each key, whether
/// the file changes, and the unified diff.
impl Render<crate::write::set::Prepared> for Json {
    fn render(&self, p: &crate::write::set::Prepared, out: &mut dyn Write) -> io::Result<()> {
        let doc = json!({"id": p.id, "path": p.path, "changed": p.changed(), "changes": p.changes, "diff": p.diff()});
        write_json(&doc, out)
    }
}

/// `cairn archive --format json`: `{"moves": [{"id", "from", "to"}], "skipped": [{"id", "path"}], "dry_run"}`.
impl Render<crate::write::archive::Archive> for Json {
    fn render(&self, a: &crate::write::archive::Archive, out: &mut dyn Write) -> io::Result<()> {
        write_json(a, out)
    }
}
