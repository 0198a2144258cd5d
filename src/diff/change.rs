//! What a diff reports: [`Change`]s of six kinds, a [`Summary`] and the two sides.

use std::fmt;

use chrono::{DateTime, FixedOffset};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};

use crate::diff::script::EditScript;
use crate::model::EvidenceSource;
use crate::model::{Location, NavFormat, SourceInfo};

/// The structural difference between two navigation trees.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Diff {
    /// The old tree.
    pub old: Side,
    /// The new tree.
    pub new: Side,
    /// How many changes of each kind.
    pub summary: Summary,
    /// Every change, grouped by kind in the order of [`ChangeKind::ALL`], then in document order.
    pub changes: Vec<Change>,
    /// The edit script that turns the old tree into the new one (see [`crate::diff::apply`]).
    #[serde(skip)]
    pub script: EditScript,
    /// What the page files said about page identity: `none` when pages were told apart by
    /// their targets and titles only (snapshots, or no page file found).
    pub file_evidence: EvidenceSource,
    /// How many paired nodes have a title on one side and an empty one on the other (a
    /// MkDocs section written `"":`). What a site shows for an empty title depends on the
    /// theme (Zensical's shows the section's index page title, Material for MkDocs shows
    /// nothing), so these are not reported as renamed; the reports say so once.
    #[serde(rename = "untitled_sections", skip_serializing_if = "is_zero")]
    pub untitled: usize,
    /// How much work the matcher did and skipped.
    #[serde(skip)]
    pub stats: Stats,
    /// The matching itself: for each old node number (pre-order from 1; index 0 is the
    /// root above the top level), the new node it is, if any.
    #[serde(skip)]
    pub matches: Vec<Option<usize>>,
    /// For each old node number, the phase that paired it, if it was paired.
    #[serde(skip)]
    pub phases: Vec<Option<MatchPhase>>,
}

/// One side of a diff: where the tree came from and how big it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Side {
    /// A short human name: the revision, else the path.
    pub label: String,
    /// The nav format it was read from.
    pub format: NavFormat,
    /// The nav file.
    pub path: Option<String>,
    /// The resolved commit id.
    pub commit: Option<String>,
    /// The commit time.
    #[serde(serialize_with = "crate::model::rfc3339_offset::serialize")]
    pub time: Option<DateTime<FixedOffset>>,
    /// The number of nodes in the tree.
    pub nodes: usize,
    /// How many of its titles are stand-ins for titles navdiff does not know
    /// ([`crate::model::TitleStatus`]): no rename is reported from or to them.
    #[serde(skip_serializing_if = "is_zero")]
    pub unknown_titles: usize,
    /// How many of those stand in for pages that do not exist, so that the generator
    /// refuses to build the site this way.
    #[serde(skip_serializing_if = "is_zero")]
    pub missing_pages: usize,
    /// The full source information (revision as typed included).
    #[serde(skip)]
    pub source: SourceInfo,
}

/// The kinds of change, each with a stable kebab-case id used in JSON and configuration.
///
/// This is the one list of kinds: [`ChangeKind::ALL`] orders every report, the summary
/// counts, the command line's `--fail-on` values and the schema's enum (checked by a test);
/// matches on it are exhaustive, so a new kind is a compile error wherever it needs a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ChangeKind {
    /// A new node with no old partner (one entry for the highest added node of a subtree).
    Added,
    /// An old node with no new partner (one entry for the highest removed node of a subtree).
    Removed,
    /// A node whose new parent is not the partner of its old parent; its subtree moves with it.
    Moved,
    /// A node whose title changed.
    Renamed,
    /// A node whose normalised target changed, appeared or disappeared.
    Relinked,
    /// A node that stayed under the same parent but had to move among its siblings.
    Reordered,
}

impl ChangeKind {
    /// Every kind, in report order.
    pub const ALL: [ChangeKind; 6] = [
        ChangeKind::Added,
        ChangeKind::Removed,
        ChangeKind::Moved,
        ChangeKind::Renamed,
        ChangeKind::Relinked,
        ChangeKind::Reordered,
    ];

    /// The stable kebab-case id (`added`, `removed`, …).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Moved => "moved",
            ChangeKind::Renamed => "renamed",
            ChangeKind::Relinked => "relinked",
            ChangeKind::Reordered => "reordered",
        }
    }
}

