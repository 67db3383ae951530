//! `cairn set ID KEY=VALUE… [--unset KEY]…`: changes front matter fields of one item in
//! place (SPEC §3).
//!
//! The guarantees, in the order they are enforced:
//! - **Keys.** A key is a field of the item's kind, by cairn's name or by the plan's own name
//!   for it (`fields:` in cairn.yml: `initiative=m-3` writes `milestone: m-3`), or a key the
//!   file already has, or a new custom field. A key that looks like a typo of one of those is
//!   refused with a "did you mean" (`--force` adds it as a custom field). What is not front
//!   matter (the file name, the path, the kind, the archive,
//!   the category) is refused with a hint at the command that changes it, and so is a
//!   changed id.
//! - **Values** are typed from the text (`priority=2` is a number, `labels=a,b` a list) and
//!   checked as `cairn check` would check the file: the edited plan is checked, and every
//!   finding the change introduces (a status of another kind, an unknown initiative, a bad
//!   period…) refuses the change, with the check's own help ("did you mean"). A change that
//!   introduces a warning about the value is refused too unless `--force` is given; a
//!   reminder about the rest of the item (acceptance criteria to write) is shown, not
//!   refused; errors are never written.
//! - **The file** is edited with [`super::edit`]: only the changed keys' lines differ.
//! - **The write** ([`commit`]) is atomic (a temporary file renamed over the item), keeps
//!   the file's permissions, never goes through a symbolic link, and is refused when the
//!   file no longer holds the bytes the edit was made from.

use serde::Serialize;

use super::atomic;
use super::edit::{self, Edit, EditError, Outcome};
use super::values::{self, check_text, usage};
use crate::error::{CairnError, Result};
use crate::load::decode::{self, known_fields};
use crate::load::yaml::{self, Yaml};
use crate::load::{Loaded, Origin, RawFile, frontmatter};
use crate::model::config::FIELDS as FIELD_NAMES;
use crate::model::{Diagnostic, Item, Kind, Plan, Rule, Severity};
use crate::suggest;

/// What `cairn set` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct SetRequest {
    /// The item's id.
    pub id: String,
    /// `KEY=VALUE` as typed.
    pub assignments: Vec<String>,
    /// Keys to remove.
    pub unsets: Vec<String>,
    /// Write a change that only introduces warnings; add a key cairn does not know.
    pub force: bool,
}

/// The findings of `cairn check` on a plan (the rules, with the plan's severities).
pub type Checker<'a> = &'a dyn Fn(&Plan) -> Vec<Diagnostic>;

/// What happened to one key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyChange {
    /// The key as the file writes it (the plan's own name for the field).
    pub key: String,
    /// `replaced`, `added`, `removed`, `unchanged` (it had that value) or `missing` (there
    /// was nothing to remove).
    pub outcome: &'static str,
}

/// A checked change, ready to be written by [`commit`] (or shown by `--dry-run`).
#[derive(Debug, Clone, Serialize)]
pub struct Prepared {
    pub id: String,
    /// The item's path relative to the plan root.
    pub path: String,
    /// The file before and after.
    #[serde(skip)]
    pub old: String,
    #[serde(skip)]
    pub new: String,
    pub changes: Vec<KeyChange>,
    /// Warnings the change introduces: reminders ([`is_reminder`]), and under `--force` the
    /// warnings about the values, written anyway.
    #[serde(skip)]
    pub warnings: Vec<Diagnostic>,
}

impl Prepared {
    /// Whether the file changes at all.
    pub fn changed(&self) -> bool {
        self.old != self.new
    }

    /// The change as a unified diff (`--- a/path`, `+++ b/path`), empty when nothing changes.
    pub fn diff(&self) -> String {
        edit::unified_diff(&self.path, &self.old, &self.new)
    }
}

