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
//! - [`formats`]: one reader per nav format, and format detection;
//! - [`git`]: the only module that uses `git2`: revisions, files at a revision, tags, history;
//! - [`source`]: turns what the user named (a nav file, a snapshot) into a tree;
//! - [`diff`]: pairs old and new nodes and classifies what changed;
//! - [`report`]: renders trees and diffs into any [`std::io::Write`];
//! - [`changelog`] and [`log`]: release notes and the history of one page, from many diffs;
//! - [`cli`]: the command line, the only module that reads the environment and picks exit codes.

#![warn(missing_docs)]

pub mod changelog;
pub mod cli;
pub mod config;
pub mod diff;
pub mod error;
pub mod formats;
pub mod git;
pub mod log;
pub mod model;
pub mod report;
pub mod source;

pub use error::{Error, Result};
