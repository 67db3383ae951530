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
//!   ([`crate::yaml::quote_str`]), and text with line breaks is written `"double\nquoted"` so
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
use crate::yaml::{self, Yaml};

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
// Reading the block: lines, top-level entries and the shape of each value.

/// One line of the front matter; offsets are into the whole file.
#[derive(Debug, Clone, Copy)]
struct Line {
    start: usize,
    /// End of the content, before `\r\n` or `\n`.
    end: usize,
    /// Start of the next line.
    next: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Blank,
    Comment,
    /// A `key:` line at column 0; `colon` is the colon's byte offset in the line.
    Key {
        key_end: usize,
        colon: usize,
    },
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Plain,
    Single,
    Double,
}

/// What a value looks like on its first line (after `key:` or `- `).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Head {
    /// Nothing but maybe a comment: null, or a block list or mapping on the next lines.
    Empty,
    /// A complete one-line scalar at `range` (in the line).
    Scalar(Style, Range<usize>),
    /// A complete one-line flow collection.
    Flow { seq: bool, range: Range<usize> },
    /// A `|` or `>` block scalar; `keep` for `+` chomping (trailing blank lines are content),
    /// `indent` when the header gives the text's indentation (`|2`).
    Block { keep: bool, indent: Option<usize> },
    /// A quoted scalar or flow collection that goes on over the next lines.
    Open,
    /// An anchor, alias or tag.
    Node,
    /// Anything else (left to the parser and the final check).
    Unknown,
}

/// A top-level `key: value` entry.
#[derive(Debug, Clone)]
struct Entry {
    /// Index of the key line.
    line: usize,
    /// Index of the entry's last line (its last continuation line, or the key line).
    end: usize,
    colon: usize,
    head: Head,
    /// Where a trailing comment starts in the key line (the blanks before `#`).
    comment: Option<usize>,
}

struct Doc<'a> {
    text: &'a str,
    yaml: Range<usize>,
    yaml_line: usize,
    lines: Vec<Line>,
    kinds: Vec<Kind>,
    map: Vec<(Yaml, Yaml)>,
    entries: Vec<Entry>,
}

fn is_ws(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

impl<'a> Doc<'a> {
    fn read(text: &'a str) -> Result<Doc<'a>, EditError> {
        let s = split(text).map_err(|e| match e {
            SplitError::Unterminated => EditError::Unterminated,
            SplitError::Empty | SplitError::Missing => EditError::NoFrontMatter,
        })?;
        let mut lines = Vec::new();
        let mut offset = s.yaml.start;
        for raw in text[s.yaml.clone()].split_inclusive('\n') {
            let content = raw.trim_end_matches('\n');
            let content = content.strip_suffix('\r').unwrap_or(content);
            lines.push(Line { start: offset, end: offset + content.len(), next: offset + raw.len() });
            offset += raw.len();
        }
        let kinds: Vec<Kind> = lines.iter().map(|l| kind(&text[l.start..l.end])).collect();
        let mut doc =
            Doc { text, yaml: s.yaml, yaml_line: s.yaml_line, lines, kinds, map: Vec::new(), entries: Vec::new() };
        doc.map = doc.parse_map()?;
        doc.entries = doc.read_entries()?;
        Ok(doc)
    }

    fn line_text(&self, i: usize) -> &'a str {
        &self.text[self.lines[i].start..self.lines[i].end]
    }

    /// The line ending of line `i` (`\r\n` or `\n`).
    fn term(&self, i: usize) -> &'a str {
        &self.text[self.lines[i].end..self.lines[i].next]
    }

    fn file_line(&self, i: usize) -> usize {
        self.yaml_line + i
    }

    fn key_raw(&self, i: usize) -> Option<&'a str> {
        match self.kinds[i] {
            Kind::Key { key_end, .. } => Some(&self.line_text(i)[..key_end]),
            _ => None,
        }
    }

    fn parse_map(&self) -> Result<Vec<(Yaml, Yaml)>, EditError> {
        let yaml_text = &self.text[self.yaml.clone()];
        match yaml::parse(yaml_text) {
            Ok(Yaml::Map(m)) => Ok(m),
            Ok(Yaml::Null) if self.kinds.iter().all(|k| matches!(k, Kind::Blank | Kind::Comment)) => Ok(Vec::new()),
            Ok(_) => {
                let first = self.kinds.iter().position(|k| !matches!(k, Kind::Blank | Kind::Comment)).unwrap_or(0);
                Err(EditError::NotAMapping { line: self.file_line(first) })
            }
            Err(e) => {
                // Name a duplicate key precisely when the scan finds one.
                let mut seen: Vec<Yaml> = Vec::new();
                for i in 0..self.lines.len() {
                    if let Some(raw) = self.key_raw(i)
                        && let Ok(k) = yaml::parse(raw)
                    {
                        if seen.contains(&k) {
                            return Err(EditError::DuplicateKey { key: k.to_string(), line: self.file_line(i) });
                        }
                        seen.push(k);
                    }
                }
                let before =
                    |o: usize| yaml_text.as_bytes()[..o.min(yaml_text.len())].iter().filter(|&&b| b == b'\n').count();
                let line = e.offset.map(|o| self.yaml_line + before(o));
                Err(EditError::Yaml { message: e.message, line })
            }
        }
    }

    /// The entries, checked against the parsed mapping: the keys found at the start of lines
    /// must be the mapping's keys, in order, or the layout is one this module cannot edit.
    fn read_entries(&self) -> Result<Vec<Entry>, EditError> {
        let mut entries: Vec<Entry> = Vec::new();
        for i in 0..self.lines.len() {
            match self.kinds[i] {
                Kind::Key { key_end, colon } => {
                    let n = entries.len();
                    let raw = &self.line_text(i)[..key_end];
                    let same = yaml::parse(raw).ok().zip(self.map.get(n)).is_some_and(|(k, (want, _))| same(&k, want));
                    if !same {
                        return Err(self.layout(i, "a key cairn cannot read"));
                    }
                    let (head, comment) = head(self.line_text(i), colon + 1);
                    entries.push(Entry { line: i, end: i, colon, head, comment });
                }
                Kind::Other if entries.is_empty() => return Err(self.layout(i, "a line before the first key")),
                _ => {}
            }
        }
        if entries.len() != self.map.len() {
            let line = self.kinds.iter().position(|k| *k == Kind::Other).unwrap_or(0);
            return Err(self.layout(line, "keys in flow style or `? ` complex keys"));
        }
        let starts: Vec<usize> = entries.iter().map(|e| e.line).collect();
        for (n, entry) in entries.iter_mut().enumerate() {
            let stop = starts.get(n + 1).copied().unwrap_or(self.lines.len());
            entry.end = self.extent_end(entry, stop);
        }
        Ok(entries)
    }

    fn layout(&self, i: usize, reason: &str) -> EditError {
        EditError::Layout { line: self.file_line(i), reason: reason.to_string() }
    }

    /// The last line of the entry whose next key (or the end) is at line `stop`: its last
    /// content line. Blank and comment lines after it belong to no entry; in an open quoted
    /// scalar every line is content, in a block scalar so is a `#` line indented at least as
    /// much as the text, and with `+` chomping so are trailing blank lines.
    fn extent_end(&self, entry: &Entry, stop: usize) -> usize {
        let indent = |j: usize| {
            let t = self.line_text(j);
            t.len() - t.trim_start_matches(' ').len()
        };
        let block_indent = match entry.head {
            Head::Block { indent: Some(n), .. } => Some(n),
            Head::Block { indent: None, .. } => {
                (entry.line + 1..stop).find(|&j| self.kinds[j] != Kind::Blank).map(indent).filter(|&n| n > 0)
            }
            _ => None,
        };
        let mut end = entry.line;
        for j in entry.line + 1..stop {
            let content = match self.kinds[j] {
                Kind::Blank => false,
                Kind::Comment => entry.head == Head::Open || block_indent.is_some_and(|n| indent(j) >= n),
                _ => true,
            };
            if content {
                end = j;
            }
        }
        if matches!(entry.head, Head::Block { keep: true, .. }) {
            while end + 1 < stop && self.kinds[end + 1] == Kind::Blank {
                end += 1;
            }
        }
        end
    }

    fn find(&self, key: &str) -> Result<Option<usize>, EditError> {
        for (n, (k, _)) in self.map.iter().enumerate() {
            match k {
                Yaml::Str(s) if s == key => return Ok(Some(n)),
                Yaml::Str(_) => {}
                other if other.scalar_text().as_deref() == Some(key) => {
                    return Err(EditError::Unsupported {
                        key: key.to_string(),
                        line: self.file_line(self.entries[n].line),
                        reason: format!("the key is written as {}, not as text", other.type_name()),
                    });
                }
                _ => {}
            }
        }
        Ok(None)
    }
}

