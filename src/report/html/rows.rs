//! The page's rows: the old and new trees merged into one list, every matched pair of nodes
//! on one row, so that the eye can scan across.
//!
//! Rows follow the new tree. Under each pair, the children that stayed under it in their
//! order are aligned as they are; between them come, old before new as a line diff shows
//! them, the old children that left (a removed subtree, one row a node with an empty new
//! slot, or a single row at the old place of a node that moved or was reordered) and the new
//! children that arrived (an added subtree with an empty old slot, or a pair that moved or
//! was reordered here, with its subtree aligned beneath it). A moved node is thus on one
//! row where it now stands, old beside new, and its old place keeps one row that links
//! there. Nodes of the old tree stay in their old order except for those moved pairs.
//!
//! Rows are in pre-order of the merged tree, so a row's subtree is the run of deeper rows
//! after it. The work is linear in the size of the trees; nothing recurses.

use serde::Serialize;

use crate::diff::{Change, ChangeKind, Diff};
use crate::model::Node;

/// One tree, flattened in pre-order: index 0 is a virtual root above the top level, so that
/// node numbers agree with [`Change::old_node`] and [`Diff::matches`].
struct Flat<'t> {
    nodes: Vec<FlatNode<'t>>,
}

struct FlatNode<'t> {
    node: Option<&'t Node>,
    parent: usize,
    /// Position among its siblings.
    pos: usize,
    children: Vec<usize>,
}

impl<'t> Flat<'t> {
    fn new(roots: &'t [Node]) -> Self {
        let mut nodes = vec![FlatNode {
            node: None,
            parent: 0,
            pos: 0,
            children: Vec::new(),
        }];
        let mut stack: Vec<(&Node, usize)> = roots.iter().rev().map(|n| (n, 0)).collect();
        while let Some((node, parent)) = stack.pop() {
            let idx = nodes.len();
            let pos = nodes[parent].children.len();
            nodes[parent].children.push(idx);
            nodes.push(FlatNode {
                node: Some(node),
                parent,
                pos,
                children: Vec::with_capacity(node.children.len()),
            });
            stack.extend(node.children.iter().rev().map(|c| (c, idx)));
        }
        Flat { nodes }
    }

    fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Titles from the top level down to `idx`.
    fn breadcrumb(&self, idx: usize) -> String {
        let mut titles: Vec<std::borrow::Cow<'_, str>> = Vec::new();
        let mut at = idx;
        while let Some(node) = self.nodes.get(at).and_then(|n| n.node) {
            titles.push(if node.title.is_empty() {
                "(untitled)".into()
            } else {
                node.shown_title()
            });
            at = self.nodes[at].parent;
        }
        titles.reverse();
        titles.join(" › ")
    }
}

/// One row of the page.
#[derive(Debug, Serialize)]
pub(super) struct Row {
    /// The row's number, from 0 in page order (`id="r{id}"`).
    pub(super) id: usize,
    /// The row above it in the merged tree, none at the top level.
    pub(super) parent: Option<usize>,
    /// The nesting level, from 0 at the top level.
    pub(super) depth: usize,
    /// `both` for a matched pair, `added` or `removed` for a node of one tree only, `away`
    /// for the old place of a node that moved or was reordered (its pair is another row).
    pub(super) side: &'static str,
    /// The kinds of the changes this row is the place of: what the summary's pills step
    /// through. A page moved and renamed has two.
    pub(super) steps: Vec<&'static str>,
    /// The old tree's node on this row, if any.
    pub(super) old: Option<Cell>,
    /// The new tree's node on this row, if any.
    pub(super) new: Option<Cell>,
    /// Whether the "changes only" view shows the row: it is changed or holds a change.
    #[serde(skip)]
    pub(super) shown: bool,
    /// When the row starts a run of rows the "changes only" view folds into one line.
    pub(super) fold: Option<Fold>,
    /// Whether the row ends such a run.
    pub(super) fold_end: bool,
}

