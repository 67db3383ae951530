//! `cairn report --format html`: the report as one page: each initiative with its health, a
//! burn-up and a forecast chart, then throughput, cycle time and stale work, every chart with
//! axes and a caption.

use std::io::{self, Write};

use maud::{Markup, html};

use super::charts;
use super::{Html, health_badge, page, progress_bar};
use crate::analyse::report::{InitiativeReport, Report};
use crate::model::points;
use crate::render::Render;
use crate::render::escape::html_visible as v;
use crate::render::words::{forecast_words, slips_text};

/// The page of `cairn report --format html`.
impl Render<Report> for Html {
    fn render(&self, r: &Report, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(report_page(r).as_bytes())
    }
}

/// One initiative: its figures in words, its health and why, and its charts.
fn initiative(i: &InitiativeReport, as_of: jiff::civil::Date) -> Markup {
    html! {
        div class="card initiative" {
            h3 { (v(&i.title)) " " span class="muted" { "(" (v(&i.id)) ")" } }
            span class="muted" { (v(&i.status)) @if let Some(t) = &i.target { " · target " (t) } }
            " "
            @if let Some(h) = &i.health { (health_badge(h)) p class="why" { (v(&h.reason)) } }
            (progress_bar(i.progress()))
            p class="muted" {
                (points(i.points_done)) " of " (points(i.points_total)) " points done · target slips: " (slips_text(i.slips, i.slip_days))
                @if let Some(s) = &i.last_slip { " (last " (s.from) " → " (s.to) " on " (s.date) ")" }
                @if i.forecast.is_some() { " · forecast " (forecast_words(&i.forecast)) }
            }
            div class="charts" {
                figure {
                    div class="scroll" { (charts::burnup(i)) }
                    figcaption { "Burn-up: backlog items of " (v(&i.title)) " done by each week, against its total of " (i.total) "." }
                }
                @if let Some(chart) = charts::forecast(i, as_of) {
                    figure {
                        div class="scroll" { (chart) }
                        figcaption { "Forecast: the dates by which its open items are done in 50% and 85% of simulated futures, from " (as_of) ", against its target." }
                    }
                }
            }
        }
    }
}

fn report_page(report: &Report) -> String {
    let ct = &report.cycle_time_days;
    let fmt = |v: Option<f64>| v.map_or("–".to_string(), |v| format!("{v:.1}"));
    let as_of = report.as_of.parse().unwrap_or_default();
    let body = html! {
        h2 { "Initiatives" }
        @for i in &report.initiatives { (initiative(i, as_of)) }
        h2 { "Throughput" }
        figure {
            div class="scroll" { (charts::throughput(report)) }
            figcaption { "Backlog items done in each ISO week, " (report.since) " to " (report.as_of) ": the samples of every forecast." }
        }
        h2 { "Cycle time" }
        p { (ct.count) @if ct.count == 1 { " item" } @else { " items" } " went from active to done: median " (fmt(ct.median)) " days, 85th percentile " (fmt(ct.p85)) " days." }
        @if ct.items.is_empty() {
            p class="muted" { "No item went from active to done in this window." }
        } @else {
            figure {
                div class="scroll" { (charts::cycle_time(report)) }
                figcaption { "How many items took each number of days from their first active status to done." }
            }
        }
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
