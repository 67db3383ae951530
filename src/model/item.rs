//! Initiatives and backlog items as decoded from their files.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::{Category, Period, Statuses};

/// Which layer of the plan an item belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Kind {
    /// A roadmap initiative (`roadmap/`).
    #[serde(rename = "initiative")]
    Initiative,
    /// A backlog item: story, task, bug, spike or chore (`backlog/`).
    #[serde(rename = "story")]
    Backlog,
}

impl Kind {
    /// The name used in JSON output and messages: `initiative` or `story`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Initiative => "initiative",
            Kind::Backlog => "story",
        }
    }

    /// A noun for messages: "initiative" or "backlog item".
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Initiative => "initiative",
            Kind::Backlog => "backlog item",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The types a backlog item may have.
pub const ITEM_TYPES: &[&str] = &["story", "task", "bug", "spike", "chore"];
/// The Now/Next/Later roadmap columns.
pub const HORIZONS: &[&str] = &["now", "next", "later"];

/// One file of the plan as it was read: its path relative to the plan root and its text.
/// Items read from one version of a file may share it: two items whose sources are the same
/// allocation (`Arc::ptr_eq`) were read from the same bytes.
#[derive(Debug)]
pub struct SourceFile {
    /// Path relative to the plan root, with `/` separators.
    pub path: String,
    /// The file's text (lossily decoded when it is not UTF-8, for diagnostics only).
    pub text: String,
}

/// Where a front matter key sits in its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeySpan {
    /// 1-based line.
    pub line: usize,
    /// Byte offset of the key in the file.
    pub offset: usize,
    /// Length of the key in bytes.
    pub len: usize,
    /// Byte range of the key's whole entry (key line and its indented continuation lines).
    pub entry: (usize, usize),
}

/// Where each top-level front matter key sits in its file. A key's name is the file's own
/// text at its span, so only the spans are kept, in file order and packed small (a plan holds
/// one list per item); a key that stands for a renamed cairn field (`fields:`) is found under
/// the field's name as well, before any key of the file that has that name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keys {
    spans: Vec<Packed>,
}

/// A [`KeySpan`] in 24 bytes: plan files are at most a few MiB.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Packed {
    /// 0 for a key of the file, else 1 + the index of the cairn field in `config::FIELDS`.
    alias: u8,
    line: u32,
    offset: u32,
    len: u32,
    entry: (u32, u32),
}

impl Packed {
    fn of(alias: u8, s: KeySpan) -> Self {
        let n = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
        Packed { alias, line: n(s.line), offset: n(s.offset), len: n(s.len), entry: (n(s.entry.0), n(s.entry.1)) }
    }

    fn span(&self) -> KeySpan {
        KeySpan {
            line: self.line as usize,
            offset: self.offset as usize,
            len: self.len as usize,
            entry: (self.entry.0 as usize, self.entry.1 as usize),
        }
    }
}

impl Keys {
    /// The span of key `name` in the file whose text is `text`.
    pub fn get(&self, text: &str, name: &str) -> Option<KeySpan> {
        let alias = super::config::FIELDS.iter().position(|f| *f == name).map(|i| i as u8 + 1);
        let named = |p: &Packed| text.get(p.offset as usize..(p.offset + p.len) as usize) == Some(name);
        self.spans
            .iter()
            .find(|p| alias.is_some_and(|a| p.alias == a))
            .or_else(|| self.spans.iter().find(|p| p.alias == 0 && named(p)))
            .map(Packed::span)
    }

    /// Every key of the file (aliases left out) with its name, in file order.
    pub fn named<'t>(&'t self, text: &'t str) -> impl Iterator<Item = (&'t str, KeySpan)> + 't {
        self.spans.iter().filter(|p| p.alias == 0).map(move |p| {
            let s = p.span();
            (text.get(s.offset..s.offset + s.len).unwrap_or(""), s)
        })
    }

    /// Adds a key of the file; its index.
    pub fn push(&mut self, span: KeySpan) -> usize {
        self.spans.push(Packed::of(0, span));
        self.spans.len() - 1
    }

    /// Ends the entry of the key added at `index` at byte `end`.
    pub fn end_entry(&mut self, index: usize, end: usize) {
        if let Some(p) = self.spans.get_mut(index) {
            p.entry.1 = u32::try_from(end).unwrap_or(u32::MAX);
        }
    }

    /// Makes `span` findable as cairn's field `field` too (one of `config::FIELDS`).
    pub fn alias(&mut self, field: &'static str, span: KeySpan) {
        if let Some(i) = super::config::FIELDS.iter().position(|f| *f == field) {
            self.spans.push(Packed::of(i as u8 + 1, span));
        }
    }

    /// Drops spare capacity.
    pub fn shrink(&mut self) {
        self.spans.shrink_to_fit();
    }
}

/// One entry of an acceptance-criteria task list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Criterion {
    pub checked: bool,
    pub text: String,
}

/// The acceptance criteria of an item, from its body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Criteria {
    /// Whether the body has an `Acceptance criteria` heading at all.
    #[serde(skip)]
    pub heading: bool,
    pub items: Vec<Criterion>,
}

