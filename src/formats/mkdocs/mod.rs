//! MkDocs: the `nav:` of `mkdocs.yml`, titled and resolved as MkDocs 1.6 renders it.
//!
//! ```yaml
//! nav:
//!   - Home: index.md              # a page with its nav title
//!   - User Guide:                 # a section
//!       - Writing: user-guide/writing.md
//!       - user-guide/styling.md   # a bare page: titled by the page itself
//!   - Issues: https://github.com/mkdocs/mkdocs/issues   # an external link
//! ```
//!
//! The rules are MkDocs' own (`mkdocs/structure/nav.py`, `pages.py`, `files.py` and
//! `config/config_options.py`), checked against MkDocs 1.6.1:
//! - a bare page is titled by its front matter, its first-element level-1 heading, else its
//!   file name ([`mkdocs_title`], [`mkdocs_file_title`]);
//! - a file listed twice shows the first listing's title both times (MkDocs makes one page
//!   per file);
//! - a section whose value is a map still lists its entries (MkDocs warns, so does navdiff);
//! - what MkDocs refuses (a section with no value, an item with two keys, an item that is
//!   neither a page nor a map) is an error naming the line;
//! - without a `nav:`, the docs folder is listed as MkDocs lists it: each folder's pages
//!   (index first) before its sub-folders, folders titled as MkDocs titles them,
//!   `exclude_docs`, `not_in_nav` and `draft_docs` left out;
//! - `INHERIT:` is followed: the child's keys win, and `docs_dir` is relative to the child;
//! - with the `literate-nav` plugin, an entry naming a folder (`Guide: guide/`) and a site
//!   without `nav:` read the folder's nav file (`literate.rs`).
//!
//! Choices navdiff makes where MkDocs does otherwise, each with a warning: the legacy
//! `pages:` key (removed in MkDocs 1.6) is read as older MkDocs read it; a bare URL, which
//! MkDocs leaves untitled (its themes print `None`), is titled by the URL; a bare page whose
//! file is not in the docs folder is titled by its file name (MkDocs turns it into a link
//! titled `None`, unless a plugin or hook writes the file at build time, which navdiff
//! cannot know). Tags MkDocs resolves at build time (`!ENV`) are kept as warnings.

mod literate;

use std::collections::HashMap;

use crate::error::{Error, Result};
use crate::formats::support::yaml::{self, Yaml};
use crate::formats::support::{
    TITLE_HEAD, join_path, mkdocs_dirname_title, mkdocs_file_title, mkdocs_title, parent_dir,
};
use crate::formats::{FileAccess, ReadContext};
use crate::model::{Location, MAX_DEPTH, Node, Warning, has_scheme};

/// The names this format's nav file goes by, for discovery: MkDocs' configuration.
pub(crate) const NAV_FILES: &[&str] = &["mkdocs.yml", "mkdocs.yaml"];

/// How many `INHERIT:` hops to follow.
const MAX_INHERIT: usize = 5;

/// Most files a listing of the docs folder looks at.
const MAX_LISTED: usize = 100_000;

pub(crate) fn read(ctx: &ReadContext<'_>, text: &str) -> Result<(Vec<Node>, Vec<Warning>)> {
    let mut warnings = Vec::new();
    let layers = load_layers(ctx, text, &mut warnings)?;
    let config = Config { layers: &layers };
    let docs_dir = config
        .get("docs_dir")
        .and_then(|(v, _)| yaml::scalar_text(v))
        .unwrap_or_else(|| "docs".into());
    // MkDocs resolves `docs_dir` against the configuration it was given, the child of any
    // `INHERIT:` chain; one outside the repository is not read.
    let (docs_dir, docs_present) = if let Some(dir) = join_path(parent_dir(ctx.path), &docs_dir) {
        (dir, None)
    } else {
        warnings.push(Warning::new(
            config.get("docs_dir").map(|(v, _)| yaml::line(v)),
            format!(
                "`docs_dir: {docs_dir}` points outside the repository; navdiff does not read it"
            ),
        ));
        (docs_dir, Some(false))
    };
    let mut reader = Reader {
        files: ctx.files,
        docs_dir,
        docs_present,
        attr_list: config.has_extension("attr_list"),
        literate: literate::Options::from_config(&config),
        exclusions: Exclusions::from_config(&config),
        listings: HashMap::new(),
        pages: HashMap::new(),
        layer: 0,
        layers: &layers,
        listed: 0,
        told_no_docs: docs_present == Some(false),
        docs_submodule: None,
        warnings,
    };
    let roots = reader.navigation(&config)?;
    Ok((roots, reader.warnings))
}

