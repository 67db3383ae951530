//! `cairn init`: creates the layout, never overwrites.

use crate::common::run;

#[test]
fn init_creates_a_valid_empty_plan() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(dir.path(), &["init"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(dir.path().join("cairn.yml").is_file());
    assert!(dir.path().join("roadmap").is_dir());
    assert!(dir.path().join("backlog").is_dir());
    assert!(r.stdout.contains("created cairn.yml"), "{}", r.stdout);
    let check = run(dir.path(), &["check", "--format", "json"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert_eq!(check.json()["summary"]["items"], 0);
    // No temp files are left behind.
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".cairn"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn init_twice_does_not_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(run(dir.path(), &["init"]).code, 0);
    std::fs::write(dir.path().join("cairn.yml"), "stale_after_days: 30\n").unwrap();
    std::fs::write(dir.path().join("roadmap/README.md"), "mine").unwrap();
    let r = run(dir.path(), &["init"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("exists"), "{}", r.stdout);
    assert_eq!(std::fs::read_to_string(dir.path().join("cairn.yml")).unwrap(), "stale_after_days: 30\n");
    assert_eq!(std::fs::read_to_string(dir.path().join("roadmap/README.md")).unwrap(), "mine");
}

#[test]
fn init_in_a_read_only_folder_fails_cleanly() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let ro = dir.path().join("ro");
    std::fs::create_dir(&ro).unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
    // root ignores permissions; the test only means something for other users.
    if std::fs::write(ro.join("probe"), "x").is_ok() {
        std::fs::remove_file(ro.join("probe")).unwrap();
        return;
    }
    let r = run(&ro, &["init"]);
    assert_eq!(r.code, 2);
    assert!(std::fs::read_dir(&ro).unwrap().next().is_none(), "nothing written");
}
