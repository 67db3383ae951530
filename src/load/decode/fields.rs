//! Decoding front matter fields into an item: each known field checked against its type and
//! allowed values, every problem a located diagnostic.

use std::sync::Arc;

use crate::load::yaml::Yaml;
use crate::model::diagnostic::{Diagnostic, Rule};
use crate::model::locate;
use crate::model::{self, Config, Keys, Kind, PERIOD_FORMS, Period, SourceFile};
use crate::suggest;

pub(super) struct Decoder<'a> {
    pub(super) kind: Kind,
    pub(super) config: &'a Config,
    pub(super) source: &'a Arc<SourceFile>,
    keys: &'a Keys,
    pub(super) first_line: usize,
    pub(super) diagnostics: Vec<Diagnostic>,
    pub(super) id: String,
    /// Whether the value being decoded broke the schema (set by the helpers' error paths).
    pub(super) broke: bool,
    /// Whether to read the body's facts (criteria, checkboxes, outcome); without, the body
    /// is read only when the title has to come from its heading.
    pub(super) body_facts: bool,
}

impl<'a> Decoder<'a> {
    pub(super) fn new(
        kind: Kind,
        config: &'a Config,
        source: &'a Arc<SourceFile>,
        keys: &'a Keys,
        first_line: usize,
        fallback_id: &str,
    ) -> Self {
        Decoder {
            kind,
            config,
            source,
            keys,
            first_line,
            diagnostics: Vec::new(),
            id: fallback_id.to_string(),
            broke: false,
            body_facts: true,
        }
    }

