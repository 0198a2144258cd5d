//! Pairing old nodes with new ones, in phases, exact evidence before statistical evidence.
//!
//! The identity rule every phase keeps: two pages are one page when (a) their normalised
//! targets are equal; (b) their titles are equal inside matched parents, or unique in both
//! trees and distinctive (a generic title such as "FAQ" across unrelated parents needs
//! alike targets); or (c) their page *file* moved (the caller's file evidence: git's rename detection
//! or content similarity), or kept its file name in another folder. A page whose title
//! **and** target both changed is one page only by (c), or when the title is near-equal and
//! the differing part of the target alike. Similarity is a helper, never evidence alone.
//!
//! 1. *Targets*: equal normalised targets, as multisets (duplicates pair by title and parent
//!    first; the rest wait until their parents are matched).
//! 2. *Page files*: the page file behind an old target became the file behind a new one
//!    (the caller's evidence); then a file name listed once in each whole tree, or a title
//!    and file name found once among the unmatched pages of each (`usage/fields` and
//!    `concepts/fields`), unless the files say they are two documents.
//! 3. *Identical subtrees*: equal subtree hashes (two nodes or more), unique on both sides.
//!
//! Then, in rounds until nothing changes:
//!
//! 4. *Titles, top down*: unmatched children of a matched pair with a title unique among
//!    them on both sides.
//! 5. *Sections by content*: an unmatched section pairs with the unmatched section holding
//!    most of its matched children, when their overlap (dice) reaches the threshold; a child
//!    paired only through a target listed many times, under a title that is everywhere
//!    ("Overview"), does not count as shared.
//! 6. *Titles anywhere*: titles found once in each whole tree, when their parents are
//!    partners, the title is distinctive (not generic: "FAQ", "Overview", or a title the
//!    tree uses under many parents, see `generic.rs`) or the targets are alike.
//! 7. Only when 4–6 found nothing: leftover duplicate targets (under matched parents, else
//!    in document order); when those found nothing either, equal titles repeated under
//!    matched parents (the most alike target first, then the nearest position, then
//!    document order), then similar titles under matched parents, bounded in work.
//!
//! A page and a section are never paired by their titles (`Changelog changelog.md` and a
//! new section `Changelog`): a page that became a section is a removed page and an added
//! section, unless the page's file is found inside it. By their children, a page holding
//! children pairs with a section without a page only under the same title.
//!
//! Every choice is symmetric in old and new (ties break on keys that read the same from
//! either side), so `diff(b, a)` pairs exactly what `diff(a, b)` pairs.
//!
//! In a file without targets, such as LivePerson's, matches grow from unique titles up to
//! sections (5) and back down to the many "Overview" pages (4).

use std::collections::HashMap;

use crate::diff::DiffOptions;
use crate::diff::change::{MatchPhase, Stats};
use crate::diff::generic::Generic;
use crate::diff::index::{FastMap, FastSet, Index, Key, ROOT, fast_map};
use crate::diff::similarity;
use crate::model::FileEvidence;

/// Rounds of phases 4–7 at most; each round adds a level at least, and navs are shallow.
const MAX_ROUNDS: usize = 64;
/// Most similar-title comparisons under one parent pair.
const PARENT_CAP: usize = 400;
/// Most similar-title comparisons in one diff.
const GLOBAL_BUDGET: usize = 200_000;
/// Most work in character diffs in one diff, counted as the product of the compared
/// lengths of each pair: long titles use it up sooner than short ones.
const WORK_BUDGET: usize = 40_000_000;
/// A title found this many times in a tree is everywhere ("Overview", "Methods"): sharing
/// it says nothing about two sections being one.
const UBIQUITOUS: u32 = 3;
/// The least title similarity at which a page whose target also changed may still be the
/// same page (`FAQ faq.md` → `FAQs faqs.md`), when the targets' differing parts are alike.
const NEAR_EQUAL: f64 = 0.8;

/// Which old node pairs with which new node, and which phase paired them.
pub(crate) struct Matching {
    old_to_new: Vec<Option<usize>>,
    new_to_old: Vec<Option<usize>>,
    phase: Vec<Option<MatchPhase>>,
}

impl Matching {
    fn new(n_old: usize, n_new: usize) -> Self {
        let mut m = Matching {
            old_to_new: vec![None; n_old],
            new_to_old: vec![None; n_new],
            phase: vec![None; n_old],
        };
        m.old_to_new[ROOT] = Some(ROOT);
        m.new_to_old[ROOT] = Some(ROOT);
        m
    }

    fn pair(&mut self, a: usize, b: usize, phase: MatchPhase) {
        debug_assert!(self.old_to_new[a].is_none() && self.new_to_old[b].is_none());
        self.old_to_new[a] = Some(b);
        self.new_to_old[b] = Some(a);
        self.phase[a] = Some(phase);
    }

