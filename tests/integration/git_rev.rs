//! `--rev`: the plan read from git's object database, in normal, bare and monorepo layouts.

use crate::common::{TempPlan, check_json, findings, fixture, git, run};

const T0: i64 = 1_767_225_600; // 2026-01-01

fn committed_plan() -> TempPlan {
    let plan = TempPlan::with_initiative();
    plan.write("backlog/S-1.md", "---\ntitle: Traced\ninitiative: core\n---\n");
    let repo = git::init(plan.path());
    git::commit_all(&repo, "plan", T0);
    plan
}

#[test]
fn rev_reads_the_committed_plan_not_the_working_tree() {
    let plan = committed_plan();
    // The working tree gains an orphan; HEAD does not have it.
    plan.write("backlog/S-2.md", "---\ntitle: Orphan\n---\n");
    let (code, json) = check_json(plan.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(findings(&json), vec![("link/orphan".into(), "backlog/S-2.md".into(), 2)]);
    let (code, json) = check_json(plan.path(), &["--rev", "HEAD"]);
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(json["summary"]["items"], 2);
    // And the other way round: a fix in the working tree does not change the revision.
    std::fs::remove_file(plan.path().join("backlog/S-1.md")).unwrap();
    let (_, json) = check_json(plan.path(), &["--rev", "HEAD"]);
    assert_eq!(json["summary"]["items"], 2);
}

#[test]
fn rev_reads_older_revisions_and_config() {
    let plan = committed_plan();
    let repo = git2::Repository::open(plan.path()).unwrap();
    plan.write("cairn.yml", "rules:\n  link/orphan: off\n");
    plan.write("backlog/S-2.md", "---\ntitle: Orphan\n---\n");
    git::commit_all(&repo, "orphan allowed", T0 + 3600);
    let (code, json) = check_json(plan.path(), &["--rev", "HEAD"]);
    assert_eq!((code, json["summary"]["items"].as_u64()), (0, Some(3)));
    let (code, json) = check_json(plan.path(), &["--rev", "HEAD~1"]);
    assert_eq!((code, json["summary"]["items"].as_u64()), (0, Some(2)));
}

#[test]
fn worktree_and_git_loaders_agree_on_the_same_content() {
    let plan = TempPlan::new();
    plan.copy_from(&fixture("broken"));
    let repo = git::init(plan.path());
    git::commit_all(&repo, "broken plan", T0);
    let (code_a, disk) = check_json(plan.path(), &[]);
    let (code_b, from_git) = check_json(plan.path(), &["--rev", "HEAD"]);
    assert_eq!(code_a, code_b);
    assert_eq!(disk, from_git);
    assert_eq!(disk["summary"]["items"], 23);
}

#[test]
fn rev_works_in_a_bare_repository() {
    let plan = committed_plan();
    let bare = tempfile::tempdir().unwrap();
    git::cli(bare.path(), &["clone", "--quiet", "--bare", plan.path().to_str().unwrap(), "plan.git"]);
    let bare_dir = bare.path().join("plan.git");
    let (code, json) = check_json(&bare_dir, &["--rev", "HEAD"]);
    assert_eq!((code, json["summary"]["items"].as_u64()), (0, Some(2)));
    // Without --rev there is no plan on disk.
    assert_eq!(run(&bare_dir, &["check"]).code, 2);
}

#[test]
fn rev_finds_a_plan_in_a_subfolder_of_the_repository() {
    let repo_dir = tempfile::tempdir().unwrap();
    let repo = git::init(repo_dir.path());
    let plan = repo_dir.path().join("plans/product");
    std::fs::create_dir_all(plan.join("roadmap")).unwrap();
    std::fs::create_dir_all(plan.join("backlog")).unwrap();
    std::fs::write(plan.join("roadmap/core.md"), "---\ntitle: Core\n---\n").unwrap();
    std::fs::write(plan.join("backlog/S-1.md"), "---\ntitle: Orphan\n---\n").unwrap();
    std::fs::write(repo_dir.path().join("README.md"), "monorepo\n").unwrap();
    git::commit_all(&repo, "plan in a subfolder", T0);
    let (code, json) = check_json(&plan.join("backlog"), &["--rev", "HEAD"]);
    assert_eq!(code, 1);
    assert_eq!(findings(&json), vec![("link/orphan".into(), "backlog/S-1.md".into(), 2)]);
    let r = run(&plan, &["--rev", "HEAD", "check", "--format", "github"]);
    assert!(r.stdout.starts_with("::error file=plans/product/backlog/S-1.md,"), "{}", r.stdout);
}

#[test]
fn an_unknown_revision_is_exit_2_naming_it() {
    let plan = committed_plan();
    let r = run(plan.path(), &["--rev", "no-such-branch", "check"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no-such-branch"), "{}", r.stderr);
    assert!(r.stdout.is_empty());
}

#[test]
fn rev_outside_a_repository_says_git_is_needed() {
    let plan = TempPlan::with_initiative();
    let r = run(plan.path(), &["--rev", "HEAD", "check"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("not inside a git repository"), "{}", r.stderr);
}

#[test]
fn rev_reports_broken_files_from_git_too() {
    let plan = TempPlan::with_initiative();
    plan.write("backlog/S-1.md", b"---\ntitle: \xff\xfe\n---\n".as_slice());
    plan.write("backlog/S-2.md", "---\ntitle: [unclosed\n---\n");
    let repo = git::init(plan.path());
    git::commit_all(&repo, "broken", T0);
    let (code, json) = check_json(plan.path(), &["--rev", "HEAD"]);
    assert_eq!(code, 1);
    let rules: Vec<String> = findings(&json).into_iter().map(|f| f.0).collect();
    assert_eq!(rules, ["parse/front-matter", "parse/front-matter"]);
}
