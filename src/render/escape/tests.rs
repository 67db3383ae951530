use std::borrow::Cow;

use proptest::prelude::*;

use super::check;
use super::*;

/// OSC window title + BEL + clear screen: what a hostile title sends a terminal.
const TITLE_ATTACK: &str = "x\u{1b}]0;PWNED\u{7}\u{1b}[2J";

fn borrowed(c: Cow<'_, str>) -> bool {
    matches!(c, Cow::Borrowed(_))
}

// ---- terminal -------------------------------------------------------------------------

#[test]
fn terminal_line_shows_controls() {
    assert_eq!(terminal_line(TITLE_ATTACK), "x\\e]0;PWNED\\a\\e[2J");
    assert_eq!(terminal_line("a\u{9b}31mb"), "a\\u{9b}31mb");
    assert_eq!(terminal_line("evil\u{202e}txt.exe"), "evil\\u{202e}txt.exe");
    assert_eq!(terminal_line("a\nb\tc\rd"), "a\\nb\\tc\\rd");
    assert_eq!(
        terminal_line("\0\u{7f}\u{85}\u{61c}\u{200e}\u{200f}\u{2028}\u{2029}\u{2066}\u{2069}"),
        "\\u{0}\\u{7f}\\u{85}\\u{61c}\\u{200e}\\u{200f}\\u{2028}\\u{2029}\\u{2066}\\u{2069}"
    );
    // Backslashes stay: `\e` typed and ESC shown look alike, and neither does anything.
    assert_eq!(terminal_line("C:\\temp\\e"), "C:\\temp\\e");
}

#[test]
fn terminal_text_keeps_lines_and_tabs() {
    assert_eq!(terminal_text("a\r\nb\tc\n"), "a\nb\tc\n");
    assert_eq!(terminal_text("over\rwrite"), "over\\rwrite");
    assert_eq!(terminal_text("body\u{1b}[31m"), "body\\e[31m");
}

#[test]
fn clean_text_is_borrowed() {
    for s in ["", "Checkout v2 — “fast” path ✓ 日本語 🚀", "a-b_c.md"] {
        assert!(borrowed(terminal_line(s)), "{s}");
        assert!(borrowed(terminal_text(s)), "{s}");
        assert!(borrowed(html_text(s)), "{s}");
        assert!(borrowed(xml_text(s)), "{s}");
        assert!(borrowed(xml_attr(s)), "{s}");
        assert!(borrowed(github_data(s)), "{s}");
    }
    assert!(borrowed(csv_cell("Checkout v2 - fast")));
    assert!(borrowed(uri_path("backlog/S-1.md")));
    assert!(borrowed(mermaid_id("S-12")));
}

// ---- markdown ---------------------------------------------------------------------------

#[test]
fn markdown_inline_is_inert() {
    assert_eq!(markdown_inline("</details>"), "&lt;/details&gt;");
    assert_eq!(markdown_inline("<img src=x onerror=alert(1)>"), "&lt;img src=x onerror=alert(1)&gt;");
    assert_eq!(markdown_inline("hi @octocat"), "hi @&#8203;octocat");
    assert_eq!(markdown_inline("fixes #123"), "fixes \\#&#8203;123");
    assert_eq!(markdown_inline("```"), "\\`\\`\\`");
    assert_eq!(markdown_inline("| a |"), "\\| a \\|");
    assert_eq!(markdown_inline("[x](javascript:alert(1))"), "\\[x\\](javascript:alert(1))");
    assert_eq!(markdown_inline("a\r\nb\nc\u{2028}d"), "a b c d");
    assert_eq!(markdown_inline(TITLE_ATTACK), "x\\e\\]0;PWNED\\a\\e\\[2J");
    assert_eq!(markdown_inline("*a* _b_ ~c~ $x$ \\"), "\\*a\\* \\_b\\_ \\~c\\~ &#36;x&#36; &#92;");
    assert_eq!(markdown_inline("a\\b #"), "a\\\\b \\#&#8203;");
    assert_eq!(markdown_inline("&amp; &#64;x"), "&amp;amp; &amp;\\#&#8203;64;x");
}

#[test]
fn markdown_inline_is_safe_at_line_start() {
    assert_eq!(markdown_inline("# h"), "\\# h");
    assert_eq!(markdown_inline("> q"), "&gt; q");
    assert_eq!(markdown_inline("- a"), "\\- a");
    assert_eq!(markdown_inline("+ a"), "\\+ a");
    assert_eq!(markdown_inline("==="), "\\===");
    assert_eq!(markdown_inline("1. a"), "1\\. a");
    assert_eq!(markdown_inline("2026) a. b"), "2026\\) a. b");
    assert_eq!(markdown_inline("    code"), "&#32;   code");
    assert_eq!(markdown_inline("end  "), "end &#32;");
    assert_eq!(markdown_inline("2-3"), "2-3");
}

