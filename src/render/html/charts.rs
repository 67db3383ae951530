//! The report page's charts: SVG drawn at its real pixel size (so text stays 12 px; a chart
//! wider than the screen scrolls sideways), with labelled axes, and every label placed inside
//! the drawing so none is clipped.

use jiff::civil::Date;
use maud::{Markup, html};

use crate::analyse::report::{InitiativeReport, Report};
use crate::model::{add_days, days_between};
use crate::render::escape::html_visible as v;

/// Approximate width of a character of the charts' 12 px text, for placing labels.
const CHAR_W: f64 = 7.0;

/// Round tick values from 0 to at least `max`: at most six, in steps of 1, 2 or 5 × 10ⁿ.
pub fn ticks(max: usize) -> Vec<usize> {
    let max = max.max(1);
    let mut step = 1usize;
    loop {
        for m in [1, 2, 5] {
            let s = step * m;
            if max.div_ceil(s) <= 5 {
                return (0..=max.div_ceil(s)).map(|k| k * s).collect();
            }
        }
        step = step.saturating_mul(10);
    }
}

/// A plot area inside an SVG of `w` × `h` pixels.
struct Frame {
    w: f64,
    h: f64,
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
}

impl Frame {
    fn plot_w(&self) -> f64 {
        self.w - self.left - self.right
    }
    fn plot_h(&self) -> f64 {
        self.h - self.top - self.bottom
    }
    /// The y of a value on a scale from 0 to `top`.
    fn y(&self, value: f64, top: f64) -> f64 {
        self.top + self.plot_h() * (1.0 - value / top.max(1.0))
    }
    /// The svg element's size attributes, fixed in pixels.
    fn style(&self) -> String {
        format!("width:{}px;height:{}px", self.w, self.h)
    }
    fn view_box(&self) -> String {
        format!("0 0 {} {}", self.w, self.h)
    }
    /// A label centred on `x`, moved inside the drawing when it would stick out.
    fn inside(&self, x: f64, text: &str) -> f64 {
        let half = text.chars().count() as f64 * CHAR_W / 2.0;
        x.clamp(half + 2.0, (self.w - half - 2.0).max(half + 2.0))
    }
}

/// The y axis: grid lines and labels for `ticks`, and its title.
fn y_axis(f: &Frame, ticks: &[usize], title: &str) -> Markup {
    let top = ticks.last().copied().unwrap_or(1) as f64;
    html! {
        @for t in ticks {
            @let y = f.y(*t as f64, top);
            line x1=(f.left) x2=(f.w - f.right) y1=(y) y2=(y) stroke=(if *t == 0 { "#7b8794" } else { "#e4e7eb" }) {}
            text class="axis-label" x=(f.left - 6.0) y=(y + 4.0) text-anchor="end" { (t) }
        }
        text class="axis-title" x="2" y=((f.top - 6.0).max(12.0)) { (title) }
    }
}

/// Bars with a labelled x axis: `labels[k]` under bar `k`, shown every few bars so that no
/// two overlap.
fn bar_chart(f: &Frame, values: &[usize], labels: &[String], fill: &str, x_title: &str, y_title: &str) -> Markup {
    let n = values.len().max(1) as f64;
    let bw = f.plot_w() / n;
    let ticks = ticks(values.iter().copied().max().unwrap_or(0));
    let top = ticks.last().copied().unwrap_or(1) as f64;
    let widest = labels.iter().map(|l| l.chars().count()).max().unwrap_or(1) as f64 * CHAR_W + 12.0;
    let every = (widest / bw).ceil().max(1.0) as usize;
    html! {
        (y_axis(f, &ticks, y_title))
        @for (k, value) in values.iter().enumerate() {
            @let x = f.left + k as f64 * bw;
            @let y = f.y(*value as f64, top);
            rect x=(x + bw * 0.1) y=(y) width=((bw * 0.8).max(1.0)) height=((f.top + f.plot_h() - y).max(0.0)) fill=(fill) {
                title { (labels.get(k).map(String::as_str).unwrap_or("")) ": " (value) }
            }
            @if k % every == 0 {
                @let label = labels.get(k).map(String::as_str).unwrap_or("");
                line x1=(x + bw / 2.0) x2=(x + bw / 2.0) y1=(f.top + f.plot_h()) y2=(f.top + f.plot_h() + 4.0) stroke="#7b8794" {}
                text class="axis-label" x=(f.inside(x + bw / 2.0, label)) y=(f.top + f.plot_h() + 17.0) text-anchor="middle" { (label) }
            }
        }
        text class="axis-title" x=(f.left + f.plot_w() / 2.0) y=(f.h - 4.0) text-anchor="middle" { (x_title) }
    }
}

