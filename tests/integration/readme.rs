//! README.md opens with two commands that must stay true.

use crate::common::{example, run};

#[test]
fn readme_opens_with_the_example_check_and_the_test_command() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let block = readme.split("```sh\n").nth(1).and_then(|b| b.split("```").next()).unwrap();
    let lines: Vec<&str> = block.lines().collect();
    assert_eq!(lines, ["cargo run --release -- -C examples/food-delivery check", "cargo test"]);
    // The first command's effect, through the built binary.
    let r = run(&example(), &["check"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("no problems found"), "{}", r.stdout);
}

#[test]
fn ci_runs_the_readme_test_command() {
    let ci = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/.ci/run")).unwrap();
    for cmd in ["cargo fmt --check", "cargo clippy --all-targets -- -D warnings", "\ncargo test\n"] {
        assert!(ci.contains(cmd), "{cmd:?} missing from .ci/run");
    }
}
