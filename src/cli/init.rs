//! `navdiff init`: a `navdiff.toml` with every setting, naming the nav file found.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;

use crate::cli::args::InitArgs;
use crate::cli::workspace::Workspace;
use crate::config::{CONFIG_FILE, Config};
use crate::error::Error;
use crate::source::{DirFiles, find_nav, write_atomic};

pub(crate) fn init(args: &InitArgs, stderr: &mut dyn Write) -> Result<ExitCode> {
    let workspace = Workspace::new(&args.workspace)?;
    let path = workspace.root().join(CONFIG_FILE);
    if path.exists() && !args.force {
        anyhow::bail!(
            "`{}` already exists (use --force to replace it)",
            path.display()
        );
    }
    // The nav file the working tree has now, when discovery finds exactly one; none, several
    // or no repository leave the setting commented out.
    let workdir = match workspace.git() {
        Ok(git) => git.repo().workdir(),
        Err(Error::OutsideRepository { .. }) => None,
        Err(e) => return Err(e.into()),
    };
    let nav = match workdir.map(|dir| find_nav(&DirFiles::new(dir), "the working tree")) {
        Some(Ok(nav)) => Some(nav),
        Some(Err(Error::NoNav { .. } | Error::AmbiguousNav { .. })) | None => None,
        Some(Err(e)) => return Err(e.into()),
    };
    write_atomic(&path, Config::template(nav.as_deref()).as_bytes())?;
    writeln!(stderr, "wrote {}", path.display())?;
    Ok(ExitCode::SUCCESS)
}
