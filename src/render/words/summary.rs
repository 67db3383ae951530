//! The diff's one-line summary in a product manager's words: "Launch subscription model slips
//! one quarter; 1 story moves from Improve delivery tracking to Launch subscription model;
//! introduces 1 problem".

use std::collections::{BTreeMap, HashSet};

use super::lines::shift_verb;
use super::{Line, count, value_text};
use crate::analyse::diff::{ChangeKind, CriterionMove, InitiativeImpact, ItemChange, PlanDiff};

/// Most phrases in the summary; the rest are counted.
const PHRASES: usize = 6;

fn name(i: &InitiativeImpact) -> Line {
    if i.title.is_empty() { Line::new().code(&i.id) } else { Line::new().text(&i.title) }
}

fn title_of(d: &PlanDiff, id: &str) -> Line {
    match d.initiative_titles.get(id) {
        Some(t) if !t.is_empty() => Line::new().text(t),
        _ => Line::new().code(id),
    }
}

/// The phrases about one initiative's own moves; `None` when it has none.
fn own_moves(i: &InitiativeImpact) -> Option<Line> {
    let mut parts = Vec::new();
    match i.change {
        Some(ChangeKind::Added) => {
            let mut line = Line::new().words("new initiative ").then(name(i));
            if !i.added.is_empty() {
                line = line.words(format!(" with {}", count(i.added.len(), "story", "stories")));
            }
            return Some(line);
        }
        Some(ChangeKind::Removed) => return Some(name(i).words(" removed from the roadmap")),
        _ => {}
    }
    let shift = |field: &str| i.field(field).map(|f| (f.note.clone().unwrap_or_default(), value_text(&f.to)));
    match (shift("target"), shift("start")) {
        (Some((note, to)), _) => parts.push(match note.as_str() {
            "set" => Line::new().words("gets a target ").code(to),
            "removed" => Line::new().words("loses its target"),
            "" => Line::new().words("target now ").code(to),
            n => Line::new().words(shift_verb(n)),
        }),
        (None, Some((note, to))) => parts.push(match note.strip_prefix("slipped ") {
            Some(amount) => Line::new().words(format!("starts {amount} later")),
            None => match note.strip_prefix("pulled in ") {
                Some(amount) => Line::new().words(format!("starts {amount} earlier")),
                None => Line::new().words("start now ").code(to),
            },
        }),
        (None, None) => {}
    }
    // A health that now needs attention qualifies the move that caused it: "slips one
    // quarter (now at-risk)".
    if let Some(h) = i.health.as_ref().filter(|h| h.to.state.needs_attention()) {
        let now = format!("now {}", h.to.state);
        match parts.first_mut() {
            Some(first) => *first = std::mem::take(first).words(format!(" ({now})")),
            None => parts.push(Line::new().words(format!("is {now}"))),
        }
    }
    if let Some(f) = i.field("status") {
        parts.push(match f.note.as_deref() {
            Some("started") => Line::new().words("starts work"),
            Some("closed") => Line::new().words("is done"),
            Some("abandoned") => Line::new().words("is dropped"),
            Some("reopened") => Line::new().words("reopens"),
            _ => Line::new().words("is now ").code(value_text(&f.to)),
        });
    }
    if let Some(f) = i.field("horizon") {
        parts.push(match (f.from.is_null(), f.to.is_null()) {
            (_, true) => Line::new().words("leaves the ").code(value_text(&f.from)).words(" horizon"),
            (true, false) => Line::new().words("moves to the ").code(value_text(&f.to)).words(" horizon"),
            _ => Line::new().words("moves from ").code(value_text(&f.from)).words(" to ").code(value_text(&f.to)),
        });
    }
    if !i.overlaps.is_empty() {
        let names: Vec<Line> = i.overlaps.iter().map(|o| Line::new().text(&o.title)).collect();
        // After a move, "slips one quarter, now overlapping Y"; alone, a sentence of its own.
        let words = if parts.is_empty() { "now overlaps " } else { "now overlapping " };
        parts.push(Line::new().words(words).then(Line::join(names, ", ")));
    }
    if let Some(f) = i.field("owner") {
        parts.push(Line::new().words("changes owner to ").text(value_text(&f.to)));
    }
    (!parts.is_empty()).then(|| name(i).words(" ").then(Line::join(parts, ", ")))
}

