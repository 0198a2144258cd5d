//! `navdiff log`: the versions of the nav file read from git, traced by `history`.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;

use crate::cli::Terminal;
use crate::cli::args::{LogArgs, LogFormat};
use crate::cli::workspace::Workspace;
use crate::diff::DiffOptions;
use crate::history::{Point, log_document, render_log_text, trace};
use crate::model::json_safe;

pub(crate) fn run(args: &LogArgs, term: &Terminal, stdout: &mut dyn Write) -> Result<ExitCode> {
    let workspace = Workspace::new(&args.workspace)?;
    let git = workspace.git()?;
    let versions = git.nav_versions("HEAD", args.first_parent)?;
    let progress = term.progress(versions.len() as u64, "reading history");
    let mut trees = Vec::with_capacity(versions.len());
    for version in &versions {
        progress.inc(1);
        trees.push(git.version_tree(version)?.map(|t| workspace.pruned(t)));
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
    let events = trace(&args.query, &points, &DiffOptions::default())?;
    match args.format {
        LogFormat::Json => {
            let doc = log_document(&args.query, &events);
            writeln!(stdout, "{}", json_safe(serde_json::to_string_pretty(&doc)?))?;
        }
        LogFormat::Text => render_log_text(&events, stdout)?,
    }
    Ok(ExitCode::SUCCESS)
}
