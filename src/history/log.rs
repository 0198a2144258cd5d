//! The events of one page or section along the nav's history (`navdiff log`): when it was
//! added, moved, renamed, relinked, reordered, removed and re-added, and by which commit.
//!
//! History is a graph. Each version of the nav is diffed against the versions of its
//! parents, as `git log -p` diffs a commit against its parent; a merge reports only what
//! differs from *every* parent (what the merge itself did: a conflict resolution), so a
//! page added on a branch is added once, by the commit that added it, not again by the
//! merge. The node is found by its target (`guide/deploy.md`), its title (`Deploy`) or a
//! breadcrumb (`Guide › Deploy`) in *any* version, then followed through every step's
//! matching in both directions, so an old title or an old target finds the page's whole
//! life. Every event is a change of the engine's diff between a version and its parent:
//! `log` and `diff PARENT COMMIT` agree. Pure code: the caller supplies the versions (see
//! [`log_from_git`](crate::history::log_from_git)).

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::io::{self, Write};

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use crate::diff::for_history::{Index, ratio, title_key};
use crate::diff::{Change, ChangeKind, Diff, DiffOptions, FileEvidence, diff_with};
use crate::error::{Error, Result};
use crate::model::{NavTree, Node, SourceInfo, normalize_target, normalize_target_cow};
use crate::report::terminal_safe;

/// The schema id of the JSON document of `navdiff log --format json`.
pub const LOG_SCHEMA: &str = "navdiff.log.v1";

/// One version of the nav: the commit that made it, its tree (`None` when it had no nav
/// file) and the versions of its parents.
#[derive(Debug, Clone)]
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
    /// The indices of its parents' versions (all before it); `None`: the point before it.
    pub parents: Option<Vec<usize>>,
    /// Whether its parents are missing (the boundary of a shallow clone): nothing it holds
    /// is reported as added there.
    pub boundary: bool,
    /// In a first-parent view, the merge that brought it into the first-parent line.
    pub merged_in: Option<&'a str>,
    /// Where its events are listed (by default, its own index).
    pub shown_at: Option<usize>,
}

impl<'a> Point<'a> {
    /// A version whose parent is the version before it.
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
            parents: None,
            boundary: false,
            merged_in: None,
            shown_at: None,
        }
    }

    /// The same version with these parents (indices of earlier versions, first parent first;
    /// none for a root).
    #[must_use]
    pub fn with_parents(mut self, parents: Vec<usize>) -> Self {
        self.parents = Some(parents);
        self
    }

    /// The same version, at a shallow clone's boundary.
    #[must_use]
    pub fn at_boundary(mut self) -> Self {
        self.boundary = true;
        self
    }

    /// The same version, shown where `merge` (listed at `position`) brought it in.
    #[must_use]
    pub fn merged_in(mut self, merge: &'a str, position: usize) -> Self {
        self.merged_in = Some(merge);
        self.shown_at = Some(position);
        self
    }
}

/// What happened to the node at one commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
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
    /// The commit that did it.
    pub commit: String,
    /// The commit time.
    pub time: DateTime<FixedOffset>,
    /// The commit's subject line.
    pub subject: String,
    /// Where it was before (titles from the top).
    pub old_path: Option<Vec<String>>,
    /// Where it is after.
    pub new_path: Option<Vec<String>>,
    /// For `relinked`: the target before (`null` when it had none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_target: Option<Option<String>>,
    /// For `relinked`: the target after (`null` when it has none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_target: Option<Option<String>>,
    /// Other kinds this one change also is, as `navdiff diff` reports them (`also`): a page
    /// renamed and relinked is one `renamed` event with `also: [relinked]` and the targets.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<EventKind>,
    /// When the diff reports the change on a section above the node (added or removed with
    /// it, moved with it): that section's breadcrumb.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub with: Option<Vec<String>>,
    /// In a first-parent view, the merge that brought the commit into the line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub merged_in: Option<String>,
}

/// The virtual version before a root: an empty nav.
const EMPTY: usize = usize::MAX;

/// What the trace keeps of the diff of one step of history: its changes and its matching,
/// both ways.
pub(crate) struct Edge {
    changes: Vec<Step>,
    /// For each old node, the new node it is.
    matches: Vec<Option<usize>>,
    /// For each new node, the old node it is.
    back: Vec<Option<usize>>,
}

