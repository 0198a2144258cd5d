//! Flat, pre-order arrays over one tree, so that the matcher works on indices, not pointers.
//!
//! Index 0 is a virtual root above the top-level entries; it is matched to the other side's
//! virtual root from the start, so top-level entries have a matched parent like any other.
//! Every node's descendants have larger indices than the node, so walking indices downwards
//! visits children before parents.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};

use crate::model::{Node, normalize_target_cow};

/// The virtual root's index.
pub(crate) const ROOT: usize = 0;

/// One tree, flattened.
pub(crate) struct Index<'t> {
    pub(crate) entries: Vec<Entry<'t>>,
    /// Every node's children, each node's run reserved when the node is indexed.
    kids: Vec<usize>,
    /// Every title key, back to back: one allocation instead of one a node.
    keys: String,
}

/// One node of a flattened tree.
pub(crate) struct Entry<'t> {
    /// The node itself; `None` for the virtual root.
    pub(crate) node: Option<&'t Node>,
    /// The parent's index (the virtual root is its own parent).
    pub(crate) parent: usize,
    /// Where the children's indices sit in [`Index::kids`]: start and count.
    kids_span: (usize, usize),
    /// Position among its siblings.
    pub(crate) pos: usize,
    /// Nodes in the subtree, this one included.
    pub(crate) size: usize,
    /// Where the title's key (white space collapsed, case folded: what title matching
    /// compares) sits in [`Index::keys`].
    key_span: (u32, u32),
    key_hash: u64,
    /// The normalised target: the page's identity.
    pub(crate) target: Option<Cow<'t, str>>,
    target_hash: u64,
    /// A hash of the subtree: keys, targets and children's hashes, in order.
    pub(crate) hash: u64,
}

/// Trees at least this big are indexed on two threads, one each.
const PARALLEL_FROM: usize = 20_000;

impl<'t> Index<'t> {
    /// Both sides' indexes, built side by side on two threads when the trees are big.
    pub(crate) fn pair<'o: 't, 'n: 't>(old: &'o [Node], new: &'n [Node]) -> (Index<'o>, Index<'n>) {
        let big = |roots: &[Node]| {
            roots
                .iter()
                .take(PARALLEL_FROM)
                .map(Node::size)
                .sum::<usize>()
                >= PARALLEL_FROM
        };
        if big(old) && big(new) {
            std::thread::scope(|scope| {
                let old_index = scope.spawn(|| Index::new(old));
                let new_index = Index::new(new);
                (
                    old_index.join().expect("indexing does not panic"),
                    new_index,
                )
            })
        } else {
            (Index::new(old), Index::new(new))
        }
    }

    pub(crate) fn new(roots: &'t [Node]) -> Self {
        let mut keys = String::new();
        let mut kids = vec![0; roots.len()];
        let mut entries = vec![Entry {
            node: None,
            parent: ROOT,
            kids_span: (0, roots.len()),
            pos: 0,
            size: 1,
            key_span: (0, 0),
            key_hash: 0,
            target: None,
            target_hash: 0,
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
            kids[entries[parent].kids_span.0 + pos] = idx;
            let kids_span = (kids.len(), node.children.len());
            kids.resize(kids.len() + node.children.len(), 0);
            let start = keys.len();
            push_title_key(&node.title, &mut keys);
            let target = node.target.as_deref().map(normalize_target_cow);
            entries.push(Entry {
                node: Some(node),
                parent,
                kids_span,
                pos,
                size: 1,
                key_hash: hash_str(&keys[start..]),
                key_span: (
                    u32::try_from(start).unwrap_or(u32::MAX),
                    u32::try_from(keys.len() - start).unwrap_or(0),
                ),
                target_hash: target.as_deref().map_or(0, hash_str),
                target,
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
            let mut h = FxHasher::default();
            h.write_u64(entries[idx].key_hash);
            h.write_u64(entries[idx].target_hash);
            h.write_u8(u8::from(entries[idx].target.is_some()));
            let mut size = 1;
            let (start, len) = entries[idx].kids_span;
            for &k in &kids[start..start + len] {
                h.write_u64(entries[k].hash);
                size += entries[k].size;
            }
            entries[idx].hash = h.finish();
            entries[idx].size = size;
        }
        Index {
            entries,
            kids,
            keys,
        }
    }

    /// Node `idx`'s children, in order.
    pub(crate) fn kids(&self, idx: usize) -> &[usize] {
        let (start, len) = self.entries[idx].kids_span;
        &self.kids[start..start + len]
    }

    /// Node `idx`'s title key.
    pub(crate) fn key_text(&self, idx: usize) -> &str {
        let (start, len) = self.entries[idx].key_span;
        &self.keys[start as usize..(start + len) as usize]
    }

    /// Node `idx`'s title key, with its hash, for hash maps.
    pub(crate) fn key(&self, idx: usize) -> Key<'_> {
        Key {
            hash: self.entries[idx].key_hash,
            text: self.key_text(idx),
        }
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
            path.push(self.node(at).shown_title().into_owned());
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
            keys.push(self.key_text(at));
            at = self.entries[at].parent;
        }
        keys.reverse();
        keys.join("\u{1f}")
    }
}

impl Entry<'_> {
    /// The normalised target, with its hash, for hash maps.
    pub(crate) fn target_key(&self) -> Option<Key<'_>> {
        self.target.as_deref().map(|text| Key {
            hash: self.target_hash,
            text,
        })
    }
}