    /// The new partner of old node `a`.
    pub(crate) fn new_of(&self, a: usize) -> Option<usize> {
        self.old_to_new[a]
    }

    /// The old partner of new node `b`.
    pub(crate) fn old_of(&self, b: usize) -> Option<usize> {
        self.new_to_old[b]
    }

    /// Each old node's partner and the phase that paired them, by old node number.
    pub(crate) fn into_parts(self) -> (Vec<Option<usize>>, Vec<Option<MatchPhase>>) {
        (self.old_to_new, self.phase)
    }

    /// The phase that paired old node `a`.
    pub(crate) fn phase(&self, a: usize) -> Option<MatchPhase> {
        self.phase[a]
    }
}

/// Pairs the nodes of `old` and `new`.
pub(crate) fn match_trees(
    old: &Index<'_>,
    new: &Index<'_>,
    opts: &DiffOptions,
    evidence: &FileEvidence,
    stats: &mut Stats,
) -> Matching {
    let mut m = Matching::new(old.len(), new.len());
    let Targets {
        mut leftovers,
        duplicated,
    } = targets(old, new, &mut m);
    file_renames(old, new, &mut m, evidence);
    file_names(old, new, &mut m, evidence);
    identical_subtrees(old, new, &mut m);
    let titles = title_counts(old, new, &m);
    let facts = Facts::new(old, new, evidence, &duplicated);
    let mut generic = Generic::new();
    for round in 1..=MAX_ROUNDS {
        stats.rounds = round;
        let mut changed = titles_top_down(old, new, &mut m);
        changed |= sections_by_content(old, new, &mut m, opts.dice, &facts);
        changed |= unique_titles(
            old,
            new,
            &mut m,
            &titles,
            &mut generic,
            opts.title_similarity,
        );
        if !changed {
            changed = leftover_targets(old, new, &mut m, &mut leftovers);
        }
        if !changed {
            // Titles repeated under matched parents first, then similar titles among what
            // is left: one round, since the first opens no parent the second would look at.
            let open = open_parents(old, new, &m);
            changed = repeated_titles(old, new, &mut m, &open, stats);
            changed |= similar_titles(old, new, &mut m, &open, opts, &facts, stats);
        }
        if !changed {
            break;
        }
    }
    m
}

/// Whether old node `x` and new node `y` are a page and a section: one has a target and the
/// other has none but has children. Titles never pair them.
fn page_and_section(old: &Index<'_>, new: &Index<'_>, x: usize, y: usize) -> bool {
    let (tx, ty) = (
        old.entries[x].target.is_some(),
        new.entries[y].target.is_some(),
    );
    (tx && !ty && !new.kids(y).is_empty()) || (ty && !tx && !old.kids(x).is_empty())
}

/// Whether one of old node `x` and new node `y` is a key (a sidebar, which the site never
/// labels) and the other is not: a key pairs only with a key, so that a category that
/// became a sidebar of its own is not reported as the sidebar renamed.
fn key_and_entry(old: &Index<'_>, new: &Index<'_>, x: usize, y: usize) -> bool {
    old.node(x).is_key() != new.node(y).is_key()
}

/// Whether no title may pair old node `x` with new node `y`: a page and a section, or a key
/// and an entry.
fn never_pair(old: &Index<'_>, new: &Index<'_>, x: usize, y: usize) -> bool {
    page_and_section(old, new, x, y) || key_and_entry(old, new, x, y)
}

/// What phases 5 and 7 ask about single nodes: which titles are everywhere, which targets
/// are listed more than once, and what the page files say. Titles are counted on first use.
struct Facts<'i, 't> {
    old: &'i Index<'t>,
    new: &'i Index<'t>,
    /// What the page files say.
    evidence: &'i FileEvidence,
    /// Targets listed more than once on either side (of those the old side lists), from
    /// phase 1.
    duplicated: &'i FastSet<Key<'i>>,
    /// How often each title occurs in each tree.
    titles: std::cell::OnceCell<FastMap<Key<'i>, [u32; 2]>>,
}

impl<'i, 't> Facts<'i, 't> {
    fn new(
        old: &'i Index<'t>,
        new: &'i Index<'t>,
        evidence: &'i FileEvidence,
        duplicated: &'i FastSet<Key<'i>>,
    ) -> Self {
        Facts {
            old,
            new,
            evidence,
            duplicated,
            titles: std::cell::OnceCell::new(),
        }
    }

