//! Real git repositories in a temporary folder, built with git2: fixed author, fixed
//! times, nothing read from the user's git configuration.

use std::path::{Path, PathBuf};

use git2::{IndexAddOption, Oid, Repository, Signature, Time};
use tempfile::TempDir;

/// A repository under construction.
pub struct TestRepo {
    pub dir: TempDir,
    pub repo: Repository,
    /// Seconds since the epoch of the next commit; each commit is a day after the last.
    time: i64,
}

impl TestRepo {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let repo = Repository::init(dir.path()).expect("git init");
        TestRepo {
            dir,
            repo,
            time: 1_704_067_200, // 2024-01-01T00:00:00Z
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn arg(&self) -> &str {
        self.path().to_str().expect("UTF-8 temp path")
    }

    /// Writes `files` into the working tree (`None` deletes), without committing.
    pub fn write(&self, files: &[(&str, Option<&str>)]) -> &Self {
        for (path, contents) in files {
            let full = self.path().join(path);
            match contents {
                Some(text) => {
                    std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
                    std::fs::write(&full, text).expect("write");
                }
                None => {
                    let _ = std::fs::remove_file(&full);
                }
            }
        }
        self
    }

    /// Writes `files` and commits everything, a day after the previous commit.
    pub fn commit(&mut self, message: &str, files: &[(&str, Option<&str>)]) -> Oid {
        self.write(files);
        let mut index = self.repo.index().expect("index");
        index
            .add_all(["*"], IndexAddOption::DEFAULT, None)
            .expect("add");
        index.update_all(["*"], None).expect("update");
        index.write().expect("write index");
        let tree_id = index.write_tree().expect("write tree");
        self.commit_tree(message, tree_id)
    }

    /// Commits the tree `tree_id` on top of HEAD.
    pub fn commit_tree(&mut self, message: &str, tree_id: Oid) -> Oid {
        let tree = self.repo.find_tree(tree_id).expect("tree");
        let sig = Signature::new("navdiff", "test@example.com", &Time::new(self.time, 60))
            .expect("signature");
        self.time += 86_400;
        let parent = self.repo.head().ok().and_then(|h| h.peel_to_commit().ok());
        let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
        self.repo
            .commit(Some("HEAD"), &sig, &sig, message, &tree, &parents)
            .expect("commit")
    }

    /// A branch `name` at HEAD.
    pub fn branch(&self, name: &str) -> &Self {
        let head = self
            .repo
            .head()
            .expect("HEAD")
            .peel_to_commit()
            .expect("commit");
        self.repo.branch(name, &head, false).expect("branch");
        self
    }

    /// Makes the branch `name` HEAD and the working tree its tree.
    pub fn checkout(&self, name: &str) -> &Self {
        self.repo
            .set_head(&format!("refs/heads/{name}"))
            .expect("set HEAD");
        self.repo
            .checkout_head(Some(
                git2::build::CheckoutBuilder::new()
                    .force()
                    .remove_untracked(true),
            ))
            .expect("checkout");
        self
    }

    /// Merges the branch `other` into HEAD: writes `files` (the merge's resolution) over
    /// HEAD's working tree and commits it with HEAD and `other` as parents.
    pub fn merge(&mut self, message: &str, other: &str, files: &[(&str, Option<&str>)]) -> Oid {
        self.write(files);
        let mut index = self.repo.index().expect("index");
        index
            .add_all(["*"], IndexAddOption::DEFAULT, None)
            .expect("add");
        index.update_all(["*"], None).expect("update");
        index.write().expect("write index");
        let tree_id = index.write_tree().expect("write tree");
        let tree = self.repo.find_tree(tree_id).expect("tree");
        let sig = Signature::new("navdiff", "test@example.com", &Time::new(self.time, 60))
            .expect("signature");
        self.time += 86_400;
        let head = self
            .repo
            .head()
            .expect("HEAD")
            .peel_to_commit()
            .expect("commit");
        let theirs = self
            .repo
            .find_branch(other, git2::BranchType::Local)
            .expect("branch")
            .get()
            .peel_to_commit()
            .expect("commit");
        self.repo
            .commit(Some("HEAD"), &sig, &sig, message, &tree, &[&head, &theirs])
            .expect("merge commit")
    }

    /// The branch HEAD is on (`master` or `main`, as the user's git configures it).
    pub fn current_branch(&self) -> String {
        self.repo
            .head()
            .expect("HEAD")
            .shorthand()
            .expect("a branch")
            .to_owned()
    }

    /// The id of `rev`.
    pub fn id(&self, rev: &str) -> String {
        self.repo
            .revparse_single(rev)
            .expect("revision")
            .peel_to_commit()
            .expect("commit")
            .id()
            .to_string()
    }

    /// A lightweight tag on HEAD.
    pub fn tag(&self, name: &str) -> &Self {
        let head = self
            .repo
            .head()
            .expect("HEAD")
            .peel(git2::ObjectType::Commit)
            .expect("commit");
        self.repo.tag_lightweight(name, &head, false).expect("tag");
        self
    }

    /// An annotated tag on HEAD.
    pub fn annotated_tag(&self, name: &str) -> &Self {
        let head = self
            .repo
            .head()
            .expect("HEAD")
            .peel(git2::ObjectType::Commit)
            .expect("commit");
        let sig = Signature::new("navdiff", "test@example.com", &Time::new(self.time, 0))
            .expect("signature");
        self.repo.tag(name, &head, &sig, name, false).expect("tag");
        self
    }

    /// A bare clone of this repository, in a new temporary folder.
    pub fn bare_clone(&self) -> (TempDir, PathBuf) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("bare.git");
        git2::build::RepoBuilder::new()
            .bare(true)
            .clone(self.arg(), &path)
            .expect("clone");
        (dir, path)
    }

    /// The id of HEAD.
    pub fn head(&self) -> String {
        self.repo
            .head()
            .expect("HEAD")
            .target()
            .expect("direct")
            .to_string()
    }
}
