//! VitePress: `themeConfig.sidebar` in `.vitepress/config.{js,ts,mts,mjs}`, read
//! statically.
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
//! top-level section per path, named by the path as VitePress matches it (with a leading
//! `/`): a key the site never displays ([`TitleStatus::Key`]), shown as `(sidebar /guide/)`. The rules follow the default theme (`src/client/theme-default/support/sidebar.ts`
//! and `components/VPSidebarItem.vue`):
//!
//! - `text` is HTML (`v-html`): the title is its visible text, tags dropped and entities
//!   decoded;
//! - `base` (of the path-keyed entry or the nearest item that sets it) prefixes every link
//!   that is not external, the link's leading `/` replaced (`addBase`): under `/en/`,
//!   `intro` and `/intro` are both `/en/intro`;
//! - an item without `text` shows no heading: without children it is not rendered at all
//!   (left out, with a warning); with children, they show under no heading (kept as an
//!   untitled section);
//! - children deeper than six levels are not rendered (left out, with a warning).
//!
//! Path keys are listed sorted: which sidebar a page shows depends on the keys, not on
//! their order, so reordering them changes nothing on the site and nothing in a diff.

use crate::error::{Error, Result};
use crate::formats::ReadContext;
use crate::formats::support::js::{self, Js, JsKind};
use crate::model::{Location, MAX_DEPTH, Node, TitleStatus, Warning, has_scheme};

/// The names this format's nav file goes by, for discovery: the VitePress configuration.
pub(crate) const NAV_FILES: &[&str] = &[
    ".vitepress/config.ts",
    ".vitepress/config.mts",
    ".vitepress/config.js",
    ".vitepress/config.mjs",
    ".vitepress/config/index.ts",
    ".vitepress/config/index.mts",
    ".vitepress/config/index.js",
    ".vitepress/config/index.mjs",
];

/// Whether `path` names a VitePress config by its name: a script in a `.vitepress/`
/// folder (`config.ts`, `config/index.ts`, a locale's `config/en.ts`).
pub(crate) fn is_nav_name(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let Some((_, inside)) = lower.rsplit_once(".vitepress/") else {
        return false;
    };
    (inside.starts_with("config.") || inside.starts_with("config/"))
        && [".ts", ".mts", ".js", ".mjs", ".cts", ".cjs"]
            .iter()
            .any(|e| inside.ends_with(e))
}

/// The deepest item level the default theme renders, counting the top level as 0
/// (`VPSidebarItem.vue`: children are rendered while `depth < 5`).
const LAST_RENDERED_DEPTH: usize = 5;

