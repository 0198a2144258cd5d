//! Releases: which tags a changelog describes, in what order, and what changed in the
//! navigation at each, from the release before it.
//!
//! The walk is given its trees through [`ReleaseTrees`], so it runs the same over git (the
//! command line) and over trees in memory (tests).

use chrono::{DateTime, FixedOffset};

use crate::diff::{Diff, DiffOptions, diff};
use crate::error::{Error, Result};
use crate::git::TagInfo;
use crate::model::{NavTree, SourceInfo};

/// One release: a tag (or `Unreleased`) and what changed since the release before it.
#[derive(Debug)]
#[non_exhaustive]
pub struct Release {
    /// The tag, or `Unreleased`.
    pub name: String,
    /// The tag's commit time; none for `Unreleased`.
    pub date: Option<DateTime<FixedOffset>>,
    /// The release before it, when there is one.
    pub previous: Option<String>,
    /// The diff from the previous release; `None` for the first release.
    pub diff: Option<Diff>,
    /// The number of nodes at this release.
    pub nodes: usize,
}

impl Release {
    /// A release named `name`.
    #[must_use]
    pub fn new(
        name: String,
        date: Option<DateTime<FixedOffset>>,
        previous: Option<String>,
        diff: Option<Diff>,
        nodes: usize,
    ) -> Self {
        Release {
            name,
            date,
            previous,
            diff,
            nodes,
        }
    }

    /// Whether the navigation did not change in this release.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.diff.as_ref().is_some_and(Diff::is_empty)
    }
}

/// The releases a changelog describes, in release order.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Selection {
    /// The release the first one is compared with (`v1.0` in `v1.0..`), itself not described.
    pub base: Option<TagInfo>,
    /// The releases described, oldest first.
    pub tags: Vec<TagInfo>,
    /// Whether `Unreleased` (HEAD or the working tree, against the last release) is wanted.
    pub unreleased: bool,
}

/// Picks the releases of `range` (`v1.0..`, `v1.0..v2.0`, or every tag and Unreleased when
/// `None`) among `tags`, keeping those that match `glob` (every tag when `None`), in release
/// order (see [`sort_releases`]).
pub fn select_releases(
    mut tags: Vec<TagInfo>,
    glob: Option<&str>,
    range: Option<&str>,
) -> Result<Selection> {
    if let Some(glob) = glob {
        let matcher = globset::Glob::new(glob)
            .map_err(|e| Error::Glob {
                glob: glob.to_owned(),
                reason: e.kind().to_string(),
            })?
            .compile_matcher();
        tags.retain(|t| matcher.is_match(&t.name));
    }
    sort_releases(&mut tags);
    let Some(range) = range else {
        return Ok(Selection {
            base: None,
            tags,
            unreleased: true,
        });
    };
    let index = |name: &str| -> Result<usize> {
        tags.iter()
            .position(|t| t.name == name)
            .ok_or_else(|| Error::UnknownRelease {
                name: name.to_owned(),
                tags: tags.iter().map(|t| t.name.clone()).collect(),
            })
    };
    let Some((from, to)) = range.split_once("..") else {
        return Err(Error::NotARange {
            range: range.to_owned(),
        });
    };
    let base = if from.is_empty() {
        None
    } else {
        Some(index(from)?)
    };
    let last = if to.is_empty() {
        None
    } else {
        Some(index(to)?)
    };
    if let (Some(b), Some(l)) = (base, last)
        && l <= b
    {
        return Err(Error::ReversedRange {
            from: from.to_owned(),
            to: to.to_owned(),
        });
    }
    let start = base.map_or(0, |i| i + 1);
    let end = last.map_or(tags.len(), |l| l + 1);
    Ok(Selection {
        base: base.map(|i| tags[i].clone()),
        tags: tags.get(start..end).unwrap_or_default().to_vec(),
        unreleased: last.is_none(),
    })
}

