//! Which navigation format a file is: from its name when the generator names it so, else
//! from what it holds. A file that is none of them is not guessed at: the caller says it
//! cannot tell, rather than reading a README as an outline.
//!
//! By content, each format has its own marks:
//! - MkDocs: a YAML map with `site_name:`, `nav:`/`pages:` (a list), `INHERIT:` or
//!   `docs_dir:`;
//! - keyed YAML or JSON: lists of maps with a title key (`title`, `name`, …) and a link or
//!   a child list, at the top or under top-level keys (Mintlify's `navigation`);
//! - Docusaurus JSON: an object of arrays of doc ids or sidebar items (`type: category`);
//! - JavaScript and TypeScript: a module (`module.exports`, `export default`, …) whose
//!   config has `themeConfig`, `defineConfig` or VitePress' `text:`/`link:` items is
//!   VitePress; one with Docusaurus' sidebar items or `@docusaurus` is Docusaurus;
//! - Antora: `*` list items with `xref:` links;
//! - Sphinx: a `.. toctree::` directive, a `MyST` `{toctree}` fence, or a `conf.py`;
//! - mdBook: `# Summary` with chapter links, or a document of chapter links
//!   (`- [Title](page.md)`, prefix links, `---` separators, `#` parts) and little else;
//! - outline: a `.txt` file, or Markdown that is only list items and headings.

use crate::formats::support::yaml::{self, Yaml};
use crate::model::NavFormat;

/// A format, with what in the file says so (for messages).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Evidence {
    /// The format.
    pub format: NavFormat,
    /// What in the file shows it, as a phrase ("a `.. toctree::` directive").
    pub why: &'static str,
}

#[expect(
    clippy::unnecessary_wraps,
    reason = "each format check ends in `found(…)` or `None`"
)]
fn found(format: NavFormat, why: &'static str) -> Option<Evidence> {
    Some(Evidence { format, why })
}

/// The format of the file at `path` holding `text`: from the name when it is one the
/// generators use, else from the content; `None` when neither tells.
#[must_use]
pub fn detect(path: &str, text: &str) -> Option<NavFormat> {
    by_name(path).or_else(|| by_content(path, text).map(|e| e.format))
}

/// The file name, lower-cased.
fn file_name(path: &str) -> String {
    path.rsplit(['/', '\\'])
        .next()
        .unwrap_or(path)
        .to_ascii_lowercase()
}

fn extension(name: &str) -> &str {
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext,
        _ => "",
    }
}

/// The format the generators' own file names say.
fn by_name(path: &str) -> Option<NavFormat> {
    let name = file_name(path);
    let ext = extension(&name);
    let is_yaml = matches!(ext, "yml" | "yaml");
    match name.as_str() {
        n if is_yaml && n.starts_with("mkdocs.") => Some(NavFormat::Mkdocs),
        "summary.md" => Some(NavFormat::Mdbook),
        "nav.adoc" | "antora.yml" => Some(NavFormat::Antora),
        "conf.py" => Some(NavFormat::Sphinx),
        _ if ext != "md" && super::docusaurus::is_nav_name(path) => Some(NavFormat::Docusaurus),
        _ if super::vitepress::is_nav_name(path) => Some(NavFormat::Vitepress),
        _ if matches!(ext, "rst" | "rest") => Some(NavFormat::Sphinx),
        _ => None,
    }
}

/// The format `text` shows, looked for among the formats the file's extension allows (all
/// of them without a known extension).
#[must_use]
pub fn by_content(path: &str, text: &str) -> Option<Evidence> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return None;
    }
    let name = file_name(path);
    match extension(&name) {
        "json" => json(text),
        "yml" | "yaml" => yaml_file(text),
        "js" | "ts" | "mjs" | "cjs" | "mts" | "cts" | "jsx" | "tsx" => javascript(text),
        "adoc" | "asciidoc" => antora(text),
        "rst" | "rest" | "inc" => sphinx(text),
        "py" => sphinx_conf(text),
        "md" | "markdown" | "mdx" => markdown(text),
        "txt" => sphinx(text).or_else(|| found(NavFormat::Outline, "a `.txt` outline")),
        _ => {
            let starts = text.trim_start();
            if starts.starts_with(['{', '['])
                && let Some(e) = json(text)
            {
                return Some(e);
            }
            javascript(text)
                .or_else(|| sphinx(text))
                .or_else(|| sphinx_conf(text))
                .or_else(|| antora(text))
                .or_else(|| markdown(text).filter(|e| e.format != NavFormat::Outline))
                .or_else(|| yaml_file(text))
                .or_else(|| markdown(text))
                .or_else(|| rst_document(text))
        }
    }
}

