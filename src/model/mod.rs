//! The navigation model every stage shares: a [`NavTree`] of [`Node`]s, where it came from
//! ([`SourceInfo`]), page identity ([`normalize_target`]) and the snapshot file format.

mod snapshot;
mod target;
mod tree;

pub use snapshot::{SNAPSHOT_SCHEMA, read_snapshot, write_snapshot};
pub(crate) use target::has_scheme;
pub use target::normalize_target;
pub use tree::{MAX_DEPTH, NavFormat, NavTree, Node, SourceInfo, Warning};
