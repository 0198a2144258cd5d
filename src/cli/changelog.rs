//! `navdiff changelog`: the releases `history` walks, read from git, written out.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use indicatif::ProgressBar;

use crate::cli::Terminal;
use crate::cli::args::{ChangelogArgs, ChangelogFormat};
use crate::cli::diff::read_template;
use crate::cli::workspace::Workspace;
use crate::diff::DiffOptions;
use crate::error::Error;
use crate::history::{
    Release, ReleaseTrees, changelog_document, render_changelog_template, render_markdown,
    select_releases, update_changelog_file, walk_releases,
};
use crate::model::{NavTree, SourceInfo, json_safe};
use crate::source::GitSource;

pub(crate) fn run(
    args: &ChangelogArgs,
    term: &Terminal,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<ExitCode> {
    let workspace = Workspace::new(&args.workspace)?;
    // Read before any git work, so that a missing template is said at once.
    let template = args
        .template
        .as_ref()
        .map(|path| read_template(&workspace.cwd().join(path), path))
        .transpose()?;
    let git = workspace.git()?;
    let glob = args.tags.as_deref().or(workspace.config().tags.as_deref());
    let selection = select_releases(git.repo().tags()?, glob, args.range.as_deref())?;
    let steps = selection.tags.len() + usize::from(selection.base.is_some()) + 1;
    let trees = GitReleases {
        workspace: &workspace,
        git,
        worktree: args.worktree,
        progress: term.progress(steps as u64, "reading releases"),
    };
    let releases = walk_releases(&selection, &trees, &DiffOptions::default())?;
    trees.progress.finish_and_clear();
    if let Some(template) = &template {
        let text = render_changelog_template(&releases, args.skip_empty, template)?;
        stdout.write_all(text.as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    }
    write_changelog(args, &workspace, &releases, stdout, stderr)?;
    Ok(ExitCode::SUCCESS)
}

/// Release trees read from git, without ignored entries, a step of the progress bar each.
struct GitReleases<'a> {
    workspace: &'a Workspace,
    git: &'a GitSource,
    worktree: bool,
    progress: ProgressBar,
}

impl ReleaseTrees for GitReleases<'_> {
    fn release(&self, tag: &str) -> crate::Result<NavTree> {
        self.progress.inc(1);
        let tree = self.git.try_tree(tag).map_err(|e| Error::Release {
            release: tag.to_owned(),
            source: Box::new(e),
        })?;
        Ok(tree.map_or_else(
            || NavTree::new(SourceInfo::default(), Vec::new()),
            |t| self.workspace.pruned(t),
        ))
    }

    fn unreleased(&self) -> crate::Result<(String, NavTree)> {
        if self.worktree {
            self.progress.inc(1);
            Ok((
                "working tree".to_owned(),
                self.workspace.pruned(self.git.worktree()?),
            ))
        } else {
            Ok(("HEAD".to_owned(), self.release("HEAD")?))
        }
    }
}

/// The releases as markdown, JSON, or a refreshed block in `--update`'s file.
fn write_changelog(
    args: &ChangelogArgs,
    workspace: &Workspace,
    releases: &[Release],
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<()> {
    match (args.format, &args.update) {
        (_, Some(file)) => {
            let path = workspace.cwd().join(file);
            let name = file.display().to_string();
            let changed = match update_changelog_file(&path, &name, releases, args.skip_empty) {
                Err(e @ Error::Write { .. }) => {
                    return Err(anyhow::Error::new(e).context(format!("cannot update `{name}`")));
                }
                result => result?,
            };
            if !args.workspace.quiet {
                let what = if changed { "updated" } else { "is up to date" };
                writeln!(stderr, "{name} {what}: {} releases", releases.len())?;
            }
        }
        (ChangelogFormat::Markdown, None) => render_markdown(releases, args.skip_empty, stdout)?,
        (ChangelogFormat::Json, None) => {
            let doc = changelog_document(releases, args.skip_empty);
            writeln!(stdout, "{}", json_safe(serde_json::to_string_pretty(&doc)?))?;
        }
    }
    Ok(())
}
