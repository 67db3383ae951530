//! `cairn completions SHELL` and `cairn man`: generated from the clap definitions, naming
//! every subcommand, and needing no plan.

use crate::common::run;

const SUBCOMMANDS: &[&str] = &["init", "check", "roadmap", "backlog", "show", "tree", "new", "completions", "man"];

#[test]
fn completions_for_every_shell_name_the_subcommands() {
    // Run outside any plan: generating completions needs none.
    let dir = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let r = run(dir.path(), &["completions", shell]);
        assert_eq!(r.code, 0, "{shell}: {}", r.stderr);
        assert!(r.stderr.is_empty(), "{shell}: {}", r.stderr);
        assert!(r.stdout.len() > 1000, "{shell}: completions look empty:\n{}", r.stdout);
        assert!(r.stdout.contains("cairn"), "{shell}");
        for sub in SUBCOMMANDS {
            assert!(r.stdout.contains(sub), "{shell} completions do not name `{sub}`");
        }
        // Flags of subcommands (fish writes them without dashes) and nested subcommands.
        for word in ["initiative", "assignee", "format", "sprint", "story"] {
            assert!(r.stdout.contains(word), "{shell} completions do not name `{word}`");
        }
    }
}

#[test]
fn completions_are_shell_specific() {
    let dir = tempfile::tempdir().unwrap();
    let bash = run(dir.path(), &["completions", "bash"]).stdout;
    assert!(bash.contains("complete -F _cairn"), "bash registers a completion function");
    let zsh = run(dir.path(), &["completions", "zsh"]).stdout;
    assert!(zsh.starts_with("#compdef cairn"), "{}", &zsh[..zsh.len().min(80)]);
    let fish = run(dir.path(), &["completions", "fish"]).stdout;
    assert!(fish.contains("complete -c cairn"), "fish uses `complete -c cairn`");
    let ps = run(dir.path(), &["completions", "powershell"]).stdout;
    assert!(ps.contains("Register-ArgumentCompleter"));
    let elvish = run(dir.path(), &["completions", "elvish"]).stdout;
    assert!(elvish.contains("edit:completion:arg-completer[cairn]"));
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
fn man_prints_roff_naming_the_subcommands() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(dir.path(), &["man"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    let th = r.stdout.lines().find(|l| l.starts_with(".TH ")).expect("a .TH title line");
    assert!(th.starts_with(".TH cairn 1"), "{th}");
    for section in [".SH NAME", ".SH SYNOPSIS", ".SH OPTIONS", ".SH SUBCOMMANDS"] {
        assert!(r.stdout.contains(section), "missing {section}:\n{}", r.stdout);
    }
    // roff escapes `-` as `\-`.
    for sub in SUBCOMMANDS {
        assert!(r.stdout.contains(&format!("cairn\\-{sub}(1)")), "man page does not name `{sub}`");
    }
    for flag in ["\\-\\-root", "\\-\\-rev", "\\-\\-format", "\\-\\-color", "\\-\\-quiet"] {
        assert!(r.stdout.contains(flag), "man page does not name {flag}");
    }
    assert!(r.stdout.contains(env!("CARGO_PKG_VERSION")), "the version is in the title");
}
