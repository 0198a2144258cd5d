//! MkDocs: served URLs from `mkdocs.yml`, and mkdocs-redirects' `redirect_maps`.
//!
//! URLs follow MkDocs' `File` (`mkdocs/structure/files.py`, `_get_stem`, `_get_dest_path`,
//! `_get_url`): a Markdown page `a/b.md` is written to `a/b/index.html` and served at
//! `a/b/` with `use_directory_urls` (the default), else to `a/b.html`; `index.md` and
//! `README.md` (the exact stem `README`) are their folder's index, and a `README.md` beside an
//! `index.md` is left out of the site. Every Markdown file of `docs_dir` is published, in
//! the nav or not. Markdown extensions are MkDocs' own (`mkdocs/utils/__init__.py`
//! `markdown_extensions`). The site's path is `site_url`'s.
//!
//! mkdocs-redirects (`mkdocs_redirects/plugin.py`): each `redirect_maps` key is the old
//! Markdown path in `docs_dir`, written where MkDocs would have written that page; each value
//! is an existing Markdown page of `docs_dir` (a `#fragment` kept) or an `http(s)` URL;
//! anything else is skipped with a warning by the plugin, and not counted here.

use super::emit::{Snippet, quote_single};
use super::site::Page;
use super::url::{self, split_extension, split_fragment};
use super::{Redirect, RedirectTool, Redirects};
use crate::error::Result;
use crate::formats::FileAccess;
use crate::formats::support::yaml::{self, Yaml, YamlKind};
use crate::formats::{join_path, support::parent_dir};

/// How many `INHERIT:` hops are followed for settings.
const MAX_INHERIT: usize = 5;

/// MkDocs' Markdown extensions.
const MARKDOWN: [&str; 5] = [".markdown", ".mdown", ".mkdn", ".mkd", ".md"];

/// The URL rules of an MkDocs site.
#[derive(Debug, Clone)]
pub(crate) struct Rules {
    /// `mkdocs.yml` in the repository.
    config: String,
    /// `docs_dir` in the repository.
    docs_dir: String,
    directory_urls: bool,
}

impl Rules {
    pub(crate) fn docs_dir(&self) -> &str {
        &self.docs_dir
    }

    pub(crate) fn defaults(nav: &str) -> Rules {
        Rules {
            config: nav.to_owned(),
            docs_dir: join_path(parent_dir(nav), "docs").unwrap_or_else(|| "docs".into()),
            directory_urls: true,
        }
    }

    /// The page a nav target opens: a Markdown page, or a static file that exists; links
    /// (anything else) are no page of the site.
    pub(crate) fn page(
        &self,
        base: &str,
        target: &str,
        files: Option<&dyn FileAccess>,
    ) -> Result<Option<Page>> {
        if url::is_external(target) || target.starts_with('/') {
            return Ok(None);
        }
        let (path, fragment) = split_fragment(target);
        let Some(rel) = join_path("", path) else {
            return Ok(None);
        };
        if rel.is_empty() {
            return Ok(None);
        }
        let source = join_path(&self.docs_dir, &rel);
        if !is_markdown(&rel) {
            // A static file is served as it is; a path that is no file is a link.
            let exists = match (files, &source) {
                (Some(files), Some(s)) => files.is_file(s)?,
                _ => false,
            };
            if !exists {
                return Ok(None);
            }
        }
        let readme_shadowed = match files {
            Some(files) => self.readme_shadowed(&rel, files)?,
            None => false,
        };
        if readme_shadowed {
            return Ok(None);
        }
        Ok(Some(Page {
            url: url::under(base, &self.url_of(&rel)),
            fragment: fragment.map(str::to_owned),
            source,
            key: rel,
        }))
    }

