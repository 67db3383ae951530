//! In-memory entry points that run cairn's whole pipeline on arbitrary input: the fuzz
//! targets under `fuzz/` call them, and so do the regression tests of the inputs the fuzzers
//! found (`tests/fuzz_regressions.rs`). Each function returns normally for any input; a
//! panic is a bug.

use std::io::Write;

use jiff::civil::date;

use crate::analyse::rules::{self, Links};
use crate::load::{RawFile, assemble};
use crate::model::Config;
use crate::model::{Kind, Period, Plan};
use crate::render::{self, CheckContext, ListRenderer};

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
    for format in render::CHECK_FORMATS {
        for color in [false, true] {
            let ctx = CheckContext { plan, path_prefix: "plans/".into(), color, quiet: false };
            if let Some(r) = render::check_renderer(format) {
                let _ = r.render(&report, &ctx, &mut sink);
            }
        }
    }
    let links = Links::new(plan);
    let rows = crate::analyse::views::roadmap(plan, &links);
    let all = crate::analyse::views::BacklogFilter { all: true, ..Default::default() };
    let items = crate::analyse::views::backlog(plan, &all);
    let summary = crate::analyse::views::backlog_summary(&items);
    let renderers: Vec<Box<dyn ListRenderer>> = vec![
        Box::new(render::TableFormat { color: true, width: Some(80), quiet: false }),
        Box::new(render::TableFormat { color: false, width: None, quiet: false }),
        Box::new(render::Csv),
        Box::new(render::Markdown { quiet: false }),
        Box::new(render::JsonList),
    ];
    for r in &renderers {
        let _ = r.roadmap(&rows, &mut sink);
        let _ = r.backlog(&items, &summary, &mut sink);
    }
    let _ = render::Mermaid.roadmap(&rows, &mut sink);
    let styles = render::terminal::Styles { color: true };
    let tree = crate::analyse::views::tree(plan, &links, true);
    let _ = render::show::tree_human(&tree, styles, &mut sink);
    let _ = render::show::tree_json(&tree, &mut sink);
    for item in &plan.items {
        let view = crate::analyse::views::item_view(plan, &links, item);
        let _ = render::show::show_human(&view, None, styles, &mut sink);
        let _ = render::show::show_json(&view, None, &mut sink);
    }
    let same = crate::analyse::diff::diff(plan, plan, "A", "A");
    assert!(same.is_empty(), "a plan differs from itself: {:?}", same.changes);
    let _ = render::diff::markdown(&same, &mut sink);
    let page = render::html::export_page(plan, "2026-11-24");
    let _ = sink.write_all(page.as_bytes());
}

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
