//! The parts of `cairn.yml` that are more than a scalar: folders, word lists, `fields:`,
//! `rules:`, `statuses:` and `id_prefix:`.

use std::collections::BTreeMap;

use super::Parser;
use crate::load::yaml::Yaml;
use crate::model::config::{FIELDS, FieldNames};
use crate::model::{Category, Config, IdPrefix, Kind, Rule, Severity, Statuses};
use crate::suggest;

impl Parser<'_> {
    /// Two plan folders one inside the other would count a file twice: refused.
    pub(super) fn overlaps(&mut self, config: &Config) {
        let folders: Vec<(Kind, &str)> = config.folders().collect();
        for (n, (ka, a)) in folders.iter().enumerate() {
            for (kb, b) in &folders[n + 1..] {
                let inside = |x: &str, y: &str| x == y || y.starts_with(&format!("{x}/"));
                if !(inside(a, b) || inside(b, a)) {
                    continue;
                }
                let key = |k: &Kind| if *k == Kind::Initiative { "roadmap_dir" } else { "backlog_dir" };
                let message = if a == b {
                    format!("`{a}` is configured twice (`{}` and `{}`)", key(ka), key(kb))
                } else {
                    let (outer, inner) = if inside(a, b) { (a, b) } else { (b, a) };
                    format!("plan folders overlap: `{inner}` is inside `{outer}`, so its files would be read twice")
                };
                self.problem(
                    &[key(kb)],
                    message,
                    Some(
                        "list the folders that hold items instead, e.g. `backlog_dir: [backlog/tasks, backlog/completed]` beside `roadmap_dir: backlog/milestones`"
                            .into(),
                    ),
                );
            }
        }
    }

    /// A list of words (or one word): `exclude`, `types`, `priorities`.
    pub(super) fn words(&mut self, key: &str, value: &Yaml, example: &str, unique: bool) -> Vec<String> {
        let items: Vec<&Yaml> = match value {
            Yaml::Null => return Vec::new(),
            Yaml::Seq(items) => items.iter().collect(),
            one @ Yaml::Str(_) => vec![one],
            other => {
                self.problem(
                    &[key],
                    format!("`{key}` must be a list, not {}", other.type_name()),
                    Some(format!("e.g. `{key}: {example}`")),
                );
                return Vec::new();
            }
        };
        let mut out: Vec<String> = Vec::new();
        for item in items {
            match item.scalar_text().filter(|t| Statuses::valid_name(t)) {
                Some(t) if unique && out.contains(&t) => {
                    self.problem(&[key], format!("`{t}` is listed twice in `{key}`"), None);
                }
                Some(t) => out.push(t),
                None => self.problem(
                    &[key],
                    format!("every entry of `{key}` must be text on one line, not {}", item.type_name()),
                    Some(format!("e.g. `{key}: {example}`")),
                ),
            }
        }
        out
    }

    /// `fields:`: cairn field → the plan's key.
    pub(super) fn fields(&mut self, value: &Yaml) -> FieldNames {
        let Yaml::Map(entries) = value else {
            if *value != Yaml::Null {
                self.problem(
                    &["fields"],
                    format!("`fields` must map cairn fields to the plan's keys, not {}", value.type_name()),
                    Some("e.g. `fields: {initiative: milestone, depends_on: dependencies}`".into()),
                );
            }
            return FieldNames::default();
        };
        let mut renamed: BTreeMap<String, String> = BTreeMap::new();
        for (field, key) in entries {
            let field = field.to_string();
            if !FIELDS.contains(&field.as_str()) {
                let help = suggest::closest(&field, FIELDS.iter().copied())
                    .map(|s| format!("did you mean `{s}`? "))
                    .unwrap_or_default();
                self.problem(
                    &["fields", &field],
                    format!("`{field}` is not a cairn field"),
                    Some(format!("{help}the fields are: {}", FIELDS.join(", "))),
                );
                continue;
            }
            match key.as_str().filter(|k| Statuses::valid_name(k)) {
                Some(k) if k == field => {}
                Some(k) => {
                    renamed.insert(field, k.to_string());
                }
                None => self.problem(
                    &["fields", &field],
                    format!("`fields.{field}` must be the plan's key for it, not {}", key.type_name()),
                    Some(format!("e.g. `{field}: my_{field}`")),
                ),
            }
        }
        // Every key stands for one field: a renamed field's key cannot be another field's
        // key too (its own name, unless that one is renamed as well).
        let names = FieldNames::new(renamed.clone());
        for (field, key) in &renamed {
            let others: Vec<&str> = FIELDS.iter().copied().filter(|f| f != field && names.key(f) == key).collect();
            if let Some(other) = others.first() {
                self.problem(
                    &["fields", field],
                    format!("`{key}` would be the key of both `{field}` and `{other}`"),
                    Some(format!("rename `{other}` too, or choose another key for `{field}`")),
                );
            }
        }
        names
    }

    /// One folder or a list of folders; an empty list only for the roadmap (no roadmap).
    pub(super) fn dirs(&mut self, key: &str, value: &Yaml, may_be_empty: bool) -> Vec<String> {
        let values: Vec<&Yaml> = match value {
            Yaml::Seq(items) => items.iter().collect(),
            one => vec![one],
        };
        if values.is_empty() && !may_be_empty {
            self.problem(&[key], format!("`{key}` names no folder"), Some(format!("e.g. `{key}: backlog`")));
        }
        let mut out = Vec::new();
        for v in values {
            let mut dir = String::new();
            if self.dir(key, v, &mut dir) {
                if out.contains(&dir) {
                    self.problem(&[key], format!("`{dir}` is listed twice in `{key}`"), None);
                } else {
                    out.push(dir);
                }
            }
        }
        out
    }

    pub(super) fn dir(&mut self, key: &str, value: &Yaml, out: &mut String) -> bool {
        let Some(s) = value.as_str() else {
            self.problem(
                &[key],
                format!("`{key}` must be a folder name or a list of them, not {}", value.type_name()),
                None,
            );
            return false;
        };
        let s = s.trim_matches('/');
        let bad =
            s.is_empty() || s.split('/').any(|part| part.is_empty() || part == "." || part == "..") || s.contains('\\');
        if bad {
            self.problem(
                &[key],
                format!("`{key}: {s}` is not a folder inside the plan root"),
                Some("use a relative path without `..`, e.g. `roadmap`".into()),
            );
            false
        } else {
            *out = s.to_string();
            true
        }
    }

    pub(super) fn rules(&mut self, value: &Yaml, out: &mut BTreeMap<Rule, Severity>) {
        let Yaml::Map(entries) = value else {
            if *value != Yaml::Null {
                self.problem(
                    &["rules"],
                    format!("`rules` must map rule codes to severities, not {}", value.type_name()),
                    None,
                );
            }
            return;
        };
        for (code, sev) in entries {
            let code_text = code.to_string();
            let Some(rule) = Rule::from_code(&code_text) else {
                let help = suggest::closest(&code_text, Rule::ALL.iter().map(|r| r.code()))
                    .map(|s| format!("did you mean `{s}`?"))
                    .or_else(|| Some("rule codes are listed in docs/rules.md".into()));
                self.problem(&["rules", &code_text], format!("unknown rule `{code_text}`"), help);
                continue;
            };
            match sev.as_str().and_then(Severity::parse) {
                Some(s) => {
                    out.insert(rule, s);
                }
                None => self.problem(
                    &["rules", &code_text],
                    format!("severity of `{code_text}` must be `error`, `warning` or `off`, not `{sev}`"),
                    None,
                ),
            }
        }
    }

    pub(super) fn statuses(&mut self, value: &Yaml, out: &mut Statuses) {
        let Yaml::Map(entries) = value else {
            if *value != Yaml::Null {
                self.problem(&["statuses"], format!("`statuses` must be a mapping, not {}", value.type_name()), None);
            }
            return;
        };
        for (layer, map) in entries {
            let layer_text = layer.to_string();
            let kind = match layer_text.as_str() {
                "roadmap" => Kind::Initiative,
                "backlog" => Kind::Backlog,
                other => {
                    let help = suggest::closest(other, ["roadmap", "backlog"]).map(|s| format!("did you mean `{s}`?"));
                    self.problem(
                        &["statuses", other],
                        format!("unknown key `statuses.{other}`"),
                        help.or(Some("use `roadmap` or `backlog`".into())),
                    );
                    continue;
                }
            };
            let Yaml::Map(pairs) = map else {
                self.problem(
                    &["statuses", &layer_text],
                    format!("`statuses.{layer_text}` must map statuses to categories"),
                    Some("e.g. `backlog: {doing: active}`".into()),
                );
                continue;
            };
            for (status, category) in pairs {
                let status = status.to_string();
                match category.as_str().and_then(Category::parse) {
                    Some(c) if Statuses::valid_name(&status) => out.set(kind, &status, c),
                    Some(_) => self.problem(
                        &["statuses", &layer_text],
                        format!("`{status}` is not a valid status name"),
                        Some("a status is text on one line without leading or trailing spaces, e.g. `In Progress`".into()),
                    ),
                    None => self.problem(
                        &["statuses", &layer_text, &status],
                        format!(
                            "category of status `{status}` must be `open`, `active`, `closed` or `abandoned`, not `{category}`"
                        ),
                        None,
                    ),
                }
            }
        }
    }

    pub(super) fn id_prefix(&mut self, value: &Yaml, out: &mut IdPrefix) {
        let Yaml::Map(entries) = value else {
            self.problem(
                &["id_prefix"],
                format!("`id_prefix` must be a mapping, not {}", value.type_name()),
                Some("e.g. `id_prefix: {initiative: \"\", story: \"S-\"}`".into()),
            );
            return;
        };
        for (k, v) in entries {
            let k = k.to_string();
            let target = match k.as_str() {
                "initiative" => &mut out.initiative,
                "story" => &mut out.story,
                other => {
                    let help = suggest::closest(other, ["initiative", "story"]).map(|s| format!("did you mean `{s}`?"));
                    self.problem(
                        &["id_prefix", other],
                        format!("unknown key `id_prefix.{other}`"),
                        help.or(Some("use `initiative` or `story`".into())),
                    );
                    continue;
                }
            };
            match v {
                Yaml::Null => target.clear(),
                Yaml::Str(s) if s.starts_with(['_', '.']) => self.problem(
                    &["id_prefix", &k],
                    format!("`id_prefix.{k}: {s}` would name files that cairn does not read (names starting with `_` or `.` are not items)"),
                    Some("start the prefix with a letter, e.g. `S-`".into()),
                ),
                Yaml::Str(s) if crate::model::id_problem(&format!("{s}1")).is_none() => *target = s.clone(),
                other => self.problem(
                    &["id_prefix", &k],
                    format!("`id_prefix.{k}` must be a string usable in ids, not `{other}`"),
                    None,
                ),
            }
        }
    }
}
