//! Atomic writes: snapshots, reports, changelogs and `navdiff.toml` are written to a
//! temporary file beside their target, then renamed over it; and safe snapshot file names.

use std::fs::File;
use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// Writes `contents` to `path` atomically: into a temporary file beside it, then renamed
/// over it, so that a reader (or a failure half-way) never sees a partial file.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<()> {
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
        // The write already failed; that error is the one to report, whether or not the
        // temporary file can be cleaned up.
        let _ = std::fs::remove_file(&temp);
        return Err(write_err(e));
    }
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
