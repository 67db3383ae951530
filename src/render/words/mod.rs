//! A plan's changes in words, the same in every medium: `target 2027-Q1 → 2027-Q2 (slipped
//! one quarter)`, "Subscriptions slips one quarter; introduces 1 problem". Words come as
//! [`Line`]s of pieces that say what they are (cairn's own words, plan text, a code value, a
//! cairn message with `code` marks), so each medium escapes each piece with the right
//! function of [`crate::render::escape`]: Markdown shows values as code spans, a terminal as
//! plain text.

mod lines;
mod report;
mod summary;

pub use lines::{detail_lines, header_line, impact_lines, initiative_name, planning_lines, progress_text, story_list};
pub use report::{WeekRun, forecast_words, week_runs, wrap};
pub use summary::pm_summary;

use serde_json::Value;

use crate::analyse::diff::{ChangeKind, ItemChange};
use crate::analyse::report::Forecast;

/// One piece of a line of words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// cairn's own words (never plan text): shown as they are.
    Words(String),
    /// Plan text (titles, names, custom fields): escaped as text.
    Text(String),
    /// A value, an id or a path: a code span where the medium has them.
    Code(String),
    /// A cairn message (a check finding, a help line) in which `…` marks code.
    Message(String),
}

/// A line of words, built piece by piece.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Line(pub Vec<Piece>);

impl Line {
    pub fn new() -> Self {
        Line(Vec::new())
    }

    /// cairn's own words (never plan text).
    pub fn words(mut self, s: impl Into<String>) -> Self {
        self.0.push(Piece::Words(s.into()));
        self
    }

    /// Plan text.
    pub fn text(mut self, s: impl Into<String>) -> Self {
        self.0.push(Piece::Text(s.into()));
        self
    }

    /// A value, id or path.
    pub fn code(mut self, s: impl Into<String>) -> Self {
        self.0.push(Piece::Code(s.into()));
        self
    }

    /// A cairn message with `code` marks.
    pub fn message(mut self, s: impl Into<String>) -> Self {
        self.0.push(Piece::Message(s.into()));
        self
    }

    /// Appends another line's pieces.
    pub fn then(mut self, other: Line) -> Self {
        self.0.extend(other.0);
        self
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The line as plain text (values without code marks): for terminals, after escaping
    /// with [`crate::render::escape::terminal_line`], and for JSON.
    pub fn plain(&self) -> String {
        self.0
            .iter()
            .map(|p| match p {
                Piece::Words(s) | Piece::Text(s) | Piece::Code(s) | Piece::Message(s) => s.as_str(),
            })
            .collect()
    }

    /// Joins lines with cairn's separator words.
    pub fn join(lines: Vec<Line>, separator: &str) -> Line {
        let mut out = Line::new();
        for (n, line) in lines.into_iter().enumerate() {
            if n > 0 {
                out = out.words(separator);
            }
            out = out.then(line);
        }
        out
    }
}

/// A field value for people: text as is, lists in brackets, nothing as `(none)`.
pub fn value_text(v: &Value) -> String {
    match v {
        Value::Null => "(none)".into(),
        Value::String(s) => s.clone(),
        Value::Array(a) => format!("[{}]", a.iter().map(value_text).collect::<Vec<_>>().join(", ")),
        other => other.to_string(),
    }
}

/// `+` added, `-` removed, `~` modified, `!` unchanged but given a problem by another change.
pub fn sigil(c: &ItemChange) -> &'static str {
    if c.only_problems() {
        return "!";
    }
    match c.change {
        ChangeKind::Added => "+",
        ChangeKind::Removed => "-",
        ChangeKind::Modified => "~",
    }
}

/// "1 problem", "2 stories".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
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

/// What `--stat` says of one item: `2 changes`, `moved`, `added (todo)`, and the problems
/// the change introduces in it.
pub fn stat_words(c: &ItemChange) -> Line {
    let n = c.fields.len() + usize::from(c.fields.is_empty() && !c.criteria.is_empty());
    let mut line = match c.change {
        ChangeKind::Modified if n == 0 => match &c.old_path {
            Some(old) if c.path.contains("/archive/") && !old.contains("/archive/") => Line::new().words("archived"),
            Some(_) => Line::new().words("moved"),
            None => Line::new(),
        },
        ChangeKind::Modified => Line::new().words(count(n, "change", "changes")),
        ChangeKind::Added => Line::new().words("added (").text(&c.status).words(")"),
        ChangeKind::Removed => Line::new().words("removed"),
    };
    if let Some(old) = &c.old_id {
        line = Line::join(vec![line, Line::new().words("renumbered from ").code(old)], ", ");
    }
    if !c.introduces.is_empty() {
        let problems = Line::new().words(format!("introduces {}", count(c.introduces.len(), "problem", "problems")));
        line = if line.is_empty() { problems } else { Line::join(vec![line, problems], ", ") };
    }
    line
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
