//! URL paths as a host serves them: joining, resolving relative references, and the one
//! form two spellings of a served path are compared in.
//!
//! Every served URL in this module is a path from the host's root (`/docs/guide/install/`),
//! without percent-encoding: what a generator writes as `guide/my%20page.html` is
//! `guide/my page.html` here, so that the generator's own names, the redirect tools' keys
//! and the hosts' rules all meet in one spelling.

/// `path` with `%XX` escapes decoded (invalid escapes and non-UTF-8 results are kept as
/// written).
pub(crate) fn percent_decode(path: &str) -> String {
    if !path.contains('%') {
        return path.to_owned();
    }
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let (Some(h), Some(l)) = (
                bytes.get(i + 1).and_then(|b| (*b as char).to_digit(16)),
                bytes.get(i + 2).and_then(|b| (*b as char).to_digit(16)),
            )
        {
            out.push(u8::try_from(h * 16 + l).unwrap_or(b'?'));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| path.to_owned())
}

/// The path part of a site URL (`https://example.com/docs/` → `/docs/`), always with a
/// leading and a trailing `/`. A bare path is taken as it is; an empty value is `/`.
pub(crate) fn site_path(url: &str) -> String {
    let url = url.trim();
    let rest = match url.find("://") {
        Some(i) => &url[i + 3..],
        None if url.starts_with("//") => &url[2..],
        None => return dir_path(url),
    };
    let path = rest.find('/').map_or("", |i| &rest[i..]);
    dir_path(path)
}

/// `path` with one leading and one trailing `/`, query and fragment dropped.
pub(crate) fn dir_path(path: &str) -> String {
    let path = path.split(['?', '#']).next().unwrap_or("");
    let inner = path.trim_matches('/');
    if inner.is_empty() {
        "/".to_owned()
    } else {
        format!("/{}/", percent_decode(inner))
    }
}

/// A site's base path (`/` or `/docs/`) followed by `relative` (which has no leading `/`).
pub(crate) fn under(base: &str, relative: &str) -> String {
    let relative = relative.trim_start_matches('/');
    if base.ends_with('/') {
        format!("{base}{relative}")
    } else {
        format!("{base}/{relative}")
    }
}

/// Whether `reference` leaves the site: a scheme (`https:`, `mailto:`) or `//host`.
pub(crate) fn is_external(reference: &str) -> bool {
    reference.starts_with("//") || crate::model::has_scheme(reference)
}

/// `reference` resolved against the document served at `base` (a path from the host root),
/// as a browser resolves a link (RFC 3986, section 5.2): `../b.html` from `/a/x/c.html` is
/// `/a/b.html`. External references come back unchanged; the fragment and query are kept.
pub(crate) fn resolve(base: &str, reference: &str) -> String {
    if is_external(reference) {
        return reference.to_owned();
    }
    let (path, tail) = match reference.find(['?', '#']) {
        Some(i) => reference.split_at(i),
        None => (reference, ""),
    };
    if path.is_empty() {
        let base_path = base.split(['?', '#']).next().unwrap_or(base);
        return format!("{base_path}{tail}");
    }
    let merged = if path.starts_with('/') {
        path.to_owned()
    } else {
        let dir = base.rfind('/').map_or("/", |i| &base[..=i]);
        format!("{dir}{path}")
    };
    format!("{}{tail}", remove_dot_segments(&merged))
}

/// RFC 3986's `remove_dot_segments` on a path that starts with `/`; `..` never climbs above
/// the root.
fn remove_dot_segments(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    let last = segments.len().saturating_sub(1);
    let mut trailing_dir = false;
    for (i, segment) in segments.iter().enumerate() {
        match *segment {
            "." => trailing_dir = i == last,
            ".." => {
                out.pop();
                trailing_dir = i == last;
            }
            s => {
                out.push(s);
                trailing_dir = false;
            }
        }
    }
    let mut joined = format!("/{}", out.join("/"));
    if trailing_dir && !joined.ends_with('/') {
        joined.push('/');
    }
    joined
}

/// The relative reference that leads from the document served at `from` to `to` (both
/// paths from the host root): what a redirect page at `from` can point at and still work
/// when the whole site moves under another base path.
pub(crate) fn relative(from: &str, to: &str) -> String {
    let (to_path, tail) = match to.find(['?', '#']) {
        Some(i) => to.split_at(i),
        None => (to, ""),
    };
    let from_dir: Vec<&str> = from
        .rfind('/')
        .map_or("", |i| &from[..i])
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    let to_segments: Vec<&str> = to_path.split('/').skip(1).collect();
    // `to_segments` ends with the file name ("" for a folder URL).
    let (to_dir, to_name) = to_segments.split_at(to_segments.len().saturating_sub(1));
    let common = from_dir
        .iter()
        .zip(to_dir)
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts: Vec<&str> = vec![".."; from_dir.len() - common];
    parts.extend(&to_dir[common..]);
    let name = to_name.first().copied().unwrap_or("");
    let mut out = parts.join("/");
    if name.is_empty() {
        if out.is_empty() {
            out.push('.');
        }
        out.push('/');
    } else {
        if !out.is_empty() {
            out.push('/');
        }
        out.push_str(name);
    }
    format!("{out}{tail}")
}

