//! `check --format json`: one object, findings sorted by file then line.

use std::io::{self, Write};

use serde::Serialize;

use super::{CheckContext, CheckRenderer};
use crate::analyse::rules::CheckReport;
use crate::model::diagnostic::Diagnostic;

pub struct Json;

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
}

impl CheckRenderer for Json {
    fn render(&self, report: &CheckReport, _ctx: &CheckContext<'_>, out: &mut dyn Write) -> io::Result<()> {
        let output = Output {
            summary: Summary { items: report.items, errors: report.errors(), warnings: report.warnings() },
            diagnostics: &report.diagnostics,
        };
        serde_json::to_writer_pretty(&mut *out, &output)?;
        writeln!(out)
    }
}

/// An item as JSON: every front matter field (known fields always present, `null` when
/// unset; unknown fields as they were), plus `id`, `kind`, `path`, `category`, `archived`,
/// `criteria` and, for initiatives, `progress`. Serialized straight to the writer, without an
/// intermediate JSON tree (listings write tens of thousands of these).
pub struct ItemJson<'a> {
    pub item: &'a crate::model::Item,
    pub progress: Option<crate::analyse::views::Progress>,
}

const COMMON_KEYS: &[&str] =
    &["id", "kind", "path", "title", "status", "category", "labels", "depends_on", "archived", "criteria"];
const INITIATIVE_KEYS: &[&str] = &["horizon", "start", "target", "priority", "owner", "outcome"];
const BACKLOG_KEYS: &[&str] = &["type", "initiative", "priority", "estimate", "assignee", "sprint"];

impl serde::Serialize for ItemJson<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;

        use crate::model::Kind;
        let i = self.item;
        let period = |p: &Option<crate::model::Period>| p.map(|p| p.to_string());
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", &i.id)?;
        m.serialize_entry("kind", i.kind.as_str())?;
        m.serialize_entry("path", &i.path)?;
        m.serialize_entry("title", &i.title)?;
        m.serialize_entry("status", &i.status)?;
        m.serialize_entry("category", &i.category.map(|c| c.as_str()))?;
        let own = match i.kind {
            Kind::Initiative => {
                m.serialize_entry("horizon", &i.horizon)?;
                m.serialize_entry("start", &period(&i.start))?;
                m.serialize_entry("target", &period(&i.target))?;
                m.serialize_entry("priority", &i.priority)?;
                m.serialize_entry("owner", &i.owner)?;
                m.serialize_entry("outcome", &i.outcome)?;
                INITIATIVE_KEYS
            }
            Kind::Backlog => {
                m.serialize_entry("type", &i.item_type)?;
                m.serialize_entry("initiative", &i.initiative)?;
                m.serialize_entry("priority", &i.priority)?;
                m.serialize_entry("estimate", &i.estimate)?;
                m.serialize_entry("assignee", &i.assignee)?;
                m.serialize_entry("sprint", &i.sprint)?;
                BACKLOG_KEYS
            }
        };
        m.serialize_entry("labels", &i.labels)?;
        m.serialize_entry("depends_on", &i.depends_on)?;
        m.serialize_entry("archived", &i.archived)?;
        m.serialize_entry(
            "criteria",
            &serde_json::json!({"checked": i.criteria.checked(), "total": i.criteria.total()}),
        )?;
        if let Some(p) = self.progress {
            m.serialize_entry("progress", &p)?;
        }
        // Unknown fields never replace cairn's own keys.
        let taken =
            |k: &str| COMMON_KEYS.contains(&k) || own.contains(&k) || (k == "progress" && self.progress.is_some());
        for (k, v) in i.extra.iter().filter(|(k, _)| !taken(k)) {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// An item as a JSON value (see [`ItemJson`]), for documents that embed it.
pub fn item(item: &crate::model::Item, progress: Option<crate::analyse::views::Progress>) -> serde_json::Value {
    serde_json::to_value(ItemJson { item, progress }).unwrap_or_default()
}
