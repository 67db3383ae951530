//! The stakeholder page's timeline: initiative names in an HTML column beside an SVG chart
//! drawn at its real size (never scaled down, so its text stays 12 px on a phone: the chart
//! scrolls sideways instead). The axis has a line of years and a line of quarters, each label
//! in its own slot so no two overlap, and a third line for the today marker's label, above
//! every bar.

use jiff::civil::Date;
use maud::{Markup, html};

use super::{category_class, health_mark, overdue};
use crate::analyse::views::RoadmapRow;
use crate::model::{Category, days_between};
use crate::render::escape::html_visible as v;

/// Height of the axis: years (0–18), quarters (18–36), the today label (36–52).
const AXIS_H: f64 = 56.0;
/// Height of one initiative's row; the names column uses the same (`.tl-names li`).
const ROW_H: f64 = 32.0;
/// The narrowest quarter: room for its `Q1` label and gaps around it.
const MIN_QUARTER_W: f64 = 48.0;
/// The chart's width when the quarters fit in it.
const CHART_W: f64 = 820.0;
/// The timeline shows at most this many years on each side of today (hostile or mistyped
/// periods such as `0001` would otherwise make a chart kilometres wide).
const YEARS_AROUND_TODAY: i16 = 10;

/// An initiative's bar: from `start` to `end`, and `overdue` when its target ended while open.
struct Bar<'a> {
    row: &'a RoadmapRow<'a>,
    start: Date,
    end: Date,
    overdue: bool,
}

/// Where an initiative's bar goes. An active initiative with only a target is underway: drawn
/// from today (not from the target period's start) while the target lies ahead.
fn bar<'a>(row: &'a RoadmapRow<'a>, today: Date) -> Option<Bar<'a>> {
    let i = row.item;
    let (start, end) = match (i.start, i.target) {
        (Some(s), Some(t)) if s.start() <= t.end() => (s.start(), t.end()),
        (Some(s), None) => (s.start(), s.end()),
        (_, Some(t)) if i.category == Some(Category::Active) && today <= t.end() => (today.min(t.end()), t.end()),
        (_, Some(t)) => (t.start(), t.end()),
        (None, None) => return None,
    };
    Some(Bar { row, start, end, overdue: overdue(i, today) })
}

/// The first day of `d`'s quarter.
fn quarter_start(d: Date) -> Date {
    Date::new(d.year(), (d.month() - 1) / 3 * 3 + 1, 1).unwrap_or(d)
}

/// The first day of the next quarter, `None` at the calendar's end.
fn next_quarter(q: Date) -> Option<Date> {
    q.checked_add(jiff::Span::new().months(3)).ok()
}

/// The chart's horizontal scale: whole quarters, each `w` pixels wide.
struct Scale {
    quarters: Vec<Date>,
    w: f64,
}

impl Scale {
    fn new(from: Date, to: Date) -> Self {
        let mut quarters = Vec::new();
        let mut q = quarter_start(from);
        while q <= to {
            quarters.push(q);
            match next_quarter(q) {
                Some(next) => q = next,
                None => break,
            }
        }
        let n = quarters.len().max(1) as f64;
        Scale { quarters, w: (CHART_W / n).max(MIN_QUARTER_W) }
    }

    fn width(&self) -> f64 {
        self.w * self.quarters.len().max(1) as f64
    }

    /// The x of a day: its quarter's slot plus the share of the quarter gone by; clamped to
    /// the chart.
    fn x(&self, d: Date) -> f64 {
        let Some(first) = self.quarters.first() else { return 0.0 };
        let q = quarter_start(d);
        let index =
            (i64::from(q.year()) - i64::from(first.year())) * 4 + (i64::from(q.month()) - i64::from(first.month())) / 3;
        let len = next_quarter(q).map_or(91, |n| days_between(q, n)).max(1) as f64;
        let x = (index as f64 + days_between(q, d) as f64 / len) * self.w;
        x.clamp(0.0, self.width())
    }
}

