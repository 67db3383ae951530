//! Issue 11 with git history: hostile commit subjects, author names and titles in `log`,
//! `diff`, `show` and `report`; hangs at the end of the calendar; ids on other branches; and
//! SPEC §6's damaged repositories (blobless clones, missing objects, non-UTF-8 folder names,
//! committed symlinks, shallow clones), which must exit 2 naming what is missing, never give
//! a silent wrong answer.

use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use git2::{Repository, Signature, Time};

use crate::common::{Run, TempPlan, cairn, git};
use crate::hostile::{MARKERS, PAYLOAD_CHARS, assert_minted_above_or_refused, hostile_plan};
use crate::hostile_media::{
    FAST, assert_bounded, assert_html_inert, assert_markdown_inert, assert_no_raw_controls, assert_terminal_safe, go,
    run_within,
};

const T0: i64 = 1_767_225_600; // 2026-01-01
const DAY: i64 = 86_400;

/// Stages everything and commits as `author` with `message`.
fn commit_as(repo: &Repository, author: &str, message: &str, time: i64) -> git2::Oid {
    let mut index = repo.index().unwrap();
    index.add_all(["*"], git2::IndexAddOption::DEFAULT, None).unwrap();
    index.update_all(["*"], None).unwrap();
    index.write().unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let sig = Signature::new(author, "evil@example.com", &Time::new(time, 0)).unwrap();
    let parents: Vec<git2::Commit<'_>> = repo.head().ok().and_then(|h| h.peel_to_commit().ok()).into_iter().collect();
    let refs: Vec<&git2::Commit<'_>> = parents.iter().collect();
    repo.commit(Some("HEAD"), &sig, &sig, message, &tree, &refs).unwrap()
}

const EVIL_AUTHOR: &str = "Evil\x1b]0;PWNED\x07\x1b[2J\u{9b}1m\u{202e}EVIL";
const EVIL_SUBJECT: &str = "Subject \x1b]0;PWNED\x07 \x1b[2J \u{9b}1m \u{202e}EVIL";

/// [`hostile_plan`] committed by [`EVIL_AUTHOR`] with [`EVIL_SUBJECT`], then S-1 closed
/// and the initiative's target moved in a second such commit.
fn hostile_history() -> TempPlan {
    let plan = hostile_plan();
    let repo = git::init(plan.path());
    repo.set_head("refs/heads/main").unwrap();
    commit_as(&repo, EVIL_AUTHOR, EVIL_SUBJECT, T0);
    let s1 = std::fs::read_to_string(plan.path().join("backlog/S-1.md")).unwrap();
    plan.write("backlog/S-1.md", s1.replace("status: in-progress", "status: done"));
    let core = std::fs::read_to_string(plan.path().join("roadmap/core.md")).unwrap();
    plan.write("roadmap/core.md", core.replace("priority: 1", "priority: 1\ntarget: 2027-Q1"));
    commit_as(&repo, EVIL_AUTHOR, EVIL_SUBJECT, T0 + 3 * DAY);
    plan
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let r = go(dir, args);
    assert_eq!(r.code, 0, "cairn {args:?}:\n{}\n{}", r.stdout, r.stderr);
    r.stdout
}

// ---------------------------------------------------------------------------------------
// 1. Terminal control injection through history
// ---------------------------------------------------------------------------------------

#[test]
fn log_escapes_titles_subjects_and_authors() {
    let plan = hostile_history();
    let out = ok(plan.path(), &["log", "--color", "never"]);
    assert_terminal_safe("cairn log", &out, &PAYLOAD_CHARS, &MARKERS);
    assert!(out.contains("Subject") && out.contains("Evil"), "{out}");
}

#[test]
fn show_last_change_escapes_subject_and_author() {
    let plan = TempPlan::with_initiative();
    let repo = git::init(plan.path());
    commit_as(&repo, EVIL_AUTHOR, EVIL_SUBJECT, T0);
    let out = ok(plan.path(), &["show", "core", "--color", "never"]);
    assert!(out.contains("last change"), "{out}");
    assert_terminal_safe("cairn show (last change)", &out, &PAYLOAD_CHARS, &MARKERS);
}

