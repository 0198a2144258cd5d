//! The library's error type.
//!
//! Every error names the input it came from (a file, a revision, or both), and where the
//! input itself is at fault, the line and column. What a user can act on has a variant of
//! its own (a missing or ambiguous nav file, an unknown revision, a shallow clone, a folder
//! outside any repository, …), so that callers decide on variants, never on message text.
//! The CLI prints the message as it is and exits with status 2.

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
    /// The input is well-formed but cannot be used as it is.
    #[error("{path}: {message}")]
    Invalid {
        /// The file.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// A file is larger than navdiff reads.
    #[error("{path}: file is larger than navdiff reads ({} MiB)", .limit >> 20)]
    TooLarge {
        /// The file.
        path: String,
        /// The limit, in bytes.
        limit: u64,
    },
    /// A file navdiff will not read: it leads outside the repository (a symbolic link, an
    /// absolute path, `..`), is a symbolic link in a git tree, or is not a regular file.
    #[error("`{path}` is not read: it {reason}")]
    Refused {
        /// The file as it was named (`docs/leak.md`, `v1.2:mkdocs.yml`).
        path: String,
        /// Why, as a phrase after "it" (`is a FIFO, not a regular file`).
        reason: String,
    },
    /// A file navdiff will not write: it is a symbolic link, or a folder on its way leads
    /// outside the repository it is named in.
    #[error("`{path}` is not written: it {reason}")]
    NotWritten {
        /// The file as it was named.
        path: String,
        /// Why, as a phrase after "it" (`is a symbolic link; …`).
        reason: String,
    },
    /// Reading one tree took more file reads or bytes than navdiff allows one tree.
    #[error(
        "{at}: reading this navigation took more than {limit}; navdiff stops there (does a file include itself, or include too many others?)"
    )]
    ReadBudget {
        /// The revision or folder read.
        at: String,
        /// The limit passed (`200000 file reads`, `1024 MiB`).
        limit: String,
    },
    /// The nav file is a Git LFS pointer, not the file itself.
    #[error(
        "{path}: a Git LFS pointer, not the nav file itself; navdiff reads what git stores (`git lfs pull` fetches the file into a working tree)"
    )]
    LfsPointer {
        /// The file (`v1.2:mkdocs.yml`).
        path: String,
    },
    /// A command-line argument that names both a revision and a file.
    #[error(
        "`{arg}` is both a revision and a file here: write `{arg} --` for the revision (revisions go before `--`, files after), or `./{arg}` for the file"
    )]
    AmbiguousArgument {
        /// The argument as typed.
        arg: String,
    },
    /// A file holds NUL bytes: it is not text.
    #[error("{path}: binary file (it contains NUL bytes), not a nav file")]
    Binary {
        /// The file.
        path: String,
    },
    /// A file whose navigation format neither its name nor its content tells.
    #[error(
        "cannot tell which navigation format `{path}` is{}; pass `--nav-format` (mkdocs, mdbook, docusaurus, keyed-yaml, outline, sphinx, antora, vitepress)",
        .why.as_deref().map(|w| format!(" ({w})")).unwrap_or_default()
    )]
    UnknownFormat {
        /// The file.
        path: String,
        /// Why, when more can be said (`it is not text`).
        why: Option<String>,
    },
    /// `--nav-format` names a format the file plainly is not.
    #[error(
        "`{path}` looks like a {likely} nav file ({evidence}), not {asked}; drop `--nav-format {asked}` or pass `--nav-format {likely}`"
    )]
    WrongFormat {
        /// The file.
        path: String,
        /// The format asked for.
        asked: String,
        /// The format its content shows.
        likely: String,
        /// What in the file shows it.
        evidence: String,
    },
    /// No nav file was found by its usual names.
    #[error(
        "no nav file at `{at}`: looked for {} at the root and under {} (name one with `--nav PATH` or `nav` in navdiff.toml)",
        .looked_for.join(", "),
        folder_list(.folders)
    )]
    NoNav {
        /// The revision or folder looked at (`v1.2`, `the working tree`).
        at: String,
        /// The file names looked for.
        looked_for: Vec<String>,
        /// The folders they were looked for in, besides the root (`docs/`).
        folders: Vec<String>,
    },
    /// Several files look like the nav file.
    #[error(
        "several nav files at `{at}`: {}; choose one with `--nav PATH` (or `nav` in navdiff.toml)",
        .candidates.join(", ")
    )]
    AmbiguousNav {
        /// The revision or folder looked at.
        at: String,
        /// The nav files found.
        candidates: Vec<String>,
    },
    /// The nav file named by `--nav`, `rev:path` or `navdiff.toml` is not at that revision.
    #[error("no `{path}` at `{at}`{}", if *.shallow { " (this is a shallow clone: older commits may be missing; `git fetch --unshallow` fetches them)" } else { "" })]
    MissingNav {
        /// The nav file's path.
        path: String,
        /// The revision.
        at: String,
        /// Whether the repository is a shallow clone, which may be why.
        shallow: bool,
    },
    /// The nav file's path names a folder (or a link) rather than a file.
    #[error("`{path}` at `{at}` is not a file")]
    NotAFile {
        /// The path.
        path: String,
        /// The revision.
        at: String,
    },
    /// A path runs through a submodule, whose files belong to another repository.
    #[error(
        "`{path}` at `{at}` is inside the submodule `{submodule}`; navdiff reads only this repository's files"
    )]
    Submodule {
        /// The path asked for.
        path: String,
        /// The revision.
        at: String,
        /// The submodule's path.
        submodule: String,
    },
    /// No revision of that name.
    #[error("unknown revision `{rev}` in `{repo}`")]
    UnknownRevision {
        /// The revision as typed.
        rev: String,
        /// The repository.
        repo: String,
    },
    /// No revision of that name, in a shallow clone whose missing history may hold it.
    #[error(
        "unknown revision `{rev}` in `{repo}` (this is a shallow clone: `git fetch --unshallow`, or `--deepen=N`, fetches the missing history)"
    )]
    Shallow {
        /// The revision as typed.
        rev: String,
        /// The repository.
        repo: String,
    },
    /// A short commit id that several objects start with.
    #[error("revision `{rev}` is ambiguous in `{repo}`: give more of the commit id")]
    AmbiguousRevision {
        /// The revision as typed.
        rev: String,
        /// The repository.
        repo: String,
    },
    /// A revision that names something other than a commit (a tree, a blob).
    #[error("revision `{rev}` is not a commit")]
    NotACommit {
        /// The revision as typed.
        rev: String,
    },
    /// No git repository holds the folder.
    #[error("no git repository at or above `{path}` (use `--repo DIR`)")]
    OutsideRepository {
        /// The folder searched from.
        path: String,
    },
    /// The repository belongs to another user, and git will not open it until it is trusted.
    #[error(
        "the repository at `{path}` is owned by another user; if you trust it, mark it safe with `git config --global --add safe.directory {path}`"
    )]
    NotOwned {
        /// The repository.
        path: String,
    },
    /// A bare repository has no working tree to read.
    #[error(
        "`{repo}` is a bare repository: it has no working tree to read; name a revision instead (`HEAD`, a tag, a branch)"
    )]
    BareRepository {
        /// The repository.
        repo: String,
    },
    /// A release named in a range is not among the release tags.
    #[error("`{name}` is not a release tag (tags: {})", if .tags.is_empty() { "none".to_owned() } else { .tags.join(", ") })]
    UnknownRelease {
        /// The name as typed.
        name: String,
        /// The release tags there are.
        tags: Vec<String>,
    },
    /// The nav at a release could not be read.
    #[error("cannot read the nav at `{release}`")]
    Release {
        /// The release's tag.
        release: String,
        /// Why.
        #[source]
        source: Box<Error>,
    },
    /// A release range that is not `FROM..` or `FROM..TO`.
    #[error("`{range}` is not a range: write `FROM..` or `FROM..TO`")]
    NotARange {
        /// The range as typed.
        range: String,
    },
    /// A release range whose end comes before its start.
    #[error("`{to}` comes before `{from}` in release order")]
    ReversedRange {
        /// The start of the range.
        from: String,
        /// Its end.
        to: String,
    },
    /// A glob (`--tags`, `--ignore`, `tags` or `ignore` in `navdiff.toml`) that cannot be read.
    #[error("`{glob}` is not a glob pattern: {reason}")]
    Glob {
        /// The glob as written.
        glob: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Nothing in a nav's history matches a `log` query.
    #[error("nothing in the nav's history matches `{query}`{}", did_you_mean(.suggestions))]
    NoSuchEntry {
        /// The query.
        query: String,
        /// Titles, breadcrumbs and targets that look like it.
        suggestions: Vec<String>,
    },
    /// A `log` query matches several entries of one version.
    #[error(
        "`{query}` matches several entries: {}; name one by its target or breadcrumb (`Parent › Title`)",
        .candidates.join("; ")
    )]
    AmbiguousEntry {
        /// The query.
        query: String,
        /// The breadcrumbs of the entries it matches.
        candidates: Vec<String>,
    },
    /// A markdown file whose navdiff block is broken: a marker missing, repeated or out of
    /// order.
    #[error(
        "{path}: the file has a broken navdiff block: it needs exactly one `<!-- navdiff:start -->` line and one `<!-- navdiff:end -->` line, in that order"
    )]
    BrokenBlock {
        /// The file.
        path: String,
    },
    /// Any other failure of git, with what was being done.
    #[error("{what}: {message}")]
    Git {
        /// What navdiff was doing (``cannot read the tree of `v1.2` ``).
        what: String,
        /// git's own message.
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

/// `docs/, website/ and book/`.
fn folder_list(folders: &[String]) -> String {
    match folders {
        [] => "no other folder".to_owned(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// `; did you mean: A; B?`, or nothing without suggestions.
fn did_you_mean(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        String::new()
    } else {
        format!("; did you mean: {}?", suggestions.join("; "))
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

#[cfg(test)]
mod tests {
    use super::Error;

    #[test]
    fn messages_say_what_to_do() {
        let no_nav = Error::NoNav {
            at: "HEAD".into(),
            looked_for: vec!["mkdocs.yml".into(), "SUMMARY.md".into()],
            folders: vec!["docs/".into(), "website/".into(), "book/".into()],
        };
        assert_eq!(
            no_nav.to_string(),
            "no nav file at `HEAD`: looked for mkdocs.yml, SUMMARY.md at the root and under docs/, website/ and book/ (name one with `--nav PATH` or `nav` in navdiff.toml)"
        );
        let missing = Error::MissingNav {
            path: "docs/nav.yml".into(),
            at: "v1".into(),
            shallow: false,
        };
        assert_eq!(missing.to_string(), "no `docs/nav.yml` at `v1`");
        let query = Error::NoSuchEntry {
            query: "Deploy".into(),
            suggestions: vec!["Deployment".into(), "Guide › Deploying".into()],
        };
        assert_eq!(
            query.to_string(),
            "nothing in the nav's history matches `Deploy`; did you mean: Deployment; Guide › Deploying?"
        );
        let release = Error::UnknownRelease {
            name: "v9".into(),
            tags: Vec::new(),
        };
        assert_eq!(
            release.to_string(),
            "`v9` is not a release tag (tags: none)"
        );
    }
}
