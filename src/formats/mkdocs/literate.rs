//! The `literate-nav` plugin for MkDocs (mkdocs-literate-nav): a folder's navigation written
//! as a Markdown list in the folder's nav file (`SUMMARY.md` unless `nav_file` says
//! otherwise).
//!
//! ```markdown
//! * [Frob](index.md)          <- a page, titled by the link
//! * [Borgs](borgs/index.md)   <- a page with a list: a section, the page first in it
//!     * [Bar](borgs/bar.md)
//! * Misc                      <- text with a list: a section
//!     * [Sub](sub/)           <- a folder: its own nav file, or its pages listed
//! ```
//!
//! As the plugin reads it: the list is the first after the last `<!--nav-->` line, else the
//! file's last list; links are relative to the nav file's folder; a link to a folder reads
//! that folder's nav file, or lists its pages when it has none; with `implicit_index`, a
//! folder's index page comes first in its section. Wildcard entries (`*.md`) are not
//! expanded: navdiff warns and leaves them out.

use pulldown_cmark::{Event, Options as MdOptions, Parser, Tag, TagEnd};

use super::{Config, Reader};
use crate::error::Result;
use crate::formats::support::join_path;
use crate::model::{Location, MAX_DEPTH, Node, Warning, has_scheme};

/// The plugin's settings.
#[derive(Debug, Clone)]
pub(super) struct Options {
    nav_file: String,
    implicit_index: bool,
}

impl Options {
    /// The plugin's settings, when `plugins:` lists it.
    pub(super) fn from_config(config: &Config<'_>) -> Option<Self> {
        let (_, options) = config
            .entries("plugins")
            .into_iter()
            .find(|(name, _)| matches!(name.as_str(), "literate-nav" | "mkdocs-literate-nav"))?;
        let get = |key: &str| {
            options
                .and_then(crate::formats::support::yaml::as_mapping)
                .and_then(|m| crate::formats::support::yaml::get(m, key))
                .and_then(crate::formats::support::yaml::scalar_text)
        };
        Some(Options {
            nav_file: get("nav_file").unwrap_or_else(|| "SUMMARY.md".into()),
            implicit_index: get("implicit_index").is_some_and(|v| v == "true" || v == "True"),
        })
    }
}

/// The navigation of the folder `dir` (relative to the docs folder, `""` for its root).
pub(super) fn folder(
    reader: &mut Reader<'_>,
    dir: &str,
    stack: &mut Vec<String>,
    depth: usize,
) -> Result<Vec<Node>> {
    let options = reader.literate.clone().expect("literate-nav is configured");
    folder_with(reader, &options, dir, stack, depth)
}

/// One list item of a nav file, before it becomes a node.
#[derive(Default)]
struct Item {
    text: String,
    link: Option<(String, String)>,
    children: Option<Vec<Item>>,
    line: usize,
    column: usize,
}

pub(super) fn folder_with(
    reader: &mut Reader<'_>,
    options: &Options,
    dir: &str,
    stack: &mut Vec<String>,
    depth: usize,
) -> Result<Vec<Node>> {
    let dir = dir.trim_end_matches('/').to_owned();
    if stack.contains(&dir) || depth > MAX_DEPTH {
        reader.warnings.push(Warning::new(
            None,
            format!("literate-nav: `{dir}/` links back to itself; not followed again"),
        ));
        return Ok(Vec::new());
    }
    let prefix = if dir.is_empty() {
        String::new()
    } else {
        format!("{dir}/")
    };
    let nav_src = format!("{prefix}{}", options.nav_file);
    let nav_path = format!("{}{nav_src}", super::docs_prefix(&reader.docs_dir));
    let text = match reader.files {
        Some(files) => files.read_text(&nav_path)?,
        None => None,
    };
    let Some(text) = text else {
        // No nav file: the folder's pages, as the plugin infers them.
        return reader.listing(&dir, depth);
    };
    let Some(items) = nav_list(&text) else {
        return reader.listing(&dir, depth);
    };
    stack.push(dir.clone());
    let mut nodes = Vec::new();
    if options.implicit_index
        && let Some(index) = index_page(reader, &prefix)?
    {
        nodes.push(reader.page(None, &index, None, Some(&nav_path)));
    }
    for item in items {
        let at = Location::in_file(&nav_path, item.line, item.column);
        if let Some(node) = item_node(reader, options, &prefix, &nav_path, item, stack, depth)? {
            nodes.push(node.located(at));
        }
    }
    stack.pop();
    Ok(nodes)
}

/// The folder's index page (`index.md`, else `README.md`), relative to the docs folder.
fn index_page(reader: &mut Reader<'_>, prefix: &str) -> Result<Option<String>> {
    for name in ["index.md", "README.md"] {
        let src = format!("{prefix}{name}");
        if reader.file_exists(&src)? == Some(true) {
            return Ok(Some(src));
        }
    }
    Ok(None)
}

