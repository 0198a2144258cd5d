//! The versions of the nav along a commit's history, as a graph: each commit whose nav
//! differs from that of each of its parents is a version, with the versions of its parents.
//!
//! The walk goes through every commit once, parents first. A commit whose nav file and the
//! files its reader followed (an included file, a page a title comes from, a listed folder)
//! are the same objects as in a parent is that parent's version: comparing them costs a few
//! tree lookups, as folders whose tree is unchanged are not looked into. Only the other
//! commits are read.
//!
//! Where the nav file is: at the tip, the configured path or the one discovery finds; along
//! the first-parent line, that file followed back through renames and copies as
//! `git log --follow` does; on other lines, a parent's path (or where a rename took it).
//! Without one, discovery looks again (unless a path is configured).

use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use std::sync::Arc;

use crate::error::{Error, Result};
use crate::git::{CommitInfo, CommitTree, PathSet};
use crate::model::NavTree;
use crate::source::repo::{GitSource, discover_nav};
use crate::source::revision::RevFiles;

/// A version of the nav in a history walk (see [`GitSource::nav_history`]): a commit whose
/// nav differs from that of each of its parents, with its tree.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct NavVersion {
    /// The commit.
    pub commit: CommitInfo,
    /// The nav file's path at that commit; `None` when it had none.
    pub nav: Option<String>,
    /// The tree; `None` without a nav file. Shared, so that a caller can work on it while
    /// the walk goes on (see [`GitSource::nav_history_with`]).
    pub tree: Option<Arc<NavTree>>,
    /// The versions of its parents (indices into [`NavHistory::versions`], all before it),
    /// first parent first; empty for a root.
    pub parents: Vec<usize>,
    /// For each of `parents`, the commit's parent that has that version (what
    /// `navdiff diff PARENT COMMIT` compares).
    pub parent_commits: Vec<String>,
    /// Whether it is at the boundary of a shallow clone: its parents are missing.
    pub boundary: bool,
    /// Its commit's position in the walk (`git log --topo-order --reverse` order).
    pub position: usize,
    /// In a first-parent view, the merge that brought it into the first-parent line, with
    /// that merge's position in the walk; `None` on the line itself.
    pub merged_in: Option<(CommitInfo, usize)>,
}

/// The versions of the nav along a commit's history.
#[derive(Debug)]
#[non_exhaustive]
pub struct NavHistory {
    /// The versions, parents before children, in `git log --topo-order --reverse` order.
    pub versions: Vec<NavVersion>,
    /// Commits whose nav could not be read: each keeps its first parent's version.
    pub skipped: Vec<(CommitInfo, Error)>,
    /// The commits of the walk at a shallow clone's boundary.
    pub shallow: Vec<String>,
}

/// Where a commit's nav is, and what must stay the same for its tree to stay the same.
#[derive(Debug, Clone)]
struct State {
    version: usize,
    path: Option<String>,
    blob: Option<String>,
    /// The other files its reader followed.
    deps: Rc<PathSet>,
    /// Those and the nav file (or, without one, where one would be found): when all are the
    /// same objects in a child, the child's nav is the same.
    watch: Rc<PathSet>,
}

/// One walk over a history.
struct Walk<'s> {
    git: &'s GitSource,
    commits: Vec<CommitInfo>,
    parents: Vec<Vec<usize>>,
    shallow: HashSet<String>,
    /// What the latest discovery looked at (files probed and read, folders listed): while
    /// all of it stays the same, discovery finds the same.
    discovered: PathSet,
    /// The commit that discovery looked at.
    discovered_at: Option<usize>,
    /// The nav's path along the first-parent line.
    chain_paths: HashMap<usize, Option<String>>,
    /// Each walked commit's state.
    states: Vec<State>,
    /// The trees of walked commits with children still to walk.
    trees: HashMap<usize, CommitTree<'s>>,
    /// How many children of each commit are still to walk.
    remaining: Vec<usize>,
    versions: Vec<NavVersion>,
    skipped: Vec<(CommitInfo, Error)>,
}

