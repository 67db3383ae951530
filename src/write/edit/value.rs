//! Writing a value in the style of the one it replaces, and checking it reads back.

use super::layout::*;
use super::*;

// ---------------------------------------------------------------------------------------
// Writing values.

/// Whether `written` reads back as the string `s` as a block mapping value (before a
/// comment), a flow list item, or a block list item.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Context {
    Value,
    FlowItem,
    BlockItem,
}

pub(super) fn reads_back(written: &str, s: &str, ctx: Context) -> bool {
    let want = Yaml::Str(s.to_string());
    let doc = match ctx {
        Context::Value => format!("k: {written} #\n"),
        Context::FlowItem => format!("k: [x, {written}, x] #\n"),
        Context::BlockItem => format!("k:\n  - {written} #\n"),
    };
    match (yaml::parse(&doc), ctx) {
        (Ok(Yaml::Map(m)), Context::Value) => m.len() == 1 && m[0].1 == want,
        (Ok(Yaml::Map(m)), Context::FlowItem) => {
            m.len() == 1 && m[0].1 == Yaml::Seq(vec![Yaml::Str("x".into()), want, Yaml::Str("x".into())])
        }
        (Ok(Yaml::Map(m)), Context::BlockItem) => m.len() == 1 && m[0].1 == Yaml::Seq(vec![want]),
        _ => false,
    }
}

pub(super) fn single_quoted(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

pub(super) fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{85}' => out.push_str("\\N"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            c if (c as u32) < 0x20 || ('\u{7f}'..='\u{9f}').contains(&c) => {
                out.push_str(&format!("\\x{:02X}", c as u32));
            }
            '\u{feff}' | '\u{fffe}' | '\u{ffff}' => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `s` written in `style` when that reads back as `s`, else with the least quoting that
/// does, on one line and without raw control characters (tabs, line breaks are escaped).
pub(super) fn write_text(key: &str, s: &str, style: Style, ctx: Context) -> Result<String, EditError> {
    let candidate = |style: Style| match style {
        Style::Plain => s.to_string(),
        Style::Single => single_quoted(s),
        Style::Double => double_quoted(s),
    };
    let mut tries = vec![candidate(style), candidate(Style::Plain)];
    if ctx != Context::FlowItem {
        tries.push(yaml::quote_str(s));
    }
    tries.extend([candidate(Style::Single), candidate(Style::Double)]);
    // Text that another tool's YAML 1.1 reader (js-yaml, PyYAML) takes for a boolean, a null,
    // a number or a date is quoted, even though cairn would read it back as text.
    if yaml::typed_in_yaml_1_1(s) {
        tries.retain(|w| w != s);
    }
    tries.into_iter().find(|w| !w.contains(char::is_control) && reads_back(w, s, ctx)).ok_or_else(|| {
        EditError::InvalidValue { key: key.to_string(), reason: "the text cannot be written in YAML".into() }
    })
}

/// How a flow list is written: padding inside the brackets, separator, preferred quotes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct FlowStyle {
    pub(super) pad: bool,
    pub(super) sep: &'static str,
    pub(super) quote: Style,
    /// Every item of the list was quoted (`["a", "b"]`): new items are quoted alike.
    pub(super) all_quoted: bool,
}

impl FlowStyle {
    pub(super) const DEFAULT: FlowStyle = FlowStyle { pad: false, sep: ", ", quote: Style::Single, all_quoted: false };

    pub(super) fn of(flow: &str) -> FlowStyle {
        let inner = flow.get(1..flow.len().saturating_sub(1)).unwrap_or("");
        let firsts = flow_end(flow.as_bytes(), 0).map(|(_, firsts)| firsts).unwrap_or_default();
        let quote = if firsts.contains(&b'"') && !firsts.contains(&b'\'') { Style::Double } else { Style::Single };
        let mark = if quote == Style::Double { b'"' } else { b'\'' };
        let all_quoted = !firsts.is_empty() && firsts.iter().all(|&c| c == mark);
        if inner.trim().is_empty() {
            return FlowStyle { quote, all_quoted, ..FlowStyle::DEFAULT };
        }
        let sep = if inner.contains(", ") || !inner.contains(',') { ", " } else { "," };
        FlowStyle { pad: inner.starts_with(' '), sep, quote, all_quoted }
    }

    pub(super) fn write(&self, key: &str, items: &[String]) -> Result<String, EditError> {
        if items.is_empty() {
            return Ok("[]".into());
        }
        let written = items
            .iter()
            .map(|s| {
                if !self.all_quoted
                    && !yaml::typed_in_yaml_1_1(s)
                    && !s.contains(char::is_control)
                    && reads_back(s, s, Context::FlowItem)
                {
                    Ok(s.clone())
                } else {
                    write_text(key, s, self.quote, Context::FlowItem)
                }
            })
            .collect::<Result<Vec<_>, _>>()?;
        let pad = if self.pad { " " } else { "" };
        Ok(format!("[{pad}{}{pad}]", written.join(self.sep)))
    }
}

/// The value `value` reads back as, once written.
pub(super) fn expected(key: &str, value: &Value) -> Result<Yaml, EditError> {
    Ok(match value {
        Value::Text(s) => Yaml::Str(s.clone()),
        Value::Integer(n) => Yaml::UInt(*n),
        Value::Number(t) => {
            let bad = || EditError::InvalidValue { key: key.to_string(), reason: format!("`{t}` is not a number") };
            if t.is_empty() || t.contains(['\n', '\r', '#', ' ', '\t']) {
                return Err(bad());
            }
            match yaml::parse(&format!("k: {t}\n")) {
                Ok(Yaml::Map(m)) if m.len() == 1 => match &m[0].1 {
                    Yaml::Float(f) if !f.is_finite() => return Err(bad()),
                    v @ (Yaml::Int(_) | Yaml::UInt(_) | Yaml::Float(_)) => v.clone(),
                    _ => return Err(bad()),
                },
                _ => return Err(bad()),
            }
        }
        Value::List(items) => Yaml::Seq(items.iter().map(|s| Yaml::Str(s.clone())).collect()),
        Value::Null => Yaml::Null,
    })
}

/// `value` written on a key line whose old value was in `style` (or a flow list in `flow`).
pub(super) fn write_value(key: &str, value: &Value, style: Style, flow: &FlowStyle) -> Result<String, EditError> {
    Ok(match value {
        Value::Text(s) => write_text(key, s, style, Context::Value)?,
        Value::Integer(n) => n.to_string(),
        Value::Number(t) => t.clone(),
        Value::List(items) => flow.write(key, items)?,
        Value::Null => String::new(),
    })
}

/// The key as written on a new line.
pub(super) fn write_key(key: &str) -> Result<String, EditError> {
    let bad = |reason: &str| EditError::InvalidKey { key: key.to_string(), reason: reason.to_string() };
    if key.is_empty() {
        return Err(bad("it is empty"));
    }
    if key.contains(['\n', '\r']) {
        return Err(bad("it contains a line break"));
    }
    let reads = |w: &str| match yaml::parse(&format!("{w}: x\n")) {
        Ok(Yaml::Map(m)) => m.len() == 1 && m[0].0 == Yaml::Str(key.to_string()),
        _ => false,
    };
    [key.to_string(), single_quoted(key), double_quoted(key)]
        .into_iter()
        .find(|w| !w.contains(char::is_control) && key_colon(&format!("{w}: x")).is_some() && reads(w))
        .ok_or_else(|| bad("it cannot be written as a YAML key"))
}
