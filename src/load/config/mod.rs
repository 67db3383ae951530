//! Reading `cairn.yml` into a [`Config`]: every problem is reported with its line and a
//! "did you mean" where one helps.

use miette::{NamedSource, SourceSpan};

use super::yaml::{self, Yaml};
use crate::error::{ConfigError, ConfigProblem};
use crate::model::locate;
mod parts;

use crate::model::Config;
use crate::model::config::Exclude;
use crate::suggest;

pub use crate::model::CONFIG_FILE;

const KEYS: &[&str] = &[
    "roadmap_dir",
    "backlog_dir",
    "statuses",
    "rules",
    "stale_after_days",
    "id_prefix",
    "exclude",
    "types",
    "priorities",
    "fields",
];

/// The `cairn.yml` that `cairn init` writes: every default, commented.
pub const TEMPLATE: &str = "\
# cairn configuration. Every key is optional; the values below are the defaults.
# Reference: docs/format.md

# Folders of the plan, relative to this file (one folder or a list).
roadmap_dir: roadmap
backlog_dir: backlog

# Files in the plan folders that are not items (globs relative to this file).
# exclude: [backlog/docs/**]

# Backlog types besides story, task, bug, spike and chore; priority words ranked 1, 2, 3.
# types: [epic, research]
# priorities: [high, medium, low]

# The plan's own key names for cairn's fields, to read a plan written for another tool.
# fields: {initiative: milestone, depends_on: dependencies}

