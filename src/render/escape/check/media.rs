//! Checkers for HTML, XML, CSV, URIs and GitHub workflow commands, and `exercise`.

use super::*;

// ---------------------------------------------------------------------------------------
// HTML and XML
// ---------------------------------------------------------------------------------------

/// Decodes the entities `entities` lists (and nothing else); Err on a raw markup character
/// or an `&` that starts none of them.
fn decode_entities(out: &str, entities: &[(&str, char)], what: &str) -> Result<String, String> {
    let mut value = String::with_capacity(out.len());
    let mut rest = out;
    while let Some(at) = rest.find(['&', '<', '>', '"', '\'']) {
        value.push_str(&rest[..at]);
        let tail = &rest[at..];
        if !tail.starts_with('&') {
            return Err(format!("{what}: raw markup character at {tail:?} in {out:?}"));
        }
        let Some(&(entity, c)) = entities.iter().find(|(e, _)| tail.starts_with(e)) else {
            return Err(format!("{what}: stray '&' at {tail:?} in {out:?}"));
        };
        value.push(c);
        rest = &tail[entity.len()..];
    }
    value.push_str(rest);
    Ok(value)
}

const HTML_ENTITIES: &[(&str, char)] =
    &[("&amp;", '&'), ("&lt;", '<'), ("&gt;", '>'), ("&quot;", '"'), ("&#39;", '\'')];

/// Checks an `html_text` (`one_line` false) or `html_attr` value and returns the text a
/// browser shows: only the five entities, no raw `<` `>` `"` `'`, no control but `\n` and
/// `\t` (none at all when `one_line`).
pub fn html_value(out: &str, one_line: bool) -> Result<String, String> {
    no_char(out, "html", |c| is_control(c) && (one_line || !matches!(c, '\n' | '\t')))?;
    decode_entities(out, HTML_ENTITIES, "html")
}

/// A whole HTML page: no control character but `\n`, `\t`, `\r` (no bidi control, no C1).
pub fn html_document_safe(doc: &str) -> Result<(), String> {
    no_char(doc, "html document", |c| is_control(c) && !matches!(c, '\n' | '\t' | '\r'))
}

const XML_ENTITIES: &[(&str, char)] = &[
    ("&amp;", '&'),
    ("&lt;", '<'),
    ("&gt;", '>'),
    ("&quot;", '"'),
    ("&apos;", '\''),
    ("&#9;", '\t'),
    ("&#10;", '\n'),
    ("&#13;", '\r'),
];

/// A whole XML document: only characters XML 1.0 allows and does not discourage, no bidi
/// control or line separator (raw `\t`, `\n`, `\r` are fine).
pub fn xml_safe(doc: &str) -> Result<(), String> {
    no_char(doc, "xml", xml_bad)
}

/// Checks an `xml_text` (`attr` false) or `xml_attr` value and returns the value a parser
/// reads: [`xml_safe`], no raw markup character, `&` only in the entities the escapers write,
/// no raw `\r` (and for attributes no raw `\t` or `\n`, which would be normalised).
pub fn xml_value(out: &str, attr: bool) -> Result<String, String> {
    xml_safe(out)?;
    no_char(out, "xml value", |c| c == '\r' || (attr && matches!(c, '\t' | '\n')))?;
    decode_entities(out, XML_ENTITIES, "xml")
}

// ---------------------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------------------

/// Parses a CSV document (RFC 4180: `,` separators, `"` quoting with `""`, `\n` or `\r\n`
/// record ends) and checks every cell: no control character (quoted or not), no cell
/// starting, after spaces, with `=` `+` `-` `@`, no unquoted `;`. Returns the cells.
pub fn csv_document_cells(doc: &str) -> Result<Vec<Vec<String>>, String> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut chars = doc.chars().peekable();
    if chars.peek().is_none() {
        return Ok(rows);
    }
    loop {
        let mut cell = String::new();
        let mut quoted = false;
        if chars.peek() == Some(&'"') {
            quoted = true;
            chars.next();
            loop {
                match chars.next() {
                    None => return Err(format!("csv: unterminated quote in {doc:?}")),
                    Some('"') if chars.peek() == Some(&'"') => {
                        chars.next();
                        cell.push('"');
                    }
                    Some('"') => break,
                    Some(c) => cell.push(c),
                }
            }
        }
        while let Some(&c) = chars.peek() {
            if c == ',' || c == '\n' || c == '\r' {
                break;
            }
            if quoted {
                return Err(format!("csv: text after a closing quote in {doc:?}"));
            }
            cell.push(c);
            chars.next();
        }
        no_char(&cell, "csv cell", is_control)?;
        if cell.trim_start_matches(' ').starts_with(['=', '+', '-', '@']) {
            return Err(format!("csv: formula cell {cell:?}"));
        }
        if !quoted && cell.contains(';') {
            return Err(format!("csv: unquoted ';' in {cell:?}"));
        }
        row.push(cell);
        match chars.next() {
            Some(',') => {}
            Some('\r') if chars.peek() == Some(&'\n') => {
                chars.next();
                rows.push(std::mem::take(&mut row));
                if chars.peek().is_none() {
                    return Ok(rows);
                }
            }
            Some('\n') => {
                rows.push(std::mem::take(&mut row));
                if chars.peek().is_none() {
                    return Ok(rows);
                }
            }
            None => {
                rows.push(row);
                return Ok(rows);
            }
            Some(c) => return Err(format!("csv: raw {} outside a quoted cell", describe(c))),
        }
    }
}

