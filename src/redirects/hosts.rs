//! Redirects that hosts and other tools apply to any generator's output: Netlify's
//! `_redirects` and `netlify.toml`, Vercel's `vercel.json`, and jekyll-redirect-from's front
//! matter.
//!
//! Netlify (its docs, "Redirects and rewrites"): `_redirects` lines are `from [query] to
//! [status][!] [conditions]`; `from` may end in `/*` (the rest, `:splat` in `to`) and have
//! `:name` placeholders; status 200 is a rewrite (the URL keeps serving), 404 and other
//! errors are not redirects; rules with query or condition matches (country, language,
//! role) apply only sometimes and are not counted. `netlify.toml` `[[redirects]]` tables
//! say the same with keys. Vercel (`vercel.json`): `redirects` (`source`, `destination`)
//! and `rewrites` in path-to-regexp syntax; rules with `has`/`missing` conditions are not
//! counted. jekyll-redirect-from: a page's `redirect_from` (a path or a list of paths from
//! the site's root) redirects those paths to the page.

use super::emit::{Snippet, quote_double};
use super::pattern::Pattern;
use super::site::{Page, Site, UrlMap};
use super::url;
use super::{Redirect, RedirectTool, Redirects, parse_toml};
use crate::error::Result;
use crate::formats::FileAccess;
use crate::formats::join_path;
use crate::formats::support::js::{self, Js, JsKind};
use crate::formats::support::{parent_dir, yaml};

/// How much of a page is read for its front matter.
const HEAD: usize = 4096;

/// Where host rules were found, for snippets.
#[derive(Debug, Clone, Default)]
pub(crate) struct Hint {
    /// `_redirects` files read.
    pub(crate) netlify_files: Vec<String>,
    /// `netlify.toml` with `[[redirects]]`.
    pub(crate) netlify_toml: Option<String>,
    /// `vercel.json`, and the line of its `redirects` array.
    pub(crate) vercel: Option<(String, Option<usize>)>,
    /// Where `_redirects` would be published from.
    pub(crate) publish_dir: Option<String>,
}

/// The folders whose files a host serves from the site's root, best first, then the site's
/// own folder and the repository root (for `netlify.toml` and `vercel.json`).
fn folders(site: &Site, nav: &str) -> Vec<String> {
    let mut out = site.publish_dirs();
    let site_dir = parent_dir(nav).to_owned();
    for dir in [site_dir, String::new()] {
        if !out.contains(&dir) {
            out.push(dir);
        }
    }
    out
}

pub(crate) fn read(
    site: &Site,
    nav: &str,
    map: &UrlMap,
    files: &dyn FileAccess,
    out: &mut Redirects,
) -> Result<()> {
    let dirs = folders(site, nav);
    out.hints.hosts.publish_dir = site.publish_dirs().into_iter().next();
    for dir in &dirs {
        let path = join_path(dir, "_redirects").unwrap_or_default();
        if let Some(text) = files.read_text(&path)? {
            out.hints.hosts.netlify_files.push(path.clone());
            netlify_lines(&path, &text, out);
        }
    }
    for dir in &dirs {
        let path = join_path(dir, "netlify.toml").unwrap_or_default();
        if let Some(text) = files.read_text(&path)? {
            netlify_toml(&path, &text, out)?;
            break;
        }
    }
    for dir in &dirs {
        let path = join_path(dir, "vercel.json").unwrap_or_default();
        if let Some(text) = files.read_text(&path)? {
            vercel(&path, &text, out)?;
            break;
        }
    }
    for dir in &dirs {
        let path = join_path(dir, "_config.yml").unwrap_or_default();
        if let Some(text) = files.read_text(&path)? {
            if let Some(baseurl) = jekyll_baseurl(&path, &text) {
                jekyll(map, &baseurl, files, out)?;
            }
            break;
        }
    }
    Ok(())
}

fn netlify_lines(path: &str, text: &str, out: &mut Redirects) {
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let tokens: Vec<&str> = line.split_whitespace().collect();
        let Some(to_at) = tokens
            .iter()
            .skip(1)
            .position(|t| t.starts_with('/') || url::is_external(t))
            .map(|p| p + 1)
        else {
            out.notes
                .push(format!("{path}:{line_no}: a line with no destination"));
            continue;
        };
        let query = tokens[1..to_at].iter().any(|t| t.contains('='));
        let status = tokens.get(to_at + 1).copied();
        let conditions = tokens.len() > to_at + 2 || status.is_some_and(|s| s.contains('='));
        rule(
            RedirectTool::Netlify,
            path,
            line_no,
            tokens[0],
            tokens[to_at],
            status
                .filter(|s| !s.contains('='))
                .map(|s| s.trim_end_matches('!')),
            query || conditions,
            out,
        );
    }
}

