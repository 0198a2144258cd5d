//! `navdiff changelog` and `navdiff log`: walks over tags and history, the work of the pure
//! `changelog` and `log` modules put to git.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context as _, Result, anyhow, bail};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::changelog::{Release, render_markdown, update_block};
use crate::cli::Terminal;
use crate::cli::args::{ChangelogArgs, ChangelogFormat, LogArgs, LogFormat};
use crate::cli::sources::Sources;
use crate::diff::{DiffOptions, diff};
use crate::git::TagInfo;
use crate::log::{LogError, Point, history};
use crate::model::{NavTree, SourceInfo};
use crate::report::{json, terminal_safe};
use crate::source::write_atomic;

pub(crate) fn changelog(
    args: &ChangelogArgs,
    term: &Terminal,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<ExitCode> {
    let sources = Sources::new(&args.source_args)?;
    let git = sources.git()?;
    let mut tags = git.repo().tags()?;
    if let Some(glob) = args.tags.as_deref().or(sources.config().tags.as_deref()) {
        let matcher = globset::Glob::new(glob)
            .map_err(|e| crate::Error::Glob {
                glob: glob.to_owned(),
                reason: e.kind().to_string(),
            })?
            .compile_matcher();
        tags.retain(|t: &TagInfo| matcher.is_match(&t.name));
    }
    let (base, last, unreleased) = range(args.range.as_deref(), &tags)?;
    let progress = progress(term, tags.len() as u64 + 1, "reading releases");
    let empty = || NavTree::new(SourceInfo::default(), Vec::new());
    let tree_at = |rev: &str| -> Result<NavTree> {
        progress.inc(1);
        Ok(git
            .try_tree(rev)
            .map(|t| t.map(|t| sources.pruned(t)))
            .with_context(|| format!("cannot read the nav at `{rev}`"))?
            .unwrap_or_else(empty))
    };
    let opts = DiffOptions::default();
    let mut releases = Vec::new();
    let mut previous: Option<(String, NavTree)> = match base {
        Some(i) => Some((tags[i].name.clone(), tree_at(&tags[i].name)?)),
        None => None,
    };
    let (start, end) = (
        base.map_or(0, |i| i + 1),
        last.map_or(tags.len(), |l| l + 1),
    );
    for tag in tags.get(start..end).unwrap_or_default() {
        let tree = tree_at(&tag.name)?;
        let d = previous.as_ref().map(|(_, old)| {
            labelled(
                diff(old, &tree, &opts),
                previous.as_ref().map(|(n, _)| n.as_str()),
                &tag.name,
            )
        });
        releases.push(Release::new(
            tag.name.clone(),
            Some(tag.time),
            previous.as_ref().map(|(n, _)| n.clone()),
            d,
            tree.node_count(),
        ));
        previous = Some((tag.name.clone(), tree));
    }
    if unreleased {
        let (label, tree) = if args.worktree {
            ("working tree", sources.pruned(git.worktree()?))
        } else {
            ("HEAD", tree_at("HEAD")?)
        };
        let old = previous.as_ref().map_or_else(empty, |(_, t)| t.clone());
        let d = labelled(
            diff(&old, &tree, &opts),
            previous.as_ref().map(|(n, _)| n.as_str()),
            label,
        );
        let nodes = tree.node_count();
        releases.push(Release::new(
            "Unreleased".into(),
            None,
            previous.map(|(n, _)| n),
            Some(d),
            nodes,
        ));
    }
    progress.finish_and_clear();
    releases.reverse();
    write_changelog(args, &sources, &releases, stdout, stderr)?;
    Ok(ExitCode::SUCCESS)
}

/// The releases as markdown, JSON, or a refreshed block in `--update`'s file.
fn write_changelog(
    args: &ChangelogArgs,
    sources: &Sources,
    releases: &[Release],
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<()> {
    match (args.format, &args.update) {
        (_, Some(file)) => {
            let mut body = Vec::new();
            render_markdown(releases, args.skip_empty, &mut body)?;
            let path = sources.cwd().join(file);
            let existing = match std::fs::read_to_string(&path) {
                Ok(text) => text,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
                Err(e) => {
                    return Err(e).with_context(|| format!("cannot read `{}`", file.display()));
                }
            };
            let updated = update_block(&existing, &String::from_utf8(body)?)
                .map_err(|e| anyhow!("{}: {e}", file.display()))?;
            if updated != existing {
                write_atomic(&path, updated.as_bytes())
                    .with_context(|| format!("cannot update `{}`", file.display()))?;
            }
            if !args.source_args.quiet {
                let what = if updated == existing {
                    "is up to date"
                } else {
                    "updated"
                };
                writeln!(
                    stderr,
                    "{} {what}: {} releases",
                    file.display(),
                    releases.len()
                )?;
            }
        }
        (ChangelogFormat::Markdown, None) => render_markdown(releases, args.skip_empty, stdout)?,
        (ChangelogFormat::Json, None) => {
            let doc = serde_json::json!({
                "schema": "navdiff.changelog.v1",
                "releases": releases
                    .iter()
                    .filter(|r| !(args.skip_empty && r.is_empty()))
                    .map(|r| serde_json::json!({
                        "name": r.name,
                        "date": r.date.as_ref().map(crate::model::rfc3339_offset::format),
                        "previous": r.previous,
                        "nodes": r.nodes,
                        "diff": r.diff.as_ref().map(json::to_value),
                    }))
                    .collect::<Vec<_>>(),
            });
            writeln!(stdout, "{}", serde_json::to_string_pretty(&doc)?)?;
        }
    }
    Ok(())
}

/// A diff whose sides are called by release names.
fn labelled(mut d: crate::diff::Diff, old: Option<&str>, new: &str) -> crate::diff::Diff {
    old.unwrap_or("(none)").clone_into(&mut d.old.label);
    new.clone_into(&mut d.new.label);
    d
}

/// The tags a range selects: the index of the base tag (excluded), of the last tag
/// (included), and whether Unreleased is wanted.
fn range(spec: Option<&str>, tags: &[TagInfo]) -> Result<(Option<usize>, Option<usize>, bool)> {
    let index = |name: &str| -> Result<usize> {
        tags.iter().position(|t| t.name == name).ok_or_else(|| {
            let names: Vec<&str> = tags.iter().map(|t| t.name.as_str()).collect();
            anyhow!(
                "`{name}` is not a release tag (tags: {})",
                if names.is_empty() {
                    "none".into()
                } else {
                    names.join(", ")
                }
            )
        })
    };
    let Some(spec) = spec else {
        return Ok((None, None, true));
    };
    let Some((from, to)) = spec.split_once("..") else {
        bail!("`{spec}` is not a range: write `FROM..` or `FROM..TO`");
    };
    let base = if from.is_empty() {
        None
    } else {
        Some(index(from)?)
    };
    let last = if to.is_empty() {
        None
    } else {
        Some(index(to)?)
    };
    if let (Some(b), Some(l)) = (base, last)
        && l <= b
    {
        bail!("`{to}` comes before `{from}` in release order");
    }
    Ok((base, last, last.is_none()))
}

pub(crate) fn log(args: &LogArgs, term: &Terminal, stdout: &mut dyn Write) -> Result<ExitCode> {
    let sources = Sources::new(&args.source_args)?;
    let git = sources.git()?;
    let versions = git.nav_versions("HEAD", args.first_parent)?;
    let progress = progress(term, versions.len() as u64, "reading history");
    let mut trees = Vec::with_capacity(versions.len());
    for version in &versions {
        progress.inc(1);
        trees.push(git.version_tree(version)?.map(|t| sources.pruned(t)));
    }
    progress.finish_and_clear();
    let points: Vec<Point<'_>> = versions
        .iter()
        .zip(&trees)
        .map(|(v, t)| {
            Point::new(
                &v.commit.commit,
                v.commit.time,
                &v.commit.subject,
                t.as_ref(),
            )
        })
        .collect();
    let events = match history(&args.query, &points, &DiffOptions::default()) {
        Ok(events) => events,
        Err(LogError::NotFound(suggestions)) if suggestions.is_empty() => {
            bail!("nothing in the nav's history matches `{}`", args.query)
        }
        Err(LogError::NotFound(suggestions)) => bail!(
            "nothing in the nav's history matches `{}`; did you mean: {}?",
            args.query,
            suggestions.join("; ")
        ),
        Err(LogError::Ambiguous(paths)) => bail!(
            "`{}` matches several entries: {}; name one by its target or breadcrumb (`Parent › Title`)",
            args.query,
            paths.join("; ")
        ),
    };
    match args.format {
        LogFormat::Json => {
            let doc = serde_json::json!({ "schema": "navdiff.log.v1", "query": args.query, "events": events });
            writeln!(stdout, "{}", serde_json::to_string_pretty(&doc)?)?;
        }
        LogFormat::Text => {
            for e in &events {
                let path = |p: &Option<Vec<String>>| {
                    p.as_ref()
                        .map(|p| terminal_safe(&p.join(" › ")).into_owned())
                };
                let place = match (path(&e.old_path), path(&e.new_path)) {
                    (Some(old), Some(new)) if old != new => format!("{old} → {new}"),
                    (_, Some(new)) => new,
                    (Some(old), None) => old,
                    (None, None) => String::new(),
                };
                writeln!(
                    stdout,
                    "{}  {}  {:<9}  {place}  ({})",
                    e.time.format("%Y-%m-%d"),
                    &e.commit[..12.min(e.commit.len())],
                    e.kind.name(),
                    terminal_safe(&e.subject)
                )?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A progress bar on standard error when it is a terminal; hidden otherwise (pipes, CI).
fn progress(term: &Terminal, len: u64, what: &str) -> ProgressBar {
    if !term.stderr_is_terminal {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{msg} {bar:30} {pos}/{len}") {
        bar.set_style(style);
    }
    bar.set_message(what.to_owned());
    bar
}
