//! The roadmap impact of a change, one entry per affected initiative: its own moves (target,
//! start, status, priority, horizon, owner), scope added, removed or abandoned, stories started,
//! closed or reopened, stories re-linked in and out, progress before and after, and the initiatives
//! that depend on it and that the change now makes overlap with it.

use std::collections::BTreeMap;

use serde::Serialize;

use super::fields::diff_items;
use jiff::civil::Date;

use super::{ChangeKind, FieldChange, Pair, Readability};
use crate::analyse::health;
use crate::analyse::views::{self, Progress};
use crate::model::{Category, Health, Item, Kind, Links, Period, Plan, Target};

/// The initiative fields whose moves are roadmap impact (the others are details).
const IMPACT_FIELDS: &[&str] = &["status", "priority", "horizon", "start", "target", "owner"];

/// A backlog item named in an impact entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoryRef {
    pub id: String,
    pub title: String,
    pub status: String,
}

/// A backlog item that moved between initiatives: `other` is where it came from (in) or went
/// to (out; `None` when it now traces to no initiative).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Relink {
    pub id: String,
    pub title: String,
    pub other: Option<String>,
    /// Whether `other` names an initiative of the plan it is read in (a link to an id that
    /// does not exist is a problem, not a re-link).
    pub other_exists: bool,
}

/// An initiative that depends on this one and now overlaps it: it starts (or, without a
/// start, ends) before this one's target ends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Overlap {
    pub id: String,
    pub title: String,
    /// `start` or `target`: which of the dependent's periods overlaps.
    pub by: &'static str,
    pub period: String,
    /// This initiative's target.
    pub target: String,
}

/// How a change moves an initiative's health, as far as the two versions decide it (see
/// [`health::of_change`]): `from` is `None` when the base version's health takes the forecast
/// (or the initiative is new).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HealthMove {
    pub from: Option<Health>,
    pub to: Health,
}

/// Progress of an initiative before and after (absent on a side without the initiative).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ProgressMove {
    pub from: Option<Progress>,
    pub to: Option<Progress>,
}

/// One affected initiative.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InitiativeImpact {
    pub id: String,
    pub title: String,
    /// The initiative itself was added or removed (or modified: see `fields`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change: Option<ChangeKind>,
    /// Moves of its status, priority, horizon, start, target and owner.
    pub fields: Vec<FieldChange>,
    pub added: Vec<StoryRef>,
    pub removed: Vec<StoryRef>,
    pub abandoned: Vec<StoryRef>,
    pub started: Vec<StoryRef>,
    pub closed: Vec<StoryRef>,
    pub reopened: Vec<StoryRef>,
    pub relinked_in: Vec<Relink>,
    pub relinked_out: Vec<Relink>,
    pub progress: ProgressMove,
    pub overlaps: Vec<Overlap>,
    /// Its health, when the change moves it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub health: Option<HealthMove>,
}

impl InitiativeImpact {
    fn new(id: &str, title: &str) -> Self {
        InitiativeImpact {
            id: id.to_string(),
            title: title.to_string(),
            change: None,
            fields: Vec::new(),
            added: Vec::new(),
            removed: Vec::new(),
            abandoned: Vec::new(),
            started: Vec::new(),
            closed: Vec::new(),
            reopened: Vec::new(),
            relinked_in: Vec::new(),
            relinked_out: Vec::new(),
            progress: ProgressMove::default(),
            overlaps: Vec::new(),
            health: None,
        }
    }

    fn is_empty(&self) -> bool {
        self.change.is_none()
            && self.fields.is_empty()
            && self.added.is_empty()
            && self.removed.is_empty()
            && self.abandoned.is_empty()
            && self.started.is_empty()
            && self.closed.is_empty()
            && self.reopened.is_empty()
            && self.relinked_in.is_empty()
            && self.relinked_out.is_empty()
            && self.progress.from == self.progress.to
            && self.overlaps.is_empty()
            && self.health.is_none()
    }

    /// One field's move, if it moved.
    pub fn field(&self, name: &str) -> Option<&FieldChange> {
        self.fields.iter().find(|f| f.field == name)
    }
}

fn story(item: &Item) -> StoryRef {
    StoryRef { id: item.id.clone(), title: item.title.clone(), status: item.status.clone() }
}

/// The initiative an item traces to, when it names one of `plan`'s initiatives.
fn parent<'p>(links: &Links<'p>, item: &Item) -> Option<&'p Item> {
    match links.resolve(item.initiative.as_deref()?, Kind::Initiative) {
        Target::Found(i) => Some(i),
        _ => None,
    }
}

/// Whether `dependent` (which depends on `on`) overlaps it: it starts before `on`'s target
/// ends, or, without a start, its own target ends no later than `on`'s. The period that
/// overlaps, when one does.
fn overlap(on: &Item, dependent: &Item) -> Option<(&'static str, Period, Period)> {
    let target = on.target?;
    match (dependent.start, dependent.target) {
        (Some(start), _) if start.start() <= target.end() => Some(("start", start, target)),
        (None, Some(end)) if end.end() <= target.end() => Some(("target", end, target)),
        _ => None,
    }
}

/// The impact entries, created on first mention with the initiative's title (new, else old).
struct Entries<'l, 'p> {
    out: BTreeMap<String, InitiativeImpact>,
    old: &'l Links<'p>,
    new: &'l Links<'p>,
}

