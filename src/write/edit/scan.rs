//! Scanning one front matter line: its kind, its key, the end of a quoted or flow value,
//! and what its value starts with.

use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Blank,
    Comment,
    /// A `key:` line at column 0; `colon` is the colon's byte offset in the line.
    Key {
        key_end: usize,
        colon: usize,
    },
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Style {
    Plain,
    Single,
    Double,
}

/// What a value looks like on its first line (after `key:` or `- `).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Head {
    /// Nothing but maybe a comment: null, or a block list or mapping on the next lines.
    Empty,
    /// A complete one-line scalar at `range` (in the line).
    Scalar(Style, Range<usize>),
    /// A complete one-line flow collection.
    Flow { seq: bool, range: Range<usize> },
    /// A `|` or `>` block scalar; `keep` for `+` chomping (trailing blank lines are content),
    /// `indent` when the header gives the text's indentation (`|2`).
    Block { keep: bool, indent: Option<usize> },
    /// A quoted scalar or flow collection that goes on over the next lines.
    Open,
    /// An anchor, alias or tag.
    Node,
    /// Anything else (left to the parser and the final check).
    Unknown,
}

pub(super) fn is_ws(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

pub(super) fn kind(line: &str) -> Kind {
    let trimmed = line.trim_start_matches([' ', '\t']);
    if trimmed.trim_end_matches([' ', '\t', '\r']).is_empty() {
        Kind::Blank
    } else if trimmed.starts_with('#') {
        Kind::Comment
    } else if let Some((key_end, colon)) = key_colon(line) {
        Kind::Key { key_end, colon }
    } else {
        Kind::Other
    }
}

/// A `key:` at column 0: the end of the key's text and the colon's offset.
pub(super) fn key_colon(line: &str) -> Option<(usize, usize)> {
    let b = line.as_bytes();
    let ends_token = |i: usize| i + 1 >= b.len() || is_ws(b[i + 1]);
    match *b.first()? {
        b' ' | b'\t' | b'#' | b'[' | b']' | b'{' | b'}' | b',' | b'&' | b'*' | b'!' | b'|' | b'>' | b'%' | b'@'
        | b'`' => None,
        b'-' | b'?' | b':' if ends_token(0) => None,
        q @ (b'"' | b'\'') => {
            let key_end = quoted_end(b, 0, q)?;
            let mut i = key_end;
            while i < b.len() && is_ws(b[i]) {
                i += 1;
            }
            (i < b.len() && b[i] == b':' && ends_token(i)).then_some((key_end, i))
        }
        _ => {
            for i in 0..b.len() {
                if b[i] == b'#' && i > 0 && is_ws(b[i - 1]) {
                    return None;
                }
                if b[i] == b':' && ends_token(i) {
                    let key_end = line[..i].trim_end_matches([' ', '\t']).len();
                    return (key_end > 0).then_some((key_end, i));
                }
            }
            None
        }
    }
}

/// The end (after the closing quote) of the quoted scalar opening at `b[start]`.
pub(super) fn quoted_end(b: &[u8], start: usize, quote: u8) -> Option<usize> {
    let mut i = start + 1;
    while i < b.len() {
        if quote == b'"' && b[i] == b'\\' {
            i += 2;
            continue;
        }
        if b[i] == quote {
            if quote == b'\'' && b.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return Some(i + 1);
        }
        i += 1;
    }
    None
}

/// The end of the flow collection opening at `b[start]`, and the first byte of each of its
/// top-level items; `None` when it does not close on this line.
pub(super) fn flow_end(b: &[u8], start: usize) -> Option<(usize, Vec<u8>)> {
    let mut depth = 0usize;
    let mut at_token = true;
    let mut firsts = Vec::new();
    let mut i = start;
    while i < b.len() {
        let c = b[i];
        if depth == 1 && at_token && !is_ws(c) && !matches!(c, b',' | b']' | b'}') {
            firsts.push(c);
        }
        match c {
            b'[' | b'{' => {
                depth += 1;
                at_token = true;
            }
            b']' | b'}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some((i + 1, firsts));
                }
                at_token = false;
            }
            b',' => at_token = true,
            b'"' | b'\'' if at_token => {
                i = quoted_end(b, i, c)?;
                at_token = false;
                continue;
            }
            b'#' if i > 0 && is_ws(b[i - 1]) => return None,
            b':' => at_token = i + 1 < b.len() && is_ws(b[i + 1]),
            b' ' | b'\t' => {}
            _ => at_token = false,
        }
        i += 1;
    }
    None
}

/// Reads the value starting at `from` in `line`: its shape, and where a trailing comment
/// starts (the blanks before `#`).
pub(super) fn head(line: &str, from: usize) -> (Head, Option<usize>) {
    let b = line.as_bytes();
    let mut v = from;
    while v < b.len() && is_ws(b[v]) {
        v += 1;
    }
    if v == b.len() {
        return (Head::Empty, None);
    }
    // After a value that ends at `end`: nothing, blanks, or blanks and a comment.
    let closed = |end: usize, head: Head| {
        let mut p = end;
        while p < b.len() && is_ws(b[p]) {
            p += 1;
        }
        if p == b.len() {
            (head, None)
        } else if b[p] == b'#' && p > end {
            (head, Some(end))
        } else {
            (Head::Unknown, None)
        }
    };
    match b[v] {
        b'#' => (Head::Empty, Some(from)),
        q @ (b'"' | b'\'') => match quoted_end(b, v, q) {
            Some(end) => {
                let style = if q == b'"' { Style::Double } else { Style::Single };
                closed(end, Head::Scalar(style, v..end))
            }
            None => (Head::Open, None),
        },
        o @ (b'[' | b'{') => match flow_end(b, v) {
            Some((_, firsts)) if firsts.iter().any(|c| matches!(c, b'&' | b'*' | b'!')) => (Head::Node, None),
            Some((end, _)) => closed(end, Head::Flow { seq: o == b'[', range: v..end }),
            None => (Head::Open, None),
        },
        b'|' | b'>' => {
            let mut e = v + 1;
            while e < b.len() && matches!(b[e], b'+' | b'-' | b'0'..=b'9') {
                e += 1;
            }
            let indicator = &line[v + 1..e];
            let indent = indicator.chars().find_map(|c| c.to_digit(10)).map(|d| d as usize);
            closed(e, Head::Block { keep: indicator.contains('+'), indent })
        }
        b'&' | b'*' | b'!' => (Head::Node, None),
        _ => {
            let mut stop = b.len();
            for i in v + 1..b.len() {
                if b[i] == b'#' && is_ws(b[i - 1]) {
                    stop = i;
                    break;
                }
            }
            let end = v + line[v..stop].trim_end_matches([' ', '\t']).len();
            (Head::Scalar(Style::Plain, v..end), (stop < b.len()).then_some(end))
        }
    }
}