/// One configuration file of an `INHERIT:` chain.
struct Layer {
    /// The file's name in messages.
    name: String,
    /// The file's path relative to the repository root.
    path: String,
    text: String,
    doc: Option<Yaml>,
}

/// The configuration file and those it inherits from, child first.
fn load_layers(
    ctx: &ReadContext<'_>,
    text: &str,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<Layer>> {
    let mut layers = Vec::new();
    let mut path = ctx.path.to_owned();
    let mut name = ctx.name.to_owned();
    let mut text = text.to_owned();
    loop {
        let doc = yaml::load(&name, &text)?;
        let inherit = doc
            .as_ref()
            .and_then(yaml::as_mapping)
            .and_then(|m| yaml::get(m, "INHERIT"))
            .map(|v| (yaml::scalar_text(v), yaml::line(v)));
        let is_child = layers.is_empty();
        layers.push(Layer {
            name: name.clone(),
            path: path.clone(),
            text: std::mem::take(&mut text),
            doc,
        });
        let Some((Some(inherit), line)) = inherit else {
            break;
        };
        let parent = join_path(parent_dir(&path), &inherit);
        let parent_text = match (ctx.files, &parent) {
            (Some(files), Some(p)) if layers.len() <= MAX_INHERIT => files.read_text(p)?,
            _ => None,
        };
        let (Some(parent), Some(parent_text)) = (parent, parent_text) else {
            let warning = format!(
                "`INHERIT: {inherit}`: navdiff could not read it; its settings (a `nav:` among them) are missing"
            );
            warnings.push(if is_child {
                Warning::new(Some(line), warning)
            } else {
                Warning::in_file(&name, Some(line), warning)
            });
            break;
        };
        name = if ctx.name.ends_with(ctx.path) {
            format!("{}{parent}", &ctx.name[..ctx.name.len() - ctx.path.len()])
        } else {
            parent.clone()
        };
        path = parent;
        text = parent_text;
    }
    Ok(layers)
}

/// The merged configuration: a key's value from the first layer that sets it.
pub(super) struct Config<'l> {
    layers: &'l [Layer],
}

impl<'l> Config<'l> {
    /// The value of a top-level key, and the index of the layer it came from.
    pub(super) fn get(&self, key: &str) -> Option<(&'l Yaml, usize)> {
        self.layers.iter().enumerate().find_map(|(i, layer)| {
            let map = yaml::as_mapping(layer.doc.as_ref()?)?;
            yaml::get(map, key).map(|v| (v, i))
        })
    }

    /// The entries of a list-or-map setting (`plugins`, `markdown_extensions`): names, with
    /// their options when given as `- name: {…}`.
    pub(super) fn entries(&self, key: &str) -> Vec<(String, Option<&'l Yaml>)> {
        let Some((value, _)) = self.get(key) else {
            return Vec::new();
        };
        if let Some(map) = yaml::as_mapping(value) {
            return map
                .iter()
                .filter_map(|(k, v)| Some((yaml::scalar_text(k)?, Some(v))))
                .collect();
        }
        yaml::as_sequence(value)
            .unwrap_or_default()
            .iter()
            .filter_map(|item| {
                if let Some(name) = yaml::scalar_text(item) {
                    return Some((name, None));
                }
                let (k, v) = yaml::as_mapping(item)?.first()?;
                Some((yaml::scalar_text(k)?, Some(v)))
            })
            .collect()
    }

    fn has_extension(&self, name: &str) -> bool {
        self.entries("markdown_extensions")
            .iter()
            .any(|(n, _)| n == name || n == &format!("markdown.extensions.{name}"))
    }
}

