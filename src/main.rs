use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use cairn::cli::{Cli, ColorChoice};
use cairn::commands::Outcome;

fn main() -> ExitCode {
    let cli = Cli::parse_args();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let result = cairn::run(&cli, &mut out);
    let flushed = out.flush();
    match result {
        Ok(Outcome::Success) if flushed.is_ok() => ExitCode::SUCCESS,
        Ok(Outcome::Failed) if flushed.is_ok() => ExitCode::from(1),
        Ok(_) => {
            // A closed pipe (`cairn check | head`) is not worth a report.
            ExitCode::from(2)
        }
        Err(error) => {
            let color = match cli.global.color {
                ColorChoice::Always => true,
                ColorChoice::Never => false,
                ColorChoice::Auto => {
                    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal()
                }
            };
            let _ = std::io::stderr().write_all(cairn::render::error_report(&error, color).as_bytes());
            ExitCode::from(2)
        }
    }
}
