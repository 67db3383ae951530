//! Decoding one file's bytes into an [`Item`], or into diagnostics saying why it cannot be.
//!
//! This is the single parser behind every loader (working tree and git trees), so the same
//! content always yields the same item and the same findings.

mod fields;
mod item;

use std::sync::Arc;

use super::frontmatter::{self, SplitError};
use super::{RawFile, ReadProblem};
use crate::load::yaml::{self, Yaml};
use crate::model::Config;
use crate::model::diagnostic::{Diagnostic, Rule, line_col};
use crate::model::locate;
use crate::model::{self, Item, Kind, SourceFile};

/// Files larger than this are not parsed.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;
/// Front matter larger than this is refused.
pub const MAX_FRONT_MATTER_BYTES: usize = 256 * 1024;

pub(super) const COMMON_FIELDS: &[&str] = &["id", "title", "status", "priority", "labels", "depends_on"];
pub(super) const INITIATIVE_FIELDS: &[&str] = &["horizon", "start", "target", "owner", "outcome"];
pub(super) const BACKLOG_FIELDS: &[&str] = &["type", "initiative", "estimate", "assignee", "sprint"];

/// The front matter fields cairn knows for a kind of item.
pub fn known_fields(kind: Kind) -> impl Iterator<Item = &'static str> {
    let own = match kind {
        Kind::Initiative => INITIATIVE_FIELDS,
        Kind::Backlog => BACKLOG_FIELDS,
    };
    COMMON_FIELDS.iter().chain(own).copied()
}

/// What decoding one file produced.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub item: Option<Item>,
    pub diagnostics: Vec<Diagnostic>,
    pub source: Arc<SourceFile>,
    pub kind: Kind,
    /// The id the file would have from its name.
    pub fallback_id: String,
}

/// The file name without `.md`: an item's default id.
pub fn file_stem(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.strip_suffix(".md").unwrap_or(name)
}

/// The id an item file declares in its id field (`id:`, or the plan's key for it), if it has
/// one and can be parsed. Reads only the front matter.
pub fn declared_id(bytes: &[u8], config: &Config) -> Option<String> {
    let text = std::str::from_utf8(bytes).ok()?;
    let split = frontmatter::split(text).ok()?;
    let key = config.key("id");
    match yaml::parse(&text[split.yaml]) {
        Ok(Yaml::Map(entries)) => {
            entries.iter().find(|(k, _)| k.as_str() == Some(key)).and_then(|(_, v)| v.scalar_text())
        }
        _ => None,
    }
}

/// How much of a file to decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// Everything: every field, the body's facts, where each key sits.
    Full,
    /// What the link rules and a diff's roadmap impact read across items (id, title, status,
    /// initiative, dependencies, priority, start, target) and whether the file decodes at
    /// all: other fields are skipped, the body is read only for a missing
    /// title and keys are not located. Those values are the same as a full decode's.
    Links,
}

/// The cairn fields [`Detail::Links`] decodes.
const LINK_FIELDS: &[&str] = &["id", "title", "status", "initiative", "depends_on", "priority", "start", "target"];

/// Decodes one file.
pub fn decode(raw: RawFile, config: &Config) -> Decoded {
    decode_with(raw, config, Detail::Full)
}

