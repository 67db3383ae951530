//! Unit tests of in-place editing on realistic files.

use super::*;

fn set(key: &str, value: Value) -> Edit {
    Edit::Set { key: key.to_string(), value }
}
fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}
fn list(items: &[&str]) -> Value {
    Value::List(items.iter().map(|s| s.to_string()).collect())
}
fn unset(key: &str) -> Edit {
    Edit::Unset { key: key.to_string() }
}
fn ok(file: &str, edits: &[Edit]) -> String {
    match apply(file, edits) {
        Ok(out) => out,
        Err(e) => panic!("{e} ({e:?})\n{file}"),
    }
}
fn err(file: &str, edit: Edit) -> EditError {
    match apply(file, &[edit]) {
        Ok(out) => panic!("expected an error, got:\n{out}"),
        Err(e) => e,
    }
}

/// (removed, added) lines between `old` and `new`, after their common first and last lines.
fn changed(old: &str, new: &str) -> (Vec<String>, Vec<String>) {
    let a: Vec<&str> = old.split_inclusive('\n').collect();
    let b: Vec<&str> = new.split_inclusive('\n').collect();
    let mut p = 0;
    while p < a.len() && p < b.len() && a[p] == b[p] {
        p += 1;
    }
    let mut s = 0;
    while s < a.len() - p && s < b.len() - p && a[a.len() - 1 - s] == b[b.len() - 1 - s] {
        s += 1;
    }
    let own = |v: &[&str]| v.iter().map(|l| l.to_string()).collect();
    (own(&a[p..a.len() - s]), own(&b[p..b.len() - s]))
}

const STORY: &str = "---\n\
        # Owned by the payments team\n\
        id: S-101\n\
        title: 'Design subscription UI'\n\
        status:  todo   # workflow state\n\
        initiative: subscriptions\n\
        priority: 2\n\
        estimate: \"3\"\n\
        assignee: dana\n\
        x-jira: PAY-77   # unknown field, kept\n\
        labels: [ui, subscriptions]\n\
        depends_on:\n\
        \x20 - S-100\n\
        \x20 # S-099 was dropped\n\
        \x20 - S-098\n\
        \n\
        # end of fields\n\
        ---\n\
        As a customer I want a weekly plan.\n\
        \n\
        ---\n\
        \n\
        ## Acceptance criteria\n\
        - [ ] Plan picker\n";

#[test]
fn replacing_a_scalar_changes_only_its_value() {
    let out = ok(STORY, &[set("status", text("in-progress"))]);
    assert_eq!(out, STORY.replace("status:  todo   # workflow", "status:  in-progress   # workflow"));
    let out = ok(STORY, &[set("assignee", text("eve"))]);
    assert_eq!(out, STORY.replace("assignee: dana\n", "assignee: eve\n"));
    let out = ok(STORY, &[set("x-jira", text("PAY-78"))]);
    assert_eq!(
        changed(STORY, &out),
        (
            vec!["x-jira: PAY-77   # unknown field, kept\n".into()],
            vec!["x-jira: PAY-78   # unknown field, kept\n".into()]
        )
    );
}

#[test]
fn text_a_yaml_1_1_reader_would_type_is_quoted() {
    // serde_yaml reads these plain scalars as text; js-yaml and PyYAML (YAML 1.1) read a
    // boolean, a null, a number or a date: another tool must read back the same text.
    let file = "---\ntitle: Old title\nlabels: [a]\n---\n";
    for typed in ["yes", "No", "off", "y", "~", "2026-01-05", "12:30", "0x1F", "1_000", ".5", "-.inf"] {
        let out = ok(file, &[set("title", text(typed))]);
        assert!(out.contains(&format!("\ntitle: '{typed}'\n")), "{typed}: {out}");
    }
    let out = ok(file, &[set("labels", list(&["yes", "ui"]))]);
    assert!(out.contains("\nlabels: ['yes', ui]\n"), "{out}");
    // Ordinary words stay plain.
    for plain in ["yesterday", "online", "3 apples", "v1.2", "nothing"] {
        let out = ok(file, &[set("title", text(plain))]);
        assert!(out.contains(&format!("\ntitle: {plain}\n")), "{plain}: {out}");
    }
}

