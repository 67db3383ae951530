//! `cairn diff` as a reviewer reads it (SPEC §3.1): the example food-delivery plan committed
//! on `main`, one branch per kind of plan change, and the facts each format must state: the
//! range as named with short ids, the summary in a product manager's words, the problems the
//! change introduces, the roadmap impact per initiative, and the details.

use std::path::Path;

use serde_json::Value;

use crate::common::{TempPlan, example, git, run};
use crate::diff::{DAY, T0, commit, init_repo};

/// The example plan on `main` (where S-117 depends on S-116, so a renumbering leaves a link
/// on the old id), with a custom field. The working tree is left on `main`.
fn review_plan() -> TempPlan {
    let plan = TempPlan::new();
    plan.copy_from(&example());
    edit(plan.path(), "roadmap/subscriptions.md", "owner: maya\n", "owner: maya\nrisk: medium\n");
    init_repo(plan.path());
    commit(plan.path(), "The plan", T0);
    plan
}

/// Replaces `from` (which must be there) with `to` in a plan file.
fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} has no {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// Creates `name` from `main`, applies `change`, commits it, and goes back to `main`.
fn branch(plan: &TempPlan, name: &str, change: impl FnOnce(&Path)) {
    git::cli(plan.path(), &["checkout", "-q", "-b", name, "main"]);
    change(plan.path());
    commit(plan.path(), &format!("Plan: {name}"), T0 + DAY);
    git::cli(plan.path(), &["checkout", "-q", "main"]);
}

/// The three formats of `cairn diff main...NAME`.
struct Review {
    markdown: String,
    human: String,
    json: Value,
}

fn review(plan: &TempPlan, name: &str) -> Review {
    let range = format!("main...{name}");
    let out = |format: &str| {
        let r = run(plan.path(), &["diff", &range, "--format", format]);
        assert_eq!(r.code, 0, "{range} {format}:\n{}\n{}", r.stdout, r.stderr);
        r.stdout
    };
    let json = serde_json::from_str(&out("json")).unwrap();
    Review { markdown: out("markdown"), human: out("human"), json }
}

/// One change of a branch.
fn scenario(name: &str, change: impl FnOnce(&Path)) -> Review {
    let plan = review_plan();
    branch(&plan, name, change);
    review(&plan, name)
}

fn impact<'a>(json: &'a Value, id: &str) -> &'a Value {
    json["impact"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == id)
        .unwrap_or_else(|| panic!("no impact on {id}: {json:#}"))
}

fn change<'a>(json: &'a Value, id: &str) -> &'a Value {
    json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no change of {id}: {json:#}"))
}

fn ids(list: &Value) -> Vec<&str> {
    list.as_array().unwrap().iter().map(|x| x["id"].as_str().unwrap()).collect()
}

/// The summary line of each format says `words` (values in code spans in Markdown: `ids`).
fn says(r: &Review, words: &str) {
    let plain = words.replace('`', "");
    assert_eq!(r.json["summary"], plain.as_str(), "{:#}", r.json);
    assert_eq!(r.human.lines().nth(1), Some(plain.as_str()), "{}", r.human);
    assert!(r.markdown.contains(&format!("\n**{words}**\n")), "{}", r.markdown);
}

fn snapshot(name: &str, markdown: &str) {
    insta::with_settings!({filters => vec![(r"`[0-9a-f]{7}`", "`[short id]`")]}, {
        insta::assert_snapshot!(name, markdown);
    });
}