impl Criteria {
    pub fn total(&self) -> usize {
        self.items.len()
    }
    pub fn checked(&self) -> usize {
        self.items.iter().filter(|c| c.checked).count()
    }
}

/// An initiative or a backlog item, decoded from one file.
#[derive(Debug, Clone)]
pub struct Item {
    pub id: String,
    pub kind: Kind,
    /// Path relative to the plan root, `/`-separated.
    pub path: String,
    /// Whether the file lives under `backlog/archive/`.
    pub archived: bool,
    pub title: String,
    pub status: String,
    /// The status's category; `None` when the status is not a known one.
    pub category: Option<Category>,
    /// Backlog item type (`story` by default); `None` for initiatives.
    pub item_type: Option<String>,
    /// Backlog: the initiative the item traces to.
    pub initiative: Option<String>,
    /// The rank, 1 first (from a number, or from a word of `priorities:`).
    pub priority: Option<u64>,
    /// The priority as written when it is a word of `priorities:` (`high`).
    pub priority_word: Option<String>,
    pub estimate: Option<f64>,
    /// Who works on it: one person, or several (`assignee: [dana, li]`).
    pub assignees: Vec<String>,
    /// Whether `assignee` was written as a list (JSON shows it as written).
    pub assignee_list: bool,
    pub sprint: Option<String>,
    pub owner: Option<String>,
    pub outcome: Option<String>,
    pub horizon: Option<String>,
    pub start: Option<Period>,
    pub target: Option<Period>,
    pub labels: Vec<String>,
    pub depends_on: Vec<String>,
    /// Front matter fields cairn does not know, kept as they were (converted to JSON values).
    pub extra: BTreeMap<String, serde_json::Value>,
    /// Known fields whose value breaks the schema, as written (by cairn field name): listings
    /// and JSON show these, never a default in their place (SPEC §2).
    pub invalid: BTreeMap<&'static str, serde_json::Value>,
    pub criteria: Criteria,
    /// Every task-list checkbox in the body, under any heading.
    pub checkboxes: usize,
    /// Byte range of the Markdown body in the source text.
    pub body: Range<usize>,
    /// Where each front matter key sits, for diagnostics.
    pub keys: Keys,
    /// Line of the first front matter line (just after the opening `---`).
    pub first_line: usize,
    pub source: Arc<SourceFile>,
}

impl Item {
    /// An item with only an id, a kind and a source: every field at its default (status the
    /// kind's default, type `story` for backlog items).
    pub fn blank(id: String, kind: Kind, archived: bool, source: Arc<SourceFile>) -> Item {
        Item {
            id,
            kind,
            path: source.path.clone(),
            archived,
            title: String::new(),
            status: Statuses::default_status(kind).to_string(),
            category: None,
            item_type: (kind == Kind::Backlog).then(|| "story".to_string()),
            initiative: None,
            priority: None,
            estimate: None,
            priority_word: None,
            assignees: Vec::new(),
            assignee_list: false,
            sprint: None,
            owner: None,
            outcome: None,
            horizon: None,
            start: None,
            target: None,
            labels: Vec::new(),
            depends_on: Vec::new(),
            extra: BTreeMap::new(),
            invalid: BTreeMap::new(),
            criteria: Criteria::default(),
            checkboxes: 0,
            body: 0..0,
            keys: Keys::default(),
            first_line: 1,
            source,
        }
    }

    /// The assignees joined for display (`dana, li`); `None` when nobody is assigned.
    pub fn assignee_text(&self) -> Option<String> {
        (!self.assignees.is_empty()).then(|| self.assignees.join(", "))
    }

    /// The priority as people read it: the word of `priorities:`, the number, or the invalid
    /// value as written.
    pub fn priority_text(&self) -> Option<String> {
        self.priority_word
            .clone()
            .or_else(|| self.priority.map(|p| p.to_string()))
            .or_else(|| self.invalid_text("priority"))
    }

    /// An invalid value of a known field, as written.
    pub fn invalid_text(&self, field: &str) -> Option<String> {
        self.invalid.get(field).map(|v| match v {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        })
    }

    /// The Markdown body.
    pub fn body_text(&self) -> &str {
        self.source.text.get(self.body.clone()).unwrap_or("")
    }

    /// The category, treating an unknown status as open.
    pub fn category_or_open(&self) -> Category {
        self.category.unwrap_or(Category::Open)
    }

    /// Whether the item was delivered: its status is in the `closed` category.
    pub fn is_done(&self) -> bool {
        self.category == Some(Category::Closed)
    }

    /// Whether the work is over: delivered or abandoned.
    pub fn is_finished(&self) -> bool {
        self.category.is_some_and(Category::is_finished)
    }
}

/// A number of points as people write it: `3`, not `3.0`; `0.5` stays `0.5`.
pub fn points(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 { format!("{}", n as i64) } else { format!("{n}") }
}

#[cfg(test)]
mod tests {
    use super::points;

    #[test]
    fn points_drop_a_trailing_zero() {
        assert_eq!(points(3.0), "3");
        assert_eq!(points(0.5), "0.5");
    }
}
