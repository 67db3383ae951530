//! `cairn report` on a repository built here commit by commit, with fixed dates, so that every
//! figure (progress, points, throughput, cycle time, slips, stale days, forecasts) is known by
//! hand; and the history-based `backlog/stale` rule of `cairn check`.
//!
//! The history of the main repository (all commits at 12:00 UTC; author dates count):
//!
//! | date (ISO week)      | commit                                                            |
//! |----------------------|-------------------------------------------------------------------|
//! | 2026-08-03 Mon (W32) | plan: `payments` active, target 2026-Q3; `search` planned, target |
//! |                      | 2026-12; `legacy` active; S-1..S-5, S-7 todo and S-6 (archived)   |
//! |                      | already done under payments; S-8, S-9 todo under search; S-10 todo |
//! |                      | under legacy                                                      |
//! | 2026-08-10 Mon (W33) | S-10 in-progress                                                  |
//! | 2026-08-20 Thu (W34) | S-10 done, legacy done                                            |
//! | 2026-09-07 Mon (W37) | S-1 and S-2 in-progress                                           |
//! | 2026-09-10 Thu (W37) | S-1 done                                                          |
//! | 2026-09-11 Fri (W37) | S-2 done                                                          |
//! | 2026-09-15 Tue (W38) | S-3 in-progress; payments target 2026-Q3 → 2026-Q4 (slip)         |
//! | 2026-09-21 Mon (W39) | S-3 done                                                          |
//! | 2026-09-24 Thu (W39) | S-4 in-progress                                                   |
//! | 2026-10-01 Thu (W40) | payments target 2026-Q4 → 2027-Q1 (slip)                          |
//! | 2026-10-05 Mon (W41) | search target 2026-12 → 2026-11 (a pull-in: not a slip)           |
//! | 2026-10-06 Tue (W41) | S-5 wontdo (closed, but abandoned: not "done")                    |
//! | 2026-10-20 Tue (W43) | S-8 in-progress                                                   |
//! | 2026-11-12 Thu (W46) | S-4 in-review, S-7 done, payments target 2027-Q1 → 2027-Q2        |
//!
//! Estimates: S-1 2, S-2 3, S-3 5, S-4 8, S-5 1, S-6 1, S-7 2 (payments: 22 points); S-8 3,
//! S-9 none (search: 3 points); S-10 none.

use std::path::Path;

use serde_json::{Value, json};

use crate::common::{Run, TempPlan, git, run};

/// Seconds since the epoch of `YYYY-MM-DD` at 12:00 UTC.
fn at(day: &str) -> i64 {
    let date: jiff::civil::Date = day.parse().unwrap();
    let days = i64::from((date - jiff::civil::date(1970, 1, 1)).get_days());
    days * 86_400 + 12 * 3600
}

/// Runs cairn in `dir`, asserting exit 0.
fn ok(dir: &Path, args: &[&str]) -> Run {
    let r = run(dir, args);
    assert_eq!(r.code, 0, "cairn {args:?} failed:\n{}\n{}", r.stdout, r.stderr);
    r
}

fn report_json(dir: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["report", "--format", "json"];
    args.extend_from_slice(extra);
    ok(dir, &args).json()
}

fn initiative(plan: &TempPlan, id: &str, title: &str, status: &str, target: &str, priority: u32) {
    plan.write(
        &format!("roadmap/{id}.md"),
        format!(
            "---\ntitle: {title}\nstatus: {status}\ntarget: {target}\npriority: {priority}\n---\nWhy it matters.\n"
        ),
    );
}

fn story(plan: &TempPlan, rel: &str, title: &str, initiative: &str, status: &str, estimate: Option<u32>) {
    let estimate = estimate.map(|e| format!("estimate: {e}\n")).unwrap_or_default();
    plan.write(
        rel,
        format!(
            "---\ntitle: {title}\nstatus: {status}\ninitiative: {initiative}\n{estimate}---\n\n## Acceptance criteria\n- [x] It works\n"
        ),
    );
}

