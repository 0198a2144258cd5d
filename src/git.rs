//! Git access, the only module that uses `git2`: open a repository, resolve revisions, list
//! tags and walk history, and hand out the blobs and tree listings of any commit straight
//! from its tree (no checkout).
//!
//! This module gives bytes and listings only: how large a file may be, how its bytes become
//! text and which file is the nav file are decided in `source/`. Errors name the revision
//! and the repository and, where git has a usual way out (a shallow clone, a repository
//! owned by another user), say what to run.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, TimeZone};
use git2::{
    Delta, DiffFindOptions, DiffOptions, ErrorClass, ErrorCode, FileMode, ObjectType, Oid,
    Repository, Sort, Tree, TreeWalkMode, TreeWalkResult,
};

use crate::error::{Error, Result};

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

impl TagInfo {
    /// A tag named `name` on `commit`, made at `time`.
    #[must_use]
    pub fn new(
        name: impl Into<String>,
        commit: impl Into<String>,
        time: DateTime<FixedOffset>,
    ) -> Self {
        TagInfo {
            name: name.into(),
            commit: commit.into(),
            time,
        }
    }
}

/// Which of a set of points (commits) have which commits in their history (see
/// [`Repo::ancestry`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ancestry {
    /// The points' indices by commit id.
    points: HashMap<String, usize>,
    /// For each commit of their histories, the points that have it: a bit each.
    sets: HashMap<String, Vec<u64>>,
}

impl Ancestry {
    /// The ancestry of `points` in `graph`: every commit of their histories with its parents,
    /// children before parents.
    #[must_use]
    pub fn new(points: &[&str], graph: &[(String, Vec<String>)]) -> Ancestry {
        let words = points.len().div_ceil(64).max(1);
        let mut sets: HashMap<String, Vec<u64>> = HashMap::with_capacity(graph.len());
        let index: HashMap<String, usize> = points
            .iter()
            .enumerate()
            .map(|(i, p)| ((*p).to_owned(), i))
            .collect();
        for (i, p) in points.iter().enumerate() {
            sets.entry((*p).to_owned())
                .or_insert_with(|| vec![0; words])[i / 64] |= 1 << (i % 64);
        }
        // Children come first: each commit hands what it has to its parents.
        for (commit, parents) in graph {
            let Some(bits) = sets.get(commit).cloned() else {
                continue;
            };
            for parent in parents {
                let set = sets.entry(parent.clone()).or_insert_with(|| vec![0; words]);
                for (s, b) in set.iter_mut().zip(&bits) {
                    *s |= b;
                }
            }
        }
        Ancestry {
            points: index,
            sets,
        }
    }

    fn has(&self, commit: &str, point: &str) -> bool {
        match (self.sets.get(commit), self.points.get(point)) {
            (Some(bits), Some(&i)) => bits[i / 64] & (1 << (i % 64)) != 0,
            _ => false,
        }
    }

    /// Whether `ancestor` is in the history of the point `descendant` (itself included).
    #[must_use]
    pub fn contains(&self, descendant: &str, ancestor: &str) -> bool {
        self.has(ancestor, descendant)
    }

    /// How many commits of the point `to`'s history are not in the point `from`'s (what
    /// `git describe` counts after a tag's name).
    #[must_use]
    pub fn distance(&self, from: &str, to: &str) -> usize {
        let (Some(&f), Some(&t)) = (self.points.get(from), self.points.get(to)) else {
            return 0;
        };
        let bit = |bits: &[u64], i: usize| bits[i / 64] & (1 << (i % 64)) != 0;
        self.sets
            .values()
            .filter(|bits| bit(bits, t) && !bit(bits, f))
            .count()
    }
}

/// What a path in a commit's tree is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum EntryKind {
    /// A file (a blob).
    File,
    /// A symbolic link (a blob holding the link's target).
    Link,
    /// A folder (a tree).
    Folder,
}

/// A path in a commit's tree: its object id and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Entry {
    /// The object id, 40 hex digits.
    pub id: String,
    /// What it is.
    pub kind: EntryKind,
}

/// The root of `repo`'s working tree, `None` when it has none. libgit2 gives a git folder
/// without `core.bare` in its configuration (a mirror copied without its `config`) its
/// parent folder as working tree, where git calls it bare; a working tree has `.git` at its
/// root (a folder, or the file a linked worktree or submodule points with).
fn work_tree(repo: &Repository) -> Option<&Path> {
    let root = repo.workdir()?;
    root.join(".git").symlink_metadata().is_ok().then_some(root)
}

