//! Per-medium assertions for issue 11 ("plan text is data", SPEC §7): each function checks
//! one output medium for the ways hostile plan text can escape from being data, collects
//! every violation, and fails with all of them listed (so one run tells the whole story).
//!
//! - terminal text ([`assert_no_raw_controls`], [`assert_escaped_visibly`]): no raw control
//!   character, C1 control or bidi override reaches the reader; the text is escaped, not
//!   dropped;
//! - Markdown ([`assert_markdown_inert`]): no raw HTML but cairn's own `<details>` and
//!   `<summary>`, no link or image, no heading or code span made by plan text, no live
//!   `@`-mention, no table row broken by a `|` or a line break;
//! - CSV ([`assert_csv_neutral`]): no cell starts with `=`, `+`, `-`, `@`, tab or CR;
//! - mermaid ([`assert_mermaid_inert`]): no label opens a directive, a comment, a `click`
//!   or another statement;
//! - XML ([`assert_xml_well_formed`]): parses with a conforming parser (roxmltree);
//! - HTML ([`assert_html_inert`]): no element, attribute or URL made by plan text;
//! - size ([`assert_bounded`]).

#![allow(dead_code)]

use std::time::Duration;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use scraper::{Html, Selector};

/// A guard against hangs, not a measure of speed: a run that never ends fails the test
/// after this long instead of hanging CI. Speed is measured by `scripts/hostile-times.sh`,
/// never by a timed test.
pub const QUICK: Duration = Duration::from_secs(60);

/// The same guard for the former hang cases (quadratic YAML, deep nesting, the calendar's
/// end): each finishes in well under a second in a release build.
pub const FAST: Duration = Duration::from_secs(60);

/// Characters that must never reach a reader raw: C0 controls but tab and line feed, DEL,
/// C1 controls, and the bidi embeddings, overrides and isolates.
pub fn is_dangerous(c: char) -> bool {
    let n = c as u32;
    (n < 0x20 && c != '\n' && c != '\t')
        || (0x7f..=0x9f).contains(&n)
        || (0x202a..=0x202e).contains(&n)
        || (0x2066..=0x2069).contains(&n)
}

/// Describes the first few dangerous characters of `text` with their context.
fn dangerous_chars(text: &str) -> Vec<String> {
    text.char_indices()
        .filter(|(_, c)| is_dangerous(*c))
        .take(5)
        .map(|(i, c)| {
            let start = text[..i].char_indices().rev().nth(20).map_or(0, |(j, _)| j);
            let end = text[i..].char_indices().nth(20).map_or(text.len(), |(j, _)| i + j);
            format!("U+{:04X} at byte {i} in {:?}", c as u32, &text[start..end])
        })
        .collect()
}

/// `text` (output meant for people: a terminal, a CI log, Markdown, HTML) holds no raw
/// control character, C1 control or bidi override.
pub fn assert_no_raw_controls(what: &str, text: &str) {
    let found = dangerous_chars(text);
    assert!(found.is_empty(), "{what}: raw control characters reach the reader: {found:#?}\n--- output ---\n{text}");
}

/// The ways a character may be shown visibly escaped: `\e`, `\a`, `\u{1b}`, `\u{202e}`,
/// `\x1b`, `\u001b`, `^[`, `U+202E`, a Unicode control picture (`␛`)...
pub fn escaped_forms(c: char) -> Vec<String> {
    let n = c as u32;
    let mut forms = vec![
        format!("\\u{{{n:x}}}"),
        format!("\\u{{{n:X}}}"),
        format!("\\u{{{n:04x}}}"),
        format!("\\u{{{n:04X}}}"),
        format!("\\u{n:04x}"),
        format!("\\u{n:04X}"),
        format!("U+{n:04X}"),
    ];
    if n < 0x100 {
        forms.push(format!("\\x{n:02x}"));
        forms.push(format!("\\x{n:02X}"));
    }
    if n < 0x20 {
        forms.push(format!("^{}", char::from_u32(n + 0x40).unwrap()));
        forms.push(char::from_u32(0x2400 + n).unwrap().to_string());
    }
    match c {
        '\u{1b}' => forms.extend(["\\e".to_string(), "\\E".to_string(), "\\033".to_string()]),
        '\u{7}' => forms.push("\\a".to_string()),
        '\u{7f}' => forms.extend(["^?".to_string(), "\u{2421}".to_string()]),
        _ => {}
    }
    forms
}

