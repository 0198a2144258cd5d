//! Releases: which tags a changelog describes, in what order, and what changed in the
//! navigation at each since the release before it *in its history*.
//!
//! Tags are filtered (`--tags GLOB`), then ordered by their version numbers
//! ([`Version`](super::version)), by date only when they are not versions of one scheme.
//! Each release is diffed against the nearest earlier release that is its ancestor, as
//! `git describe` finds it: a patch on a maintenance branch is compared with the patch
//! before it on that branch, never with a newer major version it does not contain.
//!
//! The walk is given its trees and the commit graph through [`ReleaseTrees`], so it runs
//! the same over git (the command line) and over trees in memory (tests).

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset};

use crate::diff::{Diff, DiffOptions, FileEvidence, diff_with};
use crate::error::{Error, Result};
use crate::git::{Ancestry, TagInfo};
use crate::history::version::Version;
use crate::model::NavTree;

/// One release: a tag (or `Unreleased`) and what changed since the release before it.
#[derive(Debug)]
#[non_exhaustive]
pub struct Release {
    /// The tag, or `Unreleased`.
    pub name: String,
    /// The tag's commit time; none for `Unreleased`.
    pub date: Option<DateTime<FixedOffset>>,
    /// The commit (HEAD's for `Unreleased`), when known.
    pub commit: Option<String>,
    /// The release it is compared with: the nearest earlier release in its history.
    pub previous: Option<String>,
    /// The diff from the previous release; `None` when there is none, or when either side
    /// has no nav file.
    pub diff: Option<Diff>,
    /// The number of nodes at this release.
    pub nodes: usize,
    /// The nav file at this release; `None` when navdiff found none.
    pub nav: Option<String>,
    /// The nav file at the previous release; `None` when it had none (or there is none).
    pub previous_nav: Option<String>,
    /// Whether releases come before this one in release order (none of them in its history
    /// when `previous` is `None`).
    pub earlier: bool,
    /// A link to the release: a compare view from the previous release, or the tag.
    pub url: Option<String>,
    /// The nearest earlier release in its history when it could not be read (a warning
    /// says why): `previous` is then the next nearest readable one, or none.
    pub unreadable_previous: Option<String>,
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
        let nav = diff.as_ref().and_then(|d| d.new.path.clone());
        let previous_nav = diff.as_ref().and_then(|d| d.old.path.clone());
        Release {
            name,
            date,
            commit: None,
            earlier: previous.is_some(),
            previous,
            diff,
            nodes,
            nav,
            previous_nav,
            url: None,
            unreadable_previous: None,
        }
    }

    /// Whether the navigation did not change in this release (no nav file on either side
    /// counts as no change).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        match &self.diff {
            Some(d) => d.is_empty(),
            None => self.previous.is_some() && self.nav.is_none() && self.previous_nav.is_none(),
        }
    }
}

/// How releases were put in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ReleaseOrder {
    /// By version number: every tag kept is a version of one series.
    Version,
    /// By the date of their commits: the tags are not versions of one series.
    Date,
}

/// The releases a changelog describes, in release order.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Selection {
    /// The release a range starts from (`v1.0` in `v1.0..`), itself not described.
    pub base: Option<TagInfo>,
    /// The releases described, oldest first.
    pub tags: Vec<TagInfo>,
    /// Whether `Unreleased` (HEAD or the working tree, against the last release) is wanted.
    pub unreleased: bool,
    /// Every release, oldest first (those outside the range too): what a release may be
    /// compared with.
    pub releases: Vec<TagInfo>,
    /// Tags left out because they are not versions while the others are (`2.2.x`, `latest`).
    pub left_out: Vec<String>,
    /// How the releases were ordered.
    pub order: ReleaseOrder,
}