#[test]
fn diff_human_escapes_control_characters() {
    let plan = hostile_history();
    let out = ok(plan.path(), &["diff", "HEAD~1", "HEAD", "--color", "never"]);
    assert_terminal_safe("cairn diff", &out, &PAYLOAD_CHARS, &MARKERS);
}

/// The diff of an added item lists its new fields (owner, outcome, assignee...).
#[test]
fn diff_human_escapes_the_fields_of_added_items() {
    let plan = TempPlan::new();
    plan.write("roadmap/base.md", "---\ntitle: Base\n---\n");
    let repo = git::init(plan.path());
    git::commit_all(&repo, "base", T0);
    let hostile = hostile_plan();
    for rel in ["roadmap/core.md", "backlog/S-1.md"] {
        std::fs::copy(hostile.path().join(rel), plan.path().join(rel)).unwrap();
    }
    let out = ok(plan.path(), &["diff", "--color", "never"]);
    assert_terminal_safe("cairn diff (added items)", &out, &PAYLOAD_CHARS, &MARKERS);
}

/// The report names stale active items by title: S-1 is in progress since 2026-01-01.
#[test]
fn report_human_escapes_control_characters() {
    let plan = hostile_plan();
    commit_as(&git::init(plan.path()), EVIL_AUTHOR, EVIL_SUBJECT, T0);
    let out = ok(plan.path(), &["report", "--color", "never"]);
    assert_terminal_safe("cairn report", &out, &PAYLOAD_CHARS, &MARKERS);
}

#[test]
fn diff_markdown_has_no_raw_control_characters() {
    let plan = hostile_history();
    let out = ok(plan.path(), &["diff", "HEAD~1", "HEAD", "--format", "markdown"]);
    assert_no_raw_controls("cairn diff --format markdown", &out);
}

// ---------------------------------------------------------------------------------------
// 2. Markdown and HTML injection through history
// ---------------------------------------------------------------------------------------

const MARKUP: &str = r#"<img src=x onerror=alert(1)> @octocat x`TICK`y | pipe [x](javascript:alert(1)) <b>MARK</b>"#;

/// A committed initiative, then a working tree (or second commit) adding `files`.
fn diff_plan(files: &[(&str, String)]) -> TempPlan {
    let plan = TempPlan::new();
    plan.write("roadmap/core.md", "---\ntitle: Core\nstatus: active\npriority: 1\ntarget: 2027-Q1\n---\n");
    let repo = git::init(plan.path());
    repo.set_head("refs/heads/main").unwrap();
    git::commit_all(&repo, "Plan", T0);
    for (rel, text) in files {
        plan.write(rel, text);
    }
    git::commit_all(&repo, "Change", T0 + DAY);
    plan
}

/// A quoted id with a line break closes cairn's `<details>` and starts a heading.
#[test]
fn diff_markdown_id_with_a_line_break_cannot_close_details() {
    let plan = diff_plan(&[
        ("backlog/S-1.md", "---\nid: \"S-1\\n</details>\\n# Hacked\"\ntitle: t\ninitiative: core\n---\n".to_string()),
        ("backlog/S-2.md", "---\nid: S-2\ntitle: two\ninitiative: core\n---\n".to_string()),
    ]);
    let out = ok(plan.path(), &["diff", "HEAD~1", "HEAD", "--format", "markdown"]);
    assert!(out.contains("Hacked"), "{out}");
    assert_markdown_inert("cairn diff --format markdown (id)", &out);
}