    pub(crate) fn page_of_source(
        &self,
        base: &str,
        source: &str,
        files: &dyn FileAccess,
    ) -> Result<Option<Page>> {
        let Some(rel) = source.strip_prefix(&self.docs_dir).and_then(|r| {
            if self.docs_dir.is_empty() {
                Some(r)
            } else {
                r.strip_prefix('/')
            }
        }) else {
            return Ok(None);
        };
        if !is_markdown(rel) || self.readme_shadowed(rel, files)? {
            return Ok(None);
        }
        Ok(Some(Page {
            url: url::under(base, &self.url_of(rel)),
            fragment: None,
            source: Some(source.to_owned()),
            key: rel.to_owned(),
        }))
    }

    /// Whether `rel` is a `README.md` that an `index.md` beside it keeps out of the site.
    fn readme_shadowed(&self, rel: &str, files: &dyn FileAccess) -> Result<bool> {
        let name = url::file_name(rel);
        let (stem, ext) = split_extension(name);
        if stem != "README" {
            return Ok(false);
        }
        let dir = parent_dir(rel);
        let index = if dir.is_empty() {
            format!("index{ext}")
        } else {
            format!("{dir}/index{ext}")
        };
        match join_path(&self.docs_dir, &index) {
            Some(index) => files.is_file(&index),
            None => Ok(false),
        }
    }

    /// The served path (relative to the site) of the file `rel` of `docs_dir`.
    pub(crate) fn url_of(&self, rel: &str) -> String {
        if !is_markdown(rel) {
            return rel.to_owned();
        }
        let parent = parent_dir(rel);
        let (stem, _) = split_extension(url::file_name(rel));
        let name = if stem == "README" { "index" } else { stem };
        let join = |a: &str, b: &str| {
            if a.is_empty() {
                b.to_owned()
            } else {
                format!("{a}/{b}")
            }
        };
        let dest = if !self.directory_urls || name == "index" {
            join(parent, &format!("{name}.html"))
        } else {
            join(&join(parent, name), "index.html")
        };
        if self.directory_urls && url::file_name(&dest) == "index.html" {
            let dir = parent_dir(&dest);
            if dir.is_empty() {
                String::new()
            } else {
                format!("{dir}/")
            }
        } else {
            dest
        }
    }
}

fn is_markdown(path: &str) -> bool {
    MARKDOWN.iter().any(|ext| path.ends_with(ext))
}

/// The settings of `mkdocs.yml` and the files it inherits from, nearest first.
///
/// Only the top-level keys URLs and redirects depend on are parsed, each from its own block
/// of lines: a `nav:` of a hundred thousand entries is not parsed again here (its reader did
/// that). A file whose blocks cannot be told apart is parsed whole.
struct Config {
    files: Vec<ConfigFile>,
}

/// One file of the configuration.
struct ConfigFile {
    path: String,
    text: String,
    /// The keys read: key, value, and the line its block starts on (1-based).
    keys: Vec<(String, Yaml, usize)>,
}

/// A value of the configuration: the file it is in, the value, and the line its block
/// starts on (add `yaml::line(node) - 1` for a node's line in the file).
struct Setting<'c> {
    file: &'c ConfigFile,
    value: &'c Yaml,
    offset: usize,
}

impl Setting<'_> {
    /// The line of `node` (a part of this setting's value) in its file.
    fn line(&self, node: &Yaml) -> usize {
        self.offset + yaml::line(node) - 1
    }
}

/// The top-level keys URLs and redirects depend on.
const KEYS: [&str; 5] = [
    "INHERIT",
    "docs_dir",
    "site_url",
    "use_directory_urls",
    "plugins",
];

impl Config {
    fn load(nav: &str, files: &dyn FileAccess) -> Result<Config> {
        let mut out = Vec::new();
        let mut path = nav.to_owned();
        for _ in 0..=MAX_INHERIT {
            let Some(text) = files.read_text(&path)? else {
                break;
            };
            let keys = read_keys(&path, &text)?;
            let inherit = keys
                .iter()
                .find(|(k, _, _)| k == "INHERIT")
                .and_then(|(_, v, _)| yaml::scalar_text(v));
            out.push(ConfigFile {
                path: path.clone(),
                text,
                keys,
            });
            match inherit.and_then(|i| join_path(parent_dir(&path), &i)) {
                Some(parent) => path = parent,
                None => break,
            }
        }
        Ok(Config { files: out })
    }

