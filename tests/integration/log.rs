//! `cairn log`: the plan's history from git, on repositories with fixed commit times.

use serde_json::Value;

use crate::common::{TempPlan, git, run};
use crate::diff::{DAY, T0, assert_shallow_advice, commit, init_repo, md, shallow_clone, squash, story};

/// `cairn log ARGS --format json`, which must succeed.
fn log_json(dir: &std::path::Path, args: &[&str]) -> Vec<Value> {
    let mut all = vec!["log"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let r = run(dir, &all);
    assert_eq!(r.code, 0, "cairn {all:?}:\n{}\n{}", r.stdout, r.stderr);
    r.json().as_array().expect("a JSON array").clone()
}

fn subjects(entries: &[Value]) -> Vec<String> {
    entries.iter().map(|e| e["subject"].as_str().unwrap().to_string()).collect()
}

/// Five commits, two of which change no item:
/// 2026-01-01 "Add the plan", 2026-02-01 "Start login", 2026-02-15 "Docs only" (outside the
/// plan folders), 2026-03-01 "Finish login, core slips", 2026-04-01 "Backlog readme" (not an item).
struct History {
    plan: TempPlan,
    /// Commit ids of the commits that changed items, oldest first.
    add: String,
    start: String,
    finish: String,
}

fn history() -> History {
    let plan = TempPlan::new();
    plan.write("roadmap/core.md", md(&["title: Core", "status: active", "target: 2026-Q3"], ""));
    plan.write("backlog/S-1.md", story("S-1", "Login", "core", "todo"));
    plan.write("backlog/S-2.md", story("S-2", "Signup", "core", "todo"));
    init_repo(plan.path());
    let add = commit(plan.path(), "Add the plan", T0);
    plan.write("backlog/S-1.md", story("S-1", "Login", "core", "in-progress"));
    let start = commit(plan.path(), "Start login", T0 + 31 * DAY);
    plan.write("README.md", "# The product\n");
    plan.write("src/main.txt", "code\n");
    commit(plan.path(), "Docs only", T0 + 45 * DAY);
    plan.write("backlog/S-1.md", story("S-1", "Login", "core", "done"));
    plan.write("roadmap/core.md", md(&["title: Core", "status: active", "target: 2026-Q4"], ""));
    let finish = commit(plan.path(), "Finish login, core slips", T0 + 59 * DAY);
    plan.write("backlog/README.md", "How we write stories.\n");
    commit(plan.path(), "Backlog readme", T0 + 90 * DAY);
    History { plan, add, start, finish }
}

#[test]
fn log_lists_plan_commits_newest_first_with_changes_in_words() {
    let h = history();
    let r = run(h.plan.path(), &["log"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = r.stdout;
    let headers: Vec<&str> = out.lines().filter(|l| !l.starts_with(' ') && !l.is_empty()).collect();
    assert_eq!(
        headers,
        [
            format!("{} 2026-03-01 Dana Tester  Finish login, core slips", &h.finish[..7]),
            format!("{} 2026-02-01 Dana Tester  Start login", &h.start[..7]),
            format!("{} 2026-01-01 Dana Tester  Add the plan", &h.add[..7]),
        ],
        "{out}"
    );
    // Commits that change no item are not listed.
    assert!(!out.contains("Docs only") && !out.contains("Backlog readme"), "{out}");
    // The same words as `cairn diff`.
    let newest = out.split("\n\n").next().unwrap();
    assert!(newest.contains("    ~ core  Core\n        target 2026-Q3 → 2026-Q4 (slipped one quarter)"), "{newest}");
    assert!(newest.contains("    ~ S-1  Login\n        status in-progress → done (closed)"), "{newest}");
    assert!(out.contains("status todo → in-progress (started)"), "{out}");
    assert!(out.contains("+ S-1  Login (added, todo)"), "{out}");
    assert!(out.contains("+ core  Core (added, active)"), "{out}");

    let diff = run(h.plan.path(), &["diff", &h.start, &h.finish]).stdout;
    for words in ["target 2026-Q3 → 2026-Q4 (slipped one quarter)", "status in-progress → done (closed)"] {
        assert!(diff.contains(words), "{diff}");
    }
}

#[test]
fn log_json_and_markdown() {
    let h = history();
    let entries = log_json(h.plan.path(), &[]);
    assert_eq!(subjects(&entries), ["Finish login, core slips", "Start login", "Add the plan"]);
    let ids = [&h.finish, &h.start, &h.add];
    let dates = ["2026-03-01", "2026-02-01", "2026-01-01"];
    for ((e, id), date) in entries.iter().zip(ids).zip(dates) {
        assert_eq!(e["commit"], id.as_str());
        assert_eq!(e["short"], &id[..7]);
        assert_eq!(e["date"], date);
        assert_eq!(e["author"], "Dana Tester");
        let changes = e["changes"].as_array().unwrap();
        assert!(!changes.is_empty());
        for c in changes {
            for key in ["id", "kind", "change", "path", "fields"] {
                assert!(c.get(key).is_some(), "{key} missing in {c}");
            }
        }
    }
    let newest: Vec<(&str, &str)> = entries[0]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["id"].as_str().unwrap(), c["change"].as_str().unwrap()))
        .collect();
    assert_eq!(newest, [("core", "modified"), ("S-1", "modified")]);
    let target = &entries[0]["changes"][0]["fields"][0];
    assert_eq!(
        (target["field"].as_str(), target["from"].as_str(), target["to"].as_str()),
        (Some("target"), Some("2026-Q3"), Some("2026-Q4"))
    );
    let added: Vec<&str> =
        entries[2]["changes"].as_array().unwrap().iter().map(|c| c["change"].as_str().unwrap()).collect();
    assert_eq!(added, ["added", "added", "added"]);

    let r = run(h.plan.path(), &["log", "--format", "markdown"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let md = r.stdout;
    assert!(
        md.starts_with(&format!("### `{}` Finish login, core slips — Dana Tester (2026-03-01)\n", &h.finish[..7])),
        "{md}"
    );
    // Values are code spans, as in `cairn diff --format markdown`.
    assert!(md.contains("- ~ **core** Core\n  - target `2026-Q3` → `2026-Q4` (slipped one quarter)\n"), "{md}");
    assert!(md.contains(&format!("### `{}` Add the plan — Dana Tester (2026-01-01)", &h.add[..7])), "{md}");
    assert_eq!(md.matches("\n### ").count() + 1, 3, "{md}");
    assert!(!md.contains("---"), "{md}");
}

#[test]
fn since_and_until_take_the_forms_git_users_type() {
    let h = history();
    let p = h.plan.path();
    // A month: its first day for --since, its last for --until; a quarter likewise.
    assert_eq!(subjects(&log_json(p, &["--since", "2026-02"])), ["Finish login, core slips", "Start login"]);
    assert_eq!(subjects(&log_json(p, &["--until", "2026-02"])), ["Start login", "Add the plan"]);
    assert_eq!(subjects(&log_json(p, &["--since", "2026-Q1", "--until", "2026-01"])), ["Add the plan"]);
    // Relative to today (CAIRN_TODAY here).
    let at = |today: &str, args: &[&str]| -> Vec<String> {
        let out =
            crate::common::cairn(p).env("CAIRN_TODAY", today).args(["log", "--format", "json"]).args(args).output();
        let out = out.expect("run cairn");
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        let json: Value = serde_json::from_slice(&out.stdout).unwrap();
        subjects(json.as_array().unwrap())
    };
    assert_eq!(at("2026-03-10", &["--since", "2 weeks ago"]), ["Finish login, core slips"]);
    assert_eq!(at("2026-03-02", &["--since", "yesterday"]), ["Finish login, core slips"]);
    assert_eq!(at("2026-03-01", &["--since", "today"]), ["Finish login, core slips"]);
    assert_eq!(at("2026-03-10", &["--until", "1 month ago"]), ["Start login", "Add the plan"]);
    assert_eq!(at("2026-02-15", &["--since", "a week ago", "--until", "today"]), Vec::<String>::new());
    // Anything else: a clear message naming the forms.
    for bad in ["last tuesday", "2026-02-30", "soon", "2 fortnights ago"] {
        let r = run(p, &["log", "--since", bad]);
        assert_eq!(r.code, 2, "{bad}");
        assert!(r.stderr.contains("is not a date cairn understands"), "{bad}: {}", r.stderr);
        assert!(r.stderr.contains("yesterday") && r.stderr.contains("weeks"), "{}", r.stderr);
    }
}

#[test]
fn since_until_and_max_count() {
    let h = history();
    let p = h.plan.path();
    // Inclusive dates, on author dates.
    assert_eq!(subjects(&log_json(p, &["--since", "2026-02-01"])), ["Finish login, core slips", "Start login"]);
    assert_eq!(subjects(&log_json(p, &["--until", "2026-02-01"])), ["Start login", "Add the plan"]);
    assert_eq!(subjects(&log_json(p, &["--since", "2026-01-02", "--until", "2026-02-28"])), ["Start login"]);
    assert_eq!(subjects(&log_json(p, &["--since", "2026-05-01"])), Vec::<String>::new());
    assert_eq!(subjects(&log_json(p, &["-n", "1"])), ["Finish login, core slips"]);
    assert_eq!(subjects(&log_json(p, &["--max-count", "2"])), ["Finish login, core slips", "Start login"]);
    // -n counts the commits shown, after the date filter.
    assert_eq!(subjects(&log_json(p, &["--until", "2026-02-28", "-n", "1"])), ["Start login"]);
    // And after the id filter.
    assert_eq!(subjects(&log_json(p, &["S-2", "-n", "5"])), ["Add the plan"]);
    // An item with history, none of it in the window: nothing to show, not an error.
    assert_eq!(subjects(&log_json(p, &["S-2", "--since", "2026-02-01"])), Vec::<String>::new());
    let r = run(p, &["log", "S-2", "--since", "2026-02-01"]);
    assert_eq!((r.code, r.stdout.trim()), (0, "no commits changed the plan"), "{}", r.stderr);
    let r = run(p, &["log", "--since", "2026-13-01"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("2026-13-01"), "{}", r.stderr);
}

#[test]
fn log_id_follows_an_item_across_a_rename() {
    let plan = TempPlan::new();
    plan.write("roadmap/core.md", md(&["title: Core"], ""));
    plan.write("backlog/S-1-a.md", story("S-1", "Login", "core", "todo"));
    plan.write("backlog/S-2.md", story("S-2", "Signup", "core", "todo"));
    init_repo(plan.path());
    let first = commit(plan.path(), "Add login", T0);
    std::fs::remove_file(plan.path().join("backlog/S-1-a.md")).unwrap();
    plan.write("backlog/area/S-1-b.md", story("S-1", "Login", "core", "in-progress"));
    let second = commit(plan.path(), "Move and start login", T0 + DAY);
    plan.write("backlog/S-2.md", story("S-2", "Signup", "core", "done"));
    plan.write("roadmap/core.md", md(&["title: Core platform"], ""));
    commit(plan.path(), "Something else", T0 + 2 * DAY);

    let entries = log_json(plan.path(), &["S-1"]);
    let commits: Vec<&str> = entries.iter().map(|e| e["commit"].as_str().unwrap()).collect();
    assert_eq!(commits, [second.as_str(), first.as_str()]);
    for e in &entries {
        let ids: Vec<&str> = e["changes"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
        assert_eq!(ids, ["S-1"], "only the item's own changes: {e}");
    }
    let moved = &entries[0]["changes"][0];
    assert_eq!(moved["change"], "modified");
    assert_eq!(moved["path"], "backlog/area/S-1-b.md");
    assert_eq!(moved["old_path"], "backlog/S-1-a.md");
    assert_eq!(moved["fields"][0]["field"], "status");
    assert_eq!(entries[1]["changes"][0]["change"], "added");
    assert_eq!(entries[1]["changes"][0]["path"], "backlog/S-1-a.md");

    let human = run(plan.path(), &["log", "S-1"]).stdout;
    // A move names both paths.
    assert!(
        human.contains(
            "moved from backlog/S-1-a.md to backlog/area/S-1-b.md\n        status todo → in-progress (started)"
        ),
        "{human}"
    );
    assert!(!human.contains("Something else") && !human.contains("S-2"), "{human}");
    // The other items have their own histories.
    assert_eq!(subjects(&log_json(plan.path(), &["S-2"])), ["Something else", "Add login"]);
    assert_eq!(subjects(&log_json(plan.path(), &["core"])), ["Something else", "Add login"]);
    // An id that never existed.
    let r = run(plan.path(), &["log", "S-99"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("S-99"), "{}", r.stderr);
}

#[test]
fn first_parents_by_default_every_parent_on_request() {
    // Commits before 2026-01-01, the date `git::cli` gives the merge commit.
    let t = T0 - 10 * DAY;
    let plan = TempPlan::new();
    plan.write("roadmap/core.md", md(&["title: Core"], ""));
    plan.write("backlog/S-1.md", story("S-1", "Login", "core", "todo"));
    plan.write("backlog/S-2.md", story("S-2", "Signup", "core", "todo"));
    init_repo(plan.path());
    commit(plan.path(), "Add the plan", t);
    git::cli(plan.path(), &["checkout", "-q", "-b", "feature"]);
    plan.write("backlog/S-3.md", story("S-3", "Logout", "core", "todo"));
    commit(plan.path(), "Plan logout", t + DAY);
    plan.write("backlog/S-3.md", story("S-3", "Logout", "core", "in-progress"));
    commit(plan.path(), "Start logout", t + 2 * DAY);
    git::cli(plan.path(), &["checkout", "-q", "main"]);
    plan.write("backlog/S-2.md", story("S-2", "Signup", "core", "done"));
    commit(plan.path(), "Finish signup", t + 3 * DAY);
    git::cli(plan.path(), &["merge", "--no-ff", "-q", "-m", "Merge feature", "feature"]);

    let entries = log_json(plan.path(), &[]);
    assert_eq!(subjects(&entries), ["Merge feature", "Finish signup", "Add the plan"]);
    // The merge brings the branch's net change, against main's previous commit.
    let merge = &entries[0];
    assert_eq!(merge["date"], "2026-01-01");
    assert_eq!(merge["changes"].as_array().unwrap().len(), 1);
    assert_eq!(
        (merge["changes"][0]["id"].as_str(), merge["changes"][0]["change"].as_str()),
        (Some("S-3"), Some("added"))
    );
    assert_eq!(merge["changes"][0]["status"], "in-progress");

    // Every parent: the branch's own commits, and the merge (whose changes they show) is left out.
    let all = log_json(plan.path(), &["--all-parents"]);
    assert_eq!(subjects(&all), ["Finish signup", "Start logout", "Plan logout", "Add the plan"]);
    assert_eq!(subjects(&log_json(plan.path(), &["S-3", "--all-parents"])), ["Start logout", "Plan logout"]);
    assert_eq!(subjects(&log_json(plan.path(), &["S-3"])), ["Merge feature"]);
}

#[test]
fn a_shallow_clone_has_no_history_to_show() {
    let h = history();
    let clone = shallow_clone(h.plan.path(), &[]);
    let dir = clone.path().join("clone");
    assert_shallow_advice(&run(&dir, &["log"]));
    assert_shallow_advice(&run(&dir, &["log", "S-1", "--format", "json"]));
}

#[test]
fn a_repository_without_commits_has_no_history() {
    let plan = TempPlan::with_initiative();
    plan.write("backlog/S-1.md", story("S-1", "Login", "core", "todo"));
    init_repo(plan.path());
    let r = run(plan.path(), &["log"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    assert!(squash(&r.stderr).contains("no history"), "{}", r.stderr);
    // Outside git altogether.
    let plain = TempPlan::with_initiative();
    let r = run(plain.path(), &["log"]);
    assert_eq!(r.code, 2);
    assert!(squash(&r.stderr).contains("not inside a git repository"), "{}", r.stderr);
}

/// Commits everything as `author` at `time`.
fn commit_by(dir: &std::path::Path, author: &str, message: &str, time: i64) {
    let repo = git2::Repository::open(dir).unwrap();
    let mut index = repo.index().unwrap();
    index.add_all(["*"], git2::IndexAddOption::DEFAULT, None).unwrap();
    index.update_all(["*"], None).unwrap();
    index.write().unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let sig = git2::Signature::new(author, "someone@example.com", &git2::Time::new(time, 0)).unwrap();
    let parent = repo.head().unwrap().peel_to_commit().unwrap();
    repo.commit(Some("HEAD"), &sig, &sig, message, &tree, &[&parent]).unwrap();
}

#[test]
fn a_merge_credits_the_authors_of_the_merged_work() {
    let t = T0 - 10 * DAY;
    let plan = TempPlan::new();
    plan.write("roadmap/core.md", md(&["title: Core"], ""));
    plan.write("backlog/S-1.md", story("S-1", "Login", "core", "todo"));
    init_repo(plan.path());
    commit(plan.path(), "Add the plan", t);
    git::cli(plan.path(), &["checkout", "-q", "-b", "feature"]);
    plan.write("backlog/S-3.md", story("S-3", "Logout", "core", "todo"));
    commit_by(plan.path(), "Lee Author", "Plan logout", t + DAY);
    plan.write("backlog/S-1.md", story("S-1", "Login", "core", "in-progress"));
    commit_by(plan.path(), "Sam Author", "Start login", t + 2 * DAY);
    git::cli(plan.path(), &["checkout", "-q", "main"]);
    git::cli(plan.path(), &["merge", "--no-ff", "-q", "-m", "Merge feature", "feature"]);

    let merge = &log_json(plan.path(), &[])[0];
    assert_eq!((merge["subject"].as_str(), merge["author"].as_str()), (Some("Merge feature"), Some("Dana Tester")));
    assert_eq!(merge["merged_authors"], serde_json::json!(["Lee Author", "Sam Author"]));
    let by: Vec<(&str, &str)> = merge["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["id"].as_str().unwrap(), c["author"].as_str().unwrap()))
        .collect();
    assert_eq!(by, [("S-1", "Sam Author"), ("S-3", "Lee Author")]);
    let human = run(plan.path(), &["log", "-n", "1"]).stdout;
    assert!(human.contains("Merge feature  (merged work by Lee Author, Sam Author)"), "{human}");
    assert!(human.contains("    + S-3  Logout (added, todo)\n        by Lee Author\n"), "{human}");
    let markdown = run(plan.path(), &["log", "-n", "1", "--format", "markdown"]).stdout;
    assert!(markdown.contains("— Dana Tester (2026-01-01, merged work by Lee Author, Sam Author)"), "{markdown}");
    // Following every parent, each commit has its own author and the clean merge adds nothing.
    let all = log_json(plan.path(), &["--all-parents"]);
    assert_eq!(subjects(&all), ["Start login", "Plan logout", "Add the plan"]);
    // A second run reads the history cache under .git/cairn and credits the same authors.
    assert!(plan.path().join(".git/cairn").is_dir());
    assert_eq!(&log_json(plan.path(), &[])[0], merge);
    assert_eq!(log_json(plan.path(), &["--all-parents"]), all);
}

#[test]
fn every_parent_keeps_a_merges_own_resolution() {
    let t = T0 - 10 * DAY;
    let plan = TempPlan::new();
    plan.write("roadmap/core.md", md(&["title: Core"], ""));
    plan.write("backlog/S-1.md", story("S-1", "Login", "core", "todo"));
    plan.write("backlog/S-2.md", story("S-2", "Signup", "core", "in-progress"));
    init_repo(plan.path());
    commit(plan.path(), "Add the plan", t);
    git::cli(plan.path(), &["checkout", "-q", "-b", "feature"]);
    plan.write("backlog/S-1.md", story("S-1", "Login", "core", "in-progress"));
    plan.write("backlog/S-2.md", story("S-2", "Signup", "core", "wontdo"));
    commit_by(plan.path(), "Lee Author", "Drop signup, start login", t + DAY);
    git::cli(plan.path(), &["checkout", "-q", "main"]);
    plan.write("backlog/S-2.md", story("S-2", "Signup", "core", "done"));
    commit(plan.path(), "Finish signup", t + 2 * DAY);
    // The merge conflicts on S-2; the resolution is in neither parent.
    let merge = std::process::Command::new("git")
        .current_dir(plan.path())
        .args(["merge", "--no-ff", "-q", "-m", "Merge feature", "feature"])
        .output()
        .unwrap();
    assert!(!merge.status.success(), "the merge should conflict");
    plan.write("backlog/S-2.md", story("S-2", "Signup", "core", "in-review"));
    git::cli(plan.path(), &["add", "-A"]);
    git::cli(plan.path(), &["commit", "-q", "--no-edit"]);

    let all = log_json(plan.path(), &["--all-parents"]);
    assert_eq!(subjects(&all), ["Merge feature", "Finish signup", "Drop signup, start login", "Add the plan"]);
    // Only the merge's own change: S-2 as resolved, against the first parent; S-1 came from
    // the branch and is shown by the branch's commit.
    let own = &all[0]["changes"];
    assert_eq!(own.as_array().unwrap().len(), 1, "{own:#}");
    assert_eq!(own[0]["id"], "S-2");
    let status = &own[0]["fields"][0];
    assert_eq!((status["from"].as_str(), status["to"].as_str()), (Some("done"), Some("in-review")));
    assert_eq!(
        subjects(&log_json(plan.path(), &["S-2", "--all-parents"])),
        ["Merge feature", "Finish signup", "Drop signup, start login", "Add the plan"]
    ); // The cache holds each commit's changes against its first parent (what `log` shows for a
    // merge); following every parent, a merge still shows only its own change.
    let first_parent = log_json(plan.path(), &[]);
    assert_eq!(first_parent[0]["changes"].as_array().unwrap().len(), 2, "{:#}", first_parent[0]);
    // Following first parents, S-1 is Lee's merged work; S-2's version is the merger's own
    // resolution (Lee wrote `wontdo`, not `in-review`), never credited to Lee.
    let by: Vec<(&str, Option<&str>)> = first_parent[0]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["id"].as_str().unwrap(), c["author"].as_str()))
        .collect();
    assert_eq!(by, [("S-1", Some("Lee Author")), ("S-2", None)], "{:#}", first_parent[0]);
    assert_eq!(log_json(plan.path(), &["--all-parents"]), all);
    assert_eq!(log_json(plan.path(), &[]), first_parent);
}
