//! The health rules on hand-made evidence (each state and each boundary), then on histories
//! built by hand commit by commit, through the report's forecast and slips.

use std::sync::Arc;

use jiff::civil::{Date, date};

use super::*;
use crate::analyse::diff::Readability;
use crate::analyse::history::{CommitInfo, ItemPair};
use crate::load::{RawFile, assemble};
use crate::model::{Config, Kind};

const AS_OF: Date = date(2026, 11, 24);

/// A plan from `(path, text)` files under `roadmap/` and `backlog/`.
fn plan(files: &[(&str, String)]) -> Plan {
    let raw = files
        .iter()
        .map(|(path, text)| RawFile {
            path: path.to_string(),
            kind: if path.starts_with("roadmap/") { Kind::Initiative } else { Kind::Backlog },
            archived: false,
            content: Ok(text.as_bytes().to_vec()),
        })
        .collect();
    assemble(raw, Config::default())
}

fn initiative(status: &str, target: Option<&str>) -> Item {
    let target = target.map(|t| format!("target: \"{t}\"\n")).unwrap_or_default();
    let p = plan(&[("roadmap/core.md", format!("---\ntitle: Core\nstatus: {status}\n{target}---\n"))]);
    p.items.into_iter().next().expect("the initiative decodes")
}

fn forecast(p50: &str, p85: &str) -> Forecast {
    Forecast { p50: Some(p50.into()), p85: Some(p85.into()), reason: None, remaining: 3, beyond_horizon: false }
}

fn progress(done: usize, abandoned: usize, total: usize) -> Progress {
    Progress { closed: done + abandoned, total, done, abandoned }
}

/// Evidence with history: `remaining` open items of `total`, a forecast and maybe a slip.
fn evidence<'a>(f: Option<&'a Forecast>, slip: Option<&'a Slip>) -> Evidence<'a> {
    Evidence { progress: progress(1, 0, 4), no_history: None, forecast: f, last_slip: slip }
}

fn slip(day: &str) -> Slip {
    Slip { date: day.into(), from: "2026-Q4".into(), to: "2027-Q1".into() }
}

fn state(item: &Item, e: &Evidence<'_>) -> HealthState {
    assess(item, AS_OF, e).state
}

#[test]
fn closed_is_done_and_abandoned_is_dropped_whatever_else_is_known() {
    let late = forecast("2030-01-01", "2030-06-01");
    let e = evidence(Some(&late), None);
    let done = assess(&initiative("done", Some("2020-Q1")), AS_OF, &e);
    assert_eq!(done, Health::new(HealthState::Done, "status done: delivered"));
    let dropped = assess(&initiative("dropped", None), AS_OF, &e);
    assert_eq!(dropped, Health::new(HealthState::Dropped, "status dropped: closed without delivering"));
}

#[test]
fn no_target_is_unknown_and_says_so() {
    let f = forecast("2026-12-01", "2026-12-08");
    let h = assess(&initiative("active", None), AS_OF, &evidence(Some(&f), None));
    assert_eq!(h.state, HealthState::Unknown);
    assert_eq!(h.reason, "no target, so there is nothing to measure against");
    // A target that is not a period is named as written.
    let h = assess(&initiative("active", Some("someday")), AS_OF, &evidence(Some(&f), None));
    assert_eq!(h.state, HealthState::Unknown);
    assert!(h.reason.contains("`someday` is not a period"), "{}", h.reason);
}

#[test]
fn a_target_that_ended_while_open_is_off_track_from_the_day_after_its_end() {
    let f = forecast("2026-11-24", "2026-11-24");
    let e = evidence(Some(&f), None);
    // 2026-11-24 is the target's last day: not ended yet.
    assert_eq!(state(&initiative("active", Some("2026-11-24")), &e), HealthState::OnTrack);
    // 2026-11-23 ended yesterday.
    let h = assess(&initiative("active", Some("2026-11-23")), AS_OF, &e);
    assert_eq!(h.state, HealthState::OffTrack);
    assert_eq!(h.reason, "target 2026-11-23 ended 2026-11-23 while the initiative is open");
    let h = assess(&initiative("planned", Some("2026-Q3")), AS_OF, &Evidence::default());
    assert_eq!(h, Health::new(HealthState::OffTrack, "target 2026-Q3 ended 2026-09-30 while the initiative is open"));
}