#[test]
fn a_slip_by_a_quarter_names_the_dependent_initiative_it_now_overlaps() {
    let r = scenario("slip", |d| edit(d, "roadmap/subscriptions.md", "target: 2027-Q1", "target: 2027-Q2"));
    says(&r, "Launch subscription model slips one quarter (now at-risk), now overlapping Improve user onboarding");
    let i = impact(&r.json, "subscriptions");
    assert_eq!(i["fields"][0]["note"], "slipped one quarter");
    // SPEC §3.2: a target slipped in the last 30 days is at risk, and this change slips it
    // today; the base's health took the forecast, which a diff does not read.
    assert_eq!(i["health"]["from"], Value::Null, "{i:#}");
    assert_eq!(i["health"]["to"]["state"], "at-risk", "{i:#}");
    assert_eq!(i["health"]["to"]["reason"], "target slipped 2027-Q1 → 2027-Q2 in this change");
    assert!(r.human.contains("health ▲ at-risk: target slipped 2027-Q1 → 2027-Q2 in this change"), "{}", r.human);
    let overlap = &i["overlaps"][0];
    assert_eq!((overlap["id"].as_str(), overlap["by"].as_str()), (Some("onboarding"), Some("start")));
    assert!(r.human.contains("target 2027-Q1 → 2027-Q2: slips one quarter"), "{}", r.human);
    assert!(
        r.human.contains("now overlaps Improve user onboarding (onboarding), which depends on it and starts 2027-Q2"),
        "{}",
        r.human
    );
    // The header: the range as named, the head's and the merge base's short ids.
    assert!(r.markdown.starts_with("### Plan changes: `main...slip`\n\n`slip` (`"), "{}", r.markdown);
    assert!(r.json["revisions"]["merge_base"]["short"].as_str().is_some_and(|s| s.len() == 7), "{:#}", r.json);
    assert_eq!(r.json["range"], "main...slip");
    snapshot("review_slip_by_a_quarter", &r.markdown);
}

#[test]
fn a_slip_by_days_is_sized_in_days_and_an_overlap_that_was_there_is_not_new() {
    let r = scenario("slip-days", |d| edit(d, "roadmap/tracking.md", "target: 2027-03-31", "target: 2027-04-14"));
    says(&r, "Improve delivery tracking slips 14 days (now at-risk)");
    // new-cities (depends on tracking) starts 2027-Q1: it overlapped before the slip already.
    assert_eq!(impact(&r.json, "tracking")["overlaps"], serde_json::json!([]));
    assert!(r.markdown.contains("  - target `2027-03-31` → `2027-04-14`: slips 14 days\n"), "{}", r.markdown);
}

/// A dependent initiative (no start) pulled in to be due before its dependency's target ends:
/// the dependency now overlaps it, in a sentence of its own ("now overlaps", not a dangling
/// "now overlapping" with no move before it).
#[test]
fn a_dependent_pulled_in_before_its_dependency_ends_is_an_overlap_of_the_dependency() {
    let plan = review_plan();
    edit(plan.path(), "roadmap/new-cities.md", "start: 2027-Q1\n", "");
    commit(plan.path(), "No start for new cities", T0 + DAY / 2);
    branch(&plan, "pull-in-dependent", |d| edit(d, "roadmap/new-cities.md", "target: 2027-H1", "target: 2027-01"));
    let r = review(&plan, "pull-in-dependent");
    // Without a start, new-cities was due 2027-06-30, after tracking's 2027-03-31: no overlap before.
    let overlap = &impact(&r.json, "tracking")["overlaps"][0];
    assert_eq!((overlap["id"].as_str(), overlap["by"].as_str()), (Some("new-cities"), Some("target")), "{:#}", r.json);
    says(&r, "Expand to new cities is pulled in 5 months; Improve delivery tracking now overlaps Expand to new cities");
}

#[test]
fn health_moves_that_the_change_decides_are_named_with_their_reason() {
    let r = scenario("health", |d| {
        // A target pulled into the past: off-track while open.
        edit(d, "roadmap/subscriptions.md", "target: 2027-Q1", "target: 2026-Q2");
        // Dropped: health follows the status (the status line says it in words).
        edit(d, "roadmap/new-cities.md", "status: planned", "status: dropped");
        // An initiative without a target is unknown, whatever its forecast would say.
        edit(d, "roadmap/onboarding.md", "target: 2027-H2\n", "");
    });
    let h = |id: &str| impact(&r.json, id)["health"].clone();
    assert_eq!(h("subscriptions")["to"]["state"], "off-track");
    assert_eq!(h("subscriptions")["to"]["reason"], "target 2026-Q2 ended 2026-06-30 while the initiative is open");
    assert_eq!(h("new-cities")["to"]["state"], "dropped");
    assert_eq!(h("onboarding")["to"]["state"], "unknown");
    assert!(r.human.contains("Launch subscription model is pulled in 3 quarters (now off-track)"), "{}", r.human);
    assert!(
        r.markdown.contains("  - health ✕ off-track: target 2026-Q2 ended 2026-06-30 while the initiative is open\n"),
        "{}",
        r.markdown
    );
    assert!(!r.human.contains("health – dropped"), "the status line says it:\n{}", r.human);
}