impl Entries<'_, '_> {
    fn at(&mut self, id: &str) -> &mut InitiativeImpact {
        let find = |links: &Links<'_>| match links.resolve(id, Kind::Initiative) {
            Target::Found(i) => Some(i.title.clone()),
            _ => None,
        };
        let (old, new) = (self.old, self.new);
        self.out
            .entry(id.to_string())
            .or_insert_with(|| InitiativeImpact::new(id, &find(new).or_else(|| find(old)).unwrap_or_default()))
    }
}

/// The initiative `id` names in a plan, if it names one.
fn initiative<'p>(links: &Links<'p>, id: &str) -> Option<&'p Item> {
    match links.resolve(id, Kind::Initiative) {
        Target::Found(i) => Some(i),
        _ => None,
    }
}

/// Which initiatives a change affects, and how, in id order.
pub fn impact(
    head: &Plan,
    links: [&Links<'_>; 2],
    pairs: &[(Pair<'_>, Readability)],
    today: Date,
) -> Vec<InitiativeImpact> {
    let [old_links, new_links] = links;
    let exists = |id: &str| matches!(new_links.resolve(id, Kind::Initiative), Target::Found(_) | Target::Broken);
    let mut entries = Entries { out: BTreeMap::new(), old: old_links, new: new_links };
    for (p, readability) in pairs {
        if *readability != Readability::Same {
            continue;
        }
        let kind = p.new.or(p.old).map(|i| i.kind);
        if kind == Some(Kind::Initiative) {
            match (p.old, p.new) {
                (None, Some(n)) => entries.at(&n.id).change = Some(ChangeKind::Added),
                (Some(o), None) => entries.at(&o.id).change = Some(ChangeKind::Removed),
                (Some(o), Some(n)) => {
                    let fields: Vec<FieldChange> = diff_items(o, n, &exists)
                        .into_iter()
                        .filter(|f| IMPACT_FIELDS.contains(&f.field.as_str()))
                        .collect();
                    if !fields.is_empty() {
                        entries.at(&n.id).fields = fields;
                    }
                }
                (None, None) => {}
            }
            continue;
        }
        let was = p.old.and_then(|o| parent(old_links, o));
        let now = p.new.and_then(|n| parent(new_links, n));
        match (p.old, p.new) {
            (None, Some(n)) => {
                if let Some(i) = now {
                    entries.at(&i.id).added.push(story(n));
                }
            }
            (Some(o), None) => {
                if let Some(i) = was {
                    entries.at(&i.id).removed.push(story(o));
                }
            }
            (Some(o), Some(n)) => {
                let (was_id, now_id) = (was.map(|i| i.id.as_str()), now.map(|i| i.id.as_str()));
                if was_id != now_id {
                    // The story as seen from one side, naming the initiative on the other.
                    let relink = |other: &Option<String>, other_exists: bool| Relink {
                        id: n.id.clone(),
                        title: n.title.clone(),
                        other: other.clone(),
                        other_exists,
                    };
                    if let Some(w) = was_id {
                        entries.at(w).relinked_out.push(relink(&n.initiative, now.is_some()));
                    }
                    if let Some(i) = now_id {
                        entries.at(i).relinked_in.push(relink(&o.initiative, was.is_some()));
                    }
                    continue;
                }
                let Some(i) = now_id else { continue };
                let (from, to) = (o.category_or_open(), n.category_or_open());
                let list = match (from, to) {
                    (Category::Closed, Category::Closed) | (Category::Abandoned, Category::Abandoned) => continue,
                    (_, Category::Abandoned) => &mut entries.at(i).abandoned,
                    (_, Category::Closed) => &mut entries.at(i).closed,
                    (Category::Closed | Category::Abandoned, _) => &mut entries.at(i).reopened,
                    (Category::Open, Category::Active) => &mut entries.at(i).started,
                    _ => continue,
                };
                list.push(story(n));
            }
            (None, None) => {}
        }
    }
    // Dependent initiatives that now overlap.
    for dependent in head.initiatives() {
        for on_id in &dependent.depends_on {
            let Target::Found(on) = new_links.resolve(on_id, Kind::Initiative) else { continue };
            let Some((by, period, target)) = overlap(on, dependent) else { continue };
            let before = match (
                old_links.resolve(on_id, Kind::Initiative),
                old_links.resolve(&dependent.id, Kind::Initiative),
            ) {
                (Target::Found(o), Target::Found(d)) if d.depends_on.contains(on_id) => overlap(o, d).is_some(),
                _ => false,
            };
            if !before {
                entries.at(&on.id).overlaps.push(Overlap {
                    id: dependent.id.clone(),
                    title: dependent.title.clone(),
                    by,
                    period: period.to_string(),
                    target: target.to_string(),
                });
            }
        }
    }
    // Progress before and after, for every initiative named so far.
    let mut out = entries.out;
    for (id, e) in out.iter_mut() {
        let progress = |links: &Links<'_>| initiative(links, id).map(|i| views::progress(links, i));
        e.progress = ProgressMove { from: progress(old_links), to: progress(new_links) };
        let (was, now) = (initiative(old_links, id), initiative(new_links, id));
        if let Some(to) = now.and_then(|n| health::of_change(was, n, today)) {
            let from = was.and_then(|w| health::from_plan(w, today));
            if from.as_ref().is_none_or(|f| f.state != to.state) {
                e.health = Some(HealthMove { from, to });
            }
        }
    }
    out.into_values().filter(|e| !e.is_empty()).collect()
}
