//! Invariant checkers for escaped output, for unit and property tests, end-to-end tests
//! and fuzz targets. Each returns `Err` with a description of the first violation.
//!
//! Two kinds:
//! - **value checkers** (`*_value`, `*_text`) take one escaped value, check that it is
//!   inert in its medium and return what a reader of that medium sees (Markdown is parsed
//!   with pulldown-cmark in several contexts, HTML and XML entities are decoded, CSV is
//!   parsed); the tests compare that with the expected display of the input.
//! - **document checkers** (`*_safe`) take a whole output (a terminal listing, a Markdown
//!   comment, an XML report, a CSV export, a gantt chart) and check what must hold
//!   everywhere in it: no raw control character, no live markup from plan text.
//!
//! [`exercise`] runs every escaper of the module on one string and checks everything.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::{
    MERMAID_TAGS, MdPiece, csv_cell, github_data, github_property, html_attr, html_text, html_visible, is_control,
    markdown_code, markdown_inline, markdown_line, markdown_message, markdown_table_code, mermaid_id, mermaid_label,
    mermaid_statement_start, push_visible, terminal_line, terminal_text, uri_path, xml_attr, xml_bad, xml_text,
};

fn describe(c: char) -> String {
    let mut s = String::new();
    push_visible(&mut s, c);
    if s.chars().count() == 1 { format!("{c:?}") } else { s }
}

/// Err at the first character of `s` for which `bad` holds.
fn no_char(s: &str, what: &str, bad: impl Fn(char) -> bool) -> Result<(), String> {
    match s.char_indices().find(|&(_, c)| bad(c)) {
        Some((i, c)) => Err(format!("{what}: raw {} at byte {i} in {s:?}", describe(c))),
        None => Ok(()),
    }
}

// ---------------------------------------------------------------------------------------
// Expected displays (simple reference implementations, no fast paths)
// ---------------------------------------------------------------------------------------

/// What a reader sees of a one-line field: controls as visible escapes.
pub fn visible_line(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if is_control(c) { push_visible(&mut out, c) } else { out.push(c) }
    }
    out
}

/// What a reader sees of a body: controls as visible escapes but `\n` and `\t`, CRLF as LF.
pub fn visible_text(s: &str) -> String {
    let s = s.replace("\r\n", "\n");
    let mut out = String::new();
    for c in s.chars() {
        if is_control(c) && c != '\n' && c != '\t' { push_visible(&mut out, c) } else { out.push(c) }
    }
    out
}

/// Line breaks (CRLF counted once) and tabs as spaces, other controls visible.
fn one_line_spaces(s: &str) -> String {
    let s = s.replace("\r\n", "\n");
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '\n' | '\r' | '\t' | '\u{2028}' | '\u{2029}' => out.push(' '),
            c if is_control(c) => push_visible(&mut out, c),
            c => out.push(c),
        }
    }
    out
}

/// The text GitHub shows for `markdown_inline(s)`: line breaks and tabs as spaces, other
/// controls visible, a zero-width space after every `@` and after every `#` before a digit
/// or at the end.
pub fn markdown_inline_expected(s: &str) -> String {
    let spaced = one_line_spaces(s);
    let mut out = String::new();
    let mut chars = spaced.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if c == '@' || (c == '#' && chars.peek().is_none_or(char::is_ascii_digit)) {
            out.push('\u{200b}');
        }
    }
    out
}

/// The content of the code span `markdown_code(s)`.
pub fn markdown_code_expected(s: &str) -> String {
    let content = one_line_spaces(s);
    if content.is_empty() { " ".to_string() } else { content }
}

/// What a chart shows for `mermaid_label(s)`.
pub fn mermaid_label_expected(s: &str) -> String {
    let t = one_line_spaces(s);
    let t = t.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if t.is_empty() { " ".to_string() } else { t.to_string() }
}

// ---------------------------------------------------------------------------------------
// Terminal
// ---------------------------------------------------------------------------------------

/// A whole terminal output (colors off): no [`is_control`] character but `\n` and `\t`.
pub fn terminal_safe(out: &str) -> Result<(), String> {
    no_char(out, "terminal", |c| is_control(c) && c != '\n' && c != '\t')
}