fn kind(line: &str) -> Kind {
    let trimmed = line.trim_start_matches([' ', '\t']);
    if trimmed.trim_end_matches([' ', '\t', '\r']).is_empty() {
        Kind::Blank
    } else if trimmed.starts_with('#') {
        Kind::Comment
    } else if let Some((key_end, colon)) = key_colon(line) {
        Kind::Key { key_end, colon }
    } else {
        Kind::Other
    }
}

/// A `key:` at column 0: the end of the key's text and the colon's offset.
fn key_colon(line: &str) -> Option<(usize, usize)> {
    let b = line.as_bytes();
    let ends_token = |i: usize| i + 1 >= b.len() || is_ws(b[i + 1]);
    match *b.first()? {
        b' ' | b'\t' | b'#' | b'[' | b']' | b'{' | b'}' | b',' | b'&' | b'*' | b'!' | b'|' | b'>' | b'%' | b'@'
        | b'`' => None,
        b'-' | b'?' | b':' if ends_token(0) => None,
        q @ (b'"' | b'\'') => {
            let key_end = quoted_end(b, 0, q)?;
            let mut i = key_end;
            while i < b.len() && is_ws(b[i]) {
                i += 1;
            }
            (i < b.len() && b[i] == b':' && ends_token(i)).then_some((key_end, i))
        }
        _ => {
            for i in 0..b.len() {
                if b[i] == b'#' && i > 0 && is_ws(b[i - 1]) {
                    return None;
                }
                if b[i] == b':' && ends_token(i) {
                    let key_end = line[..i].trim_end_matches([' ', '\t']).len();
                    return (key_end > 0).then_some((key_end, i));
                }
            }
            None
        }
    }
}

/// The end (after the closing quote) of the quoted scalar opening at `b[start]`.
fn quoted_end(b: &[u8], start: usize, quote: u8) -> Option<usize> {
    let mut i = start + 1;
    while i < b.len() {
        if quote == b'"' && b[i] == b'\\' {
            i += 2;
            continue;
        }
        if b[i] == quote {
            if quote == b'\'' && b.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return Some(i + 1);
        }
        i += 1;
    }
    None
}

/// The end of the flow collection opening at `b[start]`, and the first byte of each of its
/// top-level items; `None` when it does not close on this line.
fn flow_end(b: &[u8], start: usize) -> Option<(usize, Vec<u8>)> {
    let mut depth = 0usize;
    let mut at_token = true;
    let mut firsts = Vec::new();
    let mut i = start;
    while i < b.len() {
        let c = b[i];
        if depth == 1 && at_token && !is_ws(c) && !matches!(c, b',' | b']' | b'}') {
            firsts.push(c);
        }
        match c {
            b'[' | b'{' => {
                depth += 1;
                at_token = true;
            }
            b']' | b'}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some((i + 1, firsts));
                }
                at_token = false;
            }
            b',' => at_token = true,
            b'"' | b'\'' if at_token => {
                i = quoted_end(b, i, c)?;
                at_token = false;
                continue;
            }
            b'#' if i > 0 && is_ws(b[i - 1]) => return None,
            b':' => at_token = i + 1 < b.len() && is_ws(b[i + 1]),
            b' ' | b'\t' => {}
            _ => at_token = false,
        }
        i += 1;
    }
    None
}

/// Reads the value starting at `from` in `line`: its shape, and where a trailing comment
/// starts (the blanks before `#`).
fn head(line: &str, from: usize) -> (Head, Option<usize>) {
    let b = line.as_bytes();
    let mut v = from;
    while v < b.len() && is_ws(b[v]) {
        v += 1;
    }
    if v == b.len() {
        return (Head::Empty, None);
    }
    // After a value that ends at `end`: nothing, blanks, or blanks and a comment.
    let closed = |end: usize, head: Head| {
        let mut p = end;
        while p < b.len() && is_ws(b[p]) {
            p += 1;
        }
        if p == b.len() {
            (head, None)
        } else if b[p] == b'#' && p > end {
            (head, Some(end))
        } else {
            (Head::Unknown, None)
        }
    };
    match b[v] {
        b'#' => (Head::Empty, Some(from)),
        q @ (b'"' | b'\'') => match quoted_end(b, v, q) {
            Some(end) => {
                let style = if q == b'"' { Style::Double } else { Style::Single };
                closed(end, Head::Scalar(style, v..end))
            }
            None => (Head::Open, None),
        },
        o @ (b'[' | b'{') => match flow_end(b, v) {
            Some((_, firsts)) if firsts.iter().any(|c| matches!(c, b'&' | b'*' | b'!')) => (Head::Node, None),
            Some((end, _)) => closed(end, Head::Flow { seq: o == b'[', range: v..end }),
            None => (Head::Open, None),
        },
        b'|' | b'>' => {
            let mut e = v + 1;
            while e < b.len() && matches!(b[e], b'+' | b'-' | b'0'..=b'9') {
                e += 1;
            }
            let indicator = &line[v + 1..e];
            let indent = indicator.chars().find_map(|c| c.to_digit(10)).map(|d| d as usize);
            closed(e, Head::Block { keep: indicator.contains('+'), indent })
        }
        b'&' | b'*' | b'!' => (Head::Node, None),
        _ => {
            let mut stop = b.len();
            for i in v + 1..b.len() {
                if b[i] == b'#' && is_ws(b[i - 1]) {
                    stop = i;
                    break;
                }
            }
            let end = v + line[v..stop].trim_end_matches([' ', '\t']).len();
            (Head::Scalar(Style::Plain, v..end), (stop < b.len()).then_some(end))
        }
    }
}

// ---------------------------------------------------------------------------------------
// Writing values.

/// Whether `written` reads back as the string `s` as a block mapping value (before a
/// comment), a flow list item, or a block list item.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    Value,
    FlowItem,
    BlockItem,
}

fn reads_back(written: &str, s: &str, ctx: Context) -> bool {
    let want = Yaml::Str(s.to_string());
    let doc = match ctx {
        Context::Value => format!("k: {written} #\n"),
        Context::FlowItem => format!("k: [x, {written}, x] #\n"),
        Context::BlockItem => format!("k:\n  - {written} #\n"),
    };
    match (yaml::parse(&doc), ctx) {
        (Ok(Yaml::Map(m)), Context::Value) => m.len() == 1 && m[0].1 == want,
        (Ok(Yaml::Map(m)), Context::FlowItem) => {
            m.len() == 1 && m[0].1 == Yaml::Seq(vec![Yaml::Str("x".into()), want, Yaml::Str("x".into())])
        }
        (Ok(Yaml::Map(m)), Context::BlockItem) => m.len() == 1 && m[0].1 == Yaml::Seq(vec![want]),
        _ => false,
    }
}

fn single_quoted(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{85}' => out.push_str("\\N"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            c if (c as u32) < 0x20 || ('\u{7f}'..='\u{9f}').contains(&c) => {
                out.push_str(&format!("\\x{:02X}", c as u32));
            }
            '\u{feff}' | '\u{fffe}' | '\u{ffff}' => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `s` written in `style` when that reads back as `s`, else with the least quoting that
/// does, on one line and without raw control characters (tabs, line breaks are escaped).
fn write_text(key: &str, s: &str, style: Style, ctx: Context) -> Result<String, EditError> {
    let candidate = |style: Style| match style {
        Style::Plain => s.to_string(),
        Style::Single => single_quoted(s),
        Style::Double => double_quoted(s),
    };
    let mut tries = vec![candidate(style), candidate(Style::Plain)];
    if ctx != Context::FlowItem {
        tries.push(yaml::quote_str(s));
    }
    tries.extend([candidate(Style::Single), candidate(Style::Double)]);
    tries.into_iter().find(|w| !w.contains(char::is_control) && reads_back(w, s, ctx)).ok_or_else(|| {
        EditError::InvalidValue { key: key.to_string(), reason: "the text cannot be written in YAML".into() }
    })
}

