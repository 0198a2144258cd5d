//! Properties of the diff engine on random trees and random edit sequences:
//! `apply(old, diff(old, new)) == new`, `diff(a, a)` is empty, swapping old and new swaps
//! added and removed and keeps the other counts, the output is deterministic, and two
//! pages whose titles and targets are both unrelated are never paired without file
//! evidence.

use navdiff::diff::{ChangeKind, DiffOptions, apply, diff};
use navdiff::model::{NavTree, Node, SourceInfo, normalize_target};
use proptest::prelude::*;

/// Random choices read from a tape that proptest generates and shrinks.
struct Tape<'a> {
    values: &'a [u16],
    at: usize,
}

impl Tape<'_> {
    /// A number below `n` (0 when the tape runs out, so shorter tapes give smaller trees).
    fn below(&mut self, n: usize) -> usize {
        let v = self.values.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        if n == 0 { 0 } else { usize::from(v) % n }
    }
}

/// Titles repeat on purpose: "Overview" and "Methods" are LivePerson's everyday.
const TITLES: [&str; 12] = [
    "Overview",
    "Methods",
    "Install",
    "Deploy",
    "FAQ",
    "Getting started",
    "Reference",
    "Guides",
    "API",
    "Changelog",
    "Limitations",
    "Best practices",
];

fn title(tape: &mut Tape<'_>, serial: &mut usize) -> String {
    *serial += 1;
    match tape.below(3) {
        0 => format!("Page {serial}"),
        _ => TITLES[tape.below(TITLES.len())].to_owned(),
    }
}

/// Folders long enough that two pages in one look alike as whole strings.
const FOLDERS: [&str; 2] = ["documentation/reference", "documentation/guides"];

fn target(tape: &mut Tape<'_>, serial: usize) -> Option<String> {
    match tape.below(8) {
        0 | 1 => None,
        2 => Some(format!("shared-{}.md", tape.below(3))),
        3 | 4 => Some(format!(
            "{}/{}.md",
            FOLDERS[tape.below(FOLDERS.len())],
            TITLES[tape.below(TITLES.len())]
                .to_lowercase()
                .replace(' ', "-")
        )),
        _ => Some(format!("p{serial}.md")),
    }
}

fn random_nodes(tape: &mut Tape<'_>, depth: usize, serial: &mut usize) -> Vec<Node> {
    let n = if depth == 0 {
        1 + tape.below(5)
    } else {
        tape.below(4)
    };
    (0..n)
        .map(|_| {
            let t = title(tape, serial);
            let target = target(tape, *serial);
            let children = if depth < 3 {
                random_nodes(tape, depth + 1, serial)
            } else {
                Vec::new()
            };
            Node::new(t, target, children)
        })
        .collect()
}

/// Every node's address: child indices from the top level down.
fn addresses(nodes: &[Node]) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    let mut stack: Vec<(Vec<usize>, &Node)> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (vec![i], n))
        .collect();
    while let Some((addr, node)) = stack.pop() {
        for (i, c) in node.children.iter().enumerate() {
            let mut a = addr.clone();
            a.push(i);
            stack.push((a, c));
        }
        out.push(addr);
    }
    out.sort();
    out
}

fn list_at<'a>(roots: &'a mut Vec<Node>, parent: &[usize]) -> &'a mut Vec<Node> {
    let mut list = roots;
    for &i in parent {
        list = &mut list[i].children;
    }
    list
}

/// One random edit: remove, insert, move, rename, relink or swap.
fn edit(roots: &mut Vec<Node>, tape: &mut Tape<'_>, serial: &mut usize) {
    let addrs = addresses(roots);
    if addrs.is_empty() {
        roots.push(Node::page(title(tape, serial), format!("p{serial}.md")));
        return;
    }
    let addr = addrs[tape.below(addrs.len())].clone();
    let (parent, tail) = addr.split_at(addr.len() - 1);
    let i = tail[0];
    match tape.below(6) {
        0 => {
            list_at(roots, parent).remove(i);
        }
        1 => {
            let t = title(tape, serial);
            let node = Node::new(t, target(tape, *serial), Vec::new());
            let list = list_at(roots, parent);
            let at = tape.below(list.len() + 1);
            list.insert(at, node);
        }
        2 => {
            let node = list_at(roots, parent).remove(i);
            let addrs = addresses(roots);
            let dest = if addrs.is_empty() {
                Vec::new()
            } else {
                addrs[tape.below(addrs.len() + 1).min(addrs.len() - 1)].clone()
            };
            // Keep the tree shallow enough for the generator's depth.
            let dest = if dest.len() > 3 { Vec::new() } else { dest };
            let list = list_at(roots, &dest);
            let at = tape.below(list.len() + 1);
            list.insert(at, node);
        }
        3 => list_at(roots, parent)[i].title = title(tape, serial),
        4 => list_at(roots, parent)[i].target = target(tape, *serial),
        _ => {
            let list = list_at(roots, parent);
            let j = tape.below(list.len());
            list.swap(i, j);
        }
    }
}

