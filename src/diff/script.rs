//! The edit script: the operations that turn the old tree into the new one, and [`apply`].
//!
//! Nodes are numbered in pre-order from 1 in each tree (0 is the root above the top-level
//! entries). The script runs in three steps:
//!
//! 1. detach every moved or reordered node, and remove every removed subtree;
//! 2. in breadth-first order of the new tree, insert each added node and attach each
//!    detached one at its new index under its new parent;
//! 3. update titles and targets that changed.
//!
//! After step 1 each parent holds only the children that stay in order, so when step 2
//! fills index `i`, every sibling before `i` is already in place: the indices are exact.
//! Breadth-first order guarantees the parent exists, even when it is itself new.

use std::collections::HashMap;

use crate::diff::Diff;
use crate::diff::index::{Index, ROOT};
use crate::diff::matching::Matching;
use crate::model::{NavTree, Node};

/// The operations that rebuild the new tree from the old one.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct EditScript {
    /// The operations, in the order they apply.
    pub edits: Vec<Edit>,
}

/// Where a node goes: under the root, under an old node, or under a node the script inserted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Slot {
    /// The top level.
    Root,
    /// Under old node number `n`.
    Old(usize),
    /// Under the node inserted as new node number `n`.
    New(usize),
}

/// One operation.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Edit {
    /// Take old node `node` (with its subtree) out of its parent, to attach it elsewhere.
    Detach {
        /// The old node number.
        node: usize,
    },
    /// Drop old node `node` and what is left of its subtree.
    Remove {
        /// The old node number.
        node: usize,
    },
    /// Create new node number `id` at `index` under `parent`.
    Insert {
        /// The new node number.
        id: usize,
        /// Its parent.
        parent: Slot,
        /// Its index among its new siblings.
        index: usize,
        /// Its title.
        title: String,
        /// Its target.
        target: Option<String>,
    },
    /// Put detached old node `node` at `index` under `parent`.
    Attach {
        /// The old node number.
        node: usize,
        /// Its new parent.
        parent: Slot,
        /// Its index among its new siblings.
        index: usize,
    },
    /// Change what old node `node` shows.
    Update {
        /// The old node number.
        node: usize,
        /// The new title, if it changed.
        title: Option<String>,
        /// The new target, if it changed (`Some(None)` when it went away).
        target: Option<Option<String>>,
    },
}

/// Builds the script for a matching; `displaced` marks old nodes that moved or were reordered.
pub(crate) fn build(
    old: &Index<'_>,
    new: &Index<'_>,
    m: &Matching,
    displaced: &[bool],
) -> EditScript {
    let mut edits = Vec::new();
    for a in 1..old.len() {
        if displaced[a] {
            edits.push(Edit::Detach { node: a });
        } else if m.new_of(a).is_none() && m.new_of(old.entries[a].parent).is_some() {
            edits.push(Edit::Remove { node: a });
        }
    }
    let slot = |q: usize| match m.old_of(q) {
        Some(ROOT) => Slot::Root,
        Some(p) => Slot::Old(p),
        None => Slot::New(q),
    };
    let mut queue = std::collections::VecDeque::from([ROOT]);
    while let Some(q) = queue.pop_front() {
        for (index, &c) in new.kids(q).iter().enumerate() {
            match m.old_of(c) {
                None => {
                    let node = new.node(c);
                    edits.push(Edit::Insert {
                        id: c,
                        parent: slot(q),
                        index,
                        title: node.title.clone(),
                        target: node.target.clone(),
                    });
                }
                Some(a) if displaced[a] => edits.push(Edit::Attach {
                    node: a,
                    parent: slot(q),
                    index,
                }),
                Some(_) => {}
            }
            queue.push_back(c);
        }
    }
    for a in 1..old.len() {
        let Some(b) = m.new_of(a) else { continue };
        let (o, n) = (old.node(a), new.node(b));
        if o.title != n.title || o.target != n.target {
            edits.push(Edit::Update {
                node: a,
                title: (o.title != n.title).then(|| n.title.clone()),
                target: (o.target != n.target).then(|| n.target.clone()),
            });
        }
    }
    EditScript { edits }
}

struct Slotted {
    title: String,
    target: Option<String>,
    kids: Vec<usize>,
}

/// A diff's edit script applied to a tree it was not made from.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("edit script: does not fit this tree: {what}")]
pub struct ApplyError {
    /// What did not fit.
    pub what: String,
}