#[test]
fn without_history_an_open_initiative_with_a_future_target_is_unknown() {
    let e = Evidence {
        progress: progress(0, 0, 3),
        no_history: Some("the plan is not in a git repository"),
        ..Default::default()
    };
    let h = assess(&initiative("active", Some("2027-Q1")), AS_OF, &e);
    assert_eq!(h.state, HealthState::Unknown);
    assert_eq!(h.reason, "no history to forecast from: the plan is not in a git repository");
    // What needs no history is still decided.
    assert_eq!(state(&initiative("active", Some("2026-Q3")), &e), HealthState::OffTrack);
    assert_eq!(state(&initiative("done", Some("2027-Q1")), &e), HealthState::Done);
}

#[test]
fn the_fifty_percent_date_after_the_target_is_off_track() {
    // Target 2026-12 ends 2026-12-31.
    let item = initiative("active", Some("2026-12"));
    let on_the_day = forecast("2026-12-31", "2027-01-14");
    assert_eq!(state(&item, &evidence(Some(&on_the_day), None)), HealthState::AtRisk);
    let a_day_late = forecast("2027-01-01", "2027-01-14");
    let h = assess(&item, AS_OF, &evidence(Some(&a_day_late), None));
    assert_eq!(h, Health::new(HealthState::OffTrack, "50% forecast 2027-01-01 is after target 2026-12"));
}

#[test]
fn the_eighty_five_percent_date_after_the_target_is_at_risk() {
    let item = initiative("planned", Some("2027-Q1"));
    let h = assess(&item, AS_OF, &evidence(Some(&forecast("2027-02-01", "2027-04-20")), None));
    assert_eq!(h, Health::new(HealthState::AtRisk, "85% forecast 2027-04-20 is after target 2027-Q1"));
    // On the target's last day is on track.
    let h = assess(&item, AS_OF, &evidence(Some(&forecast("2027-02-01", "2027-03-31")), None));
    assert_eq!(h, Health::new(HealthState::OnTrack, "85% forecast 2027-03-31 is within target 2027-Q1"));
}

#[test]
fn a_forecast_beyond_ten_years_is_at_risk() {
    let far = Forecast {
        p50: None,
        p85: None,
        reason: Some("at the observed throughput the open items take more than ten years".into()),
        remaining: 40,
        beyond_horizon: true,
    };
    let h = assess(&initiative("active", Some("2027-Q1")), AS_OF, &evidence(Some(&far), None));
    assert_eq!(h.state, HealthState::AtRisk);
    assert!(h.reason.contains("more than ten years"), "{}", h.reason);
}

#[test]
fn a_slip_within_thirty_days_is_at_risk_and_an_older_one_is_not() {
    let item = initiative("active", Some("2027-Q1"));
    let fine = forecast("2027-01-05", "2027-02-01");
    // 2026-10-25 is exactly 30 days before 2026-11-24.
    let recent = slip("2026-10-25");
    let h = assess(&item, AS_OF, &evidence(Some(&fine), Some(&recent)));
    assert_eq!(h, Health::new(HealthState::AtRisk, "target slipped 2026-Q4 → 2027-Q1 on 2026-10-25 (30 days ago)"));
    let old = slip("2026-10-24");
    assert_eq!(state(&item, &evidence(Some(&fine), Some(&old))), HealthState::OnTrack);
    // A slip without any forecast is still a fact worth flagging.
    assert_eq!(state(&item, &evidence(None, Some(&recent))), HealthState::AtRisk);
    let today = slip("2026-11-24");
    assert!(assess(&item, AS_OF, &evidence(None, Some(&today))).reason.ends_with("(today)"));
    // A forecast past the target outranks the slip: off-track.
    let late = forecast("2027-05-01", "2027-06-01");
    assert_eq!(state(&item, &evidence(Some(&late), Some(&recent))), HealthState::OffTrack);
}

