//! Findings of `cairn check`: rule codes, severities and located diagnostics.

use std::fmt;

use serde::Serialize;

/// How serious a finding is. `Off` is only a configuration value: such findings are dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Off,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Off => "off",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "off" => Some(Severity::Off),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! rules {
    ($( $variant:ident = $code:literal, $sev:ident, $summary:literal; )*) => {
        /// The stable code of every rule of `cairn check`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Rule { $( $variant, )* }

        impl Rule {
            /// Every rule, in the order of the documentation.
            pub const ALL: &'static [Rule] = &[ $( Rule::$variant, )* ];

            /// The stable code, e.g. `link/orphan`.
            pub fn code(self) -> &'static str {
                match self { $( Rule::$variant => $code, )* }
            }

            /// The severity the rule has unless `cairn.yml` changes it.
            pub fn default_severity(self) -> Severity {
                match self { $( Rule::$variant => Severity::$sev, )* }
            }

            /// One sentence saying what the rule checks.
            pub fn summary(self) -> &'static str {
                match self { $( Rule::$variant => $summary, )* }
            }
        }
    };
}

rules! {
    ParseFrontMatter = "parse/front-matter", Error, "The file must start with a YAML front matter block between `---` lines that parses as a mapping.";
    SchemaField = "schema/field", Error, "Required fields are present and every known field has the right type and an allowed value.";
    SchemaUnknownField = "schema/unknown-field", Warning, "A front matter field looks like a typo of a known field.";
    IdDuplicate = "id/duplicate", Error, "Every id is unique across the whole plan.";
    LinkOrphan = "link/orphan", Error, "Every backlog item traces to an initiative.";
    LinkDangling = "link/dangling", Error, "Every link names an id that exists.";
    LinkKind = "link/kind", Error, "`initiative:` names an initiative, and `depends_on` stays within the roadmap or within the backlog.";
    LinkCycle = "link/cycle", Error, "`depends_on` links form no cycle.";
    LinkClosedInitiative = "link/closed-initiative", Warning, "No open or active backlog item sits under a done or dropped initiative.";
    RoadmapEmptyInitiative = "roadmap/empty-initiative", Warning, "Every planned or active initiative has at least one backlog item.";
    RoadmapTaskList = "roadmap/task-list", Warning, "An initiative body is not a detailed task list (more than 5 checkboxes); tasks belong in the backlog.";
    RoadmapPriority = "roadmap/priority", Warning, "Planned and active initiatives each have a priority, and no two share one.";
    RoadmapOverdue = "roadmap/overdue", Warning, "An initiative that is not closed has no target period that has already ended.";
    BacklogAcceptanceCriteria = "backlog/acceptance-criteria", Warning, "A ready or active story has acceptance criteria.";
    BacklogDoneUnchecked = "backlog/done-unchecked", Warning, "A done item has no unchecked acceptance criteria.";
    BacklogStale = "backlog/stale", Warning, "An active item's file changed within `stale_after_days` (needs git history).";
}

impl Rule {
    /// The rule with this code.
    pub fn from_code(code: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.code() == code)
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

/// A byte range in a file, for the source snippet of a diagnostic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub offset: usize,
    pub len: usize,
}

/// One finding: which rule, where, what, and how to fix it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    pub rule: Rule,
    pub severity: Severity,
    /// The id of the item the finding is about, when there is one.
    pub item: Option<String>,
    /// Path relative to the plan root, `/`-separated.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
    pub message: String,
    pub help: Option<String>,
    /// The highlighted byte range, when the finding points at text.
    #[serde(skip)]
    pub span: Option<Span>,
}

impl Diagnostic {
    /// A finding at the rule's default severity; the engine applies `cairn.yml` later.
    pub fn new(rule: Rule, file: impl Into<String>, line: usize, column: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            rule,
            severity: rule.default_severity(),
            item: None,
            file: file.into(),
            line,
            column,
            message: message.into(),
            help: None,
            span: None,
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn item(mut self, id: impl Into<String>) -> Self {
        self.item = Some(id.into());
        self
    }

    pub fn span(mut self, offset: usize, len: usize) -> Self {
        self.span = Some(Span { offset, len });
        self
    }

    /// The order every output uses: file, line, column, rule, message.
    pub fn sort_key(&self) -> (&str, usize, usize, &str, &str) {
        (&self.file, self.line, self.column, self.rule.code(), &self.message)
    }
}

/// Sorts findings by file, then line, column and rule.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}

/// Line and column (1-based, column in characters) of a byte offset in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let mut offset = offset;
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_round_trips_and_is_unique() {
        let mut codes: Vec<&str> = Rule::ALL.iter().map(|r| r.code()).collect();
        for code in &codes {
            assert_eq!(Rule::from_code(code).map(Rule::code), Some(*code));
        }
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), 16);
    }

    #[test]
    fn line_col_counts_characters() {
        let text = "---\nid: é1\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 4), (2, 1));
        let e = text.find('1').unwrap();
        assert_eq!(line_col(text, e), (2, 6));
        assert_eq!(line_col(text, 999), (3, 1));
    }
}
