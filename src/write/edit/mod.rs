//! Editing YAML front matter in place, for `cairn set` (SPEC §3).
//!
//! The file is never re-serialised: the edit splices new text into the changed key's lines
//! and copies every other byte, so the pull-request diff of `cairn set S-12 status=done` is
//! one changed line. Comments, key order, other keys' quoting, blank lines, unknown fields,
//! the body, CRLF line endings, a BOM and the closing `---`/`...` stay byte for byte.
//!
//! Decisions:
//! - **Replacing a one-line value** changes only the value's bytes: the key's spelling, the
//!   spacing after the colon and a trailing `# comment` stay. A text keeps the old quote style
//!   when it can be written in it (plain stays plain when plain reads back as the same text,
//!   `'single'` stays single, `"double"` stays double); otherwise it gets the minimal quoting
//!   ([`crate::load::yaml::quote_str`]), and text with line breaks is written `"double\nquoted"` so
//!   it stays on one line. Integers and numbers are written plain.
//! - **A value over several lines** (a `>-`/`|` block, a multi-line plain or quoted scalar, a
//!   nested mapping) is replaced as a whole entry: the key line keeps its key, spacing and
//!   trailing comment, and the continuation lines go.
//! - **Lists** keep their style. A flow list (`[a, b]`) is rewritten on its line with the same
//!   padding and separator. A block list (`- a` lines, any indentation, including the
//!   zero-indent style) is edited item by item: items equal at the start and the end are kept,
//!   changed items are rewritten in their own line (keeping its dash spacing, quoting and
//!   comment), extra items are removed, new items are inserted in the style of their
//!   neighbour; comment lines between items stay. An empty list is written `key: []`. A new
//!   list is written in flow style on one line.
//! - **A new key** goes on one line right after the last top-level entry (after its
//!   continuation lines), before any comment or blank lines that end the block: those usually
//!   annotate the end of the file (commented-out fields), not the last key. In an empty block
//!   it goes just before the closing delimiter. Its line ending is the one of the line before.
//! - **Unset** removes the entry's key line and continuation lines, nothing else. Unsetting a
//!   missing key changes nothing and is reported as [`Outcome::Missing`]; setting a key to the
//!   value it already has changes nothing and is [`Outcome::Unchanged`].
//! - **Refusals** ([`EditError`]) instead of a guess: no front matter, YAML that does not
//!   parse, a front matter that is not a mapping, duplicate keys, a layout that is not one
//!   `key:` per line at column 0 (flow mapping `{a: 1}`, `? ` complex keys), an anchor, alias
//!   or tag on the value being set (or an anchor on one being unset). After every edit the new
//!   front matter is parsed again and must equal the old mapping plus the change, in the same
//!   key order ([`EditError::Verification`] otherwise).
//!
//! Work is linear in the file size: one pass over the lines, one parse before and one after
//! each edit, plus a parse of each top-level key and of each value written.

use std::ops::Range;

use crate::load::frontmatter::{SplitError, split};
use crate::load::yaml::{self, Yaml};

mod layout;
mod list;
mod scan;
mod value;

use layout::*;
use list::*;
use value::*;

/// A new value for a front matter key.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A string, quoted as needed.
    Text(String),
    /// A non-negative integer, written plain.
    Integer(u64),
    /// A number as written (`3`, `0.5`, `-2`), written plain; it must read back as a number.
    Number(String),
    /// A list of strings.
    List(Vec<String>),
    /// An empty value (`key:`).
    Null,
}

/// One change to a front matter.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Sets `key` to `value`, adding the key when it is missing.
    Set { key: String, value: Value },
    /// Removes `key` and its value.
    Unset { key: String },
}

/// What one edit did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// An existing key got a new value.
    Replaced,
    /// A missing key was added.
    Added,
    /// A key was removed.
    Removed,
    /// The key already had this value: nothing changed.
    Unchanged,
    /// The key to unset was not there: nothing changed.
    Missing,
}

/// The result of [`apply_detailed`]: the new file and what each edit did, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edited {
    pub text: String,
    pub outcomes: Vec<Outcome>,
}

