//! Docusaurus: served URLs from `docusaurus.config.*` and the docs' front matter, and
//! `@docusaurus/plugin-client-redirects`' `redirects`, read statically.
//!
//! URLs follow the docs plugin (`plugin-content-docs`: `docs.ts` `processDocMetadata`,
//! `slug.ts` `getSlug`, `numberPrefix.ts`): a doc's id is its folder (number prefixes
//! stripped from every segment) and its front matter `id` or file name (number prefix
//! stripped); its slug is its front matter `slug` when that starts with `/`, else the
//! folder's URL for a conventional index (`index`, `readme`, or the folder's own name, in
//! any case), else `slug` or the id's last part resolved against the folder's URL. The URL
//! is `baseUrl` + `routeBasePath` (default `docs`) + the version's path + the slug, with the
//! site's `trailingSlash`. Versions: `versions.json` makes the current docs `next` (unless
//! `lastVersion: 'current'` or `versions.current.path`); the first listed version is served
//! without a version segment, older ones at `/<version>/`. Files and folders starting with
//! `_` are partials, not docs.
//!
//! A Docusaurus 1 site (`website/siteConfig.js`, no `docusaurus.config.*`) has v1's rules
//! (`formats/docusaurus_v1.rs`): a doc is at `baseUrl` + `docsUrl` (default `docs`, `""`
//! for the root) + its id + `.html`; with `cleanUrl: true` the build writes `<id>/index.html`
//! too and links go there, so the clean URL is the page's URL and both are served.
//!
//! `plugin-client-redirects` (`collectRedirects.ts`): `redirects: [{from, to}]`, `from` a
//! path or a list of paths, both relative to `baseUrl`; a `from` that is an existing route
//! is ignored by the plugin; `createRedirects` is a function navdiff does not run.

use std::collections::{BTreeMap, HashSet};

use super::emit::{Snippet, quote_single};
use super::site::{Page, field, front_matter, walk};
use super::url::{self, match_key, split_extension, split_fragment};
use super::{Redirect, RedirectTool, Redirects};
use crate::error::Result;
use crate::formats::FileAccess;
use crate::formats::docusaurus_v1 as v1;
use crate::formats::join_path;
use crate::formats::support::js::{self, Js, JsKind};
use crate::formats::support::parent_dir;

/// The names Docusaurus' configuration goes by, in the order Docusaurus looks for them.
const CONFIG_FILES: [&str; 5] = [
    "docusaurus.config.js",
    "docusaurus.config.ts",
    "docusaurus.config.mjs",
    "docusaurus.config.cjs",
    "docusaurus.config.mts",
];

/// How much of a doc is read for its front matter.
const HEAD: usize = 4096;

/// One doc of the version.
#[derive(Debug, Clone)]
struct Doc {
    /// The route without `baseUrl` (`/docs/guide/install`).
    route: String,
    source: String,
}

/// The URL rules of a Docusaurus docs version.
#[derive(Debug, Clone)]
pub(crate) struct Rules {
    site_dir: String,
    config: Option<String>,
    /// `baseUrl`, with leading and trailing `/`.
    base_url: String,
    /// `routeBasePath` + the version's segment, without `baseUrl`: `/docs/`, `/docs/next/`.
    version_path: String,
    /// The version's docs folder in the repository.
    docs_dir: String,
    trailing_slash: Option<bool>,
    /// Docs by id.
    docs: BTreeMap<String, Doc>,
    /// Match keys of every doc's URL.
    served: HashSet<String>,
    /// Whether the docs were listed (else URLs are guessed from ids).
    indexed: bool,
    /// Whether number prefixes are parsed (`numberPrefixParser: false` turns it off).
    number_prefixes: bool,
    /// A Docusaurus 1 site: `Some(cleanUrl)`.
    v1: Option<bool>,
    /// A Docusaurus 1 site with translations: where the pages that redirect to the English
    /// docs are (`/docs/next/`).
    v1_redirect_path: Option<String>,
    /// Whether a doc named `index`, `readme` or like its folder is at the folder's URL
    /// (since 2.0.0-beta.9, facebook/docusaurus#5830; before, its id's last part is used).
    index_slugs: bool,
}

