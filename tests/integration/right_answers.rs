//! Right answers on the repositories teams already have (issue 12): each wrong answer found
//! on real plans, on a git repository built here. Every test failed on the build before the
//! fix.

use std::path::Path;

use serde_json::Value;

use crate::common::{TempPlan, run};
use crate::diff::{DAY, T0, commit, init_repo, md, squash, story};

fn json_of(dir: &Path, args: &[&str]) -> Value {
    let r = run(dir, args);
    assert!(r.code == 0 || r.code == 1, "cairn {args:?} exited {}:\n{}\n{}", r.code, r.stdout, r.stderr);
    r.json()
}

fn change_ids(diff: &Value) -> Vec<String> {
    diff["changes"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap().to_string()).collect()
}

/// A plan whose folders are named only in `cairn.yml`, committed after two commits of plan
/// changes: the revisions before it must be read with it, not as an empty plan.
fn repo_with_late_config() -> TempPlan {
    let plan = TempPlan::new();
    let dir = plan.path();
    std::fs::remove_dir_all(dir.join("roadmap")).unwrap();
    std::fs::remove_dir_all(dir.join("backlog")).unwrap();
    init_repo(dir);
    plan.write("plans/goals/core.md", md(&["title: Core", "status: active", "priority: 1"], ""));
    plan.write("plans/work/T-1.md", story("T-1", "First", "core", "To Do"));
    commit(dir, "start", T0);
    plan.write("plans/work/T-1.md", story("T-1", "First", "core", "In Progress"));
    plan.write("plans/work/T-2.md", story("T-2", "Second", "core", "To Do"));
    commit(dir, "work", T0 + DAY);
    plan.write(
        "cairn.yml",
        "roadmap_dir: plans/goals\nbacklog_dir: plans/work\nstatuses:\n  backlog: {To Do: open, In Progress: active, Done: closed, Won't Do: abandoned}\n",
    );
    commit(dir, "adopt cairn", T0 + 2 * DAY);
    plan
}

#[test]
fn revisions_from_before_cairn_yml_are_read_with_the_head_configuration() {
    let plan = repo_with_late_config();
    let dir = plan.path();
    // diff A B: both sides with B's cairn.yml (B = HEAD~1 has none: the working tree's).
    let d = json_of(dir, &["diff", "HEAD~2", "HEAD~1", "--format", "json"]);
    assert_eq!(change_ids(&d), ["T-1", "T-2"], "{d:#}");
    let t1 = &d["changes"][0];
    assert_eq!(t1["fields"][0]["from"], "To Do");
    assert_eq!(t1["fields"][0]["to"], "In Progress");
    assert_eq!(t1["fields"][0]["note"], "started", "`In Progress` is active through cairn.yml");
    // diff A (against the working tree) too.
    assert_eq!(change_ids(&json_of(dir, &["diff", "HEAD~2", "--format", "json"])), ["T-1", "T-2"]);
    // --rev of a revision without cairn.yml: the working tree's, with a note; never 0 items.
    let r = run(dir, &["--rev", "HEAD~1", "check", "--format", "json"]);
    let j = r.json();
    assert_eq!(j["summary"]["items"], 3, "{}", r.stdout);
    assert!(r.stdout.contains("has no cairn.yml"), "the note reaches the JSON output: {}", r.stdout);
    let r = run(dir, &["--rev", "HEAD~1", "backlog", "--format", "csv"]);
    assert!(r.stdout.contains("T-2"), "{}", r.stdout);
    assert!(r.stderr.contains("note: `HEAD~1` has no cairn.yml"), "{}", r.stderr);
}

#[test]
fn log_and_report_use_the_working_tree_configuration_committed_or_not() {
    let plan = TempPlan::new();
    let dir = plan.path();
    std::fs::remove_dir_all(dir.join("roadmap")).unwrap();
    std::fs::remove_dir_all(dir.join("backlog")).unwrap();
    init_repo(dir);
    plan.write("goals/core.md", md(&["title: Core", "status: active", "priority: 1"], ""));
    plan.write("work/T-1.md", story("T-1", "First", "core", "To Do"));
    commit(dir, "start", T0);
    plan.write("work/T-1.md", story("T-1", "First", "core", "In Progress"));
    commit(dir, "start T-1", T0 + DAY);
    plan.write("work/T-1.md", story("T-1", "First", "core", "Done"));
    commit(dir, "finish T-1", T0 + 4 * DAY);
    // Not committed: still the configuration every history command must use.
    plan.write(
        "cairn.yml",
        "roadmap_dir: goals\nbacklog_dir: work\nstatuses:\n  backlog: {To Do: open, In Progress: active, Done: closed}\n",
    );
    let report = json_of(dir, &["report", "--format", "json"]);
    assert_eq!(report["cycle_time_days"]["count"], 1, "{report:#}");
    assert_eq!(report["cycle_time_days"]["median"], 3.0);
    let done: u64 = report["throughput"].as_array().unwrap().iter().map(|w| w["done"].as_u64().unwrap()).sum();
    assert_eq!(done, 1);
    let log = json_of(dir, &["log", "T-1", "--format", "json"]);
    assert_eq!(log.as_array().unwrap().len(), 3, "{log:#}");
    assert_eq!(log[0]["changes"][0]["kind"], "story", "the same file is a story in log and in diff");
}

