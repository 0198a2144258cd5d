//! Sphinx: the sidebar's global toctree, resolved from the root document through the
//! documents its `toctree` directives list, as Sphinx 9 builds it for HTML.
//!
//! ```rst
//! .. toctree::
//!    :caption: Guide          <- in the root document, a caption heads its entries
//!
//!    installation             <- a document, titled by its first section title
//!    Quick start <quickstart> <- a document with an explicit title
//!    https://example.com      <- an external link
//! ```
//!
//! The rules are Sphinx's (`sphinx/directives/other.py` `TocTree.parse_content`,
//! `sphinx/environment/adapters/toctree.py` `global_toctree_for_doc`, `_toctree_entry`),
//! checked against Sphinx 9.0.4:
//! - the root document's toctrees are concatenated; a `:caption:` is a section over its
//!   entries, and a captionless toctree after it continues under it; headings are page
//!   content, never nodes; a toctree with no entries shows nothing;
//! - a child document's toctrees give its children, captions not shown;
//! - an entry's title is its explicit `Title <doc>`, else the document's first section
//!   title as plain text (markup dropped, smart quotes applied: `text.rs`); a document
//!   without a title is left out, with a warning, as Sphinx leaves it out;
//! - a source suffix in an entry is stripped; an entry naming a missing or excluded
//!   (`exclude_patterns`) document, or a file whose suffix is not a source suffix, is
//!   dropped with a warning;
//! - `:glob:` patterns (`*`, `**`, `?`, `[…]`) list matching documents sorted by name,
//!   leaving out those the same toctree already listed; `:reversed:` reverses; `self` is
//!   the holding document; `genindex`, `modindex` and `search` are Sphinx's own pages;
//!   `:hidden:` toctrees count, as the sidebar shows them;
//! - every occurrence of a document is expanded; an entry that would make a cycle is
//!   dropped with a warning (Sphinx 9's HTML build fails on cycles; navdiff shows the tree
//!   Sphinx's toctree adapter would make);
//! - the document is read as docutils reads it (`scan.rs`): toctrees in literal blocks,
//!   comments, code blocks and `.. only::` blocks an HTML build leaves out do not count;
//!   `.. include::` files are read in place, within a budget of reads and expansions.
//!
//! `conf.py` is read statically (`conf.rs`) for `root_doc`, `source_suffix`,
//! `exclude_patterns` and `MyST` (`myst_parser`), whose `{toctree}` fences count too.

mod conf;
mod scan;
mod text;

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use crate::error::{Error, Result};
use crate::formats::support::{join_path, parent_dir};
use crate::formats::{FileAccess, ReadContext};
use crate::model::{Location, MAX_DEPTH, Node, Warning};

use scan::{RawToctree, Scanned, Scanner, TocItem};

/// The names this format's nav file goes by, for discovery: the Sphinx root document.
pub(crate) const NAV_FILES: &[&str] = &["index.rst", "source/index.rst"];

/// The root document the `conf.py` at `conf_path` names (`root_doc` or `master_doc`, with
/// the first of its source suffixes there is a file for), for discovery; `None` when there
/// is no such `conf.py` or document.
pub(crate) fn root_document(files: &dyn FileAccess, conf_path: &str) -> Result<Option<String>> {
    let Some(text) = files.read_head(conf_path, 256 * 1024)? else {
        return Ok(None);
    };
    let conf = conf::parse(&text);
    let dir = parent_dir(conf_path);
    for suffix in &conf.suffixes {
        if let Some(path) = join_path(dir, &format!("{}{suffix}", conf.root_doc))
            && files.is_file(&path)?
        {
            return Ok(Some(path));
        }
    }
    Ok(None)
}

/// Most files one reading reads: documents and included files.
const MAX_READS: usize = 10_000;
/// Most `.. include::` expansions in one reading.
const MAX_INCLUDES: usize = 2_000;
/// Most nodes one reading makes (a document listed many times is expanded each time).
const MAX_NODES: usize = 200_000;
/// Most folder entries a glob's listing of the source folder looks at.
const MAX_LISTED: usize = 100_000;

