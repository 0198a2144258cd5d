//! The files of a folder on disk, for readers that follow a nav file into its pages.
//!
//! Every path a reader asks for is resolved and must stay under the root (the repository,
//! or the nav file's folder outside one): absolute paths, `..` that climbs out and
//! symbolic links that lead out are refused with a warning naming the entry, as are
//! FIFOs, devices and sockets; listings do not descend into linked folders. Reads count
//! against a budget per tree and are cached per file (`budget.rs`).

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::formats::FileAccess;
use crate::model::Warning;
use crate::source::budget::{Hit, Reads, decode_head};
use crate::source::fs::{
    Found, canonical_root, enclosing_root, is_absent, lexical_refusal, open_regular, refused,
    resolve_under,
};

/// The files of a folder on disk.
#[derive(Debug, Clone)]
pub struct DirFiles {
    root: PathBuf,
    reads: Reads,
}

impl DirFiles {
    /// The files under `root`.
    #[must_use]
    pub fn new(root: PathBuf) -> Self {
        DirFiles {
            root,
            reads: Reads::default(),
        }
    }

    /// The folder the paths are relative to.
    #[must_use]
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The files around the nav file at `path`: its git work tree when it is in one, else its
    /// folder; with the nav file's path relative to that root.
    #[must_use]
    pub fn around(path: &Path) -> (Self, String) {
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let root = enclosing_root(path);
        let relative = absolute.strip_prefix(&root).map_or_else(
            |_| path.display().to_string(),
            |p| {
                p.components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/")
            },
        );
        (DirFiles::new(root), relative)
    }

    /// How errors name the tree.
    fn at(&self) -> String {
        let root = self.root.display().to_string();
        match root.trim_end_matches('/') {
            "" => root,
            trimmed => trimmed.to_owned(),
        }
    }

    /// How messages name the file at `path`.
    fn name(&self, path: &str) -> String {
        self.root.join(path).display().to_string()
    }

    /// Where `path` leads, resolved under the root: absent, refused (with why), or there.
    fn locate(&self, path: &str) -> Result<Found<PathBuf>> {
        if let Some(why) = lexical_refusal(path) {
            return Ok(Found::Refused(why));
        }
        let Some(root) = canonical_root(&self.root)? else {
            return Ok(Found::Absent);
        };
        resolve_under(&root, &root.join(path), &self.name(path))
    }

    /// The text of the file at `path` (its first `head` bytes when given), through the
    /// cache; a refusal is a warning and `None`.
    fn read(&self, path: &str, head: Option<usize>) -> Result<Option<String>> {
        self.open(path, head, true)
    }

    /// The nav file at `path`, which must be there: a refusal is an error, not a warning.
    pub(crate) fn read_nav(&self, path: &str) -> Result<String> {
        self.open(path, None, false)?.ok_or_else(|| Error::Read {
            path: self.name(path),
            source: missing(&self.root.join(path)),
        })
    }

    fn open(&self, path: &str, head: Option<usize>, warn: bool) -> Result<Option<String>> {
        let at = self.at();
        self.reads.tick(&at)?;
        if let Hit::Known(text) = self.reads.cached(&at, path, head)? {
            return Ok(text);
        }
        let refuse = |why: String| -> Result<Option<String>> {
            if !warn {
                return Err(refused(path, &why));
            }
            self.reads.refuse(path, &why);
            self.reads.absent(path);
            Ok(None)
        };
        let resolved = match self.locate(path)? {
            Found::Absent => {
                self.reads.absent(path);
                return Ok(None);
            }
            Found::Refused(why) => return refuse(why),
            Found::File(p) => p,
        };
        let name = self.name(path);
        let opened = match open_regular(&resolved, &name)? {
            Found::Absent => {
                self.reads.absent(path);
                return Ok(None);
            }
            Found::Refused(why) => return refuse(why),
            Found::File(opened) => opened,
        };
        let (text, kept) = match head {
            Some(max) if opened.size() > max as u64 => (
                decode_head(&name, &opened.read_head(max as u64)?, false)?,
                head,
            ),
            _ => (decode_head(&name, &opened.read_all()?, true)?, None),
        };
        self.reads.keep(&at, path, text, kept).map(Some)
    }

    /// What is at `full`: `None` when nothing is; an error when it cannot be told.
    fn metadata(full: &Path) -> Result<Option<std::fs::Metadata>> {
        match std::fs::metadata(full) {
            Ok(m) => Ok(Some(m)),
            Err(e) if is_absent(&e) => Ok(None),
            Err(source) => Err(Error::Read {
                path: full.display().to_string(),
                source,
            }),
        }
    }
}

/// Why there is no file to read at `full`, in the system's words.
pub(crate) fn missing(full: &Path) -> std::io::Error {
    match std::fs::metadata(full) {
        Err(e) => e,
        Ok(m) if m.is_dir() => std::io::Error::other("it is a folder, not a file"),
        Ok(_) => std::io::Error::from(std::io::ErrorKind::NotFound),
    }
}

impl FileAccess for DirFiles {
    fn read_text(&self, path: &str) -> Result<Option<String>> {
        self.read(path, None)
    }

    fn read_head(&self, path: &str, max_bytes: usize) -> Result<Option<String>> {
        self.read(path, Some(max_bytes))
    }

    /// Whether there is something at `path` that is not a folder: a FIFO or a link that
    /// leads out counts, so that discovery finds it and reading it says why it is refused.
    fn is_file(&self, path: &str) -> Result<bool> {
        self.reads.tick(&self.at())?;
        if lexical_refusal(path).is_some() {
            return Ok(false);
        }
        Ok(Self::metadata(&self.root.join(path))?.is_some_and(|m| !m.is_dir()))
    }

