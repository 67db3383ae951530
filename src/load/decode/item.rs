//! Building an item from its front matter entries: each key is read as the cairn field the
//! plan's configuration says it stands for (`fields:`), every other key is kept under
//! `extra`, and a value that breaks the schema is reported and kept as written.

use std::sync::Arc;

use super::fields::Decoder;
use super::{BACKLOG_FIELDS, INITIATIVE_FIELDS, known_fields};
use crate::load::body;
use crate::load::yaml::Yaml;
use crate::model::diagnostic::{Diagnostic, Rule};
use crate::model::{HORIZONS, Item, Kind};
use crate::suggest;

impl Decoder<'_> {
    /// Decodes the item of a front matter mapping whose body is `body` in the source.
    pub(super) fn item(
        &mut self,
        entries: &[(Yaml, Yaml)],
        body: std::ops::Range<usize>,
        archived: bool,
        fallback: &str,
    ) -> Item {
        let kind = self.kind;
        let config = self.config;
        let id_key = config.key("id");
        let get = |name: &str| entries.iter().find(|(k, _)| k.as_str() == Some(name)).map(|(_, v)| v);
        self.id = self.id(id_key, get(id_key), fallback);
        let mut item = Item {
            body: body.clone(),
            first_line: self.first_line,
            ..Item::blank(self.id.clone(), kind, archived, Arc::clone(self.source))
        };
        let statuses: Vec<&str> = config.statuses.names(kind).collect();
        let types = config.item_types();
        // The plan's own keys for this kind's fields, for typo suggestions.
        let own_keys: Vec<&str> = known_fields(kind).map(|f| config.key(f)).collect();
        let other_kind = match kind {
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
            let field = config.fields.field(key).filter(|f| known_fields(kind).any(|k| k == *f));
            let lenient = field.is_some_and(|f| config.fields.is_renamed(f));
            self.broke = false;
            match (kind, field) {
                (_, Some("id")) => {}
                (_, Some("title")) => item.title = self.text(key, value).unwrap_or_default(),
                (_, Some("status")) => {
                    if let Some(s) = self.choice(key, value, &statuses) {
                        item.status = s;
                    } else if let Some(s) = value.scalar_text() {
                        item.status = s;
                    }
                }
                (_, Some("priority")) => (item.priority, item.priority_word) = self.priority(key, value),
                (_, Some("labels")) => item.labels = self.list(key, value, "[ui, payments]", lenient),
                (_, Some("depends_on")) => item.depends_on = self.list(key, value, "[S-1, S-2]", lenient),
                (Kind::Initiative, Some("horizon")) => {
                    item.horizon = self.choice(key, value, HORIZONS).or_else(|| value.scalar_text());
                }
                (Kind::Initiative, Some("start")) => item.start = self.period(key, value),
                (Kind::Initiative, Some("target")) => item.target = self.period(key, value),
                (Kind::Initiative, Some("owner")) => item.owner = self.text(key, value),
                (Kind::Initiative, Some("outcome")) => item.outcome = self.text(key, value),
                (Kind::Backlog, Some("type")) => {
                    // An unknown type stays as written: it is shown, and reported.
                    if let Some(t) = self.choice(key, value, &types).or_else(|| value.scalar_text()) {
                        item.item_type = Some(t);
                    }
                }
                (Kind::Backlog, Some("initiative")) => item.initiative = self.text(key, value),
                (Kind::Backlog, Some("estimate")) => item.estimate = self.estimate(key, value),
                (Kind::Backlog, Some("assignee")) => {
                    item.assignee_list = matches!(value, Yaml::Seq(_));
                    item.assignees = match value {
                        Yaml::Seq(_) => self.list(key, value, "[dana, li]", false),
                        other => self.text(key, other).into_iter().collect(),
                    };
                }
                (Kind::Backlog, Some("sprint")) => item.sprint = self.text(key, value),
                _ => {
                    let typo = !other_kind.contains(&key) && field.is_none();
                    if typo && let Some(s) = suggest::closest(key, own_keys.iter().copied()).filter(|s| *s != key) {
                        let d = self
                            .at_key(
                                Rule::SchemaUnknownField,
                                key,
                                format!("unknown field `{key}` looks like a typo of `{s}`"),
                            )
                            .help(format!(
                                "did you mean `{s}`? rename the field, or keep it if it is meant as a custom field"
                            ));
                        self.diagnostics.push(d);
                    }
                    item.extra.insert(key.to_string(), value.to_json());
                }
            }
            if self.broke
                && let Some(field) = field
            {
                item.invalid.insert(field, value.to_json());
            }
        }
        let facts = if self.body_facts || item.title.trim().is_empty() {
            body::read(&self.source.text[body])
        } else {
            body::BodyFacts::default()
        };
        if item.title.trim().is_empty() {
            // The body's first `# ` heading stands in for a missing title (SPEC §2).
            match facts.heading.clone().filter(|h| !h.trim().is_empty() && get(config.key("title")).is_none()) {
                Some(heading) => item.title = heading,
                None => {
                    let title_key = config.key("title");
                    let message = if get(title_key).is_some() {
                        format!("{} {} has an empty `{title_key}`", kind.noun(), item.id)
                    } else {
                        format!("{} {} has no `{title_key}`", kind.noun(), item.id)
                    };
                    let d = self.at_key(Rule::SchemaField, title_key, message).help(format!(
                        "add `{title_key}: <a short name>` to the front matter, or start the body with a heading (`# Title`)"
                    ));
                    self.diagnostics.push(d);
                }
            }
        }
        item.category = config.statuses.category(kind, &item.status);
        item.criteria = facts.criteria;
        item.checkboxes = facts.checkboxes;
        if kind == Kind::Initiative && item.outcome.is_none() {
            item.outcome = facts.outcome;
        }
        item
    }
}
