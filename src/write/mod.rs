//! Everything cairn writes: whole files atomically, inside the plan root, and fresh ids no
//! branch uses; front matter changed in place; items moved to the archive.

pub mod archive;
pub mod atomic;
pub mod edit;
pub mod lock;
pub mod mint;
pub mod new;
pub mod set;
pub mod values;

pub use atomic::{WriteOutcome, create_dir, plan_dir, replace_file, replace_files, write_new};