#[test]
fn markdown_inline_renders_as_plain_text() {
    for s in ["</details>", "@octocat", "| a |", "- [ ] task", "1. x", "    x", "a  ", "***", "x\n===", "[^1]", "$$x$$"]
    {
        let out = markdown_inline(s);
        let shown = check::markdown_inline_text(&out).unwrap_or_else(|e| panic!("{s:?}: {e}"));
        assert_eq!(shown, check::markdown_inline_expected(s), "{s:?}");
    }
}

#[test]
fn markdown_code_spans_hold_anything() {
    assert_eq!(markdown_code("cairn check"), "`cairn check`");
    assert_eq!(markdown_code("a`b"), "``a`b``");
    assert_eq!(markdown_code("```"), "` ``` `");
    assert_eq!(markdown_code("`x"), "`` `x ``");
    assert_eq!(markdown_code(" x "), "`  x  `");
    assert_eq!(markdown_code("  "), "`  `");
    assert_eq!(markdown_code(""), "` `");
    assert_eq!(markdown_code("a|b"), "`a|b`");
    assert_eq!(markdown_code("@octocat <b>"), "`@octocat <b>`");
    assert_eq!(markdown_code("a\nb\u{1b}"), "`a b\\e`");
    assert_eq!(markdown_table_code("a|b"), "`a\\|b`");
    assert_eq!(markdown_table_code("a\\|b"), "`a\\\\|b`");
    for s in ["a`b", "```", "`x", " x ", "  ", "", "a|b", "a\\|b", "` `` ```", "\\", "x`"] {
        for table in [false, true] {
            let out = if table { markdown_table_code(s) } else { markdown_code(s) };
            let shown = check::markdown_code_text(&out, table).unwrap_or_else(|e| panic!("{s:?} {out:?}: {e}"));
            assert_eq!(shown, check::markdown_code_expected(s), "{s:?} in table: {table}");
        }
    }
}

#[test]
fn messages_show_code_as_code_spans() {
    assert_eq!(
        markdown_message("backlog item S-1 traces to `onboardin`, which does not exist"),
        "backlog item S-1 traces to `onboardin`, which does not exist"
    );
    // A backtick that is not one of cairn's marks: the whole message is text.
    assert_eq!(markdown_message("did you mean `a`b`?"), "did you mean \\`a\\`b\\`?");
    assert_eq!(markdown_message("traces to `x`TICK`y`, which"), "traces to \\`x\\`TICK\\`y\\`, which");
    assert_eq!(markdown_message("add `initiative: <id>` (`a`)"), "add `initiative: <id>` (`a`)");
    assert_eq!(markdown_message("`x` at start"), "`x` at start");
    assert_eq!(markdown_message("- `<b>` @x"), "\\- `<b>` @&#8203;x");
    // Pieces of one line: text runs are joined before escaping, so a line start is guarded
    // once and spaces between pieces stay spaces.
    let line =
        markdown_line(&[MdPiece::Text("1"), MdPiece::Text(". a "), MdPiece::Code("b|c"), MdPiece::Text(" end ")]);
    assert_eq!(line, "1\\. a `b|c` end&#32;");
}

#[test]
fn markdown_document_checker_catches_live_markup() {
    assert!(check::markdown_document_safe("| a |\n|---|\n| @octocat |\n", &[]).is_err());
    assert!(check::markdown_document_safe("<details>\n\nx\n\n</details>\n", &["<details>", "</details>"]).is_ok());
    assert!(check::markdown_document_safe("x <img src=x onerror=alert(1)>\n", &[]).is_err());
    assert!(check::markdown_document_safe("[a](javascript:alert(1))\n", &[]).is_err());
    assert!(check::markdown_document_safe("fixes #12\n", &[]).is_err());
    assert!(check::markdown_document_safe("a\u{1b}b\n", &[]).is_err());
    let safe = format!("- {}\n- {}\n", markdown_inline("@octocat #12 <b>"), markdown_code("`@x`"));
    assert_eq!(check::markdown_document_safe(&safe, &[]), Ok(()));
}

// ---- HTML, CSV --------------------------------------------------------------------------

#[test]
fn html_escapes_markup_and_shows_controls() {
    assert_eq!(html_text("<img src=x onerror=alert(1)>"), "&lt;img src=x onerror=alert(1)&gt;");
    assert_eq!(html_text("\"a\" & 'b'"), "&quot;a&quot; &amp; &#39;b&#39;");
    assert_eq!(html_text("a\r\nb\u{202e}c"), "a\nb\\u{202e}c");
    assert_eq!(html_attr("a\nb\t\"c\""), "a\\nb\\t&quot;c&quot;");
    assert_eq!(html_visible("<b>\u{1b}"), "<b>\\e");
}

