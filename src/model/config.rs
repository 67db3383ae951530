//! The plan's configuration as the model sees it: folders, statuses, rule severities,
//! staleness and id prefixes. Reading `cairn.yml` is the loader's job
//! ([`crate::load::config`]); this module only holds the values and their defaults.

use std::collections::BTreeMap;

use super::diagnostic::{Rule, Severity};
use super::{Kind, Statuses};

/// The configuration file's name.
pub const CONFIG_FILE: &str = "cairn.yml";

/// Prefixes of freshly minted ids, per kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdPrefix {
    pub initiative: String,
    pub story: String,
}

/// The plan's configuration; every field has a default.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub roadmap_dir: String,
    pub backlog_dir: String,
    pub statuses: Statuses,
    /// Severities changed from the rules' defaults.
    pub rules: BTreeMap<Rule, Severity>,
    pub stale_after_days: u64,
    pub id_prefix: IdPrefix,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            roadmap_dir: "roadmap".into(),
            backlog_dir: "backlog".into(),
            statuses: Statuses::default(),
            rules: BTreeMap::new(),
            stale_after_days: 14,
            id_prefix: IdPrefix { initiative: String::new(), story: "S-".into() },
        }
    }
}

impl Config {
    /// The severity a rule has in this plan.
    pub fn severity(&self, rule: Rule) -> Severity {
        self.rules.get(&rule).copied().unwrap_or_else(|| rule.default_severity())
    }

    /// The folder of a kind of item, relative to the plan root.
    pub fn dir(&self, kind: Kind) -> &str {
        match kind {
            Kind::Initiative => &self.roadmap_dir,
            Kind::Backlog => &self.backlog_dir,
        }
    }
}
