//! What readers learn from a page's own text: its title.

/// How many bytes of a page a title needs at most: front matter and the first block.
pub(crate) const TITLE_HEAD: usize = 64 * 1024;

/// The title MkDocs shows for a page from its Markdown source, when the page gives one
/// (`mkdocs/structure/pages.py`, `Page.title`): the front matter's `title`, else the text of
/// a level-1 heading that is the page's first element. `None` leaves the title to the file
/// name ([`mkdocs_file_title`]).
///
/// - Front matter is YAML between `---` lines (`mkdocs/utils/meta.py`, `get_data`); when it
///   is not a valid YAML map MkDocs ignores it and leaves it in the page, where its `---`
///   is the first element, so no heading can be the title.
/// - Without `---`, `MultiMarkdown` metadata: `Key: value` lines up to the first blank line,
///   keys lower-cased, so `Title: …` counts.
/// - The heading is the first element only (`_ExtractTitleTreeprocessor`): after blank
///   lines and link reference definitions, an ATX `#` heading (no space needed after `#`,
///   as Python-Markdown reads it) or a setext `===` heading. A page starting with HTML (a
///   comment included) or anything else has none.
/// - The heading's text is what the page renders (`get_heading_text`): inline markup, tags
///   and comments dropped, images as their alt text, entities decoded, white space
///   collapsed; with `attr_list` enabled, a trailing `{ #id .class }` is removed.
pub(crate) fn mkdocs_title(text: &str, attr_list: bool) -> Option<String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let doc: std::borrow::Cow<'_, str> = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n").into()
    } else {
        text.into()
    };
    let body = match yaml_front_matter(&doc) {
        Some(FrontMatter::Map {
            title: Some(title), ..
        }) => return Some(title),
        Some(FrontMatter::Map { rest, .. }) => rest.trim_start_matches('\n'),
        // Not a map: the `---` stays in the page and comes first.
        Some(FrontMatter::Invalid) => return None,
        None => match multimarkdown_meta(&doc) {
            (Some(title), _) => return Some(title),
            (None, rest) => rest,
        },
    };
    let heading = first_h1(body)?;
    let heading = if attr_list {
        strip_attr_list(&heading)
    } else {
        heading.as_str()
    };
    let title = markdown_inline_text(heading);
    (!title.is_empty()).then_some(title)
}

/// MkDocs' title for a page without one of its own (`Page.title`): `Home` for the home page
/// (`index.md` or `README.md` at the top of the docs folder), else the file name without its
/// extension (`README` counting as `index`), `-` and `_` as spaces, capitalised only when
/// it is all lower case (`chuckJaws` stays, `install` becomes `Install`).
pub(crate) fn mkdocs_file_title(src_uri: &str) -> String {
    if matches!(src_uri, "index.md" | "README.md") {
        return "Home".into();
    }
    let file = src_uri.rsplit('/').next().unwrap_or(src_uri);
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    let stem = if stem == "README" { "index" } else { stem };
    mkdocs_dirname_title(stem)
}

/// MkDocs' title for a folder (`mkdocs/utils/__init__.py`, `dirname_to_title`): `-` and `_`
/// as spaces, capitalised only when all lower case.
pub(crate) fn mkdocs_dirname_title(name: &str) -> String {
    let title = name.replace(['-', '_'], " ");
    if title.to_lowercase() == title {
        python_capitalize(&title)
    } else {
        title
    }
}

/// Python's `str.capitalize`: the first character upper case, the rest lower case.
fn python_capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first
            .to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
}

enum FrontMatter<'a> {
    /// A YAML map: its `title` as MkDocs shows it, and the page after it.
    Map {
        title: Option<String>,
        rest: &'a str,
    },
    /// Delimited, but not a YAML map.
    Invalid,
}

