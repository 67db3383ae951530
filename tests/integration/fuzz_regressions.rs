//! Inputs kept from fuzzing (`fuzz/`, see docs/testing.md): each file under
//! `tests/fuzz/<target>/` runs through the same harness function as its fuzz target. Crashes
//! the fuzzers found are added here, minimized, once fixed; hand-made hostile inputs too.

use std::path::Path;

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz").join(target);
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| {
            let path = e.unwrap().path();
            (path.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&path).unwrap())
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no inputs in {}", dir.display());
    files
}

#[test]
fn item_inputs() {
    for (name, data) in inputs("item") {
        eprintln!("item: {name}");
        cairn::harness::check_files(&[("backlog/S-1.md", &data), ("roadmap/core.md", &data)]);
    }
}

#[test]
fn config_inputs() {
    for (name, data) in inputs("config") {
        eprintln!("config: {name}");
        cairn::harness::parse_config(&data);
    }
}

#[test]
fn period_and_id_inputs() {
    for (name, data) in inputs("period_id") {
        eprintln!("period_id: {name}");
        if let Ok(s) = std::str::from_utf8(&data) {
            cairn::harness::period_and_id(s);
        }
    }
}

#[test]
fn plan_inputs() {
    for (name, data) in inputs("plan") {
        eprintln!("plan: {name}");
        cairn::harness::plan_from_bytes(&data);
    }
}

#[test]
fn escape_inputs() {
    for (name, data) in inputs("escape") {
        eprintln!("escape: {name}");
        if let Ok(s) = std::str::from_utf8(&data) {
            cairn::render::escape::check::exercise(s);
        }
    }
}

#[test]
fn renderer_inputs() {
    for (name, data) in inputs("renderers") {
        eprintln!("renderers: {name}");
        if let Ok(s) = std::str::from_utf8(&data) {
            cairn::harness::render_text(s);
        }
    }
}

/// Texts that matter to the diff's words: empty, an id of the harness's plan, backticks that
/// look like cairn's code marks, markup, controls.
#[test]
fn renderer_texts_for_the_diff() {
    for s in [
        "",
        "core",
        "S-7",
        "old",
        "`core`",
        "a` b `c",
        "x`TICK`y, `z`",
        "1. item",
        "- [ ] box",
        "</details><summary>x</summary>",
        "@octocat #12",
        "line\nbreak\r\n# Hacked",
        "\u{1b}]0;PWNED\u{7}\u{202e}",
        "   ",
        "\\",
    ] {
        cairn::harness::render_text(s);
    }
}