    fn list_dir(&self, path: &str) -> Result<Vec<(String, bool)>> {
        self.reads.tick(&self.at())?;
        let dir = match self.locate(path)? {
            Found::Absent => return Ok(Vec::new()),
            Found::Refused(why) => {
                self.reads.refuse(path, &why);
                return Ok(Vec::new());
            }
            Found::File(dir) => dir,
        };
        let name = self.name(path);
        let read_err = |source| Error::Read {
            path: name.clone(),
            source,
        };
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if is_absent(&e) => return Ok(Vec::new()),
            Err(e) => return Err(read_err(e)),
        };
        let mut entries = entries
            .collect::<std::io::Result<Vec<_>>>()
            .map_err(read_err)?;
        // In name order, so that the warnings come in the same order on every system.
        entries.sort_by_key(std::fs::DirEntry::file_name);
        let mut out = Vec::new();
        for entry in entries {
            let file_name = entry.file_name().to_string_lossy().into_owned();
            let kind = entry.file_type().map_err(read_err)?;
            let is_dir = if kind.is_symlink() {
                // A link to a folder is not walked into (`a -> .` would never end); a link
                // to a file is listed, and reading it checks where it leads.
                if Self::metadata(&entry.path())?.is_some_and(|m| m.is_dir()) {
                    let listed = if path.is_empty() {
                        file_name.clone()
                    } else {
                        format!("{}/{file_name}", path.trim_end_matches('/'))
                    };
                    self.reads.refuse(
                        &listed,
                        "is a symbolic link to a folder; navdiff does not walk into linked folders",
                    );
                    continue;
                }
                false
            } else {
                kind.is_dir()
            };
            out.push((file_name, is_dir));
        }
        out.sort();
        Ok(out)
    }

    fn take_warnings(&self) -> Vec<Warning> {
        self.reads.take_warnings()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_files_are_none_and_folders_are_listed() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("docs/guide")).expect("mkdir");
        std::fs::write(dir.path().join("docs/a.md"), "# A\n").expect("write");
        let files = DirFiles::new(dir.path().to_path_buf());
        assert_eq!(
            files.read_text("docs/a.md").expect("read").as_deref(),
            Some("# A\n")
        );
        assert_eq!(files.read_text("docs/missing.md").expect("read"), None);
        assert_eq!(files.read_text("docs/a.md/below").expect("read"), None);
        assert_eq!(files.read_text("docs/guide").expect("read"), None);
        assert!(files.is_file("docs/a.md").expect("stat"));
        assert_eq!(
            files.list_dir("docs").expect("list"),
            [("a.md".to_owned(), false), ("guide".to_owned(), true)]
        );
        assert_eq!(files.list_dir("nowhere").expect("list"), []);
    }

    #[test]
    fn heads_read_only_the_head_and_reads_are_cached_per_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let page = dir.path().join("page.md");
        // A title's worth of text, then 2 MiB of lines: the head is all a title needs.
        let text = format!("# Title é\n{}", "line\n".repeat(400_000));
        std::fs::write(&page, &text).expect("write");
        let files = DirFiles::new(dir.path().to_path_buf());
        assert_eq!(
            files.read_head("page.md", 9).expect("head").as_deref(),
            Some("# Title "),
            "cut before the two-byte é"
        );
        // Served from the cache from now on: the file can go.
        std::fs::remove_file(&page).expect("remove");
        assert_eq!(
            files.read_head("page.md", 8).expect("head").as_deref(),
            Some("# Title ")
        );
        assert_eq!(
            files.read_head("page.md", 100).expect("head"),
            None,
            "a longer head is read again (and the file is gone)"
        );
        std::fs::write(dir.path().join("small.md"), "# Small\n").expect("write");
        assert_eq!(
            files.read_text("small.md").expect("read").as_deref(),
            Some("# Small\n")
        );
        std::fs::remove_file(dir.path().join("small.md")).expect("remove");
        assert_eq!(
            files.read_head("small.md", 100).expect("cached").as_deref(),
            Some("# Small\n"),
            "a whole file serves any head"
        );
    }

    #[test]
    fn paths_that_climb_out_are_refused_with_a_warning() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("repo")).expect("mkdir");
        std::fs::write(dir.path().join("secret.md"), "# Secret\n").expect("write");
        let files = DirFiles::new(dir.path().join("repo"));
        assert_eq!(files.read_text("../secret.md").expect("refused"), None);
        let absolute = dir.path().join("secret.md").display().to_string();
        assert_eq!(files.read_text(&absolute).expect("refused"), None);
        assert_eq!(files.list_dir("..").expect("refused"), []);
        let warnings: Vec<String> = files
            .take_warnings()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            warnings,
            [
                "`../secret.md` is not read: it climbs out with `..`; navdiff reads only files inside the repository".to_owned(),
                format!("`{absolute}` is not read: it is an absolute path; navdiff reads only files inside the repository"),
                "`..` is not read: it climbs out with `..`; navdiff reads only files inside the repository".to_owned(),
            ]
        );
    }

    #[test]
    fn a_file_that_cannot_be_read_is_an_error_not_a_missing_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("page.md"), b"\xff\xfe").expect("write");
        let files = DirFiles::new(dir.path().to_path_buf());
        let err = files.read_text("page.md").expect_err("not UTF-8");
        assert!(
            err.to_string()
                .ends_with("page.md:1:1: not UTF-8 text (invalid byte 0xff)"),
            "{err}"
        );
    }
}