impl GitSource {
    /// The versions of the nav in the history of `tip`: every commit whose nav differs from
    /// each of its parents' (its file's content, its path, or a file its reader followed,
    /// such as an included file or a page a title comes from), parents before children.
    ///
    /// The nav file is found at `tip` (the configured path, or by discovery) and followed
    /// back along the first-parent line through renames and copies, as `git log --follow`
    /// does; other commits keep their parent's path (or follow a rename forward). With
    /// `first_parent`, each version off the first-parent line says which merge brought it
    /// in. A version that cannot be read is skipped: its commit keeps its parent's version,
    /// and [`NavHistory::skipped`] says why. `progress` is told (done, total) commits.
    pub fn nav_history(
        &self,
        tip: &str,
        first_parent: bool,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<NavHistory> {
        self.nav_history_with(tip, first_parent, progress, &mut |_, _| {})
    }

    /// [`GitSource::nav_history`], telling `on_version` each version (its index and itself)
    /// as soon as it is found, so that a caller can work on it while the walk goes on.
    pub fn nav_history_with(
        &self,
        tip: &str,
        first_parent: bool,
        progress: &mut dyn FnMut(usize, usize),
        on_version: &mut dyn FnMut(usize, &NavVersion),
    ) -> Result<NavHistory> {
        let tip = self.repo().resolve(tip)?;
        let mut walk = Walk::new(self, self.repo().commits(&tip, false)?);
        // The first-parent line from the tip (the last commit of the walk), newest first.
        let mut chain = Vec::new();
        let mut at = walk.commits.len().checked_sub(1);
        while let Some(i) = at {
            chain.push(i);
            at = walk.parents[i].first().copied();
        }
        walk.chain_paths = walk.follow_back(&chain)?;
        let total = walk.commits.len();
        for i in 0..total {
            progress(i + 1, total);
            let before = walk.versions.len();
            walk.step(i)?;
            for v in before..walk.versions.len() {
                on_version(v, &walk.versions[v]);
            }
        }
        if first_parent {
            let entry = merged_entries(&walk.parents, &chain);
            for v in &mut walk.versions {
                let m = entry[v.position];
                if m != v.position {
                    v.merged_in = Some((walk.commits[m].clone(), m));
                }
            }
        }
        let mut shallow: Vec<(usize, String)> = walk
            .shallow
            .into_iter()
            .filter_map(|c| {
                walk.commits
                    .iter()
                    .position(|x| x.commit == c)
                    .map(|i| (i, c))
            })
            .collect();
        shallow.sort();
        Ok(NavHistory {
            versions: walk.versions,
            skipped: walk.skipped,
            shallow: shallow.into_iter().map(|(_, c)| c).collect(),
        })
    }

    /// The paths the nav file had along the first-parent line of `tip`, newest first: the
    /// configured (or discovered) one at `tip`, then each it was renamed or copied from
    /// (`guide/src/SUMMARY.md`, then `book-example/src/SUMMARY.md`).
    pub fn nav_paths(&self, tip: &str) -> Result<Vec<String>> {
        let tip = self.repo().resolve(tip)?;
        let mut walk = Walk::new(self, self.repo().commits(&tip, true)?);
        let chain: Vec<usize> = (0..walk.commits.len()).rev().collect();
        let paths = walk.follow_back(&chain)?;
        let mut out: Vec<String> = Vec::new();
        for c in chain {
            if let Some(Some(p)) = paths.get(&c)
                && !out.contains(p)
            {
                out.push(p.clone());
            }
        }
        Ok(out)
    }
}

impl<'s> Walk<'s> {
    /// A walk over `commits` (parents first).
    fn new(git: &'s GitSource, commits: Vec<CommitInfo>) -> Self {
        let index: HashMap<&str, usize> = commits
            .iter()
            .enumerate()
            .map(|(i, c)| (c.commit.as_str(), i))
            .collect();
        let parents: Vec<Vec<usize>> = commits
            .iter()
            .map(|c| {
                c.parents
                    .iter()
                    .filter_map(|p| index.get(p.as_str()).copied())
                    .collect()
            })
            .collect();
        let shallow: HashSet<String> = git
            .repo()
            .shallow_commits()
            .into_iter()
            .filter(|c| index.contains_key(c.as_str()))
            .collect();
        let mut remaining = vec![0_usize; commits.len()];
        for ps in &parents {
            for &p in ps {
                remaining[p] += 1;
            }
        }
        Walk {
            git,
            commits,
            parents,
            shallow,
            discovered: PathSet::new(),
            discovered_at: None,
            chain_paths: HashMap::new(),
            states: Vec::new(),
            trees: HashMap::new(),
            remaining,
            versions: Vec::new(),
            skipped: Vec::new(),
        }
    }

