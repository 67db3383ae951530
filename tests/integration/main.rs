//! Integration tests: the real `cairn` binary on real files and real git repositories.

mod common;

mod bad_input;
mod check_rules;
mod config;
mod discovery;
mod formats;
mod generate;
mod git_rev;
mod init;
mod new;
mod readme;
mod views;