/// A string with its hash computed once, when the tree was indexed: the engine's maps hash
/// the same keys again and again.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Key<'a> {
    hash: u64,
    pub(crate) text: &'a str,
}

impl Hash for Key<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

impl PartialEq for Key<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.hash == other.hash && self.text == other.text
    }
}

impl Eq for Key<'_> {}

fn hash_str(text: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(text.as_bytes());
    h.finish()
}

/// A title as matching compares it: white space collapsed, case folded.
pub(crate) fn title_key(title: &str) -> String {
    let mut out = String::with_capacity(title.len());
    push_title_key(title, &mut out);
    out
}

/// Appends the key of `title` to `out`.
fn push_title_key(title: &str, out: &mut String) {
    let start = out.len();
    let bytes = title.as_bytes();
    // Most titles are ASCII with single inner spaces: copy and lowercase in place.
    let tidy = title.is_ascii()
        && bytes.first().is_none_or(|b| *b != b' ')
        && bytes.last().is_none_or(|b| *b != b' ')
        && !bytes.iter().any(|b| b.is_ascii_whitespace() && *b != b' ')
        && !title.contains("  ");
    if tidy {
        out.push_str(title);
        out[start..].make_ascii_lowercase();
        return;
    }
    if title.is_ascii() {
        for word in title.split_ascii_whitespace() {
            if out.len() > start {
                out.push(' ');
            }
            out.push_str(word);
        }
        out[start..].make_ascii_lowercase();
        return;
    }
    for word in title.split_whitespace() {
        if out.len() > start {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
}

/// A hash map with [`FxHasher`]: the engine's maps are many and hot, their keys come from
/// one run's own input, and their iteration order never reaches the output.
pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// A hash set with [`FxHasher`], for the same reasons as [`FastMap`].
pub(crate) type FastSet<K> = std::collections::HashSet<K, BuildHasherDefault<FxHasher>>;

/// A new [`FastMap`] with room for `n` entries.
pub(crate) fn fast_map<K, V>(n: usize) -> FastMap<K, V> {
    HashMap::with_capacity_and_hasher(n, BuildHasherDefault::default())
}

/// The multiply-rotate hash `rustc` uses for its own tables: a few instructions per word.
/// Not for anything that must stay stable or resist crafted collisions (ids use [`Fnv`]).
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl FxHasher {
    const SEED: u64 = 0xf135_7aea_2e62_a9c5;

    fn add(&mut self, word: u64) {
        self.0 = self.0.wrapping_add(word).wrapping_mul(Self::SEED);
    }
}

impl Hasher for FxHasher {
    fn finish(&self) -> u64 {
        self.0.rotate_left(26)
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(chunk.try_into().expect("8 bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
        self.add(bytes.len() as u64);
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
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
            .enumerate()
            .map(|(i, e)| {
                (
                    e.parent,
                    e.pos,
                    e.size,
                    index.key_text(i),
                    e.target.as_deref(),
                )
            })
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
        assert_eq!(index.kids(0), [1, 4]);
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
