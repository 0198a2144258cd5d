//! GitHub Actions workflow commands, one a change, that put each change on the line of the
//! nav file where it stands in the new version:
//!
//! ```text
//! ::warning file=mkdocs.yml,line=12,col=5,title=Docs navigation%3A moved::Page "Deploy" moved from Guide to Operations
//! ```
//!
//! A removed entry stands on the line of its parent in the new version (or of its nearest
//! ancestor still there, else the nav file's first line): see [`Change::at`]. Each kind's
//! level (`notice`, `warning`, `error`, or `off` to leave it out) comes from
//! [`AnnotationLevels`] (`[annotations]` in `navdiff.toml`); errors come first, then
//! warnings, then notices, since GitHub shows only the first few of each level per step.
//!
//! Everything from the repository is escaped for the workflow-command syntax (`%`, CR and
//! LF as `%25`, `%0D`, `%0A`; in properties also `:` and `,` as `%3A`, `%2C`), and every
//! other control or line-separating character is written as a `\u{..}` escape: no title,
//! target or file name can end a command early, add a property or start a command of its
//! own.

use std::fmt;
use std::io::{self, Write};

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::diff::{Change, ChangeKind};
use crate::model::{NavTree, Node};
use crate::report::{Report, is_unsafe, kinds_phrase, no_workflow_command, terminal_safe};

/// How an annotation shows on GitHub, from least to most severe; `Off` leaves the kind out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum AnnotationLevel {
    /// Not annotated.
    Off,
    /// `::notice`.
    Notice,
    /// `::warning`.
    Warning,
    /// `::error`.
    Error,
}

impl AnnotationLevel {
    /// Every level, from least to most severe.
    pub const ALL: [AnnotationLevel; 4] = [
        AnnotationLevel::Off,
        AnnotationLevel::Notice,
        AnnotationLevel::Warning,
        AnnotationLevel::Error,
    ];

    /// The kebab-case name used in `navdiff.toml`, and the workflow command's name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            AnnotationLevel::Off => "off",
            AnnotationLevel::Notice => "notice",
            AnnotationLevel::Warning => "warning",
            AnnotationLevel::Error => "error",
        }
    }
}

impl fmt::Display for AnnotationLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for AnnotationLevel {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        crate::model::from_name(
            &AnnotationLevel::ALL,
            AnnotationLevel::name,
            "annotation level",
            s,
        )
    }
}

/// The level of each kind of change (`[annotations]` in `navdiff.toml`). A change that is
/// more than one kind (renamed and relinked) takes the most severe of its kinds' levels.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct AnnotationLevels {
    levels: [AnnotationLevel; ChangeKind::ALL.len()],
}

impl Default for AnnotationLevels {
    /// What can break a reader's way to a page (removed, moved, relinked) warns; the rest
    /// is a notice.
    fn default() -> Self {
        let mut levels = [AnnotationLevel::Notice; ChangeKind::ALL.len()];
        for kind in ChangeKind::ALL {
            levels[kind as usize] = match kind {
                ChangeKind::Removed | ChangeKind::Moved | ChangeKind::Relinked => {
                    AnnotationLevel::Warning
                }
                ChangeKind::Added | ChangeKind::Renamed | ChangeKind::Reordered => {
                    AnnotationLevel::Notice
                }
            };
        }
        AnnotationLevels { levels }
    }
}

impl AnnotationLevels {
    /// The level of `kind`.
    #[must_use]
    pub fn get(&self, kind: ChangeKind) -> AnnotationLevel {
        self.levels[kind as usize]
    }

    /// The same levels, with `kind` at `level`.
    #[must_use]
    pub fn with(mut self, kind: ChangeKind, level: AnnotationLevel) -> Self {
        self.levels[kind as usize] = level;
        self
    }

    /// The level of a change: the most severe of its kinds' (`Off` when every one is off).
    #[must_use]
    pub fn of(&self, change: &Change) -> AnnotationLevel {
        change
            .kinds()
            .map(|k| self.get(k))
            .max()
            .unwrap_or(AnnotationLevel::Off)
    }
}

