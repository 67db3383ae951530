//! `cairn diff`: every git argument form, items keyed by id, changes in words, the output
//! formats and exit codes, on real repositories with branches and fixed commit times.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

use crate::common::{Run, TempPlan, git, run};

/// 2026-01-01T00:00:00Z.
pub(crate) const T0: i64 = 1_767_225_600;
pub(crate) const DAY: i64 = 86_400;

/// A repository in `dir` whose first branch is `main`, with a fixed committer for the git CLI.
pub(crate) fn init_repo(dir: &Path) {
    let repo = git::init(dir);
    repo.set_head("refs/heads/main").unwrap();
    let mut config = repo.config().unwrap();
    config.set_str("user.name", "Dana Tester").unwrap();
    config.set_str("user.email", "dana@example.com").unwrap();
}

/// Commits everything in `dir` on the checked-out branch at `time`; the commit id in hex.
pub(crate) fn commit(dir: &Path, message: &str, time: i64) -> String {
    // A fresh handle each time, so the index is read after any `git checkout`.
    let repo = git2::Repository::open(dir).unwrap();
    git::commit_all(&repo, message, time).to_string()
}

/// Whitespace collapsed, so assertions do not depend on how diagnostics are wrapped.
pub(crate) fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A Markdown file with front matter `fields` (YAML lines) and `body`.
pub(crate) fn md(fields: &[&str], body: &str) -> String {
    format!("---\n{}\n---\n{body}", fields.join("\n"))
}

/// A story file.
pub(crate) fn story(id: &str, title: &str, initiative: &str, status: &str) -> String {
    md(
        &[
            &format!("id: {id}"),
            &format!("title: {title}"),
            &format!("initiative: {initiative}"),
            &format!("status: {status}"),
        ],
        "",
    )
}

/// `cairn diff ARGS --format json`, which must succeed.
fn diff_json(dir: &Path, args: &[&str]) -> Value {
    let mut all = vec!["diff"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let r = run(dir, &all);
    assert_eq!(r.code, 0, "cairn {all:?}:\n{}\n{}", r.stdout, r.stderr);
    r.json()
}

/// The ids of the changes, in output order.
fn ids(json: &Value) -> Vec<String> {
    json["changes"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap().to_string()).collect()
}

/// The changes by id.
fn by_id(json: &Value) -> BTreeMap<String, Value> {
    json["changes"].as_array().unwrap().iter().map(|c| (c["id"].as_str().unwrap().to_string(), c.clone())).collect()
}

/// One field change of an item change, if it has one.
fn field<'a>(change: &'a Value, name: &str) -> Option<&'a Value> {
    change["fields"].as_array().unwrap().iter().find(|f| f["field"] == name)
}