    /// The problems found while decoding.
    pub(super) fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diagnostics
    }

    /// A finding pointing at a key (or at the first front matter line when it is absent).
    pub(super) fn at_key(&self, rule: Rule, key: &str, message: String) -> Diagnostic {
        locate::finding(self.source, self.keys, self.first_line, rule, key, None, message)
    }

    /// A finding pointing at a key's value, when it can be found on the key's lines.
    pub(super) fn at_value(&self, rule: Rule, key: &str, value: &str, message: String) -> Diagnostic {
        locate::finding(self.source, self.keys, self.first_line, rule, key, Some(value), message)
    }

    pub(super) fn field_error(&mut self, key: &str, value: &Yaml, message: String, help: impl Into<String>) {
        self.broke = true;
        let shown = value.scalar_text().unwrap_or_default();
        let d = self.at_value(Rule::SchemaField, key, &shown, message).help(help);
        self.diagnostics.push(d);
    }

    pub(super) fn wrong_type(&mut self, key: &str, value: &Yaml, expected: &str, example: &str) {
        let noun = self.kind.noun();
        self.field_error(
            key,
            value,
            format!("`{key}` of {noun} {} must be {expected}, not {}", self.id, value.type_name()),
            format!("write it as `{key}: {example}`"),
        );
    }

    /// A free-text field: strings, and numbers written as text.
    pub(super) fn text(&mut self, key: &str, value: &Yaml) -> Option<String> {
        match value {
            Yaml::Null => None,
            Yaml::Str(_) | Yaml::Int(_) | Yaml::UInt(_) | Yaml::Float(_) => value.scalar_text(),
            _ => {
                self.wrong_type(key, value, "a string", "some text");
                None
            }
        }
    }

    pub(super) fn choice(&mut self, key: &str, value: &Yaml, allowed: &[&str]) -> Option<String> {
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

    /// A list of strings. A field renamed through `fields:` may also be one scalar, or a
    /// comma-separated string (`requires: 1559, 2718`), as the plan's own tool writes it.
    pub(super) fn list(&mut self, key: &str, value: &Yaml, example: &str, lenient: bool) -> Vec<String> {
        match value {
            Yaml::Str(s) if lenient => {
                s.split(',').map(str::trim).filter(|p| !p.is_empty()).map(String::from).collect()
            }
            Yaml::Int(_) | Yaml::UInt(_) if lenient => value.scalar_text().into_iter().collect(),
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

    pub(super) fn period(&mut self, key: &str, value: &Yaml) -> Option<Period> {
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

    /// A rank (1 first), or a word of `priorities:` with its rank.
    pub(super) fn priority(&mut self, key: &str, value: &Yaml) -> (Option<u64>, Option<String>) {
        match value {
            Yaml::Null => (None, None),
            Yaml::UInt(n) if *n >= 1 => (Some(*n), None),
            Yaml::BigInt(n) => {
                self.field_error(
                    key,
                    value,
                    format!("`{key}` {n} is too large: a rank is at most {}", u64::MAX),
                    format!("1 is the most important; write e.g. `{key}: 1`"),
                );
                (None, None)
            }
            Yaml::UInt(_) | Yaml::Int(_) => {
                self.field_error(
                    key,
                    value,
                    format!("`{key}` must be 1 or more, not {value}"),
                    format!("1 is the most important; write e.g. `{key}: 1`"),
                );
                (None, None)
            }
            Yaml::Str(word) if !self.config.priorities.is_empty() => match self.config.priority_rank(word) {
                Some(rank) => (Some(rank), Some(word.clone())),
                None => {
                    let words: Vec<&str> = self.config.priorities.iter().map(String::as_str).collect();
                    let help = match suggest::closest(word, words.iter().copied()) {
                        Some(s) => format!("did you mean `{s}`? allowed: {}, or a number", words.join(", ")),
                        None => format!("allowed: {}, or a number", words.join(", ")),
                    };
                    self.field_error(key, value, format!("`{word}` is not an allowed `{key}`"), help);
                    (None, None)
                }
            },
            Yaml::Str(word) => {
                self.field_error(
                    key,
                    value,
                    format!("`{key}` must be a whole number of 1 or more, not the word `{word}`"),
                    format!("write e.g. `{key}: 2`, or list the words this plan uses in cairn.yml: `priorities: [high, medium, low]`"),
                );
                (None, None)
            }
            _ => {
                self.wrong_type(key, value, "a whole number of 1 or more", "2");
                (None, None)
            }
        }
    }

    pub(super) fn estimate(&mut self, key: &str, value: &Yaml) -> Option<f64> {
        let n = match value {
            Yaml::Null => return None,
            Yaml::UInt(n) => *n as f64,
            Yaml::Int(n) => *n as f64,
            Yaml::Float(f) => *f,
            _ => {
                self.wrong_type(key, value, "a number of points", "3");
                return None;
            }
        };
        if n.is_finite() && n >= 0.0 {
            Some(n)
        } else {
            self.field_error(
                key,
                value,
                format!("`{key}` must be a number of points of 0 or more, not {value}"),
                format!("write e.g. `{key}: 3`"),
            );
            None
        }
    }

    /// The item's id. An id key renamed through `fields:` may hold a whole number
    /// (`eip: 4844`), as the plan's own tool writes it; cairn's own `id:` must be a string.
    pub(super) fn id(&mut self, key: &str, value: Option<&Yaml>, fallback: &str) -> String {
        let (id, from_key) = match value {
            None => (fallback.to_string(), false),
            Some(Yaml::Str(s)) => (s.clone(), true),
            Some(v @ (Yaml::Int(_) | Yaml::UInt(_))) if self.config.fields.is_renamed("id") => {
                (v.scalar_text().unwrap_or_default(), true)
            }
            Some(v @ (Yaml::Int(_) | Yaml::UInt(_) | Yaml::Float(_))) => {
                let text = v.scalar_text().unwrap_or_default();
                self.field_error(
                    key,
                    v,
                    format!("`{key}` must be a string, not {}", v.type_name()),
                    format!("quote it: `{key}: \"{text}\"`"),
                );
                (text, true)
            }
            Some(v) => {
                self.wrong_type(key, v, "a string", fallback);
                (fallback.to_string(), false)
            }
        };
        if let Some(problem) = model::id_problem(&id) {
            let (message, help) = if from_key {
                (
                    format!("invalid id `{id}`: {problem}"),
                    format!("use letters, digits, `-` and `_`, e.g. `{key}: S-12`"),
                )
            } else {
                (
                    format!("invalid id `{id}` taken from the file name: {problem}"),
                    format!("rename the file or set a valid `{key}:` field"),
                )
            };
            let d = self.at_value(Rule::SchemaField, key, &id, message).help(help);
            self.diagnostics.push(d);
            if !from_key || id.is_empty() {
                return if id.is_empty() { fallback.to_string() } else { id };
            }
        }
        id
    }
}