/// Reads the item, resolves the keys, types the values, edits the text in memory and checks
/// the edited plan with `check`. Nothing is written.
pub fn prepare(loaded: &Loaded, request: &SetRequest, check: Checker<'_>) -> Result<Prepared> {
    if !matches!(loaded.origin, Origin::WorkTree(_)) {
        return Err(usage("`cairn set` edits files and cannot be used with `--rev`".into(), None));
    }
    let plan = &loaded.plan;
    let item = find(plan, &request.id)?;
    let path = item.path.clone();
    let file = atomic::plan_file(&loaded.root, &path)?;
    let bytes = std::fs::read(&file).map_err(|e| CairnError::io("read", &file, e))?;
    let Ok(old) = String::from_utf8(bytes) else {
        return Err(usage(format!("{path} is not valid UTF-8; cairn edits only UTF-8 files"), None));
    };
    if old != item.source.text {
        return Err(usage(
            format!("{path} changed while cairn was reading it; nothing was written"),
            "run the command again".to_string(),
        ));
    }
    let existing = front_matter(&old);
    let file_keys: Vec<&str> = existing.iter().filter_map(|(k, _)| k.as_str()).collect();
    let resolve = |key: &str| resolve_key(key, item, plan, &file_keys, request.force);

    let mut edits = Vec::new();
    for arg in &request.assignments {
        let (key, raw) = values::split_assignment(arg)?;
        let target = resolve(key)?;
        if raw.trim().is_empty() {
            return Err(usage(
                format!("`{arg}` gives `{key}` no value"),
                format!("to remove the field, use `--unset {key}`; an empty list is written `{key}=[]`"),
            ));
        }
        let current = existing.iter().find(|(k, _)| k.as_str() == Some(target.key.as_str())).map(|(_, v)| v);
        let value = values::typed(target.field, raw, current);
        for text in values::texts(&value) {
            check_text(&format!("value of `{key}`"), text)?;
        }
        edits.push(Edit::Set { key: target.key, value });
    }
    for key in &request.unsets {
        edits.push(Edit::Unset { key: resolve(key)?.key });
    }
    let mut seen = std::collections::BTreeSet::new();
    for e in &edits {
        let (Edit::Set { key, .. } | Edit::Unset { key }) = e;
        if !seen.insert(key.as_str()) {
            return Err(usage(format!("`{key}` is changed twice in one command"), "give each key once".to_string()));
        }
    }

    let edited = edit::apply_detailed(&old, &edits).map_err(|e| edit_refused(&path, &e))?;
    let changes = edits
        .iter()
        .zip(&edited.outcomes)
        .map(|(e, o)| {
            let (Edit::Set { key, .. } | Edit::Unset { key }) = e;
            KeyChange { key: key.clone(), outcome: outcome_name(*o) }
        })
        .collect();
    let mut prepared = Prepared { id: item.id.clone(), path, old, new: edited.text, changes, warnings: Vec::new() };
    if prepared.changed() {
        prepared.warnings = judge(plan, item, &prepared.new, check, request.force)?;
    }
    Ok(prepared)
}

/// Writes a prepared change: atomically, only while the file still holds what the change was
/// made from (see [`atomic::replace_if_unchanged`]). A change that changes nothing writes
/// nothing.
pub fn commit(loaded: &Loaded, prepared: &Prepared) -> Result<()> {
    if !prepared.changed() {
        return Ok(());
    }
    atomic::replace_if_unchanged(&loaded.root, &prepared.path, prepared.old.as_bytes(), prepared.new.as_bytes())
}

/// The one item with `id`, or why there is none.
fn find<'p>(plan: &'p Plan, id: &str) -> Result<&'p Item> {
    let found: Vec<&Item> = plan.items.iter().filter(|i| i.id == id).collect();
    match found.as_slice() {
        [one] => Ok(one),
        [] => {
            if let Some(b) = plan.broken.iter().find(|b| b.id == id) {
                // The line to change by hand, as `cairn check` reports it.
                let why = plan.diagnostics.iter().find(|d| d.file == b.path && d.severity == Severity::Error);
                return Err(match why {
                    Some(d) => usage(
                        format!(
                            "{} ({}:{}) cannot be read as an item, so cairn cannot edit it: {}",
                            b.id, b.path, d.line, d.message
                        ),
                        format!(
                            "fix line {} by hand first{}",
                            d.line,
                            d.help.as_deref().map(|h| format!(": {h}")).unwrap_or_default()
                        ),
                    ),
                    None => usage(
                        format!("{} ({}) cannot be read as an item, so cairn cannot edit it", b.id, b.path),
                        "`cairn check` shows what is wrong with it; fix the file by hand first".to_string(),
                    ),
                });
            }
            let ids = plan.ids();
            let close = suggest::ranked(id, ids.iter().copied());
            let help = if close.is_empty() {
                "list ids with `cairn backlog --all` or `cairn roadmap`".to_string()
            } else {
                let names: Vec<String> = close.iter().take(3).map(|s| format!("`{s}`")).collect();
                format!("did you mean {}?", names.join(", "))
            };
            Err(usage(format!("no item with id `{id}`"), help))
        }
        many => {
            let paths: Vec<&str> = many.iter().map(|i| i.path.as_str()).collect();
            Err(usage(
                format!("{} files use the id `{id}`: {}", many.len(), paths.join(", ")),
                "give each its own id first (id/duplicate)".to_string(),
            ))
        }
    }
}