impl Rules {
    /// `static/`, whose files are served at the site's root.
    pub(crate) fn static_dir(&self) -> String {
        join_path(&self.site_dir, "static").unwrap_or_else(|| "static".into())
    }

    pub(crate) fn defaults(nav: &str) -> Rules {
        let site_dir = parent_dir(nav).to_owned();
        Rules {
            docs_dir: join_path(&site_dir, "docs").unwrap_or_else(|| "docs".into()),
            site_dir,
            config: None,
            base_url: "/".into(),
            version_path: "/docs/".into(),
            trailing_slash: None,
            docs: BTreeMap::new(),
            served: HashSet::new(),
            indexed: false,
            number_prefixes: true,
            v1: None,
            v1_redirect_path: None,
            index_slugs: true,
        }
    }

    fn finish(&self, route: &str) -> String {
        let mut route = route.to_owned();
        match self.trailing_slash {
            Some(true) if !route.ends_with('/') => route.push('/'),
            Some(false) if route.len() > 1 => {
                while route.len() > 1 && route.ends_with('/') {
                    route.pop();
                }
            }
            _ => {}
        }
        route
    }

    pub(crate) fn page(&self, base: &str, target: &str, branch: bool) -> Option<Page> {
        if url::is_external(target) {
            return None;
        }
        let (id, fragment) = split_fragment(target);
        let fragment = fragment.map(str::to_owned);
        if id.starts_with('/') {
            // A category's generated index, at its slug; a leaf with a path is a link.
            if !branch {
                return None;
            }
            let route = self.finish(&normalize(&format!("{}{id}", self.version_path)));
            return Some(Page {
                url: url::under(base, &route),
                fragment,
                source: None,
                key: route,
            });
        }
        // Old versioned sidebars name docs `version-1.0/intro`.
        let id = match id.strip_prefix("version-") {
            Some(rest) if rest.contains('/') => rest.split_once('/').map_or(id, |(_, r)| r),
            _ => id,
        };
        if let Some(doc) = self.docs.get(id) {
            let route = self.finish(&doc.route);
            return Some(Page {
                url: url::under(base, &route),
                fragment,
                source: Some(doc.source.clone()),
                key: route,
            });
        }
        if self.indexed {
            return None;
        }
        if let Some(clean) = self.v1 {
            let route = v1_route(&self.version_path, id, clean);
            return Some(Page {
                url: url::under(base, &route),
                fragment,
                source: None,
                key: route,
            });
        }
        // Without the docs at hand: the id's path, as a doc without front matter has it.
        let (dir, name) = id.rsplit_once('/').map_or(("", id), |(d, n)| (d, n));
        let slug = if self.index_slugs && is_category_index(name, dir) {
            format!("/{dir}")
        } else {
            format!("/{id}")
        };
        let route = self.finish(&normalize(&format!("{}{slug}", self.version_path)));
        Some(Page {
            url: url::under(base, &route),
            fragment,
            source: None,
            key: route,
        })
    }

    /// Whether a doc of this version is served at `page`'s URL.
    pub(crate) fn still_serves(&self, base: &str, page: &Page) -> bool {
        let key = match_key(&page.url);
        self.served.contains(&key)
            || self
                .served
                .contains(&match_key(&url::under(base, &page.key)))
    }

