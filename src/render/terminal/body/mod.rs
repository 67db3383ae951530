//! Markdown bodies rendered for a terminal from pulldown-cmark events: headings, emphasis,
//! lists, code, links and quotes. Without color the same layout comes out as plain text.

use anstyle::{AnsiColor, Effects, Style};

use super::Styles;
use crate::render::escape::{terminal_line, terminal_text};
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

mod skip;
mod table;

use skip::hidden_events;
use table::TableBuf;

/// Whether an HTML block or inline HTML is only a comment (`<!-- … -->`).
fn is_comment(html: &str) -> bool {
    let t = html.trim();
    t.starts_with("<!--") && t.ends_with("-->")
}

/// An HTML block's text without its comments (`<!-- … -->`, which may span lines; an
/// unterminated one runs to the end of the block, as in HTML).
fn without_comments(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 4..];
        rest = after.find("-->").map_or("", |end| &after[end + 3..]);
    }
    out.push_str(rest);
    out
}

/// Deepest nesting of quotes, lists and code blocks shown as indentation.
const MAX_NESTING: usize = 8;

struct Renderer {
    styles: Styles,
    out: String,
    /// Prefixes of the open blocks (list indentation, quote bars).
    /// Lengths of the open blocks' prefixes (list indentation, quote bars) in `prefix_text`.
    prefix: Vec<usize>,
    /// The open prefixes, concatenated: written at the start of every line.
    prefix_text: String,
    /// How many open prefixes add indentation (at most [`MAX_NESTING`]).
    visible: usize,
    /// Nothing was written since the last list marker.
    after_marker: bool,
    /// Open list counters (`None` for bullets).
    lists: Vec<Option<u64>>,
    at_line_start: bool,
    style_stack: Vec<Style>,
    link: Vec<String>,
    in_code_block: bool,
}

impl Renderer {
    fn current_style(&self) -> Style {
        let mut s = Style::new();
        for st in &self.style_stack {
            s = s.effects(s.get_effects() | st.get_effects());
            if let Some(c) = st.get_fg_color() {
                s = s.fg_color(Some(c));
            }
        }
        s
    }

    fn text(&mut self, text: &str) {
        for (n, line) in text.split('\n').enumerate() {
            if n > 0 {
                self.newline();
            }
            if line.is_empty() {
                continue;
            }
            if self.at_line_start {
                self.out.push_str(&self.prefix_text);
                self.at_line_start = false;
            }
            let style = self.current_style();
            // Plan text is data: controls become visible escapes before any styling.
            let painted = self.styles.paint(style, &terminal_text(line));
            self.out.push_str(&painted);
            self.after_marker = false;
        }
    }

    /// Opens a nested block's prefix. Beyond [`MAX_NESTING`] levels a block adds no more
    /// indentation, so output stays bounded by a small multiple of the input however deep
    /// quotes and lists nest.
    fn push_prefix(&mut self, prefix: String) {
        if self.visible < MAX_NESTING && !prefix.is_empty() {
            self.visible += 1;
            self.prefix_text.push_str(&prefix);
            self.prefix.push(prefix.len());
        } else {
            self.prefix.push(0);
        }
    }

    /// Closes the innermost block's prefix.
    fn pop_prefix(&mut self) {
        if let Some(len) = self.prefix.pop()
            && len > 0
        {
            self.visible -= 1;
            self.prefix_text.truncate(self.prefix_text.len() - len);
        }
    }

    fn newline(&mut self) {
        self.after_marker = false;
        self.out.push('\n');
        self.at_line_start = true;
    }

    fn blank_line(&mut self) {
        if !self.at_line_start {
            self.newline();
        }
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }
}

