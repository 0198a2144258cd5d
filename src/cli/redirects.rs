//! `navdiff redirects`: the old URLs that no longer serve a page, whether a redirect covers
//! each, and the entries to add for the rest.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context as _, Result};

use crate::cli::Terminal;
use crate::cli::args::{ColorChoice, RedirectsArgs};
use crate::cli::diff::{Sides, positional, read_sides};
use crate::cli::workspace::{SideFiles, Workspace};
use crate::model::NavTree;
use crate::redirects::{Check, Side, check_all, emit};
use crate::report::{
    RedirectsFormat, RedirectsReport, RenderOptions, render_redirects_json, render_redirects_table,
};
use crate::source::{Source, write_atomic};

pub(crate) fn run(
    args: &RedirectsArgs,
    term: &Terminal,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<ExitCode> {
    let mut workspace = Workspace::new(&args.workspace)?;
    let Sides {
        old_source,
        new_source,
        old,
        new,
        d,
    } = read_sides(
        &mut workspace,
        positional(
            "redirects",
            args.old.as_ref(),
            args.new.as_ref(),
            &args.files,
            &args.workspace,
        )?,
        &args.matching,
        args.workspace.quiet,
        stderr,
    )?;
    let check = coverage(&workspace, (&old_source, &old), (&new_source, &new), &d)?;

    let mut buffer = Vec::new();
    match args.format {
        RedirectsFormat::Table => {
            let to_terminal = args.output.is_none() && term.stdout_is_terminal;
            let color = match args.color {
                ColorChoice::Always => true,
                ColorChoice::Never => false,
                ColorChoice::Auto => term.force_color || (to_terminal && !term.no_color),
            };
            let opts = RenderOptions::new(term.width, color);
            render_redirects_table(
                &RedirectsReport::new(&d, &check.coverage),
                &opts,
                &mut buffer,
            )?;
        }
        RedirectsFormat::Json => {
            render_redirects_json(&RedirectsReport::new(&d, &check.coverage), &mut buffer)?;
        }
        RedirectsFormat::Snippet(format) => {
            if !check.coverage.computed {
                anyhow::bail!("no redirects to write: {}", check.coverage.notes.join("; "));
            }
            match emit(format, &check.coverage, &check.redirects)? {
                Some(snippet) => buffer.extend_from_slice(snippet.text.as_bytes()),
                None => writeln!(
                    stderr,
                    "nothing to add: every old URL still serves a page or has a redirect"
                )?,
            }
            if !args.workspace.quiet {
                for note in &check.coverage.notes {
                    writeln!(stderr, "note: {}", crate::report::terminal_safe(note))?;
                }
            }
        }
    }
    if let Some(path) = &args.output {
        write_atomic(&workspace.cwd().join(path), &buffer).context("cannot write the redirects")?;
    } else {
        stdout.write_all(&buffer)?;
        stdout.flush()?;
    }
    Ok(if args.exit_code && check.coverage.missing_count() > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The coverage of the old side's URLs by the new side, each read with the files of its
/// revision, work tree or folder.
pub(crate) fn coverage(
    workspace: &Workspace,
    old: (&Source, &NavTree),
    new: (&Source, &NavTree),
    d: &crate::diff::Diff,
) -> Result<Check> {
    let old_files = workspace.files(old.0, old.1)?;
    let new_files = workspace.files(new.0, new.1)?;
    // Each side with its nav file's path among its files: how the URL rules find the site's
    // configuration.
    Ok(check_all(
        d,
        side(old.1, old_files.as_ref()),
        side(new.1, new_files.as_ref()),
    )?)
}

/// A side of a check: `tree`, with its files and its nav file's path among them when at hand.
fn side<'a>(tree: &'a NavTree, files: Option<&'a (SideFiles<'_>, String)>) -> Side<'a> {
    match files {
        Some((f, nav)) => Side::new(tree, Some(f.access())).with_nav(nav),
        None => Side::new(tree, None),
    }
}
