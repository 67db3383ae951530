//! Values cairn writes into plan files, checked and typed before they are written: shared by
//! `cairn new` and `cairn set`. Whether a value is *allowed* is decided by what `cairn check`
//! would say about the file (the decoder and the rules); this module refuses what must never
//! reach a file at all (control characters, unsafe ids) and turns the text typed on the
//! command line into a YAML value of the right type for its field.

use super::edit::Value;
use crate::error::{CairnError, Result};
use crate::load::yaml::Yaml;
use crate::model;
use crate::suggest;

pub(super) fn usage(message: String, help: impl Into<Option<String>>) -> CairnError {
    CairnError::usage(message, help.into())
}

/// Refuses control characters (C0, C1, DEL) and bidi controls in a value written to a file:
/// plan text must not be able to hide or reorder what a reviewer sees.
pub(super) fn check_text(what: &str, value: &str) -> Result<()> {
    if value.chars().any(|c| c.is_control() || model::is_bidi_control(c)) {
        let shown = crate::load::yaml::quote_str(value);
        return Err(usage(
            format!("the {what} {shown} contains control or bidi characters"),
            format!("write the {what} on one line, without tabs, escape codes or direction overrides"),
        ));
    }
    Ok(())
}

/// Refuses an id that is unsafe in a file name or a link.
pub(super) fn check_id(id: &str) -> Result<()> {
    if let Some(problem) = model::id_problem(id) {
        return Err(usage(
            format!("invalid id `{id}`: {problem}"),
            "use letters, digits, `-` and `_`, e.g. `--id S-12`".to_string(),
        ));
    }
    if id.contains("..") {
        return Err(usage(format!("invalid id `{id}`: an id cannot contain `..`"), None));
    }
    Ok(())
}

/// Refuses a value outside `allowed`, with a "did you mean".
pub(super) fn check_choice(what: &str, value: &str, allowed: &[&str]) -> Result<()> {
    if allowed.contains(&value) {
        return Ok(());
    }
    let hint =
        suggest::closest(value, allowed.iter().copied()).map_or(String::new(), |s| format!("did you mean `{s}`? "));
    Err(usage(format!("`{value}` is not an allowed {what}"), format!("{hint}use one of: {}", allowed.join(", "))))
}

/// `KEY=VALUE` split at the first `=`.
pub fn split_assignment(arg: &str) -> Result<(&str, &str)> {
    match arg.split_once('=') {
        Some((key, value)) if !key.trim().is_empty() => Ok((key.trim(), value)),
        _ => Err(usage(
            format!("`{arg}` is not a change: write KEY=VALUE"),
            "e.g. `cairn set S-12 status=in-progress assignee=dana`; to remove a field, `--unset KEY`".to_string(),
        )),
    }
}

/// The fields whose value is a list of strings.
const LIST_FIELDS: &[&str] = &["labels", "depends_on"];

