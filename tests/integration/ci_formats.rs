//! CI output of `cairn check` (GitLab Code Quality, JUnit XML, GitHub annotations and the job
//! summary) and the two commands docs/ci.md runs, on a repository with an "origin" remote.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;

use crate::common::{Run, TempPlan, cairn, check_json, fixture, git, run};
use crate::diff::{DAY, T0, commit, init_repo, md, story};

/// The `broken` fixture copied into a temp folder (outside any repository), and its
/// `check --format json` diagnostics.
fn broken() -> (TempPlan, Vec<Value>) {
    let plan = TempPlan::new();
    plan.copy_from(&fixture("broken"));
    let (code, json) = check_json(plan.path(), &[]);
    assert_eq!(code, 1);
    let diagnostics = json["diagnostics"].as_array().unwrap().clone();
    assert!(diagnostics.len() > 10, "the fixture must have more findings than GitHub annotates");
    (plan, diagnostics)
}

#[test]
fn gitlab_code_quality_report() {
    let (plan, diagnostics) = broken();
    let r = run(plan.path(), &["check", "--format", "gitlab"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let issues = r.json();
    let issues = issues.as_array().expect("a JSON array");
    assert_eq!(issues.len(), diagnostics.len());
    let mut fingerprints = BTreeSet::new();
    let mut found = Vec::new();
    for issue in issues {
        let description = issue["description"].as_str().expect("description");
        assert!(!description.is_empty());
        let check = issue["check_name"].as_str().expect("check_name");
        assert!(check.contains('/'), "a rule code: {check}");
        let fingerprint = issue["fingerprint"].as_str().expect("fingerprint");
        assert!(!fingerprint.is_empty());
        assert!(fingerprints.insert(fingerprint.to_string()), "duplicate fingerprint {fingerprint}");
        let severity = issue["severity"].as_str().expect("severity");
        assert!(["info", "minor", "major", "critical", "blocker"].contains(&severity), "{severity}");
        let path = issue["location"]["path"].as_str().expect("location.path");
        assert!(plan.path().join(path).is_file(), "{path} is not a file of the plan");
        let line = issue["location"]["lines"]["begin"].as_u64().expect("location.lines.begin");
        assert!(line >= 1);
        found.push((check.to_string(), path.to_string(), line, severity.to_string()));
    }
    // The same findings as `--format json`: errors are major, warnings minor.
    let mut expected: Vec<(String, String, u64, String)> = diagnostics
        .iter()
        .map(|d| {
            let severity = if d["severity"] == "error" { "major" } else { "minor" };
            (
                d["rule"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                severity.to_string(),
            )
        })
        .collect();
    expected.sort();
    found.sort();
    assert_eq!(found, expected);
    // Fingerprints are stable from run to run.
    assert_eq!(run(plan.path(), &["check", "--format", "gitlab"]).stdout, r.stdout);

    // A clean plan: an empty report, exit 0.
    let clean = TempPlan::with_initiative();
    let r = run(clean.path(), &["check", "--format", "gitlab"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json(), serde_json::json!([]));
}

/// A minimal XML well-formedness check: balanced tags, quoted attributes, no raw `<` or
/// stray `&` in text or attribute values. Returns the element names in document order.
fn xml_elements(xml: &str) -> Vec<String> {
    fn check_text(t: &str, context: &str) {
        assert!(!t.contains('<'), "raw `<` in {context}: {t:?}");
        for (i, _) in t.match_indices('&') {
            let rest = &t[i..];
            let ok = ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"].iter().any(|e| rest.starts_with(e))
                || (rest.starts_with("&#") && rest[2..].find(';').is_some_and(|n| n > 0));
            assert!(ok, "unescaped `&` in {context}: {t:?}");
        }
    }
    let body = xml.strip_prefix(r#"<?xml version="1.0" encoding="UTF-8"?>"#).expect("an XML declaration");
    let mut stack: Vec<String> = Vec::new();
    let mut elements = Vec::new();
    let mut rest = body;
    while let Some(lt) = rest.find('<') {
        check_text(&rest[..lt], "text");
        let end = rest[lt..].find('>').expect("an unterminated tag") + lt;
        let tag = &rest[lt + 1..end];
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop().as_deref(), Some(name.trim()), "mismatched closing tag");
        } else {
            let self_closing = tag.ends_with('/');
            let tag = tag.trim_end_matches('/');
            let (name, mut attrs) = tag.split_once(' ').unwrap_or((tag, ""));
            assert!(!name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'), "{name:?}");
            loop {
                attrs = attrs.trim_start();
                if attrs.is_empty() {
                    break;
                }
                let (key, after) = attrs.split_once("=\"").unwrap_or_else(|| panic!("bad attribute in <{tag}>"));
                assert!(key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'), "{key:?}");
                let close = after.find('"').expect("an unterminated attribute");
                check_text(&after[..close], "an attribute");
                attrs = &after[close + 1..];
            }
            elements.push(name.to_string());
            if !self_closing {
                stack.push(name.to_string());
            }
        }
        rest = &rest[end + 1..];
    }
    check_text(rest, "trailing text");
    assert!(stack.is_empty(), "unclosed elements: {stack:?}");
    elements
}

#[test]
fn junit_has_one_test_case_per_item_and_fails_those_with_errors() {
    let (plan, diagnostics) = broken();
    let (_, json) = check_json(plan.path(), &[]);
    let r = run(plan.path(), &["check", "--format", "junit"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let elements = xml_elements(&r.stdout);
    let items = json["summary"]["items"].as_u64().unwrap() as usize;
    assert_eq!(elements.iter().filter(|e| *e == "testcase").count(), items);
    assert_eq!(r.stdout.matches("<testcase ").count(), items);
    assert_eq!(elements.iter().filter(|e| *e == "testsuite").count(), 1);
    // One failure per file with an error-level finding; warnings are only output.
    let failing: BTreeSet<&str> =
        diagnostics.iter().filter(|d| d["severity"] == "error").map(|d| d["file"].as_str().unwrap()).collect();
    assert_eq!(r.stdout.matches("<failure ").count(), failing.len());
    for case in r.stdout.split("<testcase ").skip(1) {
        let case = &case[..case.find("</testcase>").or_else(|| case.find("/>")).unwrap()];
        let file = case.split("file=\"").nth(1).unwrap().split('"').next().unwrap();
        assert_eq!(case.contains("<failure "), failing.contains(file), "{file}:\n{case}");
    }
    assert!(r.stdout.contains(&format!(r#"tests="{items}" failures="{}""#, failing.len())), "{}", r.stdout);
    assert!(r.stdout.contains("<system-out>warning: "), "{}", r.stdout);

    // Messages with `<` and `&` are escaped.
    let plan = TempPlan::with_initiative();
    plan.write("backlog/S-1.md", md(&["title: Odd link", "initiative: \"a<b&c\""], ""));
    plan.write("backlog/S-2.md", md(&["title: Fine", "initiative: core"], ""));
    let r = run(plan.path(), &["check", "--format", "junit"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    xml_elements(&r.stdout);
    assert!(r.stdout.contains("`a&lt;b&amp;c`"), "{}", r.stdout);
    assert!(!r.stdout.contains("a<b&c"), "{}", r.stdout);
    assert_eq!(r.stdout.matches("<testcase ").count(), 3);
    assert_eq!(r.stdout.matches("<failure ").count(), 1);
}

/// `cairn check --format github` with `$GITHUB_STEP_SUMMARY` set to `summary`.
fn github_with_summary(dir: &Path, summary: &Path) -> Run {
    let out = cairn(dir)
        .args(["check", "--format", "github"])
        .env("GITHUB_STEP_SUMMARY", summary)
        .output()
        .expect("run cairn");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn github_annotations_and_a_job_summary_with_every_finding() {
    let (plan, diagnostics) = broken();
    let dir = tempfile::tempdir().unwrap();
    let summary = dir.path().join("step_summary.md");
    let earlier = "## An earlier step\n\nkept as is\n";
    std::fs::write(&summary, earlier).unwrap();

    let r = github_with_summary(plan.path(), &summary);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let annotations: Vec<&str> =
        r.stdout.lines().filter(|l| l.starts_with("::error ") || l.starts_with("::warning ")).collect();
    assert_eq!(annotations.len(), diagnostics.len(), "{}", r.stdout);
    for (a, d) in annotations.iter().zip(&diagnostics) {
        let level = if d["severity"] == "error" { "error" } else { "warning" };
        let prefix = format!("::{level} file={},line={},", d["file"].as_str().unwrap(), d["line"]);
        assert!(a.starts_with(&prefix), "{a} should start with {prefix}");
        assert!(a.contains(&format!("title={}::", d["rule"].as_str().unwrap().replace(':', "%3A"))), "{a}");
    }

    let text = std::fs::read_to_string(&summary).unwrap();
    assert!(text.starts_with(earlier), "the earlier content is kept:\n{text}");
    assert!(text.contains("| severity | rule | location | message |\n|---|---|---|---|\n"), "{text}");
    let rows: Vec<&str> = text.lines().filter(|l| l.starts_with("| error |") || l.starts_with("| warning |")).collect();
    assert_eq!(rows.len(), diagnostics.len(), "every finding, not only the first 10:\n{text}");
    for (row, d) in rows.iter().zip(&diagnostics) {
        let location = format!("`{}:{}`", d["file"].as_str().unwrap(), d["line"]);
        assert!(row.contains(&location), "{row} should name {location}");
        assert!(row.contains(&format!("`{}`", d["rule"].as_str().unwrap())), "{row}");
        assert!(row.contains(&format!("| {} |", d["severity"].as_str().unwrap())), "{row}");
    }
    let counts: BTreeMap<&str, usize> = rows.iter().fold(BTreeMap::new(), |mut m, r| {
        *m.entry(r.split('|').nth(1).unwrap().trim()).or_default() += 1;
        m
    });
    let errors = diagnostics.iter().filter(|d| d["severity"] == "error").count();
    assert_eq!(counts.get("error").copied(), Some(errors));

    // A second run appends again; nothing is overwritten.
    let before = std::fs::read_to_string(&summary).unwrap();
    assert_eq!(github_with_summary(plan.path(), &summary).code, 1);
    let after = std::fs::read_to_string(&summary).unwrap();
    assert!(after.starts_with(&before));
    assert_eq!(after.matches("## cairn check").count(), 2);
    assert_eq!(after.matches("kept as is").count(), 1);

    // Other formats leave the summary alone.
    let other = dir.path().join("other.md");
    std::fs::write(&other, "x\n").unwrap();
    let out =
        cairn(plan.path()).args(["check", "--format", "json"]).env("GITHUB_STEP_SUMMARY", &other).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&other).unwrap(), "x\n");
}

/// The commands of docs/ci.md, run exactly, in a clone of a bare "origin" whose `main` moved
/// on after the pull request's branch was made.
#[test]
fn the_ci_commands_of_the_docs_work_in_a_clone_with_an_origin() {
    let root = tempfile::tempdir().unwrap();
    let upstream = root.path().join("upstream");
    std::fs::create_dir_all(&upstream).unwrap();
    let plan = |dir: &Path, rel: &str, text: String| {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    plan(&upstream, "roadmap/core.md", md(&["title: Core", "status: active", "priority: 1", "target: 2026-Q3"], ""));
    // A warning (planned without a priority, and no stories): annotated, not failing.
    plan(&upstream, "roadmap/growth.md", md(&["title: Growth", "status: planned"], ""));
    plan(
        &upstream,
        "backlog/S-1-login.md",
        md(
            &["id: S-1", "title: Login", "initiative: core", "status: in-progress"],
            "## Acceptance criteria\n- [x] form\n- [ ] errors\n",
        ),
    );
    init_repo(&upstream);
    commit(&upstream, "Add the plan", T0);
    git::cli(root.path(), &["clone", "-q", "--bare", "upstream", "origin.git"]);
    git::cli(root.path(), &["clone", "-q", "origin.git", "work"]);
    git::cli(root.path(), &["clone", "-q", "origin.git", "teammate"]);
    let work = root.path().join("work");
    let teammate = root.path().join("teammate");

    // The pull request's branch.
    git::cli(&work, &["checkout", "-q", "-b", "plan-logout"]);
    plan(
        &work,
        "backlog/S-1-login.md",
        md(
            &["id: S-1", "title: Login", "initiative: core", "status: done"],
            "## Acceptance criteria\n- [x] form\n- [x] errors\n",
        ),
    );
    plan(&work, "backlog/S-2-logout.md", story("S-2", "Logout", "core", "todo"));
    commit(&work, "Finish login, plan logout", T0 + DAY);

    // Meanwhile main moves on upstream.
    plan(&teammate, "roadmap/core.md", md(&["title: Core", "status: active", "priority: 1", "target: 2026-Q4"], ""));
    plan(&teammate, "backlog/S-9-search.md", story("S-9", "Search", "core", "todo"));
    commit(&teammate, "Core slips, search", T0 + 2 * DAY);
    git::cli(&teammate, &["push", "-q", "origin", "main"]);
    git::cli(&work, &["fetch", "-q", "origin"]);

    // `cairn check --format github`
    let r = run(&work, &["check", "--format", "github"]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(!r.stdout.contains("::error"), "{}", r.stdout);
    assert!(r.stdout.contains("::warning file=roadmap/growth.md,line="), "{}", r.stdout);
    assert!(r.stdout.contains("title=roadmap/priority::"), "{}", r.stdout);
    assert!(r.stdout.lines().all(|l| l.starts_with("::warning ") || l.starts_with("::notice ")), "{}", r.stdout);

    // `cairn diff origin/main...HEAD --format markdown`
    let r = run(&work, &["diff", "origin/main...HEAD", "--format", "markdown"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = r.stdout;
    let branch_point = git::cli(&work, &["merge-base", "origin/main", "HEAD"]).trim().to_string();
    assert!(out.starts_with("### Plan changes: `origin/main...HEAD`\n"), "{out}");
    assert!(out.contains(&format!("against its merge base with `origin/main`, `{}`", &branch_point[..7])), "{out}");
    assert!(
        out.contains("\n**1 story added to Core; 1 story done in Core; 1 acceptance criterion checked**\n"),
        "{out}"
    );
    assert!(out.contains("- **Core (`core`)**\n  - 1 story added: `S-2` Logout\n  - 1 story closed: `S-1` Login\n  - progress 0/1 → 1/2\n"), "{out}");
    assert!(out.contains("#### Details: 2 changes: 1 added, 1 modified"), "{out}");
    assert!(
        out.contains(
            "- **S-1** Login — changed\n  - status `in-progress` → `done` (closed)\n  - acceptance criteria 1/2 → 2/2\n  - checked: errors\n"
        ),
        "{out}"
    );
    assert!(out.contains("- **S-2** Logout — added (todo)"), "{out}");
    // Nothing of what main did after the branch point, no problems, no raw YAML.
    assert!(!out.contains("S-9") && !out.contains("2026-Q4") && !out.contains("#### Problems"), "{out}");
    assert!(!out.contains("---"), "{out}");

    // Against origin/main itself (two dots' meaning), main's later work would show, reversed.
    let r = run(&work, &["diff", "origin/main", "HEAD", "--format", "markdown"]);
    assert!(r.stdout.contains("S-9") && r.stdout.contains("pulled in one quarter"), "{}", r.stdout);
}