/// The top-level entries of a file's front matter (none when it does not parse: the editor
/// then refuses with the reason).
fn front_matter(text: &str) -> Vec<(Yaml, Yaml)> {
    let Ok(split) = frontmatter::split(text) else { return Vec::new() };
    match yaml::parse(&text[split.yaml]) {
        Ok(Yaml::Map(entries)) => entries,
        _ => Vec::new(),
    }
}

/// A key to write: the plan's own key, and the cairn field it stands for.
struct Target {
    key: String,
    field: Option<&'static str>,
}

/// Names that are facts about an item but not front matter keys, with what changes them.
const NOT_FRONT_MATTER: &[(&str, &str)] = &[
    ("path", "the path is where the file is: move it with `git mv` (its id stays)"),
    ("file", "the file name is not a field: rename the file with `git mv` (its id stays)"),
    ("filename", "the file name is not a field: rename the file with `git mv` (its id stays)"),
    ("file_name", "the file name is not a field: rename the file with `git mv` (its id stays)"),
    ("archived", "`cairn archive ID` moves a closed item into the archive folder"),
    ("kind", "an item's kind is its folder: roadmap or backlog"),
    ("category", "the category follows the status: set `status` instead"),
    ("criteria", "acceptance criteria are the task list under the `Acceptance criteria` heading of the body"),
    ("progress", "an initiative's progress is counted from its backlog items"),
    ("body", "edit the Markdown body in the file"),
    ("extra", "set a custom field by its own name"),
];

fn resolve_key(key: &str, item: &Item, plan: &Plan, file_keys: &[&str], force: bool) -> Result<Target> {
    let config = &plan.config;
    let kind = item.kind;
    let in_file = file_keys.contains(&key);
    let known = |f: &str| known_fields(kind).any(|k| k == f);
    if let Some((_, hint)) = NOT_FRONT_MATTER.iter().find(|(name, _)| *name == key).filter(|_| !in_file) {
        return Err(usage(format!("`{key}` is not a front matter field of {}", item.id), hint.to_string()));
    }
    // The plan's own key for a field (`milestone`), or a field's own name when not renamed.
    if let Some(field) = config.fields.field(key) {
        if known(field) {
            return Ok(Target { key: key.to_string(), field: Some(field) });
        }
        if !in_file && !force {
            let other = if kind == Kind::Initiative { "backlog items" } else { "initiatives" };
            return Err(usage(
                format!("`{key}` is a field of {other}; {} is {} {}", item.id, article(kind), kind.noun()),
                format!("`--force` adds `{key}` as a custom field anyway"),
            ));
        }
        return Ok(Target { key: key.to_string(), field: None });
    }
    // A field named by cairn's name in a plan that renamed it: `initiative` → `milestone`.
    if let Some(field) = FIELD_NAMES.iter().copied().find(|f| *f == key && known(f)) {
        return Ok(Target { key: config.key(field).to_string(), field: Some(field) });
    }
    let fields: Vec<&str> = known_fields(kind).map(|f| config.key(f)).collect();
    let candidates = fields.iter().copied().chain(file_keys.iter().copied());
    let close = suggest::closest(key, candidates);
    // A new custom field is added as `check` reads it: fine, unless it looks like a typo of a
    // field or of a key the file has (`stauts`), which needs `--force`.
    if in_file || force || close.is_none() {
        return Ok(Target { key: key.to_string(), field: None });
    }
    let hint = close.map_or(String::new(), |s| format!("did you mean `{s}`? "));
    Err(usage(
        format!("`{key}` is not a field of {} {} and not a key of {}", article(kind), kind.noun(), item.path),
        format!("{hint}fields: {}; `--force` takes `{key}` as written, a custom field", fields.join(", ")),
    ))
}

fn article(kind: Kind) -> &'static str {
    match kind {
        Kind::Initiative => "an",
        Kind::Backlog => "a",
    }
}

fn outcome_name(o: Outcome) -> &'static str {
    match o {
        Outcome::Replaced => "replaced",
        Outcome::Added => "added",
        Outcome::Removed => "removed",
        Outcome::Unchanged => "unchanged",
        Outcome::Missing => "missing",
    }
}