/// Items done per ISO week over the whole window, the full width of the page.
pub fn throughput(report: &Report) -> Markup {
    let f = Frame { w: 1060.0, h: 240.0, left: 44.0, right: 16.0, top: 24.0, bottom: 44.0 };
    let values: Vec<usize> = report.throughput.iter().map(|w| w.done).collect();
    let labels: Vec<String> = report.throughput.iter().map(|w| w.week.clone()).collect();
    html! {
        svg width=(f.w) height=(f.h) style=(f.style()) viewBox=(f.view_box()) role="img" aria-label="Backlog items done per week" {
            (bar_chart(&f, &values, &labels, "#2f855a", "ISO week", "items done"))
        }
    }
}

/// How many items took each number of days from first active to done.
pub fn cycle_time(report: &Report) -> Markup {
    let items = &report.cycle_time_days.items;
    let max_days = items.iter().map(|c| c.days.max(0)).max().unwrap_or(0) as usize;
    let mut counts = vec![0usize; max_days + 1];
    for c in items {
        counts[c.days.max(0) as usize] += 1;
    }
    let labels: Vec<String> = (0..=max_days).map(|d| d.to_string()).collect();
    let f = Frame { w: 1060.0, h: 220.0, left: 44.0, right: 16.0, top: 24.0, bottom: 44.0 };
    html! {
        svg width=(f.w) height=(f.h) style=(f.style()) viewBox=(f.view_box()) role="img" aria-label="Cycle time distribution" {
            (bar_chart(&f, &counts, &labels, "#2563eb", "days from first active to done", "items"))
        }
    }
}

/// One initiative's burn-up: items done by each week of the window, against its total.
pub fn burnup(r: &InitiativeReport) -> Markup {
    let f = Frame { w: 480.0, h: 180.0, left: 36.0, right: 16.0, top: 24.0, bottom: 40.0 };
    let ticks = ticks(r.total);
    let top = ticks.last().copied().unwrap_or(1) as f64;
    let n = r.burnup.len().max(2) as f64 - 1.0;
    let x = |k: usize| f.left + f.plot_w() * k as f64 / n;
    let points: Vec<String> = r
        .burnup
        .iter()
        .enumerate()
        .map(|(k, (_, done))| format!("{:.1},{:.1}", x(k), f.y(*done as f64, top)))
        .collect();
    let total_y = f.y(r.total as f64, top);
    let (first, last) = (r.burnup.first().map(|b| b.0.clone()), r.burnup.last().map(|b| b.0.clone()));
    html! {
        svg width=(f.w) height=(f.h) style=(f.style()) viewBox=(f.view_box()) role="img" aria-label=(format!("Burn-up of {}", v(&r.title))) {
            (y_axis(&f, &ticks, "items done"))
            line x1=(f.left) x2=(f.w - f.right) y1=(total_y) y2=(total_y) stroke="#9aa5b1" stroke-dasharray="4 4" {}
            text class="axis-label" x=(f.w - f.right) y=(total_y - 4.0) text-anchor="end" { "total " (r.total) }
            polyline points=(points.join(" ")) fill="none" stroke="#2f855a" stroke-width="2" {}
            @if let Some(first) = first {
                text class="axis-label" x=(f.left) y=(f.h - 22.0) { (first) }
            }
            @if let Some(last) = last.filter(|_| r.burnup.len() > 1) {
                text class="axis-label" x=(f.w - f.right) y=(f.h - 22.0) text-anchor="end" { (last) }
            }
            text class="axis-title" x=(f.left + f.plot_w() / 2.0) y=(f.h - 4.0) text-anchor="middle" { "ISO week" }
        }
    }
}

