//! `cairn export html` and `cairn report --format html`: the pages parsed with `scraper`, so
//! the assertions are about the DOM a browser builds (titles as text, no script element), not
//! about substrings of the markup.

use std::path::Path;

use scraper::{ElementRef, Html, Selector};
use serde_json::Value;

use crate::common::{Run, TempPlan, example, git, run};

fn ok(dir: &Path, args: &[&str]) -> Run {
    let r = run(dir, args);
    assert_eq!(r.code, 0, "cairn {args:?} failed:\n{}\n{}", r.stdout, r.stderr);
    r
}

fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css}: {e:?}"))
}

fn text(el: ElementRef<'_>) -> String {
    el.text().collect::<String>()
}

/// Every text node of the page (title, style and SVG text included), joined by spaces.
fn page_text(doc: &Html) -> String {
    doc.root_element().text().collect::<Vec<_>>().join(" ")
}

/// The page needs nothing from the network and runs nothing: no script, no stylesheet link,
/// no embedded resources, no absolute URL in any `src` or `href`, no CSS that fetches.
pub fn assert_self_contained(html: &str) {
    let doc = Html::parse_document(html);
    for tag in ["script", "link", "img", "iframe", "object", "embed", "base", "image", "use", "foreignObject"] {
        assert_eq!(doc.select(&sel(tag)).count(), 0, "the page has a <{tag}> element:\n{html}");
    }
    for el in doc.select(&sel("*")) {
        for (name, value) in el.value().attrs() {
            let lower = value.to_ascii_lowercase();
            if matches!(name, "src" | "href" | "xlink:href" | "srcset" | "action" | "poster" | "data") {
                assert!(
                    !lower.contains("http://") && !lower.contains("https://") && !lower.starts_with("//"),
                    "external URL in {name}={value:?} of <{}>",
                    el.value().name()
                );
            }
            assert!(!name.starts_with("on"), "event handler attribute {name}={value:?}");
            assert!(!lower.trim_start().starts_with("javascript:"), "javascript URL {name}={value:?}");
        }
    }
    for style in doc.select(&sel("style")) {
        let css = text(style).to_ascii_lowercase();
        assert!(!css.contains("url(") && !css.contains("@import"), "CSS fetches something:\n{css}");
    }
}

/// `(title)` of every item `cairn roadmap` / `cairn backlog --all` lists, as JSON.
fn titles(dir: &Path, args: &[&str]) -> Vec<String> {
    let json: Value = ok(dir, args).json();
    json.as_array().unwrap().iter().map(|i| i["title"].as_str().unwrap().to_string()).collect()
}

// ---------------------------------------------------------------------------------------------
// The example plan

