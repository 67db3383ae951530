//! In-memory entry points that run cairn's whole pipeline on arbitrary input: the fuzz
//! targets under `fuzz/` call them, and so do the regression tests of the inputs the fuzzers
//! found (`tests/fuzz_regressions.rs`). Each function returns normally for any input; a
//! panic is a bug.

use jiff::civil::date;

use crate::analyse::rules::{self, Links};
use crate::analyse::views::RoadmapRow;
use crate::load::{RawFile, assemble};
use crate::model::Config;
use crate::model::{Kind, Period, Plan};
use crate::render::terminal::{Styles, Terminal};
use crate::render::{
    self, BacklogListing, CheckOutput, Csv, Export, Github, Gitlab, Html, ItemShow, Json, Junit, Markdown, Mermaid,
    Render, Sarif,
};

/// The date every harness run uses, so runs are repeatable.
const TODAY: jiff::civil::Date = date(2026, 11, 24);

/// The kind and archive flag of a plan-relative path, as the loaders decide them.
fn classify(path: &str) -> Option<(Kind, bool)> {
    let (folder, rest) = path.split_once('/')?;
    let name = rest.rsplit('/').next().unwrap_or(rest);
    if !crate::load::is_item_name(name) || rest.split('/').rev().skip(1).any(|d| !crate::load::is_walked_dir(d)) {
        return None;
    }
    match folder {
        "roadmap" => Some((Kind::Initiative, false)),
        "backlog" => Some((Kind::Backlog, crate::load::is_archived(rest))),
        _ => None,
    }
}

/// Builds a plan from `(path, bytes)` pairs, as the working-tree loader would from files.
pub fn plan_of(files: &[(&str, &[u8])], config: Config) -> Plan {
    let raw = files
        .iter()
        .filter_map(|(path, bytes)| {
            let (kind, archived) = classify(path)?;
            Some(RawFile { path: path.to_string(), kind, archived, content: Ok(bytes.to_vec()) })
        })
        .collect();
    assemble(raw, config)
}

/// Loads `files`, runs every rule, and renders everything cairn can render about the plan:
/// every check format, every listing format, the tree, `show` of every item, the diff of
/// the plan with itself (which must be empty) and the stakeholder page.
pub fn check_files(files: &[(&str, &[u8])]) {
    let plan = plan_of(files, Config::default());
    exercise(&plan);
}

/// Everything [`check_files`] does, on a loaded plan.
pub fn exercise(plan: &Plan) {
    let report = rules::check(plan, TODAY);
    let mut sink: Vec<u8> = Vec::new();
    let terminals = [
        Terminal { styles: Styles { color: true }, width: Some(80), quiet: false },
        Terminal { styles: Styles { color: false }, width: None, quiet: false },
    ];
    let doc = CheckOutput { report: &report, plan, path_prefix: "plans/".into(), deny_warnings: true };
    let check: Vec<Box<dyn for<'c> Render<CheckOutput<'c>>>> = vec![
        Box::new(terminals[0]),
        Box::new(terminals[1]),
        Box::new(Json),
        Box::new(Github),
        Box::new(Sarif),
        Box::new(Gitlab),
        Box::new(Junit),
        Box::new(Markdown { quiet: false }),
    ];
    for r in &check {
        let _ = r.render(&doc, &mut sink);
    }
    let links = Links::new(plan);
    let rows = crate::analyse::health::roadmap(plan, &links, TODAY, Err("the harness has no history"));
    let all = crate::analyse::views::BacklogFilter { all: true, ..Default::default() };
    let items = crate::analyse::views::backlog(plan, &all);
    let summary = crate::analyse::views::backlog_summary(&items);
    let listing = BacklogListing { items: &items, summary: &summary };
    let lists: Vec<Box<dyn ListFormat>> = vec![
        Box::new(terminals[0]),
        Box::new(terminals[1]),
        Box::new(Csv),
        Box::new(Markdown { quiet: false }),
        Box::new(Json),
    ];
    for r in &lists {
        let _ = r.render(rows.as_slice(), &mut sink);
        let _ = r.render(&listing, &mut sink);
    }
    let _ = Mermaid.render(rows.as_slice(), &mut sink);
    let tree = crate::analyse::views::tree(plan, &links, true);
    let _ = terminals[0].render(&tree, &mut sink);
    let _ = Json.render(&tree, &mut sink);
    for item in &plan.items {
        let view = crate::analyse::views::item_view(plan, &links, item);
        let doc = ItemShow { view: &view, history: None, duplicates: Vec::new(), more: 0 };
        let _ = terminals[0].render(&doc, &mut sink);
        let _ = Json.render(&doc, &mut sink);
    }
    let same = crate::analyse::diff::diff(plan, plan, crate::analyse::diff::Revisions::named("A", "A"), TODAY);
    assert!(same.is_empty(), "a plan differs from itself: {:?}", same.changes);
    let _ = Markdown { quiet: false }.render(&same, &mut sink);
    let _ = Html.render(&Export { rows: &rows, title: "Roadmap", today: TODAY }, &mut sink);
}

