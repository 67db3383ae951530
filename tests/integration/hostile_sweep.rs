//! Issue 11: one hostile plan (`tests/fixtures/hostile/`, plus files with hostile names and
//! raw control bytes added here) through every command and every format, each output
//! checked for its medium with the assertions of `hostile_media.rs`. Every failure is
//! collected, so one run lists every place where plan text escapes being data.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use git2::{Repository, Signature, Time};

use crate::common::{Run, TempPlan, cairn, fixture};
use crate::hostile_media::{
    QUICK, assert_bounded, assert_csv_neutral, assert_html_inert, assert_markdown_inert, assert_mermaid_inert,
    assert_no_raw_controls, assert_sarif_uris_encoded, assert_xml_well_formed, run_within,
};

const T0: i64 = 1_767_225_600; // 2026-01-01
const DAY: i64 = 86_400;

/// The medium an output is meant for, which decides how it is checked.
#[derive(Clone, Copy, Debug)]
enum Medium {
    /// A terminal or a CI log: no raw control characters.
    Terminal,
    /// Markdown for GitHub: inert, and no raw control characters.
    Markdown,
    /// A mermaid chart in Markdown (plus the Markdown list after it).
    Mermaid,
    Csv,
    /// JSON: must parse (serde escapes controls as `\u001b`, which is fine).
    Json,
    Sarif,
    Xml,
    Html,
}

fn commit(repo: &Repository, author: &str, message: &str, time: i64) {
    let mut index = repo.index().unwrap();
    index.add_all(["*"], git2::IndexAddOption::DEFAULT, None).unwrap();
    index.update_all(["*"], None).unwrap();
    index.write().unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let sig = Signature::new(author, "evil@example.com", &Time::new(time, 0)).unwrap();
    let parents: Vec<git2::Commit<'_>> = repo.head().ok().and_then(|h| h.peel_to_commit().ok()).into_iter().collect();
    let refs: Vec<&git2::Commit<'_>> = parents.iter().collect();
    repo.commit(Some("HEAD"), &sig, &sig, message, &tree, &refs).unwrap();
}

const AUTHOR: &str = "Evil\x1b]0;PWNED\x07\u{202e} @octocat";
const SUBJECT: &str =
    "Subject \x1b[2J\u{9b}1m\u{202e} <img src=x onerror=alert(1)> @octocat x`TICK`y | [x](javascript:alert(1))";

/// The fixture, plus a file named with ESC, BEL and a bidi override holding raw control
/// bytes in its body, committed twice (the second commit changes statuses and a target)
/// by a hostile author with hostile subjects, and then changed again in the working tree.
fn hostile_repo() -> TempPlan {
    let plan = TempPlan::new();
    plan.copy_from(&fixture("hostile"));
    plan.write(
        "backlog/S-5\x1b]0;PWNED\x07\u{202e}x.md",
        "---\nid: S-5\ntitle: \"raw \u{202e}override S5\"\ninitiative: evil\nstatus: done\n---\nRaw \x1b]0;PWNED\x07 \x1b[2J body\n\n## Acceptance criteria\n- [ ] raw \x1b[5m crit\n",
    );
    let repo = crate::common::git::init(plan.path());
    repo.set_head("refs/heads/main").unwrap();
    commit(&repo, AUTHOR, SUBJECT, T0);
    let edit = |rel: &str, from: &str, to: &str| {
        let path = plan.path().join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{rel} holds {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    };
    edit("backlog/S-1.md", "status: in-progress", "status: done");
    edit("roadmap/evil.md", "target: 2027-Q1", "target: 2027-Q3");
    edit("backlog/S-4.md", "initiative: directive", "initiative: evil");
    commit(&repo, AUTHOR, SUBJECT, T0 + 7 * DAY);
    edit("backlog/S-2.md", "status: done", "status: in-progress");
    edit("roadmap/click.md", "owner: \"-owner\"", "owner: \"@octocat <b>x</b> \\e[2J\"");
    plan
}

/// Total size of the plan's files: the input outputs are bounded by.
fn input_size(dir: &Path) -> usize {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && !e.path().components().any(|c| c.as_os_str() == ".git"))
        .map(|e| e.metadata().unwrap().len() as usize)
        .sum()
}

/// Checks one output for its medium; returns the failures' first lines.
fn check_medium(label: &str, medium: Medium, r: &Run, input: usize) -> Result<(), String> {
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        assert!(r.code == 0 || r.code == 1, "{label}: exit {}:\n{}", r.code, r.stderr);
        assert_no_raw_controls(&format!("{label} (stderr)"), &r.stderr);
        assert_bounded(label, r.stdout.len(), input, 20, 64 * 1024);
        let out = &r.stdout;
        match medium {
            Medium::Terminal => assert_no_raw_controls(label, out),
            Medium::Markdown => assert_markdown_inert(label, out),
            Medium::Mermaid => {
                assert_mermaid_inert(label, out);
                assert_markdown_inert(label, out);
            }
            Medium::Csv => assert_csv_neutral(label, out),
            Medium::Json => {
                let parsed: Result<serde_json::Value, _> = serde_json::from_str(out);
                assert!(parsed.is_ok(), "{label}: not JSON: {parsed:?}");
            }
            Medium::Sarif => {
                let sarif: serde_json::Value = serde_json::from_str(out).expect("SARIF is JSON");
                assert_sarif_uris_encoded(label, &sarif);
            }
            Medium::Xml => assert_xml_well_formed(label, out),
            Medium::Html => {
                assert_html_inert(label, out, &[]);
                assert_no_raw_controls(label, out);
            }
        }
    }));
    outcome.map_err(|e| {
        let msg = e
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        let head: Vec<&str> = msg.lines().take_while(|l| !l.starts_with("--- output")).take(6).collect();
        head.join("\n      ")
    })
}

