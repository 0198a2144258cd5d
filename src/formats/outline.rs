//! Plain outlines: indented text or markdown bullet lists.
//!
//! ```text
//! Getting Started
//!   - [Install](install.md)
//!   - First steps
//! ```
//!
//! Indentation (a tab counts as four columns) or list depth gives the parent; list markers
//! (`-`, `*`, `+`, `1.`) are dropped; a `[Title](target)` link gives a page. Blank lines and
//! markdown headings' `#` marks are skipped over; a flat list gives top-level entries only.

use crate::error::{Error, Result};
use crate::model::{Location, MAX_DEPTH, Node, Warning};

/// The names this format's nav file goes by, for discovery: none: an outline is read only when named.
pub(crate) const NAV_FILES: &[&str] = &[];

/// Reads an outline from `text`; `path` names it in errors.
pub(crate) fn read(path: &str, text: &str) -> Result<(Vec<Node>, Vec<Warning>)> {
    // Each open node with the indentation it was found at; children are collected
    // into their parent when a line at the same or a smaller indentation closes it.
    let mut open: Vec<(usize, Node)> = Vec::new();
    let mut roots = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let indent = indentation(raw);
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        let (title, target) = entry(line);
        while open
            .last()
            .is_some_and(|(open_indent, _)| *open_indent >= indent)
        {
            close_last(&mut open, &mut roots);
        }
        if open.len() >= MAX_DEPTH {
            return Err(Error::syntax(
                path,
                text,
                i + 1,
                indent + 1,
                format!("outline nested more than {MAX_DEPTH} levels deep"),
            ));
        }
        // Where the entry is written: its first character (a list marker included).
        let column = raw.chars().take_while(|c| c.is_whitespace()).count() + 1;
        let at = Location::new(i + 1, column);
        open.push((indent, Node::new(title, target, Vec::new()).located(at)));
    }
    while !open.is_empty() {
        close_last(&mut open, &mut roots);
    }
    Ok((roots, Vec::new()))
}

fn close_last(open: &mut Vec<(usize, Node)>, roots: &mut Vec<Node>) {
    let (_, node) = open.pop().expect("called with an open node");
    match open.last_mut() {
        Some((_, parent)) => parent.children.push(node),
        None => roots.push(node),
    }
}

/// Leading white space in columns, a tab counting four.
fn indentation(line: &str) -> usize {
    line.chars()
        .take_while(|c| c.is_whitespace())
        .map(|c| if c == '\t' { 4 } else { 1 })
        .sum()
}

/// The title and target of one trimmed, non-empty line.
fn entry(line: &str) -> (String, Option<String>) {
    let line = strip_marker(line);
    if let Some(rest) = line.strip_prefix('[')
        && let Some(close) = rest.find("](")
        && let Some(end) = rest[close + 2..].find(')')
    {
        let title = rest[..close].trim().to_owned();
        let target = rest[close + 2..close + 2 + end].trim();
        let target = (!target.is_empty()).then(|| target.to_owned());
        return (title, target);
    }
    (line.to_owned(), None)
}

/// The line without a bullet (`-`, `*`, `+`), an ordered-list number (`1.`) or heading marks.
fn strip_marker(line: &str) -> &str {
    for bullet in ["- ", "* ", "+ "] {
        if let Some(rest) = line.strip_prefix(bullet) {
            return rest.trim_start();
        }
    }
    if line.starts_with('#') {
        let rest = line.trim_start_matches('#');
        if rest.starts_with(' ') {
            return rest.trim_start();
        }
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits > 0
        && let Some(rest) = line[digits..].strip_prefix(". ")
    {
        return rest.trim_start();
    }
    line
}
