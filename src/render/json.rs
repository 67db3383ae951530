//! `check --format json`: one object, findings sorted by file then line.

use std::io::{self, Write};

use serde::Serialize;

use super::{CheckContext, CheckRenderer};
use crate::diagnostic::Diagnostic;
use crate::rules::CheckReport;

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
/// `criteria` and, for initiatives, `progress`.
pub fn item(item: &crate::model::Item, progress: Option<crate::views::Progress>) -> serde_json::Value {
    use serde_json::{Map, Value, json};

    use crate::model::Kind;
    let mut m = Map::new();
    let s = |v: &Option<String>| v.as_ref().map_or(Value::Null, |s| Value::String(s.clone()));
    let period = |p: &Option<crate::model::Period>| p.map_or(Value::Null, |p| Value::String(p.to_string()));
    m.insert("id".into(), json!(item.id));
    m.insert("kind".into(), json!(item.kind.as_str()));
    m.insert("path".into(), json!(item.path));
    m.insert("title".into(), json!(item.title));
    m.insert("status".into(), json!(item.status));
    m.insert("category".into(), item.category.map_or(Value::Null, |c| json!(c.as_str())));
    match item.kind {
        Kind::Initiative => {
            m.insert("horizon".into(), s(&item.horizon));
            m.insert("start".into(), period(&item.start));
            m.insert("target".into(), period(&item.target));
            m.insert("priority".into(), json!(item.priority));
            m.insert("owner".into(), s(&item.owner));
            m.insert("outcome".into(), s(&item.outcome));
        }
        Kind::Backlog => {
            m.insert("type".into(), s(&item.item_type));
            m.insert("initiative".into(), s(&item.initiative));
            m.insert("priority".into(), json!(item.priority));
            m.insert("estimate".into(), json!(item.estimate));
            m.insert("assignee".into(), s(&item.assignee));
            m.insert("sprint".into(), s(&item.sprint));
        }
    }
    m.insert("labels".into(), json!(item.labels));
    m.insert("depends_on".into(), json!(item.depends_on));
    m.insert("archived".into(), json!(item.archived));
    m.insert("criteria".into(), json!({"checked": item.criteria.checked(), "total": item.criteria.total()}));
    if let Some(p) = progress {
        m.insert("progress".into(), json!({"closed": p.closed, "total": p.total}));
    }
    for (k, v) in &item.extra {
        m.entry(k.clone()).or_insert_with(|| v.clone());
    }
    Value::Object(m)
}