/// The timeline: the legend, the names and the chart, and the initiatives it cannot place.
pub fn timeline(rows: &[RoadmapRow<'_>], today: Date) -> Markup {
    let bars: Vec<Bar<'_>> = rows.iter().filter_map(|r| bar(r, today)).collect();
    let unscheduled: Vec<&RoadmapRow<'_>> =
        rows.iter().filter(|r| r.item.start.is_none() && r.item.target.is_none()).collect();
    if bars.is_empty() {
        return html! { p class="muted" { "No initiative has a start or target period yet." } };
    }
    let lo = Date::new(today.year().saturating_sub(YEARS_AROUND_TODAY).max(1), 1, 1).unwrap_or(today);
    let hi = Date::new(today.year().saturating_add(YEARS_AROUND_TODAY).min(9999), 12, 31).unwrap_or(today);
    let from = bars.iter().map(|b| b.start).min().unwrap_or(today).min(today).max(lo);
    let to = bars.iter().map(|b| b.end).max().unwrap_or(today).max(today).min(hi);
    let scale = Scale::new(from, to);
    let (w, h) = (scale.width(), AXIS_H + ROW_H * bars.len() as f64 + 8.0);
    let x = |d: Date| (scale.x(d) * 10.0).round() / 10.0;
    let today_x = x(today);
    html! {
        (legend())
        div class="timeline" {
            ol class="tl-names" {
                @for b in &bars {
                    li title=(v(&b.row.item.title)) {
                        @if let Some(hl) = &b.row.health { (health_mark(hl)) }
                        span class="tl-title" {
                            @if b.overdue { span class="flag" { "overdue " } }
                            (v(&b.row.item.title))
                        }
                    }
                }
            }
            div class="tl-chart" {
                svg width=(w) height=(h) style=(format!("width:{w}px;height:{h}px")) viewBox=(format!("0 0 {w} {h}")) role="img" aria-label="Roadmap timeline by quarter" {
                    @for (n, _) in bars.iter().enumerate().filter(|(n, _)| n % 2 == 1) {
                        rect x="0" y=(AXIS_H + ROW_H * n as f64) width=(w) height=(ROW_H) fill="#f8fafc" {}
                    }
                    @for (k, q) in scale.quarters.iter().enumerate() {
                        @let qx = k as f64 * scale.w;
                        @let jan = q.month() == 1;
                        line x1=(qx) x2=(qx) y1=(if jan { 0.0 } else { 18.0 }) y2=(h) stroke=(if jan { "#9aa5b1" } else { "#e4e7eb" }) {}
                        text class="axis-label quarter" x=(qx + scale.w / 2.0) y="31" text-anchor="middle" { "Q" ((q.month() - 1) / 3 + 1) }
                        // A year's label at its first quarter; the first year's too when it
                        // starts mid-year (there is always a quarter's room before the next).
                        @if jan || k == 0 {
                            text class="axis-label year" x=(qx + 4.0) y="13" font-weight="600" { (q.year()) }
                        }
                    }
                    line x1="0" x2=(w) y1="36" y2="36" stroke="#cbd2d9" {}
                    @for (n, b) in bars.iter().enumerate() {
                        @let y = AXIS_H + ROW_H * n as f64;
                        @let (x0, x1) = (x(b.start), x(b.end));
                        @if b.overdue {
                            rect class="overdue" x=(x1) y=(y + 12.0) width=((today_x - x1).max(2.0)) height="8" fill="#f3c4c4" stroke="#c53030" stroke-dasharray="3 2" {
                                title { (v(&b.row.item.title)) ": overdue, target " (b.row.item.target.map(|t| t.to_string()).unwrap_or_default()) " ended" }
                            }
                        }
                        rect class=(format!("tl-bar {}", category_class(b.row.item))) data-state=(category_class(b.row.item)) x=(x0) y=(y + 7.0) width=((x1 - x0).max(3.0)) height="18" rx="3"
                            fill=(fill(b.row.item.category)) stroke=(stroke(b.row.item.category)) stroke-dasharray=(if b.row.item.category == Some(Category::Abandoned) { "4 2" } else { "none" }) stroke-width="1.5" {
                            title {
                                (v(&b.row.item.title)) " — " (v(&b.row.item.status))
                                ", " (b.row.item.start.map(|p| p.to_string()).unwrap_or_default()) " → " (b.row.item.target.map(|p| p.to_string()).unwrap_or_default())
                                @if let Some(hl) = &b.row.health { " — " (hl.state.as_str()) ": " (v(&hl.reason)) }
                            }
                        }
                    }
                    line class="today" x1=(today_x) x2=(today_x) y1="38" y2=(h) stroke="#c53030" stroke-width="1.5" stroke-dasharray="4 3" {}
                    text class="today-label" x=(today_x.clamp(20.0, (w - 20.0).max(20.0))) y="49" text-anchor="middle" fill="#c53030" font-weight="600" { "today" }
                }
            }
        }
        @if !unscheduled.is_empty() {
            p class="muted" { "Not scheduled (no start or target): "
                @for (n, r) in unscheduled.iter().enumerate() {
                    @if n > 0 { ", " }
                    (v(&r.item.title))
                }
            }
        }
    }
}

fn fill(category: Option<Category>) -> &'static str {
    match category {
        Some(Category::Active) => "#2563eb",
        Some(Category::Closed) => "#2f855a",
        Some(Category::Abandoned) => "#e4e7eb",
        _ => "#ffffff",
    }
}

fn stroke(category: Option<Category>) -> &'static str {
    match category {
        Some(Category::Active) => "#1d4ed8",
        Some(Category::Closed) => "#276749",
        Some(Category::Abandoned) => "#9aa5b1",
        _ => "#7b8794",
    }
}

/// What the bar styles, the marks and the health symbols mean.
fn legend() -> Markup {
    html! {
        ul class="legend" aria-label="Legend" {
            li { span class="sw open" {} "planned" }
            li { span class="sw active" {} "active" }
            li { span class="sw closed" {} "done" }
            li { span class="sw abandoned" {} "dropped" }
            li { span class="sw today" {} "today" }
            li { span class="sw overdue" {} "overdue: past its target" }
            @for s in crate::model::HealthState::ALL {
                li { span class=(format!("hb {}", s.as_str())) { (s.symbol()) } " " (s.as_str()) }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn quarters_are_equal_slots_and_days_fall_inside_theirs() {
        let s = Scale::new(date(2026, 8, 15), date(2027, 3, 31));
        assert_eq!(s.quarters, [date(2026, 7, 1), date(2026, 10, 1), date(2027, 1, 1)]);
        assert!(s.w >= MIN_QUARTER_W);
        assert_eq!(s.x(date(2026, 7, 1)), 0.0);
        assert_eq!(s.x(date(2026, 10, 1)), s.w);
        assert_eq!(s.x(date(2027, 1, 1)), 2.0 * s.w);
        assert!(s.x(date(2026, 8, 15)) > 0.0 && s.x(date(2026, 8, 15)) < s.w);
        // A day outside the chart sits on its edge.
        assert_eq!(s.x(date(2030, 1, 1)), s.width());
        assert_eq!(s.x(date(2020, 1, 1)), 0.0);
    }

    #[test]
    fn many_quarters_keep_their_minimum_width() {
        let s = Scale::new(date(2020, 1, 1), date(2029, 12, 31));
        assert_eq!(s.quarters.len(), 40);
        assert_eq!(s.w, MIN_QUARTER_W);
    }
}
