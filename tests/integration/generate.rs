//! `cairn completions SHELL` and `cairn man`: generated from the clap definitions, naming
//! every subcommand, and needing no plan.

use crate::common::run;

const SUBCOMMANDS: &[&str] =
    &["init", "check", "roadmap", "backlog", "show", "tree", "new", "set", "archive", "completions", "man"];

#[test]
fn completions_for_every_shell_register_cairn() {
    // Run outside any plan: generating the script needs none.
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let r = run(dir.path(), &["completions", shell]);
        assert_eq!(r.code, 0, "{shell}: {}", r.stderr);
        assert!(r.stderr.is_empty(), "{shell}: {}", r.stderr);
        // The script asks `cairn` for the candidates while the user completes.
        assert!(r.stdout.contains("COMPLETE=") || r.stdout.contains("COMPLETE ="), "{shell}:\n{}", r.stdout);
        assert!(r.stdout.contains("cairn"), "{shell}");
    }
}

#[test]
fn completions_are_shell_specific() {
    let dir = tempfile::tempdir().unwrap();
    let bash = run(dir.path(), &["completions", "bash"]).stdout;
    assert!(
        bash.contains("complete -o nospace -o bashdefault -F _clap_complete_cairn cairn")
            || bash.contains("-F _clap_complete_cairn"),
        "{bash}"
    );
    let zsh = run(dir.path(), &["completions", "zsh"]).stdout;
    assert!(zsh.starts_with("#compdef cairn"), "{}", &zsh[..zsh.len().min(80)]);
    let fish = run(dir.path(), &["completions", "fish"]).stdout;
    assert!(fish.contains("--command cairn"), "{fish}");
    let ps = run(dir.path(), &["completions", "powershell"]).stdout;
    assert!(ps.contains("Register-ArgumentCompleter"));
    let elvish = run(dir.path(), &["completions", "elvish"]).stdout;
    assert!(elvish.contains("edit:completion:arg-completer[cairn]"));
}

