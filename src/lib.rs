//! navdiff shows how the *structure* of a documentation site changed between two versions:
//! which pages and sections were added, removed, moved, renamed, re-pointed or reordered in
//! its navigation.
//!
//! The pipeline, one module a stage, data flowing one way:
//!
//! ```text
//! source ──► reader ──► NavTree ──► diff ──► Diff ──► report ──► text
//! ```
//!
//! - [`model`]: the [`NavTree`](model::NavTree) every stage shares, page identity, snapshots;
//! - [`formats`]: one reader per nav format, format detection, and the names nav files go by;
//! - [`git`]: the only module that uses `git2`: revisions, tags, history, and the blobs and
//!   folder listings of any commit;
//! - [`source`]: what a tree is read from (a nav file, a snapshot, a git revision, the
//!   working tree) turned into a tree, with the size and text checks every file goes through;
//! - [`diff`]: pairs old and new nodes and classifies what changed;
//! - [`redirects`]: the URL every page is served at, old URLs that no longer serve a page,
//!   the redirects that cover them and the entries to add for the rest;
//! - [`report`]: renders trees and diffs into any [`std::io::Write`];
//! - [`history`]: releases and their changelog, and the events of one page, from many diffs;
//! - [`config`]: the settings of `navdiff.toml`;
//! - `cli` (the default `cli` feature): the command line, the only module that reads the
//!   environment and picks exit codes.
//!
//! Without the `cli` feature (`default-features = false`), navdiff is a library with no
//! command-line, terminal or progress-bar dependencies.
//!
//! # Example
//!
//! Read two versions of a nav file, diff them and render the changes as markdown (text
//! alone has no page files behind it, and the report says so; `diff::diff_with` takes what
//! `source::git_evidence` or `source::content_evidence` found in the files):
//!
//! ```
//! use navdiff::diff::{DiffOptions, diff};
//! use navdiff::report::{RenderOptions, Report, ReportFormat, render};
//! use navdiff::source::read_text;
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let old = read_text("v1/mkdocs.yml", "nav:\n  - Home: index.md\n  - Guide:\n      - Install: install.md\n", None)?;
//! let new = read_text("v2/mkdocs.yml", "nav:\n  - Home: index.md\n  - Install: install.md\n  - FAQ: faq.md\n", None)?;
//!
//! let changes = diff(&old, &new, &DiffOptions::default());
//! let mut markdown = Vec::new();
//! render(
//!     &Report::new(&changes, &old, &new),
//!     ReportFormat::Markdown,
//!     &RenderOptions::default(),
//!     &mut markdown,
//! )?;
//!
//! assert_eq!(
//!     String::from_utf8(markdown)?,
//!     "**1 added, 1 removed, 1 moved** (`v1/mkdocs.yml` → `v2/mkdocs.yml`)\n\
//!      \n### Added\n\n- FAQ `faq.md`\n\
//!      \n### Removed\n\n- Guide (section)\n\
//!      \n### Moved\n\n- Guide › Install → Install\n\
//!      \n_Pages were told apart by their targets and titles only (no page files were compared)._\n"
//! );
//! # Ok(())
//! # }
//! ```

#![warn(missing_docs)]

#[cfg(feature = "cli")]
pub mod cli;
pub mod config;
pub mod diff;
pub mod error;
pub mod formats;
pub mod git;
pub mod history;
pub mod model;
pub mod redirects;
pub mod report;
pub mod source;

pub use error::{Error, Result};
