//! The files of a folder on disk, for readers that follow a nav file into its pages.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::formats::FileAccess;
use crate::source::text::{check_size, decode_text, read_limited};

/// The files of a folder on disk.
#[derive(Debug, Clone)]
pub struct DirFiles {
    root: PathBuf,
}

impl DirFiles {
    /// The files under `root`.
    #[must_use]
    pub fn new(root: PathBuf) -> Self {
        DirFiles { root }
    }

    /// The files around the nav file at `path`: its git work tree when it is in one, else its
    /// folder; with the nav file's path relative to that root.
    #[must_use]
    pub fn around(path: &Path) -> (Self, String) {
        // `absolute` fails only without a current folder; the path as given is then the best
        // there is.
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let folder = absolute.parent().map(Path::to_path_buf).unwrap_or_default();
        let root = folder
            .ancestors()
            .find(|dir| dir.join(".git").exists())
            .map_or_else(|| folder.clone(), Path::to_path_buf);
        let relative = absolute.strip_prefix(&root).map_or_else(
            |_| path.display().to_string(),
            |p| {
                p.components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/")
            },
        );
        (DirFiles { root }, relative)
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

/// Whether an I/O error says that there is nothing at the path (rather than that it could
/// not be read).
fn is_absent(e: &std::io::Error) -> bool {
    matches!(e.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory)
}

impl FileAccess for DirFiles {
    fn read_text(&self, path: &str) -> Result<Option<String>> {
        let full = self.root.join(path);
        let Some(meta) = Self::metadata(&full)? else {
            return Ok(None);
        };
        if !meta.is_file() {
            return Ok(None);
        }
        let name = full.display().to_string();
        check_size(&name, meta.len())?;
        let bytes = read_limited(&full, &name)?;
        Ok(Some(decode_text(&name, &bytes)?.to_owned()))
    }

    fn is_file(&self, path: &str) -> Result<bool> {
        Ok(Self::metadata(&self.root.join(path))?.is_some_and(|m| m.is_file()))
    }

    fn list_dir(&self, path: &str) -> Result<Vec<(String, bool)>> {
        let full = self.root.join(path);
        let read_err = |source| Error::Read {
            path: full.display().to_string(),
            source,
        };
        let entries = match std::fs::read_dir(&full) {
            Ok(entries) => entries,
            Err(e) if is_absent(&e) => return Ok(Vec::new()),
            Err(e) => return Err(read_err(e)),
        };
        let mut out = Vec::new();
        for entry in entries {
            let entry = entry.map_err(read_err)?;
            // Links are followed, as the generators follow them; a dangling one is a file
            // that cannot be read, not a folder.
            let is_dir = Self::metadata(&entry.path())?.is_some_and(|m| m.is_dir());
            out.push((entry.file_name().to_string_lossy().into_owned(), is_dir));
        }
        out.sort();
        Ok(out)
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