#[test]
fn export_of_the_example_holds_every_initiative_and_no_backlog_item() {
    let plan = TempPlan::new();
    plan.copy_from(&example());
    let initiatives = titles(plan.path(), &["roadmap", "--format", "json"]);
    let backlog = titles(plan.path(), &["backlog", "--all", "--format", "json"]);
    assert_eq!(initiatives.len(), 4);
    assert_eq!(backlog.len(), 17, "archived items included");

    let html = ok(plan.path(), &["export", "html"]).stdout;
    assert_self_contained(&html);
    let doc = Html::parse_document(&html);

    // One card per initiative, its title as the card's heading.
    let cards: Vec<String> = doc.select(&sel(".card h3")).map(text).collect();
    let mut sorted_cards = cards.clone();
    sorted_cards.sort();
    let mut sorted_initiatives = initiatives.clone();
    sorted_initiatives.sort();
    assert_eq!(sorted_cards, sorted_initiatives);

    // Each card in its Now/Next/Later column.
    let mut columns: Vec<(String, Vec<String>)> = Vec::new();
    for section in doc.select(&sel("section.column")) {
        let name = text(section.select(&sel(":scope > h3")).next().unwrap());
        columns.push((name, section.select(&sel(".card h3")).map(text).collect()));
    }
    let column = |name: &str| columns.iter().find(|c| c.0 == name).map(|c| c.1.clone()).unwrap_or_default();
    assert_eq!(column("Now"), ["Launch subscription model", "Improve delivery tracking"]);
    assert_eq!(column("Next"), ["Expand to new cities"]);
    assert_eq!(column("Later"), ["Improve user onboarding"]);

    // The timeline: every initiative has a period, so one bar each (with a tooltip).
    let bars: Vec<String> = doc.select(&sel("svg rect > title")).map(text).collect();
    assert_eq!(bars.len(), 4, "{bars:?}");
    for title in &initiatives {
        assert!(bars.iter().any(|b| b.starts_with(title.as_str())), "no timeline bar for {title}: {bars:?}");
    }

    // Progress from the backlog, as numbers only: subscriptions has 6 items (2 archived): 2
    // delivered (S-104 and S-105, archived) and 1 dropped (S-106 wontdo), told apart.
    let subscriptions = doc
        .select(&sel(".card"))
        .find(|c| text(c.select(&sel("h3")).next().unwrap()) == "Launch subscription model")
        .unwrap();
    assert!(text(subscriptions).contains("2 done, 1 dropped of 6 backlog items"), "{}", text(subscriptions));
    // Outside git every open initiative's health is unknown, and the card says why.
    assert!(text(subscriptions).contains("? unknown"), "{}", text(subscriptions));
    assert!(
        text(subscriptions).contains("no history to forecast from: the plan is not in a git repository"),
        "{}",
        text(subscriptions)
    );

    // Not one backlog title, anywhere: not in the text, not in an attribute.
    let all_text = page_text(&doc);
    for title in &backlog {
        assert!(!all_text.contains(title.as_str()), "backlog title {title:?} in the page text");
        assert!(!html.contains(title.as_str()), "backlog title {title:?} in the markup");
    }
    for id in ["S-101", "S-104", "S-117"] {
        assert!(!html.contains(id), "backlog id {id} in the page");
    }
    assert!(all_text.contains("4 initiatives (4 open, 0 needing attention) · as of 2026-11-24"), "{all_text}");
}

#[test]
fn export_is_repeatable_and_works_from_a_revision() {
    let plan = TempPlan::new();
    plan.copy_from(&example());
    let a = ok(plan.path(), &["export", "html"]).stdout;
    let b = ok(plan.path(), &["export", "html"]).stdout;
    assert_eq!(a, b);
    let repo = git::init(plan.path());
    git::commit_all(&repo, "plan", 1_767_225_600);
    let committed = ok(plan.path(), &["export", "html"]).stdout;
    std::fs::remove_file(plan.path().join("roadmap/onboarding.md")).unwrap();
    // From a revision: its plan, as of its commit's date (2026-01-01), not today.
    let then = ok(plan.path(), &["export", "html", "--rev", "HEAD"]).stdout;
    assert!(then.contains("Improve user onboarding") && then.contains("as of 2026-01-01"), "{then}");
    assert!(committed.contains("Improve user onboarding") && committed.contains("as of 2026-11-24"));
    let now = ok(plan.path(), &["export", "html"]).stdout;
    assert!(!now.contains("Improve user onboarding"));
}

// ---------------------------------------------------------------------------------------------
// A plan of our own, with hostile text

const SCRIPT_TITLE: &str = "<script>alert(1)</script>";

fn hostile_plan() -> TempPlan {
    let plan = TempPlan::new();
    plan.write(
        "roadmap/attack.md",
        "---\ntitle: \"<script>alert(1)</script>\"\nstatus: active\nhorizon: now\nstart: 2026-Q4\ntarget: 2027-Q1\n\
         priority: 1\nowner: 'Ann & \"Bob\" <ann@example.com>'\n\
         outcome: \"See https://evil.example/x and <img src=x onerror=alert(2)>\"\n---\n",
    );
    plan.write("roadmap/zeta.md", "---\ntitle: Zeta rollout\nstatus: planned\npriority: 2\n---\n");
    plan.write(
        "roadmap/done.md",
        "---\ntitle: Finished foundations\nstatus: done\nhorizon: later\ntarget: 2026-Q2\n---\n",
    );
    plan.write("backlog/S-1.md", "---\ntitle: Secret backlog item alpha\ninitiative: attack\n---\n");
    plan.write("backlog/S-3.md", "---\ntitle: Hidden gamma task\nstatus: wontdo\ninitiative: attack\n---\n");
    plan.write("backlog/S-4.md", "---\ntitle: Zeta internal delta chore\ninitiative: zeta\n---\n");
    plan.write("backlog/archive/S-2.md", "---\ntitle: Archived secret beta\nstatus: done\ninitiative: done\n---\n");
    plan
}