/// Sphinx's own pages (`StandardDomain._virtual_doc_names`): name, page, title.
const GENERATED: [(&str, &str, &str); 3] = [
    ("genindex", "genindex", "Index"),
    ("modindex", "py-modindex", "Module Index"),
    ("search", "search", "Search Page"),
];

/// Files Sphinx never reads as documents (`sphinx.project.EXCLUDE_PATHS`).
const EXCLUDE_PATHS: [&str; 4] = ["**/_sources", ".#*", "**/.#*", "*.lproj/**"];

pub(crate) fn read(ctx: &ReadContext<'_>, text: &str) -> Result<(Vec<Node>, Vec<Warning>)> {
    let mut io = Io {
        files: ctx.files,
        nav_path: ctx.path.to_owned(),
        name: ctx.name.to_owned(),
        warnings: Vec::new(),
        reads: 0,
        includes: 0,
        listings: HashMap::new(),
    };
    let is_conf = ctx.path.rsplit('/').next() == Some("conf.py");
    let source_dir = parent_dir(ctx.path).to_owned();
    let (conf, root_path, root_text) = if is_conf {
        let conf = conf::parse(text);
        let (path, text) = io.root_from_conf(&source_dir, &conf)?;
        (conf, path, text)
    } else {
        let conf = match io.read_raw(&join_path(&source_dir, "conf.py").unwrap_or_default())? {
            Some(conf_text) => {
                let conf = conf::parse(&conf_text);
                let stem = ctx.path.rsplit('/').next().unwrap_or(ctx.path);
                let stem = stem.rsplit_once('.').map_or(stem, |(s, _)| s);
                if conf.root_doc != stem {
                    io.warn(
                        ctx.path,
                        None,
                        format!(
                            "conf.py names `{}` as the root document; `{stem}` is read as the root, as asked",
                            conf.root_doc
                        ),
                    );
                }
                conf
            }
            // Without conf.py, the usual suffixes.
            None => conf::Conf {
                suffixes: vec![".rst".into(), ".md".into()],
                ..conf::Conf::default()
            },
        };
        (conf, ctx.path.to_owned(), text.to_owned())
    };
    for (key, line) in &conf.unread {
        io.warnings.push(Warning::in_file(
            join_path(&source_dir, "conf.py").unwrap_or_default(),
            Some(*line),
            format!("`{key}` is not a literal navdiff can read; its default is used"),
        ));
    }
    let mut suffixes = conf.suffixes.clone();
    if let Some(dot) = root_path.rfind('.')
        && !suffixes.iter().any(|s| root_path.ends_with(s.as_str()))
    {
        suffixes.push(root_path[dot..].to_owned());
    }
    let root_doc = root_path[source_dir.len()..].trim_start_matches('/');
    let root_doc = suffixes
        .iter()
        .find_map(|s| root_doc.strip_suffix(s.as_str()))
        .unwrap_or(root_doc)
        .to_owned();
    let exclude: Vec<Pattern> = conf
        .exclude_patterns
        .iter()
        .map(String::as_str)
        .chain(EXCLUDE_PATHS)
        .map(Pattern::new)
        .collect();
    let mut reader = Reader {
        io,
        source_dir,
        suffixes,
        exclude,
        documents: HashMap::new(),
        all_docs: None,
        nodes: 0,
    };
    io_read_root(&mut reader, &root_doc, &root_path, &root_text)
}

/// The sidebar from the root document.
fn io_read_root(
    reader: &mut Reader<'_>,
    root_doc: &str,
    root_path: &str,
    root_text: &str,
) -> Result<(Vec<Node>, Vec<Warning>)> {
    let root = Rc::new(reader.scan(root_path, root_text)?);
    reader
        .documents
        .insert(root_doc.to_owned(), Some(Rc::clone(&root)));
    if root.toctrees.is_empty() {
        reader
            .io
            .warnings
            .push(Warning::new(None, "no `toctree` in the root document"));
    }
    let parents = vec![root_doc.to_owned()];
    let mut roots: Vec<Node> = Vec::new();
    // The section of the last caption: captionless toctrees after it continue under it.
    let mut captioned: Option<usize> = None;
    for tree in &root.toctrees {
        let nodes = reader.toctree(tree, root_doc, root.title.as_deref(), &parents, 1)?;
        if nodes.is_empty() {
            continue;
        }
        match (&tree.caption, captioned) {
            (Some(caption), _) => {
                let mut section = Node::section(caption.clone(), nodes);
                if let Some((line, column)) = tree.caption_at {
                    section.at = Some(reader.location(&tree.file, line, column));
                }
                roots.push(section);
                captioned = Some(roots.len() - 1);
            }
            (None, Some(i)) => roots[i].children.extend(nodes),
            (None, None) => roots.extend(nodes),
        }
    }
    Ok((roots, std::mem::take(&mut reader.io.warnings)))
}

