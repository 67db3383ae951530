//! Issue 11, "plan text is data: no injection, no crash, no hang, no write outside the plan"
//! (SPEC §1, §7), without git: one test per place where hostile text or input can escape
//! being data. The git-backed cases are in `hostile_git.rs`, the whole hostile plan through
//! every command and format in `hostile_sweep.rs`, and the per-medium assertions in
//! `hostile_media.rs`.

use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::Path;
use std::time::{Duration, Instant};

use crate::common::{TempPlan, cairn};
use crate::hostile_media::{
    FAST, QUICK, assert_bounded, assert_csv_neutral, assert_html_inert, assert_markdown_inert, assert_mermaid_inert,
    assert_no_raw_controls, assert_terminal_safe, assert_xml_well_formed, go, run_within,
};

/// Hostile text as a YAML double-quoted scalar: an OSC window title with BEL, a CSI
/// clear-screen, the C1 CSI `U+009B` and the bidi override `U+202E`.
pub const PAYLOAD: &str = r#"x\e]0;PWNED\a\e[2J \x9b1m \u202eEVIL"#;
/// The characters of [`PAYLOAD`] that must be shown escaped.
pub const PAYLOAD_CHARS: [char; 4] = ['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}'];
/// Plain words of [`PAYLOAD`] that must survive the escaping.
pub const MARKERS: [&str; 2] = ["PWNED", "EVIL"];

/// A plan whose initiative `core` and story `S-1` carry [`PAYLOAD`] in every text field,
/// with raw control bytes in the story's body and acceptance criteria.
pub fn hostile_plan() -> TempPlan {
    let plan = TempPlan::new();
    plan.write(
        "roadmap/core.md",
        format!(
            "---\ntitle: \"{PAYLOAD}\"\nstatus: active\npriority: 1\nowner: \"{PAYLOAD}\"\noutcome: \"{PAYLOAD}\"\nlabels: [\"{PAYLOAD}\"]\n---\nbody\n"
        ),
    );
    plan.write(
        "backlog/S-1.md",
        format!(
            "---\nid: S-1\ntitle: \"{PAYLOAD}\"\nstatus: in-progress\ninitiative: core\npriority: 1\nassignee: \"{PAYLOAD}\"\nsprint: \"{PAYLOAD}\"\nlabels: [\"{PAYLOAD}\"]\n\"key{PAYLOAD}\": \"{PAYLOAD}\"\n---\nRaw body \x1b]0;PWNED\x07 \x1b[2J \u{9b}1m \u{202e}EVIL\n\n## Acceptance criteria\n- [x] raw \x1b[2J PWNED \u{202e}EVIL\n- [ ] second\n"
        ),
    );
    plan
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let r = go(dir, args);
    assert_eq!(r.code, 0, "cairn {args:?}:\n{}\n{}", r.stdout, r.stderr);
    assert_no_raw_controls(&format!("stderr of cairn {args:?}"), &r.stderr);
    r.stdout
}

// ---------------------------------------------------------------------------------------
// 1. Terminal control injection
// ---------------------------------------------------------------------------------------

#[test]
fn roadmap_table_escapes_control_characters() {
    let plan = hostile_plan();
    let out = ok(plan.path(), &["roadmap", "--color", "never"]);
    assert_terminal_safe("cairn roadmap", &out, &PAYLOAD_CHARS, &MARKERS);
}

#[test]
fn backlog_table_escapes_control_characters() {
    let plan = hostile_plan();
    let out = ok(plan.path(), &["backlog", "--color", "never"]);
    assert_terminal_safe("cairn backlog", &out, &PAYLOAD_CHARS, &MARKERS);
}

#[test]
fn tree_escapes_control_characters() {
    let plan = hostile_plan();
    let out = ok(plan.path(), &["tree", "--color", "never"]);
    assert_terminal_safe("cairn tree", &out, &PAYLOAD_CHARS, &MARKERS);
}

#[test]
fn show_initiative_escapes_fields() {
    let plan = hostile_plan();
    let out = ok(plan.path(), &["show", "core", "--color", "never"]);
    assert_terminal_safe("cairn show core", &out, &PAYLOAD_CHARS, &MARKERS);
}

#[test]
fn show_story_escapes_fields_unknown_keys_body_and_criteria() {
    let plan = hostile_plan();
    let out = ok(plan.path(), &["show", "S-1", "--color", "never"]);
    assert_terminal_safe("cairn show S-1", &out, &PAYLOAD_CHARS, &MARKERS);
    // The body, the criteria and the custom field are each shown (escaped, not dropped).
    assert!(out.contains("Raw body") && out.contains("raw ") && out.contains("key"), "{out}");
}

/// A file whose name holds ESC, BEL and a bidi override: `check` names the file (and the id
/// taken from it) in its header, message and snippet.
#[test]
fn check_escapes_file_names() {
    let plan = TempPlan::with_initiative();
    plan.write("backlog/S-9\x1b]0;PWNED\x07\u{202e}EVIL.md", "---\ntitle: t\ninitiative: core\n---\n");
    let r = go(plan.path(), &["check", "--color", "never"]);
    assert_eq!(r.code, 1, "the id taken from the file name is invalid: {}{}", r.stdout, r.stderr);
    let all = format!("{}{}", r.stdout, r.stderr);
    assert_terminal_safe("cairn check (file name)", &all, &['\u{1b}', '\u{7}', '\u{202e}'], &MARKERS);
}

