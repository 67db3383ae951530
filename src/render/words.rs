//! A plan's changes in words, the same in every medium: `target 2027-Q1 → 2027-Q2 (slipped
//! one quarter)`, "3 changes: 1 added, 2 modified". Renderers escape these words for their
//! medium; the words themselves are plain text.

use serde_json::Value;

use crate::analyse::diff::{ChangeKind, FieldChange, ItemChange};
use crate::analyse::report::Forecast;

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

pub fn sigil(c: &ItemChange) -> &'static str {
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
    if c.shared_id {
        lines.push(format!("another file also uses the id {} (id/duplicate): this is {}", c.id, c.path));
    }
    lines
}

pub fn group_title(diff_titles: &std::collections::BTreeMap<String, String>, initiative: Option<&str>) -> String {
    match initiative {
        Some(id) => match diff_titles.get(id) {
            Some(t) => format!("{t} ({id})"),
            None => format!("{id} (not an initiative)"),
        },
        None => "No initiative".into(),
    }
}

pub fn forecast_text(f: &Option<Forecast>) -> String {
    match f {
        None => "closed".into(),
        Some(Forecast { p50: Some(a), p85: Some(b), .. }) => format!("{a} / {b}"),
        Some(f) => format!("none ({})", f.reason.clone().unwrap_or_default()),
    }
}

pub fn slips_text(slips: usize, days: i64) -> String {
    if slips == 0 { "0".into() } else { format!("{slips} (+{days} days)") }
}

pub fn days(v: Option<f64>) -> String {
    v.map_or("–".into(), |v| format!("{v:.1}"))
}
