//! Property tests: generated front matter and changes, edited in place.

//! Generated front matter (comments, three quoting styles, flow and block lists, folded
//! text, unknown keys, CRLF, BOM, `...` closer, a body with `---` rules) and one generated
//! change: the edit must parse to the old fields plus the change, keep every other byte,
//! and change only the changed key's lines.

use super::*;
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Val {
    Plain(String),
    Single(String),
    Double(String),
    Int(u64),
    Flow(Vec<String>),
    /// A block list: items, indentation, blanks after the dash, a comment line after item 0.
    Block(Vec<String>, usize, usize, bool),
    /// `key: >-` and lines.
    Folded(Vec<String>),
}

#[derive(Debug, Clone)]
struct Field {
    key: String,
    val: Val,
    gap: usize,
    comment: Option<String>,
    /// A comment or blank line before the field.
    before: Option<String>,
}

#[derive(Debug, Clone)]
struct File {
    fields: Vec<Field>,
    trailing: Vec<String>,
    crlf: bool,
    bom: bool,
    dots: bool,
    body: String,
}

#[derive(Debug, Clone)]
enum Change {
    Text(prop::sample::Index, Option<String>, String),
    Int(prop::sample::Index, Option<String>, u64),
    List(prop::sample::Index, Option<String>, Vec<String>),
    Unset(prop::sample::Index),
}

/// Words a YAML reader types (YAML 1.1 booleans and null): written quoted, never plain.
const RESERVED: [&str; 9] = ["true", "false", "null", "y", "n", "yes", "no", "on", "off"];

fn word() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9-]{0,7}".prop_filter("not a YAML word", |s| !RESERVED.contains(&s.as_str()))
}

fn key() -> impl Strategy<Value = String> {
    "[a-z][a-z_-]{0,7}".prop_filter("not a YAML word", |s| !RESERVED.contains(&s.as_str()))
}

fn plain_text() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9 ._-]{0,10}[a-z0-9]".prop_filter("plain", |s| !RESERVED.contains(&s.as_str()))
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![plain_text(), "[ -~]{0,12}", "[a-zé'\" :#,\\[\\]{}&*!|>\n\t-]{0,10}"]
}

fn item() -> impl Strategy<Value = String> {
    prop_oneof![3 => word(), 1 => "[a-z0-9 ,:#'\"-]{1,6}"]
}

fn val() -> impl Strategy<Value = Val> {
    prop_oneof![
        plain_text().prop_map(Val::Plain),
        "[a-zA-Z0-9 ,:#'\"\\[\\]{}-]{0,10}".prop_map(Val::Single),
        "[a-zA-Z0-9 ,:#'\"\\\\\\[\\]{}-]{0,10}".prop_map(Val::Double),
        (0u64..10_000).prop_map(Val::Int),
        prop::collection::vec(item(), 0..4).prop_map(Val::Flow),
        (prop::collection::vec(item(), 1..4), 0usize..4, 1usize..3, any::<bool>())
            .prop_map(|(v, i, g, c)| Val::Block(v, i, g, c)),
        prop::collection::vec(plain_text(), 1..3).prop_map(Val::Folded),
    ]
}

fn field() -> impl Strategy<Value = Field> {
    (
        val(),
        1usize..3,
        prop::option::of("[a-z #]{0,8}"),
        // indented by one space: less than any value's text, so always a comment
        prop::option::of(prop_oneof![Just(String::new()), "# [a-z :-]{0,10}", " # [a-z]{0,5}"]),
    )
        .prop_map(|(val, gap, comment, before)| Field { key: String::new(), val, gap, comment, before })
}

fn file() -> impl Strategy<Value = File> {
    (
        prop::collection::btree_set(key(), 0..7),
        prop::collection::vec(field(), 7),
        prop::collection::vec(prop_oneof![Just(String::new()), "# [a-z: ]{0,10}"], 0..3),
        (any::<bool>(), any::<bool>(), any::<bool>()),
        prop::collection::vec(prop_oneof!["[a-zA-Z #:-]{0,20}", Just("---".to_string())], 0..5),
    )
        .prop_map(|(keys, fields, trailing, (crlf, bom, dots), body)| File {
            fields: keys.into_iter().zip(fields).map(|(key, f)| Field { key, ..f }).collect(),
            trailing,
            crlf,
            bom,
            dots,
            body: body.join("\n"),
        })
}