/// How a flow list is written: padding inside the brackets, separator, preferred quotes.
#[derive(Debug, Clone, PartialEq, Eq)]
struct FlowStyle {
    pad: bool,
    sep: &'static str,
    quote: Style,
}

impl FlowStyle {
    const DEFAULT: FlowStyle = FlowStyle { pad: false, sep: ", ", quote: Style::Single };

    fn of(flow: &str) -> FlowStyle {
        let inner = flow.get(1..flow.len().saturating_sub(1)).unwrap_or("");
        let quote = match flow_end(flow.as_bytes(), 0) {
            Some((_, firsts)) if firsts.contains(&b'"') && !firsts.contains(&b'\'') => Style::Double,
            _ => Style::Single,
        };
        if inner.trim().is_empty() {
            return FlowStyle { quote, ..FlowStyle::DEFAULT };
        }
        let sep = if inner.contains(", ") || !inner.contains(',') { ", " } else { "," };
        FlowStyle { pad: inner.starts_with(' '), sep, quote }
    }

    fn write(&self, key: &str, items: &[String]) -> Result<String, EditError> {
        if items.is_empty() {
            return Ok("[]".into());
        }
        let written = items
            .iter()
            .map(|s| {
                if !s.contains(char::is_control) && reads_back(s, s, Context::FlowItem) {
                    Ok(s.clone())
                } else {
                    write_text(key, s, self.quote, Context::FlowItem)
                }
            })
            .collect::<Result<Vec<_>, _>>()?;
        let pad = if self.pad { " " } else { "" };
        Ok(format!("[{pad}{}{pad}]", written.join(self.sep)))
    }
}

/// The value `value` reads back as, once written.
fn expected(key: &str, value: &Value) -> Result<Yaml, EditError> {
    Ok(match value {
        Value::Text(s) => Yaml::Str(s.clone()),
        Value::Integer(n) => Yaml::UInt(*n),
        Value::Number(t) => {
            let bad = || EditError::InvalidValue { key: key.to_string(), reason: format!("`{t}` is not a number") };
            if t.is_empty() || t.contains(['\n', '\r', '#', ' ', '\t']) {
                return Err(bad());
            }
            match yaml::parse(&format!("k: {t}\n")) {
                Ok(Yaml::Map(m)) if m.len() == 1 => match &m[0].1 {
                    Yaml::Float(f) if !f.is_finite() => return Err(bad()),
                    v @ (Yaml::Int(_) | Yaml::UInt(_) | Yaml::Float(_)) => v.clone(),
                    _ => return Err(bad()),
                },
                _ => return Err(bad()),
            }
        }
        Value::List(items) => Yaml::Seq(items.iter().map(|s| Yaml::Str(s.clone())).collect()),
        Value::Null => Yaml::Null,
    })
}

/// `value` written on a key line whose old value was in `style` (or a flow list in `flow`).
fn write_value(key: &str, value: &Value, style: Style, flow: &FlowStyle) -> Result<String, EditError> {
    Ok(match value {
        Value::Text(s) => write_text(key, s, style, Context::Value)?,
        Value::Integer(n) => n.to_string(),
        Value::Number(t) => t.clone(),
        Value::List(items) => flow.write(key, items)?,
        Value::Null => String::new(),
    })
}

/// The key as written on a new line.
fn write_key(key: &str) -> Result<String, EditError> {
    let bad = |reason: &str| EditError::InvalidKey { key: key.to_string(), reason: reason.to_string() };
    if key.is_empty() {
        return Err(bad("it is empty"));
    }
    if key.contains(['\n', '\r']) {
        return Err(bad("it contains a line break"));
    }
    let reads = |w: &str| match yaml::parse(&format!("{w}: x\n")) {
        Ok(Yaml::Map(m)) => m.len() == 1 && m[0].0 == Yaml::Str(key.to_string()),
        _ => false,
    };
    [key.to_string(), single_quoted(key), double_quoted(key)]
        .into_iter()
        .find(|w| !w.contains(char::is_control) && key_colon(&format!("{w}: x")).is_some() && reads(w))
        .ok_or_else(|| bad("it cannot be written as a YAML key"))
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
fn item_prefix(line: &str) -> Option<&str> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let rest = &line[indent..];
    let after = rest.strip_prefix('-')?;
    let gap = after.len() - after.trim_start_matches([' ', '\t']).len();
    (gap > 0 && gap < after.len()).then(|| &line[..indent + 1 + gap])
}

/// One `- value` line of a block list whose value is a one-line scalar.
struct Item {
    line: usize,
    /// Length of the `  - ` prefix.
    prefix: usize,
    style: Style,
    range: Range<usize>,
}

/// The entry's block list items when every item is a one-line scalar on its own line at the
/// same indentation (comment and blank lines in between are fine); `None` otherwise.
fn block_items(doc: &Doc, entry: &Entry, key: &str, values: &[Yaml]) -> Result<Option<Vec<Item>>, EditError> {
    let mut items: Vec<Item> = Vec::new();
    for i in entry.line + 1..=entry.end {
        if matches!(doc.kinds[i], Kind::Blank | Kind::Comment) {
            continue;
        }
        let text = doc.line_text(i);
        let Some(prefix) = item_prefix(text) else { return Ok(None) };
        if items.first().is_some_and(|first| doc.line_text(first.line)[..first.prefix] != *prefix) {
            return Ok(None);
        }
        match head(text, prefix.len()) {
            (Head::Node, _) => {
                return Err(unsupported(doc, key, entry, "a list item has an anchor, alias or tag"));
            }
            (Head::Scalar(style, range), _) => items.push(Item { line: i, prefix: prefix.len(), style, range }),
            _ => return Ok(None),
        }
    }
    let scalars = values.iter().all(|v| !matches!(v, Yaml::Seq(_) | Yaml::Map(_)));
    Ok((scalars && items.len() == values.len()).then_some(items))
}

/// Edits a block list item by item: the items equal at both ends stay, changed ones are
/// rewritten in place, extra old ones removed, extra new ones inserted.
fn block_list_edit(
    doc: &Doc,
    entry: &Entry,
    key: &str,
    values: &[Yaml],
    old: &[Item],
    new: &[String],
) -> Result<Vec<Splice>, EditError> {
    let mut splices = Vec::new();
    let line_splice = |item: &Item, with: String| {
        let l = doc.lines[item.line];
        Splice { range: l.start + item.range.start..l.start + item.range.end, with }
    };
    let delete = |item: &Item| {
        let l = doc.lines[item.line];
        Splice { range: l.start..l.next, with: String::new() }
    };
    if new.is_empty() {
        // A block list cannot be empty: `key: []`, item lines removed, comments kept.
        let at = doc.lines[entry.line].start + entry.colon + 1;
        splices.push(Splice { range: at..at, with: " []".into() });
        splices.extend(old.iter().map(delete));
        return Ok(splices);
    }
    let equal = |i: usize, j: usize| values[i] == Yaml::Str(new[j].clone());
    let (n, m) = (old.len(), new.len());
    let mut p = 0;
    while p < n && p < m && equal(p, p) {
        p += 1;
    }
    let mut s = 0;
    while s < n - p && s < m - p && equal(n - 1 - s, m - 1 - s) {
        s += 1;
    }
    let (old_mid, new_mid) = (p..n - s, p..m - s);
    let paired = old_mid.len().min(new_mid.len());
    for k in 0..paired {
        let item = &old[p + k];
        let written = write_text(key, &new[p + k], item.style, Context::BlockItem)?;
        splices.push(line_splice(item, written));
    }
    splices.extend(old[p + paired..n - s].iter().map(delete));
    if new_mid.len() > paired {
        // Insert after the last kept or rewritten item before the gap, else before the first.
        let (template, at) = if p + paired > 0 {
            let t = &old[p + paired - 1];
            (t, doc.lines[t.line].next)
        } else {
            (&old[0], doc.lines[old[0].line].start)
        };
        let prefix = &doc.line_text(template.line)[..template.prefix];
        let term = doc.term(template.line);
        let mut with = String::new();
        for item in &new[p + paired..m - s] {
            let written = write_text(key, item, template.style, Context::BlockItem)?;
            with.push_str(&format!("{prefix}{written}{term}"));
        }
        splices.push(Splice { range: at..at, with });
    }
    Ok(splices)
}

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
mod tests {
    use super::*;

