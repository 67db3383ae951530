//! A linear scan of a YAML document before the parser sees it: nesting deeper than
//! [`MAX_DEPTH`], lines longer than [`MAX_LINE`], tags and merge keys are refused, so that no
//! input reaches the parser's slow paths (deep flow nesting parses in quadratic time).

use super::{MAX_DEPTH, YamlError};

/// Longest line accepted (in bytes): a front matter line is a field, not a document.
pub const MAX_LINE: usize = 64 * 1024;

fn refuse(message: String, offset: usize) -> YamlError {
    YamlError { message, offset: Some(offset), duplicate_key: None }
}

/// The linear scan of [`parse`]: depth of flow brackets and of indentation, line length,
/// tags (`!tag`, `!!binary`) and merge keys (`<<:`), outside quoted scalars and comments.
pub(super) fn prescan(text: &str) -> Result<(), YamlError> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let mut line_start = 0usize;
    let mut at_token_start = true;
    let mut in_comment = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\n' {
            if i - line_start > MAX_LINE {
                return Err(refuse(format!("a line is longer than {} KiB", MAX_LINE / 1024), line_start));
            }
            line_start = i + 1;
            in_comment = false;
            at_token_start = quote.is_none();
            // A block scalar or indentation deeper than the limit: count leading spaces.
            let indent = bytes[i + 1..].iter().take_while(|c| **c == b' ').count();
            if indent > 2 * MAX_DEPTH + 64 {
                return Err(refuse(format!("the YAML is indented deeper than {} columns", 2 * MAX_DEPTH + 64), i + 1));
            }
            i += 1;
            continue;
        }
        if in_comment {
            i += 1;
            continue;
        }
        match quote {
            Some(q) => {
                if b == q {
                    // `''` inside single quotes is an escaped quote.
                    if q == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                        i += 2;
                        continue;
                    }
                    quote = None;
                } else if q == b'"' && b == b'\\' {
                    i += 2;
                    continue;
                }
            }
            None => match b {
                b'\'' | b'"' if at_token_start => quote = Some(b),
                b'#' if at_token_start || i == line_start || bytes[i - 1] == b' ' || bytes[i - 1] == b'\t' => {
                    in_comment = true
                }
                b'[' | b'{' => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return Err(refuse(format!("the YAML is nested deeper than {MAX_DEPTH} levels"), i));
                    }
                }
                b']' | b'}' => depth = depth.saturating_sub(1),
                b'!' if at_token_start => {
                    return Err(refuse(
                        "YAML tags (`!tag`, `!!binary`) are not supported in plan files: write the value without one"
                            .into(),
                        i,
                    ));
                }
                b'<' if at_token_start
                    && text[i..].starts_with("<<")
                    && text[i + 2..].trim_start_matches(' ').starts_with(':') =>
                {
                    return Err(refuse(
                        "YAML merge keys (`<<:`) are not supported in plan files: write the fields out instead".into(),
                        i,
                    ));
                }
                _ => {}
            },
        }
        // Only whitespace since a node could start: the line's start, `[`, `{`, `,`, or an
        // indicator (`:`, `-`, `?`) followed by a space.
        at_token_start = quote.is_none()
            && match b {
                b'[' | b'{' | b',' => true,
                b' ' | b'\t' => at_token_start || (i > 0 && matches!(bytes[i - 1], b':' | b'-' | b'?')),
                _ => false,
            };
        i += 1;
    }
    if bytes.len() - line_start > MAX_LINE {
        return Err(refuse(format!("a line is longer than {} KiB", MAX_LINE / 1024), line_start));
    }
    Ok(())
}
