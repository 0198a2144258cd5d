//! Ready-to-paste redirect entries in each generator's and host's own syntax.

use std::collections::HashSet;
use std::fmt;
use std::str::FromStr;

use super::coverage::Coverage;
use super::site::Page;
use super::url::match_key;
use super::{Redirects, antora, docusaurus, hosts, mdbook, mkdocs, sphinx};
use crate::model::NavFormat;

/// The syntaxes redirect entries are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum SnippetFormat {
    /// mkdocs-redirects' `redirect_maps` in `mkdocs.yml`.
    Mkdocs,
    /// mdBook's `[output.html.redirect]` in `book.toml`.
    Mdbook,
    /// sphinx-reredirects' `redirects` (or sphinxext-rediraffe's, when the project uses it)
    /// in `conf.py`.
    Sphinx,
    /// `@docusaurus/plugin-client-redirects`' `redirects` in `docusaurus.config.*`.
    Docusaurus,
    /// `:page-aliases:` in Antora pages' headers.
    Antora,
    /// Netlify's `_redirects` (or `netlify.toml`).
    Netlify,
    /// Vercel's `vercel.json`.
    Vercel,
}

impl SnippetFormat {
    /// Every syntax, in the order `--help` lists them.
    pub const ALL: [SnippetFormat; 7] = [
        SnippetFormat::Mkdocs,
        SnippetFormat::Mdbook,
        SnippetFormat::Sphinx,
        SnippetFormat::Docusaurus,
        SnippetFormat::Antora,
        SnippetFormat::Netlify,
        SnippetFormat::Vercel,
    ];

    /// The name used on the command line.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            SnippetFormat::Mkdocs => "mkdocs",
            SnippetFormat::Mdbook => "mdbook",
            SnippetFormat::Sphinx => "sphinx",
            SnippetFormat::Docusaurus => "docusaurus",
            SnippetFormat::Antora => "antora",
            SnippetFormat::Netlify => "netlify",
            SnippetFormat::Vercel => "vercel",
        }
    }

    /// The generator whose own tool this syntax is, `None` for a host (any generator).
    #[must_use]
    pub fn generator(self) -> Option<NavFormat> {
        match self {
            SnippetFormat::Mkdocs => Some(NavFormat::Mkdocs),
            SnippetFormat::Mdbook => Some(NavFormat::Mdbook),
            SnippetFormat::Sphinx => Some(NavFormat::Sphinx),
            SnippetFormat::Docusaurus => Some(NavFormat::Docusaurus),
            SnippetFormat::Antora => Some(NavFormat::Antora),
            SnippetFormat::Netlify | SnippetFormat::Vercel => None,
        }
    }
}

impl fmt::Display for SnippetFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for SnippetFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        crate::model::from_name(
            &SnippetFormat::ALL,
            SnippetFormat::name,
            "redirect format",
            s,
        )
    }
}

/// Redirect entries to paste: where, and the text (with a comment line saying where).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Snippet {
    /// The file they go in, when it is one file.
    pub file: Option<String>,
    /// Where in it.
    pub place: String,
    /// The entries, in the tool's syntax, led by a comment that says where they go.
    pub text: String,
}

/// Why entries cannot be written in a syntax.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmitError(pub String);

impl fmt::Display for EmitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for EmitError {}

