//! The command line, defined with clap's derive API. `Cli::command()` also feeds shell
//! completions and the man page.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

mod formats;

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
    #[arg(long = "format", value_name = "FMT")]
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
    /// Semantic diff of the plan between revisions, or a revision and the working tree
    Diff(DiffArgs),
    /// The plan's history from git: each commit that changed an item, and how
    Log(LogArgs),
    /// Reports from git history: progress, throughput, cycle time, slips, stale items, forecasts
    Report(ReportArgs),
    /// Export the roadmap for stakeholders
    Export(ExportArgs),
    /// Print shell completions
    Completions(CompletionsArgs),
    /// Print the man page (roff)
    Man,
}

#[derive(Debug, Clone, Args)]
pub struct BacklogArgs {
    /// Output format [default: table]
    #[arg(long, value_name = "FMT", value_parser = FormatParser::<BacklogFormat>::new())]
    pub format: Option<BacklogFormat>,
    /// Only items of this initiative
    #[arg(long, value_name = "ID")]
    pub initiative: Option<String>,
    /// Only items with this status, or in this category (open, active, closed)
    #[arg(long)]
    pub status: Option<String>,
    /// Only items of this type (story, task, bug, spike, chore)
    #[arg(long = "type", value_name = "TYPE")]
    pub item_type: Option<String>,
    /// Only items assigned to this person
    #[arg(long)]
    pub assignee: Option<String>,
    /// Only items with this label
    #[arg(long)]
    pub label: Option<String>,
    /// Only items of this sprint
    #[arg(long)]
    pub sprint: Option<String>,
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
    pub id: String,
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
    /// The priority, 1 first
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    pub priority: Option<u64>,
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
    #[arg(long, value_name = "ID")]
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
    /// Only commits on or after this date (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only commits on or before this date (YYYY-MM-DD)
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
    /// Start of the window (YYYY-MM-DD; default: the first commit of the plan)
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// The "as of" date: the report is what was known then (YYYY-MM-DD; default: today)
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

/// Writes shell completions for `shell`.
pub fn completions(shell: clap_complete::Shell, out: &mut dyn std::io::Write) {
    let mut cmd = <Cli as clap::CommandFactory>::command();
    clap_complete::generate(shell, &mut cmd, "cairn", out);
}

/// Writes the man page (roff).
pub fn man(out: &mut dyn std::io::Write) -> std::io::Result<()> {
    clap_mangen::Man::new(<Cli as clap::CommandFactory>::command()).render(out)
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
