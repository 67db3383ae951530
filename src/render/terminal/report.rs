//! `cairn report` for people.

use std::io::{self, Write};

use super::{Styles, Terminal};
use crate::analyse::report::Report;
use crate::model::points;
use crate::render::Render;
use crate::render::escape::terminal_line as esc;
use crate::render::words::{days, forecast_text, slips_text};

impl Render<Report> for Terminal {
    fn render(&self, r: &Report, out: &mut dyn Write) -> io::Result<()> {
        human(r, self.styles, out)
    }
}

fn human(r: &Report, styles: Styles, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{}", styles.bold(&format!("Plan report as of {} (history since {})", r.as_of, r.since)))?;
    writeln!(out)?;
    writeln!(out, "{}", styles.bold("Progress"))?;
    let w = r.initiatives.iter().map(|i| esc(&i.id).chars().count()).max().unwrap_or(2).max(2);
    for i in &r.initiatives {
        writeln!(
            out,
            "  {:<w$}  {:>3}/{:<3} {}  points {}/{}  target {}  slips {}  forecast p50/p85 {}",
            esc(&i.id),
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
        days(ct.median),
        days(ct.p85)
    )?;
    writeln!(out)?;
    writeln!(out, "{}", styles.bold(&format!("Stale (active, unchanged for {}+ days)", r.stale_after_days)))?;
    if r.stale.is_empty() {
        writeln!(out, "  none")?;
    }
    for s in &r.stale {
        writeln!(
            out,
            "  {}  {} ({}), {} days since {}",
            esc(&s.id),
            esc(&s.title),
            esc(&s.status),
            s.days,
            s.last_change
        )?;
    }
    Ok(())
}
