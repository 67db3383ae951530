//! `check --format human`: miette's graphical reports with source snippets, then a summary;
//! and the report of an error that stops a command.

use std::fmt;
use std::io::{self, Write};

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode};

use super::Terminal;
use crate::error::CairnError;
use crate::model::diagnostic::{Diagnostic, Severity};
use crate::render::escape::{self, terminal_line as esc};
use crate::render::{CheckOutput, Render, plural};

/// A finding dressed as a miette diagnostic.
struct Finding<'a> {
    d: &'a Diagnostic,
    source: Option<NamedSource<String>>,
    offset: Option<(usize, usize)>,
    message: String,
    help: Option<String>,
}

impl fmt::Debug for Finding<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Finding<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Finding<'_> {}

impl miette::Diagnostic for Finding<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.d.rule.code()))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            _ => miette::Severity::Warning,
        })
    }
    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let (offset, len) = self.offset?;
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(None, (offset, len)))))
    }
}

/// Byte offset of a 1-based line and column in `text`.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    let rest = &text[start.min(text.len())..];
    start + rest.char_indices().nth(column.saturating_sub(1)).map_or(0, |(i, _)| i)
}

/// Longest source line drawn in a snippet (in bytes); longer ones are reported by position.
const MAX_SNIPPET_LINE: usize = 2_000;

/// Whether a snippet of `text` around the span at `offset` (its lines and the line before and
/// after each end, which the snippet draws as context) holds only lines of at most
/// [`MAX_SNIPPET_LINE`] bytes. Scans a bounded window, never the whole text, so a 10 MB line
/// next to a finding is neither drawn nor read once per finding.
fn snippet_fits(text: &str, offset: usize, len: usize) -> bool {
    let b = text.as_bytes();
    let start = offset.min(b.len());
    let end = start.saturating_add(len).min(b.len());
    if end - start > 4 * MAX_SNIPPET_LINE || b[start..end].split(|&c| c == b'\n').any(|l| l.len() > MAX_SNIPPET_LINE) {
        return false;
    }
    let mut from = start;
    for _ in 0..2 {
        let floor = from.saturating_sub(MAX_SNIPPET_LINE + 1);
        match b[floor..from].iter().rposition(|&c| c == b'\n') {
            Some(i) => from = floor + i,
            None if floor == 0 => break,
            None => return false,
        }
    }
    let mut from = end;
    for _ in 0..2 {
        let ceil = from.saturating_add(MAX_SNIPPET_LINE + 1).min(b.len());
        match b[from..ceil].iter().position(|&c| c == b'\n') {
            Some(i) => from += i + 1,
            None if ceil == b.len() => break,
            None => return false,
        }
    }
    true
}

/// A source text with its controls shown as visible escapes (line breaks and tabs kept), and
/// the map from offsets in the original to offsets in the escaped text.
struct Escaped {
    text: String,
    /// `(original offset after an escaped character, bytes added so far)`, in order.
    shifts: Vec<(usize, usize)>,
}

impl Escaped {
    fn of(original: &str) -> Self {
        let mut text = String::with_capacity(original.len());
        let mut shifts = Vec::new();
        let mut added = 0;
        let mut chars = original.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            let keep = matches!(c, '\n' | '\t') || (c == '\r' && chars.peek().is_some_and(|(_, n)| *n == '\n'));
            if escape::is_control(c) && !keep {
                let before = text.len();
                escape::push_visible(&mut text, c);
                added += text.len() - before - c.len_utf8();
                shifts.push((at + c.len_utf8(), added));
            } else {
                text.push(c);
            }
        }
        Escaped { text, shifts }
    }

    /// Where an original offset lands in the escaped text.
    fn map(&self, offset: usize) -> usize {
        let i = self.shifts.partition_point(|(at, _)| *at <= offset);
        offset + if i == 0 { 0 } else { self.shifts[i - 1].1 }
    }
}

fn handler(color: bool) -> GraphicalReportHandler {
    let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    GraphicalReportHandler::new_themed(theme).with_width(100).with_links(false)
}

