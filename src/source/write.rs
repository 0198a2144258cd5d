//! Writes that cannot be redirected: snapshots, reports, changelogs and `navdiff.toml` are
//! written to a new temporary file beside their target (created with `O_EXCL` and a random
//! name by the `tempfile` crate, so a planted file or link is never opened), then renamed
//! over it, keeping the old file's mode. A target that is a symbolic link is refused, and so
//! is a folder on the way that leads outside the repository the target is named in. And safe
//! snapshot file names.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::source::fs::{enclosing_root, is_absent};

/// Writes `contents` to `path` atomically: into a temporary file beside it, then renamed
/// over it, so that a reader (or a failure half-way) never sees a partial file.
///
/// Refused: a `path` that is a symbolic link (the link is neither followed nor replaced),
/// and a `path` inside a repository whose folder resolves outside it (a linked
/// `snapshots/`). Missing folders are created.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<()> {
    let name = path.display().to_string();
    let write_err = |source| Error::Write {
        path: name.clone(),
        source,
    };
    let refuse = |reason: &str| Error::NotWritten {
        path: name.clone(),
        reason: reason.to_owned(),
    };
    let absolute = std::path::absolute(path).map_err(write_err)?;
    let dir = absolute
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let root = enclosing_root(&absolute);
    // The folder must lead where it says: resolve the deepest part of it that exists.
    let existing = dir
        .ancestors()
        .find(|d| d.exists())
        .unwrap_or(Path::new("/"));
    let resolved = std::fs::canonicalize(existing).map_err(write_err)?;
    let root_resolved = match std::fs::canonicalize(&root) {
        Ok(r) => r,
        Err(e) if is_absent(&e) => resolved.clone(),
        Err(e) => return Err(write_err(e)),
    };
    if !resolved.starts_with(&root_resolved) {
        return Err(refuse(
            "is in a folder that is a symbolic link leading outside the repository",
        ));
    }
    std::fs::create_dir_all(&dir).map_err(write_err)?;
    let old = match std::fs::symlink_metadata(&absolute) {
        Ok(meta) if meta.file_type().is_symlink() => {
            return Err(refuse(
                "is a symbolic link; navdiff does not write through links",
            ));
        }
        Ok(meta) if !meta.is_file() => {
            return Err(refuse("is not a regular file"));
        }
        Ok(meta) => Some(meta.permissions()),
        Err(e) if is_absent(&e) => None,
        Err(e) => return Err(write_err(e)),
    };
    let file_name = absolute
        .file_name()
        .map_or_else(|| "navdiff".into(), |n| n.to_string_lossy().into_owned());
    let prefix = format!(".{file_name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // A new file gets the usual mode (less the umask); an old one keeps its own.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut temp = builder.tempfile_in(&dir).map_err(write_err)?;
    if let Some(permissions) = old {
        temp.as_file()
            .set_permissions(permissions)
            .map_err(write_err)?;
    }
    temp.write_all(contents).map_err(write_err)?;
    temp.as_file().sync_all().map_err(write_err)?;
    // On failure the temporary file is removed when `temp` is dropped.
    temp.persist(&absolute).map_err(|e| write_err(e.error))?;
    Ok(())
}

/// A file name for a snapshot of `rev`: `v1.2` → `v1.2.json`, `origin/main` →
/// `origin-main.json`, `HEAD~3` → `HEAD-3.json`.
#[must_use]
pub fn snapshot_file_name(rev: &str) -> String {
    let mut name: String = rev
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '-'
            }
        })
        .collect();
    while name.contains("--") {
        name = name.replace("--", "-");
    }
    let name = name.trim_matches(|c| c == '-' || c == '.');
    if name.is_empty() {
        "snapshot.json".to_owned()
    } else {
        format!("{name}.json")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snapshot_names_are_safe() {
        for (rev, name) in [
            ("v1.2", "v1.2.json"),
            ("origin/main", "origin-main.json"),
            ("HEAD~3", "HEAD-3.json"),
            ("../../etc/passwd", "etc-passwd.json"),
            ("a:b c", "a-b-c.json"),
            ("~~", "snapshot.json"),
        ] {
            assert_eq!(snapshot_file_name(rev), name, "{rev}");
        }
    }
}