fn change() -> impl Strategy<Value = Change> {
    let target = || (any::<prop::sample::Index>(), prop::option::of(key()));
    prop_oneof![
        (target(), any_text()).prop_map(|((i, k), t)| Change::Text(i, k, t)),
        (target(), 0u64..100).prop_map(|((i, k), n)| Change::Int(i, k, n)),
        (target(), prop::collection::vec(item(), 0..5)).prop_map(|((i, k), v)| Change::List(i, k, v)),
        any::<prop::sample::Index>().prop_map(Change::Unset),
    ]
}

fn item_text(s: &str) -> String {
    if s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && s.starts_with(|c: char| c.is_ascii_lowercase())
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "''"))
    }
}

/// The file's text, per field its first and last line (0-based lines of the file), and
/// the closing line.
fn render(f: &File) -> (String, Vec<(usize, usize)>, usize) {
    let nl = if f.crlf { "\r\n" } else { "\n" };
    let mut lines: Vec<String> = vec!["---".into()];
    let mut spans = Vec::new();
    for field in &f.fields {
        if let Some(before) = &field.before {
            lines.push(before.clone());
        }
        let start = lines.len();
        let comment = field.comment.as_ref().map(|c| format!(" #{c}")).unwrap_or_default();
        let gap = " ".repeat(field.gap);
        let k = &field.key;
        match &field.val {
            Val::Plain(s) => lines.push(format!("{k}:{gap}{s}{comment}")),
            Val::Single(s) => lines.push(format!("{k}:{gap}'{}'{comment}", s.replace('\'', "''"))),
            Val::Double(s) => {
                lines.push(format!("{k}:{gap}\"{}\"{comment}", s.replace('\\', "\\\\").replace('"', "\\\"")))
            }
            Val::Int(n) => lines.push(format!("{k}:{gap}{n}{comment}")),
            Val::Flow(items) => {
                let items: Vec<String> = items.iter().map(|s| item_text(s)).collect();
                lines.push(format!("{k}:{gap}[{}]{comment}", items.join(", ")));
            }
            Val::Block(items, indent, dash, inner) => {
                lines.push(format!("{k}:{comment}"));
                for (n, item) in items.iter().enumerate() {
                    lines.push(format!("{}-{}{}", " ".repeat(*indent), " ".repeat(*dash), item_text(item)));
                    if n == 0 && *inner && items.len() > 1 {
                        lines.push(format!("{}# between items", " ".repeat(*indent)));
                    }
                }
            }
            Val::Folded(parts) => {
                lines.push(format!("{k}: >-{comment}"));
                lines.extend(parts.iter().map(|p| format!("  {p}")));
            }
        }
        spans.push((start, lines.len() - 1));
    }
    lines.extend(f.trailing.iter().cloned());
    let closer = lines.len();
    lines.push(if f.dots { "...".into() } else { "---".into() });
    let mut text = if f.bom { "\u{feff}".to_string() } else { String::new() };
    for line in &lines {
        text.push_str(line);
        text.push_str(nl);
    }
    text.push_str(&f.body.replace('\n', nl));
    (text, spans, closer)
}

fn fields_of(text: &str) -> Vec<(Yaml, Yaml)> {
    let s = split(text).expect("front matter");
    match yaml::parse(&text[s.yaml]) {
        Ok(Yaml::Map(m)) => m,
        Ok(Yaml::Null) => Vec::new(),
        other => panic!("not a mapping: {other:?}"),
    }
}