/// The one-line summary of a diff.
pub fn pm_summary(d: &PlanDiff) -> Line {
    if d.changes.is_empty() {
        return Line::new().words("no changes to the plan");
    }
    let mut phrases: Vec<Line> = Vec::new();
    // Items a phrase already speaks for.
    let mut told: HashSet<&str> = HashSet::new();
    let mut priorities = Vec::new();
    for i in &d.impact {
        if let Some(line) = own_moves(i) {
            phrases.push(line);
            told.insert(&i.id);
        }
        if let Some(f) = i.field("priority") {
            priorities.push(name(i).words(" ").code(value_text(&f.from)).words(" → ").code(value_text(&f.to)));
            told.insert(&i.id);
        }
    }
    match priorities.len() {
        0 => {}
        1 => phrases.push(Line::new().words("priority of ").then(priorities.remove(0))),
        _ => phrases.push(Line::new().words("priorities reshuffled: ").then(Line::join(priorities, ", "))),
    }
    // Stories moving between initiatives, by (from, to).
    let mut moves: BTreeMap<(String, String, bool), usize> = BTreeMap::new();
    for i in &d.impact {
        for r in &i.relinked_out {
            let to = r.other.clone().unwrap_or_default();
            *moves.entry((i.id.clone(), to, r.other_exists)).or_default() += 1;
            told.insert(&r.id);
        }
        for r in i.relinked_in.iter().filter(|r| !r.other_exists) {
            *moves.entry((r.other.clone().unwrap_or_default(), i.id.clone(), true)).or_default() += 1;
            told.insert(&r.id);
        }
    }
    for ((from, to, exists), n) in moves {
        let from_name = if d.initiative_titles.contains_key(&from) {
            title_of(d, &from)
        } else {
            Line::new().words("no initiative")
        };
        // A link to an id that is no initiative is no re-link: the problems say so.
        phrases.push(match (to.is_empty(), exists) {
            (true, _) => Line::new()
                .words(format!("{} of ", count(n, "story", "stories")))
                .then(from_name)
                .words(" now traces to no initiative"),
            (false, true) => Line::new()
                .words(format!("{} from ", count(n, "story moves", "stories move")))
                .then(from_name)
                .words(" to ")
                .then(title_of(d, &to)),
            (false, false) => Line::new()
                .words(format!("{} of ", count(n, "story", "stories")))
                .then(from_name)
                .words(format!(" now {} ", if n == 1 { "names" } else { "name" }))
                .code(to)
                .words(", which is not an initiative"),
        });
    }
    // Scope, per initiative.
    for i in &d.impact {
        let cut = i.removed.len() + i.abandoned.len();
        let scope: [(usize, &str); 5] = [
            (if i.change == Some(ChangeKind::Added) { 0 } else { i.added.len() }, "added to"),
            (cut, "cut from"),
            (i.started.len(), "started in"),
            (i.closed.len(), "done in"),
            (i.reopened.len(), "reopened in"),
        ];
        for (n, verb) in scope {
            if n > 0 {
                phrases.push(Line::new().words(format!("{} {verb} ", count(n, "story", "stories"))).then(name(i)));
            }
        }
        let stories = i.added.iter().chain(&i.removed).chain(&i.abandoned).chain(&i.started);
        for s in stories.chain(&i.closed).chain(&i.reopened) {
            told.insert(&s.id);
        }
    }
    for c in d.changes.iter().filter(|c| c.old_id.is_some()) {
        phrases.push(Line::new().code(c.old_id.clone().unwrap_or_default()).words(" renumbered to ").code(&c.id));
        told.insert(&c.id);
    }
    phrases.extend(the_rest(&d.changes, &told));
    let problems = d.problems.len();
    let mut shown: Vec<Line> = phrases.iter().take(PHRASES).cloned().collect();
    if phrases.len() > PHRASES {
        let more = phrases.len() - PHRASES;
        shown.push(Line::new().words(format!("and {more} more")));
    }
    if problems > 0 {
        shown.push(Line::new().words(format!("introduces {}", count(problems, "problem", "problems"))));
    }
    capitalised(Line::join(shown, "; "))
}

