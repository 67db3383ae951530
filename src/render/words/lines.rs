//! The lines of a diff that every medium shows: the header, each item's details and each
//! initiative's roadmap impact.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{Line, count, value_text};
use crate::analyse::diff::{
    ChangeKind, CriterionMove, FIELDS, FieldChange, InitiativeImpact, ItemChange, Relink, Revisions, StoryRef,
};
use crate::analyse::views::Progress;
use crate::model::HealthState;

/// Most stories named in one impact line; the rest are counted.
const STORIES_NAMED: usize = 5;

/// `3/7`: delivered over total backlog items; `3 done, 1 dropped of 7` once some were dropped.
pub fn progress_text(p: &Progress) -> String {
    // `3/6` as SPEC §3.1 writes it while everything closed was delivered; with dropped work
    // the two apart, so that nobody reads dropped stories as delivered.
    if p.abandoned == 0 { format!("{}/{}", p.done, p.total) } else { p.text() }
}

/// An initiative by title and id: `Core (core)`; an id that names no initiative says so.
pub fn initiative_name(titles: &BTreeMap<String, String>, initiative: Option<&str>) -> Line {
    match initiative {
        Some(id) => match titles.get(id) {
            Some(t) => Line::new().text(t).words(" (").code(id).words(")"),
            None => Line::new().code(id).words(" (not an initiative)"),
        },
        None => Line::new().words("No initiative"),
    }
}

/// A field value as a piece: prose and names as text, the rest as code; nothing as `(none)`.
fn value(field: &str, v: &Value) -> Line {
    let prose = matches!(field, "title" | "outcome" | "owner" | "assignee" | "sprint") || !known(field);
    match v {
        Value::Null => Line::new().words("(none)"),
        _ if prose => Line::new().text(value_text(v)),
        _ => Line::new().code(value_text(v)),
    }
}

/// Whether a field name is cairn's own (else it is the plan's, shown as text).
fn known(field: &str) -> bool {
    FIELDS.contains(&field) || matches!(field, "id" | "file" | "acceptance criteria" | "body")
}

fn field_name(field: &str) -> Line {
    if known(field) { Line::new().words(field) } else { Line::new().text(field) }
}

/// One field change: `target 2027-Q1 → 2027-Q2 (slipped one quarter)`.
pub fn field_line(f: &FieldChange) -> Line {
    match f.field.as_str() {
        "body" => Line::new().words("body changed"),
        "labels" | "depends_on" => Line::new().words(&f.field).words(" ").text(f.note.clone().unwrap_or_default()),
        "acceptance criteria" => {
            Line::new().words(format!("acceptance criteria {} → {}", value_text(&f.from), value_text(&f.to)))
        }
        field => {
            let line = field_name(field).words(" ").then(value(field, &f.from)).words(" → ").then(value(field, &f.to));
            match &f.note {
                Some(note) => line.words(" (").message(note).words(")"),
                None => line,
            }
        }
    }
}

/// A new item's planning fields on one line (`horizon now · target 2027-H1 · owner maya`),
/// its outcome on its own line.
pub fn planning_lines(c: &ItemChange) -> Vec<Line> {
    let mut fields = Vec::new();
    let mut out = Vec::new();
    for f in &c.planning {
        if f.field == "outcome" {
            out.push(Line::new().words("outcome: ").text(value_text(&f.value)));
        } else {
            fields.push(field_name(&f.field).words(" ").then(value(&f.field, &f.value)));
        }
    }
    if !fields.is_empty() {
        out.insert(0, Line::join(fields, " · "));
    }
    out
}

/// The lines describing one item's change, after its heading line: moves with both paths,
/// field changes, acceptance criteria by name, a new item's planning fields.
pub fn detail_lines(c: &ItemChange) -> Vec<Line> {
    let mut lines = Vec::new();
    if let Some(old) = &c.old_path {
        let archived = c.path.contains("/archive/") && !old.contains("/archive/");
        let verb = if archived { "archived: moved from " } else { "moved from " };
        lines.push(Line::new().words(verb).code(old).words(" to ").code(&c.path));
    }
    lines.extend(planning_lines(c));
    for f in &c.fields {
        lines.push(field_line(f));
    }
    for k in &c.criteria {
        let verb = match k.change {
            CriterionMove::Checked => "checked: ",
            CriterionMove::Unchecked => "unchecked: ",
            CriterionMove::Added if k.checked => "criterion added, checked: ",
            CriterionMove::Added => "criterion added: ",
            CriterionMove::Removed => "criterion removed: ",
        };
        lines.push(Line::new().words(verb).text(&k.text));
    }
    if !c.linked_by_old_id.is_empty() {
        let ids: Vec<Line> = c.linked_by_old_id.iter().map(|id| Line::new().code(id)).collect();
        let old = c.old_id.clone().unwrap_or_default();
        lines.push(
            Line::new().words("still linked by its old id ").code(old).words(" from ").then(Line::join(ids, ", ")),
        );
    }
    if c.shared_id {
        lines.push(
            Line::new()
                .words("another file also uses the id ")
                .code(&c.id)
                .words(" (id/duplicate): this is ")
                .code(&c.path),
        );
    }
    if let Some(author) = &c.author {
        lines.push(Line::new().words("by ").text(author));
    }
    lines
}

