//! cairn: a Git-native plain-text planning tool.
//!
//! A plan is a roadmap (initiatives) and a backlog (stories, tasks, bugs) kept as Markdown
//! files with YAML front matter. Data flows one way: this library loads plans from the
//! working tree or any git revision ([`load`]) into the model ([`model`]), analyses them
//! (rules, views, diffs, history and reports: [`analyse`]) and renders the results, one
//! module per output medium ([`render`]). [`write`](mod@write) creates files; [`commands`] wire one
//! subcommand each; [`cli`] is the only place that knows clap. The `cairn` binary is a thin
//! layer over [`run`]. docs/architecture.md draws the layers.

pub mod analyse;
pub mod cli;
pub mod commands;
pub mod error;
pub mod harness;
pub mod load;
pub mod model;
pub mod render;
pub mod suggest;
pub mod write;

use std::io::Write;

use cli::{Cli, Command};
use commands::Outcome;
use error::Result;

/// Runs a parsed command line, writing its output to `out`.
pub fn run(cli: &Cli, out: &mut dyn Write) -> Result<Outcome> {
    // cairn only reads the local object database; re-hashing every object on read (libgit2's
    // default, which git itself does not do) took 30% of a history walk's time (a
    // 2,000-commit, 20,000-item `cairn log`: 17.2 s → 12.0 s).
    git2::opts::strict_hash_verification(false);
    match &cli.command {
        Command::Init => commands::init::run(&cli.global, out),
        Command::Check(args) => commands::check::run(&cli.global, args, out),
        Command::Roadmap(args) => commands::roadmap::run(&cli.global, args, out),
        Command::Backlog(args) => commands::backlog::run(&cli.global, args, out),
        Command::Show(args) => commands::show::run(&cli.global, args, out),
        Command::Tree(args) => commands::tree::run(&cli.global, args, out),
        Command::New(args) => commands::new::run(&cli.global, args, out),
        Command::Set(args) => commands::set::run(&cli.global, args, out),
        Command::Archive(args) => commands::archive::run(&cli.global, args, out),
        Command::Diff(args) => commands::diff::run(&cli.global, args, out),
        Command::Log(args) => commands::log::run(&cli.global, args, out),
        Command::Report(args) => commands::report::run(&cli.global, args, out),
        Command::Export(args) => commands::export::run(&cli.global, args, out),
        Command::Completions(args) => commands::completions::run(args, out),
        Command::Man(args) => commands::completions::man(args, out),
    }
}
