//! The history cache under `.git/cairn/`: a second run over the same history gives the same
//! answers as the first, new commits are read, and a cache written with another
//! configuration, or a damaged one, is never used; `diff`'s links cache never reads a file
//! under rules it was not decoded with.

use std::path::Path;

use crate::common::{TempPlan, run};
use crate::diff::{DAY, T0, commit, init_repo, md, story};

/// The outputs that read history, as text (CAIRN_TODAY is fixed by `run`).
fn outputs(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for args in [
        &["log", "--format", "json"][..],
        &["log", "--all-parents", "--format", "json"],
        &["report", "--format", "json"],
        &["check", "--format", "json"],
        &["log", "S-1", "--format", "json"],
    ] {
        let r = run(dir, args);
        assert!(r.code == 0 || r.code == 1, "cairn {args:?}:\n{}\n{}", r.stdout, r.stderr);
        out.push(r.stdout);
    }
    out
}

fn clear_cache(dir: &Path) {
    let _ = std::fs::remove_dir_all(dir.join(".git").join("cairn"));
}

fn history_files(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir.join(".git").join("cairn")) else { return Vec::new() };
    let mut names: Vec<String> = entries
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("history-"))
        .collect();
    names.sort();
    names
}

/// A plan with a few commits: stories start, finish, move, stop parsing and come back; an
/// initiative slips.
fn plan() -> TempPlan {
    let plan = TempPlan::new();
    plan.write("cairn.yml", "stale_after_days: 30\n");
    plan.write("roadmap/core.md", md(&["title: Core", "status: active", "target: 2026-Q2"], ""));
    plan.write("backlog/S-1.md", story("S-1", "Login", "core", "todo"));
    plan.write("backlog/S-2.md", story("S-2", "Signup", "core", "todo"));
    plan.write("backlog/team/S-3.md", story("S-3", "Search", "core", "in-progress"));
    init_repo(plan.path());
    commit(plan.path(), "Add the plan", T0);
    plan.write("backlog/S-1.md", story("S-1", "Login", "core", "in-progress"));
    plan.write("backlog/S-2.md", "---\ntitle: [broken\n---\n");
    commit(plan.path(), "Start login, break signup", T0 + 10 * DAY);
    plan.write("backlog/S-2.md", story("S-2", "Signup", "core", "in-progress"));
    plan.write("roadmap/core.md", md(&["title: Core", "status: active", "target: 2026-Q3"], ""));
    commit(plan.path(), "Fix signup, core slips", T0 + 20 * DAY);
    plan
}

#[test]
fn a_second_run_reads_the_cache_and_answers_the_same() {
    let p = plan();
    let first = outputs(p.path());
    let files = history_files(p.path());
    assert!(files.iter().any(|f| f.ends_with("-files")), "no history cache written: {files:?}");
    assert!(files.iter().any(|f| f.ends_with("-log")), "{files:?}");
    assert!(files.iter().any(|f| f.ends_with("-report")), "{files:?}");
    assert_eq!(outputs(p.path()), first);

    // New commits on top of a cached history are read, and answer as a run without cache.
    p.write("backlog/S-1.md", story("S-1", "Login", "core", "done"));
    std::fs::rename(p.path().join("backlog/team/S-3.md"), p.path().join("backlog/S-3.md")).unwrap();
    commit(p.path(), "Finish login, move search", T0 + 40 * DAY);
    let warm = outputs(p.path());
    clear_cache(p.path());
    assert_eq!(warm, outputs(p.path()));
    assert!(warm[0].contains("Finish login, move search"), "{}", warm[0]);
}

#[test]
fn a_cache_of_another_configuration_is_not_used() {
    let p = plan();
    let before = outputs(p.path());
    // Excluding a folder changes which files are items: the cached history must not answer.
    p.write("cairn.yml", "stale_after_days: 30\nexclude: [\"backlog/team/**\"]\n");
    let after = outputs(p.path());
    assert_ne!(before[0], after[0], "the excluded story still shows in the log");
    assert!(!after[0].contains("S-3"), "{}", after[0]);
    clear_cache(p.path());
    assert_eq!(after, outputs(p.path()));
    assert!(history_files(p.path()).len() >= 3);
}

