//! `cairn new initiative TITLE` / `cairn new story TITLE --initiative ID`: write a new item
//! from a template, atomically, never over an existing file, with an id no branch uses.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use super::{Outcome, write_err};
use crate::cli::{GlobalArgs, NewArgs, NewCommon, NewKind};
use crate::error::{CairnError, Result};
use crate::load::yaml::quote_str;
use crate::load::{self, decode};
use crate::model::Config;
use crate::model::Links;
use crate::model::{self, HORIZONS, ITEM_TYPES, Kind, Period, Statuses};
use crate::suggest;
use crate::write::mint;
use crate::write::{WriteOutcome, write_new};

fn usage(message: String, help: impl Into<Option<String>>) -> CairnError {
    CairnError::usage(message, help.into())
}

/// Refuses values that would be unsafe in a file name or a one-line YAML value.
fn check_title(title: &str) -> Result<()> {
    if title.trim().is_empty() {
        return Err(usage(
            "the title is empty".into(),
            "give the item a short title, e.g. `cairn new story \"Design subscription UI\" --initiative subscriptions`"
                .to_string(),
        ));
    }
    if title.chars().any(char::is_control) {
        return Err(usage(
            "the title contains control characters".into(),
            "write the title on one line, without tabs or escape codes".to_string(),
        ));
    }
    if title.contains("../") || title.contains("..\\") || title.starts_with(['/', '\\']) {
        return Err(usage(
            format!("the title `{title}` looks like a path"),
            "a title names the work; the file name is derived from it".to_string(),
        ));
    }
    Ok(())
}

fn check_id(id: &str) -> Result<()> {
    if let Some(problem) = model::id_problem(id) {
        return Err(usage(
            format!("invalid id `{id}`: {problem}"),
            "use letters, digits, `-` and `_`, e.g. `--id S-12`".to_string(),
        ));
    }
    if id.contains("..") {
        return Err(usage(format!("invalid id `{id}`: an id cannot contain `..`"), None));
    }
    Ok(())
}

fn check_choice(what: &str, value: &str, allowed: &[&str]) -> Result<()> {
    if allowed.contains(&value) {
        return Ok(());
    }
    let hint =
        suggest::closest(value, allowed.iter().copied()).map_or(String::new(), |s| format!("did you mean `{s}`? "));
    Err(usage(format!("`{value}` is not an allowed {what}"), format!("{hint}use one of: {}", allowed.join(", "))))
}

/// A path relative to the current directory, for printing.
fn relative_to_cwd(path: &Path) -> PathBuf {
    let Ok(cwd) = std::env::current_dir().and_then(std::fs::canonicalize) else { return path.to_path_buf() };
    let target = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let (a, b): (Vec<Component<'_>>, Vec<Component<'_>>) = (cwd.components().collect(), target.components().collect());
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut rel = PathBuf::new();
    for _ in common..a.len() {
        rel.push("..");
    }
    for c in &b[common..] {
        rel.push(c.as_os_str());
    }
    rel
}

/// Front matter lines, built in field order.
struct FrontMatter(String);

impl FrontMatter {
    fn field(&mut self, key: &str, value: Option<String>) {
        if let Some(v) = value {
            self.0.push_str(&format!("{key}: {v}\n"));
        }
    }
    fn text(&mut self, key: &str, value: Option<&str>) {
        self.field(key, value.map(quote_str));
    }
    fn list(&mut self, key: &str, values: &[String]) {
        if !values.is_empty() {
            self.0.push_str(&format!("{key}:\n"));
            for v in values {
                self.0.push_str(&format!("  - {}\n", quote_str(v)));
            }
        }
    }
}

/// Every id in use: the working tree (archived and broken files included) and every branch tip.
fn used_ids(loaded: &load::Loaded) -> HashSet<String> {
    let mut ids: HashSet<String> = loaded.plan.ids().into_iter().map(String::from).collect();
    if let Ok(repo) = git2::Repository::discover(&loaded.root) {
        let path = loaded.repo_path.clone().unwrap_or_default();
        let path = path.trim_end_matches('/');
        ids.extend(mint::branch_ids(&repo, path, &loaded.plan.config));
    }
    ids
}

