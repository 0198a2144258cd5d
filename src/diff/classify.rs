//! Turning a matching into changes: what was added, removed, moved, renamed, relinked and
//! reordered.
//!
//! A subtree that moves is reported once, at its root: a node is `moved` only when its own
//! parent relation broke (its new parent is not the partner of its old parent). Reorders are
//! the fewest siblings that must move for the rest to keep their order: for each matched
//! parent, the children that stayed under it, outside a longest increasing subsequence of
//! their old positions. With A B C D E → B C D E A, only A is reordered.

use std::collections::HashMap;
use std::hash::Hasher;

use similar::{ChangeTag, TextDiff};

use crate::diff::DiffOptions;
use crate::diff::change::{Change, ChangeKind, MatchPhase, WordChange};
use crate::diff::index::{Fnv, Index, ROOT};
use crate::diff::matching::Matching;
use crate::model::Location;

/// The changes, in report order, which old nodes the edit script must detach (moved or
/// reordered, whether or not reorders are reported), and how many pairs have a title on
/// one side only (not reported as renamed: what a theme shows for an empty title is not
/// known).
pub(crate) fn classify(
    old: &Index<'_>,
    new: &Index<'_>,
    m: &Matching,
    opts: &DiffOptions,
) -> (Vec<Change>, Vec<bool>, usize) {
    let mut untitled = 0;
    let mut changes: Vec<(ChangeKind, usize, String, Change)> = Vec::new();
    let mut displaced = vec![false; old.len()];
    let unmatched_old = unmatched_counts(old, |a| m.new_of(a).is_some());
    let unmatched_new = unmatched_counts(new, |b| m.old_of(b).is_some());
    // Sections in each new subtree, counted the first time a subtree moves.
    let mut subtree_sections: Option<Vec<usize>> = None;

    for b in 1..new.len() {
        let e = &new.entries[b];
        let Some(a) = m.old_of(b) else {
            if m.old_of(e.parent).is_some() {
                let mut c = blank(ChangeKind::Added, new, b);
                c.new_path = Some(new.breadcrumb(b));
                c.new_position = Some(e.pos);
                (c.nodes, c.sections) = unmatched_new[b];
                changes.push((ChangeKind::Added, b, identity(new, b), c));
            }
            continue;
        };
        let (old_node, new_node) = (old.node(a), new.node(b));
        let matched = |kind| {
            let mut c = blank(kind, new, b);
            c.old_node = Some(a);
            c.old_at.clone_from(&old_node.at);
            c.old_path = Some(old.breadcrumb(a));
            c.new_path = Some(new.breadcrumb(b));
            c.old_position = Some(old.entries[a].pos);
            c.new_position = Some(e.pos);
            c.matched_by = m.phase(a);
            c
        };
        if m.new_of(old.entries[a].parent) != Some(e.parent) {
            displaced[a] = true;
            let mut c = matched(ChangeKind::Moved);
            c.nodes = e.size;
            c.sections = subtree_sections.get_or_insert_with(|| section_counts(new))[b];
            changes.push((ChangeKind::Moved, b, identity(old, a), c));
        }
        // A key (a sidebar's id) is not a title the site shows, and a stand-in is not the
        // title it shows: neither is renamed, whatever it reads. Nor is a title left empty
        // on one side: what the theme shows for it is not known.
        let one_untitled = old_node.title.trim().is_empty() != new_node.title.trim().is_empty();
        untitled += usize::from(one_untitled);
        let renamed = !one_untitled
            && old_node.title_status.is_none()
            && new_node.title_status.is_none()
            && is_renamed(&old_node.title, &new_node.title, opts);
        let relinked = m.phase(a) != Some(MatchPhase::Target) && old.entries[a].target != e.target;
        // Renamed and relinked is one change that says both.
        if renamed {
            let mut c = matched(ChangeKind::Renamed);
            c.old_title = Some(old_node.title.clone());
            c.title_diff = word_diff(&old_node.title, &new_node.title);
            if relinked {
                c.old_target = Some(old_node.target.clone());
                c.also.push(ChangeKind::Relinked);
            }
            changes.push((ChangeKind::Renamed, b, identity(old, a), c));
        } else if relinked {
            let mut c = matched(ChangeKind::Relinked);
            c.old_target = Some(old_node.target.clone());
            changes.push((ChangeKind::Relinked, b, identity(old, a), c));
        }
    }

    for a in 1..old.len() {
        let e = &old.entries[a];
        if m.new_of(a).is_none() && m.new_of(e.parent).is_some() {
            let node = old.node(a);
            let mut c = Change {
                title: node.shown_title().into_owned(),
                target: node.target.clone(),
                ..blank(ChangeKind::Removed, new, ROOT)
            };
            c.old_path = Some(old.breadcrumb(a));
            c.old_position = Some(e.pos);
            c.old_node = Some(a);
            c.section = !old.kids(a).is_empty();
            c.old_at.clone_from(&node.at);
            c.at = Some(removed_at(old, new, m, a));
            (c.nodes, c.sections) = unmatched_old[a];
            changes.push((ChangeKind::Removed, a, identity(old, a), c));
        }
    }

    reorders(old, new, m, opts, &mut changes, &mut displaced);

    changes.sort_by_key(|(kind, doc_idx, _, _)| (*kind, *doc_idx));
    assign_ids(&mut changes);
    (
        changes.into_iter().map(|(_, _, _, c)| c).collect(),
        displaced,
        untitled,
    )
}