#[test]
fn open_initiatives_without_a_forecast_are_unknown_unless_all_their_work_is_closed() {
    let item = initiative("active", Some("2027-Q1"));
    let none = Forecast {
        p50: None,
        p85: None,
        reason: Some("no backlog item was done in the window yet, so there is no throughput to sample".into()),
        remaining: 3,
        beyond_horizon: false,
    };
    let h = assess(&item, AS_OF, &evidence(Some(&none), None));
    assert_eq!(h.state, HealthState::Unknown);
    assert!(h.reason.starts_with("no forecast: no backlog item was done"), "{}", h.reason);

    let empty = Evidence { progress: progress(0, 0, 0), ..Default::default() };
    assert_eq!(assess(&item, AS_OF, &empty), Health::new(HealthState::Unknown, "no backlog items to forecast from"));

    let finished = Evidence { progress: progress(2, 1, 3), ..Default::default() };
    let h = assess(&item, AS_OF, &finished);
    assert_eq!(
        h,
        Health::new(HealthState::OnTrack, "all its backlog items are closed and target 2027-Q1 has not ended")
    );
}

// ---------------------------------------------------------------------------------------------
// Hand-built histories

/// Seven initiatives and their stories, committed snapshot by snapshot. Every week from W40
/// (the first commit's) to W48 (the as-of date's) one story reaches done, so the throughput
/// is exactly one item a week and every forecast is `as_of + remaining weeks`, exactly.
struct Repo {
    snapshots: Vec<(Date, Vec<(String, String)>)>,
}

impl Repo {
    fn new() -> Self {
        Repo { snapshots: Vec::new() }
    }

    /// Commits `files` over the previous snapshot's files on `day`.
    fn commit(&mut self, day: Date, files: &[(String, String)]) {
        let mut all = self.snapshots.last().map(|s| s.1.clone()).unwrap_or_default();
        for (path, text) in files {
            all.retain(|(p, _)| p != path);
            all.push((path.clone(), text.clone()));
        }
        self.snapshots.push((day, all));
    }

    /// The plan of the last snapshot and the history of every snapshot, oldest first.
    fn history(&self) -> (Plan, Vec<CommitStates>) {
        let mut history = Vec::new();
        let mut before: Vec<Arc<Item>> = Vec::new();
        for (n, (day, files)) in self.snapshots.iter().enumerate() {
            let files: Vec<(&str, String)> = files.iter().map(|(p, t)| (p.as_str(), t.clone())).collect();
            let after: Vec<Arc<Item>> = plan(&files).items.into_iter().map(Arc::new).collect();
            let mut pairs = Vec::new();
            for new in &after {
                let old = before.iter().find(|o| o.id == new.id);
                if old.is_none_or(|o| o.source.text != new.source.text) {
                    pairs.push(ItemPair {
                        id: new.id.clone(),
                        old: old.cloned(),
                        new: Some(Arc::clone(new)),
                        readability: Readability::Same,
                        shared_id: false,
                    });
                }
            }
            let commit = CommitInfo {
                commit: format!("{n:040}"),
                short: format!("{n:07}"),
                date: day.to_string(),
                time: 0,
                author: "Dana".into(),
                subject: format!("commit {n}"),
                merged_authors: Vec::new(),
            };
            history.push(CommitStates { commit, pairs });
            before = after;
        }
        let last: Vec<(&str, String)> = self
            .snapshots
            .last()
            .map(|s| s.1.iter().map(|(p, t)| (p.as_str(), t.clone())).collect())
            .unwrap_or_default();
        (plan(&last), history)
    }
}