/// YAML front matter as MkDocs finds it: `---` (trailing blanks allowed) on the first line,
/// the block, and a closing `---` or `...` line followed by a line break.
fn yaml_front_matter(doc: &str) -> Option<FrontMatter<'_>> {
    let first_end = doc.find('\n')?;
    if doc[..first_end].trim_end_matches([' ', '\t']) != "---" {
        return None;
    }
    let block_start = first_end + 1;
    let mut at = block_start;
    // The block holds at least one line: the closing line is searched after it.
    let mut first = true;
    while at < doc.len() {
        let end = doc[at..].find('\n').map(|i| at + i)?;
        let line = doc[at..end].trim_end_matches([' ', '\t']);
        if !first && (line == "---" || line == "...") {
            let block = &doc[block_start..at];
            let rest = &doc[end + 1..];
            return Some(
                match crate::formats::support::yaml::load("front matter", block) {
                    Ok(Some(yaml)) => match crate::formats::support::yaml::as_mapping(&yaml) {
                        Some(map) => FrontMatter::Map {
                            title: crate::formats::support::yaml::get(map, "title").map(|t| {
                                // Python prints a null as `None`, and so do MkDocs' themes.
                                crate::formats::support::yaml::scalar_text(t)
                                    .unwrap_or_else(|| "None".into())
                            }),
                            rest,
                        },
                        None => FrontMatter::Invalid,
                    },
                    _ => FrontMatter::Invalid,
                },
            );
        }
        first = false;
        at = end + 1;
    }
    None
}

/// `MultiMarkdown` metadata (`meta.py`): `Key: value` lines (up to three spaces before the
/// key, keys of letters, digits, `_` and `-`), continued by lines indented four spaces or a
/// tab, up to a blank line. Returns the `title` (keys are lower-cased) and the page after.
fn multimarkdown_meta(doc: &str) -> (Option<String>, &str) {
    let mut title: Option<String> = None;
    let mut key: Option<String> = None;
    let mut at = 0;
    while at < doc.len() {
        let end = doc[at..].find('\n').map_or(doc.len(), |i| at + i);
        let line = &doc[at..end];
        let next = (end + 1).min(doc.len());
        if line.trim().is_empty() {
            return (title, &doc[next..]);
        }
        if let Some((k, v)) = meta_line(line) {
            let k = k.to_lowercase();
            if k == "title" {
                title = Some(match title {
                    Some(t) => format!("{t} {v}"),
                    None => v.to_owned(),
                });
            }
            key = Some(k);
        } else if key.is_some() && (line.starts_with("    ") || line.starts_with('\t')) {
            if key.as_deref() == Some("title")
                && let Some(t) = title.as_mut()
            {
                t.push(' ');
                t.push_str(line.trim());
            }
        } else {
            return (title, &doc[at..]);
        }
        at = next;
    }
    (title, "")
}

/// `Key: value` as `MultiMarkdown` metadata reads it.
fn meta_line(line: &str) -> Option<(&str, &str)> {
    let spaces = line.len() - line.trim_start_matches(' ').len();
    if spaces > 3 {
        return None;
    }
    let rest = &line[spaces..];
    let colon = rest.find(':')?;
    let key = &rest[..colon];
    if key.is_empty()
        || !key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return None;
    }
    Some((key, rest[colon + 1..].trim()))
}

/// The text of a level-1 heading that is the first element of `body`, as written.
fn first_h1(body: &str) -> Option<String> {
    let mut lines = body.lines().peekable();
    while let Some(line) = lines.peek() {
        if line.trim().is_empty() || is_reference_definition(line) {
            lines.next();
        } else {
            break;
        }
    }
    let line = lines.next()?;
    if let Some(rest) = line.strip_prefix('#') {
        if rest.starts_with('#') {
            return None;
        }
        // Python-Markdown drops a run of `#` at the very end of the line, one of them kept
        // when a backslash escapes it.
        let kept = rest.trim_end_matches('#');
        let backslashes = kept.len() - kept.trim_end_matches('\\').len();
        let text = if kept.len() < rest.len() && backslashes % 2 == 1 {
            &rest[..=kept.len()]
        } else {
            kept
        };
        return Some(text.trim().to_owned());
    }
    if line.starts_with("    ") || line.starts_with('\t') {
        return None;
    }
    let next = lines.next()?;
    let underline = next.trim_end_matches(' ');
    (underline.starts_with('=') && underline.chars().all(|c| c == '=' || c == '-'))
        .then(|| line.trim().to_owned())
}

/// `[label]: destination …`, which Python-Markdown removes before reading blocks.
fn is_reference_definition(line: &str) -> bool {
    let trimmed = line.trim_start_matches(' ');
    line.len() - trimmed.len() <= 3
        && trimmed.starts_with('[')
        && trimmed
            .find("]:")
            .is_some_and(|i| i > 1 && !trimmed[1..i].contains(['[', ']']))
}