    /// Walks commit `i`, whose parents are walked.
    fn step(&mut self, i: usize) -> Result<()> {
        let here = self.git.repo().commit_tree(&self.commits[i])?;
        let ps = self.parents[i].clone();
        // The usual case, cheap: a parent whose nav file and every file its reader followed
        // are the same objects here.
        let chain_path = self.chain_paths.get(&i).cloned();
        for &p in &ps {
            let st = &self.states[p];
            if chain_path.as_ref().is_none_or(|c| *c == st.path)
                && here.same_entries(&self.trees[&p], &st.watch)?
            {
                self.same_as(i, p, &ps, here);
                return Ok(());
            }
        }
        let files = RevFiles::new(here.clone());
        let path = match chain_path {
            Some(path) => path,
            None => self.inherit_path(i, &ps, &here, &files)?,
        };
        let blob = match &path {
            Some(p) => files.blob_id(p)?,
            None => None,
        };
        // The same nav file with the same followed files as a parent, found the long way.
        for &p in &ps {
            let st = &self.states[p];
            if st.path == path && st.blob == blob && here.same_entries(&self.trees[&p], &st.deps)? {
                self.same_as(i, p, &ps, here);
                return Ok(());
            }
        }
        let commit = &self.commits[i];
        let read = match &path {
            None => Ok((None, Vec::new())),
            Some(nav) => self
                .git
                .read_nav(&commit.revision(), &files, nav.clone(), false)
                .map(|(t, d)| (Some(t), d)),
        };
        let state = match read {
            Ok((tree, deps)) => {
                let mut set = PathSet::new();
                for d in &deps {
                    set.insert(d);
                }
                let mut watch = set.clone();
                match (&path, &self.git.options().nav) {
                    (Some(p), _) | (None, Some(p)) => watch.insert(p),
                    (None, None) => {
                        // What discovery looks at here, so that a child that changes none of
                        // it has no nav either.
                        if self.discovered_at != Some(i) {
                            self.locate(&files, i);
                        }
                        watch.extend(&self.discovered);
                    }
                }
                let version = self.version_of(i, &ps, tree, path.clone());
                State {
                    version,
                    path,
                    blob,
                    deps: Rc::new(set),
                    watch: Rc::new(watch),
                }
            }
            Err(e) => {
                self.skipped.push((commit.clone(), e));
                match ps.first() {
                    // The parent's version stays: what this commit changed shows at the next
                    // readable one.
                    Some(&p) => State {
                        path,
                        blob,
                        ..self.states[p].clone()
                    },
                    None => State {
                        version: self.version_of(i, &ps, None, None),
                        path,
                        blob,
                        deps: Rc::new(PathSet::new()),
                        watch: Rc::new(PathSet::new()),
                    },
                }
            }
        };
        self.states.push(state);
        self.done(i, &ps, here);
        Ok(())
    }

    /// Commit `i` has parent `p`'s nav.
    fn same_as(&mut self, i: usize, p: usize, ps: &[usize], here: CommitTree<'s>) {
        let state = self.states[p].clone();
        self.states.push(state);
        self.done(i, ps, here);
    }

    /// The version of commit `i` with `tree`: a parent's when the tree is the same (a file
    /// renamed, a page edited below its title), else a new one.
    fn version_of(
        &mut self,
        i: usize,
        ps: &[usize],
        tree: Option<NavTree>,
        nav: Option<String>,
    ) -> usize {
        let roots = tree.as_ref().map(|t| &t.roots);
        let mut parents: Vec<usize> = Vec::new();
        let mut parent_commits: Vec<String> = Vec::new();
        for &p in ps {
            let v = self.states[p].version;
            if self.versions[v].tree.as_deref().map(|t| &t.roots) == roots {
                return v;
            }
            if !parents.contains(&v) {
                parents.push(v);
                parent_commits.push(self.commits[p].commit.clone());
            }
        }
        let commit = &self.commits[i];
        self.versions.push(NavVersion {
            commit: commit.clone(),
            nav,
            tree: tree.map(Arc::new),
            parents,
            parent_commits,
            boundary: self.shallow.contains(&commit.commit)
                || (ps.is_empty() && !commit.parents.is_empty()),
            position: i,
            merged_in: None,
        });
        self.versions.len() - 1
    }

    /// The nav's path at commit `i` off the first-parent line: a parent's path that is
    /// here, else where a rename took the first parent's, else discovery's.
    fn inherit_path(
        &mut self,
        i: usize,
        ps: &[usize],
        here: &CommitTree<'s>,
        files: &RevFiles<'_>,
    ) -> Result<Option<String>> {
        for &p in ps {
            if let Some(path) = &self.states[p].path
                && files.blob_id(path)?.is_some()
            {
                return Ok(Some(path.clone()));
            }
        }
        if let Some(&p) = ps.first() {
            if let Some(old) = self.states[p].path.clone() {
                if let Some(new) = here.rename_target(&self.trees[&p], &old)? {
                    return Ok(Some(new));
                }
            } else if here.same_entries(&self.trees[&p], &self.states[p].watch)? {
                return Ok(None);
            }
        }
        Ok(self.locate(files, i))
    }

