//! The command line: clap arguments in, text and an exit status out.
//!
//! This is the only module that reads the environment, talks to the terminal and picks the
//! exit status: `0` success, `1` changes that `--exit-code`/`--fail-on` asked to fail on,
//! `2` a usage, input or git error. [`run`] takes its output streams as arguments, so tests
//! drive the whole command line in-process.

use std::ffi::OsString;
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::builder::TypedValueParser as _;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::model::{NavFormat, NavTree, write_snapshot};
use crate::report::{render_outline, terminal_safe};
use crate::source;

/// Exit status for usage, input and git errors.
const EXIT_ERROR: u8 = 2;

/// Show how the structure of a documentation site's navigation changed between two versions.
#[derive(Debug, Parser)]
#[command(name = "navdiff", version, max_term_width = 100)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print one navigation tree as an indented outline, or as snapshot JSON.
    Show(ShowArgs),
}

#[derive(Debug, Args)]
struct ShowArgs {
    /// The nav file (`mkdocs.yml`, `SUMMARY.md`, keyed YAML, an outline…) or snapshot to print.
    source: PathBuf,

    /// Read the nav file as this format instead of detecting it from its name and content.
    #[arg(long, value_name = "FORMAT", value_parser = nav_format_parser())]
    nav_format: Option<NavFormat>,

    /// How to print the tree: `outline` (indented titles, `→ target` after pages) or
    /// `json` (a `navdiff.snapshot.v1` snapshot).
    #[arg(short, long, value_enum, default_value_t = ShowFormat::Outline)]
    format: ShowFormat,

    /// Do not print the reader's warnings on standard error.
    #[arg(short, long)]
    quiet: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ShowFormat {
    /// Indented titles, two spaces a level.
    Outline,
    /// A `navdiff.snapshot.v1` snapshot.
    Json,
}

/// Runs navdiff with `args` (the program name first), writing to `stdout` and `stderr`.
pub fn run<I, T>(args: I, stdout: &mut dyn Write, stderr: &mut dyn Write) -> ExitCode
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
    match execute(cli, stdout, stderr) {
        Ok(code) => code,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            let _ = writeln!(stderr, "error: {err:#}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

fn execute(cli: Cli, stdout: &mut dyn Write, stderr: &mut dyn Write) -> Result<ExitCode> {
    match cli.command {
        Command::Show(args) => show(&args, stdout, stderr),
    }
}

fn show(args: &ShowArgs, stdout: &mut dyn Write, stderr: &mut dyn Write) -> Result<ExitCode> {
    let tree = source::read_path(&args.source, args.nav_format)?;
    if !args.quiet {
        print_warnings(&tree, stderr)?;
    }
    match args.format {
        ShowFormat::Outline => render_outline(&tree, stdout)?,
        ShowFormat::Json => stdout.write_all(write_snapshot(&tree).as_bytes())?,
    }
    stdout.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn print_warnings(tree: &NavTree, stderr: &mut dyn Write) -> io::Result<()> {
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

/// Accepts the names of [`NavFormat::ALL`], and lists them in `--help` and in errors.
fn nav_format_parser() -> impl clap::builder::TypedValueParser<Value = NavFormat> {
    clap::builder::PossibleValuesParser::new(NavFormat::ALL.map(NavFormat::name)).map(|name| {
        name.parse::<NavFormat>()
            .expect("only listed names get through")
    })
}
