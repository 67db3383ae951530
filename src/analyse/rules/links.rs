//! Rules about ids and links: `id/duplicate`, `link/orphan`, `link/dangling`, `link/kind`,
//! `link/cycle`, `link/closed-initiative`.

use std::collections::{HashMap, VecDeque};

use crate::model::diagnostic::{Diagnostic, Rule};
use crate::model::locate::ListCursor;
use crate::model::{Category, Item, Kind, Plan};
use crate::model::{Links, Target};
use crate::suggest;

/// Most other files an `id/duplicate` finding names.
const MAX_NAMED: usize = 5;

/// `id/duplicate`: every occurrence after the first (in path order) names the others (at most
/// [`MAX_NAMED`], then how many more).
pub fn ids(plan: &Plan, _links: &Links<'_>) -> Vec<Diagnostic> {
    let mut by_id: HashMap<&str, Vec<&str>> = HashMap::new();
    for item in &plan.items {
        by_id.entry(&item.id).or_default().push(&item.path);
    }
    for broken in &plan.broken {
        if let Some(paths) = by_id.get_mut(broken.id.as_str()) {
            paths.push(&broken.path);
        }
    }
    let mut out = Vec::new();
    for item in &plan.items {
        let paths = &by_id[item.id.as_str()];
        if paths.len() < 2 || paths[0] == item.path {
            continue;
        }
        // At most MAX_NAMED others by name, so that N files sharing an id give N findings of
        // bounded length, not N findings naming N files each.
        let mut others: Vec<&str> = paths.iter().copied().filter(|p| *p != item.path).take(MAX_NAMED + 1).collect();
        if others.len() > MAX_NAMED {
            others.truncate(MAX_NAMED);
            let more = paths.len() - 1 - MAX_NAMED;
            let last = format!("{} ({more} more files)", others.pop().unwrap_or_default());
            let named = others.join(", ");
            let message = format!("duplicate id `{}`: {named}, {last} and {} all use it", item.id, item.path);
            out.push(
                item.finding(Rule::IdDuplicate, "id", Some(&item.id), message)
                    .help("give one of the items another `id:` (ids are unique across roadmap and backlog)"),
            );
            continue;
        }
        let message = format!("duplicate id `{}`: {} and {} both use it", item.id, others.join(", "), item.path);
        out.push(
            item.finding(Rule::IdDuplicate, "id", Some(&item.id), message)
                .help("give one of the items another `id:` (ids are unique across roadmap and backlog)"),
        );
    }
    out
}

fn dangling_help(id: &str, candidates: Vec<&str>) -> String {
    match suggest::closest(id, candidates) {
        Some(s) => format!("did you mean `{s}`?"),
        None => "create the item, or fix the id".to_string(),
    }
}

/// `link/orphan`, `link/dangling`, `link/kind` and `link/closed-initiative`.
pub fn links(plan: &Plan, links: &Links<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let (parent_key, deps_key) = (plan.config.key("initiative"), plan.config.key("depends_on"));
    for item in &plan.items {
        if item.kind == Kind::Backlog {
            parent_link(item, links, parent_key, deps_key, &mut out);
        }
        let mut cursor = ListCursor::default();
        for dep in &item.depends_on {
            match links.resolve(dep, item.kind) {
                Target::Found(_) | Target::Broken => {}
                Target::WrongKind(other) => {
                    let message = format!(
                        "{} {} depends on {} {}: `{deps_key}` cannot cross between roadmap and backlog",
                        item.kind.noun(),
                        item.id,
                        other.kind.noun(),
                        other.id
                    );
                    let help = match item.kind {
                        Kind::Backlog => {
                            format!("list only backlog ids here; trace the item to its initiative with `{parent_key}:`")
                        }
                        Kind::Initiative => {
                            "list only initiative ids here; backlog items link to initiatives, not the reverse"
                                .to_string()
                        }
                    };
                    out.push(item.finding_in_list(Rule::LinkKind, "depends_on", dep, message, &mut cursor).help(help));
                }
                Target::Missing => {
                    let message = format!("{} {} depends on `{dep}`, which does not exist", item.kind.noun(), item.id);
                    let help = dangling_help(dep, links.ids_of(item.kind));
                    out.push(
                        item.finding_in_list(Rule::LinkDangling, "depends_on", dep, message, &mut cursor).help(help),
                    );
                }
            }
        }
    }
    out
}