#[test]
fn a_target_that_had_ended_and_slips_into_the_future_moves_from_off_track_to_at_risk() {
    let plan = review_plan();
    edit(plan.path(), "roadmap/tracking.md", "target: 2027-03-31", "target: 2026-03-31");
    commit(plan.path(), "Tracking was due in March", T0 + DAY);
    branch(&plan, "replan", |d| edit(d, "roadmap/tracking.md", "target: 2026-03-31", "target: 2027-06-30"));
    let r = review(&plan, "replan");
    let h = &impact(&r.json, "tracking")["health"];
    assert_eq!((h["from"]["state"].as_str(), h["to"]["state"].as_str()), (Some("off-track"), Some("at-risk")), "{h:#}");
    assert!(
        r.human.contains("health ✕ off-track → ▲ at-risk: target slipped 2026-03-31 → 2027-06-30 in this change"),
        "{}",
        r.human
    );
}

#[test]
fn a_pull_in_is_sized_in_the_periods_unit() {
    let r = scenario("pull-in", |d| edit(d, "roadmap/onboarding.md", "target: 2027-H2", "target: 2027-H1"));
    says(&r, "Improve user onboarding is pulled in one half");
    assert_eq!(impact(&r.json, "onboarding")["fields"][0]["note"], "pulled in one half");
    assert!(r.human.contains("target 2027-H2 → 2027-H1: is pulled in one half"), "{}", r.human);
}

#[test]
fn a_relink_moves_a_story_between_initiatives_with_progress_on_both_sides() {
    let r = scenario("relink", |d| {
        edit(d, "backlog/S-110-eta-push-notifications.md", "initiative: tracking", "initiative: subscriptions")
    });
    says(&r, "1 story moves from Improve delivery tracking to Launch subscription model");
    let (out, into) = (impact(&r.json, "tracking"), impact(&r.json, "subscriptions"));
    assert_eq!(ids(&out["relinked_out"]), ["S-110"]);
    assert_eq!(ids(&into["relinked_in"]), ["S-110"]);
    let p = &out["progress"];
    assert_eq!((p["from"]["total"].as_u64(), p["to"]["total"].as_u64()), (Some(4), Some(3)));
    assert!(r.markdown.contains("- **Improve delivery tracking (`tracking`)**\n  - 1 story re-linked out: `S-110` Send arrival time updates as push notifications (to Launch subscription model)\n  - progress 1/4 → 1/3\n"), "{}", r.markdown);
    assert!(r.human.contains("initiative tracking → subscriptions (re-linked)"), "{}", r.human);
    assert_eq!(r.json["problems"], serde_json::json!([]));
}

#[test]
fn a_scope_cut_by_wontdo_is_abandoned_scope() {
    let r = scenario("cut-wontdo", |d| {
        edit(d, "backlog/S-103-handle-failed-renewals.md", "status: ready", "status: wontdo")
    });
    says(&r, "1 story cut from Launch subscription model");
    let i = impact(&r.json, "subscriptions");
    assert_eq!(ids(&i["abandoned"]), ["S-103"]);
    assert!(r.human.contains("1 story abandoned: S-103 Handle failed subscription renewals"), "{}", r.human);
    assert_eq!(change(&r.json, "S-103")["fields"][0]["note"], "abandoned");
    // Dropped work is never read as delivered: S-105 was dropped already, S-103 joins it.
    assert!(r.human.contains("progress 2 done, 1 dropped of 6 → 2 done, 2 dropped of 6"), "{}", r.human);
}

