//! `cairn report`: figures derived from git history, so the plan files need no timestamps.
//!
//! Input: the plan as of the report date and the item states of every commit that touched
//! the plan (oldest first). Output: progress, weekly throughput, cycle time, target slips,
//! stale items and a Monte Carlo forecast per open initiative. Pure functions: no git here.

use std::collections::{BTreeMap, HashMap};

use jiff::civil::Date;
use serde::Serialize;

use crate::history::CommitStates;
use crate::model::{Category, Kind, Plan};
use crate::rules::Links;

/// Trials of the forecast simulation.
pub const TRIALS: usize = 10_000;
/// The forecast's fixed seed, so the same history always gives the same dates.
pub const SEED: u64 = 0x00ca_1e5e_ed00_2026;
/// A forecast gives up beyond this many weeks.
pub const MAX_WEEKS: usize = 520;

/// Adds days to a date (saturating at the calendar's ends).
pub fn add_days(date: Date, days: i64) -> Date {
    date.checked_add(jiff::Span::new().days(days)).unwrap_or(date)
}

/// Whole days from `a` to `b`.
pub fn days_between(a: Date, b: Date) -> i64 {
    i64::from((b - a).get_days())
}

/// The ISO week of a date, as `2026-W32`.
pub fn iso_week(date: Date) -> String {
    let w = date.iso_week_date();
    format!("{:04}-W{:02}", w.year(), w.week())
}

/// The Monday of a date's ISO week.
fn week_start(date: Date) -> Date {
    add_days(date, -i64::from(date.weekday().to_monday_zero_offset()))
}

/// The `p`-th percentile (0–100) of sorted values, linearly interpolated.
pub fn percentile(sorted: &[f64], p: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = p / 100.0 * (sorted.len() - 1) as f64;
    let (lo, hi) = (rank.floor() as usize, rank.ceil() as usize);
    let frac = rank - lo as f64;
    let value = sorted[lo] + (sorted[hi] - sorted[lo]) * frac;
    Some((value * 100.0).round() / 100.0)
}

/// SplitMix64: a tiny, fixed pseudo-random generator, so forecasts never change between
/// releases for the same history.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// A forecast of when an initiative's open items are done.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Forecast {
    pub p50: Option<String>,
    pub p85: Option<String>,
    /// Why there is no forecast, when there is none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub remaining: usize,
}

/// Simulates `TRIALS` futures: each week's throughput is drawn from the observed weeks until
/// `remaining` items are done. Returns the 50th and 85th percentile completion dates.
pub fn forecast(remaining: usize, weekly: &[usize], as_of: Date) -> Forecast {
    let none = |reason: &str| Forecast { p50: None, p85: None, reason: Some(reason.to_string()), remaining };
    if remaining == 0 {
        return none("no open backlog items");
    }
    if weekly.iter().all(|&w| w == 0) {
        return none("no backlog item was done in the window yet, so there is no throughput to sample");
    }
    let mut rng = SplitMix64::new(SEED);
    let mut weeks: Vec<usize> = Vec::with_capacity(TRIALS);
    for _ in 0..TRIALS {
        let (mut left, mut n) = (remaining as i64, 0usize);
        while left > 0 && n < MAX_WEEKS {
            left -= weekly[rng.below(weekly.len())] as i64;
            n += 1;
        }
        weeks.push(n);
    }
    weeks.sort_unstable();
    // Nearest-rank percentiles: a date some trial actually reached.
    let at = |p: f64| weeks[((p / 100.0 * TRIALS as f64).ceil() as usize).clamp(1, TRIALS) - 1];
    let (w50, w85) = (at(50.0), at(85.0));
    if w85 >= MAX_WEEKS {
        return none("at the observed throughput the open items take more than ten years");
    }
    let date = |w: usize| add_days(as_of, 7 * w as i64).to_string();
    Forecast { p50: Some(date(w50)), p85: Some(date(w85)), reason: None, remaining }
}