    fn set(key: &str, value: Value) -> Edit {
        Edit::Set { key: key.to_string(), value }
    }
    fn text(s: &str) -> Value {
        Value::Text(s.to_string())
    }
    fn list(items: &[&str]) -> Value {
        Value::List(items.iter().map(|s| s.to_string()).collect())
    }
    fn unset(key: &str) -> Edit {
        Edit::Unset { key: key.to_string() }
    }
    fn ok(file: &str, edits: &[Edit]) -> String {
        match apply(file, edits) {
            Ok(out) => out,
            Err(e) => panic!("{e} ({e:?})\n{file}"),
        }
    }
    fn err(file: &str, edit: Edit) -> EditError {
        match apply(file, &[edit]) {
            Ok(out) => panic!("expected an error, got:\n{out}"),
            Err(e) => e,
        }
    }

    /// (removed, added) lines between `old` and `new`, after their common first and last lines.
    fn changed(old: &str, new: &str) -> (Vec<String>, Vec<String>) {
        let a: Vec<&str> = old.split_inclusive('\n').collect();
        let b: Vec<&str> = new.split_inclusive('\n').collect();
        let mut p = 0;
        while p < a.len() && p < b.len() && a[p] == b[p] {
            p += 1;
        }
        let mut s = 0;
        while s < a.len() - p && s < b.len() - p && a[a.len() - 1 - s] == b[b.len() - 1 - s] {
            s += 1;
        }
        let own = |v: &[&str]| v.iter().map(|l| l.to_string()).collect();
        (own(&a[p..a.len() - s]), own(&b[p..b.len() - s]))
    }

    const STORY: &str = "---\n\
        # Owned by the payments team\n\
        id: S-101\n\
        title: 'Design subscription UI'\n\
        status:  todo   # workflow state\n\
        initiative: subscriptions\n\
        priority: 2\n\
        estimate: \"3\"\n\
        assignee: dana\n\
        x-jira: PAY-77   # unknown field, kept\n\
        labels: [ui, subscriptions]\n\
        depends_on:\n\
        \x20 - S-100\n\
        \x20 # S-099 was dropped\n\
        \x20 - S-098\n\
        \n\
        # end of fields\n\
        ---\n\
        As a customer I want a weekly plan.\n\
        \n\
        ---\n\
        \n\
        ## Acceptance criteria\n\
        - [ ] Plan picker\n";

    #[test]
    fn replacing_a_scalar_changes_only_its_value() {
        let out = ok(STORY, &[set("status", text("in-progress"))]);
        assert_eq!(out, STORY.replace("status:  todo   # workflow", "status:  in-progress   # workflow"));
        let out = ok(STORY, &[set("assignee", text("eve"))]);
        assert_eq!(out, STORY.replace("assignee: dana\n", "assignee: eve\n"));
        let out = ok(STORY, &[set("x-jira", text("PAY-78"))]);
        assert_eq!(
            changed(STORY, &out),
            (
                vec!["x-jira: PAY-77   # unknown field, kept\n".into()],
                vec!["x-jira: PAY-78   # unknown field, kept\n".into()]
            )
        );
    }

    #[test]
    fn quote_style_is_kept_when_possible() {
        // single stays single, '' escaping included
        let out = ok(STORY, &[set("title", text("Ship the plan's picker"))]);
        assert!(out.contains("\ntitle: 'Ship the plan''s picker'\n"), "{out}");
        // double stays double
        let file = "---\ntitle: \"Old\"\n---\n";
        assert_eq!(
            ok(file, &[set("title", text("Say \"hi\" \\ bye"))]),
            "---\ntitle: \"Say \\\"hi\\\" \\\\ bye\"\n---\n"
        );
        // plain stays plain when it reads back the same
        let file = "---\ntitle: Old title\n---\n";
        assert_eq!(ok(file, &[set("title", text("New: better? yes"))]), "---\ntitle: 'New: better? yes'\n---\n");
        assert_eq!(ok(file, &[set("title", text("Fix #12 now"))]), "---\ntitle: 'Fix #12 now'\n---\n");
        assert_eq!(ok(file, &[set("title", text("C# rocks"))]), "---\ntitle: C# rocks\n---\n");
        assert_eq!(ok(file, &[set("title", text("2026"))]), "---\ntitle: '2026'\n---\n");
        assert_eq!(ok(file, &[set("title", text("true"))]), "---\ntitle: 'true'\n---\n");
        assert_eq!(ok(file, &[set("title", text(""))]), "---\ntitle: ''\n---\n");
        // a line break never spreads the value over lines
        assert_eq!(ok(file, &[set("title", text("two\nlines"))]), "---\ntitle: \"two\\nlines\"\n---\n");
        let file = "---\ntitle: 'Old'\n---\n";
        assert_eq!(ok(file, &[set("title", text("tab\there"))]), "---\ntitle: \"tab\\there\"\n---\n");
        // a trailing comment is considered when choosing plain
        let file = "---\ntitle: Old # note\n---\n";
        assert_eq!(ok(file, &[set("title", text("ends with:"))]), "---\ntitle: 'ends with:' # note\n---\n");
    }

    #[test]
    fn numbers_are_written_plain() {
        let out = ok(STORY, &[set("priority", Value::Integer(1)), set("estimate", Value::Number("0.5".into()))]);
        let (removed, added) = changed(STORY, &out);
        assert_eq!(removed, vec!["priority: 2\n", "estimate: \"3\"\n"]);
        assert_eq!(added, vec!["priority: 1\n", "estimate: 0.5\n"]);
        for bad in ["abc", "1 # x", ".nan", "", "1\n2", "[1]"] {
            let e = err(STORY, set("estimate", Value::Number(bad.into())));
            assert!(matches!(e, EditError::InvalidValue { .. }), "{bad}: {e:?}");
        }
        assert_eq!(ok(STORY, &[set("estimate", Value::Number("-2".into()))]), STORY.replace("\"3\"", "-2"));
    }

    #[test]
    fn null_empties_the_value_and_keeps_the_comment() {
        let out = ok(STORY, &[set("x-jira", Value::Null)]);
        assert_eq!(out, STORY.replace("x-jira: PAY-77   # unknown", "x-jira:   # unknown"));
        let out = ok(STORY, &[set("assignee", Value::Null)]);
        assert_eq!(out, STORY.replace("assignee: dana\n", "assignee:\n"));
        // and back
        let file = "---\nassignee:\nstatus: todo\n---\n";
        assert_eq!(ok(file, &[set("assignee", text("dana"))]), "---\nassignee: dana\nstatus: todo\n---\n");
        let file = "---\nassignee:  # who\n---\n";
        assert_eq!(ok(file, &[set("assignee", text("dana"))]), "---\nassignee: dana  # who\n---\n");
    }

    #[test]
    fn a_multi_line_value_is_replaced_as_a_whole_entry() {
        let file = "---\nid: a\ntitle: >- # folded\n  A long title\n\n  over lines\n  # not a comment\nstatus: todo\n---\nbody\n";
        let out = ok(file, &[set("title", text("Short"))]);
        assert_eq!(out, "---\nid: a\ntitle: Short # folded\nstatus: todo\n---\nbody\n");
        let file = "---\ntitle: \"a long\nquoted: title\"\nstatus: todo\n---\n";
        // A quoted value going on at column 0 looks like a key: refused, not guessed.
        assert!(matches!(err(file, set("title", text("x"))), EditError::Layout { .. }));
        let file = "---\ntitle: \"a long\n  quoted title\"\nstatus: todo\n---\n";
        assert_eq!(ok(file, &[set("title", text("x"))]), "---\ntitle: x\nstatus: todo\n---\n");
        let file = "---\ntitle: plain over\n  two lines\nstatus: todo\n---\n";
        assert_eq!(ok(file, &[set("title", text("x"))]), "---\ntitle: x\nstatus: todo\n---\n");
        let file = "---\nmeta:\n  a: 1\n  b: [2]\nstatus: todo\n---\n";
        assert_eq!(ok(file, &[set("meta", Value::Integer(3))]), "---\nmeta: 3\nstatus: todo\n---\n");
    }

