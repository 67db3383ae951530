//! A fast path for the front matter most plan files are made of: top-level `key: value`
//! lines whose values are plain or simply quoted scalars, one-line flow lists (`[a, b]`) or
//! block lists of scalars (`  - a`).
//!
//! serde_yaml spends most of a file's decoding time on a dozen such lines (about 13 µs a
//! file); this reads them in a fraction of that. It is deliberately narrow: anything outside
//! the subset (nested mappings, multi-line or escaped scalars, comments after a value,
//! anchors, tabs, carriage returns, a key seen twice, a scalar that might be a number other
//! than a plain integer) returns `None`, and the caller asks serde_yaml, which also reports
//! every error. Inside the subset the result is exactly serde_yaml's (a property test
//! compares both on generated documents).

use super::{MAX_NODES, Yaml};

/// Most keys read on the fast path (duplicates are found by comparing every pair).
const MAX_KEYS: usize = 64;

/// The document as serde_yaml decodes it, when it is written in the subset; `None` when not.
pub(super) fn parse(text: &str) -> Option<Yaml> {
    // Carriage returns, tabs, controls and the characters libyaml reads as line breaks
    // (NEL, U+2028, U+2029), even inside comments, are left to the full parse.
    if !text.chars().all(|c| c == '\n' || is_text_char(c)) {
        return None;
    }
    let mut entries: Vec<(Yaml, Yaml)> = Vec::new();
    let mut nodes = 1usize;
    let mut lines = text.split('\n').peekable();
    while let Some(line) = lines.next() {
        if is_blank_or_comment(line) {
            continue;
        }
        let (key, rest) = line.split_once(':')?;
        if !is_key(key) || entries.len() == MAX_KEYS || entries.iter().any(|(k, _)| k.as_str() == Some(key)) {
            return None;
        }
        let value = if rest.bytes().all(|b| b == b' ') {
            // Empty, or a block list on the lines below, indented.
            let mut items = Vec::new();
            let mut indent = None;
            while let Some(next) = lines.peek() {
                if is_blank_or_comment(next) {
                    lines.next();
                    continue;
                }
                let n = next.len() - next.trim_start_matches(' ').len();
                if n == 0 {
                    break;
                }
                if *indent.get_or_insert(n) != n {
                    return None;
                }
                let item = next[n..].strip_prefix("- ")?;
                items.push(scalar(item.trim_matches(' '), false)?);
                nodes += 1;
                lines.next();
            }
            if indent.is_some() { Yaml::Seq(items) } else { Yaml::Null }
        } else {
            let value = rest.strip_prefix(' ')?.trim_matches(' ');
            match value.strip_prefix('[') {
                Some(inner) => {
                    let inner = inner.strip_suffix(']')?;
                    let mut items = Vec::new();
                    if !inner.bytes().all(|b| b == b' ') {
                        for item in inner.split(',') {
                            items.push(scalar(item.trim_matches(' '), true)?);
                        }
                    }
                    nodes += items.len();
                    Yaml::Seq(items)
                }
                None => scalar(value, false)?,
            }
        };
        nodes += 2;
        if nodes > MAX_NODES {
            return None;
        }
        entries.push((Yaml::Str(key.to_string()), value));
    }
    // A document of comments only is not a mapping: serde_yaml says what it is.
    if entries.is_empty() { None } else { Some(Yaml::Map(entries)) }
}

fn is_blank_or_comment(line: &str) -> bool {
    let t = line.trim_start_matches(' ');
    t.is_empty() || t.starts_with('#')
}

/// A key written as a plain word that YAML reads as text (never `null`, `true`, …).
fn is_key(key: &str) -> bool {
    let mut bytes = key.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        && matches!(plain(key), Some(Yaml::Str(_)))
}

/// A character YAML takes as text wherever it appears in a scalar: printable, and not one of
/// the characters libyaml reads as a line break or a byte order mark.
fn is_text_char(c: char) -> bool {
    match c {
        ' '..='~' => true,
        '\u{0}'..='\u{9f}' => false,
        '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}' => false,
        _ => true,
    }
}

/// One scalar, trimmed: double-quoted without escapes, single-quoted without `''`, or plain.
/// In a flow list (`in_flow`) the characters that end an item there are refused.
fn scalar(s: &str, in_flow: bool) -> Option<Yaml> {
    for q in ['"', '\''] {
        if let Some(inner) = s.strip_prefix(q) {
            let inner = inner.strip_suffix(q)?;
            let refused = |c: char| c == q || c == '\\' || (in_flow && matches!(c, ',' | '[' | ']' | '{' | '}'));
            return (!inner.contains(refused)).then(|| Yaml::Str(inner.to_string()));
        }
    }
    let first = s.chars().next()?;
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) || s.contains([':', '#']) {
        return None;
    }
    if in_flow && s.contains([',', '[', ']', '{', '}', '"', '\'']) {
        return None;
    }
    plain(s)
}

