//! History: what many versions of the nav say together. Releases and their changelog
//! sections (`navdiff changelog`), and the events of one page or section along the nav's
//! history (`navdiff log`), with the documents both write.
//!
//! - `version.rs`: version numbers in tag names (semver, PEP 440, Maven, calendar);
//! - `releases.rs`: which tags are releases, in what order, and the walk that diffs each
//!   release against the nearest earlier release in its history;
//! - `changelog.rs`: the releases as Keep-a-Changelog sections, as JSON, and as the managed
//!   block in a hand-written changelog;
//! - `log.rs`: one node's events, traced through the diff engine's matching along the
//!   version graph, as text and as JSON;
//! - `repo.rs`: both walks over a git repository.
//!
//! The command line only calls these.

mod changelog;
mod log;
mod releases;
mod repo;
mod version;

pub use changelog::{
    BLOCK_END, BLOCK_START, CHANGELOG_SCHEMA, Changelog, Forge, changelog_document,
    render_changelog_template, render_markdown, update_block, update_changelog_file,
};
pub use log::{Event, EventKind, LOG_SCHEMA, Log, Point, log_document, render_log_text, trace};
pub use releases::{
    Release, ReleaseOrder, ReleaseTrees, ReleaseWalk, Selection, Skipped, Unreleased,
    select_releases, sort_releases, walk_releases,
};
pub use repo::{ChangelogRequest, LogRequest, Prune, changelog_from_git, log_from_git};
