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

/// The module path of a source file: `load/treediff.rs` → `load::treediff`,
/// `analyse/diff/mod.rs` → `analyse::diff`.
fn module_of(rel: &str) -> String {
    let path = rel.trim_end_matches(".rs");
    let path = path.strip_suffix("/mod").unwrap_or(path);
    if path == "lib" { String::new() } else { path.replace('/', "::") }
}

/// Which modules each module's code names: `crate::a::b::Item` is the longest module prefix
/// (`a::b`), `super::x` a sibling module `x`.
fn module_edges() -> BTreeMap<String, std::collections::BTreeSet<String>> {
    let files = sources();
    let modules: std::collections::BTreeSet<String> = files.iter().map(|(rel, _)| module_of(rel)).collect();
    let ident = |s: &str| -> String { s.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect() };
    let mut edges: BTreeMap<String, std::collections::BTreeSet<String>> = BTreeMap::new();
    for (rel, code) in &files {
        let me = module_of(rel);
        let out = edges.entry(me.clone()).or_default();
        for (i, _) in code.match_indices("crate::") {
            let mut segments = Vec::new();
            let mut rest = &code[i + "crate::".len()..];
            loop {
                let name = ident(rest);
                if name.is_empty() {
                    break;
                }
                rest = &rest[name.len()..];
                segments.push(name);
                match rest.strip_prefix("::") {
                    Some(r) => rest = r,
                    None => break,
                }
            }
            let target = (1..=segments.len()).rev().map(|k| segments[..k].join("::")).find(|m| modules.contains(m));
            if let Some(t) = target.filter(|t| *t != me && !me.starts_with(&format!("{t}::"))) {
                out.insert(t);
            }
        }
        // `super` of `a::b` (a/b.rs or a/b/mod.rs) is `a`.
        let parent = me.rsplit_once("::").map_or(String::new(), |(p, _)| p.to_string());
        for (i, _) in code.match_indices("super::") {
            let name = ident(&code[i + "super::".len()..]);
            let sibling = if parent.is_empty() { name } else { format!("{parent}::{name}") };
            if modules.contains(&sibling) && sibling != me {
                out.insert(sibling);
            }
        }
    }
    edges
}

#[test]
fn no_import_cycles_between_files() {
    let edges = module_edges();
    assert!(edges.len() > 100, "the sources were not read: {} modules", edges.len());
    // Tarjan's strongly connected components: any component of two or more is a cycle.
    struct Scc<'a> {
        edges: &'a BTreeMap<String, std::collections::BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        cycles: Vec<Vec<&'a str>>,
    }
    impl<'a> Scc<'a> {
        fn visit(&mut self, v: &'a str) {
            let n = self.index.len();
            self.index.insert(v, n);
            self.low.insert(v, n);
            self.stack.push(v);
            for w in self.edges.get(v).into_iter().flatten() {
                let w = w.as_str();
                if !self.index.contains_key(w) {
                    self.visit(w);
                    let low = self.low[v].min(self.low[w]);
                    self.low.insert(v, low);
                } else if self.stack.contains(&w) {
                    let low = self.low[v].min(self.index[w]);
                    self.low.insert(v, low);
                }
            }
            if self.low[v] == self.index[v] {
                let at = self.stack.iter().position(|s| *s == v).unwrap();
                let component: Vec<&str> = self.stack.split_off(at);
                if component.len() > 1 {
                    self.cycles.push(component);
                }
            }
        }
    }
    let mut scc =
        Scc { edges: &edges, index: BTreeMap::new(), low: BTreeMap::new(), stack: Vec::new(), cycles: Vec::new() };
    for v in edges.keys() {
        if !scc.index.contains_key(v.as_str()) {
            scc.visit(v);
        }
    }
    assert!(scc.cycles.is_empty(), "modules that import each other (directly or in a ring): {:?}", scc.cycles);
    // The checker sees edges: the diff analysis names the rules it asks.
    assert!(edges["analyse::diff::problems"].contains("analyse::rules"), "{:?}", edges["analyse::diff::problems"]);
}
