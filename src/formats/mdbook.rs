//! mdBook: `SUMMARY.md`, read as mdBook's own summary parser (`mdbook-summary`) reads it.
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
//! ## Grouping                <- not a part: mdBook skips every heading but `#`
//! ---                        <- a separator: dropped
//! [Contributors](misc/contributors.md)   <- a suffix chapter: top level
//! ```
//!
//! The rules are mdBook's (checked against mdbook-summary 0.5.4):
//! - only a level-1 heading starts a part; other headings, and anything else that is not a
//!   list or a link, are skipped with their contents;
//! - a numbered chapter is a list item whose first content is a link; any other item makes
//!   the book fail to build, and so is an error here;
//! - a second link in one item, or a link folded into an item, is not a chapter (mdBook
//!   drops it; navdiff warns);
//! - a plain link paragraph right after a part title is skipped, and the first paragraph
//!   after the numbered chapters starts the suffix chapters, after which a list or a part is
//!   an error;
//! - a chapter name is the text and code of the link, other markup dropped; `%20` in a
//!   destination is a space;
//! - a file linked twice is kept with a warning: mdBook refuses it since 0.4.48 (2025),
//!   but books built before showed both entries, and their history must still read.
//!
//! GitBook's `## Group` headings are therefore not groups: mdBook, which builds these books
//! today, ignores them.

use std::collections::HashSet;
use std::path::PathBuf;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::error::{Error, Result};
use crate::formats::support::LineIndex;
use crate::model::{Location, MAX_DEPTH, Node, Warning};

/// The names this format's nav file goes by, for discovery: mdBook's summary, beside `book.toml` or in its `src/`.
pub(crate) const NAV_FILES: &[&str] = &["SUMMARY.md", "src/SUMMARY.md"];

/// The summary of the book whose `book.toml` is at `book_toml` (`[book] src`, `src` by
/// default, then `SUMMARY.md`), for discovery; `None` when there is no such file.
pub(crate) fn book_summary(
    files: &dyn crate::formats::FileAccess,
    book_toml: &str,
) -> Result<Option<String>> {
    let Some(text) = files.read_head(book_toml, 64 * 1024)? else {
        return Ok(None);
    };
    let src = text
        .parse::<toml::Table>()
        .ok()
        .and_then(|t| t.get("book")?.get("src")?.as_str().map(str::to_owned))
        .unwrap_or_else(|| "src".into());
    let dir = crate::formats::support::parent_dir(book_toml);
    let Some(summary) = crate::formats::join_path(dir, &format!("{src}/SUMMARY.md")) else {
        return Ok(None);
    };
    Ok(files.is_file(&summary)?.then_some(summary))
}

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
    let events = Parser::new_ext(text, Options::empty())
        .into_offset_iter()
        .map(|(event, range)| (event, range.start))
        .collect();
    let mut summary = Summary {
        name,
        text,
        lines: LineIndex::new(text),
        events,
        pos: 0,
        back: false,
        seen: HashSet::new(),
        warnings: Vec::new(),
    };
    let roots = summary.parse()?;
    Ok((roots, summary.warnings))
}

/// The summary's events and the parser's place in them.
struct Summary<'t> {
    name: &'t str,
    text: &'t str,
    lines: LineIndex,
    events: Vec<(Event<'t>, usize)>,
    /// The next event to read.
    pos: usize,
    /// Whether the last event read was put back, to be read again.
    back: bool,
    /// The chapter files linked so far, compared as mdBook compares paths.
    seen: HashSet<PathBuf>,
    warnings: Vec<Warning>,
}

impl<'t> Summary<'t> {
    /// The book: prefix chapters, numbered chapters (in parts or not), suffix chapters.
    fn parse(&mut self) -> Result<Vec<Node>> {
        self.skip_title();
        let mut roots = self.affix(true)?;
        self.parts(&mut roots)?;
        let suffix = self.affix(false)?;
        roots.extend(suffix);
        Ok(roots)
    }

