//! `cairn archive`: closed items moved into the archive folder byte for byte, all or none,
//! never an open item, never over another file, never through a link.

use crate::common::{TempPlan, git, run};
use crate::set::{refused, snapshot};

const T0: i64 = 1_767_225_600; // 2026-01-01

fn plan() -> TempPlan {
    let plan = TempPlan::new();
    plan.write("roadmap/core.md", "---\ntitle: Core\nstatus: active\npriority: 1\n---\n");
    plan.write(
        "backlog/S-1-done.md",
        "---\nid: S-1\ntitle: Done\ninitiative: core\nstatus: done # shipped\n---\nNotes.\n",
    );
    plan.write("backlog/team/S-2-dropped.md", "---\nid: S-2\ntitle: Dropped\ninitiative: core\nstatus: wontdo\n---\n");
    plan.write("backlog/S-3-open.md", "---\nid: S-3\ntitle: Open\ninitiative: core\nstatus: in-progress\n---\n");
    plan.write("backlog/archive/S-4-old.md", "---\nid: S-4\ntitle: Old\ninitiative: core\nstatus: done\n---\n");
    plan
}

#[test]
fn archive_moves_closed_and_abandoned_items_keeping_every_byte() {
    let plan = plan();
    let p = plan.path();
    let before = snapshot(p);
    let r = run(p, &["archive", "S-1", "S-2", "S-4"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "archived S-1  backlog/S-1-done.md → backlog/archive/S-1-done.md\n\
         archived S-2  backlog/team/S-2-dropped.md → backlog/archive/S-2-dropped.md\n\
         S-4 is archived already (backlog/archive/S-4-old.md)\n"
    );
    let after = snapshot(p);
    assert_eq!(after["backlog/archive/S-1-done.md"], before["backlog/S-1-done.md"]);
    assert_eq!(after["backlog/archive/S-2-dropped.md"], before["backlog/team/S-2-dropped.md"]);
    assert!(!after.contains_key("backlog/S-1-done.md") && !after.contains_key("backlog/team/S-2-dropped.md"));
    // Still items: archived, valid link targets, counted in progress.
    let json = run(p, &["show", "S-1", "--format", "json"]).json();
    assert_eq!(json["item"]["archived"], true);
    let roadmap = run(p, &["roadmap", "--format", "json"]).json();
    assert_eq!(roadmap[0]["progress"]["total"], 4);
    assert_eq!(run(p, &["check"]).code, 0);
}

#[test]
fn archive_dry_run_and_json() {
    let plan = plan();
    let before = snapshot(plan.path());
    let r = run(plan.path(), &["archive", "S-1", "--dry-run"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "would archive S-1  backlog/S-1-done.md → backlog/archive/S-1-done.md\n");
    assert_eq!(snapshot(plan.path()), before);
    let json = run(plan.path(), &["archive", "S-1", "--format", "json"]).json();
    assert_eq!(
        json,
        serde_json::json!({"moves": [{"id": "S-1", "from": "backlog/S-1-done.md", "to": "backlog/archive/S-1-done.md"}],
            "skipped": [], "dry_run": false})
    );
}

#[test]
fn git_sees_a_rename() {
    let plan = plan();
    let repo = git::init(plan.path());
    git::commit_all(&repo, "plan", T0);
    assert_eq!(run(plan.path(), &["archive", "S-1"]).code, 0);
    git::cli(plan.path(), &["add", "-A"]);
    let status = git::cli(plan.path(), &["diff", "--cached", "--name-status", "-M"]);
    assert_eq!(status, "R100\tbacklog/S-1-done.md\tbacklog/archive/S-1-done.md\n");
}

#[test]
fn every_refusal_moves_nothing() {
    let plan = plan();
    let p = plan.path();
    // An open item, alone or among closed ones (all or nothing).
    let r = refused(p, &["archive", "S-3"]);
    assert!(r.stderr.contains("in-progress") && r.stderr.contains("cairn set S-3 status=done"), "{}", r.stderr);
    refused(p, &["archive", "S-1", "S-3"]);
    // An initiative, an unknown id, `--rev`.
    refused(p, &["archive", "core"]);
    let r = refused(p, &["archive", "S-11"]);
    assert!(r.stderr.contains("did you mean `S-1`?"), "{}", r.stderr);
    refused(p, &["--rev", "HEAD", "archive", "S-1"]);
    // A name already taken in the archive, or taken twice by one command.
    plan.write("backlog/archive/S-1-done.md", "---\ntitle: Another\ninitiative: core\nstatus: done\n---\n");
    let r = refused(p, &["archive", "S-1"]);
    assert!(r.stderr.contains("already exists"), "{}", r.stderr);
    std::fs::remove_file(p.join("backlog/archive/S-1-done.md")).unwrap();
    plan.write("backlog/team/S-1-done.md", "---\nid: S-5\ntitle: Same name\ninitiative: core\nstatus: done\n---\n");
    let r = refused(p, &["archive", "S-1", "S-5"]);
    assert!(r.stderr.contains("would both be archived"), "{}", r.stderr);
}

#[cfg(unix)]
#[test]
fn a_linked_archive_folder_is_never_moved_into() {
    let plan = plan();
    std::fs::remove_dir_all(plan.path().join("backlog/archive")).unwrap();
    let outside = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(outside.path(), plan.path().join("backlog/archive")).unwrap();
    let r = refused(plan.path(), &["archive", "S-1"]);
    assert!(r.stderr.contains("symbolic link"), "{}", r.stderr);
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
    // A linked item file is not an item cairn moves either.
    let other = plan_with_link();
    refused(other.0.path(), &["archive", "S-8"]);
}

#[cfg(unix)]
fn plan_with_link() -> (TempPlan, tempfile::TempDir) {
    let plan = plan();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("S-8.md"), "---\ntitle: Eight\ninitiative: core\nstatus: done\n---\n").unwrap();
    std::os::unix::fs::symlink(outside.path().join("S-8.md"), plan.path().join("backlog/S-8.md")).unwrap();
    (plan, outside)
}

/// `backlog --status done` lists archived items too, and every format marks them: the table
/// and Markdown as `done (archived)`, JSON with `archived`, CSV with an `archived` column.
#[test]
fn status_done_marks_archived_items_in_every_format() {
    let plan = plan();
    let p = plan.path();
    let table = run(p, &["backlog", "--status", "done", "--color", "never"]);
    assert!(table.stdout.contains("done (archived)"), "{}", table.stdout);
    let md = run(p, &["backlog", "--status", "done", "--format", "markdown"]);
    assert!(md.stdout.contains("done (archived)"), "{}", md.stdout);
    let json = run(p, &["backlog", "--status", "done", "--format", "json"]).json();
    assert!(json.as_array().unwrap().iter().any(|i| i["id"] == "S-4" && i["archived"] == true), "{json}");
    let csv = run(p, &["backlog", "--status", "done", "--format", "csv"]).stdout;
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let column = header.iter().position(|h| *h == "archived").expect("an archived column");
    let archived_of = |id: &str| {
        let line = csv.lines().find(|l| l.starts_with(&format!("{id},"))).unwrap_or_else(|| panic!("{id}: {csv}"));
        line.rsplit(',').next().map(str::to_string).filter(|_| column == header.len() - 1).unwrap()
    };
    assert_eq!(archived_of("S-4"), "true", "{csv}");
    assert_eq!(archived_of("S-1"), "false", "{csv}");
}