#[test]
fn quote_style_is_kept_when_possible() {
    // single stays single, '' escaping included
    let out = ok(STORY, &[set("title", text("Ship the plan's picker"))]);
    assert!(out.contains("\ntitle: 'Ship the plan''s picker'\n"), "{out}");
    // double stays double
    let file = "---\ntitle: \"Old\"\n---\n";
    assert_eq!(ok(file, &[set("title", text("Say \"hi\" \\ bye"))]), "---\ntitle: \"Say \\\"hi\\\" \\\\ bye\"\n---\n");
    // plain stays plain when it reads back the same
    let file = "---\ntitle: Old title\n---\n";
    assert_eq!(ok(file, &[set("title", text("New: better? yes"))]), "---\ntitle: 'New: better? yes'\n---\n");
    assert_eq!(ok(file, &[set("title", text("Fix #12 now"))]), "---\ntitle: 'Fix #12 now'\n---\n");
    assert_eq!(ok(file, &[set("title", text("C# rocks"))]), "---\ntitle: C# rocks\n---\n");
    assert_eq!(ok(file, &[set("title", text("2026"))]), "---\ntitle: '2026'\n---\n");
    assert_eq!(ok(file, &[set("title", text("true"))]), "---\ntitle: 'true'\n---\n");
    assert_eq!(ok(file, &[set("title", text(""))]), "---\ntitle: ''\n---\n");
    // a line break never spreads the value over lines
    assert_eq!(ok(file, &[set("title", text("two\nlines"))]), "---\ntitle: \"two\\nlines\"\n---\n");
    let file = "---\ntitle: 'Old'\n---\n";
    assert_eq!(ok(file, &[set("title", text("tab\there"))]), "---\ntitle: \"tab\\there\"\n---\n");
    // a trailing comment is considered when choosing plain
    let file = "---\ntitle: Old # note\n---\n";
    assert_eq!(ok(file, &[set("title", text("ends with:"))]), "---\ntitle: 'ends with:' # note\n---\n");
}

#[test]
fn numbers_are_written_plain() {
    let out = ok(STORY, &[set("priority", Value::Integer(1)), set("estimate", Value::Number("0.5".into()))]);
    let (removed, added) = changed(STORY, &out);
    assert_eq!(removed, vec!["priority: 2\n", "estimate: \"3\"\n"]);
    assert_eq!(added, vec!["priority: 1\n", "estimate: 0.5\n"]);
    for bad in ["abc", "1 # x", ".nan", "", "1\n2", "[1]"] {
        let e = err(STORY, set("estimate", Value::Number(bad.into())));
        assert!(matches!(e, EditError::InvalidValue { .. }), "{bad}: {e:?}");
    }
    assert_eq!(ok(STORY, &[set("estimate", Value::Number("-2".into()))]), STORY.replace("\"3\"", "-2"));
}

#[test]
fn null_empties_the_value_and_keeps_the_comment() {
    let out = ok(STORY, &[set("x-jira", Value::Null)]);
    assert_eq!(out, STORY.replace("x-jira: PAY-77   # unknown", "x-jira:   # unknown"));
    let out = ok(STORY, &[set("assignee", Value::Null)]);
    assert_eq!(out, STORY.replace("assignee: dana\n", "assignee:\n"));
    // and back
    let file = "---\nassignee:\nstatus: todo\n---\n";
    assert_eq!(ok(file, &[set("assignee", text("dana"))]), "---\nassignee: dana\nstatus: todo\n---\n");
    let file = "---\nassignee:  # who\n---\n";
    assert_eq!(ok(file, &[set("assignee", text("dana"))]), "---\nassignee: dana  # who\n---\n");
}