fn ini(id: &str, status: &str, target: Option<&str>) -> (String, String) {
    let target = target.map(|t| format!("target: \"{t}\"\n")).unwrap_or_default();
    (format!("roadmap/{id}.md"), format!("---\ntitle: {id}\nstatus: {status}\n{target}---\n"))
}

fn story(id: &str, initiative: &str, status: &str) -> (String, String) {
    (format!("backlog/{id}.md"), format!("---\ntitle: {id}\ninitiative: {initiative}\nstatus: {status}\n---\n"))
}

/// The repository: `pace` holds the nine stories done one a week; the others' open stories
/// are what their forecasts count.
fn repo() -> Repo {
    let mut r = Repo::new();
    let mut first = vec![
        ini("pace", "active", Some("2027-Q4")),
        // 2 open stories: forecast 2026-11-24 + 2 weeks = 2026-12-08, the target's last day.
        ini("exact", "active", Some("2026-12-08")),
        // 2 open stories, target a day earlier: the 50% forecast is after it.
        ini("short", "active", Some("2026-12-07")),
        // 1 open story, forecast 2026-12-01; its target slips into 2027-Q1 on 2026-11-02.
        ini("slipped", "active", Some("2026-Q4")),
        // 1 open story, slipped on 2026-10-20: 35 days before the as-of date.
        ini("settled", "active", Some("2026-Q4")),
        ini("vague", "planned", None),
        ini("shipped", "active", Some("2026-Q4")),
        ini("cancelled", "planned", Some("2027-Q2")),
    ];
    for n in 1..=9 {
        first.push(story(&format!("S-{n}"), "pace", "in-progress"));
    }
    for (id, parent) in [
        ("E-1", "exact"),
        ("E-2", "exact"),
        ("T-1", "short"),
        ("T-2", "short"),
        ("L-1", "slipped"),
        ("M-1", "settled"),
        ("V-1", "vague"),
        ("D-1", "shipped"),
        ("C-1", "cancelled"),
    ] {
        first.push(story(id, parent, "todo"));
    }
    r.commit(date(2026, 9, 28), &first);
    // S-1 done on Tuesday of W40, then one more each Monday of W41..W48.
    r.commit(date(2026, 9, 29), &[story("S-1", "pace", "done")]);
    let mut monday = date(2026, 10, 5);
    for n in 2..=9 {
        let mut files = vec![story(&format!("S-{n}"), "pace", "done")];
        if monday == date(2026, 10, 19) {
            files.push(ini("settled", "active", Some("2027-Q1")));
        }
        if monday == date(2026, 11, 2) {
            files.push(ini("slipped", "active", Some("2027-Q1")));
        }
        r.commit(monday, &files);
        monday = monday.checked_add(jiff::Span::new().days(7)).unwrap();
    }
    r.commit(
        date(2026, 11, 10),
        &[ini("shipped", "done", Some("2026-Q4")), ini("cancelled", "dropped", Some("2027-Q2"))],
    );
    r
}

