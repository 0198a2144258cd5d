//! Paths inside a revision: `/`-separated, relative to its root, never climbing out.

/// `relative` resolved against the folder `base` (both `/`-separated, relative to the root),
/// with `.` and `..` folded; `None` when it climbs out of the root or is absolute.
///
/// ```
/// use navdiff::formats::join_path;
/// assert_eq!(join_path("website", "../docs/intro.md").as_deref(), Some("docs/intro.md"));
/// assert_eq!(join_path("", "../outside.md"), None);
/// ```
#[must_use]
pub fn join_path(base: &str, relative: &str) -> Option<String> {
    if relative.starts_with('/') || relative.contains('\\') || relative.contains(':') {
        return None;
    }
    let mut parts: Vec<&str> = base
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// The folder part of a `/`-separated path (`""` at the root).
pub(crate) fn parent_dir(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_and_folds() {
        assert_eq!(
            join_path("docs", "guide/./a.md").as_deref(),
            Some("docs/guide/a.md")
        );
        assert_eq!(join_path("docs/x", "../../a.md").as_deref(), Some("a.md"));
        assert_eq!(join_path("docs", "/etc/passwd"), None);
        assert_eq!(join_path("docs", "https://example.com/a"), None);
        assert_eq!(parent_dir("website/sidebars.js"), "website");
        assert_eq!(parent_dir("mkdocs.yml"), "");
    }
}
