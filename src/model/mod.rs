//! The plan model: initiatives and backlog items, their ids, periods, statuses and links,
//! the configuration values that give them meaning, and the findings rules make about them.
//! The model knows no parser, no renderer and no command: every other layer builds on it.

pub mod config;
pub mod diagnostic;
mod health;
mod id;
mod item;
mod links;
pub mod locate;
mod period;
mod status;
pub mod when;

use std::sync::Arc;

pub use config::{CONFIG_FILE, Config, IdPrefix};
pub use diagnostic::{Diagnostic, Rule, Severity, Span, line_col};
pub use health::{Health, HealthState};
pub use id::{id_cmp, id_problem, is_bidi_control};
pub use item::{Criteria, Criterion, HORIZONS, ITEM_TYPES, Item, KeySpan, Keys, Kind, SourceFile, points};
pub use links::{Links, Target};
pub use period::{
    Granularity, PERIOD_FORMS, Period, PeriodError, add_days, days_between, iso_week, shift_words, week_start,
};
pub use status::{Category, Statuses};

/// A file that could not be decoded into an item. Its fallback id (the file name) still
/// counts as known, so links to it do not also dangle.
#[derive(Debug, Clone)]
pub struct BrokenFile {
    pub path: String,
    pub kind: Kind,
    pub id: String,
}

/// The whole plan: every item and every problem found while loading it.
#[derive(Debug)]
pub struct Plan {
    pub config: Config,
    /// Items sorted by path.
    pub items: Vec<Item>,
    /// Files that are in the plan but could not be decoded.
    pub broken: Vec<BrokenFile>,
    /// Problems found while reading and decoding files.
    pub diagnostics: Vec<Diagnostic>,
    /// Sources of files with problems that did not produce an item, for rendering.
    pub sources: Vec<Arc<SourceFile>>,
}

impl Plan {
    pub fn initiatives(&self) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(|i| i.kind == Kind::Initiative)
    }

    pub fn backlog(&self) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(|i| i.kind == Kind::Backlog)
    }

    /// Every id in the plan (items and broken files), sorted and deduplicated.
    pub fn ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> =
            self.items.iter().map(|i| i.id.as_str()).chain(self.broken.iter().map(|b| b.id.as_str())).collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }
}
