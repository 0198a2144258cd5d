//! The workspace a command runs in: the current folder, its repository and `navdiff.toml`,
//! merged with the flags; and the trees the arguments name in it.

use std::cell::OnceCell;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, anyhow};

use crate::cli::args::{MatchArgs, WorkspaceArgs};
use crate::config::{CONFIG_FILE, Config};
use crate::diff::{DiffOptions, FileEvidence};
use crate::error::Error;
use crate::formats::FileAccess;
use crate::git::Repo;
use crate::model::NavTree;
use crate::source::{
    ArgPlace, DirFiles, GitSource, Ignore, NavOptions, RevFiles, Source, content_evidence,
    git_evidence, is_snapshot_file, read_path,
};

/// The trees a command can read, and where from.
pub(crate) struct Workspace {
    cwd: PathBuf,
    repo_dir: PathBuf,
    config_dir: PathBuf,
    config: Config,
    /// Where the configuration came from: `--config`/`NAVDIFF_CONFIG` pin it.
    pinned: bool,
    /// The configuration's file, as messages name it: ``navdiff.toml``, ``navdiff.toml at
    /// `base` ``, or the file `--config` names.
    config_origin: String,
    args: WorkspaceArgs,
    opts: NavOptions,
    ignore: Ignore,
    git: OnceCell<GitSource>,
    /// The repository, opened to tell revisions from files before any tree is read.
    probe: OnceCell<Option<Repo>>,
}

impl Workspace {
    /// Reads the current folder (the one place that asks the environment for it), finds
    /// the repository and its `navdiff.toml` (or the file `--config` names), and merges them
    /// with the flags.
    pub(crate) fn new(args: &WorkspaceArgs) -> Result<Workspace> {
        let cwd = std::env::current_dir().context("cannot read the current folder")?;
        let repo_dir = args
            .repo
            .as_ref()
            .map_or_else(|| cwd.clone(), |r| cwd.join(r));
        // The configuration sits at the repository root, or in the current folder outside one.
        let config_dir = match Repo::discover(&repo_dir) {
            Ok(repo) => repo.workdir().unwrap_or_else(|| repo_dir.clone()),
            Err(Error::OutsideRepository { .. }) => repo_dir.clone(),
            Err(e) => return Err(e.into()),
        };
        let (config, pinned, config_origin) = match &args.config {
            Some(file) => (
                Config::load_file(&cwd.join(file))?,
                true,
                file.display().to_string(),
            ),
            None => (Config::load(&config_dir)?, false, CONFIG_FILE.to_owned()),
        };
        let mut workspace = Workspace {
            cwd,
            repo_dir,
            config_dir,
            config: Config::default(),
            pinned,
            config_origin,
            args: args.clone(),
            opts: NavOptions::default(),
            ignore: Ignore::default(),
            git: OnceCell::new(),
            probe: OnceCell::new(),
        };
        workspace.set_config(config)?;
        Ok(workspace)
    }

    /// Uses `config`, merged with the flags.
    fn set_config(&mut self, config: Config) -> Result<()> {
        let args = &self.args;
        let format = args.nav_format.or(config.nav_format);
        self.opts = NavOptions::new(args.nav.clone().or_else(|| config.nav.clone()), format);
        let globs: Vec<&String> = config.ignore.iter().chain(&args.ignore).collect();
        self.ignore = Ignore::new(&globs)?;
        self.config = config;
        Ok(())
    }

    /// Takes the configuration from `navdiff.toml` at the revision `old` (none there: the
    /// defaults) rather than from the checkout, unless `--config` pinned it: when both sides
    /// of a diff are revisions, the base decides how the change is judged, not the change
    /// under review. Returns a note when the revision `new` has a different `navdiff.toml`.
    pub(crate) fn config_from_revision(&mut self, old: &str, new: &str) -> Result<Option<String>> {
        if self.pinned {
            return Ok(None);
        }
        debug_assert!(self.git.get().is_none(), "set before any tree is read");
        let repo = Repo::discover(&self.repo_dir)?;
        let config_at = |rev: &str| -> crate::Result<(Option<String>, Option<Config>)> {
            let revision = repo.resolve(rev)?;
            let files = RevFiles::new(repo.tree(&revision)?);
            if files.is_link(CONFIG_FILE)? {
                return Err(Error::Refused {
                    path: format!("{rev}:{CONFIG_FILE}"),
                    reason: "is a symbolic link; navdiff does not follow links in git trees"
                        .to_owned(),
                });
            }
            let blob = files.blob_id(CONFIG_FILE)?;
            let config = match files.read_text(CONFIG_FILE)? {
                Some(text) => Some(Config::parse(&format!("{rev}:{CONFIG_FILE}"), &text)?),
                None => None,
            };
            Ok((blob, config))
        };
        let (old_blob, config) = config_at(old)?;
        // The new side's file is only compared, never used: an error in it is not this run's.
        let new_blob = match repo.resolve(new) {
            Ok(revision) => RevFiles::new(repo.tree(&revision)?).blob_id(CONFIG_FILE)?,
            Err(_) => old_blob.clone(),
        };
        self.set_config(config.unwrap_or_default())?;
        self.config_origin = format!("{CONFIG_FILE} at `{old}`");
        Ok((old_blob != new_blob).then(|| {
            let what = match (&old_blob, &new_blob) {
                (None, _) => format!("`{new}` adds a {CONFIG_FILE}"),
                (_, None) => format!("`{new}` removes {CONFIG_FILE}"),
                _ => format!("`{new}` changes {CONFIG_FILE}"),
            };
            format!(
                "{what}; its settings are not used: the settings of `{old}`, the old side, apply (pin a file with --config FILE or NAVDIFF_CONFIG)"
            )
        }))
    }

