//! The navigation tree: titles, targets and children, in sidebar order.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// The deepest nesting navdiff accepts, counting top-level entries as depth 1.
///
/// Real sidebars stay under ten levels; the bound keeps every recursive walk, and the
/// snapshot JSON, far from the stack's limits whatever the input.
pub const MAX_DEPTH: usize = 50;

/// One version of a site's navigation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct NavTree {
    /// Where the tree came from.
    pub source: SourceInfo,
    /// The top-level entries, in order.
    pub roots: Vec<Node>,
    /// What the reader passed over or could not resolve.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Warning>,
    /// The nav file's path from the repository root (or the folder it was read in), when
    /// [`SourceInfo::path`] names it otherwise (a file given on the command line): the
    /// file of locations in the nav file itself. Not part of a snapshot.
    #[serde(skip)]
    pub nav_file: Option<String>,
}

/// One entry of the navigation: a page, a section, or both (a section with an index page).
///
/// Two nodes are equal when their titles, targets and children are: where an entry is
/// written ([`Node::at`]) is not part of what the site shows.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Node {
    /// What the reader sees in the sidebar.
    pub title: String,
    /// The page path, URL or doc id the entry opens; `None` for a pure section.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// Where the entry is written, when the reader knows: for annotations on the nav file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<Location>,
    /// When `title` is not a title the site shows: a key the site never displays, or a
    /// stand-in navdiff had to put where the title is unknown. `None`: the site shows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_status: Option<TitleStatus>,
    /// The entries under this one, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<Node>,
}

impl PartialEq for Node {
    fn eq(&self, other: &Self) -> bool {
        self.title == other.title && self.target == other.target && self.children == other.children
    }
}

impl Eq for Node {}

/// Why a node's `title` is not a title the site shows.
///
/// A title is what a reader sees; two things in a nav tree look like titles and are not.
/// Keys name a group the site never labels (a Docusaurus sidebar's id, a VitePress sidebar's
/// path): they are the group's identity, so a diff pairs them by key, shows them as
/// `(sidebar docs)` and never reports a change of key as a rename. Stand-ins are put where
/// navdiff could not learn the title (a doc that does not exist, so the site does not
/// build; a page that is not at hand): a diff reports no rename from or to them and says
/// once, per side, that titles there are unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum TitleStatus {
    /// A key naming a group (a sidebar) that the site never displays.
    Key,
    /// A stand-in (the doc id): the page the entry names does not exist, and the generator
    /// refuses to build the site this way.
    Broken,
    /// A stand-in (the doc id): the page's title could not be read.
    Unknown,
}

impl TitleStatus {
    /// Whether the title is a stand-in for a title navdiff does not know.
    #[must_use]
    pub fn is_stand_in(self) -> bool {
        matches!(self, TitleStatus::Broken | TitleStatus::Unknown)
    }
}

/// Where an entry is written: a 1-based line and column (in characters) of the nav file, or
/// of the file it was included from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Location {
    /// The file, relative to the repository root (`/`-separated), when it is not the nav
    /// file itself (a Sphinx document, an Antora include).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
}

impl Location {
    /// A place in the nav file itself.
    #[must_use]
    pub fn new(line: usize, column: usize) -> Self {
        Location {
            file: None,
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(column).unwrap_or(u32::MAX),
        }
    }

    /// A place in another file of the same revision.
    #[must_use]
    pub fn in_file(file: impl Into<String>, line: usize, column: usize) -> Self {
        Location {
            file: Some(file.into()),
            ..Location::new(line, column)
        }
    }
}

/// Where a tree came from.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct SourceInfo {
    /// The nav format the tree was read from.
    pub format: NavFormat,
    /// The nav file inside the repository (or on disk).
    pub path: Option<String>,
    /// The revision as the user typed it (`v1.2`, `main`, `HEAD~3`).
    pub rev: Option<String>,
    /// The resolved commit id.
    pub commit: Option<String>,
    /// The commit time, written as RFC 3339 with a numeric offset (`+00:00`, never `Z`).
    #[serde(with = "rfc3339_offset")]
    pub time: Option<DateTime<FixedOffset>>,
}

/// Something a reader passed over or could not resolve, kept with the tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Warning {
    /// 1-based line in the nav file, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// What happened.
    pub message: String,
    /// The file the line is in, when it is not the nav file itself (a page, an included
    /// file, an inherited configuration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}

/// The navigation formats navdiff reads.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum NavFormat {
    /// `nav:` in `mkdocs.yml`.
    Mkdocs,
    /// mdBook or GitBook `SUMMARY.md`.
    Mdbook,
    /// Docusaurus `sidebars.{json,js,ts}`.
    Docusaurus,
    /// YAML or JSON lists of maps with a title key and a child list (LivePerson, Jekyll `_data`, Mintlify).
    KeyedYaml,
    /// An indented plain-text or markdown bullet outline.
    #[default]
    Outline,
    /// Sphinx `toctree` directives.
    Sphinx,
    /// Antora `nav.adoc`.
    Antora,
    /// VitePress `themeConfig.sidebar`.
    Vitepress,
}