/// `[annotations]` in `navdiff.toml`: a level for some kinds (`removed = "error"`); the
/// kinds it leaves out keep their defaults.
impl<'de> Deserialize<'de> for AnnotationLevels {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Levels;
        impl<'de> Visitor<'de> for Levels {
            type Value = AnnotationLevels;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a table of change kinds and levels (`removed = \"error\"`)")
            }

            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
                let mut levels = AnnotationLevels::default();
                let mut seen = Vec::new();
                while let Some(kind) = map.next_key::<ChangeKind>()? {
                    if seen.contains(&kind) {
                        return Err(de::Error::custom(format!("`{kind}` is given twice")));
                    }
                    seen.push(kind);
                    levels = levels.with(kind, map.next_value()?);
                }
                Ok(levels)
            }
        }
        deserializer.deserialize_map(Levels)
    }
}

/// The longest title, target or path part an annotation quotes, in characters.
const MAX_PART: usize = 120;

/// The longest message, in characters (before escaping).
const MAX_MESSAGE: usize = 2_000;

pub(super) fn render(
    report: &Report<'_>,
    levels: &AnnotationLevels,
    out: &mut dyn Write,
) -> io::Result<()> {
    let diff = report.diff;
    if diff.is_empty() {
        // A plain line, not a command: nothing to point at.
        let line = format!(
            "No structural changes between {} and {}.",
            terminal_safe(&diff.old.label),
            terminal_safe(&diff.new.label)
        );
        return writeln!(out, "{}", no_workflow_command(&line));
    }
    let old = Tree::new(report.old);
    let new = Tree::new(report.new);
    // The new side's nav file, from the repository root when it was read from one.
    let nav_file = report
        .new
        .nav_file
        .as_deref()
        .or(report.new.source.path.as_deref());
    let mut lines: Vec<(AnnotationLevel, String)> = Vec::new();
    for change in &diff.changes {
        let level = levels.of(change);
        if level == AnnotationLevel::Off {
            continue;
        }
        lines.push((level, command(nav_file, change, level, &old, &new)));
    }
    // Most severe first (a stable sort: report order within a level).
    lines.sort_by_key(|(level, _)| std::cmp::Reverse(*level));
    for (_, line) in lines {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// One workflow command.
fn command(
    nav_file: Option<&str>,
    change: &Change,
    level: AnnotationLevel,
    old: &Tree<'_>,
    new: &Tree<'_>,
) -> String {
    let mut props: Vec<(&str, String)> = Vec::new();
    match &change.at {
        Some(at) => {
            if let Some(file) = at.file.as_deref().or(nav_file) {
                props.push(("file", file.to_owned()));
            }
            props.push(("line", at.line.to_string()));
            props.push(("col", at.column.to_string()));
        }
        // Where the reader does not say: on the nav file as a whole.
        None => {
            if let Some(file) = nav_file {
                props.push(("file", file.to_owned()));
            }
        }
    }
    props.push((
        "title",
        format!(
            "Docs navigation: {}",
            kinds_phrase(change.kind, &change.also)
        ),
    ));
    let props: Vec<String> = props
        .into_iter()
        .map(|(k, v)| format!("{k}={}", escape_property(&v)))
        .collect();
    format!(
        "::{} {}::{}",
        level.name(),
        props.join(","),
        escape_data(&message(change, old, new))
    )
}

/// What happened, in a sentence: `Page "Deploy" moved from Guide to Operations`.
fn message(change: &Change, old: &Tree<'_>, new: &Tree<'_>) -> String {
    let node = match change.kind {
        ChangeKind::Removed => change.old_node.and_then(|n| old.node(n)),
        _ => change.new_node.and_then(|n| new.node(n)),
    };
    let what = format!("{} \"{}\"", noun(node), part(&change.title));
    let text = match change.kind {
        ChangeKind::Added => format!(
            "{what}{} added {}",
            count(change.nodes),
            under(change.new_path.as_deref())
        ),
        ChangeKind::Removed => format!(
            "{what}{} removed from {}",
            count(change.nodes),
            place(parent(change.old_path.as_deref()))
        ),
        ChangeKind::Moved => format!(
            "{what} moved from {} to {}",
            place(parent(change.old_path.as_deref())),
            place(parent(change.new_path.as_deref()))
        ),
        ChangeKind::Renamed => {
            let old_title = change.old_title.as_deref().unwrap_or_default();
            let mut text = format!("{what} renamed from \"{}\"", part(old_title));
            if change.is(ChangeKind::Relinked) {
                text.push_str(&format!(" and relinked {}", relink(change)));
            }
            text
        }
        ChangeKind::Relinked => format!("{what} relinked {}", relink(change)),
        ChangeKind::Reordered => {
            let now = match change.new_node.and_then(|n| new.before(n)) {
                Some(Before::Sibling(before)) => format!("now after \"{}\"", part(&before.title)),
                Some(Before::Nothing) => "now first".to_owned(),
                None => format!(
                    "position {} → {}",
                    change.old_position.map_or(0, |p| p + 1),
                    change.new_position.map_or(0, |p| p + 1)
                ),
            };
            format!(
                "{what} reordered {}: {now}",
                under(change.new_path.as_deref())
            )
        }
    };
    truncate(&text, MAX_MESSAGE)
}

/// `Page` for an entry with a target and nothing under it, else `Section`.
fn noun(node: Option<&Node>) -> &'static str {
    match node {
        Some(n) if n.children.is_empty() && n.target.is_some() => "Page",
        Some(n) if n.children.is_empty() => "Entry",
        Some(_) => "Section",
        None => "Entry",
    }
}

/// ` (with 3 entries under it)` for a subtree of several nodes.
fn count(nodes: usize) -> String {
    match nodes.saturating_sub(1) {
        0 => String::new(),
        1 => " (with 1 entry under it)".to_owned(),
        n => format!(" (with {n} entries under it)"),
    }
}

fn parent(path: Option<&[String]>) -> &[String] {
    path.map_or(&[], |p| &p[..p.len().saturating_sub(1)])
}

/// `under Guide › Basics`, or `at the top level`.
fn under(path: Option<&[String]>) -> String {
    let parent = parent(path);
    if parent.is_empty() {
        "at the top level".to_owned()
    } else {
        format!("under {}", place(parent))
    }
}

/// A parent's breadcrumb (`Guide › Basics`), or `the top level`.
fn place(parent: &[String]) -> String {
    if parent.is_empty() {
        return "the top level".to_owned();
    }
    parent
        .iter()
        .map(|t| {
            if t.is_empty() {
                "(untitled)".to_owned()
            } else {
                part(t)
            }
        })
        .collect::<Vec<_>>()
        .join(" › ")
}

/// `from a.md to b.md`, `(none)` for a side without a target.
fn relink(change: &Change) -> String {
    let show = |t: Option<&str>| t.map_or_else(|| "(none)".to_owned(), part);
    format!(
        "from {} to {}",
        show(change.old_target.clone().flatten().as_deref()),
        show(change.target.as_deref())
    )
}

/// A title, target or path part, cut at [`MAX_PART`] characters.
fn part(text: &str) -> String {
    truncate(text, MAX_PART)
}

fn truncate(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

/// `text` for the message of a workflow command: `%`, CR and LF as the runner decodes
/// them (`%25`, `%0D`, `%0A`), any other control or line-separating character (and bidi
/// control) as a `\u{..}` escape.
pub(crate) fn escape_data(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c if is_unsafe(c) || matches!(c, '\u{2028}' | '\u{2029}') => {
                out.push_str(&c.escape_unicode().to_string());
            }
            c => out.push(c),
        }
    }
    out
}

