//! Docusaurus 1: what sets a v1 site apart and the rules v1 has where v2 differs, shared by
//! the sidebar reader and the URL rules (`redirects`).
//!
//! A v1 site keeps `siteConfig.js` and `sidebars.json` in `website/` and its docs in a
//! folder beside `website/` (`customDocsPath`, default `docs`). Its rules, as the named v1
//! source computes them (`packages/docusaurus-1.x/lib/server/…`):
//!
//! - the **header** is not YAML: between a first line `---` and the next `---`, each line
//!   is split at its first `:`, the key trimmed, the value trimmed and read as JSON when it
//!   is JSON (`metadataUtils.js` `extractMetadata`), so `title: Basics: Intro` is valid;
//! - a doc's **id** is its header `id`, else its file name without extension, under its
//!   folder (`projects/test`); an `id` with a `/` stops the build; no number prefixes;
//!   `.md` and `.markdown` files, `_` names included (`readMetadata.js`);
//! - its **title** is its header `title`, else its id, never a heading; the sidebar shows
//!   `sidebar_label`, else the title (`core/nav/SideNav.js`);
//! - the **sidebar** is built from the docs that exist: an id with no doc is left out and
//!   the build goes on (`readCategories.js`);
//! - its **URL** is `baseUrl` + `docsUrl` (default `docs`; `""` puts docs at the root) +
//!   `en/` when translations are on (`languages.js`) or `useEnglishUrl` + `next/` when
//!   versions are on (`versions.json`: `sidebars.json` is the next version's) + the id +
//!   `.html`; with `cleanUrl: true` the build also writes `<id>/index.html` and links go to
//!   `<id>`; with translations, the URL without `en/` is a page that redirects to it
//!   (`env.js`, `readMetadata.js`, `generate.js`).

use crate::error::Result;
use crate::formats::FileAccess;
use crate::formats::support::join_path;
use crate::formats::support::js::{self, Js, JsKind};

/// What a v1 `siteConfig.js` says about docs and their URLs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SiteConfig {
    /// `siteConfig.js` in the repository.
    pub(crate) path: String,
    /// `baseUrl` as written (`/` when not set).
    pub(crate) base_url: String,
    /// `docsUrl`: `docs` when not set; empty for docs at the site's root.
    pub(crate) docs_url: String,
    /// `customDocsPath`: the docs folder, beside the website folder.
    pub(crate) docs_path: String,
    /// `cleanUrl: true`: links without `.html`, and both URLs served.
    pub(crate) clean_url: bool,
    /// `useEnglishUrl: true`: an `en/` segment even without translations.
    pub(crate) english_url: bool,
    /// Keys navdiff reads whose value only running the code would give.
    pub(crate) computed: Vec<(String, usize)>,
}

/// Whether the site in `site_dir` is a Docusaurus 1 site: a `siteConfig.js` there and no
/// `docusaurus.config.*`.
pub(crate) fn is_v1_site(files: &dyn FileAccess, site_dir: &str) -> Result<bool> {
    for name in [
        "docusaurus.config.js",
        "docusaurus.config.ts",
        "docusaurus.config.mjs",
        "docusaurus.config.cjs",
        "docusaurus.config.mts",
    ] {
        if let Some(path) = join_path(site_dir, name)
            && files.read_text(&path)?.is_some()
        {
            return Ok(false);
        }
    }
    let Some(path) = join_path(site_dir, "siteConfig.js") else {
        return Ok(false);
    };
    Ok(files.read_text(&path)?.is_some())
}

/// Reads `site_dir/siteConfig.js`; `Ok(None)` when there is none. A configuration navdiff
/// cannot evaluate gives v1's defaults, with the reason in `Err` of the inner result.
pub(crate) fn site_config(
    files: &dyn FileAccess,
    site_dir: &str,
) -> Result<Option<std::result::Result<SiteConfig, String>>> {
    let Some(path) = join_path(site_dir, "siteConfig.js") else {
        return Ok(None);
    };
    let Some(text) = files.read_text(&path)? else {
        return Ok(None);
    };
    let value = match js::evaluate(&path, &path, &text, Some(files)) {
        Ok(evaluated) => evaluated.value,
        Err(e) => return Ok(Some(Err(format!("`{path}` could not be read ({e})")))),
    };
    let mut config = SiteConfig {
        path: path.clone(),
        base_url: "/".into(),
        docs_url: "docs".into(),
        docs_path: "docs".into(),
        clean_url: false,
        english_url: false,
        computed: Vec::new(),
    };
    for (key, slot) in [
        ("baseUrl", &mut config.base_url),
        ("docsUrl", &mut config.docs_url),
        ("customDocsPath", &mut config.docs_path),
    ] {
        match value.get(key) {
            None => {}
            Some(v) => match v.as_text() {
                Some(text) => *slot = text,
                None => config.computed.push((key.to_owned(), v.line)),
            },
        }
    }
    for (key, slot) in [
        ("cleanUrl", &mut config.clean_url),
        ("useEnglishUrl", &mut config.english_url),
    ] {
        match value.get(key) {
            Some(v) if matches!(v.kind, JsKind::Opaque(_)) => {
                config.computed.push((key.to_owned(), v.line));
            }
            v => *slot = v.is_some_and(truthy),
        }
    }
    Ok(Some(Ok(config)))
}