/// One initiative's line of the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InitiativeReport {
    pub id: String,
    pub title: String,
    pub status: String,
    pub target: Option<String>,
    pub closed: usize,
    pub total: usize,
    pub points_done: f64,
    pub points_total: f64,
    /// How many times the target moved later.
    pub slips: usize,
    /// Total days the target moved later over those slips.
    pub slip_days: i64,
    /// `None` for closed initiatives.
    pub forecast: Option<Forecast>,
    /// Cumulative done items by week (for the burn-up chart): `(week, done)`.
    #[serde(skip)]
    pub burnup: Vec<(String, usize)>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeekCount {
    pub week: String,
    pub done: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CycleTime {
    pub count: usize,
    pub median: Option<f64>,
    pub p85: Option<f64>,
    /// Each measured item's days, sorted by id.
    pub items: Vec<CycleItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CycleItem {
    pub id: String,
    pub days: i64,
    pub started: String,
    pub done: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StaleItem {
    pub id: String,
    pub title: String,
    pub status: String,
    pub days: i64,
    pub last_change: String,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub as_of: String,
    pub since: String,
    pub initiatives: Vec<InitiativeReport>,
    pub throughput: Vec<WeekCount>,
    pub cycle_time_days: CycleTime,
    pub stale: Vec<StaleItem>,
    pub stale_after_days: u64,
}

/// What the history says about each item.
#[derive(Debug, Default, Clone)]
struct ItemFacts {
    first_active: Option<Date>,
    done: Vec<Date>,
    last_change: Option<Date>,
    slips: usize,
    slip_days: i64,
}

/// The date of a commit, `None` when it cannot be read.
fn commit_date(c: &CommitStates) -> Option<Date> {
    c.commit.date.parse().ok()
}

/// Builds the report. `history` is oldest first and already limited to commits on or before
/// `as_of`; `plan` is the plan as of that date; `uncommitted` lists item ids whose files
/// have uncommitted changes (they count as changed on `as_of`).
pub fn build(
    plan: &Plan,
    history: &[CommitStates],
    as_of: Date,
    since: Option<Date>,
    uncommitted: &[String],
) -> Report {
    let mut facts: HashMap<String, ItemFacts> = HashMap::new();
    for commit in history {
        let Some(day) = commit_date(commit) else { continue };
        for pair in &commit.pairs {
            let f = facts.entry(pair.id.clone()).or_default();
            f.last_change = Some(day);
            let Some(new) = &pair.new else { continue };
            let old = pair.old.as_deref();
            // Throughput and cycle time count backlog items only, never initiatives.
            let backlog = new.kind == Kind::Backlog;
            if backlog && new.category == Some(Category::Active) && f.first_active.is_none() {
                f.first_active = Some(day);
            }
            // Reaching done is a transition: an item that first appears already done (a
            // backlog imported with its history) tells nothing about when it was done.
            if backlog && new.is_done() && old.is_some_and(|o| !o.is_done()) {
                f.done.push(day);
            }
            if let (Some(o), Some(n)) = (old.and_then(|o| o.target), new.target)
                && n.end() > o.end()
            {
                f.slips += 1;
                f.slip_days += days_between(o.end(), n.end());
            }
        }
    }
    for id in uncommitted {
        facts.entry(id.clone()).or_default().last_change = Some(as_of);
    }

    let first_day = history.iter().find_map(commit_date).unwrap_or(as_of);
    let since_day = since.unwrap_or(first_day).min(as_of);
    let in_window = |d: &Date| *d >= since_day && *d <= as_of;

    // Throughput: every ISO week of the window, zero weeks included.
    let mut weeks: BTreeMap<Date, usize> = BTreeMap::new();
    let mut w = week_start(since_day);
    while w <= as_of {
        weeks.insert(w, 0);
        w = add_days(w, 7);
    }
    for f in facts.values() {
        for d in f.done.iter().filter(|d| in_window(d)) {
            *weeks.entry(week_start(*d)).or_default() += 1;
        }
    }
    let throughput: Vec<WeekCount> = weeks.iter().map(|(w, n)| WeekCount { week: iso_week(*w), done: *n }).collect();
    let weekly: Vec<usize> = weeks.values().copied().collect();

    // Cycle time: first entry into an active status → the done within the window.
    let mut cycle_items: Vec<CycleItem> = Vec::new();
    for (id, f) in &facts {
        let (Some(start), Some(done)) = (f.first_active, f.done.iter().filter(|d| in_window(d)).max()) else {
            continue;
        };
        if *done >= start {
            cycle_items.push(CycleItem {
                id: id.clone(),
                days: days_between(start, *done),
                started: start.to_string(),
                done: done.to_string(),
            });
        }
    }
    cycle_items.sort_by(|a, b| crate::model::id_cmp(&a.id, &b.id));
    let mut days: Vec<f64> = cycle_items.iter().map(|c| c.days as f64).collect();
    days.sort_by(f64::total_cmp);
    let cycle = CycleTime {
        count: days.len(),
        median: percentile(&days, 50.0),
        p85: percentile(&days, 85.0),
        items: cycle_items,
    };

    // Per initiative: progress from the plan as of the report date, slips from history.
    let links = Links::new(plan);
    let mut initiatives: Vec<InitiativeReport> = crate::views::roadmap(plan, &links)
        .into_iter()
        .map(|row| {
            let i = row.item;
            let children = links.children(&i.id);
            let f = facts.get(&i.id).cloned().unwrap_or_default();
            let remaining = children.iter().filter(|c| c.category != Some(Category::Closed)).count();
            let forecast = (i.category != Some(Category::Closed)).then(|| forecast(remaining, &weekly, as_of));
            let done_dates: Vec<Date> = children
                .iter()
                .filter(|c| c.is_done())
                .filter_map(|c| facts.get(&c.id).and_then(|f| f.done.last().copied()))
                .collect();
            let burnup = weeks
                .keys()
                .map(|w| (iso_week(*w), done_dates.iter().filter(|d| week_start(**d) <= *w).count()))
                .collect();
            InitiativeReport {
                id: i.id.clone(),
                title: i.title.clone(),
                status: i.status.clone(),
                target: i.target.map(|t| t.to_string()),
                closed: row.progress.closed,
                total: row.progress.total,
                points_done: children.iter().filter(|c| c.is_done()).filter_map(|c| c.estimate).sum(),
                points_total: children.iter().filter_map(|c| c.estimate).sum(),
                slips: f.slips,
                slip_days: f.slip_days,
                forecast,
                burnup,
            }
        })
        .collect();
    initiatives.shrink_to_fit();

    // Stale: active backlog items whose file has not changed for stale_after_days.
    let limit = plan.config.stale_after_days as i64;
    let mut stale: Vec<StaleItem> = plan
        .items
        .iter()
        .filter(|i| i.kind == Kind::Backlog && i.category == Some(Category::Active))
        .filter_map(|i| {
            let last = facts.get(&i.id).and_then(|f| f.last_change)?;
            let days = days_between(last, as_of);
            (days >= limit).then(|| StaleItem {
                id: i.id.clone(),
                title: i.title.clone(),
                status: i.status.clone(),
                days,
                last_change: last.to_string(),
            })
        })
        .collect();
    stale.sort_by(|a, b| b.days.cmp(&a.days).then(a.id.cmp(&b.id)));

    Report {
        as_of: as_of.to_string(),
        since: since_day.to_string(),
        initiatives,
        throughput,
        cycle_time_days: cycle,
        stale,
        stale_after_days: plan.config.stale_after_days,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn percentiles_interpolate_linearly() {
        assert_eq!(percentile(&[3.0, 4.0, 6.0], 50.0), Some(4.0));
        assert_eq!(percentile(&[3.0, 4.0, 6.0], 85.0), Some(5.4));
        assert_eq!(percentile(&[7.0], 85.0), Some(7.0));
        assert_eq!(percentile(&[], 50.0), None);
    }

    #[test]
    fn iso_weeks() {
        assert_eq!(iso_week(date(2026, 8, 3)), "2026-W32");
        assert_eq!(iso_week(date(2027, 1, 1)), "2026-W53");
        assert_eq!(week_start(date(2026, 8, 6)), date(2026, 8, 3));
    }

    #[test]
    fn forecasts_are_repeatable_and_ordered() {
        let weekly = [0, 1, 2, 0, 3, 1];
        let a = forecast(10, &weekly, date(2026, 9, 30));
        let b = forecast(10, &weekly, date(2026, 9, 30));
        assert_eq!(a, b);
        assert!(a.p50.as_ref().unwrap() <= a.p85.as_ref().unwrap());
        assert!(a.p50.as_ref().unwrap().as_str() > "2026-09-30");
    }

    #[test]
    fn a_constant_throughput_gives_an_exact_date() {
        // 2 items a week, 4 items left: exactly 2 weeks in every trial.
        let f = forecast(4, &[2, 2, 2], date(2026, 9, 30));
        assert_eq!(f.p50.as_deref(), Some("2026-10-14"));
        assert_eq!(f.p85.as_deref(), Some("2026-10-14"));
    }

    #[test]
    fn no_forecast_without_throughput_or_work() {
        assert!(forecast(3, &[0, 0], date(2026, 9, 30)).reason.is_some());
        assert!(forecast(3, &[], date(2026, 9, 30)).reason.is_some());
        assert!(forecast(0, &[1], date(2026, 9, 30)).reason.is_some());
    }

    #[test]
    fn the_generator_is_fixed() {
        let mut r = SplitMix64::new(1);
        let first: Vec<u64> = (0..2).map(|_| r.next_u64()).collect();
        let mut again = SplitMix64::new(1);
        assert_eq!(first, (0..2).map(|_| again.next_u64()).collect::<Vec<_>>());
        assert_ne!(first[0], first[1]);
    }
}