#[test]
fn a_scope_cut_by_deletion_is_removed_scope() {
    let r =
        scenario("cut-delete", |d| std::fs::remove_file(d.join("backlog/S-117-first-order-coupon-flow.md")).unwrap());
    says(&r, "1 story cut from Improve user onboarding");
    let i = impact(&r.json, "onboarding");
    assert_eq!(ids(&i["removed"]), ["S-117"]);
    assert_eq!((i["progress"]["from"]["total"].as_u64(), i["progress"]["to"]["total"].as_u64()), (Some(3), Some(2)));
    assert!(r.markdown.contains("- **S-117** Build first-order coupon flow — removed (was todo)"), "{}", r.markdown);
}

#[test]
fn a_new_initiative_with_stories_shows_its_planning_fields() {
    let r = scenario("loyalty", |d| {
        std::fs::write(
            d.join("roadmap/loyalty.md"),
            "---\ntitle: Loyalty programme\nstatus: planned\nhorizon: next\nstart: 2027-Q2\ntarget: 2027-Q4\npriority: 5\nowner: maya\noutcome: Members order twice as often as other customers.\n---\n",
        )
        .unwrap();
        std::fs::write(
            d.join("backlog/S-151-points-ledger.md"),
            "---\nid: S-151\ntitle: Points ledger\ninitiative: loyalty\nestimate: 3\nassignee: omar\n---\n",
        )
        .unwrap();
        std::fs::write(
            d.join("backlog/S-152-double-points-bug.md"),
            "---\nid: S-152\ntitle: Double points on refunds\ntype: bug\ninitiative: loyalty\nestimate: 0.5\n---\n",
        )
        .unwrap();
    });
    says(&r, "New initiative Loyalty programme with 2 stories");
    assert_eq!(impact(&r.json, "loyalty")["change"], "added");
    assert_eq!(ids(&impact(&r.json, "loyalty")["added"]), ["S-151", "S-152"]);
    let planning = &change(&r.json, "loyalty")["planning"];
    let fields: Vec<&str> = planning.as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["horizon", "start", "target", "owner", "priority", "outcome"]);
    assert!(
        r.markdown.contains("  - horizon `next` · start `2027-Q2` · target `2027-Q4` · owner maya · priority `5`\n  - outcome: Members order twice as often as other customers.\n"),
        "{}",
        r.markdown
    );
    // Numbers as written: 3, not 3.0; 0.5 stays 0.5.
    assert_eq!(change(&r.json, "S-151")["planning"][0], serde_json::json!({"field": "estimate", "value": 3}));
    assert!(r.markdown.contains("  - estimate `3` · assignee omar\n"), "{}", r.markdown);
    assert!(r.markdown.contains("  - type `bug` · estimate `0.5`\n"), "{}", r.markdown);
    assert!(!r.markdown.contains("3.0"), "{}", r.markdown);
    assert_eq!(r.json["problems"], serde_json::json!([]));
    snapshot("review_new_initiative", &r.markdown);
}

#[test]
fn todo_to_done_directly_closes_the_story_and_reports_unchecked_criteria() {
    let r = scenario("done", |d| edit(d, "backlog/S-110-eta-push-notifications.md", "status: todo", "status: done"));
    says(&r, "1 story done in Improve delivery tracking; introduces 1 problem");
    assert_eq!(ids(&impact(&r.json, "tracking")["closed"]), ["S-110"]);
    let p = &r.json["problems"][0];
    assert_eq!((p["rule"].as_str(), p["severity"].as_str()), (Some("backlog/done-unchecked"), Some("warning")));
    assert!(p["help"].is_string(), "{p}");
    assert!(
        r.human.contains("warning  backlog/done-unchecked  backlog/S-110-eta-push-notifications.md:"),
        "{}",
        r.human
    );
    assert!(
        r.markdown.contains("- ⚠️ **warning** `backlog/done-unchecked` in `backlog/S-110-eta-push-notifications.md:"),
        "{}",
        r.markdown
    );
    assert!(r.markdown.contains("  - progress 1/4 → 2/4\n"), "{}", r.markdown);
}

