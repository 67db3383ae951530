//! `cairn set`: fields changed in place (only the changed key's lines differ, as `git diff`
//! sees it), values checked as `cairn check` would, every refusal leaving the file's bytes
//! alone, atomic writes that notice a file changed meanwhile and never follow a link.

use std::collections::BTreeMap;
use std::path::Path;

use crate::common::{Run, TempPlan, git, run};

const T0: i64 = 1_767_225_600; // 2026-01-01

/// Every file under `dir` (outside `.git`) with its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file() && !e.path().components().any(|c| c.as_os_str() == ".git"))
        .map(|e| (e.path().strip_prefix(dir).unwrap().display().to_string(), std::fs::read(e.path()).unwrap()))
        .collect()
}

/// Runs `cairn ARGS`, asserts exit 2, an empty stdout, and that no file changed.
pub fn refused(dir: &Path, args: &[&str]) -> Run {
    let before = snapshot(dir);
    let r = run(dir, args);
    assert_eq!(r.code, 2, "cairn {args:?} should be refused:\n{}\n{}", r.stdout, r.stderr);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    assert!(!r.stderr.is_empty());
    assert_eq!(snapshot(dir), before, "cairn {args:?} changed a file");
    r
}

fn ok(dir: &Path, args: &[&str]) -> Run {
    let r = run(dir, args);
    assert_eq!(r.code, 0, "cairn {args:?}:\n{}\n{}", r.stdout, r.stderr);
    r
}

/// A real-looking story: comments, quoting styles, a block list, custom fields the team's
/// tooling reads, a body.
pub const STORY: &str = "---
# Checkout redesign, owned by the payments squad.
id: S-204
title: \"Show the weekly price in the plan picker\"
type: story
status: todo    # moved at stand-up
initiative: subscriptions
priority: 3
estimate: 5
assignee: dana
labels:
  - ui
  - payments
# Read by the release tooling: keep these.
customer_impact: high
jira: 'PAY-1182'
reviewed_by: [li, omar]
---
As a regular customer I want to see the weekly price before I subscribe.

## Acceptance criteria
- [ ] The price per week is shown next to each plan
- [ ] Screen readers read the price

Notes: the price comes from the pricing service, never from the app.
";

pub const STORY_PATH: &str = "backlog/S-204-weekly-price.md";

/// A plan with two initiatives and [`STORY`], committed.
pub fn story_plan() -> TempPlan {
    let plan = TempPlan::new();
    plan.write("roadmap/subscriptions.md", "---\ntitle: Subscriptions\nstatus: active\npriority: 1\n---\n");
    plan.write("roadmap/tracking.md", "---\ntitle: Tracking\nstatus: planned\npriority: 2\n---\n");
    plan.write("roadmap/legacy.md", "---\ntitle: Legacy\nstatus: done\n---\n");
    plan.write("backlog/S-1-done.md", "---\ntitle: Done one\ninitiative: legacy\nstatus: done\n---\n");
    plan.write(STORY_PATH, STORY);
    let repo = git::init(plan.path());
    git::commit_all(&repo, "Add the plan", T0);
    plan
}

/// `git diff --numstat` of the working tree: `(added, removed, path)` per changed file.
pub fn numstat(dir: &Path) -> Vec<(usize, usize, String)> {
    git::cli(dir, &["diff", "--numstat"])
        .lines()
        .map(|l| {
            let mut parts = l.split('\t');
            let added = parts.next().unwrap().parse().unwrap();
            let removed = parts.next().unwrap().parse().unwrap();
            (added, removed, parts.next().unwrap().to_string())
        })
        .collect()
}

