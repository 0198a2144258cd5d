//! A generator of large, realistic navigation trees and of edited copies of them, for the
//! benchmarks and for `examples/navgen.rs` (which writes them as `mkdocs.yml` files).
//!
//! Trees have sections of 4–12 entries, four levels deep at most, pages with unique
//! targets, and titles that repeat the way real ones do ("Overview" everywhere). Edits are
//! about 1 % each of added, removed and moved pages, moved sections, renames, relinks and
//! reorders.

#![allow(dead_code, reason = "each bench uses part of the generator")]

use navdiff::model::{NavTree, Node, SourceInfo};

/// `SplitMix64`: tiny, fast and the same on every platform, so inputs are reproducible.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            usize::try_from(self.next() % n as u64).unwrap_or(0)
        }
    }
}

const WORDS: [&str; 24] = [
    "Install",
    "Configure",
    "Deploy",
    "Monitor",
    "Scale",
    "Secure",
    "Migrate",
    "Backup",
    "Restore",
    "Debug",
    "Test",
    "Build",
    "Release",
    "Extend",
    "Integrate",
    "Authenticate",
    "Authorize",
    "Cache",
    "Queue",
    "Stream",
    "Index",
    "Search",
    "Render",
    "Export",
];
const COMMON: [&str; 4] = ["Overview", "Reference", "Examples", "FAQ"];

/// A tree of about `n` nodes.
pub(crate) fn generate(n: usize, seed: u64) -> NavTree {
    let mut rng = Rng::new(seed);
    let mut serial = 0;
    let mut roots = Vec::new();
    while serial < n {
        roots.push(section(&mut rng, &mut serial, n, 1, "docs"));
    }
    NavTree::new(SourceInfo::default(), roots)
}

fn title(rng: &mut Rng, serial: usize) -> String {
    if rng.below(4) == 0 {
        COMMON[rng.below(COMMON.len())].to_owned()
    } else {
        format!(
            "{} {} {serial}",
            WORDS[rng.below(WORDS.len())],
            WORDS[rng.below(WORDS.len())].to_lowercase()
        )
    }
}

fn section(rng: &mut Rng, serial: &mut usize, n: usize, depth: usize, dir: &str) -> Node {
    *serial += 1;
    let name = format!("{dir}/s{serial}");
    let mut children = Vec::new();
    for _ in 0..4 + rng.below(9) {
        if *serial >= n {
            break;
        }
        if depth < 4 && rng.below(5) == 0 {
            children.push(section(rng, serial, n, depth + 1, &name));
        } else {
            *serial += 1;
            children.push(Node::page(
                title(rng, *serial),
                format!("{name}/p{serial}.md"),
            ));
        }
    }
    Node::section(
        format!("{} {serial}", WORDS[rng.below(WORDS.len())]),
        children,
    )
}

/// A copy of `tree` with about `per_mille` ‰ (10 for 1 %) of its nodes touched by each kind
/// of edit.
pub(crate) fn edit(tree: &NavTree, per_mille: usize, seed: u64) -> NavTree {
    let mut rng = Rng::new(seed);
    let mut roots = tree.roots.clone();
    let n = tree.node_count();
    let count = (n * per_mille).div_ceil(1000).max(1);
    let mut serial = n * 10;
    for _ in 0..count {
        // Added page.
        serial += 1;
        let list = random_list(&mut roots, &mut rng);
        let at = rng.below(list.len() + 1);
        list.insert(
            at,
            Node::page(format!("New page {serial}"), format!("new/p{serial}.md")),
        );
        // Removed page.
        let list = random_list(&mut roots, &mut rng);
        if let Some(i) = (!list.is_empty())
            .then(|| rng.below(list.len()))
            .filter(|&i| list[i].children.is_empty())
        {
            list.remove(i);
        }
        // Moved page or section (a section about one time in five).
        let list = random_list(&mut roots, &mut rng);
        if !list.is_empty() {
            let i = rng.below(list.len());
            let node = list.remove(i);
            let dest = random_list(&mut roots, &mut rng);
            let at = rng.below(dest.len() + 1);
            dest.insert(at, node);
        }
        // Renamed, relinked, reordered.
        let list = random_list(&mut roots, &mut rng);
        if !list.is_empty() {
            let i = rng.below(list.len());
            list[i].title.push_str(" (renamed)");
            let j = rng.below(list.len());
            if let Some(t) = list[j].target.as_mut() {
                t.insert_str(0, "moved/");
            }
            let k = rng.below(list.len());
            let node = list.remove(k);
            let at = rng.below(list.len() + 1);
            list.insert(at, node);
        }
    }
    NavTree::new(SourceInfo::default(), roots)
}

/// A random sibling list: the top level or some section's children.
fn random_list<'a>(roots: &'a mut Vec<Node>, rng: &mut Rng) -> &'a mut Vec<Node> {
    let mut list = roots;
    loop {
        let sections: Vec<usize> = list
            .iter()
            .enumerate()
            .filter(|(_, n)| !n.children.is_empty())
            .map(|(i, _)| i)
            .collect();
        if sections.is_empty() || rng.below(3) == 0 {
            return list;
        }
        let pick = sections[rng.below(sections.len())];
        list = &mut list[pick].children;
    }
}

/// `tree` as an `mkdocs.yml`.
pub(crate) fn to_mkdocs(tree: &NavTree) -> String {
    let mut out = String::from("site_name: Generated\nnav:\n");
    let mut stack: Vec<(&Node, usize)> = tree.roots.iter().rev().map(|n| (n, 1)).collect();
    while let Some((node, depth)) = stack.pop() {
        let indent = "  ".repeat(depth);
        let title = node.title.replace('"', "'");
        match &node.target {
            Some(t) if node.children.is_empty() => {
                out.push_str(&format!("{indent}- \"{title}\": {t}\n"));
            }
            _ => out.push_str(&format!("{indent}- \"{title}\":\n")),
        }
        stack.extend(node.children.iter().rev().map(|c| (c, depth + 1)));
    }
    out
}