#[test]
fn export_escapes_text_and_shows_no_backlog_detail() {
    let plan = hostile_plan();
    let html = ok(plan.path(), &["export", "html"]).stdout;
    assert_self_contained(&html);
    let doc = Html::parse_document(&html);

    // The script title is text in the DOM, and no script element exists.
    let headings: Vec<String> = doc.select(&sel(".card h3")).map(text).collect();
    assert_eq!(headings.len(), 3, "{headings:?}");
    for title in [SCRIPT_TITLE, "Zeta rollout", "Finished foundations"] {
        assert_eq!(headings.iter().filter(|h| *h == title).count(), 1, "{title} in {headings:?}");
    }
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "escaped in the markup");
    assert!(!html.contains(SCRIPT_TITLE), "never raw in the markup");
    let card = doc.select(&sel(".card")).find(|c| text(*c).contains(SCRIPT_TITLE)).unwrap();
    let card_text = text(card);
    assert!(card_text.contains("Owner: Ann & \"Bob\" <ann@example.com>"), "{card_text}");
    assert!(card_text.contains("See https://evil.example/x and <img src=x onerror=alert(2)>"), "{card_text}");
    // attack: S-1 todo and S-3 wontdo (abandoned, not delivered).
    assert!(card_text.contains("0 done, 1 dropped of 2 backlog items"), "{card_text}");
    assert_eq!(doc.select(&sel("a")).count(), 0, "a URL in an outcome is not made a link");

    // Zeta has neither a period nor a horizon: listed as not scheduled, in its own column.
    let all_text = page_text(&doc);
    assert!(all_text.contains("Not scheduled (no start or target): Zeta rollout"), "{all_text}");
    let columns: Vec<String> = doc.select(&sel("section.column > h3")).map(text).collect();
    assert_eq!(columns, ["Now", "Next", "Later", "No horizon"]);
    // The done initiative is not on the board but under "Recently done".
    let board: Vec<String> = doc.select(&sel("section.column .card h3")).map(text).collect();
    assert!(!board.contains(&"Finished foundations".to_string()), "{board:?}");
    let done: Vec<String> = doc.select(&sel("section.done-list .card h3")).map(text).collect();
    assert_eq!(done, ["Finished foundations"]);

    for title in ["Secret backlog item alpha", "Hidden gamma task", "Zeta internal delta chore", "Archived secret beta"]
    {
        assert!(!all_text.contains(title), "backlog title {title:?} in the page text");
        assert!(!html.contains(title), "backlog title {title:?} in the markup");
    }
    assert!(all_text.contains("3 initiatives (2 open, 0 needing attention) · as of 2026-11-24"), "{all_text}");

    // --title names the page; it is plan text like any other.
    let html = ok(plan.path(), &["export", "html", "--title", "Q1 <b>review</b>\u{1b}[31m"]).stdout;
    let doc = Html::parse_document(&html);
    let title: String = doc.select(&sel("head > title")).map(text).collect();
    assert_eq!(title, "Q1 <b>review</b>\\e[31m");
    assert_eq!(doc.select(&sel("h1")).map(text).collect::<String>(), title);
    assert_eq!(doc.select(&sel("b")).count(), 0);
}