/// `text` for a property value of a workflow command: as [`escape_data`], and `:` and `,`
/// (which end a property or the properties) as `%3A` and `%2C`.
pub(crate) fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// A tree's nodes by number (pre-order from 1, as [`Change::new_node`] counts them), with
/// their parents and places among their siblings.
struct Tree<'t> {
    roots: &'t [Node],
    /// For node `n`, `entries[n - 1]`: the node, its parent's number (0 for the top
    /// level) and its position among its siblings.
    entries: Vec<(&'t Node, usize, usize)>,
}

impl<'t> Tree<'t> {
    fn new(tree: &'t NavTree) -> Self {
        let mut entries = Vec::with_capacity(tree.node_count());
        let mut stack: Vec<(&Node, usize, usize)> = tree
            .roots
            .iter()
            .enumerate()
            .rev()
            .map(|(i, n)| (n, 0, i))
            .collect();
        while let Some((node, parent, pos)) = stack.pop() {
            entries.push((node, parent, pos));
            let number = entries.len();
            stack.extend(
                node.children
                    .iter()
                    .enumerate()
                    .rev()
                    .map(|(i, c)| (c, number, i)),
            );
        }
        Tree {
            roots: &tree.roots,
            entries,
        }
    }

    fn node(&self, number: usize) -> Option<&'t Node> {
        self.entries.get(number.checked_sub(1)?).map(|e| e.0)
    }

    /// What stands just before node `number` among its siblings; `None` when there is no
    /// such node.
    fn before(&self, number: usize) -> Option<Before<'t>> {
        let &(_, parent, pos) = self.entries.get(number.checked_sub(1)?)?;
        let siblings = if parent == 0 {
            self.roots
        } else {
            &self.node(parent)?.children
        };
        Some(match pos.checked_sub(1).and_then(|p| siblings.get(p)) {
            Some(sibling) => Before::Sibling(sibling),
            None => Before::Nothing,
        })
    }
}