pub(crate) fn read(ctx: &ReadContext<'_>, text: &str) -> Result<(Vec<Node>, Vec<Warning>)> {
    let evaluated = js::evaluate(ctx.name, ctx.path, text, ctx.files)?;
    let config = evaluated.value;
    let mut reader = Reader {
        warnings: evaluated.warnings,
        nav: ctx.path,
    };
    let additional: Option<Js>;
    let sidebar = match lookup(&config, &["themeConfig", "sidebar"]) {
        Lookup::Found(sidebar) => sidebar,
        Lookup::Unknown(what) => {
            return Ok((vec![reader.opaque(what)], reader.warnings));
        }
        Lookup::Missing => match lookup(&config, &["locales", "root", "themeConfig", "sidebar"]) {
            Lookup::Found(sidebar) => sidebar,
            Lookup::Unknown(what) => return Ok((vec![reader.opaque(what)], reader.warnings)),
            Lookup::Missing => {
                additional = additional_config(ctx, &config, &mut reader.warnings)?;
                if let Some(sidebar) = &additional {
                    sidebar
                } else {
                    let also = if ctx.files.is_some() {
                        " (nor in an additional `config` file of the root locale)"
                    } else {
                        ""
                    };
                    return Err(Error::invalid(
                        ctx.name,
                        format!("no `themeConfig.sidebar` in the exported config{also}"),
                    ));
                }
            }
        },
    };
    // Other locales show sidebars of their own: not part of this tree.
    if let Some(locales) = config.get("locales").and_then(Js::as_object) {
        for (name, locale) in locales {
            if name == "root" {
                continue;
            }
            if let Lookup::Found(s) | Lookup::Unknown(s) =
                lookup(locale, &["themeConfig", "sidebar"])
            {
                reader.warnings.push(Warning::new(
                    line(s),
                    format!("the locale `locales.{name}` has a sidebar of its own; it is not part of this tree"),
                ));
            }
        }
    }
    let roots = match &sidebar.kind {
        JsKind::Array(items) => reader.items(items, "", 0, 1),
        JsKind::Object(paths) => {
            let mut sections: Vec<(String, Node)> = Vec::new();
            for (path, value) in paths {
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
                        let node = reader.opaque(value);
                        sections.push((path.clone(), node));
                        continue;
                    }
                };
                // `getSidebar` matches keys with a leading `/` added.
                let key = if path.starts_with('/') {
                    path.clone()
                } else {
                    format!("/{path}")
                };
                if sections.iter().any(|(k, _)| *k == key) {
                    reader.warnings.push(Warning::new(
                        line(value),
                        format!("the sidebar key `{path}` repeats `{key}`; VitePress uses only one of them"),
                    ));
                }
                let children = reader.items(items, &base, 0, 2);
                // The path names the sidebar shown on pages under it; it is never
                // displayed: a key, not a title.
                let mut section =
                    Node::section(key.clone(), children).with_title_status(TitleStatus::Key);
                section.at = reader.at(value);
                sections.push((key, section));
            }
            sections.sort_by(|a, b| a.0.cmp(&b.0));
            sections.into_iter().map(|(_, node)| node).collect()
        }
        _ => vec![reader.opaque(sidebar)],
    };
    Ok((roots, reader.warnings))
}

/// The sidebar of the root locale's additional config (`<srcDir>/config.ts`, exported
/// through `defineAdditionalConfig`), which VitePress merges into the root locale when
/// the main config sets none.
fn additional_config(
    ctx: &ReadContext<'_>,
    config: &Js,
    warnings: &mut Vec<Warning>,
) -> Result<Option<Js>> {
    let Some(files) = ctx.files else {
        return Ok(None);
    };
    let Some(project) = ctx
        .path
        .rsplit_once(".vitepress/")
        .map(|(p, _)| p.trim_end_matches('/'))
    else {
        return Ok(None);
    };
    let src = config.get("srcDir").and_then(Js::as_str).unwrap_or(".");
    let Some(src) = crate::formats::join_path(project, src) else {
        return Ok(None);
    };
    for ext in ["mts", "ts", "mjs", "js"] {
        let Some(path) = crate::formats::join_path(&src, &format!("config.{ext}")) else {
            continue;
        };
        let Some(text) = files.read_text(&path)? else {
            continue;
        };
        let evaluated = js::evaluate(&path, &path, &text, Some(files))?;
        return Ok(
            match lookup(&evaluated.value, &["themeConfig", "sidebar"]) {
                Lookup::Found(sidebar) | Lookup::Unknown(sidebar) => {
                    warnings.push(Warning::new(
                        None,
                        format!(
                            "the sidebar is read from `{path}`, the root locale's additional config"
                        ),
                    ));
                    warnings.extend(
                        evaluated
                            .warnings
                            .into_iter()
                            .map(|w| Warning::new(None, format!("`{path}`: {w}"))),
                    );
                    // Lines of another file mean nothing here; where entries are
                    // written is that file.
                    let mut sidebar = sidebar.clone();
                    sidebar.relocate(0);
                    sidebar.written_in(&path);
                    Some(sidebar)
                }
                Lookup::Missing => None,
            },
        );
    }
    Ok(None)
}

