//! Analyses of a loaded plan: the rules of `cairn check`, the listings' views, the semantic
//! diff of two plans, the plan's history from git, the reports derived from it, and each
//! initiative's health.
//!
//! Order inside this layer (each module may use the ones before it, never after):
//! [`rules`] → [`views`] → [`diff`] → [`history`] → [`report`] → [`health`].

pub mod diff;
pub mod health;
pub mod history;
pub mod report;
pub mod rules;
pub mod views;