    /// Keeps commit `i`'s tree while children of it are still to walk, and lets go of its
    /// parents' once their last child is walked.
    fn done(&mut self, i: usize, ps: &[usize], here: CommitTree<'s>) {
        for &p in ps {
            self.remaining[p] -= 1;
            if self.remaining[p] == 0 {
                self.trees.remove(&p);
            }
        }
        if self.remaining[i] > 0 {
            self.trees.insert(i, here);
        }
    }

    /// The nav's path at each commit of the first-parent `chain` (newest first), followed
    /// back from the tip through renames and copies.
    fn follow_back(&mut self, chain: &[usize]) -> Result<HashMap<usize, Option<String>>> {
        let mut out = HashMap::new();
        let Some(&tip) = chain.first() else {
            return Ok(out);
        };
        let repo = self.git.repo();
        let mut here = repo.commit_tree(&self.commits[tip])?;
        let files = RevFiles::new(here.clone());
        let rev = self.commits[tip].revision().rev;
        let mut path = if let Some(p) = &self.git.options().nav {
            let p = p.trim_start_matches("./").to_owned();
            if files.blob_id(&p)?.is_none() {
                return Err(Error::MissingNav {
                    path: p,
                    at: rev,
                    shallow: repo.is_shallow(),
                });
            }
            Some(p)
        } else {
            files.take_accessed();
            let found = discover_nav(&files, &rev)?;
            self.discovered = accessed_paths(&files);
            self.discovered_at = Some(tip);
            found
        };
        for (k, &c) in chain.iter().enumerate() {
            out.insert(c, path.clone());
            let Some(&p) = chain.get(k + 1) else { break };
            let parent = repo.commit_tree(&self.commits[p])?;
            let parent_files = RevFiles::new(parent.clone());
            path = match path {
                Some(pp)
                    if here.same_entry(&parent, &pp)? || parent_files.blob_id(&pp)?.is_some() =>
                {
                    Some(pp)
                }
                Some(pp) => match here.rename_source(&parent, &pp)? {
                    Some(source) => Some(source),
                    None => self.locate(&parent_files, p),
                },
                None if self.git.options().nav.is_some()
                    || here.same_entries(&parent, &self.discovered)? =>
                {
                    None
                }
                None => self.locate(&parent_files, p),
            };
            here = parent;
        }
        Ok(out)
    }

    /// The nav file discovery finds among `files` of commit `i` (with a configured path,
    /// that file where it exists); several candidates skip the commit.
    fn locate(&mut self, files: &RevFiles<'_>, i: usize) -> Option<String> {
        if let Some(nav) = &self.git.options().nav {
            // The configured file, where a commit off the first-parent line adds it (a
            // branch that creates the nav file, merged later).
            let nav = nav.trim_start_matches("./");
            return match files.blob_id(nav) {
                Ok(Some(_)) => Some(nav.to_owned()),
                Ok(None) => None,
                Err(e) => {
                    self.skipped.push((self.commits[i].clone(), e));
                    None
                }
            };
        }
        let commit = &self.commits[i];
        files.take_accessed();
        let found = discover_nav(files, &commit.revision().rev);
        self.discovered = accessed_paths(files);
        self.discovered_at = Some(i);
        match found {
            Ok(found) => found,
            Err(e) => {
                self.skipped.push((commit.clone(), e));
                None
            }
        }
    }
}

/// The paths read, probed or listed through `files` since it was last asked.
fn accessed_paths(files: &RevFiles<'_>) -> PathSet {
    let mut set = PathSet::new();
    for (path, _) in files.take_accessed() {
        set.insert(&path);
    }
    set
}

/// For each commit, the commit of the first-parent `chain` (newest first) that brought it
/// into the line: itself on the line, else the oldest merge whose other parents reach it.
fn merged_entries(parents: &[Vec<usize>], chain: &[usize]) -> Vec<usize> {
    let mut entry: Vec<Option<usize>> = vec![None; parents.len()];
    for &c in chain {
        entry[c] = Some(c);
    }
    for &c in chain.iter().rev() {
        let mut stack: Vec<usize> = parents[c].iter().skip(1).copied().collect();
        while let Some(x) = stack.pop() {
            if entry[x].is_some() {
                continue;
            }
            entry[x] = Some(c);
            stack.extend(parents[x].iter().copied());
        }
    }
    entry
        .into_iter()
        .enumerate()
        .map(|(i, e)| e.unwrap_or(i))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::merged_entries;

    #[test]
    fn merges_bring_in_their_branches() {
        // 0 ← 1 ← 3 (merge of 2) ← 5 (merge of 4); 2 and 4 branch from 0 and 1.
        let parents = vec![vec![], vec![0], vec![0], vec![1, 2], vec![1], vec![3, 4]];
        let chain = vec![5, 3, 1, 0];
        assert_eq!(merged_entries(&parents, &chain), [0, 1, 3, 3, 5, 5]);
    }
}