/// Rebuilds the new tree by applying `diff`'s edit script to `old`, the tree it was made from.
///
/// The result has the new side's source information. A diff made from another tree is an
/// error, not a panic.
pub fn apply(old: &NavTree, diff: &Diff) -> Result<NavTree, ApplyError> {
    let misfit = |what: &str| ApplyError {
        what: what.to_owned(),
    };
    let index = Index::new(&old.roots);
    let mut arena: Vec<Slotted> = index
        .entries
        .iter()
        .enumerate()
        .map(|(i, e)| Slotted {
            title: e.node.map(|n| n.title.clone()).unwrap_or_default(),
            target: e.node.and_then(|n| n.target.clone()),
            kids: index.kids(i).to_vec(),
        })
        .collect();
    let n_old = arena.len();
    let mut gone = vec![false; n_old];
    let mut placed: HashMap<usize, Vec<(usize, usize)>> = HashMap::new();
    let mut inserted: HashMap<usize, usize> = HashMap::new();
    for edit in &diff.script.edits {
        match edit {
            Edit::Detach { node } | Edit::Remove { node } => {
                if *node == ROOT || *node >= n_old {
                    return Err(misfit(&format!("no old node {node}")));
                }
                gone[*node] = true;
            }
            Edit::Insert {
                id,
                parent,
                index,
                title,
                target,
            } => {
                let p =
                    resolve(*parent, n_old, &inserted).ok_or_else(|| misfit("unknown parent"))?;
                arena.push(Slotted {
                    title: title.clone(),
                    target: target.clone(),
                    kids: Vec::new(),
                });
                inserted.insert(*id, arena.len() - 1);
                placed.entry(p).or_default().push((*index, arena.len() - 1));
            }
            Edit::Attach {
                node,
                parent,
                index,
            } => {
                let p =
                    resolve(*parent, n_old, &inserted).ok_or_else(|| misfit("unknown parent"))?;
                if *node == ROOT || *node >= n_old || !gone[*node] {
                    return Err(misfit(&format!("old node {node} was not detached")));
                }
                placed.entry(p).or_default().push((*index, *node));
            }
            Edit::Update {
                node,
                title,
                target,
            } => {
                let slot = arena
                    .get_mut(*node)
                    .filter(|_| *node != ROOT && *node < n_old);
                let slot = slot.ok_or_else(|| misfit(&format!("no old node {node}")))?;
                if let Some(t) = title {
                    slot.title.clone_from(t);
                }
                if let Some(t) = target {
                    slot.target.clone_from(t);
                }
            }
        }
    }
    // Children that stayed, merged with those placed at their exact indices.
    for idx in 0..arena.len() {
        let stayers: Vec<usize> = arena[idx]
            .kids
            .iter()
            .copied()
            .filter(|&k| k >= n_old || !gone[k])
            .collect();
        let extra = placed.remove(&idx).unwrap_or_default();
        let total = stayers.len() + extra.len();
        let mut kids = Vec::with_capacity(total);
        let (mut stay, mut extra) = (stayers.into_iter(), extra.into_iter().peekable());
        for i in 0..total {
            let next = match extra.peek() {
                Some(&(at, id)) if at == i => {
                    extra.next();
                    Some(id)
                }
                _ => stay.next(),
            };
            kids.push(next.ok_or_else(|| misfit("an index past the end of its parent"))?);
        }
        arena[idx].kids = kids;
    }
    let roots = build_nodes(&mut arena).ok_or_else(|| misfit("a node placed twice"))?;
    let mut tree = NavTree::new(diff.new.source.clone(), roots);
    tree.source.format = diff.new.format;
    Ok(tree)
}

fn resolve(slot: Slot, n_old: usize, inserted: &HashMap<usize, usize>) -> Option<usize> {
    match slot {
        Slot::Root => Some(ROOT),
        Slot::Old(n) => (n > 0 && n < n_old).then_some(n),
        Slot::New(n) => inserted.get(&n).copied(),
    }
}

/// The nodes under the arena's root, built bottom-up without recursion; `None` when a node
/// is reachable twice (a script that does not describe a tree).
fn build_nodes(arena: &mut [Slotted]) -> Option<Vec<Node>> {
    let mut order = Vec::new();
    let mut seen = vec![false; arena.len()];
    let mut stack = vec![ROOT];
    while let Some(idx) = stack.pop() {
        if std::mem::replace(&mut seen[idx], true) {
            return None;
        }
        order.push(idx);
        stack.extend(arena[idx].kids.iter().copied());
    }
    let mut built: Vec<Option<Node>> = (0..arena.len()).map(|_| None).collect();
    for &idx in order.iter().rev() {
        let kids = std::mem::take(&mut arena[idx].kids);
        let children: Vec<Node> = kids.iter().filter_map(|&k| built[k].take()).collect();
        built[idx] = Some(Node::new(
            std::mem::take(&mut arena[idx].title),
            arena[idx].target.take(),
            children,
        ));
    }
    built[ROOT].take().map(|root| root.children)
}
