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

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::error::{Error, Result};
use crate::formats::support::LineIndex;
use crate::model::{MAX_DEPTH, Node, Warning};

/// The names this format's nav file goes by, for discovery: mdBook's summary, beside `book.toml` or in its `src/`.
pub(crate) const NAV_FILES: &[&str] = &["SUMMARY.md", "src/SUMMARY.md"];

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
    let mut summary = Summary::default();
    for (event, range) in Parser::new_ext(text, Options::empty()).into_offset_iter() {
        let at = lines.line(range.start);
        match event {
            Event::Start(Tag::Heading { .. }) => summary.heading = Some(String::new()),
            Event::End(TagEnd::Heading(level)) => summary.end_heading(level == HeadingLevel::H1),
            Event::Start(Tag::Item) => {
                summary.seen_anything = true;
                if summary.items.len() >= MAX_DEPTH {
                    return Err(Error::syntax(
                        name,
                        text,
                        at,
                        1,
                        format!("chapters nested more than {MAX_DEPTH} levels deep"),
                    ));
                }
                summary.items.push(Item::default());
            }
            Event::End(TagEnd::Item) => summary.end_item(at),
            Event::Start(Tag::Link { dest_url, .. }) => {
                summary.seen_anything = true;
                let dest = dest_url.trim();
                summary.link = Some((
                    (!dest.is_empty()).then(|| dest.to_owned()),
                    String::new(),
                    at,
                ));
            }
            Event::End(TagEnd::Link) => summary.end_link(),
            Event::Text(t) | Event::Code(t) => summary.text(&t, at),
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, title, _)) = summary.link.as_mut() {
                    title.push(' ');
                }
            }
            _ => {}
        }
    }
    Ok((summary.roots, summary.warnings))
}

/// The reader's state between events.
#[derive(Default)]
struct Summary {
    roots: Vec<Node>,
    /// The open part, an index into `roots`.
    part: Option<usize>,
    /// The open list items, outermost first.
    items: Vec<Item>,
    heading: Option<String>,
    /// The open link: target, title so far, line.
    link: Option<(Option<String>, String, usize)>,
    seen_anything: bool,
    warnings: Vec<Warning>,
}

impl Summary {
    fn end_heading(&mut self, is_h1: bool) {
        let title = self.heading.take().unwrap_or_default().trim().to_owned();
        // The first thing in the file, an `# H1`, is the book's title.
        if !self.seen_anything && is_h1 {
            self.seen_anything = true;
            return;
        }
        self.seen_anything = true;
        self.roots.push(Node::section(title, Vec::new()));
        self.part = Some(self.roots.len() - 1);
    }

    fn end_item(&mut self, at: usize) {
        let item = self.items.pop().expect("an item ends after it starts");
        if item.title.is_none() && item.text.trim().is_empty() && item.children.is_empty() {
            self.warnings.push(Warning::new(
                Some(item.line.max(at)),
                "empty list item; skipped",
            ));
            return;
        }
        if item.title.is_none() {
            self.warnings.push(Warning::new(
                Some(at),
                "list item without a link: read as a chapter without a page",
            ));
        }
        let title = item.title.unwrap_or_else(|| item.text.trim().to_owned());
        let node = Node::new(title, item.target, item.children);
        let container = match (self.items.last_mut(), self.part) {
            (Some(parent), _) => &mut parent.children,
            (None, Some(p)) => &mut self.roots[p].children,
            (None, None) => &mut self.roots,
        };
        container.push(node);
        container.extend(item.extra);
    }

    fn end_link(&mut self) {
        let Some((target, title, at)) = self.link.take() else {
            return;
        };
        let title = title.trim().to_owned();
        match self.items.last_mut() {
            Some(item) if item.title.is_none() => {
                item.title = Some(title);
                item.target = target;
                item.line = at;
            }
            Some(item) => {
                self.warnings.push(Warning::new(
                    Some(at),
                    "a second link in one list item (is a `-` missing?): read as a sibling",
                ));
                item.extra.push(Node::new(title, target, Vec::new()));
            }
            // A prefix or suffix chapter: top level, outside any part.
            None => self.roots.push(Node::new(title, target, Vec::new())),
        }
    }

    fn text(&mut self, text: &str, at: usize) {
        if let Some((_, title, _)) = self.link.as_mut() {
            title.push_str(text);
        } else if let Some(h) = self.heading.as_mut() {
            h.push_str(text);
        } else if let Some(item) = self.items.last_mut() {
            item.text.push_str(text);
            if item.line == 0 {
                item.line = at;
            }
        }
    }
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