#[expect(
    clippy::too_many_arguments,
    reason = "one rule's parts, as the two Netlify syntaxes spell them"
)]
fn rule(
    tool: RedirectTool,
    path: &str,
    line: usize,
    from: &str,
    to: &str,
    status: Option<&str>,
    conditional: bool,
    out: &mut Redirects,
) {
    if conditional {
        out.notes.push(format!(
            "{path}:{line}: `{from}` applies only on conditions (query, country, language or role): not counted"
        ));
        return;
    }
    if url::is_external(from) {
        out.notes.push(format!(
            "{path}:{line}: `{from}` matches another domain: not counted"
        ));
        return;
    }
    let code: u16 = status.and_then(|s| s.parse().ok()).unwrap_or(301);
    if code >= 400 {
        return;
    }
    let pattern = match Pattern::netlify(from) {
        Ok(p) => p,
        Err(why) => {
            out.notes.push(format!("{path}:{line}: `{from}`: {why}"));
            return;
        }
    };
    out.push(Redirect::pattern(tool, path, Some(line), from, pattern, to));
}

fn netlify_toml(path: &str, text: &str, out: &mut Redirects) -> Result<()> {
    let table = parse_toml(path, text)?;
    let Some(rules) = table.get("redirects").and_then(toml::Value::as_array) else {
        return Ok(());
    };
    out.hints.hosts.netlify_toml = Some(path.to_owned());
    for (i, entry) in rules.iter().enumerate() {
        let (Some(from), Some(to)) = (
            entry.get("from").and_then(toml::Value::as_str),
            entry.get("to").and_then(toml::Value::as_str),
        ) else {
            continue;
        };
        let line = nth_line_of(text, "[[redirects]]", i).unwrap_or(0);
        let status = entry
            .get("status")
            .and_then(toml::Value::as_integer)
            .map(|s| s.to_string());
        let conditional = ["query", "conditions"].iter().any(|k| {
            entry
                .get(*k)
                .and_then(toml::Value::as_table)
                .is_some_and(|t| !t.is_empty())
        });
        rule(
            RedirectTool::Netlify,
            path,
            line,
            from,
            to,
            status.as_deref(),
            conditional,
            out,
        );
    }
    Ok(())
}

/// The line of the `n`th (0-based) line that is `needle`.
fn nth_line_of(text: &str, needle: &str, n: usize) -> Option<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.trim() == needle)
        .nth(n)
        .map(|(i, _)| i + 1)
}

fn vercel(path: &str, text: &str, out: &mut Redirects) -> Result<()> {
    let config = js::json_value(path, text)?;
    let redirects = config.get("redirects");
    out.hints.hosts.vercel = Some((path.to_owned(), redirects.map(|r| r.line)));
    if matches!(
        config.get("cleanUrls").map(|v| &v.kind),
        Some(JsKind::Bool(true))
    ) {
        out.notes.push(format!(
            "{path}: `cleanUrls` serves `.html` pages without their extension; URLs are compared as the generator writes them"
        ));
    }
    for key in ["redirects", "rewrites"] {
        for item in config.get(key).and_then(Js::as_array).unwrap_or_default() {
            let (Some(source), Some(destination)) = (
                item.get("source").and_then(Js::as_text),
                item.get("destination").and_then(Js::as_text),
            ) else {
                continue;
            };
            if item.get("has").is_some() || item.get("missing").is_some() {
                out.notes.push(format!(
                    "{path}:{}: `{source}` applies only on `has`/`missing` conditions: not counted",
                    item.line
                ));
                continue;
            }
            let pattern = match Pattern::vercel(&source) {
                Ok(p) => p,
                Err(why) => {
                    out.notes
                        .push(format!("{path}:{}: `{source}`: {why}", item.line));
                    continue;
                }
            };
            out.push(Redirect::pattern(
                RedirectTool::Vercel,
                path,
                Some(item.line),
                &source,
                pattern,
                &destination,
            ));
        }
    }
    Ok(())
}

/// The site's `baseurl` (as a path), when a Jekyll `_config.yml` enables
/// jekyll-redirect-from.
fn jekyll_baseurl(path: &str, text: &str) -> Option<String> {
    let doc = yaml::load(path, text).ok()??;
    let map = yaml::as_mapping(&doc)?;
    let enabled = ["plugins", "gems"].iter().any(|key| {
        yaml::get(map, key)
            .and_then(yaml::as_sequence)
            .unwrap_or_default()
            .iter()
            .any(|p| yaml::scalar_text(p).as_deref() == Some("jekyll-redirect-from"))
    });
    enabled.then(|| {
        yaml::get(map, "baseurl")
            .and_then(yaml::scalar_text)
            .map_or_else(|| "/".to_owned(), |b| url::dir_path(&b))
    })
}

