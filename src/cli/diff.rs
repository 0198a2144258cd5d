//! `navdiff diff`: two trees in, a report and an exit status out.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context as _, Result};

use crate::cli::Terminal;
use crate::cli::args::{ColorChoice, DiffArgs, MatchArgs, WorkspaceArgs};
use crate::cli::print_warnings;
use crate::cli::redirects::coverage;
use crate::cli::workspace::{Workspace, diff_options};
use crate::config::FailOn;
use crate::diff::{Diff, FileEvidence, diff_with};
use crate::model::NavTree;
use crate::report::{RenderOptions, Report, render, terminal_safe};
use crate::source::{ArgPlace, Source, write_atomic};

pub(crate) fn run(
    args: &DiffArgs,
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
            "diff",
            args.old.as_ref(),
            args.new.as_ref(),
            &args.files,
            &args.workspace,
        )?,
        &args.matching,
        args.workspace.quiet,
        stderr,
    )?;
    let config = workspace.config();
    let fail_on = if args.fail_on.is_empty() {
        config.fail_on.clone()
    } else {
        args.fail_on.clone()
    };
    let gate = fail_on.contains(&FailOn::Unredirected);
    // Which old URLs need a redirect: for every report, and for `--fail-on unredirected`,
    // which cannot pass without knowing. Only the gate fails on an error.
    let redirects = match coverage(&workspace, (&old_source, &old), (&new_source, &new), &d) {
        Ok(check) => Some(check.coverage),
        Err(e) if gate => return Err(e.context("`--fail-on unredirected`: cannot check redirects")),
        Err(e) => {
            if !args.workspace.quiet {
                writeln!(
                    stderr,
                    "warning: redirects not checked: {}",
                    terminal_safe(&format!("{e:#}"))
                )?;
            }
            None
        }
    };
    if gate && let Some(c) = redirects.as_ref().filter(|c| !c.computed) {
        anyhow::bail!(
            "`--fail-on unredirected` cannot be checked: {}",
            c.notes.join("; ")
        );
    }

    let to_terminal = args.output.is_none() && term.stdout_is_terminal;
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => term.force_color || (to_terminal && !term.no_color),
    };
    let render_opts = RenderOptions::new(term.width, color);
    let mut report = Report::new(&d, &old, &new);
    if let Some(coverage) = &redirects {
        report = report.with_redirects(coverage);
    }
    if let Some(path) = &args.output {
        let mut buffer = Vec::new();
        render(&report, args.format, &render_opts, &mut buffer)?;
        write_atomic(&workspace.cwd().join(path), &buffer).context("cannot write the report")?;
    } else {
        render(&report, args.format, &render_opts, stdout)?;
        stdout.flush()?;
    }

    let failed = (args.exit_code && !d.is_empty())
        || d.changes
            .iter()
            .any(|c| c.kinds().any(|k| fail_on.contains(&FailOn::Change(k))))
        || (gate && redirects.as_ref().is_some_and(|c| c.missing_count() > 0));
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The two sides a comparing command (`diff`, `redirects`) read, and their diff, each side
/// labelled as the user named it.
pub(crate) struct Sides {
    pub(crate) old_source: Source,
    pub(crate) new_source: Source,
    pub(crate) old: NavTree,
    pub(crate) new: NavTree,
    pub(crate) d: Diff,
}

/// Reads the two sides `args` name (see [`sides`]), with the settings of the old side when
/// both are revisions, prints the readers' warnings unless `quiet`, and diffs them.
pub(crate) fn read_sides(
    workspace: &mut Workspace,
    args: Vec<Arg>,
    matching: &MatchArgs,
    quiet: bool,
    stderr: &mut dyn Write,
) -> Result<Sides> {
    let (old_arg, new_arg) = sides(
        args,
        |range| std::fs::symlink_metadata(workspace.cwd().join(range)).is_ok(),
        |rev| workspace.is_revision(rev),
    )?;
    let source = |arg: &Option<(String, ArgPlace)>| {
        arg.as_ref().map_or(Ok(Source::WorkTree), |(a, place)| {
            workspace.source(a, *place)
        })
    };
    let (old_source, new_source) = (source(&old_arg)?, source(&new_arg)?);
    if let (Source::Revision { rev: o, .. }, Source::Revision { rev: n, .. }) =
        (&old_source, &new_source)
        && let Some(note) = workspace.config_from_revision(o, n)?
        && !quiet
    {
        writeln!(stderr, "note: {}", terminal_safe(&note))?;
    }
    let old_arg = old_arg.map(|(a, _)| a);
    let new_arg = new_arg.map(|(a, _)| a);
    let (old, new) = workspace.tree_pair(&old_source, &new_source);
    let old = old.with_context(|| side_name("old", old_arg.as_deref()))?;
    let new = new.with_context(|| side_name("new", new_arg.as_deref()))?;
    if !quiet {
        print_warnings(&old, stderr)?;
        print_warnings(&new, stderr)?;
    }
    // Which page files moved: evidence for page identity, never a reason to fail.
    let evidence = workspace
        .file_evidence((&old_source, &old), (&new_source, &new))
        .unwrap_or_else(|e| {
            if !quiet {
                let _ = writeln!(
                    stderr,
                    "warning: page files not compared ({}); pages are told apart by their targets and titles only",
                    terminal_safe(&e.to_string())
                );
            }
            FileEvidence::none()
        });
    let mut d = diff_with(
        &old,
        &new,
        &diff_options(matching, workspace.config()),
        &evidence,
    );
    // Each side is called what the user called it: the revision, the file, the working tree.
    d.old.label = label(old_arg.as_deref());
    d.new.label = label(new_arg.as_deref());
    Ok(Sides {
        old_source,
        new_source,
        old,
        new,
        d,
    })
}

