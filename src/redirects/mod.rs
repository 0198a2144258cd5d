//! Redirect coverage: which old URLs of a site no longer serve a page, where each went,
//! whether a redirect of the new revision already covers it, and the entries to add for
//! those that are not, in each generator's and host's own syntax.
//!
//! - `site.rs`: a revision's URL rules ([`Site`]) and the URL of every page of its
//!   navigation ([`UrlMap`]), generator by generator (`mkdocs.rs`, `mdbook.rs`,
//!   `sphinx.rs`, `docusaurus.rs`, `antora.rs`, `vitepress.rs`: each file says which of its
//!   generator's behaviour it follows, and reads that generator's redirect tool);
//! - `hosts.rs`: Netlify, Vercel and jekyll-redirect-from rules, which apply to any site;
//! - `coverage.rs`: old URLs against the new revision ([`Coverage`]);
//! - `emit.rs`: ready-to-paste entries ([`Snippet`]) for the URLs nothing covers;
//! - `url.rs`, `pattern.rs`, `python.rs`: served paths, redirect patterns with splats and
//!   placeholders, and `conf.py` read statically.
//!
//! Pure code: no I/O of its own. Files of a revision come through
//! [`FileAccess`], configuration is read statically (no
//! repository code runs), and keyed YAML and outlines, which have no URL rules, get a
//! [`Coverage`] that says so.
//!
//! ```
//! use navdiff::diff::{DiffOptions, diff};
//! use navdiff::model::{NavFormat, NavTree, Node, SourceInfo};
//! use navdiff::redirects::{Side, check};
//!
//! let source = SourceInfo::new(NavFormat::Mkdocs, Some("mkdocs.yml".into()));
//! let old = NavTree::new(source.clone(), vec![Node::page("Setup", "setup.md")]);
//! let new = NavTree::new(source, vec![Node::page("Setup", "guide/setup.md")]);
//! let d = diff(&old, &new, &DiffOptions::default());
//! let coverage = check(&d, Side::new(&old, None), Side::new(&new, None)).expect("no files to read");
//! assert_eq!(coverage.entries[0].old_url, "/setup/");
//! assert_eq!(coverage.entries[0].new_url.as_deref(), Some("/guide/setup/"));
//! assert_eq!(coverage.missing_count(), 1);
//! ```

mod antora;
mod coverage;
mod docusaurus;
mod emit;
mod hosts;
mod mdbook;
mod mkdocs;
mod pattern;
mod python;
mod site;
mod sphinx;
mod url;
mod vitepress;

#[cfg(test)]
mod tests;

use std::fmt;

use serde::Serialize;

pub use coverage::{Coverage, Covered, Status, UrlChange, UrlChangeKind, compute};
pub use emit::{EmitError, Snippet, SnippetFormat, emit};
pub use site::{Page, Site, UrlMap, no_url_rules};

use crate::diff::Diff;
use crate::error::{Error, Result};
use crate::formats::FileAccess;
use crate::formats::support::LineIndex;
use crate::model::NavTree;
use pattern::{Pattern, substitute};
use url::is_external;

/// Most redirect rules read from one revision; the rest are left out, with a note.
const MAX_RULES: usize = 100_000;

/// The tools whose redirects navdiff reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum RedirectTool {
    /// mkdocs-redirects' `redirect_maps`.
    MkdocsRedirects,
    /// mdBook's `[output.html.redirect]`.
    Mdbook,
    /// sphinx-reredirects' `redirects`.
    SphinxReredirects,
    /// sphinxext-rediraffe's `rediraffe_redirects`.
    SphinxRediraffe,
    /// `@docusaurus/plugin-client-redirects`' `redirects`.
    DocusaurusClientRedirects,
    /// Antora's `:page-aliases:`.
    AntoraPageAliases,
    /// jekyll-redirect-from's `redirect_from`.
    JekyllRedirectFrom,
    /// Netlify's `_redirects` and `netlify.toml`.
    Netlify,
    /// Vercel's `vercel.json`.
    Vercel,
}

