//! Repositories of every shape: linked worktrees, submodules, detached HEAD, unborn branches,
//! case-only renames, non-ASCII names, a 10,000-commit history, and safe writes.

use std::path::Path;
use std::process::Command;

use crate::common::{TempPlan, check_json, git, run};

const T0: i64 = 1_767_225_600; // 2026-01-01
const DAY: i64 = 86_400;

fn story(id: &str, title: &str, status: &str) -> String {
    format!("---\nid: {id}\ntitle: {title}\nstatus: {status}\ninitiative: core\n---\n")
}

/// A committed plan with the initiative `core` and S-1.
fn repo_plan() -> TempPlan {
    let plan = TempPlan::new();
    plan.write("roadmap/core.md", "---\ntitle: Core\n---\n");
    plan.write("backlog/S-1.md", story("S-1", "Login", "todo"));
    let repo = git::init(plan.path());
    repo.set_head("refs/heads/main").unwrap();
    git::commit_all(&repo, "Plan", T0);
    plan
}

fn commit(dir: &Path, message: &str, time: i64) {
    let repo = git2::Repository::open(dir).unwrap();
    git::commit_all(&repo, message, time);
}

fn stdout_ok(dir: &Path, args: &[&str]) -> String {
    let r = run(dir, args);
    assert_eq!(r.code, 0, "cairn {args:?}: {}{}", r.stdout, r.stderr);
    r.stdout
}

#[test]
fn a_linked_worktree() {
    let plan = repo_plan();
    git::cli(plan.path(), &["branch", "feature"]);
    let wt = tempfile::tempdir().unwrap();
    let wt_path = wt.path().join("wt");
    git::cli(plan.path(), &["worktree", "add", "--quiet", wt_path.to_str().unwrap(), "feature"]);
    std::fs::write(wt_path.join("backlog/S-2.md"), story("S-2", "Signup", "todo")).unwrap();
    commit(&wt_path, "Add S-2 on feature", T0 + DAY);
    let (code, json) = check_json(&wt_path, &[]);
    assert_eq!((code, json["summary"]["items"].as_u64()), (0, Some(3)));
    assert!(stdout_ok(&wt_path, &["log"]).contains("Add S-2 on feature"));
    assert!(stdout_ok(&wt_path, &["diff", "main...HEAD"]).contains("+ S-2  Signup"));
    assert!(stdout_ok(&wt_path, &["--rev", "main", "backlog"]).contains("S-1"));
    // A new id on the worktree's branch is seen from the main checkout.
    let minted = stdout_ok(plan.path(), &["new", "story", "Third", "--initiative", "core"]);
    assert!(minted.trim_end().ends_with("backlog/S-3-third.md"), "{minted}");
}

#[test]
fn a_submodule_in_the_tree() {
    let sub = TempPlan::new();
    sub.write("README.md", "library\n");
    let sub_repo = git::init(sub.path());
    git::commit_all(&sub_repo, "lib", T0);
    let plan = repo_plan();
    git::cli(
        plan.path(),
        &[
            "-c",
            "protocol.file.allow=always",
            "submodule",
            "add",
            "--quiet",
            sub.path().to_str().unwrap(),
            "backlog/vendor",
        ],
    );
    git::cli(plan.path(), &["commit", "--quiet", "-m", "Add a submodule inside the backlog folder"]);
    let (code, json) = check_json(plan.path(), &[]);
    assert_eq!((code, json["summary"]["items"].as_u64()), (0, Some(2)));
    let (code, json) = check_json(plan.path(), &["--rev", "HEAD"]);
    assert_eq!((code, json["summary"]["items"].as_u64()), (0, Some(2)));
    assert_eq!(run(plan.path(), &["log"]).code, 0);
    assert_eq!(run(plan.path(), &["report", "--format", "json"]).code, 0);
    let diff = stdout_ok(plan.path(), &["diff", "HEAD~1", "HEAD"]);
    assert!(diff.contains("no changes to the plan"), "{diff}");
}