/// Each of `chars` appears in `text` in a visible escaped form (so the text was escaped, not
/// silently dropped).
pub fn assert_escaped_visibly(what: &str, text: &str, chars: &[char]) {
    let missing: Vec<String> = chars
        .iter()
        .filter(|c| !escaped_forms(**c).iter().any(|f| text.contains(f.as_str())))
        .map(|c| format!("U+{:04X}", *c as u32))
        .collect();
    assert!(
        missing.is_empty(),
        "{what}: no visible escape for {missing:?} (the text must be escaped, not dropped)\n--- output ---\n{text}"
    );
}

/// Both: nothing raw, and the given characters shown escaped; `markers` (plain words of the
/// hostile text) are still there.
pub fn assert_terminal_safe(what: &str, text: &str, chars: &[char], markers: &[&str]) {
    assert_no_raw_controls(what, text);
    assert_escaped_visibly(what, text, chars);
    for m in markers {
        assert!(text.contains(m), "{what}: the text around the escapes ({m:?}) was dropped\n--- output ---\n{text}");
    }
}

/// Words that only hostile plan text brings into an output.
const PAYLOAD_WORDS: [&str; 7] = ["Hacked", "PWNED", "onerror", "javascript", "alert(", "octocat", "TICK"];

/// Markdown (a pull-request comment, a job summary, a report) in which plan text stays
/// text: read as GitHub would (pulldown-cmark with tables), then checked for every
/// construct plan text could open.
pub fn assert_markdown_inert(what: &str, md: &str) {
    let mut problems = Vec::new();
    for found in dangerous_chars(md) {
        problems.push(format!("raw control character: {found}"));
    }
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    opts.insert(Options::ENABLE_TASKLISTS);
    let mut heading: Option<String> = None;
    let mut in_code_block = false;
    let (mut opened, mut closed) = (0usize, 0usize);
    // Consecutive text events (split at entities and escapes) are joined before looking for
    // mentions, as GitHub looks at the rendered text.
    let mut run = String::new();
    for event in Parser::new_ext(md, opts) {
        if !matches!(event, Event::Text(_)) {
            problems.extend(text_run_problems(&run));
            run.clear();
        }
        match event {
            Event::Start(Tag::Heading { .. }) => heading = Some(String::new()),
            Event::End(TagEnd::Heading(_)) => {
                // cairn's own headings may show (escaped) plan text; a heading that *starts*
                // with the payload's `# Hacked` was made by a line break in plan text.
                let text = heading.take().unwrap_or_default();
                if text.trim_start().starts_with("Hacked") {
                    problems.push(format!("plan text makes a heading: {text:?}"));
                }
            }
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::Start(Tag::Link { dest_url, .. }) => problems.push(format!("a link to {dest_url:?}")),
            Event::Start(Tag::Image { dest_url, .. }) => problems.push(format!("an image from {dest_url:?}")),
            Event::Html(html) | Event::InlineHtml(html) => {
                for piece in html.split('\n').map(str::trim).filter(|p| !p.is_empty()) {
                    let allowed = piece == "<details>"
                        || piece == "</details>"
                        || (piece.starts_with("<summary>")
                            && piece.ends_with("</summary>")
                            && !piece[9..piece.len() - 10].contains('<'))
                        || piece == "<summary>"
                        || piece == "</summary>";
                    if !allowed || PAYLOAD_WORDS.iter().any(|w| piece.contains(w)) {
                        problems.push(format!("raw HTML from plan text: {piece:?}"));
                    }
                    opened += piece.matches("<details>").count();
                    closed += piece.matches("</details>").count();
                }
            }
            Event::Code(code) => {
                if !ticks_kept(&code) {
                    problems.push(format!("a backtick in plan text opened or closed a code span: {code:?}"));
                }
                if let Some(h) = heading.as_mut() {
                    h.push_str(&code);
                }
            }
            Event::Text(text) => {
                if let Some(h) = heading.as_mut() {
                    h.push_str(&text);
                }
                if !in_code_block {
                    run.push_str(&text);
                }
            }
            _ => {}
        }
    }
    problems.extend(text_run_problems(&run));
    if opened != closed {
        problems.push(format!("{opened} <details> but {closed} </details>: plan text closed or opened one"));
    }
    problems.extend(broken_table_rows(md));
    assert!(
        problems.is_empty(),
        "{what}: plan text is live Markdown:\n  - {}\n--- output ---\n{md}",
        problems.join("\n  - ")
    );
}