/// Why a front matter could not be edited. `line` fields are 1-based lines of the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("the file does not start with a front matter block (a `---` line)")]
    NoFrontMatter,
    #[error("the front matter block has no closing `---` line")]
    Unterminated,
    #[error("the front matter is not valid YAML: {message}")]
    Yaml { message: String, line: Option<usize> },
    #[error("the front matter is not a mapping of keys to values")]
    NotAMapping { line: usize },
    #[error("the key `{key}` appears more than once in the front matter")]
    DuplicateKey { key: String, line: usize },
    #[error("the front matter is not written one `key: value` per line ({reason}); cairn cannot edit it safely")]
    Layout { line: usize, reason: String },
    #[error("cannot edit `{key}` safely: {reason}")]
    Unsupported { key: String, line: usize, reason: String },
    #[error("`{key}` is not a key cairn can write: {reason}")]
    InvalidKey { key: String, reason: String },
    #[error("invalid value for `{key}`: {reason}")]
    InvalidValue { key: String, reason: String },
    #[error("editing `{key}` would have changed more than `{key}` (internal check); the file was left alone")]
    Verification { key: String },
}

impl EditError {
    /// The file line the error is about, when there is one.
    pub fn line(&self) -> Option<usize> {
        match self {
            EditError::Yaml { line, .. } => *line,
            EditError::NotAMapping { line }
            | EditError::DuplicateKey { line, .. }
            | EditError::Layout { line, .. }
            | EditError::Unsupported { line, .. } => Some(*line),
            _ => None,
        }
    }
}

/// Applies `edits` in order to the whole file `text` and returns the whole new file.
pub fn apply(text: &str, edits: &[Edit]) -> Result<String, EditError> {
    apply_detailed(text, edits).map(|e| e.text)
}

/// Like [`apply`], also telling what each edit did.
pub fn apply_detailed(text: &str, edits: &[Edit]) -> Result<Edited, EditError> {
    let mut text = text.to_string();
    let mut outcomes = Vec::with_capacity(edits.len());
    for edit in edits {
        let (new, outcome) = apply_one(&text, edit)?;
        text = new;
        outcomes.push(outcome);
    }
    Ok(Edited { text, outcomes })
}

/// A unified diff of `old` → `new` for `path` (`--- a/path`, `+++ b/path`, `@@` hunks with
/// three lines of context), as `git diff` prints it; empty when the texts are equal.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

// ---------------------------------------------------------------------------------------
// Editing.

/// A replacement of the byte range `range` of the file by `with`.
struct Splice {
    range: Range<usize>,
    with: String,
}

fn splice(text: &str, mut splices: Vec<Splice>) -> String {
    splices.sort_by_key(|s| (s.range.start, s.range.end));
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    for s in splices {
        out.push_str(&text[at..s.range.start]);
        out.push_str(&s.with);
        at = s.range.end;
    }
    out.push_str(&text[at..]);
    out
}

fn apply_one(text: &str, edit: &Edit) -> Result<(String, Outcome), EditError> {
    let doc = Doc::read(text)?;
    let key = match edit {
        Edit::Set { key, .. } | Edit::Unset { key } => key.as_str(),
    };
    let found = doc.find(key)?;
    let mut want = doc.map.clone();
    let (splices, outcome) = match (edit, found) {
        (Edit::Unset { .. }, None) => return Ok((text.to_string(), Outcome::Missing)),
        (Edit::Unset { .. }, Some(n)) => {
            let entry = &doc.entries[n];
            if entry_has_anchor(&doc, entry) {
                return Err(unsupported(&doc, key, entry, "its value has an anchor (`&name`) other keys may use"));
            }
            want.remove(n);
            let range = doc.lines[entry.line].start..doc.lines[entry.end].next;
            (vec![Splice { range, with: String::new() }], Outcome::Removed)
        }
        (Edit::Set { value, .. }, None) => {
            let new = expected(key, value)?;
            want.push((Yaml::Str(key.to_string()), new));
            let written = write_value(key, value, Style::Plain, &FlowStyle::DEFAULT)?;
            let (at, term) = match doc.entries.last() {
                Some(last) => (doc.lines[last.end].next, doc.term(last.end)),
                None => (doc.yaml.end, opening_term(text, doc.yaml.start)),
            };
            let sep = if written.is_empty() { "" } else { " " };
            let line = format!("{}:{sep}{written}{term}", write_key(key)?);
            (vec![Splice { range: at..at, with: line }], Outcome::Added)
        }
        (Edit::Set { value, .. }, Some(n)) => {
            let new = expected(key, value)?;
            if same(&doc.map[n].1, &new) {
                return Ok((text.to_string(), Outcome::Unchanged));
            }
            want[n].1 = new;
            (set_existing(&doc, n, key, value)?, Outcome::Replaced)
        }
    };
    let out = splice(text, splices);
    verify(&out, text, &doc, &want, key)?;
    Ok((out, outcome))
}

