//! Files on disk, opened so that a repository cannot reach outside itself: every path is
//! resolved (symbolic links followed) and must stay under a root; special files (FIFOs,
//! devices, sockets) and files over the size limit are refused before a byte is read, and
//! no open can block.
//!
//! The root is the repository holding the file (the nearest folder above it with a `.git`),
//! or the file's own folder outside any repository. A file named by the user (`--config`,
//! `--update`, a nav file on the command line) gets the same checks as one a reader follows.

use std::fs::File;
use std::io::{ErrorKind, Read};
use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};
use crate::source::text::{MAX_FILE_SIZE, check_size};

/// What is at a path, as far as navdiff will read it.
#[derive(Debug)]
pub(crate) enum Found<T> {
    /// Nothing (or a folder where a file was asked for).
    Absent,
    /// Something navdiff does not read, with why (`is a symbolic link that leads outside
    /// the repository`).
    Refused(String),
    /// The file.
    File(T),
}

/// Why a `/`-separated path relative to a root is refused before it is looked at, if it is:
/// it is absolute or climbs out with `..`.
pub(crate) fn lexical_refusal(path: &str) -> Option<String> {
    if path.contains('\0') {
        return Some("is not a path (it holds a NUL byte)".to_owned());
    }
    if path.starts_with('/') || Path::new(path).has_root() {
        return Some(
            "is an absolute path; navdiff reads only files inside the repository".to_owned(),
        );
    }
    let climbs = Path::new(path)
        .components()
        .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir));
    climbs
        .then(|| "climbs out with `..`; navdiff reads only files inside the repository".to_owned())
}

/// The root whose files may be read (or written) when `path` is: the nearest folder above
/// it holding a `.git`, else its own folder. `path` is made absolute (not resolved) first.
/// A folder that is itself a symbolic link is never the root: a linked `docs/` that leads
/// into another repository stays inside this one's rules.
#[must_use]
pub(crate) fn enclosing_root(path: &Path) -> PathBuf {
    // `absolute` fails only without a current folder; the path as given is then the best
    // there is.
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let folder = absolute.parent().map(Path::to_path_buf).unwrap_or_default();
    folder
        .ancestors()
        .find(|dir| {
            let is_link = std::fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink());
            !is_link && dir.join(".git").exists()
        })
        .map_or(folder.clone(), Path::to_path_buf)
}

/// `root`, resolved; `None` when it does not exist (then nothing under it does either).
pub(crate) fn canonical_root(root: &Path) -> Result<Option<PathBuf>> {
    match std::fs::canonicalize(root) {
        Ok(p) => Ok(Some(p)),
        Err(e) if is_absent(&e) => Ok(None),
        Err(source) => Err(Error::Read {
            path: root.display().to_string(),
            source,
        }),
    }
}

/// Whether an I/O error says that there is nothing at the path (rather than that it could
/// not be read).
pub(crate) fn is_absent(e: &std::io::Error) -> bool {
    matches!(e.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory)
}

/// `full` (under the resolved `root`) resolved: absent, refused because it leads outside
/// `root` (or loops), or the resolved path.
pub(crate) fn resolve_under(root: &Path, full: &Path, name: &str) -> Result<Found<PathBuf>> {
    match std::fs::canonicalize(full) {
        Ok(resolved) if resolved.starts_with(root) => Ok(Found::File(resolved)),
        Ok(_) => Ok(Found::Refused(
            "is a symbolic link that leads outside the repository".to_owned(),
        )),
        Err(e) if is_absent(&e) => {
            // A dangling link is nothing to read; say so only when it is a link at all.
            Ok(Found::Absent)
        }
        Err(e) if e.raw_os_error() == Some(LOOP_ERRNO) => {
            Ok(Found::Refused("is a loop of symbolic links".to_owned()))
        }
        Err(source) => Err(Error::Read {
            path: name.to_owned(),
            source,
        }),
    }
}

/// `ELOOP`: too many levels of symbolic links.
#[cfg(target_os = "linux")]
const LOOP_ERRNO: i32 = 40;
#[cfg(all(unix, not(target_os = "linux")))]
const LOOP_ERRNO: i32 = 62;
#[cfg(not(unix))]
const LOOP_ERRNO: i32 = -1;

/// An open regular file and its size.
pub(crate) struct Opened {
    file: File,
    size: u64,
    name: String,
}

/// Opens the resolved path `resolved` (`name` in messages) without blocking (a FIFO opens
/// at once) and refuses what is not a regular file, before reading: a folder is absent,
/// a FIFO, device or socket refused, a file over the size limit an error.
pub(crate) fn open_regular(resolved: &Path, name: &str) -> Result<Found<Opened>> {
    let read_err = |source| Error::Read {
        path: name.to_owned(),
        source,
    };
    // Checked before opening, so that a device is never opened at all.
    let meta = match std::fs::metadata(resolved) {
        Ok(m) => m,
        Err(e) if is_absent(&e) => return Ok(Found::Absent),
        Err(e) => return Err(read_err(e)),
    };
    if meta.is_dir() {
        return Ok(Found::Absent);
    }
    if !meta.is_file() {
        return Ok(Found::Refused(special_file(&meta)));
    }
    let file = match open_nonblocking(resolved) {
        Ok(f) => f,
        Err(e) if is_absent(&e) => return Ok(Found::Absent),
        Err(e) => return Err(read_err(e)),
    };
    // What was opened, not what was looked at: the path may have changed in between.
    let meta = file.metadata().map_err(read_err)?;
    if !meta.is_file() {
        return Ok(Found::Refused(special_file(&meta)));
    }
    check_size(name, meta.len())?;
    Ok(Found::File(Opened {
        file,
        size: meta.len(),
        name: name.to_owned(),
    }))
}

