//! The history walks over a git repository, for the command line and for library users:
//! the releases of `navdiff changelog` read from tags, and the versions of the nav that
//! `navdiff log` traces, read from the commit graph.

use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;
use std::sync::Arc;

use crate::diff::{DiffOptions, FileEvidence};
use crate::error::{Error, Result};
use crate::git::{Ancestry, TagInfo};
use crate::history::changelog::{Changelog, Forge};
use crate::history::log::{Edge, Log, Point, trace_with};
use crate::history::releases::{ReleaseTrees, Unreleased, select_releases, walk_releases};
use crate::model::{NavTree, SourceInfo};
use crate::source::{FileLists, GitSource, NavHistory, NavVersion, git_evidence_between};

/// What `navdiff changelog` asks for.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct ChangelogRequest {
    /// `v1.0..`, `v1.0..v2.0`; every release and Unreleased when `None`.
    pub range: Option<String>,
    /// A glob the release tags must match.
    pub tags: Option<String>,
    /// Compare the working tree, not HEAD, as Unreleased.
    pub worktree: bool,
    /// Only the newest release (no Unreleased).
    pub latest: bool,
    /// A release that cannot be read is an error, not a warning.
    pub strict: bool,
}

/// What a command does to every tree it reads (`--ignore`).
pub type Prune<'a> = &'a dyn Fn(NavTree) -> NavTree;

/// The changelog of the repository `git` reads: its releases chosen and ordered as
/// `request` says, each diffed against the nearest earlier release in its history, with
/// links to a compare view when `origin` is on GitHub or GitLab. `step` is called once per
/// tree read.
pub fn changelog_from_git(
    git: &GitSource,
    request: &ChangelogRequest,
    opts: &DiffOptions,
    prune: Prune<'_>,
    step: &mut dyn FnMut(),
) -> Result<Changelog> {
    let mut selection = select_releases(
        git.repo().tags()?,
        request.tags.as_deref(),
        request.range.as_deref(),
    )?;
    if request.latest {
        let last = selection.tags.pop();
        selection.tags = last.into_iter().collect();
        selection.unreleased = false;
    }
    let trees = GitReleases {
        git,
        worktree: request.worktree,
        prune,
        step: RefCell::new(step),
        earlier_paths: OnceCell::new(),
        lists: RefCell::new(FileLists::default()),
    };
    let walk = walk_releases(&selection, &trees, opts, request.strict)?;
    let forge = git
        .repo()
        .remote_url("origin")
        .and_then(|u| Forge::from_remote(&u));
    let mut releases = walk.releases;
    if let Some(forge) = &forge {
        for r in &mut releases {
            let to = if r.date.is_none() {
                "HEAD"
            } else {
                r.name.as_str()
            };
            r.url = match &r.previous {
                Some(previous) => Some(forge.compare(previous, to)),
                None if r.date.is_some() => Some(forge.tag(&r.name)),
                None => None,
            };
        }
    }
    let mut names: Vec<String> = Vec::new();
    if selection.unreleased {
        names.push("Unreleased".to_owned());
    }
    names.extend(selection.releases.iter().rev().map(|t| t.name.clone()));
    let mut changelog = Changelog::new(releases, selection.order);
    changelog.skipped = walk.skipped;
    changelog.left_out = selection.left_out;
    changelog.names = names;
    Ok(changelog)
}

/// Release trees read from git.
struct GitReleases<'a, 's> {
    git: &'a GitSource,
    worktree: bool,
    prune: Prune<'a>,
    step: RefCell<&'s mut dyn FnMut()>,
    /// The paths HEAD's nav file had before (renames followed back), found when a release
    /// has no nav file where HEAD has it.
    earlier_paths: OnceCell<Vec<String>>,
    /// The files of the releases' commits, for the page-file evidence.
    lists: RefCell<FileLists>,
}

impl GitReleases<'_, '_> {
    fn tick(&self) {
        (self.step.borrow_mut())();
    }
}

impl ReleaseTrees for GitReleases<'_, '_> {
    fn release(&self, tag: &TagInfo) -> Result<Option<NavTree>> {
        self.tick();
        if let Some(tree) = self.git.try_tree(&tag.name)? {
            return Ok(Some((self.prune)(tree)));
        }
        // Where HEAD's nav file was before a rename (mdBook's `book-example/src/SUMMARY.md`
        // before `guide/src/SUMMARY.md`).
        let earlier = self
            .earlier_paths
            .get_or_init(|| self.git.nav_paths("HEAD").unwrap_or_default());
        for path in earlier {
            if self.git.has_file(&tag.name, path)? {
                let tree = self.git.tree(&tag.name, Some(path))?;
                return Ok(Some((self.prune)(tree)));
            }
        }
        Ok(None)
    }

    fn unreleased(&self) -> Result<Unreleased> {
        self.tick();
        let head = self.git.repo().resolve("HEAD")?;
        if self.worktree {
            let tree = match self.git.worktree() {
                Ok(tree) => Some((self.prune)(tree)),
                Err(Error::NoNav { .. }) => None,
                Err(e) => return Err(e),
            };
            Ok(Unreleased::new("working tree", head.commit, tree))
        } else {
            let tree = self.git.try_tree("HEAD")?.map(self.prune);
            Ok(Unreleased::new("HEAD", head.commit, tree))
        }
    }

    fn ancestry(&self, commits: &[&str]) -> Result<Ancestry> {
        self.git.repo().ancestry(commits)
    }

