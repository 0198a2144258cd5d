//! Sources: what the user names on the command line (a nav file, a snapshot, a git
//! revision, the working tree) turned into a [`NavTree`](crate::model::NavTree).
//!
//! - `disk.rs`: files on disk, checked before any reader sees them, and atomic writes;
//! - `ignore.rs`: the entries every command leaves out (`--ignore`);
//! - `repo.rs`: trees at git revisions, with nav-file discovery and a cache of parsed
//!   versions keyed by blob id, and the history of a nav file.

mod disk;
mod ignore;
mod repo;

use std::path::{Path, PathBuf};

pub use disk::{DirFiles, decode_text, read_path, read_text, read_with, write_atomic};
pub use ignore::Ignore;
pub use repo::{GitSource, NAV_CANDIDATES, NavVersion, find_nav};

use crate::model::NavFormat;

/// The largest nav file or snapshot navdiff reads, in bytes.
pub const MAX_FILE_SIZE: u64 = 16 * 1024 * 1024;

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

/// What a command-line argument names.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Spec {
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

impl Spec {
    /// Reads an argument: an existing file (relative to `cwd`), else `rev:path`, else a
    /// revision. A name with a nav file's extension (`.json`, `.yml`, `.md`, …) is a file
    /// even when missing, so that the error says the file is missing.
    #[must_use]
    pub fn parse(arg: &str, cwd: &Path) -> Spec {
        let as_path = cwd.join(arg);
        let looks_like_file = Path::new(arg)
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| FILE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()));
        if as_path.is_file() || (looks_like_file && !arg.contains(':')) {
            // Kept as typed, so that messages and snapshots name the file as the user did.
            return Spec::File(PathBuf::from(arg));
        }
        match arg.split_once(':') {
            Some((rev, path)) if !rev.is_empty() && !path.is_empty() => Spec::Revision {
                rev: rev.to_owned(),
                path: Some(path.to_owned()),
            },
            _ => Spec::Revision {
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

/// A file name for a snapshot of `rev`: `v1.2` → `v1.2.json`, `origin/main` →
/// `origin-main.json`, `HEAD~3` → `HEAD-3.json`.
#[must_use]
pub fn snapshot_file_name(rev: &str) -> String {
    let mut name: String = rev
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '-'
            }
        })
        .collect();
    while name.contains("--") {
        name = name.replace("--", "-");
    }
    let name = name.trim_matches(|c| c == '-' || c == '.');
    if name.is_empty() {
        "snapshot.json".to_owned()
    } else {
        format!("{name}.json")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snapshot_names_are_safe() {
        for (rev, name) in [
            ("v1.2", "v1.2.json"),
            ("origin/main", "origin-main.json"),
            ("HEAD~3", "HEAD-3.json"),
            ("../../etc/passwd", "etc-passwd.json"),
            ("a:b c", "a-b-c.json"),
            ("~~", "snapshot.json"),
        ] {
            assert_eq!(snapshot_file_name(rev), name, "{rev}");
        }
    }

    #[test]
    fn specs() {
        let cwd = Path::new(env!("CARGO_MANIFEST_DIR"));
        assert_eq!(
            Spec::parse("Cargo.toml", cwd),
            Spec::File(PathBuf::from("Cargo.toml"))
        );
        assert_eq!(
            Spec::parse("v1.0:docs/mkdocs.yml", cwd),
            Spec::Revision {
                rev: "v1.0".into(),
                path: Some("docs/mkdocs.yml".into())
            }
        );
        assert_eq!(
            Spec::parse("HEAD~2", cwd),
            Spec::Revision {
                rev: "HEAD~2".into(),
                path: None
            }
        );
    }
}