/// Where the release walk reads its trees.
pub trait ReleaseTrees {
    /// The tree at the release `tag`: empty when that revision has no nav file yet.
    fn release(&self, tag: &str) -> Result<NavTree>;

    /// What `Unreleased` is compared as (`HEAD`, `working tree`) and its tree.
    fn unreleased(&self) -> Result<(String, NavTree)>;
}

/// The releases of `selection`, newest first, each diffed against the one before it.
pub fn walk_releases(
    selection: &Selection,
    trees: &dyn ReleaseTrees,
    opts: &DiffOptions,
) -> Result<Vec<Release>> {
    let mut releases = Vec::new();
    let mut previous: Option<(String, NavTree)> = match &selection.base {
        Some(base) => Some((base.name.clone(), trees.release(&base.name)?)),
        None => None,
    };
    for tag in &selection.tags {
        let tree = trees.release(&tag.name)?;
        let d = previous
            .as_ref()
            .map(|(name, old)| labelled(diff(old, &tree, opts), Some(name), &tag.name));
        releases.push(Release::new(
            tag.name.clone(),
            Some(tag.time),
            previous.as_ref().map(|(n, _)| n.clone()),
            d,
            tree.node_count(),
        ));
        previous = Some((tag.name.clone(), tree));
    }
    if selection.unreleased {
        let (label, tree) = trees.unreleased()?;
        let empty = NavTree::new(SourceInfo::default(), Vec::new());
        let old = previous.as_ref().map_or(&empty, |(_, t)| t);
        let d = labelled(
            diff(old, &tree, opts),
            previous.as_ref().map(|(n, _)| n.as_str()),
            &label,
        );
        let nodes = tree.node_count();
        releases.push(Release::new(
            "Unreleased".into(),
            None,
            previous.map(|(n, _)| n),
            Some(d),
            nodes,
        ));
    }
    releases.reverse();
    Ok(releases)
}

/// A diff whose sides are called by release names.
fn labelled(mut d: Diff, old: Option<&str>, new: &str) -> Diff {
    old.unwrap_or("(none)").clone_into(&mut d.old.label);
    new.clone_into(&mut d.new.label);
    d
}

/// Sorts tags in release order: by version when every name parses as one (`v1.10.0` after
/// `v1.9.2`, `2.0.0-rc.1` before `2.0.0`), else by commit time (then name).
pub fn sort_releases(tags: &mut [TagInfo]) {
    let versions: Option<Vec<Version>> = tags.iter().map(|t| Version::parse(&t.name)).collect();
    if versions.is_some() {
        tags.sort_by_cached_key(|t| Version::parse(&t.name));
    } else {
        tags.sort_by(|a, b| a.time.cmp(&b.time).then_with(|| a.name.cmp(&b.name)));
    }
}

/// A version number read from a tag: `v1.2.3`, `1.2`, `release-2.0.0-rc.1`.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Version {
    numbers: Vec<u64>,
    /// A release sorts after its pre-releases: `true` for a release.
    release: bool,
    pre: String,
}