/// The repository of the table at the top of this file.
pub fn history() -> TempPlan {
    let plan = TempPlan::new();
    let repo = git::init(plan.path());
    let s =
        |rel: &str, title: &str, ini: &str, status: &str, est: Option<u32>| story(&plan, rel, title, ini, status, est);

    initiative(&plan, "payments", "Payments", "active", "2026-Q3", 1);
    initiative(&plan, "search", "Search", "planned", "2026-12", 2);
    initiative(&plan, "legacy", "Legacy cleanup", "active", "2026-Q3", 3);
    s("backlog/S-1.md", "Card form", "payments", "todo", Some(2));
    s("backlog/S-2.md", "Refunds", "payments", "todo", Some(3));
    s("backlog/S-3.md", "Receipts", "payments", "todo", Some(5));
    s("backlog/S-4.md", "Fraud checks", "payments", "todo", Some(8));
    s("backlog/S-5.md", "Bitcoin", "payments", "todo", Some(1));
    s("backlog/archive/S-6.md", "Pick a provider", "payments", "done", Some(1));
    s("backlog/S-7.md", "Invoices", "payments", "todo", Some(2));
    s("backlog/S-8.md", "Search index", "search", "todo", Some(3));
    s("backlog/S-9.md", "Search box", "search", "todo", None);
    s("backlog/S-10.md", "Remove old API", "legacy", "todo", None);
    git::commit_all(&repo, "plan", at("2026-08-03"));

    s("backlog/S-10.md", "Remove old API", "legacy", "in-progress", None);
    git::commit_all(&repo, "start S-10", at("2026-08-10"));
    s("backlog/S-10.md", "Remove old API", "legacy", "done", None);
    initiative(&plan, "legacy", "Legacy cleanup", "done", "2026-Q3", 3);
    git::commit_all(&repo, "legacy done", at("2026-08-20"));

    s("backlog/S-1.md", "Card form", "payments", "in-progress", Some(2));
    s("backlog/S-2.md", "Refunds", "payments", "in-progress", Some(3));
    git::commit_all(&repo, "start S-1 and S-2", at("2026-09-07"));
    s("backlog/S-1.md", "Card form", "payments", "done", Some(2));
    git::commit_all(&repo, "S-1 done", at("2026-09-10"));
    s("backlog/S-2.md", "Refunds", "payments", "done", Some(3));
    git::commit_all(&repo, "S-2 done", at("2026-09-11"));

    s("backlog/S-3.md", "Receipts", "payments", "in-progress", Some(5));
    initiative(&plan, "payments", "Payments", "active", "2026-Q4", 1);
    git::commit_all(&repo, "start S-3, payments slips a quarter", at("2026-09-15"));
    s("backlog/S-3.md", "Receipts", "payments", "done", Some(5));
    git::commit_all(&repo, "S-3 done", at("2026-09-21"));
    s("backlog/S-4.md", "Fraud checks", "payments", "in-progress", Some(8));
    git::commit_all(&repo, "start S-4", at("2026-09-24"));

    initiative(&plan, "payments", "Payments", "active", "2027-Q1", 1);
    git::commit_all(&repo, "payments slips again", at("2026-10-01"));
    initiative(&plan, "search", "Search", "planned", "2026-11", 2);
    git::commit_all(&repo, "search pulled in", at("2026-10-05"));
    s("backlog/S-5.md", "Bitcoin", "payments", "wontdo", Some(1));
    git::commit_all(&repo, "drop S-5", at("2026-10-06"));
    s("backlog/S-8.md", "Search index", "search", "in-progress", Some(3));
    git::commit_all(&repo, "start S-8", at("2026-10-20"));

    // After the `--until 2026-10-31` of most tests: ignored by them.
    s("backlog/S-4.md", "Fraud checks", "payments", "in-review", Some(8));
    s("backlog/S-7.md", "Invoices", "payments", "done", Some(2));
    initiative(&plan, "payments", "Payments", "active", "2027-Q2", 1);
    git::commit_all(&repo, "S-7 done, payments slips a third time", at("2026-11-12"));
    plan
}

fn by_id<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["initiatives"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == id)
        .unwrap_or_else(|| panic!("no initiative {id} in {report:#}"))
}

/// `(week, done)` pairs of the throughput.
fn weeks(report: &Value) -> Vec<(String, u64)> {
    report["throughput"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| (w["week"].as_str().unwrap().to_string(), w["done"].as_u64().unwrap()))
        .collect()
}

fn week_list(pairs: &[(&str, u64)]) -> Vec<(String, u64)> {
    pairs.iter().map(|(w, n)| (w.to_string(), *n)).collect()
}

fn date(s: &Value) -> jiff::civil::Date {
    s.as_str().unwrap_or_else(|| panic!("not a date: {s}")).parse().unwrap()
}

// ---------------------------------------------------------------------------------------------
// Every figure of one window, by hand

