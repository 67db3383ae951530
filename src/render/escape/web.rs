//! HTML, CSV, XML and URIs.

use std::borrow::Cow;
use std::fmt::Write as _;

use super::*;

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
    escape_from(s, &HTML, needs, !one_line, push_html_markup)
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
// XML
// ---------------------------------------------------------------------------------------

/// Whether XML output shows `c` as a visible escape: characters XML 1.0 does not allow
/// (C0 except tab, LF, CR; U+FFFE, U+FFFF), those it discourages (DEL and C1 controls,
/// U+FDD0–U+FDEF, the last two code points of every plane) and the rest of [`is_control`]
/// (bidi controls, U+2028/U+2029).
pub(super) fn xml_bad(c: char) -> bool {
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
    escape_from(s, &XML, needs, true, push_xml_markup)
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