/// `S-101 Design subscription UI, S-102 …` (at most five named, the rest counted).
pub fn story_list(stories: &[(&str, &str)]) -> Line {
    let mut parts: Vec<Line> =
        stories.iter().take(STORIES_NAMED).map(|(id, title)| Line::new().code(*id).words(" ").text(*title)).collect();
    if stories.len() > STORIES_NAMED {
        parts.push(Line::new().words(format!("and {} more", stories.len() - STORIES_NAMED)));
    }
    Line::join(parts, ", ")
}

fn refs(stories: &[StoryRef]) -> Line {
    let list: Vec<(&str, &str)> = stories.iter().map(|s| (s.id.as_str(), s.title.as_str())).collect();
    story_list(&list)
}

/// `(from Improve delivery tracking)`, `(to `onboardin`, which is not an initiative)`.
fn relink_other(r: &Relink, titles: &BTreeMap<String, String>, dir: &str) -> Line {
    let line = Line::new().code(&r.id).words(" ").text(&r.title).words(format!(" ({dir} "));
    match (&r.other, r.other_exists) {
        (Some(id), true) => match titles.get(id) {
            Some(t) if !t.is_empty() => line.text(t).words(")"),
            _ => line.code(id).words(")"),
        },
        (Some(id), false) => line.code(id).words(", which is not an initiative)"),
        (None, _) => line.words("no initiative)"),
    }
}

/// How a period move reads in a sentence: `slips one quarter`, `is pulled in 2 months`.
pub fn shift_verb(note: &str) -> String {
    if let Some(rest) = note.strip_prefix("slipped ") {
        format!("slips {rest}")
    } else if let Some(rest) = note.strip_prefix("pulled in ") {
        format!("is pulled in {rest}")
    } else {
        note.to_string()
    }
}

/// The roadmap impact on one initiative, one line per fact.
pub fn impact_lines(i: &InitiativeImpact, titles: &BTreeMap<String, String>) -> Vec<Line> {
    let mut lines = Vec::new();
    match i.change {
        Some(ChangeKind::Added) => lines.push(Line::new().words("new initiative")),
        Some(ChangeKind::Removed) => lines.push(Line::new().words("removed from the roadmap")),
        _ => {}
    }
    for f in &i.fields {
        let line = match (f.field.as_str(), f.note.as_deref()) {
            ("start" | "target", Some(note)) if note.starts_with("slipped") || note.starts_with("pulled in") => {
                field_line(&FieldChange { note: None, ..f.clone() }).words(": ").words(shift_verb(note))
            }
            ("priority", _) => {
                let dir = match (f.from.as_u64(), f.to.as_u64()) {
                    (Some(a), Some(b)) if b < a => " (moves up)",
                    (Some(a), Some(b)) if b > a => " (moves down)",
                    _ => "",
                };
                field_line(f).words(dir)
            }
            _ => field_line(f),
        };
        lines.push(line);
    }
    let facts: [(&[StoryRef], &str); 6] = [
        (&i.added, "added"),
        (&i.removed, "deleted"),
        (&i.abandoned, "abandoned"),
        (&i.started, "started"),
        (&i.closed, "closed"),
        (&i.reopened, "reopened"),
    ];
    for (stories, verb) in facts {
        if !stories.is_empty() {
            lines.push(
                Line::new().words(format!("{} {verb}: ", count(stories.len(), "story", "stories"))).then(refs(stories)),
            );
        }
    }
    // A story that now names no initiative, or one that does not exist, was not re-linked:
    // it left this initiative, and the problems say why.
    let (out, left): (Vec<&Relink>, Vec<&Relink>) = i.relinked_out.iter().partition(|r| r.other_exists);
    let (missing, unlinked): (Vec<&Relink>, Vec<&Relink>) = left.into_iter().partition(|r| r.other.is_some());
    let inward: Vec<&Relink> = i.relinked_in.iter().collect();
    for (relinks, verb, dir) in [(inward, "re-linked in", "from"), (out, "re-linked out", "to")] {
        if relinks.is_empty() {
            continue;
        }
        let list: Vec<Line> = relinks.iter().map(|r| relink_other(r, titles, dir)).collect();
        lines.push(
            Line::new()
                .words(format!("{} {verb}: ", count(relinks.len(), "story", "stories")))
                .then(Line::join(list, ", ")),
        );
    }
    if !missing.is_empty() {
        let named = |r: &&Relink| {
            let other = r.other.clone().unwrap_or_default();
            Line::new().code(&r.id).words(" ").text(&r.title).words(" (").code(other).words(")")
        };
        let n = count(missing.len(), "story now names", "stories now name");
        let list = Line::join(missing.iter().map(named).collect(), ", ");
        lines.push(Line::new().words(format!("{n} an initiative that does not exist: ")).then(list));
    }
    if !unlinked.is_empty() {
        let list: Vec<(&str, &str)> = unlinked.iter().map(|r| (r.id.as_str(), r.title.as_str())).collect();
        let n = count(unlinked.len(), "story", "stories");
        lines.push(Line::new().words(format!("{n} unlinked: ")).then(story_list(&list)));
    }
    if let (Some(a), Some(b)) = (&i.progress.from, &i.progress.to)
        && a != b
    {
        // Both sides in one form: `0/5 → 1 done, 1 dropped of 5` would compare two notations.
        let text = if a.abandoned == 0 && b.abandoned == 0 {
            format!("progress {} → {}", progress_text(a), progress_text(b))
        } else {
            format!("progress {} → {}", a.text(), b.text())
        };
        lines.push(Line::new().words(text));
    } else if let (None, Some(b)) = (&i.progress.from, &i.progress.to) {
        lines.push(Line::new().words(format!("progress {}", progress_text(b))));
    }
    // Done and dropped say no more than the status line above.
    if let Some(h) = i.health.as_ref().filter(|h| !matches!(h.to.state, HealthState::Done | HealthState::Dropped)) {
        let line = match &h.from {
            Some(from) => Line::new().words(format!("health {} → {}: ", from.state.label(), h.to.state.label())),
            None => Line::new().words(format!("health {}: ", h.to.state.label())),
        };
        lines.push(line.text(&h.to.reason));
    }
    for o in &i.overlaps {
        let line = Line::new()
            .words("now overlaps ")
            .text(&o.title)
            .words(" (")
            .code(&o.id)
            .words("), which depends on it and ");
        let line = if o.by == "start" {
            line.words("starts ").code(&o.period).words(", before this target ").code(&o.target).words(" ends")
        } else {
            line.words("is due ").code(&o.period).words(", no later than this target ").code(&o.target)
        };
        lines.push(line);
    }
    lines
}

