//! SPEC §7: every kind of bad input gets a diagnostic for its file while the rest of the
//! plan is still checked; never a panic or a hang.

use std::time::Duration;

use serde_json::Value;

use crate::common::{TempPlan, cairn};

/// A plan with one bad file plus an orphan elsewhere (proving the rest is still checked).
fn check_with(name: &str, contents: &[u8]) -> Value {
    let plan = TempPlan::with_initiative();
    plan.write("backlog/S-100.md", "---\ntitle: Orphan\n---\n");
    plan.write(name, contents);
    check_plan(&plan)
}

fn check_plan(plan: &TempPlan) -> Value {
    let out = cairn(plan.path()).args(["check", "--format", "json"]).timeout(Duration::from_secs(60)).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "stderr: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let orphan = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["rule"] == "link/orphan" && d["file"] == "backlog/S-100.md");
    assert!(orphan, "the rest of the plan is still checked: {json:#}");
    json
}

/// The findings about one file.
fn about<'a>(json: &'a Value, file: &str) -> Vec<&'a Value> {
    json["diagnostics"].as_array().unwrap().iter().filter(|d| d["file"] == file).collect()
}

fn assert_error(json: &Value, file: &str, rule: &str, needle: &str) {
    let found = about(json, file);
    assert!(
        found.iter().any(|d| d["rule"] == rule
            && d["severity"] == "error"
            && d["message"].as_str().unwrap().contains(needle)
            && d["help"].is_string()),
        "expected {rule} containing {needle:?} for {file}, got {found:#?}"
    );
}

#[test]
fn invalid_utf8() {
    let json = check_with("backlog/S-1.md", b"---\ntitle: caf\xe9\n---\n");
    assert_error(&json, "backlog/S-1.md", "parse/front-matter", "not valid UTF-8");
    assert_eq!(about(&json, "backlog/S-1.md")[0]["line"], 2);
}

#[test]
fn binary_file_named_md() {
    let json = check_with("backlog/S-1.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR");
    assert_error(&json, "backlog/S-1.md", "parse/front-matter", "binary");
}

#[test]
fn empty_file() {
    let json = check_with("backlog/S-1.md", b"");
    assert_error(&json, "backlog/S-1.md", "parse/front-matter", "empty");
}

#[test]
fn missing_and_unterminated_front_matter() {
    let json = check_with("backlog/S-1.md", b"---\ntitle: never closed\ninitiative: core\n");
    assert_error(&json, "backlog/S-1.md", "parse/front-matter", "not closed");
    let json = check_with("backlog/S-1.md", b"# Title only\n");
    assert_error(&json, "backlog/S-1.md", "parse/front-matter", "no front matter");
}

#[test]
fn front_matter_that_is_not_a_mapping() {
    let json = check_with("backlog/S-1.md", b"---\n- a\n- b\n---\n");
    assert_error(&json, "backlog/S-1.md", "parse/front-matter", "must be a mapping");
    let json = check_with("backlog/S-1.md", b"---\njust a string\n---\n");
    assert_error(&json, "backlog/S-1.md", "parse/front-matter", "must be a mapping");
}

