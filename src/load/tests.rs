use super::*;

#[test]
fn front_matter_only_keeps_initiative_bodies_and_gives_texts_back() {
    let dir = tempfile::tempdir().unwrap();
    let write = |rel: &str, text: &str| {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("cairn.yml", "stale_after_days: 14\n");
    write("roadmap/core.md", "---\ntitle: Core\n---\n- [ ] a\n");
    write("backlog/S-1.md", "---\ntitle: One\nstatus: todo\n---\nA long body.\n");
    write("backlog/S-2.md", "---\ntitle: Two\n---\nAnother body.\n");
    let item = |l: &Loaded, path: &str| l.plan.items.iter().find(|i| i.path == path).unwrap().clone();
    let whole = load(Some(dir.path()), None).unwrap();
    let mut lean = load_with(Some(dir.path()), None, Texts::FrontMatter).unwrap();
    assert_eq!(item(&lean, "backlog/S-1.md").source.text, "---\ntitle: One\nstatus: todo\n---\n");
    assert_eq!(item(&lean, "backlog/S-1.md").body_text(), "");
    assert_eq!(item(&whole, "backlog/S-1.md").body_text(), "A long body.\n");
    assert_eq!(item(&lean, "roadmap/core.md").body_text(), "- [ ] a\n");
    assert_eq!(item(&lean, "backlog/S-1.md").title, item(&whole, "backlog/S-1.md").title);
    // A file whose front matter changed since keeps what was read.
    write("backlog/S-2.md", "---\ntitle: Changed\n---\nAnother body.\n");
    restore_texts(&mut lean, &["backlog/S-1.md", "backlog/S-2.md"].into_iter().collect());
    assert_eq!(item(&lean, "backlog/S-1.md").source.text, "---\ntitle: One\nstatus: todo\n---\nA long body.\n");
    assert_eq!(item(&lean, "backlog/S-1.md").body_text(), "A long body.\n");
    assert_eq!(item(&lean, "backlog/S-2.md").source.text, "---\ntitle: Two\n---\n");
}

#[test]
fn item_names() {
    assert!(is_item_name("S-1-design.md"));
    assert!(!is_item_name("README.md"));
    assert!(!is_item_name("readme.MD"));
    assert!(!is_item_name("Readme.md"));
    assert!(!is_item_name("_template.md"));
    assert!(!is_item_name(".draft.md"));
    assert!(!is_item_name("notes.txt"));
    assert!(is_archived("archive/S-1.md"));
    assert!(!is_archived("archived/S-1.md"));
}