/// What a file that is not a regular file is, as a reason to refuse it.
fn special_file(meta: &std::fs::Metadata) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        let what = if t.is_fifo() {
            "a FIFO"
        } else if t.is_char_device() || t.is_block_device() {
            "a device"
        } else if t.is_socket() {
            "a socket"
        } else {
            "a special file"
        };
        format!("is {what}, not a regular file")
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        "is not a regular file".to_owned()
    }
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    File::open(path)
}

impl Opened {
    /// The file's size when it was opened.
    pub(crate) fn size(&self) -> u64 {
        self.size
    }

    /// Every byte (at most [`MAX_FILE_SIZE`]).
    pub(crate) fn read_all(self) -> Result<Vec<u8>> {
        self.read_up_to(MAX_FILE_SIZE + 1)
            .and_then(|(bytes, name)| {
                check_size(&name, bytes.len() as u64)?;
                Ok(bytes)
            })
    }

    /// At most the first `max` bytes.
    pub(crate) fn read_head(self, max: u64) -> Result<Vec<u8>> {
        self.read_up_to(max).map(|(bytes, _)| bytes)
    }

    fn read_up_to(self, max: u64) -> Result<(Vec<u8>, String)> {
        let Opened { file, size, name } = self;
        let mut bytes = Vec::with_capacity(usize::try_from(size.min(max)).unwrap_or(0));
        file.take(max)
            .read_to_end(&mut bytes)
            .map_err(|source| Error::Read {
                path: name.clone(),
                source,
            })?;
        Ok((bytes, name))
    }
}

/// The bytes of a file the user named (`--config`, `--update`, a nav file), `name` in
/// messages, with every check a reader's file gets: it must resolve inside its repository
/// (or its own folder outside one), be a regular file and be within the size limit.
/// `Ok(None)` when there is no such file; a refusal is an error.
///
/// # Errors
/// [`Error::Refused`] for a file that leads outside its root or is not a regular file,
/// [`Error::TooLarge`] over the size limit, [`Error::Read`] when it cannot be read.
pub fn read_named_file(path: &Path, name: &str) -> Result<Option<Vec<u8>>> {
    let root = enclosing_root(path);
    let Some(root) = canonical_root(&root)? else {
        return Ok(None);
    };
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let resolved = match resolve_under(&root, &absolute, name)? {
        Found::Absent => return Ok(None),
        Found::Refused(why) => return Err(refused(name, &why)),
        Found::File(p) => p,
    };
    match open_regular(&resolved, name)? {
        Found::Absent => Ok(None),
        Found::Refused(why) => Err(refused(name, &why)),
        Found::File(opened) => opened.read_all().map(Some),
    }
}

/// The error for a file navdiff will not read.
pub(crate) fn refused(name: &str, why: &str) -> Error {
    Error::Refused {
        path: name.to_owned(),
        reason: why.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_climb_out_or_are_absolute_are_refused_by_their_text() {
        assert_eq!(lexical_refusal("docs/a.md"), None);
        assert_eq!(lexical_refusal("./docs/a.md"), None);
        assert!(lexical_refusal("/etc/passwd").is_some());
        assert!(lexical_refusal("docs/../../x").is_some());
        assert!(lexical_refusal("..").is_some());
        assert!(lexical_refusal("a\0b").is_some());
    }

    #[cfg(unix)]
    #[test]
    fn links_out_fifos_and_devices_are_refused_before_reading() {
        let dir = tempfile::tempdir().expect("temp dir");
        let repo = dir.path().join("repo");
        std::fs::create_dir_all(repo.join(".git")).expect("mkdir");
        std::fs::write(dir.path().join("secret"), "token").expect("write");
        std::os::unix::fs::symlink(dir.path().join("secret"), repo.join("out")).expect("link");
        std::os::unix::fs::symlink("/dev/zero", repo.join("zero")).expect("link");
        std::fs::write(repo.join("in.toml"), "a = 1").expect("write");
        std::os::unix::fs::symlink("in.toml", repo.join("alias.toml")).expect("link");
        let err = read_named_file(&repo.join("out"), "out").expect_err("outside");
        assert_eq!(
            err.to_string(),
            "`out` is not read: it is a symbolic link that leads outside the repository"
        );
        let err = read_named_file(&repo.join("zero"), "zero").expect_err("device");
        assert!(
            err.to_string().ends_with("leads outside the repository"),
            "{err}"
        );
        assert_eq!(
            read_named_file(&repo.join("alias.toml"), "alias.toml").expect("inside"),
            Some(b"a = 1".to_vec())
        );
        assert_eq!(
            read_named_file(&repo.join("missing"), "missing").expect("absent"),
            None
        );
        let fifo = repo.join("fifo");
        let status = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo");
        assert!(status.success());
        let err = read_named_file(&fifo, "fifo").expect_err("FIFO");
        assert_eq!(
            err.to_string(),
            "`fifo` is not read: it is a FIFO, not a regular file"
        );
    }
}