#[test]
fn health_from_a_hand_built_history() {
    let (plan, history) = repo().history();
    let r = report(&plan, &history, AS_OF, None, &[]);
    let health = |id: &str| {
        let i = r.initiatives.iter().find(|i| i.id == id).unwrap_or_else(|| panic!("no {id}"));
        i.health.clone().unwrap_or_else(|| panic!("{id} has no health"))
    };
    // The throughput is one a week in every sampled week (W40..W48).
    assert_eq!(r.throughput.len(), 9);
    assert!(r.throughput.iter().all(|w| w.done == 1), "{:?}", r.throughput);

    assert_eq!(
        health("exact"),
        Health::new(HealthState::OnTrack, "85% forecast 2026-12-08 is within target 2026-12-08")
    );
    assert_eq!(
        health("short"),
        Health::new(HealthState::OffTrack, "50% forecast 2026-12-08 is after target 2026-12-07")
    );
    assert_eq!(
        health("slipped"),
        Health::new(HealthState::AtRisk, "target slipped 2026-Q4 → 2027-Q1 on 2026-11-02 (22 days ago)")
    );
    // settled's target ended 2026-12-31 → 2027-03-31 35 days ago; its forecast 2026-12-01 fits.
    assert_eq!(
        health("settled"),
        Health::new(HealthState::OnTrack, "85% forecast 2026-12-01 is within target 2027-Q1")
    );
    assert_eq!(health("vague").state, HealthState::Unknown);
    assert_eq!(health("shipped").state, HealthState::Done);
    assert_eq!(health("cancelled").state, HealthState::Dropped);
    // pace: every story done, target far away.
    assert_eq!(health("pace").state, HealthState::OnTrack);

    // The roadmap's health is the report's, and without history it says why.
    let links = Links::new(&plan);
    let rows = roadmap(&plan, &links, AS_OF, Ok(&history));
    for row in &rows {
        assert_eq!(row.health.as_ref(), Some(&health(&row.item.id)), "{}", row.item.id);
    }
    let rows = roadmap(&plan, &links, AS_OF, Err("this is a shallow clone"));
    let exact = rows.iter().find(|r| r.item.id == "exact").and_then(|r| r.health.clone()).unwrap();
    assert_eq!(exact, Health::new(HealthState::Unknown, "no history to forecast from: this is a shallow clone"));
    let shipped = rows.iter().find(|r| r.item.id == "shipped").and_then(|r| r.health.clone()).unwrap();
    assert_eq!(shipped.state, HealthState::Done);
}

#[test]
fn with_no_history_yet_there_is_no_throughput_and_health_is_unknown() {
    let mut r = Repo::new();
    r.commit(AS_OF, &[ini("core", "active", Some("2027-Q1")), story("S-1", "core", "todo")]);
    let (plan, history) = r.history();
    let rep = report(&plan, &history, AS_OF, None, &[]);
    let h = rep.initiatives[0].health.clone().unwrap();
    assert_eq!(h.state, HealthState::Unknown);
    assert!(h.reason.contains("throughput"), "{}", h.reason);
}

#[test]
fn a_change_decides_health_without_history_only_where_the_plan_does() {
    let open = initiative("active", Some("2027-Q1"));
    // The forecast decides an open initiative whose target has not ended: not a diff.
    assert_eq!(from_plan(&open, AS_OF), None);
    assert_eq!(of_change(Some(&open), &open, AS_OF), None);
    // A target the change moves later is a slip dated today.
    let slipped = initiative("active", Some("2027-Q2"));
    let h = of_change(Some(&open), &slipped, AS_OF).expect("a slip in the change decides");
    assert_eq!(h, Health::new(HealthState::AtRisk, "target slipped 2027-Q1 → 2027-Q2 in this change"));
    // Pulled in, or new: the forecast decides.
    assert_eq!(of_change(Some(&slipped), &open, AS_OF), None);
    assert_eq!(of_change(None, &slipped, AS_OF), None);
    // The plan's own rules come first: a slip that still ends in the past is off-track.
    let (past, later_past) = (initiative("active", Some("2026-Q2")), initiative("active", Some("2026-Q3")));
    assert_eq!(of_change(Some(&past), &later_past, AS_OF).map(|h| h.state), Some(HealthState::OffTrack));
    assert_eq!(
        of_change(Some(&open), &initiative("done", Some("2027-Q2")), AS_OF).map(|h| h.state),
        Some(HealthState::Done)
    );
    assert_eq!(of_change(Some(&open), &initiative("active", None), AS_OF).map(|h| h.state), Some(HealthState::Unknown));
    // The last day of the target counts as not ended.
    let ends_today = initiative("active", Some("2026-11-24"));
    assert_eq!(from_plan(&ends_today, AS_OF), None);
    assert_eq!(from_plan(&ends_today, date(2026, 11, 25)).map(|h| h.state), Some(HealthState::OffTrack));
}