    /// Reads every doc of a Docusaurus 1 site: its id (`readMetadata.js`) and its URLs.
    fn index_v1(&mut self, files: &dyn FileAccess, clean: bool) -> Result<()> {
        // v1 globs every `.md` and `.markdown` file of the docs folder, `_` names included.
        let (paths, _) = walk(files, &self.docs_dir, &|name| !name.starts_with('.'))?;
        let prefix = format!("{}/", self.docs_dir);
        for path in paths {
            let Some(rel) = path.strip_prefix(&prefix) else {
                continue;
            };
            let name = url::file_name(rel);
            if name.starts_with('.') || !v1::is_doc_file(name) {
                continue;
            }
            let head = files.read_head(&path, HEAD)?.unwrap_or_default();
            let (id, _) = v1::doc_id(rel, &v1::header(&head));
            let route = v1_route(&self.version_path, &id, clean);
            let mut served = vec![route.clone(), v1_route(&self.version_path, &id, false)];
            if let Some(path) = &self.v1_redirect_path {
                served.push(v1_route(path, &id, clean));
                served.push(v1_route(path, &id, false));
            }
            for url in served {
                self.served
                    .insert(match_key(&url::under(&self.base_url, &url)));
            }
            self.docs.insert(
                id,
                Doc {
                    route,
                    source: path.clone(),
                },
            );
        }
        self.indexed = true;
        Ok(())
    }

    /// Reads every doc of the version: its id and route.
    fn index(&mut self, files: &dyn FileAccess, notes: &mut Vec<String>) -> Result<()> {
        let (paths, truncated) = walk(files, &self.docs_dir, &|name| !name.starts_with('_'))?;
        if truncated {
            notes.push(format!(
                "`{}` has more files than navdiff lists; URLs of the rest are guessed from their ids",
                self.docs_dir
            ));
        }
        let prefix = format!("{}/", self.docs_dir);
        for path in paths {
            let Some(rel) = path.strip_prefix(&prefix) else {
                continue;
            };
            let name = url::file_name(rel);
            let (stem, ext) = split_extension(name);
            if !matches!(ext, ".md" | ".mdx")
                || name.starts_with('_')
                || split_extension(stem).1 == ".test"
            {
                continue;
            }
            let head = files.read_head(&path, HEAD)?.unwrap_or_default();
            let front = front_matter(&path, &head);
            let get = |k: &str| field(front.as_ref(), k);
            // Number prefixes go unless the site or the doc says otherwise.
            let strip = |s: &str| -> String {
                if self.number_prefixes && get("parse_number_prefixes").as_deref() != Some("false")
                {
                    strip_number_prefix(s).to_owned()
                } else {
                    s.to_owned()
                }
            };
            let dir = parent_dir(rel);
            let stripped_dir = dir.split('/').map(strip).collect::<Vec<_>>().join("/");
            let base_id = get("id").unwrap_or_else(|| strip(stem));
            let id = if dir.is_empty() {
                base_id.clone()
            } else {
                format!("{stripped_dir}/{base_id}")
            };
            let dir_slug = if dir.is_empty() {
                "/".to_owned()
            } else {
                format!("/{stripped_dir}/")
            };
            let front_slug = get("slug").filter(|s| !s.is_empty());
            let slug = match &front_slug {
                Some(s) if s.starts_with('/') => s.clone(),
                None if self.index_slugs && is_category_index(stem, dir) => dir_slug,
                other => url::resolve(&dir_slug, other.as_deref().unwrap_or(&base_id)),
            };
            let route = normalize(&format!("{}{slug}", self.version_path));
            self.served
                .insert(match_key(&url::under(&self.base_url, &self.finish(&route))));
            self.docs.insert(
                id,
                Doc {
                    route,
                    source: path.clone(),
                },
            );
        }
        self.indexed = true;
        Ok(())
    }
}

/// A Docusaurus 1 doc's route: `docsUrl` + id, `.html` unless `cleanUrl`.
fn v1_route(version_path: &str, id: &str, clean: bool) -> String {
    let route = normalize(&format!("{version_path}{id}"));
    if clean {
        route
    } else {
        format!("{route}.html")
    }
}

/// Docusaurus' conventional doc index: `index`, `readme` or the folder's own name (the raw
/// names, any case).
fn is_category_index(file_stem: &str, dir: &str) -> bool {
    let stem = file_stem.to_lowercase();
    let folder = url::file_name(dir).to_lowercase();
    stem == "index" || stem == "readme" || (!dir.is_empty() && stem == folder)
}