impl Render<CheckOutput<'_>> for Terminal {
    fn render(&self, ctx: &CheckOutput<'_>, out: &mut dyn Write) -> io::Result<()> {
        let report = ctx.report;
        let handler = handler(self.styles.color);
        let sources: std::collections::HashMap<&str, &str> = ctx
            .plan
            .items
            .iter()
            .map(|i| &i.source)
            .chain(ctx.plan.sources.iter())
            .map(|s| (s.path.as_str(), s.text.as_str()))
            .collect();
        let mut escaped: std::collections::HashMap<&str, Escaped> = std::collections::HashMap::new();
        for d in &report.diagnostics {
            let shown = esc(&ctx.shown_path(&d.file)).into_owned();
            let text = sources.get(d.file.as_str()).copied().filter(|t| !t.is_empty());
            let span = text.map(|text| {
                d.span.map_or_else(|| (offset_of(text, d.line, d.column), 0), |s| (s.offset.min(text.len()), s.len))
            });
            let finding = match (text, span) {
                // A snippet only for lines of reasonable length: a line of 100,000 characters is
                // reported by position, not drawn.
                (Some(text), Some((offset, len))) if snippet_fits(text, offset, len) => {
                    let source = escaped.entry(d.file.as_str()).or_insert_with(|| Escaped::of(text));
                    let (start, end) = (source.map(offset), source.map(offset + len.min(text.len() - offset)));
                    Finding {
                        d,
                        source: Some(NamedSource::new(shown, source.text.clone())),
                        offset: Some((start, end - start)),
                        message: esc(&d.message).into_owned(),
                        help: d.help.as_deref().map(|h| esc(h).into_owned()),
                    }
                }
                _ => Finding {
                    d,
                    source: None,
                    offset: None,
                    message: format!("{shown}:{}:{}: {}", d.line, d.column, esc(&d.message)),
                    help: d.help.as_deref().map(|h| esc(h).into_owned()),
                },
            };
            let mut rendered = String::new();
            handler
                .render_report(&mut rendered, &finding)
                .map_err(|_| io::Error::other("cannot format a diagnostic"))?;
            out.write_all(rendered.as_bytes())?;
            writeln!(out)?;
        }
        if !self.quiet {
            for note in &report.notes {
                writeln!(out, "note: {}", esc(note))?;
            }
            let (errors, warnings) = (report.errors(), report.warnings());
            let found = match (errors, warnings) {
                (0, 0) => "no problems found".to_string(),
                (e, 0) => plural(e, "error"),
                (0, w) => plural(w, "warning"),
                (e, w) => format!("{}, {}", plural(e, "error"), plural(w, "warning")),
            };
            writeln!(out, "checked {}: {found}", plural(report.items, "item"))?;
            if ctx.deny_warnings
                && report.errors() == 0
                && let Some(verdict) = ctx.verdict()
            {
                writeln!(out, "{verdict}")?;
            }
        }
        Ok(())
    }
}

/// Renders a command-stopping error (exit code 2) for stderr. Everything in it that can come
/// from plan text or arguments (messages, help, the configuration's source lines) is escaped
/// for the terminal first.
pub fn error_report(error: &CairnError, color: bool) -> String {
    let clean = Clean::of(error);
    let mut out = String::new();
    if handler(color).render_report(&mut out, &clean).is_err() {
        out = format!("error: {}\n", clean.message);
    }
    out
}

/// An error with its text escaped for the terminal, ready for miette.
#[derive(Debug)]
struct Clean {
    message: String,
    code: Option<String>,
    help: Option<String>,
    source: Option<NamedSource<String>>,
    label: Option<(usize, usize)>,
    related: Vec<Clean>,
}

impl Clean {
    fn of(error: &CairnError) -> Clean {
        use miette::Diagnostic as _;
        let mut clean = Clean {
            message: esc(&error.to_string()).into_owned(),
            code: error.code().map(|c| c.to_string()),
            help: error.help().map(|h| esc(&h.to_string()).into_owned()),
            source: None,
            label: None,
            related: Vec::new(),
        };
        if let CairnError::Config(config) = error {
            let text = config.src.inner();
            let source = Escaped::of(text);
            let name = esc(config.src.name()).into_owned();
            for problem in &config.problems {
                let message = esc(&problem.message).into_owned();
                let help = problem.help.as_deref().map(|h| esc(h).into_owned());
                let span = problem.span.map(|s| (s.offset().min(text.len()), s.len()));
                let related = match span {
                    Some((offset, len)) if snippet_fits(text, offset, len) => {
                        let (start, end) = (source.map(offset), source.map(offset + len.min(text.len() - offset)));
                        Clean {
                            message,
                            code: None,
                            help,
                            source: Some(NamedSource::new(name.clone(), source.text.clone())),
                            label: Some((start, end - start)),
                            related: Vec::new(),
                        }
                    }
                    Some((offset, _)) => {
                        let (line, column) = crate::model::line_col(text, offset);
                        let message = format!("{name}:{line}:{column}: {message}");
                        Clean { message, code: None, help, source: None, label: None, related: Vec::new() }
                    }
                    None => Clean { message, code: None, help, source: None, label: None, related: Vec::new() },
                };
                clean.related.push(related);
            }
        }
        clean
    }
}

impl fmt::Display for Clean {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Clean {}

impl miette::Diagnostic for Clean {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.code.as_ref().map(|c| Box::new(c) as Box<dyn fmt::Display>)
    }
    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let (offset, len) = self.label?;
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(Some("here".into()), (offset, len)))))
    }
    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn miette::Diagnostic> + 'b>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(self.related.iter().map(|r| r as &dyn miette::Diagnostic)))
    }
}

#[cfg(test)]
mod tests {
    use super::offset_of;

    #[test]
    fn offsets_of_lines_and_columns() {
        let text = "---\nid: é\ntitle: x\n";
        assert_eq!(offset_of(text, 1, 1), 0);
        assert_eq!(offset_of(text, 2, 1), 4);
        assert_eq!(offset_of(text, 3, 2), text.find("itle").unwrap());
        assert_eq!(offset_of(text, 9, 1), text.len());
    }
}
