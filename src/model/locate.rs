//! Finding where YAML keys and values sit in text, so that diagnostics point at them.
//!
//! serde_yaml reports where a document failed to parse, but not where values that parsed
//! fine came from, so keys are located by scanning lines.

use super::diagnostic::{Diagnostic, Rule, line_col};
use super::{Item, KeySpan, Keys, SourceFile};

/// A finding about a front matter key of a file: it points at the value `value` when given
/// and found on the key's lines, else at the key, else (no such key) at the first front
/// matter line.
pub fn finding(
    source: &SourceFile,
    keys: &Keys,
    first_line: usize,
    rule: Rule,
    key: &str,
    value: Option<&str>,
    message: String,
) -> Diagnostic {
    finding_in_list(source, keys, first_line, rule, key, value, message, &mut ListCursor::default())
}

/// Where the search for the next value of one list key resumes, so that locating every value
/// of a long list (`depends_on: [50,000 ids]`) in order stays linear in the file: the next
/// value is searched after the previous one, and its line and column are counted from there.
#[derive(Debug, Default)]
pub struct ListCursor {
    /// The key the cursor belongs to and the end of the last value found, with that end's
    /// line and column (1-based, column in characters).
    at: Option<(String, usize, usize, usize)>,
    /// Bytes the searches of this cursor may still scan (a few times the entry's length):
    /// values written otherwise than they read (`1e3` for 1000, escapes) are never found and
    /// would each scan the rest of the entry; once it is spent, findings point at the key.
    budget: Option<usize>,
}

/// How far after the previous value of a list [`finding_in_list`] looks first (bytes).
const LIST_WINDOW: usize = 4096;

/// [`finding`] for the values of one list key taken in document order: `cursor` (one per item
/// and key) carries the position of the previous value found.
#[allow(clippy::too_many_arguments)]
pub fn finding_in_list(
    source: &SourceFile,
    keys: &Keys,
    first_line: usize,
    rule: Rule,
    key: &str,
    value: Option<&str>,
    message: String,
    cursor: &mut ListCursor,
) -> Diagnostic {
    let text = &source.text;
    let Some(k) = keys.get(text, key) else {
        return Diagnostic::new(rule, source.path.clone(), first_line, 1, message);
    };
    let after_key = k.offset - k.entry.0 + k.len;
    let resume = cursor.at.as_ref().filter(|(at_key, ..)| at_key == key).map(|(_, end, line, col)| (*end, *line, *col));
    let skip = resume.map_or(after_key, |(end, ..)| end.saturating_sub(k.entry.0).max(after_key));
    let entry_len = k.entry.1.saturating_sub(k.entry.0);
    let budget = cursor.budget.get_or_insert(entry_len.saturating_mul(4).saturating_add(64 * 1024));
    let value = value.filter(|v| !v.is_empty());
    // The next value usually sits just after the previous one: look there first, at a cost
    // bounded by the window; a value not there costs a scan of the entry, from the budget.
    let near = value.and_then(|v| {
        let window_end = k.entry.0.saturating_add(skip).saturating_add(LIST_WINDOW + v.len());
        let (offset, _) = find_token(text, (k.entry.0, window_end.min(k.entry.1)), skip, v)?;
        find_token(text, k.entry, offset - k.entry.0, v).filter(|(o, _)| *o == offset)
    });
    let mut search = |from: usize| {
        if *budget == 0 {
            return None;
        }
        let found = value.and_then(|v| find_token(text, k.entry, from, v));
        let scanned = found.map_or(entry_len, |(offset, _)| offset - k.entry.0).saturating_sub(from);
        *budget = budget.saturating_sub(scanned.max(1));
        found
    };
    // Else after the previous value, then (a value written twice, or otherwise than it
    // reads) from the key, as a lone finding would.
    let found = near.or_else(|| search(skip)).or_else(|| if skip > after_key { search(after_key) } else { None });
    if let Some((offset, len)) = found {
        let (line, col) = match resume {
            Some((end, line, col)) if end <= offset && text.is_char_boundary(end) => {
                let between = &text[end..offset];
                match between.rfind('\n') {
                    Some(nl) => {
                        (line + between.bytes().filter(|&b| b == b'\n').count(), between[nl + 1..].chars().count() + 1)
                    }
                    None => (line, col + between.chars().count()),
                }
            }
            _ => line_col(text, offset),
        };
        if resume.is_none_or(|(end, ..)| end <= offset) {
            let end_col = col + text[offset..offset + len].chars().count();
            cursor.at = Some((key.to_string(), offset + len, line, end_col));
        }
        return Diagnostic::new(rule, source.path.clone(), line, col, message).span(offset, len);
    }
    let col = line_col(text, k.offset).1;
    Diagnostic::new(rule, source.path.clone(), k.line, col, message).span(k.offset, k.len)
}