#[test]
fn diff_markdown_titles_and_fields_are_inert() {
    let plan = diff_plan(&[
        (
            "roadmap/new.md",
            format!(
                "---\ntitle: \"{MARKUP}\"\nowner: \"@octocat\"\noutcome: \"{MARKUP}\"\nhorizon: now\ntarget: 2027-Q2\n---\n"
            ),
        ),
        (
            "backlog/S-1.md",
            format!(
                "---\nid: S-1\ntitle: \"{MARKUP}\"\ninitiative: core\nassignee: \"@octocat\"\nlabels: [\"@octocat\"]\n---\n## Acceptance criteria\n- [x] {MARKUP}\n"
            ),
        ),
        ("backlog/S-2.md", format!("---\nid: S-2\ntitle: t\ninitiative: \"{MARKUP}\"\n---\n")),
    ]);
    let out = ok(plan.path(), &["diff", "HEAD~1", "HEAD", "--format", "markdown"]);
    assert!(out.contains("MARK"), "{out}");
    assert_markdown_inert("cairn diff --format markdown (titles)", &out);
}

/// Backticks in plan text that look like cairn's own code marks around a value in a check
/// message (`` x` `TICK` `y ``): the problems section never pairs them with cairn's.
#[test]
fn diff_markdown_problem_messages_never_pair_plan_backticks() {
    let plan =
        diff_plan(&[("backlog/S-1.md", "---\nid: S-1\ntitle: t\ninitiative: \"x` `TICK` `y\"\n---\n".to_string())]);
    let out = ok(plan.path(), &["diff", "HEAD~1", "HEAD", "--format", "markdown"]);
    assert!(out.contains("#### Problems this change introduces (1)"), "{out}");
    assert!(out.contains("TICK"), "{out}");
    assert_markdown_inert("cairn diff --format markdown (problem messages)", &out);
}

/// A modified item: field changes from → to with hostile values.
#[test]
fn diff_markdown_field_changes_are_inert() {
    let plan = diff_plan(&[("backlog/S-1.md", "---\nid: S-1\ntitle: t\ninitiative: core\n---\n".to_string())]);
    plan.write(
        "backlog/S-1.md",
        format!(
            "---\nid: S-1\ntitle: \"{MARKUP}\"\ninitiative: core\nsprint: \"{MARKUP}\"\nassignee: \"@octocat\"\n---\n"
        ),
    );
    let out = ok(plan.path(), &["diff", "--format", "markdown"]);
    assert!(out.contains("MARK"), "{out}");
    assert_markdown_inert("cairn diff --format markdown (changes)", &out);
}

#[test]
fn log_markdown_is_inert() {
    let plan = diff_plan(&[(
        "backlog/S-1.md",
        format!("---\nid: S-1\ntitle: \"{MARKUP}\"\ninitiative: core\nassignee: \"@octocat\"\n---\n"),
    )]);
    let repo = Repository::open(plan.path()).unwrap();
    plan.write("backlog/S-1.md", format!("---\nid: S-1\ntitle: \"{MARKUP}\"\ninitiative: core\nstatus: done\n---\n"));
    commit_as(&repo, "@octocat MARK", &format!("{MARKUP} subject"), T0 + 2 * DAY);
    let out = ok(plan.path(), &["log", "--format", "markdown"]);
    assert!(out.contains("MARK"), "{out}");
    assert_markdown_inert("cairn log --format markdown", &out);
}

fn markup_history() -> TempPlan {
    let plan = TempPlan::new();
    plan.write(
        "roadmap/core.md",
        format!("---\ntitle: \"{MARKUP}\"\nstatus: active\npriority: 1\ntarget: 2027-Q1\nowner: \"@octocat\"\noutcome: \"{MARKUP}\"\n---\n"),
    );
    plan.write(
        "backlog/S-1.md",
        format!("---\nid: S-1\ntitle: \"{MARKUP}\"\ninitiative: core\nstatus: in-progress\n---\n"),
    );
    plan.write(
        "backlog/S-2.md",
        format!("---\nid: S-2\ntitle: \"{MARKUP} two\"\ninitiative: core\nstatus: todo\n---\n"),
    );
    let repo = git::init(plan.path());
    repo.set_head("refs/heads/main").unwrap();
    git::commit_all(&repo, "Plan", T0);
    plan.write("backlog/S-1.md", format!("---\nid: S-1\ntitle: \"{MARKUP}\"\ninitiative: core\nstatus: done\n---\n"));
    plan.write(
        "roadmap/core.md",
        format!("---\ntitle: \"{MARKUP}\"\nstatus: active\npriority: 1\ntarget: 2027-Q2\nowner: \"@octocat\"\n---\n"),
    );
    git::commit_all(&repo, "Close S-1, slip core", T0 + 10 * DAY);
    plan
}

