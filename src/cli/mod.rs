//! The command line, defined with clap's derive API. `Cli::command()` also feeds shell
//! completions and the man page.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use clap_complete::engine::{ArgValueCandidates, ArgValueCompleter};

mod complete;
mod formats;

pub use complete::{Provider, Wanted, complete_from_env, completions, man, man_pages, provide_candidates};

pub use formats::{
    BacklogFormat, CheckFormat, DiffFormat, FormatParser, ItemFormat, LogFormat, ReportFormat, RoadmapFormat,
    pick_format,
};

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

    /// Output format; each command takes `--format` too and lists its own formats
    #[arg(long = "format", value_name = "FMT", add = ArgValueCandidates::new(complete::all_formats))]
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
    /// Validate the plan: links, fields and conventions
    Check(CheckArgs),
    /// List initiatives with their progress
    Roadmap(RoadmapArgs),
    /// List backlog items in priority order
    Backlog(BacklogArgs),
    /// Show one item: fields, links, acceptance criteria, body, last change
    Show(ShowArgs),
    /// Show the roadmap → backlog hierarchy
    Tree(TreeArgs),
    /// Create an initiative or a backlog item from a template
    New(NewArgs),
    /// Change front matter fields of one item in place (only the changed lines differ)
    Set(SetArgs),
    /// Move closed backlog items into the archive folder (backlog/archive/)
    Archive(ArchiveArgs),
    /// Semantic diff of the plan between revisions, or a revision and the working tree
    Diff(DiffArgs),
    /// The plan's history from git: each commit that changed an item, and how
    Log(LogArgs),
    /// Reports from git history: progress, throughput, cycle time, slips, stale items, forecasts
    Report(ReportArgs),
    /// Export the roadmap for stakeholders
    Export(ExportArgs),
    /// Print the shell completion script (ids, statuses and formats come from the plan)
    Completions(CompletionsArgs),
    /// Print the man page (roff), or write one page per command with --dir
    Man(ManArgs),
}

#[derive(Debug, Clone, Args)]
pub struct BacklogArgs {
    /// Output format [default: table]
    #[arg(long, value_name = "FMT", value_parser = FormatParser::<BacklogFormat>::new())]
    pub format: Option<BacklogFormat>,
    /// Only items of these initiatives (repeat, or separate with commas)
    #[arg(long, value_name = "ID", value_delimiter = ',', add = ArgValueCandidates::new(complete::initiatives))]
    pub initiative: Vec<String>,
    /// Only items with these statuses or in these categories (open, active, closed, abandoned); includes archived items
    #[arg(long, value_name = "STATUS", value_delimiter = ',', add = ArgValueCandidates::new(complete::backlog_statuses))]
    pub status: Vec<String>,
    /// Only items of these types (story, task, bug, spike, chore, and `types:` of cairn.yml)
    #[arg(long = "type", value_name = "TYPE", value_delimiter = ',', add = ArgValueCandidates::new(complete::types))]
    pub item_type: Vec<String>,
    /// Only items assigned to one of these people
    #[arg(long, value_name = "NAME", value_delimiter = ',', add = ArgValueCandidates::new(complete::assignees))]
    pub assignee: Vec<String>,
    /// Only items with one of these labels
    #[arg(long, value_name = "LABEL", value_delimiter = ',', add = ArgValueCandidates::new(complete::labels))]
    pub label: Vec<String>,
    /// Only items of these sprints
    #[arg(long, value_name = "NAME", value_delimiter = ',', add = ArgValueCandidates::new(complete::sprints))]
    pub sprint: Vec<String>,
    /// Include closed and archived items
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Clone, Args)]
pub struct ShowArgs {
    /// Output format [default: human]
    #[arg(long, value_name = "FMT", value_parser = FormatParser::<ItemFormat>::new())]
    pub format: Option<ItemFormat>,
    /// The id of an initiative or a backlog item
    #[arg(add = ArgValueCandidates::new(complete::ids))]
    pub id: String,
}

