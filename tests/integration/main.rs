//! Integration tests: the real `cairn` binary on real files and real git repositories.

mod common;

mod bad_input;
mod check_rules;
mod config;
mod discovery;
mod formats;
mod git_rev;
mod init;
mod readme;