#[test]
fn report_markdown_is_inert() {
    let plan = markup_history();
    let out = ok(plan.path(), &["report", "--format", "markdown"]);
    assert!(out.contains("MARK"), "{out}");
    assert_markdown_inert("cairn report --format markdown", &out);
}

#[test]
fn report_html_is_inert() {
    let plan = markup_history();
    let out = ok(plan.path(), &["report", "--format", "html"]);
    assert_html_inert("cairn report --format html", &out, &["<img src=x onerror=alert(1)>"]);
}

// ---------------------------------------------------------------------------------------
// 4. Hangs and blow-ups
// ---------------------------------------------------------------------------------------

/// A plan with one story finished, committed.
fn small_history() -> TempPlan {
    let plan = TempPlan::new();
    plan.write("roadmap/core.md", "---\ntitle: Core\nstatus: active\npriority: 1\ntarget: 2027-Q1\n---\n");
    plan.write("backlog/S-1.md", "---\ntitle: s\ninitiative: core\nstatus: in-progress\n---\n");
    plan.write("backlog/S-2.md", "---\ntitle: open\ninitiative: core\nstatus: todo\n---\n");
    let repo = git::init(plan.path());
    repo.set_head("refs/heads/main").unwrap();
    git::commit_all(&repo, "Plan", T0);
    plan.write("backlog/S-1.md", "---\ntitle: s\ninitiative: core\nstatus: done\n---\n");
    git::commit_all(&repo, "Done", T0 + 7 * DAY);
    plan
}

/// `--until 9999-12-31`: the week walk must stop at the end of the calendar (it looped).
#[test]
fn report_until_the_end_of_the_calendar_terminates() {
    let plan = small_history();
    for format in ["human", "json"] {
        let r = run_within(
            cairn(plan.path()).args(["report", "--until", "9999-12-31", "--format", format]),
            FAST,
            "report --until 9999-12-31",
        );
        assert!(r.code == 0 || (r.code == 2 && !r.stderr.is_empty()), "{}{}", r.stdout, r.stderr);
    }
}

#[test]
fn today_at_the_end_of_the_calendar_terminates() {
    let plan = small_history();
    for args in [&["report"][..], &["report", "--format", "json"], &["check"], &["roadmap"], &["export", "html"]] {
        let r = run_within(
            cairn(plan.path()).args(args).env("CAIRN_TODAY", "9999-12-30"),
            FAST,
            &format!("{args:?} on 9999-12-30"),
        );
        assert!(r.code != 2 || !r.stderr.is_empty(), "{args:?}");
    }
}

/// `--since 0001-01-01` lists a throughput line per week since year 1 (1.8 MB for a plan
/// of a few hundred bytes): the weeks before the plan's first commit carry no information,
/// and output must stay bounded by the input (SPEC §7).
#[test]
fn report_since_year_one_stays_bounded() {
    let plan = small_history();
    let r = run_within(cairn(plan.path()).args(["report", "--since", "0001-01-01"]), FAST, "report --since 0001-01-01");
    assert!(r.code == 0 || r.code == 2, "{}", r.stderr);
    assert_bounded("cairn report --since 0001-01-01", r.stdout.len(), 1_000, 16, 16_384);
}