    /// Whether old node `c` and its partner say who their parents are. Every pair does but
    /// one made through a target listed more than once (a "GitHub" link in every section)
    /// whose title is everywhere ("Overview", "Methods") on either side. Children whose
    /// parents are not yet paired are paired by evidence of their own (a target, a page
    /// file, a unique title, their own children), so this is the one weak case; it reads the
    /// same from either side.
    fn distinctive(&self, m: &Matching, c: usize) -> bool {
        let Some(d) = m.new_of(c) else { return false };
        let through_copies = m.phase(c) == Some(MatchPhase::Target)
            && self.old.entries[c]
                .target_key()
                .is_some_and(|t| self.duplicated.contains(&t));
        if !through_copies {
            return true;
        }
        let counts = self.titles.get_or_init(|| {
            // Only the titles of nodes whose target is listed more than once are asked about.
            let mut counts: FastMap<Key<'i>, [u32; 2]> = fast_map(0);
            for ix in [self.old, self.new] {
                for idx in 1..ix.len() {
                    if ix.entries[idx]
                        .target_key()
                        .is_some_and(|t| self.duplicated.contains(&t))
                    {
                        counts.entry(ix.key(idx)).or_insert([0; 2]);
                    }
                }
            }
            for (side, ix) in [self.old, self.new].into_iter().enumerate() {
                for idx in 1..ix.len() {
                    if let Some(slot) = counts.get_mut(&ix.key(idx)) {
                        slot[side] += 1;
                    }
                }
            }
            counts
        });
        let everywhere = |key: Key<'_>| {
            counts
                .get(&key)
                .is_some_and(|&[a, b]| a >= UBIQUITOUS || b >= UBIQUITOUS)
        };
        !everywhere(self.old.key(c)) && !everywhere(self.new.key(d))
    }

    /// How many children of old node `x` are matched to children of new node `y` and say so
    /// distinctively.
    fn shared_children(&self, m: &Matching, x: usize, y: usize) -> usize {
        self.old
            .kids(x)
            .iter()
            .filter(|&&c| m.new_of(c).is_some_and(|d| self.new.entries[d].parent == y))
            .filter(|&&c| self.distinctive(m, c))
            .count()
    }
}

/// What phase 1 leaves for later.
struct Targets<'i> {
    /// Copies of duplicated targets it could not settle.
    leftovers: Vec<(Vec<usize>, Vec<usize>)>,
    /// Targets listed more than once on either side.
    duplicated: FastSet<Key<'i>>,
}

/// Phase 1.
fn targets<'i>(old: &'i Index<'_>, new: &'i Index<'_>, m: &mut Matching) -> Targets<'i> {
    // For each target: the first old and new node holding it, and how many do.
    let mut slots: FastMap<Key<'_>, [(usize, usize); 2]> = fast_map(old.len());
    for (side, ix) in [old, new].into_iter().enumerate() {
        for (idx, e) in ix.entries.iter().enumerate().skip(1) {
            let Some(t) = e.target_key() else { continue };
            let slot = if side == 0 {
                slots.entry(t).or_insert([(0, 0); 2])
            } else if let Some(slot) = slots.get_mut(&t) {
                slot
            } else {
                continue;
            };
            let slot = &mut slot[side];
            if slot.1 == 0 {
                slot.0 = idx;
            }
            slot.1 += 1;
        }
    }
    // Pages listed once on each side pair at once; the map's order does not matter
    // because each pair is independent of the others.
    let mut duplicated: FastMap<Key<'_>, (Vec<usize>, Vec<usize>)> = fast_map(0);
    let mut listed_twice: FastSet<Key<'_>> = FastSet::default();
    for (key, &[(a, n_old), (b, n_new)]) in &slots {
        match (n_old, n_new) {
            (1, 1) => m.pair(a, b, MatchPhase::Target),
            (1, 0) => {}
            (_, 0) => {
                listed_twice.insert(*key);
            }
            _ => {
                listed_twice.insert(*key);
                duplicated.insert(*key, (Vec::new(), Vec::new()));
            }
        }
    }
    // A target listed twice on the new side only is not in `slots` when the old side does
    // not list it: such copies are unmatched by targets and need no flag.
    if duplicated.is_empty() {
        return Targets {
            leftovers: Vec::new(),
            duplicated: listed_twice,
        };
    }
    for (side, ix) in [old, new].into_iter().enumerate() {
        for (idx, e) in ix.entries.iter().enumerate().skip(1) {
            if let Some(group) = e.target_key().and_then(|t| duplicated.get_mut(&t)) {
                if side == 0 {
                    group.0.push(idx);
                } else {
                    group.1.push(idx);
                }
            }
        }
    }
    // In document order of the first old copy, for determinism.
    let mut groups: Vec<(Vec<usize>, Vec<usize>)> = duplicated.into_values().collect();
    groups.sort_by_key(|(la, _)| la[0]);
    let mut leftovers = Vec::new();
    for (la, lb) in groups {
        // The same page listed more than once: pair copies that agree on title and parent,
        // then on title; the rest wait for their parents to be matched.
        let parent_key = |ix: &Index<'_>, i: usize| {
            let p = &ix.entries[ix.entries[i].parent];
            format!(
                "{}\u{1f}{}\u{1f}{}",
                ix.key_text(i),
                ix.key_text(ix.entries[i].parent),
                p.target.as_deref().unwrap_or("")
            )
        };
        zip_groups(
            &la,
            &lb,
            |i| parent_key(old, i),
            |j| parent_key(new, j),
            m,
            MatchPhase::Target,
        );
        zip_groups(
            &la,
            &lb,
            |i| old.key_text(i).to_owned(),
            |j| new.key_text(j).to_owned(),
            m,
            MatchPhase::Target,
        );
        let ra: Vec<usize> = la
            .iter()
            .copied()
            .filter(|&a| m.new_of(a).is_none())
            .collect();
        let rb: Vec<usize> = lb
            .iter()
            .copied()
            .filter(|&b| m.old_of(b).is_none())
            .collect();
        if !ra.is_empty() && !rb.is_empty() {
            leftovers.push((ra, rb));
        }
    }
    Targets {
        leftovers,
        duplicated: listed_twice,
    }
}

