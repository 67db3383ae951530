//! `cairn completions SHELL` and `cairn man`, generated from the clap definitions.

use std::io::Write;

use super::{Outcome, write_err};
use crate::cli::{self, CompletionsArgs};
use crate::error::Result;

pub fn run(args: &CompletionsArgs, out: &mut dyn Write) -> Result<Outcome> {
    cli::completions(args.shell, out);
    Ok(Outcome::Success)
}

pub fn man(out: &mut dyn Write) -> Result<Outcome> {
    cli::man(out).map_err(write_err)?;
    Ok(Outcome::Success)
}