/// The default number-prefix parser: `01-intro` → `intro`, `2 - Setup` → `Setup`; a
/// date- or version-like start (`2021-11-…`, `7.0-…`) is no prefix.
fn strip_number_prefix(name: &str) -> &str {
    let digits = name.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return name;
    }
    let rest = &name[digits..];
    // `^\d+[-_.]\d+`: a date or a version.
    if rest.starts_with(['-', '_', '.']) && rest[1..].starts_with(|c: char| c.is_ascii_digit()) {
        return name;
    }
    let after_space = rest.trim_start();
    let seps = after_space
        .bytes()
        .take_while(|b| matches!(b, b'-' | b'_' | b'.'))
        .count();
    if seps == 0 {
        return name;
    }
    let suffix = after_space[seps..].trim_start();
    if suffix.is_empty() || suffix.starts_with(['-', '_', '.']) {
        return name;
    }
    suffix
}

/// `normalizeUrl` for paths: one `/` between parts, a leading `/`.
fn normalize(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 1);
    out.push('/');
    let mut last_slash = true;
    for c in path.chars() {
        if c == '/' {
            if !last_slash {
                out.push('/');
            }
            last_slash = true;
        } else {
            out.push(c);
            last_slash = false;
        }
    }
    out
}

/// `docusaurus.config.*` beside the sidebars (or beside `versioned_sidebars/`).
fn site_dir_of(nav: &str) -> String {
    let dir = parent_dir(nav);
    if url::file_name(dir) == "versioned_sidebars" {
        parent_dir(dir).to_owned()
    } else {
        dir.to_owned()
    }
}

/// The docs plugin's options whose sidebars are `nav` (`presets` `classic` or a
/// `plugin-content-docs` entry of `plugins`).
fn docs_options<'c>(config: &'c Js, site_dir: &str, nav: &str) -> Option<&'c Js> {
    let mut candidates: Vec<&Js> = Vec::new();
    for preset in config
        .get("presets")
        .and_then(Js::as_array)
        .unwrap_or_default()
    {
        if let Some([name, options, ..]) = preset.as_array()
            && name.as_str().is_some_and(|n| n.contains("classic"))
            && let Some(docs) = options.get("docs")
            && docs.as_object().is_some()
        {
            candidates.push(docs);
        }
    }
    for plugin in config
        .get("plugins")
        .and_then(Js::as_array)
        .unwrap_or_default()
    {
        if let Some([name, options, ..]) = plugin.as_array()
            && name
                .as_str()
                .is_some_and(|n| n.contains("plugin-content-docs"))
            && options.as_object().is_some()
        {
            candidates.push(options);
        }
    }
    let sidebar_file = |o: &Js| {
        o.get("sidebarPath")
            .and_then(Js::as_str)
            .and_then(|p| join_path(site_dir, p))
    };
    candidates
        .iter()
        .find(|o| sidebar_file(o).as_deref() == Some(nav))
        .or_else(|| {
            candidates.iter().find(|o| {
                o.get("id")
                    .and_then(Js::as_str)
                    .is_none_or(|id| id == "default")
            })
        })
        .copied()
}

fn read_config(site_dir: &str, files: &dyn FileAccess) -> Result<Option<(String, Js)>> {
    for name in CONFIG_FILES {
        let path = join_path(site_dir, name).unwrap_or_else(|| name.to_owned());
        if let Some(text) = files.read_text(&path)? {
            let value = js::evaluate(&path, &path, &text, Some(files))?.value;
            return Ok(Some((path, value)));
        }
    }
    Ok(None)
}

/// The docs plugin's settings that place URLs.
struct DocsSettings {
    route_base: String,
    docs_path: String,
    last_version: Option<String>,
    /// `versions.<name>.path`.
    version_paths: Vec<(String, String)>,
    /// `numberPrefixParser: false` keeps number prefixes.
    number_prefixes: bool,
}

impl Default for DocsSettings {
    fn default() -> Self {
        DocsSettings {
            route_base: "docs".into(),
            docs_path: "docs".into(),
            last_version: None,
            version_paths: Vec::new(),
            number_prefixes: true,
        }
    }
}

