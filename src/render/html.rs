//! Self-contained HTML pages built with maud (every piece of plan text is escaped by the
//! template engine): the stakeholder roadmap of `cairn export html` and the page of
//! `cairn report --format html`. Inline CSS and SVG only: no scripts, fonts or images from
//! the network; readable on a phone; prints well.

use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::analyse::report::Report;
use crate::analyse::views::{self, Progress, RoadmapRow};
use crate::model::Links;
use crate::model::days_between;
use crate::model::{Category, Item, Plan};

const CSS: &str = r#"
:root { --ink:#1f2933; --muted:#616e7c; --line:#d9e2ec; --bg:#ffffff; --card:#f5f7fa;
  --open:#9aa5b1; --active:#d97706; --done:#2f855a; --dropped:#c53030; }
* { box-sizing: border-box; }
body { margin:0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--ink); background:var(--bg); }
main { max-width: 1100px; margin: 0 auto; padding: 24px 16px 48px; }
h1 { font-size: 1.6rem; margin: 0 0 4px; }
h2 { font-size: 1.2rem; margin: 32px 0 12px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 1rem; margin: 0 0 6px; }
.muted { color: var(--muted); font-size: .9rem; }
.board { display: grid; grid-template-columns: repeat(auto-fit, minmax(240px, 1fr)); gap: 16px; }
.column > h3 { text-transform: uppercase; letter-spacing: .05em; font-size: .85rem; color: var(--muted); }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 12px; margin-bottom: 12px; break-inside: avoid; }
.card p { margin: 6px 0; }
.badge { display: inline-block; font-size: .75rem; padding: 1px 8px; border-radius: 999px; color: #fff; background: var(--open); }
.badge.active { background: var(--active); } .badge.closed { background: var(--done); } .badge.abandoned { background: var(--dropped); }
.bar { height: 8px; background: var(--line); border-radius: 4px; overflow: hidden; margin-top: 6px; }
.bar > span { display: block; height: 100%; background: var(--done); }
svg { width: 100%; height: auto; display: block; }
svg text { font: 12px system-ui, sans-serif; fill: var(--ink); }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
.scroll { overflow-x: auto; }
@media print { body { font-size: 11pt; } main { max-width: none; padding: 0; } .card { border-color: #999; } a { color: inherit; } }
"#;

fn category_class(item: &Item) -> &'static str {
    match item.category {
        Some(Category::Active) => "active",
        Some(Category::Closed) if crate::model::Statuses::is_abandoned(&item.status) => "abandoned",
        Some(Category::Closed) => "closed",
        _ => "open",
    }
}

fn color_of(item: &Item) -> &'static str {
    match category_class(item) {
        "active" => "#d97706",
        "closed" => "#2f855a",
        "abandoned" => "#c53030",
        _ => "#9aa5b1",
    }
}

fn progress_bar(p: Progress) -> Markup {
    let pct = (p.ratio() * 100.0).round();
    html! {
        div class="bar" role="img" aria-label=(format!("{} of {} backlog items closed", p.closed, p.total)) {
            span style=(format!("width:{pct}%")) {}
        }
        div class="muted" { (p.closed) " of " (p.total) " backlog items closed" }
    }
}

fn page(title: &str, subtitle: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                style { (PreEscaped(CSS)) }
            }
            body {
                main {
                    h1 { (title) }
                    p class="muted" { (subtitle) }
                    (body)
                }
            }
        }
    }
}

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
                text x="0" y=(y + 17.0) { (truncate(&row.item.title, 34)) }
                rect x=(x(*start)) y=(y) width=((x(*end) - x(*start)).max(3.0)) height=(row_h - 8.0) rx="4" fill=(color_of(row.item)) {
                    title { (row.item.title) " — " (row.item.status) ", " (row.item.start.map(|p| p.to_string()).unwrap_or_default()) " → " (row.item.target.map(|p| p.to_string()).unwrap_or_default()) }
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
                    (r.item.title)
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
            h3 { (i.title) }
            span class=(format!("badge {}", category_class(i))) { (i.status) }
            @if let Some(t) = i.target { " " span class="muted" { "target " (t.to_string()) } }
            @if let Some(o) = &i.owner { p class="muted" { "Owner: " (o) } }
            @if let Some(o) = &i.outcome { p { (o) } }
            (progress_bar(row.progress))
        }
    }
}

/// The stakeholder page: roadmap only, never backlog item titles or details.
pub fn export_page(plan: &Plan, generated: &str) -> String {
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
fn burnup(r: &crate::analyse::report::InitiativeReport) -> Markup {
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
        svg viewBox=(format!("0 0 {w} {h}")) role="img" aria-label=(format!("Burn-up of {}", r.title)) {
            line x1="0" x2=(w) y1="1" y2="1" stroke="#9aa5b1" stroke-dasharray="4 4" {}
            polyline points=(points.join(" ")) fill="none" stroke="#2f855a" stroke-width="2" {}
        }
    }
}

/// The page of `cairn report --format html`.
pub fn report_page(report: &Report) -> String {
    let ct = &report.cycle_time_days;
    let fmt = |v: Option<f64>| v.map_or("–".to_string(), |v| format!("{v:.1}"));
    let body = html! {
        h2 { "Progress" }
        div class="board" {
            @for i in &report.initiatives {
                div class="card" {
                    h3 { (i.title) }
                    span class="muted" { (i.status) @if let Some(t) = &i.target { " · target " (t) } }
                    (progress_bar(Progress { closed: i.closed, total: i.total }))
                    p class="muted" { (crate::render::columns::points(i.points_done)) " of " (crate::render::columns::points(i.points_total)) " points done"
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
                    tbody { @for s in &report.stale { tr { td { (s.id) } td { (s.title) } td { (s.status) } td { (s.days) } td { (s.last_change) } } } }
                }
            }
        }
    };
    page("Plan report", &format!("As of {} · history since {}", report.as_of, report.since), body).into_string()
}
