//! `cairn export html`: the stakeholder page, roadmap only (never backlog detail): a timeline
//! and a Now/Next/Later board.

use std::io::{self, Write};

use maud::{Markup, html};

use crate::render::escape::html_visible as v;

use super::{Html, category_class, color_of, page, progress_bar};
use crate::analyse::views::{self, RoadmapRow};
use crate::model::{Links, Plan, days_between};
use crate::render::{Export, Render};

/// The roadmap as a timeline: one bar per initiative from `start` to `target`.
fn timeline(rows: &[RoadmapRow<'_>], today: Option<jiff::civil::Date>) -> Markup {
    let spans: Vec<(&RoadmapRow<'_>, jiff::civil::Date, jiff::civil::Date)> = rows
        .iter()
        .filter_map(|r| {
            let i = r.item;
            match (i.start, i.target) {
                (Some(s), Some(t)) if s.start() <= t.end() => Some((r, s.start(), t.end())),
                (Some(s), None) => Some((r, s.start(), s.end())),
                (_, Some(t)) => Some((r, t.start(), t.end())),
                _ => None,
            }
        })
        .collect();
    let unscheduled: Vec<&RoadmapRow<'_>> =
        rows.iter().filter(|r| r.item.start.is_none() && r.item.target.is_none()).collect();
    if spans.is_empty() {
        return html! { p class="muted" { "No initiative has a start or target period yet." } };
    }
    let min = spans.iter().map(|s| s.1).min().unwrap_or_default();
    let max = spans.iter().map(|s| s.2).max().unwrap_or_default();
    let total = days_between(min, max).max(1) as f64;
    let (label_w, chart_w, row_h) = (260.0, 640.0, 30.0);
    let height = row_h * spans.len() as f64 + 30.0;
    let x = |d: jiff::civil::Date| label_w + chart_w * days_between(min, d) as f64 / total;
    // Year ticks.
    let mut ticks = Vec::new();
    let mut year = min.year();
    while let Ok(d) = jiff::civil::Date::new(year, 1, 1) {
        if d > max {
            break;
        }
        if d >= min {
            ticks.push(d);
        }
        year += 1;
    }
    html! {
        svg viewBox=(format!("0 0 {} {height}", label_w + chart_w + 10.0)) role="img" aria-label="Roadmap timeline" {
            @for t in &ticks {
                line x1=(x(*t)) x2=(x(*t)) y1="0" y2=(height - 20.0) stroke="#d9e2ec" {}
                text x=(x(*t) + 3.0) y=(height - 6.0) { (t.year()) }
            }
            @for (n, (row, start, end)) in spans.iter().enumerate() {
                @let y = n as f64 * row_h + 4.0;
                text x="0" y=(y + 17.0) { (truncate(&v(&row.item.title), 34)) }
                rect x=(x(*start)) y=(y) width=((x(*end) - x(*start)).max(3.0)) height=(row_h - 8.0) rx="4" fill=(color_of(row.item)) {
                    title { (v(&row.item.title)) " — " (v(&row.item.status)) ", " (row.item.start.map(|p| p.to_string()).unwrap_or_default()) " → " (row.item.target.map(|p| p.to_string()).unwrap_or_default()) }
                }
            }
            text x=(label_w) y=(height - 6.0) { (min) }
            @if let Some(t) = today.filter(|t| *t >= min && *t <= max) {
                line x1=(x(t)) x2=(x(t)) y1="0" y2=(height - 20.0) stroke="#c53030" stroke-dasharray="3 3" {}
                text x=(x(t) + 3.0) y="10" fill="#c53030" { "today" }
            }
            text x=(label_w + chart_w - 70.0) y=(height - 6.0) { (max) }
        }
        @if !unscheduled.is_empty() {
            p class="muted" { "Not scheduled: "
                @for (n, r) in unscheduled.iter().enumerate() {
                    @if n > 0 { ", " }
                    (v(&r.item.title))
                }
            }
        }
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n { s.to_string() } else { format!("{}…", s.chars().take(n - 1).collect::<String>()) }
}

fn card(row: &RoadmapRow<'_>) -> Markup {
    let i = row.item;
    html! {
        div class="card" {
            h3 { (v(&i.title)) }
            span class=(format!("badge {}", category_class(i))) { (v(&i.status)) }
            @if let Some(t) = i.target { " " span class="muted" { "target " (t.to_string()) } }
            @if let Some(o) = &i.owner { p class="muted" { "Owner: " (v(o)) } }
            @if let Some(o) = &i.outcome { p { (v(o)) } }
            (progress_bar(row.progress))
        }
    }
}

/// The stakeholder page: roadmap only, never backlog item titles or details.
impl Render<Export<'_>> for Html {
    fn render(&self, doc: &Export<'_>, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(export_page(doc.plan, &doc.generated).as_bytes())
    }
}

fn export_page(plan: &Plan, generated: &str) -> String {
    let links = Links::new(plan);
    let rows = views::roadmap(plan, &links);
    let columns: [(&str, Option<&str>); 4] =
        [("Now", Some("now")), ("Next", Some("next")), ("Later", Some("later")), ("No horizon", None)];
    let body = html! {
        h2 { "Timeline" }
        div class="scroll" { (timeline(&rows, generated.parse().ok())) }
        h2 { "Now, next, later" }
        div class="board" {
            @for (name, horizon) in columns {
                @let in_column: Vec<&RoadmapRow<'_>> = rows.iter().filter(|r| r.item.horizon.as_deref() == horizon).collect();
                @if horizon.is_some() || !in_column.is_empty() {
                    section class="column" {
                        h3 { (name) }
                        @if in_column.is_empty() { p class="muted" { "Nothing here." } }
                        @for r in in_column { (card(r)) }
                    }
                }
            }
        }
    };
    page("Roadmap", &format!("{} initiatives · generated {generated}", rows.len()), body).into_string()
}