fn unsupported(doc: &Doc, key: &str, entry: &Entry, reason: &str) -> EditError {
    EditError::Unsupported { key: key.to_string(), line: doc.file_line(entry.line), reason: reason.to_string() }
}

/// The line ending of the opening `---` line (which ends right before `yaml_start`).
fn opening_term(text: &str, yaml_start: usize) -> &str {
    if text[..yaml_start].ends_with("\r\n") { "\r\n" } else { "\n" }
}

/// Whether an anchor (`&name`) starts a token anywhere in the entry outside quotes.
fn entry_has_anchor(doc: &Doc, entry: &Entry) -> bool {
    (entry.line..=entry.end).any(|i| {
        let line = doc.line_text(i);
        let from = if i == entry.line { entry.colon + 1 } else { 0 };
        let b = line.as_bytes();
        (from..b.len()).any(|p| {
            b[p] == b'&'
                && (p == 0 || matches!(b[p - 1], b' ' | b'\t' | b'[' | b'{' | b','))
                && b.get(p + 1).is_some_and(|c| !is_ws(*c))
        })
    })
}

/// The splices that set the existing entry `n` to `value`.
fn set_existing(doc: &Doc, n: usize, key: &str, value: &Value) -> Result<Vec<Splice>, EditError> {
    let entry = &doc.entries[n];
    let line = doc.lines[entry.line];
    let text = doc.line_text(entry.line);
    let one_line = entry.end == entry.line;
    match (&entry.head, value) {
        (Head::Node, _) => {
            Err(unsupported(doc, key, entry, "its value has an anchor, alias or tag (`&name`, `*name`, `!tag`)"))
        }
        // A one-line value: replace its bytes, keep the rest of the line.
        (Head::Scalar(style, range), _) if one_line => {
            let written = write_value(key, value, *style, &FlowStyle::DEFAULT)?;
            Ok(vec![replace_value(doc, entry, range.clone(), written)])
        }
        (Head::Flow { seq, range }, _) if one_line => {
            let flow = if *seq { FlowStyle::of(&text[range.clone()]) } else { FlowStyle::DEFAULT };
            let written = write_value(key, value, Style::Plain, &flow)?;
            Ok(vec![replace_value(doc, entry, range.clone(), written)])
        }
        // `key:` with nothing after it: write the value after the colon.
        (Head::Empty, _) if one_line => {
            let written = write_value(key, value, Style::Plain, &FlowStyle::DEFAULT)?;
            let at = line.start + entry.colon + 1;
            Ok(vec![Splice { range: at..at, with: format!(" {written}") }])
        }
        (Head::Empty, Value::List(items)) => match &doc.map[n].1 {
            Yaml::Seq(values) => match block_items(doc, entry, key, values)? {
                Some(old) => block_list_edit(doc, entry, key, values, &old, items),
                None => whole_entry(doc, entry, key, value, true),
            },
            _ => whole_entry(doc, entry, key, value, false),
        },
        _ => whole_entry(doc, entry, key, value, matches!(doc.map[n].1, Yaml::Seq(_))),
    }
}

