//! Health of an initiative (SPEC §3.2), derived in this one place from the plan, the history
//! engine (target slips) and the report's forecast (observed throughput), never typed in.
//!
//! The rules, first match wins:
//!
//! 1. `done` when the status is closed, `dropped` when it is abandoned;
//! 2. `unknown` without a target: there is nothing to be on track for;
//! 3. `off-track` when the target has ended while the initiative is open;
//! 4. `unknown` without history (outside git, a shallow clone): nothing to forecast from;
//! 5. `off-track` when the 50% forecast is after the target's end;
//! 6. `at-risk` when the 85% forecast is after the target's end, or is more than ten years
//!    away, or when the target slipped in the last [`SLIP_WINDOW_DAYS`] days;
//! 7. `on-track` when the 85% forecast is on or before the target's end, or when every backlog
//!    item is closed before the target ends;
//! 8. `unknown` otherwise: no backlog item to forecast, or no throughput to sample.

use jiff::civil::Date;

use crate::analyse::history::CommitStates;
use crate::analyse::report::{self, Forecast, Report, Slip};
use crate::analyse::views::{self, Progress, RoadmapRow};
use crate::model::{Category, Health, HealthState, Item, Links, Plan, days_between};

/// A target that moved later within this many days of the as-of date makes an initiative at
/// risk.
pub const SLIP_WINDOW_DAYS: i64 = 30;

/// What is known about an initiative besides its own fields.
#[derive(Debug, Clone, Copy, Default)]
pub struct Evidence<'a> {
    /// Its backlog items.
    pub progress: Progress,
    /// Why there is no history to judge by (not a git repository, a shallow clone), when
    /// there is none.
    pub no_history: Option<&'a str>,
    /// The forecast of its open items (`None` for a closed initiative or without history).
    pub forecast: Option<&'a Forecast>,
    /// The latest move of its target to a later end.
    pub last_slip: Option<&'a Slip>,
}

/// The health the plan alone decides as of `as_of` (rules 1 to 3: closed, abandoned, no
/// target, a target that has ended); `None` when it takes history and the forecast.
pub fn from_plan(item: &Item, as_of: Date) -> Option<Health> {
    use HealthState::*;
    match item.category {
        Some(Category::Closed) => return Some(Health::new(Done, format!("status {}: delivered", item.status))),
        Some(Category::Abandoned) => {
            return Some(Health::new(Dropped, format!("status {}: closed without delivering", item.status)));
        }
        _ => {}
    }
    let Some(target) = item.target else {
        return Some(Health::new(
            Unknown,
            match item.invalid_text("target") {
                Some(raw) => format!("target `{raw}` is not a period, so there is nothing to measure against"),
                None => "no target, so there is nothing to measure against".to_string(),
            },
        ));
    };
    let end = target.end();
    (end < as_of).then(|| Health::new(OffTrack, format!("target {target} ended {end} while the initiative is open")))
}

/// The health a change gives an initiative, as far as the two versions decide it without
/// history (`cairn diff` reads two trees, not the history between them): the rules of
/// [`from_plan`], and a target moved later by the change itself, which is a slip today
/// (at risk at least). `None` when the change leaves it to the forecast.
pub fn of_change(base: Option<&Item>, head: &Item, as_of: Date) -> Option<Health> {
    from_plan(head, as_of).or_else(|| {
        let (from, to) = (base?.target?, head.target?);
        (to.end() > from.end())
            .then(|| Health::new(HealthState::AtRisk, format!("target slipped {from} → {to} in this change")))
    })
}