/// Reading files for one reading, within its budget.
struct Io<'c> {
    files: Option<&'c dyn FileAccess>,
    nav_path: String,
    name: String,
    warnings: Vec<Warning>,
    reads: usize,
    includes: usize,
    /// Folder listings by path.
    listings: HashMap<String, Vec<(String, bool)>>,
}

impl Io<'_> {
    fn read_raw(&mut self, path: &str) -> Result<Option<String>> {
        let Some(files) = self.files else {
            return Ok(None);
        };
        self.reads += 1;
        if self.reads > MAX_READS {
            return Err(Error::invalid(
                &self.name,
                format!(
                    "the toctrees and includes read more than {MAX_READS} files; navdiff stops here"
                ),
            ));
        }
        files.read_text(path)
    }

    fn list(&mut self, dir: &str) -> Result<&[(String, bool)]> {
        if !self.listings.contains_key(dir) {
            let listing = match self.files {
                Some(files) => files.list_dir(dir)?,
                None => Vec::new(),
            };
            self.listings.insert(dir.to_owned(), listing);
        }
        Ok(&self.listings[dir])
    }

    fn is_file(&mut self, path: &str) -> Result<bool> {
        let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
        Ok(self
            .list(dir)?
            .iter()
            .any(|(n, is_dir)| n == name && !is_dir))
    }

    fn warn(&mut self, file: &str, line: Option<usize>, message: String) {
        self.warnings.push(if file == self.nav_path {
            Warning::new(line, message)
        } else {
            Warning::in_file(file, line, message)
        });
    }

    /// The root document `conf.py` names: `root_doc` with the first source suffix there is.
    fn root_from_conf(&mut self, source_dir: &str, conf: &conf::Conf) -> Result<(String, String)> {
        for suffix in &conf.suffixes {
            let path =
                join_path(source_dir, &format!("{}{suffix}", conf.root_doc)).unwrap_or_default();
            if let Some(text) = self.read_raw(&path)? {
                return Ok((path, text));
            }
        }
        Err(Error::invalid(
            &self.name,
            format!(
                "the root document `{}` that conf.py names is not at hand; point navdiff at it instead",
                conf.root_doc
            ),
        ))
    }
}

impl scan::Host for Io<'_> {
    fn read(&mut self, path: &str) -> Result<Option<String>> {
        self.read_raw(path)
    }

    fn warn(&mut self, file: &str, line: usize, message: String) {
        Io::warn(self, file, Some(line), message);
    }

    fn spend_include(&mut self, file: &str, line: usize) -> Result<()> {
        self.includes += 1;
        if self.includes > MAX_INCLUDES {
            return Err(Error::invalid(
                &self.name,
                format!(
                    "more than {MAX_INCLUDES} `.. include::` expansions (the last at {file}, line {line}); navdiff stops here"
                ),
            ));
        }
        Ok(())
    }
}

struct Reader<'c> {
    io: Io<'c>,
    /// The source folder: document names are relative to it.
    source_dir: String,
    suffixes: Vec<String>,
    exclude: Vec<Pattern>,
    /// Documents read so far, by name (`None`: no such document).
    documents: HashMap<String, Option<Rc<Scanned>>>,
    /// Every document of the source folder, for globs, once listed.
    all_docs: Option<Vec<String>>,
    nodes: usize,
}

/// A toctree entry as listed: where it is written (line and column), its explicit title,
/// and what it names.
type Listed = ((usize, usize), Option<String>, Entry);