impl Version {
    fn parse(tag: &str) -> Option<Version> {
        let start = tag.find(|c: char| c.is_ascii_digit())?;
        if !tag[..start]
            .chars()
            .all(|c| c.is_ascii_alphabetic() || c == '-' || c == '_')
        {
            return None;
        }
        let rest = &tag[start..];
        let rest = rest.split_once('+').map_or(rest, |(v, _)| v);
        let (core, pre) = rest.split_once('-').map_or((rest, ""), |(c, p)| (c, p));
        let mut numbers: Vec<u64> = core
            .split('.')
            .map(|n| n.parse().ok())
            .collect::<Option<_>>()?;
        while numbers.len() > 1 && numbers.last() == Some(&0) {
            numbers.pop();
        }
        Some(Version {
            numbers,
            release: pre.is_empty(),
            pre: pre.to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Node;

    fn tag(name: &str, day: i64) -> TagInfo {
        let time = DateTime::parse_from_rfc3339("1970-01-01T00:00:00+00:00").expect("epoch")
            + chrono::Duration::days(day);
        TagInfo::new(name, "", time)
    }

    fn names(tags: &[TagInfo]) -> Vec<&str> {
        tags.iter().map(|t| t.name.as_str()).collect()
    }

    #[test]
    fn releases_sort_by_version_else_by_time() {
        let mut tags = vec![
            tag("v1.10.0", 5),
            tag("v1.9.2", 4),
            tag("v2.0.0-rc.1", 6),
            tag("v2.0.0", 7),
            tag("v1.2", 1),
            tag("v1.2.1", 2),
        ];
        sort_releases(&mut tags);
        assert_eq!(
            names(&tags),
            [
                "v1.2",
                "v1.2.1",
                "v1.9.2",
                "v1.10.0",
                "v2.0.0-rc.1",
                "v2.0.0"
            ]
        );
        let mut tags = vec![tag("stable", 3), tag("v1.0", 1), tag("beta", 2)];
        sort_releases(&mut tags);
        assert_eq!(names(&tags), ["v1.0", "beta", "stable"]);
    }

    #[test]
    fn ranges_pick_releases() {
        let tags = vec![tag("v2", 2), tag("v1", 1), tag("v3", 3), tag("x", 0)];
        let pick =
            |glob: Option<&str>, range: Option<&str>| select_releases(tags.clone(), glob, range);
        let all = pick(Some("v*"), None).expect("all");
        assert_eq!(
            (all.base, names(&all.tags), all.unreleased),
            (None, vec!["v1", "v2", "v3"], true)
        );
        let after = pick(Some("v*"), Some("v1..")).expect("after v1");
        assert_eq!(after.base.map(|t| t.name), Some("v1".to_owned()));
        assert_eq!(
            (names(&after.tags), after.unreleased),
            (vec!["v2", "v3"], true)
        );
        let closed = pick(Some("v*"), Some("v1..v2")).expect("v1 to v2");
        assert_eq!(
            (names(&closed.tags), closed.unreleased),
            (vec!["v2"], false)
        );
        let err = pick(Some("v*"), Some("v9..")).expect_err("no v9");
        assert_eq!(
            err.to_string(),
            "`v9` is not a release tag (tags: v1, v2, v3)"
        );
        let err = pick(None, Some("v2..v1")).expect_err("reversed");
        assert_eq!(err.to_string(), "`v1` comes before `v2` in release order");
        let err = pick(None, Some("v2")).expect_err("not a range");
        assert_eq!(
            err.to_string(),
            "`v2` is not a range: write `FROM..` or `FROM..TO`"
        );
    }

    struct Memory;

    impl ReleaseTrees for Memory {
        fn release(&self, tag: &str) -> Result<NavTree> {
            let mut roots = vec![Node::page("Home", "index.md")];
            if tag != "v1" {
                roots.push(Node::page("Install", "install.md"));
            }
            Ok(NavTree::new(SourceInfo::default(), roots))
        }

        fn unreleased(&self) -> Result<(String, NavTree)> {
            Ok(("HEAD".to_owned(), self.release("v2")?))
        }
    }

    #[test]
    fn the_walk_diffs_each_release_against_the_one_before() {
        let selection =
            select_releases(vec![tag("v1", 1), tag("v2", 2)], None, None).expect("selection");
        let releases = walk_releases(&selection, &Memory, &DiffOptions::default()).expect("walk");
        let summary: Vec<(&str, Option<usize>)> = releases
            .iter()
            .map(|r| (r.name.as_str(), r.diff.as_ref().map(|d| d.changes.len())))
            .collect();
        assert_eq!(
            summary,
            [("Unreleased", Some(0)), ("v2", Some(1)), ("v1", None)]
        );
        assert_eq!(releases[1].previous.as_deref(), Some("v1"));
        let d = releases[1].diff.as_ref().expect("diff");
        assert_eq!((d.old.label.as_str(), d.new.label.as_str()), ("v1", "v2"));
    }
}