/// A side: `main (1a2b3c4)`; the short id left out when the name is that id already.
fn side(name: &str, short: Option<&str>) -> Line {
    let line = Line::new().code(name);
    match short {
        Some(s) if !name.starts_with(s) && !s.starts_with(name) => line.words(" (").code(s).words(")"),
        _ => line,
    }
}

/// What was compared, with short commit ids: `feature/x (5d6e7f8) against its merge base
/// with main, 9a8b7c6 (main is at 1a2b3c4)`, `HEAD~1 (1a2b3c4) → HEAD (5d6e7f8)`.
pub fn header_line(r: &Revisions) -> Line {
    let head = if r.head.commit.is_none() && r.head.name == crate::load::revisions::WORKTREE {
        Line::new().words("the working tree")
    } else {
        side(&r.head.name, r.head.short.as_deref())
    };
    match &r.merge_base {
        Some(mb) => {
            let line = head.words(" against its merge base with ").code(&r.base.name).words(", ");
            let line = line.code(mb.short.clone().unwrap_or_else(|| mb.name.clone()));
            // Where the base branch is now, when it moved on since the merge base.
            match &r.base.short {
                Some(s) if r.base.commit != mb.commit => {
                    line.words(" (").code(&r.base.name).words(" is now at ").code(s).words(")")
                }
                _ => line,
            }
        }
        None => side(&r.base.name, r.base.short.as_deref()).words(" → ").then(head),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyse::diff::Revision;

    #[test]
    fn period_moves_read_as_verbs() {
        assert_eq!(shift_verb("slipped one quarter"), "slips one quarter");
        assert_eq!(shift_verb("pulled in 14 days"), "is pulled in 14 days");
    }

    #[test]
    fn long_story_lists_are_counted() {
        let stories: Vec<(String, String)> = (1..=7).map(|n| (format!("S-{n}"), format!("T{n}"))).collect();
        let refs: Vec<(&str, &str)> = stories.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        assert_eq!(story_list(&refs).plain(), "S-1 T1, S-2 T2, S-3 T3, S-4 T4, S-5 T5, and 2 more");
    }

    #[test]
    fn headers_name_the_sides_with_short_ids() {
        let c = |hex: &str| Some(hex.repeat(40 / hex.len()));
        let r = Revisions {
            range: "main...x".into(),
            base: Revision::at("main", c("a")),
            head: Revision::at("x", c("b")),
            merge_base: Some(Revision::at("mb", c("c"))),
        };
        assert_eq!(
            header_line(&r).plain(),
            "x (bbbbbbb) against its merge base with main, ccccccc (main is now at aaaaaaa)"
        );
        let same = Revisions { merge_base: Some(Revision::at("mb", c("a"))), ..r.clone() };
        assert_eq!(header_line(&same).plain(), "x (bbbbbbb) against its merge base with main, aaaaaaa");
        let worktree = Revisions {
            range: "HEAD".into(),
            base: Revision::at("HEAD", c("a")),
            head: Revision::at("WORKTREE", None),
            merge_base: None,
        };
        assert_eq!(header_line(&worktree).plain(), "HEAD (aaaaaaa) → the working tree");
        // A name that is its own short id is not repeated.
        let hashes = Revisions::named("aaaaaaa", "b");
        assert_eq!(header_line(&hashes).plain(), "aaaaaaa → b");
    }
}