#[test]
fn set_changes_one_line_per_scalar_and_keeps_everything_else() {
    let plan = story_plan();
    let r = ok(plan.path(), &["set", "S-204", "status=in-progress"]);
    assert_eq!(numstat(plan.path()), [(1, 1, STORY_PATH.to_string())]);
    let diff = git::cli(plan.path(), &["diff", "-U0"]);
    assert!(
        diff.contains("-status: todo    # moved at stand-up\n+status: in-progress    # moved at stand-up\n"),
        "{diff}"
    );
    // The new state, as `show` prints it.
    assert!(
        r.stdout.starts_with("S-204  Show the weekly price in the plan picker\nstory · in-progress"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("customer_impact: high"), "{}", r.stdout);
    assert!(r.stderr.contains("updated backlog/S-204-weekly-price.md: status replaced"), "{}", r.stderr);

    // Several keys at once: one line each; a new key goes after the last one.
    ok(plan.path(), &["set", "S-204", "assignee=li", "priority=1", "sprint=sprint-25", "jira=PAY-1200"]);
    let text = std::fs::read_to_string(plan.path().join(STORY_PATH)).unwrap();
    let expected = STORY
        .replace("status: todo    #", "status: in-progress    #")
        .replace("assignee: dana", "assignee: li")
        .replace("priority: 3", "priority: 1")
        .replace("jira: 'PAY-1182'", "jira: 'PAY-1200'")
        .replace("reviewed_by: [li, omar]\n", "reviewed_by: [li, omar]\nsprint: sprint-25\n");
    assert_eq!(text, expected);
    assert_eq!(numstat(plan.path()), [(5, 4, STORY_PATH.to_string())]);
}

#[test]
fn set_edits_lists_in_their_own_style_and_unsets() {
    let plan = story_plan();
    ok(plan.path(), &["set", "S-204", "labels=ui,payments,a11y"]);
    let diff = git::cli(plan.path(), &["diff", "-U0"]);
    assert!(diff.contains("+  - a11y\n") && !diff.contains("\n-  - "), "block list gets one item:\n{diff}");
    assert_eq!(numstat(plan.path()), [(1, 0, STORY_PATH.to_string())]);
    ok(plan.path(), &["set", "S-204", "reviewed_by=[li, omar, priya]", "--unset", "estimate"]);
    let text = std::fs::read_to_string(plan.path().join(STORY_PATH)).unwrap();
    assert!(text.contains("reviewed_by: [li, omar, priya]\n"), "{text}");
    assert!(!text.contains("estimate"), "{text}");
    // Against HEAD: the new label, the flow list, the removed estimate.
    assert_eq!(numstat(plan.path()), [(2, 2, STORY_PATH.to_string())]);
}

#[test]
fn setting_the_same_value_writes_nothing() {
    let plan = story_plan();
    let before = snapshot(plan.path());
    let r = ok(plan.path(), &["set", "S-204", "status=todo", "--unset", "sprint"]);
    assert_eq!(snapshot(plan.path()), before);
    assert!(r.stderr.contains("nothing to change"), "{}", r.stderr);
    assert!(r.stdout.contains("story · todo"), "{}", r.stdout);
}

#[test]
fn set_keeps_crlf_and_a_bom() {
    let plan = story_plan();
    let crlf = format!("\u{feff}{}", STORY.replace('\n', "\r\n"));
    plan.write(STORY_PATH, &crlf);
    ok(plan.path(), &["set", "S-204", "status=ready", "owner_team=payments", "--force"]);
    let text = std::fs::read_to_string(plan.path().join(STORY_PATH)).unwrap();
    let expected = crlf
        .replace("status: todo    #", "status: ready    #")
        .replace("reviewed_by: [li, omar]\r\n", "reviewed_by: [li, omar]\r\nowner_team: payments\r\n");
    assert_eq!(text, expected);
}

#[test]
fn set_writes_the_plans_own_key_through_fields() {
    let plan = TempPlan::new();
    plan.write("cairn.yml", "fields:\n  initiative: milestone\n  depends_on: dependencies\n");
    plan.write("roadmap/m-2.md", "---\ntitle: Two\n---\n");
    plan.write("roadmap/m-3.md", "---\ntitle: Three\n---\n");
    plan.write("backlog/task-12.md", "---\ntitle: Task\nmilestone: m-2 # the current one\ndependencies: 1, 2\n---\n");
    plan.write("backlog/1.md", "---\ntitle: One\nmilestone: m-2\n---\n");
    plan.write("backlog/2.md", "---\ntitle: Two\nmilestone: m-2\n---\n");
    plan.write("backlog/3.md", "---\ntitle: Three\nmilestone: m-2\n---\n");
    ok(plan.path(), &["set", "task-12", "initiative=m-3"]);
    ok(plan.path(), &["set", "task-12", "dependencies=1,3"]);
    let text = std::fs::read_to_string(plan.path().join("backlog/task-12.md")).unwrap();
    // The plan's own key, its comment, and the comma-separated form its tool writes.
    assert_eq!(text, "---\ntitle: Task\nmilestone: m-3 # the current one\ndependencies: 1, 3\n---\n");
    let r = refused(plan.path(), &["set", "task-12", "milestone=m-4"]);
    assert!(r.stderr.contains("m-4") && r.stderr.contains("did you mean"), "{}", r.stderr);
}

#[test]
fn dry_run_prints_the_unified_diff_and_writes_nothing() {
    let plan = story_plan();
    let before = snapshot(plan.path());
    let r = ok(plan.path(), &["set", "S-204", "status=in-review", "--dry-run"]);
    assert_eq!(snapshot(plan.path()), before);
    assert!(r.stdout.starts_with(&format!("--- a/{STORY_PATH}\n+++ b/{STORY_PATH}\n@@ ")), "{}", r.stdout);
    assert!(r.stdout.contains("\n-status: todo    # moved at stand-up\n+status: in-review    # moved at stand-up\n"));
    let json = ok(plan.path(), &["set", "S-204", "status=in-review", "--dry-run", "--format", "json"]).json();
    assert_eq!(json["changed"], true);
    assert_eq!(json["path"], STORY_PATH);
    assert_eq!(json["changes"][0]["key"], "status");
    assert_eq!(json["changes"][0]["outcome"], "replaced");
    assert!(json["diff"].as_str().unwrap().contains("+status: in-review"));
    assert_eq!(snapshot(plan.path()), before);
}

#[test]
fn json_output_is_the_new_state() {
    let plan = story_plan();
    let json = ok(plan.path(), &["set", "S-204", "status=ready", "--format", "json"]).json();
    assert_eq!(json["item"]["status"], "ready");
    assert_eq!(json["item"]["extra"]["jira"], "PAY-1182");
    assert_eq!(json["initiative"]["id"], "subscriptions");
}

#[test]
fn every_refusal_leaves_the_file_untouched() {
    let plan = story_plan();
    let p = plan.path();
    // An unknown key, with a suggestion and the way to add a custom field.
    let r = refused(p, &["set", "S-204", "stauts=done"]);
    assert!(r.stderr.contains("did you mean `status`?") && r.stderr.contains("--force"), "{}", r.stderr);
    // A status of the wrong kind, or no status at all.
    let r = refused(p, &["set", "S-204", "status=in-progres"]);
    assert!(r.stderr.contains("did you mean `in-progress`?"), "{}", r.stderr);
    refused(p, &["set", "S-204", "status=active"]);
    // An unknown initiative, and an initiative that is a backlog item.
    let r = refused(p, &["set", "S-204", "initiative=subscription"]);
    assert!(r.stderr.contains("did you mean `subscriptions`?"), "{}", r.stderr);
    refused(p, &["set", "S-204", "initiative=S-1"]);
    // Bad values of every type.
    refused(p, &["set", "S-204", "priority=0"]);
    refused(p, &["set", "S-204", "priority=high"]);
    refused(p, &["set", "S-204", "estimate=-2"]);
    refused(p, &["set", "S-204", "estimate=lots"]);
    refused(p, &["set", "S-204", "type=epic"]);
    refused(p, &["set", "S-204", "depends_on=S-999"]);
    refused(p, &["set", "S-204", "title=Bell\u{7}"]);
    // Removing what a backlog item needs.
    refused(p, &["set", "S-204", "--unset", "initiative"]);
    // Not front matter: the id, the file name, the path, the archive.
    let r = refused(p, &["set", "S-204", "id=S-999"]);
    assert!(r.stderr.contains("does not change ids"), "{}", r.stderr);
    refused(p, &["set", "S-204", "--unset", "id"]);
    let r = refused(p, &["set", "S-204", "filename=x.md"]);
    assert!(r.stderr.contains("git mv"), "{}", r.stderr);
    refused(p, &["set", "S-204", "path=backlog/x.md"]);
    let r = refused(p, &["set", "S-204", "archived=true"]);
    assert!(r.stderr.contains("cairn archive"), "{}", r.stderr);
    // A field of the other kind, an empty value, a key given twice, no `=`.
    refused(p, &["set", "S-204", "horizon=now"]);
    let r = refused(p, &["set", "S-204", "assignee="]);
    assert!(r.stderr.contains("--unset assignee"), "{}", r.stderr);
    refused(p, &["set", "S-204", "status=ready", "status=done"]);
    refused(p, &["set", "S-204", "ready"]);
    // An unknown id, `--rev`, and a value that only warns without `--force`.
    let r = refused(p, &["set", "S-205", "status=ready"]);
    assert!(r.stderr.contains("did you mean `S-204`?"), "{}", r.stderr);
    refused(p, &["--rev", "HEAD", "set", "S-204", "status=ready"]);
    let r = refused(p, &["set", "S-204", "initiative=legacy"]);
    assert!(r.stderr.contains("link/closed-initiative") && r.stderr.contains("--force"), "{}", r.stderr);
    let r = refused(p, &["set", "S-204", "status=done"]);
    assert!(r.stderr.contains("backlog/done-unchecked"), "{}", r.stderr);
    // An error is never written, even with --force.
    refused(p, &["set", "S-204", "status=doing", "--force"]);
    assert_eq!(std::fs::read_to_string(p.join(STORY_PATH)).unwrap(), STORY);
}

#[test]
fn force_writes_a_value_that_only_warns_and_says_so() {
    let plan = story_plan();
    let r = ok(plan.path(), &["set", "S-204", "status=done", "--force"]);
    assert!(r.stderr.contains("warning: S-204 is done but 2 of 2 acceptance criteria are unchecked"), "{}", r.stderr);
    assert!(r.stderr.contains("written because of --force"), "{}", r.stderr);
    assert_eq!(numstat(plan.path()), [(1, 1, STORY_PATH.to_string())]);
    // A new custom field is added as `check` reads it; one that looks like a typo of a field
    // needs --force.
    ok(plan.path(), &["set", "S-204", "squad=payments"]);
    refused(plan.path(), &["set", "S-204", "asignee=dana"]);
    ok(plan.path(), &["set", "S-204", "asignee=dana", "--force"]);
}

/// Starting a story whose criteria are not written yet is daily work: the change is written
/// and the reminder shown, no `--force` needed.
#[test]
fn a_reminder_about_the_rest_of_the_item_does_not_refuse() {
    let plan = story_plan();
    plan.write("backlog/S-205-new.md", "---\nid: S-205\ntitle: New\ninitiative: subscriptions\nstatus: todo\n---\n");
    let r = ok(plan.path(), &["set", "S-205", "status=in-progress", "assignee=dana"]);
    assert!(
        r.stderr.contains("backlog/acceptance-criteria") || r.stderr.contains("acceptance criteria"),
        "{}",
        r.stderr
    );
    let text = std::fs::read_to_string(plan.path().join("backlog/S-205-new.md")).unwrap();
    assert!(text.contains("status: in-progress") && text.contains("assignee: dana"), "{text}");
    // It was written without `--force`, and the warning does not say otherwise.
    assert!(!r.stderr.contains("--force"), "{}", r.stderr);
    assert!(r.stderr.contains("a reminder"), "{}", r.stderr);
}

#[test]
fn a_file_that_cannot_be_edited_safely_is_refused() {
    let plan = story_plan();
    // A flow mapping front matter: not one key per line.
    plan.write("backlog/S-300.md", "---\n{title: Flow, initiative: subscriptions}\n---\n");
    let r = refused(plan.path(), &["set", "S-300", "status=ready"]);
    assert!(r.stderr.contains("by hand"), "{}", r.stderr);
    // A file that does not parse is not an item cairn can edit.
    plan.write("backlog/S-301.md", "---\ntitle: [unclosed\n---\n");
    refused(plan.path(), &["set", "S-301", "status=ready"]);
}

#[cfg(unix)]
#[test]
fn symlinked_files_and_folders_are_never_written_through() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("S-9.md"), "---\ntitle: Outside\ninitiative: subscriptions\n---\n").unwrap();
    let plan = story_plan();
    // A linked file, and a linked folder inside the backlog.
    std::os::unix::fs::symlink(outside.path().join("S-9.md"), plan.path().join("backlog/S-9.md")).unwrap();
    refused(plan.path(), &["set", "S-9", "status=ready"]);
    std::fs::create_dir(outside.path().join("team")).unwrap();
    std::fs::write(outside.path().join("team/S-10.md"), "---\ntitle: Ten\ninitiative: subscriptions\n---\n").unwrap();
    std::os::unix::fs::symlink(outside.path().join("team"), plan.path().join("backlog/team")).unwrap();
    refused(plan.path(), &["set", "S-10", "status=ready"]);
    // A backlog folder that is itself a link.
    let linked = TempPlan::new();
    std::fs::remove_dir(linked.path().join("backlog")).unwrap();
    linked.write("roadmap/subscriptions.md", "---\ntitle: Subscriptions\n---\n");
    std::os::unix::fs::symlink(outside.path().join("team"), linked.path().join("backlog")).unwrap();
    refused(linked.path(), &["set", "S-10", "status=ready"]);
    assert_eq!(
        std::fs::read_to_string(outside.path().join("team/S-10.md")).unwrap(),
        "---\ntitle: Ten\ninitiative: subscriptions\n---\n"
    );
    assert_eq!(
        std::fs::read_to_string(outside.path().join("S-9.md")).unwrap(),
        "---\ntitle: Outside\ninitiative: subscriptions\n---\n"
    );
}