    /// The value of a top-level key, from the nearest file that sets it.
    fn get(&self, key: &str) -> Option<Setting<'_>> {
        self.files.iter().find_map(|file| {
            file.keys
                .iter()
                .find(|(k, _, _)| k == key)
                .map(|(_, value, offset)| Setting {
                    file,
                    value,
                    offset: *offset,
                })
        })
    }
}

/// The values of [`KEYS`] in `text`, each parsed from its block of lines (a top-level key
/// at the start of a line, to the next one); the whole file when that reading fails.
fn read_keys(path: &str, text: &str) -> Result<Vec<(String, Yaml, usize)>> {
    let lines: Vec<&str> = text.lines().collect();
    let key_of = |line: &str| -> Option<String> {
        let first = line.chars().next()?;
        if !(first.is_alphanumeric() || matches!(first, '_' | '"' | '\'')) {
            return None;
        }
        let (key, _) = line.split_once(':')?;
        Some(key.trim().trim_matches(['"', '\'']).to_owned())
    };
    let starts: Vec<(usize, String)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| key_of(l).map(|k| (i, k)))
        .collect();
    let mut out = Vec::new();
    for (n, (start, key)) in starts.iter().enumerate() {
        if !KEYS.contains(&key.as_str()) {
            continue;
        }
        let end = starts.get(n + 1).map_or(lines.len(), |(e, _)| *e);
        let block = lines[*start..end].join("\n");
        let parsed = yaml::load(path, &block)
            .ok()
            .flatten()
            .and_then(|doc| yaml::as_mapping(&doc).and_then(|m| m.first().cloned()));
        match parsed {
            Some((_, value)) => out.push((key.clone(), value, start + 1)),
            None => return whole(path, text),
        }
    }
    Ok(out)
}

/// [`read_keys`] from the whole file parsed at once (errors then have their real place).
fn whole(path: &str, text: &str) -> Result<Vec<(String, Yaml, usize)>> {
    let Some(doc) = yaml::load(path, text)? else {
        return Ok(Vec::new());
    };
    Ok(yaml::as_mapping(&doc)
        .unwrap_or_default()
        .iter()
        .filter_map(|(k, v)| {
            let key = yaml::scalar_text(k)?;
            KEYS.contains(&key.as_str()).then(|| (key, v.clone(), 1))
        })
        .collect())
}

/// A scalar setting; `!ENV [NAME, default]` gives its default, with a note.
fn setting(config: &Config, key: &str, notes: &mut Vec<String>) -> Option<String> {
    let value = config.get(key)?.value;
    if let YamlKind::Tagged(tag, inner) = &value.kind {
        let default = yaml::as_sequence(inner)
            .filter(|items| items.len() > 1)
            .and_then(|items| items.last())
            .and_then(yaml::scalar_text);
        notes.push(match &default {
            Some(d) => format!("`{key}` comes from the environment ({tag}); its default `{d}` is assumed"),
            None => format!("`{key}` comes from the environment ({tag}) and has no default: MkDocs' default is assumed"),
        });
        return default;
    }
    yaml::scalar_text(value)
}

/// YAML 1.1's booleans, as `PyYAML` (and so MkDocs) reads them.
fn boolean(text: &str) -> Option<bool> {
    match text.to_ascii_lowercase().as_str() {
        "true" | "yes" | "on" | "y" => Some(true),
        "false" | "no" | "off" | "n" => Some(false),
        _ => None,
    }
}