fn pair(values: &[u16], n_edits: usize) -> (NavTree, NavTree) {
    let mut tape = Tape { values, at: 0 };
    let mut serial = 0;
    let old = random_nodes(&mut tape, 0, &mut serial);
    let mut new = old.clone();
    for _ in 0..n_edits {
        edit(&mut new, &mut tape, &mut serial);
    }
    (
        NavTree::new(SourceInfo::default(), old),
        NavTree::new(SourceInfo::default(), new),
    )
}

fn counts(d: &navdiff::diff::Diff) -> [usize; 6] {
    ChangeKind::ALL.map(|k| d.summary.count(k))
}

/// Every node in pre-order, numbered from 1 as the diff's matches are.
fn pre_order(tree: &NavTree) -> Vec<&Node> {
    let mut out = Vec::new();
    let mut stack: Vec<&Node> = tree.roots.iter().rev().collect();
    while let Some(node) = stack.pop() {
        out.push(node);
        stack.extend(node.children.iter().rev());
    }
    out
}

/// Whether two strings share little: not equal ignoring case, and a character ratio
/// under one half.
fn unrelated(a: &str, b: &str) -> bool {
    let (a, b) = (a.to_lowercase(), b.to_lowercase());
    a != b && similar::TextDiff::from_chars(a.as_str(), b.as_str()).ratio() < 0.5
}

/// Whether two targets are unrelated: one page has a target and the other has none, or both
/// have one and they differ in file name and share little.
fn unrelated_targets(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (None, None) => false,
        (Some(_), None) | (None, Some(_)) => true,
        (Some(a), Some(b)) => {
            // What differs: the folders they share at the start are left out.
            let (a, b) = (normalize_target(a), normalize_target(b));
            let (sa, sb): (Vec<&str>, Vec<&str>) = (a.split('/').collect(), b.split('/').collect());
            let shared = sa.iter().zip(&sb).take_while(|(x, y)| x == y).count();
            sa.last() != sb.last() && unrelated(&sa[shared..].join("/"), &sb[shared..].join("/"))
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn apply_rebuilds_the_new_tree(values in prop::collection::vec(any::<u16>(), 0..400), n_edits in 0usize..12) {
        let (old, new) = pair(&values, n_edits);
        let d = diff(&old, &new, &DiffOptions::default());
        let rebuilt = apply(&old, &d).expect("the script fits the tree it came from");
        prop_assert_eq!(rebuilt.roots, new.roots);
    }

    #[test]
    fn a_tree_against_itself_is_empty(values in prop::collection::vec(any::<u16>(), 0..400)) {
        let (old, _) = pair(&values, 0);
        let d = diff(&old, &old, &DiffOptions::default());
        prop_assert!(d.is_empty(), "{:?}", d.changes);
    }

    #[test]
    fn swapping_sides_swaps_added_and_removed(values in prop::collection::vec(any::<u16>(), 0..400), n_edits in 0usize..12) {
        let (old, new) = pair(&values, n_edits);
        let forward = counts(&diff(&old, &new, &DiffOptions::default()));
        let backward = counts(&diff(&new, &old, &DiffOptions::default()));
        prop_assert_eq!(forward[0], backward[1], "added ↔ removed");
        prop_assert_eq!(forward[1], backward[0], "removed ↔ added");
        prop_assert_eq!(&forward[2..], &backward[2..], "moved, renamed, relinked, reordered");
    }

    #[test]
    fn output_is_deterministic(values in prop::collection::vec(any::<u16>(), 0..400), n_edits in 0usize..12) {
        let (old, new) = pair(&values, n_edits);
        let first = diff(&old, &new, &DiffOptions::default());
        let second = diff(&old, &new, &DiffOptions::default());
        prop_assert_eq!(&first, &second);
        prop_assert_eq!(serde_json::to_string(&first).expect("json"), serde_json::to_string(&second).expect("json"));
    }

    #[test]
    fn node_counts_reconcile(values in prop::collection::vec(any::<u16>(), 0..400), n_edits in 0usize..12) {
        let (old, new) = pair(&values, n_edits);
        let d = diff(&old, &new, &DiffOptions::default());
        let nodes = |kind| d.changes.iter().filter(|c| c.kind == kind).map(|c| c.nodes).sum::<usize>();
        prop_assert_eq!(new.node_count() + nodes(ChangeKind::Removed), old.node_count() + nodes(ChangeKind::Added));
    }

    #[test]
    fn unrelated_pages_are_never_paired_without_file_evidence(values in prop::collection::vec(any::<u16>(), 0..400), n_edits in 0usize..12) {
        let (old, new) = pair(&values, n_edits);
        let d = diff(&old, &new, &DiffOptions::default());
        let (old_nodes, new_nodes) = (pre_order(&old), pre_order(&new));
        for (a, b) in d.matches.iter().enumerate().skip(1).filter_map(|(a, b)| b.map(|b| (a, b))) {
            let (x, y) = (old_nodes[a - 1], new_nodes[b - 1]);
            // Pages on both sides: sections are paired by their children too.
            if !x.children.is_empty() || !y.children.is_empty() {
                continue;
            }
            prop_assert!(
                !(unrelated(&x.title, &y.title) && unrelated_targets(x.target.as_deref(), y.target.as_deref())),
                "{:?} {:?} paired with {:?} {:?}",
                x.title, x.target, y.title, y.target
            );
        }
    }
}