/// The form in which two spellings of one served path compare equal: decoded, without
/// query and fragment, a trailing `index.html` dropped, and no trailing `/` (but the root).
/// `/guide/`, `/guide/index.html` and `/guide` are one page to a static host (hosts answer
/// `/guide` with a redirect to `/guide/`, and Netlify and Vercel match rules either way).
pub(crate) fn match_key(path: &str) -> String {
    match_key_cow(path).into_owned()
}

/// [`match_key`] without an allocation when the key is a slice of `path`, as it is for the
/// URLs generators write (no escapes, a leading `/`): the hot path of a large site.
pub(crate) fn match_key_cow(path: &str) -> std::borrow::Cow<'_, str> {
    let end = path
        .bytes()
        .position(|b| matches!(b, b'?' | b'#' | b'%'))
        .unwrap_or(path.len());
    if path.starts_with('/') && path.as_bytes().get(end) != Some(&b'%') {
        let path = &path[..end];
        let mut key = path
            .strip_suffix("index.html")
            .filter(|s| s.ends_with('/'))
            .unwrap_or(path);
        while key.len() > 1 && key.ends_with('/') {
            key = &key[..key.len() - 1];
        }
        return key.into();
    }
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let mut path = percent_decode(path);
    if let Some(stripped) = path.strip_suffix("index.html")
        && stripped.ends_with('/')
    {
        path.truncate(stripped.len());
    }
    while path.len() > 1 && path.ends_with('/') {
        path.pop();
    }
    if !path.starts_with('/') {
        path.insert(0, '/');
    }
    path.into()
}

/// `(path, fragment)`: `a.md#x` → `("a.md", Some("x"))`.
pub(crate) fn split_fragment(target: &str) -> (&str, Option<&str>) {
    match target.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (target, None),
    }
}

/// The part of `path` after the last `/`.
pub(crate) fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// `name` without its last extension (`a.b.md` → `a.b`), and the extension with its dot.
pub(crate) fn split_extension(name: &str) -> (&str, &str) {
    match name.rfind('.') {
        Some(i) if i > 0 => name.split_at(i),
        _ => (name, ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_paths_from_urls() {
        assert_eq!(site_path("https://example.com/docs/"), "/docs/");
        assert_eq!(site_path("https://example.com/docs"), "/docs/");
        assert_eq!(site_path("https://example.com"), "/");
        assert_eq!(site_path("/handbook"), "/handbook/");
        assert_eq!(site_path(""), "/");
        assert_eq!(site_path("//cdn.example.com/a/b/?q=1"), "/a/b/");
        assert_eq!(site_path("https://example.com/my%20docs/"), "/my docs/");
    }

    #[test]
    fn resolving_as_a_browser_does() {
        assert_eq!(resolve("/a/x/c.html", "../b.html"), "/a/b.html");
        assert_eq!(resolve("/a/x/", "../b/"), "/a/b/");
        assert_eq!(resolve("/a/x/c.html", "d.html#f"), "/a/x/d.html#f");
        assert_eq!(resolve("/a/", "/root.html"), "/root.html");
        assert_eq!(resolve("/a/b.html", "../../../x.html"), "/x.html");
        assert_eq!(resolve("/a/b.html", "."), "/a/");
        assert_eq!(resolve("/a/b.html", "#top"), "/a/b.html#top");
        assert_eq!(
            resolve("/a/b.html", "https://example.com/x"),
            "https://example.com/x"
        );
    }

    #[test]
    fn relative_references_lead_back_to_the_target() {
        for (from, to) in [
            ("/a/x/c.html", "/a/b.html"),
            ("/a/x/", "/a/b/"),
            ("/old.html", "/guide/new.html#part"),
            ("/guide/old/", "/"),
            ("/docs/a/b/c/", "/docs/a/b/c/d/"),
            ("/same/x.html", "/same/"),
            ("/x.html", "/x.html"),
        ] {
            let rel = relative(from, to);
            assert_eq!(resolve(from, &rel), to, "{from} → {to} via {rel}");
        }
        assert_eq!(relative("/a/x/c.html", "/a/b.html"), "../b.html");
        assert_eq!(relative("/same/x.html", "/same/"), "./");
    }

    #[test]
    fn match_keys_fold_index_and_slashes() {
        for spelling in [
            "/guide/",
            "/guide",
            "/guide/index.html",
            "/guide/#x",
            "/gui%64e/",
        ] {
            assert_eq!(match_key(spelling), "/guide", "{spelling}");
        }
        assert_eq!(match_key("/"), "/");
        assert_eq!(match_key("/index.html"), "/");
        assert_eq!(match_key("/guide.html"), "/guide.html");
        assert_eq!(match_key("/myindex.html"), "/myindex.html");
        assert_eq!(match_key("guide/"), "/guide");
        assert_eq!(match_key("//"), "/");
    }

    #[test]
    fn decoding_keeps_what_it_cannot_decode() {
        assert_eq!(percent_decode("a%20b"), "a b");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
        assert_eq!(percent_decode("%ff"), "%ff");
        assert_eq!(percent_decode("%C3%A9"), "é");
    }

    #[test]
    fn names_and_extensions() {
        assert_eq!(split_extension("a.b.md"), ("a.b", ".md"));
        assert_eq!(split_extension(".hidden"), (".hidden", ""));
        assert_eq!(file_name("a/b/c.md"), "c.md");
        assert_eq!(split_fragment("a.md#x"), ("a.md", Some("x")));
    }
}