    /// Where `navdiff.toml` lives: the repository root, or the current folder outside one.
    pub(crate) fn root(&self) -> &Path {
        &self.config_dir
    }

    pub(crate) fn cwd(&self) -> &Path {
        &self.cwd
    }

    /// The merged `navdiff.toml`.
    pub(crate) fn config(&self) -> &Config {
        &self.config
    }

    /// Where the settings came from, for messages: ``navdiff.toml``, ``navdiff.toml at
    /// `base` `` (the old side's, see [`Workspace::config_from_revision`]), or the file
    /// `--config` names.
    pub(crate) fn config_origin(&self) -> &str {
        &self.config_origin
    }

    /// Whether the repository has a revision named `rev` (`false` outside a repository).
    pub(crate) fn is_revision(&self, rev: &str) -> bool {
        self.probe
            .get_or_init(|| Repo::discover(&self.repo_dir).ok())
            .as_ref()
            .is_some_and(|repo| repo.resolve(rev).is_ok())
    }

    /// What `arg` names, read as git reads it (revisions before `--`, files after, and an
    /// argument that names both an error); relative file names are relative to the current
    /// folder.
    pub(crate) fn source(&self, arg: &str, place: ArgPlace) -> crate::Result<Source> {
        Source::classify(arg, place, &self.cwd, &|rev| self.is_revision(rev))
    }

    /// The repository, opened without its trees (what a side's revision is found with
    /// before the configuration is settled, such as the merge base of `A...B`).
    pub(crate) fn repo(&self) -> crate::Result<Repo> {
        Repo::discover(&self.repo_dir)
    }

    /// The repository's trees, opened on first use.
    pub(crate) fn git(&self) -> crate::Result<&GitSource> {
        if let Some(git) = self.git.get() {
            return Ok(git);
        }
        let repo = Repo::discover(&self.repo_dir)?;
        Ok(self
            .git
            .get_or_init(|| GitSource::new(repo, self.opts.clone())))
    }

    /// The trees two sources name; two files are read side by side on two threads.
    pub(crate) fn tree_pair(
        &self,
        old: &Source,
        new: &Source,
    ) -> (Result<NavTree>, Result<NavTree>) {
        if let (Source::File(a), Source::File(b)) = (old, new) {
            let format = self.opts.format;
            let (old, new) = std::thread::scope(|scope| {
                let old = scope.spawn(move || read_path(a, format).map_err(anyhow::Error::from));
                let new = read_path(b, format).map_err(anyhow::Error::from);
                (
                    old.join()
                        .unwrap_or_else(|_| Err(anyhow!("reading `{}` failed", a.display()))),
                    new,
                )
            });
            return (old.map(|t| self.pruned(t)), new.map(|t| self.pruned(t)));
        }
        (self.tree(old), self.tree(new))
    }

    /// Whether `--ignore` or `ignore` name anything to leave out.
    pub(crate) fn ignores_anything(&self) -> bool {
        !self.ignore.is_empty()
    }

    /// `tree` without the entries `--ignore` and `ignore` name.
    pub(crate) fn pruned(&self, tree: NavTree) -> NavTree {
        self.ignore.apply(tree)
    }

    /// The tree `source` names, without ignored entries.
    pub(crate) fn tree(&self, source: &Source) -> Result<NavTree> {
        self.tree_unpruned(source).map(|t| self.pruned(t))
    }

    fn tree_unpruned(&self, source: &Source) -> Result<NavTree> {
        match source {
            Source::File(path) => Ok(read_path(path, self.opts.format)?),
            Source::Revision { rev, path } => {
                let git = self.git().with_context(|| format!("`{rev}` is not a file, and there is no repository to find it in as a revision"))?;
                Ok(git.tree(rev, path.as_deref())?)
            }
            Source::WorkTree => Ok(self.git()?.worktree()?),
        }
    }
}

