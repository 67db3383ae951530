//! Every YAML call of cairn lives here, so that the YAML crate can be swapped in one place.
//!
//! Documents are decoded into [`Yaml`], a plain tree, through a visitor that counts nodes and
//! depth as serde_yaml replays events. Alias expansion ("billion laughs") and deep nesting are
//! therefore bounded in time and memory, whatever the input.

use std::cell::Cell;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

mod prescan;
mod quote;
mod simple;

pub use prescan::MAX_LINE;
pub use quote::{quote_str, typed_in_yaml_1_1};

/// Most nodes one document may expand to (aliases count every time they are expanded).
pub const MAX_NODES: usize = 100_000;
/// Deepest nesting of sequences and mappings accepted.
pub const MAX_DEPTH: usize = 64;
/// Most bytes of scalar text one document may expand to, as a multiple of its own length
/// (aliases count every time they are expanded), so that an alias of a long string used
/// many times cannot blow up memory within [`MAX_NODES`]; at least [`MIN_TEXT_BUDGET`].
pub const MAX_TEXT_EXPANSION: usize = 4;
/// The smallest text budget, for short documents.
pub const MIN_TEXT_BUDGET: usize = 1024 * 1024;

/// A decoded YAML node.
#[derive(Debug, Clone, PartialEq)]
pub enum Yaml {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    /// An integer beyond 64 bits, as written in decimal.
    BigInt(String),
    Float(f64),
    Str(String),
    Seq(Vec<Yaml>),
    /// Entries in document order.
    Map(Vec<(Yaml, Yaml)>),
}

impl Yaml {
    /// A word for the node's type, for messages ("a string", "a list").
    pub fn type_name(&self) -> &'static str {
        match self {
            Yaml::Null => "empty",
            Yaml::Bool(_) => "a boolean",
            Yaml::Int(_) | Yaml::UInt(_) | Yaml::BigInt(_) => "an integer",
            Yaml::Float(_) => "a number",
            Yaml::Str(_) => "a string",
            Yaml::Seq(_) => "a list",
            Yaml::Map(_) => "a mapping",
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Yaml::Str(s) => Some(s),
            _ => None,
        }
    }

    /// A scalar written as text: strings as they are, numbers and booleans in YAML form.
    pub fn scalar_text(&self) -> Option<String> {
        match self {
            Yaml::Str(s) => Some(s.clone()),
            Yaml::Int(i) => Some(i.to_string()),
            Yaml::UInt(u) => Some(u.to_string()),
            Yaml::BigInt(n) => Some(n.clone()),
            Yaml::Float(f) => Some(f.to_string()),
            Yaml::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// Converts to JSON; non-string mapping keys are written as text.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        match self {
            Yaml::Null => Value::Null,
            Yaml::Bool(b) => Value::Bool(*b),
            Yaml::Int(i) => Value::from(*i),
            Yaml::UInt(u) => Value::from(*u),
            Yaml::BigInt(n) => Value::String(n.clone()),
            Yaml::Float(f) => {
                serde_json::Number::from_f64(*f).map_or_else(|| Value::String(f.to_string()), Value::Number)
            }
            Yaml::Str(s) => Value::String(s.clone()),
            Yaml::Seq(v) => Value::Array(v.iter().map(Yaml::to_json).collect()),
            Yaml::Map(m) => Value::Object(
                m.iter().map(|(k, v)| (k.scalar_text().unwrap_or_else(|| format!("{k}")), v.to_json())).collect(),
            ),
        }
    }
}

impl fmt::Display for Yaml {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.scalar_text() {
            Some(s) => f.write_str(&s),
            None => f.write_str(&self.to_json().to_string()),
        }
    }
}

/// A YAML document that could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub message: String,
    /// Byte offset in the parsed text, when the parser knows it.
    pub offset: Option<usize>,
    /// The key that appears twice in one mapping, when that is the problem.
    pub duplicate_key: Option<String>,
}

impl fmt::Display for YamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Parses one YAML document. An empty document is `Yaml::Null`.
///
/// Before the parser sees the text, a linear scan bounds the work: nesting deeper than
/// [`MAX_DEPTH`] (flow brackets or indentation), lines longer than [`MAX_LINE`], tags and
/// merge keys are refused, so that no input takes the parser's slow paths.
pub fn parse(text: &str) -> Result<Yaml, YamlError> {
    if text.trim().is_empty() {
        return Ok(Yaml::Null);
    }
    prescan::prescan(text)?;
    match simple::parse(text) {
        Some(doc) => Ok(doc),
        None => parse_in_full(text),
    }
}