#[test]
fn status_names_with_spaces_and_the_abandoned_category() {
    let plan = TempPlan::with_initiative();
    plan.write(
        "cairn.yml",
        "statuses:\n  backlog: {\"To Do\": open, \"In Progress\": active, Shipped: closed, \"Won't Do\": abandoned}\n  roadmap: {Last Call: active}\n",
    );
    plan.write("backlog/S-1.md", story("S-1", "One", "core", "Shipped"));
    plan.write("backlog/S-2.md", story("S-2", "Two", "core", "Won't Do"));
    plan.write("backlog/S-3.md", story("S-3", "Three", "core", "In Progress"));
    let items = json_of(plan.path(), &["backlog", "--all", "--format", "json"]);
    let category = |id: &str| items.as_array().unwrap().iter().find(|i| i["id"] == id).unwrap()["category"].clone();
    assert_eq!(category("S-1"), "closed", "a custom closed status is delivered work");
    assert_eq!(category("S-2"), "abandoned");
    assert_eq!(category("S-3"), "active");
    let check = json_of(plan.path(), &["check", "--format", "json"]);
    let rules: Vec<&str> =
        check["diagnostics"].as_array().unwrap().iter().map(|d| d["rule"].as_str().unwrap()).collect();
    assert!(!rules.contains(&"schema/field"), "{check:#}");
    let abandoned = run(plan.path(), &["backlog", "--status", "abandoned", "--format", "csv"]).stdout;
    assert!(abandoned.contains("S-2") && !abandoned.contains("S-1"), "{abandoned}");
    let named = run(plan.path(), &["backlog", "--status", "In Progress", "--format", "csv"]).stdout;
    assert!(named.contains("S-3"), "{named}");
}

#[test]
fn json_keeps_the_plans_own_keys_under_extra() {
    let plan = TempPlan::with_initiative();
    plan.write(
        "backlog/S-1.md",
        md(
            &[
                "title: One",
                "initiative: core",
                "category: Core",
                "kind: odd",
                "path: elsewhere",
                "progress: 50%",
                "archived: no",
            ],
            "",
        ),
    );
    let items = json_of(plan.path(), &["backlog", "--format", "json"]);
    let item = &items[0];
    assert_eq!(item["category"], "open");
    assert_eq!(item["kind"], "story");
    assert_eq!(item["path"], "backlog/S-1.md");
    assert_eq!(item["archived"], false);
    assert_eq!(item["extra"]["category"], "Core");
    assert_eq!(item["extra"]["kind"], "odd");
    assert_eq!(item["extra"]["path"], "elsewhere");
    assert_eq!(item["extra"]["progress"], "50%");
    assert_eq!(item["extra"]["archived"], "no");
    // `show` tells the plan's own `path:` from cairn's.
    let r = run(plan.path(), &["show", "S-1"]);
    assert!(r.stdout.contains("path (own key): elsewhere\n"), "{}", r.stdout);
    assert_eq!(r.stdout.matches("\npath:").count(), 1, "{}", r.stdout);
    assert!(r.stdout.contains("path:        backlog/S-1.md\n"), "{}", r.stdout);
}

