//! MkDocs: the `nav:` (or legacy `pages:`) key of `mkdocs.yml`.
//!
//! ```yaml
//! nav:
//!   - Home: index.md              # a page
//!   - User Guide:                 # a section
//!       - Writing: user-guide/writing.md
//!       - user-guide/styling.md   # a bare page: titled by its first heading
//!   - Issues: https://github.com/mkdocs/mkdocs/issues   # an external link
//! ```
//!
//! The legacy `pages:` list-of-lists (`['api/views.md', 'API Guide / Views']`, or
//! `['file.md', 'Section', 'Title']`) groups pages into sections by title path. Tags that
//! MkDocs resolves at build time (`!ENV`, `!!python/name:`) are kept as warnings. A nav that
//! lives in an `INHERIT:`ed file is read from it when other files are at hand.

use crate::error::Result;
use crate::formats::ReadContext;
use crate::formats::support::yaml::{self, Yaml};
use crate::formats::support::{document_title, join_path, parent_dir};
use crate::model::{Node, Warning, has_scheme};

/// The names this format's nav file goes by, for discovery: MkDocs' configuration.
pub(crate) const NAV_FILES: &[&str] = &["mkdocs.yml", "mkdocs.yaml"];

/// How many `INHERIT:` hops to follow looking for a nav.
const MAX_INHERIT: usize = 5;

pub(crate) fn read(ctx: &ReadContext<'_>, text: &str) -> Result<(Vec<Node>, Vec<Warning>)> {
    let mut reader = Reader {
        ctx,
        docs_dir: String::new(),
        warnings: Vec::new(),
    };
    let roots = reader.config(ctx.path, ctx.name, text, 0)?;
    Ok((roots, reader.warnings))
}

struct Reader<'c> {
    ctx: &'c ReadContext<'c>,
    docs_dir: String,
    warnings: Vec<Warning>,
}