/// One side of a row: a node of one tree.
#[derive(Debug, Serialize)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "independent flags the template reads, each a class or a badge"
)]
pub(super) struct Cell {
    pub(super) title: String,
    pub(super) target: Option<String>,
    /// Whether the node has children.
    pub(super) section: bool,
    /// Whether the title differs from the other side's (a rename).
    pub(super) title_changed: bool,
    /// Whether the target differs from the other side's (a relink).
    pub(super) target_changed: bool,
    /// Whether this old node is shown beside its new place, away from its old one.
    pub(super) moved_here: bool,
    /// The node's kinds of change, each its own badge, in kind order.
    pub(super) badges: Vec<&'static str>,
    /// The node's other place, for a node that moved or was reordered.
    pub(super) partner: Option<Partner>,
    /// A removed page whose every old URL a redirect covers.
    pub(super) redirected: bool,
}

/// A link from one place of a node to its other place.
#[derive(Debug, Serialize)]
pub(super) struct Partner {
    /// The other row's number.
    pub(super) row: usize,
    /// `new` or `old`: which tree's place the link leads to.
    pub(super) side: &'static str,
    /// Where that is: the other place's breadcrumb.
    pub(super) path: String,
}

/// A run of unchanged rows that the "changes only" view folds into one line.
#[derive(Debug, Serialize)]
pub(super) struct Fold {
    /// The run's number, from 0 in page order.
    pub(super) id: usize,
    /// How many rows it folds.
    pub(super) rows: usize,
    /// What they are: `unchanged`, or `added` or `removed` for the deeper levels of an
    /// added or removed subtree.
    pub(super) what: &'static str,
    /// Which column the line stands in: `old`, `new` or `both`.
    pub(super) column: &'static str,
    /// The run's first row's nesting level.
    pub(super) depth: usize,
}

/// Runs shorter than this stay unfolded: a fold line would take the rows' own room.
const FOLD_FROM: usize = 2;

/// A unit of work of the merge: rows are emitted in the order these are taken off a stack.
enum Task {
    /// A matched pair and its merged children (`0, 0` for the virtual roots: no row).
    Pair(usize, usize, Option<usize>),
    /// An old node without a partner, and its subtree.
    Removed(usize, Option<usize>),
    /// A new node without a partner, and its subtree.
    Added(usize, Option<usize>),
    /// The old place of a matched node that is shown beside its new place: one row.
    Away(usize, Option<usize>),
}

