//! Running the navdiff command line in-process.

use std::path::Path;
use std::process::ExitCode;

/// What one run of the command line printed, and its exit status.
#[derive(Debug)]
pub struct Output {
    pub code: ExitCode,
    pub stdout: String,
    pub stderr: String,
}

impl Output {
    /// Asserts the exit status.
    #[track_caller]
    pub fn assert_code(&self, code: u8) -> &Self {
        assert_eq!(
            self.code,
            ExitCode::from(code),
            "exit status; stderr:\n{}",
            self.stderr
        );
        self
    }
}

/// Runs `navdiff ARGS…` in-process, its output going to a pipe.
pub fn navdiff(args: &[&str]) -> Output {
    run_on(args, &navdiff::cli::Terminal::plain(100))
}

/// Runs `navdiff ARGS…` in-process, its output going to a 100-column terminal (without
/// `NO_COLOR`).
pub fn navdiff_in_terminal(args: &[&str]) -> Output {
    let mut term = navdiff::cli::Terminal::plain(100);
    term.stdout_is_terminal = true;
    term.no_color = false;
    run_on(args, &term)
}

fn run_on(args: &[&str], term: &navdiff::cli::Terminal) -> Output {
    let mut stdout = Vec::new();
    let mut stderr = Vec::new();
    let code = navdiff::cli::run_with(
        std::iter::once("navdiff").chain(args.iter().copied()),
        &mut stdout,
        &mut stderr,
        term,
    );
    Output {
        code,
        stdout: String::from_utf8(stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(stderr).expect("stderr is UTF-8"),
    }
}

/// `path` as a string argument.
pub fn arg(path: &Path) -> &str {
    path.to_str().expect("test paths are UTF-8")
}

/// `text` with the fixtures folder replaced by `[FIXTURES]`, for stable snapshots.
pub fn redact(text: &str) -> String {
    let fixtures = super::fixture("");
    text.replace(fixtures.to_str().expect("UTF-8 path"), "[FIXTURES]/")
        .replace("[FIXTURES]//", "[FIXTURES]/")
        // Named from the root of the work tree (annotations, locations).
        .replace("tests/fixtures/", "[FIXTURES]/")
}