#[test]
fn a_multi_line_value_is_replaced_as_a_whole_entry() {
    let file =
        "---\nid: a\ntitle: >- # folded\n  A long title\n\n  over lines\n  # not a comment\nstatus: todo\n---\nbody\n";
    let out = ok(file, &[set("title", text("Short"))]);
    assert_eq!(out, "---\nid: a\ntitle: Short # folded\nstatus: todo\n---\nbody\n");
    let file = "---\ntitle: \"a long\nquoted: title\"\nstatus: todo\n---\n";
    // A quoted value going on at column 0 looks like a key: refused, not guessed.
    assert!(matches!(err(file, set("title", text("x"))), EditError::Layout { .. }));
    let file = "---\ntitle: \"a long\n  quoted title\"\nstatus: todo\n---\n";
    assert_eq!(ok(file, &[set("title", text("x"))]), "---\ntitle: x\nstatus: todo\n---\n");
    let file = "---\ntitle: plain over\n  two lines\nstatus: todo\n---\n";
    assert_eq!(ok(file, &[set("title", text("x"))]), "---\ntitle: x\nstatus: todo\n---\n");
    let file = "---\nmeta:\n  a: 1\n  b: [2]\nstatus: todo\n---\n";
    assert_eq!(ok(file, &[set("meta", Value::Integer(3))]), "---\nmeta: 3\nstatus: todo\n---\n");
}

#[test]
fn a_comment_less_indented_than_block_text_is_not_the_text() {
    let file = "---\nnotes: |\n    text\n    # text too\n  # a comment\nstatus: todo\n---\n";
    assert_eq!(ok(file, &[set("notes", text("x"))]), "---\nnotes: x\n  # a comment\nstatus: todo\n---\n");
    let file = "---\nnotes: |2\n    text\n  # text too\nstatus: todo\n---\n";
    assert_eq!(ok(file, &[set("notes", text("x"))]), "---\nnotes: x\nstatus: todo\n---\n");
    // Unsetting `b` would turn the comment into more of `notes`' text: refused.
    let file = "---\nnotes: |\n  text\nb: 1\n  # text if b goes\nc: 2\n---\n";
    assert_eq!(err(file, unset("b")), EditError::Verification { key: "b".into() });
}

#[test]
fn flow_lists_stay_flow_in_their_own_spacing() {
    let out = ok(STORY, &[set("labels", list(&["ui", "billing, EU", "subscriptions"]))]);
    assert_eq!(out, STORY.replace("[ui, subscriptions]", "[ui, 'billing, EU', subscriptions]"));
    let file = "---\nlabels: [ a,b ]  # themes\n---\n";
    assert_eq!(ok(file, &[set("labels", list(&["a", "c", "d"]))]), "---\nlabels: [ a,c,d ]  # themes\n---\n");
    let file = "---\nlabels: [\"a\", b]\n---\n";
    assert_eq!(ok(file, &[set("labels", list(&["a", "x]"]))]), "---\nlabels: [a, \"x]\"]\n---\n");
    assert_eq!(ok(file, &[set("labels", list(&[]))]), "---\nlabels: []\n---\n");
    let file = "---\nlabels: []\n---\n";
    assert_eq!(ok(file, &[set("labels", list(&["a b", "it's"]))]), "---\nlabels: [a b, it's]\n---\n");
    // a scalar becoming a list, and a list becoming a scalar
    assert_eq!(
        ok(STORY, &[set("assignee", list(&["dana", "eve"]))]),
        STORY.replace("assignee: dana", "assignee: [dana, eve]")
    );
    assert_eq!(ok(STORY, &[set("labels", text("ui"))]), STORY.replace("labels: [ui, subscriptions]", "labels: ui"));
}

#[test]
fn block_lists_are_edited_item_by_item() {
    // add at the end: one added line, in the list's indentation
    let out = ok(STORY, &[set("depends_on", list(&["S-100", "S-098", "S-097"]))]);
    assert_eq!(changed(STORY, &out), (vec![], vec!["  - S-097\n".to_string()]));
    // rename one: one changed line, the comment between items kept
    let out = ok(STORY, &[set("depends_on", list(&["S-100", "S-090"]))]);
    assert_eq!(changed(STORY, &out), (vec!["  - S-098\n".into()], vec!["  - S-090\n".into()]));
    // remove one
    let out = ok(STORY, &[set("depends_on", list(&["S-098"]))]);
    assert_eq!(changed(STORY, &out), (vec!["  - S-100\n".into()], vec![]));
    // add at the start
    let out = ok(STORY, &[set("depends_on", list(&["S-001", "S-100", "S-098"]))]);
    assert_eq!(changed(STORY, &out), (vec![], vec!["  - S-001\n".into()]));
    assert!(out.contains("depends_on:\n  - S-001\n  - S-100\n  # S-099 was dropped\n  - S-098\n"), "{out}");
    // empty: `[]`, comment lines kept
    let out = ok(STORY, &[set("depends_on", list(&[]))]);
    assert!(out.contains("\ndepends_on: []\n  # S-099 was dropped\n\n# end of fields\n"), "{out}");
}