/// The rows of the page for `diff` of `old_roots` and `new_roots` (the trees it was made
/// from); `redirected` says which of the diff's changes are removed pages whose old URLs a
/// redirect covers.
pub(super) fn rows(
    diff: &Diff,
    old_roots: &[Node],
    new_roots: &[Node],
    redirected: &dyn Fn(&Change) -> bool,
) -> Vec<Row> {
    let old = Flat::new(old_roots);
    let new = Flat::new(new_roots);
    // The matching, both ways; numbers out of range (a diff of other trees) match nothing.
    let mut old_to_new = vec![None; old.len()];
    let mut new_to_old = vec![None; new.len()];
    for (a, b) in diff.matches.iter().enumerate() {
        if let Some(b) = *b
            && a < old.len()
            && b < new.len()
            && a != 0
            && b != 0
        {
            old_to_new[a] = Some(b);
            new_to_old[b] = Some(a);
        }
    }
    old_to_new[0] = Some(0);
    new_to_old[0] = Some(0);
    // Old nodes that left their place among siblings, as the diff says (reorders may be
    // ignored, so the merge checks the order again).
    let mut displaced = vec![false; old.len()];
    for c in &diff.changes {
        if matches!(c.kind, ChangeKind::Moved | ChangeKind::Reordered)
            && let Some(a) = c.old_node.filter(|&a| a < old.len())
        {
            displaced[a] = true;
        }
    }

    let mut rows: Vec<Row> = Vec::with_capacity(old.len().max(new.len()));
    // The row of each old node: its pair's row, or its own; and the row of its old place
    // when that is another.
    let mut old_row = vec![None; old.len()];
    let mut away_row = vec![None; old.len()];
    let mut new_row = vec![None; new.len()];
    let mut stack = vec![Task::Pair(0, 0, None)];
    while let Some(task) = stack.pop() {
        let mark = stack.len();
        match task {
            Task::Pair(a, b, parent) => {
                let here = (b != 0).then(|| {
                    let id = push(&mut rows, parent, "both");
                    rows[id].old = old.nodes[a].node.map(cell);
                    rows[id].new = new.nodes[b].node.map(cell);
                    old_row[a] = Some(id);
                    new_row[b] = Some(id);
                    id
                });
                let merge = Merge {
                    old: &old,
                    new: &new,
                    old_to_new: &old_to_new,
                    new_to_old: &new_to_old,
                    displaced: &displaced,
                };
                merge.children(a, b, here, &mut stack);
            }
            Task::Removed(a, parent) => {
                let id = push(&mut rows, parent, "removed");
                rows[id].old = old.nodes[a].node.map(cell);
                old_row[a] = Some(id);
                stack.extend(old.nodes[a].children.iter().map(|&x| {
                    if old_to_new[x].is_some() {
                        Task::Away(x, Some(id))
                    } else {
                        Task::Removed(x, Some(id))
                    }
                }));
            }
            Task::Added(b, parent) => {
                let id = push(&mut rows, parent, "added");
                rows[id].new = new.nodes[b].node.map(cell);
                new_row[b] = Some(id);
                stack.extend(new.nodes[b].children.iter().map(|&y| match new_to_old[y] {
                    Some(x) => Task::Pair(x, y, Some(id)),
                    None => Task::Added(y, Some(id)),
                }));
            }
            Task::Away(a, parent) => {
                let id = push(&mut rows, parent, "away");
                rows[id].old = old.nodes[a].node.map(cell);
                away_row[a] = Some(id);
            }
        }
        // Tasks were pushed in page order: take them off the stack first to last.
        stack[mark..].reverse();
    }
    link_places(&mut rows, &old, &new, &old_to_new, &old_row, &away_row);

    let places = Places {
        old: &old_row,
        away: &away_row,
        new: &new_row,
    };
    for c in &diff.changes {
        places.mark(&mut rows, c, redirected(c));
    }
    fold(&mut rows);
    rows
}

/// Marks an old node shown beside its new place, away from its old one, and links the two
/// places to each other (also where the diff reports no change: `--ignore-reorders`).
fn link_places(
    rows: &mut [Row],
    old: &Flat<'_>,
    new: &Flat<'_>,
    old_to_new: &[Option<usize>],
    old_row: &[Option<usize>],
    away_row: &[Option<usize>],
) {
    for (a, away) in away_row.iter().enumerate() {
        let (Some(away), Some(here), Some(b)) = (*away, old_row[a], old_to_new[a]) else {
            continue;
        };
        if let Some(c) = rows[here].old.as_mut() {
            c.moved_here = true;
        }
        if let Some(c) = rows[away].old.as_mut() {
            c.partner = Some(Partner {
                row: here,
                side: "new",
                path: new.breadcrumb(b),
            });
        }
        if let Some(c) = rows[here].new.as_mut() {
            c.partner = Some(Partner {
                row: away,
                side: "old",
                path: old.breadcrumb(a),
            });
        }
    }
}

/// Adds a row under `parent` (one level below it, whatever the level of its node in its own
/// tree: a removed entry under a section that moved stands under it here).
fn push(rows: &mut Vec<Row>, parent: Option<usize>, side: &'static str) -> usize {
    let id = rows.len();
    rows.push(Row {
        id,
        parent,
        depth: parent.map_or(0, |p| rows[p].depth + 1),
        side,
        steps: Vec::new(),
        old: None,
        new: None,
        // Set where the change is marked, and for the level below an added or removed
        // subtree's top (see `fold`).
        shown: false,
        fold: None,
        fold_end: false,
    });
    id
}

fn cell(node: &Node) -> Cell {
    Cell {
        title: node.shown_title().into_owned(),
        target: node.target.clone(),
        section: !node.children.is_empty(),
        title_changed: false,
        target_changed: false,
        moved_here: false,
        badges: Vec::new(),
        partner: None,
        redirected: false,
    }
}

