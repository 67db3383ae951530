//! The GitHub Action (`action.yml`, its scripts in `ci/action/`) run the way a GitHub runner
//! runs it, on a simulated pull request:
//!
//! - a bare repository as `origin`, with `main`, the pull request's branch, and the refs GitHub
//!   makes for pull request 1 (`refs/pull/1/head`, and `refs/pull/1/merge`: a merge commit of
//!   the branch into `main`);
//! - a depth-1 checkout of `refs/pull/1/merge` made like `actions/checkout` makes it (a
//!   `file://` URL so the depth really applies);
//! - the runner's environment (`GITHUB_EVENT_NAME`, `GITHUB_EVENT_PATH`, `GITHUB_STEP_SUMMARY`,
//!   `GITHUB_OUTPUT`, `RUNNER_TEMP`, ...), and only that;
//! - `tests/stubs/github.py` standing in for github.com: it serves a "release" of the binary
//!   under test (so the install step downloads and verifies it as it would a real release) and
//!   the comments API, and records every request.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tempfile::TempDir;

/// The repository the pull request is in.
const REPOSITORY: &str = "acme/shop";
/// The token allowed to write comments.
const TOKEN: &str = "ghs_test_token";
/// The token the stub lets read but not write, like one without `pull-requests: write`.
const READ_ONLY_TOKEN: &str = "ghs_read_only";
const MARKER: &str = "<!-- cairn-plan-diff -->";

/// The repository root: the action, as the runner unpacks it.
fn source_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `RUNNER_OS`, `RUNNER_ARCH` and the release target the install step picks for this host.
fn runner_platform() -> (&'static str, &'static str, &'static str) {
    match (std::env::consts::OS, std::env::consts::ARCH) {
        ("linux", "x86_64") => ("Linux", "X64", "x86_64-unknown-linux-musl"),
        ("linux", "aarch64") => ("Linux", "ARM64", "aarch64-unknown-linux-musl"),
        ("macos", "x86_64") => ("macOS", "X64", "x86_64-apple-darwin"),
        ("macos", "aarch64") => ("macOS", "ARM64", "aarch64-apple-darwin"),
        (os, arch) => panic!("no GitHub runner platform for {os}/{arch}"),
    }
}

/// Runs the git CLI with a fixed identity and date and no user or system configuration.
fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git").current_dir(dir).args(args).envs(git_env()).output().expect("run git");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn git_env() -> [(&'static str, &'static str); 8] {
    [
        ("GIT_AUTHOR_NAME", "Dana Tester"),
        ("GIT_AUTHOR_EMAIL", "dana@example.com"),
        ("GIT_COMMITTER_NAME", "Dana Tester"),
        ("GIT_COMMITTER_EMAIL", "dana@example.com"),
        ("GIT_AUTHOR_DATE", "2026-11-01T12:00:00Z"),
        ("GIT_COMMITTER_DATE", "2026-11-01T12:00:00Z"),
        ("GIT_CONFIG_NOSYSTEM", "1"),
        ("GIT_CONFIG_GLOBAL", "/dev/null"),
    ]
}

fn write(dir: &Path, rel: &str, contents: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, contents).unwrap();
}

fn commit(dir: &Path, message: &str) {
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-q", "-m", message]);
}

/// `n` commits that touch no plan file (so history has to be deepened past them).
fn filler_commits(dir: &Path, file: &str, n: usize) {
    for i in 0..n {
        let path = dir.join(file);
        let mut text = std::fs::read_to_string(&path).unwrap_or_default();
        text.push_str(&format!("line {i}\n"));
        std::fs::write(&path, text).unwrap();
        commit(dir, &format!("{file}: line {i}"));
    }
}

fn story(id: &str, title: &str, initiative: &str, status: &str) -> String {
    format!("---\nid: {id}\ntitle: {title}\ninitiative: {initiative}\nstatus: {status}\n---\n")
}

/// The stub of github.com (`tests/stubs/github.py`), stopped when dropped.
struct Stub {
    child: Child,
    url: String,
    log: PathBuf,
}

