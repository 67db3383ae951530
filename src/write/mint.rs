//! Minting fresh ids that no branch uses: ids are read from the working tree and from the tip
//! of every local and remote-tracking branch, so two branches do not mint the same id.
//!
//! Branches share most of their trees, so each tree id is read once and each blob's id is
//! parsed once: the cost follows the number of distinct files, not branches × files.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use git2::{ObjectType, Oid, Repository, Tree};

use crate::load::{decode, is_item_name, is_walked_dir};
use crate::model::Config;

/// The ids of every item on the tips of local and remote-tracking branches.
///
/// `plan_path` is the plan root inside the repository (`""` or `dir/`-less path).
pub fn branch_ids(repo: &Repository, plan_path: &str, config: &Config) -> HashSet<String> {
    let mut out = HashSet::new();
    let mut seen_trees: HashSet<Oid> = HashSet::new();
    let mut blob_ids: HashMap<Oid, Option<String>> = HashMap::new();
    let Ok(refs) = repo.references() else { return out };
    let mut roots: Vec<Oid> = Vec::new();
    for reference in refs.flatten() {
        if !(reference.is_branch() || reference.is_remote()) {
            continue;
        }
        let Ok(tree) = reference.peel_to_tree() else { continue };
        roots.push(tree.id());
    }
    roots.sort_unstable();
    roots.dedup();
    for root in roots {
        let Ok(tree) = repo.find_tree(root) else { continue };
        for (_, dir) in config.folders() {
            let folder = if plan_path.is_empty() { dir.to_string() } else { format!("{plan_path}/{dir}") };
            let Ok(entry) = tree.get_path(Path::new(&folder)) else { continue };
            if entry.kind() != Some(ObjectType::Tree) {
                continue;
            }
            if let Ok(sub) = repo.find_tree(entry.id()) {
                walk(repo, &sub, config, &mut seen_trees, &mut blob_ids, &mut out);
            }
        }
    }
    out
}

fn walk(
    repo: &Repository,
    tree: &Tree<'_>,
    config: &Config,
    seen: &mut HashSet<Oid>,
    blobs: &mut HashMap<Oid, Option<String>>,
    out: &mut HashSet<String>,
) {
    if !seen.insert(tree.id()) {
        return;
    }
    for entry in tree.iter() {
        let Ok(name) = entry.name() else { continue };
        match entry.kind() {
            Some(ObjectType::Tree) if is_walked_dir(name) => {
                if let Ok(sub) = repo.find_tree(entry.id()) {
                    walk(repo, &sub, config, seen, blobs, out);
                }
            }
            Some(ObjectType::Blob) if is_item_name(name) => {
                let declared = blobs.entry(entry.id()).or_insert_with(|| {
                    repo.find_blob(entry.id()).ok().and_then(|blob| decode::declared_id(blob.content(), config))
                });
                let id = declared.clone().unwrap_or_else(|| decode::file_stem(name).to_string());
                out.insert(id);
            }
            _ => {}
        }
    }
}

/// The next id `prefix` + number, above every number any id with that prefix uses. Numbers
/// are compared and incremented as decimal text, so an id far beyond 64 bits
/// (`S-18446744073709551615`) gives the next number up, never a wrapped `S-0`.
pub fn next_id<'a>(prefix: &str, used: impl IntoIterator<Item = &'a str>) -> String {
    // `S-12` and also `S-12-some-slug` (the file name of an item whose front matter cannot
    // be read) hold the number 12.
    let max = used
        .into_iter()
        .filter_map(|id| id.strip_prefix(prefix))
        .filter_map(|rest| {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            let tail = &rest[digits..];
            (digits > 0 && (tail.is_empty() || tail.starts_with('-'))).then(|| {
                let n = rest[..digits].trim_start_matches('0');
                if n.is_empty() { "0" } else { n }
            })
        })
        .max_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)))
        .unwrap_or("0");
    format!("{prefix}{}", increment(max))
}

/// A decimal number (digits, no leading zeros) plus one.
fn increment(n: &str) -> String {
    let mut digits: Vec<u8> = n.bytes().collect();
    for d in digits.iter_mut().rev() {
        if *d == b'9' {
            *d = b'0';
        } else {
            *d += 1;
            return String::from_utf8(digits).unwrap_or_default();
        }
    }
    format!("1{}", String::from_utf8(digits).unwrap_or_default())
}

/// A file-name slug of a title: lower case letters and digits joined by `-`, at most 60
/// characters.
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let mut s: String = out.chars().take(60).collect();
    while s.ends_with('-') {
        s.pop();
    }
    s
}

/// Every id in use: the working tree (archived and broken files included) and every branch tip.
pub fn used_ids(loaded: &crate::load::Loaded) -> HashSet<String> {
    let mut ids: HashSet<String> = loaded.plan.ids().into_iter().map(String::from).collect();
    if let Ok(repo) = git2::Repository::discover(&loaded.root) {
        let path = loaded.repo_path.clone().unwrap_or_default();
        let path = path.trim_end_matches('/');
        ids.extend(branch_ids(&repo, path, &loaded.plan.config));
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slug("Design subscription UI"), "design-subscription-ui");
        assert_eq!(slug("  Fix GPS accuracy bug!! "), "fix-gps-accuracy-bug");
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug("Café & crème"), "café-crème");
        assert_eq!(slug("A/B testing"), "a-b-testing");
        assert_eq!(slug("!!!"), "");
        assert_eq!(slug(&"x".repeat(100)).len(), 60);
    }

    #[test]
    fn next_ids_go_above_the_highest_number() {
        assert_eq!(next_id("S-", ["S-1", "S-10", "S-9", "T-99", "S-x", "subscriptions"]), "S-11");
        assert_eq!(next_id("S-", ["S-3", "S-20-broken-file", "S-99x"]), "S-21");
        assert_eq!(next_id("S-", []), "S-1");
        assert_eq!(next_id("", ["12", "core", "3"]), "13");
        assert_eq!(next_id("S-", ["S-18446744073709551615"]), "S-18446744073709551616");
        assert_eq!(next_id("S-", ["S-99999999999999999999999", "S-5"]), "S-100000000000000000000000");
        assert_eq!(next_id("S-", ["S-0009"]), "S-10");
    }
}
