//! The `from` side of a redirect rule as a pattern over path segments: literal paths, and
//! the placeholders and splats of Netlify (`:name`, `/*` → `:splat`) and Vercel
//! (path-to-regexp: `:name`, `:name*`, `:name+`, `:name?`, `(.*)` → `$1`).
//!
//! Matching works on [`match_key`] forms, so `/old`, `/old/` and
//! `/old/index.html` are one path, as they are to a static host. Matching is iterative over
//! at most a few dozen segments: hostile patterns cannot make it slow.

use super::url::{self, match_key};

/// The most segments a pattern may have; longer ones are refused as unreadable.
const MAX_SEGMENTS: usize = 64;

/// A choice point of matching: the segment, the path part, the captures so far.
type Frame = (usize, usize, Vec<(String, String)>);

/// One segment of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Seg {
    /// This text exactly.
    Lit(String),
    /// One segment, captured as `name`; `optional` when it may be absent.
    One { name: String, optional: bool },
    /// The rest of the path (`min` segments or more), captured as `name` with its `/`s.
    Rest { name: String, min: usize },
    /// The rest of the path when it starts with `prefix` (Netlify's `/a/b*`): what follows
    /// the prefix is captured as `name`.
    Tail { prefix: String, name: String },
}

/// A redirect rule's source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pattern {
    segs: Vec<Seg>,
}

impl Pattern {
    /// A literal path.
    pub(crate) fn exact(path: &str) -> Pattern {
        Pattern {
            segs: segments(&match_key(path))
                .map(|s| Seg::Lit(s.to_owned()))
                .collect(),
        }
    }

    /// Whether the pattern has no placeholder.
    pub(crate) fn is_exact(&self) -> bool {
        self.segs.iter().all(|s| matches!(s, Seg::Lit(_)))
    }

    /// A Netlify `from`: `:name` takes one segment; a final `*` takes the rest as `:splat`,
    /// also at the end of a segment (`/old/page*` matches `/old/page` and `/old/page.html`).
    pub(crate) fn netlify(from: &str) -> Result<Pattern, String> {
        let key = pattern_key(from);
        let parts: Vec<&str> = segments(&key).collect();
        let mut segs = Vec::new();
        for (i, part) in parts.iter().enumerate() {
            if *part == "*" {
                if i + 1 != parts.len() {
                    return Err("a `*` splat is only read at the end of a path".into());
                }
                segs.push(Seg::Rest {
                    name: "splat".into(),
                    min: 0,
                });
            } else if let Some(name) = part.strip_prefix(':').filter(|n| is_name(n)) {
                segs.push(Seg::One {
                    name: name.to_owned(),
                    optional: false,
                });
            } else if let Some(prefix) = part.strip_suffix('*')
                && i + 1 == parts.len()
                && !prefix.contains('*')
            {
                segs.push(Seg::Tail {
                    prefix: prefix.to_owned(),
                    name: "splat".into(),
                });
            } else if part.contains('*') {
                return Err(format!("`{part}`: a splat inside a path is not read"));
            } else {
                segs.push(Seg::Lit((*part).to_owned()));
            }
        }
        Pattern::checked(segs)
    }

    /// A Vercel `source` (path-to-regexp): `:name`, `:name?`, `:name*`, `:name+`, and a
    /// `(.*)` segment, captured as `$1`, `$2`, … in order. Other regular expressions are
    /// refused: navdiff does not guess what they match.
    pub(crate) fn vercel(source: &str) -> Result<Pattern, String> {
        let key = pattern_key(source);
        let mut segs = Vec::new();
        let mut groups = 0;
        for part in segments(&key) {
            if part == "(.*)" || part == "(.+)" {
                groups += 1;
                segs.push(Seg::Rest {
                    name: groups.to_string(),
                    min: usize::from(part == "(.+)"),
                });
            } else if let Some(rest) = part.strip_prefix(':') {
                let (name, modifier) = match rest.char_indices().last() {
                    Some((i, c @ ('*' | '+' | '?'))) => (&rest[..i], Some(c)),
                    _ => (rest, None),
                };
                if !is_name(name) {
                    return Err(format!(
                        "`{part}`: a parameter with a regular expression is not read"
                    ));
                }
                let name = name.to_owned();
                segs.push(match modifier {
                    Some('*') => Seg::Rest { name, min: 0 },
                    Some('+') => Seg::Rest { name, min: 1 },
                    Some(_) => Seg::One {
                        name,
                        optional: true,
                    },
                    None => Seg::One {
                        name,
                        optional: false,
                    },
                });
            } else if part.contains(['(', ')', '*', '+', '?', '[', '{']) {
                return Err(format!("`{part}`: a regular expression is not read"));
            } else {
                segs.push(Seg::Lit(part.to_owned()));
            }
        }
        Pattern::checked(segs)
    }

