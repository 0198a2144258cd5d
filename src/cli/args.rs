//! The command line's arguments, as clap reads them. `///` comments are the help text.

use std::path::PathBuf;

use clap::builder::TypedValueParser as _;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::model::NavFormat;

/// Show how the structure of a documentation site's navigation changed between two
/// versions: pages and sections added, removed, moved, renamed, relinked and reordered.
///
/// navdiff reads the nav definition (MkDocs `nav:`, mdBook `SUMMARY.md`, Docusaurus
/// sidebars, keyed YAML, Sphinx toctrees, Antora `nav.adoc`, VitePress sidebars, outlines)
/// from files, snapshots or any git revision, without a checkout.
#[derive(Debug, Parser)]
#[command(name = "navdiff", version, max_term_width = 100)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Print one navigation tree as an indented outline, or as snapshot JSON.
    Show(ShowArgs),
    /// Save the navigation tree at a revision as a snapshot file.
    Snapshot(SnapshotArgs),
    /// Print a shell completion script.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print navdiff's man page (roff).
    Man,
}

/// Where the nav file is and how to read it; shared by every command that reads trees.
#[derive(Debug, Clone, Args)]
pub(crate) struct SourceArgs {
    /// The git repository to read revisions from [default: the one holding the current folder].
    #[arg(long, value_name = "DIR", env = "NAVDIFF_REPO")]
    pub(crate) repo: Option<PathBuf>,

    /// The nav file's path in the repository [default: found by its usual names, or `nav` in
    /// navdiff.toml].
    #[arg(long, value_name = "PATH", env = "NAVDIFF_NAV")]
    pub(crate) nav: Option<String>,

    /// Read the nav file as this format instead of detecting it from its name and content.
    #[arg(long, value_name = "FORMAT", value_parser = nav_format_parser())]
    pub(crate) nav_format: Option<NavFormat>,

    /// Do not print the readers' warnings on standard error.
    #[arg(short, long)]
    pub(crate) quiet: bool,
}

#[derive(Debug, Args)]
pub(crate) struct ShowArgs {
    /// What to print: a nav file, a snapshot, a git revision (`v1.2`, `main~3`), or
    /// `REV:PATH` [default: the nav file in the working tree].
    pub(crate) source: Option<String>,

    /// How to print the tree: `outline` (indented titles, `→ target` after pages) or
    /// `json` (a `navdiff.snapshot.v1` snapshot).
    #[arg(short, long, value_enum, default_value_t = ShowFormat::Outline)]
    pub(crate) format: ShowFormat,

    #[command(flatten)]
    pub(crate) source_args: SourceArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ShowFormat {
    /// Indented titles, two spaces a level.
    Outline,
    /// A `navdiff.snapshot.v1` snapshot.
    Json,
}

#[derive(Debug, Args)]
pub(crate) struct SnapshotArgs {
    /// The revision to snapshot (`v1.2`, `main`, `HEAD~3`, a commit id, `REV:PATH`).
    #[arg(default_value = "HEAD")]
    pub(crate) rev: String,

    /// Where to write the snapshot (`-` for standard output) [default: snapshots/<REV>.json].
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,

    #[command(flatten)]
    pub(crate) source_args: SourceArgs,
}

/// Accepts the names of [`NavFormat::ALL`], and lists them in `--help` and in errors.
fn nav_format_parser() -> impl clap::builder::TypedValueParser<Value = NavFormat> {
    clap::builder::PossibleValuesParser::new(NavFormat::ALL.map(NavFormat::name)).map(|name| {
        name.parse::<NavFormat>()
            .expect("only listed names get through")
    })
}