/// Reordered nodes: for each matched parent, the children that stayed under it but fall
/// outside a longest increasing subsequence of their old positions.
fn reorders(
    old: &Index<'_>,
    new: &Index<'_>,
    m: &Matching,
    opts: &DiffOptions,
    changes: &mut Vec<(ChangeKind, usize, String, Change)>,
    displaced: &mut [bool],
) {
    for q in 0..new.len() {
        let Some(p) = m.old_of(q) else { continue };
        // Most parents keep their children in order: check that before allocating.
        let mut last = None;
        let in_order = new
            .kids(q)
            .iter()
            .filter_map(|&c| m.old_of(c))
            .filter(|&a| old.entries[a].parent == p)
            .all(|a| {
                let pos = old.entries[a].pos;
                let ok = last.is_none_or(|l| l < pos);
                last = Some(pos);
                ok
            });
        if in_order {
            continue;
        }
        // Children that stayed under this parent pair, in new order, with their old positions.
        let stayers: Vec<(usize, usize, usize)> = new
            .kids(q)
            .iter()
            .filter_map(|&c| m.old_of(c).map(|a| (c, a)))
            .filter(|&(_, a)| old.entries[a].parent == p)
            .map(|(c, a)| (c, a, old.entries[a].pos))
            .collect();
        let keep = longest_increasing(
            &stayers
                .iter()
                .map(|&(c, _, pos)| (pos, new.entries[c].size))
                .collect::<Vec<_>>(),
        );
        for (&(c, a, _), kept) in stayers.iter().zip(keep) {
            if kept {
                continue;
            }
            displaced[a] = true;
            if !opts.ignore_reorders {
                let mut ch = blank(ChangeKind::Reordered, new, c);
                ch.old_path = Some(old.breadcrumb(a));
                ch.new_path = Some(new.breadcrumb(c));
                ch.old_node = Some(a);
                ch.old_at.clone_from(&old.node(a).at);
                ch.old_position = Some(old.entries[a].pos);
                ch.new_position = Some(new.entries[c].pos);
                ch.after = new.entries[c]
                    .pos
                    .checked_sub(1)
                    .and_then(|p| new.kids(q).get(p))
                    .and_then(|&s| new.entries[s].node)
                    .map(|n| n.title.clone());
                ch.matched_by = m.phase(a);
                changes.push((ChangeKind::Reordered, c, identity(old, a), ch));
            }
        }
    }
}

