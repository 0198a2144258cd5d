//! VitePress: served URLs from `.vitepress/config.*`, read statically.
//!
//! URLs follow VitePress' file-based routing (its guide, "Routing"): `a/b.md` of the source
//! folder (`srcDir`, relative to the project root that holds `.vitepress/`) becomes
//! `a/b.html`, and `a/index.md` becomes `a/index.html`, served at `a/`; with `cleanUrls`
//! pages are linked and served without `.html` (`a/b`); `base` is the site's path.
//! `rewrites` maps source paths to the paths served (literal entries and `:param`
//! segments are read). VitePress has no redirects of its own: sites use their host's.

use super::pattern::{Pattern, substitute};
use super::site::Page;
use super::url::{self, split_fragment};
use crate::error::Result;
use crate::formats::FileAccess;
use crate::formats::join_path;
use crate::formats::support::js::{self, Js, JsKind};
use crate::formats::support::parent_dir;

/// The URL rules of a VitePress site.
#[derive(Debug, Clone)]
pub(crate) struct Rules {
    /// The source folder in the repository.
    src_dir: String,
    clean_urls: bool,
    /// `rewrites`: source path (in `srcDir`) → served path, both with `.md`.
    rewrites: Vec<(String, String)>,
}

impl Rules {
    pub(crate) fn src_dir(&self) -> &str {
        &self.src_dir
    }

    /// `public/` of the source folder, whose files are served at the site's root.
    pub(crate) fn public_dir(&self) -> String {
        join_path(&self.src_dir, "public").unwrap_or_else(|| "public".into())
    }

    pub(crate) fn defaults(nav: &str) -> Rules {
        Rules {
            src_dir: project_root(nav),
            clean_urls: false,
            rewrites: Vec::new(),
        }
    }

    /// The served path (relative to the site) of a route file `rel` (`a/b.md`).
    fn url_of(&self, rel: &str) -> String {
        let stem = rel.strip_suffix(".md").unwrap_or(rel);
        if stem == "index" {
            return String::new();
        }
        if let Some(dir) = stem.strip_suffix("/index") {
            return format!("{dir}/");
        }
        if self.clean_urls {
            stem.to_owned()
        } else {
            format!("{stem}.html")
        }
    }

    /// A source path's served route file (after `rewrites`).
    fn rewrite(&self, source_rel: &str) -> String {
        for (from, to) in &self.rewrites {
            if !from.contains(':') && !from.contains('(') {
                if from == source_rel {
                    return to.clone();
                }
                continue;
            }
            if let Ok(pattern) = Pattern::vercel(&format!("/{from}"))
                && let Some(captures) = pattern.captures(&format!("/{source_rel}"))
            {
                return substitute(to, &captures).trim_start_matches('/').to_owned();
            }
        }
        source_rel.to_owned()
    }

    /// A served route file's source path (`rewrites` read backwards).
    fn unrewrite(&self, route_rel: &str) -> String {
        for (from, to) in &self.rewrites {
            if !to.contains(':') && !to.contains('(') {
                if to == route_rel {
                    return from.clone();
                }
                continue;
            }
            if let Ok(pattern) = Pattern::vercel(&format!("/{to}"))
                && let Some(captures) = pattern.captures(&format!("/{route_rel}"))
            {
                return substitute(from, &captures)
                    .trim_start_matches('/')
                    .to_owned();
            }
        }
        route_rel.to_owned()
    }

    pub(crate) fn page(&self, base: &str, target: &str) -> Option<Page> {
        if url::is_external(target) {
            return None;
        }
        let (path, fragment) = split_fragment(target);
        let path = path.trim_start_matches('/');
        // A link spells a page as `a/b`, `a/b.md` or `a/b.html`; `a/` is its folder's index.
        let stem = path
            .strip_suffix(".md")
            .or_else(|| path.strip_suffix(".html"))
            .unwrap_or(path);
        let route = if stem.is_empty() || stem.ends_with('/') {
            format!("{stem}index.md")
        } else {
            format!("{stem}.md")
        };
        let route = join_path("", &route)?;
        let source_rel = self.unrewrite(&route);
        Some(Page {
            url: url::under(base, &self.url_of(&route)),
            fragment: fragment.map(str::to_owned),
            source: join_path(&self.src_dir, &source_rel),
            key: source_rel,
        })
    }

    /// Whether `page`'s source still exists and is served at the same URL.
    pub(crate) fn still_serves(
        &self,
        base: &str,
        page: &Page,
        files: &dyn FileAccess,
    ) -> Result<bool> {
        let Some(source) = join_path(&self.src_dir, &page.key) else {
            return Ok(false);
        };
        Ok(files.is_file(&source)?
            && url::under(base, &self.url_of(&self.rewrite(&page.key))) == page.url)
    }
}

