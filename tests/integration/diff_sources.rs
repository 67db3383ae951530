//! `cairn diff A B` compares two revisions, whatever the working tree holds: files it reads
//! from the working tree (cheaper than inflating their blobs) are taken only when their
//! bytes hash to the revision's blob, so uncommitted edits, other line endings, a FIFO or a
//! checkout of another branch never change the answer.

use std::path::Path;

use crate::common::{TempPlan, run};
use crate::diff::{DAY, T0, commit, init_repo, md, story};

const ARGS: [&str; 5] = ["diff", "HEAD~1", "HEAD", "--format", "json"];

fn clear_cache(dir: &Path) {
    let _ = std::fs::remove_dir_all(dir.join(".git").join("cairn"));
}

/// The diff of the last commit, with no cache (every file read), then again warm.
fn cold_and_warm(dir: &Path) -> (String, String) {
    clear_cache(dir);
    let cold = run(dir, &ARGS);
    assert_eq!(cold.code, 0, "{}", cold.stderr);
    let warm = run(dir, &ARGS);
    assert_eq!(warm.code, 0, "{}", warm.stderr);
    (cold.stdout, warm.stdout)
}

/// Initiative `core` with three stories; the last commit starts S-1. S-2 and S-3 are the
/// same in both revisions, S-1 differs.
fn plan() -> TempPlan {
    let p = TempPlan::new();
    p.write("roadmap/core.md", md(&["title: Core", "status: active", "target: 2027-Q1"], ""));
    for (id, status) in [("S-1", "todo"), ("S-2", "todo"), ("S-3", "done")] {
        p.write(&format!("backlog/{id}.md"), story(id, &format!("Story {id}"), "core", status));
    }
    init_repo(p.path());
    commit(p.path(), "Add the plan", T0);
    p.write("backlog/S-1.md", story("S-1", "Story S-1", "core", "in-progress"));
    commit(p.path(), "Start S-1", T0 + DAY);
    p
}

#[test]
fn uncommitted_edits_do_not_change_a_diff_of_two_revisions() {
    let p = plan();
    let (clean, clean_warm) = cold_and_warm(p.path());
    assert_eq!(clean, clean_warm);
    assert!(clean.contains("\"in-progress\""), "{clean}");
    assert!(!clean.contains("nowhere"), "{clean}");
    // Uncommitted: an unchanged story now names a missing initiative, the changed one is
    // done, and another is deleted.
    p.write("backlog/S-2.md", story("S-2", "Story S-2", "nowhere", "todo"));
    p.write("backlog/S-1.md", story("S-1", "Story S-1", "core", "done"));
    std::fs::remove_file(p.path().join("backlog/S-3.md")).unwrap();
    let (cold, warm) = cold_and_warm(p.path());
    assert_eq!(cold, clean, "the working tree's edits leaked into the diff");
    assert_eq!(warm, clean);
}

#[test]
fn other_line_endings_in_the_working_tree_read_the_blobs() {
    let p = plan();
    let (clean, _) = cold_and_warm(p.path());
    // As `core.autocrlf` leaves a checkout on Windows: same text, other bytes.
    for id in ["S-1", "S-2", "S-3"] {
        let path = p.path().join(format!("backlog/{id}.md"));
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replace('\n', "\r\n")).unwrap();
    }
    let (cold, warm) = cold_and_warm(p.path());
    assert_eq!((cold, warm), (clean.clone(), clean));
}

#[test]
fn a_checkout_of_another_revision_reads_the_blobs() {
    let p = plan();
    let (clean, _) = cold_and_warm(p.path());
    // Every file of the working tree differs from both revisions' blobs (more files than a
    // reader tries before it stops looking at the working tree).
    for n in 10..80 {
        p.write(&format!("backlog/S-{n}.md"), story(&format!("S-{n}"), "Later", "core", "todo"));
    }
    commit(p.path(), "Many more", T0 + 2 * DAY);
    for n in 10..80 {
        p.write(&format!("backlog/S-{n}.md"), story(&format!("S-{n}"), "Edited", "nowhere", "todo"));
    }
    let before = run(p.path(), &["diff", "HEAD~2", "HEAD", "--format", "json"]);
    clear_cache(p.path());
    let cold = run(p.path(), &["diff", "HEAD~2", "HEAD", "--format", "json"]);
    assert_eq!(cold.code, 0, "{}", cold.stderr);
    assert_eq!(cold.stdout, before.stdout);
    assert!(!cold.stdout.contains("nowhere") && !cold.stdout.contains("Edited"), "{}", cold.stdout);
    assert!(cold.stdout.contains("S-79"), "{}", cold.stdout);
    // The range with the working tree as it was is still the same diff.
    let (again, _) = cold_and_warm(p.path());
    assert!(again.contains("S-79") && !again.contains("Edited"), "{again}");
    let _ = clean;
}

#[cfg(unix)]
#[test]
fn a_fifo_in_place_of_a_file_is_never_opened() {
    let p = plan();
    let (clean, _) = cold_and_warm(p.path());
    for id in ["S-1", "S-2"] {
        let path = p.path().join(format!("backlog/{id}.md"));
        std::fs::remove_file(&path).unwrap();
        let made = std::process::Command::new("mkfifo").arg(&path).status().unwrap();
        assert!(made.success());
    }
    // A reader that opened the FIFO would wait for a writer forever.
    clear_cache(p.path());
    let limit = std::time::Duration::from_secs(60);
    for _ in 0..2 {
        let out = crate::common::cairn(p.path()).args(ARGS).timeout(limit).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(String::from_utf8_lossy(&out.stdout), clean);
    }
}

/// The working-tree copy is really what is read: with the blob of an unchanged file damaged
/// in the object database (present, unreadable), the diff answers from the identical copy;
/// once the copy differs too, nothing holds the revision's bytes and the diff says so (exit
/// 2). A blob missing from the object database is reported even when the working tree holds
/// its bytes (SPEC §6: a damaged repository is never patched over).
#[test]
fn an_identical_working_tree_copy_stands_in_for_its_blob() {
    let p = plan();
    let (clean, _) = cold_and_warm(p.path());
    let repo = git2::Repository::open(p.path()).unwrap();
    let blob = repo.revparse_single("HEAD:backlog/S-2.md").unwrap().id().to_string();
    let loose = p.path().join(".git/objects").join(&blob[..2]).join(&blob[2..]);
    let saved = std::fs::read(&loose).expect("the test repository keeps loose objects");
    std::fs::remove_file(&loose).unwrap();
    std::fs::write(&loose, b"not a zlib stream").unwrap();
    let (cold, _) = cold_and_warm(p.path());
    assert_eq!(cold, clean);
    p.write("backlog/S-2.md", story("S-2", "Story S-2", "core", "in-review"));
    clear_cache(p.path());
    let r = run(p.path(), &ARGS);
    assert_eq!(r.code, 2, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("backlog/S-2.md") && r.stderr.contains(&blob), "{}", r.stderr);
    // Missing outright, with the working tree's copy identical again: exit 2.
    p.write("backlog/S-2.md", story("S-2", "Story S-2", "core", "todo"));
    std::fs::remove_file(&loose).unwrap();
    clear_cache(p.path());
    let r = run(p.path(), &ARGS);
    assert_eq!(r.code, 2, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stderr.contains(&blob), "{}", r.stderr);
    std::fs::write(&loose, saved).unwrap();
    assert_eq!(cold_and_warm(p.path()).0, clean);
}
