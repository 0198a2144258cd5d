//! mdBook: served URLs from `book.toml`, and `[output.html.redirect]`.
//!
//! URLs follow mdBook's HTML renderer: a chapter `a/b.md` of the book's `src` folder is
//! written to `a/b.html`; the built-in `index` preprocessor renames every `README.md`
//! (any case) to `index.md`, so it is served as its folder's `index.html`. Only the chapters
//! of `SUMMARY.md` are rendered. The site's path is `output.html.site-url`'s.
//!
//! `[output.html.redirect]` (mdBook's guide, "Configuring Renderers"): each key is where the
//! redirect page is written, an absolute path from the build folder (`/a/old.html`); each
//! value is any URL the browser goes to, resolved from that page (`../b.html`, `/b.html`,
//! `https://…`). A key with a `#fragment` redirects one anchor only (newer mdBook).

use super::emit::{Snippet, quote_double};
use super::site::Page;
use super::url::{self, split_extension, split_fragment};
use super::{Redirect, RedirectTool, Redirects, line_of, parse_toml};
use crate::error::Result;
use crate::formats::FileAccess;
use crate::formats::join_path;
use crate::formats::support::parent_dir;

/// The URL rules of an mdBook book.
#[derive(Debug, Clone)]
pub(crate) struct Rules {
    /// The book's `src` folder in the repository (where `SUMMARY.md` is).
    src_dir: String,
    /// `book.toml`, when found.
    book_toml: Option<String>,
}

impl Rules {
    pub(crate) fn src_dir(&self) -> &str {
        &self.src_dir
    }

    pub(crate) fn defaults(nav: &str) -> Rules {
        Rules {
            src_dir: parent_dir(nav).to_owned(),
            book_toml: None,
        }
    }

    pub(crate) fn page(&self, base: &str, target: &str) -> Option<Page> {
        if url::is_external(target) {
            return None;
        }
        let (path, fragment) = split_fragment(target);
        let rel = join_path("", path.trim_start_matches('/'))?;
        if !rel.to_ascii_lowercase().ends_with(".md") {
            return None;
        }
        let served = html_path(&rel);
        Some(Page {
            url: url::under(base, &served),
            fragment: fragment.map(str::to_owned),
            source: join_path(&self.src_dir, &rel),
            key: format!("/{served}"),
        })
    }
}

/// The file a chapter is rendered to: `.md` → `.html`, `README` → `index`.
fn html_path(rel: &str) -> String {
    let dir = parent_dir(rel);
    let (stem, _) = split_extension(url::file_name(rel));
    let stem = if stem.eq_ignore_ascii_case("readme") {
        "index"
    } else {
        stem
    };
    if dir.is_empty() {
        format!("{stem}.html")
    } else {
        format!("{dir}/{stem}.html")
    }
}

pub(crate) fn read(
    nav: &str,
    files: &dyn FileAccess,
    notes: &mut Vec<String>,
) -> Result<(String, Option<String>, Rules)> {
    let mut rules = Rules::defaults(nav);
    let src = parent_dir(nav);
    // `book.toml` is beside the `src` folder (or beside `SUMMARY.md` when `src = "."`).
    for candidate in [parent_dir(src), src] {
        let path = join_path(candidate, "book.toml").unwrap_or_else(|| "book.toml".into());
        if files.is_file(&path)? {
            rules.book_toml = Some(path);
            break;
        }
    }
    let Some(book_toml) = rules.book_toml.clone() else {
        notes.push("no `book.toml` beside the book: mdBook's defaults are assumed".into());
        return Ok(("/".into(), None, rules));
    };
    let text = files.read_text(&book_toml)?.unwrap_or_default();
    let table = parse_toml(&book_toml, &text)?;
    let html = table.get("output").and_then(|o| o.get("html"));
    let base = html
        .and_then(|h| h.get("site-url"))
        .and_then(toml::Value::as_str)
        .map_or_else(|| "/".to_owned(), url::site_path);
    if let Some(configured) = table
        .get("book")
        .and_then(|b| b.get("src"))
        .and_then(toml::Value::as_str)
    {
        let expected = join_path(parent_dir(&book_toml), configured);
        if expected.as_deref() != Some(src) {
            notes.push(format!(
                "`book.toml` sets `src = \"{configured}\"`, but the summary read is `{nav}`"
            ));
        }
    }
    Ok((base, Some(book_toml), rules))
}

