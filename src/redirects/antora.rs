//! Antora: served URLs from `antora.yml` and the playbook, and `:page-aliases:`.
//!
//! URLs follow Antora's content catalog (`computeOut`, `computePub`,
//! `computeVersionSegment`): a page `topic/a.adoc` of module `m` in component `c`, version
//! `v` is published at `/c/v/m/topic/a.html`; the `ROOT` module and a component named `ROOT`
//! add no segment, nor does a versionless component (`version: ~`, or the deprecated
//! `master`). The playbook's `urls.html_extension_style` drops `.html` (`drop`: `a`, an
//! index page its folder `…/`) or makes every page a folder (`indexify`: `a/`). With
//! `urls.latest_version_segment` (strategy `replace` or `redirect:to`), the latest version
//! is published under that segment instead: navdiff assumes the revision it reads is the
//! latest, and says so. The site's path is the playbook's `site.url`'s.
//!
//! Aliases: `:page-aliases:` in a page's header lists page ids (`[version@][component:]
//! [module:]path.adoc`, resolved against the page's own) whose URLs redirect to the page.

use std::collections::BTreeMap;

use super::emit::Snippet;
use super::site::{Page, walk};
use super::url::{self, split_fragment};
use super::{Redirect, RedirectTool, Redirects};
use crate::error::Result;
use crate::formats::FileAccess;
use crate::formats::join_path;
use crate::formats::support::{parent_dir, yaml};

/// Playbook names navdiff looks for.
const PLAYBOOKS: [&str; 4] = [
    "antora-playbook.yml",
    "antora-playbook.yaml",
    "local-antora-playbook.yml",
    "antora-playbook-local.yml",
];

/// How much of a page is read for its header.
const HEAD: usize = 4096;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Default,
    Drop,
    Indexify,
}

/// The URL rules of an Antora component version.
#[derive(Debug, Clone)]
pub(crate) struct Rules {
    /// The component folder (where `antora.yml` and `modules/` are).
    component_dir: String,
    /// The module of the nav file.
    module: String,
    component: String,
    version: String,
    /// The version's URL segment.
    segment: String,
    style: Style,
}

/// A page id, resolved.
struct PageId {
    module: String,
    relative: String,
}

impl Rules {
    /// These rules with `other`'s version and segment, when the version differs (each
    /// version of an Antora component is published from its own branch).
    pub(crate) fn align_version(&mut self, other: &Rules) -> Option<String> {
        if self.version == other.version {
            return None;
        }
        let note = format!(
            "the component's version changed from `{}` to `{}`: Antora publishes each version from its own branch, so pages are compared as pages of `{}`",
            self.version, other.version, other.version
        );
        self.version.clone_from(&other.version);
        self.segment.clone_from(&other.segment);
        Some(note)
    }

    pub(crate) fn defaults(nav: &str) -> Rules {
        let module_dir = parent_dir(nav);
        Rules {
            component_dir: parent_dir(parent_dir(module_dir)).to_owned(),
            module: url::file_name(module_dir).to_owned(),
            component: String::new(),
            version: String::new(),
            segment: String::new(),
            style: Style::Default,
        }
    }

    /// A page id (`[version@][component:][module:][page$]relative`) resolved against
    /// `module`; `None` for another component or version, which this repository does not
    /// publish.
    fn resolve(&self, spec: &str, module: &str) -> Option<PageId> {
        let spec = spec.trim();
        let (version, rest) = match spec.split_once('@') {
            Some((v, r)) => (Some(v), r),
            None => (None, spec),
        };
        if version.is_some_and(|v| v != self.version && !(v == "_" && self.version.is_empty())) {
            return None;
        }
        let parts: Vec<&str> = rest.split(':').collect();
        let (component, module, path) = match parts.as_slice() {
            [path] => (None, module.to_owned(), *path),
            [m, path] => (None, (*m).to_owned(), *path),
            [c, m, path] => (
                Some(*c),
                if m.is_empty() {
                    "ROOT".to_owned()
                } else {
                    (*m).to_owned()
                },
                *path,
            ),
            _ => return None,
        };
        if component.is_some_and(|c| c != self.component) {
            return None;
        }
        let path = path.strip_prefix("page$").unwrap_or(path);
        if path.contains('$') {
            return None;
        }
        let path = path.strip_prefix("./").unwrap_or(path);
        let mut relative = join_path("", path)?;
        if !is_adoc(&relative) {
            relative.push_str(".adoc");
        }
        Some(PageId { module, relative })
    }