    fn checked(segs: Vec<Seg>) -> Result<Pattern, String> {
        if segs.len() > MAX_SEGMENTS {
            return Err(format!("more than {MAX_SEGMENTS} path segments"));
        }
        Ok(Pattern { segs })
    }

    /// The captures when `path` matches (empty for a literal pattern), `None` otherwise.
    pub(crate) fn captures(&self, path: &str) -> Option<Vec<(String, String)>> {
        let key = match_key(path);
        let parts: Vec<&str> = segments(&key).collect();
        if parts.len() > 4 * MAX_SEGMENTS {
            return None;
        }
        // Backtracking over (segment, part) positions, with an explicit stack: each frame
        // is a choice point (how many parts a `Rest` or an optional takes).
        let mut stack: Vec<Frame> = vec![(0, 0, Vec::new())];
        let mut steps = 0;
        while let Some((si, pi, caps)) = stack.pop() {
            steps += 1;
            if steps > 10_000 {
                return None;
            }
            let Some(seg) = self.segs.get(si) else {
                if pi == parts.len() {
                    return Some(caps);
                }
                continue;
            };
            match seg {
                Seg::Lit(text) => {
                    if parts.get(pi) == Some(&text.as_str()) {
                        stack.push((si + 1, pi + 1, caps));
                    }
                }
                Seg::One { name, optional } => {
                    if *optional {
                        let mut skipped = caps.clone();
                        skipped.push((name.clone(), String::new()));
                        stack.push((si + 1, pi, skipped));
                    }
                    if let Some(part) = parts.get(pi) {
                        let mut taken = caps;
                        taken.push((name.clone(), (*part).to_owned()));
                        stack.push((si + 1, pi + 1, taken));
                    }
                }
                Seg::Tail { prefix, name } => {
                    let rest = parts[pi.min(parts.len())..].join("/");
                    if let Some(tail) = rest.strip_prefix(prefix.as_str()) {
                        let mut taken = caps;
                        taken.push((name.clone(), tail.to_owned()));
                        stack.push((si + 1, parts.len(), taken));
                    }
                }
                Seg::Rest { name, min } => {
                    // Fewest first on top of the stack is tried last: push the longest
                    // first so that the shortest take is tried first.
                    for take in (*min..=parts.len().saturating_sub(pi)).rev() {
                        let mut taken = caps.clone();
                        taken.push((name.clone(), parts[pi..pi + take].join("/")));
                        stack.push((si + 1, pi + take, taken));
                    }
                }
            }
        }
        None
    }
}

/// `template` with `:name` and `$n` placeholders replaced by `captures` (longest names first,
/// so that `:splat` is not read as `:s` followed by `plat`).
pub(crate) fn substitute(template: &str, captures: &[(String, String)]) -> String {
    let mut names: Vec<&(String, String)> = captures.iter().collect();
    names.sort_by_key(|(n, _)| std::cmp::Reverse(n.len()));
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    'outer: while let Some(i) = rest.find([':', '$']) {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        for (name, value) in &names {
            if after.starts_with(name.as_str())
                && !after[name.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
            {
                out.push_str(value);
                rest = &after[name.len()..];
                continue 'outer;
            }
        }
        out.push_str(&rest[i..=i]);
        rest = after;
    }
    out.push_str(rest);
    // An empty splat leaves `//` or a trailing `/` behind (`/new/:splat` → `/new/`).
    while out.contains("//") && !out.contains("://") {
        out = out.replace("//", "/");
    }
    out
}

/// A pattern's text as [`match_key`] folds a path, but with `?` and `#` kept: they are
/// pattern syntax here, not a query or a fragment.
fn pattern_key(pattern: &str) -> String {
    let mut key = url::percent_decode(pattern);
    if let Some(stripped) = key.strip_suffix("index.html")
        && stripped.ends_with('/')
    {
        key.truncate(stripped.len());
    }
    key
}

fn segments(key: &str) -> impl Iterator<Item = &str> {
    key.split('/').filter(|s| !s.is_empty())
}

