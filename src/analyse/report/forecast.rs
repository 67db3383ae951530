//! The Monte Carlo forecast: when an initiative's open items are done, sampled from the
//! team's observed weekly throughput with a fixed generator, so the same history always gives
//! the same dates.

use jiff::civil::Date;
use serde::Serialize;

use crate::model::add_days;

/// Trials of the forecast simulation.
pub const TRIALS: usize = 10_000;
/// The forecast's fixed seed, so the same history always gives the same dates.
pub const SEED: u64 = 0x00ca_1e5e_ed00_2026;
/// A forecast gives up beyond this many weeks.
pub const MAX_WEEKS: usize = 520;

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
    /// The 85th percentile is beyond [`MAX_WEEKS`]: no dates, but surely late.
    #[serde(skip)]
    pub beyond_horizon: bool,
}

/// Simulates `TRIALS` futures: each week's throughput is drawn from the observed weeks until
/// `remaining` items are done. Returns the 50th and 85th percentile completion dates.
pub fn forecast(remaining: usize, weekly: &[usize], as_of: Date) -> Forecast {
    let none = |reason: &str| Forecast {
        p50: None,
        p85: None,
        reason: Some(reason.to_string()),
        remaining,
        beyond_horizon: false,
    };
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
        return Forecast {
            beyond_horizon: true,
            ..none("at the observed throughput the open items take more than ten years")
        };
    }
    let date = |w: usize| add_days(as_of, 7 * w as i64).to_string();
    Forecast { p50: Some(date(w50)), p85: Some(date(w85)), reason: None, remaining, beyond_horizon: false }
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