    fn evidence(&self, old: &NavTree, new: &NavTree) -> FileEvidence {
        let (Some(a), Some(b)) = (&old.source.commit, &new.source.commit) else {
            return FileEvidence::none();
        };
        let mut lists = self.lists.borrow_mut();
        // A release is compared with the one before it: the last few lists are enough.
        if lists.len() > 8 {
            lists.clear();
        }
        git_evidence_between(self.git.repo(), (a, old), (b, new), &mut lists)
            .unwrap_or_else(|_| FileEvidence::none())
    }
}

/// What the page files say about one step of history (none when either side has no nav,
/// or when git cannot tell: the step is then diffed on its trees alone, as `diff` would).
fn step_evidence(
    git: &GitSource,
    (parent, old): (&str, &Option<Arc<NavTree>>),
    (commit, new): (&str, &Option<Arc<NavTree>>),
    lists: &mut FileLists,
) -> FileEvidence {
    match (old, new) {
        (Some(old), Some(new)) => {
            git_evidence_between(git.repo(), (parent, old), (commit, new), lists)
                .unwrap_or_else(|_| FileEvidence::none())
        }
        _ => FileEvidence::none(),
    }
}

/// What `navdiff log` asks for.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct LogRequest {
    /// The page or section: a target, a title or a breadcrumb.
    pub query: String,
    /// Show events where they reached the first-parent line (naming the merge).
    pub first_parent: bool,
    /// A version that cannot be read is an error, not a warning.
    pub strict: bool,
}

/// The history of one page or section in the repository `git` reads, from HEAD back:
/// every version of the nav diffed against its parents' (see [`trace`](crate::history::trace)). `progress` is told
/// (done, total) commits.
pub fn log_from_git(
    git: &GitSource,
    request: &LogRequest,
    opts: &DiffOptions,
    prune: Option<Prune<'_>>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Log> {
    // Each version is diffed against its parents' on a second thread while the walk reads
    // the next ones.
    // Each step is diffed with what the page files say, as `diff PARENT COMMIT` does:
    // git's renames between the commit's parent and the commit.
    type Job = (usize, Option<Arc<NavTree>>, Vec<(usize, FileEvidence)>);
    let (send, receive) = std::sync::mpsc::channel::<Job>();
    let (walked, (trees, edges)) = std::thread::scope(|scope| {
        let worker = scope.spawn(move || {
            let mut trees: Vec<Option<Arc<NavTree>>> = Vec::new();
            let mut edges: HashMap<(usize, usize), Edge> = HashMap::new();
            let empty = NavTree::new(SourceInfo::default(), Vec::new());
            for (i, tree, parents) in receive {
                trees.push(tree);
                for (p, evidence) in parents {
                    let old = trees[p].as_deref().unwrap_or(&empty);
                    let new = trees[i].as_deref().unwrap_or(&empty);
                    edges.insert((p, i), Edge::new(old, new, opts, &evidence));
                }
            }
            (trees, edges)
        });
        let mut shown: Vec<Option<Arc<NavTree>>> = Vec::new();
        let mut lists = FileLists::default();
        let walked = git.nav_history_with(
            "HEAD",
            request.first_parent,
            progress,
            &mut |i, v: &NavVersion| {
                let tree = match (prune, &v.tree) {
                    (Some(prune), Some(t)) => Some(Arc::new(prune(NavTree::clone(t)))),
                    (_, tree) => tree.clone(),
                };
                let parents = v
                    .parents
                    .iter()
                    .zip(&v.parent_commits)
                    .map(|(&p, parent)| {
                        (
                            p,
                            step_evidence(
                                git,
                                (parent, &shown[p]),
                                (&v.commit.commit, &tree),
                                &mut lists,
                            ),
                        )
                    })
                    .collect();
                // Only the newest commit's files can serve the next step.
                lists.retain(|commit, _| *commit == v.commit.commit);
                shown.push(tree.clone());
                debug_assert_eq!(shown.len(), i + 1);
                // The worker stops only when the walk ends; a send cannot fail before.
                let _ = send.send((i, tree, parents));
            },
        );
        drop(send);
        let done = worker
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (walked, done)
    });
    let mut history = walked?;
    let short = |c: &str| c[..12.min(c.len())].to_owned();
    if request.strict && !history.skipped.is_empty() {
        let (commit, error) = history.skipped.swap_remove(0);
        return Err(Error::Release {
            release: short(&commit.commit),
            source: Box::new(error),
        });
    }
    let points = points_of(&history, &trees, request.first_parent);
    let events = trace_with(&request.query, &points, opts, edges)?;
    Ok(Log {
        events,
        skipped: history
            .skipped
            .iter()
            .map(|(c, e)| {
                let reason = e.to_string();
                (
                    short(&c.commit),
                    reason.lines().next().unwrap_or_default().to_owned(),
                )
            })
            .collect(),
        shallow_boundary: history.shallow.iter().map(|c| short(c)).collect(),
    })
}

/// The walk's versions as the trace reads them: each version's tree (as `log` shows it),
/// its parents, whether it is at a shallow clone's boundary, and with `--first-parent`
/// where it reached the first-parent line.
fn points_of<'a>(
    history: &'a NavHistory,
    trees: &'a [Option<Arc<NavTree>>],
    first_parent: bool,
) -> Vec<Point<'a>> {
    history
        .versions
        .iter()
        .zip(trees)
        .map(|(v, tree)| {
            let mut point = Point::new(
                &v.commit.commit,
                v.commit.time,
                &v.commit.subject,
                tree.as_deref(),
            )
            .with_parents(v.parents.clone());
            if v.boundary {
                point = point.at_boundary();
            }
            if first_parent {
                point.shown_at = Some(v.position);
                if let Some((merge, at)) = &v.merged_in {
                    point = point.merged_in(&merge.commit, *at);
                }
            }
            point
        })
        .collect()
}