impl RedirectTool {
    /// Every tool.
    pub const ALL: [RedirectTool; 9] = [
        RedirectTool::MkdocsRedirects,
        RedirectTool::Mdbook,
        RedirectTool::SphinxReredirects,
        RedirectTool::SphinxRediraffe,
        RedirectTool::DocusaurusClientRedirects,
        RedirectTool::AntoraPageAliases,
        RedirectTool::JekyllRedirectFrom,
        RedirectTool::Netlify,
        RedirectTool::Vercel,
    ];

    /// The kebab-case id used in JSON.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            RedirectTool::MkdocsRedirects => "mkdocs-redirects",
            RedirectTool::Mdbook => "mdbook",
            RedirectTool::SphinxReredirects => "sphinx-reredirects",
            RedirectTool::SphinxRediraffe => "sphinx-rediraffe",
            RedirectTool::DocusaurusClientRedirects => "docusaurus-client-redirects",
            RedirectTool::AntoraPageAliases => "antora-page-aliases",
            RedirectTool::JekyllRedirectFrom => "jekyll-redirect-from",
            RedirectTool::Netlify => "netlify",
            RedirectTool::Vercel => "vercel",
        }
    }
}

impl fmt::Display for RedirectTool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One redirect rule of a revision.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Redirect {
    /// The tool that makes it.
    pub tool: RedirectTool,
    /// Where it is written (a repository path).
    pub file: String,
    /// The line, when known.
    pub line: Option<usize>,
    /// The source as written (`old.md`, `/recipes/*`, a docname).
    pub from: String,
    /// The destination: a path from the host's root or an external URL, with the rule's
    /// placeholders (`:splat`, `$1`) when it has them.
    pub to: String,
    pattern: Pattern,
    /// The served path it starts from, for a rule from one path (not a pattern).
    exact_from: Option<String>,
}

impl Redirect {
    /// The served path the rule starts from, for a rule from one path (not a pattern).
    pub(crate) fn exact_from(&self) -> Option<&str> {
        self.exact_from.as_deref()
    }

    /// A rule from one served path to another.
    pub(crate) fn exact(
        tool: RedirectTool,
        file: &str,
        line: Option<usize>,
        written: &str,
        from: &str,
        to: &str,
    ) -> Redirect {
        Redirect {
            tool,
            file: file.to_owned(),
            line: line.filter(|&l| l > 0),
            from: written.to_owned(),
            to: to.to_owned(),
            pattern: Pattern::exact(from),
            exact_from: Some(from.to_owned()),
        }
    }

    /// A rule with placeholders.
    pub(crate) fn pattern(
        tool: RedirectTool,
        file: &str,
        line: Option<usize>,
        written: &str,
        pattern: Pattern,
        to: &str,
    ) -> Redirect {
        Redirect {
            tool,
            file: file.to_owned(),
            line: line.filter(|&l| l > 0),
            from: written.to_owned(),
            to: to.to_owned(),
            pattern,
            exact_from: None,
        }
    }

    /// Where the rule sends `url`, when it matches.
    #[must_use]
    pub fn destination(&self, url: &str) -> Option<String> {
        let captures = self.pattern.captures(url)?;
        Some(if captures.is_empty() || self.pattern.is_exact() {
            self.to.clone()
        } else {
            substitute(&self.to, &captures)
        })
    }
}

/// Where each tool's redirects are kept, so that snippets can extend them.
#[derive(Debug, Clone, Default)]
pub(crate) struct Hints {
    pub(crate) mkdocs: mkdocs::Hint,
    pub(crate) mdbook: mdbook::Hint,
    pub(crate) sphinx: sphinx::Hint,
    pub(crate) docusaurus: docusaurus::Hint,
    pub(crate) antora: antora::Hint,
    pub(crate) hosts: hosts::Hint,
}

