//! `cairn set ID KEY=VALUE… [--unset KEY]… [--dry-run] [--force]`: change front matter fields
//! of one item in place (see [`crate::write::set`]) and print its new state as `show` does.

use std::io::Write;

use super::{Outcome, write_err};
use crate::analyse::rules;
use crate::cli::{GlobalArgs, ItemFormat, SetArgs, pick_format};
use crate::error::{CairnError, Result};
use crate::model::{Diagnostic, Plan};
use crate::render::{Json, Render};
use crate::write::set::{self, SetRequest};

pub fn run(global: &GlobalArgs, args: &SetArgs, out: &mut dyn Write) -> Result<Outcome> {
    if global.rev.is_some() {
        return Err(CairnError::usage("`cairn set` edits files and cannot be used with `--rev`", None));
    }
    let format = pick_format(global, args.format, ItemFormat::Human, "set")?;
    let loaded = super::load_plan(global)?;
    let today = super::today()?;
    let check = |plan: &Plan| -> Vec<Diagnostic> { rules::check(plan, today).diagnostics };
    let request = SetRequest {
        id: args.id.clone(),
        assignments: args.assignments.clone(),
        unsets: args.unset.clone(),
        force: args.force,
    };
    let prepared = set::prepare(&loaded, &request, &check)?;
    // Only a warning about a value needs `--force`; a reminder is written without it.
    let (reminders, forced): (Vec<Diagnostic>, Vec<Diagnostic>) =
        prepared.warnings.iter().cloned().partition(|d| set::is_reminder(d.rule));
    let verb = if args.dry_run { "would be written" } else { "written" };
    super::print_warnings(&forced, &format!("{verb} because of --force"));
    super::print_warnings(&reminders, &format!("{verb} anyway: a reminder, not a refusal"));
    if args.dry_run {
        if !prepared.changed() {
            super::print_notes(global, &[format!("nothing to change in {}", prepared.path)]);
        }
        match format {
            ItemFormat::Human => super::terminal(global).render(&prepared, out),
            ItemFormat::Json => Json.render(&prepared, out),
        }
        .map_err(write_err)?;
        return Ok(Outcome::Success);
    }
    set::commit(&loaded, &prepared)?;
    let said: Vec<String> = prepared.changes.iter().map(|c| format!("{} {}", c.key, c.outcome)).collect();
    let note = if prepared.changed() {
        format!("updated {}: {}", prepared.path, said.join(", "))
    } else {
        format!("nothing to change in {}: {}", prepared.path, said.join(", "))
    };
    super::print_notes(global, &[note]);
    let loaded = super::load_plan(global)?;
    super::show::show_item(global, &loaded, &prepared.id, format, out)
}
