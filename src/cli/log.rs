//! `navdiff log`: the history of one page or section, traced by `history`.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;

use crate::cli::Terminal;
use crate::cli::args::{LogArgs, LogFormat};
use crate::cli::workspace::{Workspace, diff_options};
use crate::history::{LogRequest, log_document, log_from_git, render_log_text};
use crate::model::json_safe;
use crate::report::terminal_safe;

pub(crate) fn run(
    args: &LogArgs,
    term: &Terminal,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<ExitCode> {
    let workspace = Workspace::new(&args.workspace)?;
    let git = workspace.git()?;
    let mut request = LogRequest::default();
    request.query.clone_from(&args.query);
    request.first_parent = args.first_parent;
    request.strict = args.strict;
    let opts = diff_options(&args.matching, workspace.config());
    let progress = term.progress(0, "reading history");
    let prune = |t| workspace.pruned(t);
    let log = log_from_git(
        git,
        &request,
        &opts,
        workspace.ignores_anything().then_some(&prune),
        &mut |done, total| {
            progress.set_length(total as u64);
            progress.set_position(done as u64);
        },
    )?;
    progress.finish_and_clear();
    if !args.workspace.quiet {
        for (commit, reason) in &log.skipped {
            writeln!(
                stderr,
                "warning: {commit}: skipped, cannot read the nav: {}",
                terminal_safe(reason)
            )?;
        }
        for commit in &log.shallow_boundary {
            writeln!(
                stderr,
                "note: history starts at the shallow boundary {commit}; run `git fetch --unshallow` for the rest"
            )?;
        }
    }
    match args.format {
        LogFormat::Json => {
            let doc = log_document(&args.query, &log);
            writeln!(stdout, "{}", json_safe(serde_json::to_string_pretty(&doc)?))?;
        }
        LogFormat::Text => render_log_text(&log.events, stdout)?,
    }
    Ok(ExitCode::SUCCESS)
}