/// What stands just before a node among its siblings.
enum Before<'t> {
    /// The node is first.
    Nothing,
    /// This sibling.
    Sibling(&'t Node),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_command_escaping() {
        assert_eq!(escape_data("plain title"), "plain title");
        assert_eq!(escape_data("100% done"), "100%25 done");
        assert_eq!(escape_data("a\r\nb"), "a%0D%0Ab");
        assert_eq!(escape_data("%0A"), "%250A");
        assert_eq!(escape_data("::error::x"), "::error::x");
        assert_eq!(escape_data("red\u{1b}[31m"), "red\\u{1b}[31m");
        assert_eq!(escape_data("a\u{2028}b\u{85}c"), "a\\u{2028}b\\u{85}c");
        assert_eq!(escape_data("\u{202e}evil"), "\\u{202e}evil");
        assert_eq!(escape_property("docs/a,b:c.yml"), "docs/a%2Cb%3Ac.yml");
        assert_eq!(escape_property("x%2C\n"), "x%252C%0A");
    }

    #[test]
    fn levels_by_kind_and_by_change() {
        let levels = AnnotationLevels::default();
        assert_eq!(levels.get(ChangeKind::Removed), AnnotationLevel::Warning);
        assert_eq!(levels.get(ChangeKind::Added), AnnotationLevel::Notice);
        let levels = levels
            .with(ChangeKind::Renamed, AnnotationLevel::Off)
            .with(ChangeKind::Relinked, AnnotationLevel::Error);
        assert_eq!(levels.get(ChangeKind::Renamed), AnnotationLevel::Off);
        assert_eq!("warning".parse(), Ok(AnnotationLevel::Warning));
        assert!(
            "loud"
                .parse::<AnnotationLevel>()
                .is_err_and(|e| e.contains("off, notice, warning, error"))
        );
    }

    #[test]
    fn long_parts_are_cut() {
        assert_eq!(truncate("abcdef", 3), "abc…");
        assert_eq!(truncate("abc", 3), "abc");
        assert_eq!(truncate("éééé", 2), "éé…");
    }
}
