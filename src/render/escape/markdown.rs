//! Markdown (GitHub-flavoured): inline text made inert, and code spans.

use std::fmt::Write as _;

use super::*;

// Markdown (GitHub-flavoured)
// ---------------------------------------------------------------------------------------

/// Whether `c` is a line break or tab, which Markdown output turns into a space.
pub(super) fn is_md_space(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\t' | '\u{2028}' | '\u{2029}')
}

/// Escapes plan text as inert inline text of GitHub-flavoured Markdown (PR comments, job
/// summaries, `--format markdown`).
///
/// Guarantees, wherever the result is placed on one line — at the start of a line, after a
/// list marker or `> `, in a heading, inside `**…**`, or in a GFM table cell — it renders as
/// exactly one run of plain text and nothing else:
/// - `\` `` ` `` `*` `_` `[` `]` `|` `~` `#` are backslash-escaped (no emphasis, code, link,
///   image, footnote, strikethrough, table cell split or heading); `|` as `\|` also holds
///   inside GFM tables, whose cell splitter takes a `|` after a backslash into the cell.
/// - `<` `>` `&` `$` become `&lt;` `&gt;` `&amp;` `&#36;` (no HTML such as `</details>`, no
///   autolink `<…>`, no entity reference the text did not mean, no `$…$` math: GitHub
///   documents that a backslash does not keep a `$` out of math everywhere, while an entity
///   is not a `$` to a parser looking for one).
/// - Every `@` is followed by `&#8203;` (a zero-width space), and so is a `#` before a digit
///   or at the end, so `@octocat`, `@org/team`, emails and `#123` references neither link
///   nor notify, as Renovate and Dependabot break them (even when the caller writes digits
///   right after the text).
/// - Line breaks (`\n`, `\r\n`, `\r`, U+2028, U+2029) and tabs become one space: text never
///   starts a new block. Other controls become visible escapes as in [`terminal_line`].
/// - A leading `-` `+` `=` and the `.` or `)` after leading digits are backslash-escaped, and
///   a leading or trailing whitespace character is written as a numeric character reference
///   (`&#32;`, `&#160;`), so no list item, setext underline, thematic break, ordered list,
///   indented code block or hard line break starts or ends the text, cell trimming keeps
///   it, and `**…**` around it still emphasises. A trailing `\` is written `&#92;`, so a
///   `|` the caller writes right after the text still ends the table cell. (`#`, `>`, `*`,
///   `_`, `` ` ``, `~`, `<`, `|`, `[` are escaped everywhere.)
///
/// Left as they are, by decision: bare URLs and `www.` links (GFM autolinks them, but the
/// link shows its own target and notifies no one), `:emoji:` shortcodes (harmless
/// pictures), commit SHAs and `GH-123` (links within the same repository, no
/// notification).
pub fn markdown_inline(s: &str) -> String {
    markdown_inline_part(s, true, true)
}

/// [`markdown_inline`] for one piece of a line that other pieces (code spans from
/// [`markdown_code`], other escaped text) stand beside: `line_start` and `line_end` say
/// whether the piece starts or ends the line. The guarantees of [`markdown_inline`] that are
/// about the line's ends (no list marker, heading or indented code at its start, no hard
/// break or trimmed space at its end) apply only at the ends given; in between, spaces stay
/// spaces, so that `traces to `x`` reads as written.
pub(super) fn markdown_inline_part(s: &str, line_start: bool, line_end: bool) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8 + 8);
    let mut chars = s.chars().peekable();
    let mut first = line_start;
    let mut leading_digits = line_start;
    while let Some(raw) = chars.next() {
        if raw == '\r' && chars.peek() == Some(&'\n') {
            continue;
        }
        let end = chars.peek().is_none();
        let last = end && line_end;
        let c = if is_md_space(raw) { ' ' } else { raw };
        match c {
            c if is_control(c) => push_visible(&mut out, c),
            c if (first || last) && c.is_whitespace() => {
                let _ = write!(out, "&#{};", c as u32);
            }
            '-' | '+' | '=' if first => {
                out.push('\\');
                out.push(c);
            }
            '.' | ')' if leading_digits && !first => {
                out.push('\\');
                out.push(c);
            }
            '\\' if end => out.push_str("&#92;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '#' => {
                out.push_str("\\#");
                if chars.peek().is_none_or(char::is_ascii_digit) {
                    out.push_str("&#8203;");
                }
            }
            '@' => out.push_str("@&#8203;"),
            '$' => out.push_str("&#36;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            c => out.push(c),
        }
        leading_digits = leading_digits && c.is_ascii_digit();
        first = false;
    }
    out
}