/// The library's two steps: a change prepared from the file, then written only if the file
/// still holds the bytes it was prepared from.
mod library {
    use super::*;
    use cairn::write::set::{self, SetRequest};

    fn request(assignments: &[&str]) -> SetRequest {
        SetRequest {
            id: "S-204".into(),
            assignments: assignments.iter().map(|s| s.to_string()).collect(),
            ..SetRequest::default()
        }
    }

    fn checker(plan: &cairn::model::Plan) -> Vec<cairn::model::Diagnostic> {
        cairn::analyse::rules::check(plan, jiff::civil::date(2026, 11, 24)).diagnostics
    }

    #[test]
    fn a_file_changed_meanwhile_is_not_overwritten() {
        let plan = story_plan();
        let loaded = cairn::load::load(Some(plan.path()), None).unwrap();
        let prepared = set::prepare(&loaded, &request(&["status=ready"]), &checker).unwrap();
        assert!(prepared.changed());
        // Someone saves the file between cairn's read and its write.
        let edited = STORY.replace("assignee: dana", "assignee: omar");
        plan.write(STORY_PATH, &edited);
        let err = set::commit(&loaded, &prepared).unwrap_err().to_string();
        assert!(err.contains("changed while cairn was editing it"), "{err}");
        assert_eq!(std::fs::read_to_string(plan.path().join(STORY_PATH)).unwrap(), edited);
        // No temporary file is left behind.
        let names: Vec<String> = std::fs::read_dir(plan.path().join("backlog"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(names.iter().all(|n| !n.starts_with(".cairn-")), "{names:?}");
    }

    #[cfg(unix)]
    #[test]
    fn a_folder_replaced_by_a_link_meanwhile_is_not_written_through() {
        let plan = story_plan();
        plan.write("backlog/area/S-204-weekly-price.md", STORY);
        std::fs::remove_file(plan.path().join(STORY_PATH)).unwrap();
        let loaded = cairn::load::load(Some(plan.path()), None).unwrap();
        let prepared = set::prepare(&loaded, &request(&["status=ready"]), &checker).unwrap();
        // The folder becomes a link to a copy outside the plan.
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("S-204-weekly-price.md"), STORY).unwrap();
        std::fs::remove_dir_all(plan.path().join("backlog/area")).unwrap();
        std::os::unix::fs::symlink(outside.path(), plan.path().join("backlog/area")).unwrap();
        let err = set::commit(&loaded, &prepared).unwrap_err().to_string();
        assert!(err.contains("symbolic link"), "{err}");
        assert_eq!(std::fs::read_to_string(outside.path().join("S-204-weekly-price.md")).unwrap(), STORY);
    }

    #[cfg(unix)]
    #[test]
    fn the_file_keeps_its_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let plan = story_plan();
        let path = plan.path().join(STORY_PATH);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        let loaded = cairn::load::load(Some(plan.path()), None).unwrap();
        let prepared = set::prepare(&loaded, &request(&["status=ready"]), &checker).unwrap();
        set::commit(&loaded, &prepared).unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o640);
    }
}

