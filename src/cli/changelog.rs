//! `navdiff changelog`: the releases `history` walks, written out.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context as _, Result};

use crate::cli::Terminal;
use crate::cli::args::{ChangelogArgs, ChangelogFormat};
use crate::cli::diff::read_template;
use crate::cli::workspace::{Workspace, diff_options};
use crate::error::Error;
use crate::history::{
    Changelog, ChangelogRequest, ReleaseOrder, changelog_document, changelog_from_git,
    render_changelog_template, render_markdown, update_changelog_file,
};
use crate::model::json_safe;
use crate::report::terminal_safe;
use crate::source::write_atomic;

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
    let mut request = ChangelogRequest::default();
    request.range.clone_from(&args.range);
    request.tags = args
        .tags
        .clone()
        .or_else(|| workspace.config().tags.clone());
    request.worktree = args.worktree;
    request.latest = args.latest;
    request.strict = args.strict;
    let opts = diff_options(&args.matching, workspace.config());
    let progress = term.progress(0, "reading releases");
    let changelog =
        changelog_from_git(git, &request, &opts, &|t| workspace.pruned(t), &mut || {
            progress.inc(1);
        })?;
    progress.finish_and_clear();
    if !args.workspace.quiet {
        notes(&changelog, request.tags.is_some(), stderr)?;
    }
    if let Some(template) = &template {
        let text = render_changelog_template(&changelog, args.skip_empty, template)?;
        match &args.output {
            Some(path) => write_atomic(&workspace.cwd().join(path), text.as_bytes())
                .context("cannot write the changelog")?,
            None => stdout.write_all(text.as_bytes())?,
        }
        return Ok(ExitCode::SUCCESS);
    }
    write_changelog(args, &workspace, &changelog, stdout, stderr)?;
    Ok(ExitCode::SUCCESS)
}

/// What the walk left out, on standard error.
fn notes(changelog: &Changelog, globbed: bool, stderr: &mut dyn Write) -> Result<()> {
    for skipped in &changelog.skipped {
        writeln!(stderr, "warning: {}", terminal_safe(&skipped.message()))?;
    }
    if !changelog.left_out.is_empty() {
        let shown: Vec<&str> = changelog
            .left_out
            .iter()
            .take(8)
            .map(String::as_str)
            .collect();
        let more = changelog.left_out.len().saturating_sub(shown.len());
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        let hint = if globbed {
            ""
        } else {
            "; choose release tags with `--tags GLOB` or `tags` in navdiff.toml"
        };
        writeln!(
            stderr,
            "note: left out {} tag{} that {} not version numbers: {}{more}{hint}",
            changelog.left_out.len(),
            if changelog.left_out.len() == 1 {
                ""
            } else {
                "s"
            },
            if changelog.left_out.len() == 1 {
                "is"
            } else {
                "are"
            },
            terminal_safe(&shown.join(", "))
        )?;
    }
    if changelog.order == ReleaseOrder::Date && changelog.releases.len() > 1 {
        writeln!(
            stderr,
            "note: the tags are not versions of one scheme, so releases are ordered by date{}",
            if globbed {
                ""
            } else {
                "; choose release tags with `--tags GLOB` or `tags` in navdiff.toml"
            }
        )?;
    }
    Ok(())
}

/// The changelog as markdown, JSON, or a refreshed block in `--update`'s file.
fn write_changelog(
    args: &ChangelogArgs,
    workspace: &Workspace,
    changelog: &Changelog,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<()> {
    if let Some(file) = &args.update {
        let path = workspace.cwd().join(file);
        let name = file.display().to_string();
        let changed = match update_changelog_file(&path, &name, changelog, args.skip_empty) {
            Err(e @ Error::Write { .. }) => {
                return Err(anyhow::Error::new(e).context(format!("cannot update `{name}`")));
            }
            result => result?,
        };
        if !args.workspace.quiet {
            let what = if changed { "updated" } else { "is up to date" };
            writeln!(
                stderr,
                "{} {what}: {} releases",
                terminal_safe(&name),
                changelog.releases.len()
            )?;
        }
        return Ok(());
    }
    let mut buffer = Vec::new();
    let out: &mut dyn Write = if args.output.is_some() {
        &mut buffer
    } else {
        stdout
    };
    match args.format {
        ChangelogFormat::Markdown => render_markdown(&changelog.releases, args.skip_empty, out)?,
        ChangelogFormat::Json => {
            let doc = changelog_document(changelog, args.skip_empty);
            writeln!(out, "{}", json_safe(serde_json::to_string_pretty(&doc)?))?;
        }
    }
    if let Some(path) = &args.output {
        write_atomic(&workspace.cwd().join(path), &buffer)
            .with_context(|| format!("cannot write `{}`", path.display()))?;
    }
    Ok(())
}
