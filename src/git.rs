//! Git access, the only module that uses `git2`: open a repository, resolve revisions, read
//! files of any commit straight from its tree (no checkout), list tags and walk history.
//!
//! Errors name the revision and the repository and, where git has a usual way out (a
//! shallow clone, a repository owned by another user), say what to run.

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, TimeZone};
use git2::{ErrorCode, ObjectType, Oid, Repository, Sort, Tree};

use crate::error::{Error, Result};
use crate::formats::FileAccess;
use crate::source::{MAX_FILE_SIZE, decode_text};

/// An open repository.
pub struct Repo {
    repo: Repository,
    /// How messages name the repository.
    name: String,
}

/// A resolved revision.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Revision {
    /// The revision as the user typed it.
    pub rev: String,
    /// The commit id, 40 hex digits.
    pub commit: String,
    /// The commit time, with the committer's offset.
    pub time: DateTime<FixedOffset>,
}

/// A commit of a history walk.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CommitInfo {
    /// The commit id.
    pub commit: String,
    /// The commit time.
    pub time: DateTime<FixedOffset>,
    /// The first line of the message.
    pub subject: String,
    /// The parents' ids, first parent first.
    pub parents: Vec<String>,
}

impl CommitInfo {
    /// The commit as a revision, named by its short id in messages.
    #[must_use]
    pub fn revision(&self) -> Revision {
        Revision {
            rev: self.commit[..12.min(self.commit.len())].to_owned(),
            commit: self.commit.clone(),
            time: self.time,
        }
    }
}

/// A tag and the commit it points to.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TagInfo {
    /// The tag's name (`v1.2.0`).
    pub name: String,
    /// The commit it peels to.
    pub commit: String,
    /// That commit's time.
    pub time: DateTime<FixedOffset>,
}

impl Repo {
    /// The repository holding `start` (a folder, or a file in one), searching upwards.
    pub fn discover(start: &Path) -> Result<Repo> {
        let name = start.display().to_string();
        let repo = Repository::discover(start).map_err(|e| open_error(&name, &e))?;
        let name = repo
            .workdir()
            .unwrap_or_else(|| repo.path())
            .display()
            .to_string();
        Ok(Repo {
            repo,
            name: name.trim_end_matches('/').to_owned(),
        })
    }

    /// The working tree's root, `None` for a bare repository.
    #[must_use]
    pub fn workdir(&self) -> Option<PathBuf> {
        self.repo.workdir().map(Path::to_path_buf)
    }

    /// How messages name the repository.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Resolves a revision (`v1.2`, `main~3`, `HEAD`, a full or short commit id) to a commit.
    pub fn resolve(&self, rev: &str) -> Result<Revision> {
        let object = self
            .repo
            .revparse_single(rev)
            .map_err(|e| self.revision_error(rev, &e))?;
        let commit = object
            .peel_to_commit()
            .map_err(|_| Error::Git(format!("revision `{rev}` is not a commit")))?;
        Ok(Revision {
            rev: rev.to_owned(),
            commit: commit.id().to_string(),
            time: to_time(commit.time()),
        })
    }

