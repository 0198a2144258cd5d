//! What navdiff knows about the terminal it writes to, and the progress bars it draws there.

use std::io;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

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

    /// A progress bar of `len` steps on standard error when it is a terminal; hidden
    /// otherwise (pipes, CI).
    pub(crate) fn progress(&self, len: u64, what: &str) -> ProgressBar {
        if !self.stderr_is_terminal {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
        // The template is a constant that parses; were it not to, the default style is fine.
        if let Ok(style) = ProgressStyle::with_template("{msg} {bar:30} {pos}/{len}") {
            bar.set_style(style);
        }
        bar.set_message(what.to_owned());
        bar
    }
}