/// A change of `kind` about new node `b` (or a blank one for `ROOT`), with its counts at 1.
fn blank(kind: ChangeKind, new: &Index<'_>, b: usize) -> Change {
    let (title, target, at) = match new.entries[b].node {
        Some(n) => (n.shown_title().into_owned(), n.target.clone(), n.at.clone()),
        None => (String::new(), None, None),
    };
    let section = b != ROOT && !new.kids(b).is_empty();
    Change {
        id: String::new(),
        kind,
        title,
        target,
        old_path: None,
        new_path: None,
        old_position: None,
        new_position: None,
        after: None,
        nodes: 1,
        section,
        sections: usize::from(section),
        matched_by: None,
        old_title: None,
        old_target: None,
        also: Vec::new(),
        at,
        old_at: None,
        title_diff: Vec::new(),
        old_node: None,
        new_node: (b != ROOT).then_some(b),
    }
}

/// Where a removed old node `a` stands in the new version: the entry of the partner of
/// its nearest ancestor that has a partner written somewhere, else the nav file's first
/// line.
fn removed_at(old: &Index<'_>, new: &Index<'_>, m: &Matching, a: usize) -> Location {
    let mut p = old.entries[a].parent;
    while p != ROOT {
        if let Some(at) = m.new_of(p).and_then(|q| new.node(q).at.clone()) {
            return at;
        }
        p = old.entries[p].parent;
    }
    Location::new(1, 1)
}

/// For each unmatched node, the unmatched nodes of its subtree reachable through unmatched
/// nodes (itself included), and how many of them are sections: what an added or removed
/// entry covers.
fn unmatched_counts(ix: &Index<'_>, matched: impl Fn(usize) -> bool) -> Vec<(usize, usize)> {
    let mut counts = vec![(0, 0); ix.len()];
    for idx in (1..ix.len()).rev() {
        if !matched(idx) {
            let kids = ix.kids(idx);
            let (nodes, sections) = kids
                .iter()
                .fold((0, 0), |(n, s), &k| (n + counts[k].0, s + counts[k].1));
            counts[idx] = (1 + nodes, sections + usize::from(!kids.is_empty()));
        }
    }
    counts
}

/// For each node, the sections in its subtree (itself included).
fn section_counts(ix: &Index<'_>) -> Vec<usize> {
    let mut counts = vec![0; ix.len()];
    for idx in (1..ix.len()).rev() {
        let kids = ix.kids(idx);
        counts[idx] =
            usize::from(!kids.is_empty()) + kids.iter().map(|&k| counts[k]).sum::<usize>();
    }
    counts
}

fn is_renamed(old: &str, new: &str, opts: &DiffOptions) -> bool {
    if old == new {
        return false;
    }
    let (o, n) = (old.split_whitespace(), new.split_whitespace());
    if opts.ignore_case {
        !o.map(str::to_lowercase).eq(n.map(str::to_lowercase))
    } else {
        !o.eq(n)
    }
}

/// Titles longer than this (in bytes) are shown whole, not diffed word by word: a word diff
/// costs the product of the word counts.
const WORD_DIFF_MAX: usize = 1_000;

fn word_diff(old: &str, new: &str) -> Vec<WordChange> {
    let mut out: Vec<WordChange> = Vec::new();
    if old.len() > WORD_DIFF_MAX || new.len() > WORD_DIFF_MAX {
        return vec![
            WordChange::Removed(old.to_owned()),
            WordChange::Added(new.to_owned()),
        ];
    }
    for change in TextDiff::from_words(old, new).iter_all_changes() {
        let text = change.value();
        match (change.tag(), out.last_mut()) {
            (ChangeTag::Equal, Some(WordChange::Same(s)))
            | (ChangeTag::Delete, Some(WordChange::Removed(s)))
            | (ChangeTag::Insert, Some(WordChange::Added(s))) => s.push_str(text),
            (ChangeTag::Equal, _) => out.push(WordChange::Same(text.to_owned())),
            (ChangeTag::Delete, _) => out.push(WordChange::Removed(text.to_owned())),
            (ChangeTag::Insert, _) => out.push(WordChange::Added(text.to_owned())),
        }
    }
    out
}