fn field_names(change: &Value) -> Vec<String> {
    change["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap().to_string()).collect()
}

fn ok(r: Run) -> String {
    assert_eq!(r.code, 0, "stdout:\n{}\nstderr:\n{}", r.stdout, r.stderr);
    r.stdout
}

/// Two initiatives and two stories, committed on `main` at T0.
fn base_plan() -> TempPlan {
    let plan = TempPlan::new();
    plan.write("roadmap/core.md", md(&["title: Core", "status: active", "priority: 1", "target: 2026-Q3"], ""));
    plan.write("roadmap/growth.md", md(&["title: Growth", "status: planned", "priority: 2", "target: 2026-H2"], ""));
    plan.write(
        "backlog/S-1-login.md",
        md(
            &["id: S-1", "title: Login", "initiative: core", "status: todo", "labels: [auth, ui]"],
            "Users sign in with email.\n\n## Acceptance criteria\n- [x] form\n- [ ] errors\n- [ ] reset link\n",
        ),
    );
    plan.write("backlog/S-2-signup.md", story("S-2", "Signup", "growth", "todo"));
    init_repo(plan.path());
    commit(plan.path(), "Add the plan", T0);
    plan
}

#[test]
fn no_argument_compares_head_with_the_working_tree() {
    let plan = base_plan();
    // An uncommitted edit, an untracked new item and a deleted file.
    plan.write(
        "backlog/S-1-login.md",
        md(
            &["id: S-1", "title: Login", "initiative: core", "status: in-progress", "labels: [auth, ui]"],
            "Users sign in with email.\n\n## Acceptance criteria\n- [x] form\n- [ ] errors\n- [ ] reset link\n",
        ),
    );
    plan.write("backlog/S-3-logout.md", story("S-3", "Logout", "core", "todo"));
    std::fs::remove_file(plan.path().join("backlog/S-2-signup.md")).unwrap();

    let json = diff_json(plan.path(), &[]);
    assert_eq!(json["base"], "HEAD");
    assert_eq!(json["head"], "WORKTREE");
    let changes = by_id(&json);
    // Removing S-2 leaves the planned initiative growth empty: growth is listed for the
    // problem the change gives it, with no field change.
    assert_eq!(changes.keys().collect::<Vec<_>>(), ["S-1", "S-2", "S-3", "growth"]);
    assert_eq!(changes["growth"]["fields"], serde_json::json!([]));
    assert_eq!(changes["growth"]["introduces"][0]["rule"], "roadmap/empty-initiative");
    assert_eq!(changes["S-1"]["change"], "modified");
    assert_eq!(field_names(&changes["S-1"]), ["status"]);
    assert_eq!(changes["S-2"]["change"], "removed");
    assert_eq!(changes["S-3"]["change"], "added");
    assert_eq!(changes["S-3"]["path"], "backlog/S-3-logout.md");

    let human = ok(run(plan.path(), &["diff"]));
    assert!(human.contains("status todo → in-progress (started)"), "{human}");
    assert!(human.contains("+ S-3  Logout (todo)"), "{human}");
    assert!(human.contains("- S-2  Signup"), "{human}");
    // growth is in the problems, not a change of its own.
    assert!(human.trim_end().ends_with("3 changes: 1 added, 1 modified, 1 removed"), "{human}");
}

#[test]
fn one_revision_is_compared_with_the_working_tree() {
    let plan = base_plan();
    plan.write("backlog/S-1-login.md", story("S-1", "Login", "core", "done"));
    let second = commit(plan.path(), "Finish login", T0 + DAY);
    // Uncommitted: S-2 is started.
    plan.write("backlog/S-2-signup.md", story("S-2", "Signup", "growth", "in-progress"));

    let json = diff_json(plan.path(), &["HEAD~1"]);
    assert_eq!((json["base"].as_str(), json["head"].as_str()), (Some("HEAD~1"), Some("WORKTREE")));
    assert_eq!(ids(&json), ["S-1", "S-2"]);

    for rev in ["HEAD", second.as_str(), &second[..7], "main"] {
        let json = diff_json(plan.path(), &[rev]);
        assert_eq!(json["base"], rev);
        assert_eq!(ids(&json), ["S-2"], "cairn diff {rev}");
    }
}

#[test]
fn two_revisions_and_double_dot_compare_commits_not_the_working_tree() {
    let plan = base_plan();
    plan.write("backlog/S-1-login.md", story("S-1", "Login", "core", "done"));
    plan.write("backlog/S-3-logout.md", story("S-3", "Logout", "core", "todo"));
    commit(plan.path(), "Finish login", T0 + DAY);
    // Working tree edits are not part of a diff between two commits.
    plan.write("backlog/S-2-signup.md", story("S-2", "Signup", "growth", "done"));

    let two = diff_json(plan.path(), &["HEAD~1", "HEAD"]);
    assert_eq!((two["base"].as_str(), two["head"].as_str()), (Some("HEAD~1"), Some("HEAD")));
    assert_eq!(ids(&two), ["S-1", "S-3"]);
    assert_eq!(by_id(&two)["S-3"]["change"], "added");
    let dots = diff_json(plan.path(), &["HEAD~1..HEAD"]);
    assert_eq!(dots["changes"], two["changes"]);
    assert_eq!((dots["base"].as_str(), dots["head"].as_str()), (Some("HEAD~1"), Some("HEAD")));
    // `A..` means `A..HEAD`.
    assert_eq!(diff_json(plan.path(), &["HEAD~1.."])["changes"], two["changes"]);

    // Reversed: the addition becomes a removal, the status goes back.
    let back = by_id(&diff_json(plan.path(), &["HEAD", "HEAD~1"]));
    assert_eq!(back["S-3"]["change"], "removed");
    let status = field(&back["S-1"], "status").unwrap();
    assert_eq!((status["from"].as_str(), status["to"].as_str()), (Some("done"), Some("todo")));
    assert_eq!(status["note"], "reopened");

    // The same commit on both sides: nothing.
    assert_eq!(ok(run(plan.path(), &["diff", "HEAD", "HEAD"])).trim(), "no changes to the plan");
}

/// `main` at T0; `feature` branches off and starts S-1 and adds S-3; then `main` moves on:
/// growth's target slips and S-4 is added. The working tree is left on `main`.
fn diverged() -> (TempPlan, String) {
    let plan = base_plan();
    let branch_point = git::cli(plan.path(), &["rev-parse", "HEAD"]).trim().to_string();
    git::cli(plan.path(), &["checkout", "-q", "-b", "feature"]);
    plan.write("backlog/S-1-login.md", story("S-1", "Login", "core", "in-progress"));
    plan.write("backlog/S-3-logout.md", story("S-3", "Logout", "core", "todo"));
    commit(plan.path(), "Start login, plan logout", T0 + DAY);
    git::cli(plan.path(), &["checkout", "-q", "main"]);
    plan.write("roadmap/growth.md", md(&["title: Growth", "status: planned", "priority: 2", "target: 2027-H1"], ""));
    plan.write("backlog/S-4-referrals.md", story("S-4", "Referrals", "growth", "todo"));
    commit(plan.path(), "Growth slips, referrals", T0 + 2 * DAY);
    (plan, branch_point)
}

#[test]
fn triple_dot_compares_the_merge_base_with_the_second_revision() {
    let (plan, branch_point) = diverged();

    let json = diff_json(plan.path(), &["main...feature"]);
    // The base is the merge base, as a commit id a script can reuse.
    assert_eq!(json["base"], branch_point.as_str());
    assert_eq!(json["head"], "feature");
    // Only what the branch changed: main's later changes (growth, S-4) are not there.
    assert_eq!(ids(&json), ["S-1", "S-3"]);
    let human = ok(run(plan.path(), &["diff", "main...feature"]));
    assert!(!human.contains("S-4") && !human.contains("Growth") && !human.contains("2027-H1"), "{human}");
    // An empty left side is HEAD (main here).
    assert_eq!(diff_json(plan.path(), &["...feature"])["changes"], json["changes"]);

    // Without the merge base, main's later changes show up, reversed.
    let plain = diff_json(plan.path(), &["main", "feature"]);
    assert_eq!(ids(&plain), ["growth", "S-1", "S-3", "S-4"]);
    let changes = by_id(&plain);
    assert_eq!(changes["S-4"]["change"], "removed");
    let target = field(&changes["growth"], "target").unwrap();
    assert_eq!((target["from"].as_str(), target["to"].as_str()), (Some("2027-H1"), Some("2026-H2")));
    assert_eq!(target["note"], "pulled in one half");
    assert_eq!(diff_json(plan.path(), &["main..feature"])["changes"], plain["changes"]);

    // And the other way round: what main did since the branch point.
    let json = diff_json(plan.path(), &["feature...main"]);
    assert_eq!(json["base"], branch_point.as_str());
    assert_eq!(ids(&json), ["growth", "S-4"]);
    assert_eq!(field(&by_id(&json)["growth"], "target").unwrap()["note"], "slipped one half");
}

#[test]
fn a_moved_or_renamed_file_is_one_modified_item() {
    let plan = base_plan();
    std::fs::create_dir_all(plan.path().join("backlog/auth")).unwrap();
    std::fs::rename(plan.path().join("backlog/S-1-login.md"), plan.path().join("backlog/auth/S-1-sign-in.md")).unwrap();
    std::fs::create_dir_all(plan.path().join("backlog/archive")).unwrap();
    std::fs::rename(plan.path().join("backlog/S-2-signup.md"), plan.path().join("backlog/archive/S-2-signup.md"))
        .unwrap();
    commit(plan.path(), "Reorganise the backlog", T0 + DAY);

    let json = diff_json(plan.path(), &["HEAD~1", "HEAD"]);
    let changes = json["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 2, "{json:#}");
    let c = by_id(&json);
    assert_eq!(c["S-1"]["change"], "modified");
    assert_eq!(c["S-1"]["path"], "backlog/auth/S-1-sign-in.md");
    assert_eq!(c["S-1"]["old_path"], "backlog/S-1-login.md");
    assert_eq!(c["S-1"]["fields"], serde_json::json!([]));
    assert_eq!(c["S-2"]["old_path"], "backlog/S-2-signup.md");

    let human = ok(run(plan.path(), &["diff", "HEAD~1", "HEAD"]));
    assert!(
        human.contains("~ S-1  Login\n        moved from backlog/S-1-login.md to backlog/auth/S-1-sign-in.md\n"),
        "{human}"
    );
    assert!(human.contains("archived: moved from backlog/S-2-signup.md to backlog/archive/S-2-signup.md"), "{human}");
    assert!(human.contains("1 item archived; 1 file moved, nothing else changed"), "{human}");
    assert!(human.contains("2 changes: 2 modified"), "{human}");
    let stat = ok(run(plan.path(), &["diff", "HEAD~1", "HEAD", "--stat"]));
    assert!(stat.contains("~ S-1  Login  moved\n"), "{stat}");
    assert!(stat.contains("~ S-2  Signup  archived\n"), "{stat}");
    // --stat is a view of the human diff: with another format it is refused, never ignored.
    for format in ["json", "markdown"] {
        let r = run(plan.path(), &["diff", "HEAD~1", "HEAD", "--stat", "--format", format]);
        assert_eq!(r.code, 2, "{format}: {}", r.stdout);
        assert!(r.stdout.is_empty() && r.stderr.contains("--stat"), "{}", r.stderr);
    }
}

#[test]
fn an_id_changed_in_the_same_file_is_a_renumbering_and_in_another_file_a_removal_and_an_addition() {
    let plan = base_plan();
    plan.write("backlog/S-2-signup.md", story("S-20", "Signup", "growth", "todo"));
    let json = diff_json(plan.path(), &[]);
    assert_eq!(ids(&json), ["S-20"]);
    let c = &by_id(&json)["S-20"];
    assert_eq!((c["change"].as_str(), c["old_id"].as_str()), (Some("modified"), Some("S-2")));
    assert_eq!(c["path"], "backlog/S-2-signup.md");
    assert!(c.get("old_path").is_none(), "{json:#}");
    let id = field(c, "id").unwrap();
    assert_eq!(
        (id["from"].as_str(), id["to"].as_str(), id["note"].as_str()),
        (Some("S-2"), Some("S-20"), Some("renumbered"))
    );

    // A new id in a new file is another item.
    std::fs::remove_file(plan.path().join("backlog/S-2-signup.md")).unwrap();
    plan.write("backlog/S-20-signup.md", story("S-20", "Signup", "growth", "todo"));
    let json = diff_json(plan.path(), &[]);
    assert_eq!(ids(&json), ["S-2", "S-20"]);
    let c = by_id(&json);
    assert_eq!((c["S-2"]["change"].as_str(), c["S-20"]["change"].as_str()), (Some("removed"), Some("added")));
}

#[test]
fn lists_are_compared_as_sets() {
    let plan = base_plan();
    let body = "Users sign in with email.\n\n## Acceptance criteria\n- [x] form\n- [ ] errors\n- [ ] reset link\n";
    let s1 = |labels: &str, deps: &str| {
        md(&["id: S-1", "title: Login", "initiative: core", "status: todo", labels, deps], body)
    };
    // Reordered labels, same set: no change.
    plan.write("backlog/S-1-login.md", s1("labels: [ui, auth]", "depends_on: []"));
    let r = run(plan.path(), &["diff", "--exit-code"]);
    assert_eq!((r.code, r.stdout.trim()), (0, "no changes to the plan"), "{}", r.stderr);

    plan.write("backlog/S-1-login.md", s1("labels: [ui, security]", "depends_on: [S-2]"));
    let json = diff_json(plan.path(), &[]);
    let s1 = &by_id(&json)["S-1"];
    assert_eq!(field_names(s1), ["labels", "depends_on"]);
    let labels = field(s1, "labels").unwrap();
    assert_eq!(labels["from"], serde_json::json!(["auth", "ui"]));
    assert_eq!(labels["to"], serde_json::json!(["ui", "security"]));
    let human = ok(run(plan.path(), &["diff"]));
    assert!(human.contains("labels added security; removed auth"), "{human}");
    assert!(human.contains("depends_on added S-2"), "{human}");
}

#[test]
fn acceptance_criteria_progress_and_prose_changes() {
    let plan = base_plan();
    let fields = ["id: S-1", "title: Login", "initiative: core", "status: todo", "labels: [auth, ui]"];
    // Every box checked: progress, not "body changed".
    plan.write(
        "backlog/S-1-login.md",
        md(
            &fields,
            "Users sign in with email.\n\n## Acceptance criteria\n- [x] form\n- [x] errors\n- [x] reset link\n",
        ),
    );
    let json = diff_json(plan.path(), &[]);
    let s1 = &by_id(&json)["S-1"];
    assert_eq!(field_names(s1), ["acceptance criteria"]);
    let ac = field(s1, "acceptance criteria").unwrap();
    assert_eq!((ac["from"].as_str(), ac["to"].as_str()), (Some("1/3"), Some("3/3")));
    let human = ok(run(plan.path(), &["diff"]));
    assert!(human.contains("acceptance criteria 1/3 → 3/3"), "{human}");
    assert!(!human.contains("body changed"), "{human}");

    // Only the prose changes: "body changed" and nothing else.
    plan.write(
        "backlog/S-1-login.md",
        md(
            &fields,
            "Users sign in with email or a passkey.\n\n## Acceptance criteria\n- [x] form\n- [ ] errors\n- [ ] reset link\n",
        ),
    );
    let json = diff_json(plan.path(), &[]);
    assert_eq!(field_names(&by_id(&json)["S-1"]), ["body"]);
    let human = ok(run(plan.path(), &["diff"]));
    assert!(human.contains("~ S-1  Login\n        body changed\n"), "{human}");
    assert!(!human.contains("---"), "{human}");

    // Prose and criteria changed in the same edit: both are reported.
    plan.write(
        "backlog/S-1-login.md",
        md(
            &fields,
            "Users sign in with a passkey only.\n\n## Acceptance criteria\n- [x] form\n- [ ] errors\n- [ ] reset link\n- [ ] audit log\n",
        ),
    );
    let json = diff_json(plan.path(), &[]);
    assert_eq!(field_names(&by_id(&json)["S-1"]), ["acceptance criteria", "body"]);
}

#[test]
fn target_moves_are_worded_per_period_granularity() {
    // (id, target before, target after, words)
    let cases = [
        ("year", "2026", "2027", "slipped one year"),
        ("years", "2026", "2028", "slipped 2 years"),
        ("half", "2026-H1", "2026-H2", "slipped one half"),
        ("halves", "2026-H1", "2027-H1", "slipped 2 halves"),
        ("quarter", "2026-Q3", "2026-Q4", "slipped one quarter"),
        ("quarters", "2026-Q1", "2026-Q3", "slipped 2 quarters"),
        ("month", "2026-09", "2026-10", "slipped one month"),
        ("months", "2026-09", "2026-11", "slipped 2 months"),
        ("day", "2026-09-10", "2026-09-11", "slipped one day"),
        ("days", "2026-09-10", "2026-09-24", "slipped 14 days"),
        ("p-year", "2027", "2026", "pulled in one year"),
        ("p-half", "2026-H2", "2026-H1", "pulled in one half"),
        ("p-quarters", "2026-Q4", "2026-Q2", "pulled in 2 quarters"),
        ("p-month", "2026-12", "2026-11", "pulled in one month"),
        ("p-days", "2026-10-15", "2026-10-12", "pulled in 3 days"),
    ];
    let plan = TempPlan::new();
    let initiative =
        |id: &str, target: &str| md(&[&format!("title: Initiative {id}"), &format!("target: {target}")], "");
    for (id, from, _, _) in cases {
        plan.write(&format!("roadmap/{id}.md"), initiative(id, from));
    }
    plan.write("roadmap/unset.md", md(&["title: Unset"], ""));
    plan.write("roadmap/start.md", md(&["title: Start", "start: 2026-Q1", "target: 2026-Q4"], ""));
    init_repo(plan.path());
    commit(plan.path(), "Roadmap", T0);
    for (id, _, to, _) in cases {
        plan.write(&format!("roadmap/{id}.md"), initiative(id, to));
    }
    plan.write("roadmap/unset.md", md(&["title: Unset", "target: 2026-Q2"], ""));
    plan.write("roadmap/start.md", md(&["title: Start", "start: 2026-Q2", "target: 2026-Q4"], ""));
    commit(plan.path(), "Replan", T0 + DAY);

    let json = diff_json(plan.path(), &["HEAD~1", "HEAD"]);
    let changes = by_id(&json);
    assert_eq!(changes.len(), cases.len() + 2);
    let human = ok(run(plan.path(), &["diff", "HEAD~1", "HEAD"]));
    for (id, from, to, words) in cases {
        let c = &changes[id];
        assert_eq!(c["kind"], "initiative");
        assert_eq!(field_names(c), ["target"], "{id}");
        let f = field(c, "target").unwrap();
        assert_eq!(
            (f["from"].as_str(), f["to"].as_str(), f["note"].as_str()),
            (Some(from), Some(to), Some(words)),
            "{id}"
        );
        assert!(human.contains(&format!("target {from} → {to} ({words})")), "{id}: {human}");
    }
    assert!(human.contains("target (none) → 2026-Q2 (set)"), "{human}");
    assert!(human.contains("start 2026-Q1 → 2026-Q2 (slipped one quarter)"), "{human}");
}

#[test]
fn status_moves_are_named_by_category_and_initiative_changes_are_relinks() {
    let plan = TempPlan::new();
    plan.write("roadmap/core.md", md(&["title: Core", "status: proposed"], ""));
    plan.write("roadmap/growth.md", md(&["title: Growth", "status: active"], ""));
    plan.write("roadmap/legacy.md", md(&["title: Legacy", "status: planned"], ""));
    // (id, status before, status after, words or "" for none)
    let moves = [
        ("S-1", "todo", "done", "closed"),
        ("S-2", "todo", "in-progress", "started"),
        ("S-3", "in-progress", "todo", "moved back to open"),
        ("S-4", "done", "todo", "reopened"),
        ("S-5", "todo", "wontdo", "abandoned"),
        ("S-6", "in-review", "done", "closed"),
        ("S-7", "todo", "ready", ""),
    ];
    for (id, from, _, _) in moves {
        plan.write(&format!("backlog/{id}.md"), story(id, &format!("Story {id}"), "core", from));
    }
    plan.write("backlog/S-8.md", story("S-8", "Moving story", "core", "todo"));
    init_repo(plan.path());
    commit(plan.path(), "Plan", T0);
    for (id, _, to, _) in moves {
        plan.write(&format!("backlog/{id}.md"), story(id, &format!("Story {id}"), "core", to));
    }
    plan.write("backlog/S-8.md", story("S-8", "Moving story", "growth", "todo"));
    plan.write("roadmap/core.md", md(&["title: Core", "status: active"], ""));
    plan.write("roadmap/growth.md", md(&["title: Growth", "status: dropped"], ""));
    plan.write("roadmap/legacy.md", md(&["title: Legacy", "status: done"], ""));

    let json = diff_json(plan.path(), &[]);
    let changes = by_id(&json);
    let human = ok(run(plan.path(), &["diff"]));
    for (id, from, to, words) in moves {
        let f = field(&changes[id], "status").unwrap();
        assert_eq!((f["from"].as_str(), f["to"].as_str()), (Some(from), Some(to)), "{id}");
        if words.is_empty() {
            assert!(f.get("note").is_none(), "{id}: {f}");
            assert!(human.contains(&format!("status {from} → {to}\n")), "{id}: {human}");
        } else {
            assert_eq!(f["note"], words, "{id}");
            assert!(human.contains(&format!("status {from} → {to} ({words})")), "{id}: {human}");
        }
    }
    for (id, from, to, words) in [
        ("core", "proposed", "active", "started"),
        ("growth", "active", "dropped", "abandoned"),
        ("legacy", "planned", "done", "closed"),
    ] {
        let f = field(&changes[id], "status").unwrap();
        assert_eq!(
            (f["from"].as_str(), f["to"].as_str(), f["note"].as_str()),
            (Some(from), Some(to), Some(words)),
            "{id}"
        );
    }
    let relink = field(&changes["S-8"], "initiative").unwrap();
    assert_eq!((relink["from"].as_str(), relink["to"].as_str()), (Some("core"), Some("growth")));
    assert_eq!(relink["note"], "re-linked");
    assert!(human.contains("initiative core → growth (re-linked)"), "{human}");
}

#[test]
fn new_orphans_and_dangling_links_are_called_out() {
    let plan = TempPlan::new();
    plan.write("roadmap/core.md", md(&["title: Core"], ""));
    plan.write("roadmap/growth.md", md(&["title: Growth"], ""));
    plan.write("backlog/S-1.md", story("S-1", "Login", "core", "todo"));
    plan.write("backlog/S-2.md", story("S-2", "Signup", "core", "todo"));
    plan.write("backlog/S-3.md", md(&["title: Already an orphan"], ""));
    plan.write("backlog/S-4.md", md(&["title: Depends", "initiative: core", "depends_on: [S-1]"], ""));
    plan.write("backlog/S-6.md", story("S-6", "Under growth", "growth", "todo"));
    init_repo(plan.path());
    commit(plan.path(), "Plan", T0);

    plan.write("backlog/S-1.md", md(&["id: S-1", "title: Login"], ""));
    plan.write("backlog/S-2.md", story("S-2", "Signup", "nope", "todo"));
    plan.write("backlog/S-3.md", md(&["title: Still an orphan"], ""));
    plan.write("backlog/S-4.md", md(&["title: Depends", "initiative: core", "depends_on: [S-1, S-99]"], ""));
    plan.write("backlog/S-5.md", story("S-5", "New under a ghost", "ghost", "todo"));
    // S-6 is untouched, but its initiative goes away.
    std::fs::remove_file(plan.path().join("roadmap/growth.md")).unwrap();
    commit(plan.path(), "Break links", T0 + DAY);

    let json = diff_json(plan.path(), &["HEAD~1", "HEAD"]);
    let c = by_id(&json);
    // Each introduced problem is the check's finding: rule, severity, message and help.
    let introduces = |id: &str| -> Vec<String> {
        c[id].get("introduces").map_or_else(Vec::new, |v| {
            v.as_array().unwrap().iter().map(|m| m["message"].as_str().unwrap().to_string()).collect()
        })
    };
    assert_eq!(introduces("S-1"), ["backlog item S-1 traces to no initiative"]);
    assert!(introduces("S-2")[0].contains("`nope`"), "{:?}", introduces("S-2"));
    // A link to an initiative that does not exist is no re-link: it is the problem, with the
    // check's help.
    assert_eq!(field(&c["S-2"], "initiative").unwrap()["note"], "no such initiative");
    assert_eq!(c["S-2"]["introduces"][0]["rule"], "link/dangling");
    assert_eq!(c["S-2"]["introduces"][0]["severity"], "error");
    assert!(c["S-2"]["introduces"][0]["help"].is_string(), "{json:#}");
    // A problem that was already there is not "introduced".
    assert_eq!(introduces("S-3"), Vec::<String>::new());
    assert_eq!(field_names(&c["S-3"]), ["title"]);
    assert!(introduces("S-4")[0].contains("`S-99`"), "{:?}", introduces("S-4"));
    assert_eq!(c["S-5"]["change"], "added");
    assert!(introduces("S-5")[0].contains("`ghost`"), "{:?}", introduces("S-5"));
    // The file did not change, yet the change breaks it.
    assert_eq!(c["S-6"]["change"], "modified");
    assert_eq!(c["S-6"]["fields"], serde_json::json!([]));
    assert!(introduces("S-6")[0].contains("`growth`"), "{:?}", introduces("S-6"));
    assert_eq!(c["growth"]["change"], "removed");

    // Every problem of the diff is in the problems section, at the top, with its rule.
    assert_eq!(json["problems"].as_array().unwrap().len(), 5, "{json:#}");
    let human = ok(run(plan.path(), &["diff", "HEAD~1", "HEAD"]));
    let problems = human.split("\n\n").find(|p| p.starts_with("Problems this change introduces")).unwrap();
    assert!(
        problems.contains("error  link/orphan  backlog/S-1.md:2\n      backlog item S-1 traces to no initiative"),
        "{human}"
    );
    assert_eq!(problems.matches("  error  link/").count(), 5, "{human}");
    // S-6's file did not change: the line of its problem is not known, its file is.
    assert!(problems.contains("error  link/dangling  backlog/S-6.md\n"), "{human}");
    // --stat does not call an unmoved, unedited item "moved".
    let stat = ok(run(plan.path(), &["diff", "HEAD~1", "HEAD", "--stat"]));
    // It is marked `!`: unchanged, given a problem by another change.
    assert!(stat.contains("! S-6  Under growth  introduces 1 problem\n"), "{stat}");
    assert!(!stat.contains("  moved"), "{stat}");
}

#[test]
fn roadmap_comes_first_then_backlog_grouped_by_initiative() {
    let plan = TempPlan::new();
    plan.write("roadmap/core.md", md(&["title: Core", "priority: 1"], ""));
    plan.write("roadmap/growth.md", md(&["title: Growth", "priority: 2"], ""));
    for (id, initiative) in [("S-1", "growth"), ("S-2", "core"), ("S-3", "growth"), ("S-4", "core"), ("S-6", "core")] {
        plan.write(&format!("backlog/{id}.md"), story(id, &format!("Story {id}"), initiative, "todo"));
    }
    init_repo(plan.path());
    commit(plan.path(), "Plan", T0);
    for (id, initiative) in [("S-1", "growth"), ("S-2", "core"), ("S-3", "growth"), ("S-4", "core")] {
        plan.write(&format!("backlog/{id}.md"), story(id, &format!("Story {id}"), initiative, "done"));
    }
    // S-6 is re-linked: it is grouped under its new initiative.
    plan.write("backlog/S-6.md", story("S-6", "Story S-6", "growth", "todo"));
    plan.write("roadmap/growth.md", md(&["title: Growth", "priority: 1"], ""));
    plan.write("roadmap/core.md", md(&["title: Core", "priority: 2"], ""));

    let json = diff_json(plan.path(), &[]);
    assert_eq!(ids(&json), ["core", "growth", "S-2", "S-4", "S-1", "S-3", "S-6"]);
    let kinds: Vec<&str> = json["changes"].as_array().unwrap().iter().map(|c| c["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["initiative", "initiative", "story", "story", "story", "story", "story"]);

    let human = ok(run(plan.path(), &["diff"]));
    // The details come after the summary and the roadmap impact.
    let details = &human[human.find("\nRoadmap\n").unwrap()..];
    assert!(human.find("Roadmap impact\n").unwrap() < human.find("\nRoadmap\n").unwrap(), "{human}");
    let pos = |needle: &str| details.find(needle).unwrap_or_else(|| panic!("{needle:?} not in:\n{human}"));
    let order = [
        "Roadmap\n",
        "~ core  Core",
        "~ growth  Growth",
        "Backlog\n",
        "Core (core)",
        "~ S-2 ",
        "~ S-4 ",
        "Growth (growth)",
        "~ S-1 ",
        "~ S-3 ",
        "~ S-6 ",
    ];
    for pair in order.windows(2) {
        assert!(pos(pair[0]) < pos(pair[1]), "{:?} should come before {:?}:\n{human}", pair[0], pair[1]);
    }
}

/// The JSON of SPEC §5, read strictly for the fields it names.
#[derive(Debug, Deserialize)]
struct DiffJson {
    base: String,
    head: String,
    changes: Vec<ChangeJson>,
}

#[derive(Debug, Deserialize)]
struct ChangeJson {
    id: String,
    kind: String,
    change: String,
    path: String,
    old_path: Option<String>,
    fields: Vec<FieldJson>,
}

#[derive(Debug, Deserialize)]
struct FieldJson {
    field: String,
    from: Value,
    to: Value,
}

#[test]
fn json_has_the_documented_shape() {
    let (plan, branch_point) = diverged();
    git::cli(plan.path(), &["checkout", "-q", "feature"]);
    std::fs::rename(plan.path().join("backlog/S-2-signup.md"), plan.path().join("backlog/S-2-register.md")).unwrap();
    plan.write("roadmap/new.md", md(&["title: New bet"], ""));
    std::fs::remove_file(plan.path().join("backlog/S-3-logout.md")).unwrap();

    for (args, base, head) in [
        (vec![], "HEAD", "WORKTREE"),
        (vec!["main...feature"], branch_point.as_str(), "feature"),
        (vec!["main", "feature"], "main", "feature"),
    ] {
        let mut all = vec!["diff"];
        all.extend_from_slice(&args);
        all.extend_from_slice(&["--format", "json"]);
        let out = ok(run(plan.path(), &all));
        let d: DiffJson = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}:\n{out}"));
        assert_eq!((d.base.as_str(), d.head.as_str()), (base, head), "{args:?}");
        assert!(!d.changes.is_empty(), "{args:?}");
        for c in &d.changes {
            assert!(["initiative", "story"].contains(&c.kind.as_str()), "{c:?}");
            assert!(["added", "removed", "modified"].contains(&c.change.as_str()), "{c:?}");
            let folder = if c.kind == "initiative" { "roadmap/" } else { "backlog/" };
            assert!(c.path.starts_with(folder) && c.path.ends_with(".md"), "{c:?}");
            if c.change != "modified" {
                assert!(c.fields.is_empty() && c.old_path.is_none(), "{c:?}");
            }
            for f in &c.fields {
                assert!(!f.field.is_empty());
                assert!(f.from != f.to || f.field == "body", "{f:?}");
            }
            assert!(!c.id.is_empty());
        }
    }

    // The working tree against HEAD (feature): every kind of change at once.
    let d: DiffJson = serde_json::from_str(&ok(run(plan.path(), &["diff", "--format", "json"]))).unwrap();
    let found: Vec<(&str, &str, &str, Option<&str>)> =
        d.changes.iter().map(|c| (c.id.as_str(), c.kind.as_str(), c.change.as_str(), c.old_path.as_deref())).collect();
    assert_eq!(
        found,
        [
            ("new", "initiative", "added", None),
            ("S-3", "story", "removed", None),
            ("S-2", "story", "modified", Some("backlog/S-2-signup.md")),
        ]
    );
    // `old_path` is left out, not null, when the file did not move.
    let raw: Value = serde_json::from_str(&ok(run(plan.path(), &["diff", "--format", "json"]))).unwrap();
    assert!(raw["changes"][0].as_object().unwrap().get("old_path").is_none());
}

#[test]
fn markdown_for_a_pull_request() {
    let (plan, _) = diverged();
    git::cli(plan.path(), &["checkout", "-q", "feature"]);
    plan.write("roadmap/core.md", md(&["title: Core", "status: active", "priority: 1", "target: 2026-Q4"], ""));
    plan.write("roadmap/payments.md", md(&["title: Payments", "status: proposed"], ""));
    plan.write(
        "backlog/S-1-login.md",
        md(
            &["id: S-1", "title: Login", "initiative: core", "status: done", "labels: [auth, ui, mobile]"],
            "Users sign in with email.\n\n## Acceptance criteria\n- [x] form\n- [x] errors\n- [x] reset link\n",
        ),
    );
    plan.write("backlog/S-2-signup.md", story("S-2", "Signup", "payments", "todo"));
    plan.write("backlog/S-5-card.md", story("S-5", "Pay by <card> & wallet", "payments", "todo"));
    plan.write("backlog/S-6-orphan.md", md(&["id: S-6", "title: Lost story"], ""));
    std::fs::remove_file(plan.path().join("backlog/S-3-logout.md")).unwrap();
    commit(plan.path(), "Payments", T0 + 3 * DAY);

    let out = ok(run(plan.path(), &["diff", "main...feature", "--format", "markdown"]));
    // SPEC §3.1's order: the range as named, the summary, problems, impact, then details.
    assert!(out.starts_with("### Plan changes: `main...feature`\n"), "{out}");
    let order = [
        "**Core slips one quarter (now at-risk);",
        "#### Problems this change introduces (2)",
        "#### Roadmap impact",
        "#### Details: 6 changes: 3 added, 3 modified",
    ];
    let at: Vec<usize> = order.iter().map(|h| out.find(h).unwrap_or_else(|| panic!("{h}:\n{out}"))).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{out}");
    assert!(out.contains("`link/orphan` in `backlog/S-6-orphan.md:2`"), "{out}");
    assert!(!out.contains("---"), "no raw YAML:\n{out}");
    insta::with_settings!({filters => vec![(r"`[0-9a-f]{7}`", "`[short id]`")]}, {
        insta::assert_snapshot!("diff_markdown_pull_request", out);
    });
}

#[test]
fn stat_prints_one_line_per_item() {
    let (plan, _) = diverged();
    let out = ok(run(plan.path(), &["diff", "main", "feature", "--stat"]));
    let item_lines: Vec<&str> = out.lines().filter(|l| l.trim_start().starts_with(['+', '-', '~'])).collect();
    assert_eq!(item_lines.len(), 4, "{out}");
    for id in ["growth", "S-1", "S-3", "S-4"] {
        assert_eq!(out.lines().filter(|l| l.contains(&format!(" {id} "))).count(), 1, "{id}:\n{out}");
    }
    assert!(out.contains("~ growth  Growth  1 change"), "{out}");
    assert!(out.contains("+ S-3  Logout  added (todo)"), "{out}");
    assert!(out.contains("- S-4  Referrals  removed"), "{out}");
    assert!(!item_lines.iter().any(|l| l.contains("→")), "--stat has no detail lines:\n{out}");
    // Items with problems the change introduces are marked.
    assert!(out.contains("~ S-1  Login  4 changes, introduces 1 problem"), "{out}");
    assert!(out.trim_end().ends_with("4 changes: 1 added, 2 modified, 1 removed"), "{out}");
}

#[test]
fn exit_code_reports_whether_there_are_changes() {
    let (plan, _) = diverged();
    // Without --exit-code: 0 either way.
    assert_eq!(run(plan.path(), &["diff", "main", "feature"]).code, 0);
    assert_eq!(run(plan.path(), &["diff"]).code, 0);
    // With it: 1 when there are changes, 0 when there are none.
    for args in [&["main", "feature"][..], &["main...feature"], &["feature...main"]] {
        let mut all = vec!["diff", "--exit-code"];
        all.extend_from_slice(args);
        let r = run(plan.path(), &all);
        assert_eq!(r.code, 1, "{args:?}: {}", r.stderr);
        assert!(r.stdout.contains("changes:"), "{}", r.stdout);
    }
    for args in [&[][..], &["main", "main"], &["HEAD"], &["feature...feature"]] {
        let mut all = vec!["diff", "--exit-code"];
        all.extend_from_slice(args);
        let r = run(plan.path(), &all);
        assert_eq!((r.code, r.stdout.trim()), (0, "no changes to the plan"), "{args:?}: {}", r.stderr);
    }
    // A working tree change counts.
    plan.write("backlog/S-9.md", story("S-9", "New", "core", "todo"));
    assert_eq!(run(plan.path(), &["diff", "--exit-code", "--format", "json"]).code, 1);
}

#[test]
fn unknown_revisions_exit_2_naming_them() {
    let (plan, _) = diverged();
    for (args, name) in [
        (&["no-such-branch"][..], "no-such-branch"),
        (&["main", "no-such-branch"], "no-such-branch"),
        (&["main..no-such-branch"], "no-such-branch"),
        (&["no-such-branch...feature"], "no-such-branch"),
        (&["HEAD~9", "HEAD"], "HEAD~9"),
    ] {
        let mut all = vec!["diff"];
        all.extend_from_slice(args);
        let r = run(plan.path(), &all);
        assert_eq!(r.code, 2, "{args:?}:\n{}", r.stdout);
        assert!(r.stdout.is_empty(), "{args:?}: {}", r.stdout);
        assert!(r.stderr.contains(&format!("`{name}`")), "{args:?}: {}", r.stderr);
        assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    }
    // More than two revisions is a usage error.
    assert_eq!(run(plan.path(), &["diff", "main", "feature", "HEAD"]).code, 2);
    // Outside a git repository there is nothing to diff against.
    let plain = TempPlan::with_initiative();
    let r = run(plain.path(), &["diff"]);
    assert_eq!(r.code, 2);
    assert!(squash(&r.stderr).contains("not inside a git repository"), "{}", r.stderr);
}

/// `git clone --depth 1 file://SOURCE NAME` (file:// so that the depth applies) in a new temp dir.
pub(crate) fn shallow_clone(source: &Path, extra: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("file://{}", source.display());
    let mut args = vec!["clone", "-q", "--depth", "1"];
    args.extend_from_slice(extra);
    args.extend_from_slice(&[url.as_str(), "clone"]);
    git::cli(dir.path(), &args);
    assert_eq!(git::cli(&dir.path().join("clone"), &["rev-parse", "--is-shallow-repository"]).trim(), "true");
    dir
}

pub(crate) fn assert_shallow_advice(r: &Run) {
    assert_eq!(r.code, 2, "stdout:\n{}\nstderr:\n{}", r.stdout, r.stderr);
    assert!(r.stdout.is_empty(), "no partial answer: {}", r.stdout);
    let err = squash(&r.stderr);
    assert!(err.contains("shallow clone"), "{err}");
    assert!(err.contains("fetch-depth: 0"), "{err}");
}

#[test]
fn a_shallow_clone_stops_with_advice_instead_of_a_wrong_answer() {
    let (plan, _) = diverged();
    plan.write("backlog/S-2-signup.md", story("S-2", "Signup", "growth", "done"));
    commit(plan.path(), "Finish signup", T0 + 3 * DAY);

    let clone = shallow_clone(plan.path(), &[]);
    let dir = clone.path().join("clone");
    assert_shallow_advice(&run(&dir, &["diff", "HEAD~1", "HEAD"]));
    assert_shallow_advice(&run(&dir, &["diff", "main~1...HEAD"]));
    assert_shallow_advice(&run(&dir, &["diff", "HEAD~1"]));
    // What the clone does have still works.
    assert_eq!(ok(run(&dir, &["diff", "HEAD"])).trim(), "no changes to the plan");

    // Both branches fetched, each one commit deep: their merge base is missing.
    let clone = shallow_clone(plan.path(), &["--no-single-branch"]);
    let dir = clone.path().join("clone");
    assert_shallow_advice(&run(&dir, &["diff", "origin/main...origin/feature"]));
}

#[test]
fn the_link_cache_lives_in_the_git_dir_and_never_changes_answers() {
    let plan = base_plan();
    plan.write("backlog/S-9.md", story("S-9", "Another", "core", "todo"));
    commit(plan.path(), "Add S-9", T0 + DAY);
    let cold = ok(run(plan.path(), &["diff", "HEAD~1", "HEAD", "--format", "json"]));
    let cache_dir = plan.path().join(".git/cairn");
    let files: Vec<_> = std::fs::read_dir(&cache_dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(files.len(), 1, "{files:?}");
    // Warm: the same answer.
    assert_eq!(ok(run(plan.path(), &["diff", "HEAD~1", "HEAD", "--format", "json"])), cold);
    // A corrupt cache is ignored (and rebuilt), a deleted one too.
    let file = cache_dir.join(&files[0]);
    std::fs::write(&file, b"{not json").unwrap();
    assert_eq!(ok(run(plan.path(), &["diff", "HEAD~1", "HEAD", "--format", "json"])), cold);
    std::fs::remove_dir_all(&cache_dir).unwrap();
    assert_eq!(ok(run(plan.path(), &["diff", "HEAD~1", "HEAD", "--format", "json"])), cold);
    // Nothing is written into the working tree.
    let status = git::cli(plan.path(), &["status", "--porcelain"]);
    assert_eq!(status, "");
}
