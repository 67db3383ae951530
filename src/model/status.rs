//! Statuses and the four categories every report uses. No status name has a meaning beyond
//! the built-in table and the plan's own `statuses:`: what a status means is its category.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use super::Kind;

/// The category of a status: what reports and rules reason about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// Not started: `proposed`, `planned`, `todo`, `ready`.
    Open,
    /// Being worked on: `active`, `in-progress`, `in-review`.
    Active,
    /// Delivered: `done`.
    Closed,
    /// Closed without delivering: `dropped`, `wontdo`.
    Abandoned,
}

impl Category {
    pub const ALL: [Category; 4] = [Category::Open, Category::Active, Category::Closed, Category::Abandoned];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Open => "open",
            Category::Active => "active",
            Category::Closed => "closed",
            Category::Abandoned => "abandoned",
        }
    }

    /// Whether the work is over: delivered or abandoned.
    pub fn is_finished(self) -> bool {
        matches!(self, Category::Closed | Category::Abandoned)
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The statuses allowed for initiatives and for backlog items, each with its category.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statuses {
    roadmap: BTreeMap<String, Category>,
    backlog: BTreeMap<String, Category>,
    /// The first `open` status `cairn.yml` lists for each kind (roadmap, backlog): what a new
    /// item starts with in a plan that names its own statuses (`To Do`).
    first_open: [Option<String>; 2],
}

impl Default for Statuses {
    fn default() -> Self {
        use Category::*;
        let map = |pairs: &[(&str, Category)]| pairs.iter().map(|(s, c)| (s.to_string(), *c)).collect();
        Statuses {
            roadmap: map(&[
                ("proposed", Open),
                ("planned", Open),
                ("active", Active),
                ("done", Closed),
                ("dropped", Abandoned),
            ]),
            backlog: map(&[
                ("todo", Open),
                ("ready", Open),
                ("in-progress", Active),
                ("in-review", Active),
                ("done", Closed),
                ("wontdo", Abandoned),
            ]),
            first_open: [None, None],
        }
    }
}

impl Statuses {
    /// The default status of a new or status-less item.
    pub fn default_status(kind: Kind) -> &'static str {
        match kind {
            Kind::Initiative => "proposed",
            Kind::Backlog => "todo",
        }
    }

    /// The status `cairn new` writes: the first `open` status the configuration lists for
    /// `kind`, else [`Statuses::default_status`].
    pub fn new_item_status(&self, kind: Kind) -> &str {
        self.first_open[Self::slot(kind)].as_deref().unwrap_or(Self::default_status(kind))
    }

    fn slot(kind: Kind) -> usize {
        match kind {
            Kind::Initiative => 0,
            Kind::Backlog => 1,
        }
    }

    fn map(&self, kind: Kind) -> &BTreeMap<String, Category> {
        match kind {
            Kind::Initiative => &self.roadmap,
            Kind::Backlog => &self.backlog,
        }
    }

    /// Adds a status or changes the category of an existing one.
    pub fn set(&mut self, kind: Kind, status: &str, category: Category) {
        let first = &mut self.first_open[Self::slot(kind)];
        if category == Category::Open && first.is_none() {
            *first = Some(status.to_string());
        }
        let map = match kind {
            Kind::Initiative => &mut self.roadmap,
            Kind::Backlog => &mut self.backlog,
        };
        map.insert(status.to_string(), category);
    }

    /// The category of `status` for items of `kind`, if it is a known status.
    pub fn category(&self, kind: Kind, status: &str) -> Option<Category> {
        self.map(kind).get(status).copied()
    }

    /// All statuses of a kind, sorted.
    pub fn names(&self, kind: Kind) -> impl Iterator<Item = &str> {
        self.map(kind).keys().map(String::as_str)
    }

    /// Whether `name` can be a status: any text on one line without leading or trailing
    /// spaces (`In Progress`, `Won't Do`, `Last Call` are fine).
    pub fn valid_name(name: &str) -> bool {
        !name.is_empty() && name.trim() == name && !name.chars().any(char::is_control)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_item_starts_with_the_first_open_status_the_configuration_lists() {
        let mut s = Statuses::default();
        assert_eq!(s.new_item_status(Kind::Backlog), "todo");
        s.set(Kind::Backlog, "In Progress", Category::Active);
        s.set(Kind::Backlog, "To Do", Category::Open);
        s.set(Kind::Backlog, "Backlog", Category::Open);
        assert_eq!(s.new_item_status(Kind::Backlog), "To Do");
        assert_eq!(s.new_item_status(Kind::Initiative), "proposed");
    }

    #[test]
    fn defaults_follow_the_spec() {
        let s = Statuses::default();
        assert_eq!(s.category(Kind::Initiative, "planned"), Some(Category::Open));
        assert_eq!(s.category(Kind::Initiative, "active"), Some(Category::Active));
        assert_eq!(s.category(Kind::Initiative, "dropped"), Some(Category::Abandoned));
        assert_eq!(s.category(Kind::Backlog, "wontdo"), Some(Category::Abandoned));
        assert_eq!(s.category(Kind::Backlog, "done"), Some(Category::Closed));
        assert_eq!(s.category(Kind::Backlog, "in-review"), Some(Category::Active));
        assert_eq!(s.category(Kind::Backlog, "ready"), Some(Category::Open));
        assert_eq!(s.category(Kind::Backlog, "active"), None);
        assert_eq!(s.category(Kind::Initiative, "todo"), None);
    }

    #[test]
    fn configured_statuses_extend_and_override() {
        let mut s = Statuses::default();
        s.set(Kind::Backlog, "doing", Category::Active);
        s.set(Kind::Backlog, "ready", Category::Active);
        assert_eq!(s.category(Kind::Backlog, "doing"), Some(Category::Active));
        assert_eq!(s.category(Kind::Backlog, "ready"), Some(Category::Active));
        assert!(s.names(Kind::Backlog).any(|n| n == "todo"));
    }

    #[test]
    fn status_names_are_any_one_line_text() {
        for ok in ["todo", "In Progress", "Won't Do", "Last Call", "ready-for-release"] {
            assert!(Statuses::valid_name(ok), "{ok}");
        }
        for bad in ["", " todo", "todo ", "a\nb", "tab\there"] {
            assert!(!Statuses::valid_name(bad), "{bad:?}");
        }
    }
}
