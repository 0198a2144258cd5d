//! The navigation model every stage shares: a [`NavTree`] of [`Node`]s, where it came from
//! ([`SourceInfo`]), page identity ([`normalize_target`]), what page files say about it
//! ([`FileEvidence`]) and the snapshot file format.

mod evidence;
mod names;
mod safe;
mod snapshot;
mod target;
mod tree;

pub use evidence::{EvidenceSource, FileEvidence};
pub(crate) use names::from_name;
pub(crate) use safe::is_bidi_control;
pub use safe::json_safe;
pub use snapshot::{SNAPSHOT_SCHEMA, check_depth, read_snapshot, write_snapshot};
pub use target::normalize_target;
pub(crate) use target::{has_scheme, normalize_target_cow};
pub(crate) use tree::rfc3339_offset;
pub use tree::{Location, MAX_DEPTH, NavFormat, NavTree, Node, SourceInfo, TitleStatus, Warning};
