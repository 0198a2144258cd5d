//! The command line: clap arguments in, text and an exit status out.
//!
//! This is the only module that reads the environment, talks to the terminal and picks the
//! exit status: `0` success, `1` changes that `--exit-code`/`--fail-on` asked to fail on,
//! `2` a usage, input or git error. [`run`] takes its output streams as arguments, so tests
//! drive the whole command line in-process.

mod args;
mod diff;
mod history;
mod sources;

use std::ffi::OsString;
use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use clap::{CommandFactory, Parser};

use crate::cli::args::{Cli, Command, InitArgs, ShowArgs, ShowFormat, SnapshotArgs};
use crate::cli::sources::Sources;
use crate::config::{CONFIG_FILE, Config};
use crate::error::Error;
use crate::model::{NavTree, write_snapshot};
use crate::report::{render_outline, terminal_safe};
use crate::source::{self, Source, snapshot_file_name};

/// Exit status for usage, input and git errors.
const EXIT_ERROR: u8 = 2;

/// What navdiff knows about the terminal it writes to.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
#[expect(
    clippy::struct_excessive_bools,
    reason = "independent facts about the terminal, not a state machine"
)]
pub struct Terminal {
    /// Whether standard output is a terminal.
    pub stdout_is_terminal: bool,
    /// Whether standard error is a terminal (progress bars show only then).
    pub stderr_is_terminal: bool,
    /// Its width in columns.
    pub width: u16,
    /// `NO_COLOR` is set.
    pub no_color: bool,
    /// `CLICOLOR_FORCE` is set.
    pub force_color: bool,
}

impl Terminal {
    /// The real terminal: standard output, its size, `NO_COLOR` and `CLICOLOR_FORCE`.
    #[must_use]
    pub fn detect() -> Self {
        use std::io::IsTerminal;
        let set = |var: &str| std::env::var_os(var).is_some_and(|v| !v.is_empty() && v != "0");
        Terminal {
            stdout_is_terminal: io::stdout().is_terminal(),
            stderr_is_terminal: io::stderr().is_terminal() && !set("CI"),
            width: terminal_size::terminal_size().map_or(100, |(w, _)| w.0),
            no_color: set("NO_COLOR"),
            force_color: set("CLICOLOR_FORCE"),
        }
    }

    /// A pipe of `width` columns, no colour: for tests.
    #[must_use]
    pub fn plain(width: u16) -> Self {
        Terminal {
            stdout_is_terminal: false,
            stderr_is_terminal: false,
            width,
            no_color: true,
            force_color: false,
        }
    }
}

/// Runs navdiff with `args` (the program name first), writing to `stdout` and `stderr`, for
/// the real terminal.
pub fn run<I, T>(args: I, stdout: &mut dyn Write, stderr: &mut dyn Write) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    run_with(args, stdout, stderr, &Terminal::detect())
}

/// Runs navdiff as [`run`] does, for the terminal `term` describes.
pub fn run_with<I, T>(
    args: I,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
    term: &Terminal,
) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(err) => {
            let code = err.exit_code();
            // Nothing better to do when the help text itself cannot be written.
            let _ = if err.use_stderr() {
                write!(stderr, "{}", err.render())
            } else {
                write!(stdout, "{}", err.render())
            };
            return ExitCode::from(u8::try_from(code).unwrap_or(EXIT_ERROR));
        }
    };
    match execute(cli, term, stdout, stderr) {
        Ok(code) => code,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            // Nothing better to do when standard error itself cannot be written.
            let _ = writeln!(stderr, "error: {}", terminal_safe(&format!("{err:#}")));
            ExitCode::from(EXIT_ERROR)
        }
    }
}

