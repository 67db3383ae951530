//! The plan's configuration as the model sees it: folders, statuses, rule severities,
//! staleness, id prefixes, excluded files, extra types and priority words, and the plan's own
//! key names. Reading `cairn.yml` is the loader's job ([`crate::load::config`]); this module
//! only holds the values and their defaults.

use std::collections::BTreeMap;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use super::diagnostic::{Rule, Severity};
use super::{Kind, Statuses};

/// The configuration file's name.
pub const CONFIG_FILE: &str = "cairn.yml";

/// Every field of SPEC §2, by its cairn name: what `fields:` may rename.
pub const FIELDS: &[&str] = &[
    "id",
    "title",
    "status",
    "horizon",
    "start",
    "target",
    "priority",
    "owner",
    "outcome",
    "labels",
    "depends_on",
    "type",
    "initiative",
    "estimate",
    "assignee",
    "sprint",
];

/// Prefixes of freshly minted ids, per kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdPrefix {
    pub initiative: String,
    pub story: String,
}

/// Globs of plan files that are not items (`exclude:`), relative to the plan root.
#[derive(Debug, Clone, Default)]
pub struct Exclude {
    patterns: Vec<String>,
    set: GlobSet,
}

impl PartialEq for Exclude {
    fn eq(&self, other: &Self) -> bool {
        self.patterns == other.patterns
    }
}

impl Exclude {
    /// Compiles the patterns; the first one that is not a glob is returned as the error.
    pub fn new(patterns: Vec<String>) -> Result<Self, (String, String)> {
        let mut builder = GlobSetBuilder::new();
        for p in &patterns {
            let glob = GlobBuilder::new(p).literal_separator(true).build().map_err(|e| (p.clone(), e.to_string()))?;
            builder.add(glob);
        }
        let set = builder.build().map_err(|e| (patterns.join(", "), e.to_string()))?;
        Ok(Exclude { patterns, set })
    }

    /// Whether a plan-relative path (`backlog/docs/a.md`) is excluded.
    pub fn matches(&self, path: &str) -> bool {
        !self.patterns.is_empty() && self.set.is_match(path)
    }

    pub fn patterns(&self) -> &[String] {
        &self.patterns
    }
}

/// The plan's own names for cairn's fields (`fields:`): `initiative: milestone` means the
/// plan writes `milestone:` where cairn reads `initiative`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldNames {
    /// cairn field → the plan's key, only for renamed fields.
    renamed: BTreeMap<String, String>,
}

impl FieldNames {
    /// Field names with these renamings (checked by the loader: known fields, distinct keys).
    pub fn new(renamed: BTreeMap<String, String>) -> Self {
        FieldNames { renamed }
    }

    /// The key the plan uses for a cairn field.
    pub fn key<'a>(&'a self, field: &'a str) -> &'a str {
        self.renamed.get(field).map_or(field, String::as_str)
    }

    /// The cairn field a key of the plan stands for, if any.
    pub fn field(&self, key: &str) -> Option<&'static str> {
        if let Some((field, _)) = self.renamed.iter().find(|(_, k)| *k == key) {
            return FIELDS.iter().copied().find(|f| f == field);
        }
        // A key that is a cairn field's own name stands for it unless that field was renamed.
        FIELDS.iter().copied().find(|f| *f == key && !self.renamed.contains_key(*f))
    }

    /// Whether `field` is read from another key than its own name.
    pub fn is_renamed(&self, field: &str) -> bool {
        self.renamed.contains_key(field)
    }
}

/// The plan's configuration; every field has a default.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Roadmap folders, relative to the plan root (none: the plan has no roadmap).
    pub roadmap_dirs: Vec<String>,
    /// Backlog folders, relative to the plan root.
    pub backlog_dirs: Vec<String>,
    /// Whether `cairn.yml` named the folders (then a missing one is an error).
    pub dirs_configured: bool,
    pub statuses: Statuses,
    /// Severities changed from the rules' defaults.
    pub rules: BTreeMap<Rule, Severity>,
    pub stale_after_days: u64,
    pub id_prefix: IdPrefix,
    pub exclude: Exclude,
    /// Backlog types besides the built-in ones.
    pub types: Vec<String>,
    /// Words accepted as priorities, ranked 1, 2, 3… in this order.
    pub priorities: Vec<String>,
    pub fields: FieldNames,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            roadmap_dirs: vec!["roadmap".into()],
            backlog_dirs: vec!["backlog".into()],
            dirs_configured: false,
            statuses: Statuses::default(),
            rules: BTreeMap::new(),
            stale_after_days: 14,
            id_prefix: IdPrefix { initiative: String::new(), story: "S-".into() },
            exclude: Exclude::default(),
            types: Vec::new(),
            priorities: Vec::new(),
            fields: FieldNames::default(),
        }
    }
}

impl Config {
    /// The severity a rule has in this plan.
    pub fn severity(&self, rule: Rule) -> Severity {
        self.rules.get(&rule).copied().unwrap_or_else(|| rule.default_severity())
    }

    /// The folders of a kind of item, relative to the plan root.
    pub fn dirs(&self, kind: Kind) -> &[String] {
        match kind {
            Kind::Initiative => &self.roadmap_dirs,
            Kind::Backlog => &self.backlog_dirs,
        }
    }

    /// Every plan folder with its kind: roadmap folders first.
    pub fn folders(&self) -> impl Iterator<Item = (Kind, &str)> {
        self.roadmap_dirs
            .iter()
            .map(|d| (Kind::Initiative, d.as_str()))
            .chain(self.backlog_dirs.iter().map(|d| (Kind::Backlog, d.as_str())))
    }

    /// The folder new items of a kind are written to: the first one configured.
    pub fn home_dir(&self, kind: Kind) -> Option<&str> {
        self.dirs(kind).first().map(String::as_str)
    }

    /// The key the plan uses for a cairn field (`initiative` → `milestone`).
    pub fn key<'a>(&'a self, field: &'a str) -> &'a str {
        self.fields.key(field)
    }

    /// The backlog types this plan accepts: the built-in ones, then `types:`.
    pub fn item_types(&self) -> Vec<&str> {
        super::ITEM_TYPES.iter().copied().chain(self.types.iter().map(String::as_str)).collect()
    }

    /// The rank of a priority word of `priorities:` (1 for the first).
    pub fn priority_rank(&self, word: &str) -> Option<u64> {
        self.priorities.iter().position(|p| p == word).map(|i| i as u64 + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renamed_fields_map_both_ways() {
        let names = FieldNames::new(
            [("initiative".to_string(), "milestone".to_string())].into_iter().collect::<BTreeMap<_, _>>(),
        );
        assert_eq!(names.key("initiative"), "milestone");
        assert_eq!(names.key("status"), "status");
        assert_eq!(names.field("milestone"), Some("initiative"));
        assert_eq!(names.field("status"), Some("status"));
        // The field's own name no longer stands for it once renamed.
        assert_eq!(names.field("initiative"), None);
        assert_eq!(names.field("created_date"), None);
    }

    #[test]
    fn exclude_globs_match_plan_paths() {
        let e = Exclude::new(vec!["backlog/docs/**".into(), "**/drafts/*.md".into()]).unwrap();
        assert!(e.matches("backlog/docs/a.md"));
        assert!(e.matches("backlog/docs/deep/b.md"));
        assert!(e.matches("backlog/x/drafts/c.md"));
        assert!(!e.matches("backlog/tasks/a.md"));
        assert!(!Exclude::default().matches("anything"));
        assert!(Exclude::new(vec!["a/[".into()]).is_err());
    }
}
