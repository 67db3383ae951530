//! `cairn report --format html`: the report as one page with charts.

use std::io::{self, Write};

use maud::{Markup, html};

use crate::render::escape::html_visible as v;

use super::{Html, page, progress_bar};
use crate::analyse::report::{InitiativeReport, Report};
use crate::analyse::views::Progress;
use crate::model::points;
use crate::render::Render;

/// Throughput as bars, one per ISO week.
fn throughput_chart(report: &Report) -> Markup {
    let n = report.throughput.len().max(1) as f64;
    let max = report.throughput.iter().map(|w| w.done).max().unwrap_or(0).max(1) as f64;
    let (w, h) = (900.0, 180.0);
    let bw = (w / n).min(48.0);
    html! {
        svg viewBox=(format!("0 0 {w} {}", h + 24.0)) role="img" aria-label="Items done per week" {
            @for (k, week) in report.throughput.iter().enumerate() {
                @let bh = h * week.done as f64 / max;
                rect x=(k as f64 * bw + 1.0) y=(h - bh) width=((bw - 2.0).max(1.0)) height=(bh) fill="#2f855a" {
                    title { (week.week) ": " (week.done) }
                }
            }
            @if let Some(first) = report.throughput.first() { text x="0" y=(h + 18.0) { (first.week) } }
            @if let Some(last) = report.throughput.last().filter(|_| report.throughput.len() > 1) { text x=((n * bw - 70.0).max(80.0)) y=(h + 18.0) { (last.week) } }
            text x="0" y="12" { "max " (max as usize) " / week" }
        }
    }
}

/// Cycle-time distribution: items per day count.
fn cycle_chart(report: &Report) -> Markup {
    let items = &report.cycle_time_days.items;
    if items.is_empty() {
        return html! { p class="muted" { "No item went from active to done in this window." } };
    }
    let max_days = items.iter().map(|c| c.days).max().unwrap_or(0).max(1);
    let mut counts = vec![0usize; max_days as usize + 1];
    for c in items {
        counts[c.days.max(0) as usize] += 1;
    }
    let top = counts.iter().copied().max().unwrap_or(1).max(1) as f64;
    let (w, h) = (900.0, 160.0);
    let bw = (w / counts.len() as f64).min(48.0);
    html! {
        svg viewBox=(format!("0 0 {w} {}", h + 24.0)) role="img" aria-label="Cycle time distribution" {
            @for (d, c) in counts.iter().enumerate() {
                @let bh = h * *c as f64 / top;
                rect x=(d as f64 * bw + 1.0) y=(h - bh) width=((bw - 2.0).max(1.0)) height=(bh) fill="#d97706" {
                    title { (d) " days: " (c) " items" }
                }
            }
            text x="0" y=(h + 18.0) { "0 days" }
            text x=((counts.len() as f64 * bw - 50.0).max(60.0)) y=(h + 18.0) { (max_days) " days" }
        }
    }
}

/// A burn-up line per initiative: done items over the window's weeks against the total.
fn burnup(r: &InitiativeReport) -> Markup {
    let (w, h) = (300.0, 80.0);
    let n = r.burnup.len().max(2) as f64 - 1.0;
    let top = r.total.max(1) as f64;
    let points: Vec<String> = r
        .burnup
        .iter()
        .enumerate()
        .map(|(k, (_, done))| format!("{:.1},{:.1}", k as f64 / n * w, h - h * *done as f64 / top))
        .collect();
    html! {
        svg viewBox=(format!("0 0 {w} {h}")) role="img" aria-label=(format!("Burn-up of {}", v(&r.title))) {
            line x1="0" x2=(w) y1="1" y2="1" stroke="#9aa5b1" stroke-dasharray="4 4" {}
            polyline points=(points.join(" ")) fill="none" stroke="#2f855a" stroke-width="2" {}
        }
    }
}

/// The page of `cairn report --format html`.
impl Render<Report> for Html {
    fn render(&self, r: &Report, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(report_page(r).as_bytes())
    }
}

fn report_page(report: &Report) -> String {
    let ct = &report.cycle_time_days;
    let fmt = |v: Option<f64>| v.map_or("–".to_string(), |v| format!("{v:.1}"));
    let body = html! {
        h2 { "Progress" }
        div class="board" {
            @for i in &report.initiatives {
                div class="card" {
                    h3 { (v(&i.title)) }
                    span class="muted" { (v(&i.status)) @if let Some(t) = &i.target { " · target " (t) } }
                    (progress_bar(i.progress()))
                    p class="muted" { (points(i.points_done)) " of " (points(i.points_total)) " points done"
                        @if i.slips > 0 { " · target slipped " (i.slips) "× (" (i.slip_days) " days)" } }
                    @if let Some(f) = &i.forecast {
                        p class="muted" {
                            @match (&f.p50, &f.p85) {
                                (Some(a), Some(b)) => { "Forecast: 50% by " (a) ", 85% by " (b) }
                                _ => { "No forecast: " (f.reason.clone().unwrap_or_default()) }
                            }
                        }
                    }
                    (burnup(i))
                }
            }
        }
        h2 { "Throughput" }
        p class="muted" { "Backlog items done per ISO week, " (report.since) " to " (report.as_of) "." }
        div class="scroll" { (throughput_chart(report)) }
        h2 { "Cycle time" }
        p { (ct.count) @if ct.count == 1 { " item" } @else { " items" } " went from active to done: median " (fmt(ct.median)) " days, 85th percentile " (fmt(ct.p85)) " days." }
        (cycle_chart(report))
        h2 { "Stale work" }
        @if report.stale.is_empty() {
            p class="muted" { "No active item has gone " (report.stale_after_days) " days without a change." }
        } @else {
            div class="scroll" {
                table {
                    thead { tr { th { "id" } th { "title" } th { "status" } th { "days" } th { "last change" } } }
                    tbody { @for s in &report.stale { tr { td { (v(&s.id)) } td { (v(&s.title)) } td { (v(&s.status)) } td { (s.days) } td { (s.last_change) } } } }
                }
            }
        }
    };
    page("Plan report", &format!("As of {} · history since {}", report.as_of, report.since), body).into_string()
}
