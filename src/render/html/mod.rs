//! Self-contained HTML pages built with maud (every piece of plan text is escaped by the
//! template engine): the stakeholder roadmap of `cairn export html` and the page of
//! `cairn report --format html`. Inline CSS and SVG only: no scripts, fonts or images from
//! the network; readable on a phone; prints well.

use maud::{DOCTYPE, Markup, PreEscaped, html};

mod export;
mod report;

use crate::analyse::views::Progress;
use crate::model::{Category, Item};

/// The HTML medium: one self-contained page.
#[derive(Debug, Clone, Copy)]
pub struct Html;

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
        Some(Category::Closed) => "closed",
        Some(Category::Abandoned) => "abandoned",
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