pub(crate) fn read(
    nav: &str,
    files: &dyn FileAccess,
    notes: &mut Vec<String>,
) -> Result<(String, Option<String>, Rules)> {
    let config = Config::load(nav, files)?;
    let mut rules = Rules::defaults(nav);
    if let Some(found) = config.get("docs_dir")
        && let Some(dir) = setting(&config, "docs_dir", notes)
    {
        rules.docs_dir = join_path(parent_dir(&found.file.path), &dir).unwrap_or(dir);
    }
    if let Some(value) = setting(&config, "use_directory_urls", notes) {
        match boolean(&value) {
            Some(b) => rules.directory_urls = b,
            None => notes.push(format!(
                "`use_directory_urls: {value}` is not a boolean: MkDocs' default (true) is assumed"
            )),
        }
    }
    let base =
        setting(&config, "site_url", notes).map_or_else(|| "/".to_owned(), |u| url::site_path(&u));
    Ok((base, Some(nav.to_owned()), rules))
}

/// Where `redirect_maps` is, for snippets that extend it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Hint {
    /// The file and line of `redirect_maps:` and the indentation of its entries.
    pub(crate) maps: Option<(String, usize, usize)>,
    /// The line of `plugins:`, when there is one but no redirects plugin.
    pub(crate) plugins: Option<(String, usize)>,
}

/// mkdocs-redirects' `redirect_maps` in `mkdocs.yml` (or an inherited file).
pub(crate) fn redirects(
    rules: &Rules,
    base: &str,
    files: &dyn FileAccess,
    out: &mut Redirects,
) -> Result<()> {
    let config = Config::load(&rules.config, files)?;
    let Some(setting) = config.get("plugins") else {
        return Ok(());
    };
    let (path, plugins, text) = (&setting.file.path, setting.value, &setting.file.text);
    let Some((maps_key, maps)) = plugin_config(plugins)
        .and_then(yaml::as_mapping)
        .and_then(|m| {
            m.iter()
                .find(|(k, _)| yaml::scalar_text(k).as_deref() == Some("redirect_maps"))
        })
    else {
        out.hints.mkdocs.plugins = Some((path.to_owned(), setting.offset));
        return Ok(());
    };
    let entries = yaml::as_mapping(maps).unwrap_or_default();
    let maps_line = setting.line(maps_key);
    let indent = entries
        .first()
        .and_then(|(k, _)| text.lines().nth(setting.line(k).saturating_sub(1)))
        .map_or_else(
            || indentation(text, maps_line) + 2,
            |l| l.len() - l.trim_start().len(),
        );
    out.hints.mkdocs.maps = Some((path.to_owned(), maps_line, indent));
    for (key, value) in entries {
        let (Some(old), Some(new)) = (yaml::scalar_text(key), yaml::scalar_text(value)) else {
            continue;
        };
        let line = setting.line(key);
        let old_rel = join_path("", &old).unwrap_or(old.clone());
        let from = url::under(base, &rules.url_of(&old_rel));
        let to = if new.to_ascii_lowercase().starts_with("http://")
            || new.to_ascii_lowercase().starts_with("https://")
        {
            new.clone()
        } else {
            let (new_path, fragment) = split_fragment(&new);
            let rel = join_path("", new_path).unwrap_or_default();
            let exists = is_markdown(&rel)
                && match join_path(&rules.docs_dir, &rel) {
                    Some(p) => files.is_file(&p)?,
                    None => false,
                };
            if !exists {
                out.notes.push(format!(
                    "{path}:{line}: redirect target `{new}` is no page of `{}`: mkdocs-redirects skips this entry",
                    rules.docs_dir
                ));
                continue;
            }
            let mut to = url::under(base, &rules.url_of(&rel));
            if let Some(f) = fragment {
                to.push('#');
                to.push_str(f);
            }
            to
        };
        out.push(Redirect::exact(
            RedirectTool::MkdocsRedirects,
            path,
            Some(line),
            &old,
            &from,
            &to,
        ));
    }
    Ok(())
}