/// The folder holding `.vitepress/` (the project root) for a config at `nav`.
fn project_root(nav: &str) -> String {
    let mut dir = parent_dir(nav);
    while !dir.is_empty() {
        if url::file_name(dir) == ".vitepress" {
            return parent_dir(dir).to_owned();
        }
        dir = parent_dir(dir);
    }
    parent_dir(nav).to_owned()
}

pub(crate) fn read(
    nav: &str,
    files: &dyn FileAccess,
    notes: &mut Vec<String>,
) -> Result<(String, Option<String>, Rules)> {
    let root = project_root(nav);
    let mut rules = Rules::defaults(nav);
    // The config holding the site settings: the main config (a split config's sidebar file
    // may not have them), else the nav file itself.
    let mut candidates: Vec<String> = [
        "config.ts",
        "config.mts",
        "config.js",
        "config.mjs",
        "config/index.ts",
        "config/index.mts",
        "config/index.js",
        "config/index.mjs",
    ]
    .iter()
    .filter_map(|name| join_path(&root, &format!(".vitepress/{name}")))
    .collect();
    candidates.push(nav.to_owned());
    let mut base = "/".to_owned();
    let mut config_path = None;
    for path in candidates {
        let Some(text) = files.read_text(&path)? else {
            continue;
        };
        let config = js::evaluate(&path, &path, &text, Some(files))?.value;
        let text_of = |key: &str| config.get(key).and_then(Js::as_text);
        if let Some(b) = text_of("base") {
            base = url::dir_path(&b);
        }
        if let Some(dir) = text_of("srcDir") {
            rules.src_dir = join_path(&root, &dir).unwrap_or_else(|| root.clone());
        }
        rules.clean_urls = matches!(
            config.get("cleanUrls").map(|v| &v.kind),
            Some(JsKind::Bool(true))
        );
        match config.get("rewrites").map(|v| &v.kind) {
            Some(JsKind::Object(entries)) => {
                for (from, to) in entries {
                    match to.as_text() {
                        Some(to) => rules.rewrites.push((from.clone(), to)),
                        None => notes.push(format!(
                            "{path}:{}: a rewrite navdiff cannot read statically",
                            to.line
                        )),
                    }
                }
            }
            Some(JsKind::Opaque(what)) => notes.push(format!(
                "{path}: `rewrites` is {what}: source paths are taken as served"
            )),
            _ => {}
        }
        for key in ["base", "cleanUrls", "srcDir"] {
            if let Some(Js {
                kind: JsKind::Opaque(what),
                line,
                ..
            }) = config.get(key)
            {
                notes.push(format!(
                    "{path}:{line}: `{key}` is {what}; VitePress' default is assumed"
                ));
            }
        }
        config_path = Some(path);
        break;
    }
    Ok((base, config_path, rules))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_from_links() {
        let mut r = Rules::defaults("docs/.vitepress/config.ts");
        let url = |r: &Rules, t: &str| r.page("/", t).map(|p| p.url);
        assert_eq!(
            url(&r, "/guide/intro").as_deref(),
            Some("/guide/intro.html")
        );
        assert_eq!(
            url(&r, "/guide/intro.md#x").as_deref(),
            Some("/guide/intro.html")
        );
        assert_eq!(url(&r, "/guide/").as_deref(), Some("/guide/"));
        assert_eq!(url(&r, "/").as_deref(), Some("/"));
        assert_eq!(url(&r, "/guide/index").as_deref(), Some("/guide/"));
        r.clean_urls = true;
        assert_eq!(
            url(&r, "/guide/intro.html").as_deref(),
            Some("/guide/intro")
        );
        let page = r.page("/handbook/", "/guide/intro").expect("page");
        assert_eq!(page.url, "/handbook/guide/intro");
        assert_eq!(page.source.as_deref(), Some("docs/guide/intro.md"));
        assert_eq!(page.key, "guide/intro.md");
        assert_eq!(url(&r, "https://vitejs.dev"), None);
    }

    #[test]
    fn rewrites_both_ways() {
        let mut r = Rules::defaults(".vitepress/config.ts");
        r.rewrites = vec![
            ("packages/:pkg/src/index.md".into(), ":pkg/index.md".into()),
            ("old-name.md".into(), "new-name.md".into()),
        ];
        let page = r.page("/", "/beacon/").expect("page");
        assert_eq!(page.key, "packages/beacon/src/index.md");
        assert_eq!(page.url, "/beacon/");
        assert_eq!(r.rewrite("packages/beacon/src/index.md"), "beacon/index.md");
        assert_eq!(
            r.page("/", "/new-name").map(|p| p.key).as_deref(),
            Some("old-name.md")
        );
    }
}
