//! Sources: what a tree is read from — a nav file, a snapshot, a git revision, the working
//! tree ([`Source`]) — turned into a [`NavTree`](crate::model::NavTree) whose
//! [`SourceInfo`](crate::model::SourceInfo) says which.
//!
//! - `text.rs`: the one place where bytes become text (the size limit, binary and UTF-8
//!   checks), for files on disk and blobs from git alike;
//! - `read.rs`: text into a tree, a snapshot or a nav file of any format;
//! - `folder.rs` and `revision.rs`: the [`FileAccess`](crate::formats::FileAccess) of a
//!   folder on disk and of a git revision, through which readers follow a nav file;
//! - `repo.rs`: trees at git revisions, with nav-file discovery, a cache of parsed versions
//!   keyed by blob id, and the versions of a nav file along history;
//! - `ignore.rs`: the entries every command leaves out (`--ignore`);
//! - `write.rs`: atomic writes and snapshot file names.

mod folder;
mod ignore;
mod read;
mod repo;
mod revision;
mod text;
mod write;

use std::path::{Path, PathBuf};

pub use folder::DirFiles;
pub use ignore::Ignore;
pub use read::{read_path, read_text, read_with};
pub use repo::{GitSource, NAV_FOLDERS, NavVersion, find_nav, nav_candidates};
pub use revision::RevFiles;
pub use text::{MAX_FILE_SIZE, decode_text};
pub use write::{snapshot_file_name, write_atomic};

use crate::model::NavFormat;

/// How to find and read the nav file at a revision.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct NavOptions {
    /// The nav file's path in the repository; found by its usual names when `None`.
    pub nav: Option<String>,
    /// Its format; detected when `None`.
    pub format: Option<NavFormat>,
}

impl NavOptions {
    /// Options with a nav path and a format, either optional.
    #[must_use]
    pub fn new(nav: Option<String>, format: Option<NavFormat>) -> Self {
        NavOptions { nav, format }
    }
}

/// What a tree is read from, as a command-line argument names it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Source {
    /// A file on disk: a nav file or a snapshot.
    File(PathBuf),
    /// A revision, with the nav file's path when given as `rev:path`.
    Revision {
        /// The revision as typed.
        rev: String,
        /// The path after `:`.
        path: Option<String>,
    },
    /// The working tree, uncommitted edits included.
    WorkTree,
}

impl Source {
    /// Reads an argument: an existing file (relative to `cwd`), else `rev:path`, else a
    /// revision. A name with a nav file's extension (`.json`, `.yml`, `.md`, …) is a file
    /// even when missing, so that the error says the file is missing.
    #[must_use]
    pub fn parse(arg: &str, cwd: &Path) -> Source {
        let as_path = cwd.join(arg);
        let looks_like_file = Path::new(arg)
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| FILE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()));
        if as_path.is_file() || (looks_like_file && !arg.contains(':')) {
            // Kept as typed, so that messages and snapshots name the file as the user did.
            return Source::File(PathBuf::from(arg));
        }
        match arg.split_once(':') {
            Some((rev, path)) if !rev.is_empty() && !path.is_empty() => Source::Revision {
                rev: rev.to_owned(),
                path: Some(path.to_owned()),
            },
            _ => Source::Revision {
                rev: arg.to_owned(),
                path: None,
            },
        }
    }
}

/// Extensions that make an argument a file, not a revision.
const FILE_EXTENSIONS: [&str; 12] = [
    "json", "yml", "yaml", "md", "txt", "js", "ts", "mjs", "cjs", "mts", "adoc", "rst",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources() {
        let cwd = Path::new(env!("CARGO_MANIFEST_DIR"));
        assert_eq!(
            Source::parse("Cargo.toml", cwd),
            Source::File(PathBuf::from("Cargo.toml"))
        );
        assert_eq!(
            Source::parse("v1.0:docs/mkdocs.yml", cwd),
            Source::Revision {
                rev: "v1.0".into(),
                path: Some("docs/mkdocs.yml".into())
            }
        );
        assert_eq!(
            Source::parse("HEAD~2", cwd),
            Source::Revision {
                rev: "HEAD~2".into(),
                path: None
            }
        );
    }
}