impl fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for ChangeKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        crate::model::from_name(&ChangeKind::ALL, ChangeKind::name, "change kind", s)
    }
}

/// The phase of the matcher that paired an old node with a new one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum MatchPhase {
    /// Equal normalised targets.
    Target,
    /// The page file moved: git's rename detection between the two revisions, or content
    /// similarity between two folders.
    FileRename,
    /// Equal subtrees (titles, targets and children), unique on both sides.
    IdenticalSubtree,
    /// Sections holding mostly the same children.
    Children,
    /// Equal titles under matched parents.
    Title,
    /// A title found once in each whole tree.
    UniqueTitle,
    /// The same page file name in another folder, found once in each whole tree.
    FileName,
    /// Similar titles under matched parents.
    SimilarTitle,
}

impl MatchPhase {
    /// Every phase, in the order the matcher runs them.
    pub const ALL: [MatchPhase; 8] = [
        MatchPhase::Target,
        MatchPhase::FileRename,
        MatchPhase::IdenticalSubtree,
        MatchPhase::Children,
        MatchPhase::Title,
        MatchPhase::UniqueTitle,
        MatchPhase::FileName,
        MatchPhase::SimilarTitle,
    ];

    /// The stable kebab-case id (`target`, `identical-subtree`, …) of `matched_by`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            MatchPhase::Target => "target",
            MatchPhase::FileRename => "file-rename",
            MatchPhase::IdenticalSubtree => "identical-subtree",
            MatchPhase::Children => "children",
            MatchPhase::Title => "title",
            MatchPhase::UniqueTitle => "unique-title",
            MatchPhase::FileName => "file-name",
            MatchPhase::SimilarTitle => "similar-title",
        }
    }
}

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Change {
    /// A stable fingerprint of the kind and the node's identity (12 hex digits).
    pub id: String,
    /// What happened.
    pub kind: ChangeKind,
    /// The node's title (the new one, or the old one for `removed`).
    pub title: String,
    /// The node's target as written (the new one, or the old one for `removed`).
    pub target: Option<String>,
    /// Titles from the top level down to the node in the old tree; none for `added`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_path: Option<Vec<String>>,
    /// Titles from the top level down to the node in the new tree; none for `removed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_path: Option<Vec<String>>,
    /// Index among its old siblings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_position: Option<usize>,
    /// Index among its new siblings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_position: Option<usize>,
    /// For `reordered`: the title of the sibling the node now follows; none when it is now
    /// first among its siblings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    /// Nodes the change covers: the unmatched nodes of an added or removed subtree, the whole
    /// subtree of a moved node, else 1.
    pub nodes: usize,
    /// Whether the node has children (in the new tree, or the old one for `removed`): a
    /// section rather than a page.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub section: bool,
    /// How many of the `nodes` the change covers are sections, the node itself included.
    #[serde(skip_serializing_if = "is_zero")]
    pub sections: usize,
    /// How the node was paired; none for `added` and `removed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matched_by: Option<MatchPhase>,
    /// The old title, for `renamed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_title: Option<String>,
    /// The old target (`null` when it had none), for `relinked` and for a change that is
    /// `also` relinked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_target: Option<Option<String>>,
    /// Other kinds of change this same change is, reported with it rather than as entries of
    /// their own: a page renamed and relinked is one `renamed` change, `also: ["relinked"]`.
    /// Summary counts count the change once, by its `kind`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<ChangeKind>,
    /// Where the change stands in the new version, when the reader recorded where entries
    /// are written: the node's entry; for `removed`, the entry of its parent (or of the
    /// nearest ancestor still there), else the nav file's first line. `file` is the nav
    /// file's path, or the other file the entry is written in (an include).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<Location>,
    /// Where the node's entry was written in the old version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_at: Option<Location>,
    /// A word-level diff of the title, for `renamed`.
    #[serde(skip)]
    pub title_diff: Vec<WordChange>,
    /// The node's number in the old tree (pre-order from 1), when it is in it.
    #[serde(skip)]
    pub old_node: Option<usize>,
    /// The node's number in the new tree (pre-order from 1), when it is in it.
    #[serde(skip)]
    pub new_node: Option<usize>,
}

