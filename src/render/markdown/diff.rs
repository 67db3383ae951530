//! `cairn diff --format markdown`: the plan change as a pull-request comment, in SPEC §3.1's
//! order: what was compared, a one-line summary, the problems the change introduces and the
//! roadmap impact (never collapsed), then each item's details (collapsed when long).

use std::io::{self, Write};

use super::{Markdown, md_line};
use crate::analyse::diff::{ChangeKind, ItemChange, PlanDiff, Problem};
use crate::model::{Kind, Severity};
use crate::render::Render;
use crate::render::escape::{markdown_code, markdown_inline, markdown_message};
use crate::render::words::{
    Line, count, detail_lines, header_line, impact_lines, initiative_name, pm_summary, summary,
};

/// Details longer than this many lines are collapsed.
const DETAILS_OPEN: usize = 30;

impl Render<PlanDiff> for Markdown {
    fn render(&self, d: &PlanDiff, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(markdown(d).as_bytes())
    }
}

fn problem(p: &Problem, as_text: bool) -> String {
    // A message's `code` marks as code spans, unless plan text may hold backticks of its own.
    let message = |m: &str| if as_text { markdown_inline(m) } else { markdown_message(m) };
    let mark = if p.severity == Severity::Error { "❌" } else { "⚠️" };
    let place = match p.line {
        Some(line) => format!("{}:{line}", p.file),
        None => p.file.clone(),
    };
    let mut s = format!(
        "- {mark} **{}** {} in {}: {}",
        p.severity,
        markdown_code(p.rule.code()),
        markdown_code(&place),
        message(&p.message)
    );
    if let Some(help) = &p.help {
        s.push_str(&format!(" — {}", message(help)));
    }
    s.push('\n');
    s
}

fn item(c: &ItemChange) -> Vec<String> {
    let verb = match c.change {
        ChangeKind::Added if c.kind == Kind::Initiative => format!("new initiative ({})", markdown_inline(&c.status)),
        ChangeKind::Added => format!("added ({})", markdown_inline(&c.status)),
        ChangeKind::Removed => format!("removed (was {})", markdown_inline(&c.status)),
        ChangeKind::Modified if c.old_id.is_some() => "renumbered".to_string(),
        ChangeKind::Modified => "changed".into(),
    };
    let problems = match c.introduces.len() {
        0 => String::new(),
        n => format!(" — ⚠️ {}", count(n, "problem", "problems")),
    };
    let mut lines = vec![format!("- **{}** {} — {verb}{problems}", markdown_inline(&c.id), markdown_inline(&c.title))];
    for line in detail_lines(c) {
        lines.push(format!("  - {}", md_line(&line)));
    }
    lines
}

/// The details of the items shown: the roadmap's, then the backlog's grouped by initiative.
fn details(d: &PlanDiff, shown: &[&ItemChange]) -> Vec<String> {
    let mut out = Vec::new();
    let roadmap: Vec<&&ItemChange> = shown.iter().filter(|c| c.kind == Kind::Initiative).collect();
    if !roadmap.is_empty() {
        out.push("**Roadmap**\n".to_string());
        for c in roadmap {
            out.extend(item(c));
        }
        out.push(String::new());
    }
    let mut current: Option<Option<&str>> = None;
    for c in shown.iter().filter(|c| c.kind == Kind::Backlog) {
        if current != Some(c.initiative.as_deref()) {
            if current.is_some() {
                out.push(String::new());
            }
            current = Some(c.initiative.as_deref());
            let group =
                Line::new().words("Backlog: ").then(initiative_name(&d.initiative_titles, c.initiative.as_deref()));
            out.push(format!("**{}**\n", md_line(&group)));
        }
        out.extend(item(c));
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

fn markdown(d: &PlanDiff) -> String {
    let mut s = format!("### Plan changes: {}\n\n", markdown_code(&d.revisions.range));
    s.push_str(&format!("{}\n\n", md_line(&header_line(&d.revisions))));
    if d.changes.is_empty() {
        s.push_str("No changes to the plan.\n");
        return s;
    }
    s.push_str(&format!("**{}**\n", md_line(&pm_summary(d))));
    if !d.problems.is_empty() {
        s.push_str(&format!("\n#### Problems this change introduces ({})\n\n", d.problems.len()));
        for p in &d.problems {
            s.push_str(&problem(p, d.messages_as_text));
        }
    }
    if !d.impact.is_empty() {
        s.push_str("\n#### Roadmap impact\n\n");
        for i in &d.impact {
            let name = md_line(&initiative_name(&d.initiative_titles, Some(&i.id)));
            s.push_str(&format!("- **{name}**\n"));
            for line in impact_lines(i, &d.initiative_titles) {
                s.push_str(&format!("  - {}\n", md_line(&line)));
            }
        }
    }
    // Items listed only for a problem another change gives them are in the problems above.
    let shown: Vec<&ItemChange> = d.changes.iter().filter(|c| !c.only_problems()).collect();
    let lines = details(d, &shown);
    if lines.is_empty() {
        return s;
    }
    let shown: Vec<ItemChange> = shown.into_iter().cloned().collect();
    if lines.len() > DETAILS_OPEN {
        s.push_str(&format!("\n<details>\n<summary>Details: {}</summary>\n\n", summary(&shown)));
    } else {
        s.push_str(&format!("\n#### Details: {}\n\n", summary(&shown)));
    }
    for line in &lines {
        s.push_str(line);
        s.push('\n');
    }
    if lines.len() > DETAILS_OPEN {
        s.push_str("\n</details>\n");
    }
    s
}
