//! `navdiff show` and `navdiff snapshot`: one tree, printed or saved.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context as _, Result};

use crate::cli::args::{ShowArgs, ShowFormat, SnapshotArgs};
use crate::cli::print_warnings;
use crate::cli::workspace::Workspace;
use crate::model::write_snapshot;
use crate::report::{count, render_outline, terminal_safe};
use crate::source::{ArgPlace, Source, snapshot_file_name, write_atomic};

pub(crate) fn show(
    args: &ShowArgs,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<ExitCode> {
    let workspace = Workspace::new(&args.workspace)?;
    let before = if args.workspace.separator {
        ArgPlace::Revision
    } else {
        ArgPlace::Unmarked
    };
    let source = match (&args.source, args.files.as_slice()) {
        (None, []) => Source::WorkTree,
        (Some(arg), []) => workspace.source(arg, before)?,
        (None, [file]) => workspace.source(file, ArgPlace::File)?,
        _ => anyhow::bail!("`show` prints one tree; name one revision or file"),
    };
    let tree = workspace.tree(&source)?;
    if !args.workspace.quiet {
        print_warnings(&tree, stderr)?;
    }
    match args.format {
        ShowFormat::Outline => render_outline(&tree, stdout)?,
        ShowFormat::Json => stdout.write_all(write_snapshot(&tree).as_bytes())?,
    }
    stdout.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn snapshot(
    args: &SnapshotArgs,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<ExitCode> {
    let workspace = Workspace::new(&args.workspace)?;
    let (rev, path) = match args.rev.split_once(':') {
        Some((rev, path)) if !rev.is_empty() && !path.is_empty() => (rev, Some(path)),
        _ => (args.rev.as_str(), None),
    };
    let mut tree = workspace.pruned(workspace.git()?.tree(rev, path)?);
    if args.no_locations {
        tree.clear_locations();
    }
    if !args.workspace.quiet {
        print_warnings(&tree, stderr)?;
    }
    let text = write_snapshot(&tree);
    match &args.output {
        Some(out) if out.as_os_str() == "-" => {
            stdout.write_all(text.as_bytes())?;
            stdout.flush()?;
        }
        output => {
            let path = output
                .clone()
                .unwrap_or_else(|| ["snapshots", &snapshot_file_name(rev)].iter().collect());
            let target = workspace.cwd().join(&path);
            write_atomic(&target, text.as_bytes())
                .with_context(|| format!("cannot save the snapshot of `{rev}`"))?;
            if !args.workspace.quiet {
                let commit = tree.source.commit.as_deref().unwrap_or_default();
                writeln!(
                    stderr,
                    "wrote {}: {} of `{}` at {} ({})",
                    path.display(),
                    count(tree.node_count(), "node", "nodes"),
                    terminal_safe(tree.source.path.as_deref().unwrap_or_default()),
                    terminal_safe(rev),
                    &commit[..commit.len().min(12)]
                )?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
