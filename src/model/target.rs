//! Page identity: two targets that open the same page normalise to the same string.
//!
//! Navigation files spell one page many ways: `./guide/index.md`, `guide/`,
//! `guide/README.md` and `/guide.html` all open the guide's landing page, so all four
//! normalise to `guide`. A `#fragment` names a different place and is kept:
//! `guide.md#part` is `guide#part`.

use std::borrow::Cow;

/// Index pages that stand for their folder.
const INDEX_NAMES: [&str; 6] = [
    "index.md",
    "index.mdx",
    "index.html",
    "index.rst",
    "index.adoc",
    "readme.md",
];

/// Extensions that do not change which page a target opens.
const PAGE_EXTENSIONS: [&str; 6] = [".md", ".mdx", ".html", ".htm", ".rst", ".adoc"];

/// The identity of a target: without `./`, leading or trailing `/`, index page names and
/// page extensions, and with its `#fragment`.
///
/// External URLs (`https://…`, `mailto:…`) keep their scheme and host; only a trailing `/`
/// and an index page name go.
///
/// ```
/// use navdiff::model::normalize_target;
/// assert_eq!(normalize_target("./guide/index.md"), "guide");
/// assert_eq!(normalize_target("guide.md#part"), "guide#part");
/// ```
#[must_use]
pub fn normalize_target(raw: &str) -> String {
    normalize_target_cow(raw).into_owned()
}

/// [`normalize_target`] without an allocation when the identity is a slice of `raw`, as it
/// is unless a `#fragment` follows a stripped extension: the diff engine's hot path.
pub(crate) fn normalize_target_cow(raw: &str) -> Cow<'_, str> {
    let raw = raw.trim();
    let (path, fragment) = match raw.find('#') {
        Some(i) => raw.split_at(i),
        None => (raw, ""),
    };
    let external = has_scheme(path);
    let mut path = path;
    if !external {
        while let Some(rest) = path.strip_prefix("./") {
            path = rest;
        }
        path = path.trim_start_matches('/');
    }
    path = path.trim_end_matches('/');
    // Drop an index page name, then any slash it leaves behind.
    let last_start = path.rfind('/').map_or(0, |i| i + 1);
    if INDEX_NAMES
        .iter()
        .any(|n| path[last_start..].eq_ignore_ascii_case(n))
    {
        path = path[..last_start].trim_end_matches('/');
    } else if !external || last_start > 0 {
        let last = &path[last_start..];
        if let Some(ext) = PAGE_EXTENSIONS
            .iter()
            .find(|ext| last.len() > ext.len() && ends_with_ignore_case(last, ext))
        {
            path = &path[..path.len() - ext.len()];
        }
    }
    if path == "." {
        path = "";
    }
    if fragment.is_empty() {
        return Cow::Borrowed(path);
    }
    if path.is_empty() {
        return Cow::Borrowed(fragment);
    }
    // Contiguous in `raw` (nothing was stripped between them): one slice of it.
    let start = path.as_ptr() as usize - raw.as_ptr() as usize;
    if start + path.len() == raw.len() - fragment.len() {
        return Cow::Borrowed(&raw[start..]);
    }
    Cow::Owned(format!("{path}{fragment}"))
}

/// Whether a target is an external URL (`https:`, `mailto:`), not a path in the site.
#[must_use]
pub(crate) fn has_scheme(target: &str) -> bool {
    let Some(colon) = target.find(':') else {
        return false;
    };
    let scheme = &target[..colon];
    colon > 1
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

fn ends_with_ignore_case(s: &str, suffix: &str) -> bool {
    s.len() >= suffix.len()
        && s.is_char_boundary(s.len() - suffix.len())
        && s[s.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
}

#[cfg(test)]
mod tests {
    use super::normalize_target;

    #[track_caller]
    fn check(raw: &str, expected: &str) {
        assert_eq!(normalize_target(raw), expected, "normalising {raw:?}");
    }

    #[test]
    fn one_page_many_spellings() {
        for raw in [
            "./guide/index.md",
            "guide/",
            "guide/README.md",
            "guide.html",
            "guide.md",
            "/guide/",
            "guide",
            "./././guide/index.html",
            "guide/readme.MD",
        ] {
            check(raw, "guide");
        }
    }

    #[test]
    fn fragments_are_kept() {
        check("guide.md#part", "guide#part");
        check("./guide/index.md#intro", "guide#intro");
        check("#top", "#top");
    }

    #[test]
    fn site_root_is_empty() {
        check("index.md", "");
        check("./README.md", "");
        check("/", "");
        check("./", "");
    }

    #[test]
    fn nested_paths_and_other_extensions() {
        check("user-guide/configuration.md", "user-guide/configuration");
        check(
            "docs/modules/ROOT/pages/intro.adoc",
            "docs/modules/ROOT/pages/intro",
        );
        check("api/reference.rst", "api/reference");
        check("components/button.mdx", "components/button");
        check("/mydoc/mydoc_intro.html", "mydoc/mydoc_intro");
        check("tutorial/first-steps", "tutorial/first-steps");
    }

    #[test]
    fn names_that_only_look_like_extensions() {
        check(".md", ".md");
        check("notes.markdown", "notes.markdown");
        check("v1.2", "v1.2");
    }

    #[test]
    fn external_urls_keep_scheme_and_host() {
        check(
            "https://github.com/org/repo/",
            "https://github.com/org/repo",
        );
        check(
            "https://example.com/docs/index.html",
            "https://example.com/docs",
        );
        check(
            "https://example.com/page.html#x",
            "https://example.com/page#x",
        );
        check("mailto:team@example.com", "mailto:team@example.com");
        check("https://example.com", "https://example.com");
    }

    #[test]
    fn whitespace_around_is_ignored() {
        check("  guide.md \n", "guide");
    }

    #[test]
    fn non_ascii_paths_do_not_panic() {
        check("gu\u{ed}de/\u{e9}t\u{e9}.md", "gu\u{ed}de/\u{e9}t\u{e9}");
        check("\u{1F600}", "\u{1F600}");
        check("a\u{e9}md", "a\u{e9}md");
    }
}
