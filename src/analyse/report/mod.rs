//! `cairn report`: figures derived from git history, so the plan files need no timestamps.
//!
//! Input: the plan as of the report date and the item states of every commit that touched
//! the plan (oldest first). Output: progress, weekly throughput, cycle time, target slips,
//! stale items and a Monte Carlo forecast per open initiative. Pure functions: no git here.

use std::collections::{BTreeMap, HashMap};

use jiff::civil::Date;
use serde::Serialize;

pub mod forecast;

/// The longest window of weekly throughput a report covers: ten years.
pub const MAX_WINDOW_WEEKS: i64 = 520;

pub use forecast::{Forecast, MAX_WEEKS, SEED, SplitMix64, TRIALS, forecast, percentile};

use crate::analyse::history::CommitStates;
use crate::model::{Category, Health, Kind, Links, Plan, days_between, iso_week, week_start};

/// One initiative's line of the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InitiativeReport {
    pub id: String,
    pub title: String,
    pub status: String,
    pub target: Option<String>,
    /// Finished backlog items: delivered or abandoned ("closed work", SPEC §5).
    pub closed: usize,
    pub total: usize,
    /// Delivered backlog items.
    pub done: usize,
    /// Backlog items closed without delivering.
    pub abandoned: usize,
    pub points_done: f64,
    pub points_total: f64,
    /// How many times the target moved later.
    pub slips: usize,
    /// Total days the target moved later over those slips.
    pub slip_days: i64,
    /// The latest slip, when the target ever moved later.
    pub last_slip: Option<Slip>,
    /// `None` for closed initiatives.
    pub forecast: Option<Forecast>,
    /// Health (SPEC §3.2), filled by `analyse::health` from these figures.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub health: Option<Health>,
    /// Cumulative done items by week (for the burn-up chart): `(week, done)`.
    #[serde(skip)]
    pub burnup: Vec<(String, usize)>,
}

impl InitiativeReport {
    /// Its backlog items' progress.
    pub fn progress(&self) -> crate::analyse::views::Progress {
        crate::analyse::views::Progress {
            closed: self.closed,
            total: self.total,
            done: self.done,
            abandoned: self.abandoned,
        }
    }
}

/// A move of an initiative's target to a later end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Slip {
    /// The commit's date, `YYYY-MM-DD`.
    pub date: String,
    pub from: String,
    pub to: String,
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
    last_slip: Option<Slip>,
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
                f.last_slip = Some(Slip { date: day.to_string(), from: o.to_string(), to: n.to_string() });
            }
        }
    }
    for id in uncommitted {
        facts.entry(id.clone()).or_default().last_change = Some(as_of);
    }

    let first_day = history.iter().find_map(commit_date).unwrap_or(as_of);
    // Weeks before the plan's first commit carry no information: the window starts there at
    // the earliest, so output stays bounded by the history (`--since 0001-01-01`).
    let since_day = since.map_or(first_day, |s| s.max(first_day)).min(as_of);
    // And it spans ten years at most, so that a far `--until` (or today near the end of the
    // calendar) cannot make the output grow without bound.
    let since_day = since_day.max(as_of.checked_sub(jiff::Span::new().weeks(MAX_WINDOW_WEEKS)).unwrap_or(since_day));
    let in_window = |d: &Date| *d >= since_day && *d <= as_of;

    // Throughput: every ISO week of the window, zero weeks included.
    let mut weeks: BTreeMap<Date, usize> = BTreeMap::new();
    let mut w = week_start(since_day);
    while w <= as_of {
        weeks.insert(w, 0);
        // The calendar ends (9999-12-31): stop rather than saturate and loop.
        match w.checked_add(jiff::Span::new().days(7)) {
            Ok(next) => w = next,
            Err(_) => break,
        }
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
    // The forecast depends on the remaining count only (same throughput, same date): one
    // simulation per distinct count, however many initiatives share it.
    let mut forecasts: HashMap<usize, Forecast> = HashMap::new();
    let mut initiatives: Vec<InitiativeReport> = crate::analyse::views::roadmap(plan, &links)
        .into_iter()
        .map(|row| {
            let i = row.item;
            let children = links.children(&i.id);
            let f = facts.get(&i.id).cloned().unwrap_or_default();
            let remaining = children.iter().filter(|c| !c.is_finished()).count();
            let forecast = (!i.is_finished())
                .then(|| forecasts.entry(remaining).or_insert_with(|| forecast(remaining, &weekly, as_of)).clone());
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
                done: row.progress.done,
                abandoned: row.progress.abandoned,
                // Folded from 0.0: `Sum` of no f64 is -0.0, which JSON would show as `-0.0`.
                points_done: children.iter().filter(|c| c.is_done()).filter_map(|c| c.estimate).fold(0.0, |a, b| a + b),
                points_total: children.iter().filter_map(|c| c.estimate).fold(0.0, |a, b| a + b),
                slips: f.slips,
                slip_days: f.slip_days,
                last_slip: f.last_slip,
                forecast,
                health: None,
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
