//! Integration tests: the real `cairn` binary on real files and real git repositories.

mod common;

#[cfg(unix)]
mod action;
mod adopt;
mod architecture;
mod archive;
mod bad_input;
mod browser;
mod check_rules;
mod ci_formats;
mod config;
mod diff;
mod diff_review;
mod diff_sources;
mod discovery;
mod export;
mod formats;
mod fuzz_regressions;
mod generate;
mod git_rev;
mod history_cache;
mod hostile;
mod hostile_git;
mod hostile_limits;
mod hostile_media;
mod hostile_sweep;
mod init;
mod log;
mod new;
mod properties;
mod readme;
mod report;
mod repos;
mod right_answers;
mod set;
mod set_properties;
mod verifier;
mod views;