/// An open initiative's forecast on a calendar: from the report date to the later of the
/// 85% date and the target's end, with the 50% and 85% dates and the target each marked and
/// labelled on a line of its own. `None` when there are no dates to draw.
pub fn forecast(r: &InitiativeReport, as_of: Date) -> Option<Markup> {
    let f = r.forecast.as_ref()?;
    let p50: Date = f.p50.as_deref()?.parse().ok()?;
    let p85: Date = f.p85.as_deref()?.parse().ok()?;
    let target: Option<(String, Date)> =
        r.target.as_deref().and_then(|t| crate::model::Period::parse(t).ok()).map(|p| (p.to_string(), p.end()));
    let end = target.as_ref().map_or(p85, |t| t.1.max(p85)).max(add_days(as_of, 7));
    let span = days_between(as_of, end).max(1) as f64;
    let fr = Frame { w: 480.0, h: 150.0, left: 12.0, right: 12.0, top: 8.0, bottom: 30.0 };
    let x = |d: Date| fr.left + fr.plot_w() * days_between(as_of, d).clamp(0, span as i64) as f64 / span;
    let band_y = 86.0;
    let late = target.as_ref().is_some_and(|t| p85 > t.1);
    let month_ticks = months(as_of, end, fr.plot_w());
    let label = |row: f64, at: f64, text: String, color: &str| -> Markup {
        html! { text class="axis-label" x=(fr.inside(at, &text)) y=(row) text-anchor="middle" fill=(color) { (text) } }
    };
    Some(html! {
        svg width=(fr.w) height=(fr.h) style=(fr.style()) viewBox=(fr.view_box()) role="img" aria-label=(format!("Forecast of {}", v(&r.title))) {
            @for m in &month_ticks {
                line x1=(x(*m)) x2=(x(*m)) y1="70" y2=(band_y + 16.0) stroke="#e4e7eb" {}
            }
            rect x=(x(as_of)) y=(band_y) width=((x(p50) - x(as_of)).max(1.0)) height="10" fill="#bfdbfe" {}
            rect x=(x(p50)) y=(band_y) width=((x(p85) - x(p50)).max(1.0)) height="10" fill=(if late { "#f3c4c4" } else { "#c6f6d5" }) {}
            line x1=(x(p50)) x2=(x(p50)) y1="24" y2=(band_y + 10.0) stroke="#2563eb" stroke-width="2" {}
            (label(20.0, x(p50), format!("50% {p50}"), "#1d4ed8"))
            line x1=(x(p85)) x2=(x(p85)) y1="44" y2=(band_y + 10.0) stroke=(if late { "#c53030" } else { "#2f855a" }) stroke-width="2" {}
            (label(40.0, x(p85), format!("85% {p85}"), if late { "#c53030" } else { "#276749" }))
            @if let Some((name, t)) = &target {
                line x1=(x(*t)) x2=(x(*t)) y1="64" y2=(band_y + 16.0) stroke="#1f2933" stroke-width="2" stroke-dasharray="5 3" {}
                (label(60.0, x(*t), format!("target {name} ends {t}"), "#1f2933"))
            }
            line x1=(fr.left) x2=(fr.w - fr.right) y1=(band_y + 16.0) y2=(band_y + 16.0) stroke="#7b8794" {}
            @for m in &month_ticks {
                @let text = m.strftime("%b %Y").to_string();
                text class="axis-label" x=(fr.inside(x(*m), &text)) y=(fr.h - 12.0) text-anchor="middle" { (text) }
            }
        }
    })
}

/// First days of months between `from` and `to`, thinned so their labels (`Mar 2027`, about
/// 60 px) never meet on a `width`-pixel axis.
fn months(from: Date, to: Date, width: f64) -> Vec<Date> {
    let mut all = Vec::new();
    let mut m =
        Date::new(from.year(), from.month(), 1).ok().and_then(|d| d.checked_add(jiff::Span::new().months(1)).ok());
    while let Some(d) = m.filter(|d| *d <= to) {
        all.push(d);
        m = d.checked_add(jiff::Span::new().months(1)).ok();
        if all.len() > 1200 {
            break;
        }
    }
    let span = days_between(from, to).max(1) as f64;
    let per_month = width * 30.4 / span;
    let every = (76.0 / per_month).ceil().max(1.0) as usize;
    all.into_iter().enumerate().filter(|(k, _)| k % every == 0).map(|(_, d)| d).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_cover_the_maximum() {
        assert_eq!(ticks(0), [0, 1]);
        assert_eq!(ticks(3), [0, 1, 2, 3]);
        assert_eq!(ticks(7), [0, 2, 4, 6, 8]);
        assert_eq!(ticks(23), [0, 5, 10, 15, 20, 25]);
        assert_eq!(ticks(454), [0, 100, 200, 300, 400, 500]);
    }

    #[test]
    fn month_labels_are_thinned_to_fit() {
        let from = jiff::civil::date(2026, 11, 24);
        let to = jiff::civil::date(2029, 11, 24);
        let m = months(from, to, 456.0);
        assert!(m.len() >= 4 && m.len() <= 7, "{m:?}");
        assert_eq!(m[0], jiff::civil::date(2026, 12, 1));
    }
}
