//! The exported page in a real browser: headless Chromium renders it from a `file://` URL
//! (no network), and its DOM and a screenshot are checked.
//!
//! Chromium is looked up on PATH (`chromium`, `chromium-browser`, `google-chrome`,
//! `google-chrome-stable`). Without it these tests print a note and pass, except on CI
//! (`CI=true`), where a missing browser fails them: install chromium there.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use scraper::{Html, Selector};

use crate::common::{TempPlan, example, run};

const TIMEOUT: Duration = Duration::from_secs(120);

/// The browser binary, or `None` (after a note) when there is none and this is not CI.
fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    for name in ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"] {
        for dir in std::env::split_paths(&path) {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!(
            "chromium is not installed: CI must run the browser tests (install it, e.g. `apt-get install chromium`)"
        );
    }
    eprintln!("note: chromium not found on PATH; skipping the browser test (it fails on CI instead)");
    None
}

/// Runs headless Chromium on `page` with `extra` arguments and a fresh profile in `work`;
/// returns its stdout. Fails the test on a non-zero exit or after `TIMEOUT` (killing it).
fn headless(browser: &Path, work: &Path, page: &Path, extra: &[String]) -> String {
    let profile = tempfile::tempdir_in(work).unwrap();
    let stdout_path = work.join("chromium.out");
    let stderr_path = work.join("chromium.err");
    let mut cmd = Command::new(browser);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ])
    .arg(format!("--user-data-dir={}", profile.path().display()))
    .args(extra)
    .arg(format!("file://{}", page.display()))
    .stdin(Stdio::null())
    .stdout(std::fs::File::create(&stdout_path).unwrap())
    .stderr(std::fs::File::create(&stderr_path).unwrap());
    #[cfg(unix)]
    {
        // Its own process group, so a timeout can stop the browser's helper processes too.
        use std::os::unix::process::CommandExt;
        cmd.process_group(0);
    }
    let mut child = cmd.spawn().unwrap_or_else(|e| panic!("cannot start {}: {e}", browser.display()));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > TIMEOUT {
            #[cfg(unix)]
            let _ = Command::new("kill").args(["-KILL", "--", &format!("-{}", child.id())]).status();
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "chromium did not finish within {TIMEOUT:?}; stderr:\n{}",
                std::fs::read_to_string(&stderr_path).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let stderr = std::fs::read_to_string(&stderr_path).unwrap_or_default();
    assert!(status.success(), "chromium failed ({status}):\n{stderr}");
    std::fs::read_to_string(&stdout_path).unwrap()
}

/// Exports the plan in `plan` to `plan/page.html` and returns the page's path.
fn export(plan: &TempPlan) -> PathBuf {
    let r = run(plan.path(), &["export", "html", "--output", "page.html"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    plan.path().join("page.html").canonicalize().unwrap()
}

fn initiative_titles(plan: &TempPlan) -> Vec<String> {
    let r = run(plan.path(), &["roadmap", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.json().as_array().unwrap().iter().map(|i| i["title"].as_str().unwrap().to_string()).collect()
}

#[test]
fn chromium_renders_every_initiative() {
    let Some(browser) = chromium() else { return };
    let plan = TempPlan::new();
    plan.copy_from(&example());
    plan.write(
        "roadmap/hostile.md",
        "---\ntitle: \"<script>document.title='pwned'</script>Hostile\"\nstatus: proposed\nhorizon: later\n---\n",
    );
    let page = export(&plan);
    let work = tempfile::tempdir().unwrap();

    let dom = headless(&browser, work.path(), &page, &["--dump-dom".to_string()]);
    let doc = Html::parse_document(&dom);
    let headings: Vec<String> =
        doc.select(&Selector::parse(".card h3").unwrap()).map(|h| h.text().collect::<String>()).collect();
    let titles = initiative_titles(&plan);
    assert_eq!(titles.len(), 5);
    for title in &titles {
        assert!(headings.contains(title), "the rendered DOM lacks {title:?}: {headings:?}");
    }
    // The browser ran nothing: no script element, and the page title is untouched.
    assert_eq!(doc.select(&Selector::parse("script").unwrap()).count(), 0);
    let title: String = doc.select(&Selector::parse("title").unwrap()).next().unwrap().text().collect();
    assert_eq!(title, "Roadmap");
    // The timeline SVG was rendered into the DOM with one bar per scheduled initiative.
    assert_eq!(doc.select(&Selector::parse("svg rect").unwrap()).count(), 4);
}

#[test]
fn chromium_screenshot_is_not_blank() {
    let Some(browser) = chromium() else { return };
    let plan = TempPlan::new();
    plan.copy_from(&example());
    let page = export(&plan);
    let work = tempfile::tempdir().unwrap();
    let shot = work.path().join("shot.png");
    headless(
        &browser,
        work.path(),
        &page,
        &[format!("--screenshot={}", shot.display()), "--window-size=1200,1400".to_string()],
    );
    assert!(shot.is_file(), "no screenshot written");

    let mut decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&shot).unwrap()));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let pixels = &buf[..info.buffer_size()];
    assert!(info.width >= 600 && info.height >= 600, "{}x{}", info.width, info.height);
    let size = info.color_type.samples();
    let first = &pixels[..size];
    let differing = pixels.chunks_exact(size).filter(|p| *p != first).count();
    assert!(differing > 0, "every pixel of the screenshot is {first:?}");
    // More than a stray pixel: text, cards and bars cover a real share of the page.
    let total = (info.width * info.height) as usize;
    assert!(differing * 100 > total, "only {differing} of {total} pixels differ from the background");
    // The active initiative's bar and badge are drawn in the page's orange (#d97706).
    let orange = pixels.chunks_exact(size).filter(|p| near(p, [0xd9, 0x77, 0x06])).count();
    assert!(orange > 100, "only {orange} orange pixels");
}

fn near(pixel: &[u8], rgb: [u8; 3]) -> bool {
    pixel.len() >= 3 && pixel.iter().zip(rgb).all(|(a, b)| a.abs_diff(b) <= 8)
}
