//! `cairn completions SHELL` and `cairn man`, generated from the clap definitions.

use std::io::Write;

use clap::CommandFactory;

use super::{Outcome, write_err};
use crate::cli::{Cli, CompletionsArgs};
use crate::error::Result;

pub fn run(args: &CompletionsArgs, out: &mut dyn Write) -> Result<Outcome> {
    let mut cmd = Cli::command();
    clap_complete::generate(args.shell, &mut cmd, "cairn", out);
    Ok(Outcome::Success)
}

pub fn man(out: &mut dyn Write) -> Result<Outcome> {
    clap_mangen::Man::new(Cli::command()).render(out).map_err(write_err)?;
    Ok(Outcome::Success)
}