impl Edge {
    /// The step from `old` to `new`, with what the page files behind them say.
    pub(crate) fn new(
        old: &NavTree,
        new: &NavTree,
        opts: &DiffOptions,
        evidence: &FileEvidence,
    ) -> Edge {
        let d = diff_with(old, new, opts, evidence);
        let mut back = vec![None; d.new.nodes + 1];
        for (a, b) in d.matches.iter().enumerate() {
            if let Some(b) = *b
                && let Some(slot) = back.get_mut(b)
            {
                *slot = Some(a);
            }
        }
        let Diff {
            changes, matches, ..
        } = d;
        Edge {
            changes: changes.into_iter().map(Step::from).collect(),
            matches,
            back,
        }
    }
}

/// What the trace needs of one change: its kinds (a page renamed and relinked is one
/// change of two kinds), its node on each side, and for a relink the targets.
struct Step {
    kinds: Vec<ChangeKind>,
    old_node: Option<usize>,
    new_node: Option<usize>,
    /// For `relinked`: the old target and the new one.
    relink: Option<(Option<String>, Option<String>)>,
}

impl Step {
    fn is(&self, kind: ChangeKind) -> bool {
        self.kinds.contains(&kind)
    }
}

impl From<Change> for Step {
    fn from(c: Change) -> Step {
        let kinds: Vec<ChangeKind> = c.kinds().collect();
        let relink = kinds
            .contains(&ChangeKind::Relinked)
            .then(|| (c.old_target.flatten(), c.target));
        Step {
            kinds,
            old_node: c.old_node,
            new_node: c.new_node,
            relink,
        }
    }
}

/// Above this many nodes on the two sides of all steps together, the steps are diffed one
/// at a time as the trace reaches them, rather than all at once on every core.
const PARALLEL_NODES: usize = 20_000_000;

/// The version graph with its diffs, computed as the trace needs them.
struct Graph<'p> {
    trees: Vec<&'p NavTree>,
    empty: &'p NavTree,
    parents: Vec<Vec<usize>>,
    children: Vec<Vec<usize>>,
    opts: &'p DiffOptions,
    edges: HashMap<(usize, usize), Edge>,
}

