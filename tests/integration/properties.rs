//! Property tests (proptest): periods, the semantic diff, and determinism of `check`.

use std::collections::BTreeMap;

use cairn::analyse::diff::{ChangeKind, Revisions, diff, field_value};
use cairn::harness::plan_of;
use cairn::model::Config;
use cairn::model::{Granularity, Period};
use cairn::render::{CheckOutput, Json, Render};
use proptest::prelude::*;
use serde_json::Value;

// ---- periods

fn period_text() -> impl Strategy<Value = String> {
    (1000i32..3000, 0u8..5, 1u32..13, 1u32..29).prop_map(|(y, form, m, d)| match form {
        0 => format!("{y}"),
        1 => format!("{y}-H{}", (m % 2) + 1),
        2 => format!("{y}-Q{}", (m % 4) + 1),
        3 => format!("{y}-{m:02}"),
        _ => format!("{y}-{m:02}-{d:02}"),
    })
}

proptest! {
    #[test]
    fn periods_round_trip(text in period_text()) {
        let p = Period::parse(&text).unwrap();
        prop_assert_eq!(p.to_string(), text.clone());
        prop_assert_eq!(Period::parse(&p.to_string()).unwrap(), p);
        prop_assert!(p.start() <= p.end());
        // A period lies within its year.
        prop_assert_eq!(p.start().year(), p.end().year());
    }

    #[test]
    fn periods_order_by_end_then_start(a in period_text(), b in period_text()) {
        let (pa, pb) = (Period::parse(&a).unwrap(), Period::parse(&b).unwrap());
        let expected = pa.end().cmp(&pb.end()).then(pa.start().cmp(&pb.start()));
        if expected != std::cmp::Ordering::Equal {
            prop_assert_eq!(pa.cmp(&pb), expected);
        }
        // Ordering is consistent with "ends before".
        if pa < pb {
            prop_assert!(pa.end() <= pb.end());
        }
        if pa.granularity() == Granularity::Day && pa == pb {
            prop_assert_eq!(a, b);
        }
    }

    #[test]
    fn garbage_never_panics(s in ".{0,20}") {
        let _ = Period::parse(&s);
    }
}

// ---- generated plans

/// The front matter fields of one generated backlog item.
#[derive(Debug, Clone, PartialEq)]
struct Fields {
    title: String,
    status: String,
    priority: Option<u8>,
    estimate: Option<u8>,
    assignee: Option<String>,
    labels: Vec<String>,
}

fn fields() -> impl Strategy<Value = Fields> {
    (
        prop::sample::select(vec!["Login", "Sign up", "Pay: by card", "Track #2", "Café crème"]),
        prop::sample::select(vec!["todo", "ready", "in-progress", "in-review", "done", "wontdo"]),
        prop::option::of(1u8..6),
        prop::option::of(0u8..13),
        prop::option::of(prop::sample::select(vec!["dana", "lee"])),
        prop::sample::subsequence(vec!["ui", "api", "mobile"], 0..3),
    )
        .prop_map(|(title, status, priority, estimate, assignee, labels)| Fields {
            title: title.into(),
            status: status.into(),
            priority,
            estimate,
            assignee: assignee.map(Into::into),
            labels: labels.into_iter().map(Into::into).collect(),
        })
}

/// A plan: the initiative `core` and up to 6 backlog items S-1..S-6.
fn plan_fields() -> impl Strategy<Value = BTreeMap<String, Fields>> {
    prop::collection::btree_map((1u8..7).prop_map(|n| format!("S-{n}")), fields(), 0..6)
}

fn file_of(id: &str, f: &Fields) -> String {
    let mut s = format!("---\nid: {id}\ntitle: \"{}\"\nstatus: {}\ninitiative: core\n", f.title, f.status);
    if let Some(p) = f.priority {
        s += &format!("priority: {p}\n");
    }
    if let Some(e) = f.estimate {
        s += &format!("estimate: {e}\n");
    }
    if let Some(a) = &f.assignee {
        s += &format!("assignee: {a}\n");
    }
    if !f.labels.is_empty() {
        s += &format!("labels: [{}]\n", f.labels.join(", "));
    }
    s + "---\nSome prose.\n"
}