/// The settings of the `redirects` plugin in `plugins:` (a list of names and one-key maps,
/// or a map), when it is listed with settings.
fn plugin_config(plugins: &Yaml) -> Option<&Yaml> {
    match yaml::as_sequence(plugins) {
        Some(items) => items
            .iter()
            .find_map(|item| yaml::as_mapping(item).and_then(|m| yaml::get(m, "redirects"))),
        None => yaml::as_mapping(plugins).and_then(|m| yaml::get(m, "redirects")),
    }
}

fn indentation(text: &str, line: usize) -> usize {
    text.lines()
        .nth(line.saturating_sub(1))
        .map_or(0, |l| l.len() - l.trim_start().len())
}

/// `redirect_maps` entries for `pairs` (old page, destination page).
pub(crate) fn emit(pairs: &[(&Page, &Page)], hint: &Hint) -> Snippet {
    let entry = |old: &Page, new: &Page, indent: usize| {
        let mut to = new.key.clone();
        if let Some(f) = &new.fragment {
            to.push('#');
            to.push_str(f);
        }
        format!(
            "{}{}: {}\n",
            " ".repeat(indent),
            quote_single(&old.key),
            quote_single(&to)
        )
    };
    let mut text = String::new();
    let (file, place) = if let Some((file, line, indent)) = &hint.maps {
        text.push_str(&format!(
            "# {file}: add under `redirect_maps:` (line {line}) of the `redirects` plugin\n"
        ));
        for (old, new) in pairs {
            text.push_str(&entry(old, new, *indent));
        }
        (
            Some(file.clone()),
            format!("under `redirect_maps:` (line {line})"),
        )
    } else {
        let file = hint.plugins.as_ref().map(|(f, _)| f.clone());
        match &hint.plugins {
            Some((f, line)) => text.push_str(&format!(
                "# {f}: add this item to `plugins:` (line {line}); it needs `pip install mkdocs-redirects`\n"
            )),
            None => text.push_str(
                "# mkdocs.yml: add this block; it needs `pip install mkdocs-redirects` (listing `plugins:` replaces MkDocs' default `search`, so keep it)\nplugins:\n  - search\n",
            ),
        }
        text.push_str("  - redirects:\n      redirect_maps:\n");
        for (old, new) in pairs {
            text.push_str(&entry(old, new, 8));
        }
        (file, "in `plugins:`".to_owned())
    };
    Snippet { file, place, text }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(directory_urls: bool) -> Rules {
        Rules {
            config: "mkdocs.yml".into(),
            docs_dir: "docs".into(),
            directory_urls,
        }
    }

    #[test]
    fn urls_as_mkdocs_writes_them() {
        let r = rules(true);
        for (rel, url) in [
            ("index.md", ""),
            ("README.md", ""),
            ("about.md", "about/"),
            ("guide/install.md", "guide/install/"),
            ("guide/index.md", "guide/"),
            ("guide/README.md", "guide/"),
            ("guide/readme.md", "guide/readme/"),
            ("notes.markdown", "notes/"),
            ("img/logo.png", "img/logo.png"),
        ] {
            assert_eq!(r.url_of(rel), url, "{rel} with directory URLs");
        }
        let r = rules(false);
        for (rel, url) in [
            ("index.md", "index.html"),
            ("README.md", "index.html"),
            ("about.md", "about.html"),
            ("guide/install.md", "guide/install.html"),
            ("guide/index.md", "guide/index.html"),
        ] {
            assert_eq!(r.url_of(rel), url, "{rel} without directory URLs");
        }
    }

    #[test]
    fn yaml_booleans() {
        for (text, b) in [
            ("false", false),
            ("No", false),
            ("off", false),
            ("True", true),
            ("yes", true),
        ] {
            assert_eq!(boolean(text), Some(b), "{text}");
        }
        assert_eq!(boolean("maybe"), None);
    }
}
