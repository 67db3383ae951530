//! Errors that stop a command (exit code 2). Findings of `cairn check` are not errors: they
//! are [`crate::model::diagnostic::Diagnostic`]s.

use std::path::PathBuf;

use miette::{Diagnostic, NamedSource, SourceSpan};
use thiserror::Error;

/// A failure to do what was asked. Every variant renders as a miette diagnostic with a help
/// line; `main` maps all of them to exit code 2.
#[derive(Debug, Error, Diagnostic)]
pub enum CairnError {
    #[error("no plan found in {} or any parent directory", start.display())]
    #[diagnostic(
        code(cairn::no_plan),
        help(
            "a plan root holds `cairn.yml`, `roadmap/` or `backlog/`; run `cairn init` to create one, or pass `-C DIR`"
        )
    )]
    NoPlan { start: PathBuf },

    #[error("cannot use {}: {reason}", path.display())]
    #[diagnostic(code(cairn::root), help("pass an existing directory with `-C DIR`"))]
    BadRoot { path: PathBuf, reason: String },

    #[error(transparent)]
    #[diagnostic(transparent)]
    Config(#[from] ConfigError),

    #[error("{message}")]
    #[diagnostic(code(cairn::git))]
    Git {
        message: String,
        #[help]
        help: Option<String>,
    },

    #[error("cannot {action} {}: {source}", path.display())]
    #[diagnostic(code(cairn::io))]
    Io {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
        #[help]
        help: Option<String>,
    },

    #[error("{message}")]
    #[diagnostic(code(cairn::usage))]
    Usage {
        message: String,
        #[help]
        help: Option<String>,
    },
}

impl CairnError {
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        CairnError::Io { action, path: path.into(), source, help: None }
    }

    pub fn git(message: impl Into<String>, help: Option<String>) -> Self {
        CairnError::Git { message: message.into(), help }
    }

    pub fn usage(message: impl Into<String>, help: Option<String>) -> Self {
        CairnError::Usage { message: message.into(), help }
    }
}

/// A `cairn.yml` that cannot be used; carries every problem found in it.
#[derive(Debug, Error, Diagnostic)]
#[error("invalid configuration in {file}")]
#[diagnostic(code(cairn::config), help("see docs/format.md, section `cairn.yml`"))]
pub struct ConfigError {
    pub file: String,
    #[source_code]
    pub src: NamedSource<String>,
    #[related]
    pub problems: Vec<ConfigProblem>,
}

/// One problem in `cairn.yml`.
#[derive(Debug, Error, Diagnostic)]
#[error("{message}")]
pub struct ConfigProblem {
    pub message: String,
    #[source_code]
    pub src: NamedSource<String>,
    #[label("here")]
    pub span: Option<SourceSpan>,
    #[help]
    pub help: Option<String>,
}

pub type Result<T, E = CairnError> = std::result::Result<T, E>;