/// A renderer of both listings.
trait ListFormat: for<'r> Render<[RoadmapRow<'r>]> + for<'r> Render<BacklogListing<'r>> {}
impl<T: for<'r> Render<[RoadmapRow<'r>]> + for<'r> Render<BacklogListing<'r>>> ListFormat for T {}

/// Parses `cairn.yml` text and renders the error report when it is refused.
pub fn parse_config(bytes: &[u8]) {
    let Ok(text) = std::str::from_utf8(bytes) else { return };
    if let Err(e) = crate::load::config::parse(text, "cairn.yml") {
        let _ = render::error_report(&crate::error::CairnError::from(e), true);
    }
}

/// Periods, ids, slugs and suggestions on an arbitrary string. A period that parses prints
/// as a form that parses back to the same period.
pub fn period_and_id(s: &str) {
    if let Ok(p) = Period::parse(s) {
        let again = Period::parse(&p.to_string());
        assert_eq!(again.as_ref().ok(), Some(&p), "{s:?} → {p} does not round-trip");
        assert!(p.start() <= p.end());
        let _ = crate::model::shift_words(&p, &p);
    }
    let _ = crate::model::id_problem(s);
    let slug = crate::write::mint::slug(s);
    assert!(!slug.contains(['/', '\\']) && !slug.starts_with('.'), "unsafe slug {slug:?}");
    assert_eq!(crate::model::id_cmp(s, s), std::cmp::Ordering::Equal);
    let _ = crate::suggest::closest(s, ["status", "initiative", "S-101", s]);
    let _ = crate::write::mint::next_id("S-", [s]);
}

/// A small plan from arbitrary bytes: a file count, then per file a path selector, a length
/// and the content. Then [`exercise`].
pub fn plan_from_bytes(data: &[u8]) {
    const PATHS: &[&str] = &[
        "roadmap/core.md",
        "roadmap/growth.md",
        "roadmap/sub/deep.md",
        "backlog/S-1.md",
        "backlog/S-2-two.md",
        "backlog/area/S-3.md",
        "backlog/archive/S-4.md",
        "backlog/README.md",
        "backlog/_template.md",
        "backlog/.hidden/S-5.md",
        "roadmap/S-1.md",
        "backlog/core.md",
    ];
    let mut files: Vec<(&str, &[u8])> = Vec::new();
    let mut rest = data;
    while files.len() < 8 && rest.len() >= 3 {
        let path = PATHS[rest[0] as usize % PATHS.len()];
        let len = (u16::from_le_bytes([rest[1], rest[2]]) as usize).min(rest.len() - 3);
        files.push((path, &rest[3..3 + len]));
        rest = &rest[3 + len..];
    }
    let plan = plan_of(&files, Config::default());
    exercise(&plan);
}