    /// The served path of a page (`computeOut` and `computePub`).
    fn url_of(&self, base: &str, id: &PageId) -> String {
        let (dir, name) = match id.relative.rsplit_once('/') {
            Some((d, n)) => (d, n),
            None => ("", id.relative.as_str()),
        };
        let stem = name.strip_suffix(".adoc").unwrap_or(name);
        let component = if self.component == "ROOT" {
            ""
        } else {
            &self.component
        };
        let module = if id.module == "ROOT" { "" } else { &id.module };
        let mut segments: Vec<&str> = [component, &self.segment, module, dir]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
        let last = match self.style {
            Style::Default => format!("{stem}.html"),
            Style::Drop | Style::Indexify if stem == "index" => String::new(),
            Style::Drop => stem.to_owned(),
            Style::Indexify => format!("{stem}/"),
        };
        segments.push(&last);
        let joined = segments.join("/");
        url::under(base, &joined)
    }

    fn source_of(&self, id: &PageId) -> Option<String> {
        join_path(
            &self.component_dir,
            &format!("modules/{}/pages/{}", id.module, id.relative),
        )
    }

    pub(crate) fn page(&self, base: &str, target: &str) -> Option<Page> {
        // `module:page.adoc` looks like a URL scheme; only real URLs leave the site.
        if target.contains("://") || target.starts_with("mailto:") {
            return None;
        }
        let (spec, fragment) = split_fragment(target);
        let id = self.resolve(spec, &self.module)?;
        Some(Page {
            url: self.url_of(base, &id),
            fragment: fragment.map(str::to_owned),
            source: self.source_of(&id),
            key: format!("{}:{}", id.module, id.relative),
        })
    }

    /// Whether `page`'s source still exists and is published at the same URL.
    pub(crate) fn still_serves(
        &self,
        base: &str,
        page: &Page,
        files: &dyn FileAccess,
    ) -> Result<bool> {
        let Some(id) = self.resolve(&page.key, &self.module) else {
            return Ok(false);
        };
        let Some(source) = self.source_of(&id) else {
            return Ok(false);
        };
        Ok(files.is_file(&source)? && self.url_of(base, &id) == page.url)
    }

    /// The source of the component version's start page.
    pub(crate) fn home_source(&self) -> Option<String> {
        self.source_of(&PageId {
            module: "ROOT".into(),
            relative: "index.adoc".into(),
        })
    }

    pub(crate) fn home(&self, base: &str) -> String {
        self.url_of(
            base,
            &PageId {
                module: "ROOT".into(),
                relative: "index.adoc".into(),
            },
        )
    }
}

/// Whether `path` is an `AsciiDoc` page (Antora reads the extension as written).
fn is_adoc(path: &str) -> bool {
    std::path::Path::new(path)
        .extension()
        .is_some_and(|e| e == "adoc")
}

fn scalar(doc: &yaml::Yaml, path: &[&str]) -> Option<String> {
    let mut node = doc;
    for key in path {
        node = yaml::get(yaml::as_mapping(node)?, key)?;
    }
    if yaml::is_null(node) {
        return Some(String::new());
    }
    yaml::scalar_text(node)
}

pub(crate) fn read(
    nav: &str,
    files: &dyn FileAccess,
    notes: &mut Vec<String>,
) -> Result<(String, Option<String>, Rules)> {
    let mut rules = Rules::defaults(nav);
    let descriptor =
        join_path(&rules.component_dir, "antora.yml").unwrap_or_else(|| "antora.yml".into());
    let mut prerelease = false;
    match files.read_text(&descriptor)? {
        Some(text) => {
            if let Some(doc) = yaml::load(&descriptor, &text)? {
                rules.component = scalar(&doc, &["name"]).unwrap_or_default();
                match scalar(&doc, &["version"]) {
                    Some(v) if v == "true" => notes.push(format!(
                        "`{descriptor}` takes its version from the git branch, which a commit does not name: URLs are shown without a version segment"
                    )),
                    Some(v) if v == "master" || v == "~" || v == "false" => {}
                    Some(v) => rules.version = v,
                    None => {}
                }
                prerelease =
                    scalar(&doc, &["prerelease"]).is_some_and(|p| !p.is_empty() && p != "false");
            }
        }
        None => notes.push(format!(
            "no `{descriptor}`: the component's name and version are unknown"
        )),
    }
    rules.segment.clone_from(&rules.version);
    let mut base = "/".to_owned();
    let mut config = Some(descriptor);
    let mut dirs = vec![String::new()];
    let mut dir = rules.component_dir.clone();
    while !dir.is_empty() {
        dirs.push(dir.clone());
        dir = parent_dir(&dir).to_owned();
    }
    'found: for dir in dirs {
        for name in PLAYBOOKS {
            let path = join_path(&dir, name).unwrap_or_default();
            let Some(text) = files.read_text(&path)? else {
                continue;
            };
            let Some(doc) = yaml::load(&path, &text)? else {
                continue;
            };
            if let Some(site_url) = scalar(&doc, &["site", "url"]) {
                base = url::site_path(&site_url);
            }
            rules.style = match scalar(&doc, &["urls", "html_extension_style"]).as_deref() {
                Some("drop") => Style::Drop,
                Some("indexify") => Style::Indexify,
                _ => Style::Default,
            };
            let strategy = scalar(&doc, &["urls", "latest_version_segment_strategy"])
                .unwrap_or_else(|| "replace".into());
            let symbolic = if prerelease {
                scalar(&doc, &["urls", "latest_prerelease_version_segment"])
            } else {
                scalar(&doc, &["urls", "latest_version_segment"])
            };
            if let Some(symbolic) = symbolic
                && matches!(strategy.as_str(), "replace" | "redirect:to")
                && !rules.version.is_empty()
            {
                notes.push(format!(
                    "`{path}` publishes the latest version as `{symbolic}`: navdiff assumes version `{}` is the latest",
                    rules.version
                ));
                rules.segment = symbolic;
            }
            extensions(&doc, &path, &mut rules, notes);
            config = Some(path);
            break 'found;
        }
    }
    Ok((base, config, rules))
}

