//! Sphinx: `toctree` directives, followed from the root document through the documents
//! they list.
//!
//! ```rst
//! User's Guide
//! ------------
//!
//! .. toctree::
//!    :caption: Guide          <- a caption (or else the heading above) is a section
//!
//!    installation             <- a document, titled by its first heading
//!    Quick start <quickstart> <- a document with an explicit title
//!    https://example.com      <- an external link
//! ```
//!
//! Each listed document's own toctrees become its children. `.. include::` files are read
//! as part of the document that includes them; `MyST`'s `{toctree}` fences in markdown
//! documents count too. Documents are read from the same revision when files are at hand;
//! otherwise only the root document is read and entries are titled by their names.

use std::collections::HashSet;

use crate::error::{Error, Result};
use crate::formats::ReadContext;
use crate::formats::support::{document_title, join_path, parent_dir};
use crate::model::{MAX_DEPTH, Node, Warning, has_scheme};

/// The names this format's nav file goes by, for discovery: the Sphinx root document.
pub(crate) const NAV_FILES: &[&str] = &["index.rst", "source/index.rst"];

/// How many `.. include::` hops to follow inside one document.
const MAX_INCLUDES: usize = 8;
/// Extensions a document name may stand for, in the order Sphinx projects use them.
const SOURCE_SUFFIXES: [&str; 4] = [".rst", ".md", ".txt", ".rest"];

pub(crate) fn read(ctx: &ReadContext<'_>, text: &str) -> Result<(Vec<Node>, Vec<Warning>)> {
    let mut reader = Reader {
        ctx,
        source_dir: String::new(),
        visited: HashSet::new(),
        warnings: Vec::new(),
    };
    let (root_path, root_text) = if ctx.path.ends_with("conf.py") {
        reader.root_from_conf(text)?
    } else {
        (ctx.path.to_owned(), text.to_owned())
    };
    let source_dir = parent_dir(&root_path).to_owned();
    let root_doc = strip_suffix(root_path[source_dir.len()..].trim_start_matches('/')).to_owned();
    reader.source_dir.clone_from(&source_dir);
    reader.visited.insert(root_doc.clone());
    let doc = reader.parse(ctx.name, &root_path, &root_text, None, 0)?;
    if doc.toctrees.is_empty() {
        reader
            .warnings
            .push(Warning::new(None, "no `toctree` in the root document"));
    }
    let mut roots = Vec::new();
    for tree in doc.toctrees {
        let nodes = reader.entries(parent_dir(&root_doc), &tree.entries, 1)?;
        // In the root document, a toctree under a heading is that heading's section.
        match tree.caption.or(tree.heading) {
            Some(title) => roots.push(Node::section(title, nodes)),
            None => roots.extend(nodes),
        }
    }
    Ok((roots, reader.warnings))
}

struct Reader<'c> {
    ctx: &'c ReadContext<'c>,
    /// The folder of the root document: document names are relative to it.
    source_dir: String,
    /// Documents already expanded, by path without suffix: a document listed twice is
    /// shown twice but expanded once, and cycles stop.
    visited: HashSet<String>,
    warnings: Vec<Warning>,
}

/// What one document contributes: its title and its toctrees.
struct Document {
    title: Option<String>,
    toctrees: Vec<Toctree>,
}

struct Toctree {
    /// The `:caption:`.
    caption: Option<String>,
    /// The heading the toctree sits under, other than the document's title.
    heading: Option<String>,
    entries: Vec<(Option<String>, String, usize)>,
}