#[test]
fn yaml_alias_bomb() {
    let mut doc = String::from(
        "---\ntitle: bomb\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let names = ["b", "c", "d", "e", "f", "g", "h", "i"];
    let mut prev = "a";
    for name in names {
        doc.push_str(&format!(
            "{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
        ));
        prev = name;
    }
    doc.push_str("---\n");
    let json = check_with("backlog/S-1.md", doc.as_bytes());
    let found = about(&json, "backlog/S-1.md");
    assert!(found.iter().any(|d| d["rule"] == "parse/front-matter"), "{found:#?}");
}

#[test]
fn deeply_nested_yaml() {
    let doc = format!("---\ntitle: deep\nx: {}{}\n---\n", "[".repeat(10_000), "]".repeat(10_000));
    let json = check_with("backlog/S-1.md", doc.as_bytes());
    assert_error(&json, "backlog/S-1.md", "parse/front-matter", "");
}

#[test]
fn a_50_mb_file() {
    let mut doc = b"---\ntitle: huge\ninitiative: core\n---\n".to_vec();
    doc.resize(50 * 1024 * 1024, b'a');
    let json = check_with("backlog/S-1.md", &doc);
    assert_error(&json, "backlog/S-1.md", "parse/front-matter", "MiB");
}

#[test]
fn a_large_body_under_the_limit_is_read() {
    let mut doc = b"---\ntitle: long\ninitiative: core\nstatus: ready\n---\n".to_vec();
    doc.extend("Some prose that goes on. ".repeat(300_000).as_bytes());
    doc.extend(b"\n\n## Acceptance criteria\n- [x] it ends\n");
    let json = check_with("backlog/S-1.md", &doc);
    assert!(about(&json, "backlog/S-1.md").is_empty(), "{json:#}");
}

#[test]
fn duplicate_keys() {
    let json = check_with("backlog/S-1.md", b"---\ntitle: a\ninitiative: core\ntitle: b\n---\n");
    assert_error(&json, "backlog/S-1.md", "parse/front-matter", "duplicate key `title`");
}

#[test]
fn non_string_ids() {
    let json = check_with("backlog/S-1.md", b"---\nid: 42\ntitle: Number id\ninitiative: core\n---\n");
    assert_error(&json, "backlog/S-1.md", "schema/field", "must be a string");
    let json = check_with("backlog/S-1.md", b"---\nid: [a]\ntitle: List id\ninitiative: core\n---\n");
    assert_error(&json, "backlog/S-1.md", "schema/field", "must be a string");
}

#[test]
fn ids_with_spaces_or_path_separators() {
    for (id, needle) in
        [("S 1", "whitespace"), ("../S-1", "path separator"), ("a\\\\b", "path separator"), (".hidden", "start with")]
    {
        let doc = format!("---\nid: \"{id}\"\ntitle: Bad id\ninitiative: core\n---\n");
        let json = check_with("backlog/S-1.md", doc.as_bytes());
        assert_error(&json, "backlog/S-1.md", "schema/field", needle);
    }
}

#[test]
fn symlinks_are_not_followed_and_loops_do_not_hang() {
    let plan = TempPlan::with_initiative();
    plan.write("backlog/S-100.md", "---\ntitle: Orphan\n---\n");
    std::os::unix::fs::symlink(plan.path().join("backlog"), plan.path().join("backlog/loop")).unwrap();
    std::os::unix::fs::symlink("self.md", plan.path().join("backlog/self.md")).unwrap();
    std::os::unix::fs::symlink(plan.path().join("backlog/S-100.md"), plan.path().join("backlog/S-101.md")).unwrap();
    let json = check_plan(&plan);
    assert_error(&json, "backlog/self.md", "parse/front-matter", "symbolic link");
    assert_error(&json, "backlog/S-101.md", "parse/front-matter", "symbolic link");
    assert_eq!(json["summary"]["items"], 4, "core, S-100 and the two reported links");
}

#[test]
fn unreadable_files() {
    use std::os::unix::fs::PermissionsExt;
    let plan = TempPlan::with_initiative();
    plan.write("backlog/S-100.md", "---\ntitle: Orphan\n---\n");
    plan.write("backlog/S-1.md", "---\ntitle: Secret\ninitiative: core\n---\n");
    let path = plan.path().join("backlog/S-1.md");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&path).is_ok() {
        // Running as root: permissions do not apply, nothing to test.
        return;
    }
    let json = check_plan(&plan);
    assert_error(&json, "backlog/S-1.md", "parse/front-matter", "cannot read");
}

#[test]
fn wrong_types_in_fields() {
    let doc =
        b"---\ntitle: [a, b]\ninitiative: core\npriority: 0\nestimate: lots\nlabels: ui\ndepends_on: {a: b}\n---\n";
    let json = check_with("backlog/S-1.md", doc);
    let rules: Vec<&str> = about(&json, "backlog/S-1.md").iter().map(|d| d["rule"].as_str().unwrap()).collect();
    // title wrong type + title missing, priority, estimate, labels, depends_on.
    assert!(rules.iter().filter(|r| **r == "schema/field").count() >= 5, "{rules:?}");
}

#[test]
fn every_bad_file_in_one_plan_is_reported_in_one_run() {
    let plan = TempPlan::with_initiative();
    plan.write("backlog/S-100.md", "---\ntitle: Orphan\n---\n");
    plan.write("backlog/a.md", b"\x00binary".as_slice());
    plan.write("backlog/b.md", b"---\ntitle: caf\xe9\n---\n".as_slice());
    plan.write("backlog/c.md", "");
    plan.write("backlog/d.md", "---\n- list\n---\n");
    plan.write("backlog/e.md", "---\nid: 7\ntitle: x\ninitiative: core\n---\n");
    let json = check_plan(&plan);
    for f in ["backlog/a.md", "backlog/b.md", "backlog/c.md", "backlog/d.md", "backlog/e.md"] {
        assert!(!about(&json, f).is_empty(), "{f} not reported: {json:#}");
    }
}

#[test]
fn file_names_that_are_not_utf8() {
    use std::os::unix::ffi::OsStrExt;
    let plan = TempPlan::with_initiative();
    plan.write("backlog/S-100.md", "---\ntitle: Orphan\n---\n");
    let name = std::ffi::OsStr::from_bytes(b"S-\xff.md");
    std::fs::write(plan.path().join("backlog").join(name), "---\ntitle: x\ninitiative: core\n---\n").unwrap();
    let json = check_plan(&plan);
    assert_error(&json, "backlog/S-\u{fffd}.md", "parse/front-matter", "not valid UTF-8");
}
