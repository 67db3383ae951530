//! The link graph: ids resolved to items, children of initiatives, dependency edges.

use std::collections::{HashMap, HashSet};

use super::{Item, Kind, Plan};

/// Lookups over a plan's ids and links.
pub struct Links<'p> {
    /// Items by id; more than one when the id is duplicated.
    by_id: HashMap<&'p str, Vec<&'p Item>>,
    /// Ids of files that failed to decode, by kind.
    broken: HashSet<(&'p str, Kind)>,
    /// Backlog items by the initiative id they name.
    children: HashMap<&'p str, Vec<&'p Item>>,
}

/// What a link resolves to.
#[derive(Debug, Clone, Copy)]
pub enum Target<'p> {
    /// An item of the expected kind.
    Found(&'p Item),
    /// A file of the expected kind that failed to decode (already reported).
    Broken,
    /// Only items of the other kind have this id.
    WrongKind(&'p Item),
    /// Nothing has this id.
    Missing,
}

impl<'p> Links<'p> {
    pub fn new(plan: &'p Plan) -> Self {
        let mut by_id: HashMap<&str, Vec<&Item>> = HashMap::with_capacity(plan.items.len());
        let mut children: HashMap<&str, Vec<&Item>> = HashMap::new();
        for item in &plan.items {
            by_id.entry(item.id.as_str()).or_default().push(item);
            if let Some(parent) = item.initiative.as_deref().filter(|_| item.kind == Kind::Backlog) {
                children.entry(parent).or_default().push(item);
            }
        }
        let broken = plan.broken.iter().map(|b| (b.id.as_str(), b.kind)).collect();
        Links { by_id, broken, children }
    }

    /// Every item with this id.
    pub fn get(&self, id: &str) -> &[&'p Item] {
        self.by_id.get(id).map_or(&[], Vec::as_slice)
    }

    /// Resolves a link to an id that should name an item of `kind`.
    pub fn resolve(&self, id: &str, kind: Kind) -> Target<'p> {
        let items = self.get(id);
        if let Some(item) = items.iter().find(|i| i.kind == kind) {
            return Target::Found(item);
        }
        if self.broken.contains(&(id, kind)) {
            return Target::Broken;
        }
        match items.first() {
            Some(other) => Target::WrongKind(other),
            None if self.broken.iter().any(|(b, _)| *b == id) => Target::Broken,
            None => Target::Missing,
        }
    }

    /// The backlog items that name initiative `id`, sorted by path.
    pub fn children(&self, id: &str) -> &[&'p Item] {
        self.children.get(id).map_or(&[], Vec::as_slice)
    }

    /// Ids of items of `kind`, sorted.
    pub fn ids_of(&self, kind: Kind) -> Vec<&'p str> {
        let mut ids: Vec<&str> =
            self.by_id.iter().filter(|(_, items)| items.iter().any(|i| i.kind == kind)).map(|(id, _)| *id).collect();
        ids.sort_unstable();
        ids
    }
}