/// `text` without a trailing attribute list (`{ #id .class }`, `{: #id }`), as `attr_list`
/// removes it from a heading.
fn strip_attr_list(text: &str) -> &str {
    let trimmed = text.trim_end();
    if trimmed.ends_with('}')
        && let Some(open) = trimmed.rfind('{')
    {
        let inner = trimmed[open + 1..trimmed.len() - 1]
            .trim_start_matches(':')
            .trim();
        if !inner.is_empty() && !inner.contains('\n') {
            return trimmed[..open].trim_end();
        }
    }
    text
}

/// The text inline Markdown renders to: emphasis, code and link markup dropped (code and
/// link text kept), HTML tags and comments removed, images as their alt text, entities
/// and escapes decoded, white space collapsed.
pub(crate) fn markdown_inline_text(inline: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    if !inline.contains(['*', '_', '`', '[', '!', '<', '&', '\\', '\n', '\t', '~'])
        && !inline.contains("  ")
    {
        return inline.trim().to_owned();
    }
    // Read as a heading, so that a title such as `1. Intro` or `- x` stays text.
    let source = format!("# {}", inline.replace('\n', " "));
    let mut out = String::new();
    let mut in_heading = false;
    for event in Parser::new_ext(&source, Options::empty()) {
        match event {
            Event::Start(Tag::Heading { .. }) => in_heading = true,
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Text(t) | Event::Code(t) if in_heading => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak if in_heading => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod mkdocs_tests {
    use super::*;

    #[test]
    fn mkdocs_titles_follow_mkdocs() {
        let t = |text: &str| mkdocs_title(text, false);
        assert_eq!(t("---\ntitle: Meta\n---\n# H\n").as_deref(), Some("Meta"));
        assert_eq!(t("---\ntitle: [broken\n---\n# H\n"), None);
        assert_eq!(t("---\n- a list\n---\n# H\n"), None);
        assert_eq!(
            t("---\nauthor: x\n---\n\n# Heading\n").as_deref(),
            Some("Heading")
        );
        assert_eq!(t("---\ntitle:\n---\n# H\n").as_deref(), Some("None"));
        assert_eq!(
            t("Title: Multi\n  Author: me\n\n# H\n").as_deref(),
            Some("Multi")
        );
        assert_eq!(t("Note: hi\n# E title\n").as_deref(), Some("E title"));
        assert_eq!(t("<!-- c -->\n# A\n"), None);
        assert_eq!(t("#Tight\n").as_deref(), Some("Tight"));
        assert_eq!(t("## Second\n"), None);
        assert_eq!(t("   # Indented\n"), None);
        assert_eq!(t("> Quote\n\n# Later\n"), None);
        assert_eq!(
            t("[x]: http://e.com\n\n# After refs\n").as_deref(),
            Some("After refs")
        );
        assert_eq!(t("\n\nSetext\n======\n").as_deref(), Some("Setext"));
        assert_eq!(t("Setext two\n------\n"), None);
        assert_eq!(t("# J \\# x #\n").as_deref(), Some("J # x"));
        assert_eq!(
            t("# F `<T>` &lt;x&gt; [link](x.md) \\*esc\\* **b** <b>t</b><!-- c --> ![alt](i.png)\n")
                .as_deref(),
            Some("F <T> <x> link *esc* b t alt")
        );
        assert_eq!(t("#\n"), None);
        assert_eq!(t("# Nibs { #nibs }\n").as_deref(), Some("Nibs { #nibs }"));
        assert_eq!(
            mkdocs_title("# Nibs { #nibs }\n", true).as_deref(),
            Some("Nibs")
        );
        assert_eq!(
            mkdocs_title("# 1. Intro\n", true).as_deref(),
            Some("1. Intro")
        );
    }

    #[test]
    fn mkdocs_file_titles_follow_mkdocs() {
        assert_eq!(mkdocs_file_title("index.md"), "Home");
        assert_eq!(mkdocs_file_title("README.md"), "Home");
        assert_eq!(mkdocs_file_title("guide/index.md"), "Index");
        assert_eq!(mkdocs_file_title("guide/README.md"), "Index");
        assert_eq!(mkdocs_file_title("my_page-name.md"), "My page name");
        assert_eq!(mkdocs_file_title("lathe-SETUP.md"), "lathe SETUP");
        assert_eq!(mkdocs_file_title("chuckJaws.md"), "chuckJaws");
        assert_eq!(mkdocs_file_title("2024_changes.md"), "2024 changes");
        assert_eq!(mkdocs_dirname_title("REST_API"), "REST API");
        assert_eq!(mkdocs_dirname_title("user_guide"), "User guide");
    }
}