/// JavaScript truthiness of a configuration value navdiff could read.
fn truthy(value: &Js) -> bool {
    match &value.kind {
        JsKind::Bool(b) => *b,
        JsKind::Null => false,
        JsKind::Str(s) => !s.is_empty(),
        JsKind::Number(n) => *n != 0.0 && !n.is_nan(),
        JsKind::Array(_) | JsKind::Object(_) | JsKind::Opaque(_) => true,
    }
}

/// A doc's header fields as v1's `extractMetadata` reads them, in order (a later key wins);
/// empty when the doc has no header. Values read as JSON become their text (`"x"` → `x`,
/// `3` → `3`); JavaScript's falsy values (`""`, `0`, `false`, `null`) become `None`.
pub(crate) fn header(text: &str) -> Vec<(String, Option<String>)> {
    let lines: Vec<&str> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    if lines.first() != Some(&"---") {
        return Vec::new();
    }
    // `splitHeader`: the header runs to the next `---` (the last line when there is none),
    // and a header with nothing after it is no header.
    let mut end = 1;
    while end < lines.len() - 1 && lines[end] != "---" {
        end += 1;
    }
    let content = &lines[(end + 1).min(lines.len())..];
    if content.join("\n").is_empty() {
        return Vec::new();
    }
    let header = &lines[1..=end.min(lines.len() - 1)];
    // `for (i = 0; i < lines.length - 1; ++i)`: the closing `---` is not a field.
    let fields = &header[..header.len().saturating_sub(1)];
    fields
        .iter()
        .map(|line| {
            let (key, value) = line.split_once(':').unwrap_or((line, ""));
            (key.trim().to_owned(), json_text(value.trim()))
        })
        .collect()
}

/// `JSON.parse(value)` when it parses, as text; the value itself when it does not; `None`
/// for what JavaScript counts as false.
fn json_text(value: &str) -> Option<String> {
    let text = match serde_json::from_str::<serde_json::Value>(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(serde_json::Value::Bool(false) | serde_json::Value::Null) => return None,
        Ok(serde_json::Value::Number(n)) if n.as_f64() == Some(0.0) => return None,
        Ok(serde_json::Value::Number(n)) => n.to_string(),
        Ok(serde_json::Value::Bool(true)) => "true".to_owned(),
        // An array or an object: shown as JavaScript would turn it into text, which no
        // title or id is; kept as written.
        Ok(_) | Err(_) => value.to_owned(),
    };
    (!text.is_empty()).then_some(text)
}

/// The last value of `key` among `fields`, as v1 keeps it.
pub(crate) fn field<'f>(fields: &'f [(String, Option<String>)], key: &str) -> Option<&'f str> {
    fields
        .iter()
        .rev()
        .find(|(k, _)| k == key)
        .and_then(|(_, v)| v.as_deref())
}

/// A doc's id from its path under the docs folder and its header: `(id, header id with a
/// '/')` — the second is set when the header's id has a `/`, which stops v1's build.
pub(crate) fn doc_id(source: &str, fields: &[(String, Option<String>)]) -> (String, bool) {
    let (dir, file) = source.rsplit_once('/').unwrap_or(("", source));
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    let own = field(fields, "id").unwrap_or(stem);
    let id = if dir.is_empty() {
        own.to_owned()
    } else {
        format!("{dir}/{own}")
    };
    (id, own.contains('/'))
}

/// Whether `name` is a doc file to v1: `.md` or `.markdown`.
pub(crate) fn is_doc_file(name: &str) -> bool {
    std::path::Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(text: &str) -> Vec<(String, Option<String>)> {
        header(text)
    }

    #[test]
    fn headers_split_at_the_first_colon() {
        let f = fields(
            "---\nid: intro\ntitle: Basics: The First Step\nsidebar_label: \"Quoted\"\n---\n# Body\n",
        );
        assert_eq!(field(&f, "id"), Some("intro"));
        assert_eq!(field(&f, "title"), Some("Basics: The First Step"));
        assert_eq!(field(&f, "sidebar_label"), Some("Quoted"));
    }

    #[test]
    fn header_edge_cases_as_v1_reads_them() {
        // No closing line: the whole file is the header and there is no content.
        assert!(fields("---\ntitle: X\n").is_empty());
        // Nothing after the closing line: no content, no metadata.
        assert!(fields("---\ntitle: X\n---").is_empty());
        // Not a header: the first line must be exactly `---`.
        assert!(fields("--- \ntitle: X\n---\nBody").is_empty());
        assert!(fields("# T\n").is_empty());
        // CRLF, falsy values, a later key winning, numbers.
        let f = fields("---\r\ntitle: \r\nid: a\r\nid: b\r\nsidebar_label: 12\r\n---\r\nBody\r\n");
        assert_eq!(field(&f, "title"), None);
        assert_eq!(field(&f, "id"), Some("b"));
        assert_eq!(field(&f, "sidebar_label"), Some("12"));
        assert_eq!(field(&fields("---\ntitle: false\n---\nB"), "title"), None);
        assert_eq!(field(&fields("---\ntitle: 0\n---\nB"), "title"), None);
    }

    #[test]
    fn ids_take_the_folder() {
        let f = fields("---\nid: start\n---\nB");
        assert_eq!(
            doc_id("guide/getting-started.md", &f),
            ("guide/start".into(), false)
        );
        assert_eq!(doc_id("faq.markdown", &[]), ("faq".into(), false));
        let f = fields("---\nid: a/b\n---\nB");
        assert_eq!(doc_id("x.md", &f), ("a/b".into(), true));
        assert!(is_doc_file("A.Markdown") && !is_doc_file("a.mdx"));
    }
}