impl DocsSettings {
    fn read(path: &str, options: &Js, notes: &mut Vec<String>) -> DocsSettings {
        let text = |key: &str| options.get(key).and_then(Js::as_text);
        let mut settings = DocsSettings::default();
        if let Some(r) = text("routeBasePath") {
            settings.route_base = r;
        }
        if let Some(p) = text("path") {
            settings.docs_path = p;
        }
        settings.last_version = text("lastVersion");
        if matches!(
            options.get("numberPrefixParser").map(|v| &v.kind),
            Some(JsKind::Bool(false))
        ) {
            settings.number_prefixes = false;
        }
        for (name, v) in options
            .get("versions")
            .and_then(Js::as_object)
            .unwrap_or_default()
        {
            if let Some(p) = v.get("path").and_then(Js::as_text) {
                settings.version_paths.push((name.clone(), p));
            }
        }
        for (key, value) in options.as_object().unwrap_or_default() {
            if let JsKind::Opaque(what) = &value.kind
                && matches!(key.as_str(), "routeBasePath" | "path" | "lastVersion")
            {
                notes.push(format!(
                    "{path}:{}: `{key}` is {what}; Docusaurus' default is assumed",
                    value.line
                ));
            }
        }
        settings
    }
}

/// The `@docusaurus/core` version the site's `package.json` asks for, as written.
fn core_version(site_dir: &str, files: &dyn FileAccess) -> Result<Option<(String, String)>> {
    let Some(path) = join_path(site_dir, "package.json") else {
        return Ok(None);
    };
    let Some(text) = files.read_text(&path)? else {
        return Ok(None);
    };
    let Ok(package) = js::json_value(&path, &text) else {
        return Ok(None);
    };
    let version = ["dependencies", "devDependencies"].iter().find_map(|key| {
        package
            .get(key)
            .and_then(|d| d.get("@docusaurus/core"))
            .and_then(Js::as_text)
    });
    Ok(version.map(|v| (path, v)))
}

/// Whether a `@docusaurus/core` version (or the least version of a `^`/`~` range) is a
/// 2.0.0 alpha or a beta before 2.0.0-beta.9.
fn before_index_slugs(version: &str) -> bool {
    let v = version.trim().trim_start_matches(['^', '~', '=', 'v']);
    if v.starts_with("2.0.0-alpha") {
        return true;
    }
    v.strip_prefix("2.0.0-beta.")
        .and_then(|n| n.parse::<u32>().ok())
        .is_some_and(|n| n < 9)
}

/// The versions `versions.json` lists, newest first.
fn versions_json(site_dir: &str, files: &dyn FileAccess) -> Result<Vec<String>> {
    let path = join_path(site_dir, "versions.json").unwrap_or_default();
    let Some(text) = files.read_text(&path)? else {
        return Ok(Vec::new());
    };
    Ok(js::json_value(&path, &text)?
        .as_array()
        .unwrap_or_default()
        .iter()
        .filter_map(Js::as_text)
        .collect())
}