fn item_node(
    reader: &mut Reader<'_>,
    options: &Options,
    prefix: &str,
    nav_path: &str,
    item: Item,
    stack: &mut Vec<String>,
    depth: usize,
) -> Result<Option<Node>> {
    let warn = |reader: &mut Reader<'_>, message: String| {
        reader
            .warnings
            .push(Warning::in_file(nav_path, Some(item.line), message));
    };
    let resolve = |href: &str| -> Option<String> {
        if has_scheme(href) {
            return Some(href.to_owned());
        }
        let path = join_path(prefix.trim_end_matches('/'), href)?;
        Some(if href.ends_with('/') {
            format!("{path}/")
        } else {
            path
        })
    };
    let mut children = Vec::new();
    let at = Location::in_file(nav_path, item.line, item.column);
    if let Some(list) = item.children {
        for child in list {
            let child_at = Location::in_file(nav_path, child.line, child.column);
            if let Some(node) =
                item_node(reader, options, prefix, nav_path, child, stack, depth + 1)?
            {
                children.push(node.located(child_at));
            }
        }
    }
    if let Some((title, href)) = item.link {
        let Some(target) = resolve(&href) else {
            warn(
                reader,
                format!("`{href}` points outside the docs folder; skipped"),
            );
            return Ok(None);
        };
        if has_scheme(&target) {
            return Ok(Some(Node::page(title, target)));
        }
        if target.ends_with('/') && reader.is_dir(&target)? {
            let sub = folder_with(reader, options, &target, stack, depth + 1)?;
            return Ok(Some(Node::section(title, sub)));
        }
        if children.is_empty() {
            return Ok(Some(reader.page(
                Some(title),
                &target,
                Some(item.line),
                Some(nav_path),
            )));
        }
        // A page with a list under it: a section, the page first in it.
        let page = reader.page(None, &target, Some(item.line), Some(nav_path));
        children.insert(0, page.located(at));
        Ok(Some(Node::section(title, children)))
    } else {
        let title = item.text.trim().to_owned();
        if title.contains('*') && children.is_empty() {
            warn(
                reader,
                format!("literate-nav wildcard `{title}` is not expanded by navdiff; left out"),
            );
            return Ok(None);
        }
        if title.is_empty() || children.is_empty() {
            warn(
                reader,
                format!(
                    "literate-nav item `{title}` has no link and no list; the plugin refuses it; left out"
                ),
            );
            return Ok(None);
        }
        Ok(Some(Node::section(title, children)))
    }
}

/// The list the plugin reads from a nav file: the first list after the last `<!--nav-->`
/// line, else the last list of the file; `None` when there is none.
fn nav_list(text: &str) -> Option<Vec<Item>> {
    let marker = text
        .match_indices("<!--nav-->")
        .filter(|(i, _)| {
            let start = text[..*i].rfind('\n').map_or(0, |n| n + 1);
            let end = text[*i..].find('\n').map_or(text.len(), |n| i + n);
            text[start..end].trim() == "<!--nav-->"
        })
        .map(|(i, _)| i)
        .last();
    let lines = crate::formats::support::LineIndex::new(text);
    let mut lists: Vec<(usize, Vec<Item>)> = Vec::new();
    // The open lists and items, outermost first.
    let mut stack: Vec<Vec<Item>> = Vec::new();
    let mut items: Vec<Item> = Vec::new();
    let mut link: Option<(String, String)> = None;
    let mut container_depth = 0usize;
    let mut list_start = 0;
    for (event, range) in Parser::new_ext(text, MdOptions::empty()).into_offset_iter() {
        match event {
            Event::Start(Tag::List(_)) => {
                if stack.is_empty() && container_depth == 0 {
                    list_start = range.start;
                }
                stack.push(Vec::new());
            }
            Event::End(TagEnd::List(_)) => {
                let list = stack.pop().unwrap_or_default();
                if stack.is_empty() {
                    if container_depth == 0 {
                        lists.push((list_start, list));
                    }
                } else if let Some(parent) = items.last_mut() {
                    parent.children = Some(list);
                }
            }
            Event::Start(Tag::Item) => {
                // A nested item's range starts in its indentation: at its marker.
                let blank = text.as_bytes()[range.start..]
                    .iter()
                    .take_while(|b| matches!(b, b' ' | b'\t'))
                    .count();
                let (item_line, item_column) = lines.line_column(text, range.start + blank);
                items.push(Item {
                    line: item_line,
                    column: item_column,
                    ..Item::default()
                });
            }
            Event::End(TagEnd::Item) => {
                if let Some(item) = items.pop()
                    && let Some(list) = stack.last_mut()
                {
                    list.push(item);
                }
            }
            Event::Start(Tag::BlockQuote(_)) if stack.is_empty() => container_depth += 1,
            Event::End(TagEnd::BlockQuote(_)) if stack.is_empty() => {
                container_depth = container_depth.saturating_sub(1);
            }
            Event::Start(Tag::Link { dest_url, .. }) if !items.is_empty() => {
                link = Some((dest_url.to_string(), String::new()));
            }
            Event::End(TagEnd::Link) => {
                if let (Some((href, title)), Some(item)) = (link.take(), items.last_mut())
                    && item.link.is_none()
                    && item.children.is_none()
                {
                    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
                    item.link = Some((title, href));
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, title)) = link.as_mut() {
                    title.push_str(&t);
                } else if let Some(item) = items.last_mut()
                    && item.link.is_none()
                    && item.children.is_none()
                {
                    item.text.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, title)) = link.as_mut() {
                    title.push(' ');
                }
            }
            _ => {}
        }
    }
    match marker {
        Some(at) => lists
            .into_iter()
            .find(|(start, _)| *start > at)
            .map(|(_, l)| l),
        None => lists.pop().map(|(_, l)| l),
    }
}