/// Every `TICK` (the payload's `` x`TICK`y ``) still has its backticks around it as text:
/// a backtick of plan text that opened or closed a code span leaves `TICK` bare.
fn ticks_kept(text: &str) -> bool {
    text.match_indices("TICK").all(|(i, _)| text[..i].ends_with('`') && text[i + 4..].starts_with('`'))
}

/// Problems of one run of rendered text (consecutive text events joined): live mentions
/// and backticks that changed the code spans around plan text.
fn text_run_problems(run: &str) -> Vec<String> {
    let mut problems: Vec<String> =
        live_mentions(run).into_iter().map(|m| format!("live @-mention {m:?} in {run:?}")).collect();
    if !ticks_kept(run) {
        problems.push(format!("a backtick in plan text opened or closed a code span around {run:?}"));
    }
    problems
}

/// `@name` mentions GitHub would make live in rendered text: an `@` at the start or after a
/// character that is not alphanumeric, followed by a letter or digit.
fn live_mentions(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    for (i, c) in chars.iter().enumerate() {
        if *c != '@' {
            continue;
        }
        let before_ok = i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '`');
        let after = chars.get(i + 1).is_some_and(|n| n.is_ascii_alphanumeric());
        if before_ok && after {
            found.push(chars[i..].iter().take_while(|c| !c.is_whitespace()).collect());
        }
    }
    found
}

/// Number of cell separators of a GitHub table row: `|` not escaped by a backslash (GFM
/// splits cells on them even inside code spans).
fn unescaped_pipes(line: &str) -> usize {
    let mut count = 0;
    let mut escaped = false;
    for c in line.chars() {
        match c {
            '\\' if !escaped => escaped = true,
            '|' if !escaped => count += 1,
            _ => escaped = false,
        }
    }
    count
}

/// Rows of a GitHub table that plan text split into more cells, or broke onto new lines.
fn broken_table_rows(md: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let lines: Vec<&str> = md.lines().collect();
    let mut i = 0;
    while i + 1 < lines.len() {
        let header = lines[i].trim();
        let sep = lines[i + 1].trim();
        let is_table = header.starts_with('|')
            && sep.starts_with('|')
            && sep.contains('-')
            && sep.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '));
        if !is_table {
            i += 1;
            continue;
        }
        let cells = unescaped_pipes(header);
        let mut j = i + 2;
        while j < lines.len() && !lines[j].trim().is_empty() {
            let row = lines[j].trim();
            if !row.starts_with('|') {
                problems.push(format!("a line break in plan text broke a table row: {row:?}"));
            } else if unescaped_pipes(row) != cells {
                problems.push(format!(
                    "a `|` in plan text split a table cell ({} separators, header has {cells}): {row:?}",
                    unescaped_pipes(row)
                ));
            }
            j += 1;
        }
        i = j;
    }
    problems
}

/// Splits CSV (RFC 4180: quoted fields, doubled quotes, line breaks inside quotes) into rows
/// of cells.
pub fn parse_csv(csv: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = csv.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                '"' => quoted = false,
                _ => cell.push(c),
            }
            continue;
        }
        match c {
            '"' => quoted = true,
            ',' => row.push(std::mem::take(&mut cell)),
            '\r' => {}
            '\n' => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            _ => cell.push(c),
        }
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell);
        rows.push(row);
    }
    rows
}

