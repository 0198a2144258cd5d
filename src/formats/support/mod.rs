//! What the readers share, apart from the readers themselves: one job a file.
//!
//! - `files.rs`: [`FileAccess`], through which a reader follows its nav file into the other
//!   files of the same revision;
//! - `paths.rs`: `/`-separated paths inside a revision that never climb out of it;
//! - `lines.rs`: byte offsets to the lines and columns that messages name;
//! - `pages.rs`: a page's front matter and title;
//! - `yaml.rs`: a light YAML tree built from `saphyr-parser`'s events, bounded;
//! - `js.rs`: the literal subset of JavaScript and TypeScript that sidebars use, evaluated
//!   without running anything; the only module that uses oxc.

pub(crate) mod js;
pub(crate) mod yaml;
mod yaml_fast;

mod files;
mod lines;
mod pages;
mod paths;

pub use files::FileAccess;
pub(crate) use lines::LineIndex;
pub(crate) use pages::{TITLE_HEAD, mkdocs_dirname_title, mkdocs_file_title, mkdocs_title};
pub use paths::join_path;
pub(crate) use paths::parent_dir;
