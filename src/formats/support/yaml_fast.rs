//! A fast path for the YAML that navigation files are made of: block sequences and
//! mappings of plain or quoted one-line scalars, with comments. It builds the same tree as
//! the full parser (`yaml.rs` over `saphyr-parser`), lines included, and gives up (`None`)
//! at anything else (flow collections, anchors, tags, block or multi-line scalars, tabs,
//! several documents, anything malformed), which the full parser then reads, errors and
//! all. A 100,000-entry `mkdocs.yml` reads several times faster this way.

use std::collections::HashMap;

use super::yaml::{MAX_INDENT, MAX_YAML_DEPTH, Yaml, YamlKind};

/// One line with content: its number, indentation and the text after it.
#[derive(Clone, Copy)]
struct Line<'t> {
    no: usize,
    indent: usize,
    text: &'t str,
}

/// What the fast path makes of a text.
#[derive(Debug, PartialEq)]
pub(super) enum Fast {
    /// A document.
    Document(Yaml),
    /// No document: the text is empty or only comments.
    Empty,
    /// Something only the full parser reads (or refuses).
    GiveUp,
}

/// The document in `text`, or [`Fast::GiveUp`] when it needs the full parser.
pub(super) fn parse(text: &str) -> Fast {
    parse_or_none(text).map_or(Fast::GiveUp, |doc| doc.map_or(Fast::Empty, Fast::Document))
}

#[expect(
    clippy::option_option,
    reason = "inside this module: `?` gives up, the inner `None` is an empty document"
)]
fn parse_or_none(text: &str) -> Option<Option<Yaml>> {
    if text.contains(['\r', '\t']) {
        return None;
    }
    let mut lines = Vec::new();
    for (i, raw) in text.split('\n').enumerate() {
        let trimmed = raw.trim_start_matches(' ');
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let indent = raw.len() - trimmed.len();
        if indent > MAX_INDENT {
            return None;
        }
        if indent == 0
            && (trimmed.starts_with("---")
                || trimmed.starts_with("...")
                || trimmed.starts_with('%'))
        {
            // A document marker: only a lone `---` before any content is taken.
            if !lines.is_empty() || trimmed.trim_end() != "---" {
                return None;
            }
            continue;
        }
        lines.push(Line {
            no: i + 1,
            indent,
            text: trimmed.trim_end_matches(' '),
        });
    }
    if lines.is_empty() {
        return Some(None);
    }
    let mut parser = Parser { lines, at: 0 };
    let first = parser.lines[0];
    let node = parser.block(first.indent, 0)?;
    (parser.at == parser.lines.len()).then_some(Some(node))
}

struct Parser<'t> {
    lines: Vec<Line<'t>>,
    at: usize,
}