/// Whether a count is zero (left out of JSON).
#[expect(
    clippy::trivially_copy_pass_by_ref,
    reason = "serde passes fields by reference"
)]
fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Change {
    /// The nodes below the node that the change covers, as sections and pages.
    #[must_use]
    pub fn below(&self) -> (usize, usize) {
        let below = self.nodes.saturating_sub(1);
        let sections = self
            .sections
            .saturating_sub(usize::from(self.section))
            .min(below);
        (sections, below - sections)
    }

    /// Every kind this change is: its `kind`, then its `also` kinds. `--fail-on relinked`
    /// fails on a page renamed and relinked.
    pub fn kinds(&self) -> impl Iterator<Item = ChangeKind> + '_ {
        std::iter::once(self.kind).chain(self.also.iter().copied())
    }

    /// Whether this change is of `kind`, as its `kind` or one of its `also` kinds.
    #[must_use]
    pub fn is(&self, kind: ChangeKind) -> bool {
        self.kinds().any(|k| k == kind)
    }
}

/// One piece of a word-level title diff.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum WordChange {
    /// Text in both titles.
    Same(String),
    /// Text only in the old title.
    Removed(String),
    /// Text only in the new title.
    Added(String),
}

/// How many changes of each kind; in JSON, an object with a count for every kind of
/// [`ChangeKind::ALL`], in that order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Summary {
    counts: [usize; ChangeKind::ALL.len()],
}

impl Summary {
    /// The count for one kind.
    #[must_use]
    pub fn count(&self, kind: ChangeKind) -> usize {
        self.counts[kind as usize]
    }

    /// The total number of changes.
    #[must_use]
    pub fn total(&self) -> usize {
        self.counts.iter().sum()
    }

    pub(crate) fn of(changes: &[Change]) -> Summary {
        let mut s = Summary::default();
        for c in changes {
            s.counts[c.kind as usize] += 1;
        }
        s
    }
}

impl Serialize for Summary {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(ChangeKind::ALL.len()))?;
        for kind in ChangeKind::ALL {
            map.serialize_entry(kind.name(), &self.count(kind))?;
        }
        map.end()
    }
}

/// Work the matcher did, for benchmarks and the curious.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Stats {
    /// Rounds of the title and content phases until nothing changed.
    pub rounds: usize,
    /// Similar-title comparisons made.
    pub similarity_checks: usize,
    /// Similar-title comparisons skipped because a parent had too many candidates or the
    /// global budget ran out.
    pub similarity_checks_skipped: usize,
    /// Work spent in character diffs: the product of the compared lengths of each pair.
    pub similarity_work: usize,
}

impl Side {
    pub(crate) fn of(tree: &crate::model::NavTree, nodes: usize) -> Side {
        let s = &tree.source;
        let (mut unknown_titles, mut missing_pages) = (0, 0);
        let mut stack: Vec<&crate::model::Node> = tree.roots.iter().collect();
        while let Some(node) = stack.pop() {
            match node.title_status {
                Some(crate::model::TitleStatus::Broken) => {
                    unknown_titles += 1;
                    missing_pages += 1;
                }
                Some(crate::model::TitleStatus::Unknown) => unknown_titles += 1,
                _ => {}
            }
            stack.extend(&node.children);
        }
        Side {
            unknown_titles,
            missing_pages,
            label: tree.label(),
            format: s.format,
            path: s.path.clone(),
            commit: s.commit.clone(),
            time: s.time,
            nodes,
            source: s.clone(),
        }
    }
}

impl Diff {
    /// Whether nothing changed.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_listed_in_declaration_order() {
        // `Summary` counts by `kind as usize`: `ALL` must list the kinds as they are declared.
        for (i, kind) in ChangeKind::ALL.into_iter().enumerate() {
            assert_eq!(kind as usize, i, "{kind}");
            assert_eq!(kind.name().parse::<ChangeKind>(), Ok(kind));
        }
        let err = "gone".parse::<ChangeKind>().expect_err("not a kind");
        assert!(
            err.ends_with("(expected one of: added, removed, moved, renamed, relinked, reordered)"),
            "{err}"
        );
        for phase in MatchPhase::ALL {
            let json = serde_json::to_value(phase).expect("serialises");
            assert_eq!(json.as_str(), Some(phase.name()));
        }
    }
}