    fn next(&mut self) -> Option<Event<'t>> {
        if self.back {
            self.back = false;
        } else {
            self.pos += 1;
        }
        self.events.get(self.pos - 1).map(|(e, _)| e.clone())
    }

    /// Reads the last event again on the next call to [`Summary::next`].
    fn put_back(&mut self) {
        self.back = true;
    }

    /// The offset of the last event read (the end of the text after the last one).
    fn offset(&self) -> usize {
        self.events
            .get(self.pos.saturating_sub(1))
            .map_or(self.text.len(), |(_, o)| *o)
    }

    fn line(&self) -> usize {
        self.lines.line(self.offset())
    }

    /// Where the last event read starts (a nested list item's range starts in its
    /// indentation: at its marker).
    fn location(&self) -> Location {
        let offset = self.offset();
        let blank = self.text.as_bytes()[offset.min(self.text.len())..]
            .iter()
            .take_while(|b| matches!(b, b' ' | b'\t'))
            .count();
        let (line, column) = self.lines.line_column(self.text, offset + blank);
        Location::new(line, column)
    }

    fn error_at(&self, offset: usize, message: String) -> Error {
        let (line, column) = self.lines.line_column(self.text, offset);
        Error::syntax(self.name, self.text, line, column, message)
    }

    /// mdBook reads a level-1 heading before anything but HTML as the book's title, which
    /// the sidebar does not show.
    fn skip_title(&mut self) {
        loop {
            match self.next() {
                Some(
                    Event::Html(_)
                    | Event::InlineHtml(_)
                    | Event::Start(Tag::HtmlBlock)
                    | Event::End(TagEnd::HtmlBlock),
                ) => {}
                Some(Event::Start(Tag::Heading {
                    level: HeadingLevel::H1,
                    ..
                })) => {
                    self.inline_text(TagEnd::Heading(HeadingLevel::H1));
                    return;
                }
                Some(_) => {
                    self.put_back();
                    return;
                }
                None => return,
            }
        }
    }

    /// Prefix (before the first list or part) or suffix chapters: the links among
    /// paragraphs, everything else skipped. A list or a part after the suffix chapters is
    /// an error in mdBook.
    fn affix(&mut self, prefix: bool) -> Result<Vec<Node>> {
        let mut chapters = Vec::new();
        while let Some(event) = self.next() {
            match event {
                Event::Start(
                    Tag::List(_)
                    | Tag::Heading {
                        level: HeadingLevel::H1,
                        ..
                    },
                ) => {
                    if prefix {
                        self.put_back();
                        break;
                    }
                    return Err(self.error_at(
                        self.offset(),
                        "a list or a part after the suffix chapters; mdBook refuses it (\"Suffix chapters cannot be followed by a list\")".into(),
                    ));
                }
                Event::Start(Tag::Link { dest_url, .. }) => {
                    let at = self.location();
                    chapters.push(self.link(&dest_url).located(at));
                }
                _ => {}
            }
        }
        Ok(chapters)
    }

    /// The numbered chapters: parts (a level-1 heading and the chapters after it) and
    /// chapters outside any part, up to the first paragraph after them.
    fn parts(&mut self, roots: &mut Vec<Node>) -> Result<()> {
        loop {
            let title = match self.next() {
                None => return Ok(()),
                Some(Event::Start(Tag::Paragraph)) => {
                    self.put_back();
                    return Ok(());
                }
                Some(Event::Start(Tag::Heading {
                    level: HeadingLevel::H1,
                    ..
                })) => {
                    let at = self.location();
                    Some((self.inline_text(TagEnd::Heading(HeadingLevel::H1)), at))
                }
                Some(_) => {
                    self.put_back();
                    None
                }
            };
            let chapters = self.numbered()?;
            match title {
                Some((title, at)) => roots.push(Node::section(title, chapters).located(at)),
                None => roots.extend(chapters),
            }
        }
    }

    /// The lists of one part, up to the next part or paragraph.
    fn numbered(&mut self) -> Result<Vec<Node>> {
        let mut chapters = Vec::new();
        let mut first = true;
        while let Some(event) = self.next() {
            match event {
                Event::Start(Tag::Paragraph) if !first => {
                    self.put_back();
                    break;
                }
                // A paragraph right after a part title is read through, its links skipped.
                Event::Start(Tag::Paragraph) => {}
                Event::Start(Tag::Heading {
                    level: HeadingLevel::H1,
                    ..
                }) => {
                    self.put_back();
                    break;
                }
                Event::Start(Tag::List(_)) => {
                    self.put_back();
                    chapters.extend(self.list(1)?);
                }
                Event::Start(Tag::Link { .. }) => {
                    self.warnings.push(Warning::new(
                        Some(self.line()),
                        "a link right after a part title is not a chapter: mdBook skips it",
                    ));
                    self.skip(TagEnd::Link);
                }
                // Other headings, block quotes, tables…: skipped with their contents.
                Event::Start(other) => self.skip(TagEnd::from(other)),
                _ => {}
            }
            first = false;
        }
        Ok(chapters)
    }

    /// One list of chapters at `depth`: an item's first link is its chapter, a list after
    /// an item holds that chapter's children.
    fn list(&mut self, depth: usize) -> Result<Vec<Node>> {
        if depth > MAX_DEPTH {
            return Err(self.error_at(
                self.offset(),
                format!("chapters nested more than {MAX_DEPTH} levels deep"),
            ));
        }
        let mut chapters: Vec<Node> = Vec::new();
        while let Some(event) = self.next() {
            match event {
                Event::Start(Tag::Item) => {
                    let at = self.location();
                    chapters.push(self.item()?.located(at));
                }
                // mdBook reads a list that does not follow an item (after a comment) as
                // part of this one.
                Event::Start(Tag::List(_)) if chapters.is_empty() => {}
                Event::Start(Tag::List(_)) => {
                    let children = self.list(depth + 1)?;
                    if let Some(last) = chapters.last_mut() {
                        last.children = children;
                    }
                }
                Event::End(TagEnd::List(_)) => break,
                Event::Start(Tag::Link { .. }) => {
                    self.warnings.push(Warning::new(
                        Some(self.line()),
                        "a second link in one list item (is a `-` missing?) is not a chapter: mdBook shows only the item's first link",
                    ));
                    self.skip(TagEnd::Link);
                }
                _ => {}
            }
        }
        Ok(chapters)
    }

    /// A list item: its first content must be a link, as mdBook requires.
    fn item(&mut self) -> Result<Node> {
        loop {
            match self.next() {
                Some(Event::Start(Tag::Paragraph)) => {}
                Some(Event::Start(Tag::Link { dest_url, .. })) => return Ok(self.link(&dest_url)),
                _ => {
                    return Err(self.error_at(
                        self.offset(),
                        "a list item that does not start with a link; mdBook refuses it (\"The link items for nested chapters must only contain a hyperlink\")".into(),
                    ));
                }
            }
        }
    }

    /// The chapter a link makes: its text as mdBook renders the name, its destination with
    /// `%20` decoded as mdBook decodes it; an empty destination is a draft.
    fn link(&mut self, dest: &CowStr<'_>) -> Node {
        let line = self.line();
        let location = dest.replace("%20", " ");
        let title = self.inline_text(TagEnd::Link);
        let target = (!location.is_empty()).then_some(location);
        if let Some(location) = &target
            && !self.seen.insert(PathBuf::from(location))
        {
            self.warnings.push(Warning::new(
                Some(line),
                format!("`{location}` is listed twice: mdBook 0.4.48 and later refuse such a summary, earlier versions show both entries (kept)"),
            ));
        }
        Node::new(title, target, Vec::new())
    }

    /// The text of inline content up to `end`: mdBook keeps text and code, turns a line
    /// break inside it into a space and drops other markup; the sidebar shows it with
    /// white space collapsed, as HTML does.
    fn inline_text(&mut self, end: TagEnd) -> String {
        let mut out = String::new();
        while let Some(event) = self.next() {
            match event {
                Event::End(e) if e == end => break,
                Event::Text(t) | Event::Code(t) => out.push_str(&t),
                Event::SoftBreak => out.push(' '),
                _ => {}
            }
        }
        out.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// Skips events up to the first `end`, as mdBook skips a tag's contents.
    fn skip(&mut self, end: TagEnd) {
        while let Some(event) = self.next() {
            if matches!(event, Event::End(e) if e == end) {
                break;
            }
        }
    }
}