/// Keys that title a keyed-YAML entry (as `keyed_yaml.rs` reads them).
const TITLE_KEYS: [&str; 8] = [
    "title", "name", "label", "text", "group", "tab", "anchor", "dropdown",
];
const TARGET_KEYS: [&str; 7] = ["url", "href", "link", "path", "permalink", "page", "id"];

fn json(text: &str) -> Option<Evidence> {
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    json_value(&value)
}

fn json_value(value: &serde_json::Value) -> Option<Evidence> {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            if map.contains_key("navigation") {
                return found(NavFormat::KeyedYaml, "a Mintlify `navigation` key");
            }
            let lists: Vec<&Value> = map.values().collect();
            if lists.is_empty() {
                return None;
            }
            if lists
                .iter()
                .all(|v| v.as_array().is_some_and(|a| is_keyed_json(a)))
            {
                return found(NavFormat::KeyedYaml, "lists of entries with title keys");
            }
            let docusaurus = lists.iter().all(|v| match v {
                Value::Array(items) => items.iter().all(is_docusaurus_item),
                // The legacy form: categories mapped to lists of doc ids.
                Value::Object(categories) => categories.values().all(|c| {
                    c.as_array()
                        .is_some_and(|a| a.iter().all(is_docusaurus_item))
                }),
                _ => false,
            });
            docusaurus.then_some(Evidence {
                format: NavFormat::Docusaurus,
                why: "an object of arrays of doc ids or sidebar items",
            })
        }
        Value::Array(items) if is_keyed_json(items) => {
            found(NavFormat::KeyedYaml, "a list of entries with title keys")
        }
        _ => None,
    }
}

/// A Docusaurus sidebar item: a doc id, or an item object (`type`, or `items`/`label`).
fn is_docusaurus_item(item: &serde_json::Value) -> bool {
    use serde_json::Value;
    match item {
        Value::String(_) => true,
        Value::Object(map) => {
            map.get("type").and_then(Value::as_str).is_some_and(|t| {
                matches!(
                    t,
                    "doc" | "category" | "link" | "autogenerated" | "ref" | "html" | "subcategory"
                )
            }) || map.contains_key("items")
                || map.values().all(|v| {
                    v.as_array()
                        .is_some_and(|a| a.iter().all(is_docusaurus_item))
                })
        }
        _ => false,
    }
}

fn is_keyed_json(items: &[serde_json::Value]) -> bool {
    !items.is_empty()
        && items.iter().all(|item| {
            let Some(map) = item.as_object() else {
                return false;
            };
            if map.contains_key("type") {
                return false;
            }
            let titled = map
                .keys()
                .any(|k| TITLE_KEYS.contains(&k.as_str()) || k.ends_with("name"));
            let linked = map.keys().any(|k| TARGET_KEYS.contains(&k.as_str()));
            let children = map
                .values()
                .any(|v| v.as_array().is_some_and(|a| is_keyed_json(a)));
            (titled && (linked || children || map.len() <= 3))
                || (linked && !map.contains_key("items"))
        })
}

