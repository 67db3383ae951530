//! The one escaping layer: plan text is data, never markup or control (SPEC §7).
//!
//! Plan text (titles, ids, owners, bodies, file names, commit subjects) is written by anyone
//! with push access and reaches terminals, GitHub PR comments and job summaries, CI
//! annotations, spreadsheets, HTML pages, XML reports and mermaid charts. Every renderer puts
//! plan text through exactly one function of this module, chosen by the medium:
//!
//! | medium | functions |
//! |---|---|
//! | terminal, plain text | [`terminal_line`], [`terminal_text`] |
//! | GitHub-flavoured Markdown | [`markdown_inline`], [`markdown_code`], [`markdown_table_code`] |
//! | HTML | [`html_text`], [`html_attr`], [`html_visible`] (before an escaping template engine) |
//! | CSV | [`csv_cell`] |
//! | mermaid gantt | [`mermaid_label`], [`mermaid_id`] |
//! | XML (JUnit) | [`xml_text`], [`xml_attr`] |
//! | URI (SARIF `artifactLocation.uri`) | [`uri_path`] |
//! | GitHub workflow commands | [`github_data`], [`github_property`] |
//!
//! **Controls.** In every medium meant for people, the characters of [`is_control`] (C0
//! controls, DEL, C1 controls, bidi controls, U+2028/U+2029) are never written raw and never
//! dropped silently: they become visible escapes (`\e`, `\a`, `\n`, `\t`, `\r`, otherwise
//! `\u{9b}` style, see [`push_visible`]). A literal backslash stays as it is: the escapes are
//! a display form for people, not a format anything decodes, and no backslash sequence has
//! a meaning to a terminal, so `\e` typed by a user and a real ESC shown as `\e` look the
//! same without either being able to do anything (escaping `\` as `\\` would double every
//! backslash in Windows paths and regexes in titles, for no safety gain).
//!
//! **Cost.** The functions returning [`Cow`] scan bytes first and borrow the input when
//! nothing needs escaping (the usual case: this runs on every cell of 20,000-row tables).
//! Output is bounded by ten times the input plus a constant; everything is linear.
//!
//! [`check`] holds the invariant checkers the tests and the fuzz target (`fuzz/fuzz_targets/
//! escape.rs`) assert on single escaped values and on whole outputs.

use std::borrow::Cow;
use std::fmt::Write as _;

// ---------------------------------------------------------------------------------------
// Shared: controls and visible escapes
// ---------------------------------------------------------------------------------------

/// Whether `c` is a control that output meant for people shows as a visible escape: C0
/// controls U+0000–U+001F (including `\n`, `\t`, `\r`), DEL, C1 controls U+0080–U+009F
/// (U+009B is a one-byte CSI to some terminals), the bidi controls U+061C, U+200E, U+200F,
/// U+202A–U+202E, U+2066–U+2069 (they reorder what a reviewer sees, "Trojan Source") and the
/// Unicode line and paragraph separators U+2028/U+2029.
pub fn is_control(c: char) -> bool {
    matches!(
        c as u32,
        0x00..=0x1f | 0x7f..=0x9f | 0x061c | 0x200e | 0x200f | 0x2028..=0x202e | 0x2066..=0x2069
    )
}

/// Appends the visible escape of `c`: `\e` (ESC), `\a` (BEL), `\n`, `\t`, `\r`, and
/// `\u{hex}` (lowercase hex, no leading zeros, as Rust writes it) for everything else. The
/// result is printable ASCII.
pub fn push_visible(out: &mut String, c: char) {
    match c {
        '\u{1b}' => out.push_str("\\e"),
        '\u{7}' => out.push_str("\\a"),
        '\n' => out.push_str("\\n"),
        '\t' => out.push_str("\\t"),
        '\r' => out.push_str("\\r"),
        _ => {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    }
}

/// A table of bytes: `true` for the bytes that may start a character needing work.
type ByteTable = [bool; 256];

/// Builds a byte table flagging the C0 controls, DEL, the given ASCII bytes and the given
/// UTF-8 lead bytes. Only ASCII and lead bytes (never continuation bytes) may be flagged, so
/// that every flagged position is a character boundary.
const fn table(ascii: &[u8], leads: &[u8]) -> ByteTable {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = true;
        b += 1;
    }
    t[0x7f] = true;
    let mut i = 0;
    while i < ascii.len() {
        t[ascii[i] as usize] = true;
        i += 1;
    }
    let mut i = 0;
    while i < leads.len() {
        t[leads[i] as usize] = true;
        i += 1;
    }
    t
}

/// Lead bytes of the non-ASCII characters of [`is_control`]: C1 (0xC2), U+061C (0xD8),
/// U+200E–U+2069 (0xE2).
const CONTROL_LEADS: &[u8] = &[0xc2, 0xd8, 0xe2];
/// Bytes that may start a [`is_control`] character.
const CONTROLS: ByteTable = table(&[], CONTROL_LEADS);