    #[test]
    fn a_comment_less_indented_than_block_text_is_not_the_text() {
        let file = "---\nnotes: |\n    text\n    # text too\n  # a comment\nstatus: todo\n---\n";
        assert_eq!(ok(file, &[set("notes", text("x"))]), "---\nnotes: x\n  # a comment\nstatus: todo\n---\n");
        let file = "---\nnotes: |2\n    text\n  # text too\nstatus: todo\n---\n";
        assert_eq!(ok(file, &[set("notes", text("x"))]), "---\nnotes: x\nstatus: todo\n---\n");
        // Unsetting `b` would turn the comment into more of `notes`' text: refused.
        let file = "---\nnotes: |\n  text\nb: 1\n  # text if b goes\nc: 2\n---\n";
        assert_eq!(err(file, unset("b")), EditError::Verification { key: "b".into() });
    }

    #[test]
    fn flow_lists_stay_flow_in_their_own_spacing() {
        let out = ok(STORY, &[set("labels", list(&["ui", "billing, EU", "subscriptions"]))]);
        assert_eq!(out, STORY.replace("[ui, subscriptions]", "[ui, 'billing, EU', subscriptions]"));
        let file = "---\nlabels: [ a,b ]  # themes\n---\n";
        assert_eq!(ok(file, &[set("labels", list(&["a", "c", "d"]))]), "---\nlabels: [ a,c,d ]  # themes\n---\n");
        let file = "---\nlabels: [\"a\", b]\n---\n";
        assert_eq!(ok(file, &[set("labels", list(&["a", "x]"]))]), "---\nlabels: [a, \"x]\"]\n---\n");
        assert_eq!(ok(file, &[set("labels", list(&[]))]), "---\nlabels: []\n---\n");
        let file = "---\nlabels: []\n---\n";
        assert_eq!(ok(file, &[set("labels", list(&["a b", "it's"]))]), "---\nlabels: [a b, it's]\n---\n");
        // a scalar becoming a list, and a list becoming a scalar
        assert_eq!(
            ok(STORY, &[set("assignee", list(&["dana", "eve"]))]),
            STORY.replace("assignee: dana", "assignee: [dana, eve]")
        );
        assert_eq!(ok(STORY, &[set("labels", text("ui"))]), STORY.replace("labels: [ui, subscriptions]", "labels: ui"));
    }

    #[test]
    fn block_lists_are_edited_item_by_item() {
        // add at the end: one added line, in the list's indentation
        let out = ok(STORY, &[set("depends_on", list(&["S-100", "S-098", "S-097"]))]);
        assert_eq!(changed(STORY, &out), (vec![], vec!["  - S-097\n".to_string()]));
        // rename one: one changed line, the comment between items kept
        let out = ok(STORY, &[set("depends_on", list(&["S-100", "S-090"]))]);
        assert_eq!(changed(STORY, &out), (vec!["  - S-098\n".into()], vec!["  - S-090\n".into()]));
        // remove one
        let out = ok(STORY, &[set("depends_on", list(&["S-098"]))]);
        assert_eq!(changed(STORY, &out), (vec!["  - S-100\n".into()], vec![]));
        // add at the start
        let out = ok(STORY, &[set("depends_on", list(&["S-001", "S-100", "S-098"]))]);
        assert_eq!(changed(STORY, &out), (vec![], vec!["  - S-001\n".into()]));
        assert!(out.contains("depends_on:\n  - S-001\n  - S-100\n  # S-099 was dropped\n  - S-098\n"), "{out}");
        // empty: `[]`, comment lines kept
        let out = ok(STORY, &[set("depends_on", list(&[]))]);
        assert!(out.contains("\ndepends_on: []\n  # S-099 was dropped\n\n# end of fields\n"), "{out}");
    }

    #[test]
    fn block_lists_keep_indentation_dash_spacing_and_quotes() {
        let file = "---\nlabels:\n- a\n- 'b c'   # second\nstatus: todo\n---\n";
        let out = ok(file, &[set("labels", list(&["a", "x: y", "z"]))]);
        assert_eq!(out, "---\nlabels:\n- a\n- 'x: y'   # second\n- 'z'\nstatus: todo\n---\n");
        let file = "---\nlabels:\r\n    -   \"a\"\r\n---\r\n";
        let out = ok(file, &[set("labels", list(&["a", "b"]))]);
        assert_eq!(out, "---\nlabels:\r\n    -   \"a\"\r\n    -   \"b\"\r\n---\r\n");
        // items that are not one-line scalars: the entry is rewritten, still a block list
        let file = "---\nlabels:\n  - name: a\n  - b\nstatus: todo\n---\n";
        assert_eq!(ok(file, &[set("labels", list(&["a"]))]), "---\nlabels:\n  - a\nstatus: todo\n---\n");
    }

    #[test]
    fn a_new_key_is_one_line_after_the_last_entry() {
        let out = ok(STORY, &[set("sprint", text("2026-W48"))]);
        assert_eq!(changed(STORY, &out), (vec![], vec!["sprint: 2026-W48\n".into()]));
        assert!(out.contains("  - S-098\nsprint: 2026-W48\n\n# end of fields\n---\n"), "{out}");
        let out = ok(STORY, &[set("reviewers", list(&["ann", "bo"]))]);
        assert_eq!(changed(STORY, &out), (vec![], vec!["reviewers: [ann, bo]\n".into()]));
        let out = ok(STORY, &[set("sprint", text("12"))]);
        assert!(out.contains("\nsprint: '12'\n"), "{out}");
        let out = ok(STORY, &[set("odd key: x", Value::Integer(1))]);
        assert!(out.contains("\n'odd key: x': 1\n"), "{out}");
        let out = ok(STORY, &[set("tab\tkey", Value::Integer(1))]);
        assert!(out.contains("\n\"tab\\tkey\": 1\n"), "{out}");
        assert!(matches!(err(STORY, set("", text("x"))), EditError::InvalidKey { .. }));
        // empty blocks, comment-only blocks
        assert_eq!(ok("---\n---\nbody\n", &[set("id", text("a"))]), "---\nid: a\n---\nbody\n");
        assert_eq!(ok("---\r\n# c\r\n...\r\n", &[set("id", text("a"))]), "---\r\n# c\r\nid: a\r\n...\r\n");
        // after a kept-trailing-newline block scalar, its blank lines stay its own
        let file = "---\nnotes: |+\n  text\n\n---\n";
        assert_eq!(ok(file, &[set("id", text("a"))]), "---\nnotes: |+\n  text\n\nid: a\n---\n");
        let file = "---\nnotes: |\n  text\n\n---\n";
        assert_eq!(ok(file, &[set("id", text("a"))]), "---\nnotes: |\n  text\nid: a\n\n---\n");
    }

    #[test]
    fn unset_removes_the_whole_entry_and_nothing_else() {
        let out = ok(STORY, &[unset("depends_on")]);
        assert_eq!(out, STORY.replace("depends_on:\n  - S-100\n  # S-099 was dropped\n  - S-098\n", ""));
        let out = ok(STORY, &[unset("status")]);
        assert_eq!(changed(STORY, &out), (vec!["status:  todo   # workflow state\n".into()], vec![]));
        let done = apply_detailed(STORY, &[unset("sprint")]).unwrap();
        assert_eq!((done.text.as_str(), done.outcomes), (STORY, vec![Outcome::Missing]));
        assert_eq!(ok("---\nid: a\n# bye\n---\n", &[unset("id")]), "---\n# bye\n---\n");
    }

    #[test]
    fn outcomes_and_no_op_sets() {
        let done = apply_detailed(
            STORY,
            &[set("status", text("todo")), set("status", text("done")), set("sprint", text("s1")), unset("x-jira")],
        )
        .unwrap();
        assert_eq!(done.outcomes, vec![Outcome::Unchanged, Outcome::Replaced, Outcome::Added, Outcome::Removed]);
        assert_eq!(ok(STORY, &[set("labels", list(&["ui", "subscriptions"]))]), STORY);
        assert_eq!(ok(STORY, &[set("priority", Value::Number("2".into()))]), STORY);
        // `estimate: "3"` is the text "3": setting the number 3 is a change
        assert_ne!(ok(STORY, &[set("estimate", Value::Integer(3))]), STORY);
    }