// ---------------------------------------------------------------------------------------
// URI and GitHub workflow commands
// ---------------------------------------------------------------------------------------

/// Checks a `uri_path` value (only unreserved characters, `/` and `%XX` with uppercase hex)
/// and returns the path it decodes to.
pub fn uri_path_value(uri: &str) -> Result<String, String> {
    let b = uri.as_bytes();
    let mut bytes = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' => {
                let hex =
                    b.get(i + 1..i + 3).filter(|h| h.iter().all(|d| d.is_ascii_digit() || (b'A'..=b'F').contains(d)));
                let Some(hex) = hex else {
                    return Err(format!("uri: bad percent escape at byte {i} in {uri:?}"));
                };
                let hex = std::str::from_utf8(hex).map_err(|e| e.to_string())?;
                bytes.push(u8::from_str_radix(hex, 16).map_err(|e| e.to_string())?);
                i += 3;
            }
            c if c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_' | b'~' | b'/') => {
                bytes.push(c);
                i += 1;
            }
            c => return Err(format!("uri: raw byte {c:#04x} at {i} in {uri:?}")),
        }
    }
    String::from_utf8(bytes).map_err(|e| format!("uri: {uri:?} decodes to invalid UTF-8: {e}"))
}

/// Checks a `github_data` (`property` false) or `github_property` value and returns the
/// text the runner reads: no raw `\r` `\n` or other control but `\t`, `%` only in the
/// runner's escapes, and for properties no raw `:` or `,`.
pub fn github_value(out: &str, property: bool) -> Result<String, String> {
    no_char(out, "workflow command", |c| (is_control(c) && c != '\t') || (property && matches!(c, ':' | ',')))?;
    let escapes: &[(&str, char)] = &[("%25", '%'), ("%0D", '\r'), ("%0A", '\n'), ("%3A", ':'), ("%2C", ',')];
    let escapes = if property { escapes } else { &escapes[..3] };
    let mut value = String::with_capacity(out.len());
    let mut rest = out;
    while let Some(at) = rest.find('%') {
        value.push_str(&rest[..at]);
        let tail = &rest[at..];
        let Some(&(e, c)) = escapes.iter().find(|(e, _)| tail.starts_with(e)) else {
            return Err(format!("workflow command: stray '%' at {tail:?}"));
        };
        value.push(c);
        rest = &tail[e.len()..];
    }
    value.push_str(rest);
    Ok(value)
}

// ---------------------------------------------------------------------------------------
// Everything at once
// ---------------------------------------------------------------------------------------

