//! Matching the items of two versions of a plan (or of a commit's touched files) by id. An id
//! that several files share is never merged silently: each file is matched with its own
//! version (same path first, then in path order), and the change says the id is shared. An
//! item whose id changed in the same file is one item, renumbered: never a removal plus an
//! addition.

use std::collections::BTreeMap;

use crate::model::Item;

/// One item's two versions; either may be absent.
#[derive(Debug, Clone, Copy)]
pub struct Pair<'a> {
    pub old: Option<&'a Item>,
    pub new: Option<&'a Item>,
    /// Another file uses the same id (in either version).
    pub shared_id: bool,
}

/// Pairs the items of two versions by id, in id order; then an item that is only in the old
/// version and one that is only in the new version, in the same file, are one renumbered item.
pub fn pair<'a>(old: impl IntoIterator<Item = &'a Item>, new: impl IntoIterator<Item = &'a Item>) -> Vec<Pair<'a>> {
    let mut groups: BTreeMap<&'a str, (Vec<&'a Item>, Vec<&'a Item>)> = BTreeMap::new();
    for item in old {
        groups.entry(item.id.as_str()).or_default().0.push(item);
    }
    for item in new {
        groups.entry(item.id.as_str()).or_default().1.push(item);
    }
    let mut out = Vec::with_capacity(groups.len());
    for (_, (mut olds, mut news)) in groups {
        if olds.len() <= 1 && news.len() <= 1 {
            out.push(Pair { old: olds.pop(), new: news.pop(), shared_id: false });
            continue;
        }
        olds.sort_by(|a, b| a.path.cmp(&b.path));
        news.sort_by(|a, b| a.path.cmp(&b.path));
        // The same file in both versions first.
        let mut rest_new: Vec<&Item> = Vec::new();
        for n in news {
            match olds.iter().position(|o| o.path == n.path) {
                Some(i) => out.push(Pair { old: Some(olds.remove(i)), new: Some(n), shared_id: true }),
                None => rest_new.push(n),
            }
        }
        // Then moved files, in path order; what is left was added or removed.
        let mut olds = olds.into_iter();
        for n in rest_new {
            out.push(Pair { old: olds.next(), new: Some(n), shared_id: true });
        }
        for o in olds {
            out.push(Pair { old: Some(o), new: None, shared_id: true });
        }
    }
    renumbered(out)
}

/// Joins a removed and an added item of the same file (an id changed in place).
fn renumbered(pairs: Vec<Pair<'_>>) -> Vec<Pair<'_>> {
    let added: BTreeMap<&str, usize> = pairs
        .iter()
        .enumerate()
        .filter(|(_, p)| p.old.is_none())
        .filter_map(|(i, p)| p.new.map(|n| (n.path.as_str(), i)))
        .collect();
    let mut joined: BTreeMap<usize, usize> = BTreeMap::new();
    for (i, p) in pairs.iter().enumerate() {
        if let (Some(o), None) = (p.old, p.new)
            && let Some(&j) = added.get(o.path.as_str())
        {
            joined.insert(i, j);
        }
    }
    let taken: std::collections::HashSet<usize> = joined.values().copied().collect();
    let mut out = Vec::with_capacity(pairs.len());
    for (i, p) in pairs.iter().enumerate() {
        if taken.contains(&i) {
            continue;
        }
        match joined.get(&i) {
            Some(&j) => out.push(Pair { old: p.old, new: pairs[j].new, shared_id: p.shared_id || pairs[j].shared_id }),
            None => out.push(*p),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(files: &[(&str, &str)]) -> Vec<Item> {
        let owned: Vec<(String, Vec<u8>)> = files
            .iter()
            .map(|(path, id)| (path.to_string(), format!("---\nid: {id}\ntitle: T\ninitiative: c\n---\n").into_bytes()))
            .collect();
        let refs: Vec<(&str, &[u8])> = owned.iter().map(|(p, b)| (p.as_str(), b.as_slice())).collect();
        crate::harness::plan_of(&refs, crate::model::Config::default()).items
    }

    #[test]
    fn unique_ids_pair_one_to_one() {
        let old = items(&[("backlog/a.md", "S-1"), ("backlog/b.md", "S-2")]);
        let new = items(&[("backlog/moved/a.md", "S-1"), ("backlog/c.md", "S-3")]);
        let pairs = pair(&old, &new);
        let shape: Vec<(Option<&str>, Option<&str>, bool)> = pairs
            .iter()
            .map(|p| (p.old.map(|i| i.path.as_str()), p.new.map(|i| i.path.as_str()), p.shared_id))
            .collect();
        assert_eq!(
            shape,
            [
                (Some("backlog/a.md"), Some("backlog/moved/a.md"), false),
                (Some("backlog/b.md"), None, false),
                (None, Some("backlog/c.md"), false),
            ]
        );
    }

    #[test]
    fn a_shared_id_keeps_both_files() {
        let old = items(&[("backlog/a.md", "S-1"), ("backlog/b.md", "S-1")]);
        let new = items(&[("backlog/b.md", "S-1"), ("backlog/x/a.md", "S-1"), ("backlog/z.md", "S-1")]);
        let pairs = pair(&old, &new);
        assert_eq!(pairs.len(), 3);
        assert!(pairs.iter().all(|p| p.shared_id));
        let same = pairs.iter().find(|p| p.new.is_some_and(|n| n.path == "backlog/b.md")).unwrap();
        assert_eq!(same.old.map(|o| o.path.as_str()), Some("backlog/b.md"));
        assert_eq!(pairs.iter().filter(|p| p.old.is_none()).count(), 1, "one file is new");
    }

    #[test]
    fn an_id_changed_in_the_same_file_is_one_renumbered_item() {
        let old = items(&[("backlog/a.md", "S-101"), ("backlog/b.md", "S-2")]);
        let new = items(&[("backlog/a.md", "S-201"), ("backlog/c.md", "S-2")]);
        let pairs = pair(&old, &new);
        let shape: Vec<(Option<&str>, Option<&str>)> =
            pairs.iter().map(|p| (p.old.map(|i| i.id.as_str()), p.new.map(|i| i.id.as_str()))).collect();
        assert_eq!(shape, [(Some("S-101"), Some("S-201")), (Some("S-2"), Some("S-2"))]);
        // A new id in another file is a removal and an addition.
        let new = items(&[("backlog/z.md", "S-201"), ("backlog/b.md", "S-2")]);
        assert_eq!(pair(&old, &new).len(), 3);
    }
}
