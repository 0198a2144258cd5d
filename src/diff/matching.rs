//! Pairing old nodes with new ones, in phases, exact evidence before statistical evidence.
//!
//! 1. *Targets*: equal normalised targets, as multisets (duplicates pair by title and parent
//!    first; the rest wait until their parents are matched).
//! 2. *Identical subtrees*: equal subtree hashes (two nodes or more), unique on both sides.
//!
//! Then, in rounds until nothing changes:
//!
//! 3. *Titles, top down*: unmatched children of a matched pair with a title unique among
//!    them on both sides.
//! 4. *Sections by content*: an unmatched section pairs with the unmatched section holding
//!    most of its matched children, when their overlap (dice) reaches the threshold.
//! 5. *Titles anywhere*: titles found once in each whole tree.
//! 6. Only when 3–5 found nothing: leftover duplicate targets (under matched parents, else in
//!    document order), then similar titles under matched parents, bounded in work.
//!
//! Every choice is symmetric in old and new (ties break on keys that read the same from
//! either side), so `diff(b, a)` pairs exactly what `diff(a, b)` pairs.
//!
//! In a file without targets, such as LivePerson's, matches grow from unique titles up to
//! sections (4) and back down to the many "Overview" pages (3).

use std::collections::HashMap;

use crate::diff::DiffOptions;
use crate::diff::change::{MatchPhase, Stats};
use crate::diff::index::{FastMap, Index, Key, ROOT, fast_map};
use crate::diff::similarity;

/// Rounds of phases 3–6 at most; each round adds a level at least, and navs are shallow.
const MAX_ROUNDS: usize = 64;
/// Most similar-title comparisons under one parent pair.
const PARENT_CAP: usize = 400;
/// Most similar-title comparisons in one diff.
const GLOBAL_BUDGET: usize = 200_000;

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

    /// Each old node's partner, by old node number.
    pub(crate) fn into_old_to_new(self) -> Vec<Option<usize>> {
        self.old_to_new
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
    stats: &mut Stats,
) -> Matching {
    let mut m = Matching::new(old.len(), new.len());
    let mut leftovers = targets(old, new, &mut m);
    identical_subtrees(old, new, &mut m);
    let titles = title_counts(old, new, &m);
    for round in 1..=MAX_ROUNDS {
        stats.rounds = round;
        let mut changed = titles_top_down(old, new, &mut m);
        changed |= sections_by_content(old, new, &mut m, opts.dice);
        changed |= unique_titles(&mut m, &titles);
        if !changed {
            changed = leftover_targets(old, new, &mut m, &mut leftovers);
        }
        if !changed {
            changed = similar_titles(old, new, &mut m, opts.title_similarity, stats);
        }
        if !changed {
            break;
        }
    }
    m
}

/// Phase 1. Returns the duplicate-target groups it could not settle.
fn targets(old: &Index<'_>, new: &Index<'_>, m: &mut Matching) -> Vec<(Vec<usize>, Vec<usize>)> {
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
    for (key, &[(a, n_old), (b, n_new)]) in &slots {
        match (n_old, n_new) {
            (1, 1) => m.pair(a, b, MatchPhase::Target),
            (_, 0) => {}
            _ => {
                duplicated.insert(*key, (Vec::new(), Vec::new()));
            }
        }
    }
    if duplicated.is_empty() {
        return Vec::new();
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
    leftovers
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

/// Phase 2.
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

/// Phase 3.
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
            if let (Some(&(1, _)), Some(&(1, y))) = (counts_a.get(&key), counts_b.get(&key)) {
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

/// Phase 4.
fn sections_by_content(old: &Index<'_>, new: &Index<'_>, m: &mut Matching, threshold: f64) -> bool {
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
                .filter_map(|&c| m.new_of(c))
                .map(|mc| new.entries[mc].parent)
                .filter(|&t| t != ROOT && m.old_of(t).is_none()),
        );
        parents.sort_unstable();
        for run in parents.chunk_by(|x, y| x == y) {
            let t = run[0];
            let score = 2.0 * run.len() as f64 / (kids_s.len() + new.kids(t).len()) as f64;
            if score >= threshold {
                candidates.push((score, old.key_text(s) == new.key_text(t), s, t));
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

/// Phase 5.
fn unique_titles(m: &mut Matching, titles: &FastMap<Key<'_>, [(usize, usize); 2]>) -> bool {
    let mut changed = false;
    for &[(n_old, a), (n_new, b)] in titles.values() {
        if n_old == 1 && n_new == 1 && m.new_of(a).is_none() && m.old_of(b).is_none() {
            m.pair(a, b, MatchPhase::UniqueTitle);
            changed = true;
        }
    }
    changed
}

/// Phase 6a: copies of a duplicated target, by matched parent, else in document order.
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

/// Phase 6b.
fn similar_titles(
    old: &Index<'_>,
    new: &Index<'_>,
    m: &mut Matching,
    threshold: f64,
    stats: &mut Stats,
) -> bool {
    let mut candidates: Vec<(f64, usize, usize, usize, usize)> = Vec::new();
    for a in 0..old.len() {
        let Some(b) = m.new_of(a) else { continue };
        let (ka, kb) = unmatched_kids(old, new, m, a, b);
        let work = ka.len() * kb.len();
        if work == 0 {
            continue;
        }
        if work > PARENT_CAP || stats.similarity_checks + work > GLOBAL_BUDGET {
            stats.similarity_checks_skipped += work;
            continue;
        }
        for &x in &ka {
            let ex = &old.entries[x];
            for &y in &kb {
                let ey = &new.entries[y];
                stats.similarity_checks += 1;
                let mut score = 0.0;
                let (kx, ky) = (old.key_text(x), new.key_text(y));
                if similarity::best_possible(kx.chars().count(), ky.chars().count()) >= threshold {
                    score = similarity::ratio(kx, ky);
                }
                if let (Some(tx), Some(ty)) = (&ex.target, &ey.target) {
                    score = f64::max(score, similarity::ratio(tx, ty));
                }
                if score >= threshold {
                    candidates.push((score, ex.pos.min(ey.pos), ex.pos.max(ey.pos), x, y));
                }
            }
        }
    }
    candidates.sort_by(|x, y| {
        y.0.total_cmp(&x.0)
            .then(x.1.cmp(&y.1))
            .then(x.2.cmp(&y.2))
            .then(x.3.cmp(&y.3))
    });
    let mut changed = false;
    for (_, _, _, x, y) in candidates {
        if m.new_of(x).is_none() && m.old_of(y).is_none() {
            m.pair(x, y, MatchPhase::SimilarTitle);
            changed = true;
        }
    }
    changed
}