impl NavFormat {
    /// Every format, in the order `--help` lists them.
    pub const ALL: [NavFormat; 8] = [
        NavFormat::Mkdocs,
        NavFormat::Mdbook,
        NavFormat::Docusaurus,
        NavFormat::KeyedYaml,
        NavFormat::Outline,
        NavFormat::Sphinx,
        NavFormat::Antora,
        NavFormat::Vitepress,
    ];

    /// The kebab-case name used on the command line and in JSON.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            NavFormat::Mkdocs => "mkdocs",
            NavFormat::Mdbook => "mdbook",
            NavFormat::Docusaurus => "docusaurus",
            NavFormat::KeyedYaml => "keyed-yaml",
            NavFormat::Outline => "outline",
            NavFormat::Sphinx => "sphinx",
            NavFormat::Antora => "antora",
            NavFormat::Vitepress => "vitepress",
        }
    }
}

impl fmt::Display for NavFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for NavFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        crate::model::from_name(&NavFormat::ALL, NavFormat::name, "nav format", s)
    }
}

impl Node {
    /// A node with every field given.
    #[must_use]
    pub fn new(title: impl Into<String>, target: Option<String>, children: Vec<Node>) -> Self {
        Node {
            title: title.into(),
            target,
            at: None,
            title_status: None,
            children,
        }
    }

    /// The same node, its title marked as a key or a stand-in ([`TitleStatus`]).
    #[must_use]
    pub fn with_title_status(mut self, status: TitleStatus) -> Self {
        self.title_status = Some(status);
        self
    }

    /// Whether the title is a key the site never displays ([`TitleStatus::Key`]).
    #[must_use]
    pub fn is_key(&self) -> bool {
        self.title_status == Some(TitleStatus::Key)
    }

    /// The title as reports write it: a key as `(sidebar docs)`, so that it never reads as
    /// a title the site shows; any other title as it is.
    #[must_use]
    pub fn shown_title(&self) -> std::borrow::Cow<'_, str> {
        if self.is_key() {
            format!("(sidebar {})", self.title).into()
        } else {
            self.title.as_str().into()
        }
    }

    /// The same node, written at `at` in its file.
    #[must_use]
    pub fn located(mut self, at: Location) -> Self {
        self.at = Some(at);
        self
    }

    /// A page: a title and the target it opens, no children.
    #[must_use]
    pub fn page(title: impl Into<String>, target: impl Into<String>) -> Self {
        Node::new(title, Some(target.into()), Vec::new())
    }

    /// A section: a title without a target, holding `children`.
    #[must_use]
    pub fn section(title: impl Into<String>, children: Vec<Node>) -> Self {
        Node::new(title, None, children)
    }

    /// The number of nodes in this subtree, this one included.
    #[must_use]
    pub fn size(&self) -> usize {
        1 + count_nodes(&self.children)
    }
}

impl NavTree {
    /// A tree read from a source.
    #[must_use]
    pub fn new(source: SourceInfo, roots: Vec<Node>) -> Self {
        NavTree {
            source,
            roots,
            warnings: Vec::new(),
            nav_file: None,
        }
    }

    /// The number of nodes in the tree.
    #[must_use]
    pub fn node_count(&self) -> usize {
        count_nodes(&self.roots)
    }

    /// The depth of the deepest node (top-level entries have depth 1; an empty tree 0).
    #[must_use]
    pub fn depth(&self) -> usize {
        let mut deepest = 0;
        let mut stack: Vec<(&Node, usize)> = self.roots.iter().map(|n| (n, 1)).collect();
        while let Some((node, depth)) = stack.pop() {
            deepest = deepest.max(depth);
            stack.extend(node.children.iter().map(|c| (c, depth + 1)));
        }
        deepest
    }

    /// Drops every node (with its subtree) for which `keep` is false, returning how many
    /// nodes went.
    pub fn retain(&mut self, keep: &impl Fn(&Node) -> bool) -> usize {
        fn prune(nodes: &mut Vec<Node>, keep: &impl Fn(&Node) -> bool) -> usize {
            let before: usize = nodes.iter().map(Node::size).sum();
            nodes.retain(|n| keep(n));
            let mut after = 0;
            for node in nodes.iter_mut() {
                prune(&mut node.children, keep);
                after += node.size();
            }
            before - after
        }
        prune(&mut self.roots, keep)
    }