pub(crate) fn read(
    nav: &str,
    files: &dyn FileAccess,
    notes: &mut Vec<String>,
) -> Result<(String, Option<String>, Rules)> {
    let site_dir = site_dir_of(nav);
    let mut rules = Rules::defaults(nav);
    rules.site_dir.clone_from(&site_dir);
    if v1::is_v1_site(files, &site_dir)? {
        read_v1(&mut rules, files, notes)?;
        let base = rules.base_url.clone();
        return Ok((base, rules.config.clone(), rules));
    }
    let config = read_config(&site_dir, files)?;
    let mut settings = DocsSettings::default();
    if let Some((path, config)) = &config {
        rules.config = Some(path.clone());
        if let Some(b) = config.get("baseUrl").and_then(Js::as_text) {
            rules.base_url = url::dir_path(&b);
        }
        rules.trailing_slash = match config.get("trailingSlash").map(|v| &v.kind) {
            Some(JsKind::Bool(b)) => Some(*b),
            _ => None,
        };
        match docs_options(config, &site_dir, nav) {
            Some(options) => settings = DocsSettings::read(path, options, notes),
            None => notes.push(format!(
                "{path}: no docs plugin options found for `{nav}`: Docusaurus' defaults are assumed"
            )),
        }
    } else {
        notes.push(format!(
            "no `docusaurus.config.*` in `{}`: Docusaurus' defaults are assumed",
            if site_dir.is_empty() { "." } else { &site_dir }
        ));
    }
    let DocsSettings {
        route_base,
        docs_path,
        last_version,
        version_paths,
        number_prefixes,
    } = settings;
    rules.number_prefixes = number_prefixes;
    if let Some((path, version)) = core_version(&site_dir, files)?
        && before_index_slugs(&version)
    {
        rules.index_slugs = false;
        notes.push(format!(
            "{path}: @docusaurus/core {version}: docs named `index`, `readme` or like their folder are at their own slug (the folder's URL is theirs since 2.0.0-beta.9)"
        ));
    }
    // The version the sidebars belong to.
    let versions = versions_json(&site_dir, files)?;
    let sidebar_version = url::file_name(nav)
        .strip_prefix("version-")
        .and_then(|n| n.strip_suffix("-sidebars.json"))
        .map(str::to_owned);
    let (version_name, docs_dir) = match &sidebar_version {
        Some(v) => (
            v.clone(),
            join_path(&site_dir, &format!("versioned_docs/version-{v}")).unwrap_or_default(),
        ),
        None => (
            "current".to_owned(),
            join_path(&site_dir, &docs_path).unwrap_or_else(|| docs_path.clone()),
        ),
    };
    let latest = last_version.clone().unwrap_or_else(|| {
        versions
            .first()
            .cloned()
            .unwrap_or_else(|| "current".into())
    });
    let segment = match version_paths.iter().find(|(n, _)| *n == version_name) {
        Some((_, p)) => p.clone(),
        None if version_name == latest => String::new(),
        None if version_name == "current" => "next".into(),
        None => version_name.clone(),
    };
    rules.docs_dir = docs_dir;
    rules.version_path = format!(
        "{}/",
        normalize(&format!("{route_base}/{segment}")).trim_end_matches('/')
    );
    if rules.version_path == "//" {
        rules.version_path = "/".into();
    }
    if files.list_dir(&rules.docs_dir)?.is_empty() {
        notes.push(format!(
            "the docs folder `{}` is not at hand: URLs are guessed from doc ids",
            rules.docs_dir
        ));
    } else {
        rules.index(files, notes)?;
    }
    // `baseUrl` is the site's path; routes are under it.
    let base = rules.base_url.clone();
    Ok((base, rules.config.clone(), rules))
}