/// CSV in which no cell starts a spreadsheet formula (`=`, `+`, `-`, `@`, tab, CR), and
/// every row has the header's number of cells.
pub fn assert_csv_neutral(what: &str, csv: &str) {
    let rows = parse_csv(csv);
    let mut problems = Vec::new();
    let width = rows.first().map_or(0, Vec::len);
    for (r, row) in rows.iter().enumerate() {
        if row.len() != width {
            problems.push(format!("row {r} has {} cells, the header {width}: {row:?}", row.len()));
        }
        for cell in row {
            if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                problems.push(format!("row {r}: cell {cell:?} starts a formula"));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{what}: CSV cells are live formulas:\n  - {}\n--- output ---\n{csv}",
        problems.join("\n  - ")
    );
}

/// Mermaid keywords that start a statement of a gantt chart.
const MERMAID_KEYWORDS: [&str; 17] = [
    "click",
    "section",
    "title",
    "dateformat",
    "axisformat",
    "tickinterval",
    "excludes",
    "includes",
    "todaymarker",
    "weekday",
    "weekend",
    "inclusiveenddates",
    "topaxis",
    "acctitle",
    "accdescr",
    "displaymode",
    "gantt",
];

/// The lines cairn itself writes in its gantt chart (header and sections).
fn is_chart_header(line: &str) -> bool {
    line == "gantt"
        || line == "title Roadmap"
        || line.starts_with("dateFormat ")
        || line.starts_with("axisFormat ")
        || matches!(line, "section Active" | "section Open" | "section Closed" | "section Done" | "section Abandoned")
}

/// Every ```` ```mermaid ```` block of `text`: each line is cairn's own header, or a task
/// `LABEL :DATA` whose label opens nothing (no `%%` directive or comment, no `:` `;` `#`
/// that end the label or the statement, no statement keyword at its start, no raw control).
/// A mermaid label without its entity codes (`#58;`, `#35;`, `#quot;`).
fn strip_mermaid_entities(label: &str) -> String {
    let mut out = String::new();
    let mut rest = label;
    while let Some(i) = rest.find('#') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let name = after.find(';').map(|end| &after[..end]);
        match name {
            Some(n) if !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric()) => rest = &after[n.len() + 1..],
            _ => {
                out.push('#');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

pub fn assert_mermaid_inert(what: &str, text: &str) {
    let mut problems = Vec::new();
    let mut in_block = false;
    let mut blocks = 0;
    for line in text.lines() {
        if line.trim() == "```mermaid" {
            in_block = true;
            blocks += 1;
            continue;
        }
        if in_block && line.trim() == "```" {
            in_block = false;
            continue;
        }
        if !in_block || line.trim().is_empty() {
            continue;
        }
        let line = line.trim();
        if line.contains("%%") {
            problems.push(format!("`%%` opens a directive or comment: {line:?}"));
        }
        for found in dangerous_chars(line) {
            problems.push(format!("raw control character: {found}"));
        }
        if is_chart_header(line) {
            continue;
        }
        let Some((label, data)) = line.rsplit_once(" :") else {
            problems.push(format!(
                "a line that is neither cairn's header nor a task (a line break in plan text?): {line:?}"
            ));
            continue;
        };
        // Mermaid decodes entity codes (`#58;`, `#35;`) before parsing a chart, so a label
        // may carry `:`, `;` and `#` that way; raw, they end the label or the statement.
        if strip_mermaid_entities(label).contains([':', ';', '#']) {
            problems.push(format!("`:`, `;` or `#` in a label ends it or the statement: {label:?}"));
        }
        let first = label.split_whitespace().next().unwrap_or("").to_ascii_lowercase();
        if MERMAID_KEYWORDS.contains(&first.as_str()) {
            problems.push(format!("a label starts with the keyword `{first}`: {label:?}"));
        }
        if data.contains(['#', ';']) {
            problems.push(format!("task data holds `#` or `;`: {data:?}"));
        }
    }
    assert!(blocks > 0, "{what}: no mermaid block\n{text}");
    assert!(
        problems.is_empty(),
        "{what}: plan text is live mermaid:\n  - {}\n--- output ---\n{text}",
        problems.join("\n  - ")
    );
}

/// XML that a conforming parser accepts (only characters XML allows, escaped markup).
pub fn assert_xml_well_formed(what: &str, xml: &str) {
    if let Err(e) = roxmltree::Document::parse(xml) {
        panic!("{what}: not well-formed XML: {e}\n--- output ---\n{xml}");
    }
}

/// HTML in which plan text made no element, attribute or URL: no `img`, `iframe`, `object`,
/// `embed`, `b` or `x` element, no event handler attribute, no `javascript:` URL,
/// no script mentioning the payload. `visible` are texts that
/// must be shown as text on the page (so the escaping did not drop them).
pub fn assert_html_inert(what: &str, html: &str, visible: &[&str]) {
    let mut problems = Vec::new();
    let doc = Html::parse_document(html);
    let all = Selector::parse("*").unwrap();
    for el in doc.select(&all) {
        let name = el.value().name();
        if matches!(name, "img" | "iframe" | "object" | "embed" | "b" | "x" | "svg:image") {
            problems.push(format!("plan text made a <{name}> element"));
        }
        if name == "script" && el.text().any(|t| t.contains("alert(")) {
            problems.push("plan text made a script".to_string());
        }
        for (attr, value) in el.value().attrs() {
            if attr.starts_with("on") {
                problems.push(format!("event handler {attr}={value:?} on <{name}>"));
            }
            if value.trim_start().to_ascii_lowercase().starts_with("javascript:") {
                problems.push(format!("javascript URL {attr}={value:?} on <{name}>"));
            }
        }
    }
    let text: String = doc.root_element().text().collect::<Vec<_>>().join(" ");
    for v in visible {
        if !text.contains(v) {
            problems.push(format!("{v:?} is not shown as text"));
        }
    }
    assert!(
        problems.is_empty(),
        "{what}: plan text is live HTML:\n  - {}\n--- output ---\n{html}",
        problems.join("\n  - ")
    );
}

/// Output bounded by a small multiple of the input (SPEC §7): at most `factor` times
/// `input` bytes, plus `slack` for a fixed frame (headers, a stylesheet).
pub fn assert_bounded(what: &str, output_len: usize, input: usize, factor: usize, slack: usize) {
    assert!(
        output_len <= input * factor + slack,
        "{what}: {output_len} bytes of output for {input} bytes of input (more than {factor}× + {slack})"
    );
}

/// Runs `cmd` with a time limit; fails the test if it does not finish in time or panics.
pub fn run_within(cmd: &mut assert_cmd::Command, limit: Duration, what: &str) -> crate::common::Run {
    let started = std::time::Instant::now();
    let out = cmd.timeout(limit).output().expect("run cairn");
    let elapsed = started.elapsed();
    let Some(code) = out.status.code() else {
        panic!("{what}: did not finish within {limit:?} (killed after {elapsed:?})");
    };
    let run = crate::common::Run {
        code,
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert_ne!(code, 101, "{what}: cairn panicked:\n{}", run.stderr);
    assert!(!run.stderr.contains("panicked at"), "{what}: cairn panicked:\n{}", run.stderr);
    run
}

/// `cairn ARGS` in `dir` within [`QUICK`], with colours off (`NO_COLOR` and `--color never`
/// where the command takes flags), never panicking.
pub fn go(dir: &std::path::Path, args: &[&str]) -> crate::common::Run {
    run_within(crate::common::cairn(dir).args(args), QUICK, &format!("cairn {args:?}"))
}

/// SARIF `artifactLocation.uri` values are URI references: only unreserved and reserved
/// characters and `%XX` escapes (no space, `#` only as a fragment, no `%` alone, no control).
pub fn assert_sarif_uris_encoded(what: &str, sarif: &serde_json::Value) {
    let mut bad = Vec::new();
    for run in sarif["runs"].as_array().into_iter().flatten() {
        for result in run["results"].as_array().into_iter().flatten() {
            for loc in result["locations"].as_array().into_iter().flatten() {
                let uri = loc["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap_or_default();
                let bytes = uri.as_bytes();
                let ok = uri.char_indices().all(|(i, c)| {
                    c.is_ascii_alphanumeric()
                        || "-._~/!$&'()*+,;=:@".contains(c)
                        || (c == '%'
                            && bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                            && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
                });
                if !ok {
                    bad.push(uri.to_string());
                }
            }
        }
    }
    assert!(bad.is_empty(), "{what}: URIs not percent-encoded: {bad:?}");
}