/// A dangling link whose value holds the payload: the message echoes the value.
#[test]
fn check_escapes_values_in_messages() {
    let plan = TempPlan::with_initiative();
    plan.write("backlog/S-1.md", format!("---\ntitle: t\ninitiative: \"{PAYLOAD}\"\n---\n"));
    let r = go(plan.path(), &["check", "--color", "never"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert_no_raw_controls("cairn check (message)", &format!("{}{}", r.stdout, r.stderr));
    assert!(r.stdout.contains("PWNED"), "{}", r.stdout);
}

/// A raw bidi override (valid in YAML) in a line that a diagnostic's snippet shows.
#[test]
fn check_escapes_source_snippets() {
    let plan = TempPlan::with_initiative();
    plan.write(
        "backlog/S-1.md",
        "---\ntitle: t\ninitiative: core\nnote: \"raw \u{202e}EVIL override\"\nstauts: x\n---\n",
    );
    let r = go(plan.path(), &["check", "--color", "never"]);
    assert!(r.stdout.contains("stauts"), "a snippet is shown: {}{}", r.stdout, r.stderr);
    let all = format!("{}{}", r.stdout, r.stderr);
    assert_terminal_safe("cairn check (snippet)", &all, &['\u{202e}'], &["EVIL"]);
}

/// Raw ESC and BEL in an unchecked acceptance criterion, which `backlog/done-unchecked`
/// names in its help line.
#[test]
fn check_escapes_criteria_in_help_lines() {
    let plan = TempPlan::with_initiative();
    plan.write(
        "backlog/S-1.md",
        "---\ntitle: t\ninitiative: core\nstatus: done\n---\n## Acceptance criteria\n- [ ] raw \x1b]0;PWNED\x07 \x1b[2J EVIL\n",
    );
    let r = go(plan.path(), &["check", "--color", "never"]);
    assert!(r.stdout.contains("done-unchecked"), "{}{}", r.stdout, r.stderr);
    assert_terminal_safe("cairn check (help)", &r.stdout, &['\u{1b}', '\u{7}'], &MARKERS);
}

/// GitHub Actions renders ANSI sequences in its logs: workflow commands carry no raw ESC,
/// neither in the file property nor in the message.
#[test]
fn check_github_workflow_commands_escape_control_characters() {
    let plan = TempPlan::with_initiative();
    plan.write("backlog/S-1.md", format!("---\ntitle: t\ninitiative: \"{PAYLOAD}\"\n---\n"));
    plan.write("backlog/S-9\x1b[2J.md", "---\ntitle: t\ninitiative: core\n---\n");
    let r = go(plan.path(), &["check", "--format", "github"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert_no_raw_controls("cairn check --format github", &r.stdout);
    assert!(r.stdout.contains("PWNED"), "{}", r.stdout);
}

/// A line break in a file name cannot start a second workflow command (passes today:
/// properties and messages escape CR, LF, `%`, and `:` and `,` in properties).
#[test]
fn github_workflow_commands_cannot_be_injected_through_a_file_name() {
    let plan = TempPlan::with_initiative();
    plan.write("backlog/S-7\n::warning file=x::INJECTED,a:b%.md", "---\ntitle: t\n---\n");
    let r = go(plan.path(), &["check", "--format", "github"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    for line in r.stdout.lines() {
        assert!(
            line.starts_with("::error ") || line.starts_with("::warning ") || line.starts_with("::notice "),
            "{line:?}"
        );
        let props = line.split("::").nth(1).unwrap();
        assert!(!props.contains("INJECTED,a:b"), "unescaped property: {line}");
    }
    assert!(r.stdout.contains("INJECTED"), "{}", r.stdout);
}

/// A configuration error that echoes a value of `cairn.yml` (an unknown rule's name).
#[test]
fn config_errors_escape_echoed_values() {
    let plan = TempPlan::with_initiative();
    plan.write("cairn.yml", format!("rules: {{\"{PAYLOAD}\": error}}\n"));
    let r = go(plan.path(), &["check", "--color", "never"]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert_terminal_safe("cairn.yml error (value)", &r.stderr, &PAYLOAD_CHARS, &MARKERS);
}

/// A `cairn.yml` with a raw ESC (a YAML error): the snippet of the bad line is escaped.
#[test]
fn config_errors_escape_source_lines() {
    let plan = TempPlan::with_initiative();
    plan.write("cairn.yml", "stale_after_days: 14\nbad\x1b]0;PWNED\x07\x1b[2J: 1\n");
    let r = go(plan.path(), &["roadmap", "--color", "never"]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert_terminal_safe("cairn.yml error (snippet)", &r.stderr, &['\u{1b}', '\u{7}'], &["PWNED"]);
}

/// `new` refuses control characters in free-text fields as it does in titles (exit 2,
/// nothing written).
fn assert_new_refuses(flag: &str, kind: &str) {
    for bad in ["o\x1b[2Jx", "o\x07x", "o\u{9b}1mx"] {
        let plan = TempPlan::with_initiative();
        let mut args = vec!["new", kind, "Fine title"];
        if kind == "story" {
            args.extend(["--initiative", "core"]);
        }
        args.extend([flag, bad]);
        let r = go(plan.path(), &args);
        assert_eq!(r.code, 2, "cairn new {kind} {flag} {bad:?} must be refused:\n{}{}", r.stdout, r.stderr);
        assert_no_raw_controls("cairn new (refusal)", &r.stderr);
        let written = walkdir::WalkDir::new(plan.path())
            .into_iter()
            .filter(|e| e.as_ref().unwrap().file_type().is_file())
            .count();
        assert_eq!(written, 1, "nothing is written (only roadmap/core.md exists)");
    }
}

#[test]
fn new_refuses_control_characters_in_owner() {
    assert_new_refuses("--owner", "initiative");
}

#[test]
fn new_refuses_control_characters_in_assignee() {
    assert_new_refuses("--assignee", "story");
}

#[test]
fn new_refuses_control_characters_in_sprint() {
    assert_new_refuses("--sprint", "story");
}

/// An id becomes a file name: a bidi override in `--id` would make a file whose name reads
/// backwards in every listing (`check` then rejects it anyway).
#[test]
fn new_refuses_a_bidi_override_in_the_id() {
    let plan = TempPlan::with_initiative();
    let r = go(plan.path(), &["new", "story", "Fine", "--initiative", "core", "--id", "S-\u{202e}9"]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(!plan.path().join("backlog").read_dir().unwrap().any(|_| true), "nothing written");
}

/// Error messages that echo an argument (an unknown id, a refused label) escape it too:
/// scripts pass ids from branch names and commit messages.
#[test]
fn errors_escape_echoed_arguments() {
    let plan = TempPlan::with_initiative();
    let r = go(plan.path(), &["show", "S-1\x1b]0;PWNED\x07"]);
    assert_eq!(r.code, 2);
    assert_terminal_safe("cairn show (unknown id)", &r.stderr, &['\u{1b}', '\u{7}'], &["PWNED"]);
    let r = go(plan.path(), &["new", "story", "x", "--initiative", "core", "--label", "l\x1b]0;PWNED\x07"]);
    assert_eq!(r.code, 2);
    assert_terminal_safe("cairn new (bad label)", &r.stderr, &['\u{1b}', '\u{7}'], &["PWNED"]);
}

// ---------------------------------------------------------------------------------------
// 2. Markdown, HTML, CSV, mermaid, XML injection
// ---------------------------------------------------------------------------------------

/// Markup in every text field of an initiative and a story.
const MARKUP: &str = r#"<img src=x onerror=alert(1)> @octocat x`TICK`y | pipe [x](javascript:alert(1)) <b>MARK</b>"#;

fn markup_plan() -> TempPlan {
    let plan = TempPlan::new();
    plan.write(
        "roadmap/core.md",
        format!("---\ntitle: \"{MARKUP}\"\nstatus: active\npriority: 1\nowner: \"@octocat\"\noutcome: \"{MARKUP}\"\ntarget: 2027-Q1\n---\n"),
    );
    plan.write("roadmap/later.md", format!("---\ntitle: \"{MARKUP} LATER\"\nowner: \"@octocat\"\n---\n"));
    plan.write(
        "backlog/S-1.md",
        format!("---\nid: S-1\ntitle: \"{MARKUP}\"\ninitiative: core\nassignee: \"@octocat\"\nsprint: \"{MARKUP}\"\nlabels: [\"@octocat\"]\n---\n"),
    );
    plan
}

#[test]
fn roadmap_markdown_is_inert() {
    let plan = markup_plan();
    let out = ok(plan.path(), &["roadmap", "--format", "markdown"]);
    assert!(out.contains("MARK"), "{out}");
    assert_markdown_inert("cairn roadmap --format markdown", &out);
}

#[test]
fn backlog_markdown_is_inert() {
    let plan = markup_plan();
    let out = ok(plan.path(), &["backlog", "--format", "markdown"]);
    assert!(out.contains("MARK"), "{out}");
    assert_markdown_inert("cairn backlog --format markdown", &out);
}

/// The job summary table appended to `$GITHUB_STEP_SUMMARY`: a backtick in a value echoed
/// inside a code span must not close it; pipes, HTML and mentions stay text.
#[test]
fn github_job_summary_is_inert() {
    let plan = TempPlan::with_initiative();
    plan.write("backlog/S-1.md", format!("---\ntitle: t\ninitiative: \"{MARKUP}\"\n---\n"));
    let summary = plan.path().join("summary.md");
    let r = run_within(
        cairn(plan.path()).args(["check", "--format", "github"]).env("GITHUB_STEP_SUMMARY", &summary),
        QUICK,
        "check --format github",
    );
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let md = std::fs::read_to_string(&summary).expect("the job summary is written");
    assert!(md.contains("MARK"), "{md}");
    assert_markdown_inert("job summary", &md);
}

/// A plan whose cells start with every formula character.
fn formula_plan() -> TempPlan {
    let plan = TempPlan::new();
    plan.write(
        "roadmap/core.md",
        "---\ntitle: \"=HYPERLINK(\\\"http://evil.example\\\",\\\"x\\\")\"\nstatus: active\nowner: \"+owner\"\noutcome: \"-outcome\"\nlabels: [\"@label\"]\n---\n",
    );
    plan.write("roadmap/two.md", "---\ntitle: \"@SUM(1+1)\"\nowner: \"=cmd|' /C calc'!A0\"\n---\n");
    plan.write(
        "backlog/S-1.md",
        "---\nid: S-1\ntitle: \"+1+1\"\ninitiative: core\nassignee: \"-2+3\"\nsprint: \"=1\"\nlabels: [\"@x\", \"-y\"]\n---\n",
    );
    plan.write("backlog/S-2.md", "---\nid: S-2\ntitle: \"\\tTAB=1\"\ninitiative: core\n---\n");
    plan
}

#[test]
fn roadmap_csv_neutralises_formulas() {
    let plan = formula_plan();
    let out = ok(plan.path(), &["roadmap", "--format", "csv"]);
    assert!(out.contains("HYPERLINK"), "{out}");
    assert_csv_neutral("cairn roadmap --format csv", &out);
}

#[test]
fn backlog_csv_neutralises_formulas() {
    let plan = formula_plan();
    let out = ok(plan.path(), &["backlog", "--format", "csv"]);
    assert!(out.contains("TAB=1"), "{out}");
    assert_csv_neutral("cairn backlog --format csv", &out);
}

fn mermaid_of(title: &str) -> String {
    let plan = TempPlan::new();
    plan.write(
        "roadmap/a.md",
        format!("---\ntitle: \"{title}\"\nstatus: planned\nstart: 2026-10\ntarget: 2027-Q1\n---\n"),
    );
    ok(plan.path(), &["roadmap", "--format", "mermaid"])
}

#[test]
fn mermaid_labels_cannot_open_an_init_directive() {
    let out = mermaid_of(r#"%%{init: {\"theme\": \"dark\"}}%% DIRECTIVE"#);
    assert!(out.contains("DIRECTIVE"), "{out}");
    assert_mermaid_inert("mermaid (%%{init}%%)", &out);
}

#[test]
fn mermaid_labels_cannot_open_a_comment() {
    let out = mermaid_of("%% COMMENT");
    assert!(out.contains("COMMENT"), "{out}");
    assert_mermaid_inert("mermaid (%% comment)", &out);
}

#[test]
fn mermaid_labels_cannot_start_a_click_statement() {
    let out = mermaid_of("click a call alert(1)");
    assert_mermaid_inert("mermaid (click)", &out);
}

#[test]
fn mermaid_labels_keep_colons_semicolons_and_hashes_as_text() {
    let out = mermaid_of("a: b; c # d KEEP");
    assert!(out.contains("KEEP"), "{out}");
    assert_mermaid_inert("mermaid (: ; #)", &out);
}

#[test]
fn mermaid_labels_keep_line_breaks_and_controls_as_text() {
    let out = mermaid_of(r#"one\nsection Hacked\nclick x call alert(1) \e[2J"#);
    assert_mermaid_inert("mermaid (line break)", &out);
}

/// Ids go into the task data (`:id, start, end`): a `,`, `;`, `#`, `:` or `%%` in an id
/// must not split or end it (passes today: ids are reduced to `[A-Za-z0-9_-]`).
#[test]
fn mermaid_task_ids_cannot_break_the_task_data() {
    let plan = TempPlan::new();
    plan.write("roadmap/x.md", "---\nid: \"a,b;c#d:e%%f\"\ntitle: T\ntarget: 2027-Q1\n---\n");
    plan.write("roadmap/y.md", "---\nid: click\ntitle: T2\ntarget: 2027-Q1\n---\n");
    let out = ok(plan.path(), &["roadmap", "--format", "mermaid"]);
    assert_mermaid_inert("mermaid (ids)", &out);
    for line in out.lines().filter(|l| l.contains(" :")) {
        let data = line.rsplit_once(" :").unwrap().1;
        assert_eq!(data.matches(',').count(), 2, "{line}");
    }
}

/// The Markdown list of unscheduled initiatives after the chart.
#[test]
fn mermaid_unscheduled_list_is_inert_markdown() {
    let plan = markup_plan();
    let out = ok(plan.path(), &["roadmap", "--format", "mermaid"]);
    assert!(out.contains("LATER"), "the unscheduled initiative is listed: {out}");
    assert_markdown_inert("cairn roadmap --format mermaid (unscheduled list)", &out);
}

/// JUnit XML with noncharacters (`U+FFFE`, `U+FFFF`), C0 controls and `]]>` in echoed
/// values and file names is still well-formed.
#[test]
fn junit_is_well_formed_xml() {
    let plan = TempPlan::with_initiative();
    plan.write("backlog/S-1.md", "---\ntitle: t\ninitiative: \"nope \\uFFFE \\uFFFF \\x01 \\e ]]> <x/> &amp;\"\n---\n");
    plan.write("roadmap/two.md", "---\ntitle: t\nstatus: \"act\\x01ive\\uFFFE\"\n---\n");
    plan.write("backlog/S-2\u{fffe}\x01.md", "---\ntitle: t\ninitiative: core\n---\n");
    let r = go(plan.path(), &["check", "--format", "junit"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert_xml_well_formed("cairn check --format junit", &r.stdout);
}

/// SARIF `artifactLocation.uri` is a URI: `a b#c%.md` is `a%20b%23c%25.md`.
#[test]
fn sarif_uris_are_percent_encoded() {
    let plan = TempPlan::with_initiative();
    plan.write("backlog/a b#c%.md", "---\nid: S-1\ntitle: t\ninitiative: nope\n---\n");
    let r = go(plan.path(), &["check", "--format", "sarif"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let json = r.json();
    let uris: Vec<String> = json["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|res| res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap().to_string())
        .collect();
    assert!(!uris.is_empty(), "{json:#}");
    for uri in &uris {
        assert_eq!(uri, "backlog/a%20b%23c%25.md", "{json:#}");
    }
}

/// `export html`: plan text is text, in every place the page shows it (board, timeline,
/// SVG titles, outcomes, owners).
#[test]
fn export_html_is_inert() {
    let plan = markup_plan();
    plan.write(
        "roadmap/svg.md",
        "---\ntitle: \"</text><script>alert(1)</script><svg onload=alert(1)> \\e[2J SVG\"\nstatus: planned\nstart: 2026-10\ntarget: 2027-Q1\nowner: \"<iframe src=javascript:alert(1)>\"\n---\n",
    );
    let out = ok(plan.path(), &["export", "html"]);
    assert_html_inert("cairn export html", &out, &["<img src=x onerror=alert(1)>", "</text><script>alert(1)</script>"]);
    crate::export::assert_self_contained(&out);
}

/// Control characters are not allowed in HTML text (a parse error; browsers drop or box
/// them): the page shows them escaped, like every output meant for people.
#[test]
fn export_html_has_no_raw_control_characters() {
    let plan = hostile_plan();
    let out = ok(plan.path(), &["export", "html"]);
    assert_no_raw_controls("cairn export html", &out);
    assert!(out.contains("PWNED") && out.contains("EVIL"), "the text is kept");
}

// ---------------------------------------------------------------------------------------
// 3. Crashes
// ---------------------------------------------------------------------------------------

/// A front matter line longer than 65,535 characters with an error after its end: the
/// human diagnostic must render (miette's column formatting panicked past `u16::MAX`).
#[test]
fn check_human_renders_a_diagnostic_past_column_65535() {
    let plan = TempPlan::with_initiative();
    let labels = vec!["aaaa"; 14_000].join(", ");
    plan.write("backlog/S-1.md", format!("---\ntitle: long\ninitiative: core\nlabels: [{labels}]]\n---\n"));
    let r = go(plan.path(), &["check", "--color", "never"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.contains("backlog/S-1.md"), "the diagnostic names the file: {}", r.stdout);
    assert_bounded("check output", r.stdout.len() + r.stderr.len(), 84_000, 4, 4096);
}

/// A dangling `initiative:` at the end of a very long flow list line.
#[test]
fn check_human_renders_a_dangling_link_past_column_65535() {
    let plan = TempPlan::with_initiative();
    let labels = vec!["aaaa"; 14_000].join(", ");
    plan.write("backlog/S-1.md", format!("---\n{{title: long, labels: [{labels}], initiative: nope}}\n---\n"));
    let r = go(plan.path(), &["check", "--color", "never"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.contains("backlog/S-1.md"), "{}", r.stdout);
}

/// The same in `cairn.yml`: every command reads it, so every command crashed.
#[test]
fn config_error_past_column_65535_is_a_diagnostic() {
    let plan = TempPlan::with_initiative();
    let rules: Vec<String> = (0..9000).map(|i| format!("r{i}: off")).collect();
    plan.write("cairn.yml", format!("rules: {{{}}}}}\n", rules.join(", ")));
    for cmd in [&["check"][..], &["roadmap"], &["backlog"]] {
        let r = go(plan.path(), cmd);
        assert_eq!(r.code, 2, "cairn {cmd:?}: {}", r.stderr);
        assert!(r.stderr.contains("cairn.yml"), "{}", r.stderr);
    }
}

// ---------------------------------------------------------------------------------------
// 4. Hangs and blow-ups
// ---------------------------------------------------------------------------------------

/// 100,000 nested flow brackets (200 KB, under the 256 KiB front matter limit) are rejected
/// by the nesting limit in linear time (the parser was quadratic: minutes in a debug build).
#[test]
fn deep_flow_nesting_is_rejected_in_linear_time() {
    let plan = TempPlan::with_initiative();
    let doc = format!("---\ntitle: deep\ninitiative: core\nx: {}{}\n---\n", "[".repeat(100_000), "]".repeat(100_000));
    plan.write("backlog/S-1.md", doc);
    let r = run_within(cairn(plan.path()).args(["check", "--format", "json"]), FAST, "check on 100k brackets");
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.contains("parse/front-matter"), "{}", r.stdout);
}

/// Unclosed: 100,000 `[` and 50,000 `{a: ` openers.
#[test]
fn deep_unclosed_flow_nesting_is_rejected_in_linear_time() {
    for opener in ["[", "{a: "] {
        let plan = TempPlan::with_initiative();
        let n = 200_000 / opener.len();
        plan.write("backlog/S-1.md", format!("---\ntitle: deep\ninitiative: core\nx: {}\n---\n", opener.repeat(n)));
        let r = run_within(cairn(plan.path()).args(["check", "--format", "json"]), FAST, &format!("{n} × {opener:?}"));
        assert_eq!(r.code, 1, "{}", r.stderr);
    }
}

/// 10,000 nested block quotes followed by lazy continuation lines (~210 KB): each output
/// line repeated the whole quote prefix (360 MB for 930 KB). Output stays within 10× the
/// input, fast.
#[test]
fn show_deep_block_quotes_stays_bounded() {
    let plan = TempPlan::with_initiative();
    let mut doc = String::from("---\ntitle: quotes\ninitiative: core\n---\n");
    doc.push_str(&"> ".repeat(10_000));
    doc.push_str("deep\n");
    doc.push_str(
        &"word word word word word word word word word word word word word word word word word word word word\n"
            .repeat(1_900),
    );
    plan.write("backlog/S-1.md", &doc);
    let r = run_within(cairn(plan.path()).args(["show", "S-1"]), FAST, "show on deep quotes");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_bounded("cairn show (deep quotes)", r.stdout.len(), doc.len(), 10, 4096);
}

/// 20,000 nested list items (`- - - … x`, 40 KB) and block quotes holding lists: each level
/// indents every line below it, so the output grew with the square of the depth (800 MB).
#[test]
fn show_deep_nested_lists_stay_bounded() {
    for (shape, depth) in [("- ", 20_000), ("> - ", 20_000)] {
        let plan = TempPlan::with_initiative();
        let doc = format!("---\ntitle: lists\ninitiative: core\n---\n{}x\n", shape.repeat(depth));
        plan.write("backlog/S-1.md", &doc);
        let r = run_within(cairn(plan.path()).args(["show", "S-1"]), FAST, &format!("show on {depth} × {shape:?}"));
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert_bounded(&format!("cairn show ({depth} × {shape:?})"), r.stdout.len(), doc.len(), 10, 4096);
    }
}

/// `cairn.yml` has no nesting limit of its own: 100,000 brackets hung every command.
#[test]
fn config_deep_nesting_is_rejected_in_linear_time() {
    let plan = TempPlan::with_initiative();
    plan.write("cairn.yml", format!("rules: {}{}\n", "[".repeat(100_000), "]".repeat(100_000)));
    let r = run_within(cairn(plan.path()).arg("check"), FAST, "check with a deeply nested cairn.yml");
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("cairn.yml"), "{}", r.stderr);
}

// ---------------------------------------------------------------------------------------
// 5. Writes
// ---------------------------------------------------------------------------------------

fn export_to(plan: &TempPlan, target: &Path) -> crate::common::Run {
    run_within(
        cairn(plan.path()).args(["export", "html", "--output"]).arg(target),
        QUICK,
        &format!("export html --output {}", target.display()),
    )
}

/// A FIFO named like an item in the backlog is reported as not a regular file, never
/// opened for a blocking read (`check` would wait for a writer forever).
#[test]
fn a_fifo_named_like_an_item_is_reported_not_read() {
    let plan = TempPlan::with_initiative();
    let fifo = plan.path().join("backlog").join("S-9.md");
    std::fs::create_dir_all(fifo.parent().unwrap()).unwrap();
    let status = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(status.success());
    let r = run_within(cairn(plan.path()).args(["check", "--format", "json"]), QUICK, "check with a FIFO");
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("backlog/S-9.md") && r.stdout.contains("not a regular file"), "{}", r.stdout);
}

#[test]
fn export_output_refuses_a_fifo() {
    let plan = TempPlan::with_initiative();
    let fifo = plan.path().join("out.fifo");
    let status = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(status.success());
    let r = export_to(&plan, &fifo);
    assert_eq!(r.code, 2, "a FIFO is not a regular file: {}{}", r.stdout, r.stderr);
    assert!(std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo(), "the FIFO was replaced");
}

#[test]
fn export_output_refuses_a_symlink() {
    let plan = TempPlan::with_initiative();
    let real = plan.path().join("real.html");
    std::fs::write(&real, "keep").unwrap();
    let link = plan.path().join("out.html");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let r = export_to(&plan, &link);
    assert_eq!(r.code, 2, "a symlink is not a regular file: {}{}", r.stdout, r.stderr);
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the symlink was replaced");
    assert_eq!(std::fs::read_to_string(&real).unwrap(), "keep");
}

#[test]
fn export_output_refuses_a_directory() {
    let plan = TempPlan::with_initiative();
    let dir = plan.path().join("out");
    std::fs::create_dir(&dir).unwrap();
    let r = export_to(&plan, &dir);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(dir.is_dir());
}

/// A character device like `/dev/null` (made in the temp folder: running the old build
/// against the real `/dev/null` as root replaced it with a regular file).
#[test]
fn export_output_refuses_a_device_node() {
    let plan = TempPlan::with_initiative();
    let node = plan.path().join("null");
    let made = std::process::Command::new("mknod").arg(&node).args(["c", "1", "3"]).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: cannot create a device node here (needs root)");
        return;
    }
    let r = export_to(&plan, &node);
    assert_eq!(r.code, 2, "a device is not a regular file: {}{}", r.stdout, r.stderr);
    assert!(std::fs::symlink_metadata(&node).unwrap().file_type().is_char_device(), "the device node was replaced");
}

#[test]
fn export_output_keeps_the_permissions_of_the_file_it_replaces() {
    let plan = TempPlan::with_initiative();
    let out = plan.path().join("roadmap.html");
    std::fs::write(&out, "old").unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o600)).unwrap();
    let r = export_to(&plan, &out);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(std::fs::read_to_string(&out).unwrap().contains("<html"), "replaced");
    let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "mode {mode:o}");
}

/// A plan whose `backlog/` (or `roadmap/`) is a symlink to a folder outside the plan root.
fn plan_with_linked(folder: &str) -> (TempPlan, tempfile::TempDir) {
    let plan = TempPlan::new();
    std::fs::remove_dir(plan.path().join(folder)).unwrap();
    let outside = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(outside.path(), plan.path().join(folder)).unwrap();
    if folder != "roadmap" {
        plan.write("roadmap/core.md", "---\ntitle: Core\n---\n");
    }
    (plan, outside)
}

fn entries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect()
}

#[test]
fn new_story_refuses_to_write_through_a_symlinked_backlog() {
    let (plan, outside) = plan_with_linked("backlog");
    let r = go(plan.path(), &["new", "story", "Escape", "--initiative", "core"]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(entries(outside.path()).is_empty(), "written outside the plan: {:?}", entries(outside.path()));
}

#[test]
fn new_initiative_refuses_to_write_through_a_symlinked_roadmap() {
    let (plan, outside) = plan_with_linked("roadmap");
    let r = go(plan.path(), &["new", "initiative", "Escape"]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(entries(outside.path()).is_empty(), "written outside the plan: {:?}", entries(outside.path()));
}

#[test]
fn init_refuses_to_write_through_a_symlinked_backlog() {
    let (plan, outside) = plan_with_linked("backlog");
    std::fs::remove_dir_all(plan.path().join("roadmap")).unwrap();
    let r = go(plan.path(), &["init"]);
    assert!(entries(outside.path()).is_empty(), "written outside the plan: {:?}", entries(outside.path()));
    assert_ne!(r.code, 0, "a symlinked folder is reported, not left as if fine: {}{}", r.stdout, r.stderr);
    assert!(
        r.stderr.to_lowercase().contains("symbolic link") || r.stderr.to_lowercase().contains("symlink"),
        "{}",
        r.stderr
    );
}

/// SPEC §1: a plan folder that is a symlink is reported, not followed.
#[test]
fn reading_reports_a_symlinked_backlog_and_does_not_follow_it() {
    let (plan, outside) = plan_with_linked("backlog");
    std::fs::write(outside.path().join("S-1.md"), "---\ntitle: OUTSIDE\ninitiative: core\n---\n").unwrap();
    let r = go(plan.path(), &["check", "--color", "never"]);
    assert_ne!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let all = format!("{}{}", r.stdout, r.stderr).to_lowercase();
    assert!(all.contains("symbolic link") || all.contains("symlink"), "{all}");
    let r = go(plan.path(), &["backlog", "--format", "json"]);
    assert!(!r.stdout.contains("OUTSIDE"), "the link was followed: {}", r.stdout);
}

/// `new initiative README` would write `roadmap/readme.md`, which cairn ignores (SPEC §1):
/// `new` must refuse or pick another file name, so the printed item is found.
#[test]
fn new_never_creates_an_ignored_readme() {
    let plan = TempPlan::new();
    let r = go(plan.path(), &["new", "initiative", "README"]);
    if r.code == 0 {
        let json = go(plan.path(), &["roadmap", "--format", "json"]).json();
        assert_eq!(json.as_array().unwrap().len(), 1, "the new file is an item: {}\n{json:#}", r.stdout);
        let id = json[0]["id"].as_str().unwrap().to_string();
        assert_eq!(go(plan.path(), &["show", &id]).code, 0);
    } else {
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(plan.path().join("roadmap").read_dir().unwrap().next().is_none(), "refused but wrote");
    }
}

/// `id_prefix: {story: "_"}` makes `_1-x.md`, which cairn ignores (leading `_`).
#[test]
fn new_never_creates_a_file_ignored_for_its_leading_underscore() {
    let plan = TempPlan::with_initiative();
    plan.write("cairn.yml", "id_prefix: {story: \"_\"}\n");
    let r = go(plan.path(), &["new", "story", "X", "--initiative", "core"]);
    if r.code == 0 {
        let json = go(plan.path(), &["backlog", "--format", "json"]).json();
        assert_eq!(json.as_array().unwrap().len(), 1, "the new file is an item: {}\n{json:#}", r.stdout);
        let id = json[0]["id"].as_str().unwrap().to_string();
        assert_eq!(go(plan.path(), &["show", &id]).code, 0);
    } else {
        assert_eq!(r.code, 2, "refused with a diagnostic: {}", r.stderr);
        assert!(plan.path().join("backlog").read_dir().unwrap().next().is_none(), "refused but wrote");
    }
}

// ---------------------------------------------------------------------------------------
// 6. Ids
// ---------------------------------------------------------------------------------------

/// Two `cairn new story` started at the same moment: 20 rounds, 40 distinct ids and files.
#[test]
fn concurrent_new_never_mints_the_same_id() {
    let plan = TempPlan::with_initiative();
    let bin = assert_cmd::cargo::cargo_bin!("cairn");
    for round in 0..20 {
        let children: Vec<std::process::Child> = ["a", "b"]
            .iter()
            .map(|who| {
                std::process::Command::new(bin)
                    .current_dir(plan.path())
                    .env("CAIRN_TODAY", crate::common::TODAY)
                    .env("NO_COLOR", "1")
                    .args(["new", "story", &format!("{who} {round}"), "--initiative", "core"])
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .expect("spawn cairn")
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            assert!(out.status.success(), "round {round}: {}", String::from_utf8_lossy(&out.stderr));
        }
    }
    let json = go(plan.path(), &["backlog", "--all", "--format", "json"]).json();
    let mut ids: Vec<String> = json.as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap().to_string()).collect();
    assert_eq!(ids.len(), 40, "40 files");
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 40, "duplicate ids minted: {json:#}");
}

/// An id whose number does not fit 64 bits, in the working tree: the next id must be above
/// it (or `new` refuses with a message naming it); never a silent `S-1` below it.
#[test]
fn an_id_beyond_64_bits_is_not_ignored_when_minting() {
    let plan = TempPlan::with_initiative();
    plan.write("backlog/S-99999999999999999999999.md", "---\ntitle: big\ninitiative: core\n---\n");
    let r = go(plan.path(), &["new", "story", "Next", "--initiative", "core"]);
    assert_minted_above_or_refused(&r, "S-99999999999999999999999");
}

/// Either exit 2 with a message naming `big`, or a fresh id whose number (compared as a
/// decimal of any length) is above `big`'s.
pub fn assert_minted_above_or_refused(r: &crate::common::Run, big: &str) {
    match r.code {
        2 => assert!(r.stderr.contains(big), "the refusal names {big}: {}", r.stderr),
        0 => {
            let path = r.stdout.lines().last().unwrap();
            let name = path.rsplit('/').next().unwrap();
            let digits: String = name.trim_start_matches("S-").chars().take_while(char::is_ascii_digit).collect();
            let max = &big[2..];
            assert!(
                digits.len() > max.len() || (digits.len() == max.len() && digits.as_str() > max),
                "minted {name}, not above {big}"
            );
        }
        code => panic!("exit {code}: {}{}", r.stdout, r.stderr),
    }
}

// ---------------------------------------------------------------------------------------
// 8. Unclear messages
// ---------------------------------------------------------------------------------------

fn orphan_plan() -> TempPlan {
    let plan = TempPlan::with_initiative();
    plan.write("backlog/S-1.md", "---\ntitle: orphan\n---\n");
    plan
}

#[test]
fn an_unusable_step_summary_that_is_a_directory_names_the_variable() {
    let plan = orphan_plan();
    let dir = plan.path().join("summary");
    std::fs::create_dir(&dir).unwrap();
    let r = run_within(
        cairn(plan.path()).args(["check", "--format", "github"]).env("GITHUB_STEP_SUMMARY", &dir),
        QUICK,
        "summary dir",
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("GITHUB_STEP_SUMMARY"), "{}", r.stderr);
}

#[test]
fn an_unusable_step_summary_in_a_missing_folder_names_the_variable() {
    let plan = orphan_plan();
    let r = run_within(
        cairn(plan.path())
            .args(["check", "--format", "github"])
            .env("GITHUB_STEP_SUMMARY", plan.path().join("no/such/summary.md")),
        QUICK,
        "summary in missing folder",
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("GITHUB_STEP_SUMMARY"), "{}", r.stderr);
}

#[test]
fn a_dangling_cairn_yml_symlink_is_an_error() {
    let plan = orphan_plan();
    std::os::unix::fs::symlink("nowhere.yml", plan.path().join("cairn.yml")).unwrap();
    let r = go(plan.path(), &["check"]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("cairn.yml"), "{}", r.stderr);
}

/// docs/format.md: tags are refused with a `parse/front-matter` error.
#[test]
fn a_binary_tag_in_front_matter_is_refused() {
    let plan = TempPlan::with_initiative();
    plan.write("backlog/S-1.md", "---\ntitle: !!binary aGVsbG8=\ninitiative: core\n---\n");
    let r = go(plan.path(), &["check", "--format", "json"]);
    let json = r.json();
    let found = json["diagnostics"].as_array().unwrap().iter().any(|d| {
        d["file"] == "backlog/S-1.md"
            && d["rule"] == "parse/front-matter"
            && d["message"].as_str().unwrap().contains("tag")
    });
    assert!(found, "{json:#}");
}

/// `<<:` merge keys: either applied, or refused with a diagnostic that says merge keys are
/// not supported; never silently dropped.
#[test]
fn a_merge_key_is_applied_or_explained() {
    let plan = TempPlan::with_initiative();
    plan.write("backlog/S-1.md", "---\nbase: &b {initiative: core}\n<<: *b\ntitle: merged\n---\n");
    let json = go(plan.path(), &["check", "--format", "json"]).json();
    let about: Vec<&serde_json::Value> =
        json["diagnostics"].as_array().unwrap().iter().filter(|d| d["file"] == "backlog/S-1.md").collect();
    let applied = about.is_empty();
    let explained = about.iter().any(|d| d["message"].as_str().unwrap().to_lowercase().contains("merge"));
    assert!(applied || explained, "the merge key was silently dropped: {about:#?}");
}

#[test]
fn a_negative_stale_after_days_says_it_must_be_zero_or_more() {
    let plan = TempPlan::with_initiative();
    plan.write("cairn.yml", "stale_after_days: -1\n");
    let r = go(plan.path(), &["check"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("0 or more") || r.stderr.contains("negative"), "{}", r.stderr);
    assert!(!r.stderr.contains("not an integer"), "{}", r.stderr);
}

#[test]
fn an_oversized_priority_names_the_field_without_parser_internals() {
    let plan = TempPlan::new();
    plan.write("roadmap/core.md", "---\ntitle: Core\npriority: 99999999999999999999999\n---\n");
    let json = go(plan.path(), &["check", "--format", "json"]).json();
    let messages: Vec<&str> =
        json["diagnostics"].as_array().unwrap().iter().map(|d| d["message"].as_str().unwrap()).collect();
    assert!(messages.iter().any(|m| m.contains("priority") && m.contains("too large")), "{messages:#?}");
    assert!(!messages.iter().any(|m| m.contains("invalid type") || m.contains("u128")), "{messages:#?}");
}

#[test]
fn an_oversized_number_in_cairn_yml_names_the_key_without_parser_internals() {
    let plan = TempPlan::with_initiative();
    plan.write("cairn.yml", "stale_after_days: 99999999999999999999999\n");
    let r = go(plan.path(), &["check"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("stale_after_days") && r.stderr.contains("too large"), "{}", r.stderr);
    assert!(!r.stderr.contains("invalid type") && !r.stderr.contains("u128"), "{}", r.stderr);
}

/// `TERM=dumb` on a terminal (a pty from `script`) gets no colours under `--color auto`.
#[test]
fn term_dumb_gets_no_colours_on_a_terminal() {
    if std::process::Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: `script` (util-linux) is not installed");
        return;
    }
    let plan = orphan_plan();
    let bin = assert_cmd::cargo::cargo_bin!("cairn");
    let out = std::process::Command::new("script")
        .current_dir(plan.path())
        .env_remove("NO_COLOR")
        .env("TERM", "dumb")
        .env("CAIRN_TODAY", crate::common::TODAY)
        .args(["-qec", &format!("'{}' check --color auto", bin.display()), "/dev/null"])
        .output()
        .expect("script");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("link/orphan"), "ran on the pty: {text}");
    assert!(!text.contains('\u{1b}'), "colours for TERM=dumb: {text:?}");
}

#[test]
fn init_creates_the_folders_named_in_an_existing_cairn_yml() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("cairn.yml"), "roadmap_dir: plans/roadmap\nbacklog_dir: plans/backlog\n").unwrap();
    let r = go(dir.path(), &["init"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(dir.path().join("plans/roadmap").is_dir() && dir.path().join("plans/backlog").is_dir(), "{}", r.stdout);
    assert!(!dir.path().join("roadmap").exists() && !dir.path().join("backlog").exists(), "{}", r.stdout);
    assert_eq!(go(dir.path(), &["check"]).code, 0);
}

#[test]
fn init_fails_when_cairn_yml_is_a_directory() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("cairn.yml")).unwrap();
    let r = go(dir.path(), &["init"]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(!r.stdout.contains("left unchanged"), "{}", r.stdout);
    assert!(r.stderr.contains("cairn.yml"), "{}", r.stderr);
}

// ---------------------------------------------------------------------------------------
// Also found: output to a closed pipe (SPEC §6).
// ---------------------------------------------------------------------------------------

/// `cairn backlog | head -1` ends quietly with exit 0, as git does.
#[test]
fn a_closed_pipe_ends_quietly() {
    let plan = TempPlan::with_initiative();
    for i in 1..=3000 {
        plan.write(&format!("backlog/S-{i}.md"), format!("---\ntitle: Story {i}\ninitiative: core\n---\n"));
    }
    let bin = assert_cmd::cargo::cargo_bin!("cairn");
    let mut child = std::process::Command::new(bin)
        .current_dir(plan.path())
        .env("NO_COLOR", "1")
        .arg("backlog")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
    drop(stdout);
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        assert!(started.elapsed() < Duration::from_secs(60), "hangs on a closed pipe");
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
}