fn is_name(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caps(pattern: &Pattern, path: &str) -> Option<Vec<(String, String)>> {
        pattern.captures(path)
    }

    #[test]
    fn literal_paths_match_their_spellings() {
        let p = Pattern::exact("/old/page/");
        assert!(p.is_exact());
        for path in ["/old/page", "/old/page/", "/old/page/index.html"] {
            assert_eq!(caps(&p, path), Some(vec![]), "{path}");
        }
        assert_eq!(caps(&p, "/old/page/more"), None);
        assert_eq!(caps(&p, "/old"), None);
    }

    #[test]
    fn netlify_splats_and_placeholders() {
        let p = Pattern::netlify("/recipes/*").expect("reads");
        assert_eq!(
            caps(&p, "/recipes/structuring/basics/"),
            Some(vec![("splat".into(), "structuring/basics".into())])
        );
        assert_eq!(
            caps(&p, "/recipes"),
            Some(vec![("splat".into(), String::new())])
        );
        assert_eq!(caps(&p, "/usage/x"), None);
        let p = Pattern::netlify("/blog/:year/:slug").expect("reads");
        assert_eq!(
            caps(&p, "/blog/2024/hello"),
            Some(vec![
                ("year".into(), "2024".into()),
                ("slug".into(), "hello".into())
            ])
        );
        assert_eq!(caps(&p, "/blog/2024"), None);
        assert!(Pattern::netlify("/a/*/b").is_err());
        assert!(Pattern::netlify("/a*/b").is_err());
        // A splat at the end of a segment takes what follows its prefix.
        let p = Pattern::netlify("/recipes/writingtests*").expect("reads");
        assert_eq!(
            caps(&p, "/recipes/writingtests"),
            Some(vec![("splat".into(), String::new())])
        );
        assert_eq!(
            caps(&p, "/recipes/writingtests.html"),
            Some(vec![("splat".into(), ".html".into())])
        );
        assert_eq!(
            caps(&p, "/recipes/writingtests/part"),
            Some(vec![("splat".into(), "/part".into())])
        );
        assert_eq!(caps(&p, "/recipes/writing"), None);
    }

    #[test]
    fn vercel_parameters() {
        let p = Pattern::vercel("/docs/:path*").expect("reads");
        assert_eq!(
            caps(&p, "/docs/a/b"),
            Some(vec![("path".into(), "a/b".into())])
        );
        assert_eq!(
            caps(&p, "/docs"),
            Some(vec![("path".into(), String::new())])
        );
        let p = Pattern::vercel("/docs/:path+").expect("reads");
        assert_eq!(caps(&p, "/docs"), None);
        let p = Pattern::vercel("/old/(.*)").expect("reads");
        assert_eq!(caps(&p, "/old/x/y"), Some(vec![("1".into(), "x/y".into())]));
        let p = Pattern::vercel("/a/:lang?/b").expect("reads");
        assert!(caps(&p, "/a/b").is_some());
        assert!(caps(&p, "/a/en/b").is_some());
        assert!(Pattern::vercel("/:slug(\\d+)").is_err());
        assert!(Pattern::vercel("/((?!api).*)").is_err());
    }

    #[test]
    fn rests_in_the_middle_backtrack() {
        let p = Pattern::vercel("/:a*/end/:b").expect("reads");
        assert_eq!(
            caps(&p, "/x/y/end/z"),
            Some(vec![("a".into(), "x/y".into()), ("b".into(), "z".into())])
        );
        // Hostile: many rests over a long path stays bounded.
        let hostile = "/:a*".repeat(60);
        let p = Pattern::vercel(&hostile).expect("reads");
        let long = "/x".repeat(200);
        let _ = p.captures(&format!("{long}/nomatch-end"));
    }

    #[test]
    fn substitution() {
        let c = vec![("splat".to_owned(), "a/b".to_owned())];
        assert_eq!(substitute("/new/:splat", &c), "/new/a/b");
        assert_eq!(substitute("/new/:splat/", &c), "/new/a/b/");
        let empty = vec![("splat".to_owned(), String::new())];
        assert_eq!(substitute("/new/:splat", &empty), "/new/");
        assert_eq!(substitute("https://x.dev/:splat", &c), "https://x.dev/a/b");
        let n = vec![("1".to_owned(), "q".to_owned())];
        assert_eq!(substitute("/to/$1?x=$2", &n), "/to/q?x=$2");
        assert_eq!(substitute("/keep:port", &c), "/keep:port");
    }
}