/// How serde_yaml types a plain scalar (YAML 1.2 core schema): null, booleans, decimal
/// integers; `None` for anything that might be another kind of number (`0x1F`, `1e3`, `.5`,
/// `+1`), so that the caller's full parse decides.
fn plain(s: &str) -> Option<Yaml> {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Some(Yaml::Null),
        "true" | "True" | "TRUE" => return Some(Yaml::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Yaml::Bool(false)),
        _ => {}
    }
    let first = s.as_bytes()[0];
    if first.is_ascii_digit() {
        if s.bytes().all(|b| b.is_ascii_digit()) {
            // Leading zeros make a string in YAML 1.2; past 64 bits, the full parse decides.
            return if s.len() > 1 && first == b'0' {
                Some(Yaml::Str(s.to_string()))
            } else {
                s.parse().ok().map(Yaml::UInt)
            };
        }
        // Text no integer or float syntax accepts (`2026-S12`, `2027-Q1`) is a string.
        let numeric = |b: u8| b.is_ascii_hexdigit() || matches!(b, b'.' | b'+' | b'-' | b'x' | b'o' | b'X' | b'O');
        return if s.bytes().all(numeric) { None } else { Some(Yaml::Str(s.to_string())) };
    }
    // A word starting with a letter is never a number: `inf` and `nan` are not finite, and
    // serde_yaml reads them as text.
    if first.is_ascii_alphabetic() || first == b'_' || first >= 0x80 || first == b'(' || first == b'/' {
        return Some(Yaml::Str(s.to_string()));
    }
    None
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::super::{parse_in_full, prescan::prescan};
    use super::*;

    /// The fast path either declines or gives exactly serde_yaml's document.
    fn agrees(doc: &str) -> Result<(), TestCaseError> {
        // As in `parse`: the prescan's refusals come first.
        if prescan(doc).is_ok()
            && let Some(fast) = parse(doc)
        {
            prop_assert_eq!(Ok(fast), parse_in_full(doc), "document {:?}", doc);
        }
        Ok(())
    }

    #[test]
    fn typical_front_matter_takes_the_fast_path() {
        let story = "id: S-101\ntitle: Design the subscription UI (v2), it's [ui] work\ntype: story\n\
                     status: in-progress\ninitiative: subscriptions\npriority: 2\nestimate: 0\n\
                     sprint: 2026-S12\nlabels: [ui, subscriptions]\ndepends_on:\n  - S-104\n  - \"S-105\"\n\
                     # a comment line\nnotes: ~\nowner:\ndone: false\n";
        let doc = parse(story).expect("fast path");
        let Yaml::Map(entries) = &doc else { panic!("{doc:?}") };
        assert_eq!(entries.len(), 13);
        assert_eq!(entries[5].1, Yaml::UInt(2));
        assert_eq!(entries[7].1, Yaml::Str("2026-S12".into()));
        assert_eq!(entries[9].1, Yaml::Seq(vec![Yaml::Str("S-104".into()), Yaml::Str("S-105".into())]));
        assert_eq!(entries[10].1, Yaml::Null);
        assert_eq!(entries[12].1, Yaml::Bool(false));
        assert_eq!(Ok(doc), parse_in_full(story));
    }

    #[test]
    fn anything_outside_the_subset_is_left_to_serde_yaml() {
        for doc in [
            "a: 1\na: 2\n",                 // duplicate key: serde_yaml's error names it
            "title: Phase 2: rollout\n",    // a colon in a value
            "a: b # comment\n",             // a comment after a value
            "a: 0x1F\n",                    // another kind of number
            "a: 1e3\n",                     // a float
            "a: 2027-05\n",                 // digits and dashes: the full parse types it
            "a: 99999999999999999999999\n", // past 64 bits
            "a: \"x\\ty\"\n",               // an escape
            "a: 'it''s'\n",                 // an escaped quote
            "a: &x b\nc: *x\n",             // anchors
            "a:\n  b: c\n",                 // a nested mapping
            "a:\n- x\n",                    // a list at the key's indentation
            "a: long\n  continued\n",       // a multi-line scalar
            "a: [x,\n  y]\n",               // a multi-line flow list
            "a: [x, , y]\n",                // an empty flow item
            "a: b\r\n",                     // a carriage return
            "a:\tb\n",                      // a tab
            "# only a comment\n",           // not a mapping
            "true: x\n",                    // a key that is not text
            "a: x\u{85}y\n",                // NEL, a line break to libyaml
            "# \u{85}a\nk: x\n",            // even inside a comment
            "a: |\n  text\n",               // a block scalar
        ] {
            assert_eq!(parse(doc), None, "{doc:?}");
        }
    }

    fn piece() -> impl Strategy<Value = String> {
        prop::sample::select(vec![
            "a", "id", "S-1", "x y", "0", "007", "12", "-3", "1.5", "2026-S12", "2027-05", "0x1F", "1e3", ".5", "+1",
            "~", "null", "true", "False", "inf", "nan", ".inf", " ", "  ", ":", ": ", "#", " #", "-", "- ", "[", "]",
            "{", "}", ",", ", ", "'", "\"", "\\", "&", "*", "!", "|", ">", "%", "@", "`", "?", "(", "/", "é", "\u{a0}",
            "\u{85}", "\u{2028}", "\u{feff}", "\u{7f}", "\n", "\n  ", "\n  - ", "\n- ", "\n    - ", "\t", "\r",
        ])
        .prop_map(str::to_string)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(10_000))]

        #[test]
        fn agrees_with_serde_yaml_on_generated_documents(
            lines in prop::collection::vec(
                (prop::sample::select(vec!["id", "title", "labels", "a-b", "_k", "null", "1", "a b", "- a", "#c", " x", ""]),
                 prop::sample::select(vec![": ", ":", ":  ", " : ", ": [", ":\n  - ", ":\n- "]),
                 prop::collection::vec(piece(), 0..6),
                 prop::sample::select(vec!["", "]", "'", "\"", " ", "\n  - x"])),
                1..6),
        ) {
            let doc: String = lines
                .iter()
                .map(|(k, sep, value, end)| format!("{k}{sep}{}{end}\n", value.concat()))
                .collect();
            agrees(&doc)?;
        }

        #[test]
        fn agrees_on_quoted_and_plain_scalars(value in prop::collection::vec(piece(), 1..8)) {
            let v = value.concat();
            for doc in [format!("k: {v}\n"), format!("k: [{v}]\n"), format!("k:\n  - {v}\n"), format!("k: \"{v}\"\n"), format!("k: '{v}'\n")] {
                agrees(&doc)?;
            }
        }
    }
}
