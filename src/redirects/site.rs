//! One revision of a site: its generator's URL rules read from its configuration, and the
//! URL every page of its navigation is served at.

use std::collections::HashSet;

use serde::Serialize;

use super::url::{match_key, match_key_cow};
use super::{antora, docusaurus, mdbook, mkdocs, sphinx, vitepress};
use crate::error::Result;
use crate::formats::FileAccess;
use crate::model::{NavFormat, NavTree, Node};

/// Most files a walk of a docs folder looks at (Docusaurus doc ids, Antora page aliases).
pub(crate) const MAX_WALK: usize = 20_000;

/// A page as its generator serves it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Page {
    /// The served path from the host's root (`/docs/guide/install/`), not percent-encoded.
    pub url: String,
    /// The `#fragment` the navigation entry points at, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fragment: Option<String>,
    /// The page's source file in the repository, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The generator's own name for the page, as its redirect tool wants it: a path in the
    /// docs folder (MkDocs, mdBook, VitePress), a docname (Sphinx), a route without the
    /// base URL (Docusaurus), a page id (Antora).
    pub key: String,
}

impl Page {
    /// The URL with its fragment.
    #[must_use]
    pub fn full_url(&self) -> String {
        match &self.fragment {
            Some(f) => format!("{}#{f}", self.url),
            None => self.url.clone(),
        }
    }
}

/// The URL rules of one revision of a site.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Site {
    /// The generator.
    pub format: NavFormat,
    /// The path the site is served under (`/`, `/docs/`), from its site URL setting.
    pub base: String,
    /// The configuration file the rules were read from, when there is one.
    pub config: Option<String>,
    /// What navdiff assumed or could not read, for the report.
    pub notes: Vec<String>,
    pub(crate) rules: Rules,
}

/// The generator-specific part of a [`Site`].
#[derive(Debug, Clone)]
pub(crate) enum Rules {
    Mkdocs(mkdocs::Rules),
    Mdbook(mdbook::Rules),
    Sphinx(sphinx::Rules),
    Docusaurus(docusaurus::Rules),
    Antora(antora::Rules),
    Vitepress(vitepress::Rules),
}

/// Why a format has no URL rules, or `None` when it has them.
#[must_use]
pub fn no_url_rules(format: NavFormat) -> Option<&'static str> {
    match format {
        NavFormat::KeyedYaml => Some(
            "keyed YAML navigation has no URL rules of its own: navdiff does not compute redirects for it",
        ),
        NavFormat::Outline => {
            Some("an outline has no URL rules: navdiff does not compute redirects for it")
        }
        NavFormat::Mkdocs
        | NavFormat::Mdbook
        | NavFormat::Docusaurus
        | NavFormat::Sphinx
        | NavFormat::Antora
        | NavFormat::Vitepress => None,
    }
}

impl Site {
    /// The URL rules of the site whose navigation is `tree`, from its configuration in
    /// `files` (the same revision, paths from the repository root; `tree.source.path` is the
    /// nav file there). `None` for formats without URL rules ([`no_url_rules`]). Without
    /// `files`, the generator's defaults are assumed, and a note says so.
    pub fn read(tree: &NavTree, files: Option<&dyn FileAccess>) -> Result<Option<Site>> {
        Site::read_nav(
            tree.source.format,
            tree.source.path.as_deref().unwrap_or(""),
            files,
        )
    }

    /// [`Site::read`] for a navigation of `format` whose nav file is at `nav` among `files`.
    pub fn read_nav(
        format: NavFormat,
        nav: &str,
        files: Option<&dyn FileAccess>,
    ) -> Result<Option<Site>> {
        if no_url_rules(format).is_some() {
            return Ok(None);
        }
        let nav = nav.trim_start_matches("./");
        let mut notes = Vec::new();
        let (base, config, rules) = if let Some(files) = files {
            match format {
                NavFormat::Mkdocs => {
                    let (base, config, rules) = mkdocs::read(nav, files, &mut notes)?;
                    (base, config, Rules::Mkdocs(rules))
                }
                NavFormat::Mdbook => {
                    let (base, config, rules) = mdbook::read(nav, files, &mut notes)?;
                    (base, config, Rules::Mdbook(rules))
                }
                NavFormat::Sphinx => {
                    let (base, config, rules) = sphinx::read(nav, files, &mut notes)?;
                    (base, config, Rules::Sphinx(rules))
                }
                NavFormat::Docusaurus => {
                    let (base, config, rules) = docusaurus::read(nav, files, &mut notes)?;
                    (base, config, Rules::Docusaurus(rules))
                }
                NavFormat::Antora => {
                    let (base, config, rules) = antora::read(nav, files, &mut notes)?;
                    (base, config, Rules::Antora(rules))
                }
                NavFormat::Vitepress => {
                    let (base, config, rules) = vitepress::read(nav, files, &mut notes)?;
                    (base, config, Rules::Vitepress(rules))
                }
                NavFormat::KeyedYaml | NavFormat::Outline => return Ok(None),
            }
        } else {
            notes.push(
                "the site's configuration is not at hand: the generator's default URL rules are assumed"
                    .into(),
            );
            let rules = match format {
                NavFormat::Mkdocs => Rules::Mkdocs(mkdocs::Rules::defaults(nav)),
                NavFormat::Mdbook => Rules::Mdbook(mdbook::Rules::defaults(nav)),
                NavFormat::Sphinx => Rules::Sphinx(sphinx::Rules::defaults(nav)),
                NavFormat::Docusaurus => Rules::Docusaurus(docusaurus::Rules::defaults(nav)),
                NavFormat::Antora => Rules::Antora(antora::Rules::defaults(nav)),
                NavFormat::Vitepress => Rules::Vitepress(vitepress::Rules::defaults(nav)),
                NavFormat::KeyedYaml | NavFormat::Outline => return Ok(None),
            };
            ("/".to_owned(), None, rules)
        };
        Ok(Some(Site {
            format,
            base,
            config,
            notes,
            rules,
        }))
    }