/// The rules of a Docusaurus 1 site from its `siteConfig.js`.
fn read_v1(rules: &mut Rules, files: &dyn FileAccess, notes: &mut Vec<String>) -> Result<()> {
    let config = match v1::site_config(files, &rules.site_dir)? {
        Some(Ok(config)) => config,
        Some(Err(e)) => {
            notes.push(format!("{e}: Docusaurus 1's defaults are assumed"));
            return read_v1_docs(rules, files, notes, "docs", false);
        }
        None => return read_v1_docs(rules, files, notes, "docs", false),
    };
    for (key, line) in &config.computed {
        notes.push(format!(
            "{}:{line}: `{key}` is computed; Docusaurus 1's default is assumed",
            config.path
        ));
    }
    rules.config = Some(config.path.clone());
    rules.base_url = url::dir_path(&config.base_url);
    let docs_url = config.docs_url.trim_matches('/');
    let docs_part = if docs_url.is_empty() {
        "/".to_owned()
    } else {
        format!("/{docs_url}/")
    };
    let exists = |file: &str| -> Result<Option<String>> {
        let Some(path) = join_path(&rules.site_dir, file) else {
            return Ok(None);
        };
        Ok(files.read_text(&path)?.map(|_| path))
    };
    // `env.js`: translations are on when `languages.js` exists, versions when
    // `versions.json` does; `sidebars.json` is then the next version's.
    let translations = exists("languages.js")?;
    let versions = exists("versions.json")?;
    let lang = if translations.is_some() || config.english_url {
        "en/"
    } else {
        ""
    };
    let next = if versions.is_some() { "next/" } else { "" };
    rules.version_path = format!("{docs_part}{lang}{next}");
    if let Some(path) = &versions {
        notes.push(format!(
            "`{path}`: Docusaurus 1 versions: `sidebars.json` lists the next version's docs, at `{}`",
            rules.version_path
        ));
    }
    if let Some(path) = &translations {
        // `generate.js` writes a page at the URL without `en/` that redirects to it.
        rules.v1_redirect_path = Some(format!("{docs_part}{next}"));
        notes.push(format!(
            "`{path}`: Docusaurus 1 translations: English docs are at `{}`, and the URL without `en/` redirects there",
            rules.version_path
        ));
    }
    if config.clean_url {
        notes.push(format!(
            "{}: `cleanUrl`: Docusaurus 1 serves each doc at `<id>` and at `<id>.html`; the `.html` URLs are counted as served, and old pages are named by their clean URL",
            config.path
        ));
    }
    read_v1_docs(rules, files, notes, &config.docs_path, config.clean_url)
}

fn read_v1_docs(
    rules: &mut Rules,
    files: &dyn FileAccess,
    notes: &mut Vec<String>,
    docs_path: &str,
    clean: bool,
) -> Result<()> {
    rules.v1 = Some(clean);
    rules.number_prefixes = false;
    // `customDocsPath` is beside the website folder.
    let website = rules.site_dir.clone();
    rules.docs_dir = join_path(parent_dir(&website), docs_path).unwrap_or_else(|| docs_path.into());
    if files.list_dir(&rules.docs_dir)?.is_empty() {
        notes.push(format!(
            "the docs folder `{}` is not at hand: URLs are guessed from doc ids",
            rules.docs_dir
        ));
        Ok(())
    } else {
        rules.index_v1(files, clean)
    }
}

/// Where client redirects are configured, for snippets.
#[derive(Debug, Clone, Default)]
pub(crate) struct Hint {
    pub(crate) config: Option<String>,
    /// The line of the plugin's `redirects:` array.
    pub(crate) redirects: Option<usize>,
    /// The line of `plugins:`.
    pub(crate) plugins: Option<usize>,
}

pub(crate) fn redirects(rules: &Rules, files: &dyn FileAccess, out: &mut Redirects) -> Result<()> {
    let Some((path, config)) = read_config(&rules.site_dir, files)? else {
        return Ok(());
    };
    out.hints.docusaurus.config = Some(path.clone());
    let plugins = config.get("plugins");
    out.hints.docusaurus.plugins = plugins.map(|p| p.line);
    for plugin in plugins.and_then(Js::as_array).unwrap_or_default() {
        let options = match plugin.as_array() {
            Some([name, options, ..])
                if name
                    .as_str()
                    .is_some_and(|n| n.contains("plugin-client-redirects")) =>
            {
                options
            }
            _ => continue,
        };
        if let Some(create) = options.get("createRedirects") {
            out.notes.push(format!(
                "{path}:{}: `createRedirects` is a function navdiff does not run; the redirects it makes are not counted",
                create.line
            ));
        }
        let Some(list) = options.get("redirects") else {
            continue;
        };
        out.hints.docusaurus.redirects = Some(list.line);
        let Some(items) = list.as_array() else {
            out.notes.push(format!(
                "{path}:{}: `redirects` is not an array navdiff can read",
                list.line
            ));
            continue;
        };
        for item in items {
            let Some(to) = item.get("to").and_then(Js::as_text) else {
                out.notes.push(format!(
                    "{path}:{}: a redirect navdiff cannot read statically",
                    item.line
                ));
                continue;
            };
            let froms: Vec<String> = match item.get("from").map(|f| &f.kind) {
                Some(JsKind::Str(s)) => vec![s.clone()],
                Some(JsKind::Array(list)) => list.iter().filter_map(Js::as_text).collect(),
                _ => Vec::new(),
            };
            let to_url = if url::is_external(&to) {
                to.clone()
            } else {
                url::under(&rules.base_url, &to)
            };
            for from in froms {
                let from_url = url::under(&rules.base_url, &from);
                out.push(Redirect::exact(
                    RedirectTool::DocusaurusClientRedirects,
                    &path,
                    Some(item.line),
                    &from,
                    &from_url,
                    &to_url,
                ));
            }
        }
    }
    Ok(())
}

