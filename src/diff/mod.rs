//! The diff engine: which nodes of two navigation trees are the same page or section, and
//! what happened to each.
//!
//! [`diff`] pairs old and new nodes in phases (`matching.rs`), classifies the pairs and the
//! unpaired nodes into [`Change`]s (`classify.rs`), and writes the [`EditScript`] that
//! [`apply`] replays to rebuild the new tree (`script.rs`). Pure code: no I/O, no
//! environment, same input, same output.
//!
//! ```
//! use navdiff::diff::{ChangeKind, DiffOptions, diff};
//! use navdiff::model::{NavTree, Node, SourceInfo};
//!
//! let old = NavTree::new(SourceInfo::default(), vec![
//!     Node::section("Guide", vec![Node::page("Deploy", "deploy.md")]),
//!     Node::section("Operations", vec![]),
//! ]);
//! let new = NavTree::new(SourceInfo::default(), vec![
//!     Node::section("Guide", vec![]),
//!     Node::section("Operations", vec![Node::page("Deploy", "deploy.md")]),
//! ]);
//! let d = diff(&old, &new, &DiffOptions::default());
//! assert_eq!(d.changes.len(), 1);
//! assert_eq!(d.changes[0].kind, ChangeKind::Moved);
//! assert_eq!(d.changes[0].new_path.as_deref(), Some(&["Operations".to_owned(), "Deploy".to_owned()][..]));
//! ```

mod change;
mod classify;
mod generic;
mod index;
mod matching;
mod options;
mod script;
mod similarity;

#[cfg(test)]
mod tests;

pub use crate::model::{EvidenceSource, FileEvidence};
pub use change::{Change, ChangeKind, Diff, MatchPhase, Side, Stats, Summary, WordChange};
pub use options::DiffOptions;
pub use script::{ApplyError, Edit, EditScript, Slot, apply};

use crate::model::NavTree;

/// What `history` shares with the engine to trace one page: the same indexing, so that node
/// numbers agree with [`Change::old_node`] and [`Diff::matches`].
pub(crate) mod for_history {
    pub(crate) use super::index::{Index, title_key};
    pub(crate) use super::similarity::ratio;
}

/// The structural difference between `old` and `new`, telling pages apart by their targets
/// and titles only.
#[must_use]
pub fn diff(old: &NavTree, new: &NavTree, opts: &DiffOptions) -> Diff {
    diff_with(old, new, opts, &FileEvidence::none())
}

/// The structural difference between `old` and `new`, with what their page files say about
/// which pages are one page (a file git saw renamed, a file that stayed where it was).
#[must_use]
pub fn diff_with(
    old: &NavTree,
    new: &NavTree,
    opts: &DiffOptions,
    evidence: &FileEvidence,
) -> Diff {
    let (old_index, new_index) = index::Index::pair(&old.roots, &new.roots);
    let mut stats = Stats::default();
    let matching = matching::match_trees(&old_index, &new_index, opts, evidence, &mut stats);
    let (changes, displaced, untitled) =
        classify::classify(&old_index, &new_index, &matching, opts);
    let script = script::build(&old_index, &new_index, &matching, &displaced);
    let (matches, phases) = matching.into_parts();
    // A location without a file is in the nav file: named here, once the sides are known.
    let mut changes = changes;
    for c in &mut changes {
        for (at, side) in [(&mut c.at, new), (&mut c.old_at, old)] {
            if let Some(at) = at
                && at.file.is_none()
            {
                at.file = side.nav_file.clone().or_else(|| side.source.path.clone());
            }
        }
    }
    let diff = Diff {
        old: Side::of(old, old_index.len() - 1),
        new: Side::of(new, new_index.len() - 1),
        summary: Summary::of(&changes),
        changes,
        script,
        file_evidence: if evidence.compared_files() {
            evidence.source
        } else {
            EvidenceSource::None
        },
        untitled,
        stats,
        matches,
        phases,
    };
    debug_assert!(
        old_index.len() > 20_000 || apply(old, &diff).is_ok_and(|t| t.roots == new.roots),
        "the edit script must rebuild the new tree"
    );
    diff
}