#[test]
fn a_reopened_story_lowers_progress() {
    let r = scenario("reopen", |d| {
        edit(d, "backlog/S-109-choose-live-location-transport.md", "status: done", "status: in-progress")
    });
    says(&r, "1 story reopened in Improve delivery tracking");
    assert_eq!(ids(&impact(&r.json, "tracking")["reopened"]), ["S-109"]);
    assert!(r.markdown.contains("  - progress 1/4 → 0/4\n"), "{}", r.markdown);
    assert!(r.human.contains("status done → in-progress (reopened)"), "{}", r.human);
}

#[test]
fn a_pure_move_names_both_paths_and_has_no_impact() {
    let r = scenario("move", |d| {
        std::fs::create_dir_all(d.join("backlog/new-cities")).unwrap();
        std::fs::rename(
            d.join("backlog/S-114-move-city-settings-to-config.md"),
            d.join("backlog/new-cities/S-114-move-city-settings-to-config.md"),
        )
        .unwrap();
    });
    says(&r, "1 file moved, nothing else changed");
    assert_eq!(r.json["impact"], serde_json::json!([]));
    let c = change(&r.json, "S-114");
    assert_eq!(c["old_path"], "backlog/S-114-move-city-settings-to-config.md");
    assert!(
        r.markdown.contains("  - moved from `backlog/S-114-move-city-settings-to-config.md` to `backlog/new-cities/S-114-move-city-settings-to-config.md`\n"),
        "{}",
        r.markdown
    );
    let stat = run(review_plan_with_branch("move").path(), &["diff", "main...move", "--stat"]).stdout;
    assert!(stat.contains("~ S-114  Move city settings out of hard-coded constants  moved"), "{stat}");
}

/// A fresh plan with the branch `name` of [`a_pure_move_names_both_paths_and_has_no_impact`].
fn review_plan_with_branch(name: &str) -> TempPlan {
    let plan = review_plan();
    branch(&plan, name, |d| {
        std::fs::create_dir_all(d.join("backlog/new-cities")).unwrap();
        std::fs::rename(
            d.join("backlog/S-114-move-city-settings-to-config.md"),
            d.join("backlog/new-cities/S-114-move-city-settings-to-config.md"),
        )
        .unwrap();
    });
    plan
}

#[test]
fn a_move_plus_an_edit_names_both_paths_and_the_edit() {
    let r = scenario("move-edit", |d| {
        std::fs::create_dir_all(d.join("backlog/new-cities")).unwrap();
        let from = d.join("backlog/S-112-restaurant-onboarding-porto.md");
        let to = d.join("backlog/new-cities/S-112-restaurant-onboarding-porto.md");
        std::fs::rename(from, &to).unwrap();
        edit(d, "backlog/new-cities/S-112-restaurant-onboarding-porto.md", "estimate: 5", "estimate: 8");
    });
    says(&r, "1 item edited");
    let c = change(&r.json, "S-112");
    assert_eq!(c["old_path"], "backlog/S-112-restaurant-onboarding-porto.md");
    assert_eq!(c["fields"][0], serde_json::json!({"field": "estimate", "from": 5, "to": 8}));
    assert!(
        r.human.contains("~ S-112  Onboard partner restaurants for the Porto launch\n        moved from backlog/S-112-restaurant-onboarding-porto.md to backlog/new-cities/S-112-restaurant-onboarding-porto.md\n        estimate 5 → 8\n"),
        "{}",
        r.human
    );
}

