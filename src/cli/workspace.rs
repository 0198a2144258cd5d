//! The workspace a command runs in: the current folder, its repository and `navdiff.toml`,
//! merged with the flags; and the trees the arguments name in it.

use std::cell::OnceCell;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, anyhow};

use crate::cli::args::{MatchArgs, WorkspaceArgs};
use crate::config::Config;
use crate::diff::DiffOptions;
use crate::error::Error;
use crate::git::Repo;
use crate::model::NavTree;
use crate::source::{GitSource, Ignore, NavOptions, Source, read_path};

/// The trees a command can read, and where from.
pub(crate) struct Workspace {
    cwd: PathBuf,
    repo_dir: PathBuf,
    config_dir: PathBuf,
    config: Config,
    opts: NavOptions,
    ignore: Ignore,
    git: OnceCell<GitSource>,
}

impl Workspace {
    /// Reads the current folder (the one place that asks the environment for it), finds
    /// the repository and its `navdiff.toml`, and merges them with the flags.
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
        let config = Config::load(&config_dir)?;
        let format = args.nav_format.or(config.nav_format);
        let opts = NavOptions::new(args.nav.clone().or_else(|| config.nav.clone()), format);
        let globs: Vec<&String> = config.ignore.iter().chain(&args.ignore).collect();
        let ignore = Ignore::new(&globs)?;
        Ok(Workspace {
            cwd,
            repo_dir,
            config_dir,
            config,
            opts,
            ignore,
            git: OnceCell::new(),
        })
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

    /// What `arg` names; relative file names are relative to the current folder.
    pub(crate) fn source(&self, arg: &str) -> Source {
        Source::parse(arg, &self.cwd)
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
