//! Probes an independent verifier runs from SPEC.md and issues 12, 15 and 16 alone: each test
//! here failed on the build before its fix.

use crate::common::{TempPlan, run};
use crate::diff::{DAY, T0, commit, init_repo, md, squash, story};

/// A repository whose first commit has no plan, then a plan with default folders.
fn repo_with_plan_added_later() -> TempPlan {
    let plan = TempPlan::new();
    let dir = plan.path();
    std::fs::remove_dir_all(dir.join("roadmap")).unwrap();
    std::fs::remove_dir_all(dir.join("backlog")).unwrap();
    init_repo(dir);
    plan.write("README.md", "a project\n");
    commit(dir, "start", T0);
    plan.write("roadmap/core.md", md(&["title: Core", "status: active", "priority: 1"], ""));
    plan.write("backlog/S-1.md", story("S-1", "One", "core", "todo"));
    commit(dir, "plan", T0 + DAY);
    plan
}

#[test]
fn a_revision_without_the_plan_is_exit_2_never_an_empty_plan() {
    let plan = repo_with_plan_added_later();
    let dir = plan.path();
    for args in [
        &["--rev", "HEAD~1", "check"][..],
        &["--rev", "HEAD~1", "check", "--format", "json"],
        &["--rev", "HEAD~1", "roadmap"],
        &["--rev", "HEAD~1", "backlog"],
        &["--rev", "HEAD~1", "log"],
        &["--rev", "HEAD~1", "report"],
    ] {
        let r = run(dir, args);
        assert_eq!(r.code, 2, "cairn {args:?}: never `0 items, no problems`:\n{}\n{}", r.stdout, r.stderr);
        assert!(squash(&r.stderr).contains("no plan in `HEAD~1`"), "cairn {args:?}: {}", r.stderr);
        assert!(!r.stdout.contains("no problems"), "{}", r.stdout);
    }
    // A diff from before the plan existed is the plan's creation: a right answer.
    let r = run(dir, &["diff", "HEAD~1", "HEAD"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("S-1"), "{}", r.stdout);
    assert_eq!(run(dir, &["--rev", "HEAD", "check"]).code, 0);
}

#[test]
fn a_configured_folder_missing_from_history_is_an_error_for_log_and_diff() {
    let plan = repo_with_plan_added_later();
    let dir = plan.path();
    plan.write("cairn.yml", "backlog_dir: work\n");
    let r = run(dir, &["log"]);
    assert_eq!(r.code, 2, "never a history without the backlog:\n{}", r.stdout);
    assert!(squash(&r.stderr).contains("`work` named in cairn.yml does not exist"), "{}", r.stderr);
    commit(dir, "config", T0 + 2 * DAY);
    let r = run(dir, &["diff", "HEAD~1", "HEAD"]);
    assert_eq!(r.code, 2, "never `no changes to the plan`:\n{}", r.stdout);
    assert!(squash(&r.stderr).contains("does not exist in `HEAD~1` nor in `HEAD`"), "{}", r.stderr);
}

#[test]
fn points_of_an_initiative_without_estimates_are_zero_not_minus_zero() {
    let plan = repo_with_plan_added_later();
    let r = run(plan.path(), &["report", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let core = &r.json()["initiatives"][0];
    assert_eq!((core["points_done"].to_string(), core["points_total"].to_string()), ("0.0".into(), "0.0".into()));
    assert!(!r.stdout.contains("-0.0"), "{}", r.stdout);
}

#[test]
fn diff_progress_uses_one_notation_on_both_sides_once_work_is_dropped() {
    let plan = repo_with_plan_added_later();
    let dir = plan.path();
    plan.write("backlog/S-2.md", story("S-2", "Two", "core", "done"));
    commit(dir, "two", T0 + 2 * DAY);
    plan.write("backlog/S-1.md", story("S-1", "One", "core", "wontdo"));
    for format in ["human", "markdown"] {
        let r = run(dir, &["diff", "HEAD", "--format", format]);
        assert!(
            r.stdout.contains("progress 1 done of 2 → 1 done, 1 dropped of 2"),
            "never `1/2 → 1 done, 1 dropped of 2` ({format}):\n{}",
            r.stdout
        );
    }
    // Without dropped work on either side, SPEC §3.1's `1/2 → 2/2`.
    plan.write("backlog/S-1.md", story("S-1", "One", "core", "done"));
    assert!(run(dir, &["diff", "HEAD"]).stdout.contains("progress 1/2 → 2/2"));
}

#[test]
fn csv_shows_invalid_start_sprint_and_labels_as_written() {
    let plan = TempPlan::new();
    plan.write("roadmap/core.md", md(&["title: Core", "start: whenever", "target: 2027-Q1"], ""));
    plan.write("backlog/S-1.md", md(&["id: S-1", "title: One", "initiative: core", "sprint: [1]", "labels: 7"], ""));
    let r = run(plan.path(), &["roadmap", "--format", "csv"]);
    assert!(r.stdout.contains(",whenever,"), "the start as written, never empty:\n{}", r.stdout);
    let r = run(plan.path(), &["backlog", "--format", "csv"]);
    assert!(r.stdout.lines().nth(1).is_some_and(|l| l.ends_with(",[1],7,false")), "{}", r.stdout);
}

#[test]
fn show_gives_invalid_values_as_written_never_leaves_them_out() {
    let plan = TempPlan::new();
    plan.write("roadmap/core.md", md(&["title: Core", "start: whenever", "target: Q3", "owner: [a, b]"], ""));
    plan.write(
        "backlog/S-1.md",
        md(&["id: S-1", "title: One", "initiative: core", "estimate: big", "sprint: [1]", "labels: 7"], ""),
    );
    let r = run(plan.path(), &["show", "core"]);
    for line in ["start:       whenever", "target:      Q3", "owner:       [\"a\",\"b\"]"] {
        assert!(r.stdout.contains(line), "`{line}` missing:\n{}", r.stdout);
    }
    let r = run(plan.path(), &["show", "S-1"]);
    for line in ["estimate big", "sprint:      [1]", "labels:      7"] {
        assert!(r.stdout.contains(line), "`{line}` missing:\n{}", r.stdout);
    }
}

#[test]
fn machine_formats_say_on_stderr_why_deny_warnings_failed_the_run() {
    let plan = TempPlan::with_initiative();
    plan.write("backlog/S-1.md", story("S-1", "One", "core", "in-progress"));
    for format in ["json", "sarif", "gitlab", "junit"] {
        let r = run(plan.path(), &["check", "--format", format, "--deny", "warnings"]);
        assert_eq!(r.code, 1, "{format}");
        assert!(
            r.stderr.contains("cairn check failed: 1 warning (warnings fail the run under `--deny warnings`)"),
            "{format}: exit 1 with nothing saying why:\n{}",
            r.stderr
        );
        let r = run(plan.path(), &["check", "--format", format]);
        assert_eq!((r.code, r.stderr.contains("failed")), (0, false), "{format}: {}", r.stderr);
    }
}
