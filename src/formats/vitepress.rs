//! VitePress: `themeConfig.sidebar` in `.vitepress/config.{js,ts,mts}`, read statically.
//!
//! ```ts
//! export default defineConfig({
//!   themeConfig: {
//!     sidebar: {
//!       '/guide/': { base: '/guide/', items: sidebarGuide() },  // one section per path
//!     },
//!   },
//! })
//! function sidebarGuide() {
//!   return [{ text: 'Introduction', items: [{ text: 'Routing', link: 'routing' }] }]
//! }
//! ```
//!
//! An array is one sidebar whose items are the top level; a path-keyed object gives one
//! top-level section per path. Items have `text`, `link` and `items`; a `link` without a
//! leading `/` is resolved against the nearest `base`.

use crate::error::{Error, Result};
use crate::formats::ReadContext;
use crate::formats::support::js::{self, Js, JsKind};
use crate::model::{MAX_DEPTH, Node, Warning, has_scheme};

/// The names this format's nav file goes by, for discovery: the VitePress configuration.
pub(crate) const NAV_FILES: &[&str] = &[
    ".vitepress/config.ts",
    ".vitepress/config.mts",
    ".vitepress/config.js",
    ".vitepress/config.mjs",
];

pub(crate) fn read(ctx: &ReadContext<'_>, text: &str) -> Result<(Vec<Node>, Vec<Warning>)> {
    let config = js::exported_value(ctx.name, ctx.path, text)?;
    let sidebar = config
        .get("themeConfig")
        .and_then(|t| t.get("sidebar"))
        .or_else(|| {
            config
                .get("locales")
                .and_then(|l| l.get("root"))
                .and_then(|r| r.get("themeConfig"))
                .and_then(|t| t.get("sidebar"))
        });
    let Some(sidebar) = sidebar else {
        return Err(Error::invalid(
            ctx.name,
            "no `themeConfig.sidebar` in the exported config",
        ));
    };
    let mut reader = Reader {
        warnings: Vec::new(),
    };
    let roots = match &sidebar.kind {
        JsKind::Array(items) => reader.items(items, "", 1),
        JsKind::Object(paths) => paths
            .iter()
            .map(|(path, value)| {
                let (base, items) = match &value.kind {
                    JsKind::Array(items) => (String::new(), items.as_slice()),
                    JsKind::Object(_) => (
                        value.get("base").and_then(Js::as_text).unwrap_or_default(),
                        value
                            .get("items")
                            .and_then(Js::as_array)
                            .unwrap_or_default(),
                    ),
                    _ => {
                        reader.opaque(value);
                        (String::new(), &[][..])
                    }
                };
                Node::section(path.clone(), reader.items(items, &base, 2))
            })
            .collect(),
        _ => vec![reader.opaque(sidebar)],
    };
    Ok((roots, reader.warnings))
}

struct Reader {
    warnings: Vec<Warning>,
}

impl Reader {
    fn items(&mut self, items: &[Js], base: &str, depth: usize) -> Vec<Node> {
        if depth > MAX_DEPTH {
            self.warnings.push(Warning::new(
                items.first().map(|i| i.line),
                "sidebar nested too deeply; the rest is skipped",
            ));
            return Vec::new();
        }
        items
            .iter()
            .map(|item| self.item(item, base, depth))
            .collect()
    }

    fn item(&mut self, item: &Js, base: &str, depth: usize) -> Node {
        if item.as_object().is_none() {
            return self.opaque(item);
        }
        let base = item
            .get("base")
            .and_then(Js::as_text)
            .unwrap_or_else(|| base.to_owned());
        let title = item.get("text").and_then(Js::as_text).unwrap_or_default();
        let link = item
            .get("link")
            .and_then(Js::as_text)
            .map(|link| resolve(&base, &link));
        let children = match item.get("items") {
            Some(Js {
                kind: JsKind::Array(items),
                ..
            }) => self.items(items, &base, depth + 1),
            Some(other) => vec![self.opaque(other)],
            None => Vec::new(),
        };
        Node::new(title, link, children)
    }

    fn opaque(&mut self, value: &Js) -> Node {
        js::opaque_node(value, &mut self.warnings)
    }
}

/// A link as the site serves it: relative links joined to `base`.
fn resolve(base: &str, link: &str) -> String {
    if base.is_empty() || link.starts_with('/') || has_scheme(link) {
        link.to_owned()
    } else {
        format!("{base}{link}")
    }
}
