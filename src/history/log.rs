//! The events of one page or section across versions of the nav (`navdiff log`): when it
//! was added, moved, renamed, relinked, reordered, removed and re-added.
//!
//! The node is found by its target (`guide/deploy.md`), its title (`Deploy`) or a
//! breadcrumb (`Guide › Deploy`), then followed from version to version through the diff
//! engine's matching, so that it is tracked across renames and moves. Pure code: the
//! caller supplies the versions ([`GitSource::nav_versions`](crate::source::GitSource::nav_versions)).

use std::fmt;
use std::io::{self, Write};

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use crate::diff::for_history::{Index, ratio, title_key};
use crate::diff::{Change, ChangeKind, DiffOptions, diff};
use crate::error::{Error, Result};
use crate::model::{NavTree, normalize_target};
use crate::report::terminal_safe;

/// The schema id of the JSON document of `navdiff log --format json`.
pub const LOG_SCHEMA: &str = "navdiff.log.v1";

/// One version of the nav: the commit and its tree (`None` when it had no nav file).
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct Point<'a> {
    /// The commit id.
    pub commit: &'a str,
    /// The commit time.
    pub time: DateTime<FixedOffset>,
    /// The commit's subject line.
    pub subject: &'a str,
    /// The tree.
    pub tree: Option<&'a NavTree>,
}

impl<'a> Point<'a> {
    /// A version.
    #[must_use]
    pub fn new(
        commit: &'a str,
        time: DateTime<FixedOffset>,
        subject: &'a str,
        tree: Option<&'a NavTree>,
    ) -> Self {
        Point {
            commit,
            time,
            subject,
            tree,
        }
    }
}

/// What happened to the node at one commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum EventKind {
    /// It appeared.
    Added,
    /// It moved under another parent (or with a parent that moved).
    Moved,
    /// Its title changed.
    Renamed,
    /// Its target changed.
    Relinked,
    /// It moved among its siblings.
    Reordered,
    /// It disappeared.
    Removed,
    /// It appeared again after being removed.
    ReAdded,
}

impl EventKind {
    /// Every kind, in the order of the log schema.
    pub const ALL: [EventKind; 7] = [
        EventKind::Added,
        EventKind::Moved,
        EventKind::Renamed,
        EventKind::Relinked,
        EventKind::Reordered,
        EventKind::Removed,
        EventKind::ReAdded,
    ];

    /// The stable kebab-case id (`added`, `re-added`, …).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            EventKind::Added => "added",
            EventKind::Moved => "moved",
            EventKind::Renamed => "renamed",
            EventKind::Relinked => "relinked",
            EventKind::Reordered => "reordered",
            EventKind::Removed => "removed",
            EventKind::ReAdded => "re-added",
        }
    }
}

impl From<ChangeKind> for EventKind {
    /// What a change of the diff between two versions is to the node it names.
    fn from(kind: ChangeKind) -> Self {
        match kind {
            ChangeKind::Added => EventKind::Added,
            ChangeKind::Removed => EventKind::Removed,
            ChangeKind::Moved => EventKind::Moved,
            ChangeKind::Renamed => EventKind::Renamed,
            ChangeKind::Relinked => EventKind::Relinked,
            ChangeKind::Reordered => EventKind::Reordered,
        }
    }
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One event in a node's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Event {
    /// What happened.
    pub kind: EventKind,
    /// The commit.
    pub commit: String,
    /// The commit time.
    pub time: DateTime<FixedOffset>,
    /// The commit's subject line.
    pub subject: String,
    /// Where it was before (titles from the top).
    pub old_path: Option<Vec<String>>,
    /// Where it is after.
    pub new_path: Option<Vec<String>>,
}

