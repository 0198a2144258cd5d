//! The Sphinx reader on arbitrary input (see `src/lib.rs` for the input's layout).

#![no_main]

use libfuzzer_sys::fuzz_target;
use navdiff::model::NavFormat;

fuzz_target!(|data: &[u8]| {
    navdiff_fuzz::read_as(NavFormat::Sphinx, "docs/index.rst", data);
});