impl Repo {
    /// The repository holding `start` (a folder, or a file in one), searching upwards.
    pub fn discover(start: &Path) -> Result<Repo> {
        // navdiff only reads: checking each object's hash on every read (a SHA-1 of every
        // blob) costs a history walk a quarter of its time and guards against nothing a
        // repository's author could not do anyway. git itself does not check on reads.
        git2::opts::strict_hash_verification(false);
        let name = start.display().to_string();
        let repo = Repository::discover(start).map_err(|e| open_error(&name, &e))?;
        let name = work_tree(&repo)
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
        work_tree(&self.repo).map(Path::to_path_buf)
    }

    /// How messages name the repository.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Whether the repository is a shallow clone (its history is cut short).
    #[must_use]
    pub fn is_shallow(&self) -> bool {
        self.repo.is_shallow()
    }

    /// Resolves a revision (`v1.2`, `main~3`, `HEAD`, a full or short commit id) to a commit.
    pub fn resolve(&self, rev: &str) -> Result<Revision> {
        let object = self
            .repo
            .revparse_single(rev)
            .map_err(|e| self.revision_error(rev, &e))?;
        let commit = object.peel_to_commit().map_err(|e| match e.code() {
            ErrorCode::Peel | ErrorCode::InvalidSpec => Error::NotACommit {
                rev: rev.to_owned(),
            },
            _ => git_error(format!("cannot read the commit of `{rev}`"), &e),
        })?;
        Ok(Revision {
            rev: rev.to_owned(),
            commit: commit.id().to_string(),
            time: to_time(commit.time()),
        })
    }