#[test]
fn report_json_figures_are_known_by_hand() {
    let plan = history();
    let r = report_json(plan.path(), &["--since", "2026-09-01", "--until", "2026-10-31"]);
    assert_eq!(r["as_of"], "2026-10-31");
    assert_eq!(r["since"], "2026-09-01");
    assert_eq!(r["stale_after_days"], 14);

    // Initiatives in roadmap order: active (payments), open (search), closed (legacy).
    let order: Vec<&str> = r["initiatives"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(order, ["payments", "search", "legacy"]);

    // payments as of 2026-10-31 (the plan at the 2026-10-20 commit):
    // - closed/total: S-1, S-2, S-3 done + S-5 wontdo + S-6 done (archived, still counted)
    //   = 5 closed of 7 (S-1..S-7); S-4 in-progress and S-7 todo are the 2 remaining.
    // - points: done only (wontdo is not done): S-1 2 + S-2 3 + S-3 5 + S-6 1 = 11;
    //   total 2+3+5+8+1+1+2 = 22.
    // - slips: 2026-Q3 → 2026-Q4 moves the end 2026-09-30 → 2026-12-31 = 92 days;
    //   2026-Q4 → 2027-Q1 moves 2026-12-31 → 2027-03-31 = 90 days: 2 slips, 182 days. The
    //   third slip (2026-11-12) is after --until and ignored; so is the 2027-Q2 target.
    let payments = by_id(&r, "payments");
    assert_eq!(payments["title"], "Payments");
    assert_eq!(payments["status"], "active");
    assert_eq!(payments["target"], "2027-Q1");
    assert_eq!((payments["closed"].as_u64(), payments["total"].as_u64()), (Some(5), Some(7)));
    assert_eq!((payments["points_done"].as_f64(), payments["points_total"].as_f64()), (Some(11.0), Some(22.0)));
    assert_eq!((payments["slips"].as_u64(), payments["slip_days"].as_i64()), (Some(2), Some(182)));
    assert_eq!(payments["forecast"]["remaining"], 2);

    // search: 2026-12 → 2026-11 moved the end earlier: a pull-in, which is no slip.
    // S-8 in-progress (3 points) and S-9 todo: 0 of 2 closed, 0 of 3 points.
    let search = by_id(&r, "search");
    assert_eq!(search["target"], "2026-11");
    assert_eq!((search["closed"].as_u64(), search["total"].as_u64()), (Some(0), Some(2)));
    assert_eq!((search["points_done"].as_f64(), search["points_total"].as_f64()), (Some(0.0), Some(3.0)));
    assert_eq!((search["slips"].as_u64(), search["slip_days"].as_i64()), (Some(0), Some(0)));
    assert_eq!(search["forecast"]["remaining"], 2);

    // legacy: done (S-10 done, 1 of 1); a closed initiative has no forecast.
    let legacy = by_id(&r, "legacy");
    assert_eq!(legacy["status"], "done");
    assert_eq!((legacy["closed"].as_u64(), legacy["total"].as_u64()), (Some(1), Some(1)));
    assert_eq!(legacy["forecast"], Value::Null);

    // Throughput: every ISO week from the week of --since (2026-09-01 is in W36, which starts
    // Monday 2026-08-31) to the week of --until (2026-10-31 is in W44). Done transitions in the
    // window: S-1 (09-10) and S-2 (09-11) in W37, S-3 (09-21) in W39. W38 in between is a zero
    // week. S-5 going to wontdo (W41) is not "done"; S-6 was committed already done, so it was
    // never seen reaching done; S-10 (08-20) is before --since.
    assert_eq!(
        weeks(&r),
        week_list(&[
            ("2026-W36", 0),
            ("2026-W37", 2),
            ("2026-W38", 0),
            ("2026-W39", 1),
            ("2026-W40", 0),
            ("2026-W41", 0),
            ("2026-W42", 0),
            ("2026-W43", 0),
            ("2026-W44", 0),
        ])
    );

    // Cycle time, from the first commit with an active status to the commit reaching done:
    // S-1 09-07 → 09-10 = 3 days, S-2 09-07 → 09-11 = 4, S-3 09-15 → 09-21 = 6.
    // Sorted [3, 4, 6]: median = rank 0.5 × 2 = 1 → 4.0; p85 = rank 0.85 × 2 = 1.7 →
    // 4 + 0.7 × (6 − 4) = 5.4.
    assert_eq!(
        r["cycle_time_days"],
        json!({
            "count": 3, "median": 4.0, "p85": 5.4,
            "items": [
                {"id": "S-1", "days": 3, "started": "2026-09-07", "done": "2026-09-10"},
                {"id": "S-2", "days": 4, "started": "2026-09-07", "done": "2026-09-11"},
                {"id": "S-3", "days": 6, "started": "2026-09-15", "done": "2026-09-21"},
            ]
        })
    );

    // Stale as of 2026-10-31 (limit 14 days): S-4 last changed 2026-09-24: 6 days to the end
    // of September + 31 = 37 days. S-8 last changed 2026-10-20: 11 days, not stale.
    assert_eq!(
        r["stale"],
        json!([{"id": "S-4", "title": "Fraud checks", "status": "in-progress", "days": 37, "last_change": "2026-09-24"}])
    );

    // Forecasts: the window's 9 weeks [0,2,0,1,0,0,0,0,0] sampled 10,000 times with a fixed
    // seed. Both open initiatives have 2 items left, so they get the very same forecast. Dates
    // are whole weeks after the as-of date, later than it, and p85 is never before p50.
    let f = &payments["forecast"];
    assert_eq!(f, &search["forecast"]);
    assert!(f.get("reason").is_none(), "{f:#}");
    let (as_of, p50, p85) = (date(&r["as_of"]), date(&f["p50"]), date(&f["p85"]));
    assert!(p50 > as_of && p85 >= p50, "p50 {p50}, p85 {p85}");
    for p in [p50, p85] {
        assert_eq!((p - as_of).get_days() % 7, 0, "{p} is not a whole number of weeks after {as_of}");
    }
}

#[test]
fn forecasts_are_repeatable() {
    let plan = history();
    let args = ["report", "--format", "json", "--since", "2026-09-01", "--until", "2026-10-31"];
    let first = ok(plan.path(), &args).stdout;
    let second = ok(plan.path(), &args).stdout;
    assert_eq!(first, second, "the same history gives byte-identical JSON");
    // A clone of the repository (same commits, another folder) gives the same report, too.
    let clone = tempfile::tempdir().unwrap();
    git::cli(clone.path(), &["clone", "--quiet", plan.path().to_str().unwrap(), "copy"]);
    assert_eq!(ok(&clone.path().join("copy"), &args).stdout, first);
}

#[test]
fn a_constant_throughput_gives_exact_forecast_dates() {
    let plan = history();
    // One week, W37 (2026-09-07 .. 09-13), in which S-1 and S-2 were done: every sampled week
    // does 2 items. The plan as of 09-13 (the 09-11 commit): payments has S-3, S-4, S-5, S-7
    // open = 4 items = exactly 2 weeks after 2026-09-13 → 2026-09-27 in every trial; search
    // has 2 = 1 week → 2026-09-20. Cycle times [3, 4]: median 3.5, p85 3 + 0.85 × 1 = 3.85.
    let r = report_json(plan.path(), &["--since", "2026-09-07", "--until", "2026-09-13"]);
    assert_eq!(weeks(&r), week_list(&[("2026-W37", 2)]));
    assert_eq!(by_id(&r, "payments")["forecast"], json!({"p50": "2026-09-27", "p85": "2026-09-27", "remaining": 4}));
    assert_eq!(by_id(&r, "search")["forecast"], json!({"p50": "2026-09-20", "p85": "2026-09-20", "remaining": 2}));
    assert_eq!(by_id(&r, "payments")["target"], "2026-Q3", "the plan as of 09-13 has not slipped yet");
    assert_eq!(by_id(&r, "payments")["slips"], 0);
    assert_eq!(
        (by_id(&r, "payments")["closed"].as_u64(), by_id(&r, "payments")["points_done"].as_f64()),
        (Some(3), Some(6.0))
    );
    assert_eq!(r["cycle_time_days"]["median"], 3.5);
    assert_eq!(r["cycle_time_days"]["p85"], 3.85);
    assert_eq!(r["stale"], json!([]));
}

#[test]
fn no_throughput_gives_a_forecast_with_a_reason() {
    let plan = history();
    // 2026-10-01 .. 10-31 (W40..W44): nothing reached done (S-5 went to wontdo), so there is
    // nothing to sample: no dates, a reason instead, and still the count of open items.
    let r = report_json(plan.path(), &["--since", "2026-10-01", "--until", "2026-10-31"]);
    assert_eq!(weeks(&r).iter().map(|w| w.1).sum::<u64>(), 0);
    assert_eq!(weeks(&r).len(), 5);
    for id in ["payments", "search"] {
        let f = &by_id(&r, id)["forecast"];
        assert_eq!(f["p50"], Value::Null, "{f:#}");
        assert_eq!(f["p85"], Value::Null, "{f:#}");
        assert_eq!(f["remaining"], 2);
        assert!(f["reason"].as_str().is_some_and(|s| s.contains("throughput")), "{f:#}");
    }
    assert_eq!(by_id(&r, "legacy")["forecast"], Value::Null);
    assert_eq!(r["cycle_time_days"], json!({"count": 0, "median": null, "p85": null, "items": []}));
    // The stale list does not depend on --since.
    assert_eq!(r["stale"][0]["days"], 37);

    // Human and Markdown say why.
    let human = ok(plan.path(), &["report", "--since", "2026-10-01", "--until", "2026-10-31"]).stdout;
    assert!(human.contains("no forecast: no backlog item was done in the window yet"), "{human}");
    assert!(human.contains("Cycle time: 0 items, median – days, 85th percentile – days"), "{human}");
}

#[test]
fn only_backlog_items_count_as_throughput_and_cycle_time() {
    let plan = history();
    // No --since: the window starts at the first plan commit, 2026-08-03 (W32), and runs to
    // W44: 13 weeks. S-10 (08-10 → 08-20, 10 days) now counts, in W34. The legacy initiative
    // went active → done on 08-20 as well, but initiatives are not backlog items: they count
    // neither as throughput nor as cycle time.
    let r = report_json(plan.path(), &["--until", "2026-10-31"]);
    assert_eq!(r["since"], "2026-08-03");
    let w = weeks(&r);
    assert_eq!(w.len(), 13);
    assert_eq!((w[0].0.as_str(), w[12].0.as_str()), ("2026-W32", "2026-W44"));
    assert_eq!(w.iter().map(|w| w.1).collect::<Vec<_>>(), [0, 0, 1, 0, 0, 2, 0, 1, 0, 0, 0, 0, 0]);
    // [3, 4, 6, 10]: median = rank 1.5 → (4 + 6) / 2 = 5.0; p85 = rank 2.55 → 6 + 0.55 × 4 = 8.2.
    let ct = &r["cycle_time_days"];
    assert_eq!((ct["count"].as_u64(), ct["median"].as_f64(), ct["p85"].as_f64()), (Some(4), Some(5.0), Some(8.2)));
    let mut ids: Vec<&str> = ct["items"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap()).collect();
    ids.sort_unstable();
    assert_eq!(ids, ["S-1", "S-10", "S-2", "S-3"], "S-10 measured, the legacy initiative not");
}

#[test]
fn without_until_the_report_reads_the_working_tree_as_of_today() {
    let plan = history();
    // As of CAIRN_TODAY = 2026-11-24, everything counts:
    // - payments: S-7 done too → 6 of 7 closed, 13 points; a third slip 2027-Q1 → 2027-Q2
    //   (2027-03-31 → 2027-06-30 = 91 days): 3 slips, 92 + 90 + 91 = 273 days;
    // - throughput from W32 to W48 (17 weeks), S-7 in W46;
    // - stale: S-4 changed 2026-11-12 (12 days: not stale); S-8 last changed 2026-10-20
    //   = 11 + 24 = 35 days.
    let r = report_json(plan.path(), &[]);
    assert_eq!(r["as_of"], "2026-11-24");
    let payments = by_id(&r, "payments");
    assert_eq!(payments["target"], "2027-Q2");
    assert_eq!((payments["closed"].as_u64(), payments["points_done"].as_f64()), (Some(6), Some(13.0)));
    assert_eq!((payments["slips"].as_u64(), payments["slip_days"].as_i64()), (Some(3), Some(273)));
    assert_eq!(payments["forecast"]["remaining"], 1);
    let w = weeks(&r);
    assert_eq!(w.len(), 17);
    assert_eq!(w[14], ("2026-W46".to_string(), 1));
    assert_eq!(w.last().unwrap().0, "2026-W48");
    assert_eq!(
        r["stale"],
        json!([{"id": "S-8", "title": "Search index", "status": "in-progress", "days": 35, "last_change": "2026-10-20"}])
    );

    // `cairn check` agrees: backlog/stale fires for S-8 only, with the same 35 days.
    let (_, check) = crate::common::check_json(plan.path(), &[]);
    let stale = stale_findings(&check);
    assert_eq!(stale.len(), 1, "{check:#}");
    assert_eq!(stale[0].0, "S-8");
    assert!(stale[0].1.contains("35 days"), "{}", stale[0].1);

    // An uncommitted change counts as a change today: S-8 is no longer stale.
    story(&plan, "backlog/S-8.md", "Search index", "search", "in-progress", Some(5));
    let r = report_json(plan.path(), &[]);
    assert_eq!(r["stale"], json!([]));
    assert_eq!(by_id(&r, "search")["points_total"], 5.0, "the working tree is read");
    // ...but a report --until a past date reads the committed plan of that date.
    let r = report_json(plan.path(), &["--until", "2026-10-31"]);
    assert_eq!(by_id(&r, "search")["points_total"], 3.0);
}

#[test]
fn human_and_markdown_show_the_figures() {
    let plan = history();
    let window = ["--since", "2026-09-01", "--until", "2026-10-31"];
    let r = report_json(plan.path(), &window);
    let f = &by_id(&r, "payments")["forecast"];
    let (p50, p85) = (f["p50"].as_str().unwrap(), f["p85"].as_str().unwrap());
    let human = ok(plan.path(), &[&["report"][..], &window].concat()).stdout;
    for needle in [
        "Plan report as of 2026-10-31 (history since 2026-09-01)",
        "  initiative        health       progress                points  target   slips",
        // Initiatives by title, aligned; delivered and dropped apart (S-5 wontdo).
        "  Payments          ▲ at-risk    4 done, 1 dropped of 7   11/22  2027-Q1  2 (+182 days)",
        "  Search            ✕ off-track  0 done of 2                0/3  2026-11  0",
        "  Legacy cleanup    ✓ done       1 done of 1                0/0  2026-Q3  0",
        // Under each: the id, why it has its health, and the forecast dates not named yet.
        // (wrapped at 100 columns)
        &format!(
            "    payments · target slipped 2026-Q4 → 2027-Q1 on 2026-10-01 (30 days ago) · forecast 50% by\n    {p50}, 85% by {p85}\n"
        ),
        &format!("    search · 50% forecast {p50} is after target 2026-11 · forecast 85% by {p85}"),
        "    legacy · status done: delivered",
        "  2026-W37               2 ██████████████████████████████",
        "  2026-W38               0",
        "  2026-W39               1 ███████████████",
        // W40..W44 had nothing done: one line, not five.
        "  2026-W40 – 2026-W44    0 (5 weeks without a done item)",
        "Cycle time: 3 items, median 4.0 days, 85th percentile 5.4 days",
        "S-4  Fraud checks (in-progress), 37 days since 2026-09-24",
    ] {
        assert!(human.contains(needle), "human report lacks {needle:?}:\n{human}");
    }
    assert!(!human.contains("2026-W41"), "{human}");
    assert!(!human.contains("S-8  Search index"), "S-8 is not stale as of 2026-10-31:\n{human}");
    assert!(human.lines().all(|l| l.chars().count() <= 100), "{human}");

    let md = ok(plan.path(), &[&["report", "--format", "markdown"][..], &window].concat()).stdout;
    for needle in [
        "## Plan report as of 2026-10-31",
        "History since 2026-09-01.",
        "| initiative | status | health | target | progress | points done | slips | forecast (p50 / p85) | why |",
        &format!(
            "| Payments (`payments`) | active | ▲ at-risk | 2027-Q1 | 4 done, 1 dropped of 7 | 11/22 | 2 (+182 days) | {p50} / {p85} | target slipped 2026-Q4 → 2027-Q1 on 2026-10-01 (30 days ago) |"
        ),
        &format!(
            "| Search (`search`) | planned | ✕ off-track | 2026-11 | 0 done of 2 | 0/3 | 0 | {p50} / {p85} | 50% forecast {p50} is after target 2026-11 |"
        ),
        "| Legacy cleanup (`legacy`) | done | ✓ done | 2026-Q3 | 1 done of 1 | 0/0 | 0 | closed | status done: delivered |",
        "| 2026-W36 | 0 |",
        "| 2026-W37 | 2 |",
        "| 2026-W38 | 0 |",
        "| 2026-W39 | 1 |",
        "| 2026-W40 – 2026-W44 (5 weeks) | 0 each |",
        "3 items; median 4.0 days; 85th percentile 5.4 days.",
        "| S-4 | Fraud checks | in-progress | 37 | 2026-09-24 |",
    ] {
        assert!(md.contains(needle), "markdown report lacks {needle:?}:\n{md}");
    }
}

// ---------------------------------------------------------------------------------------------
// Health (SPEC §3.2) from this history

#[test]
fn health_follows_the_forecast_and_the_slips_of_the_history() {
    let plan = history();
    let health = |r: &Value, id: &str| {
        (
            by_id(r, id)["health"]["state"].as_str().unwrap().to_string(),
            by_id(r, id)["health"]["reason"].as_str().unwrap().to_string(),
        )
    };
    // As of 2026-10-31: payments' target moved 2026-Q4 → 2027-Q1 on 2026-10-01, exactly 30
    // days before: at risk, although its forecast fits the target.
    let r = report_json(plan.path(), &["--since", "2026-09-01", "--until", "2026-10-31"]);
    let p85 = date(&by_id(&r, "payments")["forecast"]["p85"]);
    assert!(p85 <= jiff::civil::date(2027, 3, 31), "{p85}");
    assert_eq!(
        health(&r, "payments"),
        ("at-risk".into(), "target slipped 2026-Q4 → 2027-Q1 on 2026-10-01 (30 days ago)".into())
    );
    assert_eq!(by_id(&r, "payments")["last_slip"], json!({"date": "2026-10-01", "from": "2026-Q4", "to": "2027-Q1"}));
    // search: target 2026-11 ends 2026-11-30; the 50% forecast is later: off track.
    let p50 = by_id(&r, "search")["forecast"]["p50"].as_str().unwrap().to_string();
    assert!(p50.as_str() > "2026-11-30", "{p50}");
    assert_eq!(health(&r, "search"), ("off-track".into(), format!("50% forecast {p50} is after target 2026-11")));
    assert_eq!(health(&r, "legacy"), ("done".into(), "status done: delivered".into()));
    // Progress keeps `closed` as closed work and adds the split.
    let payments = by_id(&r, "payments");
    assert_eq!((payments["done"].as_u64(), payments["abandoned"].as_u64()), (Some(4), Some(1)));

    // A day later the slip is 31 days old: on track, by its forecast.
    let r = report_json(plan.path(), &["--since", "2026-09-01", "--until", "2026-11-01"]);
    let p85 = by_id(&r, "payments")["forecast"]["p85"].as_str().unwrap().to_string();
    assert_eq!(health(&r, "payments"), ("on-track".into(), format!("85% forecast {p85} is within target 2027-Q1")));

    // As of today (2026-11-24) the third slip, 12 days old, makes it at risk again; search's
    // target has ended while it is open.
    let r = report_json(plan.path(), &[]);
    assert_eq!(
        health(&r, "payments"),
        ("at-risk".into(), "target slipped 2027-Q1 → 2027-Q2 on 2026-11-12 (12 days ago)".into())
    );
    let p50 = by_id(&r, "search")["forecast"]["p50"].as_str().unwrap().to_string();
    assert_eq!(health(&r, "search"), ("off-track".into(), format!("50% forecast {p50} is after target 2026-11")));
    // In December search's target has ended while it is open.
    let out = crate::common::cairn(plan.path())
        .args(["report", "--format", "json"])
        .env("CAIRN_TODAY", "2026-12-01")
        .output()
        .unwrap();
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        health(&r, "search"),
        ("off-track".into(), "target 2026-11 ended 2026-11-30 while the initiative is open".into())
    );
}