/// Replaces the value at `range` of the entry's key line by `written`; an empty value also
/// takes the blanks before it (`key: # comment`, `key:`).
fn replace_value(doc: &Doc, entry: &Entry, range: Range<usize>, written: String) -> Splice {
    let line = doc.lines[entry.line];
    let text = doc.line_text(entry.line);
    if written.is_empty() {
        let end = if text[range.end..].trim().is_empty() { text.len() } else { range.end };
        return Splice { range: line.start + entry.colon + 1..line.start + end, with: String::new() };
    }
    Splice { range: line.start + range.start..line.start + range.end, with: written }
}

/// Replaces the whole entry (key line and continuation lines) by its key line with the new
/// value, keeping the key's spelling and a trailing comment. A block list value stays a block
/// list (`was_list`) with the old items' indentation.
fn whole_entry(doc: &Doc, entry: &Entry, key: &str, value: &Value, was_list: bool) -> Result<Vec<Splice>, EditError> {
    let text = doc.line_text(entry.line);
    let term = doc.term(entry.line);
    let comment = entry.comment.map_or("", |c| &text[c..]);
    let item_prefix =
        if was_list { (entry.line + 1..=entry.end).find_map(|i| item_prefix(doc.line_text(i))) } else { None };
    let mut out = text[..=entry.colon].to_string();
    match (value, item_prefix) {
        (Value::List(items), Some(prefix)) if !items.is_empty() && matches!(entry.head, Head::Empty) => {
            out.push_str(comment);
            out.push_str(term);
            for item in items {
                let written = write_text(key, item, Style::Plain, Context::BlockItem)?;
                out.push_str(&format!("{prefix}{written}{term}"));
            }
        }
        _ => {
            let written = write_value(key, value, Style::Plain, &FlowStyle::DEFAULT)?;
            if !written.is_empty() {
                out.push(' ');
                out.push_str(&written);
            }
            out.push_str(comment);
            out.push_str(term);
        }
    }
    let range = doc.lines[entry.line].start..doc.lines[entry.end].next;
    Ok(vec![Splice { range, with: out }])
}

/// `  - ` (indentation, dash and blanks) when `line` is a block list item.
/// Checks the edited file: same bytes outside the front matter, and a front matter that
/// parses to `want` (the old mapping plus the change, in order).
fn verify(out: &str, old: &str, doc: &Doc, want: &[(Yaml, Yaml)], key: &str) -> Result<(), EditError> {
    let fail = || EditError::Verification { key: key.to_string() };
    let s = split(out).map_err(|_| fail())?;
    let head_same = out[..s.yaml.start] == old[..doc.yaml.start];
    let tail_len = old.len() - doc.yaml.end;
    let tail_same = out.len() - s.yaml.end == tail_len && out[s.yaml.end..] == old[doc.yaml.end..];
    if !head_same || !tail_same {
        return Err(fail());
    }
    let got = match yaml::parse(&out[s.yaml]) {
        Ok(Yaml::Map(m)) => m,
        Ok(Yaml::Null) => Vec::new(),
        _ => return Err(fail()),
    };
    let ok = got.len() == want.len() && got.iter().zip(want).all(|((k1, v1), (k2, v2))| same(k1, k2) && same(v1, v2));
    if ok { Ok(()) } else { Err(fail()) }
}

/// Equality of decoded values, with integers compared by value and NaN equal to itself.
fn same(a: &Yaml, b: &Yaml) -> bool {
    match (a, b) {
        (Yaml::Int(x), Yaml::UInt(y)) | (Yaml::UInt(y), Yaml::Int(x)) => u64::try_from(*x).is_ok_and(|x| x == *y),
        (Yaml::Float(x), Yaml::Float(y)) => x == y || (x.is_nan() && y.is_nan()),
        (Yaml::Seq(x), Yaml::Seq(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b)),
        (Yaml::Map(x), Yaml::Map(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|((k1, v1), (k2, v2))| same(k1, k2) && same(v1, v2))
        }
        _ => a == b,
    }
}

#[cfg(test)]
mod properties;
#[cfg(test)]
mod tests;
