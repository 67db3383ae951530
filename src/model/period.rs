//! Rough timeline periods: `2026`, `2026-H2`, `2026-Q3`, `2026-09`, `2026-09-30`.
//!
//! A period covers a range of days; it *ends on its last day*. Periods order by their end,
//! then by their start: `2026-Q3` < `2026-09-30` < `2026` < `2026-H2` (the last two end on
//! the same day; the one that starts later sorts later).

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;

/// The granularity a period was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Granularity {
    Year,
    Half,
    Quarter,
    Month,
    Day,
}

/// A period of the calendar, parsed from one of the five accepted forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period {
    granularity: Granularity,
    start: Date,
    end: Date,
}

/// Why a period did not parse; the message is written for a person.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{input}` is not a period: {reason}")]
pub struct PeriodError {
    pub input: String,
    pub reason: &'static str,
}

/// The forms a period may take, for help lines.
pub const PERIOD_FORMS: &str = "`2026`, `2026-H2`, `2026-Q3`, `2026-09` or `2026-09-30`";

impl Period {
    /// The first day of the period.
    pub fn start(&self) -> Date {
        self.start
    }

    /// The last day of the period (a period ends on its last day).
    pub fn end(&self) -> Date {
        self.end
    }

    pub fn granularity(&self) -> Granularity {
        self.granularity
    }

    /// Whether the period is entirely before `day`.
    pub fn ended_before(&self, day: Date) -> bool {
        self.end < day
    }

    /// Parses one of the five accepted forms.
    pub fn parse(input: &str) -> Result<Self, PeriodError> {
        let err = |reason| PeriodError { input: input.to_string(), reason };
        let s = input.trim();
        let (year_part, rest) = match s.split_once('-') {
            Some((y, r)) => (y, Some(r)),
            None => (s, None),
        };
        let year = parse_digits(year_part, 4).ok_or_else(|| err("the year must have four digits"))?;
        let year = i16::try_from(year).map_err(|_| err("the year is out of range"))?;
        if year < 1 {
            return Err(err("the year is out of range"));
        }
        let date = |y: i16, m: i8, d: i8| Date::new(y, m, d).map_err(|_| err("no such date"));
        let month_end = |y: i16, m: i8| -> Result<Date, PeriodError> { Ok(date(y, m, 1)?.last_of_month()) };
        let Some(rest) = rest else {
            return Ok(Period { granularity: Granularity::Year, start: date(year, 1, 1)?, end: date(year, 12, 31)? });
        };
        if let Some(h) = rest.strip_prefix(['H', 'h']) {
            let half = match h {
                "1" => 1,
                "2" => 2,
                _ => return Err(err("a half year is `H1` or `H2`")),
            };
            let first = if half == 1 { 1 } else { 7 };
            return Ok(Period {
                granularity: Granularity::Half,
                start: date(year, first, 1)?,
                end: month_end(year, first + 5)?,
            });
        }
        if let Some(q) = rest.strip_prefix(['Q', 'q']) {
            let quarter: i8 = match q {
                "1" => 1,
                "2" => 2,
                "3" => 3,
                "4" => 4,
                _ => return Err(err("a quarter is `Q1` to `Q4`")),
            };
            let first = (quarter - 1) * 3 + 1;
            return Ok(Period {
                granularity: Granularity::Quarter,
                start: date(year, first, 1)?,
                end: month_end(year, first + 2)?,
            });
        }
        let (month_part, day_part) = match rest.split_once('-') {
            Some((m, d)) => (m, Some(d)),
            None => (rest, None),
        };
        let month = parse_digits(month_part, 2).ok_or_else(|| err("the month must have two digits"))?;
        if !(1..=12).contains(&month) {
            return Err(err("the month must be 01 to 12"));
        }
        let month = month as i8;
        match day_part {
            None => Ok(Period {
                granularity: Granularity::Month,
                start: date(year, month, 1)?,
                end: month_end(year, month)?,
            }),
            Some(d) => {
                let day = parse_digits(d, 2).ok_or_else(|| err("the day must have two digits"))?;
                let day = date(year, month, i8::try_from(day).map_err(|_| err("no such date"))?)?;
                Ok(Period { granularity: Granularity::Day, start: day, end: day })
            }
        }
    }
}

/// How far a period moved, in words: `slipped one quarter`, `pulled in 2 months`, or `None`
/// when it ends on the same day.
pub fn shift_words(from: &Period, to: &Period) -> Option<String> {
    let (a, b) = (from.end(), to.end());
    if a == b {
        return None;
    }
    let verb = if b > a { "slipped" } else { "pulled in" };
    let months = |d: Date| i32::from(d.year()) * 12 + i32::from(d.month());
    let month_diff = (months(b) - months(a)).abs();
    let whole_months = a == a.last_of_month() && b == b.last_of_month();
    let amount = match (from.granularity, to.granularity) {
        (Granularity::Year, Granularity::Year) => count(month_diff / 12, "year"),
        (Granularity::Half, Granularity::Half) => count(month_diff / 6, "half"),
        (Granularity::Quarter, Granularity::Quarter) => count(month_diff / 3, "quarter"),
        _ if whole_months && month_diff % 3 == 0 && from.granularity != Granularity::Month => {
            count(month_diff / 3, "quarter")
        }
        _ if whole_months => count(month_diff, "month"),
        _ => {
            let days = (b - a).get_days().unsigned_abs() as i32;
            count(days, "day")
        }
    };
    Some(format!("{verb} {amount}"))
}