#[test]
fn roadmap_health_is_the_reports_and_unknown_without_history() {
    let plan = history();
    let report = report_json(plan.path(), &[]);
    let roadmap = ok(plan.path(), &["roadmap", "--format", "json"]).json();
    for i in roadmap.as_array().unwrap() {
        let id = i["id"].as_str().unwrap();
        assert_eq!(i["health"], by_id(&report, id)["health"], "{id}");
    }
    let table = ok(plan.path(), &["roadmap"]).stdout;
    assert!(table.contains("▲ at-risk"), "{table}");
    assert!(table.contains("  ▲ payments  target slipped 2027-Q1 → 2027-Q2 on 2026-11-12 (12 days ago)"), "{table}");
    let mermaid = ok(plan.path(), &["roadmap", "--format", "mermaid"]).stdout;
    let search = mermaid.lines().find(|l| l.contains(":crit, ")).unwrap_or_else(|| panic!("no crit bar:\n{mermaid}"));
    assert!(search.contains("search") && search.contains("✕ off-track"), "{search}");
    assert_eq!(mermaid.matches("crit").count(), 1, "only the off-track bar is critical:\n{mermaid}");

    // The same files outside git: every open initiative is unknown, with the reason; done is
    // still done; the listing does not fail.
    let plain = TempPlan::new();
    plain.copy_from(plan.path());
    std::fs::remove_dir_all(plain.path().join(".git")).unwrap();
    let json = ok(plain.path(), &["roadmap", "--format", "json"]).json();
    assert_eq!(
        by_id_in(&json, "payments")["health"],
        json!({"state": "unknown", "reason": "no history to forecast from: the plan is not in a git repository"})
    );
    assert_eq!(by_id_in(&json, "search")["health"]["state"], "unknown");
    assert_eq!(by_id_in(&json, "legacy")["health"]["state"], "done");
    // A target that has ended needs no history to be off track.
    let out = crate::common::cairn(plain.path())
        .args(["roadmap", "--format", "json"])
        .env("CAIRN_TODAY", "2026-12-01")
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(by_id_in(&json, "search")["health"]["state"], "off-track");

    // A shallow clone: unknown with the reason, exit 0.
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", plan.path().display());
    git::cli(clone.path(), &["clone", "--quiet", "--depth", "1", &url, "shallow"]);
    let json = ok(&clone.path().join("shallow"), &["roadmap", "--format", "json"]).json();
    let reason = by_id_in(&json, "payments")["health"]["reason"].as_str().unwrap().to_string();
    assert!(reason.contains("shallow clone"), "{reason}");
}