impl Item {
    /// A finding about this item, at a front matter key (and value) when given.
    pub fn finding(&self, rule: Rule, key: &str, value: Option<&str>, message: String) -> Diagnostic {
        finding(&self.source, &self.keys, self.first_line, rule, key, value, message).item(self.id.clone())
    }

    /// [`Item::finding`] for the values of one list key visited in document order, resuming
    /// the search where `cursor` (one per item and key) left it.
    pub fn finding_in_list(
        &self,
        rule: Rule,
        key: &str,
        value: &str,
        message: String,
        cursor: &mut ListCursor,
    ) -> Diagnostic {
        finding_in_list(&self.source, &self.keys, self.first_line, rule, key, Some(value), message, cursor)
            .item(self.id.clone())
    }
}

/// One `key:` line: indentation, key text and byte range of the key.
struct KeyLine<'a> {
    indent: usize,
    key: &'a str,
    key_start: usize,
    key_len: usize,
    line_start: usize,
}

/// Reads `key:` at the start of a line (after indentation); `None` for comments, list items,
/// blank lines and anything else.
fn key_line(line: &str, line_start: usize) -> Option<KeyLine<'_>> {
    let trimmed = line.trim_start_matches([' ', '\t']);
    let indent = line.len() - trimmed.len();
    let first = trimmed.chars().next()?;
    if matches!(first, '#' | '-' | '[' | '{' | '\r') || trimmed.starts_with("...") {
        return None;
    }
    let (key, key_off, rest) = if first == '"' || first == '\'' {
        let end = trimmed[1..].find(first)? + 1;
        (&trimmed[1..end], 1, &trimmed[end + 1..])
    } else {
        let colon = trimmed.find(':')?;
        (trimmed[..colon].trim_end(), 0, &trimmed[colon..])
    };
    let rest = rest.trim_start_matches([' ', '\t']);
    let after = rest.strip_prefix(':')?;
    if !(after.is_empty() || after.starts_with([' ', '\t', '\r', '\n'])) {
        return None;
    }
    Some(KeyLine { indent, key, key_start: line_start + indent + key_off, key_len: key.len(), line_start })
}

/// Lines of `text` with their byte offsets (line terminators excluded).
fn lines_with_offsets(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = 0;
    text.split_inclusive('\n').map(move |raw| {
        let start = offset;
        offset += raw.len();
        (start, raw.trim_end_matches(['\n', '\r']))
    })
}

/// Locates every top-level key of a front matter block.
///
/// `yaml` is the block's text; `base_offset` and `base_line` are the byte offset and 1-based
/// line of its first byte in the file, so the spans are file positions.
pub fn top_level_keys(yaml: &str, base_offset: usize, base_line: usize) -> Keys {
    let mut keys = Keys::default();
    let mut names: Vec<&str> = Vec::new();
    let mut open: Option<usize> = None;
    for (n, (start, line)) in lines_with_offsets(yaml).enumerate() {
        let is_top = line.chars().next().is_some_and(|c| !matches!(c, ' ' | '\t' | '#'));
        if !is_top {
            continue;
        }
        // A new top-level line ends the previous entry.
        if let Some(prev) = open.take() {
            keys.end_entry(prev, base_offset + start);
        }
        if let Some(k) = key_line(line, start).filter(|k| k.indent == 0) {
            // The first occurrence wins; duplicates are a YAML error reported elsewhere.
            if !names.contains(&k.key) {
                names.push(k.key);
                open = Some(keys.push(KeySpan {
                    line: base_line + n,
                    offset: base_offset + k.key_start,
                    len: k.key_len,
                    entry: (base_offset + k.line_start, base_offset + yaml.len()),
                }));
            }
        }
    }
    keys.shrink();
    keys
}

/// Byte ranges of every top-level `key:` line for `key` in a YAML block (a key written
/// twice is a YAML error; this finds the second one for the diagnostic).
pub fn key_occurrences(yaml: &str, key: &str) -> Vec<(usize, usize)> {
    lines_with_offsets(yaml)
        .filter_map(|(start, line)| key_line(line, start))
        .filter(|k| k.indent == 0 && k.key == key)
        .map(|k| (k.key_start, k.key_len))
        .collect()
}

/// Byte range of `needle` as a whole token inside `text[range]`, searching after the key.
///
/// Used to point at one value of a list (`depends_on: [A, B]`): a token is delimited by
/// quotes, brackets, commas, whitespace or line ends.
pub fn find_token(text: &str, range: (usize, usize), skip: usize, needle: &str) -> Option<(usize, usize)> {
    find(text, range, skip, needle, false)
}

fn find(text: &str, range: (usize, usize), skip: usize, needle: &str, is_key: bool) -> Option<(usize, usize)> {
    let (start, end) = (range.0.min(text.len()), range.1.min(text.len()));
    let hay = text.get(start..end)?;
    let is_delim = |c: Option<char>| {
        c.is_none_or(|c| c.is_whitespace() || matches!(c, '[' | ']' | ',' | '"' | '\'' | ':' | '-' | '{' | '}'))
    };
    let mut from = skip.min(hay.len());
    while let Some(pos) = hay.get(from..).and_then(|h| h.find(needle)) {
        let at = from + pos;
        let before = hay[..at].chars().next_back();
        let after = hay[at + needle.len()..].chars().next();
        let after_ok = is_delim(after) && after != Some('-') && (is_key || after != Some(':'));
        if is_delim(before) && after_ok {
            return Some((start + at, needle.len()));
        }
        from = at + needle.len().max(1);
    }
    None
}