/// A toctree entry once `parse_content` has checked it.
enum Entry {
    Url(String),
    SelfRef,
    Doc(String),
}

impl Reader<'_> {
    /// Where something written at `line` and `column` of `file` is: in the nav file
    /// itself, or in another file by its path from the repository root.
    fn location(&self, file: &str, line: usize, column: usize) -> Location {
        if file == self.io.nav_path {
            Location::new(line, column)
        } else {
            Location::in_file(file, line, column)
        }
    }

    fn scan(&mut self, path: &str, text: &str) -> Result<Scanned> {
        let source_dir = self.source_dir.clone();
        Scanner::new(&mut self.io, &source_dir).document(path, text)
    }

    /// The file of document `docname`: the first source suffix with a file, and whether
    /// `exclude_patterns` leaves it out.
    fn document_file(&mut self, docname: &str) -> Result<Option<(String, bool)>> {
        for suffix in self.suffixes.clone() {
            let relative = format!("{docname}{suffix}");
            let Some(path) = join_path(&self.source_dir, &relative) else {
                continue;
            };
            if self.io.is_file(&path)? {
                let excluded = self.exclude.iter().any(|p| p.matches(&relative));
                return Ok(Some((path, excluded)));
            }
        }
        Ok(None)
    }

    /// The document `docname`, read once.
    fn document(&mut self, docname: &str) -> Result<Option<Rc<Scanned>>> {
        if let Some(doc) = self.documents.get(docname) {
            return Ok(doc.clone());
        }
        let doc = match self.document_file(docname)? {
            Some((path, false)) => match self.io.read_raw(&path)? {
                Some(text) => Some(Rc::new(self.scan(&path, &text)?)),
                None => None,
            },
            _ => None,
        };
        self.documents.insert(docname.to_owned(), doc.clone());
        Ok(doc)
    }

    /// The nodes of one toctree of `docname` (titled `title`), `parents` the documents
    /// above it, itself last.
    fn toctree(
        &mut self,
        tree: &RawToctree,
        docname: &str,
        title: Option<&str>,
        parents: &[String],
        depth: usize,
    ) -> Result<Vec<Node>> {
        let entries = self.entries(tree, docname)?;
        let mut nodes = Vec::new();
        for ((line, column), explicit, entry) in entries {
            let at = self.location(&tree.file, line, column);
            self.nodes += 1;
            if self.nodes > MAX_NODES {
                return Err(Error::invalid(
                    &self.io.name,
                    format!(
                        "the toctrees expand to more than {MAX_NODES} entries; navdiff stops here"
                    ),
                ));
            }
            match entry {
                Entry::Url(url) => {
                    nodes
                        .push(Node::page(explicit.unwrap_or_else(|| url.clone()), url).located(at));
                }
                Entry::SelfRef => nodes.push(
                    Node::page(
                        explicit
                            .or_else(|| title.map(str::to_owned))
                            .unwrap_or_default(),
                        docname,
                    )
                    .located(at),
                ),
                Entry::Doc(doc) => {
                    if let Some((_, page, generated)) = GENERATED.iter().find(|(n, _, _)| *n == doc)
                    {
                        nodes.push(
                            Node::page(explicit.unwrap_or_else(|| (*generated).to_owned()), *page)
                                .located(at),
                        );
                        continue;
                    }
                    if parents.contains(&doc) {
                        self.io.warn(
                            &tree.file,
                            Some(line),
                            format!(
                                "circular toctree references: `{docname}` lists `{doc}`, which is above it ({} → {doc}); left out here (Sphinx's HTML build fails on such a cycle)",
                                parents.join(" → ")
                            ),
                        );
                        continue;
                    }
                    if self.io.files.is_none() {
                        // Only the root document is at hand: entries titled by their names.
                        nodes.push(
                            Node::page(explicit.unwrap_or_else(|| doc.clone()), doc).located(at),
                        );
                        continue;
                    }
                    let Some(scanned) = self.document(&doc)? else {
                        continue;
                    };
                    nodes.extend(self.document_entries(
                        &doc,
                        explicit.as_deref(),
                        &scanned,
                        tree,
                        (line, &at),
                        parents,
                        depth,
                    )?);
                }
            }
        }
        Ok(nodes)
    }

    /// The entries a listed document makes (`_toctree_standard_entry` with `titles_only`):
    /// one per top-level section of the document, titled by the section (by `explicit`
    /// when the document has just one entry), its children the entries of the toctrees
    /// inside it; a toctree outside any section adds its entries at this level.
    #[expect(
        clippy::too_many_arguments,
        reason = "the entry, where it is written, and where it stands in the tree"
    )]
    fn document_entries(
        &mut self,
        doc: &str,
        explicit: Option<&str>,
        scanned: &Scanned,
        tree: &RawToctree,
        (line, at): (usize, &Location),
        parents: &[String],
        depth: usize,
    ) -> Result<Vec<Node>> {
        if !scanned
            .items
            .iter()
            .any(|i| matches!(i, TocItem::Section { .. }))
        {
            self.io.warn(
                &tree.file,
                Some(line),
                format!("`{doc}` has no title; Sphinx leaves it out of the toctree"),
            );
            if scanned.items.is_empty() {
                return Ok(Vec::new());
            }
        }
        let deep = depth >= MAX_DEPTH;
        if deep {
            self.io.warn(
                &tree.file,
                Some(line),
                format!(
                    "toctrees nested more than {MAX_DEPTH} levels deep; `{doc}`'s are not read"
                ),
            );
        }
        let mut below = parents.to_vec();
        below.push(doc.to_owned());
        let single = scanned.items.len() == 1;
        let mut nodes = Vec::new();
        for item in &scanned.items {
            let toctrees: &[usize] = match item {
                TocItem::Section { toctrees, .. } => toctrees,
                TocItem::Toctree(i) => std::slice::from_ref(i),
            };
            let mut children = Vec::new();
            if !deep {
                for &i in toctrees {
                    children.extend(self.toctree(
                        &scanned.toctrees[i],
                        doc,
                        scanned.title.as_deref(),
                        &below,
                        depth + 1,
                    )?);
                }
            }
            match item {
                TocItem::Section { title, anchor, .. } => {
                    let shown = match &explicit {
                        Some(explicit) if single => (*explicit).to_owned(),
                        _ => title.clone(),
                    };
                    let target = match anchor {
                        Some(anchor) => format!("{doc}#{anchor}"),
                        None => doc.to_owned(),
                    };
                    nodes.push(Node::new(shown, Some(target), children).located(at.clone()));
                }
                TocItem::Toctree(_) => nodes.extend(children),
            }
        }
        Ok(nodes)
    }

    /// A toctree's entries as `TocTree.parse_content` keeps them: suffixes stripped, names
    /// made absolute, globs expanded, missing and excluded documents dropped with a
    /// warning, `:reversed:` applied.
    fn entries(&mut self, tree: &RawToctree, docname: &str) -> Result<Vec<Listed>> {
        let mut taken: HashSet<String> = HashSet::new();
        let mut out = Vec::new();
        for (raw, line, column) in &tree.entries {
            let at = (*line, *column);
            let explicit = explicit_title(raw);
            let is_url = |r: &str| r.contains("://");
            if tree.glob && explicit.is_none() && !is_url(raw) && raw.contains(['*', '?', '[']) {
                let pattern = docname_join(docname, raw);
                let mut matches: Vec<String> = self
                    .all_docs()?
                    .iter()
                    .filter(|d| {
                        *d != docname
                            && !taken.contains(*d)
                            && !GENERATED.iter().any(|(n, _, _)| n == d)
                            && pattern
                                .as_deref()
                                .is_some_and(|p| Pattern::new(p).matches(d))
                    })
                    .cloned()
                    .collect();
                matches.sort();
                if matches.is_empty() {
                    self.io.warn(
                        &tree.file,
                        Some(*line),
                        format!("toctree glob pattern `{raw}` matched no document"),
                    );
                }
                for m in matches {
                    taken.insert(m.clone());
                    out.push((at, None, Entry::Doc(m)));
                }
                continue;
            }
            let (title, reference) = match explicit {
                Some((title, reference)) => (Some(title), reference),
                None => (None, raw.clone()),
            };
            if is_url(&reference) {
                out.push((at, title, Entry::Url(reference)));
                continue;
            }
            if reference == "self" {
                out.push((at, title, Entry::SelfRef));
                continue;
            }
            let stripped = self
                .suffixes
                .iter()
                .find_map(|s| reference.strip_suffix(s.as_str()))
                .unwrap_or(&reference);
            let Some(doc) = docname_join(docname, stripped) else {
                self.io.warn(
                    &tree.file,
                    Some(*line),
                    format!("`{reference}` points outside the documentation; left out"),
                );
                continue;
            };
            let generated = GENERATED.iter().any(|(n, _, _)| *n == doc);
            if !generated && self.io.files.is_some() {
                let problem = if doc == docname {
                    Some("nonexisting")
                } else {
                    match self.document_file(&doc)? {
                        Some((_, false)) => None,
                        Some((_, true)) => Some("excluded"),
                        None => Some("missing"),
                    }
                };
                if let Some(problem) = problem {
                    let message = if problem == "missing" {
                        format!(
                            "toctree lists `{doc}`, which is not in the source folder (something may write it at build time; navdiff cannot tell): left out, as Sphinx leaves out a document it cannot find"
                        )
                    } else {
                        format!(
                            "toctree contains reference to {problem} document `{doc}`; Sphinx leaves it out"
                        )
                    };
                    self.io.warn(&tree.file, Some(*line), message);
                    continue;
                }
            }
            if !taken.insert(doc.clone()) {
                self.io.warn(
                    &tree.file,
                    Some(*line),
                    format!(
                        "duplicated entry found in toctree: `{doc}` (kept, as Sphinx keeps it)"
                    ),
                );
            }
            out.push((at, title, Entry::Doc(doc)));
        }
        if tree.reversed {
            out.reverse();
        }
        Ok(out)
    }

    /// Every document of the source folder, by name, as Sphinx finds them.
    fn all_docs(&mut self) -> Result<&[String]> {
        if self.all_docs.is_none() {
            let mut docs = Vec::new();
            let mut pending = vec![(String::new(), 0usize)];
            let mut listed = 0;
            while let Some((dir, depth)) = pending.pop() {
                let full = if dir.is_empty() {
                    self.source_dir.clone()
                } else {
                    join_path(&self.source_dir, &dir).unwrap_or_default()
                };
                let entries = self.io.list(&full)?.to_vec();
                listed += entries.len();
                if listed > MAX_LISTED || depth > MAX_DEPTH {
                    self.io.warnings.push(Warning::new(
                        None,
                        "the source folder is too large or deep to list whole for globs; some documents may be missing",
                    ));
                    break;
                }
                for (name, is_dir) in entries {
                    let relative = if dir.is_empty() {
                        name.clone()
                    } else {
                        format!("{dir}/{name}")
                    };
                    if is_dir {
                        pending.push((relative, depth + 1));
                    } else if let Some(doc) = self
                        .suffixes
                        .iter()
                        .find_map(|s| relative.strip_suffix(s.as_str()))
                        && !self.exclude.iter().any(|p| p.matches(&relative))
                    {
                        docs.push(doc.to_owned());
                    }
                }
            }
            docs.sort();
            docs.dedup();
            self.all_docs = Some(docs);
        }
        Ok(self.all_docs.as_deref().unwrap_or_default())
    }
}