/// Renders a Markdown body. A heading named in `skip` (case-insensitive, e.g. "acceptance
/// criteria", shown elsewhere) is left out with the task lists of its section; any other
/// text of the section (notes written after the list) is kept.
pub fn render(body: &str, styles: Styles, skip: &[&str]) -> String {
    let mut r = Renderer {
        styles,
        out: String::new(),
        prefix: Vec::new(),
        prefix_text: String::new(),
        visible: 0,
        after_marker: false,
        lists: Vec::new(),
        at_line_start: true,
        style_stack: Vec::new(),
        link: Vec::new(),
        in_code_block: false,
    };
    let events: Vec<Event<'_>> =
        Parser::new_ext(body, Options::ENABLE_TASKLISTS | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES)
            .collect();
    let hidden = hidden_events(&events, skip);
    let mut table: Option<TableBuf> = None;
    let mut i = 0;
    while i < events.len() {
        let event = &events[i];
        i += 1;
        if hidden[i - 1] {
            continue;
        }
        if let Some(buf) = table.as_mut() {
            if let Event::End(TagEnd::Table) = event {
                let buf = table.take().unwrap_or_default();
                r.blank_line();
                for line in buf.render().lines() {
                    r.out.push_str(&r.prefix_text);
                    r.out.push_str(line);
                    r.out.push('\n');
                }
                r.at_line_start = true;
                r.blank_line();
            } else {
                buf.event(event);
            }
            continue;
        }
        if let Event::Start(Tag::Table(aligns)) = event {
            table = Some(TableBuf::new(aligns.clone()));
            continue;
        }
        // An HTML block comes one line per event: its comments (notes for tools, such as
        // Backlog.md's section markers) are left out whole, however many lines they span.
        if let Event::Start(Tag::HtmlBlock) = event {
            let mut html = String::new();
            while i < events.len() {
                let e = &events[i];
                i += 1;
                match e {
                    Event::End(TagEnd::HtmlBlock) => break,
                    Event::Html(t) | Event::Text(t) if !hidden[i - 1] => html.push_str(t),
                    _ => {}
                }
            }
            let shown = without_comments(&html);
            let lines: Vec<&str> = shown.lines().map(str::trim_end).filter(|l| !l.is_empty()).collect();
            if !lines.is_empty() {
                r.blank_line();
                r.text(&lines.join("\n"));
                r.newline();
            }
            continue;
        }
        match event {
            Event::Start(tag) => match tag {
                Tag::Heading { level, .. } => {
                    r.blank_line();
                    let style = match level {
                        HeadingLevel::H1 | HeadingLevel::H2 => Style::new().effects(Effects::BOLD | Effects::UNDERLINE),
                        _ => Style::new().effects(Effects::BOLD),
                    };
                    r.style_stack.push(style);
                }
                Tag::Paragraph if r.lists.is_empty() => r.blank_line(),
                Tag::Emphasis => r.style_stack.push(Style::new().effects(Effects::ITALIC)),
                Tag::Strong => r.style_stack.push(Style::new().effects(Effects::BOLD)),
                Tag::Strikethrough => r.style_stack.push(Style::new().effects(Effects::STRIKETHROUGH)),
                Tag::Link { dest_url, .. } => {
                    r.style_stack.push(Style::new().effects(Effects::UNDERLINE));
                    r.link.push(dest_url.to_string());
                }
                Tag::BlockQuote(_) => {
                    r.blank_line();
                    r.push_prefix(styles.dim("│ "));
                }
                Tag::CodeBlock(kind) => {
                    r.blank_line();
                    r.in_code_block = true;
                    if let CodeBlockKind::Fenced(lang) = kind
                        && !lang.is_empty()
                    {
                        let label = styles.dim(&format!("    [{}]", terminal_line(lang)));
                        r.out.push_str(&label);
                        r.newline();
                    }
                    r.push_prefix("    ".into());
                    r.style_stack.push(Style::new().fg_color(Some(AnsiColor::Cyan.into())));
                }
                Tag::List(start) => {
                    if r.lists.is_empty() {
                        r.blank_line();
                    } else if !r.at_line_start && !r.after_marker {
                        r.newline();
                    }
                    r.lists.push(*start);
                }
                Tag::Item => {
                    // An item that holds only a list shares its line with the nested marker
                    // (`• • x`), so deep nesting cannot multiply the output.
                    if !r.at_line_start && !r.after_marker {
                        r.newline();
                    }
                    let marker = match r.lists.last_mut() {
                        Some(Some(n)) => {
                            let m = format!("{n}. ");
                            *n += 1;
                            m
                        }
                        _ => "• ".to_string(),
                    };
                    // Nested lists are indented by the prefixes of the items they sit in.
                    if !r.after_marker {
                        r.out.push_str(&r.prefix_text);
                    }
                    r.out.push_str(&marker);
                    r.at_line_start = false;
                    r.after_marker = true;
                    r.push_prefix(" ".repeat(marker.chars().count()));
                }
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Heading(_) => {
                    r.style_stack.pop();
                    r.newline();
                }
                TagEnd::Paragraph if r.lists.is_empty() => r.newline(),
                TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough => {
                    r.style_stack.pop();
                }
                TagEnd::Link => {
                    r.style_stack.pop();
                    if let Some(url) = r.link.pop() {
                        let shown = styles.dim(&format!(" ({})", terminal_line(&url)));
                        r.out.push_str(&shown);
                    }
                }
                TagEnd::BlockQuote(_) => {
                    r.pop_prefix();
                    r.blank_line();
                }
                TagEnd::CodeBlock => {
                    r.pop_prefix();
                    r.style_stack.pop();
                    r.in_code_block = false;
                    if !r.at_line_start {
                        r.newline();
                    }
                }
                TagEnd::List(_) => {
                    r.lists.pop();
                    if !r.at_line_start {
                        r.newline();
                    }
                }
                TagEnd::Item => {
                    r.pop_prefix();
                }
                _ => {}
            },
            Event::Text(t) => {
                let t = if r.in_code_block { t.trim_end_matches('\n') } else { t };
                r.text(t);
            }
            Event::Code(t) => {
                let t = terminal_line(t);
                let s = if styles.color { styles.fg(AnsiColor::Cyan, &t) } else { format!("`{t}`") };
                if r.at_line_start {
                    r.out.push_str(&r.prefix_text);
                    r.at_line_start = false;
                }
                r.out.push_str(&s);
            }
            Event::TaskListMarker(checked) => r.text(if *checked { "[x] " } else { "[ ] " }),
            Event::SoftBreak | Event::HardBreak => r.newline(),
            Event::Rule => {
                r.blank_line();
                r.out.push_str(&r.prefix_text);
                r.out.push_str(&styles.dim("────────"));
                r.newline();
            }
            // HTML comments are notes for tools (Backlog.md's section markers), not for people.
            Event::Html(t) | Event::InlineHtml(t) if is_comment(t) => {}
            Event::Html(t) | Event::InlineHtml(t) => r.text(t),
            _ => {}
        }
    }
    let trimmed = r.out.trim_matches('\n');
    if trimmed.is_empty() { String::new() } else { format!("{trimmed}\n") }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAIN: Styles = Styles { color: false };

    #[test]
    fn plain_text_keeps_the_structure() {
        let body = "Intro with *emphasis*, **strong**, `code` and a [link](https://x.test).\n\n## Notes\n- one\n- two\n  - nested\n\n1. first\n2. second\n\n> quoted\n\n```rust\nfn main() {}\n```\n";
        let out = render(body, PLAIN, &[]);
        assert_eq!(
            out,
            "Intro with emphasis, strong, `code` and a link (https://x.test).\n\nNotes\n\n• one\n• two\n  • nested\n\n1. first\n2. second\n\n│ quoted\n\n    [rust]\n    fn main() {}\n"
        );
    }

    #[test]
    fn skips_the_named_section() {
        let body = "Story.\n\n## Acceptance criteria\n- [ ] a\n\n## Notes\nKeep.\n";
        let out = render(body, PLAIN, &["acceptance criteria"]);
        assert_eq!(out, "Story.\n\nNotes\n\nKeep.\n");
    }

    #[test]
    fn html_comments_are_left_out_whatever_their_length() {
        let body = "Intro <!-- inline --> text.\n\n<!--\nmulti\nline\n-->\n\n<!-- one -->\n<div>kept</div> <!-- x -->\n\nEnd.\n";
        let out = render(body, PLAIN, &[]);
        assert_eq!(out, "Intro  text.\n\n<div>kept</div>\n\nEnd.\n");
    }

    #[test]
    fn color_adds_escape_codes_only_when_asked() {
        let out = render("**bold**", Styles { color: true }, &[]);
        assert!(out.contains('\u{1b}'));
        assert!(!render("**bold**", PLAIN, &[]).contains('\u{1b}'));
    }
}
