//! History: what many versions of the nav say together. Releases and their changelog
//! sections (`navdiff changelog`), and the events of one page or section along the nav's
//! versions (`navdiff log`), with the documents both write.
//!
//! - `releases.rs`: which tags are releases, in what order, and the walk that diffs each
//!   release against the one before it;
//! - `changelog.rs`: the releases as Keep-a-Changelog sections, as JSON, and as the managed
//!   block in a hand-written changelog;
//! - `log.rs`: one node's events, traced through the diff engine's matching, as text and
//!   as JSON.
//!
//! The command line only gathers the trees and calls these.

mod changelog;
mod log;
mod releases;

pub use changelog::{
    BLOCK_END, BLOCK_START, CHANGELOG_SCHEMA, changelog_document, render_changelog_template,
    render_markdown, update_block, update_changelog_file,
};
pub use log::{Event, EventKind, LOG_SCHEMA, Point, log_document, render_log_text, trace};
pub use releases::{
    Release, ReleaseTrees, Selection, select_releases, sort_releases, walk_releases,
};
