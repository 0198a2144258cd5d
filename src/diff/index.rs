//! Flat, pre-order arrays over one tree, so that the matcher works on indices, not pointers.
//!
//! Index 0 is a virtual root above the top-level entries; it is matched to the other side's
//! virtual root from the start, so top-level entries have a matched parent like any other.
//! Every node's descendants have larger indices than the node, so walking indices downwards
//! visits children before parents.

use std::hash::Hasher;

use crate::model::{Node, normalize_target};

/// The virtual root's index.
pub(crate) const ROOT: usize = 0;

/// One tree, flattened.
pub(crate) struct Index<'t> {
    pub(crate) entries: Vec<Entry<'t>>,
}

/// One node of a flattened tree.
pub(crate) struct Entry<'t> {
    /// The node itself; `None` for the virtual root.
    pub(crate) node: Option<&'t Node>,
    /// The parent's index (the virtual root is its own parent).
    pub(crate) parent: usize,
    /// The children's indices, in order.
    pub(crate) kids: Vec<usize>,
    /// Position among its siblings.
    pub(crate) pos: usize,
    /// Nodes in the subtree, this one included.
    pub(crate) size: usize,
    /// The title, white space collapsed and case folded: what title matching compares.
    pub(crate) key: String,
    /// The normalised target: the page's identity.
    pub(crate) target: Option<String>,
    /// A hash of the subtree: keys, targets and children's hashes, in order.
    pub(crate) hash: u64,
}

impl<'t> Index<'t> {
    pub(crate) fn new(roots: &'t [Node]) -> Self {
        let mut entries = vec![Entry {
            node: None,
            parent: ROOT,
            kids: Vec::with_capacity(roots.len()),
            pos: 0,
            size: 1,
            key: String::new(),
            target: None,
            hash: 0,
        }];
        // Pre-order with an explicit stack: (node, parent index, position).
        let mut stack: Vec<(&'t Node, usize, usize)> = roots
            .iter()
            .enumerate()
            .rev()
            .map(|(i, n)| (n, ROOT, i))
            .collect();
        while let Some((node, parent, pos)) = stack.pop() {
            let idx = entries.len();
            entries[parent].kids.push(idx);
            entries.push(Entry {
                node: Some(node),
                parent,
                kids: Vec::with_capacity(node.children.len()),
                pos,
                size: 1,
                key: title_key(&node.title),
                target: node.target.as_deref().map(normalize_target),
                hash: 0,
            });
            stack.extend(
                node.children
                    .iter()
                    .enumerate()
                    .rev()
                    .map(|(i, c)| (c, idx, i)),
            );
        }
        // Children have larger indices than their parent: fold sizes and hashes upwards.
        for idx in (0..entries.len()).rev() {
            let mut h = Fnv::default();
            h.write(entries[idx].key.as_bytes());
            h.write_u8(0xff);
            match &entries[idx].target {
                Some(t) => h.write(t.as_bytes()),
                None => h.write_u8(0xfe),
            }
            let mut size = 1;
            for &k in &entries[idx].kids {
                h.write_u64(entries[k].hash);
                size += entries[k].size;
            }
            entries[idx].hash = h.finish();
            entries[idx].size = size;
        }
        Index { entries }
    }

    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    pub(crate) fn node(&self, idx: usize) -> &'t Node {
        self.entries[idx]
            .node
            .expect("only the virtual root has no node")
    }

    /// Titles from the top level down to `idx`, inclusive.
    pub(crate) fn breadcrumb(&self, idx: usize) -> Vec<String> {
        let mut path = Vec::new();
        let mut at = idx;
        while at != ROOT {
            path.push(self.node(at).title.clone());
            at = self.entries[at].parent;
        }
        path.reverse();
        path
    }

    /// Title keys from the top level down to `idx`, joined: a section's identity.
    pub(crate) fn key_path(&self, idx: usize) -> String {
        let mut keys = Vec::new();
        let mut at = idx;
        while at != ROOT {
            keys.push(self.entries[at].key.as_str());
            at = self.entries[at].parent;
        }
        keys.reverse();
        keys.join("\u{1f}")
    }
}

/// A title as matching compares it: white space collapsed, case folded.
pub(crate) fn title_key(title: &str) -> String {
    let mut out = String::with_capacity(title.len());
    for word in title.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

/// 64-bit FNV-1a: stable across Rust versions and platforms, so change ids stay put.
pub(crate) struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pre_order_with_sizes_positions_and_keys() {
        let roots = vec![
            Node::section(
                "Guide",
                vec![
                    Node::page("Install  Now", "./install.md"),
                    Node::page("Use", "use.md"),
                ],
            ),
            Node::page("FAQ", "faq/"),
        ];
        let index = Index::new(&roots);
        let view: Vec<(usize, usize, usize, &str, Option<&str>)> = index
            .entries
            .iter()
            .map(|e| (e.parent, e.pos, e.size, e.key.as_str(), e.target.as_deref()))
            .collect();
        assert_eq!(
            view,
            [
                (0, 0, 5, "", None),
                (0, 0, 3, "guide", None),
                (1, 0, 1, "install now", Some("install")),
                (1, 1, 1, "use", Some("use")),
                (0, 1, 1, "faq", Some("faq")),
            ]
        );
        assert_eq!(index.entries[0].kids, [1, 4]);
        assert_eq!(index.breadcrumb(3), ["Guide", "Use"]);
    }

    #[test]
    fn equal_subtrees_hash_equal() {
        let a = vec![
            Node::section("S", vec![Node::page("P", "p.md")]),
            Node::section("S", vec![Node::page("P", "./p")]),
        ];
        let index = Index::new(&a);
        assert_eq!(index.entries[1].hash, index.entries[3].hash);
        assert_ne!(index.entries[1].hash, index.entries[2].hash);
    }

    #[test]
    fn fnv_matches_the_published_test_vectors() {
        for (input, expected) in [
            (&b""[..], 0xcbf2_9ce4_8422_2325_u64),
            (b"a", 0xaf63_dc4c_8601_ec8c),
            (b"foobar", 0x8594_4171_f739_67e8),
        ] {
            let mut h = Fnv::default();
            h.write(input);
            assert_eq!(h.finish(), expected, "{input:?}");
        }
    }
}
