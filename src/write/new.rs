//! Creating a new item: the values are checked as `cairn check` would read them, the id is
//! fresh on every branch, the file is written from a template atomically and never over an
//! existing file. The data of `cairn new`.

use std::path::PathBuf;

use super::mint;
use std::path::Path;

use super::lock::MintLock;
use super::{WriteOutcome, plan_dir, write_new};
use crate::error::Result;
use crate::load::yaml::quote_str;
use crate::load::{self, decode};
use crate::model::{self, HORIZONS, Kind, Links, Period};
use crate::suggest;

use super::values::{check_choice, check_id, check_text, usage};

/// Fields of an initiative that a backlog item does not have.
#[derive(Debug, Clone, Default)]
pub struct InitiativeFields {
    pub horizon: Option<String>,
    pub start: Option<String>,
    pub target: Option<String>,
    pub owner: Option<String>,
}

/// Fields of a backlog item that an initiative does not have.
#[derive(Debug, Clone, Default)]
pub struct BacklogFields {
    pub initiative: String,
    pub item_type: String,
    pub estimate: Option<f64>,
    pub assignee: Option<String>,
    pub sprint: Option<String>,
}

/// Which kind of item to create, with its own fields.
#[derive(Debug, Clone)]
pub enum NewKind {
    Initiative(InitiativeFields),
    Backlog(BacklogFields),
}

/// Everything `cairn new` was asked for.
#[derive(Debug, Clone)]
pub struct NewItem {
    pub title: String,
    pub id: Option<String>,
    pub status: Option<String>,
    /// A number of 1 or more, or a word of `priorities:`.
    pub priority: Option<String>,
    pub labels: Vec<String>,
    pub kind: NewKind,
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
    check_text("title", title)?;
    if title.contains("../") || title.contains("..\\") || title.starts_with(['/', '\\']) {
        return Err(usage(
            format!("the title `{title}` looks like a path"),
            "a title names the work; the file name is derived from it".to_string(),
        ));
    }
    Ok(())
}

