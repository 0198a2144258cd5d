//! What the page files say about page identity: computed in `source` (which reads them),
//! handed to the diff engine (which does no I/O) through `diff::diff_with`.
//!
//! Two kinds of fact: a page file that *moved* (git's rename detection between two commits,
//! or content similarity between two folders), and a page file that *stayed* where it was
//! (it exists at the same path on both sides, so it cannot be the file another page moved
//! to). Facts are about targets, normalised as the engine normalises them.

use std::collections::HashSet;

use serde::Serialize;

use crate::model::normalize_target;

/// Where the page files' evidence came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum EvidenceSource {
    /// No page files were compared (snapshots, or files navdiff could not find): pages
    /// were told apart by their targets and titles only.
    #[default]
    None,
    /// Git's rename detection between the two commits' trees.
    Git,
    /// The contents of the page files of two folders (or a revision and a folder).
    Content,
}

impl EvidenceSource {
    /// Every source, in the order of the schema's enum.
    pub const ALL: [EvidenceSource; 3] = [
        EvidenceSource::None,
        EvidenceSource::Git,
        EvidenceSource::Content,
    ];

    /// The stable kebab-case id used in JSON (`none`, `git`, `content`).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            EvidenceSource::None => "none",
            EvidenceSource::Git => "git",
            EvidenceSource::Content => "content",
        }
    }
}

/// Facts about the page files behind two trees' targets.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct FileEvidence {
    /// Where the facts came from.
    pub source: EvidenceSource,
    /// Old target → new target: the old page's file became the new page's file.
    renames: Vec<(String, String)>,
    /// Old target → new target: the two files share some of their text (a weaker
    /// similarity than a rename's), so they may be one document.
    related: HashSet<(String, String)>,
    /// Targets of each side (old, new) whose page file was found and compared.
    known: [HashSet<String>; 2],
    /// Targets of each side whose page file is at the same path on the other side.
    stayed: [HashSet<String>; 2],
}

impl FileEvidence {
    /// No evidence: identity from targets and titles only.
    #[must_use]
    pub fn none() -> Self {
        FileEvidence::default()
    }

    /// Empty evidence from `source`, to be filled with [`FileEvidence::add_page`] and
    /// [`FileEvidence::add_rename`].
    #[must_use]
    pub fn new(source: EvidenceSource) -> Self {
        FileEvidence {
            source,
            ..FileEvidence::default()
        }
    }

    /// The page file behind `target` (as written or normalised) of the old side
    /// (`old == true`) or of the new side was found and compared with the other side's
    /// files; `stayed` when it is at the same path on the other side. A known file that is
    /// in no rename is, for the engine, a different document from every other known file.
    pub fn add_page(&mut self, target: &str, old: bool, stayed: bool) {
        let side = usize::from(!old);
        let t = normalize_target(target);
        if stayed {
            self.stayed[side].insert(t.clone());
        }
        self.known[side].insert(t);
    }

    /// The page file behind `old_target` became the file behind `new_target` (targets as
    /// written or normalised).
    pub fn add_rename(&mut self, old_target: &str, new_target: &str) {
        let pair = (normalize_target(old_target), normalize_target(new_target));
        self.related.insert(pair.clone());
        self.renames.push(pair);
    }

    /// The page files behind `old_target` and `new_target` share some of their text, though
    /// not enough for a rename: an equal file name or a near-equal title may pair them.
    /// Two known files that are not related are, for the engine, different documents.
    pub fn add_related(&mut self, old_target: &str, new_target: &str) {
        self.related
            .insert((normalize_target(old_target), normalize_target(new_target)));
    }

    /// The renames, old target → new target, normalised, in the order they were added.
    #[must_use]
    pub fn renames(&self) -> &[(String, String)] {
        &self.renames
    }

    /// How many page files were found behind the old and the new tree's targets.
    #[must_use]
    pub fn pages_found(&self) -> (usize, usize) {
        (self.known[0].len(), self.known[1].len())
    }

    /// Whether any page file was compared at all; when not, pages were told apart by their
    /// targets and titles only.
    #[must_use]
    pub fn compared_files(&self) -> bool {
        self.source != EvidenceSource::None
            && !(self.known[0].is_empty() && self.known[1].is_empty())
    }

    /// Whether the page file behind the normalised `target` of one side was found.
    pub(crate) fn known(&self, target: &str, old: bool) -> bool {
        self.known[usize::from(!old)].contains(target)
    }

    /// Whether the page file behind the normalised `target` of one side is at the same path
    /// on the other side.
    pub(crate) fn stayed(&self, target: &str, old: bool) -> bool {
        self.stayed[usize::from(!old)].contains(target)
    }

    /// Whether the page files say that the files behind old target `tx` and new target `ty`
    /// (normalised) are different documents: one of them stayed where it was, or both were
    /// compared and share (almost) nothing.
    pub(crate) fn files_differ(&self, tx: &str, ty: &str) -> bool {
        self.stayed(tx, true)
            || self.stayed(ty, false)
            || (self.known(tx, true)
                && self.known(ty, false)
                && !self.related.contains(&(tx.to_owned(), ty.to_owned())))
    }

    /// The same facts with old and new swapped, for diffing the other way.
    #[must_use]
    pub fn reversed(&self) -> Self {
        FileEvidence {
            source: self.source,
            renames: self
                .renames
                .iter()
                .map(|(a, b)| (b.clone(), a.clone()))
                .collect(),
            related: self
                .related
                .iter()
                .map(|(a, b)| (b.clone(), a.clone()))
                .collect(),
            known: [self.known[1].clone(), self.known[0].clone()],
            stayed: [self.stayed[1].clone(), self.stayed[0].clone()],
        }
    }
}