impl<'t> Parser<'t> {
    fn peek(&self) -> Option<Line<'t>> {
        self.lines.get(self.at).copied()
    }

    /// The block node starting at the current line, at `indent`.
    fn block(&mut self, indent: usize, depth: usize) -> Option<Yaml> {
        let line = self.peek()?;
        if line.indent != indent {
            return None;
        }
        if is_entry(line.text) {
            self.sequence(indent, false, depth)
        } else {
            self.mapping(indent, None, depth)
        }
    }

    /// A block sequence of `- ` entries at `indent`; `indentless` when it is a mapping
    /// value at the key's own indentation, which the full parser places at its first
    /// entry's content rather than at its first `-`.
    fn sequence(&mut self, indent: usize, indentless: bool, depth: usize) -> Option<Yaml> {
        // `depth`: the collections around this one; the full parser refuses deeper ones.
        if depth >= MAX_YAML_DEPTH {
            return None;
        }
        let first = self.peek()?;
        let start = first.no;
        let start_column = if indentless {
            let rest = first.text[1..].trim_start_matches(' ');
            indent + (first.text.len() - rest.len()) + 1
        } else {
            indent + 1
        };
        let mut items = Vec::new();
        while let Some(line) = self.peek() {
            if line.indent < indent || (line.indent == indent && !is_entry(line.text)) {
                // The end of the sequence; a mapping holding it at its own indentation
                // goes on with its next key.
                break;
            }
            if line.indent > indent {
                return None;
            }
            let rest = line.text[1..].trim_start_matches(' ');
            let column = line.indent + (line.text.len() - rest.len());
            if rest.is_empty() {
                self.at += 1;
                items.push(self.value_below(indent, line.no, indent + 1, depth)?);
            } else if is_entry(rest) {
                return None;
            } else if key_end(rest).is_some() {
                // A compact mapping: `- key: value`, more keys below at its column.
                let first = Line {
                    no: line.no,
                    indent: column,
                    text: rest,
                };
                self.at += 1;
                items.push(self.mapping(column, Some(first), depth + 1)?);
            } else {
                self.at += 1;
                items.push(scalar(rest, line.no, column + 1)?);
                if self.peek().is_some_and(|next| next.indent > indent) {
                    return None;
                }
            }
        }
        Some(Yaml::new(YamlKind::Seq(items), start, start_column))
    }

    /// A block mapping at `indent`; `first` is its first line when it was found inside a
    /// sequence entry (and so is not among the lines still to read).
    fn mapping(&mut self, indent: usize, first: Option<Line<'t>>, depth: usize) -> Option<Yaml> {
        if depth >= MAX_YAML_DEPTH {
            return None;
        }
        let start = first.or_else(|| self.peek())?.no;
        let mut entries: Vec<(Yaml, Yaml)> = Vec::new();
        let mut index: Option<HashMap<String, usize>> = None;
        let mut pending = first;
        loop {
            let line = if let Some(line) = pending.take() {
                line
            } else {
                let Some(line) = self.peek() else { break };
                if line.indent < indent {
                    break;
                }
                if line.indent > indent || is_entry(line.text) {
                    return None;
                }
                self.at += 1;
                line
            };
            let end = key_end(line.text)?;
            let key = scalar(line.text[..end].trim_end_matches(' '), line.no, indent + 1)?;
            let rest = line.text[end + 1..].trim_start_matches(' ');
            let rest_column =
                indent + line.text[..line.text.len() - rest.len()].chars().count() + 1;
            let value = if rest.is_empty() || rest.starts_with('#') {
                // The value is on the lines below: more indented, or a sequence at the key's
                // own indentation.
                match self.peek() {
                    Some(next) if next.indent == indent && is_entry(next.text) => {
                        self.sequence(indent, true, depth + 1)?
                    }
                    _ => {
                        let colon = indent + line.text[..end].chars().count() + 1;
                        self.value_below(indent, line.no, colon, depth)?
                    }
                }
            } else {
                let value = scalar(rest, line.no, rest_column)?;
                if self.peek().is_some_and(|next| next.indent > indent) {
                    return None;
                }
                value
            };
            insert(&mut entries, &mut index, key, value);
        }
        Some(Yaml::new(YamlKind::Map(entries), start, indent + 1))
    }

    /// The value of an entry whose line ended (`key:` or `-`): the block indented below it,
    /// or null on `line` at `column` (the `:` or `-`, as the full parser places it).
    fn value_below(
        &mut self,
        indent: usize,
        line: usize,
        column: usize,
        depth: usize,
    ) -> Option<Yaml> {
        match self.peek() {
            Some(next) if next.indent > indent => self.block(next.indent, depth + 1),
            _ => Some(Yaml::new(YamlKind::Null, line, column)),
        }
    }
}

