//! `cairn roadmap`, `backlog`, `tree` and `show`: every table and format on the example plan
//! (snapshots), JSON checked field by field, filters, ordering, links both ways, the last
//! change from git, and colors only on a terminal.

use std::path::Path;

use serde_json::{Value, json};

use crate::common::{Run, TempPlan, cairn, example, git, run};

const T0: i64 = 1_767_225_600; // 2026-01-01T00:00:00Z
const DAY: i64 = 86_400;

/// Runs cairn in `dir`, asserting exit 0 and an empty stderr.
fn ok(dir: &Path, args: &[&str]) -> Run {
    let r = run(dir, args);
    assert_eq!(r.code, 0, "cairn {args:?} failed:\n{}\n{}", r.stdout, r.stderr);
    r
}

/// A temp plan holding `files`.
fn plan_with(files: &[(&str, &str)]) -> TempPlan {
    let plan = TempPlan::new();
    for (path, contents) in files {
        plan.write(path, contents);
    }
    plan
}

/// A copy of the example plan outside any git repository.
fn example_copy() -> TempPlan {
    let plan = TempPlan::new();
    plan.copy_from(&example());
    plan
}

/// The `id` of every element of a JSON array.
fn ids(json: &Value) -> Vec<String> {
    json.as_array()
        .unwrap_or_else(|| panic!("not an array: {json:#}"))
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect()
}

fn backlog_ids(dir: &Path, filters: &[&str]) -> Vec<String> {
    let mut args = vec!["backlog", "--format", "json"];
    args.extend_from_slice(filters);
    ids(&ok(dir, &args).json())
}

/// CSV rows end with CRLF (RFC 4180); snapshots hold them with plain newlines.
fn csv_lines(r: &Run) -> String {
    assert!(r.stdout.ends_with("\r\n"), "{:?}", r.stdout);
    assert_eq!(r.stdout.matches("\r\n").count(), r.stdout.matches('\n').count(), "every line ends with CRLF");
    r.stdout.replace("\r\n", "\n")
}

// ---------------------------------------------------------------------------------------------
// Snapshots of the example plan

#[test]
fn roadmap_formats_on_the_example() {
    // A copy outside cairn's own repository: health says there is no history, whatever
    // cairn's own history (or a shallow CI clone of it) holds.
    let plan = example_copy();
    let dir = plan.path().to_path_buf();
    insta::assert_snapshot!("roadmap_table", ok(&dir, &["roadmap"]).stdout);
    insta::assert_snapshot!("roadmap_csv", csv_lines(&ok(&dir, &["roadmap", "--format", "csv"])));
    insta::assert_snapshot!("roadmap_markdown", ok(&dir, &["roadmap", "--format", "markdown"]).stdout);
    insta::assert_snapshot!("roadmap_mermaid", ok(&dir, &["roadmap", "--format", "mermaid"]).stdout);
    insta::assert_snapshot!("roadmap_json", ok(&dir, &["roadmap", "--format", "json"]).stdout);
}

#[test]
fn backlog_formats_on_the_example() {
    let dir = example();
    insta::assert_snapshot!("backlog_table", ok(&dir, &["backlog"]).stdout);
    insta::assert_snapshot!("backlog_csv", csv_lines(&ok(&dir, &["backlog", "--format", "csv"])));
    insta::assert_snapshot!("backlog_markdown", ok(&dir, &["backlog", "--format", "markdown"]).stdout);
    insta::assert_snapshot!("backlog_json", ok(&dir, &["backlog", "--format", "json"]).stdout);
    insta::assert_snapshot!("backlog_all_table", ok(&dir, &["backlog", "--all"]).stdout);
}

#[test]
fn tree_on_the_example() {
    let dir = example();
    insta::assert_snapshot!("tree", ok(&dir, &["tree"]).stdout);
    insta::assert_snapshot!("tree_all", ok(&dir, &["tree", "--all"]).stdout);
    insta::assert_snapshot!("tree_json", ok(&dir, &["tree", "--format", "json"]).stdout);
}

#[test]
fn show_on_the_example() {
    // A copy outside cairn's own repository: no last-change line, stable snapshots.
    let plan = example_copy();
    insta::assert_snapshot!("show_story", ok(plan.path(), &["show", "S-101"]).stdout);
    insta::assert_snapshot!("show_story_with_dependencies", ok(plan.path(), &["show", "S-102"]).stdout);
    insta::assert_snapshot!("show_initiative", ok(plan.path(), &["show", "subscriptions"]).stdout);
    insta::assert_snapshot!("show_story_json", ok(plan.path(), &["show", "S-101", "--format", "json"]).stdout);
}

// ---------------------------------------------------------------------------------------------
// roadmap

#[test]
fn roadmap_json_has_every_field_and_progress() {
    let json = ok(&example(), &["roadmap", "--format", "json"]).json();
    assert_eq!(ids(&json), ["subscriptions", "tracking", "new-cities", "onboarding"]);
    let sub = &json[0];
    let keys: Vec<&str> = sub.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "id",
            "kind",
            "path",
            "title",
            "status",
            "category",
            "horizon",
            "start",
            "target",
            "priority",
            "owner",
            "outcome",
            "labels",
            "depends_on",
            "archived",
            "criteria",
            "progress",
            "health",
            "extra"
        ]
    );
    assert_eq!(sub["id"], "subscriptions");
    assert_eq!(sub["kind"], "initiative");
    assert_eq!(sub["path"], "roadmap/subscriptions.md");
    assert_eq!(sub["title"], "Launch subscription model");
    assert_eq!(sub["status"], "active");
    assert_eq!(sub["category"], "active");
    assert_eq!(sub["horizon"], "now");
    assert_eq!(sub["start"], "2026-09");
    assert_eq!(sub["target"], "2027-Q1");
    assert_eq!(sub["priority"], 1);
    assert_eq!(sub["owner"], "maya");
    assert!(sub["outcome"].as_str().unwrap().starts_with("Regular customers order more often"));
    assert_eq!(sub["labels"], json!(["revenue", "retention"]));
    assert_eq!(sub["depends_on"], json!([]));
    assert_eq!(sub["archived"], false);
    // Six items, two of them archived (S-104, S-105, done) and S-106 abandoned: all count,
    // delivered and abandoned apart.
    assert_eq!(sub["progress"], json!({"closed": 3, "total": 6, "done": 2, "abandoned": 1}));
    assert!(sub["health"]["state"].is_string() && sub["health"]["reason"].is_string(), "{sub:#}");

    let progress: Vec<(u64, u64)> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["progress"]["closed"].as_u64().unwrap(), i["progress"]["total"].as_u64().unwrap()))
        .collect();
    assert_eq!(progress, [(3, 6), (1, 4), (0, 4), (0, 3)]);
    assert_eq!(json[1]["target"], "2027-03-31");
    assert_eq!(json[1]["category"], "open");
    assert_eq!(json[2]["depends_on"], json!(["tracking"]));
    assert_eq!(json[3]["status"], "proposed");
}