/// Which items to keep so that the kept ones are in increasing order of their first field:
/// as many as possible, then the heaviest (second field), then those ending earliest.
/// `O(k log k)` with a Fenwick tree over the (distinct) old positions.
pub(crate) fn longest_increasing(items: &[(usize, usize)]) -> Vec<bool> {
    type Best = (usize, usize, std::cmp::Reverse<usize>);
    let size = items.iter().map(|&(pos, _)| pos + 1).max().unwrap_or(0);
    let mut tree: Vec<Option<Best>> = vec![None; size + 1];
    let mut prev: Vec<Option<usize>> = vec![None; items.len()];
    let mut best_end: Option<Best> = None;
    for (i, &(pos, weight)) in items.iter().enumerate() {
        // The best chain among positions < pos.
        let mut best: Option<Best> = None;
        let mut at = pos;
        while at > 0 {
            best = best.max(tree[at]);
            at &= at - 1;
        }
        prev[i] = best.map(|b| b.2.0);
        let (len, w) = best.map_or((0, 0), |b| (b.0, b.1));
        let here = Some((len + 1, w + weight, std::cmp::Reverse(i)));
        let mut at = pos + 1;
        while at <= size {
            tree[at] = tree[at].max(here);
            at += at & at.wrapping_neg();
        }
        best_end = best_end.max(here);
    }
    let mut keep = vec![false; items.len()];
    let mut at = best_end.map(|b| b.2.0);
    while let Some(i) = at {
        keep[i] = true;
        at = prev[i];
    }
    keep
}

/// A node's identity for change ids: its normalised target, else its title path.
fn identity(ix: &Index<'_>, idx: usize) -> String {
    match &ix.entries[idx].target {
        Some(t) => format!("t:{t}"),
        None => format!("p:{}", ix.key_path(idx)),
    }
}

/// Stable ids: a fingerprint of the kind and the identity (with a counter for the rare
/// repeat, such as one page listed twice and removed twice).
fn assign_ids(changes: &mut [(ChangeKind, usize, String, Change)]) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (kind, _, identity, change) in changes.iter_mut() {
        let mut key = format!("{kind}\u{1f}{identity}");
        let n = seen.entry(key.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            key.push_str(&format!("\u{1f}{n}"));
        }
        let mut h = Fnv::default();
        h.write(key.as_bytes());
        change.id = format!("{:012x}", h.finish() >> 16);
    }
}

#[cfg(test)]
mod tests {
    use super::longest_increasing;

    #[track_caller]
    fn check(items: &[(usize, usize)], expected_kept: &[usize]) {
        let keep = longest_increasing(items);
        let kept: Vec<usize> = keep
            .iter()
            .enumerate()
            .filter(|(_, k)| **k)
            .map(|(i, _)| i)
            .collect();
        assert_eq!(kept, expected_kept);
    }

    #[test]
    fn fewest_moves_then_heaviest_stay() {
        // A B C D E → B C D E A: keep B C D E.
        check(&[(1, 1), (2, 1), (3, 1), (4, 1), (0, 1)], &[0, 1, 2, 3]);
        // A swap: both answers move one; the heavier one stays.
        check(&[(1, 1), (0, 9)], &[1]);
        check(&[(1, 9), (0, 1)], &[0]);
        // Equal weights: the chain ending earliest stays, deterministically.
        check(&[(1, 1), (0, 1)], &[0]);
        check(&[], &[]);
        check(&[(0, 1), (1, 1), (2, 1)], &[0, 1, 2]);
        // Count beats weight: two light nodes stay rather than one heavy one.
        check(&[(2, 100), (0, 1), (1, 1)], &[1, 2]);
    }
}