/// The items of a list typed on the command line: `a,b`, `[a, b]` or `[]`; blanks around
/// items and matching quotes (`'a b'`, `"a,b"` inside brackets are not split) are dropped.
pub fn list_items(raw: &str) -> Vec<String> {
    let t = raw.trim();
    let inner = t.strip_prefix('[').and_then(|r| r.strip_suffix(']')).unwrap_or(t);
    let mut items = Vec::new();
    let mut current = String::new();
    let mut quote: Option<char> = None;
    for c in inner.chars() {
        match (quote, c) {
            (None, '\'' | '"') if current.trim().is_empty() => {
                current.clear();
                quote = Some(c);
            }
            (Some(q), c) if c == q => quote = None,
            (None, ',') => items.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
    }
    items.push(current);
    items.into_iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()
}

fn is_bracketed(raw: &str) -> bool {
    let t = raw.trim();
    t.starts_with('[') && t.ends_with(']')
}

/// Whether `raw` is a whole number as YAML reads it plain (no sign, no leading zeros).
fn is_whole(raw: &str) -> bool {
    !raw.is_empty() && raw.bytes().all(|b| b.is_ascii_digit()) && (raw == "0" || !raw.starts_with('0'))
}

/// Whether `raw` is a decimal number as YAML reads it plain (`3`, `-2`, `0.5`, `1e3`).
fn is_number(raw: &str) -> bool {
    let body = raw.strip_prefix(['-', '+']).unwrap_or(raw);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let (int, frac) = mantissa.split_once('.').map_or((mantissa, None), |(a, b)| (a, Some(b)));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = digits(int) && frac.is_none_or(digits) && !(int.is_empty() && frac.is_none_or(str::is_empty));
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
}

/// The YAML value to write for `raw`, typed on the command line for the cairn `field` (or a
/// custom key when `None`), given the key's current value in the file (`existing`).
///
/// - `labels`, `depends_on`: a list (`a,b` or `[a, b]`); a plan whose own tool writes the
///   list as one comma-separated string (`dependencies: 12, 14`) keeps that form.
/// - `assignee`: one name, or a list when written with commas or brackets.
/// - `priority`: a whole number, else the text (a word of `priorities:`).
/// - `estimate`: a number, else the text (which `check` refuses).
/// - other fields: text, except that a number stays a number where the file had one
///   (`sprint: 24`, `target: 2027`).
/// - custom keys: a list, a whole number or a number as YAML would read them, else text.
pub fn typed(field: Option<&str>, raw: &str, existing: Option<&Yaml>) -> Value {
    let was_number = matches!(existing, Some(Yaml::Int(_) | Yaml::UInt(_) | Yaml::Float(_)));
    let was_list = matches!(existing, Some(Yaml::Seq(_)));
    let number = |raw: &str| match raw.parse::<u64>() {
        Ok(n) if is_whole(raw) => Value::Integer(n),
        _ => Value::Number(raw.to_string()),
    };
    match field {
        Some(f) if LIST_FIELDS.contains(&f) => {
            let items = list_items(raw);
            match existing {
                Some(Yaml::Str(_)) if !is_bracketed(raw) => Value::Text(items.join(", ")),
                _ => Value::List(items),
            }
        }
        Some("assignee") if raw.contains(',') || is_bracketed(raw) || was_list => Value::List(list_items(raw)),
        Some("priority") if is_whole(raw) || (raw.starts_with('-') && is_whole(&raw[1..])) => number(raw),
        Some("estimate") if is_number(raw) => number(raw),
        Some(_) if was_number && is_number(raw) => number(raw),
        Some(_) => Value::Text(raw.to_string()),
        None if was_list || is_bracketed(raw) => Value::List(list_items(raw)),
        None if is_number(raw) && (was_number || existing.is_none()) => number(raw),
        None => Value::Text(raw.to_string()),
    }
}

/// Every piece of text in a value, for `check_text`.
pub fn texts(value: &Value) -> Vec<&str> {
    match value {
        Value::Text(s) | Value::Number(s) => vec![s.as_str()],
        Value::List(items) => items.iter().map(String::as_str).collect(),
        Value::Integer(_) | Value::Null => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_take_commas_or_brackets() {
        assert_eq!(list_items("ui,payments"), ["ui", "payments"]);
        assert_eq!(list_items("[ui, payments]"), ["ui", "payments"]);
        assert_eq!(list_items("[]"), Vec::<String>::new());
        assert_eq!(list_items(" a , ,b "), ["a", "b"]);
        assert_eq!(list_items("['a, b', c]"), ["a, b", "c"]);
    }

    #[test]
    fn values_get_their_field_type() {
        assert_eq!(typed(Some("priority"), "2", None), Value::Integer(2));
        assert_eq!(typed(Some("priority"), "high", None), Value::Text("high".into()));
        assert_eq!(typed(Some("priority"), "-1", None), Value::Number("-1".into()));
        assert_eq!(typed(Some("estimate"), "0.5", None), Value::Number("0.5".into()));
        assert_eq!(typed(Some("estimate"), "lots", None), Value::Text("lots".into()));
        assert_eq!(typed(Some("labels"), "a,b", None), Value::List(vec!["a".into(), "b".into()]));
        assert_eq!(typed(Some("depends_on"), "12,14", Some(&Yaml::Str("1".into()))), Value::Text("12, 14".into()));
        assert_eq!(typed(Some("assignee"), "dana", None), Value::Text("dana".into()));
        assert_eq!(typed(Some("assignee"), "dana,li", None), Value::List(vec!["dana".into(), "li".into()]));
        assert_eq!(typed(Some("title"), "2027", None), Value::Text("2027".into()));
        assert_eq!(typed(Some("target"), "2027", Some(&Yaml::UInt(2026))), Value::Integer(2027));
        assert_eq!(typed(Some("title"), "[WIP] a", None), Value::Text("[WIP] a".into()));
        assert_eq!(typed(None, "5", None), Value::Integer(5));
        assert_eq!(typed(None, "5", Some(&Yaml::Str("x".into()))), Value::Text("5".into()));
        assert_eq!(typed(None, "[a]", None), Value::List(vec!["a".into()]));
        assert_eq!(typed(None, "acme", None), Value::Text("acme".into()));
    }

    #[test]
    fn numbers_are_recognised_as_yaml_reads_them() {
        for yes in ["0", "3", "-2", "0.5", "1e3", "+4", ".5", "3."] {
            assert!(is_number(yes), "{yes}");
        }
        for no in ["", "-", ".", "1e", "abc", "1.2.3", "inf", "nan", "0x10"] {
            assert!(!is_number(no), "{no}");
        }
        assert!(is_whole("10") && !is_whole("010") && !is_whole("-1"));
    }

    #[test]
    fn assignments_need_a_key() {
        assert_eq!(split_assignment("status=done").unwrap(), ("status", "done"));
        assert_eq!(split_assignment("title=a=b").unwrap(), ("title", "a=b"));
        assert!(split_assignment("status").is_err());
        assert!(split_assignment("=done").is_err());
    }
}