/// [`parse`] by serde_yaml, for any document the fast path does not take (and its errors).
fn parse_in_full(text: &str) -> Result<Yaml, YamlError> {
    let text_budget = text.len().saturating_mul(MAX_TEXT_EXPANSION).max(MIN_TEXT_BUDGET);
    let budget = Budget { nodes: Cell::new(0), depth: Cell::new(0), text: Cell::new(text_budget) };
    let de = serde_yaml::Deserializer::from_str(text);
    NodeSeed(&budget).deserialize(de).map_err(|e| {
        let message = e.to_string();
        // serde_yaml appends " at line L column C"; the location is reported separately.
        let message = match message.find(" at line ") {
            Some(i) => message[..i].to_string(),
            None => message,
        };
        let duplicate_key =
            message.strip_prefix("duplicate key `").and_then(|rest| rest.strip_suffix('`')).map(String::from);
        YamlError { message, offset: e.location().map(|l| l.index()), duplicate_key }
    })
}

struct Budget {
    nodes: Cell<usize>,
    depth: Cell<usize>,
    /// Bytes of scalar text still allowed.
    text: Cell<usize>,
}

impl Budget {
    fn count<E: de::Error>(&self) -> Result<(), E> {
        let n = self.nodes.get() + 1;
        self.nodes.set(n);
        if n > MAX_NODES {
            return Err(E::custom(format!(
                "the YAML expands to more than {MAX_NODES} nodes (aliases are counted each time they are used)"
            )));
        }
        Ok(())
    }

    /// [`Budget::count`] for a scalar of `len` bytes of text.
    fn count_text<E: de::Error>(&self, len: usize) -> Result<(), E> {
        self.count()?;
        match self.text.get().checked_sub(len) {
            Some(left) => {
                self.text.set(left);
                Ok(())
            }
            None => Err(E::custom(format!(
                "the YAML expands to more than {MAX_TEXT_EXPANSION} times its own length of text \
                 (aliases are counted each time they are used)"
            ))),
        }
    }

    fn enter<E: de::Error>(&self) -> Result<(), E> {
        let d = self.depth.get() + 1;
        self.depth.set(d);
        if d > MAX_DEPTH {
            return Err(E::custom(format!("the YAML is nested deeper than {MAX_DEPTH} levels")));
        }
        Ok(())
    }

    fn leave(&self) {
        self.depth.set(self.depth.get().saturating_sub(1));
    }
}

struct NodeSeed<'b>(&'b Budget);

impl<'de> DeserializeSeed<'de> for NodeSeed<'_> {
    type Value = Yaml;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Yaml, D::Error> {
        d.deserialize_any(NodeVisitor(self.0))
    }
}

struct NodeVisitor<'b>(&'b Budget);