#[derive(Debug, Clone, Args)]
pub struct SetArgs {
    /// Output format of the item's new state [default: human]
    #[arg(long, value_name = "FMT", value_parser = FormatParser::<ItemFormat>::new())]
    pub format: Option<ItemFormat>,
    /// The id of the item to change
    #[arg(add = ArgValueCandidates::new(complete::ids))]
    pub id: String,
    /// Fields to set: `status=in-progress`, `assignee=dana`, `labels=ui,payments` or `labels=[ui, payments]`
    #[arg(value_name = "KEY=VALUE", required_unless_present = "unset", add = ArgValueCompleter::new(complete::assignment))]
    pub assignments: Vec<String>,
    /// Remove a field (repeat for more)
    #[arg(long, value_name = "KEY")]
    pub unset: Vec<String>,
    /// Print the change as a unified diff and write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Write a change that only brings warnings, or add a field cairn does not know
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Args)]
pub struct ArchiveArgs {
    /// Output format [default: human]
    #[arg(long, value_name = "FMT", value_parser = FormatParser::<ItemFormat>::new())]
    pub format: Option<ItemFormat>,
    /// The ids of closed or abandoned backlog items
    #[arg(required = true, value_name = "ID", add = ArgValueCandidates::new(complete::backlog_ids))]
    pub ids: Vec<String>,
    /// Print the moves and make none
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Clone, Args)]
pub struct ManArgs {
    /// Write cairn.1 and one page per command (cairn-check.1, cairn-set.1, …) into DIR instead of printing cairn.1
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Clone, Args)]
pub struct TreeArgs {
    /// Output format [default: human]
    #[arg(long, value_name = "FMT", value_parser = FormatParser::<ItemFormat>::new())]
    pub format: Option<ItemFormat>,
    /// Include archived items
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Clone, Args)]
pub struct NewArgs {
    #[command(subcommand)]
    pub what: NewKind,
}

#[derive(Debug, Clone, Subcommand)]
pub enum NewKind {
    /// A roadmap initiative: roadmap/<slug>.md
    Initiative(NewInitiativeArgs),
    /// A backlog item (story, task, bug, spike or chore): backlog/<ID>-<slug>.md
    #[command(visible_aliases = ["item"])]
    Story(NewStoryArgs),
}

/// Fields both kinds of item take.
#[derive(Debug, Clone, Args)]
pub struct NewCommon {
    /// The title
    pub title: String,
    /// The id (default: a fresh one)
    #[arg(long)]
    pub id: Option<String>,
    /// The status (default: proposed for initiatives, todo for backlog items)
    #[arg(long)]
    pub status: Option<String>,
    /// The priority, 1 first (or a word of `priorities:` in cairn.yml)
    #[arg(long)]
    pub priority: Option<String>,
    /// A label (repeat for more)
    #[arg(long = "label", value_name = "LABEL")]
    pub labels: Vec<String>,
}

