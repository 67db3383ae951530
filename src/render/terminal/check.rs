//! `check --format human`: miette's graphical reports with source snippets, then a summary;
//! and the report of an error that stops a command.

use std::fmt;
use std::io::{self, Write};

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode};

use super::Terminal;
use crate::model::diagnostic::{Diagnostic, Severity};
use crate::render::{CheckOutput, Render, plural};

/// A finding dressed as a miette diagnostic.
struct Finding<'a> {
    d: &'a Diagnostic,
    source: Option<NamedSource<String>>,
    offset: Option<(usize, usize)>,
    message: String,
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
        self.d.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
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
        for d in &report.diagnostics {
            let shown = ctx.shown_path(&d.file);
            let text = sources.get(d.file.as_str()).copied().filter(|t| !t.is_empty());
            let finding = match text {
                Some(text) => {
                    let offset = d
                        .span
                        .map_or_else(|| (offset_of(text, d.line, d.column), 0), |s| (s.offset.min(text.len()), s.len));
                    Finding {
                        d,
                        source: Some(NamedSource::new(shown, text.to_string())),
                        offset: Some(offset),
                        message: d.message.clone(),
                    }
                }
                None => Finding {
                    d,
                    source: None,
                    offset: None,
                    message: format!("{shown}:{}:{}: {}", d.line, d.column, d.message),
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
                writeln!(out, "note: {note}")?;
            }
            let (errors, warnings) = (report.errors(), report.warnings());
            let found = match (errors, warnings) {
                (0, 0) => "no problems found".to_string(),
                (e, 0) => plural(e, "error"),
                (0, w) => plural(w, "warning"),
                (e, w) => format!("{}, {}", plural(e, "error"), plural(w, "warning")),
            };
            writeln!(out, "checked {}: {found}", plural(report.items, "item"))?;
        }
        Ok(())
    }
}

/// Renders a command-stopping error (exit code 2) for stderr.
pub fn error_report(error: &dyn miette::Diagnostic, color: bool) -> String {
    let mut out = String::new();
    if handler(color).render_report(&mut out, error).is_err() {
        out = format!("error: {error}\n");
    }
    out
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