fn jekyll(map: &UrlMap, baseurl: &str, files: &dyn FileAccess, out: &mut Redirects) -> Result<()> {
    let mut seen = std::collections::HashSet::new();
    for page in map.pages.iter().flatten() {
        let Some(source) = &page.source else {
            continue;
        };
        if !seen.insert(source.clone()) {
            continue;
        }
        let Some(head) = files.read_head(source, HEAD)? else {
            continue;
        };
        let Some(doc) = super::site::front_matter(source, &head) else {
            continue;
        };
        let Some(value) = yaml::as_mapping(&doc).and_then(|m| yaml::get(m, "redirect_from")) else {
            continue;
        };
        let entries: Vec<&yaml::Yaml> = match yaml::as_sequence(value) {
            Some(items) => items.iter().collect(),
            None => vec![value],
        };
        for entry in entries {
            let Some(from) = yaml::scalar_text(entry) else {
                continue;
            };
            let from_url = url::under(baseurl, &from);
            out.push(Redirect::exact(
                RedirectTool::JekyllRedirectFrom,
                source,
                Some(yaml::line(entry) + 1),
                &from,
                &from_url,
                &page.url,
            ));
        }
    }
    Ok(())
}

/// Netlify rules for `pairs` (old page, destination page): `_redirects` lines, or
/// `[[redirects]]` tables when the site keeps them in `netlify.toml` only.
pub(crate) fn emit_netlify(pairs: &[(&Page, &Page)], hint: &Hint) -> Snippet {
    if hint.netlify_files.is_empty()
        && let Some(toml_path) = &hint.netlify_toml
    {
        let mut text = format!("# {toml_path}: add at the end\n");
        for (old, new) in pairs {
            text.push_str(&format!(
                "[[redirects]]\n  from = {}\n  to = {}\n  status = 301\n",
                quote_double(&old.url),
                quote_double(&new.full_url())
            ));
        }
        return Snippet {
            file: Some(toml_path.clone()),
            place: "at the end".into(),
            text,
        };
    }
    let file = hint.netlify_files.first().cloned().unwrap_or_else(|| {
        join_path(hint.publish_dir.as_deref().unwrap_or(""), "_redirects")
            .unwrap_or_else(|| "_redirects".into())
    });
    let width = pairs.iter().map(|(o, _)| o.url.len()).max().unwrap_or(0);
    let mut text =
        format!("# {file}: add these lines (Netlify serves it from the published folder)\n");
    for (old, new) in pairs {
        text.push_str(&format!("{:width$}  {}  301\n", old.url, new.full_url()));
    }
    Snippet {
        file: Some(file),
        place: "at the end".into(),
        text,
    }
}

/// Vercel `redirects` entries for `pairs` (old page, destination page).
pub(crate) fn emit_vercel(pairs: &[(&Page, &Page)], hint: &Hint) -> Snippet {
    let entries: Vec<String> = pairs
        .iter()
        .map(|(old, new)| {
            format!(
                "{{ \"source\": {}, \"destination\": {}, \"permanent\": true }}",
                json_string(&old.url),
                json_string(&new.full_url())
            )
        })
        .collect();
    let (file, text) = match &hint.vercel {
        Some((path, Some(line))) => (
            path.clone(),
            format!(
                "// {path}: add to the \"redirects\" array (line {line})\n{},\n",
                entries.join(",\n")
            ),
        ),
        Some((path, None)) => (
            path.clone(),
            format!(
                "// {path}: add this key to the top-level object\n\"redirects\": [\n  {}\n],\n",
                entries.join(",\n  ")
            ),
        ),
        None => (
            "vercel.json".to_owned(),
            format!(
                "// vercel.json: a new file at the project's root\n{{\n  \"redirects\": [\n    {}\n  ]\n}}\n",
                entries.join(",\n    ")
            ),
        ),
    };
    Snippet {
        file: Some(file),
        place: "in \"redirects\"".into(),
        text,
    }
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| quote_double(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn netlify_lines_are_read_as_netlify_does() {
        let mut out = Redirects::default();
        netlify_lines(
            "static/_redirects",
            "# comment\n/recipes/*  /usage/:splat  301!\n/old /new\n/gone /404.html 404\n/shop id=:id /store/:id 301\n/fr/* /fr/404.html 404 Language=fr\n/rw /served 200\nbroken\n",
            &mut out,
        );
        let rules: Vec<(&str, &str, Option<usize>)> = out
            .rules
            .iter()
            .map(|r| (r.from.as_str(), r.to.as_str(), r.line))
            .collect();
        assert_eq!(
            rules,
            [
                ("/recipes/*", "/usage/:splat", Some(2)),
                ("/old", "/new", Some(3)),
                ("/rw", "/served", Some(7)),
            ]
        );
        assert_eq!(out.notes.len(), 3, "{:?}", out.notes);
        assert_eq!(
            out.find("/recipes/structuring/")
                .map(|(_, to)| to)
                .as_deref(),
            Some("/usage/structuring")
        );
    }
}
