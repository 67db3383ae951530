//! Checkers for mermaid labels, ids and gantt charts.

use super::*;

/// Replaces mermaid entity codes (`#` + word characters + `;`, what mermaid's
/// `encodeEntities` matches) with `decode(code)`; Err on a `#` or `;` outside one.
fn mermaid_entities(label: &str, mut decode: impl FnMut(&str) -> String) -> Result<String, String> {
    let mut out = String::with_capacity(label.len());
    let mut rest = label;
    while let Some(at) = rest.find(['#', ';']) {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let code_len = tail[1..].find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(tail.len() - 1);
        if !tail.starts_with('#') || code_len == 0 || tail.as_bytes().get(1 + code_len) != Some(&b';') {
            return Err(format!("mermaid: raw '#' or ';' at {tail:?} in {label:?}"));
        }
        out.push_str(&decode(&tail[1..1 + code_len]));
        rest = &tail[code_len + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Checks a `mermaid_label` value and returns the text the chart shows: one line, no
/// control, no raw `:` `;` `%` `<` `>` `ﬂ` `¶`, `#` only in numeric entity codes, no
/// leading or trailing whitespace, non-empty, and — after mermaid's own entity encoding —
/// not starting like a statement the gantt lexer tries before task text.
pub fn mermaid_label_value(label: &str) -> Result<String, String> {
    no_char(label, "mermaid label", |c| is_control(c) || matches!(c, ':' | '%' | '<' | '>' | 'ﬂ' | '¶'))?;
    if label.is_empty() {
        return Err("mermaid label: empty".into());
    }
    if label.starts_with(char::is_whitespace) || label.ends_with(char::is_whitespace) {
        return Err(format!("mermaid label: surrounding whitespace in {label:?}"));
    }
    // mermaid's encodeEntities: `#code;` → `ﬂ°°code¶ß` (numeric) before the lexer runs.
    let lexed = mermaid_entities(label, |code| format!("\u{fb02}\u{b0}\u{b0}{code}\u{b6}\u{df}"))?;
    if mermaid_statement_start(&lexed) {
        return Err(format!("mermaid label: starts like a statement: {label:?}"));
    }
    let mut bad = None;
    let shown = mermaid_entities(label, |code| match code.parse::<u32>().ok().and_then(char::from_u32) {
        Some(c) => c.to_string(),
        None => {
            bad = Some(code.to_string());
            String::new()
        }
    })?;
    if let Some(code) = bad {
        return Err(format!("mermaid label: entity code #{code}; is not a character number"));
    }
    Ok(shown)
}

/// Checks a `mermaid_id` value: non-empty, only ASCII letters, digits, `-` and `_`, not a
/// task tag.
pub fn mermaid_id_safe(id: &str) -> Result<(), String> {
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
        return Err(format!("mermaid id: {id:?} is not letters, digits, '-' and '_'"));
    }
    if MERMAID_TAGS.iter().any(|t| id.eq_ignore_ascii_case(t)) {
        return Err(format!("mermaid id: {id:?} is a task tag"));
    }
    Ok(())
}

/// A whole gantt chart (the lines inside a ```` ```mermaid ```` fence, or the whole text
/// when there is none): no `%%` anywhere (comments, directives), no control character;
/// the first line is `gantt`; `title`, `dateFormat`, `axisFormat`, `section` lines have no
/// raw `#` or `;`; every other line is a task `name :data` whose name (less the trailing
/// space) passes [`mermaid_label_value`] and whose data, as cairn writes it, is `tags, id,
/// start, end` with no `#`, `;`, `%` and an id passing [`mermaid_id_safe`] (an id equal to a
/// tag would be read as one, leaving two fields).
pub fn mermaid_gantt_safe(doc: &str) -> Result<(), String> {
    let body = match doc.split_once("```mermaid\n") {
        Some((_, rest)) => rest.split_once("\n```").map_or(rest, |(chart, _)| chart),
        None => doc,
    };
    if body.contains("%%") {
        return Err("mermaid: '%%' (comment or directive) in the chart".into());
    }
    no_char(body, "mermaid", |c| is_control(c) && c != '\n')?;
    let mut lines = body.lines().map(str::trim).filter(|l| !l.is_empty());
    if lines.next() != Some("gantt") {
        return Err("mermaid: the chart does not start with 'gantt'".into());
    }
    for line in lines {
        let header = ["title ", "dateFormat ", "axisFormat ", "section "].iter().find_map(|k| line.strip_prefix(k));
        if let Some(value) = header {
            mermaid_entities(value, |_| String::new()).map_err(|e| format!("{e} in line {line:?}"))?;
            continue;
        }
        let Some((name, data)) = line.split_once(':') else {
            return Err(format!("mermaid: line is neither a statement nor a task: {line:?}"));
        };
        mermaid_label_value(name.trim_end()).map_err(|e| format!("{e} in line {line:?}"))?;
        if data.contains(['#', ';', '%']) {
            return Err(format!("mermaid: '#', ';' or '%' in task data: {line:?}"));
        }
        let fields: Vec<&str> = data.split(',').map(str::trim).skip_while(|f| MERMAID_TAGS.contains(f)).collect();
        if fields.len() != 3 {
            return Err(format!("mermaid: task data is not 'tags, id, start, end': {line:?}"));
        }
        mermaid_id_safe(fields[0]).map_err(|e| format!("{e} in line {line:?}"))?;
    }
    Ok(())
}