/// Entries in `format` for every URL of `coverage` that no redirect covers; `None` when
/// there is none. A generator's own syntax needs a site of that generator.
pub fn emit(
    format: SnippetFormat,
    coverage: &Coverage,
    redirects: &Redirects,
) -> Result<Option<Snippet>, EmitError> {
    if let Some(generator) = format.generator()
        && coverage.new_format != Some(generator)
    {
        return Err(EmitError(format!(
            "`{format}` entries are for a {generator} site; this one is {}: use `netlify` or `vercel`",
            coverage.new_format.map_or_else(
                || "of unknown kind".to_owned(),
                |f| format!("built with {f}")
            )
        )));
    }
    // One entry per old page (fragments ride along: browsers keep them across redirects),
    // the entry without a fragment first.
    let mut missing: Vec<_> = coverage
        .missing()
        .filter(|e| e.destination.is_some())
        .collect();
    missing.sort_by_key(|e| e.old_page.fragment.is_some());
    let mut seen = HashSet::new();
    let mut pairs: Vec<(&Page, &Page)> = Vec::new();
    for entry in missing {
        let Some(destination) = &entry.destination else {
            continue;
        };
        if seen.insert(match_key(&entry.old_page.url)) {
            pairs.push((&entry.old_page, destination));
        }
    }
    // Back in old navigation order.
    pairs.sort_by_key(|(old, _)| {
        coverage
            .entries
            .iter()
            .position(|e| std::ptr::eq(&raw const e.old_page, *old))
    });
    // Removed pages with no evident successor get no entry: a redirect to the site's home
    // would be a soft 404. A comment names them.
    let mut unplaced = HashSet::new();
    let left_out: Vec<&Page> = coverage
        .missing()
        .filter(|e| e.destination.is_none())
        .map(|e| &e.old_page)
        .filter(|p| unplaced.insert(match_key(&p.url)))
        .collect();
    if pairs.is_empty() && left_out.is_empty() {
        return Ok(None);
    }
    let hints = &redirects.hints;
    let mut snippet = match format {
        SnippetFormat::Mkdocs => mkdocs::emit(&pairs, &hints.mkdocs),
        SnippetFormat::Mdbook => mdbook::emit(&pairs, &hints.mdbook),
        SnippetFormat::Sphinx => sphinx::emit(&pairs, &hints.sphinx),
        SnippetFormat::Docusaurus => docusaurus::emit(&pairs, &hints.docusaurus),
        SnippetFormat::Antora => antora::emit(&pairs, &hints.antora),
        SnippetFormat::Netlify => hosts::emit_netlify(&pairs, &hints.hosts),
        SnippetFormat::Vercel => hosts::emit_vercel(&pairs, &hints.hosts),
    };
    // Comments in the syntax's own, as the snippets' first lines write them.
    let mark = match format {
        SnippetFormat::Docusaurus | SnippetFormat::Antora | SnippetFormat::Vercel => "//",
        SnippetFormat::Mkdocs
        | SnippetFormat::Mdbook
        | SnippetFormat::Sphinx
        | SnippetFormat::Netlify => "#",
    };
    if pairs.is_empty() {
        // Nothing to paste: only the comments below.
        snippet.text.clear();
    }
    if !left_out.is_empty() {
        for page in left_out {
            snippet.text.push_str(&format!(
                "{mark} no entry for {} ({}): no successor is evident; choose where it should lead\n",
                page.key, page.url
            ));
        }
    }
    Ok(Some(snippet))
}

/// `s` in single quotes, as YAML and JavaScript read them (a quote doubled in YAML is
/// escaped in JavaScript: the entries quote only paths, where neither occurs in practice,
/// but both are kept valid).
pub(crate) fn quote_single(s: &str) -> String {
    if s.contains(['\'', '\\', '\n']) {
        return quote_double(s);
    }
    format!("'{s}'")
}

/// `s` in double quotes, with `\` and `"` escaped (valid TOML, Python, JSON and JS).
pub(crate) fn quote_double(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for format in SnippetFormat::ALL {
            assert_eq!(format.name().parse::<SnippetFormat>(), Ok(format));
        }
        assert!("jekyll".parse::<SnippetFormat>().is_err());
    }

    #[test]
    fn quoting() {
        assert_eq!(quote_single("a/b.md"), "'a/b.md'");
        assert_eq!(quote_single("it's.md"), "\"it's.md\"");
        assert_eq!(quote_double("a\"b\\c"), "\"a\\\"b\\\\c\"");
    }
}
