//! `cairn.yml`: severities, folders, statuses, `--deny warnings`, and bad configurations.

use crate::common::{TempPlan, check_json, findings, run};

fn plan_with_warning() -> TempPlan {
    // A planned initiative without items or priority: two warnings, no error.
    let plan = TempPlan::new();
    plan.write("roadmap/core.md", "---\ntitle: Core\nstatus: planned\n---\n");
    plan
}

#[test]
fn warnings_exit_0_and_deny_warnings_exits_1() {
    let plan = plan_with_warning();
    let (code, json) = check_json(plan.path(), &[]);
    assert_eq!(code, 0);
    assert_eq!(json["summary"]["warnings"], 2);
    let (code, _) = check_json(plan.path(), &["--deny", "warnings"]);
    assert_eq!(code, 1);
}

#[test]
fn rule_severities_can_be_changed_or_turned_off() {
    let plan = plan_with_warning();
    plan.write("cairn.yml", "rules:\n  roadmap/empty-initiative: off\n  roadmap/priority: error\n");
    let (code, json) = check_json(plan.path(), &[]);
    assert_eq!(code, 1);
    let f = findings(&json);
    assert_eq!(f, vec![("roadmap/priority".to_string(), "roadmap/core.md".to_string(), 3)]);
    assert_eq!(json["diagnostics"][0]["severity"], "error");
}

#[test]
fn folders_and_statuses_come_from_the_config() {
    let plan = TempPlan::new();
    plan.write(
        "cairn.yml",
        "roadmap_dir: plan/initiatives\nbacklog_dir: plan/work\nstatuses:\n  backlog: {doing: active}\n",
    );
    plan.write("plan/initiatives/core.md", "---\ntitle: Core\n---\n");
    plan.write(
        "plan/work/S-1.md",
        "---\ntitle: One\nstatus: doing\ninitiative: core\n---\n## Acceptance criteria\n- [ ] works\n",
    );
    // Files in the default folders are not part of this plan.
    plan.write("backlog/S-2.md", "---\ntitle: Not loaded\n---\n");
    let (code, json) = check_json(plan.path(), &[]);
    assert_eq!((code, json["summary"]["items"].as_u64()), (0, Some(2)), "{json:#}");
}

#[test]
fn an_unknown_status_is_a_schema_error_with_a_suggestion() {
    let plan = TempPlan::with_initiative();
    plan.write("backlog/S-1.md", "---\ntitle: One\nstatus: in-progres\ninitiative: core\n---\n");
    let (_, json) = check_json(plan.path(), &[]);
    let d = &json["diagnostics"][0];
    assert_eq!(d["rule"], "schema/field");
    assert!(d["help"].as_str().unwrap().contains("did you mean `in-progress`?"), "{d:#}");
}

#[test]
fn unknown_config_keys_exit_2_with_did_you_mean() {
    let plan = plan_with_warning();
    plan.write("cairn.yml", "roadmap_dri: roadmap\nrules:\n  link/orphn: off\n");
    let r = run(plan.path(), &["check"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("unknown key `roadmap_dri`"), "{}", r.stderr);
    assert!(r.stderr.contains("did you mean `roadmap_dir`?"), "{}", r.stderr);
    assert!(r.stderr.contains("unknown rule `link/orphn`"), "{}", r.stderr);
    assert!(r.stderr.contains("cairn.yml"), "{}", r.stderr);
    assert!(r.stdout.is_empty());
}

#[test]
fn a_config_with_wrong_types_exits_2() {
    for bad in [
        "stale_after_days: soon\n",
        "rules: [a, b]\n",
        "statuses:\n  backlog: {doing: busy}\n",
        "roadmap_dir: [a]\n",
        "- just\n- a list\n",
        "id_prefix: 3\n",
        "rules:\n  link/orphan: fatal\n",
        "key: [unclosed\n",
    ] {
        let plan = plan_with_warning();
        plan.write("cairn.yml", bad);
        let r = run(plan.path(), &["check"]);
        assert_eq!(r.code, 2, "{bad:?} should be refused: {}", r.stderr);
        assert!(r.stderr.contains("cairn.yml"), "{bad:?}: {}", r.stderr);
        assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    }
}

#[test]
fn an_unknown_format_is_a_usage_error() {
    let plan = plan_with_warning();
    let r = run(plan.path(), &["check", "--format", "jsno"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("did you mean `json`?"), "{}", r.stderr);
}

#[test]
fn deny_takes_only_warnings() {
    let plan = plan_with_warning();
    assert_eq!(run(plan.path(), &["check", "--deny", "errors"]).code, 2);
}
