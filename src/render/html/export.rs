//! `cairn export html`: the stakeholder page, roadmap only (never backlog detail). From the
//! top: what is at risk and why, the timeline with its legend, the Now/Next/Later board of
//! open work, and what was recently closed.

use std::io::{self, Write};

use jiff::civil::Date;
use maud::{Markup, html};

use super::timeline::timeline;
use super::{Html, category_class, health_badge, health_counts, overdue, page, progress_bar};
use crate::analyse::views::RoadmapRow;
use crate::render::escape::html_visible as v;
use crate::render::{Export, Render};

/// The page's opening: how many initiatives are in each health state, and every off-track
/// or at-risk one with its reason.
fn summary(rows: &[RoadmapRow<'_>]) -> Markup {
    let counts = health_counts(rows.iter().filter_map(|r| r.health.as_ref()));
    let mut risky: Vec<&RoadmapRow<'_>> =
        rows.iter().filter(|r| r.health.as_ref().is_some_and(|h| h.state.needs_attention())).collect();
    risky.sort_by_key(|r| r.health.as_ref().map(|h| h.state));
    let calm = risky.is_empty();
    html! {
        section class=(if calm { "summary calm" } else { "summary" }) aria-label="At risk" {
            h2 { "At risk" }
            p class="counts" {
                @for (state, n) in &counts {
                    span class=(format!("hb {}", state.as_str())) { (state.symbol()) " " (n) " " (state.as_str()) }
                }
            }
            @if calm {
                p { "Nothing is off track or at risk." }
            } @else {
                ul {
                    @for r in &risky {
                        @if let Some(h) = &r.health {
                            li {
                                (health_badge(h)) " " strong { (v(&r.item.title)) }
                                @if let Some(t) = r.item.target { " · target " (t.to_string()) }
                                br;
                                span class="why" { (v(&h.reason)) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// An open initiative on the board.
fn card(row: &RoadmapRow<'_>, today: Date) -> Markup {
    let i = row.item;
    html! {
        div class="card" {
            h3 { (v(&i.title)) }
            span class=(format!("badge {}", category_class(i))) { (v(&i.status)) }
            " "
            @if let Some(h) = &row.health { (health_badge(h)) }
            @if let Some(t) = i.target { " " span class="muted" { "target " (t.to_string()) } }
            @if overdue(i, today) {
                " " span class="flag" { "⚑ overdue" }
            }
            @if let Some(h) = &row.health { p class="why" { (v(&h.reason)) } }
            @if let Some(o) = &i.owner { p class="muted" { "Owner: " (v(o)) } }
            @if let Some(o) = &i.outcome { p { (v(o)) } }
            (progress_bar(row.progress))
        }
    }
}

/// A closed initiative in "Recently done".
fn done_card(row: &RoadmapRow<'_>) -> Markup {
    let i = row.item;
    html! {
        div class="card" {
            h3 { (v(&i.title)) }
            span class=(format!("badge {}", category_class(i))) { (v(&i.status)) }
            @if let Some(t) = i.target { " " span class="muted" { "target " (t.to_string()) } }
            @if let Some(o) = &i.outcome { p { (v(o)) } }
            p class="muted" { (row.progress.text()) " backlog items" }
        }
    }
}

/// The stakeholder page: roadmap only, never backlog item titles or details.
impl Render<Export<'_>> for Html {
    fn render(&self, doc: &Export<'_>, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(export_page(doc).as_bytes())
    }
}

fn export_page(doc: &Export<'_>) -> String {
    let rows = doc.rows;
    let today = doc.today;
    let (closed, open): (Vec<&RoadmapRow<'_>>, Vec<&RoadmapRow<'_>>) = rows.iter().partition(|r| r.item.is_finished());
    // Most recent target first; closed initiatives without one last.
    let mut closed = closed;
    closed.sort_by_key(|r| std::cmp::Reverse(r.item.target.map(|t| t.end())));
    let columns: [(&str, Option<&str>); 4] =
        [("Now", Some("now")), ("Next", Some("next")), ("Later", Some("later")), ("No horizon", None)];
    let known = |h: Option<&str>| matches!(h, Some("now" | "next" | "later"));
    let body = html! {
        (summary(rows))
        h2 { "Timeline" }
        (timeline(rows, today))
        h2 { "Now, next, later" }
        div class="board" {
            @for (name, horizon) in columns {
                @let in_column: Vec<&&RoadmapRow<'_>> = open.iter().filter(|r| match horizon {
                    Some(h) => r.item.horizon.as_deref() == Some(h),
                    None => !known(r.item.horizon.as_deref()),
                }).collect();
                @if horizon.is_some() || !in_column.is_empty() {
                    section class="column" {
                        h3 { (name) }
                        @if in_column.is_empty() { p class="muted" { "Nothing here." } }
                        @for r in in_column { (card(r, today)) }
                    }
                }
            }
        }
        @if !closed.is_empty() {
            section class="done-list" {
                h2 { "Recently done" }
                div class="board" {
                    @for r in &closed { (done_card(r)) }
                }
            }
        }
    };
    let attention = rows.iter().filter(|r| r.health.as_ref().is_some_and(|h| h.state.needs_attention())).count();
    let open_n = rows.iter().filter(|r| !r.item.is_finished()).count();
    let subtitle = format!(
        "{} ({open_n} open, {attention} needing attention) · as of {today}",
        crate::render::plural(rows.len(), "initiative")
    );
    page(doc.title, &subtitle, body).into_string()
}
