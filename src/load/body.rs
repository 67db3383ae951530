//! Reading the Markdown body with pulldown-cmark: acceptance criteria, the `Outcome`
//! section of initiatives, and the number of checkboxes.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::model::{Criteria, Criterion};

/// What cairn reads from a body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BodyFacts {
    pub criteria: Criteria,
    /// The text under an `Outcome` heading, if any.
    pub outcome: Option<String>,
    /// Every task-list checkbox in the body.
    pub checkboxes: usize,
    /// The text of the first level-1 heading (`# Title`): it stands in for a missing title.
    pub heading: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    Other,
    Criteria(HeadingLevel),
    Outcome(HeadingLevel),
}

/// Reads the facts cairn needs from a Markdown body.
pub fn read(body: &str) -> BodyFacts {
    let mut facts = BodyFacts::default();
    let mut section = Section::Other;
    let mut heading: Option<(HeadingLevel, String)> = None;
    let mut item_depth = 0usize;
    let mut collecting: Option<usize> = None;
    let mut outcome = String::new();
    let mut in_outcome_block = false;

    for event in
        Parser::new_ext(body, Options::ENABLE_TASKLISTS | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES)
    {
        let is_code = matches!(event, Event::Code(_));
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some((level, String::new()));
                collecting = None;
            }
            Event::End(TagEnd::Heading(_)) => {
                let Some((level, text)) = heading.take() else {
                    continue;
                };
                if level == HeadingLevel::H1 && facts.heading.is_none() {
                    facts.heading = Some(text.trim().to_string());
                }
                let name = text.trim().trim_end_matches(':').trim();
                section = if name.eq_ignore_ascii_case("acceptance criteria") {
                    facts.criteria.heading = true;
                    Section::Criteria(level)
                } else if name.eq_ignore_ascii_case("outcome") {
                    Section::Outcome(level)
                } else {
                    match section {
                        Section::Criteria(l) | Section::Outcome(l) if level > l => section,
                        _ => Section::Other,
                    }
                };
            }
            Event::Start(Tag::Item) => item_depth += 1,
            Event::End(TagEnd::Item) => {
                if collecting == Some(item_depth) {
                    collecting = None;
                }
                item_depth = item_depth.saturating_sub(1);
            }
            Event::TaskListMarker(checked) => {
                facts.checkboxes += 1;
                if matches!(section, Section::Criteria(_)) {
                    facts.criteria.items.push(Criterion { checked, text: String::new() });
                    collecting = Some(item_depth);
                }
            }
            Event::Start(Tag::Paragraph | Tag::List(_) | Tag::CodeBlock(_) | Tag::BlockQuote(_))
                if heading.is_none() =>
            {
                if matches!(section, Section::Outcome(_)) {
                    in_outcome_block = true;
                    if !outcome.is_empty() && !outcome.ends_with('\n') {
                        outcome.push('\n');
                    }
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, h)) = heading.as_mut() {
                    h.push_str(&t);
                } else {
                    if collecting.is_some()
                        && let Some(c) = facts.criteria.items.last_mut()
                    {
                        // A criterion keeps its inline code marked as written (`--json`), so
                        // that every output shows which words were code.
                        if is_code {
                            c.text.push_str(&code_span(&t));
                        } else {
                            c.text.push_str(&t);
                        }
                    }
                    if in_outcome_block && matches!(section, Section::Outcome(_)) {
                        outcome.push_str(&t);
                    }
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if collecting.is_some()
                    && let Some(c) = facts.criteria.items.last_mut()
                {
                    c.text.push(' ');
                }
                if in_outcome_block && matches!(section, Section::Outcome(_)) {
                    outcome.push(' ');
                }
            }
            _ => {}
        }
    }
    for c in &mut facts.criteria.items {
        c.text = c.text.trim().to_string();
    }
    let outcome = outcome.trim();
    if !outcome.is_empty() {
        facts.outcome = Some(outcome.to_string());
    }
    facts
}

/// Inline code as Markdown writes it: between backtick runs longer than any run inside.
fn code_span(code: &str) -> String {
    let longest = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if code.starts_with('`') || code.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{code}{pad}{fence}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_acceptance_criteria_under_any_level() {
        let body = "Intro\n\n### acceptance Criteria:\n- [x] Plan picker shows **price** per week\n- [ ] Works with\n  screen readers\n\n## Notes\n- [ ] not a criterion\n";
        let f = read(body);
        assert!(f.criteria.heading);
        assert_eq!((f.criteria.checked(), f.criteria.total()), (1, 2));
        assert_eq!(f.criteria.items[0].text, "Plan picker shows price per week");
        assert_eq!(f.criteria.items[1].text, "Works with screen readers");
        assert_eq!(f.checkboxes, 3);
        // Inline code stays marked as written.
        let f = read("## Acceptance criteria\n- [ ] `--json` works, and ``a`b``\n");
        assert_eq!(f.criteria.items[0].text, "`--json` works, and ``a`b``");
    }

    #[test]
    fn subheadings_stay_in_the_section() {
        let body = "## Acceptance criteria\n### Payments\n- [x] a\n### Emails\n- [ ] b\n# Next\n- [ ] c\n";
        let f = read(body);
        assert_eq!((f.criteria.checked(), f.criteria.total()), (1, 2));
    }

    #[test]
    fn a_heading_without_a_task_list_has_no_criteria() {
        let f = read("## Acceptance criteria\n\n- plain bullet\n");
        assert!(f.criteria.heading);
        assert_eq!(f.criteria.total(), 0);
    }

    #[test]
    fn checkboxes_in_code_blocks_do_not_count() {
        let f = read("```\n- [ ] not a task\n```\n");
        assert_eq!(f.checkboxes, 0);
    }

    #[test]
    fn reads_the_outcome_section() {
        let f = read("Direction.\n\n## Outcome\nCustomers order\nweekly.\n\nRetention up 10%.\n\n## Risks\nNone.\n");
        assert_eq!(f.outcome.as_deref(), Some("Customers order weekly.\nRetention up 10%."));
    }

    #[test]
    fn the_first_level_one_heading_is_kept() {
        let f = read("<!-- a comment -->\n\n## Summary\n\n# Deprecate `ember-fetch`\n\n# Second\n");
        assert_eq!(f.heading.as_deref(), Some("Deprecate ember-fetch"));
        assert_eq!(read("## Only a subheading\n").heading, None);
    }

    #[test]
    fn a_huge_body_is_read() {
        let body = "word ".repeat(200_000) + "\n## Acceptance criteria\n- [x] done\n";
        let f = read(&body);
        assert_eq!(f.criteria.total(), 1);
    }
}
