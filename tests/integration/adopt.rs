//! The adoption recipes of docs/adopting.md, run end to end on small folders in the shape of
//! other tools (tests/fixtures/adopt/): a Backlog.md board, an EIP folder, an RFC folder. Each
//! gets a git history in which `cairn.yml` arrives last, so `diff`, `log` and `report` read
//! revisions from before it existed.

use std::path::Path;

use serde_json::Value;

use crate::common::{TempPlan, fixture, run};
use crate::diff::{DAY, T0, commit, init_repo};

/// A copy of `tests/fixtures/adopt/<shape>` (without the recipe) in a temporary folder.
fn shape(name: &str) -> TempPlan {
    let plan = TempPlan { dir: tempfile::tempdir().unwrap() };
    plan.copy_from(&fixture("adopt").join(name));
    std::fs::remove_file(plan.path().join("cairn.yml.recipe")).unwrap();
    plan
}

fn recipe(name: &str) -> String {
    std::fs::read_to_string(fixture("adopt").join(name).join("cairn.yml.recipe")).unwrap()
}

fn json_of(dir: &Path, args: &[&str]) -> Value {
    let r = run(dir, args);
    assert!(r.code == 0 || r.code == 1, "cairn {args:?} exited {}:\n{}\n{}", r.code, r.stdout, r.stderr);
    r.json()
}

/// `(rule, file, line)` of every finding, sorted as `check` sorts them.
fn findings(check: &Value) -> Vec<(String, String, u64)> {
    check["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["rule"].as_str().unwrap().into(), d["file"].as_str().unwrap().into(), d["line"].as_u64().unwrap()))
        .collect()
}

fn rules_of(check: &Value) -> Vec<String> {
    findings(check).into_iter().map(|(r, _, _)| r).collect()
}

fn edit(plan: &TempPlan, path: &str, from: &str, to: &str) {
    let file = plan.path().join(path);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains(from), "{path} has no `{from}`");
    std::fs::write(&file, text.replacen(from, to, 1)).unwrap();
}

// ---------------------------------------------------------------------------------------------
// Backlog.md

#[test]
fn backlog_md_a_raw_run_floods_and_the_recipe_leaves_what_to_act_on() {
    let plan = shape("backlogmd");
    // Without a recipe: `backlog/` is read as a native plan, every status and priority is wrong.
    let raw = json_of(plan.path(), &["check", "--format", "json"]);
    assert!(raw["diagnostics"].as_array().unwrap().len() > 40, "{}", raw["summary"]);
    plan.write("cairn.yml", recipe("backlogmd"));
    let check = json_of(plan.path(), &["check", "--format", "json"]);
    let t = |n: &str| format!("backlog/tasks/{n}");
    assert_eq!(
        findings(&check),
        [
            ("roadmap/overdue".into(), "backlog/archive/milestones/m-0 - prototype.md".into(), 5),
            ("link/dangling".into(), t("task-10 - Slack-notifications-for-incidents.md"), 9),
            ("link/orphan".into(), t("task-11 - Dark-mode-for-the-public-page.md"), 2),
            ("parse/front-matter".into(), t("task-12 - Translate-the-status-page.md"), 5),
            ("backlog/done-unchecked".into(), t("task-13 - Embeddable-status-widget.md"), 4),
            ("id/duplicate".into(), t("task-14 - Status-badge-SVG.md"), 2),
            ("schema/field".into(), t("task-8 - Public-JSON-API-for-component-status.md"), 12),
            ("link/dangling".into(), t("task-9 - Scheduled-maintenance-windows.md"), 12),
        ],
        "{check:#}"
    );
    let diagnostics = check["diagnostics"].as_array().unwrap();
    let orphan = diagnostics.iter().find(|d| d["rule"] == "link/orphan").unwrap();
    assert!(orphan["help"].as_str().unwrap().contains("`milestone: <id>`"), "the plan's own key: {orphan}");
    let dep = diagnostics.iter().find(|d| d["file"].as_str().unwrap().contains("task-9")).unwrap();
    assert!(dep["help"].as_str().unwrap().contains("did you mean `TASK-3`?"), "{dep}");
    let at = diagnostics.iter().find(|d| d["rule"] == "parse/front-matter").unwrap();
    assert!(at["help"].as_str().unwrap().contains("quote it"), "{at}");
    // Drafts, docs, decisions and archived tasks are not items; 3 milestones, 15 tasks + 1 unreadable.
    assert_eq!(check["summary"]["items"], 19);

    let roadmap = json_of(plan.path(), &["roadmap", "--format", "json"]);
    let progress: Vec<(String, u64, u64)> = roadmap
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let p = &i["progress"];
            (i["id"].as_str().unwrap().into(), p["closed"].as_u64().unwrap(), p["total"].as_u64().unwrap())
        })
        .collect();
    assert!(progress.contains(&("m-1".into(), 2, 7)) && progress.contains(&("m-2".into(), 1, 4)), "{progress:?}");
    let m1 = roadmap.as_array().unwrap().iter().find(|i| i["id"] == "m-1").unwrap();
    assert_eq!((m1["start"].as_str(), m1["target"].as_str()), (Some("2026-09-01"), Some("2026-12-15")));

    let backlog = json_of(plan.path(), &["backlog", "--format", "json"]);
    let first = &backlog[0];
    assert_eq!((first["id"].as_str(), first["priority"].as_str()), (Some("TASK-4"), Some("high")));
    let t8 = backlog.as_array().unwrap().iter().find(|i| i["id"] == "TASK-8").unwrap();
    assert_eq!(t8["priority"], "urgent", "an invalid value is shown as written");
    assert_eq!(t8["extra"]["ordinal"], 5000);
    let t42 = backlog.as_array().unwrap().iter().find(|i| i["id"] == "TASK-4.2").unwrap();
    assert_eq!(t42["assignee"], serde_json::json!(["@bob"]));
}