/// Phase 2a: targets whose page files the evidence says are one file, each listed once on
/// its side.
fn file_renames(old: &Index<'_>, new: &Index<'_>, m: &mut Matching, evidence: &FileEvidence) {
    let renames = evidence.renames();
    if renames.is_empty() {
        return;
    }
    // For each target named by a rename: how many nodes list it, and the last of them.
    let mut wanted: [HashMap<&str, (usize, usize)>; 2] = [HashMap::new(), HashMap::new()];
    for (from, to) in renames {
        wanted[0].insert(from.as_str(), (0, 0));
        wanted[1].insert(to.as_str(), (0, 0));
    }
    for (side, ix) in [old, new].into_iter().enumerate() {
        for (idx, e) in ix.entries.iter().enumerate().skip(1) {
            if let Some(slot) = e.target.as_deref().and_then(|t| wanted[side].get_mut(t)) {
                slot.0 += 1;
                slot.1 = idx;
            }
        }
    }
    for (from, to) in renames {
        if let (Some(&(1, a)), Some(&(1, b))) =
            (wanted[0].get(from.as_str()), wanted[1].get(to.as_str()))
            && m.new_of(a).is_none()
            && m.old_of(b).is_none()
        {
            m.pair(a, b, MatchPhase::FileRename);
        }
    }
}

/// Pairs unmatched members of `la` and `lb` whose keys are equal, in document order.
fn zip_groups(
    la: &[usize],
    lb: &[usize],
    key_a: impl Fn(usize) -> String,
    key_b: impl Fn(usize) -> String,
    m: &mut Matching,
    phase: MatchPhase,
) {
    let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
    for &b in lb.iter().filter(|&&b| m.old_of(b).is_none()) {
        by_key.entry(key_b(b)).or_default().push(b);
    }
    let mut next: HashMap<String, usize> = HashMap::new();
    for &a in la {
        if m.new_of(a).is_some() {
            continue;
        }
        let k = key_a(a);
        if let Some(bs) = by_key.get(&k) {
            let i = next.entry(k).or_insert(0);
            if let Some(&b) = bs.get(*i) {
                *i += 1;
                m.pair(a, b, phase);
            }
        }
    }
}

/// Phase 3.
fn identical_subtrees(old: &Index<'_>, new: &Index<'_>, m: &mut Matching) {
    let count = |ix: &Index<'_>, unmatched: &dyn Fn(usize) -> bool| {
        let mut c: FastMap<u64, (usize, usize)> = fast_map(0);
        for idx in (1..ix.len()).filter(|&i| unmatched(i)) {
            let e = c.entry(ix.entries[idx].hash).or_insert((0, idx));
            e.0 += 1;
        }
        c
    };
    let old_counts = count(old, &|a| m.new_of(a).is_none());
    let new_counts = count(new, &|b| m.old_of(b).is_none());
    for a in 1..old.len() {
        if m.new_of(a).is_some() {
            continue;
        }
        let h = old.entries[a].hash;
        let (Some(&(1, _)), Some(&(1, b))) = (old_counts.get(&h), new_counts.get(&h)) else {
            continue;
        };
        // A lone leaf is a title or a target, which phases 1 and 5 name better.
        if m.old_of(b).is_some()
            || key_and_entry(old, new, a, b)
            || old.entries[a].size < 2
            || old.entries[a].size != new.entries[b].size
        {
            continue;
        }
        let mut stack = vec![(a, b)];
        while let Some((x, y)) = stack.pop() {
            if m.new_of(x).is_none() && m.old_of(y).is_none() {
                m.pair(x, y, MatchPhase::IdenticalSubtree);
            }
            // A copy paired elsewhere (a duplicated target) keeps its own children.
            if m.new_of(x) == Some(y) {
                stack.extend(old.kids(x).iter().copied().zip(new.kids(y).iter().copied()));
            }
        }
    }
}