/// Picks the releases of `range` (`v1.0..`, `v1.0..v2.0`, or every tag and Unreleased when
/// `None`) among `tags`, keeping those that match `glob` (every tag when `None`), then puts
/// them in release order (see [`sort_releases`]).
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
    let (order, left_out) = sort_releases(&mut tags);
    let mut selection = Selection {
        base: None,
        tags: tags.clone(),
        unreleased: true,
        releases: tags,
        left_out,
        order,
    };
    let Some(range) = range else {
        return Ok(selection);
    };
    let all = &selection.releases;
    let index = |name: &str| -> Result<usize> {
        all.iter()
            .position(|t| t.name == name)
            .ok_or_else(|| Error::UnknownRelease {
                name: name.to_owned(),
                tags: all.iter().map(|t| t.name.clone()).collect(),
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
    let end = last.map_or(all.len(), |l| l + 1);
    selection.base = base.map(|i| all[i].clone());
    selection.tags = all.get(start..end).unwrap_or_default().to_vec();
    selection.unreleased = last.is_none();
    Ok(selection)
}

/// Sorts tags in release order, and says how. When every tag reads as a version of one
/// series (`v1.9.2`, `v1.10.0`, `2.0.0-rc.1`, `3.5.2.Final`), by version. When some do and
/// the rest are not versions at all (`2.2.x`, `latest`), those are taken out and returned,
/// and the rest sorted by version. Otherwise (no versions, or versions of several series
/// such as `v5.0.0` and `create-vite@5.0.0`), by commit time, then name.
pub fn sort_releases(tags: &mut Vec<TagInfo>) -> (ReleaseOrder, Vec<String>) {
    let versions: Vec<Option<Version>> = tags.iter().map(|t| Version::parse(&t.name)).collect();
    let mut series: Vec<&str> = versions
        .iter()
        .flatten()
        .map(|v| v.series.as_str())
        .collect();
    series.sort_unstable();
    series.dedup();
    if series.len() != 1 {
        tags.sort_by(|a, b| a.time.cmp(&b.time).then_with(|| a.name.cmp(&b.name)));
        return (ReleaseOrder::Date, Vec::new());
    }
    let mut keyed: Vec<(Version, TagInfo)> = Vec::with_capacity(tags.len());
    let mut left_out = Vec::new();
    for (tag, version) in tags.drain(..).zip(versions) {
        match version {
            Some(v) => keyed.push((v, tag)),
            None => left_out.push(tag.name),
        }
    }
    keyed.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| a.1.time.cmp(&b.1.time))
            .then_with(|| a.1.name.cmp(&b.1.name))
    });
    tags.extend(keyed.into_iter().map(|(_, t)| t));
    left_out.sort();
    (ReleaseOrder::Version, left_out)
}

/// What `Unreleased` is: how it is called (`HEAD`, `working tree`), the commit whose
/// history it has, and its tree (`None` without a nav file).
#[derive(Debug)]
#[non_exhaustive]
pub struct Unreleased {
    /// How the diff calls it.
    pub label: String,
    /// HEAD's commit.
    pub commit: String,
    /// The tree.
    pub tree: Option<NavTree>,
}

impl Unreleased {
    /// `Unreleased` called `label`, on top of `commit`.
    #[must_use]
    pub fn new(label: impl Into<String>, commit: impl Into<String>, tree: Option<NavTree>) -> Self {
        Unreleased {
            label: label.into(),
            commit: commit.into(),
            tree,
        }
    }
}

/// Where the release walk reads its trees and the commit graph.
pub trait ReleaseTrees {
    /// The tree at the release `tag`; `None` when that revision has no nav file.
    fn release(&self, tag: &TagInfo) -> Result<Option<NavTree>>;

    /// What `Unreleased` is compared as.
    fn unreleased(&self) -> Result<Unreleased>;

    /// The ancestry of these commits (see [`crate::git::Repo::ancestry`]).
    fn ancestry(&self, commits: &[&str]) -> Result<Ancestry>;

    /// What the page files behind two releases' trees say about page identity (as
    /// `navdiff diff OLD NEW` finds it); nothing by default.
    fn evidence(&self, _old: &NavTree, _new: &NavTree) -> FileEvidence {
        FileEvidence::none()
    }
}

/// A release that could not be read, left out of the walk.
#[derive(Debug)]
#[non_exhaustive]
pub struct Skipped {
    /// The tag (or a short commit id).
    pub name: String,
    /// Why: the error.
    pub error: Error,
}

impl Skipped {
    /// `name` skipped because of `error`.
    #[must_use]
    pub fn new(name: impl Into<String>, error: Error) -> Self {
        Skipped {
            name: name.into(),
            error,
        }
    }