#[test]
fn roadmap_orders_by_category_then_priority_then_id() {
    let plan = plan_with(&[
        ("roadmap/a-done.md", "---\ntitle: A\nstatus: done\npriority: 1\n---\n"),
        ("roadmap/b-open.md", "---\ntitle: B\nstatus: planned\npriority: 2\n---\n"),
        ("roadmap/c-open.md", "---\ntitle: C\nstatus: proposed\n---\n"),
        ("roadmap/d-active.md", "---\ntitle: D\nstatus: active\n---\n"),
        ("roadmap/e-active.md", "---\ntitle: E\nstatus: active\npriority: 3\n---\n"),
        ("roadmap/f-open.md", "---\ntitle: F\nstatus: planned\npriority: 2\n---\n"),
        ("roadmap/g-dropped.md", "---\ntitle: G\nstatus: dropped\n---\n"),
        ("roadmap/h-open.md", "---\ntitle: H\nstatus: proposed\npriority: 1\n---\n"),
    ]);
    let expected = ["e-active", "d-active", "h-open", "b-open", "f-open", "c-open", "a-done", "g-dropped"];
    assert_eq!(ids(&ok(plan.path(), &["roadmap", "--format", "json"]).json()), expected);
    // Every format lists the same order.
    let csv = ok(plan.path(), &["roadmap", "--format", "csv"]).stdout;
    let csv_ids: Vec<&str> = csv.lines().skip(1).map(|l| l.split(',').next().unwrap()).collect();
    assert_eq!(csv_ids, expected);
    let table = ok(plan.path(), &["roadmap"]).stdout;
    let positions: Vec<usize> = expected.iter().map(|id| table.find(&format!("│ {id} ")).unwrap()).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{table}");
    assert!(table.contains("┘\n8 initiatives\n"), "{table}");
    // Under the table, why each open initiative has its health; closed ones need no reason.
    let reasons: Vec<&str> = table.split("\nHealth\n").nth(1).unwrap_or("").lines().collect();
    assert_eq!(reasons.len(), 6, "{table}");
    assert_eq!(reasons[0], "  ? e-active  no target, so there is nothing to measure against");
}

#[test]
fn roadmap_progress_counts_archived_items() {
    let plan = plan_with(&[
        ("roadmap/core.md", "---\ntitle: Core\nstatus: active\npriority: 1\n---\n"),
        ("roadmap/empty.md", "---\ntitle: Empty\nstatus: planned\npriority: 2\n---\n"),
        ("backlog/S-1.md", "---\ntitle: Done\nstatus: done\ninitiative: core\n---\n"),
        ("backlog/S-2.md", "---\ntitle: Todo\ninitiative: core\n---\n"),
        ("backlog/S-5.md", "---\ntitle: Doing\nstatus: in-progress\ninitiative: core\n---\n"),
        ("backlog/archive/S-3.md", "---\ntitle: Archived done\nstatus: done\ninitiative: core\n---\n"),
        ("backlog/archive/S-4.md", "---\ntitle: Archived wontdo\nstatus: wontdo\ninitiative: core\n---\n"),
    ]);
    let json = ok(plan.path(), &["roadmap", "--format", "json"]).json();
    // `closed` stays "closed work" (SPEC §5: done or abandoned); `done` and `abandoned` tell
    // them apart: S-1, S-3 done, S-4 wontdo.
    assert_eq!(json[0]["progress"], json!({"closed": 3, "total": 5, "done": 2, "abandoned": 1}));
    assert_eq!(json[1]["progress"], json!({"closed": 0, "total": 0, "done": 0, "abandoned": 0}));
    let table = ok(plan.path(), &["roadmap"]).stdout;
    // 2 of 5 delivered (4 cells), 1 dropped (2 cells), 2 open.
    assert!(table.contains("████▒▒░░░░ 2 done, 1 dropped of 5"), "{table}");
    assert!(table.contains("░░░░░░░░░░ 0 done of 0"), "{table}");
    let csv = ok(plan.path(), &["roadmap", "--format", "csv"]).stdout;
    assert_eq!(
        csv.lines().next(),
        Some("id,title,status,horizon,target,priority,owner,start,closed,total,done,dropped,health,health_reason")
    );
    assert_eq!(
        csv.lines().nth(1),
        Some("core,Core,active,,,1,,,3,5,2,1,unknown,\"no target, so there is nothing to measure against\"")
    );
    let md = ok(plan.path(), &["roadmap", "--format", "markdown"]).stdout;
    assert!(
        md.contains("| core | Core | active |  |  | 1 |  | ? unknown | 2 done, 1 dropped of 5 | no target,"),
        "{md}"
    );
    let mermaid = ok(plan.path(), &["roadmap", "--format", "mermaid"]).stdout;
    assert!(mermaid.contains("- core — Core (active)"), "{mermaid}");
}

