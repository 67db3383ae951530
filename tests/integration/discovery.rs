//! Finding the plan root (SPEC §1) and which files are items.

use crate::common::{TempPlan, check_json, run};

#[test]
fn finds_the_root_from_a_subfolder() {
    let plan = TempPlan::with_initiative();
    plan.write("backlog/area/deep/S-1.md", "---\ntitle: Deep\n---\n");
    let deep = plan.path().join("backlog/area/deep");
    let (code, json) = check_json(&deep, &[]);
    assert_eq!(code, 1);
    assert_eq!(json["diagnostics"][0]["file"], "backlog/area/deep/S-1.md");
    assert_eq!(json["diagnostics"][0]["rule"], "link/orphan");
}

#[test]
fn dash_c_selects_the_start_folder() {
    let plan = TempPlan::with_initiative();
    let elsewhere = tempfile::tempdir().unwrap();
    let r = run(elsewhere.path(), &["-C", plan.path().to_str().unwrap(), "check", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()["summary"]["items"], 1);
}

#[test]
fn cairn_yml_alone_marks_the_root() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("cairn.yml"), "").unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    let (code, json) = check_json(&dir.path().join("sub"), &[]);
    assert_eq!((code, json["summary"]["items"].as_u64()), (0, Some(0)));
}

#[test]
fn no_plan_is_exit_2_with_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(dir.path(), &["check"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no plan found"), "{}", r.stderr);
    assert!(r.stderr.contains("cairn init"), "{}", r.stderr);
}

#[test]
fn a_missing_root_directory_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(dir.path(), &["-C", "does/not/exist", "check"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("does/not/exist"), "{}", r.stderr);
}

#[test]
fn readmes_underscores_hidden_and_other_files_are_not_items() {
    let plan = TempPlan::with_initiative();
    for name in [
        "backlog/README.md",
        "backlog/readme.md",
        "backlog/_template.md",
        "backlog/.draft.md",
        "backlog/.hidden/S-1.md",
        "backlog/notes.txt",
        "roadmap/Readme.md",
    ] {
        plan.write(name, "not an item");
    }
    plan.write("backlog/_drafts/S-2.md", "---\ntitle: In an underscore folder\ninitiative: core\n---\n");
    let (code, json) = check_json(plan.path(), &[]);
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(json["summary"]["items"], 2, "only core and S-2 are items");
}

#[test]
fn archived_items_are_valid_link_targets() {
    let plan = TempPlan::with_initiative();
    plan.write("backlog/archive/S-1.md", "---\ntitle: Old\nstatus: done\ninitiative: core\n---\n");
    plan.write("backlog/S-2.md", "---\ntitle: New\ninitiative: core\ndepends_on: [S-1]\n---\n");
    let (code, json) = check_json(plan.path(), &[]);
    assert_eq!(code, 0, "{json:#}");
}

#[test]
fn human_output_names_files_relative_to_the_current_folder() {
    let plan = TempPlan::with_initiative();
    plan.write("backlog/S-1.md", "---\ntitle: Orphan\n---\n");
    let parent = plan.path().parent().unwrap();
    let name = plan.path().file_name().unwrap().to_str().unwrap();
    let r = run(parent, &["-C", name, "check"]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains(&format!("{name}/backlog/S-1.md:2:1")), "{}", r.stdout);
    assert!(r.stdout.contains("link/orphan"), "{}", r.stdout);
    assert!(r.stdout.contains("checked 2 items: 1 error"), "{}", r.stdout);
}