/// Phase 4.
fn titles_top_down(old: &Index<'_>, new: &Index<'_>, m: &mut Matching) -> bool {
    let has_unmatched_kids = |m: &Matching, a: usize, b: usize| {
        old.kids(a).iter().any(|&x| m.new_of(x).is_none())
            && new.kids(b).iter().any(|&y| m.old_of(y).is_none())
    };
    let mut work: Vec<(usize, usize)> = (0..old.len())
        .filter_map(|a| m.new_of(a).map(|b| (a, b)))
        .filter(|&(a, b)| has_unmatched_kids(m, a, b))
        .collect();
    let mut changed = false;
    while let Some((a, b)) = work.pop() {
        let (ka, kb) = unmatched_kids(old, new, m, a, b);
        if ka.is_empty() || kb.is_empty() {
            continue;
        }
        let counts_b = unique_keys(new, &kb);
        let counts_a = unique_keys(old, &ka);
        for &x in &ka {
            let key = old.key(x);
            if let (Some(&(1, _)), Some(&(1, y))) = (counts_a.get(&key), counts_b.get(&key))
                && !never_pair(old, new, x, y)
            {
                m.pair(x, y, MatchPhase::Title);
                changed = true;
                if has_unmatched_kids(m, x, y) {
                    work.push((x, y));
                }
            }
        }
    }
    changed
}

/// The matched pairs whose children are unmatched on both sides, in old document order:
/// where the later phases look, found from the unmatched nodes without visiting every
/// parent's children.
fn open_parents(old: &Index<'_>, new: &Index<'_>, m: &Matching) -> Vec<(usize, usize)> {
    let (mut old_side, mut new_side) = (vec![false; old.len()], vec![false; old.len()]);
    for x in (1..old.len()).filter(|&x| m.new_of(x).is_none()) {
        old_side[old.entries[x].parent] = true;
    }
    for y in (1..new.len()).filter(|&y| m.old_of(y).is_none()) {
        if let Some(a) = m.old_of(new.entries[y].parent) {
            new_side[a] = true;
        }
    }
    (0..old.len())
        .filter(|&a| old_side[a] && new_side[a])
        .filter_map(|a| m.new_of(a).map(|b| (a, b)))
        .collect()
}

/// The children of old node `a` and new node `b` that are still unmatched.
fn unmatched_kids(
    old: &Index<'_>,
    new: &Index<'_>,
    m: &Matching,
    a: usize,
    b: usize,
) -> (Vec<usize>, Vec<usize>) {
    let ka = old
        .kids(a)
        .iter()
        .copied()
        .filter(|&x| m.new_of(x).is_none())
        .collect();
    let kb = new
        .kids(b)
        .iter()
        .copied()
        .filter(|&y| m.old_of(y).is_none())
        .collect();
    (ka, kb)
}

/// How often each title key occurs among `nodes`, with the last node holding it.
fn unique_keys<'i>(ix: &'i Index<'_>, nodes: &[usize]) -> FastMap<Key<'i>, (usize, usize)> {
    let mut c: FastMap<Key<'_>, (usize, usize)> = fast_map(nodes.len());
    for &n in nodes {
        let e = c.entry(ix.key(n)).or_insert((0, n));
        e.0 += 1;
    }
    c
}

/// Phase 5.
fn sections_by_content(
    old: &Index<'_>,
    new: &Index<'_>,
    m: &mut Matching,
    threshold: f64,
    facts: &Facts<'_, '_>,
) -> bool {
    let mut candidates: Vec<(f64, bool, usize, usize)> = Vec::new();
    let mut parents: Vec<usize> = Vec::new();
    for s in 1..old.len() {
        let kids_s = &old.kids(s);
        if m.new_of(s).is_some() || kids_s.is_empty() {
            continue;
        }
        parents.clear();
        parents.extend(
            kids_s
                .iter()
                .filter_map(|&c| m.new_of(c).map(|mc| (c, new.entries[mc].parent)))
                .filter(|&(_, t)| t != ROOT && m.old_of(t).is_none())
                .filter(|&(c, _)| facts.distinctive(m, c))
                .map(|(_, t)| t),
        );
        parents.sort_unstable();
        for run in parents.chunk_by(|x, y| x == y) {
            let t = run[0];
            let score = 2.0 * run.len() as f64 / (kids_s.len() + new.kids(t).len()) as f64;
            let same_title = old.key_text(s) == new.key_text(t);
            // A page with children and a section without a page are one entry only under
            // one title (a section that gained an index page); else the page left the nav.
            if score >= threshold
                && (same_title || !page_and_section(old, new, s, t))
                && !key_and_entry(old, new, s, t)
            {
                candidates.push((score, same_title, s, t));
            }
        }
    }
    candidates.sort_by(|x, y| {
        y.0.total_cmp(&x.0)
            .then(y.1.cmp(&x.1))
            .then(x.2.min(x.3).cmp(&y.2.min(y.3)))
            .then(x.2.max(x.3).cmp(&y.2.max(y.3)))
    });
    let mut changed = false;
    for (_, _, s, t) in candidates {
        if m.new_of(s).is_none() && m.old_of(t).is_none() {
            m.pair(s, t, MatchPhase::Children);
            changed = true;
        }
    }
    changed
}