#[test]
fn dry_run_shows_control_characters_escaped() {
    let plan = story_plan();
    plan.write(
        "backlog/S-400.md",
        "---\ntitle: Bell\ninitiative: subscriptions\nstatus: todo\n---\n\u{1b}[31mred\u{7}\u{202e}\n",
    );
    let r = ok(plan.path(), &["set", "S-400", "assignee=li", "--dry-run"]);
    assert!(r.stdout.contains("+assignee: li"), "{}", r.stdout);
    assert!(r.stdout.contains("red"), "the body line is context: {}", r.stdout);
    assert!(!r.stdout.contains(['\u{1b}', '\u{7}', '\u{202e}']), "raw controls on the terminal: {:?}", r.stdout);
}

#[test]
fn values_follow_the_plans_configuration() {
    let plan = TempPlan::new();
    plan.write(
        "cairn.yml",
        "priorities: [high, medium, low]\ntypes: [epic]\nstatuses:\n  backlog: {\"In Progress\": active}\n",
    );
    plan.write("roadmap/core.md", "---\ntitle: Core\n---\n");
    plan.write("backlog/S-1.md", "---\ntitle: One\ninitiative: core\npriority: low\n---\n");
    ok(plan.path(), &["set", "S-1", "priority=high", "type=epic", "status=In Progress", "--force"]);
    let text = std::fs::read_to_string(plan.path().join("backlog/S-1.md")).unwrap();
    assert_eq!(text, "---\ntitle: One\ninitiative: core\npriority: high\ntype: epic\nstatus: In Progress\n---\n");
    let r = refused(plan.path(), &["set", "S-1", "priority=hihg"]);
    assert!(r.stderr.contains("did you mean `high`?"), "{}", r.stderr);
    let r = refused(plan.path(), &["set", "S-1", "type=epik"]);
    assert!(r.stderr.contains("did you mean `epic`?"), "{}", r.stderr);
    // A number is still a rank.
    ok(plan.path(), &["set", "S-1", "priority=2"]);
    assert!(std::fs::read_to_string(plan.path().join("backlog/S-1.md")).unwrap().contains("\npriority: 2\n"));
}