/// What merging two sibling lists reads.
struct Merge<'a, 't> {
    old: &'a Flat<'t>,
    new: &'a Flat<'t>,
    old_to_new: &'a [Option<usize>],
    new_to_old: &'a [Option<usize>],
    displaced: &'a [bool],
}

impl Merge<'_, '_> {
    /// Pushes the tasks for the children of the pair `a`, `b`, in page order: the children
    /// that stayed under the pair in their order are aligned; the others come old before new
    /// between two aligned ones.
    fn children(&self, pa: usize, pb: usize, row: Option<usize>, stack: &mut Vec<Task>) {
        let (kids_a, kids_b) = (&self.old.nodes[pa].children, &self.new.nodes[pb].children);
        // The children that stayed under this pair (new position, old position, nodes), in
        // new order; of those, the most that kept their order are aligned (a longest
        // increasing run of old positions), so that the old column reads in its tree's order
        // even where reorders are not reported (`--ignore-reorders`).
        let stayed: Vec<(usize, usize, usize, usize)> = kids_b
            .iter()
            .enumerate()
            .filter_map(|(bj, &y)| {
                let x = self.new_to_old[y]?;
                (self.old.nodes[x].parent == pa && !self.displaced[x])
                    .then(|| (bj, self.old.nodes[x].pos, x, y))
            })
            .collect();
        let aligned = longest_increasing(&stayed.iter().map(|s| s.1).collect::<Vec<_>>());
        let (mut i, mut j) = (0, 0);
        for k in aligned {
            let (bj, ai, x, y) = stayed[k];
            self.between(&kids_a[i..ai], &kids_b[j..bj], row, stack);
            stack.push(Task::Pair(x, y, row));
            (i, j) = (ai + 1, bj + 1);
        }
        self.between(&kids_a[i..], &kids_b[j..], row, stack);
    }

    /// The old children that left and the new children that arrived between two aligned
    /// ones.
    fn between(&self, old: &[usize], new: &[usize], row: Option<usize>, stack: &mut Vec<Task>) {
        stack.extend(old.iter().map(|&x| {
            if self.old_to_new[x].is_some() {
                Task::Away(x, row)
            } else {
                Task::Removed(x, row)
            }
        }));
        stack.extend(new.iter().map(|&y| match self.new_to_old[y] {
            Some(x) => Task::Pair(x, y, row),
            None => Task::Added(y, row),
        }));
    }
}

/// Where each node's rows are: the row of each old node (its pair's, or its own), the row
/// of its old place when that is another, and the row of each new node.
struct Places<'a> {
    old: &'a [Option<usize>],
    away: &'a [Option<usize>],
    new: &'a [Option<usize>],
}

impl Places<'_> {
    /// Puts `change` on its rows: badges, what changed, the step on the row of its place,
    /// and, for a node that moved or was reordered, its badge at its old place;
    /// `redirected` for a removed page whose old URLs a redirect covers.
    fn mark(&self, rows: &mut [Row], change: &Change, redirected: bool) {
        let at =
            |v: &[Option<usize>], n: Option<usize>| n.and_then(|i| v.get(i).copied().flatten());
        let at_old = at(self.old, change.old_node);
        let at_new = at(self.new, change.new_node);
        let Some(main) = at_new.or(at_old) else {
            return;
        };
        let kinds: Vec<&'static str> = change.kinds().map(ChangeKind::name).collect();
        let row = &mut rows[main];
        row.steps.push(change.kind.name());
        row.shown = true;
        if let Some(c) = if at_new.is_some() {
            row.new.as_mut()
        } else {
            row.old.as_mut()
        } {
            add_badges(c, &kinds);
            c.redirected |= redirected;
        }
        if at_old == at_new {
            let (renamed, relinked) = (
                change.is(ChangeKind::Renamed),
                change.is(ChangeKind::Relinked),
            );
            for c in [row.old.as_mut(), row.new.as_mut()].into_iter().flatten() {
                c.title_changed |= renamed;
                c.target_changed |= relinked;
            }
        }
        // The old place of a node that moved or was reordered: its badge (the links between
        // the places are already there).
        if let Some(away) = at(self.away, change.old_node)
            && matches!(change.kind, ChangeKind::Moved | ChangeKind::Reordered)
        {
            rows[away].shown = true;
            if let Some(c) = rows[away].old.as_mut() {
                add_badges(c, &[change.kind.name()]);
            }
        }
    }
}