#[test]
fn invalid_values_are_shown_as_written_and_types_and_priorities_are_honoured() {
    let plan = TempPlan::with_initiative();
    plan.write(
        "backlog/S-1.md",
        md(
            &["title: One", "initiative: core", "type: Standards Track", "priority: medium", "assignee: [dana, li]"],
            "",
        ),
    );
    let items = json_of(plan.path(), &["backlog", "--format", "json"]);
    assert_eq!(items[0]["type"], "Standards Track");
    assert_eq!(items[0]["priority"], "medium");
    assert_eq!(items[0]["assignee"], serde_json::json!(["dana", "li"]));
    let check = json_of(plan.path(), &["check", "--format", "json"]);
    let messages: Vec<&str> =
        check["diagnostics"].as_array().unwrap().iter().map(|d| d["message"].as_str().unwrap()).collect();
    assert!(messages.iter().any(|m| m.contains("Standards Track")), "{messages:?}");
    assert!(messages.iter().any(|m| m.contains("priority")), "{messages:?}");
    assert!(!messages.iter().any(|m| m.contains("assignee")), "a list of assignees is fine: {messages:?}");
    let table = run(plan.path(), &["backlog"]).stdout;
    assert!(table.contains("Standards Track") && table.contains("medium") && table.contains("dana, li"), "{table}");

    // With `types:` and `priorities:`, the same file is clean and sorts by the word's rank.
    plan.write("cairn.yml", "types: [Standards Track]\npriorities: [high, medium, low]\n");
    plan.write("backlog/S-2.md", md(&["title: Two", "initiative: core", "priority: high"], ""));
    plan.write("backlog/S-3.md", md(&["title: Three", "initiative: core", "priority: low"], ""));
    let check = json_of(plan.path(), &["check", "--format", "json"]);
    assert_eq!(check["summary"]["errors"], 0, "{check:#}");
    let order: Vec<String> = json_of(plan.path(), &["backlog", "--format", "json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(order, ["S-2", "S-1", "S-3"]);
}

#[test]
fn overlapping_or_missing_folders_are_configuration_errors() {
    let plan = TempPlan::with_initiative();
    plan.write("backlog/S-1.md", story("S-1", "One", "core", "todo"));
    plan.write("cairn.yml", "roadmap_dir: backlog/milestones\nbacklog_dir: backlog\n");
    let r = run(plan.path(), &["check"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(squash(&r.stderr).contains("`backlog/milestones` is inside `backlog`"), "{}", r.stderr);

    plan.write("cairn.yml", "backlog_dir: backlog/tasks\n");
    let r = run(plan.path(), &["check"]);
    assert_eq!(r.code, 2, "never `checked 0 items: no problems`: {}", r.stdout);
    assert!(squash(&r.stderr).contains("`backlog/tasks` named in cairn.yml does not exist"), "{}", r.stderr);
    assert!(!r.stdout.contains("no problems"));
    // `roadmap_dir: []` says there is no roadmap: not an error.
    plan.write("backlog/S-1.md", md(&["id: S-1", "title: One"], ""));
    plan.write("cairn.yml", "roadmap_dir: []\nrules: {link/orphan: off}\n");
    assert_eq!(run(plan.path(), &["check"]).code, 0);
}

#[test]
fn diff_reports_only_problems_of_rules_that_are_on() {
    let plan = TempPlan::with_initiative();
    let dir = plan.path();
    init_repo(dir);
    plan.write("cairn.yml", "rules: {link/orphan: off}\n");
    plan.write("backlog/S-1.md", story("S-1", "One", "core", "todo"));
    commit(dir, "one", T0);
    plan.write("backlog/S-1.md", md(&["id: S-1", "title: One, now loose", "status: todo"], ""));
    let d = json_of(dir, &["diff", "--format", "json"]);
    assert!(d["changes"][0].get("introduces").is_none(), "{d:#}");
    let human = run(dir, &["diff"]).stdout;
    assert!(!human.contains("introduces"), "{human}");
}

#[test]
fn a_file_that_stops_parsing_is_unreadable_not_removed() {
    let plan = TempPlan::with_initiative();
    let dir = plan.path();
    init_repo(dir);
    plan.write("backlog/S-1.md", story("S-1", "One", "core", "todo"));
    commit(dir, "one", T0);
    plan.write("backlog/S-1.md", "---\nid: S-1\ntitle: [broken\n---\n");
    commit(dir, "break", T0 + DAY);
    plan.write("backlog/S-1.md", story("S-1", "One", "core", "in-progress"));
    commit(dir, "fix", T0 + 2 * DAY);
    let d = json_of(dir, &["diff", "HEAD~2", "HEAD~1", "--format", "json"]);
    assert_eq!(d["changes"][0]["change"], "modified", "{d:#}");
    assert_eq!(d["changes"][0]["fields"][0]["field"], "file");
    assert_eq!(d["changes"][0]["fields"][0]["to"], "unreadable");
    let log = run(dir, &["log", "S-1"]).stdout;
    assert!(log.contains("file readable → unreadable") && log.contains("file unreadable → readable"), "{log}");
    assert!(!log.contains("(removed)") && log.matches("added, ").count() == 1, "only the first commit adds: {log}");
}

#[test]
fn duplicate_ids_are_kept_apart_and_named() {
    let plan = TempPlan::with_initiative();
    let dir = plan.path();
    init_repo(dir);
    plan.write("backlog/a/S-1.md", story("S-1", "From branch A", "core", "todo"));
    plan.write("backlog/b/S-1.md", story("S-1", "From branch B", "core", "todo"));
    commit(dir, "two S-1", T0);
    plan.write("backlog/a/S-1.md", story("S-1", "From branch A", "core", "ready"));
    plan.write("backlog/b/S-1.md", story("S-1", "From branch B", "core", "in-progress"));
    commit(dir, "start both", T0 + DAY);
    let show = run(dir, &["show", "S-1"]).stdout;
    assert!(show.contains("From branch A") && show.contains("From branch B"), "{show}");
    assert!(show.contains("2 files use the id S-1"), "{show}");
    let json = json_of(dir, &["show", "S-1", "--format", "json"]);
    assert_eq!(json["duplicates"].as_array().map(Vec::len), Some(1), "{json:#}");
    // Both files changed in one commit: two changes, neither lost.
    let log = run(dir, &["log", "-n", "1"]).stdout;
    assert!(log.contains("status todo → ready") && log.contains("status todo → in-progress"), "{log}");
    assert!(log.contains("another file also uses the id S-1"), "{log}");
    let d = json_of(dir, &["diff", "HEAD~1", "HEAD", "--format", "json"]);
    let paths: Vec<&str> = d["changes"].as_array().unwrap().iter().map(|c| c["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["backlog/a/S-1.md", "backlog/b/S-1.md"], "{d:#}");
    assert_eq!(d["changes"][0]["shared_id"], true);
}

#[test]
fn a_duplicate_yaml_key_points_at_the_second_key() {
    let plan = TempPlan::with_initiative();
    plan.write("backlog/S-1.md", "---\nid: S-1\ntitle: One\ninitiative: core\nid: S-2\n---\n");
    let check = json_of(plan.path(), &["check", "--format", "json"]);
    let d = &check["diagnostics"][0];
    assert_eq!(d["rule"], "parse/front-matter");
    assert_eq!(d["line"], 5, "{check:#}");
    assert!(d["help"].as_str().unwrap().contains("`id` is written twice"), "{check:#}");
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let plan = TempPlan::with_initiative();
    let dir = plan.path();
    init_repo(dir);
    for n in 0..400 {
        plan.write(
            &format!("backlog/S-{n}.md"),
            story(&format!("S-{n}"), "Item with a long enough title", "core", "todo"),
        );
        if n % 40 == 0 {
            commit(dir, &format!("batch {n}"), T0 + n as i64 * 600);
        }
    }
    commit(dir, "last", T0 + DAY);
    for args in [vec!["log"], vec!["backlog", "--format", "json"]] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("cairn"))
            .current_dir(dir)
            .env("CAIRN_TODAY", crate::common::TODAY)
            .env("NO_COLOR", "1")
            .args(&args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Read one chunk, then close the pipe, like `| head -1`.
        let mut stdout = child.stdout.take().unwrap();
        let mut first = [0u8; 64];
        std::io::Read::read(&mut stdout, &mut first).unwrap();
        drop(stdout);
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(out.stderr.is_empty(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

/// With `fields:`, the link diagnostics name the plan's own keys (SPEC §4), in messages and
/// help alike: `dependencies` cycles and crossings, `milestone:` where an initiative belongs.
#[test]
fn link_diagnostics_name_the_plans_own_keys() {
    let plan = TempPlan::new();
    plan.write("cairn.yml", "fields:\n  initiative: milestone\n  depends_on: dependencies\n");
    plan.write("roadmap/m-1.md", md(&["title: One", "status: active", "priority: 1"], ""));
    plan.write("roadmap/m-2.md", md(&["title: Two", "status: planned", "priority: 2"], ""));
    plan.write("backlog/t-1.md", md(&["title: A", "milestone: m-1", "dependencies: [t-2]"], ""));
    plan.write("backlog/t-2.md", md(&["title: B", "milestone: m-1", "dependencies: [t-1, m-1]"], ""));
    plan.write("backlog/t-3.md", md(&["title: C", "milestone: t-1"], ""));
    let json = json_of(plan.path(), &["check", "--format", "json"]);
    let said: Vec<String> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"].as_str().unwrap().starts_with("link/") || d["rule"] == "roadmap/empty-initiative")
        .map(|d| format!("{} | {}", d["message"].as_str().unwrap(), d["help"].as_str().unwrap_or("")))
        .collect();
    let all = said.join("\n");
    assert!(all.contains("`dependencies` cycle"), "{all}");
    assert!(all.contains("`dependencies` cannot cross"), "{all}");
    assert!(all.contains("with `milestone:`") && all.contains("order backlog items with `dependencies`"), "{all}");
    assert!(all.contains("add backlog items with `milestone: m-2`"), "{all}");
    assert!(!all.contains("depends_on") && !all.contains("`initiative:"), "{all}");
}
