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
//! | GitHub-flavoured Markdown | [`markdown_inline`], [`markdown_code`], [`markdown_table_code`], [`markdown_line`], [`markdown_message`] |
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
    escape_from(s, &CONTROLS, |c| is_control(c) && c != '\n' && c != '\t', true, |_, _| false)
}

/// The loop every multi-line escaper shares: borrows `s` when no character of it `needs`
/// work; otherwise, from the first such character on, `markup` may write a character's
/// escape (returning true), `\r\n` folds to `\n` when `fold_crlf`, and every other character
/// that `needs` work is a visible escape.
fn escape_from<'a>(
    s: &'a str,
    table: &ByteTable,
    needs: impl Fn(char) -> bool,
    fold_crlf: bool,
    markup: impl Fn(&mut String, char) -> bool,
) -> Cow<'a, str> {
    let Some(at) = first_hit(s, table, &needs) else {
        return Cow::Borrowed(s);
    };
    let (mut out, rest) = split_for_escape(s, at, 16);
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        if fold_crlf && c == '\r' && chars.peek() == Some(&'\n') {
            continue;
        }
        if markup(&mut out, c) {
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

mod markdown;
mod mermaid;
mod web;

pub use markdown::{
    MdPiece, markdown_code, markdown_inline, markdown_line, markdown_message, markdown_table_code, message_pieces,
};
use mermaid::{MERMAID_TAGS, mermaid_statement_start};
pub use mermaid::{mermaid_id, mermaid_label};
use web::xml_bad;
pub use web::{csv_cell, html_attr, html_text, html_visible, uri_path, xml_attr, xml_text};

pub mod check;

#[cfg(test)]
mod tests;
