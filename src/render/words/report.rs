//! The report's words, the same in every medium: quiet weeks folded into runs, a forecast
//! in words, and text folded to a width.

use crate::analyse::report::Forecast;

/// Throughput weeks for people: each week with items done on its own line, runs of two or
/// more zero weeks folded into one (`2026-W40 – 2026-W44`, 0, 5 weeks), so a long quiet
/// history stays short.
pub fn week_runs(weeks: &[crate::analyse::report::WeekCount]) -> Vec<WeekRun> {
    let mut runs: Vec<WeekRun> = Vec::new();
    for w in weeks {
        match runs.last_mut() {
            Some(last) if w.done == 0 && last.done == 0 => {
                last.last = w.week.clone();
                last.weeks += 1;
            }
            _ => runs.push(WeekRun { first: w.week.clone(), last: w.week.clone(), done: w.done, weeks: 1 }),
        }
    }
    runs
}

/// One line of [`week_runs`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeekRun {
    pub first: String,
    pub last: String,
    /// Items done in each of these weeks (0 for a folded run).
    pub done: usize,
    pub weeks: usize,
}

impl WeekRun {
    /// `2026-W37`, or `2026-W40 – 2026-W44` for a run.
    pub fn label(&self) -> String {
        if self.weeks == 1 { self.first.clone() } else { format!("{} – {}", self.first, self.last) }
    }
}

/// The forecast in words: `50% by 2026-11-28, 85% by 2026-12-19`, or why there is none.
pub fn forecast_words(f: &Option<Forecast>) -> String {
    match f {
        None => "none (closed)".into(),
        Some(Forecast { p50: Some(a), p85: Some(b), .. }) => format!("50% by {a}, 85% by {b}"),
        Some(f) => format!("none: {}", f.reason.clone().unwrap_or_default()),
    }
}

/// Words folded into lines of at most `width` characters, each after `indent` spaces (a word
/// longer than a line gets a line of its own).
pub fn wrap(text: &str, indent: usize, width: usize) -> Vec<String> {
    let room = width.saturating_sub(indent).max(1);
    if text.chars().count() <= room {
        return vec![format!("{}{text}", " ".repeat(indent))];
    }
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let len = line.chars().count();
        if len > 0 && len + 1 + word.chars().count() > room {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines.into_iter().map(|l| format!("{}{l}", " ".repeat(indent))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyse::report::WeekCount;

    #[test]
    fn zero_weeks_fold_into_runs() {
        let weeks: Vec<WeekCount> = [("W1", 0), ("W2", 2), ("W3", 0), ("W4", 0), ("W5", 0), ("W6", 1), ("W7", 0)]
            .iter()
            .map(|(w, n)| WeekCount { week: w.to_string(), done: *n })
            .collect();
        let labels: Vec<(String, usize, usize)> =
            week_runs(&weeks).iter().map(|r| (r.label(), r.done, r.weeks)).collect();
        let want = [("W1", 0, 1), ("W2", 2, 1), ("W3 – W5", 0, 3), ("W6", 1, 1), ("W7", 0, 1)];
        assert_eq!(labels, want.map(|(l, d, n)| (l.to_string(), d, n)));
    }

    #[test]
    fn wrap_keeps_lines_within_the_width() {
        let lines = wrap("one two three four five six", 4, 14);
        assert_eq!(lines, ["    one two", "    three four", "    five six"]);
        assert!(wrap("", 2, 10) == ["  "]);
        assert_eq!(wrap("a  b", 0, 10), ["a  b"], "text that fits is kept as is");
    }
}