#[test]
fn a_damaged_cache_is_ignored() {
    let p = plan();
    let first = outputs(p.path());
    let dir = p.path().join(".git").join("cairn");
    let commits = crate::common::git::cli(p.path(), &["rev-list", "HEAD"]);
    // The header of this version's cache files, so that the records below are read.
    let names = history_files(p.path());
    let header = std::fs::read_to_string(dir.join(&names[0])).unwrap().lines().next().unwrap().to_string();
    assert!(header.starts_with("cairn-history "), "{header}");
    for name in &names {
        // Records whose values do not fit (a folder that does not exist, a blob id that is not
        // one, a value of another shape).
        let mut text = format!("{header}\n");
        for c in commits.lines() {
            let value = "[[9,\"x.md\",null,\"zz\"]]";
            let sum = cairn::load::cache::checksum(value.as_bytes());
            text.push_str(&format!("{c} {} {sum:x}\n{value}\n", value.len()));
        }
        std::fs::write(dir.join(name), text).unwrap();
    }
    assert_eq!(outputs(p.path()), first);
    for name in &names {
        std::fs::write(dir.join(name), format!("{header}\n0000 12\n[[9, ")).unwrap();
    }
    assert_eq!(outputs(p.path()), first);
}

/// A byte changed inside a cached value that still parses (`in-progress` → `in-prigress`)
/// would be a wrong answer read as a right one: every cache file carries checksums, and a
/// value whose checksum does not match is worked out again.
#[test]
fn a_cached_value_changed_on_disk_is_not_believed() {
    let p = plan();
    let diff = ["diff", "HEAD~2", "HEAD", "--format", "json"];
    let first = (outputs(p.path()), run(p.path(), &diff).stdout);
    let dir = p.path().join(".git").join("cairn");
    let mut damaged = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        if text.contains("in-progress") {
            std::fs::write(&path, text.replace("in-progress", "in-prigress")).unwrap();
            damaged += 1;
        }
    }
    assert!(damaged >= 3, "{damaged} cache files hold a status");
    assert_eq!((outputs(p.path()), run(p.path(), &diff).stdout), first);
}

/// `cairn diff`'s links cache (`.git/cairn/links-*`) is keyed by blob; the same bytes read
/// as an initiative and as a backlog item give other facts (`initiative:` is not an
/// initiative's field, default statuses differ), so a file moved from the roadmap to the
/// backlog must not reuse the summary decoded under the roadmap's rules.
#[test]
fn the_links_cache_does_not_read_a_moved_file_under_its_old_folder_rules() {
    let p = TempPlan::new();
    p.write("roadmap/core.md", md(&["title: Core", "status: active"], ""));
    p.write("roadmap/login.md", md(&["title: Login", "initiative: core", "status: done"], ""));
    p.write("backlog/S-1.md", story("S-1", "One", "core", "todo"));
    init_repo(p.path());
    commit(p.path(), "Add the plan", T0);
    p.write("backlog/S-1.md", story("S-1", "One", "core", "in-progress"));
    commit(p.path(), "Start one", T0 + DAY);
    // Caches roadmap/login.md's blob, unchanged in this range, as an initiative.
    let args = ["diff", "HEAD~1", "HEAD", "--format", "json"];
    assert_eq!(run(p.path(), &args).code, 0);
    std::fs::create_dir_all(p.path().join("backlog")).unwrap();
    std::fs::rename(p.path().join("roadmap/login.md"), p.path().join("backlog/login.md")).unwrap();
    commit(p.path(), "Login is a story", T0 + 2 * DAY);
    p.write("backlog/S-1.md", story("S-1", "One", "core", "done"));
    commit(p.path(), "Finish one", T0 + 3 * DAY);
    let warm = run(p.path(), &args);
    clear_cache(p.path());
    let cold = run(p.path(), &args);
    assert_eq!(cold.code, 0, "{}", cold.stderr);
    assert!(cold.stdout.contains("\"total\": 2"), "login counts in core's progress: {}", cold.stdout);
    assert_eq!(warm.stdout, cold.stdout);
}