fn yaml_file(text: &str) -> Option<Evidence> {
    let doc = yaml::load("", text).ok()??;
    if let Some(map) = yaml::as_mapping(&doc) {
        let has = |key: &str| yaml::get(map, key).is_some();
        if has("site_name") || has("INHERIT") || has("docs_dir") || has("project_name") {
            return found(
                NavFormat::Mkdocs,
                "MkDocs settings (`site_name:`, `INHERIT:` or `docs_dir:`)",
            );
        }
        if has("name") && has("version") && (has("nav") || has("asciidoc") || has("start_page")) {
            return found(
                NavFormat::Antora,
                "an Antora component descriptor (`name:`, `version:`, `nav:`)",
            );
        }
        for key in ["nav", "pages"] {
            if let Some(items) = yaml::get(map, key).and_then(yaml::as_sequence)
                && !items.is_empty()
                && items.iter().all(is_mkdocs_item)
            {
                return found(
                    NavFormat::Mkdocs,
                    "a MkDocs `nav:` list of pages and `Title: page` entries",
                );
            }
        }
        if yaml::get(map, "navigation").is_some() {
            return found(NavFormat::KeyedYaml, "a Mintlify `navigation` key");
        }
        let lists: Vec<&Yaml> = map
            .iter()
            .map(|(_, v)| v)
            .filter(|v| !yaml::is_null(v))
            .collect();
        if !lists.is_empty()
            && lists
                .iter()
                .any(|v| yaml::as_sequence(v).is_some_and(is_keyed_yaml))
            && lists.iter().all(|v| {
                yaml::as_sequence(v).is_some_and(is_keyed_yaml) || yaml::scalar_text(v).is_some()
            })
        {
            return found(NavFormat::KeyedYaml, "lists of entries with title keys");
        }
        return None;
    }
    yaml::as_sequence(&doc)
        .filter(|items| is_keyed_yaml(items))
        .and(found(
            NavFormat::KeyedYaml,
            "a list of entries with title keys",
        ))
}

/// A MkDocs nav entry: a page, or a one-key map.
fn is_mkdocs_item(item: &Yaml) -> bool {
    yaml::scalar_text(item).is_some()
        || yaml::as_mapping(item).is_some_and(|m| m.len() == 1)
        // The legacy `pages:` form: `[path, title]`.
        || yaml::as_sequence(item).is_some_and(|l| (1..=3).contains(&l.len()) && l.iter().all(|x| yaml::scalar_text(x).is_some()))
}

/// A list of keyed-YAML entries: maps with a title key and a link or a child list.
fn is_keyed_yaml(items: &[Yaml]) -> bool {
    !items.is_empty()
        && items.iter().all(|item| {
            let Some(map) = yaml::as_mapping(item) else {
                return false;
            };
            let keys: Vec<String> = map
                .iter()
                .filter_map(|(k, _)| yaml::scalar_text(k))
                .collect();
            let titled = keys
                .iter()
                .any(|k| TITLE_KEYS.contains(&k.as_str()) || k.ends_with("name"));
            let linked = keys.iter().any(|k| TARGET_KEYS.contains(&k.as_str()));
            let children = map.iter().any(|(_, v)| {
                yaml::as_sequence(v).is_some_and(|l| {
                    l.iter()
                        .all(|i| yaml::as_mapping(i).is_some() || yaml::scalar_text(i).is_some())
                        && !l.is_empty()
                })
            });
            titled || linked || children
        })
}

fn javascript(text: &str) -> Option<Evidence> {
    let module = [
        "module.exports",
        "export default",
        "export const",
        "exports.",
        "defineConfig(",
    ]
    .iter()
    .any(|m| text.contains(m));
    if !module {
        return None;
    }
    if text.contains("@docusaurus") && !text.contains("vitepress") {
        return found(NavFormat::Docusaurus, "a Docusaurus module (`@docusaurus`)");
    }
    if text.contains("vitepress")
        || text.contains("themeConfig")
        || text.contains("defineConfig(")
        || text.contains("defineAdditionalConfig(")
    {
        return found(
            NavFormat::Vitepress,
            "a VitePress config (`themeConfig`, `defineConfig`)",
        );
    }
    let docusaurus_items = [
        "type: 'category'",
        "type: \"category\"",
        "type: 'doc'",
        "type: \"doc\"",
        "type: 'autogenerated'",
        "type: \"autogenerated\"",
        "SidebarsConfig",
    ];
    if docusaurus_items.iter().any(|m| text.contains(m)) {
        return found(
            NavFormat::Docusaurus,
            "Docusaurus sidebar items (`type: 'category'`, `type: 'doc'`)",
        );
    }
    if (text.contains("text:") || text.contains("\"text\":"))
        && (text.contains("link:") || text.contains("\"link\":"))
    {
        return found(
            NavFormat::Vitepress,
            "VitePress sidebar items (`text:` and `link:`)",
        );
    }
    if text.contains("items:") || text.contains("label:") || text.contains("\"items\":") {
        return found(
            NavFormat::Docusaurus,
            "Docusaurus sidebar items (`label:`, `items:`)",
        );
    }
    // An object of arrays of doc ids: `module.exports = { docs: ['intro', …] }`.
    let ids =
        text.contains(": [") && text.contains('\'') || text.contains(": [\n") && text.contains('"');
    ids.then_some(Evidence {
        format: NavFormat::Docusaurus,
        why: "a module exporting arrays of doc ids",
    })
}