/// The redirects of one revision: its generator's tool, its host's rules.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Redirects {
    /// Every rule, the generator's first, then the hosts', in the order written.
    pub rules: Vec<Redirect>,
    /// Rules navdiff read but does not count, and why.
    pub notes: Vec<String>,
    pub(crate) hints: Hints,
}

impl Redirects {
    /// The redirects of the revision whose site is `site`, nav file `nav` (with its pages'
    /// URLs in `map`), read from `files`.
    pub fn read(site: &Site, nav: &str, map: &UrlMap, files: &dyn FileAccess) -> Result<Redirects> {
        let mut out = Redirects::default();
        let nav = nav.trim_start_matches("./");
        match &site.rules {
            site::Rules::Mkdocs(r) => mkdocs::redirects(r, &site.base, files, &mut out)?,
            site::Rules::Mdbook(r) => mdbook::redirects(r, &site.base, files, &mut out)?,
            site::Rules::Sphinx(r) => sphinx::redirects(r, &site.base, files, &mut out)?,
            site::Rules::Docusaurus(r) => docusaurus::redirects(r, files, &mut out)?,
            site::Rules::Antora(r) => antora::redirects(r, &site.base, files, &mut out)?,
            site::Rules::Vitepress(_) => {}
        }
        hosts::read(site, nav, map, files, &mut out)?;
        Ok(out)
    }

    pub(crate) fn push(&mut self, rule: Redirect) {
        if self.rules.len() < MAX_RULES {
            self.rules.push(rule);
        } else if self.rules.len() == MAX_RULES {
            self.notes.push(format!(
                "more than {MAX_RULES} redirect rules: the rest are not read"
            ));
            self.rules.push(rule);
        }
    }

    /// The first rule that matches `url`, and where it sends it.
    #[must_use]
    pub fn find(&self, url: &str) -> Option<(&Redirect, String)> {
        self.rules
            .iter()
            .take(MAX_RULES)
            .find_map(|r| r.destination(url).map(|to| (r, to)))
    }
}

/// One side of a check: a navigation tree, and the files of its revision when at hand
/// (the configuration, the pages, the redirect files).
#[derive(Clone, Copy)]
#[non_exhaustive]
pub struct Side<'a> {
    /// The navigation.
    pub tree: &'a NavTree,
    /// The files of its revision.
    pub files: Option<&'a dyn FileAccess>,
    /// The nav file's path among `files`, when it is not the tree's own `source.path` (a
    /// nav file named on the command line, relative to another folder).
    pub nav: Option<&'a str>,
}

impl<'a> Side<'a> {
    /// A side.
    #[must_use]
    pub fn new(tree: &'a NavTree, files: Option<&'a dyn FileAccess>) -> Self {
        Side {
            tree,
            files,
            nav: None,
        }
    }

    /// The same side, its nav file at `nav` among its files.
    #[must_use]
    pub fn with_nav(self, nav: &'a str) -> Self {
        Side {
            nav: Some(nav),
            ..self
        }
    }

    fn nav(&self) -> &'a str {
        self.nav.or(self.tree.source.path.as_deref()).unwrap_or("")
    }
}

/// Everything a redirect check finds: the coverage, with the new revision's redirects (for
/// snippets).
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Check {
    /// The old URLs against the new revision.
    pub coverage: Coverage,
    /// The new revision's redirects.
    pub redirects: Redirects,
}

/// The coverage of `old`'s page URLs by `new`, along `diff` (the diff of the two trees).
pub fn check(diff: &Diff, old: Side<'_>, new: Side<'_>) -> Result<Coverage> {
    check_all(diff, old, new).map(|c| c.coverage)
}

