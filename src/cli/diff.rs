//! `navdiff diff`: two trees in, a report and an exit status out.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context as _, Result};

use crate::cli::Terminal;
use crate::cli::args::{ColorChoice, DiffArgs};
use crate::cli::print_warnings;
use crate::cli::workspace::{Workspace, diff_options};
use crate::diff::diff;
use crate::report::{RenderOptions, Report, render};
use crate::source::{Source, write_atomic};

pub(crate) fn run(
    args: &DiffArgs,
    term: &Terminal,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<ExitCode> {
    let workspace = Workspace::new(&args.workspace)?;
    let (old_arg, new_arg) = sides(args.old.as_deref(), args.new.as_deref());
    let source = |arg: Option<&str>| arg.map_or(Source::WorkTree, |a| workspace.source(a));
    let (old, new) = workspace.tree_pair(&source(old_arg.as_deref()), &source(new_arg.as_deref()));
    let old = old.with_context(|| side_name("old", old_arg.as_deref()))?;
    let new = new.with_context(|| side_name("new", new_arg.as_deref()))?;
    if !args.workspace.quiet {
        print_warnings(&old, stderr)?;
        print_warnings(&new, stderr)?;
    }
    let config = workspace.config();
    let mut d = diff(&old, &new, &diff_options(&args.matching, config));
    // Each side is called what the user called it: the revision, the file, the working tree.
    d.old.label = label(old_arg.as_deref());
    d.new.label = label(new_arg.as_deref());

    let to_terminal = args.output.is_none() && term.stdout_is_terminal;
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => term.force_color || (to_terminal && !term.no_color),
    };
    let render_opts = RenderOptions::new(term.width, color);
    let report = Report::new(&d, &old, &new);
    if let Some(path) = &args.output {
        let mut buffer = Vec::new();
        render(&report, args.format, &render_opts, &mut buffer)?;
        write_atomic(&workspace.cwd().join(path), &buffer).context("cannot write the report")?;
    } else {
        render(&report, args.format, &render_opts, stdout)?;
        stdout.flush()?;
    }

    let fail_on = if args.fail_on.is_empty() {
        &config.fail_on
    } else {
        &args.fail_on
    };
    let failed =
        (args.exit_code && !d.is_empty()) || d.changes.iter().any(|c| fail_on.contains(&c.kind));
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The two sides as typed: `OLD NEW`, `OLD..NEW` (`A..` means A against HEAD, as in git),
/// or defaults (HEAD against the working tree).
fn sides(old: Option<&str>, new: Option<&str>) -> (Option<String>, Option<String>) {
    match (old, new) {
        (Some(range), None) if range.contains("..") && !std::path::Path::new(range).exists() => {
            let (a, b) = range
                .split_once("...")
                .or_else(|| range.split_once(".."))
                .expect("contains ..");
            let a = if a.is_empty() { "HEAD" } else { a };
            let b = if b.is_empty() { "HEAD" } else { b };
            (Some(a.to_owned()), Some(b.to_owned()))
        }
        (old, new) => (
            Some(old.unwrap_or("HEAD").to_owned()),
            new.map(str::to_owned),
        ),
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
    use super::sides;

    #[test]
    fn ranges_and_defaults() {
        let s = |o: Option<&str>, n: Option<&str>| {
            let (a, b) = sides(o, n);
            (
                a.unwrap_or_default(),
                b.unwrap_or_else(|| "(worktree)".into()),
            )
        };
        assert_eq!(s(None, None), ("HEAD".into(), "(worktree)".into()));
        assert_eq!(s(Some("v1..v2"), None), ("v1".into(), "v2".into()));
        assert_eq!(s(Some("v1.."), None), ("v1".into(), "HEAD".into()));
        assert_eq!(
            s(Some("main...feature"), None),
            ("main".into(), "feature".into())
        );
        assert_eq!(s(Some("v1"), Some("v2")), ("v1".into(), "v2".into()));
        assert_eq!(s(Some("v1"), None), ("v1".into(), "(worktree)".into()));
    }
}
