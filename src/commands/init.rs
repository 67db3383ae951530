//! `cairn init`: create `cairn.yml` and the plan folders it names, never overwriting, never
//! writing through a symbolic link.

use std::io::Write;
use std::path::Path;

use super::Outcome;
use crate::cli::GlobalArgs;
use crate::error::{CairnError, Result};
use crate::load::config::{CONFIG_FILE, TEMPLATE};
use crate::load::discover;
use crate::model::Kind;
use crate::write::{WriteOutcome, plan_dir, write_new};

const ROADMAP_README: &str = "# Roadmap\n\nOne Markdown file per initiative: direction, outcomes and rough timelines.\nSee `cairn new initiative --help` and docs/format.md.\n";
const BACKLOG_README: &str = "# Backlog\n\nOne Markdown file per story, task or bug, each tracing to an initiative with\n`initiative: <id>`. Finished items may move to `archive/`.\n";

pub fn run(global: &GlobalArgs, out: &mut dyn Write) -> Result<Outcome> {
    if global.rev.is_some() {
        return Err(CairnError::usage("`cairn init` writes files and cannot be used with `--rev`", None));
    }
    let dir = discover::start_dir(global.root.as_deref())?;
    let mut report = |what: WriteOutcome, path: &Path| {
        let rel = path.strip_prefix(&dir).unwrap_or(path).display().to_string();
        let line = match what {
            WriteOutcome::Created => format!("created {rel}"),
            WriteOutcome::Exists => format!("exists  {rel} (left unchanged)"),
        };
        if !global.quiet || what == WriteOutcome::Created {
            writeln!(out, "{line}").map_err(|e| CairnError::io("write", "standard output", e))?;
        }
        Ok::<(), CairnError>(())
    };
    let config_path = dir.join(CONFIG_FILE);
    let outcome = write_new(&config_path, TEMPLATE.as_bytes())?;
    // An existing cairn.yml decides the folders (and must be a readable file).
    let config = discover::read_config(&dir)?;
    report(outcome, &config_path)?;
    for (kind, folder) in config.folders() {
        let (path, created) = plan_dir(&dir, folder)?;
        report(created, &path)?;
        let readme = if kind == Kind::Initiative { ROADMAP_README } else { BACKLOG_README };
        write_new(&path.join("README.md"), readme.as_bytes())?;
    }
    Ok(Outcome::Success)
}