/// What a path of keys leads to in a config value.
enum Lookup<'v> {
    Found(&'v Js),
    /// No such key where the value is known.
    Missing,
    /// Something on the way only running the code would tell (it is the value given).
    Unknown(&'v Js),
}

fn lookup<'v>(value: &'v Js, keys: &[&str]) -> Lookup<'v> {
    let mut value = value;
    for key in keys {
        match &value.kind {
            JsKind::Object(props) => match value.get(key) {
                Some(inner) => value = inner,
                // A spread of an unknown value may hold the key.
                None => {
                    return match props
                        .iter()
                        .find(|(k, v)| k.is_empty() && matches!(v.kind, JsKind::Opaque(_)))
                    {
                        Some((_, unknown)) => Lookup::Unknown(unknown),
                        None => Lookup::Missing,
                    };
                }
            },
            JsKind::Opaque(_) => return Lookup::Unknown(value),
            _ => return Lookup::Missing,
        }
    }
    match value.kind {
        JsKind::Opaque(_) => Lookup::Unknown(value),
        _ => Lookup::Found(value),
    }
}

struct Reader<'n> {
    warnings: Vec<Warning>,
    /// The nav file's path (the module evaluated).
    nav: &'n str,
}

impl Reader<'_> {
    /// Where `value` is written.
    fn at(&self, value: &Js) -> Option<Location> {
        value.location(self.nav, self.nav)
    }

    /// Items at `level` (0 for the top of a sidebar), `depth` levels into the tree.
    fn items(&mut self, items: &[Js], base: &str, level: usize, depth: usize) -> Vec<Node> {
        if depth > MAX_DEPTH {
            self.warnings.push(Warning::new(
                items.first().map(|i| i.line),
                "sidebar nested too deeply; the rest is skipped",
            ));
            return Vec::new();
        }
        items
            .iter()
            .filter_map(|item| self.item(item, base, level, depth))
            .collect()
    }

    fn item(&mut self, item: &Js, base: &str, level: usize, depth: usize) -> Option<Node> {
        if item.as_object().is_none() {
            return Some(self.opaque(item));
        }
        // `item.base || base`: an empty `base` inherits.
        let base = item
            .get("base")
            .and_then(Js::as_text)
            .filter(|b| !b.is_empty())
            .unwrap_or_else(|| base.to_owned());
        let title = match item.get("text") {
            Some(Js {
                kind: JsKind::Opaque(_),
                ..
            }) => Some(self.opaque_title(item.get("text")?)),
            Some(text) => text.as_text().map(|t| html_text(&t)),
            None => None,
        }
        .filter(|t| !t.is_empty());
        let link = item
            .get("link")
            .and_then(Js::as_text)
            .map(|link| add_base(&base, &link));
        let children = match item.get("items") {
            Some(Js {
                kind: JsKind::Array(items),
                ..
            }) if !items.is_empty() => {
                if level >= LAST_RENDERED_DEPTH {
                    self.warnings.push(Warning::new(
                        line(&items[0]),
                        "items nested deeper than the six levels VitePress shows; left out",
                    ));
                    Vec::new()
                } else {
                    self.items(items, &base, level + 1, depth + 1)
                }
            }
            Some(Js {
                kind: JsKind::Array(_),
                ..
            })
            | None => Vec::new(),
            Some(other) => vec![self.opaque(other)],
        };
        let at = self.at(item);
        let located = |mut node: Node| {
            node.at = at;
            node
        };
        match title {
            Some(title) => Some(located(Node::new(title, link, children))),
            // No `text`: no heading and no link; the children still show.
            None if !children.is_empty() => {
                if link.is_some() {
                    self.warnings.push(Warning::new(
                        line(item),
                        "an item without `text` shows no link; its link is left out",
                    ));
                }
                Some(located(Node::new("", None, children)))
            }
            None => {
                self.warnings.push(Warning::new(
                    line(item),
                    "an item without `text` is not shown in the sidebar; left out",
                ));
                None
            }
        }
    }

    fn opaque(&mut self, value: &Js) -> Node {
        let mut node = js::opaque_node(value, &mut self.warnings);
        node.at = self.at(value);
        node
    }

    fn opaque_title(&mut self, value: &Js) -> String {
        self.opaque(value).title
    }
}