/// The playbook's Antora extensions: `@springio/antora-extensions`' `root_component_name`
/// publishes that component at the site's root (as a component named `ROOT`); any other
/// extension may change URLs in ways navdiff does not model, and a note says so.
fn extensions(doc: &yaml::Yaml, path: &str, rules: &mut Rules, notes: &mut Vec<String>) {
    let list = yaml::as_mapping(doc)
        .and_then(|m| yaml::get(m, "antora"))
        .and_then(yaml::as_mapping)
        .and_then(|m| yaml::get(m, "extensions"))
        .and_then(yaml::as_sequence)
        .unwrap_or_default();
    let mut others = Vec::new();
    for extension in list {
        let (name, settings) = match yaml::as_mapping(extension) {
            Some(map) => (
                yaml::get(map, "require").and_then(yaml::scalar_text),
                Some(map),
            ),
            None => (yaml::scalar_text(extension), None),
        };
        let root = settings
            .and_then(|m| yaml::get(m, "root_component_name"))
            .and_then(yaml::scalar_text);
        match root {
            Some(root) if root == rules.component => rules.component = "ROOT".into(),
            _ => others.extend(name),
        }
    }
    if !others.is_empty() {
        notes.push(format!(
            "`{path}` loads Antora extensions ({}): URLs are computed without them",
            others.join(", ")
        ));
    }
}

/// Pages' existing aliases, for snippets: page source → line of `:page-aliases:`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Hint {
    pub(crate) aliases: BTreeMap<String, usize>,
}

/// Every page's `:page-aliases:` in the component.
pub(crate) fn redirects(
    rules: &Rules,
    base: &str,
    files: &dyn FileAccess,
    out: &mut Redirects,
) -> Result<()> {
    let modules_dir =
        join_path(&rules.component_dir, "modules").unwrap_or_else(|| "modules".into());
    for (module, is_dir) in files.list_dir(&modules_dir)? {
        if !is_dir {
            continue;
        }
        let pages_dir = format!("{modules_dir}/{module}/pages");
        let (paths, truncated) = walk(files, &pages_dir, &|name| !name.starts_with('_'))?;
        if truncated {
            out.notes.push(format!(
                "`{pages_dir}` has more pages than navdiff reads for aliases"
            ));
        }
        for path in paths {
            if !is_adoc(&path) {
                continue;
            }
            let Some(relative) = path.strip_prefix(&format!("{pages_dir}/")) else {
                continue;
            };
            let head = files.read_head(&path, HEAD)?.unwrap_or_default();
            let Some((line, value)) = page_aliases(&head) else {
                continue;
            };
            out.hints.antora.aliases.insert(path.clone(), line);
            let id = PageId {
                module: module.clone(),
                relative: relative.to_owned(),
            };
            let to = rules.url_of(base, &id);
            for alias in value.split(',').map(str::trim).filter(|a| !a.is_empty()) {
                let Some(alias_id) = rules.resolve(alias, &module) else {
                    continue;
                };
                let from = rules.url_of(base, &alias_id);
                out.push(Redirect::exact(
                    RedirectTool::AntoraPageAliases,
                    &path,
                    Some(line),
                    alias,
                    &from,
                    &to,
                ));
            }
        }
    }
    Ok(())
}