/// `key` and `deps_key` are the plan's keys for the `initiative` and `depends_on` fields.
fn parent_link(item: &Item, links: &Links<'_>, key: &str, deps_key: &str, out: &mut Vec<Diagnostic>) {
    let Some(parent) = item.initiative.as_deref().filter(|p| !p.trim().is_empty()) else {
        let initiatives = links.ids_of(Kind::Initiative);
        let help = if initiatives.is_empty() || initiatives.len() > 6 {
            format!("add `{key}: <id>` naming the roadmap initiative this item serves")
        } else {
            format!("add `{key}: <id>`, one of: {}", initiatives.join(", "))
        };
        out.push(
            item.finding(
                Rule::LinkOrphan,
                "initiative",
                None,
                format!("backlog item {} traces to no initiative", item.id),
            )
            .help(help),
        );
        return;
    };
    match links.resolve(parent, Kind::Initiative) {
        Target::Found(initiative) => {
            let item_open = matches!(item.category, Some(Category::Open | Category::Active));
            if item_open && initiative.is_finished() {
                let message = format!(
                    "backlog item {} is {} but its initiative {} is {}",
                    item.id, item.status, initiative.id, initiative.status
                );
                out.push(
                    item.finding(Rule::LinkClosedInitiative, "initiative", Some(parent), message)
                        .help("close the item (`done` or `wontdo`), or move it to an initiative that is still open"),
                );
            }
        }
        Target::Broken => {}
        Target::WrongKind(other) => {
            let message = format!("`{key}: {parent}` names a {}, not an initiative", other.kind.noun());
            let help = match suggest::closest(parent, links.ids_of(Kind::Initiative)) {
                Some(s) => format!(
                    "name the roadmap initiative this item serves (did you mean `{s}`?); order backlog items with `{deps_key}`"
                ),
                None => format!("name the roadmap initiative this item serves; order backlog items with `{deps_key}`"),
            };
            out.push(item.finding(Rule::LinkKind, "initiative", Some(parent), message).help(help));
        }
        Target::Missing => {
            let message = format!("backlog item {} traces to initiative `{parent}`, which does not exist", item.id);
            let help = dangling_help(parent, links.ids_of(Kind::Initiative));
            out.push(item.finding(Rule::LinkDangling, "initiative", Some(parent), message).help(help));
        }
    }
}

/// `link/cycle`: each strongly connected component of `depends_on` edges (within one kind)
/// is reported once, at its smallest id, with the shortest cycle through it.
pub fn cycles(plan: &Plan, links: &Links<'_>) -> Vec<Diagnostic> {
    // Nodes: the first item (in path order) of each id, in id order for determinism; only
    // those with links of their own, as an item without `depends_on` is in no cycle (the
    // graph is the linked few, not the whole plan).
    let mut first: HashMap<(&str, Kind), &Item> = HashMap::new();
    for item in &plan.items {
        first
            .entry((item.id.as_str(), item.kind))
            .and_modify(|f| {
                if item.path < f.path {
                    *f = item;
                }
            })
            .or_insert(item);
    }
    let mut nodes: Vec<&Item> = first.into_values().filter(|i| !i.depends_on.is_empty()).collect();
    nodes.sort_by(|a, b| a.id.cmp(&b.id).then(a.path.cmp(&b.path)));
    let index: HashMap<(&str, Kind), usize> =
        nodes.iter().enumerate().map(|(n, item)| ((item.id.as_str(), item.kind), n)).collect();
    let edges: Vec<Vec<usize>> = nodes
        .iter()
        .map(|item| {
            let mut e: Vec<usize> = item
                .depends_on
                .iter()
                .filter_map(|d| match links.resolve(d, item.kind) {
                    Target::Found(t) => index.get(&(t.id.as_str(), t.kind)).copied(),
                    _ => None,
                })
                .collect();
            e.sort_unstable();
            e.dedup();
            e
        })
        .collect();
    let mut out = Vec::new();
    for component in strongly_connected(&edges) {
        let start = component[0];
        let is_cycle = component.len() > 1 || edges[start].contains(&start);
        if !is_cycle {
            continue;
        }
        let path = shortest_cycle(&edges, start, &component);
        let names: Vec<&str> = path.iter().map(|&n| nodes[n].id.as_str()).collect();
        let item = nodes[start];
        let next = names.get(1).copied().unwrap_or(&item.id);
        let mut shown = names.join(" → ");
        shown.push_str(" → ");
        shown.push_str(&item.id);
        let deps_key = plan.config.key("depends_on");
        let mut message = format!("`{deps_key}` cycle: {shown}");
        if component.len() > path.len() {
            let mut all: Vec<&str> = component.iter().map(|&n| nodes[n].id.as_str()).collect();
            all.sort_unstable();
            message.push_str(&format!(" (the cycle involves {})", all.join(", ")));
        }
        out.push(
            item.finding(Rule::LinkCycle, "depends_on", Some(next), message)
                .help(format!("remove one of the `{deps_key}` links so that the work has an order")),
        );
    }
    out
}