/// `Title <target>` → (title, target), as Sphinx's `explicit_title_re` reads it.
fn explicit_title(entry: &str) -> Option<(String, String)> {
    let entry = entry.trim_end();
    if !entry.ends_with('>') {
        return None;
    }
    let open = entry.rfind('<')?;
    let title = entry[..open].trim_end();
    let target = &entry[open + 1..entry.len() - 1];
    (!title.is_empty() && !target.contains('<')).then(|| (title.to_owned(), target.to_owned()))
}

/// `entry` as a document name, relative to `docname`'s folder unless it starts with `/`
/// (Sphinx's `docname_join`); `None` when it climbs out of the source folder.
fn docname_join(docname: &str, entry: &str) -> Option<String> {
    match entry.strip_prefix('/') {
        Some(absolute) => join_path("", absolute),
        None => join_path(parent_dir(docname), entry),
    }
}

/// A Sphinx path pattern (`sphinx/util/matching.py`): `**` any text, `*` and `?` within
/// one path segment, `[…]` and `[!…]` character classes; the whole name must match.
struct Pattern {
    chars: Vec<char>,
}

impl Pattern {
    fn new(pattern: &str) -> Self {
        Pattern {
            chars: pattern.chars().take(1_000).collect(),
        }
    }

    fn matches(&self, name: &str) -> bool {
        let name: Vec<char> = name.chars().collect();
        // memo[p][n]: whether chars[p..] matches name[n..]; bounded by both lengths.
        let mut memo = vec![None; (self.chars.len() + 1) * (name.len() + 1)];
        self.match_at(0, &name, 0, &mut memo)
    }