/// A whole terminal output with colors: [`terminal_safe`] once well-formed SGR sequences
/// (`ESC [ digits;… m`, what the renderers write) are removed.
pub fn terminal_safe_with_color(out: &str) -> Result<(), String> {
    let mut plain = String::with_capacity(out.len());
    let mut rest = out;
    while let Some(at) = rest.find('\u{1b}') {
        plain.push_str(&rest[..at]);
        let tail = &rest[at..];
        let body = tail.strip_prefix("\u{1b}[").and_then(|t| {
            let end = t.find(|c: char| !(c.is_ascii_digit() || c == ';' || c == ':'))?;
            (t.as_bytes()[end] == b'm').then(|| &t[end + 1..])
        });
        match body {
            Some(after) => rest = after,
            None => {
                let near: String = tail.chars().take(8).collect();
                return Err(format!("terminal: ESC that is not an SGR color at {near:?}"));
            }
        }
    }
    plain.push_str(rest);
    terminal_safe(&plain)
}

/// A unified diff for the terminal (`cairn set --dry-run`): [`terminal_safe`], where a CR
/// right before a LF is the edited file's own CRLF line end, kept so the patch applies.
pub fn terminal_patch_safe(out: &str) -> Result<(), String> {
    terminal_safe(&out.replace("\r\n", "\n"))
}

/// One escaped field: no [`is_control`] character at all.
pub fn terminal_line_safe(out: &str) -> Result<(), String> {
    no_char(out, "terminal line", is_control)
}

// ---------------------------------------------------------------------------------------
// Markdown
// ---------------------------------------------------------------------------------------

/// The GFM features GitHub renders, as pulldown-cmark options.
fn gfm() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_MATH
        | Options::ENABLE_GFM
}

/// Whether an event is the structure of a test context (not produced by the value).
fn structural(e: &Event<'_>) -> bool {
    match e {
        Event::Start(t) => matches!(
            t,
            Tag::Paragraph
                | Tag::List(_)
                | Tag::Item
                | Tag::BlockQuote(_)
                | Tag::Heading { .. }
                | Tag::Strong
                | Tag::Table(_)
                | Tag::TableHead
                | Tag::TableRow
                | Tag::TableCell
        ),
        Event::End(t) => matches!(
            t,
            TagEnd::Paragraph
                | TagEnd::List(_)
                | TagEnd::Item
                | TagEnd::BlockQuote(_)
                | TagEnd::Heading(_)
                | TagEnd::Strong
                | TagEnd::Table
                | TagEnd::TableHead
                | TagEnd::TableRow
                | TagEnd::TableCell
        ),
        _ => false,
    }
}

/// Contexts a one-line Markdown value is placed in: (source with `{}` for the value, text
/// the context itself shows before and after the value, whether one soft break is expected).
const MD_CONTEXTS: &[(&str, &str, &str, bool)] = &[
    ("{}", "", "", false),
    ("- {}", "", "", false),
    ("1. {}", "", "", false),
    ("> {}", "", "", false),
    ("## {}", "", "", false),
    ("**{}**", "", "", false),
    ("x\n{}", "x", "", true),
    ("| h |\n|---|\n| {} |", "h", "", false),
    ("| h | i |\n|---|---|\n|{}|i|", "hi", "i", false),
];

