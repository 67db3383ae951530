//! Mermaid gantt labels and task ids.

use std::borrow::Cow;
use std::fmt::Write as _;

use super::markdown::is_md_space;
use super::*;

// Mermaid (gantt)
// ---------------------------------------------------------------------------------------

/// Lowercase prefixes of the statements mermaid's gantt lexer recognises before task text
/// (its rules are case-insensitive and tried first: `click[\s]+`, `gantt\b`, `title\s…`,
/// `section\s…`, `accTitle\s*:`, `weekday\s+monday`, …), plus `call` and `href`, which an
/// older grammar also took anywhere. A label starting with one of them has its first
/// character written as an entity code. Add new statements here when mermaid grows them.
const MERMAID_KEYWORDS: &[&str] = &[
    "accdescr",
    "acctitle",
    "axisformat",
    "call",
    "click",
    "dateformat",
    "excludes",
    "gantt",
    "href",
    "inclusiveenddates",
    "includes",
    "section",
    "tickinterval",
    "title",
    "todaymarker",
    "topaxis",
    "weekday",
    "weekend",
];

/// The task tags mermaid's gantt takes from the front of a task's data (`ganttDb` `tags`);
/// an id equal to one would be read as a tag.
pub(super) const MERMAID_TAGS: &[&str] = &["active", "crit", "done", "milestone", "vert"];

/// Whether `s` starts, ignoring ASCII case, with one of [`MERMAID_KEYWORDS`] or with a
/// `dddd-dd-dd` date (the lexer's `date` rule, also tried before task text).
pub(super) fn mermaid_statement_start(s: &str) -> bool {
    let b = s.as_bytes();
    let date = b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit);
    date || MERMAID_KEYWORDS.iter().any(|k| b.len() >= k.len() && b[..k.len()].eq_ignore_ascii_case(k.as_bytes()))
}

/// Escapes plan text as a mermaid gantt task name (also fine after `section ` and `title `).
///
/// Guarantees: the result is non-empty, one line, and the gantt lexer reads it, followed
/// by ` :` and task data, as task text and nothing else:
/// - Line breaks and tabs become spaces, other controls visible escapes; leading and
///   trailing whitespace is trimmed (the lexer skips leading whitespace anyway).
/// - `#` `:` `;` `%` `<` `>` become mermaid entity codes `#35;` `#58;` `#59;` `#37;`
///   `#60;` `#62;`, which mermaid turns into placeholders before parsing (`encodeEntities`)
///   and back into the characters when drawing, so the chart shows the text as written.
///   So the result holds no `%` (no `%%` comment, no `%%{init}%%` directive, which mermaid
///   honours anywhere in a diagram), no `:` or `;` (no task data, no statement break), no
///   `#` except in entity codes (an older grammar's comment), no `<…>` (which mermaid's
///   preprocessing rewrites). `ﬂ` and `¶` (mermaid's placeholder characters) are entity
///   codes too.
/// - Text that starts like a statement the lexer tries before task text (`click`, `call`,
///   `gantt`, `title`, `section`, `dateFormat`, `accTitle`, a `2026-01-01` date, …, see
///   the `MERMAID_KEYWORDS` list; any case) has its first character written as an entity code
///   (`click here` → `#99;lick here`).
/// - Empty text becomes `#32;` (one space), since a task needs a name to parse.
pub fn mermaid_label(s: &str) -> String {
    let mut text = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() == Some(&'\n') {
            continue;
        }
        if is_md_space(c) {
            text.push(' ');
        } else if is_control(c) {
            push_visible(&mut text, c);
        } else {
            text.push(c);
        }
    }
    let text = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if text.is_empty() {
        return "#32;".to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for (i, c) in text.char_indices() {
        let code =
            matches!(c, '#' | ':' | ';' | '%' | '<' | '>' | 'ﬂ' | '¶') || (i == 0 && mermaid_statement_start(text));
        if code {
            let _ = write!(out, "#{};", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

/// Escapes an item id as a mermaid gantt task id.
///
/// Guarantees: the result is non-empty, holds only ASCII letters, digits, `-` and `_`, and
/// is never one of mermaid's task tags (`active`, `done`, `crit`, `milestone`, `vert`, in
/// any case). The mapping is injective, so distinct ids never collide: letters, digits and
/// `-` stay, `_` becomes `__`, every other byte of the UTF-8 form becomes `_` and two
/// lowercase hex digits, and an empty id or a tag gets the prefix `_-`, which no other rule
/// produces. Borrows `s` when it is already such an id without `_`.
pub fn mermaid_id(s: &str) -> Cow<'_, str> {
    let reserved = s.is_empty() || MERMAID_TAGS.iter().any(|t| s.eq_ignore_ascii_case(t));
    if !reserved && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() * 3 + 2);
    if reserved {
        out.push_str("_-");
    }
    for b in s.bytes() {
        match b {
            b'_' => out.push_str("__"),
            b if b.is_ascii_alphanumeric() || b == b'-' => out.push(b as char),
            b => {
                let _ = write!(out, "_{b:02x}");
            }
        }
    }
    Cow::Owned(out)
}

// ---------------------------------------------------------------------------------------
