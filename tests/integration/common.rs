//! Test helpers: plans in temp dirs, running the binary, git repositories with fixed times.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

/// The date every test runs at, so date rules are repeatable.
pub const TODAY: &str = "2026-11-24";

/// Path of a fixture plan under `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// The bundled example plan.
pub fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/food-delivery")
}

/// The cairn binary, run in `dir`, with a fixed date and no colors.
pub fn cairn(dir: &Path) -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("cairn"));
    cmd.current_dir(dir).env("CAIRN_TODAY", TODAY).env("NO_COLOR", "1").env_remove("GITHUB_STEP_SUMMARY");
    cmd
}

/// The result of one run.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}\nstderr:\n{}", self.stdout, self.stderr))
    }
}

/// Runs cairn in `dir` with `args`.
pub fn run(dir: &Path, args: &[&str]) -> Run {
    let out = cairn(dir).args(args).output().expect("run cairn");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `cairn check --format json` in `dir` (plus `extra` flags): exit code and the JSON.
pub fn check_json(dir: &Path, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(extra);
    let r = run(dir, &args);
    assert!(r.code == 0 || r.code == 1, "exit {}:\n{}\n{}", r.code, r.stdout, r.stderr);
    (r.code, r.json())
}

/// Findings of a check as `(rule, file, line)` triples.
pub fn findings(json: &Value) -> Vec<(String, String, u64)> {
    json["diagnostics"]
        .as_array()
        .expect("diagnostics array")
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// A plan in a temporary folder.
pub struct TempPlan {
    pub dir: TempDir,
}

impl TempPlan {
    /// An empty plan with `roadmap/` and `backlog/`.
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("roadmap")).unwrap();
        std::fs::create_dir_all(dir.path().join("backlog")).unwrap();
        TempPlan { dir }
    }

    /// A plan holding one initiative `core` (active, priority 1) and no backlog item.
    pub fn with_initiative() -> Self {
        let plan = Self::new();
        plan.write("roadmap/core.md", "---\ntitle: Core\nstatus: proposed\n---\n");
        plan
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file, creating folders.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> &Self {
        let path = self.dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
        self
    }

    /// Copies a fixture plan into this folder.
    pub fn copy_from(&self, from: &Path) -> &Self {
        for entry in walkdir::WalkDir::new(from) {
            let entry = entry.unwrap();
            let rel = entry.path().strip_prefix(from).unwrap();
            let to = self.dir.path().join(rel);
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(entry.path(), &to).unwrap();
            }
        }
        self
    }
}

/// git helpers through git2, with fixed signature times so histories are reproducible.
pub mod git {
    use std::path::Path;

    use git2::{IndexAddOption, Repository, Signature, Time};

    pub fn init(dir: &Path) -> Repository {
        Repository::init(dir).expect("git init")
    }

    /// Stages everything and commits at `time` (seconds since the epoch); returns the id.
    pub fn commit_all(repo: &Repository, message: &str, time: i64) -> git2::Oid {
        let mut index = repo.index().unwrap();
        index.add_all(["*"], IndexAddOption::DEFAULT, None).unwrap();
        index.update_all(["*"], None).unwrap();
        index.write().unwrap();
        let tree_id = index.write_tree().unwrap();
        let tree = repo.find_tree(tree_id).unwrap();
        let sig = Signature::new("Dana Tester", "dana@example.com", &Time::new(time, 0)).unwrap();
        let parents: Vec<git2::Commit<'_>> =
            repo.head().ok().and_then(|h| h.peel_to_commit().ok()).into_iter().collect();
        let parent_refs: Vec<&git2::Commit<'_>> = parents.iter().collect();
        repo.commit(Some("HEAD"), &sig, &sig, message, &tree, &parent_refs).unwrap()
    }

    /// Runs the git CLI in `dir`, failing the test on error.
    pub fn cli(dir: &Path, args: &[&str]) -> String {
        let out = std::process::Command::new("git")
            .current_dir(dir)
            .args(args)
            .env("GIT_AUTHOR_DATE", "2026-01-01T00:00:00Z")
            .env("GIT_COMMITTER_DATE", "2026-01-01T00:00:00Z")
            .output()
            .expect("run git");
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}
