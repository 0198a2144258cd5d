//! mdBook and GitBook: `SUMMARY.md`.
//!
//! ```markdown
//! # Summary                  <- the book's title: skipped
//!
//! [Introduction](README.md)  <- a prefix chapter: top level
//!
//! # User Guide               <- a part: a section holding the chapters up to the next part
//! - [Installation](guide/installation.md)
//!     - [From source](guide/source.md)
//! - [Draft chapter]()        <- a draft: a node without a target
//! ---                        <- a separator: dropped
//! [Contributors](misc/contributors.md)   <- a suffix chapter: top level
//! ```
//!
//! GitBook's `## Group` headings are parts too. A second link in one list item (a line that
//! markdown folded into the item above it) becomes a sibling, with a warning.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::error::{Error, Result};
use crate::model::{MAX_DEPTH, Node, Warning};

/// Farthest a line's content may sit behind indentation, list markers and quote marks.
/// Markdown parsers work harder the deeper lists nest; this bound, checked before parsing,
/// keeps absurd input fast to refuse.
const MAX_LEAD: usize = 4 * MAX_DEPTH + 8;

pub(crate) fn read(name: &str, text: &str) -> Result<(Vec<Node>, Vec<Warning>)> {
    for (i, line) in text.lines().enumerate() {
        let lead = line
            .chars()
            .take_while(|c| {
                matches!(
                    c,
                    ' ' | '\t' | '-' | '*' | '+' | '>' | '.' | ')' | '0'..='9'
                )
            })
            .count();
        if lead > MAX_LEAD {
            return Err(Error::syntax(
                name,
                text,
                i + 1,
                lead + 1,
                format!("chapters nested more than {MAX_DEPTH} levels deep"),
            ));
        }
    }
    let lines = LineIndex::new(text);
    let mut roots: Vec<Node> = Vec::new();
    let mut part: Option<usize> = None;
    let mut items: Vec<Item> = Vec::new();
    let mut heading: Option<String> = None;
    let mut link: Option<(Option<String>, String, usize)> = None;
    let mut seen_anything = false;
    let mut warnings = Vec::new();

    for (event, range) in Parser::new_ext(text, Options::empty()).into_offset_iter() {
        let line = lines.line(range.start);
        match event {
            Event::Start(Tag::Heading { .. }) => heading = Some(String::new()),
            Event::End(TagEnd::Heading(level)) => {
                let title = heading.take().unwrap_or_default().trim().to_owned();
                if !seen_anything && level == pulldown_cmark::HeadingLevel::H1 {
                    seen_anything = true;
                    continue;
                }
                seen_anything = true;
                roots.push(Node::section(title, Vec::new()));
                part = Some(roots.len() - 1);
            }
            Event::Start(Tag::Item) => {
                seen_anything = true;
                if items.len() >= MAX_DEPTH {
                    return Err(Error::syntax(
                        name,
                        text,
                        line,
                        1,
                        format!("chapters nested more than {MAX_DEPTH} levels deep"),
                    ));
                }
                items.push(Item::default());
            }
            Event::End(TagEnd::Item) => {
                let item = items.pop().expect("an item ends after it starts");
                if item.title.is_none() && item.text.trim().is_empty() && item.children.is_empty() {
                    warnings.push(Warning::new(
                        Some(item.line.max(line)),
                        "empty list item; skipped",
                    ));
                    continue;
                }
                if item.title.is_none() {
                    warnings.push(Warning::new(
                        Some(line),
                        "list item without a link: read as a chapter without a page",
                    ));
                }
                let title = item.title.unwrap_or_else(|| item.text.trim().to_owned());
                let mut nodes = vec![Node::new(title, item.target, item.children)];
                nodes.extend(item.extra);
                let container = match (items.last_mut(), part) {
                    (Some(parent), _) => &mut parent.children,
                    (None, Some(p)) => &mut roots[p].children,
                    (None, None) => &mut roots,
                };
                container.extend(nodes);
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                seen_anything = true;
                let dest = dest_url.trim();
                link = Some((
                    (!dest.is_empty()).then(|| dest.to_owned()),
                    String::new(),
                    line,
                ));
            }
            Event::End(TagEnd::Link) => {
                let Some((target, title, at)) = link.take() else {
                    continue;
                };
                let title = title.trim().to_owned();
                match items.last_mut() {
                    Some(item) if item.title.is_none() => {
                        item.title = Some(title);
                        item.target = target;
                        item.line = at;
                    }
                    Some(item) => {
                        warnings.push(Warning::new(
                            Some(at),
                            "a second link in one list item (is a `-` missing?): read as a sibling",
                        ));
                        item.extra.push(Node::new(title, target, Vec::new()));
                    }
                    // A prefix or suffix chapter: top level, outside any part.
                    None => roots.push(Node::new(title, target, Vec::new())),
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, title, _)) = link.as_mut() {
                    title.push_str(&t);
                } else if let Some(h) = heading.as_mut() {
                    h.push_str(&t);
                } else if let Some(item) = items.last_mut() {
                    item.text.push_str(&t);
                    if item.line == 0 {
                        item.line = line;
                    }
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, title, _)) = link.as_mut() {
                    title.push(' ');
                }
            }
            _ => {}
        }
    }
    Ok((roots, warnings))
}

#[derive(Default)]
struct Item {
    title: Option<String>,
    target: Option<String>,
    text: String,
    line: usize,
    children: Vec<Node>,
    extra: Vec<Node>,
}

/// Byte offsets to 1-based line numbers.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset)
    }
}
