//! Reading `cairn.yml` into a [`Config`]: every problem is reported with its line and a
//! "did you mean" where one helps.

use std::collections::BTreeMap;

use miette::{NamedSource, SourceSpan};

use super::yaml::{self, Yaml};
use crate::error::{ConfigError, ConfigProblem};
use crate::model::locate;
use crate::model::{Category, Config, IdPrefix, Kind, Rule, Severity, Statuses};
use crate::suggest;

pub use crate::model::CONFIG_FILE;

const KEYS: &[&str] = &["roadmap_dir", "backlog_dir", "statuses", "rules", "stale_after_days", "id_prefix"];

/// The `cairn.yml` that `cairn init` writes: every default, commented.
pub const TEMPLATE: &str = "\
# cairn configuration. Every key is optional; the values below are the defaults.
# Reference: docs/format.md

# Folders of the plan, relative to this file.
roadmap_dir: roadmap
backlog_dir: backlog

# Statuses are merged into the defaults: change a status's category or add one.
# Categories: open | active | closed.
# statuses:
#   roadmap: {proposed: open, planned: open, active: active, done: closed, dropped: closed}
#   backlog: {todo: open, ready: open, in-progress: active, in-review: active, done: closed, wontdo: closed}

# Severity per rule of `cairn check`: error | warning | off.
# rules:
#   roadmap/empty-initiative: warning

# An active item whose file has not changed for this many days is stale.
stale_after_days: 14

# Prefixes of the ids `cairn new` mints.
id_prefix: {initiative: \"\", story: \"S-\"}
";

/// Parses `cairn.yml`; `file` is the name shown in diagnostics. Reports every problem.
pub fn parse(text: &str, file: &str) -> Result<Config, ConfigError> {
    let mut parser = Parser { text, file, problems: Vec::new() };
    let config = parser.parse();
    if parser.problems.is_empty() {
        Ok(config)
    } else {
        Err(ConfigError { file: file.to_string(), src: parser.source(), problems: parser.problems })
    }
}

struct Parser<'a> {
    text: &'a str,
    file: &'a str,
    problems: Vec<ConfigProblem>,
}