    /// `v8.0.0-beta.8: skipped, cannot read the nav: …`: one line, for a warning.
    #[must_use]
    pub fn message(&self) -> String {
        format!(
            "{}: skipped, cannot read the nav: {}",
            self.name,
            self.reason()
        )
    }

    /// Why, in one line (the error's first).
    #[must_use]
    pub fn reason(&self) -> String {
        let reason = self.error.to_string();
        reason.lines().next().unwrap_or_default().to_owned()
    }
}

/// What the release walk found.
#[derive(Debug)]
#[non_exhaustive]
pub struct ReleaseWalk {
    /// The releases described, newest first.
    pub releases: Vec<Release>,
    /// The releases that could not be read (oldest first): neither described nor compared
    /// with.
    pub skipped: Vec<Skipped>,
}

/// The releases of `selection`, newest first, each diffed against the nearest earlier
/// release in its history. A release that cannot be read is skipped (and said so in
/// [`ReleaseWalk::skipped`]); with `strict`, it is an error.
pub fn walk_releases(
    selection: &Selection,
    trees: &dyn ReleaseTrees,
    opts: &DiffOptions,
    strict: bool,
) -> Result<ReleaseWalk> {
    let all = &selection.releases;
    let rank: HashMap<&str, usize> = all
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();
    let mut loaded = Loaded {
        all,
        trees,
        strict,
        read: HashMap::new(),
        skipped: Vec::new(),
    };
    // What each release described is: its row in the ancestry, name, label, date, commit
    // and tree. Unreleased is the last row.
    let mut described: Vec<Described> = Vec::new();
    for tag in &selection.tags {
        let Some(&r) = rank.get(tag.name.as_str()) else {
            continue;
        };
        if loaded.load(r)? {
            described.push(Described {
                row: r,
                name: tag.name.clone(),
                label: tag.name.clone(),
                date: Some(tag.time),
                commit: tag.commit.clone(),
                tree: loaded.tree(r).cloned(),
            });
        }
    }
    if selection.unreleased {
        match trees.unreleased() {
            Ok(u) => described.push(Described {
                row: all.len(),
                name: "Unreleased".to_owned(),
                label: u.label,
                date: None,
                commit: u.commit,
                tree: u.tree,
            }),
            Err(e) if strict => return Err(e),
            Err(e) => loaded.skipped.push(Skipped::new("Unreleased", e)),
        }
    }
    let mut commits: Vec<&str> = all.iter().map(|t| t.commit.as_str()).collect();
    if let Some(u) = described.last().filter(|d| d.row == all.len()) {
        commits.push(u.commit.as_str());
    }
    let ancestry = trees.ancestry(&commits)?;

    let mut releases = Vec::new();
    for d in described {
        // The nearest earlier readable release in its history.
        let mut excluded: Vec<usize> = Vec::new();
        let base = loop {
            let candidates: Vec<usize> = (0..d.row.min(all.len()))
                .filter(|&c| ancestry.contains(&d.commit, &all[c].commit) && !excluded.contains(&c))
                .collect();
            let Some(best) = nearest(&candidates, &ancestry, all, &d.commit) else {
                break None;
            };
            if loaded.load(best)? {
                break Some(best);
            }
            excluded.push(best);
        };
        let base_tree = base.and_then(|b| loaded.tree(b));
        let changes = match (base, base_tree, &d.tree) {
            (Some(b), Some(old), Some(new)) => {
                let mut changes = diff_with(old, new, opts, &trees.evidence(old, new));
                all[b].name.clone_into(&mut changes.old.label);
                d.label.clone_into(&mut changes.new.label);
                Some(changes)
            }
            _ => None,
        };
        releases.push(Release {
            name: d.name,
            date: d.date,
            commit: Some(d.commit),
            previous: base.map(|b| all[b].name.clone()),
            diff: changes,
            nodes: d.tree.as_ref().map_or(0, NavTree::node_count),
            nav: d
                .tree
                .as_ref()
                .map(|t| t.source.path.clone().unwrap_or_default()),
            previous_nav: base_tree.map(|t| t.source.path.clone().unwrap_or_default()),
            earlier: d.row > 0,
            url: None,
            unreadable_previous: excluded.first().map(|&c| all[c].name.clone()),
        });
    }
    releases.reverse();
    Ok(ReleaseWalk {
        releases,
        skipped: loaded.skipped,
    })
}