impl Stub {
    fn start(dir: &Path, releases: &Path) -> Stub {
        let log = dir.join("requests.jsonl");
        let mut child = Command::new("python3")
            .arg(source_root().join("tests/stubs/github.py"))
            .args(["--log", log.to_str().unwrap(), "--repository", REPOSITORY])
            .args(["--token", TOKEN, "--read-only-token", READ_ONLY_TOKEN])
            .args(["--releases", releases.to_str().unwrap()])
            .args(["--comment", "1:dana:LGTM, the plan looks right"])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start python3 tests/stubs/github.py");
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
        let port = first.strip_prefix("PORT ").map(str::trim).unwrap_or_else(|| panic!("stub said {first:?}"));
        Stub { child, url: format!("http://127.0.0.1:{port}"), log }
    }

    /// Every request so far, oldest first.
    fn requests(&self) -> Vec<Value> {
        std::fs::read_to_string(&self.log)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    /// The requests with this method to a path under `/repos/`.
    fn api(&self, method: &str) -> Vec<Value> {
        self.requests()
            .into_iter()
            .filter(|r| r["method"] == method && r["path"].as_str().unwrap().starts_with("/repos/"))
            .collect()
    }
}

impl Drop for Stub {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A "release" of the binary under test, laid out as github.com serves release assets
/// (`OWNER/REPO/releases/download/vVERSION/cairn-vVERSION-TARGET.tar.gz` and its `.sha256`).
/// The archive is made once per build of the binary (kept under CARGO_TARGET_TMPDIR, keyed by
/// the binary's size and time) and linked into each world's release folder.
fn make_release(releases: &Path, target: &str) {
    static ARCHIVE: OnceLock<(PathBuf, String)> = OnceLock::new();
    let version = env!("CARGO_PKG_VERSION");
    let name = format!("cairn-v{version}-{target}");
    let (archive, digest) = ARCHIVE.get_or_init(|| {
        let bin = assert_cmd::cargo::cargo_bin!("cairn");
        let meta = std::fs::metadata(bin).unwrap();
        let built = meta.modified().unwrap().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
        let key = format!("{name}-{}-{built}", meta.len());
        let cache = Path::new(env!("CARGO_TARGET_TMPDIR")).join("action-release");
        let dir = cache.join(&key);
        let archive = dir.join(format!("{name}.tar.gz"));
        let sums = dir.join("sha256");
        if !sums.is_file() {
            // Older builds' archives go; this one is made aside and moved in whole.
            for old in std::fs::read_dir(&cache).into_iter().flatten().flatten() {
                let _ = std::fs::remove_dir_all(old.path());
            }
            let work = cache.join(format!("{key}.{}", std::process::id()));
            std::fs::create_dir_all(work.join(&name)).unwrap();
            std::fs::copy(bin, work.join(&name).join("cairn")).unwrap();
            let status = Command::new("sh")
                .args(["-c", r#"tar -cf - -C "$1" "$2" | gzip -1 > "$1/$2.tar.gz""#, "sh"])
                .arg(&work)
                .arg(&name)
                .status()
                .unwrap();
            assert!(status.success(), "tar | gzip");
            std::fs::remove_dir_all(work.join(&name)).unwrap();
            let digest = Command::new("python3")
                .args(["-c", "import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], 'rb').read()).hexdigest())"])
                .arg(work.join(format!("{name}.tar.gz")))
                .output()
                .unwrap();
            assert!(digest.status.success());
            std::fs::write(work.join("sha256"), String::from_utf8(digest.stdout).unwrap().trim()).unwrap();
            if std::fs::rename(&work, &dir).is_err() {
                // Another test run made it first.
                let _ = std::fs::remove_dir_all(&work);
            }
        }
        (archive, std::fs::read_to_string(&sums).unwrap())
    });
    let dir = releases.join(format!("acme/cairn/releases/download/v{version}"));
    std::fs::create_dir_all(&dir).unwrap();
    let asset = dir.join(format!("{name}.tar.gz"));
    if std::fs::hard_link(archive, &asset).is_err() {
        std::fs::copy(archive, &asset).unwrap();
    }
    std::fs::write(dir.join(format!("{name}.tar.gz.sha256")), format!("{digest}  {name}.tar.gz\n")).unwrap();
}

/// The world of one simulated pull request: the developer's clone, `origin`, the stub.
struct World {
    tmp: TempDir,
    dev: PathBuf,
    origin: PathBuf,
    stub: Stub,
    /// GITHUB_ACTION_PATH: `_actions/acme/cairn/vX` pointing at this repository, as a runner
    /// lays out `uses: acme/cairn@vX`.
    action_path: PathBuf,
}

impl World {
    /// `main` with a roadmap and one story and some history; a `feature` branch (the pull
    /// request) that adds S-2 and starts S-1; `main` moving on after the fork (S-3). Each
    /// side has commits that touch no plan file, so a shallow clone must be deepened.
    fn new() -> World {
        let tmp = tempfile::tempdir().unwrap();
        let dev = tmp.path().join("dev");
        let origin = tmp.path().join("origin.git");
        std::fs::create_dir_all(&dev).unwrap();
        git(&dev, &["init", "-q", "-b", "main"]);
        write(&dev, "roadmap/core.md", "---\ntitle: Core platform\nstatus: active\n---\n");
        write(&dev, "backlog/S-1.md", &story("S-1", "Sign-in page", "core", "todo"));
        commit(&dev, "Plan: core platform");
        filler_commits(&dev, "src.txt", 3);

        git(&dev, &["checkout", "-q", "-b", "feature"]);
        write(&dev, "backlog/S-2.md", &story("S-2", "Password reset", "core", "todo"));
        write(&dev, "backlog/S-1.md", &story("S-1", "Sign-in page", "core", "in-progress"));
        commit(&dev, "Plan: password reset, sign-in started");
        filler_commits(&dev, "feature.txt", 4);

        git(&dev, &["checkout", "-q", "main"]);
        write(&dev, "backlog/S-3.md", &story("S-3", "Audit log", "core", "todo"));
        commit(&dev, "Plan: audit log");
        filler_commits(&dev, "src.txt", 5);

        git(tmp.path(), &["init", "-q", "--bare", "origin.git"]);
        git(&dev, &["remote", "add", "origin", origin.to_str().unwrap()]);
        git(&dev, &["push", "-q", "origin", "main", "feature"]);

        let releases = tmp.path().join("releases");
        let (_, _, target) = runner_platform();
        make_release(&releases, target);
        let stub = Stub::start(tmp.path(), &releases);

        let actions = tmp.path().join("runner/_actions/acme/cairn");
        std::fs::create_dir_all(&actions).unwrap();
        let action_path = actions.join(format!("v{}", env!("CARGO_PKG_VERSION")));
        std::os::unix::fs::symlink(source_root(), &action_path).unwrap();

        let world = World { tmp, dev, origin, stub, action_path };
        world.publish_pull_request();
        world
    }

    /// What GitHub does on each push to a pull request: `refs/pull/1/head` is the branch,
    /// `refs/pull/1/merge` a merge commit of it into `main`.
    fn publish_pull_request(&self) {
        git(&self.dev, &["push", "-q", "--force", "origin", "feature:refs/pull/1/head"]);
        git(&self.dev, &["checkout", "-q", "--detach", "main"]);
        git(&self.dev, &["merge", "-q", "--no-ff", "-m", "Merge feature into main", "feature"]);
        git(&self.dev, &["push", "-q", "--force", "origin", "HEAD:refs/pull/1/merge"]);
        git(&self.dev, &["checkout", "-q", "feature"]);
    }

    /// A new job on a fresh runner: a depth-1 checkout of the merge ref, made the way
    /// `actions/checkout` makes it, and an empty RUNNER_TEMP, summary and output file.
    fn job(&self, name: &str) -> Job {
        let root = self.tmp.path().join(name);
        let workspace = root.join("workspace");
        std::fs::create_dir_all(&workspace).unwrap();
        std::fs::create_dir_all(root.join("temp")).unwrap();
        git(&workspace, &["init", "-q"]);
        git(&workspace, &["remote", "add", "origin", &format!("file://{}", self.origin.display())]);
        git(
            &workspace,
            &[
                "fetch",
                "-q",
                "--no-tags",
                "--prune",
                "--no-recurse-submodules",
                "--depth=1",
                "origin",
                "+refs/pull/1/merge:refs/remotes/pull/1/merge",
            ],
        );
        git(&workspace, &["checkout", "-q", "--force", "refs/remotes/pull/1/merge"]);
        assert_eq!(git(&workspace, &["rev-parse", "--is-shallow-repository"]), "true");
        assert_eq!(git(&workspace, &["rev-list", "--count", "HEAD"]), "1", "a depth-1 checkout");

        let event = root.join("event.json");
        let head_sha = git(&self.dev, &["rev-parse", "feature"]);
        let payload = json!({
            "action": "synchronize",
            "number": 1,
            "pull_request": {
                "number": 1,
                "head": {"ref": "feature", "sha": head_sha},
                "base": {"ref": "main", "sha": git(&self.dev, &["rev-parse", "main"])},
            },
            "repository": {"full_name": REPOSITORY},
        });
        std::fs::write(&event, payload.to_string()).unwrap();
        for file in ["summary.md", "output", "path"] {
            std::fs::write(root.join(file), "").unwrap();
        }
        Job { root, workspace, world_stub: self.stub.url.clone(), action_path: self.action_path.clone() }
    }
}

/// One job's runner state.
struct Job {
    root: PathBuf,
    workspace: PathBuf,
    world_stub: String,
    action_path: PathBuf,
}

/// One step's result.
struct Step {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Job {
    /// Runs `ci/action/NAME.sh` as a composite step does (`bash "$GITHUB_ACTION_PATH/..."` in
    /// the workspace), with the runner's environment and nothing else, plus the step's `env:`.
    fn step(&self, name: &str, env: &[(&str, &str)]) -> Step {
        let (runner_os, runner_arch, _) = runner_platform();
        let p = |f: &str| self.root.join(f).to_str().unwrap().to_string();
        let mut cmd = Command::new("bash");
        cmd.arg(self.action_path.join(format!("ci/action/{name}.sh")))
            .current_dir(&self.workspace)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.root.join("temp"))
            .envs(git_env().iter().filter(|(k, _)| k.starts_with("GIT_CONFIG")).copied())
            .env("CI", "true")
            .env("GITHUB_ACTIONS", "true")
            .env("GITHUB_EVENT_NAME", "pull_request")
            .env("GITHUB_EVENT_PATH", p("event.json"))
            .env("GITHUB_BASE_REF", "main")
            .env("GITHUB_HEAD_REF", "feature")
            .env("GITHUB_REF", "refs/pull/1/merge")
            .env("GITHUB_REPOSITORY", REPOSITORY)
            .env("GITHUB_WORKSPACE", &self.workspace)
            .env("GITHUB_STEP_SUMMARY", p("summary.md"))
            .env("GITHUB_OUTPUT", p("output"))
            .env("GITHUB_PATH", p("path"))
            .env("GITHUB_ACTION_PATH", &self.action_path)
            .env("GITHUB_SERVER_URL", &self.world_stub)
            .env("GITHUB_API_URL", &self.world_stub)
            .env("RUNNER_TEMP", p("temp"))
            .env("RUNNER_OS", runner_os)
            .env("RUNNER_ARCH", runner_arch)
            .env("GITHUB_TOKEN", TOKEN)
            .envs(env.iter().copied());
        let out = cmd.output().expect("run bash");
        let step = Step {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        };
        eprintln!("--- {name}.sh exit {}\n{}{}", step.code, step.stdout, step.stderr);
        step
    }

    /// The step outputs written to GITHUB_OUTPUT so far (later values win).
    fn outputs(&self) -> HashMap<String, String> {
        std::fs::read_to_string(self.root.join("output"))
            .unwrap()
            .lines()
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn summary(&self) -> String {
        std::fs::read_to_string(self.root.join("summary.md")).unwrap()
    }

    /// The steps of action.yml in order, each with the env: action.yml gives it (inputs at
    /// their defaults except `fetch-depth` 1, so the history must be deepened). Returns the
    /// time from the start of the install step to the end of the check step, and the steps.
    fn run_action(&self) -> (Duration, [Step; 4]) {
        let start = Instant::now();
        let install = self.step("install", &[("CAIRN_ACTION_VERSION", ""), ("CAIRN_ACTION_RELEASE_REPOSITORY", "")]);
        assert_eq!(install.code, 0, "install failed");
        let out = self.outputs();
        assert_eq!(out["build"], "false", "the release binary is used, nothing is built");
        let cairn = out["cairn"].clone();
        let check = self.step(
            "check",
            &[("CAIRN_ACTION_CAIRN", &cairn), ("CAIRN_ACTION_ROOT", "."), ("CAIRN_ACTION_DENY_WARNINGS", "false")],
        );
        let to_first_check = start.elapsed();
        let diff = self.step(
            "diff",
            &[
                ("CAIRN_ACTION_CAIRN", &cairn),
                ("CAIRN_ACTION_ROOT", "."),
                ("CAIRN_ACTION_DIFF", "true"),
                ("CAIRN_ACTION_FETCH_DEPTH", "1"),
            ],
        );
        let out = self.outputs();
        let comment = self.step(
            "comment",
            &[
                ("CAIRN_ACTION_COMMENT", "true"),
                ("CAIRN_ACTION_DIFF_FILE", out.get("diff-file").map(String::as_str).unwrap_or("")),
                ("CAIRN_ACTION_CHANGES", out.get("changes").map(String::as_str).unwrap_or("")),
            ],
        );
        (to_first_check, [install, check, diff, comment])
    }
}

#[test]
fn action_on_a_depth_1_pull_request_checkout_checks_diffs_and_keeps_one_comment() {
    let world = World::new();
    let merge_base = git(&world.dev, &["merge-base", "main", "feature"]);

    // First push: the job of the pull request as opened.
    let job = world.job("job-1");
    let merge_commit = git(&job.workspace, &["rev-parse", "HEAD"]);
    let (to_first_check, [install, check, diff, comment]) = job.run_action();
    eprintln!("time to first check (install from the stub's release + cairn check): {to_first_check:?}");
    assert!(to_first_check < Duration::from_secs(60), "{to_first_check:?}: the install must not build cairn");

    // Install: the release asset and its checksum were downloaded, the binary is on PATH.
    assert!(install.stdout.contains("checksum verified"), "{}", install.stdout);
    let downloads: Vec<String> = world
        .stub
        .requests()
        .iter()
        .filter(|r| r["path"].as_str().unwrap().contains("/releases/download/"))
        .map(|r| r["path"].as_str().unwrap().to_string())
        .collect();
    let (_, _, target) = runner_platform();
    let asset = format!("/acme/cairn/releases/download/v{0}/cairn-v{0}-{target}.tar.gz", env!("CARGO_PKG_VERSION"));
    assert_eq!(downloads, [asset.clone(), format!("{asset}.sha256")]);
    let out = job.outputs();
    assert!(out["cairn"].starts_with(job.root.join("temp").to_str().unwrap()), "{}", out["cairn"]);
    assert_eq!(out["version"], env!("CARGO_PKG_VERSION"));
    let path_file = std::fs::read_to_string(job.root.join("path")).unwrap();
    assert_eq!(path_file.trim(), Path::new(&out["cairn"]).parent().unwrap().to_str().unwrap());

    // Check: ran on the checked-out merge commit; its one warning is an annotation, and the
    // job summary has the findings table.
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        check.stdout.contains("::warning file=roadmap/core.md,line=3,col=1,title=roadmap/priority::"),
        "{}",
        check.stdout
    );
    assert!(job.summary().contains("| warning | `roadmap/priority` | `roadmap/core.md:3` |"), "{}", job.summary());

    // Diff: the history was fetched and deepened by the step itself, the base is the merge
    // base of main and the pull request's branch, and only the pull request's changes show.
    assert_eq!(diff.code, 0, "{}", diff.stderr);
    assert!(diff.stdout.contains("deepening the history"), "{}", diff.stdout);
    let out = job.outputs();
    assert_eq!(out["merge-base"], merge_base);
    assert_eq!(out["range"], "origin/main...pull/1/head");
    assert_eq!(out["changes"], "true");
    let markdown = std::fs::read_to_string(&out["diff-file"]).unwrap();
    // The range as the action names it, with the merge base's short id; the summary in a
    // product manager's words; the problem the pull request introduces; then the details.
    assert!(markdown.starts_with("### Plan changes: `origin/main...pull/1/head`\n"), "{markdown}");
    assert!(
        markdown.contains(&format!("against its merge base with `origin/main`, `{}`", &merge_base[..7])),
        "{markdown}"
    );
    assert!(
        markdown.contains("**1 story added to Core platform; 1 story started in Core platform; introduces 1 problem**"),
        "{markdown}"
    );
    assert!(markdown.contains("**warning** `backlog/acceptance-criteria` in `backlog/S-1.md:5`"), "{markdown}");
    assert!(markdown.contains("- **S-2** Password reset — added (todo)"), "{markdown}");
    assert!(
        markdown
            .contains("- **S-1** Sign-in page — changed — ⚠️ 1 problem\n  - status `todo` → `in-progress` (started)"),
        "{markdown}"
    );
    assert!(!markdown.contains("S-3"), "main's own change after the fork is not the pull request's: {markdown}");
    assert!(job.summary().contains(&markdown), "the diff is in the job summary too");
    assert_eq!(git(&job.workspace, &["rev-parse", "HEAD"]), merge_commit, "the checkout is left alone");
    assert_eq!(git(&job.workspace, &["status", "--porcelain"]), "");

    // Comment: the existing comments were read, and one comment created with the marker.
    assert_eq!(comment.code, 0, "{}", comment.stderr);
    let posts = world.stub.api("POST");
    assert_eq!(posts.len(), 1, "{posts:?}");
    assert_eq!(posts[0]["path"], format!("/repos/{REPOSITORY}/issues/1/comments"));
    assert_eq!(posts[0]["token"], TOKEN);
    let body = posts[0]["body"]["body"].as_str().unwrap();
    assert!(body.starts_with(&format!("{MARKER}\n{markdown}")), "{body}");
    assert!(world.stub.api("PATCH").is_empty());
    assert_eq!(world.stub.api("GET")[0]["query"], "per_page=100&page=1");
    let comment_id = job.outputs()["comment-id"].clone();
    assert!(!comment_id.is_empty());

    // Second push: S-4 links to an initiative that does not exist. A new job on a new runner.
    git(&world.dev, &["checkout", "-q", "feature"]);
    write(&world.dev, "backlog/S-4.md", &story("S-4", "Two-factor sign-in", "security", "todo"));
    commit(&world.dev, "Plan: two-factor sign-in");
    world.publish_pull_request();
    let job = world.job("job-2");
    let (_, [_, check, diff, comment]) = job.run_action();

    assert_eq!(check.code, 1, "the check fails on the dangling link");
    assert!(check.stdout.contains("::error file=backlog/S-4.md,line=4,"), "{}", check.stdout);
    assert_eq!(diff.code, 0, "{}", diff.stderr);
    assert_eq!(job.outputs()["merge-base"], merge_base);
    let markdown = std::fs::read_to_string(&job.outputs()["diff-file"]).unwrap();
    assert!(markdown.contains("**S-4** Two-factor sign-in — added (todo)"), "{markdown}");
    // The dangling link is a problem at the top, with the check's help; never collapsed.
    assert!(markdown.contains("**error** `link/dangling` in `backlog/S-4.md:4`"), "{markdown}");
    assert!(markdown.find("`link/dangling`").unwrap() < markdown.find("**S-4**").unwrap(), "{markdown}");
    assert_eq!(comment.code, 0, "{}", comment.stderr);

    // The same comment was edited: one PATCH, still one POST, the other comment untouched.
    assert_eq!(world.stub.api("POST").len(), 1);
    let patches = world.stub.api("PATCH");
    assert_eq!(patches.len(), 1, "{patches:?}");
    assert_eq!(patches[0]["path"], format!("/repos/{REPOSITORY}/issues/comments/{comment_id}"));
    let body = patches[0]["body"]["body"].as_str().unwrap();
    assert!(body.starts_with(&format!("{MARKER}\n{markdown}")), "{body}");
    assert_eq!(job.outputs()["comment-id"], comment_id);

    // A token that may not write: the job summary says how to allow it; the step passes.
    let out = job.outputs();
    let denied = job.step(
        "comment",
        &[
            ("CAIRN_ACTION_COMMENT", "true"),
            ("CAIRN_ACTION_DIFF_FILE", &out["diff-file"]),
            ("CAIRN_ACTION_CHANGES", "true"),
            ("GITHUB_TOKEN", READ_ONLY_TOKEN),
        ],
    );
    assert_eq!(denied.code, 0, "{}", denied.stderr);
    assert!(
        denied.stdout.contains("::warning title=cairn::cannot update the plan diff comment (HTTP 403"),
        "{}",
        denied.stdout
    );
    let last = world.stub.requests().pop().unwrap();
    assert_eq!((last["method"].as_str(), last["status"].as_u64()), (Some("PATCH"), Some(403)));
    let summary = job.summary();
    assert!(summary.contains("#### cairn could not update its pull request comment"), "{summary}");
    assert!(summary.contains("permissions:\n  contents: read\n  pull-requests: write\n"), "{summary}");
}

#[test]
fn a_pull_request_that_changes_no_plan_file_gets_no_comment() {
    let world = World::new();
    // Back out the plan changes: the pull request now touches feature.txt only.
    git(&world.dev, &["checkout", "-q", "feature"]);
    std::fs::remove_file(world.dev.join("backlog/S-2.md")).unwrap();
    write(&world.dev, "backlog/S-1.md", &story("S-1", "Sign-in page", "core", "todo"));
    commit(&world.dev, "Plan: as it was");
    world.publish_pull_request();
    let job = world.job("job");
    let (_, [_, check, diff, comment]) = job.run_action();
    assert_eq!(check.code, 0);
    assert_eq!(diff.code, 0, "{}", diff.stderr);
    assert_eq!(job.outputs()["changes"], "false");
    assert_eq!(comment.code, 0);
    assert!(comment.stdout.contains("changes nothing in the plan: no comment"), "{}", comment.stdout);
    assert!(world.stub.api("POST").is_empty() && world.stub.api("PATCH").is_empty());
}

#[test]
fn install_refuses_a_binary_whose_checksum_does_not_match() {
    let world = World::new();
    let job = world.job("job");
    let (_, _, target) = runner_platform();
    let version = env!("CARGO_PKG_VERSION");
    let sums = world
        .tmp
        .path()
        .join(format!("releases/acme/cairn/releases/download/v{version}/cairn-v{version}-{target}.tar.gz.sha256"));
    std::fs::write(&sums, format!("{}  cairn.tar.gz\n", "0".repeat(64))).unwrap();
    let install = job.step("install", &[]);
    assert_eq!(install.code, 1);
    assert!(install.stdout.contains("::error title=cairn::checksum mismatch for cairn-v"), "{}", install.stdout);
    assert!(!job.outputs().contains_key("cairn"), "nothing installed");
}

#[test]
fn install_without_a_release_falls_back_to_the_cached_build_and_honours_cairn_bin() {
    let world = World::new();
    let job = world.job("job");
    // A version that has no release: the build step (cargo install, cached) must run.
    let install = job.step("install", &[("CAIRN_ACTION_VERSION", "0.0.1-nothing")]);
    assert_eq!(install.code, 0, "{}", install.stderr);
    let out = job.outputs();
    assert_eq!(out["build"], "true");
    assert_eq!(out["cairn"], "");
    let (runner_os, runner_arch, _) = runner_platform();
    assert!(out["cache-key"].starts_with(&format!("cairn-{runner_os}-{runner_arch}-0.0.1-nothing-")), "{out:?}");
    assert_eq!(out["build-root"], job.root.join("temp/cairn-action/build").to_str().unwrap());

    // The build step with its folder restored by the cache step: no cargo run, the binary used.
    let root = PathBuf::from(&out["build-root"]);
    std::fs::create_dir_all(root.join("bin")).unwrap();
    std::fs::copy(assert_cmd::cargo::cargo_bin!("cairn"), root.join("bin/cairn")).unwrap();
    let build = job.step("build", &[("CAIRN_ACTION_BUILD_ROOT", &out["build-root"])]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert!(build.stdout.contains("using the build restored from the cache"), "{}", build.stdout);
    assert_eq!(job.outputs()["cairn"], root.join("bin/cairn").to_str().unwrap());

    // CAIRN_BIN: used as is, nothing downloaded.
    let before = world.stub.requests().len();
    let bin = assert_cmd::cargo::cargo_bin!("cairn");
    let install = job.step("install", &[("CAIRN_BIN", bin.to_str().unwrap())]);
    assert_eq!(install.code, 0, "{}", install.stderr);
    assert_eq!(job.outputs()["cairn"], bin.to_str().unwrap());
    assert_eq!(world.stub.requests().len(), before);
}

#[test]
fn action_yml_runs_only_the_scripts_and_passes_inputs_through_env() {
    let yml = std::fs::read_to_string(source_root().join("action.yml")).unwrap();
    let runs: Vec<&str> = yml.lines().filter_map(|l| l.trim().strip_prefix("run: ")).collect();
    assert_eq!(runs.len(), 5);
    for run in runs {
        let script = run
            .strip_prefix("bash \"$GITHUB_ACTION_PATH/")
            .and_then(|s| s.strip_suffix('"'))
            .unwrap_or_else(|| panic!("a step runs more than a script: {run}"));
        assert!(source_root().join(script).is_file(), "{script}");
    }
    assert!(!yml.contains("run: |") && !yml.contains("run: >"), "no inline scripts");
}