/// Patterns of files the docs listing leaves out, in `.gitignore` syntax as MkDocs reads
/// `exclude_docs`, `draft_docs` and `not_in_nav`, after its defaults (`.*`, `/templates/`).
struct Exclusions {
    patterns: Vec<(bool, globset::GlobMatcher)>,
}

impl Exclusions {
    fn from_config(config: &Config<'_>) -> Self {
        let mut lines = vec![".*".to_owned(), "/templates/".to_owned()];
        for key in ["exclude_docs", "draft_docs", "not_in_nav"] {
            if let Some(text) = config.get(key).and_then(|(v, _)| yaml::scalar_text(v)) {
                lines.extend(text.lines().map(str::to_owned));
            }
        }
        let mut patterns = Vec::new();
        for line in lines {
            let line = line.trim_end();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (negated, pattern) = match line.strip_prefix('!') {
                Some(p) => (true, p),
                None => (false, line),
            };
            let pattern = pattern.trim_end_matches('/');
            let anchored = pattern.contains('/');
            let pattern = pattern.trim_start_matches('/');
            let globs = if anchored {
                [pattern.to_owned(), format!("{pattern}/**")]
            } else {
                [format!("**/{pattern}"), format!("**/{pattern}/**")]
            };
            for glob in globs {
                if let Ok(g) = globset::GlobBuilder::new(&glob)
                    .literal_separator(true)
                    .build()
                {
                    patterns.push((negated, g.compile_matcher()));
                }
            }
        }
        Exclusions { patterns }
    }

    /// Whether the file at `src_uri` (relative to the docs folder) is left out.
    fn excludes(&self, src_uri: &str) -> bool {
        let mut excluded = false;
        for (negated, glob) in &self.patterns {
            if glob.is_match(src_uri) {
                excluded = !negated;
            }
        }
        excluded
    }
}

struct Reader<'c> {
    files: Option<&'c dyn FileAccess>,
    /// The docs folder, relative to the root of `files`.
    docs_dir: String,
    /// Whether the docs folder exists, once asked.
    docs_present: Option<bool>,
    attr_list: bool,
    literate: Option<literate::Options>,
    exclusions: Exclusions,
    /// Folder listings, by path relative to the docs folder.
    listings: HashMap<String, Vec<(String, bool)>>,
    /// The title of each page already made, by its path in the docs folder: MkDocs makes
    /// one page per file, so a file listed again shows its first title.
    pages: HashMap<String, String>,
    /// The layer the nav being read came from.
    layer: usize,
    layers: &'c [Layer],
    /// Files looked at by docs listings so far.
    listed: usize,
    /// Whether the warning that the docs folder is missing was given.
    told_no_docs: bool,
    /// The submodule the docs folder is in, when it is.
    docs_submodule: Option<String>,
    warnings: Vec<Warning>,
}