fn by_id_in<'a>(list: &'a Value, id: &str) -> &'a Value {
    list.as_array().unwrap().iter().find(|i| i["id"] == id).unwrap_or_else(|| panic!("no {id} in {list:#}"))
}

#[test]
fn report_rev_is_as_of_the_revisions_commit_date() {
    let plan = history();
    // HEAD~1 is "start S-8", committed 2026-10-20: the report is as of then, not today.
    let r = report_json(plan.path(), &["--rev", "HEAD~1"]);
    assert_eq!(r["as_of"], "2026-10-20");
    assert_eq!(weeks(&r).last().unwrap().0, "2026-W43");
    // The stale figures count to the revision's date: S-4 (last changed 2026-09-24) 26 days.
    assert_eq!(r["stale"][0]["days"], 26);
    // --until still wins.
    let r = report_json(plan.path(), &["--rev", "HEAD~1", "--until", "2026-10-10"]);
    assert_eq!(r["as_of"], "2026-10-10");
    // roadmap --rev judges health on the revision's date too: search's target 2026-11 had
    // not ended on 2026-10-20.
    let json = ok(plan.path(), &["roadmap", "--rev", "HEAD~1", "--format", "json"]).json();
    let report = report_json(plan.path(), &["--rev", "HEAD~1"]);
    for id in ["payments", "search", "legacy"] {
        assert_eq!(by_id_in(&json, id)["health"], by_id(&report, id)["health"], "{id}");
    }
    // As of 2026-10-20 payments' slip of 2026-10-01 is 19 days old.
    assert_eq!(
        by_id_in(&json, "payments")["health"]["reason"],
        "target slipped 2026-Q4 → 2027-Q1 on 2026-10-01 (19 days ago)"
    );
}

