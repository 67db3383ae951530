//! What `show` leaves out of a body: the acceptance-criteria heading and its task lists,
//! which are shown above the body; the rest of that section stays.

use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};

/// Which events to leave out: the headings named in `skip` and, in their sections, the
/// task lists (a list whose every item is a task is left out whole; in a mixed list only
/// the task items are).
pub(super) fn hidden_events(events: &[Event<'_>], skip: &[&str]) -> Vec<bool> {
    let mut hidden = vec![false; events.len()];
    let mut section: Option<HeadingLevel> = None;
    let mut lists = 0usize;
    let mut i = 0;
    while i < events.len() {
        match &events[i] {
            Event::Start(Tag::Heading { level, .. }) => {
                let end = (i..events.len()).find(|j| matches!(events[*j], Event::End(TagEnd::Heading(_))));
                let end = end.unwrap_or(events.len() - 1);
                let mut text = String::new();
                for e in &events[i..end] {
                    if let Event::Text(t) | Event::Code(t) = e {
                        text.push_str(t);
                    }
                }
                let name = text.trim().trim_end_matches(':').trim().to_lowercase();
                if section.is_some_and(|l| *level <= l) {
                    section = None;
                }
                if skip.iter().any(|s| *s == name) {
                    section = Some(*level);
                    hidden[i..=end].iter_mut().for_each(|h| *h = true);
                }
                i = end + 1;
                continue;
            }
            Event::Start(Tag::List(_)) if lists == 0 && section.is_some() => {
                let end = matching_end(events, i);
                let items = top_level_items(events, i, end);
                let tasks: Vec<&(usize, usize)> = items.iter().filter(|(s, _)| is_task(events, *s)).collect();
                if !tasks.is_empty() && tasks.len() == items.len() {
                    hidden[i..=end].iter_mut().for_each(|h| *h = true);
                    i = end + 1;
                    continue;
                }
                for (s, e) in tasks {
                    hidden[*s..=*e].iter_mut().for_each(|h| *h = true);
                }
                lists += 1;
            }
            Event::Start(Tag::List(_)) => lists += 1,
            Event::End(TagEnd::List(_)) => lists = lists.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    hidden
}

/// The index of the `End` matching the `Start` at `start` (the last event if unbalanced).
fn matching_end(events: &[Event<'_>], start: usize) -> usize {
    let mut depth = 0usize;
    for (j, e) in events.iter().enumerate().skip(start) {
        match e {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return j;
                }
            }
            _ => {}
        }
    }
    events.len().saturating_sub(1)
}

/// The `(start, end)` event ranges of a list's own items.
fn top_level_items(events: &[Event<'_>], list: usize, end: usize) -> Vec<(usize, usize)> {
    let mut items = Vec::new();
    let mut j = list + 1;
    while j < end {
        if matches!(events[j], Event::Start(Tag::Item)) {
            let e = matching_end(events, j);
            items.push((j, e));
            j = e + 1;
        } else {
            j += 1;
        }
    }
    items
}

/// Whether the item starting at `start` is a task (`- [ ]`, `- [x]`).
fn is_task(events: &[Event<'_>], start: usize) -> bool {
    events[start + 1..]
        .iter()
        .find(|e| !matches!(e, Event::Start(Tag::Paragraph)))
        .is_some_and(|e| matches!(e, Event::TaskListMarker(_)))
}