/// What the shell gets when the user presses TAB after `line` (fish's protocol: one
/// candidate per line, then a tab and its help), in the plan at `dir`.
fn complete(dir: &std::path::Path, line: &[&str]) -> Vec<String> {
    let mut args = vec!["--", "cairn"];
    args.extend_from_slice(line);
    let out = crate::common::cairn(dir).env("COMPLETE", "fish").args(&args).output().expect("run cairn");
    assert!(out.status.success(), "{line:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).lines().map(|l| l.split('\t').next().unwrap_or("").to_string()).collect()
}

#[test]
fn completions_offer_ids_statuses_keys_and_formats_from_the_plan() {
    let dir = crate::common::example();
    let ids = complete(&dir, &["show", "S-10"]);
    for id in ["S-101", "S-102", "S-109"] {
        assert!(ids.contains(&id.to_string()), "show S-10<TAB>: {ids:?}");
    }
    assert!(ids.iter().all(|c| c.starts_with("S-10")), "{ids:?}");
    let ids = complete(&dir, &["set", "S-11"]);
    assert!(ids.contains(&"S-117".to_string()), "set S-11<TAB>: {ids:?}");
    assert_eq!(complete(&dir, &["backlog", "--initiative", "sub"]), ["subscriptions"]);
    assert_eq!(complete(&dir, &["new", "story", "x", "--initiative", "track"]), ["tracking"]);
    let statuses = complete(&dir, &["backlog", "--status", "in-"]);
    assert_eq!(statuses, ["in-progress", "in-review"]);
    // A comma list completes its last value.
    assert_eq!(complete(&dir, &["backlog", "--status", "todo,rea"]), ["todo,ready"]);
    // `cairn set`: keys with their `=`, then the key's values.
    assert!(complete(&dir, &["set", "S-101", "sta"]).contains(&"status=".to_string()));
    assert_eq!(complete(&dir, &["set", "S-101", "status=in-"]), ["status=in-progress", "status=in-review"]);
    assert_eq!(complete(&dir, &["set", "S-101", "initiative=new"]), ["initiative=new-cities"]);
    // Formats come from each command's own list.
    assert_eq!(complete(&dir, &["backlog", "--format", ""]), ["table", "json", "csv", "markdown"]);
    assert_eq!(complete(&dir, &["check", "--format", "s"]), ["sarif"]);
    // Outside a plan there is no id to offer (only flags), and no error.
    let empty = tempfile::tempdir().unwrap();
    let offered = complete(empty.path(), &["show", ""]);
    assert!(offered.iter().all(|c| c.starts_with('-')), "{offered:?}");
}

/// Completion reads the plan the line names with `-C`/`--root` (not the one around the
/// shell's current directory), offers a `cairn set` item the statuses of its own kind, and
/// never offers a value holding a control or bidi character raw.
#[test]
fn completions_read_the_plan_of_the_root_flag() {
    let example = crate::common::example();
    let elsewhere = tempfile::tempdir().unwrap();
    let root = example.to_str().unwrap();
    for line in
        [&["-C", root, "show", "S-10"][..], &["--root", root, "show", "S-10"], &["show", "--root", root, "S-10"]]
    {
        let ids = complete(elsewhere.path(), line);
        assert!(ids.contains(&"S-101".to_string()), "{line:?}: {ids:?}");
    }
    let set = format!("--root={root}");
    let statuses = complete(elsewhere.path(), &[&set, "set", "S-101", "status="]);
    assert!(statuses.contains(&"status=in-progress".to_string()), "{statuses:?}");
    assert!(!statuses.contains(&"status=proposed".to_string()), "a story's statuses only: {statuses:?}");
    let statuses = complete(&example, &["set", "subscriptions", "status="]);
    assert!(statuses.contains(&"status=planned".to_string()), "{statuses:?}");
    assert!(!statuses.contains(&"status=todo".to_string()), "an initiative's statuses only: {statuses:?}");

    let plan = crate::common::TempPlan::new();
    plan.write("roadmap/core.md", "---\ntitle: Core\n---\n");
    plan.write(
        "backlog/S-1.md",
        "---\ntitle: One\ninitiative: core\nlabels: [\"ok\", \"evil\\u202Eexe\", \"bell\\a\"]\n---\n",
    );
    let labels = complete(plan.path(), &["backlog", "--label", ""]);
    assert_eq!(labels, ["ok"], "{labels:?}");
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(dir.path(), &["completions", "tcsh"]);
    assert_eq!(r.code, 2);
    assert!(r.stdout.is_empty());
    assert!(r.stderr.contains("tcsh"), "{}", r.stderr);
    assert_eq!(run(dir.path(), &["completions"]).code, 2, "the shell is required");
}

#[test]
fn man_prints_one_page_that_names_the_commands() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(dir.path(), &["man"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    let th = r.stdout.lines().find(|l| l.starts_with(".TH ")).expect("a .TH title line");
    assert!(th.starts_with(".TH cairn 1"), "{th}");
    for section in [".SH NAME", ".SH SYNOPSIS", ".SH OPTIONS", ".SH COMMANDS", ".SH \"SEE ALSO\""] {
        assert!(r.stdout.contains(section), "missing {section}:\n{}", r.stdout);
    }
    for sub in SUBCOMMANDS {
        assert!(r.stdout.contains(&format!("\\fBcairn {sub}\\fR")), "man page does not name `cairn {sub}`");
    }
    // It names no page that `cairn man` alone does not write: only `--dir` writes them.
    assert!(!r.stdout.contains("cairn\\-check(1)"), "{}", r.stdout);
    assert!(r.stdout.contains("cairn man \\-\\-dir"), "{}", r.stdout);
    for flag in ["\\-\\-root", "\\-\\-rev", "\\-\\-format", "\\-\\-color", "\\-\\-quiet"] {
        assert!(r.stdout.contains(flag), "man page does not name {flag}");
    }
    assert!(r.stdout.contains(env!("CARGO_PKG_VERSION")), "the version is in the title");
}

#[test]
fn man_dir_writes_one_page_per_command() {
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("man1");
    let r = run(dir.path(), &["man", "--dir", "man1"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut names: Vec<String> =
        std::fs::read_dir(&pages).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    for sub in SUBCOMMANDS {
        assert!(names.contains(&format!("cairn-{sub}.1")), "no cairn-{sub}.1 in {names:?}");
    }
    for nested in ["cairn.1", "cairn-new-initiative.1", "cairn-new-story.1", "cairn-export-html.1"] {
        assert!(names.contains(&nested.to_string()), "no {nested} in {names:?}");
    }
    assert!(!names.iter().any(|n| n.starts_with("cairn-help")), "{names:?}");
    // Every page the main page points at exists.
    let main = std::fs::read_to_string(pages.join("cairn.1")).unwrap();
    for line in main.lines().filter(|l| l.contains("(1)")) {
        let name = line.trim_start_matches("\\fB").split('(').next().unwrap().replace("\\-", "-");
        assert!(names.contains(&format!("{name}.1")), "cairn.1 points at {name}(1), which was not written");
    }
    let set = std::fs::read_to_string(pages.join("cairn-set.1")).unwrap();
    assert!(set.contains("\\-\\-dry\\-run") && set.contains("\\-\\-unset"), "{set}");
    // The paths written are listed.
    assert_eq!(r.stdout.lines().count(), names.len(), "{}", r.stdout);
}

#[cfg(unix)]
#[test]
fn man_dir_writes_no_page_when_one_may_not_be_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("man1");
    std::fs::create_dir(&pages).unwrap();
    let outside = dir.path().join("outside");
    std::fs::write(&outside, "keep me").unwrap();
    // A page late in the list is a symbolic link: refused before any page is written.
    std::os::unix::fs::symlink(&outside, pages.join("cairn-tree.1")).unwrap();
    let r = run(dir.path(), &["man", "--dir", "man1"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("cairn-tree.1") && r.stderr.contains("symbolic link"), "{}", r.stderr);
    let names: Vec<_> = std::fs::read_dir(&pages).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, vec![std::ffi::OsString::from("cairn-tree.1")], "a partial write");
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), "keep me");
}