/// The fixture at C1 (no cairn.yml), Backlog.md work at C2, `cairn.yml` at C3.
fn backlog_md_history() -> TempPlan {
    let plan = shape("backlogmd");
    let dir = plan.path();
    init_repo(dir);
    commit(dir, "C1: the board", T0);
    edit(
        &plan,
        "backlog/tasks/task-5 - Email-subscribers-when-an-incident-is-updated.md",
        "status: To Do",
        "status: In Progress",
    );
    edit(
        &plan,
        "backlog/tasks/task-4.2 - Timeline-component-with-relative-timestamps.md",
        "status: In Progress",
        "status: Done",
    );
    edit(&plan, "backlog/milestones/m-1 - public-beta.md", "planned_end: '2026-12-15'", "planned_end: '2027-01-15'");
    edit(&plan, "backlog/tasks/task-6 - Custom-domain-with-automatic-TLS.md", "milestone: m-1", "milestone: m-2");
    std::fs::rename(
        dir.join("backlog/tasks/task-3 - HTTP-uptime-checks-every-60-seconds.md"),
        dir.join("backlog/completed/task-3 - HTTP-uptime-checks-every-60-seconds.md"),
    )
    .unwrap();
    plan.write(
        "backlog/tasks/task-15 - Uptime-percentages-per-component.md",
        "---\nid: TASK-15\ntitle: Uptime percentages per component\nstatus: To Do\nassignee: []\nmilestone: m-2\ndependencies: [TASK-99]\npriority: medium\n---\n",
    );
    commit(dir, "C2: Backlog.md work", T0 + 20 * DAY);
    plan.write("cairn.yml", recipe("backlogmd"));
    commit(dir, "C3: adopt cairn", T0 + 21 * DAY);
    plan
}

#[test]
fn backlog_md_diff_log_and_report_across_revisions_from_before_cairn_yml() {
    let plan = backlog_md_history();
    let dir = plan.path();
    let d = json_of(dir, &["diff", "HEAD~2", "HEAD~1", "--format", "json"]);
    let change = |id: &str| d["changes"].as_array().unwrap().iter().find(|c| c["id"] == id).cloned();
    let t3 = change("TASK-3").expect("TASK-3 moved, never removed and added");
    assert_eq!(t3["change"], "modified");
    assert_eq!(t3["old_path"], "backlog/tasks/task-3 - HTTP-uptime-checks-every-60-seconds.md");
    let t5 = change("TASK-5").unwrap();
    assert_eq!(
        (t5["fields"][0]["from"].as_str(), t5["fields"][0]["to"].as_str()),
        (Some("To Do"), Some("In Progress"))
    );
    assert_eq!(t5["fields"][0]["note"], "started");
    let m1 = change("m-1").unwrap();
    let target = m1["fields"].as_array().unwrap().iter().find(|f| f["field"] == "target").unwrap();
    assert_eq!(target["to"], "2027-01-15");
    let t6 = change("TASK-6").unwrap();
    assert_eq!(t6["fields"][0]["note"], "re-linked");
    let t15 = change("TASK-15").unwrap();
    assert_eq!(t15["change"], "added");
    assert!(t15["introduces"].to_string().contains("TASK-99"), "{t15}");
    // The same facts with the revision's own cairn.yml (C3 = C2 + cairn.yml).
    let same = json_of(dir, &["diff", "HEAD~2", "HEAD", "--format", "json"]);
    assert_eq!(same["changes"].as_array().unwrap().len(), d["changes"].as_array().unwrap().len());

    let log = json_of(dir, &["log", "TASK-5", "--format", "json"]);
    assert_eq!(log.as_array().unwrap().len(), 2, "added at C1, started at C2: {log:#}");
    assert_eq!(log[0]["changes"][0]["fields"][0]["to"], "In Progress");

    let report = json_of(dir, &["report", "--format", "json"]);
    let done: u64 = report["throughput"].as_array().unwrap().iter().map(|w| w["done"].as_u64().unwrap()).sum();
    assert_eq!(done, 1, "TASK-4.2 reached Done at C2: {report:#}");
    let m1 = report["initiatives"].as_array().unwrap().iter().find(|i| i["id"] == "m-1").unwrap();
    assert_eq!(m1["slips"], 1, "{m1}");
    assert_eq!(m1["slip_days"], 31);
}