/// `redirects` entries for `pairs` (old page, destination page). The plugin redirects
/// only to existing routes, so destinations have no fragment.
pub(crate) fn emit(pairs: &[(&Page, &Page)], hint: &Hint) -> Snippet {
    let config = hint
        .config
        .clone()
        .unwrap_or_else(|| "docusaurus.config.js".into());
    let entry = |old: &Page, new: &Page, indent: &str| {
        format!(
            "{indent}{{ from: {}, to: {} }},\n",
            quote_single(&old.key),
            quote_single(&new.key)
        )
    };
    let mut text = String::new();
    if let Some(line) = hint.redirects {
        text.push_str(&format!(
            "// {config}: add to the `redirects:` array of @docusaurus/plugin-client-redirects (line {line})\n"
        ));
        for (old, new) in pairs {
            text.push_str(&entry(old, new, ""));
        }
    } else {
        text.push_str(&format!(
            "// {config}: add to `plugins:`{} (npm install @docusaurus/plugin-client-redirects)\n",
            hint.plugins
                .map(|l| format!(" (line {l})"))
                .unwrap_or_default()
        ));
        text.push_str("['@docusaurus/plugin-client-redirects', {\n  redirects: [\n");
        for (old, new) in pairs {
            text.push_str(&entry(old, new, "    "));
        }
        text.push_str("  ],\n}],\n");
    }
    Snippet {
        file: Some(config),
        place: "in the client-redirects plugin's `redirects:`".into(),
        text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_prefixes_as_docusaurus_parses_them() {
        for (name, stripped) in [
            ("01-intro", "intro"),
            ("0-myDoc", "myDoc"),
            ("003 - myDoc", "myDoc"),
            ("1. Theme API", "Theme API"),
            ("02_Extension APIs", "Extension APIs"),
            ("2021-11-notes", "2021-11-notes"),
            ("7.0-release", "7.0-release"),
            ("intro", "intro"),
            ("01-", "01-"),
            ("12abc", "12abc"),
            ("1--x", "x"),
        ] {
            assert_eq!(strip_number_prefix(name), stripped, "{name}");
        }
    }

    #[test]
    fn index_slugs_came_in_beta_9() {
        for v in [
            "2.0.0-beta.7",
            "^2.0.0-beta.1",
            "2.0.0-alpha.72",
            "~2.0.0-beta.8",
        ] {
            assert!(before_index_slugs(v), "{v}");
        }
        for v in [
            "2.0.0-beta.9",
            "2.0.0-beta.21",
            "^2.4.0",
            "3.1.1",
            "latest",
            "2.0.0-rc.1",
        ] {
            assert!(!before_index_slugs(v), "{v}");
        }
    }

    #[test]
    fn category_indexes() {
        assert!(is_category_index("index", "guides"));
        assert!(is_category_index("README", ""));
        assert!(is_category_index("Guides", "01-x/guides"));
        assert!(!is_category_index("guides", "01-guides"));
        assert!(!is_category_index("intro", "guides"));
    }

    #[test]
    fn normalized_paths() {
        assert_eq!(normalize("docs//next/"), "/docs/next/");
        assert_eq!(normalize("/"), "/");
        assert_eq!(normalize("docs/"), "/docs/");
    }
}