/// A release to describe, read.
struct Described {
    /// Its rank in release order (its row in the ancestry); Unreleased comes last.
    row: usize,
    name: String,
    /// What its diff calls it.
    label: String,
    date: Option<DateTime<FixedOffset>>,
    commit: String,
    tree: Option<NavTree>,
}

/// The trees of the releases read so far: each read once.
struct Loaded<'a> {
    all: &'a [TagInfo],
    trees: &'a dyn ReleaseTrees,
    strict: bool,
    read: HashMap<usize, Read>,
    skipped: Vec<Skipped>,
}

/// A release once read.
enum Read {
    /// Its tree (`None` without a nav file).
    Tree(Option<NavTree>),
    /// It could not be read (and is skipped).
    Failed,
}

impl Loaded<'_> {
    /// Reads release `i` once; `false` when it cannot be read (then skipped, or an error
    /// when strict).
    fn load(&mut self, i: usize) -> Result<bool> {
        if let Some(done) = self.read.get(&i) {
            return Ok(matches!(done, Read::Tree(_)));
        }
        match self.trees.release(&self.all[i]) {
            Ok(tree) => {
                self.read.insert(i, Read::Tree(tree));
                Ok(true)
            }
            Err(e) if self.strict => Err(Error::Release {
                release: self.all[i].name.clone(),
                source: Box::new(e),
            }),
            Err(e) => {
                self.read.insert(i, Read::Failed);
                self.skipped.push(Skipped::new(self.all[i].name.clone(), e));
                Ok(false)
            }
        }
    }

    /// The tree of release `i`, once read; `None` without a nav file.
    fn tree(&self, i: usize) -> Option<&NavTree> {
        match self.read.get(&i) {
            Some(Read::Tree(tree)) => tree.as_ref(),
            _ => None,
        }
    }
}

