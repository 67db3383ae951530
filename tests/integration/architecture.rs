//! The shape of the code (docs/architecture.md): data flows one way, load → model →
//! analyse → render, with commands as wiring. Read from the sources, so a change that
//! breaks a layer fails here with the file and the import named.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The layers, lowest first. A module may use modules of lower layers only (and its own
/// layer's modules inside the same folder).
const LAYERS: &[(&str, u8)] = &[
    ("error", 0),
    ("suggest", 0),
    ("model", 1),
    ("load", 2),
    ("analyse", 3),
    ("write", 3),
    ("render", 4),
    ("cli", 5),
    ("commands", 6),
    ("harness", 7),
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `src/` with its text, comments and unit tests left out.
fn sources() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(src()).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = entry.path().strip_prefix(src()).unwrap().to_string_lossy().replace('\\', "/");
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        let code: String = code
            .lines()
            .map(|l| match l.find("//") {
                Some(i) if !l[..i].contains('"') => &l[..i],
                _ => l,
            })
            .collect::<Vec<_>>()
            .join("\n");
        out.push((rel, code));
    }
    out
}

/// The top-level module a file belongs to (`load/git.rs` → `load`).
fn top(rel: &str) -> &str {
    rel.split('/').next().unwrap().trim_end_matches(".rs")
}

/// The top-level modules a file's code names as `crate::X`.
fn uses(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        out.push(name);
    }
    out
}

#[test]
fn lower_layers_never_import_higher_ones() {
    let rank: BTreeMap<&str, u8> = LAYERS.iter().copied().collect();
    let mut wrong = Vec::new();
    for (rel, code) in sources() {
        let me = top(&rel);
        let Some(&my_rank) = rank.get(me) else { continue };
        for other in uses(&code) {
            if other == me {
                continue;
            }
            match rank.get(other.as_str()) {
                Some(&r) if r < my_rank => {}
                Some(_) => wrong.push(format!("{rel} uses crate::{other}")),
                None => {}
            }
        }
    }
    assert!(wrong.is_empty(), "imports against the layers (see docs/architecture.md):\n{}", wrong.join("\n"));
}

#[test]
fn every_top_level_module_has_a_layer() {
    let known: Vec<&str> = LAYERS.iter().map(|(m, _)| *m).collect();
    let mut unknown: Vec<String> = sources()
        .iter()
        .map(|(rel, _)| top(rel).to_string())
        .filter(|m| !["lib", "main"].contains(&m.as_str()) && !known.contains(&m.as_str()))
        .collect();
    unknown.dedup();
    assert!(unknown.is_empty(), "modules without a layer in docs/architecture.md: {unknown:?}");
}

#[test]
fn git_is_read_only_in_the_load_history_and_write_layers() {
    let allowed = ["load/", "analyse/history/", "write/", "lib.rs"];
    let offenders: Vec<String> = sources()
        .into_iter()
        .filter(|(rel, code)| code.contains("git2::") && !allowed.iter().any(|a| rel.starts_with(a)))
        .map(|(rel, _)| rel)
        .collect();
    assert!(offenders.is_empty(), "git2 outside load/, analyse/history/ and write/: {offenders:?}");
}

#[test]
fn only_cli_knows_clap() {
    let offenders: Vec<String> = sources()
        .into_iter()
        .filter(|(rel, code)| code.contains("clap::") && !rel.starts_with("cli/"))
        .map(|(rel, _)| rel)
        .collect();
    assert!(offenders.is_empty(), "clap outside cli/: {offenders:?}");
}

#[test]
fn no_source_file_grows_past_about_400_lines() {
    let long: Vec<String> = sources()
        .into_iter()
        .map(|(rel, _)| {
            let lines = std::fs::read_to_string(src().join(&rel)).unwrap().lines().count();
            (rel, lines)
        })
        .filter(|(_, n)| *n > 410)
        .map(|(rel, n)| format!("{rel}: {n} lines"))
        .collect();
    assert!(long.is_empty(), "split these by concept: {long:?}");
}