impl Reader<'_> {
    fn navigation(&mut self, config: &Config<'_>) -> Result<Vec<Node>> {
        let nav = match config.get("nav") {
            Some(nav) => Some(nav),
            None => config.get("pages").inspect(|(pages, layer)| {
                self.layer = *layer;
                self.warn(
                    pages,
                    "the legacy `pages:` key, which MkDocs 1.6 refuses, is read as older MkDocs read it",
                );
            }),
        };
        let legacy = config.get("nav").is_none();
        if let Some((nav, layer)) = nav
            && !(yaml::is_null(nav) || yaml::as_sequence(nav).is_some_and(<[Yaml]>::is_empty))
        {
            self.layer = layer;
            let Some(items) = yaml::as_sequence(nav) else {
                return Err(
                    self.error(nav, "the nav is not a list (\"Expected nav to be a list\")")
                );
            };
            return self.list(items, legacy, 1);
        }
        // An `INHERIT:` that could not be read may hold the nav: listing the docs folder
        // instead would show a tree the site does not have (the warning says why).
        let unread_parent = self
            .layers
            .last()
            .and_then(|l| l.doc.as_ref())
            .and_then(yaml::as_mapping)
            .is_some_and(|m| yaml::get(m, "INHERIT").is_some());
        if unread_parent {
            return Ok(Vec::new());
        }
        // Without a nav, MkDocs lists the docs folder; literate-nav reads its nav file first.
        if self.files.is_none() {
            self.warnings.push(Warning::new(
                None,
                "no `nav:`, and no docs folder at hand to list as MkDocs would",
            ));
            return Ok(Vec::new());
        }
        if self.literate.is_some() {
            return literate::folder(self, "", &mut Vec::new(), 1);
        }
        let roots = self.listing("", 1)?;
        if roots.is_empty() {
            self.warnings.push(Warning::new(
                None,
                format!(
                    "no `nav:`, and no pages in the docs folder `{}`",
                    self.docs_dir
                ),
            ));
        }
        Ok(roots)
    }

    /// A nav list, checked as MkDocs checks it (`Nav.run_validation`).
    fn list(&mut self, items: &[Yaml], legacy: bool, depth: usize) -> Result<Vec<Node>> {
        if depth > MAX_DEPTH {
            return Err(self.error(
                items.first().expect("a deep list has items"),
                &format!("navigation nested more than {MAX_DEPTH} levels deep"),
            ));
        }
        let mut nodes = Vec::new();
        for item in items {
            if yaml::is_tagged(item) {
                self.warn(
                    item,
                    "a value MkDocs computes at build time (such as `!ENV`): skipped",
                );
                continue;
            }
            if let Some(entry) = yaml::as_sequence(item) {
                if legacy {
                    self.legacy(&mut nodes, item, entry)?;
                    continue;
                }
                return Err(self.error(
                    item,
                    "a list where MkDocs expects a page or a `Title: …` entry (\"Expected nav item to be a string or dict, got a list\")",
                ));
            }
            if let Some(target) = yaml::scalar_text(item) {
                let node = self.entry(None, &target, item)?;
                nodes.push(node.located(self.location(item)));
                continue;
            }
            let Some(map) = yaml::as_mapping(item) else {
                return Err(self.error(
                    item,
                    "an empty entry; MkDocs refuses it (\"Expected nav item to be a string or dict, got None\")",
                ));
            };
            if map.len() != 1 {
                let keys: Vec<String> = map
                    .iter()
                    .map(|(k, _)| format!("'{}'", yaml::scalar_text(k).unwrap_or_default()))
                    .collect();
                return Err(self.error(
                    item,
                    &format!(
                        "an entry with {} keys; MkDocs refuses it (\"Expected nav item to be a dict of size 1, got dict with keys ({})\")",
                        map.len(),
                        keys.join(", ")
                    ),
                ));
            }
            let (key, value) = &map[0];
            let title = yaml::scalar_text(key).unwrap_or_default();
            let node = self.titled(title, value, legacy, depth)?;
            nodes.push(node.located(self.location(item)));
        }
        Ok(nodes)
    }

    /// `Title: value`: a page or link, or a section of a list (or, warned, of a map).
    fn titled(&mut self, title: String, value: &Yaml, legacy: bool, depth: usize) -> Result<Node> {
        if yaml::is_tagged(value) {
            self.warn(value, &format!("`{title}`: a value MkDocs computes at build time (such as `!ENV`); read as a section without a page"));
            return Ok(Node::new(title, None, Vec::new()));
        }
        if let Some(target) = yaml::scalar_text(value) {
            return self.entry(Some(title), &target, value);
        }
        if let Some(children) = yaml::as_sequence(value) {
            let children = self.list(children, legacy, depth + 1)?;
            return Ok(Node::section(title, children));
        }
        match yaml::as_mapping(value) {
            Some(map) if !map.is_empty() => {
                self.warn(
                    value,
                    &format!("`{title}`: a map where MkDocs expects a list; read in order, as MkDocs reads it"),
                );
                if depth >= MAX_DEPTH {
                    return Err(self.error(
                        value,
                        &format!("navigation nested more than {MAX_DEPTH} levels deep"),
                    ));
                }
                let mut children = Vec::new();
                for (key, child) in map {
                    let at = self.location(key);
                    let key = yaml::scalar_text(key).unwrap_or_default();
                    children.push(self.titled(key, child, legacy, depth + 1)?.located(at));
                }
                Ok(Node::section(title, children))
            }
            _ => Err(self.error(
                value,
                &format!(
                    "`{title}` has no page or entries; MkDocs refuses it (\"Expected nav to be a list, got None\")"
                ),
            )),
        }
    }

    /// A page or link, `title` its nav title.
    fn entry(&mut self, title: Option<String>, target: &str, at: &Yaml) -> Result<Node> {
        if has_scheme(target) {
            let title = title.unwrap_or_else(|| {
                self.warn(at, &format!("`{target}`: a URL without a title, which MkDocs leaves untitled (its themes print `None`); titled by the URL"));
                target.to_owned()
            });
            return Ok(Node::page(title, target));
        }
        if let Some(options) = self.literate.clone()
            && target.ends_with('/')
            && let Some(title) = &title
            && let Some(dir) = Self::docs_path(target)
            && self.is_dir(&dir)?
        {
            let mut stack = Vec::new();
            let children = literate::folder_with(self, &options, &dir, &mut stack, 1)?;
            return Ok(Node::section(title.clone(), children));
        }
        Ok(self.page(title, target, Some(yaml::line(at)), None))
    }

    /// A page of the docs folder (or, when its file is missing, a link), titled as MkDocs
    /// titles it; `file` names the file the entry is in when it is not the nav's.
    fn page(
        &mut self,
        title: Option<String>,
        target: &str,
        line: Option<usize>,
        file: Option<&str>,
    ) -> Node {
        // Without the docs folder, a nav title is all there is to know (the fast way through
        // a large nav file read on its own).
        if title.is_some() && !matches!(self.docs_present(), Ok(true)) && !target.ends_with('/') {
            return Node::page(title.unwrap_or_default(), target);
        }
        let src_uri = Self::docs_path(target);
        let exists = match &src_uri {
            Some(src) => self.file_exists(src),
            None => Ok(Some(false)),
        };
        let exists = match exists {
            Ok(e) => e,
            Err(e) => {
                self.push_warning(
                    file,
                    line,
                    format!("cannot look for `{target}` in the docs folder ({e})"),
                );
                None
            }
        };
        let folder = target.ends_with('/') && !target.starts_with('/') && exists != Some(true);
        if folder {
            self.push_warning(file, line, format!("`{target}` names a folder: MkDocs shows a link to it (a plugin such as literate-nav may expand it; navdiff does not)"));
        }
        match (exists, src_uri) {
            (Some(true), Some(src)) => {
                if let Some(first) = self.pages.get(&src) {
                    return Node::page(first.clone(), target);
                }
                let title = title.unwrap_or_else(|| self.page_title(&src, line, file));
                self.pages.insert(src, title.clone());
                Node::page(title, target)
            }
            (Some(false), _) => {
                let title = title.unwrap_or_else(|| {
                    if folder {
                        return target.to_owned();
                    }
                    let title = mkdocs_file_title(target.trim_start_matches("./"));
                    self.push_warning(file, line, format!("`{target}` is not in the docs folder `{}` (a plugin or hook may write it at build time; navdiff cannot tell): titled `{title}` by its file name", self.docs_dir));
                    title
                });
                Node::page(title, target)
            }
            // The docs folder is not at hand: the nav title, else the file name.
            _ => {
                if title.is_none() && self.files.is_some() && !self.told_no_docs {
                    self.told_no_docs = true;
                    let place = match &self.docs_submodule {
                        Some(submodule) => {
                            format!("is in the submodule `{submodule}`, another repository")
                        }
                        None => "is not at hand".to_owned(),
                    };
                    self.warnings.push(Warning::new(
                        None,
                        format!(
                            "the docs folder `{}` {place}: pages without a nav title are titled by their file names",
                            self.docs_dir
                        ),
                    ));
                }
                let title = title.unwrap_or_else(|| {
                    mkdocs_file_title(&Self::docs_path(target).unwrap_or_else(|| target.to_owned()))
                });
                Node::page(title, target)
            }
        }
    }

    /// The title MkDocs gives the page at `src_uri` (relative to the docs folder).
    fn page_title(&mut self, src_uri: &str, line: Option<usize>, file: Option<&str>) -> String {
        let path = format!("{}{src_uri}", docs_prefix(&self.docs_dir));
        let head = match self.files.map(|f| f.read_head(&path, TITLE_HEAD)) {
            Some(Ok(head)) => head,
            Some(Err(e)) => {
                self.push_warning(
                    file,
                    line,
                    format!(
                        "cannot read page `{src_uri}` for its title ({e}); titled by its file name"
                    ),
                );
                None
            }
            None => None,
        };
        head.and_then(|text| mkdocs_title(&text, self.attr_list))
            .unwrap_or_else(|| mkdocs_file_title(src_uri))
    }

    /// `target` as a path in the docs folder, normalised as MkDocs looks files up (`./` and
    /// doubled slashes folded); `None` for an absolute path or one climbing out.
    fn docs_path(target: &str) -> Option<String> {
        let path = target.split(['#', '?']).next().unwrap_or(target);
        join_path("", path)
    }

    /// Whether the docs folder has a file at `src_uri`: `None` when the docs folder is not at
    /// hand (no files, or no such folder).
    fn file_exists(&mut self, src_uri: &str) -> Result<Option<bool>> {
        if !self.docs_present()? {
            return Ok(None);
        }
        let (dir, name) = src_uri.rsplit_once('/').unwrap_or(("", src_uri));
        let listing = self.list_dir(dir)?;
        Ok(Some(listing.iter().any(|(n, is_dir)| n == name && !is_dir)))
    }

    fn is_dir(&mut self, src_uri: &str) -> Result<bool> {
        if !self.docs_present()? {
            return Ok(false);
        }
        let src_uri = src_uri.trim_end_matches('/');
        let (dir, name) = src_uri.rsplit_once('/').unwrap_or(("", src_uri));
        Ok(self
            .list_dir(dir)?
            .iter()
            .any(|(n, is_dir)| n == name && *is_dir))
    }

    fn docs_present(&mut self) -> Result<bool> {
        if let Some(present) = self.docs_present {
            return Ok(present);
        }
        let present = match self.files.map(|f| f.list_dir(&self.docs_dir)) {
            Some(Ok(entries)) => !entries.is_empty(),
            Some(Err(Error::Submodule { submodule, .. })) => {
                self.docs_submodule = Some(submodule);
                false
            }
            Some(Err(e)) => return Err(e),
            None => false,
        };
        self.docs_present = Some(present);
        Ok(present)
    }

    /// The entries of a folder of the docs folder, listed once.
    fn list_dir(&mut self, dir: &str) -> Result<&[(String, bool)]> {
        if !self.listings.contains_key(dir) {
            let present = self.docs_present()?;
            let listing = match self.files.filter(|_| present) {
                Some(files) => {
                    let full = if dir.is_empty() {
                        self.docs_dir.clone()
                    } else {
                        format!("{}{dir}", docs_prefix(&self.docs_dir))
                    };
                    files.list_dir(&full)?
                }
                None => Vec::new(),
            };
            self.listed += listing.len();
            self.listings.insert(dir.to_owned(), listing);
        }
        Ok(&self.listings[dir])
    }

    /// The pages of `dir` (relative to the docs folder) as MkDocs lists them without a
    /// `nav:` (`get_files`, `file_sort_key`, `nest_paths`): the folder's pages, `index` (or
    /// `README`) first, then the others by name, then each sub-folder as a section titled
    /// by `dirname_to_title`.
    fn listing(&mut self, dir: &str, depth: usize) -> Result<Vec<Node>> {
        if depth > MAX_DEPTH || self.listed > MAX_LISTED {
            self.warnings.push(Warning::new(
                None,
                format!("the docs folder is too deep or too large to list whole; `{dir}` left out"),
            ));
            return Ok(Vec::new());
        }
        let entries = self.list_dir(dir)?.to_vec();
        let prefix = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        let mut pages: Vec<(String, String)> = Vec::new();
        let mut folders = Vec::new();
        for (name, is_dir) in entries {
            let src = format!("{prefix}{name}");
            if is_dir {
                if !self.exclusions.excludes(&format!("{src}/x")) {
                    folders.push(name);
                }
            } else if is_markdown(&name) && !self.exclusions.excludes(&src) {
                let stem = name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s);
                let stem = if stem == "README" { "index" } else { stem };
                pages.push((stem.to_owned(), name));
            }
        }
        // `README.md` beside an `index.md` is left out, as MkDocs leaves it.
        let has_index = pages
            .iter()
            .any(|(_, n)| n.rsplit_once('.').is_some_and(|(s, _)| s == "index"));
        if has_index {
            pages.retain(|(_, n)| !n.starts_with("README."));
        }
        pages.sort_by(|a, b| (a.0 != "index", &a.1).cmp(&(b.0 != "index", &b.1)));
        let mut nodes = Vec::new();
        for (_, name) in pages {
            let src = format!("{prefix}{name}");
            nodes.push(self.page(None, &src, None, None));
        }
        for name in folders {
            let children = self.listing(&format!("{prefix}{name}"), depth + 1)?;
            if !children.is_empty() {
                nodes.push(Node::section(mkdocs_dirname_title(&name), children));
            }
        }
        Ok(nodes)
    }

    /// A legacy `pages:` entry: `[path]`, `[path, title]` (a title path split on ` / `), or
    /// `[path, section, title]`.
    fn legacy(&mut self, roots: &mut Vec<Node>, item: &Yaml, entry: &[Yaml]) -> Result<()> {
        let parts: Vec<String> = entry.iter().filter_map(yaml::scalar_text).collect();
        if parts.len() != entry.len() || parts.is_empty() || parts.len() > 3 {
            self.warn(item, "legacy `pages:` entry is not `[path]`, `[path, title]` or `[path, section, title]`; skipped");
            return Ok(());
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
        let at = self.location(item);
        let node = self.entry(title, &target, item)?.located(at.clone());
        let mut list = roots;
        for section in sections {
            let reuse = list
                .last()
                .is_some_and(|n| n.target.is_none() && n.title == section);
            if !reuse {
                list.push(Node::section(section, Vec::new()).located(at.clone()));
            }
            list = &mut list.last_mut().expect("just ensured").children;
        }
        list.push(node);
        Ok(())
    }

    /// Where `node`, of the layer being read, is written: in the nav file itself, or in
    /// the inherited file (by its path from the repository root).
    fn location(&self, node: &Yaml) -> Location {
        let (line, column) = (yaml::line(node), yaml::column(node));
        if self.layer == 0 {
            Location::new(line, column)
        } else {
            Location::in_file(&self.layers[self.layer].path, line, column)
        }
    }

    /// The file the nav being read is in, when it is not the nav file itself.
    fn layer_file(&self) -> Option<String> {
        (self.layer > 0).then(|| self.layers[self.layer].name.clone())
    }

    fn warn(&mut self, node: &Yaml, message: &str) {
        let file = self.layer_file();
        self.push_warning(file.as_deref(), Some(yaml::line(node)), message.to_owned());
    }

    fn push_warning(&mut self, file: Option<&str>, line: Option<usize>, message: String) {
        let file = file.map(str::to_owned).or_else(|| self.layer_file());
        self.warnings.push(match file {
            Some(file) => Warning::in_file(file, line, message),
            None => Warning::new(line, message),
        });
    }

    fn error(&self, node: &Yaml, message: &str) -> Error {
        let layer = &self.layers[self.layer];
        let line = yaml::line(node);
        let column = layer
            .text
            .lines()
            .nth(line.saturating_sub(1))
            .map_or(1, |l| l.len() - l.trim_start_matches([' ', '-']).len() + 1);
        Error::syntax(&layer.name, &layer.text, line, column, message)
    }
}

/// `docs/` for `docs`, nothing for the root.
fn docs_prefix(docs_dir: &str) -> String {
    if docs_dir.is_empty() {
        String::new()
    } else {
        format!("{docs_dir}/")
    }
}

/// Whether MkDocs reads a file of this name as a Markdown page (`utils.is_markdown_file`).
fn is_markdown(name: &str) -> bool {
    name.rsplit_once('.').is_some_and(|(_, ext)| {
        matches!(
            ext.to_ascii_lowercase().as_str(),
            "md" | "markdown" | "mdown" | "mkdn" | "mkd"
        )
    })
}