/// Criteria checked, files moved or archived, and other edits no phrase spoke for.
fn the_rest(changes: &[ItemChange], told: &HashSet<&str>) -> Vec<Line> {
    let mut out = Vec::new();
    let criteria_only = |c: &ItemChange| {
        !c.criteria.is_empty() && c.fields.iter().all(|f| f.field == "acceptance criteria" || f.field == "body")
    };
    let rest: Vec<&ItemChange> =
        changes.iter().filter(|c| !told.contains(c.id.as_str()) && !c.only_problems() && !criteria_only(c)).collect();
    // New backlog items outside the roadmap: no initiative, or one that does not exist.
    let mut outside: std::collections::BTreeMap<Option<&str>, usize> = Default::default();
    for c in rest.iter().filter(|c| c.change == ChangeKind::Added && c.kind == crate::model::Kind::Backlog) {
        *outside.entry(c.initiative.as_deref()).or_default() += 1;
    }
    for (initiative, n) in &outside {
        let added = Line::new().words(format!("{} added ", count(*n, "story", "stories")));
        out.push(match initiative {
            None => added.words("with no initiative"),
            Some(id) => added.words("under ").code(*id).words(", which is not an initiative"),
        });
    }
    let checked: usize =
        changes.iter().flat_map(|c| &c.criteria).filter(|k| k.change == CriterionMove::Checked).count();
    let unchecked: usize =
        changes.iter().flat_map(|c| &c.criteria).filter(|k| k.change == CriterionMove::Unchecked).count();
    if checked > 0 {
        out.push(
            Line::new().words(format!("{} checked", count(checked, "acceptance criterion", "acceptance criteria"))),
        );
    }
    if unchecked > 0 {
        out.push(
            Line::new().words(format!("{} unchecked", count(unchecked, "acceptance criterion", "acceptance criteria"))),
        );
    }
    let archived = rest.iter().filter(|c| c.only_moved() && c.path.contains("/archive/")).count();
    let moved = rest.iter().filter(|c| c.only_moved()).count() - archived;
    let added = rest.iter().filter(|c| c.change == ChangeKind::Added).count() - outside.values().sum::<usize>();
    let removed = rest.iter().filter(|c| c.change == ChangeKind::Removed).count();
    let edited = rest.iter().filter(|c| c.change == ChangeKind::Modified && !c.only_moved()).count();
    for (n, one, many) in [
        (archived, "1 item archived", "items archived"),
        (moved, "1 file moved, nothing else changed", "files moved, nothing else changed"),
        (added, "1 item added", "items added"),
        (removed, "1 item removed", "items removed"),
        (edited, "1 item edited", "items edited"),
    ] {
        if n == 1 {
            out.push(Line::new().words(one));
        } else if n > 1 {
            out.push(Line::new().words(format!("{n} {many}")));
        }
    }
    out
}

/// The first letter upper case, when the line starts with cairn's words.
fn capitalised(mut line: Line) -> Line {
    if let Some(super::Piece::Words(w)) = line.0.first_mut() {
        let mut chars = w.chars();
        if let Some(first) = chars.next() {
            *w = first.to_uppercase().chain(chars).collect();
        }
    }
    line
}
