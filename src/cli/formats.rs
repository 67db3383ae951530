//! The `--format` values of each command, as enums: `--help` and shell completions list them
//! and the compiler checks every match.

use clap::ValueEnum;

use super::GlobalArgs;

/// Formats of `cairn check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Reports with source snippets, for people
    Human,
    /// One JSON object (SPEC §5)
    Json,
    /// GitHub Actions annotations, plus a job summary when `GITHUB_STEP_SUMMARY` is set
    Github,
    /// SARIF 2.1.0 for code scanning
    Sarif,
    /// GitLab Code Quality report
    Gitlab,
    /// JUnit XML, one test case per item
    Junit,
}

/// Formats of `cairn roadmap`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RoadmapFormat {
    Table,
    Json,
    Csv,
    Markdown,
    /// A Mermaid gantt chart GitHub renders
    Mermaid,
}

/// Formats of `cairn backlog`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BacklogFormat {
    Table,
    Json,
    Csv,
    Markdown,
}

/// Formats of `cairn show` and `cairn tree`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ItemFormat {
    Human,
    Json,
}

/// Formats of `cairn diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Human,
    /// For a pull-request comment
    Markdown,
    /// SPEC §5
    Json,
}

/// Formats of `cairn log`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Human,
    Json,
    Markdown,
}

/// Formats of `cairn report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Human,
    Markdown,
    Json,
    /// One self-contained page with charts
    Html,
}

/// Parses a `--format` value like clap's enum parser (so help and completions list the
/// values), but refuses an unknown one with cairn's own "did you mean".
#[derive(Clone)]
pub struct FormatParser<F>(std::marker::PhantomData<F>);

impl<F> FormatParser<F> {
    pub fn new() -> Self {
        FormatParser(std::marker::PhantomData)
    }
}

impl<F> Default for FormatParser<F> {
    fn default() -> Self {
        Self::new()
    }
}

impl<F: ValueEnum + Clone + Send + Sync + 'static> clap::builder::TypedValueParser for FormatParser<F> {
    type Value = F;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        _arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<F, clap::Error> {
        let text = value.to_string_lossy();
        F::from_str(&text, false).map_err(|_| {
            let (message, help) = format_problem::<F>(&text, cmd.get_name());
            clap::Error::raw(clap::error::ErrorKind::InvalidValue, format!("{message}\n\n  help: {help}\n"))
        })
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(F::value_variants().iter().filter_map(ValueEnum::to_possible_value)))
    }
}

/// The message and help for an unknown format of a command.
fn format_problem<F: ValueEnum>(name: &str, command: &str) -> (String, String) {
    let allowed: Vec<String> =
        F::value_variants().iter().filter_map(ValueEnum::to_possible_value).map(|p| p.get_name().to_string()).collect();
    let hint = crate::suggest::closest(name, allowed.iter().map(String::as_str))
        .map_or(String::new(), |s| format!("did you mean `{s}`? "));
    (format!("`{name}` is not a format of `cairn {command}`"), format!("{hint}use one of: {}", allowed.join(", ")))
}

/// The format asked for: the command's own `--format`, else one given before the command
/// (checked against the command's formats), else `default`.
pub fn pick_format<F: ValueEnum>(
    global: &GlobalArgs,
    own: Option<F>,
    default: F,
    command: &str,
) -> crate::error::Result<F> {
    if let Some(f) = own {
        return Ok(f);
    }
    let Some(name) = global.format.as_deref() else { return Ok(default) };
    F::from_str(name, false).map_err(|_| {
        let (message, help) = format_problem::<F>(name, command);
        crate::error::CairnError::usage(message, Some(help))
    })
}
