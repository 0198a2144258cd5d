//! Entries every command leaves out of the trees it reads (`--ignore`, `ignore` in
//! `navdiff.toml`): globs on targets or titles, such as a generated API reference.

use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::error::{Error, Result};
use crate::model::{NavTree, Node};

/// Globs of targets or titles whose entries, with everything under them, are left out.
#[derive(Debug, Clone, Default)]
pub struct Ignore {
    globs: Option<GlobSet>,
}

impl Ignore {
    /// Leaves out what any of `globs` matches (`*` is any run of characters, `/` included;
    /// `?` one character; `[…]` one of a set).
    pub fn new<S: AsRef<str>>(globs: &[S]) -> Result<Ignore> {
        if globs.is_empty() {
            return Ok(Ignore::default());
        }
        let mut set = GlobSetBuilder::new();
        for glob in globs {
            let glob = glob.as_ref();
            set.add(Glob::new(glob).map_err(|e| Error::Glob {
                glob: glob.to_owned(),
                reason: e.kind().to_string(),
            })?);
        }
        let set = set.build().map_err(|e| Error::Glob {
            glob: globs
                .iter()
                .map(AsRef::as_ref)
                .collect::<Vec<_>>()
                .join(", "),
            reason: e.kind().to_string(),
        })?;
        Ok(Ignore { globs: Some(set) })
    }

    /// Whether `node` is left out: its title or its target matches.
    #[must_use]
    pub fn matches(&self, node: &Node) -> bool {
        self.globs.as_ref().is_some_and(|set| {
            set.is_match(&node.title) || node.target.as_deref().is_some_and(|t| set.is_match(t))
        })
    }

    /// Whether nothing is left out.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.globs.is_none()
    }

    /// `tree` without the entries left out.
    #[must_use]
    pub fn apply(&self, mut tree: NavTree) -> NavTree {
        if self.globs.is_some() {
            tree.retain(&|n: &Node| !self.matches(n));
        }
        tree
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SourceInfo;

    #[test]
    fn globs_match_titles_and_targets_with_their_subtrees() {
        let tree = NavTree::new(
            SourceInfo::default(),
            vec![
                Node::section("Legacy", vec![Node::page("Old", "old.md")]),
                Node::section(
                    "Guide",
                    vec![
                        Node::page("Install", "guide/install.md"),
                        Node::page("API", "api/deep/index.md"),
                    ],
                ),
            ],
        );
        let ignore = Ignore::new(&["Legacy", "api/*"]).expect("globs");
        let kept = ignore.apply(tree);
        assert_eq!(
            kept.roots,
            [Node::section(
                "Guide",
                vec![Node::page("Install", "guide/install.md")]
            )]
        );
        let err = Ignore::new(&["[unclosed"]).expect_err("bad glob");
        assert!(
            err.to_string()
                .starts_with("`[unclosed` is not a glob pattern: "),
            "{err}"
        );
    }
}