impl<'de> Visitor<'de> for NodeVisitor<'_> {
    type Value = Yaml;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Yaml, E> {
        self.0.count()?;
        Ok(Yaml::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Yaml, E> {
        self.0.count()?;
        Ok(Yaml::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Yaml, E> {
        self.0.count()?;
        Ok(Yaml::UInt(v))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Yaml, E> {
        self.0.count()?;
        Ok(Yaml::BigInt(v.to_string()))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Yaml, E> {
        self.0.count()?;
        Ok(Yaml::BigInt(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Yaml, E> {
        self.0.count()?;
        Ok(Yaml::Float(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Yaml, E> {
        self.0.count_text(v.len())?;
        Ok(Yaml::Str(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Yaml, E> {
        self.0.count_text(v.len())?;
        Ok(Yaml::Str(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Yaml, E> {
        self.0.count()?;
        Ok(Yaml::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Yaml, E> {
        self.visit_unit()
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Yaml, D::Error> {
        NodeSeed(self.0).deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Yaml, A::Error> {
        self.0.count()?;
        self.0.enter()?;
        let mut out = Vec::new();
        while let Some(v) = seq.next_element_seed(NodeSeed(self.0))? {
            out.push(v);
        }
        self.0.leave();
        Ok(Yaml::Seq(out))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Yaml, A::Error> {
        self.0.count()?;
        self.0.enter()?;
        let mut out: Vec<(Yaml, Yaml)> = Vec::new();
        // Text keys are checked through a set (linear); other keys are rare and compared.
        let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
        while let Some(k) = map.next_key_seed(NodeSeed(self.0))? {
            let duplicate = match &k {
                Yaml::Str(text) => !seen.insert(text.clone()),
                other => out.iter().any(|(seen, _)| seen == other),
            };
            if duplicate {
                return Err(de::Error::custom(format!("duplicate key `{k}`")));
            }
            let v = map.next_value_seed(NodeSeed(self.0))?;
            out.push((k, v));
        }
        self.0.leave();
        Ok(Yaml::Map(out))
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, _data: A) -> Result<Yaml, A::Error> {
        Err(de::Error::custom("YAML tags (`!tag`) are not supported in plan files"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_mapping_in_order() {
        let y = parse("b: 1\na: [x, 2]\nc:\n").unwrap();
        let Yaml::Map(m) = y else { panic!("not a map") };
        assert_eq!(m[0], (Yaml::Str("b".into()), Yaml::UInt(1)));
        assert_eq!(m[1].1, Yaml::Seq(vec![Yaml::Str("x".into()), Yaml::UInt(2)]));
        assert_eq!(m[2].1, Yaml::Null);
    }

    #[test]
    fn duplicate_keys_are_an_error_with_a_location() {
        let e = parse("id: a\ntitle: x\nid: b\n").unwrap_err();
        assert!(e.message.contains("duplicate key `id`"), "{e}");
        assert!(e.offset.is_some());
    }

    #[test]
    fn alias_bombs_are_bounded() {
        let mut doc = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let prev = (b'a' + i - 1) as char;
            let cur = (b'a' + i) as char;
            doc.push_str(&format!("{cur}: &{cur} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        }
        let e = parse(&doc).unwrap_err();
        assert!(e.message.contains("nodes") || e.message.contains("repetition"), "{e}");
    }

    #[test]
    fn aliases_of_long_strings_are_bounded_by_the_text_budget() {
        let long = vec!["x".repeat(60_000); 3].join("\n  ");
        let uses = vec![vec!["*a"; 2000].join(","); 3].join(",\n  ");
        let doc = format!("big: &a \"{long}\"\nlabels: [{uses}]\n");
        let started = std::time::Instant::now();
        let e = parse(&doc).unwrap_err();
        assert!(e.message.contains("times its own length"), "{e}");
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
        // Reusing short values stays fine.
        assert!(parse("l: &l [a, b]\nm: *l\nn: *l\n").is_ok());
        assert!(parse(&format!("t: &t \"{}\"\nu: *t\nv: *t\n", "y".repeat(30_000))).is_ok());
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let doc = format!("a: {}{}", "[".repeat(100), "]".repeat(100));
        let e = parse(&doc).unwrap_err();
        assert!(e.message.contains("nested") || e.message.contains("recursion"), "{e}");
    }

    #[test]
    fn deep_flow_nesting_is_refused_before_parsing() {
        let doc = format!("x: {}", "[".repeat(100_000));
        let started = std::time::Instant::now();
        let e = parse(&doc).unwrap_err();
        assert!(e.message.contains("nested deeper"), "{e}");
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
        // Brackets inside quotes or after a plain scalar's text are text.
        assert!(parse("a: '[[[['\nb: \"{{{{\"\nc: it's [fine]\n").is_ok());
        assert!(parse(&format!("t: a 'b\nx: {}", "[".repeat(100))).is_err(), "a quote inside a plain scalar is text");
    }

    #[test]
    fn tags_merge_keys_and_long_lines_are_refused() {
        assert!(parse("a: !!binary aGk=\n").unwrap_err().message.contains("tags"));
        assert!(parse("a: !custom x\n").unwrap_err().message.contains("tags"));
        assert!(parse("base: &b {x: 1}\n<<: *b\n").unwrap_err().message.contains("merge keys"));
        assert!(parse("title: Hello! and <<more>>\nnote: '<<: no'\n").is_ok());
        assert!(parse(&format!("a: {}\n", "x".repeat(MAX_LINE + 1))).unwrap_err().message.contains("longer"));
    }

    #[test]
    fn a_duplicate_key_is_named() {
        let e = parse("id: a\ntitle: x\nid: b\n").unwrap_err();
        assert_eq!(e.duplicate_key.as_deref(), Some("id"));
    }

    #[test]
    fn syntax_errors_carry_an_offset() {
        let e = parse("title: [unclosed\nid: x\n").unwrap_err();
        assert!(e.offset.is_some(), "{e:?}");
    }

    #[test]
    fn quoting_keeps_meaning() {
        assert_eq!(quote_str("plain title"), "plain title");
        assert_ne!(quote_str("true"), "true");
        assert_ne!(quote_str("123"), "123");
        assert_ne!(quote_str("a: b"), "a: b");
    }
}