fn execute(
    cli: Cli,
    term: &Terminal,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<ExitCode> {
    match cli.command {
        Command::Diff(args) => diff::run(&args, term, stdout, stderr),
        Command::Changelog(args) => history::changelog(&args, term, stdout, stderr),
        Command::Log(args) => history::log(&args, term, stdout),
        Command::Show(args) => show(&args, stdout, stderr),
        Command::Snapshot(args) => snapshot(&args, stdout, stderr),
        Command::Init(args) => init(&args, stderr),
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "navdiff", stdout);
            Ok(ExitCode::SUCCESS)
        }
        Command::Man => {
            clap_mangen::Man::new(Cli::command()).render(stdout)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn show(args: &ShowArgs, stdout: &mut dyn Write, stderr: &mut dyn Write) -> Result<ExitCode> {
    let sources = Sources::new(&args.source_args)?;
    let source = match &args.source {
        Some(arg) => sources.source(arg),
        None => Source::WorkTree,
    };
    let tree = sources.tree(&source)?;
    if !args.source_args.quiet {
        print_warnings(&tree, stderr)?;
    }
    match args.format {
        ShowFormat::Outline => render_outline(&tree, stdout)?,
        ShowFormat::Json => stdout.write_all(write_snapshot(&tree).as_bytes())?,
    }
    stdout.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn snapshot(
    args: &SnapshotArgs,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<ExitCode> {
    let sources = Sources::new(&args.source_args)?;
    let (rev, path) = match args.rev.split_once(':') {
        Some((rev, path)) if !rev.is_empty() && !path.is_empty() => (rev, Some(path)),
        _ => (args.rev.as_str(), None),
    };
    let tree = sources.pruned(sources.git()?.tree(rev, path)?);
    if !args.source_args.quiet {
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
            let target = sources.cwd().join(&path);
            source::write_atomic(&target, text.as_bytes())
                .with_context(|| format!("cannot save the snapshot of `{rev}`"))?;
            if !args.source_args.quiet {
                let commit = tree.source.commit.as_deref().unwrap_or_default();
                writeln!(
                    stderr,
                    "wrote {}: {} nodes of `{}` at {} ({})",
                    path.display(),
                    tree.node_count(),
                    terminal_safe(tree.source.path.as_deref().unwrap_or_default()),
                    terminal_safe(rev),
                    &commit[..commit.len().min(12)]
                )?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn init(args: &InitArgs, stderr: &mut dyn Write) -> Result<ExitCode> {
    let sources = Sources::new(&args.source_args)?;
    let root = sources.root();
    let path = root.join(CONFIG_FILE);
    if path.exists() && !args.force {
        anyhow::bail!(
            "`{}` already exists (use --force to replace it)",
            path.display()
        );
    }
    // The nav file the working tree has now, when discovery finds exactly one; none, several
    // or no repository leave the setting commented out.
    let workdir = match sources.git() {
        Ok(git) => git.repo().workdir(),
        Err(Error::OutsideRepository { .. }) => None,
        Err(e) => return Err(e.into()),
    };
    let files = workdir.map(crate::source::DirFiles::new);
    let nav = match files.map(|f| crate::source::find_nav(&f, "the working tree")) {
        Some(Ok(nav)) => Some(nav),
        Some(Err(Error::NoNav { .. } | Error::AmbiguousNav { .. })) | None => None,
        Some(Err(e)) => return Err(e.into()),
    };
    source::write_atomic(&path, Config::template(nav.as_deref()).as_bytes())?;
    writeln!(stderr, "wrote {}", path.display())?;
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn print_warnings(tree: &NavTree, stderr: &mut dyn Write) -> io::Result<()> {
    let label = tree.label();
    for warning in &tree.warnings {
        writeln!(
            stderr,
            "warning: {}: {}",
            terminal_safe(&label),
            terminal_safe(&warning.to_string())
        )?;
    }
    Ok(())
}

/// Output cut short by a closed pipe (`navdiff show … | head`) is not an error.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain()
        .filter_map(|e| e.downcast_ref::<io::Error>())
        .any(|e| e.kind() == io::ErrorKind::BrokenPipe)
}