/// Arbitrary text in every text field of a small plan (titles, ids where valid, owner,
/// assignee, sprint, labels, a custom field, the body, a criterion), rendered by every
/// renderer; each output must pass its medium's checker: no raw control character on a
/// terminal, no live markup in Markdown or HTML, no formula in CSV, a well-formed XML report,
/// nothing but tasks in a mermaid chart. Panics on a violation (the `renderers` fuzz target).
pub fn render_text(text: &str) {
    use crate::load::yaml::quote_str;
    use crate::render::escape::check;
    let q = quote_str(text);
    let one_line: String = text.chars().filter(|c| *c != '\n' && *c != '\r').take(200).collect();
    let initiative = format!(
        "---\ntitle: {q}\nstatus: active\nowner: {q}\noutcome: {q}\nstart: 2026-Q1\ntarget: 2027-Q1\npriority: 1\ncustom: {q}\n---\n{one_line}\n"
    );
    let story = format!(
        "---\nid: S-1\ntitle: {q}\ninitiative: core\nstatus: in-progress\nassignee: {q}\nsprint: {q}\nlabels: [{q}]\nnote: {q}\n---\n{one_line}\n\n## Acceptance criteria\n- [ ] {one_line}\n"
    );
    let plan =
        plan_of(&[("roadmap/core.md", initiative.as_bytes()), ("backlog/S-1.md", story.as_bytes())], Config::default());
    let report = rules::check(&plan, TODAY);
    let links = Links::new(&plan);
    let rows = crate::analyse::health::roadmap(&plan, &links, TODAY, Err("the harness has no history"));
    let all = crate::analyse::views::BacklogFilter { all: true, ..Default::default() };
    let items = crate::analyse::views::backlog(&plan, &all);
    let summary = crate::analyse::views::backlog_summary(&items);
    let listing = BacklogListing { items: &items, summary: &summary };
    let term = Terminal { styles: Styles { color: false }, width: Some(80), quiet: false };
    let doc = CheckOutput { report: &report, plan: &plan, path_prefix: String::new(), deny_warnings: false };
    let tree = crate::analyse::views::tree(&plan, &links, true);
    for (what, out) in [
        ("terminal roadmap", render(&|o| term.render(rows.as_slice(), o))),
        ("terminal backlog", render(&|o| term.render(&listing, o))),
        ("terminal check", render(&|o| term.render(&doc, o))),
        ("terminal tree", render(&|o| term.render(&tree, o))),
    ] {
        expect(what, check::terminal_safe(&out), &out);
    }
    for item in &plan.items {
        let view = crate::analyse::views::item_view(&plan, &links, item);
        let show = ItemShow { view: &view, history: None, duplicates: Vec::new(), more: 0 };
        let out = render(&|o| term.render(&show, o));
        expect("terminal show", check::terminal_safe(&out), &out);
    }
    let md = Markdown { quiet: false };
    for (what, out) in [
        ("markdown roadmap", render(&|o| md.render(rows.as_slice(), o))),
        ("markdown backlog", render(&|o| md.render(&listing, o))),
        ("markdown job summary", render(&|o| md.render(&doc, o))),
    ] {
        expect(what, check::markdown_document_safe(&out, &[]), &out);
    }
    let mermaid = render(&|o| Mermaid.render(rows.as_slice(), o));
    expect("mermaid", check::mermaid_gantt_safe(&mermaid), &mermaid);
    for (what, out) in [
        ("csv roadmap", render(&|o| Csv.render(rows.as_slice(), o))),
        ("csv backlog", render(&|o| Csv.render(&listing, o))),
    ] {
        expect(what, check::csv_document_cells(&out).map(|_| ()), &out);
    }
    let junit = render(&|o| Junit.render(&doc, o));
    expect("junit", check::xml_safe(&junit), &junit);
    let page = render(&|o| Html.render(&Export { rows: &rows, title: text, today: TODAY }, o));
    expect("html export", check::html_document_safe(&page), &page);
    // The report (no history: every figure empty, health from the plan alone) in every medium.
    let figures = crate::analyse::health::report(&plan, &[], TODAY, None, &[]);
    let out = render(&|o| term.render(&figures, o));
    expect("terminal report", check::terminal_safe(&out), &out);
    let out = render(&|o| md.render(&figures, o));
    expect("markdown report", check::markdown_document_safe(&out, &[]), &out);
    let out = render(&|o| Html.render(&figures, o));
    expect("html report", check::html_document_safe(&out), &out);
    // `cairn set --dry-run` (the unified diff shows body lines as context) and `cairn archive`.
    let edited = crate::write::set::Prepared {
        id: one_line.clone(),
        path: format!("backlog/{one_line}.md"),
        old: story.clone(),
        new: story.replacen("status: in-progress", "status: done", 1),
        changes: Vec::new(),
        warnings: Vec::new(),
    };
    let moved = crate::write::archive::Archive {
        moves: vec![crate::write::archive::Move {
            id: one_line.clone(),
            from: format!("backlog/{one_line}.md"),
            to: format!("backlog/archive/{one_line}.md"),
        }],
        skipped: vec![crate::write::archive::Skipped { id: one_line.clone(), path: one_line.clone() }],
        dry_run: true,
    };
    let out = render(&|o| term.render(&edited, o));
    expect("terminal set --dry-run", check::terminal_patch_safe(&out), &out);
    let out = render(&|o| term.render(&moved, o));
    expect("terminal archive", check::terminal_safe(&out), &out);
    // A diff from an empty plan: every field of both items appears in the change.
    let empty = plan_of(&[], Config::default());
    let d = crate::analyse::diff::diff(&empty, &plan, crate::analyse::diff::Revisions::named("main", "feature"), TODAY);
    diff_safe(&d);
    diff_text(text);
}