impl Workspace {
    /// What the page files behind two sides say about page identity: git's renames between
    /// two revisions; content similarity where a side is a folder (a nav file on disk, the
    /// working tree); nothing for a snapshot, or for two nav files among the same files.
    pub(crate) fn file_evidence(
        &self,
        (old_source, old): (&Source, &NavTree),
        (new_source, new): (&Source, &NavTree),
    ) -> crate::Result<FileEvidence> {
        let snapshot =
            |s: &Source| matches!(s, Source::File(p) if is_snapshot_file(&self.cwd.join(p)));
        if snapshot(old_source) || snapshot(new_source) {
            return Ok(FileEvidence::none());
        }
        if let (Source::Revision { .. }, Source::Revision { .. }) = (old_source, new_source) {
            return git_evidence(self.git()?.repo(), old, new);
        }
        let old_files = self.page_files(old_source, old)?;
        let new_files = self.page_files(new_source, new)?;
        if let (PageFiles::Dir(a), PageFiles::Dir(b)) = (&old_files, &new_files)
            && a.root() == b.root()
        {
            return Ok(FileEvidence::none());
        }
        content_evidence(old_files.access(), old, new_files.access(), new)
    }

    /// Where the pages of the tree read from `source` are.
    fn page_files(&self, source: &Source, tree: &NavTree) -> crate::Result<PageFiles<'_>> {
        Ok(match source {
            Source::File(path) => PageFiles::Dir(DirFiles::around(&self.cwd.join(path)).0),
            Source::WorkTree => {
                let repo = self.git()?.repo();
                match repo.workdir() {
                    Some(root) => PageFiles::Dir(DirFiles::new(root)),
                    None => PageFiles::None,
                }
            }
            Source::Revision { rev, .. } => {
                let repo = self.git()?.repo();
                let commit = tree.source.commit.as_deref().unwrap_or(rev);
                PageFiles::Rev(RevFiles::new(repo.tree(&repo.resolve(commit)?)?))
            }
        })
    }
}

/// The page files of one side.
enum PageFiles<'r> {
    Dir(DirFiles),
    Rev(RevFiles<'r>),
    None,
}

impl PageFiles<'_> {
    fn access(&self) -> &dyn FileAccess {
        match self {
            PageFiles::Dir(d) => d,
            PageFiles::Rev(r) => r,
            PageFiles::None => &NoFiles,
        }
    }
}

/// A side without files.
struct NoFiles;

impl FileAccess for NoFiles {
    fn read_text(&self, _: &str) -> crate::Result<Option<String>> {
        Ok(None)
    }

    fn list_dir(&self, _: &str) -> crate::Result<Vec<(String, bool)>> {
        Ok(Vec::new())
    }
}

/// The files of one side: a revision's, or a folder's on disk.
pub(crate) enum SideFiles<'w> {
    Revision(RevFiles<'w>),
    Folder(DirFiles),
}

impl SideFiles<'_> {
    pub(crate) fn access(&self) -> &dyn FileAccess {
        match self {
            SideFiles::Revision(files) => files,
            SideFiles::Folder(files) => files,
        }
    }
}

impl Workspace {
    /// The files of the revision, work tree or folder that `source` names (the tree read
    /// from it is `tree`), with the nav file's path among them; `None` for a snapshot, whose
    /// files are not at hand.
    pub(crate) fn files(
        &self,
        source: &Source,
        tree: &NavTree,
    ) -> Result<Option<(SideFiles<'_>, String)>> {
        let nav = tree.source.path.clone().unwrap_or_default();
        match source {
            Source::Revision { rev, .. } => {
                let git = self.git()?;
                let revision = git.repo().resolve(rev)?;
                let files = RevFiles::new(git.repo().tree(&revision)?);
                Ok(Some((SideFiles::Revision(files), nav)))
            }
            Source::WorkTree => {
                let git = self.git()?;
                let Some(root) = git.repo().workdir() else {
                    return Ok(None);
                };
                Ok(Some((SideFiles::Folder(DirFiles::new(root)), nav)))
            }
            Source::File(path) => {
                // A snapshot keeps the path of the nav file it was made from, not its own.
                if nav != path.display().to_string() {
                    return Ok(None);
                }
                let (files, relative) = DirFiles::around(&self.cwd.join(path));
                Ok(Some((SideFiles::Folder(files), relative)))
            }
        }
    }
}

/// The diff engine's settings: the flags, else `navdiff.toml`, else the defaults. The one
/// place they are merged, for every command that diffs.
pub(crate) fn diff_options(flags: &MatchArgs, config: &Config) -> DiffOptions {
    let mut opts = DiffOptions::default();
    if let Some(t) = flags.title_similarity.or(config.title_similarity) {
        opts.title_similarity = t;
    }
    if let Some(d) = flags.dice.or(config.dice) {
        opts.dice = d;
    }
    opts.ignore_reorders = flags.ignore_reorders || config.ignore_reorders.unwrap_or(false);
    opts.ignore_case = flags.ignore_case || config.ignore_case.unwrap_or(false);
    opts
}