fn files_of(plan: &BTreeMap<String, Fields>) -> Vec<(String, Vec<u8>)> {
    let mut files = vec![("roadmap/core.md".to_string(), b"---\ntitle: Core\n---\n".to_vec())];
    for (id, f) in plan {
        files.push((format!("backlog/{id}.md"), file_of(id, f).into_bytes()));
    }
    files
}

fn load(files: &[(String, Vec<u8>)]) -> cairn::model::Plan {
    let refs: Vec<(&str, &[u8])> = files.iter().map(|(p, b)| (p.as_str(), b.as_slice())).collect();
    plan_of(&refs, Config::default())
}

/// The fields of an item as the diff reports them.
const COMPARED: &[&str] = &["title", "status", "type", "initiative", "priority", "estimate", "assignee", "labels"];

fn field_map(plan: &cairn::model::Plan, id: &str) -> BTreeMap<&'static str, Value> {
    let item = plan.items.iter().find(|i| i.id == id).unwrap();
    COMPARED.iter().map(|f| (*f, field_value(item, f))).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn a_plan_does_not_differ_from_itself(a in plan_fields()) {
        let plan = load(&files_of(&a));
        prop_assert!(diff(&plan, &plan, Revisions::named("A", "A"), jiff::civil::date(2026, 11, 24)).is_empty());
    }

    #[test]
    fn the_diff_lists_exactly_the_changed_ids_and_its_changes_rebuild_b(a in plan_fields(), b in plan_fields()) {
        let (pa, pb) = (load(&files_of(&a)), load(&files_of(&b)));
        let d = diff(&pa, &pb, Revisions::named("A", "B"), jiff::civil::date(2026, 11, 24));
        let listed: Vec<&str> = d.changes.iter().map(|c| c.id.as_str()).collect();
        let mut expected: Vec<&str> = a.keys().chain(b.keys()).map(String::as_str)
            .filter(|id| a.get(*id) != b.get(*id))
            .collect();
        expected.sort_unstable();
        expected.dedup();
        let mut listed_sorted = listed.clone();
        listed_sorted.sort_unstable();
        prop_assert_eq!(listed_sorted, expected);
        for c in &d.changes {
            match c.change {
                ChangeKind::Added => prop_assert!(!a.contains_key(&c.id) && b.contains_key(&c.id)),
                ChangeKind::Removed => prop_assert!(a.contains_key(&c.id) && !b.contains_key(&c.id)),
                ChangeKind::Modified => {
                    // Applying the listed field changes to A's fields gives B's.
                    let mut fields = field_map(&pa, &c.id);
                    for f in &c.fields {
                        if let Some(slot) = COMPARED.iter().find(|x| **x == f.field) {
                            prop_assert_eq!(fields.get(slot), Some(&f.from), "from of {}", f.field);
                            fields.insert(slot, f.to.clone());
                        }
                    }
                    prop_assert_eq!(fields, field_map(&pb, &c.id));
                }
            }
        }
    }

    #[test]
    fn check_output_does_not_depend_on_directory_order(a in plan_fields(), seed in any::<u64>()) {
        let files = files_of(&a);
        let mut shuffled = files.clone();
        // A deterministic shuffle driven by the seed.
        let mut state = seed | 1;
        for i in (1..shuffled.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            shuffled.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let render = |files: &[(String, Vec<u8>)]| {
            let plan = load(files);
            let report = cairn::analyse::rules::check(&plan, jiff::civil::date(2026, 11, 24));
            let doc = CheckOutput { report: &report, plan: &plan, path_prefix: String::new(), deny_warnings: false };
            let mut out = Vec::new();
            Json.render(&doc, &mut out).unwrap();
            out
        };
        prop_assert_eq!(render(&files), render(&shuffled));
    }
}