/// One piece of a line of Markdown: text, or a value shown as code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MdPiece<'a> {
    Text(&'a str),
    Code(&'a str),
}

/// The pieces of a cairn message (a check finding, a help line) in which `` `…` `` marks
/// code. cairn's marks open after a space, a `(` or the start and close before a space,
/// punctuation or the end, around text without a backtick; plan text quoted in a message may
/// hold backticks of its own, so when any backtick of the message is not such a mark, the
/// whole message is text (its backticks shown as written, never pairing with cairn's).
pub fn message_pieces(s: &str) -> Vec<MdPiece<'_>> {
    let ticks: Vec<usize> = s.match_indices('`').map(|(i, _)| i).collect();
    let before = |i: usize| s[..i].chars().next_back();
    let after = |i: usize| s[i + 1..].chars().next();
    let opens = |i: usize| {
        before(i).is_none_or(|c| c.is_whitespace() || c == '(') && after(i).is_some_and(|c| !c.is_whitespace())
    };
    let closes = |i: usize| {
        before(i).is_some_and(|c| !c.is_whitespace())
            && after(i).is_none_or(|c| c.is_whitespace() || ",.;:?!)'".contains(c))
    };
    let marks = ticks.len() % 2 == 0 && ticks.chunks(2).all(|p| opens(p[0]) && closes(p[1]) && p[1] > p[0] + 1);
    if !marks {
        return vec![MdPiece::Text(s)];
    }
    let mut out = Vec::with_capacity(ticks.len() + 1);
    let mut at = 0;
    for pair in ticks.chunks(2) {
        if pair[0] > at {
            out.push(MdPiece::Text(&s[at..pair[0]]));
        }
        out.push(MdPiece::Code(&s[pair[0] + 1..pair[1]]));
        at = pair[1] + 1;
    }
    if at < s.len() {
        out.push(MdPiece::Text(&s[at..]));
    }
    out
}

/// One line of GitHub Markdown from pieces: each code piece a code span ([`markdown_code`]),
/// each run of text pieces inert text (the line's start and end
/// guarded as [`markdown_inline`] guards them), so values show as code and never as literal
/// backticks. Safe wherever [`markdown_inline`] is.
pub fn markdown_line(pieces: &[MdPiece<'_>]) -> String {
    let mut out = String::new();
    let mut run = String::new();
    let mut at_start = true;
    let flush = |run: &mut String, out: &mut String, at_start: &mut bool, at_end: bool| {
        if !run.is_empty() {
            out.push_str(&markdown_inline_part(run, *at_start, at_end));
            run.clear();
            *at_start = false;
        }
    };
    for piece in pieces {
        match piece {
            MdPiece::Text(t) => run.push_str(t),
            MdPiece::Code(c) => {
                flush(&mut run, &mut out, &mut at_start, false);
                out.push_str(&code_span(c, false));
                at_start = false;
            }
        }
    }
    flush(&mut run, &mut out, &mut at_start, true);
    out
}

/// A cairn message in which `` `…` `` marks code, as one line of Markdown
/// ([`message_pieces`] through [`markdown_line`]).
pub fn markdown_message(s: &str) -> String {
    markdown_line(&message_pieces(s))
}

/// Escapes plan text as a complete Markdown code span (`` `…` ``) for running text, list
/// items and headings — not for table cells, see [`markdown_table_code`].
///
/// Guarantees: the result is one code span whose rendered content is the text with line
/// breaks and tabs as spaces and other controls as visible escapes ([`terminal_line`]);
/// any content, backticks included, stays inside it: the fence is a backtick run whose
/// length occurs nowhere in the content, and a space pads each side when the content starts
/// or ends with a backtick, or starts and ends with a space (CommonMark strips one space
/// per side then). Inside a code span nothing is markup, so `<`, `&`, `*` and `@` stay raw
/// (GitHub neither links nor notifies mentions in code). Empty text gives `` ` ` ``.
pub fn markdown_code(s: &str) -> String {
    code_span(s, false)
}

/// Escapes plan text as a complete code span inside a GFM table cell: [`markdown_code`]
/// plus every `|` written `\|`, which GFM's cell splitter turns back into `|` before the
/// code span is parsed (outside a table, `\|` would show its backslash).
pub fn markdown_table_code(s: &str) -> String {
    code_span(s, true)
}

fn code_span(s: &str, in_table: bool) -> String {
    let mut content = String::with_capacity(s.len() + 2);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            c if is_md_space(c) => content.push(' '),
            '|' if in_table => content.push_str("\\|"),
            c if is_control(c) => push_visible(&mut content, c),
            c => content.push(c),
        }
    }
    let fence = fence_len(&content);
    let pad = content.starts_with('`')
        || content.ends_with('`')
        || (content.starts_with(' ') && content.ends_with(' ') && content.bytes().any(|b| b != b' '));
    if content.is_empty() {
        content.push(' ');
    }
    let mut out = String::with_capacity(content.len() + 2 * fence + 2);
    out.extend(std::iter::repeat_n('`', fence));
    if pad {
        out.push(' ');
    }
    out.push_str(&content);
    if pad {
        out.push(' ');
    }
    out.extend(std::iter::repeat_n('`', fence));
    out
}

/// The shortest backtick run length that does not occur in `content`.
fn fence_len(content: &str) -> usize {
    let mut seen: Vec<bool> = Vec::new();
    let mut run = 0usize;
    for b in content.bytes().chain(std::iter::once(b'\0')) {
        if b == b'`' {
            run += 1;
        } else if run > 0 {
            if seen.len() <= run {
                seen.resize(run + 1, false);
            }
            seen[run] = true;
            run = 0;
        }
    }
    (1..).find(|&n| !seen.get(n).copied().unwrap_or(false)).unwrap_or(1)
}

// ---------------------------------------------------------------------------------------