/// The health of `item` (an initiative) as of `as_of`.
pub fn assess(item: &Item, as_of: Date, evidence: &Evidence<'_>) -> Health {
    use HealthState::*;
    if let Some(decided) = from_plan(item, as_of) {
        return decided;
    }
    // from_plan decided every initiative without a target or whose target has ended.
    let Some(target) = item.target else { return Health::new(Unknown, "no target") };
    let end = target.end();
    if let Some(why) = evidence.no_history {
        return Health::new(Unknown, format!("no history to forecast from: {why}"));
    }
    let date = |s: &Option<String>| s.as_deref().and_then(|d| d.parse::<Date>().ok());
    let (p50, p85) = evidence.forecast.map_or((None, None), |f| (date(&f.p50), date(&f.p85)));
    if let Some(p50) = p50.filter(|d| *d > end) {
        return Health::new(OffTrack, format!("50% forecast {p50} is after target {target}"));
    }
    if let Some(p85) = p85.filter(|d| *d > end) {
        return Health::new(AtRisk, format!("85% forecast {p85} is after target {target}"));
    }
    if evidence.forecast.is_some_and(|f| f.beyond_horizon) {
        return Health::new(AtRisk, format!("85% forecast is more than ten years away, after target {target}"));
    }
    if let Some(slip) = evidence.last_slip
        && let Ok(day) = slip.date.parse::<Date>()
    {
        let ago = days_between(day, as_of);
        if (0..=SLIP_WINDOW_DAYS).contains(&ago) {
            let when = match ago {
                0 => "today".to_string(),
                1 => "1 day ago".to_string(),
                n => format!("{n} days ago"),
            };
            return Health::new(AtRisk, format!("target slipped {} → {} on {day} ({when})", slip.from, slip.to));
        }
    }
    if let Some(p85) = p85 {
        return Health::new(OnTrack, format!("85% forecast {p85} is within target {target}"));
    }
    let (total, remaining) = (evidence.progress.total, evidence.progress.remaining());
    if total > 0 && remaining == 0 {
        let items = if total == 1 { "its backlog item is" } else { "all its backlog items are" };
        return Health::new(OnTrack, format!("{items} closed and target {target} has not ended"));
    }
    if total == 0 {
        return Health::new(Unknown, "no backlog items to forecast from");
    }
    let why = evidence.forecast.and_then(|f| f.reason.clone()).unwrap_or_else(|| "no forecast".to_string());
    Health::new(Unknown, format!("no forecast: {why}"))
}

/// The report of `cairn report` (see [`report::build`]) with each initiative's health.
pub fn report(
    plan: &Plan,
    history: &[CommitStates],
    as_of: Date,
    since: Option<Date>,
    uncommitted: &[String],
) -> Report {
    let mut r = report::build(plan, history, as_of, since, uncommitted);
    let links = Links::new(plan);
    // report::build lists the initiatives in roadmap order: pair them by position, since two
    // initiatives may share an id.
    for (row, ir) in views::roadmap(plan, &links).iter().zip(r.initiatives.iter_mut()) {
        let evidence = Evidence {
            progress: row.progress,
            no_history: None,
            forecast: ir.forecast.as_ref(),
            last_slip: ir.last_slip.as_ref(),
        };
        ir.health = Some(assess(row.item, as_of, &evidence));
    }
    r
}

/// The roadmap rows with their health as of `as_of`: from the plan's history (its full
/// window, as `cairn report` without `--since`), or, when there is none, `unknown` with the
/// reason for everything history would decide.
pub fn roadmap<'p>(
    plan: &'p Plan,
    links: &Links<'p>,
    as_of: Date,
    history: Result<&[CommitStates], &str>,
) -> Vec<RoadmapRow<'p>> {
    let mut rows = views::roadmap(plan, links);
    match history {
        Ok(history) => {
            let r = report(plan, history, as_of, None, &[]);
            for (row, ir) in rows.iter_mut().zip(r.initiatives) {
                row.health = ir.health;
            }
        }
        Err(why) => {
            for row in &mut rows {
                let evidence = Evidence { progress: row.progress, no_history: Some(why), ..Default::default() };
                row.health = Some(assess(row.item, as_of, &evidence));
            }
        }
    }
    rows
}

#[cfg(test)]
mod tests;