fn lines(text: &str) -> Vec<&str> {
    text.split_inclusive('\n').collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn edits_change_only_the_changed_key(f in file(), change in change()) {
        let (old, spans, closer) = render(&f);
        let old_fields = fields_of(&old);
        prop_assert_eq!(old_fields.len(), f.fields.len());
        // The target: an existing field (by index) or a new key.
        let pick = |i: &prop::sample::Index, new: &Option<String>| -> (String, Option<usize>) {
            match new {
                Some(k) if !f.fields.iter().any(|x| &x.key == k) => (k.clone(), None),
                _ if f.fields.is_empty() => ("fresh".into(), None),
                _ => {
                    let n = i.index(f.fields.len());
                    (f.fields[n].key.clone(), Some(n))
                }
            }
        };
        let (edit, key, at, new_value) = match &change {
            Change::Text(i, k, t) => {
                let (key, at) = pick(i, k);
                (Edit::Set { key: key.clone(), value: Value::Text(t.clone()) }, key, at, Some(Yaml::Str(t.clone())))
            }
            Change::Int(i, k, n) => {
                let (key, at) = pick(i, k);
                (Edit::Set { key: key.clone(), value: Value::Integer(*n) }, key, at, Some(Yaml::UInt(*n)))
            }
            Change::List(i, k, v) => {
                let (key, at) = pick(i, k);
                let want = Yaml::Seq(v.iter().map(|s| Yaml::Str(s.clone())).collect());
                (Edit::Set { key: key.clone(), value: Value::List(v.clone()) }, key, at, Some(want))
            }
            Change::Unset(i) => {
                let (key, at) = pick(i, &None);
                (Edit::Unset { key: key.clone() }, key, at, None)
            }
        };
        let done = apply_detailed(&old, std::slice::from_ref(&edit));
        let done = match done {
            Ok(d) => d,
            Err(e) => return Err(TestCaseError::fail(format!("{e:?}\n{old}"))),
        };
        let new = done.text;

        // (a) the old fields plus the change, in order
        let mut want = old_fields.clone();
        match (&new_value, at) {
            (Some(v), Some(n)) => want[n].1 = v.clone(),
            (Some(v), None) => want.push((Yaml::Str(key.clone()), v.clone())),
            (None, Some(n)) => { want.remove(n); }
            (None, None) => {}
        }
        prop_assert_eq!(fields_of(&new), want);

        // (b) BOM, opening line, closing line and body byte for byte
        let (so, sn) = (split(&old).unwrap(), split(&new).unwrap());
        prop_assert_eq!(&old[..so.yaml.start], &new[..sn.yaml.start]);
        prop_assert_eq!(&old[so.yaml.end..], &new[sn.yaml.end..]);
        if f.crlf {
            prop_assert_eq!(new.matches('\n').count(), new.matches("\r\n").count(), "{}", new);
        } else {
            prop_assert!(!new.contains('\r'));
        }

        // (c) only the changed key's lines differ
        let (a, b) = (lines(&old), lines(&new));
        let unchanged = at.is_some_and(|n| old_fields[n].1 == *new_value.as_ref().unwrap_or(&Yaml::Null))
            && new_value.is_some();
        if unchanged {
            prop_assert_eq!(&new, &old);
            prop_assert_eq!(done.outcomes, vec![Outcome::Unchanged]);
            return Ok(());
        }
        match (at, &new_value) {
            (None, Some(_)) => {
                // one line added, right after the last field's last line (or before the
                // closing line of a block without fields)
                let after = spans.last().map_or(closer, |s| s.1 + 1);
                prop_assert_eq!(b.len(), a.len() + 1);
                prop_assert_eq!(&b[..after], &a[..after]);
                prop_assert_eq!(&b[after + 1..], &a[after..]);
                prop_assert!(b[after].starts_with(&format!("{key}:")), "{}", b[after]);
                prop_assert_eq!(done.outcomes, vec![Outcome::Added]);
            }
            (Some(n), None) => {
                let (s, e) = spans[n];
                let mut expect: Vec<&str> = a[..s].to_vec();
                expect.extend(&a[e + 1..]);
                prop_assert_eq!(b, expect);
                prop_assert_eq!(done.outcomes, vec![Outcome::Removed]);
            }
            (Some(n), Some(v)) => {
                let (s, e) = spans[n];
                prop_assert_eq!(&b[..s], &a[..s]);
                prop_assert_eq!(&b[b.len() - (a.len() - e - 1)..], &a[e + 1..]);
                let old_one_line = s == e;
                let new_is_list = matches!(v, Yaml::Seq(_));
                let block = matches!(f.fields[n].val, Val::Block(..));
                if old_one_line || !(new_is_list && block) {
                    // a one-line value, or a multi-line one replaced: one line in its place
                    prop_assert_eq!(b.len(), a.len() - (e - s));
                    let line = b[s];
                    prop_assert!(line.starts_with(&format!("{key}:{}", " ".repeat(f.fields[n].gap))) || !old_one_line, "{}", line);
                    if let Some(c) = &f.fields[n].comment {
                        prop_assert!(line.trim_end().ends_with(&format!("#{c}").trim_end()), "{}", line);
                    }
                    // the old quote style is kept when the text allows it
                    if let (Val::Single(_) | Val::Double(_) | Val::Plain(_), Yaml::Str(t)) = (&f.fields[n].val, v) {
                        let written = &line[key.len() + 1 + f.fields[n].gap..];
                        let kept = match &f.fields[n].val {
                            Val::Single(_) => written.starts_with('\''),
                            Val::Double(_) => written.starts_with('"'),
                            _ => written.starts_with(t.as_str()),
                        };
                        let plain_safe = t.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || " ._-".contains(c))
                            && t.starts_with(|c: char| c.is_ascii_lowercase())
                            && t.ends_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
                            && !RESERVED.contains(&t.as_str());
                        let representable = match &f.fields[n].val {
                            Val::Single(_) | Val::Double(_) => !t.contains(char::is_control),
                            _ => plain_safe,
                        };
                        prop_assert!(kept || !representable, "{}", line);
                    }
                } else {
                    // a block list edited item by item: the key line stays (or becomes
                    // `key: []`), the comment line between items stays, every other
                    // line is an item line in the list's own indentation and dash spacing
                    let entry = &b[s..b.len() - (a.len() - e - 1)];
                    let Val::Block(_, indent, dash, _) = &f.fields[n].val else { unreachable!() };
                    let prefix = format!("{}-{}", " ".repeat(*indent), " ".repeat(*dash));
                    let comment_line = format!("{}# between items", " ".repeat(*indent));
                    if matches!(v, Yaml::Seq(items) if items.is_empty()) {
                        prop_assert!(entry[0].starts_with(&format!("{key}: []")), "{}", entry[0]);
                    } else {
                        prop_assert_eq!(entry[0], a[s]);
                    }
                    let comments_before = a[s..=e].iter().filter(|l| l.trim_end() == comment_line).count();
                    let comments_after = entry.iter().filter(|l| l.trim_end() == comment_line).count();
                    prop_assert_eq!(comments_before, comments_after);
                    for line in &entry[1..] {
                        prop_assert!(line.starts_with(&prefix) || line.trim_end() == comment_line, "{:?}", line);
                    }
                }
                prop_assert_eq!(done.outcomes, vec![Outcome::Replaced]);
            }
            (None, None) => {
                prop_assert_eq!(&new, &old);
                prop_assert_eq!(done.outcomes, vec![Outcome::Missing]);
            }
        }

        // a second identical edit changes nothing
        prop_assert_eq!(apply(&new, std::slice::from_ref(&edit)).unwrap(), new);
    }

    #[test]
    fn block_list_edits_touch_only_changed_items(
        items in prop::collection::vec(word(), 1..6),
        new in prop::collection::vec(word(), 1..6),
        indent in 0usize..4,
    ) {
        let pad = " ".repeat(indent);
        let mut old = String::from("---\nid: a\nlabels:\n");
        for item in &items {
            old.push_str(&format!("{pad}- {item}\n"));
        }
        old.push_str("status: todo\n---\n");
        let out = apply(&old, &[Edit::Set { key: "labels".into(), value: Value::List(new.clone()) }]).unwrap();
        let want: String = new.iter().map(|i| format!("{pad}- {i}\n")).collect();
        prop_assert_eq!(&out, &format!("---\nid: a\nlabels:\n{want}status: todo\n---\n"));
        // Lines changed are at most the items outside the common start and end.
        let (a, b) = (lines(&old), lines(&out));
        let mut p = 0;
        while p < a.len() && p < b.len() && a[p] == b[p] { p += 1; }
        let mut s = 0;
        while s < a.len() - p && s < b.len() - p && a[a.len() - 1 - s] == b[b.len() - 1 - s] { s += 1; }
        let mut cp = 0;
        while cp < items.len() && cp < new.len() && items[cp] == new[cp] { cp += 1; }
        let mut cs = 0;
        while cs < items.len() - cp && cs < new.len() - cp && items[items.len() - 1 - cs] == new[new.len() - 1 - cs] { cs += 1; }
        prop_assert!(a.len() - p - s <= items.len() - cp - cs);
        prop_assert!(b.len() - p - s <= new.len() - cp - cs);
    }
}
