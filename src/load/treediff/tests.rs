use super::*;

fn tree(entries: &[(&str, &str, u8)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (mode, name, id) in entries {
        out.extend_from_slice(mode.as_bytes());
        out.push(b' ');
        out.extend_from_slice(name.as_bytes());
        out.push(0);
        out.extend_from_slice(&[*id; 20]);
    }
    out
}

fn run(a: &[u8], b: &[u8]) -> Level {
    let p = Pending { diff: 0, folder: 0, path: "x".into(), old: None, new: None };
    let mut level = Level::default();
    diff_level(a, b, &p, &mut level).unwrap();
    level
}

fn names(level: &Level) -> Vec<String> {
    level.files.iter().map(|(_, f)| f.0.clone()).chain(level.next.iter().map(|p| format!("{}/", p.path))).collect()
}

#[test]
fn only_entries_that_differ_are_reported() {
    let a = tree(&[("100644", "A.md", 1), ("100644", "B.md", 2), ("40000", "sub", 3), ("100644", "Z.md", 4)]);
    let b = tree(&[("100644", "A.md", 1), ("100644", "B.md", 9), ("40000", "sub", 8), ("100644", "Z.md", 4)]);
    assert_eq!(names(&run(&a, &b)), ["x/B.md", "x/sub/"]);
    let level = run(&a, &b);
    assert_eq!(level.files[0].1.1, Some(Oid::from_bytes(&[2; 20]).unwrap()));
    assert_eq!(level.files[0].1.2, Some(Oid::from_bytes(&[9; 20]).unwrap()));
}

#[test]
fn additions_removals_and_kind_changes() {
    let a = tree(&[("100644", "A.md", 1), ("100644", "C.md", 3), ("100644", "d", 5)]);
    let b = tree(&[("100644", "B.md", 2), ("100644", "C.md", 3), ("40000", "d", 6)]);
    let level = run(&a, &b);
    assert_eq!(names(&level), ["x/A.md", "x/B.md", "x/d/"]);
    assert_eq!(level.files[0].1.2, None);
    assert_eq!(level.files[1].1.1, None);
    // `d` was not an item file, so only the new folder counts.
    assert_eq!(level.next[0].old, None);
}

#[test]
fn non_items_links_hidden_folders_and_submodules_are_left_out() {
    let a = tree(&[]);
    let b = tree(&[
        ("40000", ".hidden", 1),
        ("100644", "README.md", 2),
        ("100644", "S-1.md", 3),
        ("120000", "S-2.md", 4),
        ("160000", "mod", 5),
        ("100755", "S-3.md", 6),
        ("100644", "_template.md", 7),
        ("100644", "notes.txt", 8),
    ]);
    assert_eq!(names(&run(&a, &b)), ["x/S-1.md", "x/S-3.md"]);
    assert!(run(&b, &b).files.is_empty());
}

#[test]
fn git_order_puts_a_folder_after_a_longer_file_name() {
    // `a.md` < `a/` (`.` < `/`) and `a` (file) < `a-b` < `a/` (folder).
    let a = tree(&[("100644", "a-b.md", 1), ("40000", "a", 2)]);
    let b = tree(&[("100644", "a-b.md", 1), ("40000", "a", 3)]);
    assert_eq!(names(&run(&a, &b)), ["x/a/"]);
    assert_eq!(git_order(b"a", true, b"a-b", false), std::cmp::Ordering::Greater);
}

#[test]
fn prefix_and_suffix_lengths() {
    let a: Vec<u8> = (0..1000).map(|i| (i % 251) as u8).collect();
    let mut b = a.clone();
    b[700] ^= 1;
    assert_eq!(common_prefix(&a, &b), 700);
    assert_eq!(common_suffix(&a, &b), 299);
    assert_eq!(common_prefix(&a, &a), 1000);
    assert_eq!(common_suffix(&a, &a[1..]), 999);
    assert_eq!(common_prefix(&a, &[]), 0);
}

#[test]
fn a_cut_tree_is_an_error() {
    let mut a = tree(&[("100644", "A.md", 1)]);
    a.truncate(a.len() - 3);
    let p = Pending { diff: 0, folder: 0, path: "x".into(), old: None, new: None };
    assert!(diff_level(&[], &a, &p, &mut Level::default()).is_err());
}