#[test]
fn block_lists_keep_indentation_dash_spacing_and_quotes() {
    let file = "---\nlabels:\n- a\n- 'b c'   # second\nstatus: todo\n---\n";
    let out = ok(file, &[set("labels", list(&["a", "x: y", "z"]))]);
    assert_eq!(out, "---\nlabels:\n- a\n- 'x: y'   # second\n- 'z'\nstatus: todo\n---\n");
    let file = "---\nlabels:\r\n    -   \"a\"\r\n---\r\n";
    let out = ok(file, &[set("labels", list(&["a", "b"]))]);
    assert_eq!(out, "---\nlabels:\r\n    -   \"a\"\r\n    -   \"b\"\r\n---\r\n");
    // items that are not one-line scalars: the entry is rewritten, still a block list
    let file = "---\nlabels:\n  - name: a\n  - b\nstatus: todo\n---\n";
    assert_eq!(ok(file, &[set("labels", list(&["a"]))]), "---\nlabels:\n  - a\nstatus: todo\n---\n");
}

#[test]
fn a_new_key_is_one_line_after_the_last_entry() {
    let out = ok(STORY, &[set("sprint", text("2026-W48"))]);
    assert_eq!(changed(STORY, &out), (vec![], vec!["sprint: 2026-W48\n".into()]));
    assert!(out.contains("  - S-098\nsprint: 2026-W48\n\n# end of fields\n---\n"), "{out}");
    let out = ok(STORY, &[set("reviewers", list(&["ann", "bo"]))]);
    assert_eq!(changed(STORY, &out), (vec![], vec!["reviewers: [ann, bo]\n".into()]));
    let out = ok(STORY, &[set("sprint", text("12"))]);
    assert!(out.contains("\nsprint: '12'\n"), "{out}");
    let out = ok(STORY, &[set("odd key: x", Value::Integer(1))]);
    assert!(out.contains("\n'odd key: x': 1\n"), "{out}");
    let out = ok(STORY, &[set("tab\tkey", Value::Integer(1))]);
    assert!(out.contains("\n\"tab\\tkey\": 1\n"), "{out}");
    assert!(matches!(err(STORY, set("", text("x"))), EditError::InvalidKey { .. }));
    // empty blocks, comment-only blocks
    assert_eq!(ok("---\n---\nbody\n", &[set("id", text("a"))]), "---\nid: a\n---\nbody\n");
    assert_eq!(ok("---\r\n# c\r\n...\r\n", &[set("id", text("a"))]), "---\r\n# c\r\nid: a\r\n...\r\n");
    // after a kept-trailing-newline block scalar, its blank lines stay its own
    let file = "---\nnotes: |+\n  text\n\n---\n";
    assert_eq!(ok(file, &[set("id", text("a"))]), "---\nnotes: |+\n  text\n\nid: a\n---\n");
    let file = "---\nnotes: |\n  text\n\n---\n";
    assert_eq!(ok(file, &[set("id", text("a"))]), "---\nnotes: |\n  text\nid: a\n\n---\n");
}

#[test]
fn unset_removes_the_whole_entry_and_nothing_else() {
    let out = ok(STORY, &[unset("depends_on")]);
    assert_eq!(out, STORY.replace("depends_on:\n  - S-100\n  # S-099 was dropped\n  - S-098\n", ""));
    let out = ok(STORY, &[unset("status")]);
    assert_eq!(changed(STORY, &out), (vec!["status:  todo   # workflow state\n".into()], vec![]));
    let done = apply_detailed(STORY, &[unset("sprint")]).unwrap();
    assert_eq!((done.text.as_str(), done.outcomes), (STORY, vec![Outcome::Missing]));
    assert_eq!(ok("---\nid: a\n# bye\n---\n", &[unset("id")]), "---\n# bye\n---\n");
}