#[test]
fn a_renumbering_is_one_item_with_the_links_left_on_the_old_id_as_problems() {
    let r = scenario("renumber", |d| edit(d, "backlog/S-116-address-setup-flow.md", "id: S-116", "id: S-216"));
    says(&r, "`S-116` renumbered to `S-216`; introduces 1 problem");
    let changes = r.json["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 2, "{:#}", r.json);
    assert!(changes.iter().all(|c| c["change"] == "modified"), "never removed plus added: {:#}", r.json);
    let c = change(&r.json, "S-216");
    assert_eq!((c["old_id"].as_str(), c["fields"][0]["note"].as_str()), (Some("S-116"), Some("renumbered")));
    let p = &r.json["problems"][0];
    assert_eq!((p["rule"].as_str(), p["item"].as_str()), (Some("link/dangling"), Some("S-117")));
    assert!(p["message"].as_str().unwrap().contains("`S-116`"), "{p}");
    // The help names the new id, not the closest-spelled other item (S-106).
    assert_eq!(p["help"], "`S-116` was renumbered to `S-216` in this change: link to `S-216`", "{p}");
    assert_eq!(c["linked_by_old_id"], serde_json::json!(["S-117"]));
    assert!(r.human.contains("still linked by its old id S-116 from S-117"), "{}", r.human);
    // S-117's file did not change: its problem has no line.
    assert!(p.get("line").is_none(), "{p}");
    assert!(
        r.markdown
            .contains("- **S-216** Build address setup flow — renumbered\n  - id `S-116` → `S-216` (renumbered)\n"),
        "{}",
        r.markdown
    );
    snapshot("review_renumbering", &r.markdown);
}

/// Closing an initiative gives three untouched stories a `link/closed-initiative` warning:
/// they are problems, not changes, so every format counts one change, and `--stat` marks the
/// three with `!`, never as modified.
#[test]
fn items_given_a_problem_by_another_change_are_not_counted_as_changes() {
    let plan = review_plan();
    branch(&plan, "close", |d| edit(d, "roadmap/tracking.md", "status: planned", "status: done"));
    let r = review(&plan, "close");
    assert_eq!(r.json["problems"].as_array().map(Vec::len), Some(3), "{:#}", r.json);
    assert!(r.human.trim_end().ends_with("\n1 change: 1 modified"), "{}", r.human);
    assert!(r.markdown.contains("#### Details: 1 change: 1 modified\n"), "{}", r.markdown);
    let stat = run(plan.path(), &["diff", "main...close", "--stat"]).stdout;
    assert!(stat.trim_end().ends_with("\n1 change: 1 modified"), "{stat}");
    assert!(stat.contains("    ! S-107  Build real-time tracking feature  introduces 1 problem\n"), "{stat}");
    assert!(stat.contains("  ~ tracking  Improve delivery tracking  1 change\n"), "{stat}");
}

#[test]
fn a_priority_reshuffle_lists_both_moves() {
    let r = scenario("reshuffle", |d| {
        edit(d, "roadmap/subscriptions.md", "priority: 1", "priority: 2");
        edit(d, "roadmap/tracking.md", "priority: 2", "priority: 1");
    });
    says(&r, "Priorities reshuffled: Launch subscription model `1` → `2`, Improve delivery tracking `2` → `1`");
    assert!(r.markdown.contains("  - priority `2` → `1` (moves up)\n"), "{}", r.markdown);
    assert!(r.markdown.contains("  - priority `1` → `2` (moves down)\n"), "{}", r.markdown);
    assert_eq!(r.json["problems"], serde_json::json!([]));
}

#[test]
fn criteria_checked_are_named() {
    let r = scenario("criteria", |d| {
        edit(
            d,
            "backlog/S-101-design-subscription-ui.md",
            "- [ ] Works with screen readers",
            "- [x] Works with screen readers",
        )
    });
    says(&r, "1 acceptance criterion checked");
    let c = change(&r.json, "S-101");
    assert_eq!(c["criteria"][0]["change"], "checked");
    assert_eq!(c["criteria"][0]["text"], "Works with screen readers on iOS and Android");
    assert!(
        r.markdown
            .contains("  - acceptance criteria 2/4 → 3/4\n  - checked: Works with screen readers on iOS and Android\n"),
        "{}",
        r.markdown
    );
    assert_eq!(r.json["impact"], serde_json::json!([]));
}

/// The check's help for a file that stops parsing and for a missing title quotes code that
/// GitHub shows as code: never an escaped, literal backtick in the comment.
#[test]
fn the_help_of_parse_and_title_problems_shows_its_code_as_code_on_github() {
    let r = scenario("broken", |d| {
        edit(d, "backlog/S-101-design-subscription-ui.md", "title: Design subscription UI", "title: [Design");
        edit(d, "backlog/S-102-integrate-payment-gateway.md", "title: Integrate payment gateway\n", "");
    });
    let problems = r.markdown.split("#### Problems this change introduces").nth(1).unwrap();
    let problems = problems.split("\n####").next().unwrap();
    assert_eq!(problems.matches("\n- ").count(), 2, "{}", r.markdown);
    assert!(!problems.contains("\\`"), "a literal backtick:\n{problems}");
    assert!(problems.contains("add `title: <a short name>` to the front matter"), "{problems}");
}

#[test]
fn a_typo_in_an_initiative_is_a_problem_with_the_checks_suggestion_never_a_relink() {
    let r = scenario("typo", |d| {
        edit(d, "backlog/S-115-design-welcome-screens.md", "initiative: onboarding", "initiative: onboardng")
    });
    says(
        &r,
        "1 story of Improve user onboarding now names `onboardng`, which is not an initiative; introduces 1 problem",
    );
    let p = &r.json["problems"][0];
    assert_eq!((p["rule"].as_str(), p["help"].as_str()), (Some("link/dangling"), Some("did you mean `onboarding`?")));
    assert_eq!(change(&r.json, "S-115")["fields"][0]["note"], "no such initiative");
    let out = &impact(&r.json, "onboarding")["relinked_out"][0];
    assert_eq!((out["other"].as_str(), out["other_exists"].as_bool()), (Some("onboardng"), Some(false)));
    for text in [&r.markdown, &r.human] {
        assert!(!text.contains("re-linked"), "{text}");
    }
    assert!(
        r.human
            .contains("1 story now names an initiative that does not exist: S-115 Design welcome screens (onboardng)"),
        "{}",
        r.human
    );
    assert!(r.markdown.contains(" — did you mean `onboarding`?\n"), "{}", r.markdown);
    assert!(r.human.contains("      help: did you mean `onboarding`?\n"), "{}", r.human);
    snapshot("review_typo", &r.markdown);
}

#[test]
fn custom_fields_are_compared_as_written() {
    let r = scenario("custom", |d| {
        edit(d, "roadmap/subscriptions.md", "risk: medium", "risk: high");
        edit(d, "backlog/S-102-integrate-payment-gateway.md", "estimate: 8\n", "estimate: 8\nteam: payments\n");
    });
    says(&r, "2 items edited");
    assert_eq!(
        change(&r.json, "subscriptions")["fields"][0],
        serde_json::json!({"field": "risk", "from": "medium", "to": "high"})
    );
    assert_eq!(
        change(&r.json, "S-102")["fields"][0],
        serde_json::json!({"field": "team", "from": null, "to": "payments"})
    );
    assert!(r.markdown.contains("  - risk medium → high\n"), "{}", r.markdown);
    assert!(r.human.contains("team (none) → payments"), "{}", r.human);
}

#[test]
fn a_merge_base_diff_leaves_out_what_main_did_meanwhile() {
    let plan = review_plan();
    branch(&plan, "feature", |d| {
        edit(d, "backlog/S-107-build-real-time-tracking.md", "status: ready", "status: in-progress")
    });
    // Meanwhile on main: subscriptions slips.
    edit(plan.path(), "roadmap/subscriptions.md", "target: 2027-Q1", "target: 2027-Q3");
    commit(plan.path(), "Subscriptions slips", T0 + 2 * DAY);
    let r = review(&plan, "feature");
    says(&r, "1 story started in Improve delivery tracking");
    assert!(!r.markdown.contains("subscriptions") && !r.markdown.contains("2027-Q3"), "{}", r.markdown);
    let short = |rev: &str| git::cli(plan.path(), &["rev-parse", "--short=7", rev]).trim().to_string();
    let header = format!(
        "`feature` (`{}`) against its merge base with `main`, `{}` (`main` is now at `{}`)",
        short("feature"),
        short("main~1"),
        short("main")
    );
    assert!(r.markdown.contains(&header), "{header}\n{}", r.markdown);
    let revisions = &r.json["revisions"];
    assert_eq!(revisions["base"]["name"], "main");
    assert_eq!(revisions["merge_base"]["commit"], r.json["base"]);
    assert_eq!(revisions["head"]["short"], short("feature").as_str());
}

#[test]
fn no_plan_change() {
    let plan = review_plan();
    branch(&plan, "docs", |d| std::fs::write(d.join("NOTES.txt"), "not a plan file\n").unwrap());
    let r = review(&plan, "docs");
    assert_eq!(r.human.trim(), "no changes to the plan");
    assert!(r.markdown.starts_with("### Plan changes: `main...docs`\n\n"), "{}", r.markdown);
    assert!(r.markdown.trim_end().ends_with("\n\nNo changes to the plan."), "{}", r.markdown);
    assert_eq!(
        (r.json["summary"].as_str(), r.json["changes"].as_array().map(Vec::len)),
        (Some("no changes to the plan"), Some(0))
    );
    assert_eq!(run(plan.path(), &["diff", "main...docs", "--exit-code"]).code, 0);
}

/// The pull request of docs/ci.md's example comment: a slip, a re-link, a new story with a
/// typo in its initiative, a criterion checked.
fn docs_example() -> Review {
    let plan = review_plan();
    branch(&plan, "feature/plan-q2", |d| {
        edit(d, "roadmap/subscriptions.md", "target: 2027-Q1", "target: 2027-Q2");
        edit(d, "backlog/S-110-eta-push-notifications.md", "initiative: tracking", "initiative: subscriptions");
        edit(d, "backlog/S-101-design-subscription-ui.md", "- [ ] Designs reviewed", "- [x] Designs reviewed");
        std::fs::write(
            d.join("backlog/S-118-show-savings-at-checkout.md"),
            "---\nid: S-118\ntitle: Show subscription savings at checkout\ninitiative: subscriptons\nestimate: 2\nassignee: dana\n---\n",
        )
        .unwrap();
    });
    review(&plan, "feature/plan-q2")
}

/// The text after `marker` in docs/ci.md, up to the end of its fenced block.
fn docs_block(marker: &str) -> String {
    let docs = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/ci.md")).unwrap();
    let after = docs.split(marker).nth(1).unwrap_or_else(|| panic!("no {marker} in docs/ci.md"));
    let block = after.split_once("````markdown\n").unwrap().1;
    block.split("````").next().unwrap().to_string()
}

#[test]
fn the_example_comment_in_the_ci_docs_is_real_output() {
    let r = docs_example();
    let mask = |s: &str| regex_lite_mask(s);
    let want = docs_block("<!-- example: cairn diff main...feature/plan-q2 --format markdown -->");
    assert_eq!(mask(&want), mask(&r.markdown), "docs/ci.md is out of date; the output now is:\n{}", r.markdown);
}

/// Short commit ids (seven hex digits in a code span) masked.
fn regex_lite_mask(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(at) = rest.find('`') {
        out.push_str(&rest[..=at]);
        rest = &rest[at + 1..];
        let hex = rest.get(..8).filter(|h| h.ends_with('`') && h[..7].bytes().all(|b| b.is_ascii_hexdigit()));
        if hex.is_some() {
            out.push_str("[short id]`");
            rest = &rest[8..];
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn problems_follow_the_configured_severities_and_never_show_a_rule_that_is_off() {
    let plan = review_plan();
    edit(
        plan.path(),
        "cairn.yml",
        "  backlog/stale: off\n",
        "  backlog/stale: off\n  backlog/done-unchecked: off\n  link/dangling: warning\n",
    );
    commit(plan.path(), "Rules", T0 + DAY / 2);
    branch(&plan, "rules", |d| {
        edit(d, "backlog/S-110-eta-push-notifications.md", "status: todo", "status: done");
        edit(d, "backlog/S-115-design-welcome-screens.md", "initiative: onboarding", "initiative: onboardng");
    });
    let r = review(&plan, "rules");
    let problems: Vec<(&str, &str)> = r.json["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["rule"].as_str().unwrap(), p["severity"].as_str().unwrap()))
        .collect();
    assert_eq!(problems, [("link/dangling", "warning")]);
    assert!(r.markdown.contains("- ⚠️ **warning** `link/dangling` in "), "{}", r.markdown);
    assert!(!r.markdown.contains("done-unchecked"), "{}", r.markdown);
}
