//! Sources: what a tree is read from — a nav file, a snapshot, a git revision, the working
//! tree ([`Source`]) — turned into a [`NavTree`](crate::model::NavTree) whose
//! [`SourceInfo`](crate::model::SourceInfo) says which.
//!
//! - `text.rs`: the one place where bytes become text (the size limit, binary and UTF-8
//!   checks), for files on disk and blobs from git alike;
//! - `read.rs`: text into a tree, a snapshot or a nav file of any format;
//! - `folder.rs` and `revision.rs`: the [`FileAccess`](crate::formats::FileAccess) of a
//!   folder on disk and of a git revision, through which readers follow a nav file;
//! - `repo.rs`: trees at git revisions, with nav-file discovery and a cache of parsed
//!   versions keyed by blob id;
//! - `history.rs`: the versions of the nav along a commit's history, as a graph;
//! - `ignore.rs`: the entries every command leaves out (`--ignore`);
//! - `evidence.rs`: what the page files behind two trees say about page identity (git's
//!   renames, content similarity) for the diff engine;
//! - `fs.rs`: files on disk opened so that nothing outside the repository is read, and no
//!   special file either; `budget.rs`: the budget, cache and refusal warnings of one tree's
//!   reads;
//! - `write.rs`: atomic writes that cannot be redirected, and snapshot file names.

mod budget;
mod evidence;
mod folder;
mod fs;
mod history;
mod ignore;
mod read;
mod repo;
mod revision;
mod text;
mod write;

use std::path::{Path, PathBuf};

pub use budget::{MAX_BYTES, MAX_READS};
pub use evidence::{FileLists, content_evidence, git_evidence, git_evidence_between};
pub use folder::DirFiles;
pub use fs::read_named_file;
pub use history::{NavHistory, NavVersion};
pub use ignore::Ignore;
pub use read::{MAX_WARNINGS, is_snapshot_file, read_path, read_text, read_with};
pub use repo::{GitSource, NAV_FOLDERS, find_nav, nav_candidates};
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

/// Where a command-line argument stood relative to `--`, as git reads it: revisions before,
/// files after.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ArgPlace {
    /// There was no `--` on the command line: the argument is a revision or a file, and an
    /// argument that names both is an error.
    Unmarked,
    /// Before `--`: a revision (`REV`, `REV:PATH`), never a file.
    Revision,
    /// After `--`: a file, never a revision.
    File,
}

impl Source {
    /// Reads an argument as git does: before `--` a revision, after `--` a file; without
    /// `--`, a revision when the repository has one by that name (`is_revision`), a file when
    /// there is one (relative to `cwd`), and an error when both are there (a file named
    /// `HEAD` never shadows the revision). `./x`, `../x` and absolute paths are files.
    /// A name that is neither is a file when it has a nav file's extension (`.yml`, `.json`,
    /// …), so that the error says the file is missing, else a revision.
    pub fn classify(
        arg: &str,
        place: ArgPlace,
        cwd: &Path,
        is_revision: &dyn Fn(&str) -> bool,
    ) -> crate::Result<Source> {
        match place {
            ArgPlace::File => return Ok(Source::File(PathBuf::from(arg))),
            ArgPlace::Revision => return Ok(Source::revision(arg)),
            ArgPlace::Unmarked => {}
        }
        let explicit_path = arg.starts_with("./")
            || arg.starts_with("../")
            || Path::new(arg).is_absolute()
            || arg == "."
            || arg == "..";
        if explicit_path {
            return Ok(Source::File(PathBuf::from(arg)));
        }
        // A link counts as a file even when it leads nowhere: it is there to shadow.
        let is_file = std::fs::symlink_metadata(cwd.join(arg)).is_ok();
        let rev_part = match arg.split_once(':') {
            Some((rev, path)) if !rev.is_empty() && !path.is_empty() => rev,
            _ => arg,
        };
        let is_rev = is_revision(rev_part);
        match (is_rev, is_file) {
            (true, true) => Err(crate::Error::AmbiguousArgument {
                arg: arg.to_owned(),
            }),
            (true, false) => Ok(Source::revision(arg)),
            (false, true) => Ok(Source::File(PathBuf::from(arg))),
            (false, false) => {
                let looks_like_file = Path::new(arg)
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| FILE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()));
                // Kept as typed, so that messages and snapshots name the file as the user did.
                Ok(if looks_like_file && !arg.contains(':') {
                    Source::File(PathBuf::from(arg))
                } else {
                    Source::revision(arg)
                })
            }
        }
    }

    /// The revision `arg`, with the nav file's path when it is `REV:PATH`.
    fn revision(arg: &str) -> Source {
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

    fn classify(arg: &str, place: ArgPlace) -> crate::Result<Source> {
        let cwd = Path::new(env!("CARGO_MANIFEST_DIR"));
        let revisions = ["HEAD", "HEAD~2", "v1.0", "Cargo.toml", "src"];
        Source::classify(arg, place, cwd, &|r| revisions.contains(&r))
    }

    fn rev(rev: &str, path: Option<&str>) -> Source {
        Source::Revision {
            rev: rev.into(),
            path: path.map(str::to_owned),
        }
    }

    #[test]
    fn revisions_win_over_files_and_both_is_an_error() {
        use ArgPlace::{File, Revision, Unmarked};
        let file = |p: &str| Source::File(PathBuf::from(p));
        assert_eq!(
            classify("HEAD~2", Unmarked).expect("rev"),
            rev("HEAD~2", None)
        );
        assert_eq!(
            classify("v1.0:docs/mkdocs.yml", Unmarked).expect("rev:path"),
            rev("v1.0", Some("docs/mkdocs.yml"))
        );
        assert_eq!(
            classify("README.md", Unmarked).expect("file"),
            file("README.md")
        );
        assert_eq!(
            classify("missing.yml", Unmarked).expect("file"),
            file("missing.yml")
        );
        assert_eq!(classify("main", Unmarked).expect("rev"), rev("main", None));
        let err = classify("Cargo.toml", Unmarked).expect_err("both");
        assert_eq!(
            err.to_string(),
            "`Cargo.toml` is both a revision and a file here: write `Cargo.toml --` for the revision (revisions go before `--`, files after), or `./Cargo.toml` for the file"
        );
        assert!(classify("src", Unmarked).is_err(), "a folder is a path too");
        assert_eq!(
            classify("./Cargo.toml", Unmarked).expect("file"),
            file("./Cargo.toml")
        );
        assert_eq!(
            classify("Cargo.toml", Revision).expect("rev"),
            rev("Cargo.toml", None)
        );
        assert_eq!(
            classify("Cargo.toml", File).expect("file"),
            file("Cargo.toml")
        );
        assert_eq!(classify("HEAD", File).expect("file"), file("HEAD"));
    }
}