/// 100,000 nested brackets in a file on another branch: `new` reads every branch's ids.
fn deep_blob_on_a_branch() -> TempPlan {
    let plan = small_history();
    git::cli(plan.path(), &["checkout", "--quiet", "-b", "deep"]);
    let doc = format!("---\ntitle: deep\ninitiative: core\nx: {}{}\n---\n", "[".repeat(100_000), "]".repeat(100_000));
    plan.write("backlog/S-3-deep.md", doc);
    commit_as(&Repository::open(plan.path()).unwrap(), "Dana", "deep", T0 + 8 * DAY);
    git::cli(plan.path(), &["checkout", "--quiet", "main"]);
    plan
}

#[test]
fn a_deeply_nested_blob_on_another_branch_does_not_slow_new() {
    let plan = deep_blob_on_a_branch();
    let r = run_within(cairn(plan.path()).args(["new", "story", "Next", "--initiative", "core"]), FAST, "new");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.trim_end().ends_with("S-4-next.md"), "S-3 is taken on `deep`: {}", r.stdout);
}

#[test]
fn a_deeply_nested_blob_on_another_branch_does_not_slow_diff() {
    let plan = deep_blob_on_a_branch();
    let r = run_within(cairn(plan.path()).args(["diff", "main", "deep"]), FAST, "diff main deep");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("S-3"), "{}", r.stdout);
}

// ---------------------------------------------------------------------------------------
// 6. Ids
// ---------------------------------------------------------------------------------------

/// `S-18446744073709551615` (u64::MAX) on another branch: the next id overflowed (a panic in
/// debug builds, `S-0` in release). Reasonable answers: exit 2 with a message naming the
/// id, or an id above it (a decimal of any length); never a wrap-around.
#[test]
fn an_id_at_the_64_bit_limit_on_a_branch_does_not_wrap() {
    let plan = small_history();
    git::cli(plan.path(), &["checkout", "--quiet", "-b", "big"]);
    plan.write("backlog/S-18446744073709551615.md", "---\ntitle: big\ninitiative: core\n---\n");
    git::commit_all(&Repository::open(plan.path()).unwrap(), "big", T0 + 8 * DAY);
    git::cli(plan.path(), &["checkout", "--quiet", "main"]);
    let r = go(plan.path(), &["new", "story", "Next", "--initiative", "core"]);
    assert_minted_above_or_refused(&r, "S-18446744073709551615");
}

// ---------------------------------------------------------------------------------------
// 7. Silent wrong answers on damaged repositories (SPEC §6)
// ---------------------------------------------------------------------------------------

/// Exit 2 with a message about missing objects, no made-up change on stdout.
fn assert_missing_reported(r: &Run, what: &str) {
    assert_eq!(r.code, 2, "{what}: must exit 2, got:\n{}\n{}", r.stdout, r.stderr);
    let err = r.stderr.to_lowercase();
    assert!(err.contains("missing") || err.contains("not found") || err.contains("partial"), "{what}: {}", r.stderr);
    assert!(!r.stdout.contains("removed") && !r.stdout.contains("added"), "{what}: {}", r.stdout);
}

/// A clone of [`small_history`] without blobs (`--filter=blob:none --no-checkout`).
fn blobless_clone() -> (TempPlan, tempfile::TempDir) {
    let origin = small_history();
    git::cli(origin.path(), &["config", "uploadpack.allowFilter", "true"]);
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", origin.path().display());
    let out = std::process::Command::new("git")
        .args(["clone", "--quiet", "--filter=blob:none", "--no-checkout", &url])
        .arg(clone.path().join("c"))
        .env("GIT_NO_LAZY_FETCH", "1")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    (origin, clone)
}

#[test]
fn a_blobless_clone_diff_exits_2_naming_what_is_missing() {
    let (_origin, clone) = blobless_clone();
    let dir = clone.path().join("c");
    assert_missing_reported(&go(&dir, &["diff", "HEAD~1", "HEAD"]), "diff HEAD~1 HEAD");
    assert_missing_reported(&go(&dir, &["diff", "HEAD~1", "HEAD", "--format", "json"]), "diff --format json");
}