    /// The files of `revision`'s tree.
    pub fn files(&self, revision: &Revision) -> Result<RevFiles<'_>> {
        let commit = self.find_commit(&revision.commit)?;
        let tree = commit.tree().map_err(|e| {
            Error::Git(format!(
                "cannot read the tree of `{}`: {}",
                revision.rev,
                e.message()
            ))
        })?;
        Ok(RevFiles {
            repo: &self.repo,
            tree,
            rev: revision.rev.clone(),
            accessed: RefCell::new(Vec::new()),
        })
    }

    /// Every tag that points (through annotated tags) to a commit, with the commit's time,
    /// in release order: by version when every name parses as one (`v1.10.0` after
    /// `v1.9.2`, `2.0.0-rc.1` before `2.0.0`), else by commit time.
    pub fn tags(&self) -> Result<Vec<TagInfo>> {
        let names = self.repo.tag_names(None).map_err(|e| {
            Error::Git(format!(
                "cannot list the tags of `{}`: {}",
                self.name,
                e.message()
            ))
        })?;
        let mut tags = Vec::new();
        for name in names.iter().filter_map(|n| n.ok().flatten()) {
            let Ok(object) = self.repo.revparse_single(&format!("refs/tags/{name}")) else {
                continue;
            };
            let Ok(commit) = object.peel_to_commit() else {
                continue;
            };
            tags.push(TagInfo {
                name: name.to_owned(),
                commit: commit.id().to_string(),
                time: to_time(commit.time()),
            });
        }
        sort_releases(&mut tags);
        Ok(tags)
    }

    /// The commits reachable from `tip`, oldest first (parents before children), following
    /// only first parents when asked.
    pub fn commits(&self, tip: &Revision, first_parent: bool) -> Result<Vec<CommitInfo>> {
        let walk_error = |e: git2::Error| {
            Error::Git(format!(
                "cannot walk the history of `{}`: {}",
                tip.rev,
                e.message()
            ))
        };
        let mut walk = self.repo.revwalk().map_err(walk_error)?;
        walk.set_sorting(Sort::TOPOLOGICAL | Sort::TIME | Sort::REVERSE)
            .map_err(walk_error)?;
        let oid = Oid::from_str(&tip.commit).map_err(walk_error)?;
        walk.push(oid).map_err(walk_error)?;
        if first_parent {
            walk.simplify_first_parent().map_err(walk_error)?;
        }
        let mut out = Vec::new();
        for oid in walk {
            let commit = self
                .repo
                .find_commit(oid.map_err(walk_error)?)
                .map_err(walk_error)?;
            out.push(CommitInfo {
                commit: commit.id().to_string(),
                time: to_time(commit.time()),
                subject: commit
                    .summary()
                    .ok()
                    .flatten()
                    .unwrap_or_default()
                    .to_owned(),
                parents: commit.parent_ids().map(|p| p.to_string()).collect(),
            });
        }
        Ok(out)
    }

    /// Whether the repository is a shallow clone (its history is cut short).
    #[must_use]
    pub fn is_shallow(&self) -> bool {
        self.repo.is_shallow()
    }

    /// The files of a commit given by id (from [`Repo::commits`]).
    pub fn files_of(&self, commit: &CommitInfo) -> Result<RevFiles<'_>> {
        self.files(&commit.revision())
    }

    fn find_commit(&self, id: &str) -> Result<git2::Commit<'_>> {
        Oid::from_str(id)
            .and_then(|oid| self.repo.find_commit(oid))
            .map_err(|e| {
                Error::Git(format!(
                    "cannot find commit `{id}` in `{}`: {}",
                    self.name,
                    e.message()
                ))
            })
    }

    fn revision_error(&self, rev: &str, e: &git2::Error) -> Error {
        let mut message = format!("unknown revision `{rev}` in `{}`", self.name);
        if e.code() == ErrorCode::Ambiguous {
            message = format!(
                "revision `{rev}` is ambiguous in `{}`: give more of the commit id",
                self.name
            );
        } else if self.repo.is_shallow() {
            message.push_str(" (this is a shallow clone: `git fetch --unshallow`, or `--deepen=N`, fetches the missing history)");
        }
        Error::Git(message)
    }
}

/// Sorts tags by version when all parse as versions, else by commit time (then name).
pub fn sort_releases(tags: &mut [TagInfo]) {
    let versions: Option<Vec<Version>> = tags.iter().map(|t| Version::parse(&t.name)).collect();
    if versions.is_some() {
        tags.sort_by_cached_key(|t| Version::parse(&t.name));
    } else {
        tags.sort_by(|a, b| a.time.cmp(&b.time).then_with(|| a.name.cmp(&b.name)));
    }
}

/// A version number read from a tag: `v1.2.3`, `1.2`, `release-2.0.0-rc.1`.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Version {
    numbers: Vec<u64>,
    /// A release sorts after its pre-releases: `true` for a release.
    release: bool,
    pre: String,
}

impl Version {
    fn parse(tag: &str) -> Option<Version> {
        let start = tag.find(|c: char| c.is_ascii_digit())?;
        if !tag[..start]
            .chars()
            .all(|c| c.is_ascii_alphabetic() || c == '-' || c == '_')
        {
            return None;
        }
        let rest = &tag[start..];
        let rest = rest.split_once('+').map_or(rest, |(v, _)| v);
        let (core, pre) = rest.split_once('-').map_or((rest, ""), |(c, p)| (c, p));
        let numbers: Vec<u64> = core
            .split('.')
            .map(|n| n.parse().ok())
            .collect::<Option<_>>()?;
        let mut numbers = numbers;
        while numbers.len() > 1 && numbers.last() == Some(&0) {
            numbers.pop();
        }
        Some(Version {
            numbers,
            release: pre.is_empty(),
            pre: pre.to_owned(),
        })
    }
}

fn open_error(name: &str, e: &git2::Error) -> Error {
    match e.code() {
        ErrorCode::Owner => Error::Git(format!(
            "the repository at `{name}` is owned by another user; if you trust it, mark it safe with `git config --global --add safe.directory {name}`"
        )),
        ErrorCode::NotFound => Error::Git(format!(
            "no git repository at or above `{name}` (use `--repo DIR`)"
        )),
        _ => Error::Git(format!(
            "cannot open the git repository at `{name}`: {}",
            e.message()
        )),
    }
}

fn to_time(time: git2::Time) -> DateTime<FixedOffset> {
    let offset = FixedOffset::east_opt(time.offset_minutes() * 60)
        .unwrap_or_else(|| FixedOffset::east_opt(0).expect("zero offset"));
    offset
        .timestamp_opt(time.seconds(), 0)
        .single()
        .unwrap_or_else(|| offset.timestamp_opt(0, 0).single().expect("the epoch"))
}

/// The files of one commit, read from its tree. It remembers which files readers asked for,
/// so that a parsed tree can be reused wherever those files are unchanged.
pub struct RevFiles<'r> {
    repo: &'r Repository,
    tree: Tree<'r>,
    rev: String,
    accessed: RefCell<Vec<(String, Option<String>)>>,
}