fn edit_refused(path: &str, e: &EditError) -> CairnError {
    let at = e.line().map_or(String::new(), |l| format!(" (line {l})"));
    let help = match e {
        EditError::NoFrontMatter | EditError::Unterminated | EditError::Yaml { .. } | EditError::NotAMapping { .. } => {
            "fix the front matter first: `cairn check` shows what is wrong"
        }
        EditError::DuplicateKey { .. } => "keep one of the two lines first (YAML allows each key once)",
        EditError::Layout { .. } | EditError::Unsupported { .. } => "change this field by hand in the file",
        EditError::InvalidKey { .. } | EditError::InvalidValue { .. } => "write the value differently",
        EditError::Verification { .. } => "change it by hand, and please report this as a bug",
    };
    usage(format!("cannot edit {path}{at}: {e}; the file was left untouched"), help.to_string())
}

/// Checks the plan with the edited file in place of the item's: every finding the change
/// introduces refuses it, except warnings under `force` (returned, to be shown).
fn judge(plan: &Plan, item: &Item, new: &str, check: Checker<'_>, force: bool) -> Result<Vec<Diagnostic>> {
    let raw = RawFile {
        path: item.path.clone(),
        kind: item.kind,
        archived: item.archived,
        content: Ok(new.as_bytes().to_vec()),
    };
    let decoded = decode::decode(raw, &plan.config);
    let Some(edited) = decoded.item else {
        return Err(usage(
            format!("the edit would leave {} unreadable; the file was left untouched", item.path),
            "change it by hand, and please report this as a bug".to_string(),
        ));
    };
    if edited.id != item.id {
        return Err(usage(
            format!("the change would renumber {} to `{}`; cairn set does not change ids", item.id, edited.id),
            "an id is how links, commits and people refer to an item: to renumber, edit the file and every link \
             to it by hand (`cairn check` lists the links left dangling)"
                .to_string(),
        ));
    }
    let mut items: Vec<Item> = plan.items.iter().filter(|i| i.path != item.path).cloned().collect();
    items.push(edited);
    items.sort_by(|a, b| a.path.cmp(&b.path));
    let mut diagnostics: Vec<Diagnostic> = plan.diagnostics.iter().filter(|d| d.file != item.path).cloned().collect();
    diagnostics.extend(decoded.diagnostics);
    let after = Plan {
        config: plan.config.clone(),
        items,
        broken: plan.broken.clone(),
        diagnostics,
        sources: plan.sources.clone(),
    };
    let key = |d: &Diagnostic| (d.rule, d.file.clone(), d.item.clone(), d.message.clone());
    let before: std::collections::BTreeSet<_> = check(plan).iter().map(key).collect();
    let introduced: Vec<Diagnostic> = check(&after).into_iter().filter(|d| !before.contains(&key(d))).collect();
    let errors: Vec<&Diagnostic> = introduced.iter().filter(|d| d.severity == Severity::Error).collect();
    if !errors.is_empty() {
        return Err(refusal(&item.id, &errors, false));
    }
    // A warning about the value refuses it unless `--force`; a reminder about the rest of the
    // item (criteria to write, stories to add) does not stop daily work like starting a story.
    let about_value: Vec<&Diagnostic> = introduced.iter().filter(|d| !REMINDERS.contains(&d.rule)).collect();
    if !force && !about_value.is_empty() {
        return Err(refusal(&item.id, &about_value, true));
    }
    Ok(introduced)
}

/// Whether a warning reminds of work elsewhere in the item (criteria to write, stories to
/// add) rather than of a wrong value: `set` writes such a change without `--force`.
pub fn is_reminder(rule: Rule) -> bool {
    REMINDERS.contains(&rule)
}

/// Warnings that remind of work elsewhere in the item, not of a wrong value: `set` writes the
/// change and shows them.
const REMINDERS: &[Rule] =
    &[Rule::BacklogAcceptanceCriteria, Rule::RoadmapEmptyInitiative, Rule::RoadmapTaskList, Rule::BacklogStale];

fn refusal(id: &str, findings: &[&Diagnostic], only_warnings: bool) -> CairnError {
    let said = |d: &Diagnostic| format!("{} [{} {}]", d.message, d.severity, d.rule.code());
    let message = match findings {
        [one] => format!("cannot change {id}: {}; the file was left untouched", said(one)),
        // One line: an error message is shown on one line (a line break would be escaped).
        many => {
            let all: Vec<String> = many.iter().map(|d| said(d)).collect();
            format!(
                "cannot change {id}: `cairn check` would report {} findings: {}; the file was left untouched",
                many.len(),
                all.join("; ")
            )
        }
    };
    let mut helps: Vec<String> = Vec::new();
    for h in findings.iter().filter_map(|d| d.help.clone()) {
        if !helps.contains(&h) {
            helps.push(h);
        }
    }
    if only_warnings {
        helps.push("this is only a warning: `--force` writes the change anyway".to_string());
    }
    usage(message, (!helps.is_empty()).then(|| helps.join("; ")))
}
