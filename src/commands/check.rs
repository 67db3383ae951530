//! `cairn check`: validate the plan and report every finding.

use std::io::Write;

use super::Outcome;
use crate::analyse::rules;
use crate::cli::{CheckArgs, GlobalArgs};
use crate::error::{CairnError, Result};
use crate::load;
use crate::render::{self, CHECK_FORMATS, CheckContext};

pub fn run(global: &GlobalArgs, args: &CheckArgs, out: &mut dyn Write) -> Result<Outcome> {
    let format = super::format(global, "check", CHECK_FORMATS, "human")?;
    let today = super::today()?;
    let loaded = load::load(global.root.as_deref(), global.rev.as_deref())?;
    let (stale, note) = stale_findings(&loaded, global.rev.as_deref(), today);
    let mut report = rules::check_with(&loaded.plan, today, stale);
    report.notes.extend(note);

    let path_prefix = match format {
        // Annotations and code scanning want paths from the repository root.
        "github" | "sarif" | "gitlab" | "junit" => loaded.repo_path.clone().unwrap_or_default(),
        _ => shown_prefix(&loaded),
    };
    let ctx =
        CheckContext { plan: &loaded.plan, path_prefix, color: super::use_color(global.color), quiet: global.quiet };
    let renderer =
        render::check_renderer(format).ok_or_else(|| CairnError::usage(format!("unknown format `{format}`"), None))?;
    renderer.render(&report, &ctx, out).map_err(|e| CairnError::io("write", "standard output", e))?;
    if format == "github"
        && let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty())
    {
        append(std::path::Path::new(&path), &render::step_summary(&report, &ctx))?;
    }

    let deny_warnings = args.deny.as_deref() == Some("warnings");
    if report.errors() > 0 || (deny_warnings && report.warnings() > 0) {
        Ok(Outcome::Failed)
    } else {
        Ok(Outcome::Success)
    }
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

/// Appends to a file (the GitHub job summary), creating it if needed.
fn append(path: &std::path::Path, text: &str) -> Result<()> {
    use std::io::Write as _;
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(|e| CairnError::io("open", path, e))?;
    f.write_all(text.as_bytes()).map_err(|e| CairnError::io("write", path, e))
}

/// `backlog/stale` needs git: the last commit that touched each active item's file (an
/// uncommitted change counts as today). Without usable history the rule is skipped with a
/// note, never a warning.
fn stale_findings(
    loaded: &load::Loaded,
    rev: Option<&str>,
    today: jiff::civil::Date,
) -> (Vec<crate::model::diagnostic::Diagnostic>, Option<String>) {
    use crate::model::diagnostic::{Rule, Severity};
    use crate::model::{Category, Kind};
    let plan = &loaded.plan;
    if plan.config.severity(Rule::BacklogStale) == Severity::Off {
        return (Vec::new(), None);
    }
    let active: Vec<&crate::model::Item> =
        plan.items.iter().filter(|i| i.kind == Kind::Backlog && i.category == Some(Category::Active)).collect();
    if active.is_empty() {
        return (Vec::new(), None);
    }
    let Ok(repo) = git2::Repository::discover(&loaded.root) else {
        return (Vec::new(), Some("backlog/stale skipped: the plan is not in a git repository".into()));
    };
    if repo.head().is_err() {
        return (Vec::new(), Some("backlog/stale skipped: the repository has no commits yet".into()));
    }
    let prefix = loaded.repo_path.clone().unwrap_or_default();
    let mut engine =
        match crate::analyse::history::Engine::new(&repo, prefix.trim_end_matches('/'), plan.config.clone()) {
            Ok(e) => e,
            Err(_) => {
                return (
                    Vec::new(),
                    Some(
                        "backlog/stale skipped: the clone is shallow (fetch with `fetch-depth: 0` to check staleness)"
                            .into(),
                    ),
                );
            }
        };
    let wanted: std::collections::HashSet<String> = active.iter().map(|i| i.path.clone()).collect();
    let mut last = match engine.last_changes(rev.unwrap_or("HEAD"), &wanted) {
        Ok(found) => found,
        Err(e) => return (Vec::new(), Some(format!("backlog/stale skipped: {e}"))),
    };
    if rev.is_none() {
        for item in &active {
            let path = std::path::PathBuf::from(format!("{prefix}{}", item.path));
            let dirty = repo
                .status_file(&path)
                .is_ok_and(|s| !s.is_empty() && s != git2::Status::CURRENT && !s.contains(git2::Status::IGNORED));
            if dirty || !last.contains_key(&item.path) {
                // Uncommitted (or never committed) changes count as a change today.
                last.insert(item.path.clone(), today.to_string());
            }
        }
    }
    (rules::stale(plan, &last, today), None)
}
