//! Helpers shared by the integration tests.

pub mod cdp;
pub mod cmd;
pub mod git;
/// The benchmarks' generator of large navigations.
#[path = "../../../benches/support/navgen.rs"]
pub mod navgen;
pub mod schema;
pub mod yaml;

use std::path::{Path, PathBuf};

/// A file under `tests/fixtures/`.
pub fn fixture(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(relative)
}