#[test]
fn outcomes_and_no_op_sets() {
    let done = apply_detailed(
        STORY,
        &[set("status", text("todo")), set("status", text("done")), set("sprint", text("s1")), unset("x-jira")],
    )
    .unwrap();
    assert_eq!(done.outcomes, vec![Outcome::Unchanged, Outcome::Replaced, Outcome::Added, Outcome::Removed]);
    assert_eq!(ok(STORY, &[set("labels", list(&["ui", "subscriptions"]))]), STORY);
    assert_eq!(ok(STORY, &[set("priority", Value::Number("2".into()))]), STORY);
    // `estimate: "3"` is the text "3": setting the number 3 is a change
    assert_ne!(ok(STORY, &[set("estimate", Value::Integer(3))]), STORY);
}

#[test]
fn crlf_bom_closer_and_body_are_kept() {
    let file = "\u{feff}---\r\nid: a\r\nstatus: todo\r\n...\r\nbody\r\n---\r\nmore\n";
    let out = ok(file, &[set("status", text("done")), set("sprint", text("s1"))]);
    assert_eq!(out, "\u{feff}---\r\nid: a\r\nstatus: done\r\nsprint: s1\r\n...\r\nbody\r\n---\r\nmore\n");
    let out = ok(file, &[unset("id")]);
    assert_eq!(out, "\u{feff}---\r\nstatus: todo\r\n...\r\nbody\r\n---\r\nmore\n");
    // a body without a final line break
    assert_eq!(ok("---\nid: a\n---", &[set("id", text("b"))]), "---\nid: b\n---");
}

#[test]
fn quoted_keys_keep_their_spelling() {
    let file = "---\n\"status\" : todo\n'title': x\n---\n";
    assert_eq!(
        ok(file, &[set("status", text("done")), set("title", text("z"))]),
        "---\n\"status\" : done\n'title': z\n---\n"
    );
}

#[test]
fn refuses_what_it_cannot_edit_safely() {
    assert_eq!(err("# Title\n", set("a", text("b"))), EditError::NoFrontMatter);
    assert_eq!(err("", set("a", text("b"))), EditError::NoFrontMatter);
    assert_eq!(err("---\nid: a\n", set("a", text("b"))), EditError::Unterminated);
    assert_eq!(err("---\n- a\n- b\n---\n", set("a", text("b"))), EditError::NotAMapping { line: 2 });
    assert_eq!(err("---\njust text\n---\n", set("a", text("b"))), EditError::NotAMapping { line: 2 });
    let e = err("---\nid: a\ntitle: x\nid: b\n---\n", set("title", text("y")));
    assert_eq!(e, EditError::DuplicateKey { key: "id".into(), line: 4 });
    let e = err("---\nid: a\ntitle: [x\n---\n", set("id", text("y")));
    assert!(matches!(e, EditError::Yaml { line: Some(_), .. }), "{e:?}");
    let e = err("---\n{id: a, title: x}\n---\n", set("id", text("y")));
    assert!(matches!(e, EditError::Layout { line: 2, .. }), "{e:?}");
    let e = err("---\nid: a\n? title\n: x\n---\n", set("id", text("y")));
    assert!(matches!(e, EditError::Layout { .. }), "{e:?}");
    for value in ["&x a", "*x", "[&x a]"] {
        let file = format!("---\nbase: &x a\ntitle: {value}\n---\n");
        let e = err(&file, set("title", text("y")));
        assert!(matches!(e, EditError::Unsupported { line: 3, .. }), "{value}: {e:?}");
    }
    // Tags are refused by the YAML reader itself (src/load/yaml/prescan.rs).
    let e = err("---\ntitle: !!str 1\n---\n", set("title", text("y")));
    assert!(matches!(e, EditError::Yaml { line: Some(2), .. }), "{e:?}");
    let e = err("---\nlabels:\n  - &x a\n---\n", set("labels", list(&["b"])));
    assert!(matches!(e, EditError::Unsupported { line: 2, .. }), "{e:?}");
    let e = err("---\nbase: &x a\nother: *x\n---\n", unset("base"));
    assert!(matches!(e, EditError::Unsupported { line: 2, .. }), "{e:?}");
    // removing an alias is fine
    assert_eq!(ok("---\nbase: &x a\nother: *x\n---\n", &[unset("other")]), "---\nbase: &x a\n---\n");
    let e = err("---\n1: a\n---\n", set("1", text("b")));
    assert!(matches!(e, EditError::Unsupported { line: 2, .. }), "{e:?}");
    assert!(e.to_string().contains("an integer"), "{e}");
}

