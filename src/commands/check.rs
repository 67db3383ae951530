//! `cairn check`: validate the plan and report every finding.

use std::io::Write;

use super::{Outcome, write_err};
use crate::analyse::{history, rules};
use crate::cli::{CheckArgs, CheckFormat, GlobalArgs, pick_format};
use crate::error::{CairnError, Result};
use crate::load;
use crate::render::{CheckOutput, Github, Gitlab, Json, Junit, Markdown, Render, Sarif};

pub fn run(global: &GlobalArgs, args: &CheckArgs, out: &mut dyn Write) -> Result<Outcome> {
    let format = pick_format(global, args.format, CheckFormat::Human, "check")?;
    let today = super::today()?;
    // Backlog bodies are never read by the rules: keep front matter only (a fraction of the
    // plan's bytes); the terminal shows findings in context, so it gets their files back.
    let mut loaded = load::load_with(global.root.as_deref(), global.rev.as_deref(), load::Texts::FrontMatter)?;
    let spinner = crate::render::progress::Spinner::new();
    let (stale, note) = history::stale_findings(&loaded, global.rev.as_deref(), today, &spinner);
    let mut report = rules::check_with(&loaded.plan, today, stale);
    report.notes.extend(loaded.notes.iter().cloned());
    report.notes.extend(note);

    if format == CheckFormat::Human {
        let files: std::collections::HashSet<&str> = report.diagnostics.iter().map(|d| d.file.as_str()).collect();
        load::restore_texts(&mut loaded, &files);
    }
    let path_prefix = match format {
        // Annotations and code scanning want paths from the repository root.
        CheckFormat::Github | CheckFormat::Sarif | CheckFormat::Gitlab | CheckFormat::Junit => {
            loaded.repo_path.clone().unwrap_or_default()
        }
        CheckFormat::Human | CheckFormat::Json => shown_prefix(&loaded),
    };
    let deny_warnings = args.deny.as_deref() == Some("warnings");
    let doc = CheckOutput { report: &report, plan: &loaded.plan, path_prefix, deny_warnings };
    let renderer: Box<dyn for<'c> Render<CheckOutput<'c>>> = match format {
        CheckFormat::Human => Box::new(super::terminal(global)),
        CheckFormat::Json => Box::new(Json),
        CheckFormat::Github => Box::new(Github),
        CheckFormat::Sarif => Box::new(Sarif),
        CheckFormat::Gitlab => Box::new(Gitlab),
        CheckFormat::Junit => Box::new(Junit),
    };
    renderer.render(&doc, out).map_err(write_err)?;
    if format == CheckFormat::Github
        && let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty())
    {
        let mut summary = Vec::new();
        Markdown { quiet: global.quiet }.render(&doc, &mut summary).map_err(write_err)?;
        append(std::path::Path::new(&path), &summary)?;
    }

    // Machine formats keep stdout to their document; the CI log still says why the run
    // failed (SPEC §8), as the human and github formats do in their closing line.
    if matches!(format, CheckFormat::Json | CheckFormat::Sarif | CheckFormat::Gitlab | CheckFormat::Junit)
        && let Some(verdict) = doc.verdict()
    {
        super::print_stderr_line(global, &verdict);
    }
    if doc.failed() { Ok(Outcome::Failed) } else { Ok(Outcome::Success) }
}

/// For people: paths relative to the current directory when the plan root is below it.
fn shown_prefix(loaded: &load::Loaded) -> String {
    let Ok(cwd) = std::env::current_dir() else {
        return String::new();
    };
    let root = std::fs::canonicalize(&loaded.root).unwrap_or_else(|_| loaded.root.clone());
    let cwd = std::fs::canonicalize(&cwd).unwrap_or(cwd);
    match root.strip_prefix(&cwd) {
        Ok(rel) if !rel.as_os_str().is_empty() => {
            let rel: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
            format!("{}/", rel.join("/"))
        }
        _ => String::new(),
    }
}

/// Appends to the GitHub job summary (`$GITHUB_STEP_SUMMARY`), creating it if needed; an
/// unusable path is an error that names the variable.
fn append(path: &std::path::Path, text: &[u8]) -> Result<()> {
    use std::io::Write as _;
    let fail = |e: std::io::Error| CairnError::Io {
        action: "append the job summary to",
        path: path.to_path_buf(),
        source: e,
        help: Some("GITHUB_STEP_SUMMARY must name a writable file; unset it to skip the job summary".into()),
    };
    let mut f = std::fs::OpenOptions::new().create(true).append(true).open(path).map_err(fail)?;
    f.write_all(text).map_err(fail)
}
