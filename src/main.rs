use std::io::{ErrorKind, IsTerminal, Write};
use std::process::ExitCode;

use cairn::cli::{Cli, ColorChoice};
use cairn::commands::Outcome;
use cairn::error::CairnError;

fn main() -> ExitCode {
    // A shell asking for completions (`COMPLETE=bash cairn -- cairn show S-`) is answered
    // from the plan here, before any output, and the process exits.
    cairn::cli::provide_candidates(cairn::commands::completions::candidates);
    cairn::cli::complete_from_env();
    let cli = Cli::parse_args();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let result = cairn::run(&cli, &mut out);
    let flushed = out.flush();
    // A closed pipe (`cairn log | head`) ends quietly with exit 0, as git does (SPEC §6).
    let closed_pipe = |e: &std::io::Error| e.kind() == ErrorKind::BrokenPipe;
    match (result, flushed) {
        (Ok(_), Err(e)) | (Err(CairnError::Io { source: e, .. }), _) if closed_pipe(&e) => ExitCode::SUCCESS,
        (Ok(Outcome::Success), Ok(())) => ExitCode::SUCCESS,
        (Ok(Outcome::Failed), Ok(())) => ExitCode::from(1),
        (Ok(_), Err(e)) => report(&cli, &CairnError::io("write", "standard output", e)),
        (Err(error), _) => report(&cli, &error),
    }
}

/// Prints an error that stopped the command to stderr; exit 2.
fn report(cli: &Cli, error: &CairnError) -> ExitCode {
    let color = match cli.global.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var("TERM").map_or(true, |t| t != "dumb")
                && std::io::stderr().is_terminal()
        }
    };
    let _ = std::io::stderr().write_all(cairn::render::error_report(error, color).as_bytes());
    ExitCode::from(2)
}