impl Reader<'_> {
    fn config(&mut self, path: &str, name: &str, text: &str, hops: usize) -> Result<Vec<Node>> {
        let Some(doc) = yaml::load(name, text)? else {
            self.warnings
                .push(Warning::new(None, "the file is empty: no `nav:`"));
            return Ok(Vec::new());
        };
        let Some(config) = yaml::as_mapping(&doc) else {
            self.warnings.push(Warning::new(
                Some(yaml::line(&doc)),
                "the configuration is not a map: no `nav:`",
            ));
            return Ok(Vec::new());
        };
        let docs_dir = yaml::get(config, "docs_dir")
            .and_then(yaml::scalar_text)
            .unwrap_or_else(|| "docs".into());
        self.docs_dir = join_path(parent_dir(path), &docs_dir).unwrap_or(docs_dir);
        let nav = yaml::get(config, "nav").or_else(|| yaml::get(config, "pages"));
        if let Some(nav) = nav {
            return Ok(self.nav(nav));
        }
        if let Some(inherit) = yaml::get(config, "INHERIT").and_then(yaml::scalar_text) {
            let line = yaml::get(config, "INHERIT").map(yaml::line);
            let parent = join_path(parent_dir(path), &inherit);
            if let (Some(files), Some(parent)) = (self.ctx.files, parent.as_ref())
                && hops < MAX_INHERIT
                && let Some(parent_text) = files.read_text(parent)?
            {
                return self.config(parent, parent, &parent_text, hops + 1);
            }
            self.warnings.push(Warning::new(line, format!("no `nav:` here; it may come from the inherited `{inherit}`, which navdiff could not read")));
            return Ok(Vec::new());
        }
        // Without a nav, MkDocs lists the docs folder: so does navdiff, when it is at hand.
        if let Some(files) = self.ctx.files {
            let docs_dir = self.docs_dir.clone();
            let roots = self.docs_folder(files, &docs_dir, "", 1)?;
            if !roots.is_empty() {
                return Ok(roots);
            }
        }
        self.warnings.push(Warning::new(
            None,
            "no `nav:`, and no docs folder at hand to list as MkDocs would",
        ));
        Ok(Vec::new())
    }

    /// The pages of `docs/<relative>` as MkDocs lists them without a `nav:`: the index page
    /// first, then pages and folders by name, folders as sections.
    fn docs_folder(
        &mut self,
        files: &dyn crate::formats::FileAccess,
        docs: &str,
        relative: &str,
        depth: usize,
    ) -> Result<Vec<Node>> {
        if depth > crate::model::MAX_DEPTH {
            return Ok(Vec::new());
        }
        let dir = if relative.is_empty() {
            docs.to_owned()
        } else {
            format!("{docs}/{relative}")
        };
        let mut entries = files.list_dir(&dir)?;
        let is_index =
            |name: &str| matches!(name.to_ascii_lowercase().as_str(), "index.md" | "readme.md");
        entries.sort_by_key(|(name, _)| (!is_index(name), name.clone()));
        let mut nodes = Vec::new();
        for (name, is_dir) in entries {
            let path = if relative.is_empty() {
                name.clone()
            } else {
                format!("{relative}/{name}")
            };
            if is_dir {
                let children = self.docs_folder(files, docs, &path, depth + 1)?;
                if !children.is_empty() {
                    nodes.push(Node::section(
                        title_from_path(&format!("{name}.md")),
                        children,
                    ));
                }
            } else if std::path::Path::new(&name)
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
            {
                nodes.push(self.bare_page(path, None));
            }
        }
        Ok(nodes)
    }

    fn nav(&mut self, nav: &Yaml) -> Vec<Node> {
        let Some(items) = yaml::as_sequence(nav) else {
            self.warn(nav, "`nav:` is not a list; ignored");
            return Vec::new();
        };
        let mut roots = Vec::new();
        for item in items {
            if let Some(entry) = yaml::as_sequence(item) {
                self.legacy(&mut roots, item, entry);
            } else if let Some(node) = self.item(item) {
                roots.push(node);
            }
        }
        roots
    }

    fn item(&mut self, item: &Yaml) -> Option<Node> {
        if let Some(target) = yaml::scalar_text(item).filter(|_| !yaml::is_null(item)) {
            return Some(self.bare_page(target, Some(yaml::line(item))));
        }
        let Some(map) = yaml::as_mapping(item) else {
            self.warn(
                item,
                "nav entry is neither a page nor a `Title: …` map; skipped",
            );
            return None;
        };
        if map.len() > 1 {
            self.warn(
                item,
                "nav entry has more than one key; only the first is read",
            );
        }
        let (key, value) = map.iter().next()?;
        let title = yaml::scalar_text(key).unwrap_or_default();
        if yaml::is_tagged(value) {
            self.warn(value, &format!("`{title}`: a value MkDocs computes at build time (such as `!ENV`); read as a section without a page"));
            return Some(Node::new(title, None, Vec::new()));
        }
        if let Some(children) = yaml::as_sequence(value) {
            let mut nodes = Vec::new();
            for child in children {
                if let Some(entry) = yaml::as_sequence(child) {
                    self.legacy(&mut nodes, child, entry);
                } else if let Some(node) = self.item(child) {
                    nodes.push(node);
                }
            }
            return Some(Node::section(title, nodes));
        }
        if yaml::is_null(value) {
            self.warn(item, &format!("`{title}` has no page or children"));
            return Some(Node::new(title, None, Vec::new()));
        }
        if let Some(target) = yaml::scalar_text(value) {
            return Some(Node::page(title, target));
        }
        self.warn(value, &format!("`{title}`: not a page, a URL or a list of entries; read as a section without a page"));
        Some(Node::new(title, None, Vec::new()))
    }

    /// A bare `- page.md`: the page's own title when its file can be read, else one made from
    /// its file name as MkDocs does.
    fn bare_page(&mut self, target: String, line: Option<usize>) -> Node {
        let from_file = match self.page_text(&target) {
            Ok(text) => text.as_deref().and_then(document_title),
            Err(e) => {
                self.warnings.push(Warning::new(
                    line,
                    format!(
                        "cannot read page `{target}` for its title ({e}); titled by its file name"
                    ),
                ));
                None
            }
        };
        let title = from_file.unwrap_or_else(|| title_from_path(&target));
        Node::page(title, target)
    }

    /// The text of the page `target` names, when the docs folder is at hand.
    fn page_text(&self, target: &str) -> Result<Option<String>> {
        let Some(files) = self.ctx.files.filter(|_| !has_scheme(target)) else {
            return Ok(None);
        };
        match join_path(&self.docs_dir, target) {
            Some(path) => files.read_text(&path),
            None => Ok(None),
        }
    }

    /// A legacy `pages:` entry: `[path]`, `[path, title]` (a title path split on ` / `), or
    /// `[path, section, title]`.
    fn legacy(&mut self, roots: &mut Vec<Node>, item: &Yaml, entry: &[Yaml]) {
        let parts: Vec<String> = entry.iter().filter_map(yaml::scalar_text).collect();
        if parts.len() != entry.len() || parts.is_empty() || parts.len() > 3 {
            self.warn(item, "legacy `pages:` entry is not `[path]`, `[path, title]` or `[path, section, title]`; skipped");
            return;
        }
        let target = parts[0].clone();
        let (sections, title): (Vec<String>, Option<String>) = match parts.len() {
            1 => (Vec::new(), None),
            2 => {
                let mut path: Vec<String> = parts[1].split(" / ").map(str::to_owned).collect();
                let title = path.pop();
                (path, title)
            }
            _ => (vec![parts[1].clone()], Some(parts[2].clone())),
        };
        // A title path deeper than a tree may be is kept one level too deep, so that the
        // depth check after reading refuses it with the snapshot loader's error; a path of
        // 100,000 levels never becomes a tree that deep.
        let mut sections = sections;
        sections.truncate(crate::model::MAX_DEPTH);
        let node = match title {
            Some(title) => Node::page(title, target),
            None => self.bare_page(target, Some(yaml::line(item))),
        };
        let mut list = roots;
        for section in sections {
            let reuse = list
                .last()
                .is_some_and(|n| n.target.is_none() && n.title == section);
            if !reuse {
                list.push(Node::section(section, Vec::new()));
            }
            list = &mut list.last_mut().expect("just ensured").children;
        }
        list.push(node);
    }

    fn warn(&mut self, node: &Yaml, message: &str) {
        self.warnings
            .push(Warning::new(Some(yaml::line(node)), message));
    }
}

/// MkDocs' title for a page known only by its path: the file name without extension, dashes
/// and underscores as spaces, first letter capitalised; `Home` for the root index page.
fn title_from_path(target: &str) -> String {
    if has_scheme(target) {
        return target.to_owned();
    }
    let trimmed = target.trim_end_matches('/');
    let file = trimmed.rsplit('/').next().unwrap_or(trimmed);
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    let stem = if stem.eq_ignore_ascii_case("index") || stem.eq_ignore_ascii_case("readme") {
        match trimmed.rsplit('/').nth(1) {
            Some(dir) => dir,
            None => return "Home".into(),
        }
    } else {
        stem
    };
    let words = stem.replace(['-', '_'], " ");
    let mut chars = words.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
