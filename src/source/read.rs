//! Text into trees: a snapshot, or a nav file read by its format's reader.

use std::path::Path;

use crate::error::Result;
use crate::formats::{self, ReadContext};
use crate::model::{NavFormat, NavTree, SNAPSHOT_SCHEMA, SourceInfo, read_snapshot};
use crate::source::folder::DirFiles;
use crate::source::text::{decode_text, read_limited};

/// Reads the tree in the file at `path`: a snapshot, or a nav file of `format` (detected
/// from the name and content when `None`). Readers that follow the nav file into its pages
/// read them from the enclosing git work tree (or the nav file's folder, outside one).
pub fn read_path(path: &Path, format: Option<NavFormat>) -> Result<NavTree> {
    let name = path.display().to_string();
    let bytes = read_limited(path, &name)?;
    let text = decode_text(&name, &bytes)?;
    let (files, relative) = DirFiles::around(path);
    let ctx = ReadContext::alone(&name).with_files(&relative, &files);
    read_with(&ctx, text, format)
}

/// Reads the tree in `text`, the contents of the file `name`, without access to other files.
pub fn read_text(name: &str, text: &str, format: Option<NavFormat>) -> Result<NavTree> {
    read_with(&ReadContext::alone(name), text, format)
}

/// Reads the tree in `text` as `format` (detected when `None`), a snapshot included.
pub fn read_with(ctx: &ReadContext<'_>, text: &str, format: Option<NavFormat>) -> Result<NavTree> {
    let name = ctx.name;
    if format.is_none() && is_snapshot(text) {
        return read_snapshot(name, text);
    }
    let format = format.unwrap_or_else(|| formats::detect(ctx.path, text));
    let (roots, warnings) = formats::read(format, ctx, text)?;
    let mut tree = NavTree::new(SourceInfo::new(format, Some(name.to_owned())), roots);
    tree.warnings = warnings;
    Ok(tree)
}

/// Whether `text` is a navdiff snapshot: JSON naming a `navdiff.snapshot.*` schema near its
/// start (of any version, so that a newer snapshot gets a clear error rather than a reading
/// as keyed JSON).
fn is_snapshot(text: &str) -> bool {
    let family = SNAPSHOT_SCHEMA.trim_end_matches(|c: char| c != '.');
    let head: String = text.chars().take(256).collect();
    head.trim_start().starts_with('{') && head.contains(&format!("\"{family}"))
}