/// The indices of a longest strictly increasing subsequence of `values`, in order (the
/// first such one found in O(n log n), patience sorting).
fn longest_increasing(values: &[usize]) -> Vec<usize> {
    // `tails[l]`: the index ending the best run of length `l + 1` found so far.
    let mut tails: Vec<usize> = Vec::new();
    let mut before: Vec<Option<usize>> = vec![None; values.len()];
    for (k, &v) in values.iter().enumerate() {
        let at = tails.partition_point(|&t| values[t] < v);
        before[k] = at.checked_sub(1).map(|a| tails[a]);
        if at == tails.len() {
            tails.push(k);
        } else {
            tails[at] = k;
        }
    }
    let mut run = Vec::with_capacity(tails.len());
    let mut at = tails.last().copied();
    while let Some(k) = at {
        run.push(k);
        at = before[k];
    }
    run.reverse();
    run
}

fn add_badges(cell: &mut Cell, kinds: &[&'static str]) {
    for k in kinds {
        if !cell.badges.contains(k) {
            cell.badges.push(k);
        }
    }
    cell.badges
        .sort_by_key(|k| ChangeKind::ALL.iter().position(|a| a.name() == *k));
}

/// Marks what the "changes only" view shows (changed rows, the rows above them, and the
/// first level under the top of an added or removed subtree) and the runs of sibling
/// subtrees it folds, each into one line.
fn fold(rows: &mut [Row]) {
    for i in 0..rows.len() {
        let side = rows[i].side;
        if (side == "added" || side == "removed")
            && rows[i]
                .parent
                .is_some_and(|p| rows[p].side == side && rows[p].steps.contains(&side))
        {
            rows[i].shown = true;
        }
    }
    for i in (0..rows.len()).rev() {
        if rows[i].shown
            && let Some(p) = rows[i].parent
        {
            rows[p].shown = true;
        }
    }
    let mut folds = 0;
    let mut i = 0;
    while i < rows.len() {
        if rows[i].shown {
            i += 1;
            continue;
        }
        // A hidden row's subtree is hidden: the run takes it, and the hidden siblings after.
        let depth = rows[i].depth;
        let mut end = i + 1;
        while end < rows.len()
            && (rows[end].depth > depth || (rows[end].depth == depth && !rows[end].shown))
        {
            end += 1;
        }
        let run = &rows[i..end];
        if run.len() >= FOLD_FROM {
            let in_old = run.iter().any(|r| r.old.is_some());
            let in_new = run.iter().any(|r| r.new.is_some());
            rows[i].fold = Some(Fold {
                id: folds,
                rows: end - i,
                what: match rows[i].side {
                    side @ ("added" | "removed") => side,
                    _ => "unchanged",
                },
                column: match (in_old, in_new) {
                    (true, false) => "old",
                    (false, true) => "new",
                    _ => "both",
                },
                depth,
            });
            rows[end - 1].fold_end = true;
            folds += 1;
        } else {
            for r in &mut rows[i..end] {
                r.shown = true;
            }
        }
        i = end;
    }
}

#[cfg(test)]
mod tests {
    use super::longest_increasing;

    #[test]
    fn longest_increasing_runs() {
        assert_eq!(longest_increasing(&[]), Vec::<usize>::new());
        assert_eq!(longest_increasing(&[4]), [0]);
        // First project moved to the front: Install and Setup stay aligned.
        assert_eq!(longest_increasing(&[2, 0, 1]), [1, 2]);
        assert_eq!(longest_increasing(&[0, 1, 2, 3]), [0, 1, 2, 3]);
        assert_eq!(longest_increasing(&[3, 2, 1, 0]).len(), 1);
        assert_eq!(longest_increasing(&[5, 0, 6, 1, 2, 7, 3]), [1, 3, 4, 6]);
    }
}
