//! `cairn report` for people (terminal, Markdown) and as JSON.

use std::io::{self, Write};

use super::columns::points;
use super::terminal::Styles;
use crate::analyse::report::{Forecast, Report};

fn forecast_text(f: &Option<Forecast>) -> String {
    match f {
        None => "closed".into(),
        Some(Forecast { p50: Some(a), p85: Some(b), .. }) => format!("{a} / {b}"),
        Some(f) => format!("none ({})", f.reason.clone().unwrap_or_default()),
    }
}

fn slips_text(slips: usize, days: i64) -> String {
    if slips == 0 { "0".into() } else { format!("{slips} (+{days} days)") }
}

fn fmt(v: Option<f64>) -> String {
    v.map_or("–".into(), |v| format!("{v:.1}"))
}

pub fn human(r: &Report, styles: Styles, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{}", styles.bold(&format!("Plan report as of {} (history since {})", r.as_of, r.since)))?;
    writeln!(out)?;
    writeln!(out, "{}", styles.bold("Progress"))?;
    let w = r.initiatives.iter().map(|i| i.id.chars().count()).max().unwrap_or(2).max(2);
    for i in &r.initiatives {
        writeln!(
            out,
            "  {:<w$}  {:>3}/{:<3} {}  points {}/{}  target {}  slips {}  forecast p50/p85 {}",
            i.id,
            i.closed,
            i.total,
            crate::analyse::views::Progress { closed: i.closed, total: i.total }.bar(10),
            points(i.points_done),
            points(i.points_total),
            i.target.as_deref().unwrap_or("–"),
            slips_text(i.slips, i.slip_days),
            forecast_text(&i.forecast),
        )?;
    }
    writeln!(out)?;
    writeln!(out, "{}", styles.bold("Throughput (backlog items done per week)"))?;
    let max = r.throughput.iter().map(|t| t.done).max().unwrap_or(0).max(1);
    for t in &r.throughput {
        let bar = "█".repeat((t.done * 30).div_ceil(max));
        writeln!(out, "  {}  {:>3} {bar}", t.week, t.done)?;
    }
    writeln!(out)?;
    let ct = &r.cycle_time_days;
    writeln!(
        out,
        "{} {} items, median {} days, 85th percentile {} days",
        styles.bold("Cycle time:"),
        ct.count,
        fmt(ct.median),
        fmt(ct.p85)
    )?;
    writeln!(out)?;
    writeln!(out, "{}", styles.bold(&format!("Stale (active, unchanged for {}+ days)", r.stale_after_days)))?;
    if r.stale.is_empty() {
        writeln!(out, "  none")?;
    }
    for s in &r.stale {
        writeln!(out, "  {}  {} ({}), {} days since {}", s.id, s.title, s.status, s.days, s.last_change)?;
    }
    Ok(())
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

pub fn markdown(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "## Plan report as of {}\n\nHistory since {}.\n", r.as_of, r.since)?;
    writeln!(out, "### Progress\n")?;
    writeln!(out, "| initiative | status | target | closed | points done | slips | forecast (p50 / p85) |")?;
    writeln!(out, "|---|---|---|---|---|---|---|")?;
    for i in &r.initiatives {
        writeln!(
            out,
            "| {} (`{}`) | {} | {} | {}/{} | {}/{} | {} | {} |",
            cell(&i.title),
            i.id,
            i.status,
            i.target.as_deref().unwrap_or("–"),
            i.closed,
            i.total,
            points(i.points_done),
            points(i.points_total),
            slips_text(i.slips, i.slip_days),
            cell(&forecast_text(&i.forecast))
        )?;
    }
    writeln!(out, "\n### Throughput\n\n| week | done |\n|---|---|")?;
    for t in &r.throughput {
        writeln!(out, "| {} | {} |", t.week, t.done)?;
    }
    let ct = &r.cycle_time_days;
    writeln!(
        out,
        "\n### Cycle time\n\n{} items; median {} days; 85th percentile {} days.\n",
        ct.count,
        fmt(ct.median),
        fmt(ct.p85)
    )?;
    writeln!(out, "### Stale\n")?;
    if r.stale.is_empty() {
        writeln!(out, "No active item has gone {} days without a change.", r.stale_after_days)?;
    } else {
        writeln!(out, "| id | title | status | days | last change |\n|---|---|---|---|---|")?;
        for s in &r.stale {
            writeln!(out, "| {} | {} | {} | {} | {} |", s.id, cell(&s.title), s.status, s.days, s.last_change)?;
        }
    }
    Ok(())
}

pub fn json(r: &Report, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, r)?;
    writeln!(out)
}