/// [`check`], with the new revision's redirects kept for [`emit()`].
pub fn check_all(diff: &Diff, old: Side<'_>, new: Side<'_>) -> Result<Check> {
    for side in [&old, &new] {
        if let Some(reason) = no_url_rules(side.tree.source.format) {
            return Ok(Check {
                coverage: Coverage::not_computed(reason),
                redirects: Redirects::default(),
            });
        }
    }
    let (Some(mut old_site), Some(mut new_site)) = (
        Site::read_nav(old.tree.source.format, old.nav(), old.files)?,
        Site::read_nav(new.tree.source.format, new.nav(), new.files)?,
    ) else {
        return Ok(Check::default());
    };
    let mut notes = Vec::new();
    if old_site.format != new_site.format {
        notes.push(format!(
            "the site moved from {} to {}: each side's URLs follow its own generator",
            old_site.format, new_site.format
        ));
    }
    if let Some(note) = Site::align(&mut old_site, &mut new_site) {
        notes.push(note);
    }
    let old_map = UrlMap::build(old.tree, &old_site, old.files)?;
    let mut new_map = UrlMap::build(new.tree, &new_site, new.files)?;
    let mut still_served = 0;
    let mut redirects = Redirects::default();
    if let Some(files) = new.files {
        if old_site.format == new_site.format {
            let mut checked = std::collections::HashSet::new();
            for page in old_map.pages.iter().flatten() {
                if new_map.serves(&page.url) || !checked.insert(page.url.clone()) {
                    continue;
                }
                if new_site.still_serves(page, files)? {
                    new_map.also_served(&page.url);
                    still_served += 1;
                }
            }
        }
        redirects = Redirects::read(&new_site, new.nav(), &new_map, files)?;
    } else {
        notes.push(
            "the new revision's files are not at hand: existing redirects are not read".into(),
        );
    }
    let mut entries = compute(diff, &old_map, &new_map, &redirects);
    // Redirects of the old revision that the new one dropped: their old URLs break again
    // (typer's `typer-cli.md` when it left mkdocs-redirects).
    if let (Some(old_files), Some(_)) = (old.files, new.files)
        && old_site.format == new_site.format
    {
        let before = Redirects::read(&old_site, old.nav(), &old_map, old_files)?;
        entries.extend(coverage::dropped(&before, &entries, &new_map, &redirects));
    }
    let mut pages = std::collections::HashSet::new();
    for page in old_map.pages.iter().flatten() {
        pages.insert(page.full_url());
    }
    notes.extend(old_site.notes.iter().map(|n| format!("old: {n}")));
    notes.extend(new_site.notes.iter().map(|n| format!("new: {n}")));
    notes.extend(redirects.notes.iter().cloned());
    // Files the sides' access refused to read (links out of the repository, FIFOs).
    for (side, files) in [("old", old.files), ("new", new.files)] {
        for warning in files.map(FileAccess::take_warnings).unwrap_or_default() {
            notes.push(format!("{side}: {warning}"));
        }
    }
    Ok(Check {
        coverage: Coverage {
            computed: true,
            old_format: Some(old_site.format),
            new_format: Some(new_site.format),
            old_base: old_site.base.clone(),
            new_base: new_site.base.clone(),
            pages: pages.len(),
            still_served,
            entries,
            notes,
        },
        redirects,
    })
}

/// `text` parsed as TOML, its errors with line and column.
pub(crate) fn parse_toml(name: &str, text: &str) -> Result<toml::Table> {
    toml::from_str(text).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        let (line, column) = LineIndex::new(text).line_column(text, offset);
        Error::syntax(name, text, line, column, e.message().to_owned())
    })
}

/// The 1-based line of the first line of `text` holding `needle`.
pub(crate) fn line_of(text: &str, needle: &str) -> Option<usize> {
    text.lines().position(|l| l.contains(needle)).map(|i| i + 1)
}

/// Whether `to` leaves the site.
#[must_use]
pub fn is_external_url(to: &str) -> bool {
    is_external(to)
}