#[test]
fn export_output_writes_the_file_atomically_and_prints_its_path() {
    let plan = hostile_plan();
    let page = ok(plan.path(), &["export", "html"]).stdout;
    std::fs::create_dir(plan.path().join("site")).unwrap();

    let r = ok(plan.path(), &["export", "html", "--output", "site/roadmap.html"]);
    assert_eq!(r.stdout, "site/roadmap.html\n");
    assert_eq!(r.stderr, "");
    let out = plan.path().join("site/roadmap.html");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), page);

    // Replacing an existing file: the new file is renamed over the old one, so another name
    // for the old file (a hard link) still holds the old bytes, and no temp file is left.
    std::fs::write(&out, "old page").unwrap();
    std::fs::hard_link(&out, plan.path().join("site/old.html")).unwrap();
    let r = ok(plan.path(), &["export", "html", "-o", "site/roadmap.html"]);
    assert_eq!(r.stdout, "site/roadmap.html\n");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), page);
    assert_eq!(std::fs::read_to_string(plan.path().join("site/old.html")).unwrap(), "old page");
    let mut names: Vec<String> = std::fs::read_dir(plan.path().join("site"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["old.html", "roadmap.html"]);

    // --quiet: the file, and nothing on stdout.
    std::fs::remove_file(&out).unwrap();
    let r = ok(plan.path(), &["export", "html", "--output", "site/roadmap.html", "-q"]);
    assert_eq!(r.stdout, "");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), page);

    // An absolute path is printed as given.
    let abs = plan.path().join("abs.html");
    let r = ok(plan.path(), &["export", "html", "--output", abs.to_str().unwrap()]);
    assert_eq!(r.stdout, format!("{}\n", abs.display()));
    assert!(abs.is_file());

    // A folder that does not exist: exit 2, a message naming the path, nothing written.
    let r = run(plan.path(), &["export", "html", "--output", "missing/roadmap.html"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("missing"), "{}", r.stderr);
    assert!(r.stderr.contains("does not exist") && r.stderr.contains("create the folder"), "{}", r.stderr);
    // It names the user's path, never cairn's temporary file.
    assert!(!r.stderr.contains(".cairn-") && !r.stderr.contains(".tmp"), "{}", r.stderr);
    assert!(!plan.path().join("missing").exists());
}

// ---------------------------------------------------------------------------------------------
// report --format html

const T0: i64 = 1_788_264_000; // 2026-09-01T12:00:00Z
const DAY: i64 = 86_400;