# Statuses are merged into the defaults: change a status's category or add one (any text on
# one line, e.g. \"In Progress\"). Categories: open | active | closed | abandoned.
# statuses:
#   roadmap: {proposed: open, planned: open, active: active, done: closed, dropped: abandoned}
#   backlog: {todo: open, ready: open, in-progress: active, in-review: active, done: closed, wontdo: abandoned}

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
                "roadmap_dir" => {
                    config.roadmap_dirs = self.dirs(key, value, true);
                    config.dirs_configured = true;
                }
                "backlog_dir" => {
                    config.backlog_dirs = self.dirs(key, value, false);
                    config.dirs_configured = true;
                }
                "stale_after_days" => match value {
                    Yaml::UInt(n) => config.stale_after_days = *n,
                    Yaml::BigInt(n) => self.problem(
                        &[key],
                        format!("`stale_after_days: {n}` is too large"),
                        Some("e.g. `stale_after_days: 14`".into()),
                    ),
                    Yaml::Int(n) if *n < 0 => self.problem(
                        &[key],
                        format!("`stale_after_days` must be 0 or more, not {n}"),
                        Some("e.g. `stale_after_days: 14`; `rules: {backlog/stale: off}` turns the rule off".into()),
                    ),
                    other => self.problem(
                        &[key],
                        format!("`stale_after_days` must be a whole number of days, not {}", other.type_name()),
                        Some("e.g. `stale_after_days: 14`".into()),
                    ),
                },
                "exclude" => {
                    let patterns = self.words(key, value, "[backlog/docs/**]", false);
                    match Exclude::new(patterns) {
                        Ok(e) => config.exclude = e,
                        Err((glob, e)) => self.problem(
                            &[key],
                            format!("`{glob}` in `exclude` is not a glob: {e}"),
                            Some("globs are relative to the plan root, e.g. `backlog/docs/**`".into()),
                        ),
                    }
                }
                "types" => config.types = self.words(key, value, "[epic, research]", true),
                "priorities" => config.priorities = self.words(key, value, "[high, medium, low]", true),
                "fields" => config.fields = self.fields(value),
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
        self.overlaps(&config);
        config
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Category, IdPrefix, Kind, Rule, Severity};

    fn problems(text: &str) -> Vec<String> {
        match parse(text, "cairn.yml") {
            Ok(_) => Vec::new(),
            Err(e) => {
                e.problems.iter().map(|p| format!("{} | {}", p.message, p.help.clone().unwrap_or_default())).collect()
            }
        }
    }

    #[test]
    fn reads_the_keys_for_plans_of_other_tools() {
        let text = "roadmap_dir: [backlog/milestones, backlog/archive/milestones]\nbacklog_dir: [backlog/tasks, backlog/completed]\nstatuses:\n  backlog: {\"To Do\": open, \"In Progress\": active, Done: closed, \"Won't Do\": abandoned}\npriorities: [high, medium, low]\ntypes: [feature, Standards Track]\nexclude: [backlog/docs/**]\nfields: {initiative: milestone, depends_on: dependencies}\n";
        let c = parse(text, "cairn.yml").unwrap();
        assert_eq!(c.roadmap_dirs, ["backlog/milestones", "backlog/archive/milestones"]);
        assert_eq!(c.backlog_dirs, ["backlog/tasks", "backlog/completed"]);
        assert!(c.dirs_configured);
        assert_eq!(c.statuses.category(Kind::Backlog, "In Progress"), Some(Category::Active));
        assert_eq!(c.statuses.category(Kind::Backlog, "Won't Do"), Some(Category::Abandoned));
        assert_eq!(c.priority_rank("medium"), Some(2));
        assert!(c.item_types().contains(&"Standards Track"));
        assert!(c.exclude.matches("backlog/docs/a.md"));
        assert_eq!(c.key("initiative"), "milestone");
        assert_eq!(c.fields.field("dependencies"), Some("depends_on"));
    }

    #[test]
    fn an_empty_roadmap_list_means_no_roadmap() {
        let c = parse("roadmap_dir: []\nbacklog_dir: EIPS\n", "cairn.yml").unwrap();
        assert!(c.roadmap_dirs.is_empty());
        assert_eq!(problems("backlog_dir: []\n").len(), 1);
    }

    #[test]
    fn overlapping_folders_are_refused() {
        let p = problems("roadmap_dir: backlog/milestones\nbacklog_dir: backlog\n");
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].contains("`backlog/milestones` is inside `backlog`") && p[0].contains("backlog_dir: ["), "{p:?}");
        assert_eq!(problems("roadmap_dir: plan\nbacklog_dir: plan\n").len(), 1);
        assert!(problems("roadmap_dir: road\nbacklog_dir: roadmap\n").is_empty(), "a shared prefix is not an overlap");
    }

    #[test]
    fn bad_new_keys_say_what_to_write() {
        let p = problems("fields: {initiatve: milestone, status: [x]}\n");
        assert!(
            p[0].contains("`initiatve` is not a cairn field") && p[0].contains("did you mean `initiative`?"),
            "{p:?}"
        );
        assert!(p[1].contains("`fields.status`"), "{p:?}");
        let p = problems("fields: {initiative: status}\n");
        assert!(p[0].contains("both `initiative` and `status`"), "{p:?}");
        let p = problems("exclude: [\"a/[\"]\ntypes: [epic, epic]\npriorities: high\n");
        assert_eq!(p.len(), 2, "{p:?}");
        let p = problems("stale_after_days: -1\nstatuses: {backlog: {\" padded \": open, x: finished}}\n");
        assert!(p[0].contains("must be 0 or more"), "{p:?}");
        assert!(p[1].contains("not a valid status name"), "{p:?}");
        assert!(p[2].contains("`open`, `active`, `closed` or `abandoned`"), "{p:?}");
    }

    #[test]
    fn the_template_parses_to_the_defaults() {
        assert_eq!(parse(TEMPLATE, "cairn.yml").unwrap(), Config { dirs_configured: true, ..Config::default() });
    }

    #[test]
    fn reads_every_key() {
        let text = "roadmap_dir: plans/roadmap\nbacklog_dir: work\nstatuses:\n  backlog: {doing: active, ready: active}\nrules:\n  roadmap/empty-initiative: off\n  link/orphan: warning\nstale_after_days: 30\nid_prefix: {initiative: I-, story: T-}\n";
        let c = parse(text, "cairn.yml").unwrap();
        assert_eq!(c.roadmap_dirs, ["plans/roadmap"]);
        assert_eq!(c.backlog_dirs, ["work"]);
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
