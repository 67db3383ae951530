//! `cairn report --format markdown`.

use std::io::{self, Write};

use super::Markdown;
use crate::analyse::report::Report;
use crate::model::points;
use crate::render::Render;
use crate::render::escape::{markdown_inline, markdown_table_code};
use crate::render::words::{days, forecast_text, slips_text, week_runs};

/// Plan text in a table cell, made inert.
fn cell(s: &str) -> String {
    markdown_inline(s)
}

impl Render<Report> for Markdown {
    fn render(&self, r: &Report, out: &mut dyn Write) -> io::Result<()> {
        markdown(r, out)
    }
}

fn markdown(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "## Plan report as of {}\n\nHistory since {}.\n", r.as_of, r.since)?;
    writeln!(out, "### Progress\n")?;
    writeln!(
        out,
        "| initiative | status | health | target | progress | points done | slips | forecast (p50 / p85) | why |"
    )?;
    writeln!(out, "|---|---|---|---|---|---|---|---|---|")?;
    for i in &r.initiatives {
        writeln!(
            out,
            "| {} ({}) | {} | {} | {} | {} | {}/{} | {} | {} | {} |",
            cell(&i.title),
            markdown_table_code(&i.id),
            cell(&i.status),
            i.health.as_ref().map(|h| h.state.label()).unwrap_or_default(),
            i.target.as_deref().unwrap_or("–"),
            i.progress().text(),
            points(i.points_done),
            points(i.points_total),
            slips_text(i.slips, i.slip_days),
            cell(&forecast_text(&i.forecast)),
            cell(i.health.as_ref().map_or("", |h| h.reason.as_str())),
        )?;
    }
    writeln!(out, "\n### Throughput\n\n| week | done |\n|---|---|")?;
    for run in week_runs(&r.throughput) {
        if run.weeks > 1 {
            writeln!(out, "| {} ({} weeks) | {} each |", run.label(), run.weeks, run.done)?;
        } else {
            writeln!(out, "| {} | {} |", run.label(), run.done)?;
        }
    }
    let ct = &r.cycle_time_days;
    writeln!(
        out,
        "\n### Cycle time\n\n{}; median {} days; 85th percentile {} days.\n",
        crate::render::plural(ct.count, "item"),
        days(ct.median),
        days(ct.p85)
    )?;
    writeln!(out, "### Stale\n")?;
    if r.stale.is_empty() {
        writeln!(out, "No active item has gone {} days without a change.", r.stale_after_days)?;
    } else {
        writeln!(out, "| id | title | status | days | last change |\n|---|---|---|---|---|")?;
        for s in &r.stale {
            writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                cell(&s.id),
                cell(&s.title),
                cell(&s.status),
                s.days,
                s.last_change
            )?;
        }
    }
    Ok(())
}