#[test]
fn report_html_is_self_contained_has_charts_and_escapes_text() {
    let plan = TempPlan::new();
    let repo = git::init(plan.path());
    let initiative =
        "---\ntitle: \"<script>alert(1)</script> & co\"\nstatus: active\ntarget: 2026-Q4\npriority: 1\n---\n";
    let item = |status: &str, title: &str| format!("---\ntitle: \"{title}\"\nstatus: {status}\ninitiative: x\n---\n");
    plan.write("roadmap/x.md", initiative);
    plan.write("backlog/S-1.md", item("todo", "<img src=x onerror=alert(1)>"));
    plan.write("backlog/S-2.md", item("todo", "Plain story"));
    git::commit_all(&repo, "plan", T0);
    plan.write("backlog/S-1.md", item("in-progress", "<img src=x onerror=alert(1)>"));
    plan.write("backlog/S-2.md", item("in-progress", "Plain story"));
    git::commit_all(&repo, "start", T0 + DAY); // 2026-09-02
    plan.write("backlog/S-2.md", item("done", "Plain story"));
    git::commit_all(&repo, "done", T0 + 5 * DAY); // 2026-09-06: cycle time 4 days
    plan.write("roadmap/x.md", initiative.replace("2026-Q4", "2027-Q1"));
    git::commit_all(&repo, "slip", T0 + 6 * DAY);

    let html = ok(plan.path(), &["report", "--format", "html", "--until", "2026-10-31"]).stdout;
    assert_self_contained(&html);
    let doc = Html::parse_document(&html);
    let all_text = page_text(&doc);

    // Charts: throughput, cycle time, and a burn-up per initiative.
    let labels: Vec<&str> = doc.select(&sel("svg")).filter_map(|s| s.value().attr("aria-label")).collect();
    assert!(labels.contains(&"Backlog items done per week"), "{labels:?}");
    assert!(labels.contains(&"Cycle time distribution"), "{labels:?}");
    assert!(labels.contains(&"Burn-up of <script>alert(1)</script> & co"), "{labels:?}");
    assert!(labels.contains(&"Forecast of <script>alert(1)</script> & co"), "{labels:?}");
    // 2026-09-01 (W36) .. 2026-10-31 (W44): 9 weekly bars.
    let weekly = doc.select(&sel("svg[aria-label='Backlog items done per week'] rect")).count();
    assert_eq!(weekly, 9);
    let week_titles: Vec<String> =
        doc.select(&sel("svg[aria-label='Backlog items done per week'] rect > title")).map(text).collect();
    assert_eq!(week_titles[0], "2026-W36: 1", "S-2 done on 2026-09-06, a Sunday of W36");
    // Axes: tick labels on both, a title each, and a caption under every chart.
    let ticks: Vec<String> =
        doc.select(&sel("svg[aria-label='Backlog items done per week'] text.axis-label")).map(text).collect();
    assert!(ticks.contains(&"0".to_string()) && ticks.contains(&"1".to_string()), "{ticks:?}");
    assert!(ticks.contains(&"2026-W36".to_string()), "{ticks:?}");
    let titles: Vec<String> =
        doc.select(&sel("svg[aria-label='Backlog items done per week'] text.axis-title")).map(text).collect();
    assert_eq!(titles, ["items done", "ISO week"]);
    assert_eq!(doc.select(&sel("figure")).count(), doc.select(&sel("figure > figcaption")).count());
    assert!(doc.select(&sel("figure")).count() >= 4);
    // The forecast chart marks the 50% and 85% dates and the target.
    let marks: Vec<String> =
        doc.select(&sel("svg[aria-label='Forecast of <script>alert(1)</script> & co'] text")).map(text).collect();
    assert!(marks.iter().any(|m| m.starts_with("50% 2026-")), "{marks:?}");
    assert!(marks.iter().any(|m| m.starts_with("85% 20")), "{marks:?}");
    assert!(marks.contains(&"target 2027-Q1 ends 2027-03-31".to_string()), "{marks:?}");

    // Hostile titles are text: the initiative's in its card, the stale item's in the table.
    assert_eq!(doc.select(&sel(".card h3")).map(text).collect::<Vec<_>>(), ["<script>alert(1)</script> & co (x)"]);
    let cells: Vec<String> = doc.select(&sel("table td")).map(text).collect();
    // S-1 in-progress since 2026-09-02: 28 + 31 = 59 days as of 2026-10-31.
    assert_eq!(cells, ["S-1", "<img src=x onerror=alert(1)>", "in-progress", "59", "2026-09-02"]);
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));

    // The figures of the text.
    assert!(
        all_text.contains("1 item went from active to done: median 4.0 days, 85th percentile 4.0 days."),
        "{all_text}"
    );
    assert!(
        all_text.contains("target slips: 1 (+90 days) (last 2026-Q4 → 2027-Q1 on 2026-09-07)"),
        "2026-12-31 → 2027-03-31: {all_text}"
    );
    assert!(all_text.contains("1 done of 2 backlog items"), "{all_text}");
    assert!(all_text.contains("As of 2026-10-31 · history since 2026-09-01"), "{all_text}");
    assert!(all_text.contains("forecast 50% by 2026-"), "{all_text}");
    // Health with its reason: the target slipped 54 days before: not a recent slip.
    let badge = doc.select(&sel(".card .hb")).next().map(text).unwrap_or_default();
    assert!(["● on-track", "▲ at-risk", "✕ off-track"].contains(&badge.as_str()), "{badge}");
}

// ---------------------------------------------------------------------------------------------
// Health, risk and timing on the stakeholder page