/// Places an entry as the full parser does: a repeated key keeps its first place and takes
/// the last value.
fn insert(
    entries: &mut Vec<(Yaml, Yaml)>,
    index: &mut Option<HashMap<String, usize>>,
    key: Yaml,
    value: Yaml,
) {
    let text = match &key.kind {
        YamlKind::Scalar(s) => Some(s.clone()),
        _ => None,
    };
    if entries.len() >= 16 && index.is_none() {
        *index = Some(
            entries
                .iter()
                .enumerate()
                .filter_map(|(i, (k, _))| match &k.kind {
                    YamlKind::Scalar(s) => Some((s.clone(), i)),
                    _ => None,
                })
                .collect(),
        );
    }
    let existing = match (&text, index.as_ref()) {
        (Some(t), Some(index)) => index.get(t).copied(),
        (Some(t), None) => entries
            .iter()
            .position(|(k, _)| matches!(&k.kind, YamlKind::Scalar(s) if s == t)),
        (None, _) => None,
    };
    if let Some(i) = existing {
        entries[i].1 = value;
    } else {
        if let (Some(t), Some(index)) = (text, index.as_mut()) {
            index.insert(t, entries.len());
        }
        entries.push((key, value));
    }
}

/// Whether a line is a sequence entry (`- x` or a lone `-`).
fn is_entry(text: &str) -> bool {
    text == "-" || text.starts_with("- ")
}

/// Where the key of a `key: value` line ends (the index of its `:`), for a plain or quoted
/// key; `None` when the line is not one.
fn key_end(text: &str) -> Option<usize> {
    match text.as_bytes().first()? {
        b'"' | b'\'' => {
            let close = quoted_end(text)?;
            let rest = &text[close..];
            (rest.starts_with(": ") || rest == ":").then_some(close)
        }
        _ => {
            let colon = text
                .find(": ")
                .or_else(|| text.strip_suffix(':').map(str::len))?;
            let key = &text[..colon];
            (!key.contains(" #")).then_some(colon)
        }
    }
}

/// The index just after the closing quote of the quoted scalar `text` starts with.
fn quoted_end(text: &str) -> Option<usize> {
    let quote = text.as_bytes()[0];
    let bytes = text.as_bytes();
    let mut i = 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 2,
            b if b == quote => {
                if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                    i += 2;
                    continue;
                }
                return Some(i + 1);
            }
            _ => i += 1,
        }
    }
    None
}

/// A one-line scalar as the full parser gives it, or `None` when it needs the full parser.
fn scalar(text: &str, line: usize, column: usize) -> Option<Yaml> {
    let first = *text.as_bytes().first()?;
    if first == b'"' || first == b'\'' {
        let close = quoted_end(text)?;
        let after = text[close..].trim_start_matches(' ');
        // Only a comment may follow, after a space.
        let comment = after.starts_with('#') && text.as_bytes().get(close) == Some(&b' ');
        if !(after.is_empty() || comment) {
            return None;
        }
        let inner = &text[1..close - 1];
        let value = if first == b'\'' {
            inner.replace("''", "'")
        } else {
            unescape(inner)?
        };
        return Some(Yaml::new(YamlKind::Scalar(value), line, column));
    }
    if matches!(
        first,
        b'-' | b'?'
            | b':'
            | b','
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'#'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'%'
            | b'@'
            | b'`'
    ) {
        return None;
    }
    let value = match text.find(" #") {
        Some(comment) => text[..comment].trim_end_matches(' '),
        None => text,
    };
    if value.contains(": ") || value.ends_with(':') {
        return None;
    }
    let kind = if matches!(value, "~" | "null" | "Null" | "NULL") {
        YamlKind::Null
    } else {
        YamlKind::Scalar(value.to_owned())
    };
    Some(Yaml::new(kind, line, column))
}

/// A double-quoted scalar's escapes, the common ones only.
fn unescape(inner: &str) -> Option<String> {
    if !inner.contains('\\') {
        return Some(inner.to_owned());
    }
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        out.push(match chars.next()? {
            '\\' => '\\',
            '"' => '"',
            '/' => '/',
            'n' => '\n',
            't' => '\t',
            ' ' => ' ',
            _ => return None,
        });
    }
    Some(out)
}