#[test]
fn human_report_fits_100_columns_and_folds_every_quiet_run() {
    let plan = history();
    // A long title, uncommitted: the working tree is read.
    initiative(&plan, "payments", &"Payments for every market and every currency ".repeat(4), "active", "2027-Q2", 1);
    let human = ok(plan.path(), &["report"]).stdout;
    for line in human.lines() {
        assert!(line.chars().count() <= 100, "{} columns: {line}", line.chars().count());
    }
    // The title is shortened, its id stays on the line below.
    let row = human.lines().find(|l| l.starts_with("  Payments for every market")).unwrap();
    assert!(row.contains("…") && row.contains("▲ at-risk"), "{row}");
    assert!(human.contains("\n    payments · target slipped 2027-Q1 → 2027-Q2 on 2026-11-12"), "{human}");
    // W32..W48 as of 2026-11-24: [0,0,1,0,0,2,0,1,0,0,0,0,0,0,1,0,0]: runs of two or more
    // zero weeks fold, a single zero week stays.
    let throughput: Vec<&str> = human
        .split("Throughput (backlog items done per week)\n")
        .nth(1)
        .unwrap()
        .lines()
        .take_while(|l| !l.is_empty())
        .collect();
    let labels: Vec<String> =
        throughput.iter().map(|l| l.split("  ").nth(1).unwrap_or("").trim().to_string()).collect();
    assert_eq!(
        labels,
        [
            "2026-W32 – 2026-W33",
            "2026-W34",
            "2026-W35 – 2026-W36",
            "2026-W37",
            "2026-W38",
            "2026-W39",
            "2026-W40 – 2026-W45",
            "2026-W46",
            "2026-W47 – 2026-W48"
        ],
        "{human}"
    );
    assert!(throughput[6].ends_with("0 (6 weeks without a done item)"), "{}", throughput[6]);
}

