//! Splitting a file into its YAML front matter and its Markdown body.
//!
//! The block must start at byte 0 (after an optional UTF-8 BOM) with a `---` line and end
//! at the next line that is exactly `---` (or `...`), trailing spaces allowed. CRLF line
//! endings are accepted. Offsets are byte offsets into the original text.

use std::ops::Range;

/// A file split into front matter and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// Byte range of the YAML text, between the delimiter lines.
    pub yaml: Range<usize>,
    /// 1-based line of the first YAML line.
    pub yaml_line: usize,
    /// Byte range of the Markdown body, after the closing delimiter line.
    pub body: Range<usize>,
}

/// Why a file has no usable front matter block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitError {
    /// The file is empty or only whitespace.
    Empty,
    /// The file does not start with `---`.
    Missing,
    /// The opening `---` has no closing line.
    Unterminated,
}

fn is_delimiter(line: &str, closing: bool) -> bool {
    let line = line.trim_end_matches(['\n', '\r']).trim_end_matches([' ', '\t']);
    line == "---" || (closing && line == "...")
}

/// Splits `text` into front matter and body.
pub fn split(text: &str) -> Result<Split, SplitError> {
    let start = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    let rest = &text[start..];
    if rest.trim().is_empty() {
        return Err(SplitError::Empty);
    }
    let mut lines = rest.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if !is_delimiter(first, false) || !first.ends_with('\n') {
        return Err(SplitError::Missing);
    }
    let yaml_start = start + first.len();
    let mut offset = yaml_start;
    for line in lines {
        if is_delimiter(line, true) {
            return Ok(Split { yaml: yaml_start..offset, yaml_line: 2, body: offset + line.len()..text.len() });
        }
        offset += line.len();
    }
    Err(SplitError::Unterminated)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(text: &str) -> (&str, &str) {
        let s = split(text).unwrap();
        (&text[s.yaml], &text[s.body])
    }

    #[test]
    fn splits_a_plain_file() {
        assert_eq!(parts("---\nid: a\n---\nbody\n"), ("id: a\n", "body\n"));
    }

    #[test]
    fn accepts_a_bom_and_crlf() {
        let text = "\u{feff}---\r\nid: a\r\ntitle: b\r\n---\r\nbody\r\n";
        assert_eq!(parts(text), ("id: a\r\ntitle: b\r\n", "body\r\n"));
    }

    #[test]
    fn a_rule_inside_the_body_is_body() {
        let text = "---\nid: a\n---\nintro\n\n---\n\nmore\n---\n";
        assert_eq!(parts(text), ("id: a\n", "intro\n\n---\n\nmore\n---\n"));
    }

    #[test]
    fn an_empty_block_and_a_missing_body() {
        assert_eq!(parts("---\n---\n"), ("", ""));
        assert_eq!(parts("---\nid: a\n---"), ("id: a\n", ""));
        assert_eq!(parts("---  \nid: a\n...\nbody"), ("id: a\n", "body"));
    }

    #[test]
    fn reports_what_is_wrong() {
        assert_eq!(split(""), Err(SplitError::Empty));
        assert_eq!(split(" \n\n"), Err(SplitError::Empty));
        assert_eq!(split("# Title\n---\nid: a\n---\n"), Err(SplitError::Missing));
        assert_eq!(split("----\nid: a\n----\n"), Err(SplitError::Missing));
        assert_eq!(split("---"), Err(SplitError::Missing));
        assert_eq!(split("---\nid: a\ntitle: b\n"), Err(SplitError::Unterminated));
        assert_eq!(split("\n---\nid: a\n---\n"), Err(SplitError::Missing));
    }
}
