//! Reading the front matter's layout: one entry per top-level key, with its lines, value
//! range, quoting and list style.

use super::*;
// The line-level scanning every reader of the layout uses with it.
pub(super) use super::scan::*;

// ---------------------------------------------------------------------------------------
// Reading the block: lines, top-level entries and the shape of each value.

/// One line of the front matter; offsets are into the whole file.
#[derive(Debug, Clone, Copy)]
pub(super) struct Line {
    pub(super) start: usize,
    /// End of the content, before `\r\n` or `\n`.
    pub(super) end: usize,
    /// Start of the next line.
    pub(super) next: usize,
}

/// A top-level `key: value` entry.
#[derive(Debug, Clone)]
pub(super) struct Entry {
    /// Index of the key line.
    pub(super) line: usize,
    /// Index of the entry's last line (its last continuation line, or the key line).
    pub(super) end: usize,
    pub(super) colon: usize,
    pub(super) head: Head,
    /// Where a trailing comment starts in the key line (the blanks before `#`).
    pub(super) comment: Option<usize>,
}

pub(super) struct Doc<'a> {
    pub(super) text: &'a str,
    pub(super) yaml: Range<usize>,
    pub(super) yaml_line: usize,
    pub(super) lines: Vec<Line>,
    pub(super) kinds: Vec<Kind>,
    pub(super) map: Vec<(Yaml, Yaml)>,
    pub(super) entries: Vec<Entry>,
}

impl<'a> Doc<'a> {
    pub(super) fn read(text: &'a str) -> Result<Doc<'a>, EditError> {
        let s = split(text).map_err(|e| match e {
            SplitError::Unterminated => EditError::Unterminated,
            SplitError::Empty | SplitError::Missing => EditError::NoFrontMatter,
        })?;
        let mut lines = Vec::new();
        let mut offset = s.yaml.start;
        for raw in text[s.yaml.clone()].split_inclusive('\n') {
            let content = raw.trim_end_matches('\n');
            let content = content.strip_suffix('\r').unwrap_or(content);
            lines.push(Line { start: offset, end: offset + content.len(), next: offset + raw.len() });
            offset += raw.len();
        }
        let kinds: Vec<Kind> = lines.iter().map(|l| kind(&text[l.start..l.end])).collect();
        let mut doc =
            Doc { text, yaml: s.yaml, yaml_line: s.yaml_line, lines, kinds, map: Vec::new(), entries: Vec::new() };
        doc.map = doc.parse_map()?;
        doc.entries = doc.read_entries()?;
        Ok(doc)
    }

    pub(super) fn line_text(&self, i: usize) -> &'a str {
        &self.text[self.lines[i].start..self.lines[i].end]
    }

