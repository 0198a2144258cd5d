//! The `navdiff` binary: a thin shell around [`navdiff::cli::run`].

use std::io;
use std::process::ExitCode;

fn main() -> ExitCode {
    let stdout = io::stdout();
    let stderr = io::stderr();
    navdiff::cli::run(std::env::args_os(), &mut stdout.lock(), &mut stderr.lock())
}