/// The byte offset of the first character of `s` for which `needs` holds, looking only at
/// characters starting with a byte flagged in `table`. `None` when there is none: the caller
/// borrows its input.
fn first_hit(s: &str, table: &ByteTable, needs: impl Fn(char) -> bool) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(off) = bytes.get(i..)?.iter().position(|&b| table[b as usize]) {
        let at = i + off;
        // Flagged bytes are ASCII or UTF-8 lead bytes, so `at` is a character boundary.
        let c = s.get(at..)?.chars().next()?;
        if needs(c) {
            return Some(at);
        }
        i = at + c.len_utf8();
    }
    None
}

/// Splits `s` at `at` (a character boundary from [`first_hit`]) into an output buffer holding
/// the clean head and the rest still to escape.
fn split_for_escape(s: &str, at: usize, extra: usize) -> (String, &str) {
    let (head, rest) = s.split_at_checked(at).unwrap_or(("", s));
    let mut out = String::with_capacity(s.len() + extra);
    out.push_str(head);
    (out, rest)
}

// ---------------------------------------------------------------------------------------
// Terminal
// ---------------------------------------------------------------------------------------

/// Escapes a one-line field (title, id, owner, status, file name, commit subject) for a
/// terminal or any plain-text output meant for people.
///
/// Guarantees: the result contains no character of [`is_control`] (so no ESC, BEL, CSI,
/// `\n`, `\t`, `\r`, bidi control or line separator): each is replaced by its visible escape
/// ([`push_visible`]); every other character is kept as it is. Borrows `s` when it holds no
/// control.
pub fn terminal_line(s: &str) -> Cow<'_, str> {
    let Some(at) = first_hit(s, &CONTROLS, is_control) else {
        return Cow::Borrowed(s);
    };
    let (mut out, rest) = split_for_escape(s, at, 16);
    for c in rest.chars() {
        if is_control(c) {
            push_visible(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Escapes multi-line text (an item's body) for a terminal: like [`terminal_line`] but `\n`
/// and `\t` stay, and a `\r` directly before `\n` (a CRLF line ending) is dropped.
///
/// Guarantees: the result contains no character of [`is_control`] except `\n` and `\t`;
/// every other control (including a lone `\r`, which would move the cursor back over the
/// line) is a visible escape. Borrows `s` when nothing changes.
pub fn terminal_text(s: &str) -> Cow<'_, str> {
    let needs = |c: char| is_control(c) && c != '\n' && c != '\t';
    let Some(at) = first_hit(s, &CONTROLS, needs) else {
        return Cow::Borrowed(s);
    };
    let (mut out, rest) = split_for_escape(s, at, 16);
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() == Some(&'\n') {
            continue;
        }
        if needs(c) {
            push_visible(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

// ---------------------------------------------------------------------------------------
// Markdown (GitHub-flavoured)
// ---------------------------------------------------------------------------------------

/// Whether `c` is a line break or tab, which Markdown output turns into a space.
fn is_md_space(c: char) -> bool {
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
    let mut out = String::with_capacity(s.len() + s.len() / 8 + 8);
    let mut chars = s.chars().peekable();
    let mut first = true;
    let mut leading_digits = true;
    while let Some(raw) = chars.next() {
        if raw == '\r' && chars.peek() == Some(&'\n') {
            continue;
        }
        let last = chars.peek().is_none();
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
            '\\' if last => out.push_str("&#92;"),
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
// HTML
// ---------------------------------------------------------------------------------------

/// Bytes that may need work in HTML: markup characters plus controls.
const HTML: ByteTable = table(b"&<>\"'", CONTROL_LEADS);

fn push_html_markup(out: &mut String, c: char) -> bool {
    match c {
        '&' => out.push_str("&amp;"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '"' => out.push_str("&quot;"),
        '\'' => out.push_str("&#39;"),
        _ => return false,
    }
    true
}

/// Escapes plan text (one line or a body) for HTML element content or a quoted attribute,
/// for output written by hand (not through maud, see [`html_visible`]).
///
/// Guarantees: `&` `<` `>` `"` `'` become `&amp;` `&lt;` `&gt;` `&quot;` `&#39;`, so the
/// result is text in element content and in single- or double-quoted attribute values; `\n`
/// and `\t` stay (HTML whitespace), a `\r` before `\n` is dropped, and every other
/// [`is_control`] character is a visible escape (controls would be invisible and bidi
/// controls would reorder the page's text). Borrows `s` when nothing changes.
pub fn html_text(s: &str) -> Cow<'_, str> {
    html_escape(s, false)
}

/// Escapes plan text for a one-line HTML attribute value (a `title` tooltip, an
/// `aria-label`): [`html_text`] with `\n`, `\t` and `\r` as visible escapes too.
pub fn html_attr(s: &str) -> Cow<'_, str> {
    html_escape(s, true)
}

/// For HTML built with maud, which escapes `&`, `<`, `>` and `"` itself: shows controls
/// visibly and nothing else ([`terminal_text`]: `\n` and `\t` stay), so plan text passed as
/// `(escape::html_visible(s))` is neither escaped twice nor able to reorder the page. Use
/// [`html_text`] when writing HTML by hand or with `PreEscaped`.
pub fn html_visible(s: &str) -> Cow<'_, str> {
    terminal_text(s)
}

fn html_escape(s: &str, one_line: bool) -> Cow<'_, str> {
    let needs = |c: char| {
        matches!(c, '&' | '<' | '>' | '"' | '\'') || (is_control(c) && (one_line || !matches!(c, '\n' | '\t')))
    };
    let Some(at) = first_hit(s, &HTML, needs) else {
        return Cow::Borrowed(s);
    };
    let (mut out, rest) = split_for_escape(s, at, 16);
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        if !one_line && c == '\r' && chars.peek() == Some(&'\n') {
            continue;
        }
        if push_html_markup(&mut out, c) {
            continue;
        }
        if needs(c) {
            push_visible(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

// ---------------------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------------------

/// Bytes that may need work in a CSV cell.
const CSV: ByteTable = table(b",;\"=+-@ ", CONTROL_LEADS);

/// Escapes plan text as one CSV cell (RFC 4180), safe to open in a spreadsheet.
///
/// Guarantees:
/// - Controls are visible escapes as in [`terminal_line`], so a cell never holds a line
///   break, tab or CR and one record is one line.
/// - Formula neutralisation (OWASP "CSV Injection"): a cell whose first character, after
///   any spaces, is `=`, `+`, `-` or `@` gets a leading `'`, which spreadsheets take as
///   "text" (`=HYPERLINK(…)` → `'=HYPERLINK(…)`, `-2+3` → `'-2+3`). Tab, CR and NUL, the
///   other starters OWASP and ASVS list, cannot start a cell: they are visible escapes.
/// - A cell holding `,`, `;` or `"` is quoted, with `"` doubled. `;` is quoted too because
///   spreadsheets in many locales split on it, which would start a new (unneutralised) cell
///   in the middle of this one.
///
/// For plan text only: numbers the program computes (negative ones included) are written
/// as they are. Borrows `s` when nothing changes.
pub fn csv_cell(s: &str) -> Cow<'_, str> {
    if !s.bytes().any(|b| CSV[b as usize]) {
        return Cow::Borrowed(s);
    }
    let visible = terminal_line(s);
    let formula = visible.trim_start_matches(' ').starts_with(['=', '+', '-', '@']);
    let quote = visible.contains([',', ';', '"']);
    if !formula && !quote {
        return visible;
    }
    let mut out = String::with_capacity(visible.len() + 4);
    if quote {
        out.push('"');
    }
    if formula {
        out.push('\'');
    }
    for c in visible.chars() {
        if c == '"' {
            out.push('"');
        }
        out.push(c);
    }
    if quote {
        out.push('"');
    }
    Cow::Owned(out)
}

// ---------------------------------------------------------------------------------------
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
const MERMAID_TAGS: &[&str] = &["active", "crit", "done", "milestone", "vert"];

/// Whether `s` starts, ignoring ASCII case, with one of [`MERMAID_KEYWORDS`] or with a
/// `dddd-dd-dd` date (the lexer's `date` rule, also tried before task text).
fn mermaid_statement_start(s: &str) -> bool {
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
// XML
// ---------------------------------------------------------------------------------------

/// Whether XML output shows `c` as a visible escape: characters XML 1.0 does not allow
/// (C0 except tab, LF, CR; U+FFFE, U+FFFF), those it discourages (DEL and C1 controls,
/// U+FDD0–U+FDEF, the last two code points of every plane) and the rest of [`is_control`]
/// (bidi controls, U+2028/U+2029).
fn xml_bad(c: char) -> bool {
    let u = c as u32;
    (is_control(c) && !matches!(c, '\t' | '\n' | '\r')) || (0xfdd0..=0xfdef).contains(&u) || u & 0xfffe == 0xfffe
}

/// Bytes that may need work in XML: markup characters, controls, and the lead bytes of
/// U+FDD0–U+FFFF (0xEF) and of the planes above (0xF0–0xF4).
const XML: ByteTable = table(b"&<>\"'", &[0xc2, 0xd8, 0xe2, 0xef, 0xf0, 0xf1, 0xf2, 0xf3, 0xf4]);

fn push_xml_markup(out: &mut String, c: char) -> bool {
    match c {
        '&' => out.push_str("&amp;"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '"' => out.push_str("&quot;"),
        '\'' => out.push_str("&apos;"),
        _ => return false,
    }
    true
}

/// Escapes plan text as XML character data (JUnit `<failure>` and `<system-out>` bodies).
///
/// Guarantees: `&` `<` `>` `"` `'` become `&amp;` `&lt;` `&gt;` `&quot;` `&apos;`; `\t` and
/// `\n` stay, a `\r` before `\n` is dropped and a lone `\r` is a visible escape (a parser
/// would turn it into `\n`); every character XML 1.0 forbids or discourages, and every
/// bidi control, is a visible escape like `\u{fffe}` — never raw, never dropped. So the
/// result holds only characters XML allows and parses back to the text with escapes shown.
/// Borrows `s` when nothing changes.
pub fn xml_text(s: &str) -> Cow<'_, str> {
    let needs = |c: char| matches!(c, '&' | '<' | '>' | '"' | '\'' | '\r') || xml_bad(c);
    let Some(at) = first_hit(s, &XML, needs) else {
        return Cow::Borrowed(s);
    };
    let (mut out, rest) = split_for_escape(s, at, 16);
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() == Some(&'\n') {
            continue;
        }
        if push_xml_markup(&mut out, c) {
            continue;
        }
        if needs(c) {
            push_visible(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Escapes plan text as a quoted XML attribute value (JUnit `name`, `message`).
///
/// Guarantees: as [`xml_text`], and `\t` `\n` `\r` become the character references `&#9;`
/// `&#10;` `&#13;`, which attribute-value normalisation keeps (raw, a parser would turn them
/// into spaces), so the value parses back exactly, with forbidden characters shown as
/// visible escapes. Borrows `s` when nothing changes.
pub fn xml_attr(s: &str) -> Cow<'_, str> {
    let needs = |c: char| matches!(c, '&' | '<' | '>' | '"' | '\'' | '\t' | '\n' | '\r') || xml_bad(c);
    let Some(at) = first_hit(s, &XML, needs) else {
        return Cow::Borrowed(s);
    };
    let (mut out, rest) = split_for_escape(s, at, 16);
    for c in rest.chars() {
        match c {
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if push_xml_markup(&mut out, c) => {}
            c if xml_bad(c) => push_visible(&mut out, c),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

// ---------------------------------------------------------------------------------------
// URI
// ---------------------------------------------------------------------------------------

/// Percent-encodes a relative file path as a URI reference path (SARIF
/// `artifactLocation.uri`).
///
/// Guarantees (RFC 3986): RFC 3986's unreserved characters (`A–Z a–z 0–9 - . _ ~`) and `/`
/// stay; every other byte of the UTF-8 form — `%`, space, `#`, `?`, `:`, `\`, controls,
/// non-ASCII — becomes `%XX` with uppercase hex. So the result is a valid relative
/// reference whose path decodes back to exactly `s`: no query, fragment or scheme (a `:` in
/// the first segment would read as one) can appear. Borrows `s` when nothing changes.
pub fn uri_path(s: &str) -> Cow<'_, str> {
    let keep = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/');
    if s.bytes().all(keep) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if keep(b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    Cow::Owned(out)
}

// ---------------------------------------------------------------------------------------
// GitHub workflow commands
// ---------------------------------------------------------------------------------------

/// Bytes that may need work in a workflow command.
const GITHUB: ByteTable = table(b"%:,", CONTROL_LEADS);

/// Escapes a GitHub Actions workflow command's message (`::error …::message`).
///
/// Guarantees: `%`, `\r` and `\n` become `%25`, `%0D` and `%0A` as the runner requires (so
/// the message stays on its command's line and cannot start another command such as
/// `::stop-commands::`); every other [`is_control`] character but `\t` is a visible escape
/// (the log viewer interprets ANSI escapes). Borrows `s` when nothing changes.
pub fn github_data(s: &str) -> Cow<'_, str> {
    github_escape(s, false)
}

/// Escapes a workflow command's property value (`file=`, `title=`): [`github_data`] plus
/// `:` and `,` as `%3A` and `%2C`, which would otherwise end the value.
pub fn github_property(s: &str) -> Cow<'_, str> {
    github_escape(s, true)
}

fn github_escape(s: &str, property: bool) -> Cow<'_, str> {
    let needs = |c: char| c == '%' || (property && matches!(c, ':' | ',')) || (is_control(c) && c != '\t');
    let Some(at) = first_hit(s, &GITHUB, needs) else {
        return Cow::Borrowed(s);
    };
    let (mut out, rest) = split_for_escape(s, at, 16);
    for c in rest.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' if property => out.push_str("%3A"),
            ',' if property => out.push_str("%2C"),
            c if needs(c) => push_visible(&mut out, c),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

pub mod check;

#[cfg(test)]
mod tests;
