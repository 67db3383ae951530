//! Decoding front matter fields into an item: each known field checked against its type and
//! allowed values, every problem a located diagnostic.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::{BACKLOG_FIELDS, INITIATIVE_FIELDS, known_fields};
use crate::load::body;
use crate::load::yaml::Yaml;
use crate::model::diagnostic::{Diagnostic, Rule};
use crate::model::locate;
use crate::model::{self, Config, HORIZONS, ITEM_TYPES, Item, KeySpan, Kind, PERIOD_FORMS, Period, SourceFile};
use crate::suggest;

pub(super) struct Decoder<'a> {
    kind: Kind,
    config: &'a Config,
    source: &'a Arc<SourceFile>,
    keys: &'a BTreeMap<String, KeySpan>,
    first_line: usize,
    diagnostics: Vec<Diagnostic>,
    id: String,
}

impl<'a> Decoder<'a> {
    pub(super) fn new(
        kind: Kind,
        config: &'a Config,
        source: &'a Arc<SourceFile>,
        keys: &'a BTreeMap<String, KeySpan>,
        first_line: usize,
        fallback_id: &str,
    ) -> Self {
        Decoder { kind, config, source, keys, first_line, diagnostics: Vec::new(), id: fallback_id.to_string() }
    }

    /// The problems found while decoding.
    pub(super) fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diagnostics
    }

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

    pub(super) fn item(
        &mut self,
        entries: &[(Yaml, Yaml)],
        body: std::ops::Range<usize>,
        archived: bool,
        fallback: &str,
    ) -> Item {
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