/// A side as typed, with where it stood relative to `--`.
pub(crate) type Arg = (String, ArgPlace);

/// The positional arguments with their places: before `--` revisions (or, without `--`,
/// either), after it files.
pub(crate) fn positional(
    command: &str,
    old: Option<&String>,
    new: Option<&String>,
    files: &[String],
    workspace: &WorkspaceArgs,
) -> Result<Vec<Arg>> {
    let before = if workspace.separator {
        ArgPlace::Revision
    } else {
        ArgPlace::Unmarked
    };
    let mut out: Vec<Arg> = [old, new]
        .into_iter()
        .flatten()
        .map(|a| (a.clone(), before))
        .collect();
    out.extend(files.iter().map(|f| (f.clone(), ArgPlace::File)));
    if out.len() > 2 {
        anyhow::bail!(
            "`{command}` compares two sides, old and new; {} were given",
            out.len()
        );
    }
    Ok(out)
}

/// The two sides as typed: `OLD NEW`, `OLD..NEW` (`A..` means A against HEAD, as in git),
/// or defaults (HEAD, a revision, against the working tree). A range is a range unless it
/// stands after `--`, or, without `--`, a file of that name is there (`is_file`) and its
/// ends are not both revisions (`is_rev`); both at once is an error.
fn sides(
    args: Vec<Arg>,
    is_file: impl Fn(&str) -> bool,
    is_rev: impl Fn(&str) -> bool,
) -> Result<(Option<Arg>, Option<Arg>)> {
    let head = || ("HEAD".to_owned(), ArgPlace::Revision);
    let mut args = args.into_iter();
    match (args.next(), args.next()) {
        (Some((range, place)), None) if range.contains("..") && place != ArgPlace::File => {
            let (a, b) = range
                .split_once("...")
                .or_else(|| range.split_once(".."))
                .expect("contains ..");
            let a = if a.is_empty() { "HEAD" } else { a };
            let b = if b.is_empty() { "HEAD" } else { b };
            if place == ArgPlace::Unmarked && is_file(&range) {
                if is_rev(a) && is_rev(b) {
                    return Err(crate::Error::AmbiguousArgument { arg: range }.into());
                }
                return Ok((Some((range, ArgPlace::File)), None));
            }
            Ok((
                Some((a.to_owned(), ArgPlace::Revision)),
                Some((b.to_owned(), ArgPlace::Revision)),
            ))
        }
        (old, new) => Ok((Some(old.unwrap_or_else(head)), new)),
    }
}

fn label(arg: Option<&str>) -> String {
    arg.map_or_else(|| "working tree".to_owned(), str::to_owned)
}

fn side_name(which: &str, arg: Option<&str>) -> String {
    let named = arg.map_or_else(|| "the working tree".to_owned(), |a| format!("`{a}`"));
    format!("cannot read the {which} side, {named}")
}

#[cfg(test)]
mod tests {
    use super::{ArgPlace, sides};

    #[test]
    fn ranges_and_defaults() {
        let s = |args: &[&str]| {
            let args = args
                .iter()
                .map(|a| ((*a).to_owned(), ArgPlace::Unmarked))
                .collect();
            let (a, b) = sides(args, |f| f == "file..x", |r| r != "x").expect("sides");
            (
                a.map(|(a, _)| a).unwrap_or_default(),
                b.map_or_else(|| "(worktree)".into(), |(b, _)| b),
            )
        };
        assert_eq!(s(&[]), ("HEAD".into(), "(worktree)".into()));
        assert_eq!(s(&["v1..v2"]), ("v1".into(), "v2".into()));
        assert_eq!(s(&["v1.."]), ("v1".into(), "HEAD".into()));
        assert_eq!(s(&["main...feature"]), ("main".into(), "feature".into()));
        assert_eq!(s(&["v1", "v2"]), ("v1".into(), "v2".into()));
        assert_eq!(s(&["v1"]), ("v1".into(), "(worktree)".into()));
        assert_eq!(s(&["file..x"]), ("file..x".into(), "(worktree)".into()));
        let both = sides(
            vec![("a..b".to_owned(), ArgPlace::Unmarked)],
            |_| true,
            |_| true,
        );
        assert!(both.is_err(), "a range and a file at once");
        let (a, _) = sides(
            vec![("a..b".to_owned(), ArgPlace::Revision)],
            |_| true,
            |_| true,
        )
        .expect("before --: a range");
        assert_eq!(a, Some(("a".to_owned(), ArgPlace::Revision)));
    }
}