impl<'p> Graph<'p> {
    /// The graph of `points`: each version's parents (the empty version before a root) and
    /// children.
    fn new(points: &[Point<'p>], empty: &'p NavTree, opts: &'p DiffOptions) -> Self {
        let parents: Vec<Vec<usize>> = points
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let mut ps = p
                    .parents
                    .clone()
                    .unwrap_or_else(|| i.checked_sub(1).into_iter().collect());
                ps.retain(|&q| q < i);
                ps.dedup();
                if ps.is_empty() && !p.boundary {
                    ps.push(EMPTY);
                }
                ps
            })
            .collect();
        let mut children = vec![Vec::new(); points.len()];
        for (i, ps) in parents.iter().enumerate() {
            for &p in ps {
                if p != EMPTY {
                    children[p].push(i);
                }
            }
        }
        Graph {
            trees: points.iter().map(|p| p.tree.unwrap_or(empty)).collect(),
            empty,
            parents,
            children,
            opts,
            edges: HashMap::new(),
        }
    }

    fn tree(&self, v: usize) -> &'p NavTree {
        if v == EMPTY {
            self.empty
        } else {
            self.trees[v]
        }
    }

    fn edge(&mut self, p: usize, c: usize) -> &Edge {
        let (old, new) = (self.tree(p), self.tree(c));
        let opts = self.opts;
        self.edges
            .entry((p, c))
            .or_insert_with(|| Edge::new(old, new, opts, &FileEvidence::none()))
    }

    /// Diffs every step at once, on every core, when that is not too much to keep.
    fn diff_all(&mut self) {
        let steps: Vec<(usize, usize)> = self
            .parents
            .iter()
            .enumerate()
            .flat_map(|(c, ps)| ps.iter().map(move |&p| (p, c)))
            .filter(|step| !self.edges.contains_key(step))
            .collect();
        let nodes: usize = steps
            .iter()
            .map(|&(p, c)| self.tree(p).node_count() + self.tree(c).node_count())
            .sum();
        let threads = std::thread::available_parallelism()
            .map_or(1, usize::from)
            .min(8);
        if nodes > PARALLEL_NODES || threads < 2 || steps.len() < 8 {
            return;
        }
        let chunk = steps.len().div_ceil(threads);
        let this = &*self;
        let done: Vec<Vec<((usize, usize), Edge)>> = std::thread::scope(|scope| {
            let workers: Vec<_> = steps
                .chunks(chunk)
                .map(|part| {
                    scope.spawn(move || {
                        part.iter()
                            .map(|&(p, c)| {
                                let (old, new) = (this.tree(p), this.tree(c));
                                let edge = Edge::new(old, new, this.opts, &FileEvidence::none());
                                ((p, c), edge)
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            workers
                .into_iter()
                .map(|w| w.join().unwrap_or_default())
                .collect()
        });
        self.edges.extend(done.into_iter().flatten());
    }

    /// Every (version, node) connected to `start` by the matching of some step.
    fn lineage(&mut self, start: (usize, usize)) -> HashSet<(usize, usize)> {
        let mut seen = HashSet::new();
        let mut stack = vec![start];
        while let Some((v, n)) = stack.pop() {
            if n == 0 || !seen.insert((v, n)) {
                continue;
            }
            for i in 0..self.parents[v].len() {
                let p = self.parents[v][i];
                if p == EMPTY {
                    continue;
                }
                if let Some(a) = self.edge(p, v).back.get(n).copied().flatten() {
                    stack.push((p, a));
                }
            }
            for i in 0..self.children[v].len() {
                let c = self.children[v][i];
                if let Some(b) = self.edge(v, c).matches.get(n).copied().flatten() {
                    stack.push((c, b));
                }
            }
        }
        seen
    }
}

/// What makes two parents' events the same event of a merge.
type Signature = (EventKind, Option<usize>, Vec<String>);

/// The events of the node `query` names, in history order (a commit after its parents,
/// branches kept together, as `git log --topo-order --reverse` lists them).
///
/// The node is found in the newest version that has it; several there is
/// [`Error::AmbiguousEntry`]. Nodes that match in older versions and never live beside it
/// (an earlier life, removed and added again) are traced too. No match anywhere is
/// [`Error::NoSuchEntry`] (with suggestions).
pub fn trace(query: &str, points: &[Point<'_>], opts: &DiffOptions) -> Result<Vec<Event>> {
    trace_with(query, points, opts, HashMap::new())
}

/// [`trace`], with some steps already diffed: `edges[(parent, child)]`.
pub(crate) fn trace_with(
    query: &str,
    points: &[Point<'_>],
    opts: &DiffOptions,
    edges: HashMap<(usize, usize), Edge>,
) -> Result<Vec<Event>> {
    let empty = NavTree::new(SourceInfo::default(), Vec::new());
    let n = points.len();
    let mut graph = Graph::new(points, &empty, opts);
    graph.edges = edges;
    let flats = Flats::new(graph.trees.clone());
    let found: Vec<Vec<usize>> = (0..n).map(|v| find(flats.get(v), query)).collect();
    if found.iter().all(Vec::is_empty) {
        return Err(Error::NoSuchEntry {
            query: query.to_owned(),
            suggestions: suggestions(query, points),
        });
    }
    graph.diff_all();
    let selected = select(&mut graph, &flats, &found, query)?;
    let mut nodes: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(v, m) in &selected {
        nodes[v].push(m);
    }
    for list in &mut nodes {
        list.sort_unstable();
    }
    Ok(events(&mut graph, &flats, &nodes, points))
}

/// The nodes to follow: the lineage of the match in the newest version that has one, and
/// the lineages of older matches that never live beside it (earlier lives of the page).
fn select(
    graph: &mut Graph<'_>,
    flats: &Flats<'_>,
    found: &[Vec<usize>],
    query: &str,
) -> Result<HashSet<(usize, usize)>> {
    let mut selected: HashSet<(usize, usize)> = HashSet::new();
    for v in (0..found.len()).rev() {
        let fresh: Vec<usize> = found[v]
            .iter()
            .copied()
            .filter(|&m| !selected.contains(&(v, m)))
            .collect();
        if fresh.is_empty() {
            continue;
        }
        let lineages: Vec<HashSet<(usize, usize)>> =
            fresh.iter().map(|&m| graph.lineage((v, m))).collect();
        if selected.is_empty() {
            let distinct = fresh
                .iter()
                .skip(1)
                .any(|&m| !lineages[0].contains(&(v, m)));
            if distinct {
                return Err(Error::AmbiguousEntry {
                    query: query.to_owned(),
                    candidates: fresh
                        .iter()
                        .map(|&m| flats.get(v).breadcrumb(m).join(" › "))
                        .collect(),
                });
            }
            selected.extend(lineages.into_iter().next().unwrap_or_default());
            continue;
        }
        let versions: HashSet<usize> = selected.iter().map(|&(v, _)| v).collect();
        for lineage in lineages {
            if lineage.iter().all(|(v, _)| !versions.contains(v)) {
                selected.extend(lineage);
            }
        }
    }
    Ok(selected)
}

/// The events of the followed `nodes` (for each version, its nodes), in history order.
fn events(
    graph: &mut Graph<'_>,
    flats: &Flats<'_>,
    nodes: &[Vec<usize>],
    points: &[Point<'_>],
) -> Vec<Event> {
    let n = points.len();
    let here = |v: usize| {
        if v == EMPTY {
            &[][..]
        } else {
            nodes[v].as_slice()
        }
    };
    // Whether the node exists in a version or any of its ancestors (for `re-added`).
    let mut seen = vec![false; n];
    for v in 0..n {
        seen[v] = !nodes[v].is_empty() || graph.parents[v].iter().any(|&p| p != EMPTY && seen[p]);
    }
    let mut events: Vec<(usize, Event)> = Vec::new();
    for v in 0..n {
        let point = &points[v];
        let ps = graph.parents[v].clone();
        if point.boundary || ps.is_empty() {
            continue;
        }
        if here(v).is_empty() && ps.iter().all(|&p| here(p).is_empty()) {
            continue;
        }
        let readded = ps.iter().any(|&p| p != EMPTY && seen[p]);
        let mut per_parent: Vec<Vec<(Signature, Event)>> = Vec::new();
        for &p in &ps {
            let edge = graph.edge(p, v);
            per_parent.push(edge_events(
                edge,
                flats.get(p),
                flats.get(v),
                here(p),
                here(v),
                readded,
                point,
            ));
        }
        let mut first = per_parent.remove(0);
        // A merge reports only what differs from every parent.
        first.retain(|(sig, _)| per_parent.iter().all(|o| o.iter().any(|(s, _)| s == sig)));
        let at = point.shown_at.unwrap_or(v);
        events.extend(first.into_iter().map(|(_, e)| (at, e)));
    }
    events.sort_by_key(|(at, _)| *at);
    events.into_iter().map(|(_, e)| e).collect()
}

/// Each version's tree flattened, when first asked for.
struct Flats<'t> {
    trees: Vec<&'t NavTree>,
    cells: Vec<OnceCell<Flat<'t>>>,
    empty: Flat<'t>,
}

impl<'t> Flats<'t> {
    fn new(trees: Vec<&'t NavTree>) -> Self {
        Flats {
            cells: trees.iter().map(|_| OnceCell::new()).collect(),
            trees,
            empty: Flat::new(&[]),
        }
    }

    fn get(&self, v: usize) -> &Flat<'t> {
        if v == EMPTY {
            &self.empty
        } else {
            self.cells[v].get_or_init(|| Flat::new(&self.trees[v].roots))
        }
    }
}

/// One tree's nodes in pre-order, numbered as the diff engine numbers them (from 1; 0 is
/// the root above the top level), each with its parent's number.
struct Flat<'t> {
    nodes: Vec<(Option<&'t Node>, usize)>,
}

impl<'t> Flat<'t> {
    fn new(roots: &'t [Node]) -> Self {
        let mut nodes = vec![(None, 0)];
        let mut stack: Vec<(&'t Node, usize)> = roots.iter().rev().map(|n| (n, 0)).collect();
        while let Some((node, parent)) = stack.pop() {
            let at = nodes.len();
            nodes.push((Some(node), parent));
            stack.extend(node.children.iter().rev().map(|c| (c, at)));
        }
        Flat { nodes }
    }

    fn len(&self) -> usize {
        self.nodes.len()
    }

    fn parent(&self, i: usize) -> usize {
        self.nodes[i].1
    }

    fn node(&self, i: usize) -> Option<&'t Node> {
        self.nodes[i].0
    }

    /// Titles from the top level down to node `i`.
    fn breadcrumb(&self, i: usize) -> Vec<String> {
        let mut path = Vec::new();
        let mut at = i;
        while let Some(node) = self.node(at) {
            path.push(node.title.clone());
            at = self.parent(at);
        }
        path.reverse();
        path
    }
}

/// The events of the followed nodes (`before` in the old version, `after` in the new one)
/// in one step's diff.
fn edge_events(
    edge: &Edge,
    old: &Flat<'_>,
    new: &Flat<'_>,
    before: &[usize],
    after: &[usize],
    readded: bool,
    point: &Point<'_>,
) -> Vec<(Signature, Event)> {
    let d = edge;
    let event = |kind, old_path, new_path, with| Event {
        kind,
        commit: point.commit.to_owned(),
        time: point.time,
        subject: point.subject.to_owned(),
        old_path,
        new_path,
        old_target: None,
        new_target: None,
        also: Vec::new(),
        with,
        merged_in: point.merged_in.map(str::to_owned),
    };
    let mut out = Vec::new();
    for &a in before {
        if d.matches.get(a).copied().flatten().is_some() {
            continue;
        }
        let path = old.breadcrumb(a);
        let with =
            covering(d, ChangeKind::Removed, old, a, |c| c.old_node).map(|top| old.breadcrumb(top));
        out.push((
            (EventKind::Removed, None, path.clone()),
            event(EventKind::Removed, Some(path), None, with),
        ));
    }
    for &b in after {
        let new_path = new.breadcrumb(b);
        let Some(a) = edge.back.get(b).copied().flatten() else {
            let kind = if readded {
                EventKind::ReAdded
            } else {
                EventKind::Added
            };
            let with = covering(d, ChangeKind::Added, new, b, |c| c.new_node)
                .map(|top| new.breadcrumb(top));
            out.push((
                (kind, Some(b), Vec::new()),
                event(kind, None, Some(new_path), with),
            ));
            continue;
        };
        let old_path = old.breadcrumb(a);
        let own: Vec<&Step> = d.changes.iter().filter(|c| c.old_node == Some(a)).collect();
        // One change, one event, as `diff` reports it: a page renamed and relinked is one
        // event of two kinds.
        for c in &own {
            let Some((&first, rest)) = c.kinds.split_first() else {
                continue;
            };
            let kind = EventKind::from(first);
            let mut e = event(kind, Some(old_path.clone()), Some(new_path.clone()), None);
            e.also = rest.iter().map(|&k| EventKind::from(k)).collect();
            if let Some((old_target, new_target)) = &c.relink {
                e.old_target = Some(old_target.clone());
                e.new_target = Some(new_target.clone());
            }
            out.push(((kind, Some(b), Vec::new()), e));
        }
        // Carried along by a section that moved: the node moved too.
        let parent = |path: &[String]| path[..path.len().saturating_sub(1)].to_vec();
        if !own.iter().any(|c| c.is(ChangeKind::Moved))
            && parent(&old_path) != parent(&new_path)
            && let Some(top) = moved_ancestor(d, old, new, a)
        {
            out.push((
                (EventKind::Moved, Some(b), Vec::new()),
                event(
                    EventKind::Moved,
                    Some(old_path.clone()),
                    Some(new_path.clone()),
                    Some(top),
                ),
            ));
        }
    }
    out
}

/// The node whose `kind` change covers node `at` (itself or a section above it), when that
/// node is not `at` itself.
fn covering(
    d: &Edge,
    kind: ChangeKind,
    ix: &Flat<'_>,
    at: usize,
    node: impl Fn(&Step) -> Option<usize>,
) -> Option<usize> {
    let mut up = ix.parent(at);
    while up != 0 {
        if d.changes.iter().any(|c| c.is(kind) && node(c) == Some(up)) {
            return Some(up);
        }
        up = ix.parent(up);
    }
    None
}

/// The new breadcrumb of the nearest section above old node `t` that the diff reports moved.
fn moved_ancestor(d: &Edge, old: &Flat<'_>, new: &Flat<'_>, t: usize) -> Option<Vec<String>> {
    let mut at = old.parent(t);
    while at != 0 {
        if let Some(c) = d
            .changes
            .iter()
            .find(|c| c.is(ChangeKind::Moved) && c.old_node == Some(at))
        {
            return c.new_node.map(|n| new.breadcrumb(n));
        }
        at = old.parent(at);
    }
    None
}

/// The events as text, one a line: date, short commit, kind, where (old → new), and the
/// subject.
pub fn render_log_text(events: &[Event], out: &mut dyn Write) -> io::Result<()> {
    let path = |p: &Option<Vec<String>>| {
        p.as_ref()
            .map(|p| terminal_safe(&p.join(" › ")).into_owned())
    };
    let target = |t: &Option<String>| {
        t.as_deref()
            .map_or_else(|| "(none)".to_owned(), |t| terminal_safe(t).into_owned())
    };
    for e in events {
        let mut place = match (path(&e.old_path), path(&e.new_path)) {
            (Some(old), Some(new)) if old != new => format!("{old} → {new}"),
            (_, Some(new)) => new,
            (Some(old), None) => old,
            (None, None) => String::new(),
        };
        if let (Some(old), Some(new)) = (&e.old_target, &e.new_target) {
            place.push_str(&format!(": {} → {}", target(old), target(new)));
        }
        if let Some(with) = path(&e.with) {
            place.push_str(&format!(", with {with}"));
        }
        let merged = e
            .merged_in
            .as_deref()
            .map(|m| format!("; merged in {}", &m[..12.min(m.len())]))
            .unwrap_or_default();
        let mut kinds = e.kind.name().to_owned();
        for (i, also) in e.also.iter().enumerate() {
            kinds.push_str(if i + 1 == e.also.len() { " and " } else { ", " });
            kinds.push_str(also.name());
        }
        writeln!(
            out,
            "{}  {}  {:<9}  {place}  ({}{merged})",
            e.time.format("%Y-%m-%d"),
            &e.commit[..12.min(e.commit.len())],
            kinds,
            terminal_safe(&e.subject)
        )?;
    }
    Ok(())
}

/// A log: the events, and what the walk could not see.
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct Log {
    /// The events, in history order.
    pub events: Vec<Event>,
    /// Versions that could not be read and were skipped: (short commit, why).
    pub skipped: Vec<(String, String)>,
    /// Where a shallow clone's history is cut (short commit ids).
    pub shallow_boundary: Vec<String>,
}

/// The log as a `navdiff.log.v1` JSON document.
#[must_use]
pub fn log_document(query: &str, log: &Log) -> serde_json::Value {
    serde_json::json!({
        "schema": LOG_SCHEMA,
        "query": query,
        "events": log.events,
        "skipped": log.skipped.iter().map(|(commit, reason)| serde_json::json!({
            "commit": commit,
            "reason": reason,
        })).collect::<Vec<_>>(),
        "shallow_boundary": log.shallow_boundary,
    })
}

/// The nodes `query` names: by target, else by breadcrumb (`A › B` or `A > B`), else by title.
fn find(ix: &Flat<'_>, query: &str) -> Vec<usize> {
    let target = normalize_target(query);
    let by_target: Vec<usize> = (1..ix.len())
        .filter(|&i| {
            ix.node(i)
                .and_then(|n| n.target.as_deref())
                .is_some_and(|t| normalize_target_cow(t) == target.as_str())
        })
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
                let ok = ix.node(at).is_some_and(|n| same_key(&n.title, part));
                at = ix.parent(at);
                ok
            })
        })
        .collect()
}

/// Whether `title`'s key (white space collapsed, case folded) is `key`, without building
/// the key for the common title that is plain ASCII with single spaces.
fn same_key(title: &str, key: &str) -> bool {
    let plain = title.is_ascii()
        && !title.starts_with(' ')
        && !title.ends_with(' ')
        && !title.bytes().any(|b| b.is_ascii_whitespace() && b != b' ')
        && !title.contains("  ");
    if plain {
        title.eq_ignore_ascii_case(key)
    } else {
        title_key(title) == key
    }
}

/// Up to five titles, breadcrumbs or targets seen in any version that look like `query`.
fn suggestions(query: &str, points: &[Point<'_>]) -> Vec<String> {
    let key = title_key(query);
    // Each (key, shown) once, however many versions have it.
    let mut candidates: HashSet<(String, String)> = HashSet::new();
    for tree in points.iter().filter_map(|p| p.tree) {
        let ix = Index::new(&tree.roots);
        for i in 1..ix.len() {
            let node = ix.node(i);
            candidates.insert((ix.key_text(i).to_owned(), ix.breadcrumb(i).join(" › ")));
            if let Some(t) = &node.target {
                candidates.insert((t.to_lowercase(), t.clone()));
            }
        }
    }
    let mut best: HashMap<String, f64> = HashMap::new();
    for (k, shown) in candidates {
        let score = ratio(&key, &k);
        if score >= 0.5 {
            let slot = best.entry(shown).or_insert(score);
            *slot = slot.max(score);
        }
    }
    let mut scored: Vec<(f64, String)> = best.into_iter().map(|(s, v)| (v, s)).collect();
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
