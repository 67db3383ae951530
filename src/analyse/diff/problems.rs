//! The problems a change introduces: every `cairn check` finding present in the head and
//! absent in the base, at the severity the configuration gives it (a rule that is off never
//! appears), with the check's own help.

use std::collections::{HashMap, HashSet};

use jiff::civil::Date;
use serde::Serialize;

use crate::analyse::rules;
use crate::model::{Diagnostic, Links, Plan, Rule, Severity};

/// One finding of `cairn check` that the change introduces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub rule: Rule,
    pub severity: Severity,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// Path relative to the plan root.
    pub file: String,
    /// 1-based line and column; absent when the file was not read in full (an unchanged file
    /// that another file's change breaks: only its links were read).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

/// Whether plan text that a check message may quote between cairn's code marks (ids, links,
/// statuses, paths, any front matter value) holds a backtick: then a message's backticks
/// cannot be told from the plan's, and renderers show messages as plain text.
pub fn quotes_backticks(plan: &Plan) -> bool {
    let item = |i: &crate::model::Item| {
        let front = i.source.text.get(..i.body.start.min(i.source.text.len())).unwrap_or("");
        [i.id.as_str(), i.path.as_str(), i.status.as_str(), front].iter().any(|s| s.contains('`'))
            || i.initiative.as_deref().is_some_and(|s| s.contains('`'))
            || i.depends_on.iter().any(|s| s.contains('`'))
    };
    plan.items.iter().any(item)
        || plan.broken.iter().any(|b| b.path.contains('`') || b.id.contains('`'))
        || plan.sources.iter().any(|s| s.text.contains('`'))
}

/// What makes two findings the same across the two plans: rule, item and message (lines
/// move when a file is edited).
type Key = (Rule, Option<String>, String);

fn key(d: &Diagnostic) -> Key {
    (d.rule, d.item.clone(), d.message.clone())
}

/// The findings of `head` that `base` does not have, in check order (file, line). Both
/// plans are checked with the head's configuration (the plans carry it); `backlog/stale`
/// needs history and is not part of a diff.
pub fn introduced(base: &Plan, head: &Plan, links: [&Links<'_>; 2], today: Date) -> Vec<Problem> {
    let check = |plan, links| rules::check_linked(plan, links, today, Vec::new());
    let (before, after) = rayon::join(|| check(base, links[0]), || check(head, links[1]));
    let before: HashSet<Key> = before.diagnostics.iter().map(key).collect();
    // Files read only for their links (unchanged files in a diff of two revisions) have no
    // text: their findings' positions are unknown.
    let partial: HashSet<&str> =
        head.items.iter().filter(|i| i.source.text.is_empty()).map(|i| i.path.as_str()).collect();
    let mut seen: HashMap<Key, ()> = HashMap::new();
    after
        .diagnostics
        .into_iter()
        .filter(|d| d.severity != Severity::Off && d.rule != Rule::BacklogStale)
        .filter(|d| !before.contains(&key(d)))
        .filter(|d| seen.insert(key(d), ()).is_none())
        .map(|d| {
            let known = !partial.contains(d.file.as_str());
            Problem {
                rule: d.rule,
                severity: d.severity,
                item: d.item,
                line: known.then_some(d.line),
                column: known.then_some(d.column),
                file: d.file,
                message: d.message,
                help: d.help,
            }
        })
        .collect()
}

/// A link left on an id that this change renumbered (`renumbered`: old and new id) is
/// dangling, and its help names the new id: the closest-spelled id that `check` suggests is
/// another item.
pub fn point_at_renumberings(problems: &mut [Problem], renumbered: &[(String, String)]) {
    for (old, new) in renumbered {
        let dangling = format!("`{old}`, which does not exist");
        for p in problems.iter_mut().filter(|p| p.rule == Rule::LinkDangling && p.message.ends_with(&dangling)) {
            p.help = Some(format!("`{old}` was renumbered to `{new}` in this change: link to `{new}`"));
        }
    }
}
