//! Dates as people type them after `--since` and `--until`: the forms git users know.

use jiff::ToSpan;
use jiff::civil::Date;

use super::Period;

/// The forms [`date_expression`] accepts, for messages.
pub const DATE_FORMS: &str = "`2026-10-05`, a period such as `2026-10`, `2026-Q4` or `2026`, `today`, `yesterday`, or `N days|weeks|months|years ago`";

/// Which end of a period a date flag means: `--since 2026-10` starts on October 1st,
/// `--until 2026-10` ends on October 31st.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Since,
    Until,
}

/// The day `text` names, relative to `today`: a date (`2026-10-05`), a period (`2026-10`,
/// `2026-Q4`, `2026-H2`, `2026`: its first day for `--since`, its last for `--until`),
/// `today`, `yesterday`, or `N day(s)|week(s)|month(s)|year(s) ago` (`a week ago`, `one
/// month ago` too). Case and extra blanks do not matter. The error says what is accepted.
pub fn date_expression(text: &str, today: Date, side: Side) -> Result<Date, String> {
    let words: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let fail = || format!("`{text}` is not a date cairn understands");
    match words.as_slice() {
        ["today"] | ["now"] => return Ok(today),
        ["yesterday"] => return today.checked_sub(1.day()).map_err(|_| fail()),
        [n, unit, "ago"] => {
            let n: i64 = match *n {
                "a" | "an" | "one" => 1,
                "two" => 2,
                "three" => 3,
                digits => digits.parse().map_err(|_| fail())?,
            };
            if !(0..=10_000).contains(&n) {
                return Err(fail());
            }
            let span = match unit.trim_end_matches('s') {
                "day" => n.days(),
                "week" => n.weeks(),
                "month" => n.months(),
                "year" => n.years(),
                _ => return Err(fail()),
            };
            return today.checked_sub(span).map_err(|_| fail());
        }
        _ => {}
    }
    let starts_with_digit = text.trim().starts_with(|c: char| c.is_ascii_digit());
    let period = Period::parse(text.trim())
        .map_err(|e| if starts_with_digit { format!("{} ({})", fail(), e.reason) } else { fail() })?;
    Ok(match side {
        Side::Since => period.start(),
        Side::Until => period.end(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const TODAY: Date = date(2026, 11, 24);

    #[test]
    fn git_style_dates_are_read_relative_to_today() {
        let since = |t: &str| date_expression(t, TODAY, Side::Since);
        assert_eq!(since("today"), Ok(TODAY));
        assert_eq!(since("yesterday"), Ok(date(2026, 11, 23)));
        assert_eq!(since("2 weeks ago"), Ok(date(2026, 11, 10)));
        assert_eq!(since("1 week ago"), Ok(date(2026, 11, 17)));
        assert_eq!(since("a month ago"), Ok(date(2026, 10, 24)));
        assert_eq!(since("3  Days  ago"), Ok(date(2026, 11, 21)));
        assert_eq!(since("1 year ago"), Ok(date(2025, 11, 24)));
        assert_eq!(since("2026-10-05"), Ok(date(2026, 10, 5)));
    }

    #[test]
    fn a_period_is_its_first_day_since_and_its_last_day_until() {
        assert_eq!(date_expression("2026-10", TODAY, Side::Since), Ok(date(2026, 10, 1)));
        assert_eq!(date_expression("2026-10", TODAY, Side::Until), Ok(date(2026, 10, 31)));
        assert_eq!(date_expression("2026-Q2", TODAY, Side::Until), Ok(date(2026, 6, 30)));
        assert_eq!(date_expression("2026", TODAY, Side::Since), Ok(date(2026, 1, 1)));
    }

    #[test]
    fn anything_else_is_refused() {
        for bad in ["", "last week", "2 fortnights ago", "-1 days ago", "2026-13", "soon", "99999 years ago"] {
            assert!(date_expression(bad, TODAY, Side::Since).is_err(), "{bad}");
        }
    }
}