/// Decodes one file in as much detail as asked.
pub fn decode_with(raw: RawFile, config: &Config, detail: Detail) -> Decoded {
    let fallback_id = file_stem(&raw.path).to_string();
    let path = raw.path;
    let kind = raw.kind;
    let fail = |text: String, diagnostic: Diagnostic| Decoded {
        item: None,
        diagnostics: vec![diagnostic],
        source: Arc::new(SourceFile { path: path.clone(), text }),
        kind,
        fallback_id: fallback_id.clone(),
    };
    let front =
        |line, column, message: String| Diagnostic::new(Rule::ParseFrontMatter, path.clone(), line, column, message);

    let bytes = match raw.content {
        Ok(bytes) => bytes,
        Err(problem) => {
            let (message, help) = match problem {
                ReadProblem::Symlink => (
                    "symbolic link is not followed, so this item is not loaded".to_string(),
                    "replace the link with the file itself, or move it out of the plan folders",
                ),
                ReadProblem::TooLarge(size) => (
                    format!(
                        "file is {:.1} MiB, over the {} MiB limit for plan files",
                        size as f64 / 1048576.0,
                        MAX_FILE_BYTES / 1048576
                    ),
                    "move long documents out of the plan folders and link to them from the body",
                ),
                ReadProblem::Io(e) => (format!("cannot read file: {e}"), "check the file's permissions"),
            };
            return fail(String::new(), front(1, 1, message).help(help).item(fallback_id.clone()));
        }
    };
    if bytes.len() as u64 > MAX_FILE_BYTES {
        let d = front(
            1,
            1,
            format!(
                "file is {:.1} MiB, over the {} MiB limit for plan files",
                bytes.len() as f64 / 1048576.0,
                MAX_FILE_BYTES / 1048576
            ),
        )
        .help("move long documents out of the plan folders and link to them from the body");
        return fail(String::new(), d);
    }
    if let Some(nul) = memchr_nul(&bytes) {
        let (line, _) = line_col(&String::from_utf8_lossy(&bytes[..nul]), nul);
        let d = front(line, 1, "file is binary (it contains a NUL byte), not Markdown".to_string())
            .help("plan items are UTF-8 Markdown text; remove the file or rename it so it does not end in `.md`");
        return fail(String::new(), d);
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let prefix = String::from_utf8_lossy(&e.as_bytes()[..at]).into_owned();
            let (line, column) = line_col(&prefix, prefix.len());
            let d = front(line, column, format!("file is not valid UTF-8 (invalid byte at offset {at})"))
                .help("save the file as UTF-8")
                .span(prefix.len(), '\u{fffd}'.len_utf8());
            return fail(text, d);
        }
    };
    let split = match frontmatter::split(&text) {
        Ok(split) => split,
        Err(e) => {
            let (message, help) = match e {
                SplitError::Empty => {
                    ("file is empty", "start the file with a front matter block: `---`, `title: ...`, `---`")
                }
                SplitError::Missing => (
                    "file has no front matter: it must start with a `---` line",
                    "start the file with `---`, the fields (at least `title:`), and `---`",
                ),
                SplitError::Unterminated => (
                    "front matter is not closed: no `---` line after the opening one",
                    "add a line `---` after the last front matter field",
                ),
            };
            let d = front(1, 1, message.to_string())
                .help(help)
                .item(fallback_id.clone())
                .span(0, text.find('\n').unwrap_or(text.len()));
            return fail(text, d);
        }
    };
    if split.yaml.len() > MAX_FRONT_MATTER_BYTES {
        let d = front(
            split.yaml_line,
            1,
            format!(
                "front matter is {} KiB, over the {} KiB limit",
                split.yaml.len() / 1024,
                MAX_FRONT_MATTER_BYTES / 1024
            ),
        )
        .help("keep front matter to fields; move long text into the Markdown body");
        return fail(text, d);
    }
    let yaml_text = &text[split.yaml.clone()];
    let doc = match yaml::parse(yaml_text) {
        Ok(doc) => doc,
        Err(e) => {
            let mut offset = split.yaml.start + e.offset.unwrap_or(0).min(yaml_text.len());
            let mut len = 0;
            let mut help =
                "fix the YAML syntax; quote values that contain a colon followed by a space, or start with a special character".to_string();
            if let Some(key) = &e.duplicate_key {
                // Point at the second line of the key, not at the mapping.
                if let Some(&(at, l)) = locate::key_occurrences(yaml_text, key).get(1) {
                    (offset, len) = (split.yaml.start + at, l);
                }
                help =
                    format!("`{key}` is written twice: keep one of the two `{key}:` lines (YAML allows each key once)");
            } else if text[offset..].starts_with(['@', '`']) {
                let c = &text[offset..offset + 1];
                help = format!("`{c}` cannot start a plain YAML value: quote it, e.g. `['{c}name']`");
            }
            let (line, column) = line_col(&text, offset);
            let d = front(line, column, format!("front matter is not valid YAML: {}", e.message))
                .help(help)
                .item(fallback_id.clone())
                .span(offset, len);
            return fail(text, d);
        }
    };
    let mut entries = match doc {
        Yaml::Map(entries) => entries,
        Yaml::Null => Vec::new(),
        other => {
            let d = front(
                split.yaml_line,
                1,
                format!("front matter must be a mapping of fields, not {}", other.type_name()),
            )
            .help("write one `field: value` per line, e.g. `title: Design subscription UI`")
            .item(fallback_id.clone())
            .span(split.yaml.start, yaml_text.trim_end().len());
            return fail(text, d);
        }
    };
    let mut keys = model::Keys::default();
    if detail == Detail::Links {
        entries
            .retain(|(k, _)| k.as_str().and_then(|k| config.fields.field(k)).is_some_and(|f| LINK_FIELDS.contains(&f)));
    } else {
        keys = locate::top_level_keys(yaml_text, split.yaml.start, split.yaml_line);
        // Findings about a field point at the plan's own key for it (`milestone:` for
        // `initiative`), so rules can ask for the field by cairn's name.
        let renamed: Vec<(&'static str, model::KeySpan)> = keys
            .named(&text)
            .filter_map(|(k, span)| config.fields.field(k).filter(|f| *f != k).map(|f| (f, span)))
            .collect();
        for (field, span) in renamed {
            keys.alias(field, span);
        }
    }
    let source = Arc::new(SourceFile { path: path.clone(), text });
    let mut decoder = fields::Decoder::new(raw.kind, config, &source, &keys, split.yaml_line, &fallback_id);
    decoder.body_facts = detail == Detail::Full;
    let item = decoder.item(&entries, split.body, raw.archived, &fallback_id);
    let mut diagnostics = decoder.into_diagnostics();
    for d in &mut diagnostics {
        d.item.get_or_insert_with(|| item.id.clone());
    }
    Decoded { item: Some(Item { keys, ..item }), diagnostics, source, kind, fallback_id }
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == 0)
}