/// The priority as written in the file: a number of 1 or more, or (quoted as needed) a word
/// of the plan's `priorities:`.
fn priority_value(priority: &str, config: &model::Config) -> Result<String> {
    if let Ok(n) = priority.parse::<u64>() {
        if n >= 1 {
            return Ok(n.to_string());
        }
    } else if config.priority_rank(priority).is_some() {
        return Ok(quote_str(priority));
    }
    let words = config.priorities.iter().map(String::as_str);
    let hint = match suggest::closest(priority, words) {
        Some(s) => format!("did you mean `{s}`? "),
        None => String::new(),
    };
    let allowed = if config.priorities.is_empty() {
        "a number of 1 or more (1 first)".to_string()
    } else {
        format!("a number of 1 or more, or one of: {}", config.priorities.join(", "))
    };
    Err(usage(format!("`{priority}` is not a priority"), format!("{hint}use {allowed}")))
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

/// Creates the item in the working tree's plan found from `root_flag` and returns the new
/// file's path. The ids in use are read and the file written under a lock, so two runs at the
/// same moment never mint the same id.
pub fn create(root_flag: Option<&Path>, common: &NewItem) -> Result<PathBuf> {
    let start = load::discover::start_dir(root_flag)?;
    let root = load::discover::find_root(&start)?;
    let _lock = MintLock::acquire(&root)?;
    let loaded = load::load_for_write(Some(&root))?;
    create_in(&loaded, common)
}

fn create_in(loaded: &load::Loaded, common: &NewItem) -> Result<PathBuf> {
    let config = &loaded.plan.config;
    let kind = match common.kind {
        NewKind::Initiative(_) => Kind::Initiative,
        NewKind::Backlog(_) => Kind::Backlog,
    };
    check_title(&common.title)?;
    if let Some(id) = &common.id {
        check_id(id)?;
    }
    let statuses: Vec<&str> = config.statuses.names(kind).collect();
    let status = common.status.clone().unwrap_or_else(|| config.statuses.new_item_status(kind).to_string());
    check_choice("status", &status, &statuses)?;
    let priority = common.priority.as_deref().map(|p| priority_value(p, config)).transpose()?;
    for label in &common.labels {
        if label.trim().is_empty() {
            return Err(usage("a label cannot be empty".into(), None));
        }
        check_text("label", label)?;
    }
    match &common.kind {
        NewKind::Initiative(a) => {
            for (what, v) in [("owner", &a.owner), ("horizon", &a.horizon), ("start", &a.start), ("target", &a.target)]
            {
                if let Some(v) = v {
                    check_text(what, v)?;
                }
            }
        }
        NewKind::Backlog(a) => {
            check_text("initiative", &a.initiative)?;
            check_text("type", &a.item_type)?;
            for (what, v) in [("assignee", &a.assignee), ("sprint", &a.sprint)] {
                if let Some(v) = v {
                    check_text(what, v)?;
                }
            }
        }
    }
    let slug = mint::slug(&common.title);
    let used = mint::used_ids(loaded);
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
    fm.text(config.key("id"), Some(&id));
    fm.text(config.key("title"), Some(common.title.trim()));
    let mut body = String::new();
    let file_name = match &common.kind {
        NewKind::Initiative(a) => {
            fm.text(config.key("status"), Some(&status));
            if let Some(h) = &a.horizon {
                check_choice("horizon", h, HORIZONS)?;
            }
            fm.text(config.key("horizon"), a.horizon.as_deref());
            for (key, value) in [(config.key("start"), &a.start), (config.key("target"), &a.target)] {
                if let Some(v) = value {
                    let p =
                        Period::parse(v).map_err(|e| usage(e.to_string(), format!("use {}", model::PERIOD_FORMS)))?;
                    fm.text(key, Some(&p.to_string()));
                }
            }
            fm.field(config.key("priority"), priority.clone());
            fm.text(config.key("owner"), a.owner.as_deref());
            fm.list(config.key("labels"), &common.labels);
            body.push_str("\nWhy this initiative matters and where it is heading.\n");
            if slug.is_empty() || slug == id { format!("{id}.md") } else { format!("{slug}.md") }
        }
        NewKind::Backlog(a) => {
            check_choice("type", &a.item_type, &config.item_types())?;
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
            fm.text(config.key("type"), Some(&a.item_type));
            fm.text(config.key("status"), Some(&status));
            fm.text(config.key("initiative"), Some(&a.initiative));
            fm.field(config.key("priority"), priority.clone());
            fm.field(config.key("estimate"), a.estimate.map(crate::model::points));
            fm.text(config.key("assignee"), a.assignee.as_deref());
            fm.text(config.key("sprint"), a.sprint.as_deref());
            fm.list(config.key("labels"), &common.labels);
            body.push_str("\n## Acceptance criteria\n\n");
            if slug.is_empty() { format!("{id}.md") } else { format!("{id}-{slug}.md") }
        }
    };
    fm.0.push_str("---\n");
    let contents = fm.0 + &body;

    // The template must read back as the item it describes.
    let Some(home) = config.home_dir(kind) else {
        return Err(usage(
            format!(
                "this plan has no {} folder (`{}: []` in cairn.yml)",
                kind.noun(),
                if kind == Kind::Initiative { "roadmap_dir" } else { "backlog_dir" }
            ),
            "name a folder in cairn.yml to create items there".to_string(),
        ));
    };
    let rel_path = format!("{home}/{file_name}");
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

    if !load::is_item_name(&file_name) {
        return Err(usage(
            format!(
                "the file name `{file_name}` would not be read as an item (README and names starting with `_` or `.` are not items)"
            ),
            "pass another `--id` or title".to_string(),
        ));
    }
    let (dir, _) = plan_dir(&loaded.root, home)?;
    let path = dir.join(&file_name);
    match write_new(&path, contents.as_bytes())? {
        WriteOutcome::Created => {}
        WriteOutcome::Exists => {
            return Err(usage(
                format!("{rel_path} already exists; nothing was written"),
                "pass another `--id` or title".to_string(),
            ));
        }
    }
    Ok(path)
}