/// The events of the node `query` names, oldest first.
///
/// The node is found where it last matches `query` and traced back through each step's
/// matching to where it appeared, so a query by its newest title or target finds its whole
/// life; earlier lives (removed, then added again) are found the same way. No match is
/// [`Error::NoSuchEntry`] (with suggestions), several in one version
/// [`Error::AmbiguousEntry`].
pub fn trace(query: &str, points: &[Point<'_>], opts: &DiffOptions) -> Result<Vec<Event>> {
    let empty = NavTree::new(crate::model::SourceInfo::default(), Vec::new());
    let trees: Vec<&NavTree> = points.iter().map(|p| p.tree.unwrap_or(&empty)).collect();
    let flats: Vec<Index<'_>> = trees.iter().map(|t| Index::new(&t.roots)).collect();
    let diffs: Vec<crate::diff::Diff> = trees.windows(2).map(|w| diff(w[0], w[1], opts)).collect();

    // The node's number at each version, newest first: found by the query, then traced back.
    let mut ids: Vec<Option<usize>> = vec![None; points.len()];
    for i in (0..points.len()).rev() {
        if ids[i].is_none() {
            match find(&flats[i], query).as_slice() {
                [] => continue,
                [n] => ids[i] = Some(*n),
                many => {
                    return Err(Error::AmbiguousEntry {
                        query: query.to_owned(),
                        candidates: many
                            .iter()
                            .map(|&n| flats[i].breadcrumb(n).join(" › "))
                            .collect(),
                    });
                }
            }
        }
        if let (Some(n), Some(step)) = (ids[i], i.checked_sub(1)) {
            ids[step] = diffs[step].matches.iter().position(|m| *m == Some(n));
        }
    }

    let mut events = Vec::new();
    let mut seen = false;
    for (i, point) in points.iter().enumerate() {
        let event = |kind, old_path, new_path| Event {
            kind,
            commit: point.commit.to_owned(),
            time: point.time,
            subject: point.subject.to_owned(),
            old_path,
            new_path,
        };
        let before = i.checked_sub(1).and_then(|p| ids[p]);
        match (before, ids[i]) {
            (Some(p), Some(n)) if diffs[i - 1].matches.get(p).copied().flatten() == Some(n) => {
                let d = &diffs[i - 1];
                let old_path = flats[i - 1].breadcrumb(p);
                let new_path = flats[i].breadcrumb(n);
                let own: Vec<ChangeKind> = d
                    .changes
                    .iter()
                    .filter(|c| c.old_node == Some(p))
                    .flat_map(Change::kinds)
                    .collect();
                // A matched node is neither added nor removed: its changes are moves, renames,
                // relinks and reorders.
                for &kind in &own {
                    events.push(event(
                        EventKind::from(kind),
                        Some(old_path.clone()),
                        Some(new_path.clone()),
                    ));
                }
                // Carried along by a parent that moved: the node moved too.
                let parent = |path: &Vec<String>| path[..path.len() - 1].to_vec();
                if !own.contains(&ChangeKind::Moved)
                    && parent(&old_path) != parent(&new_path)
                    && ancestors_moved(d, &flats[i - 1], p)
                {
                    events.push(event(EventKind::Moved, Some(old_path), Some(new_path)));
                }
            }
            (before, now) => {
                if let Some(p) = before {
                    events.push(event(
                        EventKind::Removed,
                        Some(flats[i - 1].breadcrumb(p)),
                        None,
                    ));
                }
                if let Some(n) = now {
                    let kind = if seen {
                        EventKind::ReAdded
                    } else {
                        EventKind::Added
                    };
                    events.push(event(kind, None, Some(flats[i].breadcrumb(n))));
                }
            }
        }
        seen |= ids[i].is_some();
    }
    if events.is_empty() {
        return Err(Error::NoSuchEntry {
            query: query.to_owned(),
            suggestions: suggestions(query, points),
        });
    }
    Ok(events)
}

/// The events as text, one a line: date, short commit, kind, where, and the subject.
pub fn render_log_text(events: &[Event], out: &mut dyn Write) -> io::Result<()> {
    for e in events {
        let path = |p: &Option<Vec<String>>| {
            p.as_ref()
                .map(|p| terminal_safe(&p.join(" › ")).into_owned())
        };
        let place = match (path(&e.old_path), path(&e.new_path)) {
            (Some(old), Some(new)) if old != new => format!("{old} → {new}"),
            (_, Some(new)) => new,
            (Some(old), None) => old,
            (None, None) => String::new(),
        };
        writeln!(
            out,
            "{}  {}  {:<9}  {place}  ({})",
            e.time.format("%Y-%m-%d"),
            &e.commit[..12.min(e.commit.len())],
            e.kind.name(),
            terminal_safe(&e.subject)
        )?;
    }
    Ok(())
}

/// The events as a `navdiff.log.v1` JSON document.
#[must_use]
pub fn log_document(query: &str, events: &[Event]) -> serde_json::Value {
    serde_json::json!({ "schema": LOG_SCHEMA, "query": query, "events": events })
}

/// Whether an ancestor of old node `t` was reported moved.
fn ancestors_moved(d: &crate::diff::Diff, ix: &Index<'_>, t: usize) -> bool {
    let mut at = ix.entries[t].parent;
    while at != 0 {
        if d.changes
            .iter()
            .any(|c| c.kind == ChangeKind::Moved && c.old_node == Some(at))
        {
            return true;
        }
        at = ix.entries[at].parent;
    }
    false
}

/// The nodes `query` names: by target, else by breadcrumb (`A › B` or `A > B`), else by title.
fn find(ix: &Index<'_>, query: &str) -> Vec<usize> {
    let target = normalize_target(query);
    let by_target: Vec<usize> = (1..ix.len())
        .filter(|&i| ix.entries[i].target.as_deref() == Some(target.as_str()))
        .collect();
    if !by_target.is_empty() {
        return by_target;
    }
    let parts: Vec<String> = query
        .split(['›', '>'])
        .map(|p| title_key(p.trim()))
        .collect();
    (1..ix.len())
        .filter(|&i| {
            // The node's title keys from itself upwards, against the query's from its end.
            let mut at = i;
            parts.iter().rev().all(|part| {
                let ok = at != 0 && ix.key_text(at) == part;
                at = ix.entries[at].parent;
                ok
            })
        })
        .collect()
}

/// Up to five titles, breadcrumbs or targets seen in any version that look like `query`.
fn suggestions(query: &str, points: &[Point<'_>]) -> Vec<String> {
    let key = title_key(query);
    let mut scored: Vec<(f64, String)> = Vec::new();
    for tree in points.iter().filter_map(|p| p.tree) {
        let ix = Index::new(&tree.roots);
        for i in 1..ix.len() {
            let node = ix.node(i);
            let mut candidates = vec![(ix.key_text(i).to_owned(), ix.breadcrumb(i).join(" › "))];
            if let Some(t) = &node.target {
                candidates.push((t.to_lowercase(), t.clone()));
            }
            for (k, shown) in candidates {
                let score = ratio(&key, &k);
                if score >= 0.5 && !scored.iter().any(|(_, s)| *s == shown) {
                    scored.push((score, shown));
                }
            }
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    scored.into_iter().take(5).map(|(_, s)| s).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::{self, ReadContext};
    use crate::model::NavFormat;

    fn tree(outline: &str) -> NavTree {
        let (roots, _) =
            formats::read(NavFormat::Outline, &ReadContext::alone("t"), outline).expect("outline");
        NavTree::new(crate::model::SourceInfo::default(), roots)
    }

    fn kinds(query: &str, outlines: &[&str]) -> Result<Vec<EventKind>, Vec<String>> {
        let trees: Vec<NavTree> = outlines.iter().map(|o| tree(o)).collect();
        let time = chrono::DateTime::parse_from_rfc3339("2024-01-01T00:00:00+00:00").expect("time");
        let points: Vec<Point<'_>> = trees
            .iter()
            .map(|t| Point::new("c", time, "s", Some(t)))
            .collect();
        match trace(query, &points, &DiffOptions::default()) {
            Ok(events) => Ok(events.into_iter().map(|e| e.kind).collect()),
            Err(Error::NoSuchEntry { suggestions, .. }) => Err(suggestions),
            Err(e) => panic!("unexpected error: {e}"),
        }
    }

    #[test]
    fn removed_and_re_added_relinked_and_carried_by_a_parent() {
        let v = [
            "A\n  [Page](p.md)\n",
            "A\n",
            "B\n  [Page](p.md)\n",
            "B\n  [Page](page.md)\n",
            "C\n  B\n    [Page](page.md)\n",
        ];
        assert_eq!(
            kinds("Page", &v),
            Ok(vec![
                EventKind::Added,
                EventKind::Removed,
                EventKind::ReAdded,
                EventKind::Relinked,
                EventKind::Moved
            ])
        );
        assert_eq!(kinds("Nothing like it", &v), Err(Vec::new()));
        assert!(matches!(kinds("Pag", &v), Err(s) if s.contains(&"A › Page".to_owned())));
    }
}