fn antora(text: &str) -> Option<Evidence> {
    let mut xrefs = 0;
    let mut items = 0;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('*') {
            let rest = trimmed.trim_start_matches('*');
            if rest.starts_with(' ') {
                items += 1;
                if rest.contains("xref:") && rest.contains('[') {
                    xrefs += 1;
                }
            }
        }
    }
    (xrefs > 0 && xrefs * 2 >= items).then_some(Evidence {
        format: NavFormat::Antora,
        why: "`*` list items of `xref:` links",
    })
}

fn sphinx(text: &str) -> Option<Evidence> {
    text.lines()
        .any(|l| {
            let t = l.trim_start();
            t.starts_with(".. toctree::") || is_myst_toctree(t)
        })
        .then_some(Evidence {
            format: NavFormat::Sphinx,
            why: "a `.. toctree::` directive",
        })
}

/// A reStructuredText document without a toctree of its own (one that includes the file
/// holding them): explicit markup (`.. include::`, `.. _label:`) and an underlined title.
fn rst_document(text: &str) -> Option<Evidence> {
    let lines: Vec<&str> = text.lines().collect();
    let markup = lines.iter().any(|l| {
        let t = l.trim_start();
        t.starts_with(".. ")
            && (t.contains(":: ")
                || t.ends_with("::")
                || (t.starts_with(".. _") && t.ends_with(':')))
    });
    let title = lines.windows(2).any(|w| {
        let (title, rule) = (w[0].trim(), w[1].trim_end());
        !title.is_empty()
            && rule.len() >= title.chars().count()
            && rule.len() >= 3
            && rule
                .chars()
                .all(|c| c == rule.chars().next().unwrap_or(' '))
            && rule.starts_with(['=', '-', '~', '^', '*', '#', '+', '"'])
    });
    (markup && title).then_some(Evidence {
        format: NavFormat::Sphinx,
        why: "a reStructuredText document (directives and an underlined title)",
    })
}

fn is_myst_toctree(trimmed: &str) -> bool {
    let rest = trimmed.trim_start_matches(['`', '~', ':']);
    rest.len() + 3 <= trimmed.len() && rest.trim_start().starts_with("{toctree}")
}

fn sphinx_conf(text: &str) -> Option<Evidence> {
    let settings = text.lines().filter(|l| {
        [
            "master_doc",
            "root_doc",
            "html_theme",
            "source_suffix",
            "exclude_patterns",
            "templates_path",
        ]
        .iter()
        .any(|k| l.starts_with(k) && l[k.len()..].trim_start().starts_with('='))
    });
    (settings.count() >= 1 && (text.contains("project =") || text.contains("extensions =")))
        .then_some(Evidence {
            format: NavFormat::Sphinx,
            why: "a Sphinx `conf.py`",
        })
}

fn markdown(text: &str) -> Option<Evidence> {
    if text.lines().any(|l| is_myst_toctree(l.trim_start())) {
        return found(NavFormat::Sphinx, "a MyST `{toctree}` fence");
    }
    let mut first_heading: Option<String> = None;
    let (mut links, mut plain_items, mut prose, mut separators) = (0usize, 0usize, 0usize, 0usize);
    let mut in_comment = false;
    for line in text.lines() {
        let t = line.trim();
        if in_comment {
            in_comment = !t.contains("-->");
            continue;
        }
        if t.is_empty() {
            continue;
        }
        if t.starts_with("<!--") {
            in_comment = !t.contains("-->");
            continue;
        }
        if let Some(h) = t.strip_prefix('#') {
            if first_heading.is_none() {
                first_heading = Some(h.trim_start_matches('#').trim().to_ascii_lowercase());
            }
            continue;
        }
        if t.chars().all(|c| c == '-') && t.len() >= 3
            || t.chars().all(|c| c == '*') && t.len() >= 3
        {
            separators += 1;
            continue;
        }
        let item = list_item(t);
        let body = item.unwrap_or(t);
        if is_link_line(body) {
            links += 1;
        } else if item.is_some() {
            plain_items += 1;
        } else if line.starts_with(char::is_whitespace) && first_heading.is_none() && links == 0 {
            // An indented plain line: outline-like text.
            plain_items += 1;
        } else {
            prose += 1;
        }
    }
    let summary = first_heading
        .as_deref()
        .is_some_and(|h| h == "summary" || h == "table of contents");
    if summary || (links >= 2 && prose * 3 <= links && plain_items * 3 <= links) {
        return found(
            NavFormat::Mdbook,
            if summary {
                "`# Summary` and chapter links"
            } else {
                "a list of chapter links (`- [Title](page.md)`)"
            },
        );
    }
    (prose == 0 && separators == 0 && links + plain_items >= 2).then_some(Evidence {
        format: NavFormat::Outline,
        why: "Markdown holding only list items and headings",
    })
}