fn count(n: i32, unit: &str) -> String {
    match (n, unit) {
        (1, "half") => "one half".to_string(),
        (1, u) => format!("one {u}"),
        (n, "half") => format!("{n} halves"),
        (n, u) => format!("{n} {u}s"),
    }
}

fn parse_digits(s: &str, len: usize) -> Option<u32> {
    if s.len() == len && s.bytes().all(|b| b.is_ascii_digit()) { s.parse().ok() } else { None }
}

impl FromStr for Period {
    type Err = PeriodError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Period::parse(s)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m) = (self.start.year(), self.start.month());
        match self.granularity {
            Granularity::Year => write!(f, "{y:04}"),
            Granularity::Half => write!(f, "{y:04}-H{}", if m <= 6 { 1 } else { 2 }),
            Granularity::Quarter => write!(f, "{y:04}-Q{}", (m - 1) / 3 + 1),
            Granularity::Month => write!(f, "{y:04}-{m:02}"),
            Granularity::Day => write!(f, "{y:04}-{m:02}-{:02}", self.start.day()),
        }
    }
}

impl Ord for Period {
    fn cmp(&self, other: &Self) -> Ordering {
        self.end.cmp(&other.end).then(self.start.cmp(&other.start)).then(self.granularity.cmp(&other.granularity))
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

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
pub fn week_start(date: Date) -> Date {
    add_days(date, -i64::from(date.weekday().to_monday_zero_offset()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn p(s: &str) -> Period {
        Period::parse(s).unwrap()
    }

    #[test]
    fn every_form_has_start_and_end() {
        let cases = [
            ("2026", date(2026, 1, 1), date(2026, 12, 31)),
            ("2026-H1", date(2026, 1, 1), date(2026, 6, 30)),
            ("2026-H2", date(2026, 7, 1), date(2026, 12, 31)),
            ("2026-Q1", date(2026, 1, 1), date(2026, 3, 31)),
            ("2026-Q3", date(2026, 7, 1), date(2026, 9, 30)),
            ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31)),
            ("2026-09", date(2026, 9, 1), date(2026, 9, 30)),
            ("2028-02", date(2028, 2, 1), date(2028, 2, 29)),
            ("2026-02", date(2026, 2, 1), date(2026, 2, 28)),
            ("2026-09-30", date(2026, 9, 30), date(2026, 9, 30)),
        ];
        for (input, start, end) in cases {
            let period = p(input);
            assert_eq!((period.start(), period.end()), (start, end), "{input}");
            assert_eq!(period.to_string(), input, "round trip of {input}");
        }
    }

    #[test]
    fn lower_case_half_and_quarter_are_accepted_and_normalised() {
        assert_eq!(p("2026-q3").to_string(), "2026-Q3");
        assert_eq!(p("2026-h1").to_string(), "2026-H1");
    }

    #[test]
    fn rejects_malformed_periods_with_a_reason() {
        for bad in [
            "",
            "26",
            "2026-Q5",
            "2026-Q0",
            "2026-H3",
            "2026-13",
            "2026-9",
            "2026-02-30",
            "2026-09-31",
            "Q3-2026",
            "2026/09",
            "2026-09-30-1",
            "0000",
            "next year",
        ] {
            let e = Period::parse(bad).unwrap_err();
            assert_eq!(e.input, bad);
            assert!(!e.reason.is_empty());
        }
    }

    #[test]
    fn orders_by_end_then_start() {
        let mut v = [p("2027"), p("2026-H2"), p("2026-09-30"), p("2026-Q3"), p("2026"), p("2026-01")];
        v.sort();
        let s: Vec<String> = v.iter().map(ToString::to_string).collect();
        assert_eq!(s, ["2026-01", "2026-Q3", "2026-09-30", "2026", "2026-H2", "2027"]);
    }

    #[test]
    fn shifts_in_words_for_every_granularity() {
        let w = |a: &str, b: &str| shift_words(&p(a), &p(b));
        assert_eq!(w("2026-Q2", "2026-Q3").as_deref(), Some("slipped one quarter"));
        assert_eq!(w("2026-Q2", "2027-Q1").as_deref(), Some("slipped 3 quarters"));
        assert_eq!(w("2026-Q3", "2026-Q1").as_deref(), Some("pulled in 2 quarters"));
        assert_eq!(w("2026", "2028").as_deref(), Some("slipped 2 years"));
        assert_eq!(w("2026-H1", "2026-H2").as_deref(), Some("slipped one half"));
        assert_eq!(w("2026-09", "2026-11").as_deref(), Some("slipped 2 months"));
        assert_eq!(w("2026-09-30", "2026-10-02").as_deref(), Some("slipped 2 days"));
        assert_eq!(w("2026-09-30", "2026-09-01").as_deref(), Some("pulled in 29 days"));
        assert_eq!(w("2026-Q2", "2026-09").as_deref(), Some("slipped one quarter"));
        assert_eq!(w("2026-09", "2026-12").as_deref(), Some("slipped 3 months"));
        assert_eq!(w("2026-Q4", "2026-12"), None);
    }

    #[test]
    fn ended_before_uses_the_last_day() {
        let q = p("2026-Q3");
        assert!(!q.ended_before(date(2026, 9, 30)));
        assert!(q.ended_before(date(2026, 10, 1)));
    }

    #[test]
    fn iso_weeks() {
        assert_eq!(iso_week(jiff::civil::date(2026, 8, 3)), "2026-W32");
        assert_eq!(iso_week(jiff::civil::date(2027, 1, 1)), "2026-W53");
        assert_eq!(week_start(jiff::civil::date(2026, 8, 6)), jiff::civil::date(2026, 8, 3));
    }
}
