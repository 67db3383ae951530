//! Self-contained HTML pages built with maud (every piece of plan text is escaped by the
//! template engine): the stakeholder roadmap of `cairn export html` and the page of
//! `cairn report --format html`. Inline CSS and SVG only: no scripts, fonts or images from
//! the network; readable on a phone (no text under 11 px, wide charts scroll sideways); prints
//! well.

use maud::{DOCTYPE, Markup, PreEscaped, html};

mod charts;
mod export;
mod report;
mod timeline;

use crate::analyse::views::Progress;
use crate::model::{Category, Health, HealthState, Item};
use crate::render::escape::html_visible as v;

/// The HTML medium: one self-contained page.
#[derive(Debug, Clone, Copy)]
pub struct Html;

const CSS: &str = r#"
:root { --ink:#1f2933; --muted:#52606d; --line:#d9e2ec; --bg:#ffffff; --card:#f5f7fa;
  --open:#7b8794; --active:#2563eb; --done:#2f855a; --dropped:#9aa5b1;
  --off:#c53030; --risk:#975a16; --on:#2f855a; --unknown:#616e7c; }
* { box-sizing: border-box; }
body { margin:0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--ink); background:var(--bg); }
main { max-width: 1100px; margin: 0 auto; padding: 24px 16px 48px; }
h1 { font-size: 1.6rem; margin: 0 0 4px; overflow-wrap: anywhere; }
h2 { font-size: 1.2rem; margin: 32px 0 12px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 1rem; margin: 0 0 6px; overflow-wrap: anywhere; }
.muted { color: var(--muted); font-size: .9rem; }
.board { display: grid; grid-template-columns: repeat(auto-fit, minmax(240px, 1fr)); gap: 16px; }
.column > h3 { text-transform: uppercase; letter-spacing: .05em; font-size: .85rem; color: var(--muted); }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 12px; margin-bottom: 12px; break-inside: avoid; }
.card p { margin: 6px 0; overflow-wrap: anywhere; }
.badge, .hb { display: inline-block; font-size: .8rem; line-height: 1.5; padding: 0 8px; border-radius: 999px; color: #fff; background: var(--open); white-space: nowrap; }
.badge.active { background: var(--active); } .badge.closed { background: var(--done); } .badge.abandoned { background: var(--dropped); color: var(--ink); }
.hb { font-weight: 600; }
.hb.off-track { background: var(--off); } .hb.at-risk { background: var(--risk); } .hb.on-track { background: var(--on); }
.hb.unknown { background: var(--unknown); } .hb.done { background: var(--done); } .hb.dropped { background: var(--dropped); color: var(--ink); }
.why { color: var(--muted); font-size: .85rem; }
.flag { color: var(--off); font-weight: 600; font-size: .85rem; white-space: nowrap; }
.bar { display: flex; height: 8px; background: var(--line); border-radius: 4px; overflow: hidden; margin-top: 6px; }
.bar > .d { background: var(--done); } .bar > .x { background: var(--dropped); }
svg { display: block; }
svg text { font: 12px system-ui, sans-serif; fill: var(--ink); }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
.scroll { overflow-x: auto; }
.summary { border: 1px solid var(--line); border-left: 6px solid var(--off); border-radius: 8px; padding: 12px 16px; margin-top: 20px; background: #fff8f8; }
.summary.calm { border-left-color: var(--on); background: #f4fbf6; }
.summary h2 { margin: 0 0 8px; border: 0; padding: 0; }
.summary ul { margin: 8px 0 0; padding-left: 0; list-style: none; }
.summary li { margin: 6px 0; overflow-wrap: anywhere; }
.counts { display: flex; flex-wrap: wrap; gap: 6px; margin: 0; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 16px; list-style: none; margin: 0 0 12px; padding: 0; font-size: .85rem; color: var(--muted); }
.sw { display: inline-block; width: 18px; height: 10px; border-radius: 3px; margin-right: 5px; vertical-align: -1px; }
.sw.open { background: #fff; border: 1.5px solid var(--open); } .sw.active { background: var(--active); } .sw.closed { background: var(--done); }
.sw.abandoned { background: #e4e7eb; border: 1.5px dashed var(--dropped); } .sw.overdue { background: #f3c4c4; border: 1.5px dashed var(--off); height: 8px; }
.sw.today { width: 0; height: 14px; border-left: 2px dashed var(--off); border-radius: 0; }
.timeline { display: grid; grid-template-columns: minmax(0, 240px) minmax(0, 1fr); align-items: start; }
.tl-names { list-style: none; margin: 0; padding: 56px 10px 0 0; font-size: .9rem; }
.tl-names li { height: 32px; display: flex; align-items: center; gap: 5px; overflow: hidden; }
.tl-title { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.tl-names .hb { font-size: .75rem; padding: 0 5px; flex: none; }
.tl-chart { overflow-x: auto; min-width: 0; }
.done-list .card h3 { display: inline; margin-right: 6px; }
figure { margin: 0 0 16px; min-width: 0; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 8px 16px; margin-top: 8px; }
svg text.axis-title { fill: var(--muted); }
figcaption { color: var(--muted); font-size: .85rem; margin-top: 4px; }
@media (max-width: 600px) { main { padding: 16px 12px 40px; } .timeline { grid-template-columns: 150px minmax(0, 1fr); }
  .tl-names { font-size: 12px; padding-right: 6px; } .tl-title { white-space: normal; line-height: 14px; max-height: 28px; display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow-wrap: break-word; } }
@media print { body { font-size: 11pt; } main { max-width: none; padding: 0; } .card { border-color: #999; } a { color: inherit; } .tl-chart { overflow: visible; } }
"#;

fn category_class(item: &Item) -> &'static str {
    match item.category {
        Some(Category::Active) => "active",
        Some(Category::Closed) => "closed",
        Some(Category::Abandoned) => "abandoned",
        _ => "open",
    }
}

/// A health badge: symbol and word (never colour alone), the reason as its tooltip.
fn health_badge(h: &Health) -> Markup {
    html! {
        span class=(format!("hb {}", h.state.as_str())) title=(v(&h.reason)) { (h.state.symbol()) " " (h.state.as_str()) }
    }
}

/// The health's symbol only, for tight places; the word and reason are its tooltip.
fn health_mark(h: &Health) -> Markup {
    html! {
        span class=(format!("hb {}", h.state.as_str())) title=(format!("{}: {}", h.state.as_str(), v(&h.reason))) { (h.state.symbol()) }
    }
}

/// Whether an initiative is past its target while still open: the target ended before `today`.
fn overdue(item: &Item, today: jiff::civil::Date) -> bool {
    !item.is_finished() && item.target.is_some_and(|t| t.end() < today)
}

/// Counts of each health state, most alarming first, zero counts left out.
fn health_counts<'h>(healths: impl Iterator<Item = &'h Health>) -> Vec<(HealthState, usize)> {
    let mut counts = [0usize; 6];
    for h in healths {
        if let Some(n) = HealthState::ALL.iter().position(|s| *s == h.state) {
            counts[n] += 1;
        }
    }
    HealthState::ALL.iter().copied().zip(counts).filter(|(_, n)| *n > 0).collect()
}

fn progress_bar(p: Progress) -> Markup {
    let pct = |n: usize| if p.total == 0 { 0.0 } else { (n as f64 * 1000.0 / p.total as f64).round() / 10.0 };
    html! {
        div class="bar" role="img" aria-label=(format!("{} backlog items", p.text())) {
            span class="d" style=(format!("width:{}%", pct(p.done))) {}
            span class="x" style=(format!("width:{}%", pct(p.abandoned))) {}
        }
        div class="muted" { (p.text()) " backlog items" }
    }
}

/// The page around `body`. `title` is shown as written (controls made visible).
fn page(title: &str, subtitle: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (v(title)) }
                style { (PreEscaped(CSS)) }
            }
            body {
                main {
                    h1 { (v(title)) }
                    p class="muted" { (subtitle) }
                    (body)
                }
            }
        }
    }
}
