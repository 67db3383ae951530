//! The command line, defined with clap's derive API. `Cli::command()` also feeds shell
//! completions and the man page.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Git-native plain-text planning: a roadmap and a backlog as Markdown files, checked,
/// listed, diffed and reported from git history.
#[derive(Debug, Parser)]
#[command(name = "cairn", version, about, long_about = None, propagate_version = true, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// Flags every command accepts.
#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// Run as if cairn was started in DIR (the plan root is searched from there upwards)
    #[arg(short = 'C', long = "root", value_name = "DIR", global = true)]
    pub root: Option<PathBuf>,

    /// Read the plan as of a git revision, from the object database (the working tree is not touched)
    #[arg(long, value_name = "REV", global = true)]
    pub rev: Option<String>,

    /// Output format (each command lists the formats it supports)
    #[arg(long, value_name = "FMT", global = true)]
    pub format: Option<String>,

    /// When to use colors
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,

    /// Print less: no summaries or notes
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create cairn.yml, roadmap/ and backlog/ (never overwrites anything)
    Init,
    /// Validate the plan: links, fields and conventions [formats: human, json, github, sarif]
    Check(CheckArgs),
}

#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// Treat warnings as errors: exit 1 when there is any warning
    #[arg(long, value_name = "LEVEL", value_parser = ["warnings"])]
    pub deny: Option<String>,
}