    #[test]
    fn crlf_bom_closer_and_body_are_kept() {
        let file = "\u{feff}---\r\nid: a\r\nstatus: todo\r\n...\r\nbody\r\n---\r\nmore\n";
        let out = ok(file, &[set("status", text("done")), set("sprint", text("s1"))]);
        assert_eq!(out, "\u{feff}---\r\nid: a\r\nstatus: done\r\nsprint: s1\r\n...\r\nbody\r\n---\r\nmore\n");
        let out = ok(file, &[unset("id")]);
        assert_eq!(out, "\u{feff}---\r\nstatus: todo\r\n...\r\nbody\r\n---\r\nmore\n");
        // a body without a final line break
        assert_eq!(ok("---\nid: a\n---", &[set("id", text("b"))]), "---\nid: b\n---");
    }

    #[test]
    fn quoted_keys_keep_their_spelling() {
        let file = "---\n\"status\" : todo\n'title': x\n---\n";
        assert_eq!(
            ok(file, &[set("status", text("done")), set("title", text("y"))]),
            "---\n\"status\" : done\n'title': y\n---\n"
        );
    }

    #[test]
    fn refuses_what_it_cannot_edit_safely() {
        assert_eq!(err("# Title\n", set("a", text("b"))), EditError::NoFrontMatter);
        assert_eq!(err("", set("a", text("b"))), EditError::NoFrontMatter);
        assert_eq!(err("---\nid: a\n", set("a", text("b"))), EditError::Unterminated);
        assert_eq!(err("---\n- a\n- b\n---\n", set("a", text("b"))), EditError::NotAMapping { line: 2 });
        assert_eq!(err("---\njust text\n---\n", set("a", text("b"))), EditError::NotAMapping { line: 2 });
        let e = err("---\nid: a\ntitle: x\nid: b\n---\n", set("title", text("y")));
        assert_eq!(e, EditError::DuplicateKey { key: "id".into(), line: 4 });
        let e = err("---\nid: a\ntitle: [x\n---\n", set("id", text("y")));
        assert!(matches!(e, EditError::Yaml { line: Some(_), .. }), "{e:?}");
        let e = err("---\n{id: a, title: x}\n---\n", set("id", text("y")));
        assert!(matches!(e, EditError::Layout { line: 2, .. }), "{e:?}");
        let e = err("---\nid: a\n? title\n: x\n---\n", set("id", text("y")));
        assert!(matches!(e, EditError::Layout { .. }), "{e:?}");
        for value in ["&x a", "*x", "!!str 1", "[&x a]"] {
            let file = format!("---\nbase: &x a\ntitle: {value}\n---\n");
            let e = err(&file, set("title", text("y")));
            assert!(matches!(e, EditError::Unsupported { line: 3, .. }), "{value}: {e:?}");
        }
        let e = err("---\nlabels:\n  - &x a\n---\n", set("labels", list(&["b"])));
        assert!(matches!(e, EditError::Unsupported { line: 2, .. }), "{e:?}");
        let e = err("---\nbase: &x a\nother: *x\n---\n", unset("base"));
        assert!(matches!(e, EditError::Unsupported { line: 2, .. }), "{e:?}");
        // removing an alias is fine
        assert_eq!(ok("---\nbase: &x a\nother: *x\n---\n", &[unset("other")]), "---\nbase: &x a\n---\n");
        let e = err("---\n1: a\n---\n", set("1", text("b")));
        assert!(matches!(e, EditError::Unsupported { line: 2, .. }), "{e:?}");
        assert!(e.to_string().contains("an integer"), "{e}");
    }

    #[test]
    fn errors_say_what_and_where() {
        let e = EditError::DuplicateKey { key: "id".into(), line: 4 };
        assert_eq!(e.to_string(), "the key `id` appears more than once in the front matter");
        assert_eq!(e.line(), Some(4));
        assert_eq!(EditError::NoFrontMatter.line(), None);
    }

    #[test]
    fn the_unified_diff_is_git_style() {
        let old = "---\nid: a\ntitle: t\nstatus: todo\nx: 1\ny: 2\nz: 3\nw: 4\n---\nbody\n";
        let new = ok(old, &[set("status", text("done"))]);
        let diff = unified_diff("backlog/a.md", old, &new);
        assert_eq!(
            diff,
            "--- a/backlog/a.md\n+++ b/backlog/a.md\n@@ -1,7 +1,7 @@\n ---\n id: a\n title: t\n-status: todo\n+status: done\n x: 1\n y: 2\n z: 3\n"
        );
        assert_eq!(unified_diff("a.md", old, old), "");
        let diff = unified_diff("a.md", "---\r\nid: a\r\n---", "---\r\nid: b\r\n---");
        assert_eq!(
            diff,
            "--- a/a.md\n+++ b/a.md\n@@ -1,3 +1,3 @@\n ---\r\n-id: a\r\n+id: b\r\n ---\n\\ No newline at end of file\n"
        );
    }

    /// Runs git in `dir`, returning stdout; panics with stderr on failure.
    fn git(dir: &std::path::Path, args: &[&str]) -> String {
        let out = std::process::Command::new("git")
            .args(["-c", "core.autocrlf=false", "-c", "core.safecrlf=false"])
            .args(args)
            .current_dir(dir)
            .output()
            .expect("the git command line is installed");
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    #[test]
    fn git_sees_one_changed_line_and_applies_the_dry_run_diff() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        git(d, &["init", "-q"]);
        let crlf = STORY.replace('\n', "\r\n");
        let cases: Vec<(&str, String, Vec<Edit>, &str)> = vec![
            ("scalar.md", STORY.to_string(), vec![set("status", text("done"))], "1\t1\t"),
            ("crlf.md", crlf.clone(), vec![set("title", text("New title"))], "1\t1\t"),
            ("bom.md", format!("\u{feff}{crlf}"), vec![set("assignee", text("eve"))], "1\t1\t"),
            ("new.md", STORY.to_string(), vec![set("sprint", text("s1"))], "1\t0\t"),
            ("item.md", STORY.to_string(), vec![set("depends_on", list(&["S-100", "S-098", "S-1"]))], "1\t0\t"),
            ("unset.md", STORY.to_string(), vec![unset("depends_on")], "0\t4\t"),
        ];
        for (name, old, _, _) in &cases {
            std::fs::write(d.join(name), old).unwrap();
        }
        git(d, &["add", "."]);
        for (name, old, edits, numstat) in &cases {
            let new = ok(old, edits);
            std::fs::write(d.join(name), &new).unwrap();
            assert_eq!(git(d, &["diff", "--numstat", "--", name]), format!("{numstat}{name}\n"), "{name}");
            // `--dry-run` output applies to the old file and gives the new one
            std::fs::write(d.join(name), old).unwrap();
            std::fs::write(d.join("patch.diff"), unified_diff(name, old, &new)).unwrap();
            git(d, &["apply", "--whitespace=nowarn", "patch.diff"]);
            assert_eq!(std::fs::read_to_string(d.join(name)).unwrap(), new, "{name}");
        }
    }
}

#[cfg(test)]
mod properties {
    //! Generated front matter (comments, three quoting styles, flow and block lists, folded
    //! text, unknown keys, CRLF, BOM, `...` closer, a body with `---` rules) and one generated
    //! change: the edit must parse to the old fields plus the change, keep every other byte,
    //! and change only the changed key's lines.

    use super::*;
    use proptest::prelude::*;

    #[derive(Debug, Clone)]
    enum Val {
        Plain(String),
        Single(String),
        Double(String),
        Int(u64),
        Flow(Vec<String>),
        /// A block list: items, indentation, blanks after the dash, a comment line after item 0.
        Block(Vec<String>, usize, usize, bool),
        /// `key: >-` and lines.
        Folded(Vec<String>),
    }

    #[derive(Debug, Clone)]
    struct Field {
        key: String,
        val: Val,
        gap: usize,
        comment: Option<String>,
        /// A comment or blank line before the field.
        before: Option<String>,
    }