/// The line and value of `:page-aliases:` in a page's header (before its first blank line
/// after the title), continuation lines (` \`) joined.
fn page_aliases(head: &str) -> Option<(usize, String)> {
    let mut lines = head.lines().enumerate().peekable();
    let mut seen_content = false;
    while let Some((i, line)) = lines.next() {
        let trimmed = line.trim_end();
        if trimmed.is_empty() {
            if seen_content {
                return None;
            }
            continue;
        }
        seen_content = true;
        if let Some(value) = trimmed.strip_prefix(":page-aliases:") {
            let mut value = value.trim().to_owned();
            while value.ends_with('\\') {
                value.pop();
                match lines.next() {
                    Some((_, more)) => value.push_str(more.trim()),
                    None => break,
                }
            }
            return Some((i + 1, value));
        }
    }
    None
}

/// `:page-aliases:` lines for `pairs` (old page, destination page), grouped by the page
/// that takes them.
pub(crate) fn emit(pairs: &[(&Page, &Page)], hint: &Hint) -> Snippet {
    let mut by_page: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
    for (old, new) in pairs {
        let file = new.source.clone().unwrap_or_else(|| new.key.clone());
        let new_module = new.key.split_once(':').map_or("ROOT", |(m, _)| m);
        let alias = match old.key.split_once(':') {
            Some((m, rel)) if m == new_module => rel.to_owned(),
            _ => old.key.clone(),
        };
        by_page
            .entry(file)
            .or_insert_with(|| (new.key.clone(), Vec::new()))
            .1
            .push(alias);
    }
    let mut text = String::new();
    let single = by_page.len() == 1;
    let mut file = None;
    for (path, (_, aliases)) in &by_page {
        match hint.aliases.get(path) {
            Some(line) => text.push_str(&format!(
                "// {path}: add to `:page-aliases:` (line {line}), comma-separated\n{}\n",
                aliases.join(", ")
            )),
            None => text.push_str(&format!(
                "// {path}: in the page header, below the title\n:page-aliases: {}\n",
                aliases.join(", ")
            )),
        }
        if single {
            file = Some(path.clone());
        }
    }
    Snippet {
        file,
        place: "in the header of the page each old URL now leads to".into(),
        text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(style: Style) -> Rules {
        Rules {
            component_dir: "docs".into(),
            module: "ROOT".into(),
            component: "beacon".into(),
            version: "2.1".into(),
            segment: "2.1".into(),
            style,
        }
    }

    #[test]
    fn urls_by_module_version_and_style() {
        let r = rules(Style::Default);
        let url = |t: &str| r.page("/", t).map(|p| p.url);
        assert_eq!(
            url("install.adoc").as_deref(),
            Some("/beacon/2.1/install.html")
        );
        assert_eq!(
            url("admin:users.adoc").as_deref(),
            Some("/beacon/2.1/admin/users.html")
        );
        assert_eq!(
            url("beacon::topic/a.adoc#x").as_deref(),
            Some("/beacon/2.1/topic/a.html")
        );
        assert_eq!(
            url("2.1@beacon:admin:index.adoc").as_deref(),
            Some("/beacon/2.1/admin/index.html")
        );
        assert_eq!(url("other:ROOT:index.adoc"), None, "another component");
        assert_eq!(url("1.0@install.adoc"), None, "another version");
        let r = rules(Style::Drop);
        assert_eq!(
            r.page("/", "topic/a.adoc").map(|p| p.url).as_deref(),
            Some("/beacon/2.1/topic/a")
        );
        assert_eq!(
            r.page("/", "index.adoc").map(|p| p.url).as_deref(),
            Some("/beacon/2.1/")
        );
        let r = rules(Style::Indexify);
        assert_eq!(
            r.page("/site/", "topic/a.adoc").map(|p| p.url).as_deref(),
            Some("/site/beacon/2.1/topic/a/")
        );
        let mut r = rules(Style::Default);
        r.component = "ROOT".into();
        r.segment = String::new();
        assert_eq!(
            r.page("/", "install.adoc").map(|p| p.url).as_deref(),
            Some("/install.html")
        );
    }

    #[test]
    fn aliases_in_the_header_only() {
        assert_eq!(
            page_aliases("= Title\n:page-aliases: old.adoc, admin:x.adoc\n\nBody\n"),
            Some((2, "old.adoc, admin:x.adoc".into()))
        );
        assert_eq!(
            page_aliases("= Title\n:page-aliases: a.adoc, \\\n  b.adoc\n"),
            Some((2, "a.adoc, b.adoc".into()))
        );
        assert_eq!(page_aliases("= Title\n\n:page-aliases: late.adoc\n"), None);
    }
}
