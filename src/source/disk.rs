//! Files on disk: nav files and snapshots read with their bytes checked first (too large,
//! binary and non-UTF-8 inputs are errors that name the file), the folder around a nav file
//! for readers that follow it into its pages, and atomic writes.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::formats::{self, FileAccess, ReadContext};
use crate::model::{NavFormat, NavTree, SNAPSHOT_SCHEMA, SourceInfo, read_snapshot};
use crate::source::MAX_FILE_SIZE;

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

/// The files of a folder on disk.
#[derive(Debug, Clone)]
pub struct DirFiles {
    root: PathBuf,
}

impl DirFiles {
    /// The files under `root`.
    #[must_use]
    pub fn new(root: PathBuf) -> Self {
        DirFiles { root }
    }

    /// The files around the nav file at `path`: its git work tree when it is in one, else its
    /// folder; with the nav file's path relative to that root.
    #[must_use]
    pub fn around(path: &Path) -> (Self, String) {
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let folder = absolute.parent().map(Path::to_path_buf).unwrap_or_default();
        let root = folder
            .ancestors()
            .find(|dir| dir.join(".git").exists())
            .map_or_else(|| folder.clone(), Path::to_path_buf);
        let relative = absolute.strip_prefix(&root).map_or_else(
            |_| path.display().to_string(),
            |p| {
                p.components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/")
            },
        );
        (DirFiles { root }, relative)
    }
}

impl FileAccess for DirFiles {
    fn read_text(&self, path: &str) -> Result<Option<String>> {
        let full = self.root.join(path);
        if !full.is_file() {
            return Ok(None);
        }
        let name = full.display().to_string();
        let bytes = read_limited(&full, &name)?;
        Ok(Some(decode_text(&name, &bytes)?.to_owned()))
    }

    fn is_file(&self, path: &str) -> Result<bool> {
        Ok(self.root.join(path).is_file())
    }

    fn list_dir(&self, path: &str) -> Result<Vec<(String, bool)>> {
        let full = self.root.join(path);
        let Ok(entries) = std::fs::read_dir(&full) else {
            return Ok(Vec::new());
        };
        let mut out: Vec<(String, bool)> = entries
            .filter_map(std::result::Result::ok)
            .map(|e| {
                (
                    e.file_name().to_string_lossy().into_owned(),
                    e.path().is_dir(),
                )
            })
            .collect();
        out.sort();
        Ok(out)
    }
}

/// Writes `contents` to `path` atomically: into a temporary file beside it, then renamed
/// over it, so that a reader (or a failure half-way) never sees a partial file.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<()> {
    use std::io::Write;
    let name = path.display().to_string();
    let write_err = |source| Error::Write {
        path: name.clone(),
        source,
    };
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(write_err)?;
    let file_name = path
        .file_name()
        .map_or_else(|| "navdiff".into(), |n| n.to_string_lossy().into_owned());
    let temp = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
    let result = File::create(&temp)
        .and_then(|mut f| {
            f.write_all(contents)?;
            f.sync_all()
        })
        .and_then(|()| std::fs::rename(&temp, path));
    if let Err(e) = result {
        let _ = std::fs::remove_file(&temp);
        return Err(write_err(e));
    }
    Ok(())
}

/// Reads a file of at most [`MAX_FILE_SIZE`] bytes.
fn read_limited(path: &Path, name: &str) -> Result<Vec<u8>> {
    let read_err = |source| Error::Read {
        path: name.to_owned(),
        source,
    };
    let file = File::open(path).map_err(read_err)?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_SIZE + 1)
        .read_to_end(&mut bytes)
        .map_err(read_err)?;
    if bytes.len() as u64 > MAX_FILE_SIZE {
        return Err(Error::invalid(
            name,
            format!(
                "file is larger than navdiff reads ({} MiB)",
                MAX_FILE_SIZE >> 20
            ),
        ));
    }
    Ok(bytes)
}

/// The text of a nav file's bytes, without a byte-order mark; binary and non-UTF-8 input
/// is an error naming `name` and, for bad UTF-8, the line and column.
pub fn decode_text<'a>(name: &str, bytes: &'a [u8]) -> Result<&'a str> {
    if bytes[..bytes.len().min(8000)].contains(&0) {
        return Err(Error::invalid(
            name,
            "binary file (it contains NUL bytes), not a nav file",
        ));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.strip_prefix('\u{feff}').unwrap_or(text)),
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let line = good.split(|&b| b == b'\n').count();
            let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            let column = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
            Err(Error::Syntax {
                path: name.to_owned(),
                line,
                column,
                message: format!(
                    "not UTF-8 text (invalid byte 0x{:02x})",
                    bytes[e.valid_up_to()]
                ),
                excerpt: None,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::decode_text;

    #[test]
    fn binary_and_bad_utf8_are_named_errors() {
        let err = decode_text("logo.png", b"\x89PNG\r\n\x1a\n\0\0").expect_err("binary");
        assert_eq!(
            err.to_string(),
            "logo.png: binary file (it contains NUL bytes), not a nav file"
        );
        let err = decode_text("nav.yml", b"- a\n- b\xff\n").expect_err("latin-1");
        assert_eq!(
            err.to_string(),
            "nav.yml:2:4: not UTF-8 text (invalid byte 0xff)"
        );
    }

    #[test]
    fn byte_order_mark_is_dropped() {
        assert_eq!(
            decode_text("a", "\u{feff}- a".as_bytes()).expect("utf-8"),
            "- a"
        );
    }
}