// ---------------------------------------------------------------------------------------------
// EIPs and RFCs

#[test]
fn an_eip_folder_reads_ids_statuses_and_requires_as_written() {
    let plan = shape("eips");
    plan.write("cairn.yml", recipe("eips"));
    let check = json_of(plan.path(), &["check", "--format", "json"]);
    assert_eq!(rules_of(&check), ["schema/field", "link/dangling"], "{check:#}");
    let d = check["diagnostics"].as_array().unwrap();
    assert!(d[0]["help"].as_str().unwrap().contains("did you mean `Standards Track`?"));
    assert!(d[1]["message"].as_str().unwrap().contains("`3607`"));
    let all = json_of(plan.path(), &["backlog", "--all", "--format", "json"]);
    let eip = |id: &str| all.as_array().unwrap().iter().find(|i| i["id"] == id).unwrap().clone();
    let e4844 = eip("4844");
    assert_eq!(e4844["depends_on"], serde_json::json!(["1559", "2718", "2930"]));
    assert_eq!(e4844["type"], "Standards Track");
    assert_eq!(e4844["category"], "active");
    assert_eq!(e4844["extra"]["category"], "Core");
    assert_eq!(eip("721")["depends_on"], serde_json::json!(["165"]));
    assert_eq!(eip("2")["title"], "Homestead Hard-fork Changes", "the title from the `# ` heading");
    assert_eq!(eip("2315")["category"], "abandoned");
    let active = json_of(plan.path(), &["backlog", "--format", "json"]);
    let ids: Vec<&str> = active.as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["4844", "7702"]);
}

#[test]
fn an_eip_history_from_before_cairn_yml_diffs_and_reports() {
    let plan = shape("eips");
    let dir = plan.path();
    init_repo(dir);
    edit(&plan, "EIPS/eip-7702.md", "status: Last Call", "status: Review");
    commit(dir, "7702 in review", T0);
    edit(&plan, "EIPS/eip-7702.md", "status: Review", "status: Final");
    commit(dir, "7702 final", T0 + 9 * DAY);
    plan.write("cairn.yml", recipe("eips"));
    // Uncommitted: the working tree's cairn.yml applies to every revision.
    let d = json_of(dir, &["diff", "HEAD~1", "HEAD", "--format", "json"]);
    assert_eq!(d["changes"][0]["id"], "7702");
    assert_eq!(d["changes"][0]["fields"][0]["note"], "closed");
    let report = json_of(dir, &["report", "--format", "json"]);
    assert_eq!(report["cycle_time_days"]["count"], 1, "{report:#}");
    assert_eq!(report["cycle_time_days"]["median"], 9.0);
}

#[test]
fn an_rfc_folder_takes_titles_from_headings_and_status_from_stage() {
    let plan = shape("rfcs");
    plan.write("cairn.yml", recipe("rfcs"));
    let check = json_of(plan.path(), &["check", "--format", "json"]);
    assert_eq!(rules_of(&check), ["schema/field"], "{check:#}");
    let d = &check["diagnostics"][0];
    assert!(d["message"].as_str().unwrap().contains("allowed `stage`"), "the plan's own key: {d}");
    assert!(d["help"].as_str().unwrap().contains("did you mean `released`?"), "{d}");
    let all = json_of(plan.path(), &["backlog", "--all", "--format", "json"]);
    let rfc = |id: &str| all.as_array().unwrap().iter().find(|i| i["id"] == id).unwrap().clone();
    assert_eq!(rfc("1065-deprecate-ember-fetch")["title"], "Deprecate and Remove ember-fetch");
    assert_eq!(rfc("1065-deprecate-ember-fetch")["category"], "active");
    assert_eq!(rfc("0790-ember-data-deprecate-ajax")["category"], "abandoned");
    assert_eq!(rfc("1116-deprecate-mixins")["status"], "relased", "shown as written");
    assert_eq!(rfc("0889-deprecate-ember-error")["labels"], serde_json::json!(["framework", "typescript"]));
}