    /// The line ending of line `i` (`\r\n` or `\n`).
    pub(super) fn term(&self, i: usize) -> &'a str {
        &self.text[self.lines[i].end..self.lines[i].next]
    }

    pub(super) fn file_line(&self, i: usize) -> usize {
        self.yaml_line + i
    }

    pub(super) fn key_raw(&self, i: usize) -> Option<&'a str> {
        match self.kinds[i] {
            Kind::Key { key_end, .. } => Some(&self.line_text(i)[..key_end]),
            _ => None,
        }
    }

    pub(super) fn parse_map(&self) -> Result<Vec<(Yaml, Yaml)>, EditError> {
        let yaml_text = &self.text[self.yaml.clone()];
        match yaml::parse(yaml_text) {
            Ok(Yaml::Map(m)) => Ok(m),
            Ok(Yaml::Null) if self.kinds.iter().all(|k| matches!(k, Kind::Blank | Kind::Comment)) => Ok(Vec::new()),
            Ok(_) => {
                let first = self.kinds.iter().position(|k| !matches!(k, Kind::Blank | Kind::Comment)).unwrap_or(0);
                Err(EditError::NotAMapping { line: self.file_line(first) })
            }
            Err(e) => {
                // Name a duplicate key precisely when the scan finds one.
                let mut seen: Vec<Yaml> = Vec::new();
                for i in 0..self.lines.len() {
                    if let Some(raw) = self.key_raw(i)
                        && let Ok(k) = yaml::parse(raw)
                    {
                        if seen.contains(&k) {
                            return Err(EditError::DuplicateKey { key: k.to_string(), line: self.file_line(i) });
                        }
                        seen.push(k);
                    }
                }
                let before =
                    |o: usize| yaml_text.as_bytes()[..o.min(yaml_text.len())].iter().filter(|&&b| b == b'\n').count();
                let line = e.offset.map(|o| self.yaml_line + before(o));
                Err(EditError::Yaml { message: e.message, line })
            }
        }
    }

    /// The entries, checked against the parsed mapping: the keys found at the start of lines
    /// must be the mapping's keys, in order, or the layout is one this module cannot edit.
    pub(super) fn read_entries(&self) -> Result<Vec<Entry>, EditError> {
        let mut entries: Vec<Entry> = Vec::new();
        for i in 0..self.lines.len() {
            match self.kinds[i] {
                Kind::Key { key_end, colon } => {
                    let n = entries.len();
                    let raw = &self.line_text(i)[..key_end];
                    let same = yaml::parse(raw).ok().zip(self.map.get(n)).is_some_and(|(k, (want, _))| same(&k, want));
                    if !same {
                        return Err(self.layout(i, "a key cairn cannot read"));
                    }
                    let (head, comment) = head(self.line_text(i), colon + 1);
                    entries.push(Entry { line: i, end: i, colon, head, comment });
                }
                Kind::Other if entries.is_empty() => return Err(self.layout(i, "a line before the first key")),
                _ => {}
            }
        }
        if entries.len() != self.map.len() {
            let line = self.kinds.iter().position(|k| *k == Kind::Other).unwrap_or(0);
            return Err(self.layout(line, "keys in flow style or `? ` complex keys"));
        }
        let starts: Vec<usize> = entries.iter().map(|e| e.line).collect();
        for (n, entry) in entries.iter_mut().enumerate() {
            let stop = starts.get(n + 1).copied().unwrap_or(self.lines.len());
            entry.end = self.extent_end(entry, stop);
        }
        Ok(entries)
    }

    pub(super) fn layout(&self, i: usize, reason: &str) -> EditError {
        EditError::Layout { line: self.file_line(i), reason: reason.to_string() }
    }

    /// The last line of the entry whose next key (or the end) is at line `stop`: its last
    /// content line. Blank and comment lines after it belong to no entry; in an open quoted
    /// scalar every line is content, in a block scalar so is a `#` line indented at least as
    /// much as the text, and with `+` chomping so are trailing blank lines.
    pub(super) fn extent_end(&self, entry: &Entry, stop: usize) -> usize {
        let indent = |j: usize| {
            let t = self.line_text(j);
            t.len() - t.trim_start_matches(' ').len()
        };
        let block_indent = match entry.head {
            Head::Block { indent: Some(n), .. } => Some(n),
            Head::Block { indent: None, .. } => {
                (entry.line + 1..stop).find(|&j| self.kinds[j] != Kind::Blank).map(indent).filter(|&n| n > 0)
            }
            _ => None,
        };
        let mut end = entry.line;
        for j in entry.line + 1..stop {
            let content = match self.kinds[j] {
                Kind::Blank => false,
                Kind::Comment => entry.head == Head::Open || block_indent.is_some_and(|n| indent(j) >= n),
                _ => true,
            };
            if content {
                end = j;
            }
        }
        if matches!(entry.head, Head::Block { keep: true, .. }) {
            while end + 1 < stop && self.kinds[end + 1] == Kind::Blank {
                end += 1;
            }
        }
        end
    }

    pub(super) fn find(&self, key: &str) -> Result<Option<usize>, EditError> {
        for (n, (k, _)) in self.map.iter().enumerate() {
            match k {
                Yaml::Str(s) if s == key => return Ok(Some(n)),
                Yaml::Str(_) => {}
                other if other.scalar_text().as_deref() == Some(key) => {
                    return Err(EditError::Unsupported {
                        key: key.to_string(),
                        line: self.file_line(self.entries[n].line),
                        reason: format!("the key is written as {}, not as text", other.type_name()),
                    });
                }
                _ => {}
            }
        }
        Ok(None)
    }
}