    /// The page a navigation entry opens, when it is a page of this site (not an external
    /// link, a section without a page, or a page navdiff cannot place).
    pub fn page(&self, node: &Node, files: Option<&dyn FileAccess>) -> Result<Option<Page>> {
        let Some(target) = node
            .target
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
        else {
            return Ok(None);
        };
        let branch = !node.children.is_empty();
        match &self.rules {
            Rules::Mkdocs(r) => r.page(&self.base, target, files),
            Rules::Mdbook(r) => Ok(r.page(&self.base, target)),
            Rules::Sphinx(r) => r.page(&self.base, target, files),
            Rules::Docusaurus(r) => Ok(r.page(&self.base, target, branch)),
            Rules::Antora(r) => Ok(r.page(&self.base, target)),
            Rules::Vitepress(r) => Ok(r.page(&self.base, target)),
        }
    }

    /// Whether this revision still serves `page` (a page of another revision of the same
    /// site) at its URL although its navigation may not list it: its source file (or
    /// document, or doc) is still there and is published at the same URL. mdBook publishes
    /// only the chapters of `SUMMARY.md`, so never.
    pub fn still_serves(&self, page: &Page, files: &dyn FileAccess) -> Result<bool> {
        match &self.rules {
            Rules::Mkdocs(r) => {
                let Some(source) = &page.source else {
                    return Ok(false);
                };
                Ok(files.is_file(source)?
                    && r.page_of_source(&self.base, source, files)?
                        .is_some_and(|p| p.url == page.url))
            }
            Rules::Mdbook(_) => Ok(false),
            Rules::Sphinx(r) => Ok(r.still_serves(page, files)?
                && super::url::under(&self.base, &r.url_of(&page.key)) == page.url),
            Rules::Docusaurus(r) => Ok(r.still_serves(&self.base, page)),
            Rules::Antora(r) => r.still_serves(&self.base, page, files),
            Rules::Vitepress(r) => r.still_serves(&self.base, page, files),
        }
    }

    /// The folders whose files a host publishes at the site's root (where a `_redirects`
    /// file goes), best first.
    #[must_use]
    pub fn publish_dirs(&self) -> Vec<String> {
        match &self.rules {
            Rules::Mkdocs(r) => vec![r.docs_dir().to_owned()],
            Rules::Mdbook(r) => vec![r.src_dir().to_owned()],
            Rules::Sphinx(r) => r.extra_dirs(),
            Rules::Docusaurus(r) => vec![r.static_dir()],
            Rules::Antora(_) => Vec::new(),
            Rules::Vitepress(r) => vec![r.public_dir()],
        }
    }

    /// Settings one side leaves unsaid, taken from the other so that they do not read as a
    /// change (a Sphinx builder the repository does not name), and an Antora component's
    /// pages compared as pages of the new version; with a note for each.
    pub(crate) fn align(old: &mut Site, new: &mut Site) -> Option<String> {
        match (&mut old.rules, &mut new.rules) {
            (Rules::Antora(o), Rules::Antora(n)) => o.align_version(n),
            (Rules::Sphinx(o), Rules::Sphinx(n)) => super::sphinx::Rules::align(o, n),
            _ => None,
        }
    }

    /// The site's home page: where a removed page with no surviving ancestor is best sent.
    #[must_use]
    pub fn home(&self) -> Page {
        let (url, key, source) = match &self.rules {
            Rules::Mkdocs(r) => (
                self.base.clone(),
                "index.md".to_owned(),
                crate::formats::join_path(r.docs_dir(), "index.md"),
            ),
            Rules::Mdbook(r) => (
                self.base.clone(),
                "/index.html".to_owned(),
                crate::formats::join_path(r.src_dir(), "README.md"),
            ),
            Rules::Sphinx(r) => (
                super::url::under(&self.base, &r.url_of(r.root_doc())),
                r.root_doc().to_owned(),
                None,
            ),
            Rules::Docusaurus(_) => (self.base.clone(), "/".to_owned(), None),
            Rules::Antora(r) => (
                r.home(&self.base),
                "ROOT:index.adoc".to_owned(),
                r.home_source(),
            ),
            Rules::Vitepress(r) => (
                self.base.clone(),
                "index.md".to_owned(),
                crate::formats::join_path(r.src_dir(), "index.md"),
            ),
        };
        Page {
            url,
            fragment: None,
            source,
            key,
        }
    }
}