/// The line of a value in the nav file (none for values read from another file).
fn line(value: &Js) -> Option<usize> {
    (value.line > 0).then_some(value.line)
}

/// A link as the site serves it (`addBase`): `base` plus the link without its leading
/// `/` (a `/` added when `base` lacks one); external links as written.
fn add_base(base: &str, link: &str) -> String {
    if base.is_empty() || has_scheme(link) || link.starts_with("//") {
        return link.to_owned();
    }
    let rest = match link.strip_prefix('/') {
        Some(rest) if base.ends_with('/') => rest.to_owned(),
        Some(rest) => format!("/{rest}"),
        None => link.to_owned(),
    };
    format!("{base}{rest}")
}

/// The text an HTML fragment shows: tags dropped, entities decoded, white space folded.
pub(crate) fn html_text(html: &str) -> String {
    decode(html, true)
}

/// `text` with HTML entities (`&amp;`, `&#60;`, `&#x3e;`) decoded and white space folded;
/// what is not an entity stays as written.
pub(crate) fn decode_entities(text: &str) -> String {
    decode(text, false)
}

fn decode(html: &str, tags: bool) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    let stops: &[char] = if tags { &['<', '&'] } else { &['&'] };
    while let Some(i) = rest.find(stops) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if rest.starts_with('<') {
            let after = &rest[1..];
            let is_tag =
                after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!');
            if let (true, Some(end)) = (is_tag, after.find('>')) {
                rest = &after[end + 1..];
            } else {
                out.push('<');
                rest = after;
            }
        } else {
            let (decoded, len) = entity(rest);
            out.push_str(&decoded);
            rest = &rest[len..];
        }
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The character an entity at the start of `text` stands for, and its length; a lone `&`
/// stands for itself.
fn entity(text: &str) -> (String, usize) {
    let Some(end) = text.find(';').filter(|&e| e <= 12) else {
        return ("&".into(), 1);
    };
    let name = &text[1..end];
    let decoded = if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => num.parse::<u32>().ok(),
        };
        code.and_then(char::from_u32).map(String::from)
    } else {
        match name {
            "amp" => Some("&"),
            "lt" => Some("<"),
            "gt" => Some(">"),
            "quot" => Some("\""),
            "apos" => Some("'"),
            "nbsp" => Some("\u{a0}"),
            "mdash" => Some("—"),
            "ndash" => Some("–"),
            "hellip" => Some("…"),
            "copy" => Some("©"),
            "reg" => Some("®"),
            "trade" => Some("™"),
            "rarr" => Some("→"),
            "larr" => Some("←"),
            _ => None,
        }
        .map(str::to_owned)
    };
    match decoded {
        Some(d) => (d, end + 1),
        None => ("&".into(), 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_as_add_base_applies_it() {
        assert_eq!(add_base("/en/", "/root"), "/en/root");
        assert_eq!(add_base("/en/", "intro"), "/en/intro");
        assert_eq!(add_base("/handbook", "/faq"), "/handbook/faq");
        assert_eq!(add_base("/handbook", "intro"), "/handbookintro");
        assert_eq!(add_base("/docs/", "mailto:a@b.c"), "mailto:a@b.c");
        assert_eq!(
            add_base("/docs/", "//cdn.example.com/x"),
            "//cdn.example.com/x"
        );
        assert_eq!(add_base("", "/x"), "/x");
    }

    #[test]
    fn text_as_html_shows_it() {
        assert_eq!(html_text("Tips &amp; tricks"), "Tips & tricks");
        assert_eq!(html_text("<code>a.ts</code>"), "a.ts");
        assert_eq!(
            html_text("Deploy <span class=\"badge\">beta</span>"),
            "Deploy beta"
        );
        assert_eq!(html_text("&lt;Head&gt; &#60;x&#x3e;"), "<Head> <x>");
        assert_eq!(html_text("a < b & c"), "a < b & c");
        assert_eq!(html_text("é&eacute;"), "é&eacute;");
    }
}