/// A diff that says everything with `text` in it: a slip that makes a dependent initiative
/// overlap, a re-link, a criterion unchecked, a renumbering with a link left on the old id, a
/// story linked to an initiative named by the text, the problems they introduce.
fn diff_text(text: &str) {
    let q = crate::load::yaml::quote_str(text);
    let one_line: String = text.chars().filter(|c| *c != '\n' && *c != '\r').take(200).collect();
    let core =
        |target: &str| format!("---\ntitle: {q}\nstatus: active\ntarget: {target}\npriority: 1\ncustom: {q}\n---\n");
    let story = |initiative: &str, checked: &str| {
        format!(
            "---\nid: S-1\ntitle: {q}\ninitiative: {initiative}\nstatus: in-progress\n---\n## Acceptance criteria\n- [{checked}] {one_line}\n"
        )
    };
    let old = format!("---\ntitle: {q}\nstatus: planned\npriority: 2\nowner: {q}\n---\n");
    let dependent = format!("---\ntitle: {q}\nstart: 2026-Q4\ndepends_on: [core]\n---\n");
    let (core_before, core_after) = (core("2026-Q3"), core("2027-Q1"));
    let (story_before, story_after) = (story("old", "x"), story("core", " "));
    let typo = format!("---\nid: S-9\ntitle: {q}\ninitiative: {q}\n---\n");
    let base = plan_of(
        &[
            ("roadmap/core.md", core_before.as_bytes()),
            ("roadmap/old.md", old.as_bytes()),
            ("roadmap/dep.md", dependent.as_bytes()),
            ("backlog/S-1.md", story_before.as_bytes()),
            ("backlog/S-7.md", b"---\nid: S-7\ntitle: t\ninitiative: old\n---\n"),
            ("backlog/S-8.md", b"---\nid: S-8\ntitle: t\ninitiative: old\ndepends_on: [S-7]\n---\n"),
        ],
        Config::default(),
    );
    let head = plan_of(
        &[
            ("roadmap/core.md", core_after.as_bytes()),
            ("roadmap/old.md", old.as_bytes()),
            ("roadmap/dep.md", dependent.as_bytes()),
            ("backlog/S-1.md", story_after.as_bytes()),
            ("backlog/S-7.md", b"---\nid: S-70\ntitle: t\ninitiative: old\n---\n"),
            ("backlog/S-8.md", b"---\nid: S-8\ntitle: t\ninitiative: old\ndepends_on: [S-7]\n---\n"),
            ("backlog/S-9.md", typo.as_bytes()),
        ],
        Config::default(),
    );
    let mut revisions = crate::analyse::diff::Revisions::named(&one_line, &one_line);
    revisions.range = format!("{one_line}...{one_line}");
    let d = crate::analyse::diff::diff(&base, &head, revisions, TODAY);
    assert!(!d.impact.is_empty() && !d.problems.is_empty(), "the diff says too little: {d:?}");
    diff_safe(&d);
}

/// What a renderer writes, as text (a failed write leaves what was written).
fn render(f: &dyn Fn(&mut Vec<u8>) -> std::io::Result<()>) -> String {
    let mut out = Vec::new();
    let _ = f(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// Panics with the output when a medium's checker refused it.
fn expect(what: &str, result: Result<(), String>, out: &str) {
    if let Err(e) = result {
        panic!("{what}: {e}\n--- output ---\n{out}");
    }
}

/// Every rendering of a diff passes its medium's checker.
fn diff_safe(d: &crate::analyse::diff::PlanDiff) {
    use crate::render::escape::check;
    let out = render(&|o| Markdown { quiet: false }.render(d, o));
    // cairn's own collapsible sections are the only HTML allowed: `<details>` lines and a
    // `<summary>` of counts; everything else must be inert.
    let own = |l: &&str| {
        let l = l.trim();
        l == "<details>"
            || l == "</details>"
            || (l.starts_with("<summary>")
                && l.ends_with("</summary>")
                && l[9..l.len() - 10].chars().all(|c| c != '<' && c != '>'))
    };
    let rest: String = out.lines().filter(|l| !own(l)).map(|l| format!("{l}\n")).collect();
    expect("markdown diff", check::markdown_document_safe(&rest, &[]), &out);
    let term = Terminal { styles: Styles { color: false }, width: Some(80), quiet: false };
    let out = render(&|o| term.render(d, o));
    expect("terminal diff", check::terminal_safe(&out), &out);
    let out = render(&|o| crate::render::DiffStat { styles: Styles { color: true } }.render(d, o));
    expect("terminal diff --stat", check::terminal_safe_with_color(&out), &out);
    let out = render(&|o| Json.render(d, o));
    expect("json diff", serde_json::from_str::<serde_json::Value>(&out).map(|_| ()).map_err(|e| e.to_string()), &out);
}