#[test]
fn errors_say_what_and_where() {
    let e = EditError::DuplicateKey { key: "id".into(), line: 4 };
    assert_eq!(e.to_string(), "the key `id` appears more than once in the front matter");
    assert_eq!(e.line(), Some(4));
    assert_eq!(EditError::NoFrontMatter.line(), None);
}

#[test]
fn the_unified_diff_is_git_style() {
    let old = "---\nid: a\ntitle: t\nstatus: todo\nx: 1\ny: 2\nz: 3\nw: 4\n---\nbody\n";
    let new = ok(old, &[set("status", text("done"))]);
    let diff = unified_diff("backlog/a.md", old, &new);
    assert_eq!(
        diff,
        "--- a/backlog/a.md\n+++ b/backlog/a.md\n@@ -1,7 +1,7 @@\n ---\n id: a\n title: t\n-status: todo\n+status: done\n x: 1\n y: 2\n z: 3\n"
    );
    assert_eq!(unified_diff("a.md", old, old), "");
    let diff = unified_diff("a.md", "---\r\nid: a\r\n---", "---\r\nid: b\r\n---");
    assert_eq!(
        diff,
        "--- a/a.md\n+++ b/a.md\n@@ -1,3 +1,3 @@\n ---\r\n-id: a\r\n+id: b\r\n ---\n\\ No newline at end of file\n"
    );
}

/// Runs git in `dir`, returning stdout; panics with stderr on failure.
fn git(dir: &std::path::Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .args(["-c", "core.autocrlf=false", "-c", "core.safecrlf=false"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the git command line is installed");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn git_sees_one_changed_line_and_applies_the_dry_run_diff() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q"]);
    let crlf = STORY.replace('\n', "\r\n");
    let cases: Vec<(&str, String, Vec<Edit>, &str)> = vec![
        ("scalar.md", STORY.to_string(), vec![set("status", text("done"))], "1\t1\t"),
        ("crlf.md", crlf.clone(), vec![set("title", text("New title"))], "1\t1\t"),
        ("bom.md", format!("\u{feff}{crlf}"), vec![set("assignee", text("eve"))], "1\t1\t"),
        ("new.md", STORY.to_string(), vec![set("sprint", text("s1"))], "1\t0\t"),
        ("item.md", STORY.to_string(), vec![set("depends_on", list(&["S-100", "S-098", "S-1"]))], "1\t0\t"),
        ("unset.md", STORY.to_string(), vec![unset("depends_on")], "0\t4\t"),
    ];
    for (name, old, _, _) in &cases {
        std::fs::write(d.join(name), old).unwrap();
    }
    git(d, &["add", "."]);
    for (name, old, edits, numstat) in &cases {
        let new = ok(old, edits);
        std::fs::write(d.join(name), &new).unwrap();
        assert_eq!(git(d, &["diff", "--numstat", "--", name]), format!("{numstat}{name}\n"), "{name}");
        // `--dry-run` output applies to the old file and gives the new one
        std::fs::write(d.join(name), old).unwrap();
        std::fs::write(d.join("patch.diff"), unified_diff(name, old, &new)).unwrap();
        git(d, &["apply", "--whitespace=nowarn", "patch.diff"]);
        assert_eq!(std::fs::read_to_string(d.join(name)).unwrap(), new, "{name}");
    }
}