/// Parses a value in every context of [`MD_CONTEXTS`]; `leaf` receives each non-structural
/// event and returns the text it contributes or an error.
fn md_contexts(
    out: &str,
    contexts: &[(&str, &str, &str, bool)],
    mut leaf: impl FnMut(&Event<'_>) -> Result<String, String>,
) -> Result<String, String> {
    let mut seen: Option<String> = None;
    for &(template, before, after, soft_break) in contexts {
        let source = template.replace("{}", out);
        let mut text = String::new();
        let mut breaks = 0;
        for event in Parser::new_ext(&source, gfm()) {
            if structural(&event) {
                continue;
            }
            if event == Event::SoftBreak {
                breaks += 1;
                continue;
            }
            text.push_str(&leaf(&event).map_err(|e| format!("{e} in context {template:?}: {source:?}"))?);
        }
        if breaks != usize::from(soft_break) {
            return Err(format!("line break in context {template:?}: {source:?}"));
        }
        let Some(value) = text.strip_prefix(before).and_then(|t| t.strip_suffix(after)) else {
            return Err(format!("context {template:?} lost its own text: {source:?} gave {text:?}"));
        };
        match &seen {
            Some(first) if first != value => {
                return Err(format!("context {template:?} shows {value:?}, plain context shows {first:?}"));
            }
            Some(_) => {}
            None => seen = Some(value.to_string()),
        }
    }
    Ok(seen.unwrap_or_default())
}

/// Checks a `markdown_inline` value and returns the text GitHub shows for it.
///
/// The value is parsed (pulldown-cmark, GFM options, math on) alone, after `- `, `1. `,
/// `> `, `## `, inside `**…**`, as a paragraph's second line and in a table cell; each must
/// give only plain text (no emphasis, code, link, HTML, math, footnote, task marker, break
/// or new block), the same text everywhere. That text must not hold a control character,
/// a live `@mention` (`@` before a letter, digit, `-` or `_`) or a `#123` reference.
pub fn markdown_inline_text(out: &str) -> Result<String, String> {
    if out.contains(['\n', '\r']) {
        return Err(format!("markdown: line break in {out:?}"));
    }
    if out.is_empty() {
        return Ok(String::new());
    }
    let text = md_contexts(out, MD_CONTEXTS, |e| match e {
        Event::Text(t) => Ok(t.to_string()),
        other => Err(format!("markdown: live markup {other:?}")),
    })?;
    no_char(&text, "markdown text", is_control)?;
    no_live_reference(&text)?;
    Ok(text)
}

/// Err when rendered Markdown text holds an `@mention` or a `#123` reference GitHub would
/// link.
fn no_live_reference(text: &str) -> Result<(), String> {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        let live = match c {
            '@' => next.is_some_and(|n| n.is_ascii_alphanumeric() || n == '-' || n == '_'),
            '#' => next.is_some_and(|n| n.is_ascii_digit()),
            _ => false,
        };
        if live {
            return Err(format!("markdown: live reference {c}{} in {text:?}", next.unwrap_or(' ')));
        }
    }
    Ok(())
}

/// Checks a `markdown_code` (`in_table` false) or `markdown_table_code` value: alone (or in
/// a table cell) and after `- `, it must parse as exactly one code span; returns its
/// content, which must hold no control character.
pub fn markdown_code_text(out: &str, in_table: bool) -> Result<String, String> {
    if out.contains(['\n', '\r']) {
        return Err(format!("markdown code: line break in {out:?}"));
    }
    let contexts: &[(&str, &str, &str, bool)] = if in_table {
        &[("| h |\n|---|\n| {} |", "h", "", false), ("| h | i |\n|---|---|\n|{}|i|", "hi", "i", false)]
    } else {
        &[("{}", "", "", false), ("- {}", "", "", false)]
    };
    let mut spans = 0;
    let text = md_contexts(out, contexts, |e| match e {
        Event::Code(t) => {
            spans += 1;
            Ok(t.to_string())
        }
        Event::Text(t) if in_table && matches!(t.as_ref(), "h" | "i") => Ok(t.to_string()),
        other => Err(format!("markdown code: {other:?} besides the code span")),
    })?;
    if spans != contexts.len() {
        return Err(format!("markdown code: {spans} code spans in {} contexts: {out:?}", contexts.len()));
    }
    no_char(&text, "markdown code", is_control)?;
    Ok(text)
}

/// A whole Markdown document (PR comment, job summary): no control character but `\n`
/// (and `\t`) in the source; raw HTML only where it trimmed-equals an entry of
/// `allowed_html` (the document's own `<details>`, `<!-- marker -->`, …); no text with a
/// control character, `@mention` or `#123` reference; no `javascript:`, `vbscript:` or
/// `data:` link or image.
pub fn markdown_document_safe(doc: &str, allowed_html: &[&str]) -> Result<(), String> {
    no_char(doc, "markdown document", |c| is_control(c) && c != '\n' && c != '\t')?;
    for event in Parser::new_ext(doc, gfm()) {
        match &event {
            Event::Html(h) | Event::InlineHtml(h) if !allowed_html.contains(&h.trim()) => {
                return Err(format!("markdown document: raw HTML {h:?}"));
            }
            Event::Text(t) => {
                no_char(t, "markdown document text", is_control)?;
                no_live_reference(t)?;
            }
            Event::Code(t) => no_char(t, "markdown document code", is_control)?,
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                let scheme = dest_url.trim_start().to_ascii_lowercase();
                if ["javascript:", "vbscript:", "data:"].iter().any(|s| scheme.starts_with(s)) {
                    return Err(format!("markdown document: link to {dest_url:?}"));
                }
            }
            _ => {}
        }
    }
    Ok(())
}

mod media;
mod mermaid;

pub use media::*;
pub use mermaid::*;