impl Parser<'_> {
    fn source(&self) -> NamedSource<String> {
        NamedSource::new(self.file, self.text.to_string())
    }

    fn problem(&mut self, path: &[&str], message: String, help: Option<String>) {
        let span = locate::key_path(self.text, path).map(|(o, l)| SourceSpan::from((o, l)));
        self.problems.push(ConfigProblem { message, src: self.source(), span, help });
    }

    fn parse(&mut self) -> Config {
        let mut config = Config::default();
        let doc = match yaml::parse(self.text) {
            Ok(doc) => doc,
            Err(e) => {
                let span = e.offset.map(|o| SourceSpan::from((o.min(self.text.len()), 0)));
                self.problems.push(ConfigProblem {
                    message: format!("cannot parse YAML: {}", e.message),
                    src: self.source(),
                    span,
                    help: Some("fix the YAML syntax; every key of cairn.yml is optional".into()),
                });
                return config;
            }
        };
        let entries = match doc {
            Yaml::Null => return config,
            Yaml::Map(entries) => entries,
            other => {
                self.problems.push(ConfigProblem {
                    message: format!("cairn.yml must be a mapping of keys to values, not {}", other.type_name()),
                    src: self.source(),
                    span: Some((0, 0).into()),
                    help: Some("write `key: value` lines, e.g. `roadmap_dir: roadmap`".into()),
                });
                return config;
            }
        };
        for (key, value) in &entries {
            let Some(key) = key.as_str() else {
                self.problem(&[], format!("keys must be strings, not {}", key.type_name()), None);
                continue;
            };
            match key {
                "roadmap_dir" => self.dir(key, value, &mut config.roadmap_dir),
                "backlog_dir" => self.dir(key, value, &mut config.backlog_dir),
                "stale_after_days" => match value {
                    Yaml::UInt(n) => config.stale_after_days = *n,
                    other => self.problem(
                        &[key],
                        format!("`stale_after_days` must be a whole number of days, not {}", other.type_name()),
                        Some("e.g. `stale_after_days: 14`".into()),
                    ),
                },
                "rules" => self.rules(value, &mut config.rules),
                "statuses" => self.statuses(value, &mut config.statuses),
                "id_prefix" => self.id_prefix(value, &mut config.id_prefix),
                unknown => {
                    let help = suggest::closest(unknown, KEYS.iter().copied())
                        .map(|s| format!("did you mean `{s}`?"))
                        .or_else(|| Some(format!("known keys: {}", KEYS.join(", "))));
                    self.problem(&[unknown], format!("unknown key `{unknown}`"), help);
                }
            }
        }
        if config.roadmap_dir == config.backlog_dir {
            self.problem(&["backlog_dir"], "`roadmap_dir` and `backlog_dir` must be different folders".into(), None);
        }
        config
    }

    fn dir(&mut self, key: &str, value: &Yaml, out: &mut String) {
        let Some(s) = value.as_str() else {
            self.problem(&[key], format!("`{key}` must be a folder name, not {}", value.type_name()), None);
            return;
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
        } else {
            *out = s.to_string();
        }
    }

    fn rules(&mut self, value: &Yaml, out: &mut BTreeMap<Rule, Severity>) {
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

    fn statuses(&mut self, value: &Yaml, out: &mut Statuses) {
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
                let valid_name = !status.is_empty() && !status.chars().any(|c| c.is_whitespace() || c.is_control());
                match category.as_str().and_then(Category::parse) {
                    Some(c) if valid_name => out.set(kind, &status, c),
                    Some(_) => self.problem(
                        &["statuses", &layer_text],
                        format!("`{status}` is not a valid status name"),
                        Some("use a single word such as `doing`".into()),
                    ),
                    None => self.problem(
                        &["statuses", &layer_text, &status],
                        format!("category of status `{status}` must be `open`, `active` or `closed`, not `{category}`"),
                        None,
                    ),
                }
            }
        }
    }

    fn id_prefix(&mut self, value: &Yaml, out: &mut IdPrefix) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_parses_to_the_defaults() {
        assert_eq!(parse(TEMPLATE, "cairn.yml").unwrap(), Config::default());
    }

    #[test]
    fn reads_every_key() {
        let text = "roadmap_dir: plans/roadmap\nbacklog_dir: work\nstatuses:\n  backlog: {doing: active, ready: active}\nrules:\n  roadmap/empty-initiative: off\n  link/orphan: warning\nstale_after_days: 30\nid_prefix: {initiative: I-, story: T-}\n";
        let c = parse(text, "cairn.yml").unwrap();
        assert_eq!(c.roadmap_dir, "plans/roadmap");
        assert_eq!(c.backlog_dir, "work");
        assert_eq!(c.statuses.category(Kind::Backlog, "doing"), Some(Category::Active));
        assert_eq!(c.statuses.category(Kind::Backlog, "ready"), Some(Category::Active));
        assert_eq!(c.severity(Rule::RoadmapEmptyInitiative), Severity::Off);
        assert_eq!(c.severity(Rule::LinkOrphan), Severity::Warning);
        assert_eq!(c.severity(Rule::LinkDangling), Severity::Error);
        assert_eq!(c.stale_after_days, 30);
        assert_eq!(c.id_prefix, IdPrefix { initiative: "I-".into(), story: "T-".into() });
    }

    #[test]
    fn reports_every_problem_with_suggestions() {
        let text = "roadmap_dri: x\nrules:\n  link/orphn: off\n  link/cycle: fatal\nstale_after_days: soon\n";
        let e = parse(text, "cairn.yml").unwrap_err();
        let messages: Vec<String> =
            e.problems.iter().map(|p| format!("{} | {}", p.message, p.help.clone().unwrap_or_default())).collect();
        assert_eq!(messages.len(), 4, "{messages:#?}");
        assert!(
            messages[0].contains("unknown key `roadmap_dri`") && messages[0].contains("did you mean `roadmap_dir`?")
        );
        assert!(messages[1].contains("unknown rule `link/orphn`") && messages[1].contains("`link/orphan`"));
        assert!(messages[2].contains("fatal"));
        assert!(messages[3].contains("stale_after_days"));
        assert!(e.problems.iter().all(|p| p.span.is_some()));
    }

    #[test]
    fn refuses_folders_outside_the_root() {
        assert!(parse("roadmap_dir: ../x\n", "cairn.yml").is_err());
        assert!(parse("backlog_dir: roadmap\n", "cairn.yml").is_err());
    }
}
