//! `cairn new`: files from templates that read back as given, ids no branch uses, never an
//! overwrite, never a write outside the plan.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Value, json};

use crate::common::{Run, TempPlan, git, run};

const T0: i64 = 1_767_225_600; // 2026-01-01

/// Every file under `dir` with its bytes, to prove that nothing changed.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file() && !e.path().components().any(|c| c.as_os_str() == ".git"))
        .map(|e| (e.path().strip_prefix(dir).unwrap().display().to_string(), std::fs::read(e.path()).unwrap()))
        .collect()
}

/// Runs `cairn new ...` and asserts success; returns the printed path (the last stdout line).
fn created(dir: &Path, args: &[&str]) -> String {
    let r = run(dir, &[&["new"][..], args].concat());
    assert_eq!(r.code, 0, "cairn new {args:?}:\n{}\n{}", r.stdout, r.stderr);
    r.stdout.lines().last().expect("a path on stdout").to_string()
}

/// Runs `cairn new ...`, asserts exit 2 and that no file under `root` changed.
fn refused(root: &Path, cwd: &Path, args: &[&str]) -> Run {
    let before = snapshot(root);
    let r = run(cwd, &[&["new"][..], args].concat());
    assert_eq!(r.code, 2, "cairn new {args:?} should fail:\n{}\n{}", r.stdout, r.stderr);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    assert!(!r.stderr.is_empty());
    assert_eq!(snapshot(root), before, "cairn new {args:?} wrote something");
    r
}