/// For titles of nodes still unmatched after phases 1 and 2: how often each occurs in the
/// whole old and new tree, with a node holding it. Counting only these keeps the scan to
/// look-ups in a small table; the set only shrinks as matching goes on.
fn title_counts<'i>(
    old: &'i Index<'_>,
    new: &'i Index<'_>,
    m: &Matching,
) -> FastMap<Key<'i>, [(usize, usize); 2]> {
    let mut counts: FastMap<Key<'_>, [(usize, usize); 2]> = fast_map(0);
    for a in 1..old.len() {
        if m.new_of(a).is_none() && !old.key_text(a).is_empty() {
            counts.entry(old.key(a)).or_insert([(0, 0); 2]);
        }
    }
    for b in 1..new.len() {
        if m.old_of(b).is_none() && !new.key_text(b).is_empty() {
            counts.entry(new.key(b)).or_insert([(0, 0); 2]);
        }
    }
    if counts.is_empty() {
        return counts;
    }
    for (side, ix) in [old, new].into_iter().enumerate() {
        for idx in 1..ix.len() {
            if let Some(slot) = counts.get_mut(&ix.key(idx)) {
                slot[side].0 += 1;
                slot[side].1 = idx;
            }
        }
    }
    counts
}

/// Phase 6. A title found once in each tree pairs its two nodes when their parents are
/// partners, or when something else says they are one page: a distinctive title (not
/// generic, see `generic.rs`: "FAQ" of the Android SDK is not "FAQ" of the iOS SDK),
/// or alike targets. A generic title under parents not paired yet waits: once the parents
/// pair, phase 4 pairs it. Every decision reads the matching as the phase found it, so the
/// order of the candidates does not matter.
fn unique_titles(
    old: &Index<'_>,
    new: &Index<'_>,
    m: &mut Matching,
    titles: &FastMap<Key<'_>, [(usize, usize); 2]>,
    generic: &mut Generic,
    threshold: f64,
) -> bool {
    let mut found: Vec<(usize, usize)> = titles
        .values()
        .filter(|&&[(n_old, a), (n_new, b)]| {
            n_old == 1
                && n_new == 1
                && m.new_of(a).is_none()
                && m.old_of(b).is_none()
                && !never_pair(old, new, a, b)
        })
        .map(|&[(_, a), (_, b)]| (a, b))
        .collect();
    let placed =
        |a: usize, b: usize| m.new_of(old.entries[a].parent) == Some(new.entries[b].parent);
    let linked = |a: usize, b: usize| match (&old.entries[a].target, &new.entries[b].target) {
        (Some(x), Some(y)) => similarity::target_alikeness(x, y) >= threshold,
        _ => false,
    };
    let asked: Vec<&str> = found
        .iter()
        .filter(|&&(a, b)| !placed(a, b) && !linked(a, b))
        .map(|&(a, _)| old.key_text(a))
        .collect();
    generic.resolve(old, new, &asked);
    found.retain(|&(a, b)| placed(a, b) || linked(a, b) || !generic.is_generic(old.key_text(a)));
    for &(a, b) in &found {
        m.pair(a, b, MatchPhase::UniqueTitle);
    }
    !found.is_empty()
}

/// Phase 7a: copies of a duplicated target, by matched parent, else in document order.
fn leftover_targets(
    old: &Index<'_>,
    new: &Index<'_>,
    m: &mut Matching,
    leftovers: &mut Vec<(Vec<usize>, Vec<usize>)>,
) -> bool {
    let mut changed = false;
    for (la, lb) in leftovers.iter_mut() {
        la.retain(|&a| m.new_of(a).is_none());
        lb.retain(|&b| m.old_of(b).is_none());
        let before = la.len();
        // Keys are partner-of-parent indices, computed before `zip_groups` borrows the matching.
        let partner_parent: HashMap<usize, String> = la
            .iter()
            .map(|&a| {
                (
                    a,
                    m.new_of(old.entries[a].parent)
                        .map_or_else(String::new, |p| p.to_string()),
                )
            })
            .collect();
        let parent_key = |a: usize| partner_parent.get(&a).cloned().unwrap_or_default();
        zip_groups(
            la,
            lb,
            parent_key,
            |b| new.entries[b].parent.to_string(),
            m,
            MatchPhase::Target,
        );
        changed |= la.iter().filter(|&&a| m.new_of(a).is_none()).count() != before;
    }
    if changed {
        return true;
    }
    // No parent settled anything: pair the remaining copies in document order.
    for (la, lb) in leftovers.iter() {
        for (&a, &b) in la.iter().zip(lb) {
            if m.new_of(a).is_none() && m.old_of(b).is_none() {
                m.pair(a, b, MatchPhase::Target);
                changed = true;
            }
        }
    }
    leftovers.clear();
    changed
}

