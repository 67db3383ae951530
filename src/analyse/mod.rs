//! Analyses of a loaded plan: the rules of `cairn check`, the listings' views, the semantic
//! diff of two plans, the plan's history from git, and the reports derived from it.
//!
//! Order inside this layer (each module may use the ones before it, never after):
//! [`rules`] → [`views`] → [`diff`] → [`history`] → [`report`].

pub mod diff;
pub mod history;
pub mod report;
pub mod rules;
pub mod views;