/// Runs every `(args, medium)` and fails once with every output that broke its medium.
fn sweep(plan: &TempPlan, cases: &[(Vec<&str>, Medium)]) {
    let input = input_size(plan.path());
    let mut failures = Vec::new();
    for (args, medium) in cases {
        let label = format!("cairn {}", args.join(" "));
        let r = run_within(cairn(plan.path()).args(args), QUICK, &label);
        if let Err(e) = check_medium(&label, *medium, &r, input) {
            failures.push(format!("{label}  [{medium:?}]\n      {e}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} outputs let plan text escape:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

fn ids() -> Vec<&'static str> {
    vec!["evil", "directive", "click", "unscheduled", "S-1", "S-2", "S-4", "S-5"]
}

/// `check`, `roadmap`, `backlog`, `show`, `tree` and `export html` in every format.
#[test]
fn the_hostile_plan_through_every_view_and_format() {
    let plan = hostile_repo();
    let mut cases: Vec<(Vec<&str>, Medium)> = vec![
        (vec!["check", "--color", "never"], Medium::Terminal),
        (vec!["check", "--format", "json"], Medium::Json),
        (vec!["check", "--format", "github"], Medium::Terminal),
        (vec!["check", "--format", "sarif"], Medium::Sarif),
        (vec!["check", "--format", "gitlab"], Medium::Json),
        (vec!["check", "--format", "junit"], Medium::Xml),
        (vec!["roadmap", "--color", "never"], Medium::Terminal),
        (vec!["roadmap", "--format", "json"], Medium::Json),
        (vec!["roadmap", "--format", "csv"], Medium::Csv),
        (vec!["roadmap", "--format", "markdown"], Medium::Markdown),
        (vec!["roadmap", "--format", "mermaid"], Medium::Mermaid),
        (vec!["backlog", "--all", "--color", "never"], Medium::Terminal),
        (vec!["backlog", "--all", "--format", "json"], Medium::Json),
        (vec!["backlog", "--all", "--format", "csv"], Medium::Csv),
        (vec!["backlog", "--all", "--format", "markdown"], Medium::Markdown),
        (vec!["tree", "--all", "--color", "never"], Medium::Terminal),
        (vec!["tree", "--all", "--format", "json"], Medium::Json),
        (vec!["export", "html"], Medium::Html),
    ];
    for id in ids() {
        cases.push((vec!["show", id, "--color", "never"], Medium::Terminal));
        cases.push((vec!["show", id, "--format", "json"], Medium::Json));
    }
    sweep(&plan, &cases);
}

/// The job summary `check --format github` appends to `$GITHUB_STEP_SUMMARY`.
#[test]
fn the_hostile_plan_in_the_github_job_summary() {
    let plan = hostile_repo();
    let summary = plan.path().join("summary.md");
    let r = run_within(
        cairn(plan.path()).args(["check", "--format", "github"]).env("GITHUB_STEP_SUMMARY", &summary),
        QUICK,
        "check --format github",
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let md = std::fs::read_to_string(&summary).expect("the summary is written");
    assert_markdown_inert("job summary", &md);
}

/// `diff` (two revisions, and HEAD against the working tree), `log` and `report` in every
/// format.
#[test]
fn the_hostile_plan_through_every_history_command_and_format() {
    let plan = hostile_repo();
    let mut cases: Vec<(Vec<&str>, Medium)> = Vec::new();
    for range in [&["HEAD~1", "HEAD"][..], &[]] {
        let with = |extra: &[&'static str]| [&["diff"][..], range, extra].concat();
        cases.push((with(&["--color", "never"]), Medium::Terminal));
        cases.push((with(&["--stat", "--color", "never"]), Medium::Terminal));
        cases.push((with(&["--format", "markdown"]), Medium::Markdown));
        cases.push((with(&["--format", "json"]), Medium::Json));
    }
    cases.extend([
        (vec!["log", "--color", "never"], Medium::Terminal),
        (vec!["log", "S-1", "--color", "never"], Medium::Terminal),
        (vec!["log", "--format", "markdown"], Medium::Markdown),
        (vec!["log", "--format", "json"], Medium::Json),
        (vec!["report", "--color", "never"], Medium::Terminal),
        (vec!["report", "--format", "markdown"], Medium::Markdown),
        (vec!["report", "--format", "json"], Medium::Json),
        (vec!["report", "--format", "html"], Medium::Html),
    ]);
    sweep(&plan, &cases);
}