/// Among `candidates` (ranks of releases in the history of `commit`), the nearest: one that
/// no other candidate has in its history; of several such (merged lines), the one with the
/// fewest commits between it and `commit`, then the later in release order.
fn nearest(
    candidates: &[usize],
    ancestry: &Ancestry,
    all: &[TagInfo],
    commit: &str,
) -> Option<usize> {
    // `c` is behind `d` when `d` has it in its history (on one commit, the later release wins).
    let behind = |c: usize, d: usize| {
        c != d
            && ancestry.contains(&all[d].commit, &all[c].commit)
            && (all[c].commit != all[d].commit || d > c)
    };
    let tips: Vec<usize> = candidates
        .iter()
        .copied()
        .filter(|&c| !candidates.iter().any(|&d| behind(c, d)))
        .collect();
    match tips.as_slice() {
        [] => None,
        [one] => Some(*one),
        many => many
            .iter()
            .map(|&c| {
                (
                    ancestry.distance(&all[c].commit, commit),
                    std::cmp::Reverse(c),
                )
            })
            .min()
            .map(|(_, std::cmp::Reverse(c))| c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Node, SourceInfo};

    fn tag(name: &str, day: i64) -> TagInfo {
        let time = DateTime::parse_from_rfc3339("1970-01-01T00:00:00+00:00").expect("epoch")
            + chrono::Duration::days(day);
        TagInfo::new(name, format!("c-{name}"), time)
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
        assert_eq!(sort_releases(&mut tags), (ReleaseOrder::Version, vec![]));
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
        // Not a version among versions: left out, the rest by version.
        let mut tags = vec![
            tag("2.2.x", 9),
            tag("2.10.0", 1),
            tag("2.9.0", 2),
            tag("latest", 3),
        ];
        assert_eq!(
            sort_releases(&mut tags),
            (
                ReleaseOrder::Version,
                vec!["2.2.x".to_owned(), "latest".to_owned()]
            )
        );
        assert_eq!(names(&tags), ["2.9.0", "2.10.0"]);
        // No versions, or several series: by date.
        let mut tags = vec![tag("stable", 3), tag("docs", 1), tag("beta", 2)];
        assert_eq!(sort_releases(&mut tags).0, ReleaseOrder::Date);
        assert_eq!(names(&tags), ["docs", "beta", "stable"]);
        let mut tags = vec![
            tag("v5.0.0", 3),
            tag("create-vite@6.0.0", 1),
            tag("v4.0.0", 2),
        ];
        assert_eq!(sort_releases(&mut tags).0, ReleaseOrder::Date);
        assert_eq!(names(&tags), ["create-vite@6.0.0", "v4.0.0", "v5.0.0"]);
    }

    #[test]
    fn the_glob_filters_before_the_order_is_chosen() {
        let tags = vec![
            tag("create-vite@6.0.0", 1),
            tag("v4.0.0", 3),
            tag("v3.2.11", 4),
        ];
        let s = select_releases(tags, Some("v*"), None).expect("selection");
        assert_eq!(s.order, ReleaseOrder::Version);
        assert_eq!(names(&s.tags), ["v3.2.11", "v4.0.0"]);
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
        assert_eq!(names(&after.releases), ["v1", "v2", "v3"]);
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

    /// v1 ← v1.1 (a maintenance line) and v1 ← v2 ← HEAD; v3 cannot be read.
    struct Memory;

    impl Memory {
        fn parents(commit: &str) -> &'static [&'static str] {
            match commit {
                "c-v1.1" | "c-v2" => &["c-v1"],
                "c-v3" => &["c-v2"],
                "HEAD" => &["c-v3"],
                _ => &[],
            }
        }
    }

    impl ReleaseTrees for Memory {
        fn release(&self, tag: &TagInfo) -> Result<Option<NavTree>> {
            let mut roots = vec![Node::page("Home", "index.md")];
            match tag.name.as_str() {
                "v1" => {}
                "v1.1" => roots.push(Node::page("Patch notes", "patch.md")),
                "v3" => return Err(Error::invalid("nav.yml", "broken")),
                _ => roots.push(Node::page("Install", "install.md")),
            }
            Ok(Some(NavTree::new(SourceInfo::default(), roots)))
        }

        fn unreleased(&self) -> Result<Unreleased> {
            let tree = self.release(&tag("v2", 0))?;
            Ok(Unreleased::new("HEAD", "HEAD", tree))
        }

        fn ancestry(&self, commits: &[&str]) -> Result<Ancestry> {
            let graph: Vec<(String, Vec<String>)> = ["HEAD", "c-v3", "c-v1.1", "c-v2", "c-v1"]
                .iter()
                .map(|c| {
                    let parents = Memory::parents(c).iter().map(|p| (*p).to_owned());
                    ((*c).to_owned(), parents.collect())
                })
                .collect();
            Ok(Ancestry::new(commits, &graph))
        }
    }

    #[test]
    fn each_release_against_the_nearest_earlier_one_in_its_history() {
        let tags = vec![tag("v1", 1), tag("v2", 2), tag("v1.1", 3), tag("v3", 4)];
        let selection = select_releases(tags.clone(), None, None).expect("selection");
        let walk =
            walk_releases(&selection, &Memory, &DiffOptions::default(), false).expect("walk");
        let summary: Vec<(&str, Option<&str>, Option<usize>)> = walk
            .releases
            .iter()
            .map(|r| {
                (
                    r.name.as_str(),
                    r.previous.as_deref(),
                    r.diff.as_ref().map(|d| d.changes.len()),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("Unreleased", Some("v2"), Some(0)),
                ("v2", Some("v1"), Some(1)),
                ("v1.1", Some("v1"), Some(1)),
                ("v1", None, None)
            ]
        );
        assert_eq!(
            walk.skipped
                .iter()
                .map(Skipped::message)
                .collect::<Vec<_>>(),
            ["v3: skipped, cannot read the nav: nav.yml: broken"]
        );
        let d = walk.releases[1].diff.as_ref().expect("diff");
        assert_eq!((d.old.label.as_str(), d.new.label.as_str()), ("v1", "v2"));
        let err =
            walk_releases(&selection, &Memory, &DiffOptions::default(), true).expect_err("strict");
        assert_eq!(err.to_string(), "cannot read the nav at `v3`");
    }
}