/// How alike two nodes' targets are for telling repeated titles apart: equal (or both
/// absent) is 1, one absent is 0, else the alikeness of the parts that differ.
fn alikeness(tx: Option<&str>, ty: Option<&str>) -> f64 {
    match (tx, ty) {
        (None, None) => 1.0,
        (Some(a), Some(b)) => similarity::target_alikeness(a, b),
        _ => 0.0,
    }
}

/// A candidate pair of the later phases, ordered best first: score, then the nearer
/// positions, then document order (keys that read the same from either side first).
type Candidate = (f64, usize, usize, usize, usize, usize);

/// A candidate pair of old node `x` and new node `y`. Their distance is the smaller of the
/// distances counted from the first and from the last sibling, so that the page that kept
/// its place at either end is preferred.
fn candidate(score: f64, old: &Index<'_>, new: &Index<'_>, x: usize, y: usize) -> Candidate {
    let (ex, ey) = (&old.entries[x], &new.entries[y]);
    let (px, py) = (ex.pos, ey.pos);
    let from_end = |ix: &Index<'_>, pos: usize, parent: usize| ix.kids(parent).len() - 1 - pos;
    let (rx, ry) = (from_end(old, px, ex.parent), from_end(new, py, ey.parent));
    let distance = px.abs_diff(py).min(rx.abs_diff(ry));
    (score, distance, px.min(py), px.max(py), x, y)
}

/// Pairs candidates best first, each node once.
fn pair_best_first(m: &mut Matching, mut candidates: Vec<Candidate>, phase: MatchPhase) -> bool {
    candidates.sort_by(|p, q| {
        q.0.total_cmp(&p.0)
            .then(p.1.cmp(&q.1))
            .then(p.2.cmp(&q.2))
            .then(p.3.cmp(&q.3))
            .then(p.4.cmp(&q.4))
            .then(p.5.cmp(&q.5))
    });
    let mut changed = false;
    for (_, _, _, _, x, y) in candidates {
        if m.new_of(x).is_none() && m.old_of(y).is_none() {
            m.pair(x, y, phase);
            changed = true;
        }
    }
    changed
}

/// The file name of node `idx`'s target (see [`similarity::file_stem`]).
fn stem<'i>(ix: &'i Index<'_>, idx: usize) -> Option<&'i str> {
    ix.entries[idx]
        .target
        .as_deref()
        .and_then(similarity::file_stem)
}

/// Phase 2b: a page file that kept its name in another folder (`usage/fields.md` →
/// `concepts/fields.md`), when that file name is listed once in each tree, or its title and
/// file name together are found once among the unmatched pages of each tree.
fn file_names(old: &Index<'_>, new: &Index<'_>, m: &mut Matching, evidence: &FileEvidence) {
    // Title with file name, among unmatched pages only (both kept: a strong key even when a
    // page of that title and name is listed elsewhere and stays); and the file names of
    // unmatched pages on both sides, then how often each is listed in each whole tree.
    let mut titled: FastMap<(&str, &str), [(usize, usize); 2]> = fast_map(0);
    let mut stems: FastMap<&str, [(usize, usize); 2]> = fast_map(0);
    for (side, (ix, unmatched)) in [
        (old, &(|i| m.new_of(i).is_none()) as &dyn Fn(usize) -> bool),
        (new, &|i| m.old_of(i).is_none()),
    ]
    .into_iter()
    .enumerate()
    {
        for idx in (1..ix.len()).filter(|&i| unmatched(i)) {
            if let Some(s) = stem(ix, idx) {
                // For now, the count says whether the side has an unmatched page of the name.
                stems.entry(s).or_insert([(0, 0); 2])[side].0 = 1;
                let slot = titled.entry((ix.key_text(idx), s)).or_insert([(0, 0); 2]);
                slot[side] = (slot[side].0 + 1, idx);
            }
        }
    }
    stems.retain(|_, [(a, _), (b, _)]| *a == 1 && *b == 1);
    if !stems.is_empty() {
        for slot in stems.values_mut() {
            *slot = [(0, 0); 2];
        }
        for (side, ix) in [old, new].into_iter().enumerate() {
            for idx in 1..ix.len() {
                let Some(s) = stem(ix, idx) else { continue };
                if let Some(slot) = stems.get_mut(s) {
                    slot[side] = (slot[side].0 + 1, idx);
                }
            }
        }
    }
    let mut pairs: Vec<(usize, usize)> = stems
        .values()
        .chain(titled.values())
        .filter(|[(n_old, _), (n_new, _)]| *n_old == 1 && *n_new == 1)
        .map(|[(_, a), (_, b)]| (*a, *b))
        .filter(|&(a, b)| m.new_of(a).is_none() && m.old_of(b).is_none())
        .filter(|&(a, b)| {
            let (ta, tb) = (
                old.entries[a].target.as_deref().unwrap_or_default(),
                new.entries[b].target.as_deref().unwrap_or_default(),
            );
            !evidence.files_differ(ta, tb)
        })
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    for (a, b) in pairs {
        if m.new_of(a).is_none() && m.old_of(b).is_none() {
            m.pair(a, b, MatchPhase::FileName);
        }
    }
}

