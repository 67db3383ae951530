//! Integration tests: the real `cairn` binary on real files and real git repositories.

mod common;

mod adopt;
mod architecture;
mod bad_input;
mod browser;
mod check_rules;
mod ci_formats;
mod config;
mod diff;
mod discovery;
mod export;
mod formats;
mod fuzz_regressions;
mod generate;
mod git_rev;
mod history_cache;
mod init;
mod log;
mod new;
mod properties;
mod readme;
mod report;
mod repos;
mod right_answers;
mod views;