#[test]
fn export_shows_what_is_at_risk_what_is_late_and_what_is_done() {
    // The report's repository (see report.rs), as of 2026-11-24: payments (active, target
    // only: 2027-Q2) slipped 12 days ago: at risk; search (target 2026-11) is forecast past its
    // target: off track; legacy is done. Plus, uncommitted, `late`: its target 2026-Q3 ended
    // while it is planned: overdue, off track.
    let plan = crate::report::history();
    plan.write(
        "roadmap/late.md",
        "---\ntitle: Late launch\nstatus: planned\nhorizon: next\ntarget: 2026-Q3\npriority: 4\n---\n",
    );
    plan.write(
        "roadmap/payments.md",
        "---\ntitle: Payments\nstatus: active\nhorizon: now\ntarget: 2027-Q2\npriority: 1\n---\n",
    );
    let html = ok(plan.path(), &["export", "html"]).stdout;
    assert_self_contained(&html);
    let doc = Html::parse_document(&html);

    // At the top: counts per state, then every initiative needing attention, worst first,
    // with its reason.
    let summary = doc.select(&sel("section.summary")).next().expect("an at-risk summary");
    let counts: Vec<String> = summary.select(&sel(".counts .hb")).map(text).collect();
    assert_eq!(counts, ["✕ 2 off-track", "▲ 1 at-risk", "✓ 1 done"]);
    let risks: Vec<String> = summary.select(&sel("li strong")).map(text).collect();
    assert_eq!(risks, ["Search", "Late launch", "Payments"]);
    let why: Vec<String> = summary.select(&sel("li .why")).map(text).collect();
    assert_eq!(why[1], "target 2026-Q3 ended 2026-09-30 while the initiative is open");
    assert_eq!(why[2], "target slipped 2027-Q1 → 2027-Q2 on 2026-11-12 (12 days ago)");

    // The board holds open work only; legacy is under "Recently done".
    let board: Vec<String> = doc.select(&sel(".board section.column .card h3")).map(text).collect();
    assert_eq!(board.len(), 3, "{board:?}");
    assert!(!board.contains(&"Legacy cleanup".to_string()), "{board:?}");
    let done: Vec<String> = doc.select(&sel("section.done-list .card h3")).map(text).collect();
    assert_eq!(done, ["Legacy cleanup"]);

    // Each card: health badge (symbol and word) with the reason as tooltip and as text.
    let card = |title: &str| {
        doc.select(&sel(".card")).find(|c| c.select(&sel("h3")).next().map(text).as_deref() == Some(title)).unwrap()
    };
    let late = card("Late launch");
    let badge = late.select(&sel(".hb")).next().unwrap();
    assert_eq!(text(badge), "✕ off-track");
    assert_eq!(badge.value().attr("title"), Some("target 2026-Q3 ended 2026-09-30 while the initiative is open"));
    assert!(text(late).contains("⚑ overdue"), "{}", text(late));
    assert!(!text(card("Payments")).contains("overdue"));

    // The timeline: a legend, years and quarters on the axis, a today marker.
    let legend: Vec<String> = doc.select(&sel("ul.legend li")).map(text).collect();
    for entry in ["planned", "active", "done", "dropped", "today", "overdue: past its target"] {
        assert!(legend.iter().any(|l| l == entry), "{entry} not in {legend:?}");
    }
    assert!(legend.iter().any(|l| l == "✕ off-track") && legend.iter().any(|l| l == "▲ at-risk"), "{legend:?}");
    let years: Vec<String> = doc.select(&sel("text.axis-label.year")).map(text).collect();
    let quarters: Vec<String> = doc.select(&sel("text.axis-label.quarter")).map(text).collect();
    assert_eq!(years, ["2026", "2027"], "{quarters:?}");
    assert_eq!(quarters, ["Q3", "Q4", "Q1", "Q2"]);
    let today_x: f64 = doc.select(&sel("line.today")).next().unwrap().value().attr("x1").unwrap().parse().unwrap();
    // Payments is active with only a target: drawn from today, not from 2027-04-01.
    let bar = |title: &str| {
        doc.select(&sel("rect.tl-bar"))
            .find(|r| r.select(&sel("title")).next().map(text).is_some_and(|t| t.starts_with(title)))
            .unwrap_or_else(|| panic!("no bar for {title}"))
    };
    let x: f64 = bar("Payments —").value().attr("x").unwrap().parse().unwrap();
    assert!((x - today_x).abs() < 0.2, "payments starts at {x}, today is at {today_x}");
    // Late launch: its bar ends at 2026-09-30 and a hatched overdue stretch runs to today.
    let overdue: Vec<ElementRef<'_>> = doc.select(&sel("rect.overdue")).collect();
    assert_eq!(overdue.len(), 1);
    let (ox, ow): (f64, f64) = (
        overdue[0].value().attr("x").unwrap().parse().unwrap(),
        overdue[0].value().attr("width").unwrap().parse().unwrap(),
    );
    assert!((ox + ow - today_x).abs() < 0.2, "the overdue stretch ends today: {ox} + {ow} vs {today_x}");
    let names: Vec<String> = doc.select(&sel(".tl-names li")).map(text).collect();
    assert!(names.iter().any(|n| n.contains("overdue") && n.contains("Late launch")), "{names:?}");
    assert_eq!(names.len(), doc.select(&sel("rect.tl-bar")).count(), "one name per bar, aligned by row");
}