/// Where `[output.html.redirect]` is, for snippets.
#[derive(Debug, Clone, Default)]
pub(crate) struct Hint {
    pub(crate) book_toml: Option<String>,
    /// The line of the table's header, when the table exists.
    pub(crate) table: Option<usize>,
}

pub(crate) fn redirects(
    rules: &Rules,
    base: &str,
    files: &dyn FileAccess,
    out: &mut Redirects,
) -> Result<()> {
    let Some(book_toml) = &rules.book_toml else {
        return Ok(());
    };
    out.hints.mdbook.book_toml = Some(book_toml.clone());
    let text = files.read_text(book_toml)?.unwrap_or_default();
    let table = parse_toml(book_toml, &text)?;
    let Some(redirects) = table
        .get("output")
        .and_then(|o| o.get("html"))
        .and_then(|h| h.get("redirect"))
        .and_then(toml::Value::as_table)
    else {
        return Ok(());
    };
    out.hints.mdbook.table = line_of(&text, "[output.html.redirect]");
    for (key, value) in redirects {
        let Some(value) = value.as_str() else {
            continue;
        };
        let line = line_of(&text, &format!("\"{key}\"")).or_else(|| line_of(&text, key));
        if key.contains('#') {
            out.notes.push(format!(
                "{book_toml}:{}: `{key}` redirects one anchor, not the page",
                line.unwrap_or(0)
            ));
            continue;
        }
        let from = url::under(base, key.trim_start_matches('/'));
        let to = url::resolve(&from, value);
        out.push(Redirect::exact(
            RedirectTool::Mdbook,
            book_toml,
            line,
            key,
            &from,
            &to,
        ));
    }
    Ok(())
}

/// `[output.html.redirect]` entries for `pairs` (old page, destination page).
pub(crate) fn emit(pairs: &[(&Page, &Page)], hint: &Hint) -> Snippet {
    let file = hint.book_toml.clone().unwrap_or_else(|| "book.toml".into());
    let mut text = match hint.table {
        Some(line) => {
            format!("# {file}: add to the `[output.html.redirect]` table (line {line})\n")
        }
        None => format!("# {file}: add this table\n[output.html.redirect]\n"),
    };
    for (old, new) in pairs {
        let to = url::relative(&old.url, &new.full_url());
        text.push_str(&format!(
            "{} = {}\n",
            quote_double(&old.key),
            quote_double(&to)
        ));
    }
    Snippet {
        file: Some(file),
        place: "in `[output.html.redirect]`".into(),
        text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chapters_are_html_files_and_readmes_are_indexes() {
        let r = Rules::defaults("book/src/SUMMARY.md");
        let page = r.page("/guide/", "intro/setup.md#step-2").expect("a page");
        assert_eq!(page.url, "/guide/intro/setup.html");
        assert_eq!(page.fragment.as_deref(), Some("step-2"));
        assert_eq!(page.source.as_deref(), Some("book/src/intro/setup.md"));
        assert_eq!(page.key, "/intro/setup.html");
        assert_eq!(
            r.page("/", "README.md").map(|p| p.url).as_deref(),
            Some("/index.html")
        );
        assert_eq!(
            r.page("/", "part/readme.md").map(|p| p.url).as_deref(),
            Some("/part/index.html")
        );
        assert_eq!(r.page("/", "https://example.com/x.md"), None);
        assert_eq!(r.page("/", "image.png"), None);
    }
}