/// The `--dry-run` diff of a CRLF file is a patch `git apply` takes: its line ends stay
/// `\r\n` (a CR in the middle of a line is still shown escaped).
#[test]
fn dry_run_of_a_crlf_file_is_a_patch_git_applies() {
    let plan = story_plan();
    let crlf = format!("\u{feff}{}", STORY.replace('\n', "\r\n"));
    plan.write(STORY_PATH, &crlf);
    let r = ok(plan.path(), &["set", "S-204", "status=ready", "owner_team=payments", "--force", "--dry-run"]);
    assert!(
        r.stdout.contains("\n-status: todo    # moved at stand-up\r\n+status: ready    # moved at stand-up\r\n"),
        "{:?}",
        r.stdout
    );
    assert!(!r.stdout.contains("\\r"), "{:?}", r.stdout);
    std::fs::write(plan.path().join("change.patch"), &r.stdout).unwrap();
    let apply =
        std::process::Command::new("git").args(["apply", "change.patch"]).current_dir(plan.path()).output().unwrap();
    assert!(apply.status.success(), "{}", String::from_utf8_lossy(&apply.stderr));
    std::fs::remove_file(plan.path().join("change.patch")).unwrap();
    ok(plan.path(), &["set", "S-204", "status=todo", "--unset", "owner_team"]);
    assert_eq!(std::fs::read_to_string(plan.path().join(STORY_PATH)).unwrap(), crlf);
}

