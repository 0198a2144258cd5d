//! `navdiff diff`: two trees in, a report and an exit status out.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, Result};

use crate::cli::Terminal;
use crate::cli::args::{ColorChoice, DiffArgs, MatchArgs, WorkspaceArgs};
use crate::cli::print_warnings;
use crate::cli::redirects::coverage;
use crate::cli::workspace::{Workspace, diff_options};
use crate::config::FailOn;
use crate::diff::{ChangeKind, Diff, FileEvidence, diff_with};
use crate::error::Error;
use crate::model::{NavTree, SourceInfo};
use crate::redirects::Coverage;
use crate::report::{
    RenderOptions, Report, ReportFormat, TableStyle, Template, count, render, render_diff,
    summary_line, terminal_safe,
};
use crate::source::{
    ArgPlace, Source, decode_text, is_snapshot_file, read_named_file, write_atomic,
};

pub(crate) fn run(
    args: &DiffArgs,
    term: &Terminal,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<ExitCode> {
    let mut workspace = Workspace::new(&args.workspace)?;
    // Read before any git work, so that a missing template is said at once.
    let template = args
        .template
        .as_ref()
        .map(|path| read_template(&workspace.cwd().join(path), path))
        .transpose()?;
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
    // From the command line (or NAVDIFF_FAIL_ON), else the settings.
    let fail_on = if args.fail_on.is_empty() {
        FailOnFrom::Settings(config.fail_on.clone())
    } else {
        FailOnFrom::Flag(args.fail_on.clone())
    };
    let gate = fail_on.kinds().contains(&FailOn::Unredirected);
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
    // Box drawing and wrapping are for a terminal; a pipe, a file or a log gets plain
    // aligned columns, a change a line (for grep): no width, no wrapping.
    let (width, style) = if to_terminal {
        (term.width, TableStyle::Boxed)
    } else {
        (u16::MAX, TableStyle::Plain)
    };
    let render_opts = RenderOptions::new(width, color)
        .with_table_style(style)
        .with_annotation_levels(workspace.config().annotations.clone());
    let mut report = Report::new(&d, &old, &new);
    if let Some(coverage) = &redirects {
        report = report.with_redirects(coverage);
    }
    let format = report_format(args.format, args.output.as_deref());
    let write = |out: &mut dyn Write| -> Result<()> {
        match &template {
            Some(t) => out.write_all(render_diff(&report, t)?.as_bytes())?,
            None => render(&report, format, &render_opts, out)?,
        }
        Ok(())
    };
    if let Some(path) = &args.output {
        let mut buffer = Vec::new();
        write(&mut buffer)?;
        write_atomic(&workspace.cwd().join(path), &buffer).context("cannot write the report")?;
    } else {
        write(stdout)?;
        stdout.flush()?;
    }

    let why = why_failing(
        args,
        &d,
        redirects.as_ref().map_or(0, Coverage::missing_count),
        &fail_on,
        workspace.config_origin(),
    );
    Ok(match why {
        Some(why) => {
            writeln!(stderr, "navdiff: failing because {}", terminal_safe(&why))?;
            ExitCode::from(1)
        }
        None => ExitCode::SUCCESS,
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

/// Reads the two sides `args` name (see [`plan`]: ranges, `A...B`, a tracked nav file
/// alone), with the settings of the old side when both are revisions, prints the readers'
/// warnings unless `quiet`, and diffs them. A revision without a nav file is an empty
/// navigation when the other side has one.
pub(crate) fn read_sides(
    workspace: &mut Workspace,
    args: Vec<Arg>,
    matching: &MatchArgs,
    quiet: bool,
    stderr: &mut dyn Write,
) -> Result<Sides> {
    let (old_side, new_side) = plan(workspace, args)?;
    let (old_source, new_source) = (old_side.source(workspace)?, new_side.source(workspace)?);
    if let (Source::Revision { rev: o, .. }, Source::Revision { rev: n, .. }) =
        (&old_source, &new_source)
        && let Some(note) = workspace.config_from_revision(o, n)?
        && !quiet
    {
        writeln!(stderr, "note: {}", terminal_safe(&note))?;
    }
    let (old, new) = match (&old_side, &new_side) {
        (Side::Arg(..), Side::Arg(..)) => workspace.tree_pair(&old_source, &new_source),
        _ => (
            old_side.read(workspace, &old_source),
            new_side.read(workspace, &new_source),
        ),
    };
    // A revision without the nav file where git renamed it (`src/SUMMARY.md` →
    // `book/src/SUMMARY.md`) is read where the file was.
    let mut moved: Vec<String> = Vec::new();
    let old = follow_nav(
        workspace,
        &old_source,
        old,
        (&new_source, new.as_ref().ok()),
        &mut moved,
    );
    let new = follow_nav(
        workspace,
        &new_source,
        new,
        (&old_source, old.as_ref().ok()),
        &mut moved,
    );
    // A revision without a nav file (the pull request that adds the docs) is an empty
    // navigation: everything shows as added, or removed.
    let (old, old_empty) = or_empty(&old_source, old, new.as_ref().ok());
    let (new, new_empty) = or_empty(&new_source, new, old.as_ref().ok());
    let old = old.with_context(|| side_name("old", &old_side))?;
    let new = new.with_context(|| side_name("new", &new_side))?;
    if !quiet {
        print_warnings(&old, stderr)?;
        print_warnings(&new, stderr)?;
        for note in &moved {
            writeln!(stderr, "note: {}", terminal_safe(note))?;
        }
        for (side, empty) in [(&old_side, &old_empty), (&new_side, &new_empty)] {
            if let Some(reason) = empty {
                writeln!(
                    stderr,
                    "note: {} has no nav file ({}); it is compared as an empty navigation",
                    terminal_safe(&side.label(None)),
                    terminal_safe(reason)
                )?;
            }
        }
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
    d.old.label = old_side.label(old.source.commit.as_deref());
    d.new.label = new_side.label(new.source.commit.as_deref());
    for (label, empty) in [
        (&mut d.old.label, &old_empty),
        (&mut d.new.label, &new_empty),
    ] {
        if empty.is_some() {
            label.push_str(" (no nav file)");
        }
    }
    Ok(Sides {
        old_source,
        new_source,
        old,
        new,
        d,
    })
}

/// Where the `fail-on` kinds came from.
enum FailOnFrom {
    /// `--fail-on` (or `NAVDIFF_FAIL_ON`).
    Flag(Vec<FailOn>),
    /// `fail-on` in the settings.
    Settings(Vec<FailOn>),
}

impl FailOnFrom {
    fn kinds(&self) -> &[FailOn] {
        match self {
            FailOnFrom::Flag(k) | FailOnFrom::Settings(k) => k,
        }
    }
}

/// Why `diff` fails the run (exit 1), in one line: what changed of the kinds `fail_on`
/// names (with where they were asked for: the flag, or the settings from `origin`), how
/// many old URLs are left without a redirect (`unredirected`), or that anything changed
/// under `--exit-code`; `None` when it passes.
fn why_failing(
    args: &DiffArgs,
    d: &Diff,
    unredirected: usize,
    fail_on: &FailOnFrom,
    origin: &str,
) -> Option<String> {
    let kinds = fail_on.kinds();
    let asked_by = match fail_on {
        FailOnFrom::Flag(k) => format!(
            "--fail-on {}",
            k.iter().map(|k| k.name()).collect::<Vec<_>>().join(",")
        ),
        FailOnFrom::Settings(k) => format!(
            "fail-on = [{}] in {origin}",
            k.iter()
                .map(|k| format!("\"{}\"", k.name()))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let changes: Vec<ChangeKind> = kinds
        .iter()
        .filter_map(|k| match k {
            FailOn::Change(kind) => Some(*kind),
            FailOn::Unredirected => None,
        })
        .collect();
    let mut parts: Vec<String> = failing(d, &changes);
    if kinds.contains(&FailOn::Unredirected) && unredirected > 0 {
        parts.push(if unredirected == 1 {
            "1 old URL needs a redirect".to_owned()
        } else {
            format!("{unredirected} old URLs need a redirect")
        });
    }
    if let Some((last, rest)) = parts.split_last() {
        let what = if rest.is_empty() {
            last.clone()
        } else {
            format!("{} and {last}", rest.join(", "))
        };
        return Some(format!("{what} ({asked_by})"));
    }
    (args.exit_code && !d.is_empty())
        .then(|| format!("the navigation changed: {} (--exit-code)", summary_line(d)))
}

/// The report format: `--format`, else what the output file's extension says (`.md`,
/// `.json`, `.html`), else the table.
fn report_format(format: Option<ReportFormat>, output: Option<&Path>) -> ReportFormat {
    let by_extension = || {
        let ext = output?.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "md" | "markdown" => Some(ReportFormat::Markdown),
            "json" => Some(ReportFormat::Json),
            "html" | "htm" => Some(ReportFormat::Html),
            _ => None,
        }
    };
    format.or_else(by_extension).unwrap_or(ReportFormat::Table)
}

/// What changed of the kinds in `fail_on`, in words, a kind a part (`2 pages were removed`,
/// `1 section was moved`); empty when nothing did.
fn failing(diff: &Diff, fail_on: &[ChangeKind]) -> Vec<String> {
    ChangeKind::ALL
        .into_iter()
        .filter(|k| fail_on.contains(k))
        .filter_map(|kind| {
            let (sections, pages) =
                diff.changes
                    .iter()
                    .filter(|c| c.is(kind))
                    .fold(
                        (0, 0),
                        |(s, p), c| {
                            if c.section { (s + 1, p) } else { (s, p + 1) }
                        },
                    );
            let what = match (sections, pages) {
                (0, 0) => return None,
                (0, p) => count(p, "page", "pages"),
                (s, 0) => count(s, "section", "sections"),
                (s, p) => format!(
                    "{} and {}",
                    count(s, "section", "sections"),
                    count(p, "page", "pages")
                ),
            };
            let verb = if sections + pages == 1 { "was" } else { "were" };
            Some(format!("{what} {verb} {kind}"))
        })
        .collect()
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
/// `A...B` (then `true`: the old side is the merge base of A and B), or defaults (HEAD, a
/// revision, against the working tree). A range is a range unless it stands after `--`,
/// or, without `--`, a file of that name is there (`is_file`) and its ends are not both
/// revisions (`is_rev`); both at once is an error.
fn sides(
    args: Vec<Arg>,
    is_file: impl Fn(&str) -> bool,
    is_rev: impl Fn(&str) -> bool,
) -> Result<(Option<Arg>, Option<Arg>, bool)> {
    let head = || ("HEAD".to_owned(), ArgPlace::Revision);
    let mut args = args.into_iter();
    match (args.next(), args.next()) {
        (Some((range, place)), None) if range.contains("..") && place != ArgPlace::File => {
            let three = range.split_once("...");
            let (a, b) = three
                .or_else(|| range.split_once(".."))
                .expect("contains ..");
            let a = if a.is_empty() { "HEAD" } else { a };
            let b = if b.is_empty() { "HEAD" } else { b };
            if place == ArgPlace::Unmarked && is_file(&range) {
                if is_rev(a) && is_rev(b) {
                    return Err(crate::Error::AmbiguousArgument { arg: range }.into());
                }
                return Ok((Some((range, ArgPlace::File)), None, false));
            }
            Ok((
                Some((a.to_owned(), ArgPlace::Revision)),
                Some((b.to_owned(), ArgPlace::Revision)),
                three.is_some(),
            ))
        }
        (old, new) => Ok((Some(old.unwrap_or_else(head)), new, false)),
    }
}

/// The template file at `path`, named in messages as the user wrote it (`as_given`).
pub(crate) fn read_template(path: &Path, as_given: &Path) -> Result<Template> {
    let name = as_given.display().to_string();
    let bytes = read_named_file(path, &name)?.ok_or_else(|| crate::Error::Read {
        path: name.clone(),
        source: std::fs::metadata(path)
            .err()
            .unwrap_or_else(|| std::io::Error::other("it is a folder, not a file")),
    })?;
    Ok(Template::new(name.clone(), decode_text(&name, &bytes)?))
}

/// One side of a diff, as the arguments name it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Side {
    /// An argument as typed (a revision, `REV:PATH`, a nav file or a snapshot), with its
    /// place; none for the working tree.
    Arg(Option<Arg>),
    /// The merge base of two revisions: the old side of `A...B`.
    MergeBase(String, String),
    /// `diff PATH`: the nav file at PATH in HEAD (`old`), or in the working tree.
    Tracked { path: String, old: bool },
}

/// The two sides the arguments name: `A...B` and `diff PATH` (a nav file the repository
/// tracks, alone, as `git diff PATH`) besides what [`sides`] reads.
fn plan(workspace: &Workspace, args: Vec<Arg>) -> Result<(Side, Side)> {
    if let [(arg, place)] = args.as_slice()
        && *place != ArgPlace::Revision
        && !arg.contains("..")
        && matches!(workspace.source(arg, *place), Ok(Source::File(_)))
        && let Some(path) = tracked_nav(workspace, arg)
    {
        return Ok((
            Side::Tracked {
                path: path.clone(),
                old: true,
            },
            Side::Tracked { path, old: false },
        ));
    }
    let (old, new, three) = sides(
        args,
        |range| std::fs::symlink_metadata(workspace.cwd().join(range)).is_ok(),
        |rev| workspace.is_revision(rev),
    )?;
    if three && let (Some((a, _)), Some((b, _))) = (&old, &new) {
        return Ok((Side::MergeBase(a.clone(), b.clone()), Side::Arg(new)));
    }
    Ok((Side::Arg(old), Side::Arg(new)))
}

impl Side {
    /// What the side is read from.
    fn source(&self, workspace: &Workspace) -> Result<Source> {
        Ok(match self {
            Side::Arg(None) | Side::Tracked { old: false, .. } => Source::WorkTree,
            Side::Arg(Some((a, place))) => workspace.source(a, *place)?,
            Side::Tracked { path, old: true } => Source::Revision {
                rev: "HEAD".to_owned(),
                path: Some(path.clone()),
            },
            Side::MergeBase(a, b) => {
                // Not `workspace.git()`: the configuration is read after the sides are known.
                let repo = workspace.repo()?;
                let (ra, rb) = (repo.resolve(a)?, repo.resolve(b)?);
                let base = repo.merge_base(&ra, &rb)?.ok_or_else(|| {
                    anyhow::anyhow!(
                        "`{a}` and `{b}` have no common history: there is no merge base"
                    )
                })?;
                Source::Revision {
                    rev: base.commit,
                    path: None,
                }
            }
        })
    }

    /// The tree of `source`, what this side is read from, without ignored entries.
    fn read(&self, workspace: &Workspace, source: &Source) -> Result<NavTree> {
        match self {
            Side::Tracked { path, old: false } => {
                Ok(workspace.pruned(workspace.git()?.worktree_at(Some(path))?))
            }
            _ => workspace.tree(source),
        }
    }

    /// What reports call the side; `commit` is the merge base's.
    fn label(&self, commit: Option<&str>) -> String {
        match self {
            Side::Arg(None) | Side::Tracked { old: false, .. } => "working tree".to_owned(),
            Side::Arg(Some((a, _))) => a.clone(),
            Side::Tracked { path, old: true } => format!("HEAD:{path}"),
            Side::MergeBase(a, b) => {
                let short = commit.map(|c| format!(" ({})", &c[..12.min(c.len())]));
                format!("merge base of {a} and {b}{}", short.unwrap_or_default())
            }
        }
    }
}

/// The path in the repository of `arg` when it is a nav file in the working tree that HEAD
/// tracks (`navdiff diff mkdocs.yml`, as `git diff mkdocs.yml`); a snapshot is not one.
fn tracked_nav(workspace: &Workspace, arg: &str) -> Option<String> {
    let file = workspace.cwd().join(arg);
    if !file.is_file() || is_snapshot_file(&file) {
        return None;
    }
    let git = workspace.git().ok()?;
    let root = git.repo().workdir()?.canonicalize().ok()?;
    let relative = file.canonicalize().ok()?;
    let relative = relative.strip_prefix(&root).ok()?;
    let relative: Vec<&str> = relative
        .components()
        .map(|c| c.as_os_str().to_str())
        .collect::<Option<_>>()?;
    let relative = relative.join("/");
    git.has_file("HEAD", &relative)
        .ok()
        .filter(|&has| has)
        .map(|_| relative)
}

/// `read` as it is, or, when `source` is a revision without a nav file (none named) and the
/// other side is a revision with one, the file git's rename detection says it was (or
/// became) at `source`'s revision; `moved` is told so.
fn follow_nav(
    workspace: &Workspace,
    source: &Source,
    read: Result<NavTree>,
    (other_source, other): (&Source, Option<&NavTree>),
    moved: &mut Vec<String>,
) -> Result<NavTree> {
    let missing = |e: &anyhow::Error| {
        matches!(
            e.downcast_ref::<Error>(),
            Some(Error::NoNav { .. } | Error::MissingNav { .. })
        )
    };
    let (
        Err(e),
        Source::Revision { rev, path: None },
        Source::Revision { rev: other_rev, .. },
        Some(other),
    ) = (&read, source, other_source, other)
    else {
        return read;
    };
    let Some(path) = other.source.path.as_deref().filter(|_| missing(e)) else {
        return read;
    };
    let Some(found) = renamed_nav(workspace, other_rev, path, rev) else {
        return read;
    };
    match workspace.tree(&Source::Revision {
        rev: rev.clone(),
        path: Some(found.clone()),
    }) {
        Ok(tree) => {
            moved.push(format!(
                "the nav file is `{found}` at {rev} and `{path}` at {other_rev} (git follows it through a rename)"
            ));
            Ok(tree)
        }
        Err(_) => read,
    }
}

/// Where the file `path` of revision `from` is at revision `to`, by git's rename detection
/// (either way round: `to` may be older or newer).
fn renamed_nav(workspace: &Workspace, from: &str, path: &str, to: &str) -> Option<String> {
    let repo = workspace.git().ok()?.repo();
    let from_tree = repo.tree(&repo.resolve(from).ok()?).ok()?;
    let to_tree = repo.tree(&repo.resolve(to).ok()?).ok()?;
    to_tree.rename_target(&from_tree, path).ok().flatten()
}

/// `read` as it is, or an empty tree when `source` is a revision without a nav file and the
/// other side has one; then also why (the error's first line).
fn or_empty(
    source: &Source,
    read: Result<NavTree>,
    other: Option<&NavTree>,
) -> (Result<NavTree>, Option<String>) {
    let Err(e) = &read else {
        return (read, None);
    };
    let missing = matches!(
        e.downcast_ref::<Error>(),
        Some(Error::NoNav { .. } | Error::MissingNav { .. })
    );
    match (other, source) {
        (Some(other), Source::Revision { rev, .. }) if missing => {
            let mut info = SourceInfo::new(other.source.format, None);
            info.rev = Some(rev.clone());
            let reason = e.to_string();
            let reason = reason.lines().next().unwrap_or_default().to_owned();
            (Ok(NavTree::new(info, Vec::new())), Some(reason))
        }
        _ => (read, None),
    }
}

fn side_name(which: &str, side: &Side) -> String {
    let named = match side {
        Side::Arg(None) | Side::Tracked { old: false, .. } => "the working tree".to_owned(),
        other => format!("`{}`", other.label(None)),
    };
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
            let (a, b, _) = sides(args, |f| f == "file..x", |r| r != "x").expect("sides");
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
        let (a, _, three) = sides(
            vec![("a..b".to_owned(), ArgPlace::Revision)],
            |_| true,
            |_| true,
        )
        .expect("before --: a range");
        assert_eq!(a, Some(("a".to_owned(), ArgPlace::Revision)));
        assert!(!three);
        let (_, b, three) = sides(
            vec![("a...b".to_owned(), ArgPlace::Revision)],
            |_| false,
            |_| true,
        )
        .expect("three dots");
        assert_eq!(
            (b, three),
            (Some(("b".to_owned(), ArgPlace::Revision)), true)
        );
    }
}
