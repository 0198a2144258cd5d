//! The files of a git revision, for readers that follow a nav file into its pages: blobs
//! from [`CommitTree`], checked and decoded as every file is (`text.rs`).

use std::cell::RefCell;

use crate::error::Result;
use crate::formats::FileAccess;
use crate::git::{CommitTree, EntryKind};
use crate::source::text::{check_size, decode_text};

/// A file a reader asked for, with its blob id (`None`: asked for, absent).
pub(crate) type Accessed = (String, Option<String>);

/// The files of one commit. It remembers which files readers asked for, so that a parsed
/// tree can be reused wherever those files are unchanged.
pub struct RevFiles<'r> {
    tree: CommitTree<'r>,
    accessed: RefCell<Vec<Accessed>>,
}

/// Whether an entry reads as a file. A symbolic link is read as the blob git stores for it,
/// as it has always been.
fn is_file(kind: EntryKind) -> bool {
    match kind {
        EntryKind::File | EntryKind::Link => true,
        EntryKind::Folder => false,
    }
}

impl<'r> RevFiles<'r> {
    /// The files of `tree`.
    #[must_use]
    pub fn new(tree: CommitTree<'r>) -> Self {
        RevFiles {
            tree,
            accessed: RefCell::new(Vec::new()),
        }
    }

    /// The revision as the user typed it, for messages.
    #[must_use]
    pub fn rev(&self) -> &str {
        self.tree.rev()
    }

    /// The blob id of the file at `path`, `None` when there is no such file.
    pub fn blob_id(&self, path: &str) -> Result<Option<String>> {
        Ok(self
            .tree
            .entry(path)?
            .filter(|e| is_file(e.kind))
            .map(|e| e.id))
    }

    /// Whether `path` is a folder.
    pub(crate) fn is_folder(&self, path: &str) -> Result<bool> {
        Ok(self
            .tree
            .entry(path)?
            .is_some_and(|e| e.kind == EntryKind::Folder))
    }

    /// The files read since the last call, with their blob ids (`None`: asked for, absent).
    pub(crate) fn take_accessed(&self) -> Vec<Accessed> {
        std::mem::take(&mut self.accessed.borrow_mut())
    }
}

impl FileAccess for RevFiles<'_> {
    fn read_text(&self, path: &str) -> Result<Option<String>> {
        let blob = self.blob_id(path)?;
        self.accessed
            .borrow_mut()
            .push((path.to_owned(), blob.clone()));
        let Some(id) = blob else { return Ok(None) };
        let name = format!("{}:{path}", self.tree.rev());
        check_size(&name, self.tree.blob_size(&id)?)?;
        let bytes = self.tree.blob_bytes(&id, path)?;
        Ok(Some(decode_text(&name, &bytes)?.to_owned()))
    }

    fn is_file(&self, path: &str) -> Result<bool> {
        Ok(self.blob_id(path)?.is_some())
    }

    fn list_dir(&self, path: &str) -> Result<Vec<(String, bool)>> {
        Ok(self
            .tree
            .list(path)?
            .into_iter()
            .map(|(name, kind)| (name, kind == EntryKind::Folder))
            .collect())
    }
}
