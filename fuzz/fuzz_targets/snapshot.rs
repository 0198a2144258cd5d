//! The snapshot loader on arbitrary input; what it loads must save and load again the same.

#![no_main]

use libfuzzer_sys::fuzz_target;
use navdiff::model::{read_snapshot, write_snapshot};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(tree) = read_snapshot("fuzz.json", &text) {
        let again =
            read_snapshot("again.json", &write_snapshot(&tree)).expect("a saved tree loads");
        assert_eq!(again, tree);
    }
});
