//! Shell completions and man pages from the clap definitions.
//!
//! Completions are dynamic (clap_complete's `CompleteEnv`): the script `cairn completions
//! SHELL` prints calls `cairn` back while the user presses TAB, and cairn answers from the
//! plan found from the current directory: item ids after `show`, `set` and `archive`,
//! initiative ids after `--initiative`, statuses after `--status` and `status=`, keys and
//! values in `cairn set`'s `KEY=VALUE`, and every `--format`'s formats. This module knows
//! clap only; the plan is read by a provider the binary registers
//! ([`provide_candidates`]).

use std::ffi::OsStr;
use std::sync::OnceLock;

use clap::CommandFactory;
use clap_complete::engine::CompletionCandidate;

use super::Cli;

/// What a completion asks the plan for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Wanted {
    /// Every item id.
    Ids,
    /// Backlog item ids.
    BacklogIds,
    /// Initiative ids.
    Initiatives,
    /// Backlog statuses and the categories (`backlog --status`).
    BacklogStatuses,
    /// Backlog types.
    Types,
    /// Labels in use.
    Labels,
    /// Assignees in use.
    Assignees,
    /// Sprints in use.
    Sprints,
    /// The keys `cairn set` takes.
    Keys,
    /// The values a key of `cairn set` takes (statuses for `status`, …).
    Values(String),
}

/// Answers a [`Wanted`] from the plan; registered by the binary.
pub type Provider = fn(&Wanted) -> Vec<String>;

static PROVIDER: OnceLock<Provider> = OnceLock::new();

/// Registers the function that reads candidates from the plan.
pub fn provide_candidates(provider: Provider) {
    let _ = PROVIDER.set(provider);
}

fn ask(wanted: &Wanted) -> Vec<String> {
    PROVIDER.get().map_or_else(Vec::new, |p| p(wanted))
}

fn candidates(wanted: Wanted) -> Vec<CompletionCandidate> {
    ask(&wanted).into_iter().map(CompletionCandidate::new).collect()
}

pub(super) fn ids() -> Vec<CompletionCandidate> {
    candidates(Wanted::Ids)
}
pub(super) fn backlog_ids() -> Vec<CompletionCandidate> {
    candidates(Wanted::BacklogIds)
}
pub(super) fn initiatives() -> Vec<CompletionCandidate> {
    candidates(Wanted::Initiatives)
}
pub(super) fn backlog_statuses() -> Vec<CompletionCandidate> {
    candidates(Wanted::BacklogStatuses)
}
pub(super) fn types() -> Vec<CompletionCandidate> {
    candidates(Wanted::Types)
}
pub(super) fn labels() -> Vec<CompletionCandidate> {
    candidates(Wanted::Labels)
}
pub(super) fn assignees() -> Vec<CompletionCandidate> {
    candidates(Wanted::Assignees)
}
pub(super) fn sprints() -> Vec<CompletionCandidate> {
    candidates(Wanted::Sprints)
}

/// `KEY=VALUE` of `cairn set`: keys (with their `=`) until there is an `=`, then the key's
/// values; for list fields the value after the last comma.
pub(super) fn assignment(current: &OsStr) -> Vec<CompletionCandidate> {
    let current = current.to_string_lossy();
    let (prefix, partial, wanted) = match current.split_once('=') {
        None => (String::new(), current.to_string(), Wanted::Keys),
        Some((key, value)) => {
            let (done, last) = value.rsplit_once(',').map_or(("", value), |(d, l)| (d, l));
            let prefix = if done.is_empty() { format!("{key}=") } else { format!("{key}={done},") };
            (prefix, last.to_string(), Wanted::Values(key.to_string()))
        }
    };
    let suffix = if wanted == Wanted::Keys { "=" } else { "" };
    ask(&wanted)
        .into_iter()
        .filter(|c| c.starts_with(&partial))
        .map(|c| CompletionCandidate::new(format!("{prefix}{c}{suffix}")))
        .collect()
}

/// Every format name of every command, for the global `--format`.
pub(super) fn all_formats() -> Vec<CompletionCandidate> {
    let mut names: Vec<String> = Vec::new();
    let cmd = Cli::command();
    for sub in cmd.get_subcommands() {
        for arg in sub.get_arguments().filter(|a| a.get_id() == "format") {
            for v in arg.get_possible_values() {
                names.push(v.get_name().to_string());
            }
        }
    }
    names.sort();
    names.dedup();
    names.into_iter().map(CompletionCandidate::new).collect()
}

/// Answers a completion request when the shell asks for one (`COMPLETE=SHELL cairn -- …`)
/// and exits; returns at once otherwise.
pub fn complete_from_env() {
    clap_complete::CompleteEnv::with_factory(Cli::command).bin("cairn").complete();
}

/// Writes the completion script for `shell`: it registers cairn with the shell and calls
/// `cairn` back for the candidates, so ids and statuses come from the plan at hand.
pub fn completions(shell: clap_complete::Shell, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let name = shell.to_string();
    match clap_complete::env::Shells::builtins().completer(&name) {
        Some(completer) => completer.write_registration("COMPLETE", "cairn", "cairn", "cairn", out),
        None => {
            let mut cmd = Cli::command();
            clap_complete::generate(shell, &mut cmd, "cairn", out);
            Ok(())
        }
    }
}

/// Every man page: `cairn.1` and one per subcommand (`cairn-check.1`, `cairn-new-story.1`…),
/// as file names and roff text.
pub fn man_pages() -> std::io::Result<Vec<(String, Vec<u8>)>> {
    fn walk(cmd: &clap::Command, out: &mut Vec<(String, Vec<u8>)>) -> std::io::Result<()> {
        let man = clap_mangen::Man::new(cmd.clone());
        let mut page = Vec::new();
        man.render(&mut page)?;
        out.push((man.get_filename(), page));
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            walk(sub, out)?;
        }
        Ok(())
    }
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let mut pages = Vec::new();
    walk(&cmd, &mut pages)?;
    Ok(pages)
}

/// The one page `cairn man` prints: cairn.1, whose list of commands names `cairn COMMAND`
/// (not pages that may not be installed) and says where each command's options are.
pub fn man(out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let man = clap_mangen::Man::new(cmd.clone());
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    man.render_options_section(out)?;
    writeln!(out, ".SH COMMANDS")?;
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        writeln!(out, ".TP\n\\fBcairn {}\\fR", roff_text(sub.get_name()))?;
        if let Some(about) = sub.get_about() {
            writeln!(out, "{}", roff_text(&about.to_string()))?;
        }
    }
    writeln!(out, ".SH \"SEE ALSO\"")?;
    writeln!(
        out,
        "Each command's options: \\fBcairn help\\fR \\fICOMMAND\\fR. \\fBcairn man \\-\\-dir\\fR \\fIDIR\\fR writes this page and one page per command (\\fBcairn\\-check\\fR(1), \\fBcairn\\-set\\fR(1), ...) into \\fIDIR\\fR."
    )?;
    man.render_version_section(out)
}

/// Text for a roff line: backslashes and dashes escaped, a leading `.` or `'` made literal.
fn roff_text(s: &str) -> String {
    let escaped = s.replace('\\', "\\e").replace('-', "\\-");
    if escaped.starts_with(['.', '\'']) { format!("\\&{escaped}") } else { escaped }
}
