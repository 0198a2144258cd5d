//! What the fuzz targets share: an input split into a nav file and the other files of a
//! small repository, read by one reader.
//!
//! An input is the nav file's text, then any number of `\0path\0text` parts, each another
//! file of the same revision (a page, an include, an imported module, a `_category_.json`),
//! so that the fuzzer reaches the code that follows the nav file into other files.

use std::collections::BTreeMap;

use navdiff::error::Result;
use navdiff::formats::{FileAccess, ReadContext, read};
use navdiff::model::NavFormat;

/// Files of one revision, in memory.
pub struct MemFiles(BTreeMap<String, String>);

impl FileAccess for MemFiles {
    fn read_text(&self, path: &str) -> Result<Option<String>> {
        Ok(self.0.get(path).cloned())
    }

    fn list_dir(&self, path: &str) -> Result<Vec<(String, bool)>> {
        let prefix = if path.is_empty() {
            String::new()
        } else {
            format!("{path}/")
        };
        let mut out: Vec<(String, bool)> = self
            .0
            .keys()
            .filter_map(|k| k.strip_prefix(&prefix))
            .map(|rest| match rest.split_once('/') {
                Some((dir, _)) => (dir.to_owned(), true),
                None => (rest.to_owned(), false),
            })
            .collect();
        out.sort();
        out.dedup();
        Ok(out)
    }
}

/// Splits `data` into the nav file's text and the other files.
pub fn split(data: &[u8]) -> (String, MemFiles) {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.split('\0');
    let nav = parts.next().unwrap_or_default().to_owned();
    let mut files = BTreeMap::new();
    while let (Some(path), Some(contents)) = (parts.next(), parts.next()) {
        files.insert(path.trim_start_matches('/').to_owned(), contents.to_owned());
    }
    (nav, MemFiles(files))
}

/// Reads `data` as `format`, its nav file at `path`: any result but a panic, a hang or a
/// stack overflow is fine.
pub fn read_as(format: NavFormat, path: &str, data: &[u8]) {
    let (nav, files) = split(data);
    let ctx = ReadContext::alone(path).with_files(path, &files);
    let _ = read(format, &ctx, &nav);
    // Read alone too: readers take another path without the other files.
    let _ = read(format, &ReadContext::alone(path), &nav);
}