#[derive(Debug, Clone, Args)]
pub struct NewInitiativeArgs {
    #[command(flatten)]
    pub common: NewCommon,
    /// Now/Next/Later column: now, next or later
    #[arg(long)]
    pub horizon: Option<String>,
    /// Start period (2026, 2026-H2, 2026-Q3, 2026-09, 2026-09-30)
    #[arg(long)]
    pub start: Option<String>,
    /// Target period
    #[arg(long)]
    pub target: Option<String>,
    /// The owner
    #[arg(long)]
    pub owner: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct NewStoryArgs {
    #[command(flatten)]
    pub common: NewCommon,
    /// The initiative the item traces to
    #[arg(long, value_name = "ID", add = ArgValueCandidates::new(complete::initiatives))]
    pub initiative: String,
    /// story, task, bug, spike or chore
    #[arg(long = "type", value_name = "TYPE", default_value = "story")]
    pub item_type: String,
    /// Points
    #[arg(long)]
    pub estimate: Option<f64>,
    /// Who works on it
    #[arg(long)]
    pub assignee: Option<String>,
    /// Iteration name
    #[arg(long)]
    pub sprint: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct DiffArgs {
    /// Output format [default: human]
    #[arg(long, value_name = "FMT", value_parser = FormatParser::<DiffFormat>::new())]
    pub format: Option<DiffFormat>,
    /// Revisions as git takes them: none (HEAD vs working tree), REV (vs working tree), A B, A..B, A...B (merge base of A and B vs B)
    #[arg(value_name = "REVISION", num_args = 0..=2)]
    pub revisions: Vec<String>,
    /// One line per changed item
    #[arg(long)]
    pub stat: bool,
    /// Exit 1 when there are changes, like `git diff --exit-code`
    #[arg(long)]
    pub exit_code: bool,
}

#[derive(Debug, Clone, Args)]
pub struct LogArgs {
    /// Output format [default: human]
    #[arg(long, value_name = "FMT", value_parser = FormatParser::<LogFormat>::new())]
    pub format: Option<LogFormat>,
    /// Only this item's history (across renames)
    pub id: Option<String>,
    /// Follow merged branches too (default: first parents only)
    #[arg(long)]
    pub all_parents: bool,
    /// Only commits on or after this date: 2026-10-05, 2026-10 (its first day), yesterday, "2 weeks ago"
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only commits on or before this date: 2026-10-05, 2026-10 (its last day), today, "3 days ago"
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Show at most N commits
    #[arg(short = 'n', long = "max-count", value_name = "N")]
    pub max_count: Option<usize>,
}

#[derive(Debug, Clone, Args)]
pub struct ReportArgs {
    /// Output format [default: human]
    #[arg(long, value_name = "FMT", value_parser = FormatParser::<ReportFormat>::new())]
    pub format: Option<ReportFormat>,
    /// Start of the window (2026-10-05, 2026-10, yesterday, "2 weeks ago"; default: the first commit of the plan)
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// The "as of" date: the report is what was known then (2026-10-05, 2026-10 for its last day, "1 month ago"; default: today)
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct ExportArgs {
    #[command(subcommand)]
    pub what: ExportWhat,
}

#[derive(Debug, Clone, Subcommand)]
pub enum ExportWhat {
    /// One self-contained HTML page: the roadmap as a timeline and a Now/Next/Later board, no backlog detail
    Html(ExportHtmlArgs),
}

#[derive(Debug, Clone, Args)]
pub struct ExportHtmlArgs {
    /// Write the page to FILE (atomically) instead of stdout
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,
    /// The page's title [default: Roadmap]
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct CompletionsArgs {
    /// The shell
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// Output format [default: human]
    #[arg(long, value_name = "FMT", value_parser = FormatParser::<CheckFormat>::new())]
    pub format: Option<CheckFormat>,
    /// Treat warnings as errors: exit 1 when there is any warning
    #[arg(long, value_name = "LEVEL", value_parser = ["warnings"])]
    pub deny: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct RoadmapArgs {
    /// Output format [default: table]
    #[arg(long, value_name = "FMT", value_parser = FormatParser::<RoadmapFormat>::new())]
    pub format: Option<RoadmapFormat>,
}

impl Cli {
    /// The command line of this process; exits with clap's usage message (code 2) when it
    /// cannot be parsed.
    pub fn parse_args() -> Self {
        match <Cli as Parser>::try_parse() {
            Ok(cli) => cli,
            Err(e) if !e.use_stderr() => e.exit(),
            Err(e) => {
                // An argument is echoed in the message: show its controls as visible escapes.
                let text = e.render().to_string();
                let shown = crate::render::escape::terminal_text(&text);
                let _ = std::io::Write::write_all(&mut std::io::stderr(), shown.as_bytes());
                std::process::exit(e.exit_code());
            }
        }
    }
}