impl RevFiles<'_> {
    /// The revision as the user typed it, for messages.
    #[must_use]
    pub fn rev(&self) -> &str {
        &self.rev
    }

    /// The blob id of the file at `path`, `None` when there is no such file.
    pub fn blob_id(&self, path: &str) -> Result<Option<String>> {
        Ok(self.entry(path)?.map(|(oid, _)| oid.to_string()))
    }

    /// The files read since the last call, with their blob ids (`None`: asked for, absent).
    pub fn take_accessed(&self) -> Vec<(String, Option<String>)> {
        std::mem::take(&mut self.accessed.borrow_mut())
    }

    /// The entry at `path`: its object id and kind. A path through a submodule is an error.
    fn entry(&self, path: &str) -> Result<Option<(Oid, ObjectType)>> {
        let path = path.trim_matches('/');
        if path.is_empty() {
            return Ok(Some((self.tree.id(), ObjectType::Tree)));
        }
        // Look the path up a component at a time, to tell a submodule from a missing file.
        let mut walked = String::new();
        let mut tree = self.tree.clone();
        let mut parts = path.split('/').peekable();
        while let Some(part) = parts.next() {
            let Some((id, kind)) = tree.get_name(part).map(|e| (e.id(), e.kind())) else {
                return Ok(None);
            };
            if !walked.is_empty() {
                walked.push('/');
            }
            walked.push_str(part);
            match kind {
                Some(ObjectType::Tree) if parts.peek().is_some() => {
                    tree = self
                        .repo
                        .find_tree(id)
                        .map_err(|e| self.git_error(&walked, &e))?;
                }
                Some(ObjectType::Commit) => {
                    return Err(Error::Git(format!(
                        "`{path}` at `{}` is inside the submodule `{walked}`; navdiff reads only this repository's files",
                        self.rev
                    )));
                }
                Some(kind) if parts.peek().is_none() => return Ok(Some((id, kind))),
                _ => return Ok(None),
            }
        }
        Ok(None)
    }

    fn git_error(&self, path: &str, e: &git2::Error) -> Error {
        Error::Git(format!(
            "cannot read `{path}` at `{}`: {}",
            self.rev,
            e.message()
        ))
    }
}

impl FileAccess for RevFiles<'_> {
    fn read_text(&self, path: &str) -> Result<Option<String>> {
        let entry = self.entry(path)?;
        let blob_id = entry
            .filter(|(_, kind)| *kind == ObjectType::Blob)
            .map(|(oid, _)| oid);
        self.accessed
            .borrow_mut()
            .push((path.to_owned(), blob_id.map(|o| o.to_string())));
        let Some(oid) = blob_id else { return Ok(None) };
        let blob = self
            .repo
            .find_blob(oid)
            .map_err(|e| self.git_error(path, &e))?;
        let name = format!("{}:{path}", self.rev);
        if blob.size() as u64 > MAX_FILE_SIZE {
            return Err(Error::invalid(
                &name,
                format!(
                    "file is larger than navdiff reads ({} MiB)",
                    MAX_FILE_SIZE >> 20
                ),
            ));
        }
        Ok(Some(decode_text(&name, blob.content())?.to_owned()))
    }

    fn is_file(&self, path: &str) -> Result<bool> {
        Ok(matches!(self.entry(path)?, Some((_, ObjectType::Blob))))
    }

    fn list_dir(&self, path: &str) -> Result<Vec<(String, bool)>> {
        let Some((oid, ObjectType::Tree)) = self.entry(path)? else {
            return Ok(Vec::new());
        };
        let tree = self
            .repo
            .find_tree(oid)
            .map_err(|e| self.git_error(path, &e))?;
        let mut out: Vec<(String, bool)> = tree
            .iter()
            .filter_map(|e| {
                Some((
                    e.name().ok()?.to_owned(),
                    e.kind() == Some(ObjectType::Tree),
                ))
            })
            .collect();
        out.sort();
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(name: &str, day: i64) -> TagInfo {
        TagInfo {
            name: name.into(),
            commit: String::new(),
            time: to_time(git2::Time::new(day * 86_400, 0)),
        }
    }

    #[test]
    fn releases_sort_by_version_else_by_time() {
        let mut tags = vec![
            tag("v1.10.0", 5),
            tag("v1.9.2", 4),
            tag("v2.0.0-rc.1", 6),
            tag("v2.0.0", 7),
            tag("v1.2", 1),
            tag("v1.2.1", 2),
        ];
        sort_releases(&mut tags);
        let names: Vec<&str> = tags.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "v1.2",
                "v1.2.1",
                "v1.9.2",
                "v1.10.0",
                "v2.0.0-rc.1",
                "v2.0.0"
            ]
        );
        let mut tags = vec![tag("stable", 3), tag("v1.0", 1), tag("beta", 2)];
        sort_releases(&mut tags);
        let names: Vec<&str> = tags.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["v1.0", "beta", "stable"]);
    }
}
