//! Issue 11, second verifier pass: resource limits on inputs that stay under every size
//! limit but expand (SPEC §7: output and work bounded by a small multiple of the input).

use std::time::Duration;

use crate::common::{TempPlan, cairn};
use crate::hostile_media::run_within;

/// A story whose front matter (about 180 KiB, under the 256 KiB limit, every line under the
/// line limit) anchors one long string and uses it 1,500 times: about 270 MB once expanded.
fn long_string_alias_plan() -> TempPlan {
    let plan = TempPlan::with_initiative();
    let long = vec!["x".repeat(60_000); 3].join("\n  ");
    let uses = vec!["*a"; 1_500].join(",");
    plan.write(
        "backlog/S-1.md",
        format!("---\nid: S-1\ntitle: t\ninitiative: core\nbig: &a \"{long}\"\nlabels: [{uses}]\n---\n"),
    );
    plan
}

#[test]
fn an_alias_of_a_long_string_used_many_times_is_refused_quickly() {
    let plan = long_string_alias_plan();
    let limit = Duration::from_secs(5);
    let r = run_within(cairn(plan.path()).args(["check", "--format", "json"]), limit, "check");
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    let json = r.json();
    let found = json["diagnostics"].as_array().unwrap().iter().any(|d| {
        d["rule"] == "parse/front-matter" && d["message"].as_str().unwrap_or_default().contains("times its own length")
    });
    assert!(found, "{json:#}");
    let r = run_within(cairn(plan.path()).args(["show", "S-1"]), limit, "show");
    assert_eq!(r.code, 2, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stdout.len() < 64 * 1024, "show printed {} bytes", r.stdout.len());
}

/// A story whose front matter (about 250 KiB) lists 24,000 dangling `depends_on` ids, a third
/// of them written with escapes (so their text is not found as written).
fn long_dangling_list_plan() -> (TempPlan, String) {
    let plan = TempPlan::with_initiative();
    let rows: Vec<String> = (0..40)
        .map(|row| {
            let ids: Vec<String> = (0..600)
                .map(|i| if i % 3 == 0 { format!("\"\\x78-{row}-{i}\"") } else { format!("x-{row}-{i}") })
                .collect();
            ids.join(",")
        })
        .collect();
    let text = format!("---\nid: S-1\ntitle: t\ninitiative: core\ndepends_on: [{}]\n---\n", rows.join(",\n  "));
    plan.write("backlog/S-1.md", &text);
    (plan, text)
}

#[test]
fn a_long_list_of_dangling_links_is_located_in_linear_time() {
    let (plan, text) = long_dangling_list_plan();
    let r = run_within(cairn(plan.path()).args(["check", "--format", "json"]), Duration::from_secs(8), "check");
    assert_eq!(r.code, 1, "{}", r.stderr);
    let json = r.json();
    let dangling: Vec<&serde_json::Value> =
        json["diagnostics"].as_array().unwrap().iter().filter(|d| d["rule"] == "link/dangling").collect();
    assert_eq!(dangling.len(), 24_000);
    // Each value written as it reads is pointed at where it is written.
    for id in ["x-0-1", "x-20-299", "x-39-599"] {
        let d = dangling.iter().find(|d| d["message"].as_str().unwrap().contains(&format!("`{id}`"))).unwrap();
        let offset = text.find(&format!("{id},")).or_else(|| text.find(&format!("{id}]"))).unwrap();
        let line = text[..offset].matches('\n').count() + 1;
        let column = offset - text[..offset].rfind('\n').unwrap();
        assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(line as u64), Some(column as u64)), "{id}");
    }
}

#[test]
fn a_long_line_next_to_a_finding_is_not_drawn_as_context() {
    let plan = TempPlan::with_initiative();
    let title = "y".repeat(60_000);
    plan.write("backlog/S-1.md", format!("---\nid: S-1\ntitle: {title}\ninitiative: nope\n---\n"));
    let r = run_within(cairn(plan.path()).args(["check", "--color", "never"]), Duration::from_secs(10), "check");
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.contains("backlog/S-1.md:4:"), "{}", &r.stdout[..r.stdout.len().min(2000)]);
    assert!(r.stdout.len() < 10_000, "check printed {} bytes for one finding", r.stdout.len());
}

#[test]
fn many_files_sharing_one_id_give_findings_of_bounded_length() {
    let plan = TempPlan::with_initiative();
    for i in 0..3_000 {
        plan.write(&format!("backlog/s{i}.md"), "---\nid: X\ntitle: t\ninitiative: core\n---\n");
    }
    let r = run_within(cairn(plan.path()).args(["check", "--format", "json"]), Duration::from_secs(20), "check");
    assert_eq!(r.code, 1, "{}", r.stderr);
    let json = r.json();
    let dups: Vec<&serde_json::Value> =
        json["diagnostics"].as_array().unwrap().iter().filter(|d| d["rule"] == "id/duplicate").collect();
    assert_eq!(dups.len(), 2_999);
    let longest = dups.iter().map(|d| d["message"].as_str().unwrap().len()).max().unwrap();
    assert!(longest < 400, "a message of {longest} bytes");
    assert!(dups[0]["message"].as_str().unwrap().contains("2994 more files"), "{}", dups[0]["message"]);
}

#[test]
fn show_of_an_id_shared_by_many_files_stays_bounded() {
    let plan = TempPlan::with_initiative();
    for i in 0..2_000 {
        plan.write(&format!("backlog/s{i}.md"), "---\nid: X\ntitle: t\ninitiative: core\ndepends_on: [X]\n---\n");
    }
    let r = run_within(cairn(plan.path()).args(["show", "X", "--color", "never"]), Duration::from_secs(20), "show");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("2000 files use the id X"), "{}", &r.stdout[..r.stdout.len().min(500)]);
    assert!(r.stdout.contains("and 1990 more"), "{}", &r.stdout[..r.stdout.len().min(500)]);
    assert!(r.stdout.len() < 2_000_000, "show printed {} bytes", r.stdout.len());
}