/// Runs every escaper of the module on `s` and checks each result with its checker, its
/// expected display, and the output bound (at most ten times the input plus 16 bytes).
/// For fuzz targets and regression tests.
///
/// # Panics
/// On the first violation, with a description.
pub fn exercise(s: &str) {
    fn ok<T>(what: &str, s: &str, r: Result<T, String>) -> T {
        r.unwrap_or_else(|e| panic!("{what}({s:?}): {e}"))
    }
    fn same(what: &str, s: &str, got: &str, want: &str) {
        assert!(got == want, "{what}({s:?}) shows {got:?}, expected {want:?}");
    }
    let bound = |what: &str, out: &str| {
        assert!(out.len() <= 10 * s.len() + 16, "{what}({s:?}): output of {} bytes for {} bytes", out.len(), s.len());
    };
    let line = visible_line(s);
    let text = visible_text(s);

    let out = terminal_line(s);
    bound("terminal_line", &out);
    ok("terminal_line", s, terminal_line_safe(&out));
    same("terminal_line", s, &out, &line);

    let out = terminal_text(s);
    bound("terminal_text", &out);
    ok("terminal_text", s, terminal_safe(&out));
    same("terminal_text", s, &out, &text);
    same("html_visible", s, &html_visible(s), &text);

    let out = markdown_inline(s);
    bound("markdown_inline", &out);
    let shown = ok("markdown_inline", s, markdown_inline_text(&out));
    same("markdown_inline", s, &shown, &markdown_inline_expected(s));

    // Messages and lines of pieces: one inert list item, whatever the text and its backticks.
    let message = format!("{s} `{s}` {s}`");
    let out = markdown_message(&message);
    assert!(out.len() <= 10 * message.len() + 64, "markdown_message({s:?}): {} bytes", out.len());
    ok("markdown_message", s, markdown_document_safe(&format!("- {out}\n"), &[]));
    let out = markdown_line(&[MdPiece::Text(s), MdPiece::Code(s), MdPiece::Text(s), MdPiece::Text(s)]);
    ok("markdown_line", s, markdown_document_safe(&format!("- {out}\n### {out}\n"), &[]));

    let want = markdown_code_expected(s);
    let out = markdown_code(s);
    bound("markdown_code", &out);
    let shown = ok("markdown_code", s, markdown_code_text(&out, false));
    same("markdown_code", s, &shown, &want);
    let out = markdown_table_code(s);
    bound("markdown_table_code", &out);
    let shown = ok("markdown_table_code", s, markdown_code_text(&out, true));
    same("markdown_table_code", s, &shown, &want);

    let out = html_text(s);
    bound("html_text", &out);
    let shown = ok("html_text", s, html_value(&out, false));
    same("html_text", s, &shown, &text);
    let out = html_attr(s);
    bound("html_attr", &out);
    let shown = ok("html_attr", s, html_value(&out, true));
    same("html_attr", s, &shown, &line);

    let out = csv_cell(s);
    bound("csv_cell", &out);
    let rows = ok("csv_cell", s, csv_document_cells(&format!("{out},x\n")));
    assert!(rows.len() == 1 && rows[0].len() == 2, "csv_cell({s:?}) = {out:?} is not one cell");
    let formula = line.trim_start_matches(' ').starts_with(['=', '+', '-', '@']);
    same("csv_cell", s, &rows[0][0], &if formula { format!("'{line}") } else { line.clone() });

    let out = xml_text(s);
    bound("xml_text", &out);
    let shown = ok("xml_text", s, xml_value(&out, false));
    let mut want = String::new();
    for c in s.replace("\r\n", "\n").chars() {
        if xml_bad(c) || c == '\r' { push_visible(&mut want, c) } else { want.push(c) }
    }
    same("xml_text", s, &shown, &want);
    let out = xml_attr(s);
    bound("xml_attr", &out);
    let shown = ok("xml_attr", s, xml_value(&out, true));
    let mut want = String::new();
    for c in s.chars() {
        if xml_bad(c) { push_visible(&mut want, c) } else { want.push(c) }
    }
    same("xml_attr", s, &shown, &want);

    let out = mermaid_label(s);
    bound("mermaid_label", &out);
    let shown = ok("mermaid_label", s, mermaid_label_value(&out));
    same("mermaid_label", s, &shown, &mermaid_label_expected(s));
    let chart = format!(
        "```mermaid\ngantt\n    section S\n    {out} (0/1) :active, {}, 2026-01-01, 2026-02-01\n```\n",
        mermaid_id(s)
    );
    ok("mermaid chart", s, mermaid_gantt_safe(&chart));

    let out = mermaid_id(s);
    bound("mermaid_id", &out);
    ok("mermaid_id", s, mermaid_id_safe(&out));

    let out = uri_path(s);
    assert!(out.len() <= 3 * s.len(), "uri_path({s:?}): output too long");
    let back = ok("uri_path", s, uri_path_value(&out));
    same("uri_path", s, &back, s);

    for (property, out) in [(false, github_data(s)), (true, github_property(s))] {
        bound("github", &out);
        let back = ok("github", s, github_value(&out, property));
        let mut want = String::new();
        for c in s.chars() {
            if is_control(c) && !matches!(c, '\t' | '\r' | '\n') { push_visible(&mut want, c) } else { want.push(c) }
        }
        same("github", s, &back, &want);
    }
}