pub fn run(global: &GlobalArgs, args: &NewArgs, out: &mut dyn Write) -> Result<Outcome> {
    if global.rev.is_some() {
        return Err(usage("`cairn new` writes files and cannot be used with `--rev`".into(), None));
    }
    let loaded = load::load(global.root.as_deref(), None)?;
    let config: &Config = &loaded.plan.config;
    let common: &NewCommon = match &args.what {
        NewKind::Initiative(a) => &a.common,
        NewKind::Story(a) => &a.common,
    };
    let kind = match args.what {
        NewKind::Initiative(_) => Kind::Initiative,
        NewKind::Story(_) => Kind::Backlog,
    };
    check_title(&common.title)?;
    if let Some(id) = &common.id {
        check_id(id)?;
    }
    let statuses: Vec<&str> = config.statuses.names(kind).collect();
    let status = common.status.clone().unwrap_or_else(|| Statuses::default_status(kind).to_string());
    check_choice("status", &status, &statuses)?;
    for label in &common.labels {
        if label.trim().is_empty() || label.chars().any(char::is_control) {
            return Err(usage(format!("invalid label `{label}`"), None));
        }
    }
    let slug = mint::slug(&common.title);
    let used = used_ids(&loaded);
    let prefix = match kind {
        Kind::Initiative => &config.id_prefix.initiative,
        Kind::Backlog => &config.id_prefix.story,
    };
    let id = match (&common.id, kind) {
        (Some(id), _) => {
            if used.contains(id) {
                return Err(usage(
                    format!("id `{id}` is already taken"),
                    "choose another `--id`, or leave it out to get a fresh one".to_string(),
                ));
            }
            id.clone()
        }
        (None, Kind::Initiative) if prefix.is_empty() => {
            if slug.is_empty() {
                return Err(usage(
                    format!("the title `{}` gives no usable id", common.title),
                    "pass `--id`".to_string(),
                ));
            }
            if used.contains(&slug) {
                return Err(usage(format!("id `{slug}` is already taken"), "pass another `--id`".to_string()));
            }
            slug.clone()
        }
        (None, _) => mint::next_id(prefix, used.iter().map(String::as_str)),
    };

    let mut fm = FrontMatter(String::from("---\n"));
    fm.text("id", Some(&id));
    fm.text("title", Some(common.title.trim()));
    let mut body = String::new();
    let file_name = match &args.what {
        NewKind::Initiative(a) => {
            fm.text("status", Some(&status));
            if let Some(h) = &a.horizon {
                check_choice("horizon", h, HORIZONS)?;
            }
            fm.text("horizon", a.horizon.as_deref());
            for (key, value) in [("start", &a.start), ("target", &a.target)] {
                if let Some(v) = value {
                    let p =
                        Period::parse(v).map_err(|e| usage(e.to_string(), format!("use {}", model::PERIOD_FORMS)))?;
                    fm.text(key, Some(&p.to_string()));
                }
            }
            fm.field("priority", common.priority.map(|p| p.to_string()));
            fm.text("owner", a.owner.as_deref());
            fm.list("labels", &common.labels);
            body.push_str("\nWhy this initiative matters and where it is heading.\n");
            if slug.is_empty() || slug == id { format!("{id}.md") } else { format!("{slug}.md") }
        }
        NewKind::Story(a) => {
            check_choice("type", &a.item_type, ITEM_TYPES)?;
            let links = Links::new(&loaded.plan);
            if !links.get(&a.initiative).iter().any(|i| i.kind == Kind::Initiative) {
                let initiatives = links.ids_of(Kind::Initiative);
                let hint = suggest::closest(&a.initiative, initiatives.iter().copied()).map_or_else(
                    || format!("initiatives: {}", initiatives.join(", ")),
                    |s| format!("did you mean `{s}`?"),
                );
                return Err(usage(format!("no initiative with id `{}`", a.initiative), hint));
            }
            if let Some(e) = a.estimate
                && !(e.is_finite() && e >= 0.0)
            {
                return Err(usage(format!("estimate {e} must be a number of points of 0 or more"), None));
            }
            fm.text("type", Some(&a.item_type));
            fm.text("status", Some(&status));
            fm.text("initiative", Some(&a.initiative));
            fm.field("priority", common.priority.map(|p| p.to_string()));
            fm.field("estimate", a.estimate.map(crate::render::columns::points));
            fm.text("assignee", a.assignee.as_deref());
            fm.text("sprint", a.sprint.as_deref());
            fm.list("labels", &common.labels);
            body.push_str("\n## Acceptance criteria\n\n");
            if slug.is_empty() { format!("{id}.md") } else { format!("{id}-{slug}.md") }
        }
    };
    fm.0.push_str("---\n");
    let contents = fm.0 + &body;

    // The template must read back as the item it describes.
    let rel_path = format!("{}/{file_name}", config.dir(kind));
    let raw =
        load::RawFile { path: rel_path.clone(), kind, archived: false, content: Ok(contents.clone().into_bytes()) };
    let decoded = decode::decode(raw, config);
    let read_back = decoded.item.as_ref().map(|i| i.id.as_str());
    if read_back != Some(id.as_str())
        || decoded.diagnostics.iter().any(|d| d.rule == crate::model::diagnostic::Rule::ParseFrontMatter)
    {
        return Err(usage(
            format!("cannot write a valid file for `{}`", common.title),
            "report this as a bug".to_string(),
        ));
    }

    let dir = loaded.root.join(config.dir(kind));
    crate::write::create_dir(&dir)?;
    let path = dir.join(&file_name);
    match write_new(&path, contents.as_bytes())? {
        WriteOutcome::Created => {}
        WriteOutcome::Exists => {
            return Err(usage(
                format!("{} already exists; nothing was written", relative_to_cwd(&path).display()),
                "pass another `--id` or title".to_string(),
            ));
        }
    }
    writeln!(out, "{}", relative_to_cwd(&path).display()).map_err(write_err)?;
    Ok(Outcome::Success)
}