    #[derive(Debug, Clone)]
    struct File {
        fields: Vec<Field>,
        trailing: Vec<String>,
        crlf: bool,
        bom: bool,
        dots: bool,
        body: String,
    }

    #[derive(Debug, Clone)]
    enum Change {
        Text(prop::sample::Index, Option<String>, String),
        Int(prop::sample::Index, Option<String>, u64),
        List(prop::sample::Index, Option<String>, Vec<String>),
        Unset(prop::sample::Index),
    }

    const RESERVED: [&str; 3] = ["true", "false", "null"];

    fn word() -> impl Strategy<Value = String> {
        "[a-z][a-z0-9-]{0,7}".prop_filter("not a YAML word", |s| !RESERVED.contains(&s.as_str()))
    }

    fn key() -> impl Strategy<Value = String> {
        "[a-z][a-z_-]{0,7}".prop_filter("not a YAML word", |s| !RESERVED.contains(&s.as_str()))
    }

    fn plain_text() -> impl Strategy<Value = String> {
        "[a-z][a-z0-9 ._-]{0,10}[a-z0-9]".prop_filter("plain", |s| !RESERVED.contains(&s.as_str()))
    }

    fn any_text() -> impl Strategy<Value = String> {
        prop_oneof![plain_text(), "[ -~]{0,12}", "[a-zé'\" :#,\\[\\]{}&*!|>\n\t-]{0,10}"]
    }

    fn item() -> impl Strategy<Value = String> {
        prop_oneof![3 => word(), 1 => "[a-z0-9 ,:#'\"-]{1,6}"]
    }

    fn val() -> impl Strategy<Value = Val> {
        prop_oneof![
            plain_text().prop_map(Val::Plain),
            "[a-zA-Z0-9 ,:#'\"\\[\\]{}-]{0,10}".prop_map(Val::Single),
            "[a-zA-Z0-9 ,:#'\"\\\\\\[\\]{}-]{0,10}".prop_map(Val::Double),
            (0u64..10_000).prop_map(Val::Int),
            prop::collection::vec(item(), 0..4).prop_map(Val::Flow),
            (prop::collection::vec(item(), 1..4), 0usize..4, 1usize..3, any::<bool>())
                .prop_map(|(v, i, g, c)| Val::Block(v, i, g, c)),
            prop::collection::vec(plain_text(), 1..3).prop_map(Val::Folded),
        ]
    }

    fn field() -> impl Strategy<Value = Field> {
        (
            val(),
            1usize..3,
            prop::option::of("[a-z #]{0,8}"),
            // indented by one space: less than any value's text, so always a comment
            prop::option::of(prop_oneof![Just(String::new()), "# [a-z :-]{0,10}", " # [a-z]{0,5}"]),
        )
            .prop_map(|(val, gap, comment, before)| Field { key: String::new(), val, gap, comment, before })
    }

    fn file() -> impl Strategy<Value = File> {
        (
            prop::collection::btree_set(key(), 0..7),
            prop::collection::vec(field(), 7),
            prop::collection::vec(prop_oneof![Just(String::new()), "# [a-z: ]{0,10}"], 0..3),
            (any::<bool>(), any::<bool>(), any::<bool>()),
            prop::collection::vec(prop_oneof!["[a-zA-Z #:-]{0,20}", Just("---".to_string())], 0..5),
        )
            .prop_map(|(keys, fields, trailing, (crlf, bom, dots), body)| File {
                fields: keys.into_iter().zip(fields).map(|(key, f)| Field { key, ..f }).collect(),
                trailing,
                crlf,
                bom,
                dots,
                body: body.join("\n"),
            })
    }

    fn change() -> impl Strategy<Value = Change> {
        let target = || (any::<prop::sample::Index>(), prop::option::of(key()));
        prop_oneof![
            (target(), any_text()).prop_map(|((i, k), t)| Change::Text(i, k, t)),
            (target(), 0u64..100).prop_map(|((i, k), n)| Change::Int(i, k, n)),
            (target(), prop::collection::vec(item(), 0..5)).prop_map(|((i, k), v)| Change::List(i, k, v)),
            any::<prop::sample::Index>().prop_map(Change::Unset),
        ]
    }

    fn item_text(s: &str) -> String {
        if s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && s.starts_with(|c: char| c.is_ascii_lowercase())
        {
            s.to_string()
        } else {
            format!("'{}'", s.replace('\'', "''"))
        }
    }

    /// The file's text, per field its first and last line (0-based lines of the file), and
    /// the closing line.
    fn render(f: &File) -> (String, Vec<(usize, usize)>, usize) {
        let nl = if f.crlf { "\r\n" } else { "\n" };
        let mut lines: Vec<String> = vec!["---".into()];
        let mut spans = Vec::new();
        for field in &f.fields {
            if let Some(before) = &field.before {
                lines.push(before.clone());
            }
            let start = lines.len();
            let comment = field.comment.as_ref().map(|c| format!(" #{c}")).unwrap_or_default();
            let gap = " ".repeat(field.gap);
            let k = &field.key;
            match &field.val {
                Val::Plain(s) => lines.push(format!("{k}:{gap}{s}{comment}")),
                Val::Single(s) => lines.push(format!("{k}:{gap}'{}'{comment}", s.replace('\'', "''"))),
                Val::Double(s) => {
                    lines.push(format!("{k}:{gap}\"{}\"{comment}", s.replace('\\', "\\\\").replace('"', "\\\"")))
                }
                Val::Int(n) => lines.push(format!("{k}:{gap}{n}{comment}")),
                Val::Flow(items) => {
                    let items: Vec<String> = items.iter().map(|s| item_text(s)).collect();
                    lines.push(format!("{k}:{gap}[{}]{comment}", items.join(", ")));
                }
                Val::Block(items, indent, dash, inner) => {
                    lines.push(format!("{k}:{comment}"));
                    for (n, item) in items.iter().enumerate() {
                        lines.push(format!("{}-{}{}", " ".repeat(*indent), " ".repeat(*dash), item_text(item)));
                        if n == 0 && *inner && items.len() > 1 {
                            lines.push(format!("{}# between items", " ".repeat(*indent)));
                        }
                    }
                }
                Val::Folded(parts) => {
                    lines.push(format!("{k}: >-{comment}"));
                    lines.extend(parts.iter().map(|p| format!("  {p}")));
                }
            }
            spans.push((start, lines.len() - 1));
        }
        lines.extend(f.trailing.iter().cloned());
        let closer = lines.len();
        lines.push(if f.dots { "...".into() } else { "---".into() });
        let mut text = if f.bom { "\u{feff}".to_string() } else { String::new() };
        for line in &lines {
            text.push_str(line);
            text.push_str(nl);
        }
        text.push_str(&f.body.replace('\n', nl));
        (text, spans, closer)
    }

    fn fields_of(text: &str) -> Vec<(Yaml, Yaml)> {
        let s = split(text).expect("front matter");
        match yaml::parse(&text[s.yaml]) {
            Ok(Yaml::Map(m)) => m,
            Ok(Yaml::Null) => Vec::new(),
            other => panic!("not a mapping: {other:?}"),
        }
    }

