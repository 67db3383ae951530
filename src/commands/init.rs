//! `cairn init`: create `cairn.yml`, `roadmap/` and `backlog/`, never overwriting.

use std::io::Write;
use std::path::Path;

use super::Outcome;
use crate::cli::GlobalArgs;
use crate::error::{CairnError, Result};
use crate::load::config::{CONFIG_FILE, TEMPLATE};
use crate::load::discover;
use crate::write::{WriteOutcome, create_dir, write_new};

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
    report(write_new(&config_path, TEMPLATE.as_bytes())?, &config_path)?;
    for (folder, readme) in [("roadmap", ROADMAP_README), ("backlog", BACKLOG_README)] {
        let path = dir.join(folder);
        report(create_dir(&path)?, &path)?;
        let readme_path = path.join("README.md");
        write_new(&readme_path, readme.as_bytes())?;
    }
    Ok(Outcome::Success)
}
