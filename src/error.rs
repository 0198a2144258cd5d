//! The library's error type.
//!
//! Every error names the input it came from (a file, a revision, or both), and where the
//! input itself is at fault, the line and column. The CLI prints the message as it is and
//! exits with status 2.

use std::io;

/// A result whose error is navdiff's [`enum@Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong while reading, diffing or writing navigation trees.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be read.
    #[error("cannot read `{path}`")]
    Read {
        /// The file.
        path: String,
        /// Why.
        #[source]
        source: io::Error,
    },
    /// A file could not be written.
    #[error("cannot write `{path}`")]
    Write {
        /// The file.
        path: String,
        /// Why.
        #[source]
        source: io::Error,
    },
    /// The input is malformed at a known place.
    #[error("{path}:{line}:{column}: {message}{}", excerpt_suffix(.excerpt.as_deref(), *.column))]
    Syntax {
        /// The file (with the revision, when read from git: `v1.2:mkdocs.yml`).
        path: String,
        /// 1-based line.
        line: usize,
        /// 1-based column, in characters.
        column: usize,
        /// What is wrong.
        message: String,
        /// The offending line, shown under the message.
        excerpt: Option<String>,
    },
    /// Git could not do what was asked: the message names the revision and repository.
    #[error("{0}")]
    Git(String),
    /// A glob (`--tags`, `--ignore`, `tags` or `ignore` in `navdiff.toml`) that cannot be read.
    #[error("`{glob}` is not a glob pattern: {reason}")]
    Glob {
        /// The glob as written.
        glob: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The input is well-formed but cannot be used as it is.
    #[error("{path}: {message}")]
    Invalid {
        /// The file.
        path: String,
        /// What is wrong.
        message: String,
    },
}

impl Error {
    /// A syntax error at `line`:`column` of `path`, quoting that line of `text` when it exists.
    pub fn syntax(
        path: &str,
        text: &str,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        let excerpt = text
            .lines()
            .nth(line.saturating_sub(1))
            .map(|l| l.chars().take(200).collect::<String>());
        Error::Syntax {
            path: path.to_owned(),
            line,
            column,
            message: message.into(),
            excerpt,
        }
    }

    /// An error about `path` as a whole.
    pub fn invalid(path: &str, message: impl Into<String>) -> Self {
        Error::Invalid {
            path: path.to_owned(),
            message: message.into(),
        }
    }
}

/// The quoted line under a syntax error, with a caret under the column.
fn excerpt_suffix(excerpt: Option<&str>, column: usize) -> String {
    let Some(line) = excerpt else {
        return String::new();
    };
    let clean: String = line
        .chars()
        .map(|c| if c.is_control() && c != '\t' { '?' } else { c })
        .collect();
    let pad: String = clean
        .chars()
        .take(column.saturating_sub(1))
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    format!("\n  | {clean}\n  | {pad}^")
}