    /// Forgets where every entry is written ([`Node::at`]): for a snapshot that stays the
    /// same when only lines move.
    pub fn clear_locations(&mut self) {
        let mut stack: Vec<&mut Node> = self.roots.iter_mut().collect();
        while let Some(node) = stack.pop() {
            node.at = None;
            stack.extend(node.children.iter_mut());
        }
    }

    /// A short human name for the tree: the revision, else the path, else the format.
    #[must_use]
    pub fn label(&self) -> String {
        let s = &self.source;
        match (&s.rev, &s.path) {
            (Some(rev), Some(path)) => format!("{rev}:{path}"),
            (Some(rev), None) => rev.clone(),
            (None, Some(path)) => path.clone(),
            (None, None) => s.format.to_string(),
        }
    }
}

impl SourceInfo {
    /// Source information for a tree of `format` read from `path`.
    #[must_use]
    pub fn new(format: NavFormat, path: Option<String>) -> Self {
        SourceInfo {
            format,
            path,
            ..SourceInfo::default()
        }
    }
}

impl Warning {
    /// A warning about `line` (when known).
    #[must_use]
    pub fn new(line: Option<usize>, message: impl Into<String>) -> Self {
        Warning {
            line,
            message: message.into(),
            file: None,
        }
    }

    /// A warning about `line` (when known) of another file than the nav file.
    #[must_use]
    pub fn in_file(
        file: impl Into<String>,
        line: Option<usize>,
        message: impl Into<String>,
    ) -> Self {
        Warning {
            line,
            message: message.into(),
            file: Some(file.into()),
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.file, self.line) {
            (None, Some(line)) => write!(f, "line {line}: {}", self.message),
            (None, None) => f.write_str(&self.message),
            (Some(file), Some(line)) => write!(f, "{file}: line {line}: {}", self.message),
            (Some(file), None) => write!(f, "{file}: {}", self.message),
        }
    }
}

/// Commit times as RFC 3339 with a numeric offset, the form git itself records: in
/// snapshots, diffs and changelogs alike.
pub(crate) mod rfc3339_offset {
    use chrono::{DateTime, FixedOffset, SecondsFormat};
    use serde::{Deserialize, Deserializer, Serializer};

    /// `2024-01-02T03:04:05+00:00` (never `Z`).
    pub(crate) fn format(time: &DateTime<FixedOffset>) -> String {
        time.to_rfc3339_opts(SecondsFormat::AutoSi, false)
    }

    #[expect(
        clippy::ref_option,
        reason = "serde's `with` passes the field by reference"
    )]
    pub(crate) fn serialize<S: Serializer>(
        time: &Option<DateTime<FixedOffset>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match time {
            Some(t) => s.serialize_str(&format(t)),
            None => s.serialize_none(),
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<DateTime<FixedOffset>>, D::Error> {
        Option::<DateTime<FixedOffset>>::deserialize(d)
    }
}

fn count_nodes(nodes: &[Node]) -> usize {
    let mut count = 0;
    let mut stack: Vec<&Node> = nodes.iter().collect();
    while let Some(node) = stack.pop() {
        count += 1;
        stack.extend(&node.children);
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_depth_walk_the_whole_tree() {
        let tree = NavTree::new(
            SourceInfo::default(),
            vec![
                Node::page("Home", "index.md"),
                Node::section(
                    "Guide",
                    vec![Node::section("Deep", vec![Node::page("Leaf", "a.md")])],
                ),
            ],
        );
        assert_eq!(tree.node_count(), 4);
        assert_eq!(tree.depth(), 3);
        assert_eq!(tree.roots[1].size(), 3);
    }

    #[test]
    fn retain_drops_whole_subtrees() {
        let mut tree = NavTree::new(
            SourceInfo::default(),
            vec![
                Node::section(
                    "API",
                    vec![Node::page("A", "api/a.md"), Node::page("B", "api/b.md")],
                ),
                Node::page("Home", "index.md"),
            ],
        );
        assert_eq!(tree.retain(&|n: &Node| n.title != "API"), 3);
        assert_eq!(tree.roots, [Node::page("Home", "index.md")]);
    }

    #[test]
    fn format_names_round_trip() {
        for format in NavFormat::ALL {
            assert_eq!(format.name().parse::<NavFormat>(), Ok(format));
        }
        let err = "gitbook".parse::<NavFormat>().expect_err("not a format");
        assert!(err.contains("keyed-yaml"), "{err}");
    }

    #[test]
    fn label_prefers_revision_and_path() {
        let mut source = SourceInfo::new(NavFormat::Mkdocs, Some("mkdocs.yml".into()));
        assert_eq!(NavTree::new(source.clone(), vec![]).label(), "mkdocs.yml");
        source.rev = Some("v1.2".into());
        assert_eq!(NavTree::new(source, vec![]).label(), "v1.2:mkdocs.yml");
    }
}