// ---------------------------------------------------------------------------------------------
// Errors

#[test]
fn report_outside_a_git_repository_exits_2_and_names_git() {
    let plan = TempPlan::with_initiative();
    let r = run(plan.path(), &["report"]);
    assert_eq!(r.code, 2, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("git"), "{}", r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    assert_eq!(r.stdout, "");
}

#[test]
fn report_in_a_repository_without_commits_exits_2() {
    let plan = TempPlan::with_initiative();
    git::init(plan.path());
    let r = run(plan.path(), &["report"]);
    assert_eq!(r.code, 2, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("no commits"), "{}", r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
}

#[test]
fn report_rejects_bad_dates_and_an_until_before_any_commit() {
    let plan = history();
    for args in [&["report", "--since", "last tuesday"][..], &["report", "--until", "2026-13-01"]] {
        let r = run(plan.path(), args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains("is not a date cairn understands"), "{}", r.stderr);
        assert!(r.stderr.contains("`2026-10-05`") && r.stderr.contains("ago"), "{}", r.stderr);
    }
    let r = run(plan.path(), &["report", "--until", "2026-08-02"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("no commit of the plan on or before that date"), "{}", r.stderr);
    let r = run(plan.path(), &["report", "--format", "csv"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
}

// ---------------------------------------------------------------------------------------------
// backlog/stale in cairn check

/// `core` with three in-progress items: S-1 last committed 2026-10-01 (54 days before
/// CAIRN_TODAY 2026-11-24), S-2 last committed 2026-11-20 (4 days), S-3 last committed
/// 2026-11-10 (exactly 14 days: the limit counts).
fn stale_repo() -> TempPlan {
    let plan = TempPlan::new();
    let repo = git::init(plan.path());
    initiative(&plan, "core", "Core", "active", "2027-Q1", 1);
    story(&plan, "backlog/S-1.md", "Old work", "core", "in-progress", None);
    story(&plan, "backlog/S-2.md", "Fresh work", "core", "todo", None);
    story(&plan, "backlog/S-3.md", "Borderline work", "core", "todo", None);
    story(&plan, "backlog/S-4.md", "Finished work", "core", "done", None);
    git::commit_all(&repo, "plan", at("2026-10-01"));
    story(&plan, "backlog/S-3.md", "Borderline work", "core", "in-review", None);
    git::commit_all(&repo, "S-3 in review", at("2026-11-10"));
    story(&plan, "backlog/S-2.md", "Fresh work", "core", "in-progress", None);
    git::commit_all(&repo, "start S-2", at("2026-11-20"));
    plan
}

fn stale_findings(json: &Value) -> Vec<(String, String)> {
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "backlog/stale")
        .map(|d| (d["item"].as_str().unwrap().to_string(), d["message"].as_str().unwrap().to_string()))
        .collect()
}

#[test]
fn stale_rule_fires_for_active_items_not_changed_for_stale_after_days() {
    let plan = stale_repo();
    let (code, json) = crate::common::check_json(plan.path(), &[]);
    assert_eq!(code, 0, "a warning does not fail the check: {json:#}");
    let stale = stale_findings(&json);
    assert_eq!(stale.len(), 2, "{json:#}");
    // S-1: 2026-10-01 → 2026-11-24 = 30 + 24 = 54 days. S-3: 2026-11-10 → 11-24 = 14 days.
    assert_eq!(stale[0].0, "S-1");
    assert!(stale[0].1.contains("54 days") && stale[0].1.contains("2026-10-01"), "{}", stale[0].1);
    assert_eq!(stale[1].0, "S-3");
    assert!(stale[1].1.contains("14 days"), "{}", stale[1].1);
    let d = json["diagnostics"].as_array().unwrap().iter().find(|d| d["rule"] == "backlog/stale").unwrap();
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["file"], "backlog/S-1.md");
    assert_eq!(d["line"], 3, "points at the status key");
    assert!(d["help"].as_str().unwrap().contains("stale_after_days: 14"), "{d:#}");
    // S-2 (4 days) and S-4 (done) never fire.
    assert!(!stale.iter().any(|(id, _)| id == "S-2" || id == "S-4"));
    // --deny warnings turns it into a failure.
    assert_eq!(crate::common::check_json(plan.path(), &["--deny", "warnings"]).0, 1);

    // A longer limit in cairn.yml: 54 < 60, nothing fires.
    plan.write("cairn.yml", "stale_after_days: 60\n");
    let (_, json) = crate::common::check_json(plan.path(), &[]);
    assert_eq!(stale_findings(&json), vec![]);
}

#[test]
fn stale_rule_counts_uncommitted_changes_as_today() {
    let plan = stale_repo();
    // S-1's file changed in the working tree but not committed: that is a change today.
    story(&plan, "backlog/S-1.md", "Old work, with news", "core", "in-progress", None);
    let (_, json) = crate::common::check_json(plan.path(), &[]);
    let ids: Vec<String> = stale_findings(&json).into_iter().map(|s| s.0).collect();
    assert_eq!(ids, ["S-3"], "{json:#}");
    // A staged but uncommitted change counts the same.
    git::cli(plan.path(), &["add", "backlog/S-3.md", "backlog/S-1.md"]);
    story(&plan, "backlog/S-3.md", "Borderline work", "core", "in-review", Some(1));
    git::cli(plan.path(), &["add", "backlog/S-3.md"]);
    let (_, json) = crate::common::check_json(plan.path(), &[]);
    assert_eq!(stale_findings(&json), vec![], "{json:#}");
    // With --rev, the working tree does not count: HEAD's items are judged by their commits.
    let (_, json) = crate::common::check_json(plan.path(), &["--rev", "HEAD"]);
    let ids: Vec<String> = stale_findings(&json).into_iter().map(|s| s.0).collect();
    assert_eq!(ids, ["S-1", "S-3"], "{json:#}");
}

/// Uncommitted changes are found by content first (a file whose bytes are HEAD's blob is
/// committed, however recently it was written), then by git's status for the others.
#[test]
fn stale_rule_judges_uncommitted_changes_by_content() {
    let plan = stale_repo();
    // Rewritten with the same bytes: still committed, still stale.
    let path = plan.path().join("backlog/S-1.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, &text).unwrap();
    let stale = |plan: &TempPlan| -> Vec<String> {
        let (_, json) = crate::common::check_json(plan.path(), &[]);
        stale_findings(&json).into_iter().map(|s| s.0).collect()
    };
    assert_eq!(stale(&plan), ["S-1", "S-3"]);
    // Other line endings are other bytes: git's status says modified, a change today.
    std::fs::write(&path, text.replace('\n', "\r\n")).unwrap();
    assert_eq!(stale(&plan), ["S-3"]);
    // A new, never committed active item in a subfolder is not stale either.
    story(&plan, "backlog/team/S-9.md", "New work", "core", "in-progress", None);
    assert_eq!(stale(&plan), ["S-3"]);
}

#[test]
fn stale_rule_is_skipped_with_a_note_outside_git() {
    let repo = stale_repo();
    // The same files, but in a plain folder.
    let plain = TempPlan::new();
    for rel in ["roadmap/core.md", "backlog/S-1.md", "backlog/S-2.md", "backlog/S-3.md", "backlog/S-4.md"] {
        plain.write(rel, std::fs::read(repo.path().join(rel)).unwrap());
    }
    let r = run(plain.path(), &["check"]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let all = format!("{}{}", r.stdout, r.stderr);
    let notes: Vec<&str> = all.lines().filter(|l| l.starts_with("note:")).collect();
    assert_eq!(notes.len(), 1, "{all}");
    assert!(notes[0].contains("backlog/stale") && notes[0].contains("git"), "{}", notes[0]);
    assert!(!all.contains("warning"), "no warning, only a note:\n{all}");
    let (code, json) = crate::common::check_json(plain.path(), &[]);
    assert_eq!(code, 0);
    assert_eq!(stale_findings(&json), vec![]);
    assert_eq!(json["summary"]["warnings"], 0, "{json:#}");

    // A repository without commits: skipped the same way.
    git::init(plain.path());
    let r = run(plain.path(), &["check"]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let all = format!("{}{}", r.stdout, r.stderr);
    assert_eq!(all.lines().filter(|l| l.starts_with("note:")).count(), 1, "{all}");
    assert!(!all.contains("warning"), "{all}");
}