    /// The tree of `revision`'s commit.
    pub fn tree(&self, revision: &Revision) -> Result<CommitTree<'_>> {
        let commit = self.find_commit(&revision.commit)?;
        let tree = commit
            .tree()
            .map_err(|e| git_error(format!("cannot read the tree of `{}`", revision.rev), &e))?;
        Ok(CommitTree {
            repo: &self.repo,
            tree,
            rev: revision.rev.clone(),
        })
    }

    /// Every tag that points (through annotated tags) to a commit, with the commit's time,
    /// sorted by name. Tags of trees or blobs are left out; in what order tags are released
    /// is for the caller to say.
    pub fn tags(&self) -> Result<Vec<TagInfo>> {
        let names = self
            .repo
            .tag_names(None)
            .map_err(|e| git_error(format!("cannot list the tags of `{}`", self.name), &e))?;
        let mut tags = Vec::new();
        // The only error here is a name that is not UTF-8: such a tag cannot be typed in a
        // range or a glob, and is left out.
        for name in names.iter().filter_map(|n| n.ok().flatten()) {
            let tag_error = |e: &git2::Error| git_error(format!("cannot read the tag `{name}`"), e);
            let object = self
                .repo
                .revparse_single(&format!("refs/tags/{name}"))
                .map_err(|e| tag_error(&e))?;
            let commit = match object.peel_to_commit() {
                Ok(commit) => commit,
                // A tag of a tree or a blob is not a release.
                Err(e) if matches!(e.code(), ErrorCode::Peel | ErrorCode::InvalidSpec) => continue,
                Err(e) => return Err(tag_error(&e)),
            };
            tags.push(TagInfo::new(
                name,
                commit.id().to_string(),
                to_time(commit.time()),
            ));
        }
        tags.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(tags)
    }

    /// The commits reachable from `tip`, oldest first, in the order `git log --topo-order
    /// --reverse` prints them (parents before children, and a branch's commits together
    /// rather than interleaved by date), following only first parents when asked. In a
    /// shallow clone, the commits at the boundary have no parents.
    pub fn commits(&self, tip: &Revision, first_parent: bool) -> Result<Vec<CommitInfo>> {
        let walk_error =
            |e: git2::Error| git_error(format!("cannot walk the history of `{}`", tip.rev), &e);
        let mut walk = self.repo.revwalk().map_err(walk_error)?;
        walk.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE)
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
            // A subject that is not UTF-8 is shown with replacement characters.
            let subject = commit
                .summary_bytes()
                .map(|s| String::from_utf8_lossy(s).into_owned())
                .unwrap_or_default();
            out.push(CommitInfo {
                commit: commit.id().to_string(),
                time: to_time(commit.time()),
                subject,
                parents: commit.parent_ids().map(|p| p.to_string()).collect(),
            });
        }
        Ok(out)
    }

    /// Files git sees renamed (or moved) between the trees of `old` and `new`, among the
    /// files `deleted` (paths in `old`'s tree that are not in `new`'s) and `added` (paths in
    /// `new`'s tree that are not in `old`'s): for each of `thresholds` (percent, highest
    /// first), the `(old path, new path)` pairs found at that similarity and not before, one
    /// for one over all of them.
    ///
    /// This is git's own rename detection (`git diff -M50%` for a threshold of 50, git's
    /// default), restricted to the named paths so that it costs what they cost. `None` when
    /// there are more of either than git's default rename limit (1,000), as `git diff` gives
    /// up too.
    pub fn renames(
        &self,
        old: &Revision,
        new: &Revision,
        deleted: &[String],
        added: &[String],
        thresholds: &[u16],
    ) -> Result<Option<Vec<Vec<Rename>>>> {
        if deleted.is_empty() || added.is_empty() {
            return Ok(Some(vec![Vec::new(); thresholds.len()]));
        }
        if deleted.len() > RENAME_LIMIT || added.len() > RENAME_LIMIT {
            return Ok(None);
        }
        let what = || format!("cannot compare `{}` with `{}`", old.rev, new.rev);
        let tree = |revision: &Revision| {
            self.find_commit(&revision.commit)?
                .tree()
                .map_err(|e| git_error(what(), &e))
        };
        let (old_tree, new_tree) = (tree(old)?, tree(new)?);
        let mut opts = git2::DiffOptions::new();
        opts.disable_pathspec_match(true);
        for path in deleted.iter().chain(added) {
            // A tree's paths never hold a NUL byte; one that did could not be looked up.
            if !path.contains('\0') {
                opts.pathspec(path.as_str());
            }
        }
        let mut diff = self
            .repo
            .diff_tree_to_tree(Some(&old_tree), Some(&new_tree), Some(&mut opts))
            .map_err(|e| git_error(what(), &e))?;
        let mut found: Vec<Vec<Rename>> = Vec::new();
        let mut seen: std::collections::HashSet<(String, String)> =
            std::collections::HashSet::new();
        // Each pass pairs what the passes before left as deleted and added.
        for &threshold in thresholds {
            let mut find = git2::DiffFindOptions::new();
            find.renames(true)
                .rename_threshold(threshold)
                .rename_limit(RENAME_LIMIT);
            diff.find_similar(Some(&mut find))
                .map_err(|e| git_error(what(), &e))?;
            let mut pass = Vec::new();
            for delta in diff.deltas() {
                if delta.status() != git2::Delta::Renamed {
                    continue;
                }
                let path = |f: git2::DiffFile<'_>| {
                    f.path_bytes()
                        .and_then(|p| std::str::from_utf8(p).ok())
                        .map(str::to_owned)
                };
                if let (Some(from), Some(to)) = (path(delta.old_file()), path(delta.new_file()))
                    && seen.insert((from.clone(), to.clone()))
                {
                    pass.push((from, to));
                }
            }
            found.push(pass);
        }
        Ok(Some(found))
    }

    /// The tree of one commit of a walk.
    pub fn commit_tree(&self, commit: &CommitInfo) -> Result<CommitTree<'_>> {
        self.tree(&commit.revision())
    }

    /// The best common ancestor of `a` and `b` (what `git merge-base` prints), `None` when
    /// their histories never meet.
    pub fn merge_base(&self, a: &Revision, b: &Revision) -> Result<Option<Revision>> {
        let (one, two) = (oid(&a.commit)?, oid(&b.commit)?);
        match self.repo.merge_base(one, two) {
            Ok(base) => {
                let id = base.to_string();
                let commit = self.find_commit(&id)?;
                Ok(Some(Revision {
                    rev: id[..12].to_owned(),
                    commit: id,
                    time: to_time(commit.time()),
                }))
            }
            Err(e) if e.code() == ErrorCode::NotFound => Ok(None),
            Err(e) => Err(git_error(
                format!("cannot find the merge base of `{}` and `{}`", a.rev, b.rev),
                &e,
            )),
        }
    }

    /// Which of `points` (commit ids) have which commits in their history, from one walk
    /// over the history of all of them: enough to tell whether one point is an ancestor of
    /// another and how many commits lie between (what `git describe` counts), for any number
    /// of points.
    pub fn ancestry(&self, points: &[&str]) -> Result<Ancestry> {
        let walk_error =
            |e: git2::Error| git_error("cannot walk the history of the releases".to_owned(), &e);
        let mut walk = self.repo.revwalk().map_err(walk_error)?;
        walk.set_sorting(Sort::TOPOLOGICAL).map_err(walk_error)?;
        for p in points {
            walk.push(oid(p)?).map_err(walk_error)?;
        }
        let mut graph = Vec::new();
        for id in walk {
            let id = id.map_err(walk_error)?;
            let commit = self.repo.find_commit(id).map_err(walk_error)?;
            graph.push((
                id.to_string(),
                commit.parent_ids().map(|p| p.to_string()).collect(),
            ));
        }
        Ok(Ancestry::new(points, &graph))
    }

    /// The commits where a shallow clone's history is cut (from `.git/shallow`); empty for
    /// a full clone.
    #[must_use]
    pub fn shallow_commits(&self) -> Vec<String> {
        if !self.repo.is_shallow() {
            return Vec::new();
        }
        std::fs::read_to_string(self.repo.commondir().join("shallow"))
            .map(|text| {
                text.lines()
                    .map(str::trim)
                    .filter(|l| Oid::from_str(l).is_ok())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The URL of the remote `name` (`origin`), when there is one.
    #[must_use]
    pub fn remote_url(&self, name: &str) -> Option<String> {
        self.repo
            .find_remote(name)
            .ok()
            .and_then(|r| r.url().ok().map(str::to_owned))
    }

    fn find_commit(&self, id: &str) -> Result<git2::Commit<'_>> {
        Oid::from_str(id)
            .and_then(|oid| self.repo.find_commit(oid))
            .map_err(|e| git_error(format!("cannot find commit `{id}` in `{}`", self.name), &e))
    }

    fn revision_error(&self, rev: &str, e: &git2::Error) -> Error {
        let (rev, repo) = (rev.to_owned(), self.name.clone());
        let broken = matches!(
            e.class(),
            ErrorClass::Os | ErrorClass::Odb | ErrorClass::Zlib | ErrorClass::Filesystem
        );
        match e.code() {
            ErrorCode::Ambiguous => Error::AmbiguousRevision { rev, repo },
            code if broken && code != ErrorCode::NotFound => {
                git_error(format!("cannot resolve `{rev}` in `{repo}`"), e)
            }
            _ if self.repo.is_shallow() => Error::Shallow { rev, repo },
            _ => Error::UnknownRevision { rev, repo },
        }
    }
}

/// A file git sees renamed: its path in the old tree and in the new one.
pub type Rename = (String, String);

/// Git's default `diff.renameLimit`: rename detection gives up beyond this many files on
/// either side.
const RENAME_LIMIT: usize = 1_000;

fn open_error(name: &str, e: &git2::Error) -> Error {
    match e.code() {
        ErrorCode::Owner => Error::NotOwned {
            path: name.to_owned(),
        },
        ErrorCode::NotFound => Error::OutsideRepository {
            path: name.to_owned(),
        },
        _ => git_error(format!("cannot open the git repository at `{name}`"), e),
    }
}

/// A pathspec for every file named like the last component of `path`, in any folder.
fn same_name(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    // Characters that are special in a pathspec match themselves in brackets.
    let escaped: String = name
        .chars()
        .map(|c| {
            if matches!(c, '*' | '?' | '[' | ']' | '\\') {
                format!("[{c}]")
            } else {
                c.to_string()
            }
        })
        .collect();
    format!("*{escaped}")
}

fn oid(id: &str) -> Result<Oid> {
    Oid::from_str(id).map_err(|e| git_error(format!("`{id}` is not a commit id"), &e))
}

fn git_error(what: String, e: &git2::Error) -> Error {
    Error::Git {
        what,
        message: e.message().to_owned(),
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

/// The tree of one commit: its entries, their blobs and folder listings, as bytes.
#[derive(Clone)]
pub struct CommitTree<'r> {
    repo: &'r Repository,
    tree: Tree<'r>,
    rev: String,
}

impl CommitTree<'_> {
    /// The revision as the user typed it, for messages.
    #[must_use]
    pub fn rev(&self) -> &str {
        &self.rev
    }

    /// The entry at `path` (`/`-separated, from the root; `""` is the root folder), `None`
    /// when there is none. A path through a submodule is an error.
    pub fn entry(&self, path: &str) -> Result<Option<Entry>> {
        let path = path.trim_matches('/');
        if path.is_empty() {
            return Ok(Some(Entry {
                id: self.tree.id().to_string(),
                kind: EntryKind::Folder,
            }));
        }
        // Look the path up a component at a time, to tell a submodule from a missing file.
        let mut walked = String::new();
        let mut tree = self.tree.clone();
        let mut parts = path.split('/').peekable();
        while let Some(part) = parts.next() {
            let Some((id, kind, mode)) = tree
                .get_name(part)
                .map(|e| (e.id(), e.kind(), e.filemode()))
            else {
                return Ok(None);
            };
            if !walked.is_empty() {
                walked.push('/');
            }
            walked.push_str(part);
            let last = parts.peek().is_none();
            match kind {
                Some(ObjectType::Commit) => {
                    return Err(Error::Submodule {
                        path: path.to_owned(),
                        at: self.rev.clone(),
                        submodule: walked,
                    });
                }
                Some(ObjectType::Tree) if !last => {
                    tree = self
                        .repo
                        .find_tree(id)
                        .map_err(|e| self.error(&walked, &e))?;
                }
                Some(ObjectType::Tree) => {
                    return Ok(Some(Entry {
                        id: id.to_string(),
                        kind: EntryKind::Folder,
                    }));
                }
                Some(ObjectType::Blob) if last => {
                    let kind = if mode == i32::from(FileMode::Link) {
                        EntryKind::Link
                    } else {
                        EntryKind::File
                    };
                    return Ok(Some(Entry {
                        id: id.to_string(),
                        kind,
                    }));
                }
                // A file where the path goes on, or an object a tree cannot hold.
                Some(ObjectType::Blob | ObjectType::Tag | ObjectType::Any) | None => {
                    return Ok(None);
                }
            }
        }
        Ok(None)
    }

    /// The size in bytes of the blob `id`, read from its header without inflating it.
    pub fn blob_size(&self, id: &str) -> Result<u64> {
        let oid = Oid::from_str(id).map_err(|e| self.error(id, &e))?;
        let odb = self.repo.odb().map_err(|e| self.error(id, &e))?;
        let (size, _) = odb.read_header(oid).map_err(|e| self.error(id, &e))?;
        Ok(size as u64)
    }

    /// The bytes of the blob `id`; `path` names it in errors.
    pub fn blob_bytes(&self, id: &str, path: &str) -> Result<Vec<u8>> {
        self.blob_head(id, path, usize::MAX)
    }

    /// At most the first `max` bytes of the blob `id`; `path` names it in errors. (git
    /// inflates a packed blob whole; only the head is copied out.)
    pub fn blob_head(&self, id: &str, path: &str, max: usize) -> Result<Vec<u8>> {
        let blob = Oid::from_str(id)
            .and_then(|oid| self.repo.find_blob(oid))
            .map_err(|e| self.error(path, &e))?;
        let content = blob.content();
        Ok(content[..content.len().min(max)].to_vec())
    }

    /// The entries of the folder at `path` with what each is, sorted by name; empty when
    /// there is no such folder. Names that are not UTF-8 cannot be named by a nav file and
    /// are left out.
    pub fn list(&self, path: &str) -> Result<Vec<(String, EntryKind)>> {
        let Some(Entry {
            id,
            kind: EntryKind::Folder,
        }) = self.entry(path)?
        else {
            return Ok(Vec::new());
        };
        let tree = Oid::from_str(&id)
            .and_then(|oid| self.repo.find_tree(oid))
            .map_err(|e| self.error(path, &e))?;
        let mut out: Vec<(String, EntryKind)> = tree
            .iter()
            .filter_map(|e| {
                let kind = match e.kind()? {
                    ObjectType::Tree => EntryKind::Folder,
                    ObjectType::Blob if e.filemode() == i32::from(FileMode::Link) => {
                        EntryKind::Link
                    }
                    ObjectType::Blob => EntryKind::File,
                    ObjectType::Commit | ObjectType::Tag | ObjectType::Any => return None,
                };
                Some((e.name().ok()?.to_owned(), kind))
            })
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(out)
    }

    /// Every file of the tree (blobs and links, not folders or submodules), `/`-separated
    /// from the root, in tree order; `None` when there are more than `max`. Names that are
    /// not UTF-8 cannot be named by a nav file and are left out.
    pub fn files(&self, max: usize) -> Result<Option<Vec<String>>> {
        let mut out = Vec::new();
        let mut over = false;
        self.tree
            .walk(git2::TreeWalkMode::PreOrder, |dir, entry| {
                if entry.kind() != Some(ObjectType::Blob) {
                    return git2::TreeWalkResult::Ok;
                }
                if out.len() >= max {
                    over = true;
                    return git2::TreeWalkResult::Abort;
                }
                if let Ok(name) = entry.name() {
                    out.push(format!("{dir}{name}"));
                }
                git2::TreeWalkResult::Ok
            })
            .or_else(|e| {
                // An abort is how the walk stops early, not a failure.
                if over { Ok(()) } else { Err(e) }
            })
            .map_err(|e| self.error("", &e))?;
        Ok((!over).then_some(out))
    }

    /// Whether every path of `paths` is the same in `other` as here: the same object (a
    /// file's blob, a folder's tree), or absent from both. A folder whose tree is the same in
    /// both is not looked into, so comparing two neighbouring commits costs little.
    pub fn same_entries(&self, other: &CommitTree<'_>, paths: &PathSet) -> Result<bool> {
        self.same_under(&self.tree, &other.tree, paths, "")
    }

    /// Whether `path` is the same object in `other` as here (or absent from both).
    pub fn same_entry(&self, other: &CommitTree<'_>, path: &str) -> Result<bool> {
        let mut set = PathSet::new();
        set.insert(path);
        self.same_entries(other, &set)
    }

    fn same_under(&self, a: &Tree<'_>, b: &Tree<'_>, set: &PathSet, at: &str) -> Result<bool> {
        if a.id() == b.id() {
            return Ok(true);
        }
        // The folder itself is in the set (it was listed): it changed.
        if set.leaf {
            return Ok(false);
        }
        for (name, sub) in &set.children {
            let entry = |t: &Tree<'_>| t.get_name(name).map(|e| (e.id(), e.kind()));
            let (ea, eb) = (entry(a), entry(b));
            match (ea, eb) {
                (None, None) => {}
                (Some((ia, _)), Some((ib, _))) if ia == ib => {}
                (Some((ia, Some(ObjectType::Tree))), Some((ib, Some(ObjectType::Tree))))
                    if !sub.leaf =>
                {
                    let path = format!("{at}{name}/");
                    let find = |id| self.repo.find_tree(id).map_err(|e| self.error(&path, &e));
                    if !self.same_under(&find(ia)?, &find(ib)?, sub, &path)? {
                        return Ok(false);
                    }
                }
                _ => return Ok(false),
            }
        }
        Ok(true)
    }

    /// Where the file at `path` here came from in `parent`, by git's rename and copy
    /// detection (what `git log --follow` follows): `None` when it was new.
    ///
    /// The same content anywhere in `parent` is the answer first (a move or a copy; a file
    /// with the same name preferred); then git's similarity among the files of the same
    /// name; then among all files. Most nav files keep their name when they move, so the
    /// whole-tree detection, which costs seconds when a whole book moves, is rarely needed.
    pub fn rename_source(&self, parent: &CommitTree<'_>, path: &str) -> Result<Option<String>> {
        let Some(Entry { id, .. }) = self.entry(path)? else {
            return Ok(None);
        };
        if let Some(found) = parent.find_blob(&id, path)? {
            return Ok(Some(found));
        }
        for spec in [Some(same_name(path)), None] {
            for (status, old, new) in self.renames(parent, spec.as_deref())? {
                if new == path && matches!(status, Delta::Renamed | Delta::Copied) {
                    return Ok(Some(old));
                }
            }
        }
        Ok(None)
    }

    /// Where the file at `path` in `parent` went here, by git's rename detection (the same
    /// content first, then the files of the same name, then all): `None` when it was
    /// deleted (or is still there).
    pub fn rename_target(&self, parent: &CommitTree<'_>, path: &str) -> Result<Option<String>> {
        let Some(Entry { id, .. }) = parent.entry(path)? else {
            return Ok(None);
        };
        if let Some(found) = self.find_blob(&id, path)?
            && parent.entry(&found)?.is_none()
        {
            return Ok(Some(found));
        }
        for spec in [Some(same_name(path)), None] {
            if let Some((_, _, new)) = self
                .renames(parent, spec.as_deref())?
                .into_iter()
                .find(|(status, old, _)| old == path && *status == Delta::Renamed)
            {
                return Ok(Some(new));
            }
        }
        Ok(None)
    }

    /// The renamed and copied files from `parent` to here, among the paths `pathspec`
    /// matches (all without one): (status, old path, new path).
    fn renames(
        &self,
        parent: &CommitTree<'_>,
        pathspec: Option<&str>,
    ) -> Result<Vec<(Delta, String, String)>> {
        let fail = |e: &git2::Error| {
            git_error(
                format!(
                    "cannot find renamed files between `{}` and `{}`",
                    parent.rev, self.rev
                ),
                e,
            )
        };
        let mut opts = DiffOptions::new();
        opts.skip_binary_check(true);
        if let Some(spec) = pathspec {
            opts.pathspec(spec);
        }
        let mut diff = self
            .repo
            .diff_tree_to_tree(Some(&parent.tree), Some(&self.tree), Some(&mut opts))
            .map_err(|e| fail(&e))?;
        let mut find = DiffFindOptions::new();
        find.renames(true).copies(true);
        diff.find_similar(Some(&mut find)).map_err(|e| fail(&e))?;
        let path = |p: Option<&Path>| p.and_then(Path::to_str).map(str::to_owned);
        Ok(diff
            .deltas()
            .filter(|d| matches!(d.status(), Delta::Renamed | Delta::Copied))
            .filter_map(|d| {
                Some((
                    d.status(),
                    path(d.old_file().path())?,
                    path(d.new_file().path())?,
                ))
            })
            .collect())
    }

    /// A file whose blob is `id`, preferring one named like `like` (its last component).
    fn find_blob(&self, id: &str, like: &str) -> Result<Option<String>> {
        let wanted = Oid::from_str(id).map_err(|e| self.error(like, &e))?;
        let name = like.rsplit('/').next().unwrap_or(like);
        let mut found: Option<(bool, String)> = None;
        self.tree
            .walk(TreeWalkMode::PreOrder, |dir, entry| {
                if entry.id() == wanted && entry.kind() == Some(ObjectType::Blob) {
                    let Ok(file) = entry.name() else {
                        return TreeWalkResult::Ok;
                    };
                    let same_name = file == name;
                    if found.as_ref().is_none_or(|(s, _)| !s && same_name) {
                        found = Some((same_name, format!("{dir}{file}")));
                    }
                    if same_name {
                        return TreeWalkResult::Abort;
                    }
                }
                TreeWalkResult::Ok
            })
            .or_else(|e| {
                if e.code() == ErrorCode::User {
                    Ok(())
                } else {
                    Err(e)
                }
            })
            .map_err(|e| self.error(like, &e))?;
        Ok(found.map(|(_, p)| p))
    }

    fn error(&self, path: &str, e: &git2::Error) -> Error {
        git_error(format!("cannot read `{path}` at `{}`", self.rev), e)
    }
}

/// Paths to compare between two commits (see [`CommitTree::same_entries`]), kept as a tree
/// of their components so that a folder is looked up once for everything under it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PathSet {
    children: BTreeMap<String, PathSet>,
    /// Whether the path ending here is itself in the set (a file, or a listed folder).
    leaf: bool,
}

impl PathSet {
    /// An empty set.
    #[must_use]
    pub fn new() -> Self {
        PathSet::default()
    }

    /// Adds `path` (`/`-separated, from the root).
    pub fn insert(&mut self, path: &str) {
        let mut at = self;
        for part in path.split('/').filter(|p| !p.is_empty() && *p != ".") {
            at = at.children.entry(part.to_owned()).or_default();
        }
        at.leaf = true;
    }

    /// Adds every path of `other`.
    pub fn extend(&mut self, other: &PathSet) {
        self.leaf |= other.leaf;
        for (name, sub) in &other.children {
            self.children.entry(name.clone()).or_default().extend(sub);
        }
    }

    /// Whether the set is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.children.is_empty() && !self.leaf
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_times_keep_their_offset() {
        let time = to_time(git2::Time::new(86_400, 60));
        assert_eq!(time.to_rfc3339(), "1970-01-02T01:00:00+01:00");
    }
}