#[test]
fn a_blobless_clone_rev_listing_exits_2() {
    let (_origin, clone) = blobless_clone();
    let dir = clone.path().join("c");
    assert_missing_reported(&go(&dir, &["--rev", "HEAD", "backlog"]), "--rev HEAD backlog");
    assert_missing_reported(&go(&dir, &["--rev", "HEAD", "check"]), "--rev HEAD check");
}

#[test]
fn a_blobless_clone_log_exits_2() {
    let (_origin, clone) = blobless_clone();
    assert_missing_reported(&go(&clone.path().join("c"), &["log"]), "log");
}

/// A repository with one loose object file deleted: S-1's blob at HEAD.
fn damaged_repo() -> TempPlan {
    let plan = small_history();
    let repo = Repository::open(plan.path()).unwrap();
    let blob = repo.revparse_single("HEAD:backlog/S-1.md").unwrap().id().to_string();
    std::fs::remove_file(plan.path().join(".git/objects").join(&blob[..2]).join(&blob[2..])).unwrap();
    plan
}

#[test]
fn a_missing_object_makes_diff_exit_2_not_report_a_removal() {
    let plan = damaged_repo();
    assert_missing_reported(&go(plan.path(), &["diff", "HEAD~1", "HEAD"]), "diff HEAD~1 HEAD");
    assert_missing_reported(&go(plan.path(), &["diff"]), "diff (HEAD against the working tree)");
}

#[test]
fn a_missing_object_makes_log_and_report_exit_2() {
    let plan = damaged_repo();
    assert_missing_reported(&go(plan.path(), &["log"]), "log");
    assert_missing_reported(&go(plan.path(), &["report"]), "report");
}

#[test]
fn a_missing_object_makes_rev_listings_exit_2() {
    let plan = damaged_repo();
    assert_missing_reported(&go(plan.path(), &["--rev", "HEAD", "backlog"]), "--rev HEAD backlog");
    assert_missing_reported(&go(plan.path(), &["--rev", "HEAD", "check"]), "--rev HEAD check");
}

/// A folder whose name is not UTF-8 inside `backlog/`, holding an orphan story.
fn non_utf8_folder() -> TempPlan {
    let plan = TempPlan::with_initiative();
    let folder = plan.path().join("backlog").join(std::ffi::OsStr::from_bytes(b"team-\xff\xfe"));
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("S-1.md"), "---\ntitle: orphan\n---\n").unwrap();
    plan
}

