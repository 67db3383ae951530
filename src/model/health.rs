//! An initiative's health (SPEC §3.2): a state derived from the plan and its git history,
//! never typed in, always with a one-line reason. The rules that derive it live in
//! `analyse::health`; this is the value every renderer shows.

use serde::Serialize;

/// Where an initiative stands. Ordered from the most to the least alarming, so sorting puts
/// what leadership must look at first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HealthState {
    /// The target ended while the initiative is open, or the 50% forecast is after it.
    OffTrack,
    /// The 85% forecast is after the target, or the target slipped in the last 30 days.
    AtRisk,
    /// Not enough to say: no target, or no history to forecast from.
    Unknown,
    /// The open work is forecast to finish by the target.
    OnTrack,
    /// Closed: delivered.
    Done,
    /// Abandoned: closed without delivering.
    Dropped,
}

impl HealthState {
    /// Every state, most alarming first.
    pub const ALL: [HealthState; 6] = [
        HealthState::OffTrack,
        HealthState::AtRisk,
        HealthState::Unknown,
        HealthState::OnTrack,
        HealthState::Done,
        HealthState::Dropped,
    ];

    /// The state's name as SPEC §3.2 and JSON write it: `off-track`, `at-risk`, ….
    pub fn as_str(self) -> &'static str {
        match self {
            HealthState::OffTrack => "off-track",
            HealthState::AtRisk => "at-risk",
            HealthState::Unknown => "unknown",
            HealthState::OnTrack => "on-track",
            HealthState::Done => "done",
            HealthState::Dropped => "dropped",
        }
    }

    /// A one-character mark that tells the states apart without colour.
    pub fn symbol(self) -> &'static str {
        match self {
            HealthState::OffTrack => "✕",
            HealthState::AtRisk => "▲",
            HealthState::Unknown => "?",
            HealthState::OnTrack => "●",
            HealthState::Done => "✓",
            HealthState::Dropped => "–",
        }
    }

    /// Symbol and word, for tables: `▲ at-risk`.
    pub fn label(self) -> String {
        format!("{} {}", self.symbol(), self.as_str())
    }

    /// Whether leadership should look at it: off-track or at-risk.
    pub fn needs_attention(self) -> bool {
        matches!(self, HealthState::OffTrack | HealthState::AtRisk)
    }
}

impl std::fmt::Display for HealthState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An initiative's health and why: `at-risk`, "85% forecast 2027-04-20 is after target 2027-Q1".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Health {
    pub state: HealthState,
    /// One line in plain words, naming the facts the state was derived from.
    pub reason: String,
}

impl Health {
    pub fn new(state: HealthState, reason: impl Into<String>) -> Self {
        Health { state, reason: reason.into() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_have_distinct_symbols_and_spec_names() {
        let names: Vec<&str> = HealthState::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(names, ["off-track", "at-risk", "unknown", "on-track", "done", "dropped"]);
        let mut symbols: Vec<&str> = HealthState::ALL.iter().map(|s| s.symbol()).collect();
        symbols.sort_unstable();
        symbols.dedup();
        assert_eq!(symbols.len(), 6);
        assert_eq!(HealthState::AtRisk.label(), "▲ at-risk");
        let json = serde_json::to_value(Health::new(HealthState::OffTrack, "why")).unwrap();
        assert_eq!(json, serde_json::json!({"state": "off-track", "reason": "why"}));
    }
}
