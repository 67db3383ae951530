//! `cairn report` for people: initiatives by title (and id), aligned columns that fit 100 columns,
//! each initiative's health and why, and quiet weeks folded.

use std::io::{self, Write};

use super::{Styles, Terminal};
use crate::analyse::report::{Forecast, InitiativeReport, Report};
use crate::model::points;
use crate::render::Render;
use crate::render::escape::terminal_line as esc;
use crate::render::words::{days, forecast_words, slips_text, week_runs, wrap};

/// The report's width: lines never run past it.
const WIDTH: usize = 100;

impl Render<Report> for Terminal {
    fn render(&self, r: &Report, out: &mut dyn Write) -> io::Result<()> {
        human(r, self.styles, out)
    }
}

/// Characters a cell takes (plan text is escaped first, so one char is one column).
fn len(s: &str) -> usize {
    s.chars().count()
}

/// `s` cut to `n` characters, with `…` when cut.
fn fit(s: &str, n: usize) -> String {
    if len(s) <= n { s.to_string() } else { format!("{}…", s.chars().take(n.saturating_sub(1)).collect::<String>()) }
}

/// The cells of one initiative after its name: health, progress, points, target, slips.
fn cells(i: &InitiativeReport) -> [String; 5] {
    [
        i.health.as_ref().map(|h| h.state.label()).unwrap_or_default(),
        i.progress().text(),
        format!("{}/{}", points(i.points_done), points(i.points_total)),
        esc(i.target.as_deref().unwrap_or("–")).to_string(),
        slips_text(i.slips, i.slip_days),
    ]
}

fn progress_section(r: &Report, styles: Styles, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{}", styles.bold("Progress"))?;
    if r.initiatives.is_empty() {
        return writeln!(out, "  no initiatives");
    }
    const HEADER: [&str; 5] = ["health", "progress", "points", "target", "slips"];
    let rows: Vec<[String; 5]> = r.initiatives.iter().map(cells).collect();
    let widths: Vec<usize> =
        (0..5).map(|c| rows.iter().map(|row| len(&row[c])).chain([len(HEADER[c])]).max().unwrap_or(0)).collect();
    // The name gets what the other columns leave of the width (two spaces between columns).
    let others: usize = widths.iter().map(|w| w + 2).sum();
    let longest = r.initiatives.iter().map(|i| len(&esc(&i.title))).max().unwrap_or(0);
    let name_w = longest.min(WIDTH.saturating_sub(2 + others)).max(16);
    let line = |first: &str, rest: &[String]| {
        let mut s = format!("  {first:<name_w$}");
        for (c, cell) in rest.iter().enumerate() {
            let w = widths[c];
            // Numbers read best right-aligned.
            if c == 2 { s.push_str(&format!("  {cell:>w$}")) } else { s.push_str(&format!("  {cell:<w$}")) }
        }
        s.trim_end().to_string()
    };
    writeln!(out, "{}", line("initiative", &HEADER.map(String::from)))?;
    for (i, row) in r.initiatives.iter().zip(&rows) {
        writeln!(out, "{}", line(&fit(&esc(&i.title), name_w), row))?;
        // Below the title: its id, why it has its health, and the forecast's dates the
        // reason does not already name.
        let reason = i.health.as_ref().map(|h| esc(&h.reason).to_string()).unwrap_or_default();
        let mut why = vec![esc(&i.id).to_string()];
        match &i.forecast {
            Some(Forecast { p50: Some(a), p85: Some(b), .. }) => {
                why.push(reason.clone());
                let missing: Vec<String> = [("50%", a), ("85%", b)]
                    .into_iter()
                    .filter(|(_, d)| !reason.contains(d.as_str()))
                    .map(|(p, d)| format!("{p} by {d}"))
                    .collect();
                if !missing.is_empty() {
                    why.push(format!("forecast {}", missing.join(", ")));
                }
            }
            Some(f) if !reason.contains("forecast") => {
                why.push(reason.clone());
                why.push(format!("forecast {}", forecast_words(&Some(f.clone()))));
            }
            _ => why.push(reason.clone()),
        }
        why.retain(|w| !w.is_empty());
        for l in wrap(&why.join(" · "), 4, WIDTH) {
            writeln!(out, "{l}")?;
        }
    }
    Ok(())
}

fn human(r: &Report, styles: Styles, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{}", styles.bold(&format!("Plan report as of {} (history since {})", r.as_of, r.since)))?;
    writeln!(out)?;
    progress_section(r, styles, out)?;
    writeln!(out)?;
    writeln!(out, "{}", styles.bold("Throughput (backlog items done per week)"))?;
    let runs = week_runs(&r.throughput);
    let max = r.throughput.iter().map(|t| t.done).max().unwrap_or(0).max(1);
    let w = runs.iter().map(|run| len(&run.label())).max().unwrap_or(8);
    for run in &runs {
        let bar = "█".repeat((run.done * 30).div_ceil(max));
        let label = run.label();
        let line = if run.weeks > 1 {
            format!("  {label:<w$}  {:>3} ({} weeks without a done item)", run.done, run.weeks)
        } else {
            format!("  {label:<w$}  {:>3} {bar}", run.done)
        };
        writeln!(out, "{}", line.trim_end())?;
    }
    writeln!(out)?;
    let ct = &r.cycle_time_days;
    writeln!(
        out,
        "{} {}, median {} days, 85th percentile {} days",
        styles.bold("Cycle time:"),
        crate::render::plural(ct.count, "item"),
        days(ct.median),
        days(ct.p85)
    )?;
    writeln!(out)?;
    writeln!(out, "{}", styles.bold(&format!("Stale (active, unchanged for {}+ days)", r.stale_after_days)))?;
    if r.stale.is_empty() {
        writeln!(out, "  none")?;
    }
    for s in &r.stale {
        let text =
            format!("{}  {} ({}), {} days since {}", esc(&s.id), esc(&s.title), esc(&s.status), s.days, s.last_change);
        for l in wrap(&text, 2, WIDTH) {
            writeln!(out, "{l}")?;
        }
    }
    Ok(())
}
