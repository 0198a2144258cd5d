//! Text into trees: a snapshot, or a nav file read by its format's reader.
//!
//! Whatever the reader, the tree it returns gets the same checks here: no deeper than a
//! snapshot may be (so what navdiff reads it can always save and load), the warnings of
//! files that were refused added, and at most [`MAX_WARNINGS`] warnings kept.

use std::path::Path;

use crate::error::{Error, Result};
use crate::formats::{self, ReadContext};
use crate::model::{
    NavFormat, NavTree, SNAPSHOT_SCHEMA, SourceInfo, Warning, check_depth, read_snapshot,
};
use crate::source::folder::DirFiles;

/// The most warnings a tree keeps: the first ones, then one saying how many more there were.
pub const MAX_WARNINGS: usize = 100;

/// Reads the tree in the file at `path`: a snapshot, or a nav file of `format` (detected
/// from the name and content when `None`). Readers that follow the nav file into its pages
/// read them from the enclosing git work tree (or the nav file's folder, outside one); the
/// nav file itself must resolve inside that root too.
pub fn read_path(path: &Path, format: Option<NavFormat>) -> Result<NavTree> {
    let name = path.display().to_string();
    let (files, relative) = DirFiles::around(path);
    let text = files.read_nav(&relative).map_err(|e| match e {
        Error::Refused { reason, .. } => Error::Refused {
            path: name.clone(),
            reason,
        },
        Error::Read { source, .. } => Error::Read {
            path: name.clone(),
            source,
        },
        // Without a format to read it as, a file that is not text is not a nav file of any.
        Error::Binary { .. } if format.is_none() && formats::detect(&name, "").is_none() => {
            Error::UnknownFormat {
                path: name.clone(),
                why: Some("it is binary, not text".into()),
            }
        }
        e => e,
    })?;
    let ctx = ReadContext::alone(&name).with_files(&relative, &files);
    let mut tree = read_with(&ctx, &text, format)?;
    // Where entries are written is named from the root of the work tree (as annotations
    // name files), not as the command line named the nav file; a snapshot names its own.
    if !(format.is_none() && is_snapshot(&text)) {
        tree.nav_file = Some(relative);
    }
    Ok(tree)
}

/// Reads the tree in `text`, the contents of the file `name`, without access to other files.
pub fn read_text(name: &str, text: &str, format: Option<NavFormat>) -> Result<NavTree> {
    read_with(&ReadContext::alone(name), text, format)
}

/// Reads the tree in `text` as `format` (detected when `None`), a snapshot included.
pub fn read_with(ctx: &ReadContext<'_>, text: &str, format: Option<NavFormat>) -> Result<NavTree> {
    let name = ctx.name;
    if is_lfs_pointer(text) {
        return Err(Error::LfsPointer {
            path: name.to_owned(),
        });
    }
    if format.is_none() && is_snapshot(text) {
        return read_snapshot(name, text);
    }
    let format = match format {
        Some(format) => {
            formats::check_format(name, ctx.path, text, format)?;
            format
        }
        None => formats::detect(ctx.path, text).ok_or_else(|| Error::UnknownFormat {
            path: name.to_owned(),
            why: None,
        })?,
    };
    let (roots, mut warnings) = formats::read(format, ctx, text)?;
    if let Some(files) = ctx.files {
        warnings.extend(files.take_warnings());
    }
    in_line_order(&mut warnings);
    let mut tree = NavTree::new(SourceInfo::new(format, Some(name.to_owned())), roots);
    check_depth(name, &tree)?;
    tree.warnings = cap_warnings(warnings);
    Ok(tree)
}

/// `warnings`, the first [`MAX_WARNINGS`] of them and a last one counting the rest.
fn cap_warnings(mut warnings: Vec<Warning>) -> Vec<Warning> {
    if warnings.len() > MAX_WARNINGS {
        let more = warnings.len() - MAX_WARNINGS;
        warnings.truncate(MAX_WARNINGS);
        let s = if more == 1 { "" } else { "s" };
        warnings.push(Warning::new(None, format!("… and {more} more warning{s}")));
    }
    warnings
}

/// Whether `text` is a Git LFS pointer (a checkout or revision without the LFS object).
fn is_lfs_pointer(text: &str) -> bool {
    let text = text.trim_start_matches('\u{feff}');
    text.starts_with("version https://git-lfs.github.com/spec/")
        || text.starts_with("version https://hawser.github.com/spec/")
}

/// Whether the file at `path` is a navdiff snapshot (read with every check a nav file gets;
/// a file that cannot be read is not one).
#[must_use]
pub fn is_snapshot_file(path: &Path) -> bool {
    let name = path.display().to_string();
    crate::source::fs::read_named_file(path, &name).is_ok_and(|bytes| {
        bytes.is_some_and(|b| is_snapshot(&String::from_utf8_lossy(&b[..b.len().min(256)])))
    })
}

/// Sorts warnings as a reader of the files would meet them: the nav file's first, in line
/// order, then each other file's (in the order the reader read them), in line order.
fn in_line_order(warnings: &mut [crate::model::Warning]) {
    let mut files: Vec<&str> = Vec::new();
    for w in warnings.iter() {
        if let Some(file) = w.file.as_deref()
            && !files.contains(&file)
        {
            files.push(file);
        }
    }
    let files: Vec<String> = files.into_iter().map(str::to_owned).collect();
    let rank = |w: &crate::model::Warning| {
        w.file
            .as_deref()
            .map_or(0, |f| 1 + files.iter().position(|x| x == f).unwrap_or(0))
    };
    warnings.sort_by_key(|w| (rank(w), w.line.unwrap_or(0)));
}

/// Whether `text` is a navdiff snapshot: JSON naming a `navdiff.snapshot.*` schema near its
/// start (of any version, so that a newer snapshot gets a clear error rather than a reading
/// as keyed JSON).
fn is_snapshot(text: &str) -> bool {
    let family = SNAPSHOT_SCHEMA.trim_end_matches(|c: char| c != '.');
    let head: String = text.chars().take(256).collect();
    head.trim_start().starts_with('{') && head.contains(&format!("\"{family}"))
}
