//! A spinner on stderr for long history walks: only on a terminal, never in pipes or CI logs
//! (SPEC §6).

use std::io::IsTerminal;

use crate::analyse::history::Progress;

/// The spinner; invisible unless stderr is a terminal and `CI` is unset.
pub struct Spinner(Option<indicatif::ProgressBar>);

impl Spinner {
    pub fn new() -> Self {
        let on_terminal = std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
        Spinner(on_terminal.then(|| {
            let bar = indicatif::ProgressBar::new_spinner();
            bar.set_style(
                indicatif::ProgressStyle::with_template("{spinner} reading history: {pos} commits")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
            );
            bar.enable_steady_tick(std::time::Duration::from_millis(120));
            bar
        }))
    }
}

impl Default for Spinner {
    fn default() -> Self {
        Self::new()
    }
}

impl Progress for Spinner {
    fn tick(&self) {
        if let Some(bar) = &self.0 {
            bar.inc(1);
        }
    }
    fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