/// Phase 7b: equal titles repeated among the unmatched children of a matched pair (two
/// "Overview" pages in one folder): the most alike targets first, then the nearest
/// positions, then document order.
fn repeated_titles(
    old: &Index<'_>,
    new: &Index<'_>,
    m: &mut Matching,
    open: &[(usize, usize)],
    stats: &mut Stats,
) -> bool {
    let mut candidates: Vec<Candidate> = Vec::new();
    for &(a, b) in open {
        let (ka, kb) = unmatched_kids(old, new, m, a, b);
        if ka.is_empty() || kb.is_empty() {
            continue;
        }
        let mut by_key: FastMap<Key<'_>, (usize, Vec<usize>)> = fast_map(kb.len());
        for &y in &kb {
            by_key.entry(new.key(y)).or_default().1.push(y);
        }
        for &x in &ka {
            if let Some(slot) = by_key.get_mut(&old.key(x)) {
                slot.0 += 1;
            }
        }
        for &x in &ka {
            let Some((n_old, ys)) = by_key.get(&old.key(x)) else {
                continue;
            };
            if n_old * ys.len() > PARENT_CAP {
                stats.similarity_checks_skipped += ys.len();
                continue;
            }
            for &y in ys {
                if never_pair(old, new, x, y) {
                    continue;
                }
                let score = alikeness(
                    old.entries[x].target.as_deref(),
                    new.entries[y].target.as_deref(),
                );
                candidates.push(candidate(score, old, new, x, y));
            }
        }
    }
    pair_best_first(m, candidates, MatchPhase::Title)
}

/// Phase 7c: similar titles under matched parents, bounded in work. Titles alone may pair
/// nodes whose targets are equal or both absent, two sections only when they share a
/// distinctive child; a page whose target also changed needs a near-equal title and alike
/// targets, and no page file saying otherwise.
fn similar_titles(
    old: &Index<'_>,
    new: &Index<'_>,
    m: &mut Matching,
    open: &[(usize, usize)],
    opts: &DiffOptions,
    facts: &Facts<'_, '_>,
    stats: &mut Stats,
) -> bool {
    let threshold = opts.title_similarity;
    let near = NEAR_EQUAL.max(threshold);
    let mut candidates: Vec<Candidate> = Vec::new();
    for &(a, b) in open {
        let (ka, kb) = unmatched_kids(old, new, m, a, b);
        let work = ka.len() * kb.len();
        if work == 0 {
            continue;
        }
        if work > PARENT_CAP
            || stats.similarity_checks + work > GLOBAL_BUDGET
            || stats.similarity_work > WORK_BUDGET
        {
            stats.similarity_checks_skipped += work;
            continue;
        }
        for &x in &ka {
            let ex = &old.entries[x];
            let kx = old.key_text(x);
            let len_x = kx.chars().count();
            for &y in &kb {
                stats.similarity_checks += 1;
                if never_pair(old, new, x, y) {
                    continue;
                }
                let ey = &new.entries[y];
                let ky = new.key_text(y);
                let len_y = ky.chars().count();
                let mut title_ratio = |least: f64| {
                    if similarity::best_possible(len_x, len_y) < least {
                        return 0.0;
                    }
                    stats.similarity_work +=
                        similarity::compared_len(len_x) * similarity::compared_len(len_y);
                    similarity::ratio(kx, ky)
                };
                let score = match (ex.target.as_deref(), ey.target.as_deref()) {
                    (tx, ty) if tx == ty => {
                        let r = title_ratio(threshold);
                        if r < threshold {
                            continue;
                        }
                        // Two sections: only with a distinctive child in common.
                        let sections = !old.kids(x).is_empty() && !new.kids(y).is_empty();
                        if sections && facts.shared_children(m, x, y) == 0 {
                            continue;
                        }
                        r
                    }
                    (Some(tx), Some(ty)) => {
                        if facts.evidence.files_differ(tx, ty) {
                            continue;
                        }
                        let r = title_ratio(near);
                        if r < near {
                            continue;
                        }
                        let t = similarity::target_alikeness(tx, ty);
                        if t < threshold {
                            continue;
                        }
                        f64::midpoint(r, t)
                    }
                    _ => continue,
                };
                candidates.push(candidate(score, old, new, x, y));
            }
        }
    }
    pair_best_first(m, candidates, MatchPhase::SimilarTitle)
}
