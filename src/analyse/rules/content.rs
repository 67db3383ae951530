//! Rules about what initiatives and backlog items say: `roadmap/*` and `backlog/*`.

use std::collections::BTreeMap;

use jiff::civil::Date;

use crate::model::Links;
use crate::model::diagnostic::{Diagnostic, Rule, line_col};
use crate::model::{Category, Item, Kind, Plan};

/// Most checkboxes an initiative body may hold before it counts as a task list.
pub const MAX_INITIATIVE_CHECKBOXES: usize = 5;

/// Whether an initiative is committed to: `planned`, or in an active status.
fn committed(item: &Item) -> bool {
    item.status == "planned" || item.category == Some(Category::Active)
}

/// `roadmap/empty-initiative`, `roadmap/task-list`, `roadmap/priority`, `roadmap/overdue`.
pub fn roadmap(plan: &Plan, links: &Links<'_>, today: Date) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut by_priority: BTreeMap<u64, Vec<&Item>> = BTreeMap::new();
    for item in plan.initiatives() {
        if committed(item) {
            if links.children(&item.id).is_empty() {
                out.push(
                    item.finding(
                        Rule::RoadmapEmptyInitiative,
                        "status",
                        None,
                        format!("initiative {} is {} but has no backlog item", item.id, item.status),
                    )
                    .help(format!(
                        "add backlog items with `{}: {}`, or set the status back to `proposed`",
                        plan.config.key("initiative"),
                        item.id
                    )),
                );
            }
            match item.priority {
                Some(p) => by_priority.entry(p).or_default().push(item),
                None => out.push(
                    item.finding(
                        Rule::RoadmapPriority,
                        "status",
                        None,
                        format!("initiative {} is {} but has no priority", item.id, item.status),
                    )
                    .help("add `priority: N` (1 is the most important) so that the roadmap has an order"),
                ),
            }
        }
        if item.checkboxes > MAX_INITIATIVE_CHECKBOXES {
            let body = item.body_text();
            let first_box =
                body.find("[ ]").into_iter().chain(body.find("[x]")).chain(body.find("[X]")).min().unwrap_or(0);
            let offset = item.body.start + first_box;
            let (line, column) = line_col(&item.source.text, offset);
            out.push(
                Diagnostic::new(Rule::RoadmapTaskList, item.path.clone(), line, column, format!("initiative {} holds a task list of {} checkboxes", item.id, item.checkboxes))
                    .item(item.id.clone())
                    .span(offset, 3)
                    .help("move the tasks into backlog items that trace to this initiative; keep the initiative about direction and outcomes"),
            );
        }
        if let Some(target) = item.target
            && !item.is_finished()
            && target.ended_before(today)
        {
            let message =
                format!("initiative {} is {} but its target {target} ended on {}", item.id, item.status, target.end());
            out.push(
                item.finding(Rule::RoadmapOverdue, "target", Some(&target.to_string()), message)
                    .help("move the target to a later period, or close the initiative (`done` or `dropped`)"),
            );
        }
    }
    for (priority, items) in by_priority {
        if items.len() < 2 {
            continue;
        }
        for item in &items[1..] {
            let others: Vec<&str> = items.iter().filter(|i| i.id != item.id).map(|i| i.id.as_str()).collect();
            let message = format!("initiative {} shares priority {priority} with {}", item.id, others.join(", "));
            out.push(
                item.finding(Rule::RoadmapPriority, "priority", Some(&priority.to_string()), message)
                    .help("give each planned or active initiative its own priority"),
            );
        }
    }
    out
}

/// `backlog/acceptance-criteria` and `backlog/done-unchecked`.
pub fn backlog(plan: &Plan) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for item in plan.items.iter().filter(|i| i.kind == Kind::Backlog) {
        let is_story = item.item_type.as_deref() == Some("story");
        let underway = item.status == "ready" || item.category == Some(Category::Active);
        if is_story && underway && item.criteria.total() == 0 {
            out.push(
                item.finding(
                    Rule::BacklogAcceptanceCriteria,
                    "status",
                    Some(&item.status),
                    format!("story {} is {} but has no acceptance criteria", item.id, item.status),
                )
                .help("add a `## Acceptance criteria` heading followed by a task list (`- [ ] ...`)"),
            );
        }
        let unchecked: Vec<&str> = item.criteria.items.iter().filter(|c| !c.checked).map(|c| c.text.as_str()).collect();
        if item.is_done() && !unchecked.is_empty() {
            let message = format!(
                "{} is {} but {} of {} acceptance criteria are unchecked",
                item.id,
                item.status,
                unchecked.len(),
                item.criteria.total()
            );
            out.push(item.finding(Rule::BacklogDoneUnchecked, "status", Some(&item.status), message).help(format!(
                "check the criteria that were met (`- [x]`), or reopen the item; unchecked: {}",
                unchecked.join("; ")
            )));
        }
    }
    out
}