impl Reader<'_> {
    /// The root document that `conf.py` names (`root_doc`, `master_doc`, else `index`).
    fn root_from_conf(&mut self, conf: &str) -> Result<(String, String)> {
        let name = conf
            .lines()
            .filter_map(|l| {
                let (key, value) = l.split_once('=')?;
                matches!(key.trim(), "root_doc" | "master_doc").then(|| {
                    value
                        .trim()
                        .trim_matches(|c| c == '"' || c == '\'')
                        .to_owned()
                })
            })
            .next_back()
            .unwrap_or_else(|| "index".into());
        let dir = parent_dir(self.ctx.path).to_owned();
        if let Some(files) = self.ctx.files {
            for suffix in SOURCE_SUFFIXES {
                let path = join_path(&dir, &format!("{name}{suffix}")).unwrap_or_default();
                if let Some(text) = files.read_text(&path)? {
                    return Ok((path, text));
                }
            }
        }
        Err(Error::invalid(
            self.ctx.name,
            format!(
                "the root document `{name}` that conf.py names is not at hand; point navdiff at it instead"
            ),
        ))
    }

    /// Reads one document's title and toctrees, following its includes; an included file
    /// passes the including document's `title`.
    fn parse(
        &mut self,
        name: &str,
        path: &str,
        text: &str,
        title: Option<&str>,
        includes: usize,
    ) -> Result<Document> {
        let lines: Vec<&str> = text.lines().collect();
        let is_markdown = std::path::Path::new(path)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("md"));
        let mut doc = Document {
            title: title.map_or_else(|| document_title(text), |t| Some(t.to_owned())),
            toctrees: Vec::new(),
        };
        let mut heading: Option<String> = None;
        let mut i = 0;
        while i < lines.len() {
            let line = lines[i];
            let trimmed = line.trim_start();
            let indent = line.len() - trimmed.len();
            if let Some(h) = heading_at(&lines, i) {
                heading = (Some(h.as_str()) != doc.title.as_deref()).then_some(h);
            }
            if let Some(file) = trimmed.strip_prefix(".. include::") {
                self.include(&mut doc, path, file.trim(), i + 1, includes)?;
                i += 1;
                continue;
            }
            let myst = is_markdown
                && (trimmed.starts_with("```{toctree}") || trimmed.starts_with(":::{toctree}"));
            if trimmed.starts_with(".. toctree::") || myst {
                let (tree, next) = toctree(name, text, &lines, i, indent, myst)?;
                doc.toctrees.push(Toctree {
                    heading: heading.clone(),
                    ..tree
                });
                i = next;
                continue;
            }
            i += 1;
        }
        Ok(doc)
    }

    fn include(
        &mut self,
        doc: &mut Document,
        path: &str,
        file: &str,
        line_no: usize,
        depth: usize,
    ) -> Result<()> {
        let resolved = join_path(parent_dir(path), file.trim_start_matches('/'));
        let contents = match (self.ctx.files, resolved) {
            (Some(files), Some(p)) if depth < MAX_INCLUDES => files.read_text(&p)?.map(|t| (p, t)),
            _ => None,
        };
        let Some((p, t)) = contents else {
            self.warnings.push(Warning::new(
                Some(line_no),
                format!("`.. include:: {file}` not followed (the file is not at hand)"),
            ));
            return Ok(());
        };
        let included = self.parse(&p, &p, &t, doc.title.as_deref(), depth + 1)?;
        doc.toctrees.extend(included.toctrees);
        Ok(())
    }

    /// Nodes for a toctree's entries, each document expanded into its own toctrees.
    fn entries(
        &mut self,
        doc_dir: &str,
        entries: &[(Option<String>, String, usize)],
        depth: usize,
    ) -> Result<Vec<Node>> {
        let mut nodes = Vec::new();
        for (title, target, line) in entries {
            if target == "self" {
                continue;
            }
            if has_scheme(target) {
                nodes.push(Node::page(
                    title.clone().unwrap_or_else(|| target.clone()),
                    target.clone(),
                ));
                continue;
            }
            if target.contains(['*', '?', '[']) {
                let Some(matches) = self.glob(doc_dir, target, *line)? else {
                    continue;
                };
                if matches.is_empty() {
                    self.warnings.push(Warning::new(
                        Some(*line),
                        format!("glob pattern `{target}` matched no document at hand"),
                    ));
                }
                let expanded: Vec<(Option<String>, String, usize)> = matches
                    .into_iter()
                    .map(|m| (None, format!("/{m}"), *line))
                    .collect();
                nodes.extend(self.entries(doc_dir, &expanded, depth)?);
                continue;
            }
            let docname = match target.strip_prefix('/') {
                Some(absolute) => join_path("", absolute),
                None => join_path(doc_dir, target),
            };
            let Some(docname) = docname else {
                self.warnings.push(Warning::new(
                    Some(*line),
                    format!("`{target}` points outside the documentation"),
                ));
                continue;
            };
            let mut node = Node::page(
                title.clone().unwrap_or_else(|| target.clone()),
                docname.clone(),
            );
            if let Some((file, text)) = self.find_document(&docname)? {
                let doc = self.parse(&file, &file, &text, None, 0)?;
                if title.is_none()
                    && let Some(t) = doc.title
                {
                    node.title = t;
                }
                if depth < MAX_DEPTH && self.visited.insert(docname.clone()) {
                    for tree in doc.toctrees {
                        let children =
                            self.entries(parent_dir(&docname), &tree.entries, depth + 1)?;
                        match tree.caption {
                            Some(caption) => node.children.push(Node::section(caption, children)),
                            None => node.children.extend(children),
                        }
                    }
                }
            }
            nodes.push(node);
        }
        Ok(nodes)
    }

    /// Document names matching a `:glob:` pattern such as `patterns/*`, sorted, as Sphinx
    /// lists them; `*`, `?` and `[…]` in the last segment only. A pattern that is not a glob
    /// is `None`, with a warning on `line`.
    fn glob(&mut self, doc_dir: &str, pattern: &str, line: usize) -> Result<Option<Vec<String>>> {
        let Some(files) = self.ctx.files else {
            return Ok(Some(Vec::new()));
        };
        let pattern = match pattern.strip_prefix('/') {
            Some(absolute) => absolute.to_owned(),
            None => join_path(doc_dir, pattern).unwrap_or_default(),
        };
        let (dir, last) = pattern.rsplit_once('/').unwrap_or(("", &pattern));
        if dir.contains(['*', '?', '[']) {
            return Ok(Some(Vec::new()));
        }
        let matcher = match globset::Glob::new(last) {
            Ok(glob) => glob.compile_matcher(),
            Err(e) => {
                self.warnings.push(Warning::new(
                    Some(line),
                    format!("`{pattern}` is not a glob pattern: {}", e.kind()),
                ));
                return Ok(None);
            }
        };
        let mut out = Vec::new();
        for (name, is_dir) in
            files.list_dir(&join_path(&self.source_dir, dir).unwrap_or_default())?
        {
            let stem = strip_suffix(&name);
            if !is_dir && stem != name && matcher.is_match(stem) {
                let docname = if dir.is_empty() {
                    stem.to_owned()
                } else {
                    format!("{dir}/{stem}")
                };
                if !self.visited.contains(&docname) {
                    out.push(docname);
                }
            }
        }
        Ok(Some(out))
    }

    fn find_document(&self, docname: &str) -> Result<Option<(String, String)>> {
        let Some(files) = self.ctx.files else {
            return Ok(None);
        };
        for suffix in SOURCE_SUFFIXES {
            let Some(path) = join_path(&self.source_dir, &format!("{docname}{suffix}")) else {
                continue;
            };
            if let Some(text) = files.read_text(&path)? {
                return Ok(Some((path, text)));
            }
        }
        Ok(None)
    }
}

