//! Every output format of `cairn check`, parsed and checked.

use std::collections::HashSet;

use serde_json::Value;

use crate::common::{TempPlan, fixture, run};

fn broken(format: &str) -> crate::common::Run {
    let r = run(&fixture("broken"), &["check", "--format", format]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    r
}

#[test]
fn json_has_the_spec_shape() {
    let json = broken("json").json();
    let summary = json["summary"].as_object().unwrap();
    assert_eq!(summary.keys().collect::<Vec<_>>(), ["items", "errors", "warnings"]);
    for d in json["diagnostics"].as_array().unwrap() {
        let keys: Vec<&str> = d.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, ["rule", "severity", "item", "file", "line", "column", "message", "help"]);
        assert!(d["line"].as_u64().unwrap() >= 1);
    }
}

#[test]
fn human_shows_snippets_and_a_summary() {
    let r = broken("human");
    assert!(r.stdout.contains("link/orphan"), "{}", r.stdout);
    assert!(r.stdout.contains("backlog/S-2.md:2:1"), "{}", r.stdout);
    assert!(r.stdout.contains("help: add `initiative: <id>`"), "{}", r.stdout);
    assert!(r.stdout.contains("2 │ id: S-2"), "source snippet with line numbers: {}", r.stdout);
    assert!(r.stdout.trim_end().ends_with("checked 23 items: 16 errors, 9 warnings"), "{}", r.stdout);
    assert!(!r.stdout.contains('\u{1b}'), "no colors when NO_COLOR is set");
    let quiet = run(&fixture("broken"), &["check", "-q"]);
    assert!(!quiet.stdout.contains("checked 23 items"));
    let colored = run(&fixture("broken"), &["check", "--color", "always"]);
    assert!(colored.stdout.contains('\u{1b}'), "--color always colors");
}

#[test]
fn github_prints_one_workflow_command_per_finding() {
    // The fixture copied into a repository of its own at the same place it has in cairn's
    // (the tests also run from the packaged crate or a copy without `.git`): annotation paths
    // start at that repository's root.
    let repo = tempfile::tempdir().unwrap();
    crate::common::git::init(repo.path());
    let plan_dir = repo.path().join("tests/fixtures/broken");
    for entry in walkdir::WalkDir::new(fixture("broken")) {
        let entry = entry.unwrap();
        let to = plan_dir.join(entry.path().strip_prefix(fixture("broken")).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    let r = run(&plan_dir, &["check", "--format", "github"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let json = broken("json").json();
    // One command per finding; notes (the skipped stale rule) come after them as notices.
    let lines: Vec<&str> = r.stdout.lines().filter(|l| !l.starts_with("::notice ")).collect();
    assert_eq!(lines.len(), json["diagnostics"].as_array().unwrap().len());
    let orphan = "::error file=tests/fixtures/broken/backlog/S-2.md,line=2,col=1,title=link/orphan::backlog item S-2 traces to no initiative%0Ahelp: add `initiative: <id>` naming the roadmap initiative this item serves";
    assert!(lines.contains(&orphan), "{}", r.stdout);
    for line in &lines {
        assert!(line.starts_with("::error file=") || line.starts_with("::warning file="), "{line}");
    }
    assert_eq!(lines.iter().filter(|l| l.starts_with("::warning")).count(), 9);
}

#[test]
fn github_escapes_messages_and_properties() {
    let plan = TempPlan::with_initiative();
    plan.write("backlog/a,b:c.md", "---\nid: S-1\ntitle: Percent\ninitiative: core\ndepends_on: [\"50%\"]\n---\n");
    let r = run(plan.path(), &["check", "--format", "github"]);
    assert_eq!(r.code, 1);
    let line = r.stdout.lines().next().unwrap();
    assert!(line.starts_with("::error file=backlog/a%2Cb%3Ac.md,line=5,"), "{line}");
    assert!(line.contains("`50%25`"), "{line}");
    assert!(!line.contains('\n'));
}

#[test]
fn github_paths_are_relative_to_the_repository() {
    let repo = tempfile::tempdir().unwrap();
    crate::common::git::init(repo.path());
    let plan_dir = repo.path().join("plans");
    std::fs::create_dir_all(plan_dir.join("backlog")).unwrap();
    std::fs::write(plan_dir.join("backlog/S-1.md"), "---\ntitle: Orphan\n---\n").unwrap();
    let r = run(&plan_dir, &["check", "--format", "github"]);
    assert!(r.stdout.starts_with("::error file=plans/backlog/S-1.md,"), "{}", r.stdout);
}

#[test]
fn sarif_is_valid_2_1_0_with_one_rule_per_code() {
    let r = broken("sarif");
    let sarif: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert!(sarif["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let run0 = &sarif["runs"][0];
    assert_eq!(run0["tool"]["driver"]["name"], "cairn");
    let rules = run0["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), 16);
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    for r in rules {
        assert!(!r["shortDescription"]["text"].as_str().unwrap().is_empty());
    }
    let results = run0["results"].as_array().unwrap();
    assert_eq!(results.len(), 25);
    let mut fingerprints = HashSet::new();
    for res in results {
        let rule = res["ruleId"].as_str().unwrap();
        let index = res["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(ids[index], rule);
        assert!(["error", "warning"].contains(&res["level"].as_str().unwrap()));
        let loc = &res["locations"][0]["physicalLocation"];
        assert!(loc["artifactLocation"]["uri"].as_str().unwrap().ends_with(".md"));
        assert!(loc["region"]["startLine"].as_u64().unwrap() >= 1);
        assert!(fingerprints.insert(res["partialFingerprints"]["cairnFinding/v1"].as_str().unwrap().to_string()));
    }
    // Stable: the same input gives the same fingerprints.
    let again: Value = serde_json::from_str(&broken("sarif").stdout).unwrap();
    assert_eq!(again, sarif);
}

#[test]
fn sarif_fingerprints_survive_line_moves() {
    let plan = TempPlan::with_initiative();
    plan.write("backlog/S-1.md", "---\ntitle: Orphan\n---\n");
    let fp = |plan: &TempPlan| {
        let r = run(plan.path(), &["check", "--format", "sarif"]);
        let v: Value = serde_json::from_str(&r.stdout).unwrap();
        v["runs"][0]["results"][0]["partialFingerprints"]["cairnFinding/v1"].as_str().unwrap().to_string()
    };
    let before = fp(&plan);
    plan.write("backlog/S-1.md", "---\nlabels: [x]\ntitle: Orphan\n---\n");
    assert_eq!(fp(&plan), before);
}