/// A file with a key written twice cannot be edited: the refusal names the line to fix by
/// hand and why, as `cairn check` does, and leaves the file alone.
#[test]
fn a_duplicate_key_is_refused_with_the_line_to_fix() {
    let plan = story_plan();
    plan.write(
        "backlog/S-300.md",
        "---\nid: S-300\ntitle: Twice\ninitiative: tracking\nstatus: todo\nstatus: done\n---\n",
    );
    let r = refused(plan.path(), &["set", "S-300", "status=ready"]);
    assert!(r.stderr.contains("backlog/S-300.md:6"), "{}", r.stderr);
    assert!(r.stderr.contains("duplicate key `status`"), "{}", r.stderr);
    assert!(r.stderr.contains("fix line 6 by hand"), "{}", r.stderr);
    refused(plan.path(), &["set", "S-300", "--unset", "status"]);
}

/// A change that introduces several warnings is refused with all of them in a message that
/// reads on the terminal (no line break shown as a literal `\n`).
#[test]
fn several_introduced_warnings_are_listed_readably() {
    let plan = story_plan();
    let r = refused(plan.path(), &["set", "legacy", "status=active", "target=2025"]);
    assert!(r.stderr.contains("2 findings"), "{}", r.stderr);
    assert!(r.stderr.contains("roadmap/overdue") && r.stderr.contains("roadmap/priority"), "{}", r.stderr);
    assert!(!r.stderr.contains("\\n"), "{}", r.stderr);
}