#[test]
fn roadmap_mermaid_lists_unscheduled_initiatives_and_never_drops_one() {
    let plan = plan_with(&[
        (
            "roadmap/live.md",
            "---\ntitle: \"Live: phase #1\"\nstatus: active\nstart: 2026-Q4\ntarget: 2027-Q1\npriority: 1\n---\n",
        ),
        ("roadmap/target-only.md", "---\ntitle: Target only\nstatus: planned\ntarget: 2027-Q2\npriority: 2\n---\n"),
        ("roadmap/start-only.md", "---\ntitle: Start only\nstatus: proposed\nstart: 2027\npriority: 3\n---\n"),
        ("roadmap/shipped.md", "---\ntitle: Shipped\nstatus: done\nstart: 2026-01\ntarget: 2026-06-15\n---\n"),
        ("roadmap/someday.md", "---\ntitle: Someday\nstatus: proposed\n---\n"),
        ("roadmap/abandoned.md", "---\ntitle: Abandoned\nstatus: dropped\n---\n"),
        ("backlog/S-1.md", "---\ntitle: One\nstatus: done\ninitiative: live\n---\n"),
        ("backlog/S-2.md", "---\ntitle: Two\ninitiative: live\n---\n"),
    ]);
    let out = ok(plan.path(), &["roadmap", "--format", "mermaid"]).stdout;
    let expected = "```mermaid
gantt
    title Roadmap
    dateFormat YYYY-MM-DD
    axisFormat %Y-%m
    section Active
    Live#58; phase #35;1 (1 done of 2, ? unknown) :active, live, 2026-10-01, 2027-03-31
    section Open
    Target only (0 done of 0, ? unknown) :target-only, 2027-04-01, 2027-06-30
    Start only (0 done of 0, ? unknown) :start-only, 2027-01-01, 2027-12-31
    section Closed
    Shipped (0 done of 0, ✓ done) :done, shipped, 2026-01-01, 2026-06-15
```

**Not scheduled** (no `start` or `target`):

- someday — Someday (proposed)
- abandoned — Abandoned (dropped)
";
    assert_eq!(out, expected);
    // Every initiative of the roadmap appears once.
    for id in ["live", "target-only", "start-only", "shipped", "someday", "abandoned"] {
        assert!(
            out.contains(&format!(", {id},")) || out.contains(&format!(":{id},")) || out.contains(&format!("- {id} ")),
            "{id}"
        );
    }
}

#[test]
fn roadmap_csv_and_markdown_escape_cells() {
    let plan = plan_with(&[(
        "roadmap/odd.md",
        "---\ntitle: 'Pay, \"now\" | later'\nstatus: planned\npriority: 1\nowner: a|b\n---\n",
    )]);
    let csv = ok(plan.path(), &["roadmap", "--format", "csv"]).stdout;
    assert_eq!(
        csv.lines().nth(1),
        Some(
            "odd,\"Pay, \"\"now\"\" | later\",planned,,,1,a|b,,0,0,0,0,unknown,\"no target, so there is nothing to measure against\""
        )
    );
    let md = ok(plan.path(), &["roadmap", "--format", "markdown"]).stdout;
    assert!(
        md.contains("| odd | Pay, \"now\" \\| later | planned |  |  | 1 | a\\|b | ? unknown | 0 done of 0 |"),
        "{md}"
    );
}

#[test]
fn roadmap_rejects_an_unknown_format() {
    let r = run(&example(), &["roadmap", "--format", "yaml"]);
    assert_eq!(r.code, 2);
    assert!(r.stdout.is_empty());
    assert!(r.stderr.contains("table, json, csv, markdown, mermaid"), "{}", r.stderr);
}

#[test]
fn roadmap_quiet_drops_the_count() {
    let r = ok(&example(), &["roadmap", "-q"]);
    assert!(!r.stdout.contains("initiatives\n"), "{}", r.stdout);
    assert!(r.stdout.contains("subscriptions"));
}

// ---------------------------------------------------------------------------------------------
// backlog

#[test]
fn backlog_json_has_every_field() {
    let json = ok(&example(), &["backlog", "--format", "json"]).json();
    let first = &json[0];
    let keys: Vec<&str> = first.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "id",
            "kind",
            "path",
            "title",
            "status",
            "category",
            "type",
            "initiative",
            "priority",
            "estimate",
            "assignee",
            "sprint",
            "labels",
            "depends_on",
            "archived",
            "criteria",
            "extra"
        ]
    );
    assert_eq!(first["id"], "S-102");
    assert_eq!(first["kind"], "story");
    assert_eq!(first["path"], "backlog/S-102-integrate-payment-gateway.md");
    assert_eq!(first["title"], "Integrate payment gateway");
    assert_eq!(first["status"], "in-progress");
    assert_eq!(first["category"], "active");
    assert_eq!(first["type"], "story");
    assert_eq!(first["initiative"], "subscriptions");
    assert_eq!(first["priority"], 1);
    assert_eq!(first["estimate"].as_f64(), Some(8.0));
    assert_eq!(first["assignee"], "omar");
    assert_eq!(first["sprint"], "sprint-24");
    assert_eq!(first["labels"], json!(["payments", "backend"]));
    assert_eq!(first["depends_on"], json!(["S-104"]));
    assert_eq!(first["archived"], false);
    assert_eq!(first["criteria"], json!({"checked": 1, "total": 4}));
    assert!(first.get("progress").is_none(), "progress is for initiatives only");

    // Missing fields are null; an unassigned item has no sprint.
    let s111 = json.as_array().unwrap().iter().find(|i| i["id"] == "S-111").unwrap();
    assert_eq!(s111["assignee"], Value::Null);
    assert_eq!(s111["sprint"], Value::Null);
    assert_eq!(s111["category"], "open");

    // Archived items appear with --all, marked.
    let all = ok(&example(), &["backlog", "--all", "--format", "json"]).json();
    let s104 = all.as_array().unwrap().iter().find(|i| i["id"] == "S-104").unwrap();
    assert_eq!(s104["archived"], true);
    assert_eq!(s104["path"], "backlog/archive/S-104-evaluate-payment-providers.md");
    assert_eq!(s104["category"], "closed");
}

#[test]
fn backlog_json_keeps_unknown_front_matter_fields() {
    let plan = plan_with(&[
        ("roadmap/core.md", "---\ntitle: Core\n---\n"),
        ("backlog/S-1.md", "---\ntitle: One\ninitiative: core\nteam: payments\nrisk: 3\n---\n"),
    ]);
    let json = ok(plan.path(), &["backlog", "--format", "json"]).json();
    // Under `extra`, so that they never collide with cairn's own keys (SPEC §5).
    assert_eq!(json[0]["extra"]["team"], "payments");
    assert_eq!(json[0]["extra"]["risk"], 3);
    assert!(json[0].get("team").is_none());
    // Defaults are filled in.
    assert_eq!(json[0]["type"], "story");
    assert_eq!(json[0]["status"], "todo");
    assert_eq!(json[0]["priority"], Value::Null);
    assert_eq!(json[0]["estimate"], Value::Null);
}

#[test]
fn backlog_default_hides_closed_and_archived_items() {
    let dir = example();
    let default = backlog_ids(&dir, &[]);
    assert_eq!(
        default,
        [
            "S-102", "S-101", "S-107", "S-108", "S-103", "S-111", "S-110", "S-112", "S-113", "S-114", "S-115", "S-116",
            "S-117"
        ]
    );
    for hidden in ["S-104", "S-105", "S-106", "S-109"] {
        assert!(!default.contains(&hidden.to_string()), "{hidden}");
    }
    let all = backlog_ids(&dir, &["--all"]);
    assert_eq!(all.len(), 17);
    assert_eq!(&all[14..], ["S-104", "S-105", "S-106"]);
}

#[test]
fn backlog_orders_by_priority_missing_last_ties_by_id() {
    let plan = plan_with(&[
        ("roadmap/core.md", "---\ntitle: Core\n---\n"),
        ("backlog/S-3.md", "---\ntitle: Three\ninitiative: core\npriority: 2\n---\n"),
        ("backlog/S-1.md", "---\ntitle: One\ninitiative: core\npriority: 2\n---\n"),
        ("backlog/S-2.md", "---\ntitle: Two\ninitiative: core\n---\n"),
        ("backlog/S-4.md", "---\ntitle: Four\ninitiative: core\npriority: 1\n---\n"),
        ("backlog/S-5.md", "---\ntitle: Five\ninitiative: core\n---\n"),
        ("backlog/S-6.md", "---\ntitle: Six\ninitiative: core\npriority: 30\n---\n"),
        ("backlog/archive/S-0.md", "---\ntitle: Zero\ninitiative: core\nstatus: done\npriority: 1\n---\n"),
    ]);
    assert_eq!(backlog_ids(plan.path(), &[]), ["S-4", "S-1", "S-3", "S-6", "S-2", "S-5"]);
    assert_eq!(backlog_ids(plan.path(), &["--all"]), ["S-0", "S-4", "S-1", "S-3", "S-6", "S-2", "S-5"]);
    let csv = ok(plan.path(), &["backlog", "--format", "csv"]).stdout;
    let csv_ids: Vec<&str> = csv.lines().skip(1).map(|l| l.split(',').next().unwrap()).collect();
    assert_eq!(csv_ids, ["S-4", "S-1", "S-3", "S-6", "S-2", "S-5"]);
}

#[test]
fn backlog_filters_alone_and_combined() {
    let dir = example();
    let cases: &[(&[&str], &[&str])] = &[
        (&["--initiative", "tracking"], &["S-107", "S-108", "S-110"]),
        (&["--initiative", "tracking", "--all"], &["S-107", "S-108", "S-109", "S-110"]),
        (&["--status", "todo"], &["S-111", "S-110", "S-112", "S-114", "S-115", "S-116", "S-117"]),
        (&["--status", "in-review"], &["S-108"]),
        // Categories.
        (&["--status", "active"], &["S-102", "S-101", "S-108"]),
        (
            &["--status", "open"],
            &["S-107", "S-103", "S-111", "S-110", "S-112", "S-113", "S-114", "S-115", "S-116", "S-117"],
        ),
        // A status filter shows closed items, archived ones too (`--status done` lists every
        // done item). `closed` is delivered work; `wontdo` is in the `abandoned` category.
        (&["--status", "closed"], &["S-109", "S-104", "S-105"]),
        (&["--status", "done"], &["S-109", "S-104", "S-105"]),
        (&["--status", "abandoned"], &["S-106"]),
        (&["--status", "closed", "--all"], &["S-109", "S-104", "S-105"]),
        (&["--status", "done", "--all"], &["S-109", "S-104", "S-105"]),
        (&["--status", "wontdo"], &["S-106"]),
        (&["--type", "bug"], &["S-108"]),
        (&["--type", "task"], &["S-112", "S-113"]),
        (&["--type", "chore"], &["S-114"]),
        (&["--type", "spike"], &[]),
        (&["--type", "spike", "--all"], &["S-109", "S-104"]),
        (&["--assignee", "omar"], &["S-102", "S-103"]),
        (&["--assignee", "omar", "--all"], &["S-102", "S-103", "S-104"]),
        // Several values of one filter: repeated or comma-separated; any of them matches.
        (&["--status", "todo,in-review"], &["S-108", "S-111", "S-110", "S-112", "S-114", "S-115", "S-116", "S-117"]),
        (&["--status", "in-review", "--status", "in-progress"], &["S-102", "S-101", "S-108"]),
        (&["--assignee", "omar,priya"], &["S-102", "S-108", "S-103"]),
        (&["--initiative", "tracking", "--initiative", "new-cities", "--status", "ready"], &["S-107", "S-113"]),
        (&["--label", "payments"], &["S-102", "S-103", "S-117"]),
        (&["--label", "payments", "--all"], &["S-102", "S-103", "S-117", "S-104"]),
        (&["--sprint", "sprint-24"], &["S-102", "S-101", "S-108"]),
        (&["--sprint", "sprint-25"], &["S-107", "S-103"]),
        // Combinations: every filter must match.
        (&["--initiative", "subscriptions", "--assignee", "omar", "--status", "ready"], &["S-103"]),
        (&["--label", "tracking", "--sprint", "sprint-25"], &["S-107"]),
        (&["--label", "backend", "--status", "todo"], &["S-114"]),
        (&["--initiative", "onboarding", "--label", "payments"], &["S-117"]),
        (&["--type", "story", "--status", "active", "--sprint", "sprint-24"], &["S-102", "S-101"]),
        (&["--initiative", "tracking", "--type", "spike", "--status", "closed"], &["S-109"]),
        (&["--initiative", "new-cities", "--type", "task", "--status", "ready"], &["S-113"]),
        (&["--initiative", "tracking", "--assignee", "omar"], &[]),
        (&["--label", "pricing", "--initiative", "subscriptions", "--all"], &["S-105", "S-106"]),
    ];
    for (filters, expected) in cases {
        assert_eq!(backlog_ids(&dir, filters), *expected, "cairn backlog {filters:?}");
    }
    // The table and CSV filter the same way.
    let table = ok(&dir, &["backlog", "--initiative", "tracking", "--status", "active"]).stdout;
    assert!(table.contains("│ S-108 "), "{table}");
    assert!(!table.contains("│ S-107 "), "{table}");
    let csv = ok(&dir, &["backlog", "--format", "csv", "--sprint", "sprint-25"]).stdout;
    assert_eq!(csv.lines().count(), 3, "{csv}");
}

#[test]
fn backlog_summary_line_counts_items_points_and_statuses() {
    let dir = example();
    let table = ok(&dir, &["backlog"]).stdout;
    // The default listing says what it hides and how to show it.
    assert_eq!(
        table.lines().last(),
        Some(
            "13 items, 58 points · in-progress 2, in-review 1, ready 3, todo 7 · 2 closed and 2 archived hidden (--all shows them)"
        )
    );
    let all = ok(&dir, &["backlog", "--all"]).stdout;
    assert_eq!(
        all.lines().last(),
        Some("17 items, 70 points · done 3, in-progress 2, in-review 1, ready 3, todo 7, wontdo 1")
    );
    let one = ok(&dir, &["backlog", "--type", "bug"]).stdout;
    assert_eq!(one.lines().last(), Some("1 item, 2 points · in-review 1"));
    let none = ok(&dir, &["backlog", "--assignee", "dana", "--type", "bug"]).stdout;
    assert_eq!(none.lines().last(), Some("0 items, 0 points"));
    let md = ok(&dir, &["backlog", "--format", "markdown", "--sprint", "sprint-25"]).stdout;
    assert!(md.ends_with("\n\n2 items, 13 points · ready 2\n"), "{md}");
    // Quiet drops it; JSON and CSV never have it.
    let quiet = ok(&dir, &["backlog", "-q"]).stdout;
    assert!(quiet.trim_end().ends_with('┘'), "{quiet}");
    assert!(!ok(&dir, &["backlog", "--format", "csv"]).stdout.contains("points"));
}

#[test]
fn backlog_points_keep_fractions() {
    let plan = plan_with(&[
        ("roadmap/core.md", "---\ntitle: Core\n---\n"),
        ("backlog/S-1.md", "---\ntitle: Half\ninitiative: core\nestimate: 0.5\n---\n"),
        ("backlog/S-2.md", "---\ntitle: One\ninitiative: core\nestimate: 1\n---\n"),
    ]);
    let table = ok(plan.path(), &["backlog"]).stdout;
    assert_eq!(table.lines().last(), Some("2 items, 1.5 points · todo 2"));
    assert!(table.contains("┆ 0.5 "), "{table}");
    let single = ok(plan.path(), &["backlog", "--format", "markdown", "--type", "bug"]).stdout;
    assert!(single.ends_with("0 items, 0 points\n"), "{single}");
}

#[test]
fn backlog_rejects_unknown_status_type_and_format() {
    let dir = example();
    let r = run(&dir, &["backlog", "--status", "in-progres"]);
    assert_eq!(r.code, 2);
    assert!(r.stdout.is_empty());
    assert!(r.stderr.contains("unknown status `in-progres`"), "{}", r.stderr);
    assert!(r.stderr.contains("did you mean `in-progress`?"), "{}", r.stderr);
    let r = run(&dir, &["backlog", "--status", "proposed"]);
    assert_eq!(r.code, 2, "an initiative status is not a backlog status");
    let r = run(&dir, &["backlog", "--type", "epic"]);
    assert_eq!(r.code, 2);
    assert!(r.stdout.is_empty());
    assert!(r.stderr.contains("unknown type `epic`"), "{}", r.stderr);
    assert!(r.stderr.contains("story, task, bug, spike, chore"), "{}", r.stderr);
    let r = run(&dir, &["backlog", "--initiative", "subscription"]);
    assert_eq!(r.code, 2, "an unknown initiative is refused, not an empty table");
    assert!(r.stdout.is_empty());
    assert!(r.stderr.contains("unknown initiative `subscription`"), "{}", r.stderr);
    assert!(r.stderr.contains("did you mean `subscriptions`?"), "{}", r.stderr);
    let r = run(&dir, &["backlog", "--format", "mermaid"]);
    assert_eq!(r.code, 2);
    assert!(r.stdout.is_empty());
}

#[test]
fn backlog_status_filter_knows_custom_statuses() {
    let plan = plan_with(&[
        ("cairn.yml", "statuses:\n  backlog: {blocked: active}\n"),
        ("roadmap/core.md", "---\ntitle: Core\n---\n"),
        ("backlog/S-1.md", "---\ntitle: Stuck\ninitiative: core\nstatus: blocked\n---\n"),
        ("backlog/S-2.md", "---\ntitle: Todo\ninitiative: core\n---\n"),
    ]);
    assert_eq!(backlog_ids(plan.path(), &["--status", "blocked"]), ["S-1"]);
    assert_eq!(backlog_ids(plan.path(), &["--status", "active"]), ["S-1"]);
    assert_eq!(backlog_ids(plan.path(), &["--status", "open"]), ["S-2"]);
}

// ---------------------------------------------------------------------------------------------
// tree

#[test]
fn tree_groups_orphans_at_the_end() {
    let plan = plan_with(&[
        ("roadmap/core.md", "---\ntitle: Core\nstatus: active\npriority: 1\n---\n"),
        ("roadmap/later.md", "---\ntitle: Later\n---\n"),
        ("backlog/S-1.md", "---\ntitle: Traced\ninitiative: core\nstatus: done\npriority: 2\n---\n"),
        ("backlog/S-2.md", "---\ntitle: Doing\ninitiative: core\nstatus: in-progress\npriority: 1\n---\n"),
        ("backlog/S-3.md", "---\ntitle: No initiative\npriority: 1\n---\n"),
        ("backlog/S-4.md", "---\ntitle: Dangling\ninitiative: cor\n---\n"),
        ("backlog/S-5.md", "---\ntitle: Dropped\ninitiative: core\nstatus: wontdo\n---\n"),
        ("backlog/archive/S-6.md", "---\ntitle: Old\ninitiative: core\nstatus: done\n---\n"),
    ]);
    let out = ok(plan.path(), &["tree"]).stdout;
    let expected = "\
◐ core  Core  (active)  2 done, 1 dropped of 4 █████▒▒▒░░
    ◐ S-2  Doing (in-progress)
    ✓ S-1  Traced (done)
    ✗ S-5  Dropped (wontdo)
    ▪ 1 archived: S-6
○ later  Later  (proposed)  0 done of 0 ░░░░░░░░░░

No initiative (2 items trace to none or to an id that does not exist)
    ○ S-3  No initiative (todo)
    ○ S-4  Dangling (todo) → cor?
";
    assert_eq!(out, expected);
    let all = ok(plan.path(), &["tree", "--all"]).stdout;
    assert!(all.contains("    ✓ S-6  Old (done) [archived]\n"), "{all}");

    let json = ok(plan.path(), &["tree", "--format", "json"]).json();
    assert_eq!(ids(&json["initiatives"]), ["core", "later"]);
    assert_eq!(ids(&json["initiatives"][0]["items"]), ["S-2", "S-1", "S-5"]);
    assert_eq!(ids(&json["initiatives"][0]["archived"]), ["S-6"], "the archived item it counts");
    assert_eq!(json["initiatives"][0]["progress"], json!({"closed": 3, "total": 4, "done": 2, "abandoned": 1}));
    assert_eq!(ids(&json["orphans"]), ["S-3", "S-4"]);
}

#[test]
fn tree_of_a_plan_with_only_orphans_has_no_leading_blank_line() {
    let plan = plan_with(&[("backlog/S-1.md", "---\ntitle: Alone\n---\n")]);
    let out = ok(plan.path(), &["tree"]).stdout;
    assert_eq!(out, "No initiative (1 item traces to none or to an id that does not exist)\n    ○ S-1  Alone (todo)\n");
}

// ---------------------------------------------------------------------------------------------
// show

#[test]
fn show_story_json_field_by_field() {
    let plan = example_copy();
    let json = ok(plan.path(), &["show", "S-102", "--format", "json"]).json();
    let keys: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        ["item", "initiative", "children", "depends_on", "blocks", "criteria", "body", "last_change", "uncommitted"]
    );
    let item = &json["item"];
    assert_eq!(item["id"], "S-102");
    assert_eq!(item["kind"], "story");
    assert_eq!(item["type"], "story");
    assert_eq!(item["status"], "in-progress");
    assert_eq!(item["category"], "active");
    assert_eq!(item["initiative"], "subscriptions");
    assert_eq!(item["priority"], 1);
    assert_eq!(item["estimate"].as_f64(), Some(8.0));
    assert_eq!(item["assignee"], "omar");
    assert_eq!(item["sprint"], "sprint-24");
    assert_eq!(item["labels"], json!(["payments", "backend"]));
    assert_eq!(item["criteria"], json!({"checked": 1, "total": 4}));
    assert_eq!(
        json["initiative"],
        json!({"id": "subscriptions", "title": "Launch subscription model", "status": "active", "kind": "initiative"})
    );
    assert_eq!(json["children"], json!([]));
    // Dependencies both ways: S-102 needs S-104 (archived) and holds up S-103 and S-117.
    assert_eq!(
        json["depends_on"],
        json!([{"id": "S-104", "title": "Evaluate payment providers for recurring billing", "status": "done", "kind": "story"}])
    );
    assert_eq!(ids(&json["blocks"]), ["S-103", "S-117"]);
    let criteria = json["criteria"].as_array().unwrap();
    assert_eq!(criteria.len(), 4);
    assert_eq!(
        criteria[0],
        json!({"checked": true, "text": "Customers can save a card with 3-D Secure authentication"})
    );
    assert_eq!(criteria.iter().filter(|c| c["checked"] == true).count(), 1);
    assert!(json["body"].as_str().unwrap().starts_with("As a subscriber I want my card to be charged"));
    assert_eq!(json["last_change"], Value::Null, "not in a git repository");
    assert_eq!(json["uncommitted"], Value::Null);
}

#[test]
fn show_initiative_json_lists_its_stories_and_progress() {
    let plan = example_copy();
    let json = ok(plan.path(), &["show", "subscriptions", "--format", "json"]).json();
    assert_eq!(json["item"]["kind"], "initiative");
    assert_eq!(json["item"]["progress"], json!({"closed": 3, "total": 6, "done": 2, "abandoned": 1}));
    assert_eq!(json["initiative"], Value::Null);
    // Every story, archived ones included, in priority order.
    assert_eq!(ids(&json["children"]), ["S-102", "S-101", "S-103", "S-104", "S-105", "S-106"]);
    assert_eq!(ids(&json["blocks"]), ["onboarding"]);
    assert_eq!(json["depends_on"], json!([]));
    let cities = ok(plan.path(), &["show", "new-cities", "--format", "json"]).json();
    assert_eq!(ids(&cities["depends_on"]), ["tracking"]);
    assert_eq!(cities["depends_on"][0]["kind"], "initiative");
    assert_eq!(ids(&cities["children"]), ["S-111", "S-112", "S-113", "S-114"]);
}

#[test]
fn show_human_has_links_both_ways_and_criteria() {
    let plan = example_copy();
    let out = ok(plan.path(), &["show", "S-107"]).stdout;
    assert!(
        out.starts_with("S-107  Build real-time tracking feature\nstory · ready · priority 3 · 8 points\n"),
        "{out}"
    );
    assert!(out.contains("initiative:  tracking — Improve delivery tracking (planned)\n"), "{out}");
    assert!(
        out.contains(
            "Depends on\n  ◐ S-108  Fix GPS accuracy bug (in-review)\n  ✓ S-109  Choose a live location transport (done)\n"
        ),
        "{out}"
    );
    assert!(out.contains("Blocks\n  ○ S-110  Send arrival time updates as push notifications (todo)\n"), "{out}");
    assert!(out.contains("Acceptance criteria 0/4\n  [ ] "), "{out}");
    // Archived items say so.
    let archived = ok(plan.path(), &["show", "S-104"]).stdout;
    assert!(archived.contains("spike · done · priority 15 · 3 points · archived\n"), "{archived}");
    assert!(archived.contains("Blocks\n  ◐ S-102  Integrate payment gateway (in-progress)\n"), "{archived}");
    assert!(archived.contains("Acceptance criteria 3/3\n  [x] "), "{archived}");
}

#[test]
fn show_renders_the_body_as_plain_text_without_the_criteria_section() {
    let plan = plan_with(&[
        ("roadmap/core.md", "---\ntitle: Core\n---\n"),
        (
            "backlog/S-1.md",
            "---\ntitle: Rich body\ninitiative: core\n---\nSome **bold** and `code`.\n\n## Notes\n\n- first\n- second\n\n## Acceptance criteria\n- [x] done thing\n- [ ] open thing\n\n## After\nTail text.\n",
        ),
    ]);
    let out = ok(plan.path(), &["show", "S-1"]).stdout;
    assert!(out.contains("Acceptance criteria 1/2\n  [x] done thing\n  [ ] open thing\n"), "{out}");
    assert!(out.contains("Some bold and `code`."), "inline code keeps its backticks: {out}");
    assert!(out.contains("Notes\n\n• first\n• second\n"), "{out}");
    assert!(out.contains("After\n\nTail text."), "{out}");
    assert!(!out.contains("**"), "{out}");
    assert!(!out.contains("## "), "{out}");
    assert_eq!(out.matches("done thing").count(), 1, "criteria shown once: {out}");
    assert!(!out.contains('\u{1b}'), "{out}");
}

#[test]
fn show_orphans_and_dangling_links() {
    let plan = plan_with(&[
        ("roadmap/core.md", "---\ntitle: Core\n---\n"),
        ("backlog/S-1.md", "---\ntitle: Orphan\ndepends_on: [S-9]\n---\n"),
        ("backlog/S-2.md", "---\ntitle: Dangling\ninitiative: cor\n---\n"),
    ]);
    let out = ok(plan.path(), &["show", "S-1"]).stdout;
    assert!(out.contains("initiative:  none (orphan)\n"), "{out}");
    assert!(out.contains("Depends on\n  ? S-9 (does not exist)\n"), "{out}");
    let json = ok(plan.path(), &["show", "S-1", "--format", "json"]).json();
    assert_eq!(json["depends_on"], json!([{"id": "S-9", "missing": true}]));
    assert_eq!(json["initiative"], Value::Null);
    let out = ok(plan.path(), &["show", "S-2"]).stdout;
    assert!(out.contains("initiative:  cor (does not exist)\n"), "{out}");
    // No acceptance criteria, no section.
    assert!(!out.contains("Acceptance criteria"), "{out}");
}

#[test]
fn show_an_unknown_id_suggests_the_closest() {
    let plan = example_copy();
    let r = run(plan.path(), &["show", "S-10"]);
    assert_eq!(r.code, 2);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    assert!(r.stderr.contains("no item with id `S-10`"), "{}", r.stderr);
    assert!(r.stderr.contains("did you mean `S-101`, `S-102`, `S-103`?"), "{}", r.stderr);
    let r = run(plan.path(), &["show", "subscription"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("`subscriptions`"), "{}", r.stderr);
    let r = run(plan.path(), &["show", "zzzzzzzzzzzz", "--format", "json"]);
    assert_eq!(r.code, 2);
    assert!(r.stdout.is_empty());
    assert!(r.stderr.contains("cairn backlog --all"), "no close id, a way to list them: {}", r.stderr);
}

#[test]
fn show_the_last_change_from_git() {
    let plan = plan_with(&[
        ("roadmap/core.md", "---\ntitle: Core\n---\n"),
        ("backlog/S-1.md", "---\ntitle: One\ninitiative: core\n---\n"),
    ]);
    let repo = git::init(plan.path());
    let first = git::commit_all(&repo, "Add S-1 and core\n\nWith a body.", T0);
    plan.write("roadmap/core.md", "---\ntitle: Core\nstatus: planned\n---\n");
    let second = git::commit_all(&repo, "Plan core", T0 + 3 * DAY);
    let short = |oid: git2::Oid| oid.to_string()[..7].to_string();

    // S-1 last changed in the first commit, even though HEAD is the second.
    let out = ok(plan.path(), &["show", "S-1"]).stdout;
    let line = format!("last change: {} 2026-01-01 Dana Tester — Add S-1 and core\n", short(first));
    assert!(out.contains(&line), "{out}");
    let out = ok(plan.path(), &["show", "core"]).stdout;
    assert!(out.contains(&format!("last change: {} 2026-01-04 Dana Tester — Plan core\n", short(second))), "{out}");

    let json = ok(plan.path(), &["show", "S-1", "--format", "json"]).json();
    assert_eq!(
        json["last_change"],
        json!({"commit": first.to_string(), "short": short(first), "date": "2026-01-01", "author": "Dana Tester", "subject": "Add S-1 and core"})
    );
    assert_eq!(json["uncommitted"], false);

    // Uncommitted edits and new files say so.
    plan.write("backlog/S-1.md", "---\ntitle: One, edited\ninitiative: core\n---\n");
    plan.write("backlog/S-2.md", "---\ntitle: Two\ninitiative: core\n---\n");
    let out = ok(plan.path(), &["show", "S-1"]).stdout;
    assert!(out.contains("Add S-1 and core (plus uncommitted changes)\n"), "{out}");
    assert_eq!(ok(plan.path(), &["show", "S-1", "--format", "json"]).json()["uncommitted"], true);
    let out = ok(plan.path(), &["show", "S-2"]).stdout;
    assert!(out.contains("last change: not committed yet\n"), "{out}");
    let json = ok(plan.path(), &["show", "S-2", "--format", "json"]).json();
    assert_eq!(json["last_change"], Value::Null);
    assert_eq!(json["uncommitted"], true);
}

#[test]
fn show_the_last_change_of_a_plan_in_a_subfolder() {
    let repo_dir = tempfile::tempdir().unwrap();
    let repo = git::init(repo_dir.path());
    let plan = repo_dir.path().join("plans");
    std::fs::create_dir_all(plan.join("roadmap")).unwrap();
    std::fs::write(plan.join("roadmap/core.md"), "---\ntitle: Core\n---\n").unwrap();
    std::fs::write(repo_dir.path().join("README.md"), "monorepo\n").unwrap();
    let oid = git::commit_all(&repo, "Plan in a subfolder", T0 + DAY);
    std::fs::write(repo_dir.path().join("README.md"), "monorepo, edited\n").unwrap();
    git::commit_all(&repo, "Unrelated", T0 + 2 * DAY);
    let out = ok(&plan, &["show", "core"]).stdout;
    let line = format!("last change: {} 2026-01-02 Dana Tester — Plan in a subfolder\n", &oid.to_string()[..7]);
    assert!(out.contains(&line), "{out}");
    assert!(out.contains("path:        roadmap/core.md\n"), "{out}");
}

#[test]
fn show_outside_git_has_no_last_change_line() {
    let plan = example_copy();
    let out = ok(plan.path(), &["show", "S-101"]).stdout;
    assert!(!out.contains("last change"), "{out}");
}

// ---------------------------------------------------------------------------------------------
// colors

#[test]
fn colors_only_on_a_terminal_or_when_asked() {
    let plan = example_copy();
    let commands: &[&[&str]] = &[&["roadmap"], &["backlog"], &["show", "S-101"], &["show", "subscriptions"], &["tree"]];
    for args in commands {
        // Captured output is a pipe: no escape codes, even without NO_COLOR.
        let out = cairn(plan.path()).env_remove("NO_COLOR").args(*args).output().unwrap();
        assert!(out.status.success());
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(!stdout.contains('\u{1b}'), "cairn {args:?} colored a pipe:\n{stdout}");
        let never = cairn(plan.path()).env_remove("NO_COLOR").args(*args).args(["--color", "never"]).output().unwrap();
        assert!(!String::from_utf8(never.stdout).unwrap().contains('\u{1b}'));
        // --color always colors, even with NO_COLOR set.
        let always = run(plan.path(), &[args, &["--color", "always"][..]].concat());
        assert_eq!(always.code, 0);
        assert!(always.stdout.contains('\u{1b}'), "cairn {args:?} --color always:\n{}", always.stdout);
        // The same text once the escape codes are gone.
        let plain = run(plan.path(), args).stdout;
        assert_eq!(strip_ansi(&always.stdout).lines().count(), plain.lines().count(), "{args:?}");
    }
    // Machine formats never carry escape codes.
    for args in
        [&["roadmap", "--format", "json"][..], &["backlog", "--format", "csv"], &["roadmap", "--format", "markdown"]]
    {
        let r = run(plan.path(), &[args, &["--color", "always"][..]].concat());
        assert!(!r.stdout.contains('\u{1b}'), "{args:?}");
    }
}

/// Removes `ESC [ ... m` sequences.
fn strip_ansi(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn show_keeps_notes_after_the_criteria_and_draws_tables() {
    let body = "Intro.\n\n<!-- SECTION:NOTES:BEGIN -->\n| Device | Result |\n|:--|--:|\n| Pixel 7 | ok |\n| iPhone | fails |\n\n## Acceptance criteria\n<!-- AC:BEGIN -->\n- [x] Works offline\n- [ ] Works on iOS\n\nNotes appended at the bottom after the list.\n\n- a plain bullet stays\n\n## Later\nMore.\n";
    let plan = plan_with(&[
        ("roadmap/core.md", "---\ntitle: Core\n---\n"),
        ("backlog/S-1.md", &format!("---\ntitle: One\ninitiative: core\n---\n{body}")),
    ]);
    let out = ok(plan.path(), &["show", "S-1"]).stdout;
    let expected_tail = "\
Acceptance criteria 1/2
  [x] Works offline
  [ ] Works on iOS

Intro.

┌─────────┬────────┐
│ Device  ┆ Result │
╞═════════╪════════╡
│ Pixel 7 ┆     ok │
│ iPhone  ┆  fails │
└─────────┴────────┘

Notes appended at the bottom after the list.

• a plain bullet stays

Later

More.
";
    assert!(out.ends_with(expected_tail), "{out}");
    // The criteria are listed once, and no HTML comment is printed.
    assert_eq!(out.matches("Works on iOS").count(), 1, "{out}");
    assert!(!out.contains("<!--"), "{out}");
}

/// A comment written over several lines (a note for tools or reviewers) is an HTML block
/// that pulldown-cmark hands over line by line: `show` leaves it out whole, and keeps the
/// rest of a block that mixes a comment with other HTML.
#[test]
fn show_leaves_out_html_comments_that_span_lines() {
    let body = "Intro.\n\n<!--\nTODO: ask legal\nabout the wording\n-->\n\n<!-- one line -->\n\n<details>Kept <!-- dropped\nhere --></details>\n\nEnd.\n";
    let plan = plan_with(&[
        ("roadmap/core.md", "---\ntitle: Core\n---\n"),
        ("backlog/S-1.md", &format!("---\ntitle: One\ninitiative: core\n---\n{body}")),
    ]);
    let out = ok(plan.path(), &["show", "S-1", "--color", "never"]).stdout;
    assert!(out.ends_with("Intro.\n\n<details>Kept </details>\n\nEnd.\n"), "{out}");
    for hidden in ["<!--", "-->", "TODO", "wording", "dropped"] {
        assert!(!out.contains(hidden), "`{hidden}` is printed:\n{out}");
    }
}