#[test]
fn csv_cells_are_quoted_and_neutralised() {
    assert_eq!(csv_cell("=HYPERLINK(\"http://x\",\"y\")"), "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
    assert_eq!(csv_cell("-2+3"), "'-2+3");
    assert_eq!(csv_cell("+1"), "'+1");
    assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
    assert_eq!(csv_cell("  =1+1"), "'  =1+1");
    assert_eq!(csv_cell("\t=1"), "\\t=1");
    assert_eq!(csv_cell("\r=1"), "\\r=1");
    assert_eq!(csv_cell("a,b"), "\"a,b\"");
    assert_eq!(csv_cell("a;=1+1"), "\"a;=1+1\"");
    assert_eq!(csv_cell("line\nbreak"), "line\\nbreak");
    assert_eq!(csv_cell("2-3 a=b"), "2-3 a=b");
    assert_eq!(csv_cell(""), "");
    let doc = format!("{},{}\n", csv_cell("=cmd|'/c calc'!A1"), csv_cell("x"));
    assert_eq!(check::csv_document_cells(&doc), Ok(vec![vec!["'=cmd|'/c calc'!A1".to_string(), "x".to_string()]]));
    assert!(check::csv_document_cells("=1+1,x\n").is_err());
    assert!(check::csv_document_cells("a;=1,x\n").is_err());
}

// ---- mermaid ----------------------------------------------------------------------------

#[test]
fn mermaid_labels_cannot_be_statements() {
    assert_eq!(mermaid_label("%%{init: {\"theme\":\"dark\"}}%%"), "#37;#37;{init#58; {\"theme\"#58;\"dark\"}}#37;#37;");
    assert_eq!(mermaid_label("click x call alert()"), "#99;lick x call alert()");
    assert_eq!(mermaid_label("Click here"), "#67;lick here");
    assert_eq!(mermaid_label("gantt view"), "#103;antt view");
    assert_eq!(mermaid_label("TITLE x"), "#84;ITLE x");
    assert_eq!(mermaid_label("2026-01-01 launch"), "#50;026-01-01 launch");
    assert_eq!(mermaid_label("5% done"), "5#37; done");
    assert_eq!(mermaid_label("a: b; #c"), "a#58; b#59; #35;c");
    assert_eq!(mermaid_label("  two\nlines\t "), "two lines");
    assert_eq!(mermaid_label("<b>x</b>"), "#60;b#62;x#60;/b#62;");
    assert_eq!(mermaid_label(TITLE_ATTACK), "x\\e]0#59;PWNED\\a\\e[2J");
    assert_eq!(mermaid_label(""), "#32;");
    assert_eq!(mermaid_label(" \n "), "#32;");
    assert_eq!(mermaid_label("Checkout v2"), "Checkout v2");
    assert_eq!(mermaid_label("Sections"), "#83;ections");
    for s in ["click x call alert()", "%%{init: {}}%%", "accTitle: x", "a#b;c", "ﬂ°°35¶ß"] {
        let out = mermaid_label(s);
        assert_eq!(check::mermaid_label_value(&out).as_deref(), Ok(s), "{s:?} → {out:?}");
    }
}

#[test]
fn mermaid_label_checker_rejects_statements() {
    for bad in ["click x", "Gantt", "a:b", "5% done", "x %%{init: {}}%% y", "a#b", "a;b", "2026-01-01 x", " x", ""] {
        assert!(check::mermaid_label_value(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn mermaid_ids_are_plain_and_injective() {
    assert_eq!(mermaid_id("S-12"), "S-12");
    assert_eq!(mermaid_id("a b"), "a_20b");
    assert_eq!(mermaid_id("a_b"), "a__b");
    assert_eq!(mermaid_id("a_20b"), "a__20b");
    assert_eq!(mermaid_id("done"), "_-done");
    assert_eq!(mermaid_id("Active"), "_-Active");
    assert_eq!(mermaid_id(""), "_-");
    assert_eq!(mermaid_id("é"), "_c3_a9");
}

#[test]
fn gantt_checker_reads_whole_charts() {
    let good = "```mermaid\ngantt\n    title Roadmap\n    dateFormat YYYY-MM-DD\n    axisFormat %Y-%m\n    section Active\n    Core #40;1/2#41; :active, I-1, 2026-01-01, 2026-02-01\n```\n";
    assert_eq!(check::mermaid_gantt_safe(good), Ok(()));
    for bad in [
        "gantt\n    click x call alert() (0/1) :active, I-1, 2026-01-01, 2026-02-01\n",
        "gantt\n    x %%{init: {}}%% y (0/1) :active, I-1, 2026-01-01, 2026-02-01\n",
        "gantt\n    a (0/1) :active, done, 2026-01-01, 2026-02-01\n",
    ] {
        assert!(check::mermaid_gantt_safe(bad).is_err(), "{bad}");
    }
}

// ---- XML, URI, GitHub -------------------------------------------------------------------

#[test]
fn xml_holds_only_allowed_characters() {
    assert_eq!(xml_text("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&apos;");
    assert_eq!(
        xml_text("x\u{fffe}\u{ffff}\u{1}\u{1b}\u{9b}\u{202e}\u{fdd0}\u{1fffe}"),
        "x\\u{fffe}\\u{ffff}\\u{1}\\e\\u{9b}\\u{202e}\\u{fdd0}\\u{1fffe}"
    );
    assert_eq!(xml_text("a\r\nb\tc\rd"), "a\nb\tc\\rd");
    assert_eq!(xml_attr("a\r\nb\tc"), "a&#13;&#10;b&#9;c");
    assert!(check::xml_safe("<a>\u{fffe}</a>").is_err());
    assert!(check::xml_safe(&format!("<a b=\"{}\">{}</a>", xml_attr("\u{fffe}\n"), xml_text("\u{0}"))).is_ok());
}

#[test]
fn uri_paths_are_percent_encoded() {
    assert_eq!(uri_path("a b#c?d%"), "a%20b%23c%3Fd%25");
    assert_eq!(uri_path("backlog/é.md"), "backlog/%C3%A9.md");
    assert_eq!(uri_path("c:/x\\y"), "c%3A/x%5Cy");
    assert_eq!(uri_path("a-b_c.d~/e"), "a-b_c.d~/e");
}

#[test]
fn github_commands_stay_on_one_line() {
    assert_eq!(github_data("50% done\r\nnext"), "50%25 done%0D%0Anext");
    assert_eq!(github_property("a:b,c%"), "a%3Ab%2Cc%25");
    assert_eq!(github_data("x\n::stop-commands::t"), "x%0A::stop-commands::t");
    assert_eq!(github_data(TITLE_ATTACK), "x\\e]0;PWNED\\a\\e[2J");
    assert_eq!(github_data("a:b,c"), "a:b,c");
}

#[test]
fn terminal_checkers() {
    assert!(check::terminal_safe("a\nb\tc").is_ok());
    assert!(check::terminal_safe(TITLE_ATTACK).is_err());
    assert!(check::terminal_safe("a\u{202e}").is_err());
    assert!(check::terminal_safe_with_color("\u{1b}[1;31mred\u{1b}[0m\n").is_ok());
    assert!(check::terminal_safe_with_color("\u{1b}]0;x\u{7}").is_err());
    assert!(check::terminal_line_safe("a\nb").is_err());
}

#[test]
fn hostile_inputs_pass_every_checker() {
    for s in [
        TITLE_ATTACK,
        "\u{9b}31m",
        "evil\u{202e}txt",
        "</details>",
        "<img src=x onerror=alert(1)>",
        "@octocat",
        "```",
        "| a |",
        "=HYPERLINK(\"http://evil\",\"x\")",
        "-2+3",
        "%%{init: {\"theme\":\"dark\"}}%%",
        "click x call alert()",
        "\u{fffe}",
        "a b#c?d%",
        "\r\n",
        "  ",
        "",
    ] {
        check::exercise(s);
    }
}

/// Characters that matter to some medium, mixed with arbitrary ones.
fn hostile_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => prop::sample::select(
            "\u{0}\u{7}\t\n\r\u{1b}\u{7f}\u{85}\u{9b}\u{61c}\u{200b}\u{200e}\u{2028}\u{2029}\u{202e}\u{2066}\u{feff}\u{fffe}\u{ffff}\u{fdd0}\u{1fffe}ﬂ¶ß°\u{a0} \\`*_[]()|~#$@<>&\"';:%,=+-.!{}^1230abcdefghiklmnorstwxyACGT/?"
                .chars()
                .collect::<Vec<_>>()
        ),
        1 => any::<char>(),
    ]
}

fn hostile_string() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::collection::vec(hostile_char(), 0..24).prop_map(String::from_iter),
        prop::sample::select(vec![
            "click ",
            "call ",
            "gantt",
            "title ",
            "section ",
            "accTitle:",
            "2026-01-01",
            "@octocat",
            "#12",
            "1. ",
            "- ",
            "```",
            "%%{",
            "=",
            "    ",
            "\r\n",
            "<!--",
            "www.x.io",
            "[^1]",
            "$$",
        ])
        .prop_flat_map(|head| {
            prop::collection::vec(hostile_char(), 0..12)
                .prop_map(move |tail| format!("{head}{}", String::from_iter(tail)))
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn every_escaper_keeps_its_invariants(s in hostile_string()) {
        check::exercise(&s);
    }

    #[test]
    fn mermaid_ids_never_collide(a in hostile_string(), b in hostile_string()) {
        prop_assume!(a != b);
        prop_assert_ne!(mermaid_id(&a), mermaid_id(&b));
    }
}