/// `--unset` of a typo is refused with a "did you mean" whose `--force` hint fits an unset
/// too (it used to say `--force` *adds* the key).
#[test]
fn unset_of_a_typo_suggests_the_key() {
    let plan = story_plan();
    let r = refused(plan.path(), &["set", "S-204", "--unset", "stauts"]);
    assert!(r.stderr.contains("did you mean `status`?"), "{}", r.stderr);
    assert!(!r.stderr.contains("adds `stauts`"), "{}", r.stderr);
    let r = run(plan.path(), &["set", "S-204", "--unset", "stauts", "--force"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(plan.path().join(STORY_PATH)).unwrap(), STORY);
}

/// A flow list whose items are all quoted (as Hugo and Obsidian front matter often has it)
/// stays all quoted; a plain one stays plain.
#[test]
fn a_quoted_flow_list_keeps_its_quotes() {
    let plan = story_plan();
    plan.write(
        "backlog/S-310.md",
        "---\nid: S-310\ntitle: Hugo\ninitiative: tracking\nlabels: [\"ui\", \"web\"]\ntags: ['a']\nareas: [x, y]\n---\n",
    );
    ok(plan.path(), &["set", "S-310", "labels=ui,api", "tags=a,b", "areas=x,z"]);
    let text = std::fs::read_to_string(plan.path().join("backlog/S-310.md")).unwrap();
    assert_eq!(
        text,
        "---\nid: S-310\ntitle: Hugo\ninitiative: tracking\nlabels: [\"ui\", \"api\"]\ntags: ['a', 'b']\nareas: [x, z]\n---\n"
    );
}