    fn match_at(&self, p: usize, name: &[char], n: usize, memo: &mut Vec<Option<bool>>) -> bool {
        let key = p * (name.len() + 1) + n;
        if let Some(known) = memo[key] {
            return known;
        }
        let result = match self.chars.get(p) {
            None => n == name.len(),
            Some('*') if self.chars.get(p + 1) == Some(&'*') => {
                (n..=name.len()).any(|k| self.match_at(p + 2, name, k, memo))
            }
            Some('*') => (n..=name.len())
                .take_while(|&k| k == n || name[k - 1] != '/')
                .any(|k| self.match_at(p + 1, name, k, memo)),
            Some('?') => {
                n < name.len() && name[n] != '/' && self.match_at(p + 1, name, n + 1, memo)
            }
            Some('[') => match self.class(p, name.get(n).copied()) {
                Some((true, next)) => self.match_at(next, name, n + 1, memo),
                Some((false, _)) => false,
                None => name.get(n) == Some(&'[') && self.match_at(p + 1, name, n + 1, memo),
            },
            Some(c) => name.get(n) == Some(c) && self.match_at(p + 1, name, n + 1, memo),
        };
        memo[key] = Some(result);
        result
    }

    /// Whether the class at `p` matches `c`, and where the pattern goes on; `None` when
    /// the `[` opens no class.
    fn class(&self, p: usize, c: Option<char>) -> Option<(bool, usize)> {
        let mut i = p + 1;
        let negated = matches!(self.chars.get(i), Some('!' | '^'));
        if negated {
            i += 1;
        }
        let start = i;
        let mut matched = false;
        while let Some(&x) = self.chars.get(i) {
            if x == ']' && i > start {
                let hit = c.is_some_and(|c| c != '/') && matched != negated;
                return Some((hit, i + 1));
            }
            if self.chars.get(i + 1) == Some(&'-')
                && self.chars.get(i + 2).is_some_and(|&e| e != ']')
            {
                let end = self.chars[i + 2];
                if c.is_some_and(|c| x <= c && c <= end) {
                    matched = true;
                }
                i += 3;
            } else {
                if c == Some(x) {
                    matched = true;
                }
                i += 1;
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_as_sphinx_matches_them() {
        let m = |p: &str, n: &str| Pattern::new(p).matches(n);
        assert!(m("guide/*", "guide/a"));
        assert!(!m("guide/*", "guide/a/b"));
        assert!(m("guide/**", "guide/a/b"));
        assert!(m("ch[0-9]*", "ch1-intro"));
        assert!(!m("ch[!0-9]*", "ch1-intro"));
        assert!(m("a?c", "abc"));
        assert!(!m("a?c", "a/c"));
        assert!(m("_build", "_build"));
        assert!(m("**/_sources", "x/_sources"));
    }

    #[test]
    fn explicit_titles_and_names() {
        assert_eq!(
            explicit_title("Quick <start>"),
            Some(("Quick".into(), "start".into()))
        );
        assert_eq!(explicit_title("<start>"), None);
        assert_eq!(docname_join("guide/index", "../a"), Some("a".into()));
        assert_eq!(docname_join("guide/index", "/b/c"), Some("b/c".into()));
        assert_eq!(docname_join("index", "../x"), None);
    }
}