/// The text of a list item (`- x`, `* x`, `+ x`, `1. x`), `None` for other lines.
fn list_item(trimmed: &str) -> Option<&str> {
    for bullet in ["- ", "* ", "+ "] {
        if let Some(rest) = trimmed.strip_prefix(bullet) {
            return Some(rest.trim());
        }
    }
    let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 {
        let rest = &trimmed[digits..];
        if let Some(rest) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Some(rest.trim());
        }
    }
    None
}

/// `[Title](target)` and nothing else (a chapter link, a draft `[Title]()`), or a reference
/// link `[Title][ref]`.
fn is_link_line(body: &str) -> bool {
    let Some(rest) = body.strip_prefix('[') else {
        return false;
    };
    let Some(close) = rest.find("](").or_else(|| rest.find("][")) else {
        return false;
    };
    let after = &rest[close + 2..];
    after.ends_with(')') || after.ends_with(']')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_first_then_content() {
        assert_eq!(detect("docs/mkdocs.yml", ""), Some(NavFormat::Mkdocs));
        assert_eq!(detect("x/SUMMARY.md", ""), Some(NavFormat::Mdbook));
        assert_eq!(
            detect("nav", "site_name: x\nnav:\n  - a.md\n"),
            Some(NavFormat::Mkdocs)
        );
        assert_eq!(
            detect("old.md", "# Summary\n\n- [A](a.md)\n"),
            Some(NavFormat::Mdbook)
        );
        assert_eq!(
            detect(
                "sidebars-v2.js",
                "module.exports = { docs: [{ type: 'category', label: 'A', items: ['a'] }] };\n"
            ),
            Some(NavFormat::Docusaurus)
        );
        assert_eq!(
            detect(
                "x.ts",
                "export default defineConfig({ themeConfig: { sidebar: [] } })\n"
            ),
            Some(NavFormat::Vitepress)
        );
        assert_eq!(
            detect("nav-old.adoc", "* xref:a.adoc[A]\n** xref:b.adoc[B]\n"),
            Some(NavFormat::Antora)
        );
        assert_eq!(
            detect("0001.json", "{\"docs\": {\"Intro\": [\"a\", \"b\"]}}"),
            Some(NavFormat::Docusaurus)
        );
        assert_eq!(
            detect("contents.rst.inc", "Guide\n-----\n\n.. toctree::\n\n   a\n"),
            Some(NavFormat::Sphinx)
        );
        assert_eq!(
            detect("index.md", "# Docs\n\n```{toctree}\na\n```\n"),
            Some(NavFormat::Sphinx)
        );
        assert_eq!(detect("notes.txt", "A\n  B\n"), Some(NavFormat::Outline));
        assert_eq!(
            detect("n.md", "- Guide\n  - [Install](install.md)\n- FAQ\n"),
            Some(NavFormat::Outline)
        );
        assert_eq!(
            detect("docs.yml", "- title: Start\n  docs:\n    - link: /a/\n"),
            Some(NavFormat::KeyedYaml)
        );
    }

    #[test]
    fn other_files_are_not_guessed() {
        for (name, text) in [
            (
                "README.md",
                "# navdiff\n\nShows how a site's navigation changed.\n\n- [Install](#install)\n\nMore prose here.\n",
            ),
            (
                "Cargo.toml",
                "[package]\nname = \"x\"\nversion = \"0.1.0\"\n",
            ),
            ("empty.yml", ""),
            ("nav", "   \n"),
            (
                "workflow.yml",
                "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n",
            ),
            ("app.js", "console.log('hi');\n"),
            (
                "notes",
                "Some prose, not a navigation.\nAnother sentence.\n",
            ),
        ] {
            assert_eq!(detect(name, text), None, "{name}");
        }
    }
}