    fn lines(text: &str) -> Vec<&str> {
        text.split_inclusive('\n').collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn edits_change_only_the_changed_key(f in file(), change in change()) {
            let (old, spans, closer) = render(&f);
            let old_fields = fields_of(&old);
            prop_assert_eq!(old_fields.len(), f.fields.len());
            // The target: an existing field (by index) or a new key.
            let pick = |i: &prop::sample::Index, new: &Option<String>| -> (String, Option<usize>) {
                match new {
                    Some(k) if !f.fields.iter().any(|x| &x.key == k) => (k.clone(), None),
                    _ if f.fields.is_empty() => ("fresh".into(), None),
                    _ => {
                        let n = i.index(f.fields.len());
                        (f.fields[n].key.clone(), Some(n))
                    }
                }
            };
            let (edit, key, at, new_value) = match &change {
                Change::Text(i, k, t) => {
                    let (key, at) = pick(i, k);
                    (Edit::Set { key: key.clone(), value: Value::Text(t.clone()) }, key, at, Some(Yaml::Str(t.clone())))
                }
                Change::Int(i, k, n) => {
                    let (key, at) = pick(i, k);
                    (Edit::Set { key: key.clone(), value: Value::Integer(*n) }, key, at, Some(Yaml::UInt(*n)))
                }
                Change::List(i, k, v) => {
                    let (key, at) = pick(i, k);
                    let want = Yaml::Seq(v.iter().map(|s| Yaml::Str(s.clone())).collect());
                    (Edit::Set { key: key.clone(), value: Value::List(v.clone()) }, key, at, Some(want))
                }
                Change::Unset(i) => {
                    let (key, at) = pick(i, &None);
                    (Edit::Unset { key: key.clone() }, key, at, None)
                }
            };
            let done = apply_detailed(&old, std::slice::from_ref(&edit));
            let done = match done {
                Ok(d) => d,
                Err(e) => return Err(TestCaseError::fail(format!("{e:?}\n{old}"))),
            };
            let new = done.text;

            // (a) the old fields plus the change, in order
            let mut want = old_fields.clone();
            match (&new_value, at) {
                (Some(v), Some(n)) => want[n].1 = v.clone(),
                (Some(v), None) => want.push((Yaml::Str(key.clone()), v.clone())),
                (None, Some(n)) => { want.remove(n); }
                (None, None) => {}
            }
            prop_assert_eq!(fields_of(&new), want);

            // (b) BOM, opening line, closing line and body byte for byte
            let (so, sn) = (split(&old).unwrap(), split(&new).unwrap());
            prop_assert_eq!(&old[..so.yaml.start], &new[..sn.yaml.start]);
            prop_assert_eq!(&old[so.yaml.end..], &new[sn.yaml.end..]);
            if f.crlf {
                prop_assert_eq!(new.matches('\n').count(), new.matches("\r\n").count(), "{}", new);
            } else {
                prop_assert!(!new.contains('\r'));
            }

            // (c) only the changed key's lines differ
            let (a, b) = (lines(&old), lines(&new));
            let unchanged = at.is_some_and(|n| old_fields[n].1 == *new_value.as_ref().unwrap_or(&Yaml::Null))
                && new_value.is_some();
            if unchanged {
                prop_assert_eq!(&new, &old);
                prop_assert_eq!(done.outcomes, vec![Outcome::Unchanged]);
                return Ok(());
            }
            match (at, &new_value) {
                (None, Some(_)) => {
                    // one line added, right after the last field's last line (or before the
                    // closing line of a block without fields)
                    let after = spans.last().map_or(closer, |s| s.1 + 1);
                    prop_assert_eq!(b.len(), a.len() + 1);
                    prop_assert_eq!(&b[..after], &a[..after]);
                    prop_assert_eq!(&b[after + 1..], &a[after..]);
                    prop_assert!(b[after].starts_with(&format!("{key}:")), "{}", b[after]);
                    prop_assert_eq!(done.outcomes, vec![Outcome::Added]);
                }
                (Some(n), None) => {
                    let (s, e) = spans[n];
                    let mut expect: Vec<&str> = a[..s].to_vec();
                    expect.extend(&a[e + 1..]);
                    prop_assert_eq!(b, expect);
                    prop_assert_eq!(done.outcomes, vec![Outcome::Removed]);
                }
                (Some(n), Some(v)) => {
                    let (s, e) = spans[n];
                    prop_assert_eq!(&b[..s], &a[..s]);
                    prop_assert_eq!(&b[b.len() - (a.len() - e - 1)..], &a[e + 1..]);
                    let old_one_line = s == e;
                    let new_is_list = matches!(v, Yaml::Seq(_));
                    let block = matches!(f.fields[n].val, Val::Block(..));
                    if old_one_line || !(new_is_list && block) {
                        // a one-line value, or a multi-line one replaced: one line in its place
                        prop_assert_eq!(b.len(), a.len() - (e - s));
                        let line = b[s];
                        prop_assert!(line.starts_with(&format!("{key}:{}", " ".repeat(f.fields[n].gap))) || !old_one_line, "{}", line);
                        if let Some(c) = &f.fields[n].comment {
                            prop_assert!(line.trim_end().ends_with(&format!("#{c}").trim_end()), "{}", line);
                        }
                        // the old quote style is kept when the text allows it
                        if let (Val::Single(_) | Val::Double(_) | Val::Plain(_), Yaml::Str(t)) = (&f.fields[n].val, v) {
                            let written = &line[key.len() + 1 + f.fields[n].gap..];
                            let kept = match &f.fields[n].val {
                                Val::Single(_) => written.starts_with('\''),
                                Val::Double(_) => written.starts_with('"'),
                                _ => written.starts_with(t.as_str()),
                            };
                            let plain_safe = t.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || " ._-".contains(c))
                                && t.starts_with(|c: char| c.is_ascii_lowercase())
                                && t.ends_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
                                && !RESERVED.contains(&t.as_str());
                            let representable = match &f.fields[n].val {
                                Val::Single(_) | Val::Double(_) => !t.contains(char::is_control),
                                _ => plain_safe,
                            };
                            prop_assert!(kept || !representable, "{}", line);
                        }
                    } else {
                        // a block list edited item by item: the key line stays (or becomes
                        // `key: []`), the comment line between items stays, every other
                        // line is an item line in the list's own indentation and dash spacing
                        let entry = &b[s..b.len() - (a.len() - e - 1)];
                        let Val::Block(_, indent, dash, _) = &f.fields[n].val else { unreachable!() };
                        let prefix = format!("{}-{}", " ".repeat(*indent), " ".repeat(*dash));
                        let comment_line = format!("{}# between items", " ".repeat(*indent));
                        if matches!(v, Yaml::Seq(items) if items.is_empty()) {
                            prop_assert!(entry[0].starts_with(&format!("{key}: []")), "{}", entry[0]);
                        } else {
                            prop_assert_eq!(entry[0], a[s]);
                        }
                        let comments_before = a[s..=e].iter().filter(|l| l.trim_end() == comment_line).count();
                        let comments_after = entry.iter().filter(|l| l.trim_end() == comment_line).count();
                        prop_assert_eq!(comments_before, comments_after);
                        for line in &entry[1..] {
                            prop_assert!(line.starts_with(&prefix) || line.trim_end() == comment_line, "{:?}", line);
                        }
                    }
                    prop_assert_eq!(done.outcomes, vec![Outcome::Replaced]);
                }
                (None, None) => {
                    prop_assert_eq!(&new, &old);
                    prop_assert_eq!(done.outcomes, vec![Outcome::Missing]);
                }
            }

            // a second identical edit changes nothing
            prop_assert_eq!(apply(&new, std::slice::from_ref(&edit)).unwrap(), new);
        }

        #[test]
        fn block_list_edits_touch_only_changed_items(
            items in prop::collection::vec(word(), 1..6),
            new in prop::collection::vec(word(), 1..6),
            indent in 0usize..4,
        ) {
            let pad = " ".repeat(indent);
            let mut old = String::from("---\nid: a\nlabels:\n");
            for item in &items {
                old.push_str(&format!("{pad}- {item}\n"));
            }
            old.push_str("status: todo\n---\n");
            let out = apply(&old, &[Edit::Set { key: "labels".into(), value: Value::List(new.clone()) }]).unwrap();
            let want: String = new.iter().map(|i| format!("{pad}- {i}\n")).collect();
            prop_assert_eq!(&out, &format!("---\nid: a\nlabels:\n{want}status: todo\n---\n"));
            // Lines changed are at most the items outside the common start and end.
            let (a, b) = (lines(&old), lines(&out));
            let mut p = 0;
            while p < a.len() && p < b.len() && a[p] == b[p] { p += 1; }
            let mut s = 0;
            while s < a.len() - p && s < b.len() - p && a[a.len() - 1 - s] == b[b.len() - 1 - s] { s += 1; }
            let mut cp = 0;
            while cp < items.len() && cp < new.len() && items[cp] == new[cp] { cp += 1; }
            let mut cs = 0;
            while cs < items.len() - cp && cs < new.len() - cp && items[items.len() - 1 - cs] == new[new.len() - 1 - cs] { cs += 1; }
            prop_assert!(a.len() - p - s <= items.len() - cp - cs);
            prop_assert!(b.len() - p - s <= new.len() - cp - cs);
        }
    }
}