#[test]
fn a_non_utf8_folder_name_is_reported_in_the_working_tree() {
    let plan = non_utf8_folder();
    let r = go(plan.path(), &["check", "--format", "json"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let json = r.json();
    let reported = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["file"].as_str().unwrap().contains("team-") || d["message"].as_str().unwrap().contains("UTF-8"));
    assert!(reported, "the folder was silently skipped: {json:#}");
}

#[test]
fn a_non_utf8_folder_name_is_reported_at_a_revision() {
    let plan = non_utf8_folder();
    git::commit_all(&git::init(plan.path()), "Plan", T0);
    let work = go(plan.path(), &["check", "--format", "json"]);
    let rev = go(plan.path(), &["--rev", "HEAD", "check", "--format", "json"]);
    assert_ne!(rev.code, 0, "`--rev HEAD check` passes a plan with a non-UTF-8 folder: {}{}", rev.stdout, rev.stderr);
    assert_eq!(rev.code, work.code, "the working tree and the revision read the same plan");
    assert_eq!(rev.json()["summary"], work.json()["summary"], "the same findings in the working tree and at HEAD");
}

/// A non-UTF-8 *file* name too: the working tree reports it, so must `--rev`.
#[test]
fn a_non_utf8_file_name_is_reported_at_a_revision() {
    let plan = TempPlan::with_initiative();
    std::fs::write(
        plan.path().join("backlog").join(std::ffi::OsStr::from_bytes(b"caf\xe9.md")),
        "---\ntitle: t\ninitiative: core\n---\n",
    )
    .unwrap();
    git::commit_all(&git::init(plan.path()), "Plan", T0);
    let work = go(plan.path(), &["check", "--format", "json"]);
    assert_eq!(work.code, 1, "{}", work.stdout);
    let rev = go(plan.path(), &["--rev", "HEAD", "check", "--format", "json"]);
    assert_eq!(rev.code, 1, "`--rev HEAD check` must fail like `check`: {}{}", rev.stdout, rev.stderr);
}

/// A committed `roadmap` symlink to a real folder.
fn committed_symlinked_roadmap() -> TempPlan {
    let plan = TempPlan::new();
    std::fs::remove_dir(plan.path().join("roadmap")).unwrap();
    plan.write("real/core.md", "---\ntitle: Core\n---\n");
    plan.write("backlog/S-1.md", "---\ntitle: s\ninitiative: core\n---\n");
    std::os::unix::fs::symlink("real", plan.path().join("roadmap")).unwrap();
    let repo = git::init(plan.path());
    git::commit_all(&repo, "Plan with a linked roadmap", T0);
    plan
}

/// Nothing changed since HEAD: `diff` must not show the linked folder's items as added.
#[test]
fn a_committed_symlinked_roadmap_gives_no_phantom_addition_in_diff() {
    let plan = committed_symlinked_roadmap();
    let r = go(plan.path(), &["diff", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let json = r.json();
    assert_eq!(json["changes"].as_array().unwrap().len(), 0, "nothing changed since HEAD: {json:#}");
}

/// The link is reported, the same way, in the working tree and at a revision.
#[test]
fn a_committed_symlinked_roadmap_is_reported_the_same_in_the_working_tree_and_at_a_revision() {
    let plan = committed_symlinked_roadmap();
    let work = go(plan.path(), &["check", "--format", "json"]);
    let rev = go(plan.path(), &["--rev", "HEAD", "check", "--format", "json"]);
    let work_text = format!("{}{}", work.stdout, work.stderr).to_lowercase();
    assert!(work_text.contains("symbolic link") || work_text.contains("symlink"), "working tree: {work_text}");
    assert_eq!(work.code, rev.code, "{}\n{}", work.stdout, rev.stdout);
    let findings = |r: &Run| {
        let json = r.json();
        let mut found: Vec<(String, String)> = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| (d["rule"].as_str().unwrap().to_string(), d["file"].as_str().unwrap().to_string()))
            .collect();
        found.sort();
        (json["summary"].clone(), found)
    };
    assert_eq!(findings(&work), findings(&rev), "the same plan is read:\n{}\n{}", work.stdout, rev.stdout);
}

/// Depth-1 clone of a history where S-1 last changed in the first commit: the boundary
/// commit (which added S-2) is not S-1's last change.
#[test]
fn a_shallow_clone_show_does_not_name_the_boundary_commit() {
    let origin = TempPlan::with_initiative();
    origin.write("backlog/S-1.md", "---\ntitle: one\ninitiative: core\n---\n");
    let repo = git::init(origin.path());
    repo.set_head("refs/heads/main").unwrap();
    git::commit_all(&repo, "Add S-1", T0);
    origin.write("backlog/S-2.md", "---\ntitle: two\ninitiative: core\n---\n");
    git::commit_all(&repo, "Boundary adds S-2", T0 + DAY);
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", origin.path().display());
    git::cli(clone.path(), &["clone", "--quiet", "--depth", "1", &url, "c"]);
    let dir = clone.path().join("c");
    for format in ["human", "json"] {
        let r = go(&dir, &["show", "S-1", "--format", format]);
        assert!(!r.stdout.contains("Boundary"), "names the boundary commit ({format}): {}", r.stdout);
        if r.code != 0 {
            assert_eq!(r.code, 2);
            assert!(r.stderr.contains("shallow"), "{}", r.stderr);
        } else if format == "json" {
            let last = &r.json()["last_change"];
            let text = last.to_string();
            assert!(last.is_null() || text.contains("unknown") || text.contains("shallow"), "{last}");
        } else {
            assert!(r.stdout.contains("unknown") || r.stdout.contains("shallow"), "{}", r.stdout);
        }
    }
}
