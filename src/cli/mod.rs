//! The command line: clap arguments in, text and an exit status out.
//!
//! This is the only module that reads the environment, talks to the terminal and picks the
//! exit status: `0` success, `1` changes that `--exit-code`/`--fail-on` asked to fail on,
//! `2` a usage, input or git error. [`run`] takes its output streams as arguments, so tests
//! drive the whole command line in-process.

mod args;
mod changelog;
mod diff;
mod init;
mod log;
mod man;
mod redirects;
mod show;
mod terminal;
mod workspace;

use std::ffi::OsString;
use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::Result;
use clap::{CommandFactory, Parser};

pub use terminal::Terminal;

use crate::cli::args::{Cli, Command};
use crate::model::NavTree;
use crate::report::terminal_safe;

/// Exit status for usage, input and git errors.
const EXIT_ERROR: u8 = 2;

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
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    // clap takes `--` away; git's reading of arguments (revisions before it, files after)
    // needs to know it was there.
    let separator = args.iter().skip(1).any(|a| a == "--");
    let cli = match Cli::try_parse_from(args) {
        Ok(mut cli) => {
            cli.command.set_separator(separator);
            cli
        }
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
            let _ = writeln!(stderr, "error: {}", error_text(&format!("{err:#}")));
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
        Command::Changelog(args) => changelog::run(&args, term, stdout, stderr),
        Command::Log(args) => log::run(&args, term, stdout, stderr),
        Command::Redirects(args) => redirects::run(&args, term, stdout, stderr),
        Command::Show(args) => show::show(&args, stdout, stderr),
        Command::Snapshot(args) => show::snapshot(&args, stdout, stderr),
        Command::Init(args) => init::init(&args, stderr),
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "navdiff", stdout);
            Ok(ExitCode::SUCCESS)
        }
        Command::Man(args) => man::run(&args, stdout, stderr),
    }
}

/// An error's text, safe for the terminal: control characters escaped, except the line
/// breaks before the quoted line and caret of a syntax error (`\n  | `), which navdiff
/// writes itself and which must read as lines, not as `\u{a}`.
fn error_text(text: &str) -> String {
    terminal_safe(text).replace("\\u{a}  | ", "\n  | ")
}

/// The readers' warnings about `tree`, one a line, safe for the terminal.
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

#[cfg(test)]
mod tests {
    use super::error_text;

    #[test]
    fn error_excerpts_keep_their_line_breaks_and_nothing_else() {
        assert_eq!(
            error_text("a.yml:2:9: bad\n  | x: y: z\n  |     ^"),
            "a.yml:2:9: bad\n  | x: y: z\n  |     ^"
        );
        assert_eq!(error_text("a\nb\u{1b}[31m"), "a\\u{a}b\\u{1b}[31m");
    }
}