/// The toctree starting at line `start`: its options and entries, and the line after it.
fn toctree(
    name: &str,
    text: &str,
    lines: &[&str],
    start: usize,
    indent: usize,
    myst: bool,
) -> Result<(Toctree, usize)> {
    let fence = lines[start]
        .trim_start()
        .chars()
        .take_while(|&c| c == '`' || c == ':')
        .collect::<String>();
    let mut tree = Toctree {
        caption: None,
        heading: None,
        entries: Vec::new(),
    };
    let mut i = start + 1;
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim();
        if myst && trimmed == fence {
            return Ok((tree, i + 1));
        }
        if !myst && !trimmed.is_empty() && line.len() - line.trim_start().len() <= indent {
            break;
        }
        i += 1;
        if trimmed.is_empty() {
            continue;
        }
        if let Some(option) = trimmed.strip_prefix(':').and_then(|o| o.split_once(':')) {
            if option.0 == "caption" {
                tree.caption = Some(option.1.trim().to_owned());
            }
            continue;
        }
        tree.entries.push(parse_entry(trimmed, i));
    }
    if myst {
        return Err(Error::syntax(
            name,
            text,
            start + 1,
            indent + 1,
            "this `{toctree}` fence is never closed",
        ));
    }
    Ok((tree, i))
}

/// `Title <target>` or `target`.
fn parse_entry(entry: &str, line: usize) -> (Option<String>, String, usize) {
    if let Some(open) = entry.rfind('<')
        && entry.ends_with('>')
        && open > 0
    {
        let title = entry[..open].trim();
        return (
            (!title.is_empty()).then(|| title.to_owned()),
            entry[open + 1..entry.len() - 1].trim().to_owned(),
            line,
        );
    }
    (None, entry.to_owned(), line)
}

/// The heading whose text is at line `i` (underlined, or over- and underlined).
fn heading_at(lines: &[&str], i: usize) -> Option<String> {
    let text = lines[i].trim();
    let is_rule = |l: &str| {
        let l = l.trim_end();
        l.len() >= 3
            && l.len() >= text.chars().count()
            && l.chars().all(|c| c == l.chars().next().unwrap_or(' '))
            && l.starts_with(|c: char| c.is_ascii_punctuation())
    };
    (!text.is_empty()
        && !lines[i].starts_with(' ')
        && !is_rule(lines[i])
        && lines.get(i + 1).is_some_and(|next| is_rule(next)))
    .then(|| text.to_owned())
}

fn strip_suffix(path: &str) -> &str {
    SOURCE_SUFFIXES
        .iter()
        .find_map(|s| path.strip_suffix(s))
        .unwrap_or(path)
}
