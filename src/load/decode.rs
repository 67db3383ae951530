//! Decoding one file's bytes into an [`Item`], or into diagnostics saying why it cannot be.
//!
//! This is the single parser behind every loader (working tree and git trees), so the same
//! content always yields the same item and the same findings.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::body;
use super::frontmatter::{self, SplitError};
use super::{RawFile, ReadProblem};
use crate::load::yaml::{self, Yaml};
use crate::model::Config;
use crate::model::diagnostic::{Diagnostic, Rule, line_col};
use crate::model::locate;
use crate::model::{self, HORIZONS, ITEM_TYPES, Item, KeySpan, Kind, PERIOD_FORMS, Period, SourceFile};
use crate::suggest;

/// Files larger than this are not parsed.
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;
/// Front matter larger than this is refused.
pub const MAX_FRONT_MATTER_BYTES: usize = 256 * 1024;

const COMMON_FIELDS: &[&str] = &["id", "title", "status", "priority", "labels", "depends_on"];
const INITIATIVE_FIELDS: &[&str] = &["horizon", "start", "target", "owner", "outcome"];
const BACKLOG_FIELDS: &[&str] = &["type", "initiative", "estimate", "assignee", "sprint"];

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

/// The id an item file declares in its `id:` field, if it has one and can be parsed. Reads
/// only the front matter.
pub fn declared_id(bytes: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(bytes).ok()?;
    let split = frontmatter::split(text).ok()?;
    match yaml::parse(&text[split.yaml]) {
        Ok(Yaml::Map(entries)) => {
            entries.iter().find(|(k, _)| k.as_str() == Some("id")).and_then(|(_, v)| v.scalar_text())
        }
        _ => None,
    }
}

/// Decodes one file.
pub fn decode(raw: RawFile, config: &Config) -> Decoded {
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
            let offset = split.yaml.start + e.offset.unwrap_or(0).min(yaml_text.len());
            let (line, column) = line_col(&text, offset);
            let d = front(line, column, format!("front matter is not valid YAML: {}", e.message))
                .help("fix the YAML syntax; quote values that contain `: ` or start with a special character")
                .item(fallback_id.clone())
                .span(offset, 0);
            return fail(text, d);
        }
    };
    let entries = match doc {
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
    let keys = locate::top_level_keys(yaml_text, split.yaml.start, split.yaml_line);
    let source = Arc::new(SourceFile { path: path.clone(), text });
    let mut decoder = Decoder {
        kind: raw.kind,
        config,
        source: &source,
        keys: &keys,
        first_line: split.yaml_line,
        diagnostics: Vec::new(),
        id: fallback_id.clone(),
    };
    let item = decoder.item(&entries, split.body, raw.archived, &fallback_id);
    let mut diagnostics = decoder.diagnostics;
    for d in &mut diagnostics {
        d.item.get_or_insert_with(|| item.id.clone());
    }
    Decoded { item: Some(Item { keys, ..item }), diagnostics, source, kind, fallback_id }
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == 0)
}

struct Decoder<'a> {
    kind: Kind,
    config: &'a Config,
    source: &'a Arc<SourceFile>,
    keys: &'a BTreeMap<String, KeySpan>,
    first_line: usize,
    diagnostics: Vec<Diagnostic>,
    id: String,
}