/// Tarjan's algorithm, iterative; each component sorted, components sorted by first node.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut next_index = 0;
    let mut out = Vec::new();
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut call: Vec<(usize, usize)> = vec![(root, 0)];
        index[root] = next_index;
        low[root] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut i)) = call.last_mut() {
            if let Some(&w) = edges[v].get(*i) {
                *i += 1;
                if index[w] == usize::MAX {
                    index[w] = next_index;
                    low[w] = next_index;
                    next_index += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    call.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
            } else {
                call.pop();
                if let Some(&(parent, _)) = call.last() {
                    low[parent] = low[parent].min(low[v]);
                }
                if low[v] == index[v] {
                    let mut component = Vec::new();
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        component.push(w);
                        if w == v {
                            break;
                        }
                    }
                    component.sort_unstable();
                    out.push(component);
                }
            }
        }
    }
    out.sort();
    out
}

/// The shortest path from `start` back to itself inside `component` (breadth first).
fn shortest_cycle(edges: &[Vec<usize>], start: usize, component: &[usize]) -> Vec<usize> {
    let mut prev: HashMap<usize, usize> = HashMap::new();
    let mut queue = VecDeque::from([start]);
    while let Some(v) = queue.pop_front() {
        for &w in &edges[v] {
            if component.binary_search(&w).is_err() {
                continue;
            }
            if w == start {
                let mut path = vec![v];
                let mut at = v;
                while at != start {
                    at = prev[&at];
                    path.push(at);
                }
                path.reverse();
                return path;
            }
            if let std::collections::hash_map::Entry::Vacant(e) = prev.entry(w) {
                e.insert(v);
                queue.push_back(w);
            }
        }
    }
    vec![start]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_components_and_shortest_cycles() {
        // 0 → 1 → 2 → 0, 2 → 3, 3 → 3, 4 alone
        let edges = vec![vec![1], vec![2], vec![0, 3], vec![3], vec![]];
        let comps = strongly_connected(&edges);
        assert_eq!(comps, vec![vec![0, 1, 2], vec![3], vec![4]]);
        assert_eq!(shortest_cycle(&edges, 0, &[0, 1, 2]), vec![0, 1, 2]);
        assert_eq!(shortest_cycle(&edges, 3, &[3]), vec![3]);
    }

    #[test]
    fn a_long_chain_does_not_overflow_the_stack() {
        let n = 200_000;
        let mut edges: Vec<Vec<usize>> = (0..n).map(|i| vec![i + 1]).collect();
        edges[n - 1] = vec![0];
        let comps = strongly_connected(&edges);
        assert_eq!(comps.len(), 1);
        assert_eq!(comps[0].len(), n);
    }
}