#[test]
fn a_detached_head() {
    let plan = repo_plan();
    plan.write("backlog/S-1.md", story("S-1", "Login", "in-progress"));
    commit(plan.path(), "Start S-1", T0 + DAY);
    git::cli(plan.path(), &["checkout", "--quiet", "--detach", "HEAD~1"]);
    let (_, json) = check_json(plan.path(), &[]);
    assert_eq!(json["summary"]["items"], 2);
    let log = stdout_ok(plan.path(), &["log"]);
    assert!(log.contains("Plan") && !log.contains("Start S-1"), "{log}");
    assert!(stdout_ok(plan.path(), &["diff", "HEAD", "main"]).contains("status todo → in-progress (started)"));
    // Fresh ids still look at every branch.
    let minted = stdout_ok(plan.path(), &["new", "story", "Two", "--initiative", "core"]);
    assert!(minted.trim_end().ends_with("S-2-two.md"), "{minted}");
}

#[test]
fn an_unborn_branch() {
    let plan = TempPlan::new();
    plan.write("roadmap/core.md", "---\ntitle: Core\n---\n");
    plan.write("backlog/S-1.md", story("S-1", "Login", "in-progress"));
    git::init(plan.path());
    let r = run(plan.path(), &["check"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("note: backlog/stale skipped"), "{}", r.stdout);
    for args in [&["log"][..], &["report"], &["diff"]] {
        let r = run(plan.path(), args);
        assert_eq!(r.code, 2, "{args:?}");
        assert!(r.stderr.contains("no history yet"), "{args:?}: {}", r.stderr);
    }
    let minted = stdout_ok(plan.path(), &["new", "story", "Two", "--initiative", "core"]);
    assert!(minted.trim_end().ends_with("S-2-two.md"), "{minted}");
}

#[test]
fn a_rename_with_an_edit_in_one_commit() {
    let plan = repo_plan();
    std::fs::create_dir_all(plan.path().join("backlog/auth")).unwrap();
    std::fs::remove_file(plan.path().join("backlog/S-1.md")).unwrap();
    plan.write("backlog/auth/S-1-login.md", story("S-1", "Log in", "done"));
    commit(plan.path(), "Move and finish S-1", T0 + DAY);
    let json: serde_json::Value =
        serde_json::from_str(&stdout_ok(plan.path(), &["diff", "HEAD~1", "HEAD", "--format", "json"])).unwrap();
    let changes = json["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 1, "{json:#}");
    assert_eq!(changes[0]["change"], "modified");
    assert_eq!(changes[0]["old_path"], "backlog/S-1.md");
    let fields: Vec<&str> =
        changes[0]["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["title", "status"]);
    let log = stdout_ok(plan.path(), &["log", "S-1"]);
    assert_eq!(log.matches("S-1  ").count(), 2, "{log}");
}

#[test]
fn a_case_only_rename() {
    let plan = repo_plan();
    git::cli(plan.path(), &["mv", "backlog/S-1.md", "backlog/s-1.md"]);
    git::cli(plan.path(), &["commit", "--quiet", "-m", "Lower-case the file name"]);
    // The id is declared, so the item is the same: moved, not removed and added.
    let json: serde_json::Value =
        serde_json::from_str(&stdout_ok(plan.path(), &["diff", "HEAD~1", "HEAD", "--format", "json"])).unwrap();
    let changes = json["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 1, "{json:#}");
    assert_eq!(
        (changes[0]["path"].as_str(), changes[0]["old_path"].as_str()),
        (Some("backlog/s-1.md"), Some("backlog/S-1.md"))
    );
    let (code, _) = check_json(plan.path(), &[]);
    assert_eq!(code, 0);
}

#[test]
fn non_ascii_file_names_and_titles() {
    let plan = repo_plan();
    plan.write(
        "backlog/S-2-crème-brûlée.md",
        story("S-2", "Crème brûlée ✓ — 日本語", "in-progress") + "## Acceptance criteria\n- [ ] 焼く\n",
    );
    plan.write("roadmap/café.md", "---\ntitle: Café «über»\nstatus: proposed\n---\n");
    commit(plan.path(), "Non-ASCII", T0 + DAY);
    let (code, json) = check_json(plan.path(), &[]);
    assert_eq!(code, 0, "{json:#}");
    let backlog = stdout_ok(plan.path(), &["backlog"]);
    assert!(backlog.contains("Crème brûlée ✓ — 日本語"), "{backlog}");
    assert!(stdout_ok(plan.path(), &["show", "café"]).contains("Café «über»"));
    assert!(stdout_ok(plan.path(), &["diff", "HEAD~1", "HEAD"]).contains("+ S-2  Crème brûlée ✓ — 日本語"));
    assert!(stdout_ok(plan.path(), &["log", "S-2"]).contains("Crème"));
    let gh = run(plan.path(), &["check", "--format", "github"]);
    assert_eq!(gh.code, 0);
    let (_, json) = check_json(plan.path(), &["--rev", "HEAD"]);
    assert_eq!(json["summary"]["items"], 4);
}

/// 10,000 commits built with `git fast-import`: the history engine walks them all.
#[test]
fn a_ten_thousand_commit_history() {
    let plan = TempPlan::new();
    let dir = plan.path();
    git::cli(dir, &["init", "--quiet", "--initial-branch=main"]);
    let mut stream = String::new();
    let blob = |s: &str| format!("data {}\n{s}\n", s.len());
    let commits = 10_000;
    for n in 0..commits {
        let when = T0 + n as i64 * 3600;
        stream += &format!("commit refs/heads/main\nmark :{}\ncommitter Dana <dana@example.com> {when} +0000\n", n + 1);
        stream += &blob(&format!("commit {n}"));
        if n > 0 {
            stream += &format!("from :{n}\n");
        }
        if n == 0 {
            stream += &format!(
                "M 100644 inline roadmap/core.md\n{}",
                blob("---\ntitle: Core\nstatus: active\npriority: 1\n---")
            );
        }
        if n % 10 == 0 {
            // Every tenth commit touches the plan: a new story, or a status move.
            let id = n / 10 % 500;
            let status = ["todo", "in-progress", "done"][(n / 5000) % 3];
            stream += &format!(
                "M 100644 inline backlog/S-{id}.md\n{}",
                blob(&story(&format!("S-{id}"), &format!("Story {id}"), status))
            );
        } else {
            stream += &format!("M 100644 inline src/file{}.txt\n{}", n % 7, blob(&format!("code {n}")));
        }
    }
    let mut child = Command::new("git")
        .current_dir(dir)
        .args(["fast-import", "--quiet"])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), stream.as_bytes()).unwrap();
    assert!(child.wait().unwrap().success());
    git::cli(dir, &["checkout", "--quiet", "-f", "main"]);

    let log: serde_json::Value = serde_json::from_str(&stdout_ok(dir, &["log", "--format", "json"])).unwrap();
    // 1,000 commits touch the plan (every tenth); the first also adds the initiative.
    assert_eq!(log.as_array().unwrap().len(), 1000);
    let s7 = stdout_ok(dir, &["log", "S-7", "--format", "json"]);
    let s7: serde_json::Value = serde_json::from_str(&s7).unwrap();
    assert_eq!(s7.as_array().unwrap().len(), 2, "added, then moved to in-progress");
    let report: serde_json::Value =
        serde_json::from_str(&stdout_ok(dir, &["report", "--format", "json", "--until", "2027-02-28"])).unwrap();
    assert_eq!(report["initiatives"][0]["total"], 500);
    let (code, _) = check_json(dir, &[]);
    assert!(code == 0 || code == 1);
}

/// A failure in the middle of writing (the file size limit, which even root cannot bypass)
/// leaves no partial file, no temporary file, and exits 2.
#[test]
fn a_failed_write_leaves_nothing_behind() {
    let plan = TempPlan::new();
    plan.write("roadmap/core.md", "---\ntitle: Core\n---\n");
    let before: Vec<_> = std::fs::read_dir(plan.path().join("backlog")).unwrap().collect();
    let bin = assert_cmd::cargo::cargo_bin!("cairn");
    let status = Command::new("sh")
        .current_dir(plan.path())
        .env("CAIRN_TODAY", "2026-11-24")
        .args([
            "-c",
            "trap '' XFSZ; ulimit -f 0; exec \"$0\" new story 'Cannot be written' --initiative core",
            bin.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(2), "{}", String::from_utf8_lossy(&status.stderr));
    let stderr = String::from_utf8_lossy(&status.stderr);
    assert!(stderr.contains("cannot write"), "{stderr}");
    let after: Vec<_> = std::fs::read_dir(plan.path().join("backlog")).unwrap().collect();
    assert_eq!(after.len(), before.len(), "no file and no temp file left");
    // The same for init in a fresh folder: nothing half-written.
    let fresh = tempfile::tempdir().unwrap();
    let status = Command::new("sh")
        .current_dir(fresh.path())
        .args(["-c", "trap '' XFSZ; ulimit -f 0; exec \"$0\" init", bin.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(2));
    assert!(!fresh.path().join("cairn.yml").exists());
    let leftovers: Vec<_> = std::fs::read_dir(fresh.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".cairn"))
        .collect();
    assert!(leftovers.is_empty());
}