impl Decoder<'_> {
    /// A finding pointing at a key (or at the first front matter line when it is absent).
    fn at_key(&self, rule: Rule, key: &str, message: String) -> Diagnostic {
        locate::finding(self.source, self.keys, self.first_line, rule, key, None, message)
    }

    /// A finding pointing at a key's value, when it can be found on the key's lines.
    fn at_value(&self, rule: Rule, key: &str, value: &str, message: String) -> Diagnostic {
        locate::finding(self.source, self.keys, self.first_line, rule, key, Some(value), message)
    }

    fn field_error(&mut self, key: &str, value: &Yaml, message: String, help: impl Into<String>) {
        let shown = value.scalar_text().unwrap_or_default();
        let d = self.at_value(Rule::SchemaField, key, &shown, message).help(help);
        self.diagnostics.push(d);
    }

    fn wrong_type(&mut self, key: &str, value: &Yaml, expected: &str, example: &str) {
        let noun = self.kind.noun();
        self.field_error(
            key,
            value,
            format!("`{key}` of {noun} {} must be {expected}, not {}", self.id, value.type_name()),
            format!("write it as `{key}: {example}`"),
        );
    }

    /// A free-text field: strings, and numbers written as text.
    fn text(&mut self, key: &str, value: &Yaml) -> Option<String> {
        match value {
            Yaml::Null => None,
            Yaml::Str(_) | Yaml::Int(_) | Yaml::UInt(_) | Yaml::Float(_) => value.scalar_text(),
            _ => {
                self.wrong_type(key, value, "a string", "some text");
                None
            }
        }
    }

    fn choice(&mut self, key: &str, value: &Yaml, allowed: &[&str]) -> Option<String> {
        let text = self.text(key, value)?;
        if allowed.contains(&text.as_str()) {
            return Some(text);
        }
        let suggestion = suggest::closest(&text, allowed.iter().copied());
        let help = match suggestion {
            Some(s) => format!("did you mean `{s}`? allowed: {}", allowed.join(", ")),
            None => format!("allowed: {}", allowed.join(", ")),
        };
        self.field_error(key, value, format!("`{text}` is not an allowed `{key}`"), help);
        None
    }

    fn list(&mut self, key: &str, value: &Yaml, example: &str) -> Vec<String> {
        match value {
            Yaml::Null => Vec::new(),
            Yaml::Seq(values) => {
                let mut out = Vec::new();
                for v in values {
                    match v {
                        Yaml::Str(_) | Yaml::Int(_) | Yaml::UInt(_) | Yaml::Float(_) => out.extend(v.scalar_text()),
                        _ => self.wrong_type(key, v, "a list of strings", example),
                    }
                }
                out
            }
            Yaml::Str(s) => {
                self.field_error(
                    key,
                    value,
                    format!("`{key}` must be a list, not a single string"),
                    format!("write it as `{key}: [{s}]`"),
                );
                vec![s.clone()]
            }
            _ => {
                self.wrong_type(key, value, "a list", example);
                Vec::new()
            }
        }
    }

    fn period(&mut self, key: &str, value: &Yaml) -> Option<Period> {
        let text = match value {
            Yaml::Null => return None,
            Yaml::Str(s) => s.clone(),
            Yaml::UInt(_) | Yaml::Int(_) => value.scalar_text()?,
            _ => {
                self.wrong_type(key, value, "a period", "2026-Q3");
                return None;
            }
        };
        match Period::parse(&text) {
            Ok(p) => Some(p),
            Err(e) => {
                self.field_error(key, value, format!("`{key}`: {e}"), format!("use {PERIOD_FORMS}"));
                None
            }
        }
    }

    fn priority(&mut self, value: &Yaml) -> Option<u64> {
        match value {
            Yaml::Null => None,
            Yaml::UInt(n) if *n >= 1 => Some(*n),
            Yaml::UInt(_) | Yaml::Int(_) => {
                self.field_error(
                    "priority",
                    value,
                    format!("`priority` must be 1 or more, not {value}"),
                    "1 is the most important; write e.g. `priority: 1`",
                );
                None
            }
            _ => {
                self.wrong_type("priority", value, "a whole number of 1 or more", "2");
                None
            }
        }
    }

    fn estimate(&mut self, value: &Yaml) -> Option<f64> {
        let n = match value {
            Yaml::Null => return None,
            Yaml::UInt(n) => *n as f64,
            Yaml::Int(n) => *n as f64,
            Yaml::Float(f) => *f,
            _ => {
                self.wrong_type("estimate", value, "a number of points", "3");
                return None;
            }
        };
        if n.is_finite() && n >= 0.0 {
            Some(n)
        } else {
            self.field_error(
                "estimate",
                value,
                format!("`estimate` must be a number of points of 0 or more, not {value}"),
                "write e.g. `estimate: 3`",
            );
            None
        }
    }

    fn id(&mut self, value: Option<&Yaml>, fallback: &str) -> String {
        let (id, from_key) = match value {
            None => (fallback.to_string(), false),
            Some(Yaml::Str(s)) => (s.clone(), true),
            Some(v @ (Yaml::Int(_) | Yaml::UInt(_) | Yaml::Float(_))) => {
                let text = v.scalar_text().unwrap_or_default();
                self.field_error(
                    "id",
                    v,
                    format!("`id` must be a string, not {}", v.type_name()),
                    format!("quote it: `id: \"{text}\"`"),
                );
                (text, true)
            }
            Some(v) => {
                self.wrong_type("id", v, "a string", fallback);
                (fallback.to_string(), false)
            }
        };
        if let Some(problem) = model::id_problem(&id) {
            let (message, help) = if from_key {
                (format!("invalid id `{id}`: {problem}"), "use letters, digits, `-` and `_`, e.g. `id: S-12`")
            } else {
                (
                    format!("invalid id `{id}` taken from the file name: {problem}"),
                    "rename the file or set a valid `id:` field",
                )
            };
            let d = self.at_value(Rule::SchemaField, "id", &id, message).help(help);
            self.diagnostics.push(d);
            if !from_key || id.is_empty() {
                return if id.is_empty() { fallback.to_string() } else { id };
            }
        }
        id
    }

    fn item(&mut self, entries: &[(Yaml, Yaml)], body: std::ops::Range<usize>, archived: bool, fallback: &str) -> Item {
        let kind = self.kind;
        let get = |name: &str| entries.iter().find(|(k, _)| k.as_str() == Some(name)).map(|(_, v)| v);
        self.id = self.id(get("id"), fallback);
        let mut item = Item {
            body: body.clone(),
            first_line: self.first_line,
            ..Item::blank(self.id.clone(), kind, archived, Arc::clone(self.source))
        };
        let statuses: Vec<&str> = self.config.statuses.names(kind).collect();
        let own_fields: Vec<&str> = known_fields(kind).collect();
        let other = match kind {
            Kind::Initiative => BACKLOG_FIELDS,
            Kind::Backlog => INITIATIVE_FIELDS,
        };
        for (key, value) in entries {
            let Some(key) = key.as_str() else {
                let d = Diagnostic::new(
                    Rule::SchemaField,
                    self.source.path.clone(),
                    self.first_line,
                    1,
                    format!("front matter keys must be strings, not {}", key.type_name()),
                )
                .help("write each field as `name: value`");
                self.diagnostics.push(d);
                continue;
            };
            match (kind, key) {
                (_, "id") => {}
                (_, "title") => item.title = self.text(key, value).unwrap_or_default(),
                (_, "status") => {
                    if let Some(s) = self.choice(key, value, &statuses) {
                        item.status = s;
                    } else if let Some(s) = value.scalar_text() {
                        item.status = s;
                    }
                }
                (_, "priority") => item.priority = self.priority(value),
                (_, "labels") => item.labels = self.list(key, value, "[ui, payments]"),
                (_, "depends_on") => item.depends_on = self.list(key, value, "[S-1, S-2]"),
                (Kind::Initiative, "horizon") => item.horizon = self.choice(key, value, HORIZONS),
                (Kind::Initiative, "start") => item.start = self.period(key, value),
                (Kind::Initiative, "target") => item.target = self.period(key, value),
                (Kind::Initiative, "owner") => item.owner = self.text(key, value),
                (Kind::Initiative, "outcome") => item.outcome = self.text(key, value),
                (Kind::Backlog, "type") => {
                    if let Some(t) = self.choice(key, value, ITEM_TYPES) {
                        item.item_type = Some(t);
                    }
                }
                (Kind::Backlog, "initiative") => item.initiative = self.text(key, value),
                (Kind::Backlog, "estimate") => item.estimate = self.estimate(value),
                (Kind::Backlog, "assignee") => item.assignee = self.text(key, value),
                (Kind::Backlog, "sprint") => item.sprint = self.text(key, value),
                (_, unknown) => {
                    if !other.contains(&unknown)
                        && let Some(s) = suggest::closest(unknown, own_fields.iter().copied())
                    {
                        let d = self
                            .at_key(
                                Rule::SchemaUnknownField,
                                unknown,
                                format!("unknown field `{unknown}` looks like a typo of `{s}`"),
                            )
                            .help(format!(
                                "did you mean `{s}`? rename the field, or keep it if it is meant as a custom field"
                            ));
                        self.diagnostics.push(d);
                    }
                    item.extra.insert(unknown.to_string(), value.to_json());
                }
            }
        }
        if item.title.trim().is_empty() {
            let message = if get("title").is_some() {
                format!("{} {} has an empty `title`", kind.noun(), item.id)
            } else {
                format!("{} {} has no `title`", kind.noun(), item.id)
            };
            let d = self
                .at_key(Rule::SchemaField, "title", message)
                .help("add `title: <a short name>` to the front matter");
            self.diagnostics.push(d);
        }
        item.category = self.config.statuses.category(kind, &item.status);
        let facts = body::read(&self.source.text[body]);
        item.criteria = facts.criteria;
        item.checkboxes = facts.checkboxes;
        if kind == Kind::Initiative && item.outcome.is_none() {
            item.outcome = facts.outcome;
        }
        item
    }
}