fn show_json(dir: &Path, id: &str) -> Value {
    let r = run(dir, &["show", id, "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.json()
}

/// `cairn check --format json` finds no error.
fn assert_checks_clean(dir: &Path) -> Value {
    let r = run(dir, &["check", "--format", "json"]);
    let json = r.json();
    assert_eq!(r.code, 0, "{json:#}");
    assert_eq!(json["summary"]["errors"], 0, "{json:#}");
    json
}

fn plan_with_core() -> TempPlan {
    let plan = TempPlan::new();
    plan.write("roadmap/core.md", "---\ntitle: Core\nstatus: planned\npriority: 1\n---\n");
    plan
}

#[test]
fn new_initiative_writes_a_file_that_reads_back() {
    let plan = TempPlan::new();
    let path = created(
        plan.path(),
        &[
            "initiative",
            "Launch subscription model",
            "--status",
            "active",
            "--horizon",
            "now",
            "--start",
            "2026-09",
            "--target",
            "2027-Q1",
            "--priority",
            "1",
            "--owner",
            "maya",
            "--label",
            "revenue",
            "--label",
            "retention",
        ],
    );
    assert_eq!(path, "roadmap/launch-subscription-model.md");
    assert!(plan.path().join(&path).is_file());
    let json = assert_checks_clean(plan.path());
    assert_eq!(json["summary"]["items"], 1);
    let item = &show_json(plan.path(), "launch-subscription-model")["item"];
    assert_eq!(item["kind"], "initiative");
    assert_eq!(item["path"], "roadmap/launch-subscription-model.md");
    assert_eq!(item["title"], "Launch subscription model");
    assert_eq!(item["status"], "active");
    assert_eq!(item["horizon"], "now");
    assert_eq!(item["start"], "2026-09");
    assert_eq!(item["target"], "2027-Q1");
    assert_eq!(item["priority"], 1);
    assert_eq!(item["owner"], "maya");
    assert_eq!(item["labels"], json!(["revenue", "retention"]));
    assert_eq!(item["progress"], json!({"closed": 0, "total": 0, "done": 0, "abandoned": 0}));
}

#[test]
fn new_initiative_defaults_to_proposed_with_the_slug_as_id() {
    let plan = TempPlan::new();
    assert_eq!(created(plan.path(), &["initiative", "Expand to new cities!"]), "roadmap/expand-to-new-cities.md");
    let item = &show_json(plan.path(), "expand-to-new-cities")["item"];
    assert_eq!(item["status"], "proposed");
    assert_eq!(item["title"], "Expand to new cities!");
    assert_eq!(item["priority"], Value::Null);
    // An explicit id keeps the slugged file name.
    assert_eq!(
        created(plan.path(), &["initiative", "Improve onboarding", "--id", "onb"]),
        "roadmap/improve-onboarding.md"
    );
    assert_eq!(show_json(plan.path(), "onb")["item"]["path"], "roadmap/improve-onboarding.md");
    assert_checks_clean(plan.path());
}

#[test]
fn new_story_writes_every_given_field() {
    let plan = plan_with_core();
    let path = created(
        plan.path(),
        &[
            "story",
            "Design: the UI, v2",
            "--initiative",
            "core",
            "--type",
            "bug",
            "--status",
            "in-progress",
            "--priority",
            "2",
            "--estimate",
            "1.5",
            "--assignee",
            "dana",
            "--sprint",
            "sprint-24",
            "--label",
            "ui",
            "--label",
            "screen readers",
        ],
    );
    assert_eq!(path, "backlog/S-1-design-the-ui-v2.md");
    assert_checks_clean(plan.path());
    let json = show_json(plan.path(), "S-1");
    let item = &json["item"];
    assert_eq!(item["kind"], "story");
    assert_eq!(item["path"], "backlog/S-1-design-the-ui-v2.md");
    assert_eq!(item["title"], "Design: the UI, v2");
    assert_eq!(item["type"], "bug");
    assert_eq!(item["status"], "in-progress");
    assert_eq!(item["category"], "active");
    assert_eq!(item["initiative"], "core");
    assert_eq!(item["priority"], 2);
    assert_eq!(item["estimate"].as_f64(), Some(1.5));
    assert_eq!(item["assignee"], "dana");
    assert_eq!(item["sprint"], "sprint-24");
    assert_eq!(item["labels"], json!(["ui", "screen readers"]));
    assert_eq!(item["depends_on"], json!([]));
    assert_eq!(json["initiative"]["id"], "core");
    // The initiative now counts it.
    assert_eq!(
        show_json(plan.path(), "core")["item"]["progress"],
        json!({"closed": 0, "total": 1, "done": 0, "abandoned": 0})
    );
}

#[test]
fn new_story_defaults_and_the_item_alias() {
    let plan = plan_with_core();
    assert_eq!(created(plan.path(), &["story", "First", "--initiative", "core"]), "backlog/S-1-first.md");
    assert_eq!(created(plan.path(), &["item", "Second", "--initiative", "core"]), "backlog/S-2-second.md");
    let item = &show_json(plan.path(), "S-1")["item"];
    assert_eq!(item["type"], "story");
    assert_eq!(item["status"], "todo");
    assert_eq!(item["priority"], Value::Null);
    assert_eq!(item["estimate"], Value::Null);
    assert_eq!(item["labels"], json!([]));
    assert_checks_clean(plan.path());
}

#[test]
fn titles_with_yaml_specials_read_back_verbatim() {
    let plan = plan_with_core();
    for (n, title) in
        ["yes", "- dash", "#hash", "'quoted' \"twice\"", "null", "12", "Café: crème & co"].iter().enumerate()
    {
        let id = format!("T-{n}");
        // After `--` so that a title starting with `-` is not read as a flag.
        created(plan.path(), &["story", "--initiative", "core", "--id", &id, "--", title]);
        assert_eq!(show_json(plan.path(), &id)["item"]["title"], *title);
    }
    assert_checks_clean(plan.path());
}

#[test]
fn the_path_is_printed_relative_to_the_current_directory() {
    let plan = plan_with_core();
    std::fs::create_dir_all(plan.path().join("docs/deep")).unwrap();
    assert_eq!(
        created(&plan.path().join("backlog"), &["story", "From backlog", "--initiative", "core"]),
        "S-1-from-backlog.md"
    );
    assert_eq!(
        created(&plan.path().join("docs/deep"), &["story", "From docs", "--initiative", "core"]),
        "../../backlog/S-2-from-docs.md"
    );
    assert_eq!(created(&plan.path().join("roadmap"), &["initiative", "Next"]), "next.md");
    // With -C from the parent folder.
    let parent = plan.path().parent().unwrap();
    let name = plan.path().file_name().unwrap().to_str().unwrap();
    assert_eq!(
        created(parent, &["-C", name, "story", "From parent", "--initiative", "core"]),
        format!("{name}/backlog/S-3-from-parent.md")
    );
}

#[test]
fn fresh_ids_go_above_every_id_in_the_working_tree_archive_included() {
    let plan = plan_with_core();
    plan.write("backlog/S-7.md", "---\ntitle: Seven\ninitiative: core\n---\n");
    plan.write("backlog/sub/folder/S-9-deep.md", "---\nid: S-9\ntitle: Nine\ninitiative: core\n---\n");
    plan.write("backlog/archive/old.md", "---\nid: S-12\ntitle: Archived\ninitiative: core\nstatus: done\n---\n");
    plan.write("backlog/T-99.md", "---\ntitle: Other prefix\ninitiative: core\n---\n");
    plan.write("backlog/S-x.md", "---\ntitle: Not a number\ninitiative: core\n---\n");
    let path = created(plan.path(), &["story", "Fresh", "--initiative", "core"]);
    assert_eq!(path, "backlog/S-13-fresh.md");
    assert_eq!(created(plan.path(), &["story", "Fresher", "--initiative", "core"]), "backlog/S-14-fresher.md");
    // An archived id is never handed out again, nor can it be taken with --id.
    let r = refused(plan.path(), plan.path(), &["story", "Again", "--initiative", "core", "--id", "S-12"]);
    assert!(r.stderr.contains("id `S-12` is already taken"), "{}", r.stderr);
}

#[test]
fn the_story_prefix_comes_from_cairn_yml() {
    let plan = plan_with_core();
    plan.write("cairn.yml", "id_prefix: {initiative: \"I-\", story: \"PAY-\"}\n");
    plan.write("backlog/PAY-3.md", "---\ntitle: Three\ninitiative: core\n---\n");
    plan.write("backlog/S-50.md", "---\ntitle: Old prefix\ninitiative: core\n---\n");
    assert_eq!(created(plan.path(), &["story", "Pay", "--initiative", "core"]), "backlog/PAY-4-pay.md");
    assert_eq!(show_json(plan.path(), "PAY-4")["item"]["title"], "Pay");
    // With an initiative prefix, initiatives get numbered ids too, in a slugged file.
    assert_eq!(created(plan.path(), &["initiative", "Grow"]), "roadmap/grow.md");
    assert_eq!(show_json(plan.path(), "I-1")["item"]["path"], "roadmap/grow.md");
    assert_checks_clean(plan.path());
}

#[test]
fn fresh_ids_are_above_ids_used_only_on_another_branch() {
    let plan = plan_with_core();
    plan.write("backlog/S-1.md", "---\ntitle: One\ninitiative: core\n---\n");
    let repo = git::init(plan.path());
    git::commit_all(&repo, "plan", T0);
    git::cli(plan.path(), &["checkout", "--quiet", "-b", "feature"]);
    plan.write("backlog/S-41-far.md", "---\nid: S-41\ntitle: Far\ninitiative: core\n---\n");
    // An id declared inside a file whose name says nothing.
    plan.write("backlog/declared.md", "---\nid: S-57\ntitle: Declared\ninitiative: core\n---\n");
    git::commit_all(&repo, "feature work", T0 + 60);
    git::cli(plan.path(), &["checkout", "--quiet", "-"]);
    assert!(!plan.path().join("backlog/S-41-far.md").exists(), "back on the first branch");
    assert!(!plan.path().join("backlog/declared.md").exists());

    let path = created(plan.path(), &["story", "Next", "--initiative", "core"]);
    assert_eq!(path, "backlog/S-58-next.md");
    let minted: u64 = path["backlog/S-".len()..].split('-').next().unwrap().parse().unwrap();
    assert!(minted > 57, "minted S-{minted} collides with the feature branch");
    // The ids of the other branch cannot be taken with --id either.
    let r = refused(plan.path(), plan.path(), &["story", "Taken", "--initiative", "core", "--id", "S-41"]);
    assert!(r.stderr.contains("already taken"), "{}", r.stderr);
    // Merging the branch leaves no duplicate id.
    git::commit_all(&repo, "S-58", T0 + 120);
    git::cli(
        plan.path(),
        &["-c", "user.name=T", "-c", "user.email=t@example.com", "merge", "--quiet", "--no-edit", "feature"],
    );
    assert_checks_clean(plan.path());
}

#[test]
fn fresh_ids_are_above_ids_on_remote_tracking_branches() {
    let origin = plan_with_core();
    origin.write("backlog/S-1.md", "---\ntitle: One\ninitiative: core\n---\n");
    let origin_repo = git::init(origin.path());
    git::commit_all(&origin_repo, "plan", T0);
    let clone_parent = tempfile::tempdir().unwrap();
    git::cli(clone_parent.path(), &["clone", "--quiet", origin.path().to_str().unwrap(), "clone"]);
    let clone = clone_parent.path().join("clone");
    // A colleague pushes a branch with S-80; the clone only has it as origin/colleague.
    git::cli(origin.path(), &["checkout", "--quiet", "-b", "colleague"]);
    origin.write("backlog/S-80-theirs.md", "---\nid: S-80\ntitle: Theirs\ninitiative: core\n---\n");
    git::commit_all(&origin_repo, "colleague's story", T0 + 60);
    git::cli(&clone, &["fetch", "--quiet", "origin"]);
    assert!(git::cli(&clone, &["branch", "-r"]).contains("origin/colleague"));
    assert_eq!(created(&clone, &["story", "Mine", "--initiative", "core"]), "backlog/S-81-mine.md");
}

#[test]
fn fresh_ids_of_a_plan_in_a_subfolder_read_branches_at_that_folder() {
    let repo_dir = tempfile::tempdir().unwrap();
    let repo = git::init(repo_dir.path());
    let plan = repo_dir.path().join("plans/product");
    std::fs::create_dir_all(plan.join("roadmap")).unwrap();
    std::fs::create_dir_all(plan.join("backlog")).unwrap();
    std::fs::write(plan.join("roadmap/core.md"), "---\ntitle: Core\n---\n").unwrap();
    std::fs::write(plan.join("backlog/S-2.md"), "---\ntitle: Two\ninitiative: core\n---\n").unwrap();
    // Another folder of the repository with its own numbering does not count.
    std::fs::create_dir_all(repo_dir.path().join("backlog")).unwrap();
    std::fs::write(repo_dir.path().join("backlog/S-500.md"), "---\ntitle: Elsewhere\n---\n").unwrap();
    git::commit_all(&repo, "plan", T0);
    git::cli(repo_dir.path(), &["checkout", "--quiet", "-b", "feature"]);
    std::fs::write(plan.join("backlog/S-30.md"), "---\ntitle: Thirty\ninitiative: core\n---\n").unwrap();
    git::commit_all(&repo, "feature", T0 + 60);
    git::cli(repo_dir.path(), &["checkout", "--quiet", "-"]);
    assert_eq!(created(&plan, &["story", "Next", "--initiative", "core"]), "backlog/S-31-next.md");
}

#[test]
fn new_never_overwrites_a_file() {
    let plan = plan_with_core();
    // A file with the name a story would get, declaring another id.
    plan.write("backlog/S-5-foo.md", "---\nid: X-1\ntitle: Mine\ninitiative: core\n---\nkeep me\n");
    let r = refused(plan.path(), plan.path(), &["story", "Foo", "--initiative", "core", "--id", "S-5"]);
    assert!(r.stderr.contains("backlog/S-5-foo.md already exists; nothing was written"), "{}", r.stderr);
    // The same for an initiative: roadmap/growth.md declares another id.
    plan.write("roadmap/growth.md", "---\nid: grow\ntitle: Growth\n---\nmine\n");
    let r = refused(plan.path(), plan.path(), &["initiative", "Growth", "--id", "growth-2"]);
    assert!(r.stderr.contains("roadmap/growth.md already exists"), "{}", r.stderr);
    // No temporary file is left behind.
    let leftovers: Vec<String> = snapshot(plan.path()).into_keys().filter(|p| p.contains(".cairn-")).collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn an_existing_initiative_id_is_not_taken_again() {
    let plan = plan_with_core();
    let r = refused(plan.path(), plan.path(), &["initiative", "Core"]);
    assert!(r.stderr.contains("id `core` is already taken"), "{}", r.stderr);
    let r = refused(plan.path(), plan.path(), &["initiative", "Something", "--id", "core"]);
    assert!(r.stderr.contains("already taken"), "{}", r.stderr);
    // A backlog id is taken for initiatives too: ids are unique across the plan.
    plan.write("backlog/S-1.md", "---\ntitle: One\ninitiative: core\n---\n");
    refused(plan.path(), plan.path(), &["initiative", "Other", "--id", "S-1"]);
}

#[test]
fn unsafe_ids_are_refused_and_nothing_is_written() {
    let plan = plan_with_core();
    for id in ["../x", "a/b", "a\\b", "..", "a..b", ".hidden", "a\u{1}b", "a\tb", "a b", ""] {
        refused(plan.path(), plan.path(), &["story", "Title", "--initiative", "core", "--id", id]);
        refused(plan.path(), plan.path(), &["initiative", "Title", "--id", id]);
    }
    // Nothing escaped the plan either.
    assert!(!plan.path().join("x.md").exists());
    assert!(!plan.path().parent().unwrap().join("x-title.md").exists());
}

#[test]
fn unsafe_titles_are_refused() {
    let plan = plan_with_core();
    for title in ["../../x", "/etc/passwd", "..\\..\\x", "", "   ", "line\nbreak", "tab\there", "esc\u{1b}[31m"] {
        let r = refused(plan.path(), plan.path(), &["story", title, "--initiative", "core"]);
        assert!(r.stderr.contains("title"), "{title:?}: {}", r.stderr);
        refused(plan.path(), plan.path(), &["initiative", title]);
    }
    // A title without a letter or digit gets the id as its file name.
    assert_eq!(created(plan.path(), &["story", "!!!", "--initiative", "core"]), "backlog/S-1.md");
}

#[test]
fn an_unknown_initiative_is_refused_with_a_suggestion() {
    let plan = plan_with_core();
    let r = refused(plan.path(), plan.path(), &["story", "Lost", "--initiative", "cor"]);
    assert!(r.stderr.contains("no initiative with id `cor`"), "{}", r.stderr);
    assert!(r.stderr.contains("did you mean `core`?"), "{}", r.stderr);
    // A backlog item is not an initiative.
    plan.write("backlog/S-1.md", "---\ntitle: One\ninitiative: core\n---\n");
    refused(plan.path(), plan.path(), &["story", "Child", "--initiative", "S-1"]);
    // The flag is required.
    refused(plan.path(), plan.path(), &["story", "No parent"]);
}

#[test]
fn bad_field_values_are_refused() {
    let plan = plan_with_core();
    let cases: &[&[&str]] = &[
        &["story", "T", "--initiative", "core", "--status", "doing"],
        &["story", "T", "--initiative", "core", "--status", "active"],
        &["story", "T", "--initiative", "core", "--type", "epic"],
        &["story", "T", "--initiative", "core", "--priority", "0"],
        &["story", "T", "--initiative", "core", "--priority", "high"],
        &["story", "T", "--initiative", "core", "--estimate=-1"],
        &["story", "T", "--initiative", "core", "--estimate", "NaN"],
        &["story", "T", "--initiative", "core", "--label", ""],
        &["initiative", "T", "--status", "todo"],
        &["initiative", "T", "--horizon", "soon"],
        &["initiative", "T", "--target", "2027-Q5"],
        &["initiative", "T", "--start", "next year"],
    ];
    for args in cases {
        refused(plan.path(), plan.path(), args);
    }
    let r = refused(plan.path(), plan.path(), &["story", "T", "--initiative", "core", "--type", "bugg"]);
    assert!(r.stderr.contains("did you mean `bug`?"), "{}", r.stderr);
}

#[test]
fn new_refuses_rev_and_a_missing_plan() {
    let plan = plan_with_core();
    let repo = git::init(plan.path());
    git::commit_all(&repo, "plan", T0);
    let r = refused(plan.path(), plan.path(), &["--rev", "HEAD", "story", "T", "--initiative", "core"]);
    assert!(r.stderr.contains("--rev"), "{}", r.stderr);
    let empty = tempfile::tempdir().unwrap();
    refused(empty.path(), empty.path(), &["initiative", "Anything"]);
}

#[test]
fn new_files_are_ordinary_files_not_private_temp_files() {
    use std::os::unix::fs::PermissionsExt;
    let plan = plan_with_core();
    let path = created(plan.path(), &["story", "Mode", "--initiative", "core"]);
    let reference = plan.path().join("reference.txt");
    std::fs::write(&reference, "x").unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&plan.path().join(&path)), mode(&reference), "same mode as any file the umask allows");
}

#[test]
fn a_new_item_starts_with_the_first_open_status_of_the_plans_own_statuses() {
    let plan = TempPlan::new();
    plan.write(
        "cairn.yml",
        "statuses:\n  backlog: {\"In Progress\": active, \"To Do\": open, Backlog: open, Done: closed}\n",
    );
    plan.write("roadmap/core.md", "---\ntitle: Core\n---\n");
    let path = created(plan.path(), &["story", "Import the board", "--initiative", "core"]);
    let text = std::fs::read_to_string(plan.path().join(&path)).unwrap();
    assert!(text.contains("\nstatus: To Do\n"), "the plan's own open status, not `todo`:\n{text}");
    // An initiative keeps the built-in default: the configuration names no roadmap status.
    let path = created(plan.path(), &["initiative", "Grow"]);
    let text = std::fs::read_to_string(plan.path().join(&path)).unwrap();
    assert!(text.contains("\nstatus: proposed\n"), "{text}");
    // --status still wins.
    let path = created(plan.path(), &["story", "Later", "--initiative", "core", "--status", "Backlog"]);
    assert!(std::fs::read_to_string(plan.path().join(&path)).unwrap().contains("\nstatus: Backlog\n"));
}

/// A plan with `types:` and `priorities:` (a Backlog.md-shaped cairn.yml): `new` accepts the
/// plan's own types and priority words, as `check` and `set` do, and still refuses others.
#[test]
fn new_honours_the_plans_types_and_priority_words() {
    let plan = plan_with_core();
    plan.write("cairn.yml", "types: [feature]\npriorities: [high, medium, low]\n");
    let path =
        created(plan.path(), &["story", "Export", "--initiative", "core", "--type", "feature", "--priority", "medium"]);
    let text = std::fs::read_to_string(plan.path().join(&path)).unwrap();
    assert!(text.contains("\ntype: feature\n") && text.contains("\npriority: medium\n"), "{text}");
    let id = text.lines().find_map(|l| l.strip_prefix("id: ")).unwrap().to_string();
    let shown = show_json(plan.path(), &id);
    assert_eq!(shown["item"]["type"], "feature", "{shown:#}");
    assert_eq!(shown["item"]["priority"], "medium", "{shown:#}");
    assert_checks_clean(plan.path());
    // A number still works; a word the plan does not list is refused with a suggestion.
    created(plan.path(), &["story", "Two", "--initiative", "core", "--priority", "2"]);
    let r = refused(plan.path(), plan.path(), &["story", "T", "--initiative", "core", "--priority", "meduim"]);
    assert!(r.stderr.contains("did you mean `medium`?"), "{}", r.stderr);
    refused(plan.path(), plan.path(), &["story", "T", "--initiative", "core", "--priority", "0"]);
    refused(plan.path(), plan.path(), &["story", "T", "--initiative", "core", "--type", "epic"]);
}

#[test]
fn text_another_yaml_reader_would_type_is_written_quoted() {
    let plan = TempPlan::new();
    plan.write("roadmap/core.md", "---\ntitle: Core\n---\n");
    let path =
        created(plan.path(), &["story", "yes", "--initiative", "core", "--assignee", "off", "--sprint", "2026-01-05"]);
    let text = std::fs::read_to_string(plan.path().join(&path)).unwrap();
    for line in ["title: 'yes'", "assignee: 'off'", "sprint: '2026-01-05'"] {
        assert!(text.contains(&format!("\n{line}\n")), "{line}:\n{text}");
    }
    // Still read back as the same text.
    let r = run(plan.path(), &["show", "S-1", "--format", "json"]);
    let json: Value = serde_json::from_str(&r.stdout).unwrap();
    let item = &json["item"];
    assert_eq!((item["title"].as_str(), item["sprint"].as_str()), (Some("yes"), Some("2026-01-05")), "{json}");
}
