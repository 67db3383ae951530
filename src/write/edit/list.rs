//! Editing a block list item by item, keeping the unchanged items' lines.

use super::layout::*;
use super::value::*;
use super::*;

pub(super) fn item_prefix(line: &str) -> Option<&str> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let rest = &line[indent..];
    let after = rest.strip_prefix('-')?;
    let gap = after.len() - after.trim_start_matches([' ', '\t']).len();
    (gap > 0 && gap < after.len()).then(|| &line[..indent + 1 + gap])
}

/// One `- value` line of a block list whose value is a one-line scalar.
pub(super) struct Item {
    pub(super) line: usize,
    /// Length of the `  - ` prefix.
    pub(super) prefix: usize,
    pub(super) style: Style,
    pub(super) range: Range<usize>,
}

/// The entry's block list items when every item is a one-line scalar on its own line at the
/// same indentation (comment and blank lines in between are fine); `None` otherwise.
pub(super) fn block_items(
    doc: &Doc,
    entry: &Entry,
    key: &str,
    values: &[Yaml],
) -> Result<Option<Vec<Item>>, EditError> {
    let mut items: Vec<Item> = Vec::new();
    for i in entry.line + 1..=entry.end {
        if matches!(doc.kinds[i], Kind::Blank | Kind::Comment) {
            continue;
        }
        let text = doc.line_text(i);
        let Some(prefix) = item_prefix(text) else { return Ok(None) };
        if items.first().is_some_and(|first| doc.line_text(first.line)[..first.prefix] != *prefix) {
            return Ok(None);
        }
        match head(text, prefix.len()) {
            (Head::Node, _) => {
                return Err(unsupported(doc, key, entry, "a list item has an anchor, alias or tag"));
            }
            (Head::Scalar(style, range), _) => items.push(Item { line: i, prefix: prefix.len(), style, range }),
            _ => return Ok(None),
        }
    }
    let scalars = values.iter().all(|v| !matches!(v, Yaml::Seq(_) | Yaml::Map(_)));
    Ok((scalars && items.len() == values.len()).then_some(items))
}

/// Edits a block list item by item: the items equal at both ends stay, changed ones are
/// rewritten in place, extra old ones removed, extra new ones inserted.
pub(super) fn block_list_edit(
    doc: &Doc,
    entry: &Entry,
    key: &str,
    values: &[Yaml],
    old: &[Item],
    new: &[String],
) -> Result<Vec<Splice>, EditError> {
    let mut splices = Vec::new();
    let line_splice = |item: &Item, with: String| {
        let l = doc.lines[item.line];
        Splice { range: l.start + item.range.start..l.start + item.range.end, with }
    };
    let delete = |item: &Item| {
        let l = doc.lines[item.line];
        Splice { range: l.start..l.next, with: String::new() }
    };
    if new.is_empty() {
        // A block list cannot be empty: `key: []`, item lines removed, comments kept.
        let at = doc.lines[entry.line].start + entry.colon + 1;
        splices.push(Splice { range: at..at, with: " []".into() });
        splices.extend(old.iter().map(delete));
        return Ok(splices);
    }
    let equal = |i: usize, j: usize| values[i] == Yaml::Str(new[j].clone());
    let (n, m) = (old.len(), new.len());
    let mut p = 0;
    while p < n && p < m && equal(p, p) {
        p += 1;
    }
    let mut s = 0;
    while s < n - p && s < m - p && equal(n - 1 - s, m - 1 - s) {
        s += 1;
    }
    let (old_mid, new_mid) = (p..n - s, p..m - s);
    let paired = old_mid.len().min(new_mid.len());
    for k in 0..paired {
        let item = &old[p + k];
        let written = write_text(key, &new[p + k], item.style, Context::BlockItem)?;
        splices.push(line_splice(item, written));
    }
    splices.extend(old[p + paired..n - s].iter().map(delete));
    if new_mid.len() > paired {
        // Insert after the last kept or rewritten item before the gap, else before the first.
        let (template, at) = if p + paired > 0 {
            let t = &old[p + paired - 1];
            (t, doc.lines[t.line].next)
        } else {
            (&old[0], doc.lines[old[0].line].start)
        };
        let prefix = &doc.line_text(template.line)[..template.prefix];
        let term = doc.term(template.line);
        let mut with = String::new();
        for item in &new[p + paired..m - s] {
            let written = write_text(key, item, template.style, Context::BlockItem)?;
            with.push_str(&format!("{prefix}{written}{term}"));
        }
        splices.push(Splice { range: at..at, with });
    }
    Ok(splices)
}