/// Locates a nested key such as `["rules", "link/orphan"]` in a YAML document. Falls back to
/// the deepest parent found, so a diagnostic always points somewhere useful.
pub fn key_path(text: &str, path: &[&str]) -> Option<(usize, usize)> {
    let mut stack: Vec<(usize, &str)> = Vec::new();
    let mut best: Option<(usize, (usize, usize))> = None;
    for (start, line) in lines_with_offsets(text) {
        let Some(k) = key_line(line, start) else {
            continue;
        };
        while stack.last().is_some_and(|(indent, _)| *indent >= k.indent) {
            stack.pop();
        }
        stack.push((k.indent, k.key));
        let depth = stack.len();
        if depth <= path.len()
            && stack.iter().zip(path).all(|((_, a), b)| a == b)
            && best.is_none_or(|(d, _)| depth > d)
        {
            best = Some((depth, (k.key_start, k.key_len)));
            if depth == path.len() {
                break;
            }
        }
    }
    // A key written in flow style (`backlog: {doing: active}`) is not on a line of its own:
    // look for it after its deepest parent.
    if let Some((depth, (offset, _))) = best
        && depth < path.len()
        && let Some(found) = find(text, (offset, text.len()), 0, path[depth], true)
    {
        return Some(found);
    }
    best.map(|(_, span)| span)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_top_level_keys_with_lines_and_entries() {
        let yaml =
            "id: S-1\ntitle: \"x: y\"\nlabels:\n  - a\n  - b\n# comment\n'quoted': 1\ndepends_on: [S-2]\nid: again\n";
        let text = format!("---\n{yaml}---\n");
        let keys = top_level_keys(yaml, 4, 2);
        let key = |name: &str| keys.get(&text, name).unwrap();
        assert_eq!(key("id").line, 2);
        assert_eq!(key("title").line, 3);
        assert_eq!(key("labels").line, 4);
        assert_eq!(key("quoted").line, 8);
        assert_eq!(key("depends_on").line, 9);
        let labels = key("labels");
        let entry = &yaml[labels.entry.0 - 4..labels.entry.1 - 4];
        assert_eq!(entry, "labels:\n  - a\n  - b\n# comment\n");
        assert_eq!(&yaml[key("title").offset - 4..][..5], "title");
        assert!(keys.get(&text, "nope").is_none());
        // The first of a duplicated key counts.
        assert_eq!(
            keys.named(&text).map(|(n, _)| n).collect::<Vec<_>>(),
            ["id", "title", "labels", "quoted", "depends_on"]
        );
    }

    #[test]
    fn ignores_nested_keys_and_list_items() {
        let yaml = "a:\n  b: 1\n- c: 2\n";
        let keys = top_level_keys(yaml, 0, 1);
        assert_eq!(keys.named(yaml).map(|(n, _)| n).collect::<Vec<_>>(), ["a"]);
    }

    #[test]
    fn an_alias_is_found_before_a_key_of_the_same_name() {
        let yaml = "milestone: m1\ninitiative: other\n";
        let mut keys = top_level_keys(yaml, 0, 1);
        let milestone = keys.get(yaml, "milestone").unwrap();
        assert_eq!(keys.get(yaml, "initiative").unwrap().line, 2);
        keys.alias("initiative", milestone);
        assert_eq!(keys.get(yaml, "initiative").unwrap().line, 1);
        assert_eq!(keys.named(yaml).count(), 2);
    }

    #[test]
    fn finds_tokens_not_substrings() {
        let text = "depends_on: [S-1, S-10]\n";
        let (at, len) = find_token(text, (0, text.len()), 11, "S-10").unwrap();
        assert_eq!(&text[at..at + len], "S-10");
        assert_eq!(find_token(text, (0, text.len()), 11, "S-1"), Some((13, 3)));
        assert_eq!(find_token(text, (0, text.len()), 11, "S-2"), None);
    }

    #[test]
    fn finds_nested_keys() {
        let text = "rules:\n  link/orphan: warning\nstatuses:\n  backlog: {doing: active}\n";
        let (at, len) = key_path(text, &["rules", "link/orphan"]).unwrap();
        assert_eq!(&text[at..at + len], "link/orphan");
        let (at, len) = key_path(text, &["statuses", "backlog", "doing"]).unwrap();
        assert_eq!(&text[at..at + len], "doing");
        let (at, _) = key_path(text, &["nope"]).map_or((usize::MAX, 0), |x| x);
        assert_eq!(at, usize::MAX);
    }
}