/// The pages of one revision's navigation, by node number (pre-order from 1, as the diff
/// numbers them), and every served URL navdiff knows of at that revision.
#[derive(Debug, Clone, Default)]
pub struct UrlMap {
    /// `pages[n]`: the page of node `n`; index 0 is the virtual root.
    pub pages: Vec<Option<Page>>,
    /// `parents[n]`: the parent of node `n` (0 for top-level nodes).
    pub parents: Vec<usize>,
    /// `titles[n]`: the title of node `n` (index 0 holds none).
    titles: Vec<String>,
    served: HashSet<String>,
}

impl UrlMap {
    /// The URL of every node of `tree` under `site`'s rules.
    pub fn build(tree: &NavTree, site: &Site, files: Option<&dyn FileAccess>) -> Result<UrlMap> {
        let mut map = UrlMap {
            pages: vec![None],
            parents: vec![0],
            titles: vec![String::new()],
            served: HashSet::new(),
        };
        let mut stack: Vec<(&Node, usize)> = tree.roots.iter().rev().map(|n| (n, 0)).collect();
        while let Some((node, parent)) = stack.pop() {
            let number = map.pages.len();
            let page = site.page(node, files)?;
            if let Some(page) = &page {
                map.served.insert(match_key(&page.url));
            }
            map.pages.push(page);
            map.parents.push(parent);
            map.titles.push(node.shown_title().into_owned());
            stack.extend(node.children.iter().rev().map(|c| (c, number)));
        }
        Ok(map)
    }

    /// Whether `url` is served by a page of the navigation (or was added with
    /// [`UrlMap::also_served`]).
    #[must_use]
    pub fn serves(&self, url: &str) -> bool {
        self.served.contains(match_key_cow(url).as_ref())
    }

    /// Records that `url` is served although the navigation does not list it.
    pub fn also_served(&mut self, url: &str) {
        self.served.insert(match_key(url));
    }

    /// The title of node `n`.
    #[must_use]
    pub fn title(&self, n: usize) -> String {
        self.titles.get(n).cloned().unwrap_or_default()
    }

    /// The breadcrumb of titles from the top level down to node `n`.
    #[must_use]
    pub fn breadcrumb(&self, n: usize) -> Vec<String> {
        let mut path = Vec::new();
        let mut at = n;
        while at != 0 && at < self.titles.len() {
            path.push(self.titles[at].clone());
            at = self.parents[at];
        }
        path.reverse();
        path
    }

    /// The number of nodes.
    #[must_use]
    pub fn len(&self) -> usize {
        self.pages.len().saturating_sub(1)
    }

    /// Whether the navigation is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The front matter of a page (the YAML between `---` lines at its top), when it has one
/// that reads; a page's head is enough.
pub(crate) fn front_matter(path: &str, text: &str) -> Option<crate::formats::support::yaml::Yaml> {
    use crate::formats::support::yaml;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))?;
    let mut end = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            return yaml::load(path, &rest[..end]).ok().flatten();
        }
        end += line.len();
    }
    None
}

/// A scalar field of front matter, unless it is null.
pub(crate) fn field(
    front: Option<&crate::formats::support::yaml::Yaml>,
    key: &str,
) -> Option<String> {
    use crate::formats::support::yaml;
    let map = yaml::as_mapping(front?)?;
    yaml::get(map, key)
        .filter(|v| !yaml::is_null(v))
        .and_then(yaml::scalar_text)
}

/// Every file under `dir` (repository paths), walked breadth-first in name order, at most
/// [`MAX_WALK`] of them and 50 folders deep; the flag says whether the walk stopped short.
pub(crate) fn walk(
    files: &dyn FileAccess,
    dir: &str,
    keep_dir: &dyn Fn(&str) -> bool,
) -> Result<(Vec<String>, bool)> {
    let mut out = Vec::new();
    let mut queue = std::collections::VecDeque::from([(dir.to_owned(), 0usize)]);
    while let Some((folder, depth)) = queue.pop_front() {
        for (name, is_dir) in files.list_dir(&folder)? {
            let path = if folder.is_empty() {
                name.clone()
            } else {
                format!("{folder}/{name}")
            };
            if is_dir {
                if depth < crate::model::MAX_DEPTH && keep_dir(&name) {
                    queue.push_back((path, depth + 1));
                }
            } else {
                if out.len() >= MAX_WALK {
                    return Ok((out, true));
                }
                out.push(path);
            }
        }
    }
    Ok((out, false))
}
