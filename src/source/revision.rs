//! The files of a git revision, for readers that follow a nav file into its pages: blobs
//! from [`CommitTree`], checked and decoded as every file is (`text.rs`).
//!
//! Symbolic links in the tree are not followed: a link is neither a file nor a folder here,
//! and asking for one is a warning. A blob's size is read from its header and checked before
//! it is inflated. Reads count against a budget per tree and are cached per blob.

use std::cell::RefCell;

use crate::error::Result;
use crate::formats::FileAccess;
use crate::git::{CommitTree, EntryKind};
use crate::model::Warning;
use crate::source::budget::{Hit, Reads, decode_head};
use crate::source::fs::lexical_refusal;
use crate::source::text::check_size;

/// A path a reader read, probed or listed, with its object id (`None`: asked for, absent).
pub(crate) type Accessed = (String, Option<String>);

/// Why a symbolic link in a git tree is not read.
pub(crate) const LINK_REFUSAL: &str =
    "is a symbolic link; navdiff does not follow links in git trees";

/// The files of one commit. It remembers which files readers asked for, so that a parsed
/// tree can be reused wherever those files are unchanged.
pub struct RevFiles<'r> {
    tree: CommitTree<'r>,
    accessed: RefCell<Vec<Accessed>>,
    reads: Reads,
}

impl<'r> RevFiles<'r> {
    /// The files of `tree`.
    #[must_use]
    pub fn new(tree: CommitTree<'r>) -> Self {
        RevFiles {
            tree,
            accessed: RefCell::new(Vec::new()),
            reads: Reads::default(),
        }
    }

    /// The revision as the user typed it, for messages.
    #[must_use]
    pub fn rev(&self) -> &str {
        self.tree.rev()
    }

    /// The blob id of the file at `path`, `None` when there is no such file (a symbolic link
    /// is not one).
    pub fn blob_id(&self, path: &str) -> Result<Option<String>> {
        if lexical_refusal(path).is_some() {
            return Ok(None);
        }
        Ok(self
            .tree
            .entry(path)?
            .filter(|e| e.kind == EntryKind::File)
            .map(|e| e.id))
    }

    /// The object id at `path`, whatever it is (a file's blob, a folder's tree), `None` when
    /// there is nothing there: what a cached read compares to see whether a file it
    /// followed, or a folder it listed, changed.
    pub(crate) fn entry_id(&self, path: &str) -> Result<Option<String>> {
        Ok(self.tree.entry(path)?.map(|e| e.id))
    }

    /// Whether `path` is a folder.
    pub(crate) fn is_folder(&self, path: &str) -> Result<bool> {
        if lexical_refusal(path).is_some() {
            return Ok(false);
        }
        Ok(self
            .tree
            .entry(path)?
            .is_some_and(|e| e.kind == EntryKind::Folder))
    }

    /// Whether `path` is a symbolic link.
    pub(crate) fn is_link(&self, path: &str) -> Result<bool> {
        if lexical_refusal(path).is_some() {
            return Ok(false);
        }
        Ok(self
            .tree
            .entry(path)?
            .is_some_and(|e| e.kind == EntryKind::Link))
    }

    /// The files read since the last call, with their blob ids (`None`: asked for, absent).
    pub(crate) fn take_accessed(&self) -> Vec<Accessed> {
        std::mem::take(&mut self.accessed.borrow_mut())
    }

    /// The text of the file at `path` (its first `head` bytes when given), through the cache.
    fn read(&self, path: &str, head: Option<usize>) -> Result<Option<String>> {
        let rev = self.tree.rev();
        self.reads.tick(rev)?;
        if let Some(why) = lexical_refusal(path) {
            self.reads.refuse(path, &why);
            self.accessed.borrow_mut().push((path.to_owned(), None));
            return Ok(None);
        }
        let entry = self.tree.entry(path)?;
        let id = match entry {
            Some(e) if e.kind == EntryKind::File => Some(e.id),
            Some(e) if e.kind == EntryKind::Link => {
                self.reads.refuse(path, LINK_REFUSAL);
                None
            }
            _ => None,
        };
        self.accessed
            .borrow_mut()
            .push((path.to_owned(), id.clone()));
        let Some(id) = id else { return Ok(None) };
        // Blobs are cached by id: the same page at two paths is read once.
        if let Hit::Known(text) = self.reads.cached(rev, &id, head)? {
            return Ok(text);
        }
        let name = format!("{rev}:{path}");
        // The size from the blob's header, before anything is inflated.
        let size = self.tree.blob_size(&id)?;
        check_size(&name, size)?;
        // A head is decoded (and kept) alone: a title does not need 16 MiB of text.
        let (text, kept) = match head {
            Some(max) if size > max as u64 => (
                decode_head(&name, &self.tree.blob_head(&id, path, max)?, false)?,
                head,
            ),
            _ => (
                decode_head(&name, &self.tree.blob_bytes(&id, path)?, true)?,
                None,
            ),
        };
        self.reads.keep(rev, &id, text, kept).map(Some)
    }
}

impl FileAccess for RevFiles<'_> {
    fn read_text(&self, path: &str) -> Result<Option<String>> {
        self.read(path, None)
    }

    fn read_head(&self, path: &str, max_bytes: usize) -> Result<Option<String>> {
        self.read(path, Some(max_bytes))
    }

    fn is_file(&self, path: &str) -> Result<bool> {
        self.reads.tick(self.tree.rev())?;
        let blob = self.blob_id(path)?;
        // A probe is followed like a read: the tree may change when the file appears.
        let id = if lexical_refusal(path).is_some() {
            None
        } else {
            self.entry_id(path)?
        };
        self.accessed.borrow_mut().push((path.to_owned(), id));
        Ok(blob.is_some())
    }

    fn list_dir(&self, path: &str) -> Result<Vec<(String, bool)>> {
        self.reads.tick(self.tree.rev())?;
        if let Some(why) = lexical_refusal(path) {
            self.reads.refuse(path, &why);
            return Ok(Vec::new());
        }
        // So is a listing: the tree may change when a file comes or goes in the folder.
        let folder = path.trim_end_matches('/');
        let id = self.entry_id(folder)?;
        self.accessed.borrow_mut().push((folder.to_owned(), id));
        Ok(self
            .tree
            .list(path)?
            .into_iter()
            .map(|(name, kind)| (name, kind == EntryKind::Folder))
            .collect())
    }

    fn take_warnings(&self) -> Vec<Warning> {
        self.reads.take_warnings()
    }
}
