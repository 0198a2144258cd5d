//! The command line's arguments, as clap reads them. `///` comments are the help text.

use std::path::PathBuf;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::config::FailOn;
use crate::model::NavFormat;
use crate::report::{RedirectsFormat, ReportFormat};

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
    /// Show how the navigation changed between two versions.
    Diff(DiffArgs),
    /// Print one navigation tree as an indented outline, or as snapshot JSON.
    Show(ShowArgs),
    /// Save the navigation tree at a revision as a snapshot file.
    Snapshot(SnapshotArgs),
    /// Write release notes for the docs structure: one section per release tag.
    Changelog(ChangelogArgs),
    /// The history of one page or section: added, moved, renamed, removed, when.
    Log(LogArgs),
    /// List the old URLs that no longer serve a page, whether a redirect covers each, and
    /// write the redirects that are missing.
    Redirects(RedirectsArgs),
    /// Write a navdiff.toml with every setting, in the repository root.
    Init(InitArgs),
    /// Print a shell completion script.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print navdiff's man page (roff), or write one for each command into a folder.
    Man(ManArgs),
}

#[derive(Debug, Args)]
pub(crate) struct ManArgs {
    /// Write `navdiff.1` and a page for each command (`navdiff-diff.1`, …) into this folder
    /// instead of printing the main page.
    #[arg(long, value_name = "DIR")]
    pub(crate) out_dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct DiffArgs {
    /// The old side: a git revision (`v1.2`, `origin/main`, `REV:PATH`), a nav file, a
    /// snapshot, or `OLD..NEW` [default: HEAD].
    pub(crate) old: Option<String>,

    /// The new side, like the old one [default: the working tree, uncommitted edits included].
    pub(crate) new: Option<String>,

    /// Files after `--`, as in git: `navdiff diff v1.2 -- nav.yml`. Before `--` every
    /// argument is a revision; without `--`, one that names both a revision and a file is
    /// an error.
    #[arg(last = true, value_name = "FILE")]
    pub(crate) files: Vec<String>,

    /// The report: a terminal `table`, a `markdown` changelog section, `json`
    /// (`navdiff.diff.v1`), `github` (a pull-request comment), a self-contained `html` page
    /// or `annotations` (GitHub workflow commands on the nav file's lines) [default:
    /// `table`, or what `--output`'s extension says: `.md`, `.json`, `.html`].
    #[arg(short, long, value_parser = report_format_parser())]
    pub(crate) format: Option<ReportFormat>,

    /// Render the `navdiff.diff.v1` document through this MiniJinja template instead of a
    /// built-in report (HTML-escaped when the file name ends in `.html`).
    #[arg(long, value_name = "FILE", conflicts_with = "format")]
    pub(crate) template: Option<PathBuf>,

    /// Write the report to this file (atomically) instead of standard output; its extension
    /// picks the format unless `--format` is given.
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,

    /// Colour the table: `auto` when standard output is a terminal and `NO_COLOR` is unset.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub(crate) color: ColorChoice,

    /// Exit with status 1 when anything changed.
    #[arg(long)]
    pub(crate) exit_code: bool,

    /// Exit with status 1 when changes of these kinds are found, or with `unredirected`
    /// when an old URL is left without a page or a redirect, e.g. `removed,unredirected`
    /// [default: `fail-on` in navdiff.toml].
    #[arg(long, value_name = "KINDS", value_delimiter = ',', value_parser = fail_on_parser(), env = "NAVDIFF_FAIL_ON")]
    pub(crate) fail_on: Vec<FailOn>,

    #[command(flatten)]
    pub(crate) matching: MatchArgs,

    #[command(flatten)]
    pub(crate) workspace: WorkspaceArgs,
}

#[derive(Debug, Args)]
pub(crate) struct RedirectsArgs {
    /// The old side: a git revision (`v1.2`, `origin/main`, `REV:PATH`), a nav file, a
    /// snapshot, or `OLD..NEW` [default: HEAD].
    pub(crate) old: Option<String>,

    /// The new side, like the old one [default: the working tree, uncommitted edits included].
    pub(crate) new: Option<String>,

    /// Files after `--`, as in git: `navdiff redirects v1.2 -- site/mkdocs.yml`.
    #[arg(last = true, value_name = "FILE")]
    pub(crate) files: Vec<String>,

    /// A `table`, `json` (`navdiff.redirects.v1`), or the missing redirects as entries to
    /// paste in a generator's or host's syntax.
    #[arg(short, long, value_parser = redirects_format_parser(), default_value_t = RedirectsFormat::Table)]
    pub(crate) format: RedirectsFormat,

    /// Write to this file (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,

    /// Colour the table: `auto` when standard output is a terminal and `NO_COLOR` is unset.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub(crate) color: ColorChoice,

    /// Exit with status 1 when an old URL is left without a page or a redirect.
    #[arg(long)]
    pub(crate) exit_code: bool,

    #[command(flatten)]
    pub(crate) matching: MatchArgs,

    #[command(flatten)]
    pub(crate) workspace: WorkspaceArgs,
}

/// How the diff engine pairs nodes; merged with `navdiff.toml` by
/// [`diff_options`](crate::cli::workspace::diff_options).
#[derive(Debug, Clone, Default, Args)]
pub(crate) struct MatchArgs {
    /// How alike two titles under matched parents must be to count as one renamed node (0–1)
    /// [default: 0.6].
    #[arg(long, value_name = "RATIO", value_parser = ratio)]
    pub(crate) title_similarity: Option<f64>,

    /// How many children two sections must share to count as one (dice, 0–1) [default: 0.5].
    #[arg(long, value_name = "RATIO", value_parser = ratio)]
    pub(crate) dice: Option<f64>,

    /// Do not report reordered nodes.
    #[arg(long)]
    pub(crate) ignore_reorders: bool,

    /// Do not report renames that only change letter case.
    #[arg(long)]
    pub(crate) ignore_case: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    /// When writing to a terminal and `NO_COLOR` is unset.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

#[derive(Debug, Args)]
#[expect(clippy::struct_excessive_bools, reason = "clap flags are bools")]
pub(crate) struct ChangelogArgs {
    /// Which releases: `v1.0..` (those after v1.0, and Unreleased), `v1.0..v2.0`, or all
    /// tags and Unreleased when omitted.
    pub(crate) range: Option<String>,

    /// Only tags matching this glob (`v*`) [default: every tag, or `tags` in navdiff.toml].
    #[arg(long, value_name = "GLOB")]
    pub(crate) tags: Option<String>,

    /// Leave out releases whose navigation did not change.
    #[arg(long)]
    pub(crate) skip_empty: bool,

    /// Compare the working tree (uncommitted edits included), not HEAD, for Unreleased.
    #[arg(long)]
    pub(crate) worktree: bool,

    /// Only the newest release (no Unreleased).
    #[arg(long)]
    pub(crate) latest: bool,

    /// `markdown` sections, or `json` (each release with its `navdiff.diff.v1` diff).
    #[arg(short, long, value_enum, default_value_t = ChangelogFormat::Markdown)]
    pub(crate) format: ChangelogFormat,

    /// Write the changelog to this file (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE", conflicts_with = "update")]
    pub(crate) output: Option<PathBuf>,

    /// Refresh navdiff's block (between `<!-- navdiff:start -->` and `<!-- navdiff:end -->`)
    /// in this markdown file: the sections of the releases in RANGE are rewritten, every
    /// other section and the rest of the file are kept as they are; the block is created
    /// below the intro (the first paragraph under the title) when absent.
    #[arg(long, value_name = "FILE", conflicts_with = "format")]
    pub(crate) update: Option<PathBuf>,

    /// Render the `navdiff.changelog.v1` document through this MiniJinja template instead
    /// (HTML-escaped when the file name ends in `.html`); each release's diff has navdiff's
    /// wording beside it as `report`.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["format", "update"])]
    pub(crate) template: Option<PathBuf>,

    /// Fail (exit 2) when a release cannot be read, instead of skipping it with a warning.
    #[arg(long)]
    pub(crate) strict: bool,

    #[command(flatten)]
    pub(crate) matching: MatchArgs,

    #[command(flatten)]
    pub(crate) workspace: WorkspaceArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ChangelogFormat {
    /// Keep-a-Changelog sections.
    Markdown,
    /// A `navdiff.changelog.v1` document.
    Json,
}

#[derive(Debug, Args)]
pub(crate) struct LogArgs {
    /// The page or section: its target (`guide/deploy.md`), title (`Deploy`) or breadcrumb
    /// (`Guide › Deploy`, or `Guide > Deploy`).
    pub(crate) query: String,

    /// List events where they reached the first-parent line: an event made on a merged
    /// branch is listed at its merge, and says which.
    #[arg(long)]
    pub(crate) first_parent: bool,

    /// `text`, or `json` (a `navdiff.log.v1` document).
    #[arg(short, long, value_enum, default_value_t = LogFormat::Text)]
    pub(crate) format: LogFormat,

    /// Fail (exit 2) when a version of the nav cannot be read, instead of skipping it with a
    /// warning.
    #[arg(long)]
    pub(crate) strict: bool,

    #[command(flatten)]
    pub(crate) matching: MatchArgs,

    #[command(flatten)]
    pub(crate) workspace: WorkspaceArgs,
}

#[derive(Debug, Args)]
pub(crate) struct InitArgs {
    /// Replace an existing navdiff.toml.
    #[arg(long)]
    pub(crate) force: bool,

    #[command(flatten)]
    pub(crate) workspace: WorkspaceArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum LogFormat {
    /// One event a line.
    Text,
    /// A `navdiff.log.v1` document.
    Json,
}

/// Where the repository and its nav file are, how to read it and what to leave out; shared
/// by every command that reads trees.
#[derive(Debug, Clone, Args)]
pub(crate) struct WorkspaceArgs {
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

    /// Leave out entries whose target or title matches this glob, with everything under them
    /// (repeatable; adds to `ignore` in navdiff.toml).
    #[arg(long, value_name = "GLOB")]
    pub(crate) ignore: Vec<String>,

    /// Do not print the readers' warnings on standard error.
    #[arg(short, long)]
    pub(crate) quiet: bool,

    /// Take the settings from this file instead of navdiff.toml [default: navdiff.toml at
    /// the repository root; when both sides of a diff are revisions, the old side's].
    #[arg(long, value_name = "FILE", env = "NAVDIFF_CONFIG")]
    pub(crate) config: Option<PathBuf>,

    /// Whether the command line had a `--` (set after parsing): arguments before it are
    /// revisions, after it files.
    #[arg(skip)]
    pub(crate) separator: bool,
}

impl Command {
    /// Records that the command line had a `--`.
    pub(crate) fn set_separator(&mut self, seen: bool) {
        let workspace = match self {
            Command::Diff(a) => &mut a.workspace,
            Command::Show(a) => &mut a.workspace,
            Command::Snapshot(a) => &mut a.workspace,
            Command::Changelog(a) => &mut a.workspace,
            Command::Log(a) => &mut a.workspace,
            Command::Redirects(a) => &mut a.workspace,
            Command::Init(a) => &mut a.workspace,
            Command::Completions { .. } | Command::Man(_) => return,
        };
        workspace.separator = seen;
    }
}

#[derive(Debug, Args)]
pub(crate) struct ShowArgs {
    /// What to print: a nav file, a snapshot, a git revision (`v1.2`, `main~3`), or
    /// `REV:PATH` [default: the nav file in the working tree].
    pub(crate) source: Option<String>,

    /// A file after `--`, as in git (`navdiff show -- HEAD` reads the file named `HEAD`).
    #[arg(last = true, value_name = "FILE")]
    pub(crate) files: Vec<String>,

    /// How to print the tree: `outline` (indented titles, `→ target` after pages) or
    /// `json` (a `navdiff.snapshot.v1` snapshot).
    #[arg(short, long, value_enum, default_value_t = ShowFormat::Outline)]
    pub(crate) format: ShowFormat,

    #[command(flatten)]
    pub(crate) workspace: WorkspaceArgs,
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

    /// Where to write the snapshot (`-` for standard output; default: `snapshots/<REV>.json`).
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,

    /// Leave out where each entry is written (its file, line and column), which the
    /// snapshot otherwise keeps for annotations: a snapshot that changes only when the
    /// navigation does.
    #[arg(long)]
    pub(crate) no_locations: bool,

    #[command(flatten)]
    pub(crate) workspace: WorkspaceArgs,
}

/// Accepts the names of `all`, and lists them (with `help`'s words when given) in `--help`
/// and in errors: the one way a list of the library becomes a list of values.
fn choice<T>(
    all: &'static [T],
    name: fn(T) -> &'static str,
    help: Option<fn(T) -> &'static str>,
) -> impl TypedValueParser<Value = T>
where
    T: Copy + Send + Sync + 'static,
{
    let values = all.iter().map(move |&v| {
        let value = PossibleValue::new(name(v));
        match help {
            Some(help) => value.help(help(v)),
            None => value,
        }
    });
    PossibleValuesParser::new(values).map(move |chosen| {
        *all.iter()
            .find(|&&v| name(v) == chosen)
            .expect("only listed names get through")
    })
}

fn nav_format_parser() -> impl TypedValueParser<Value = NavFormat> {
    choice(&NavFormat::ALL, NavFormat::name, None)
}

fn fail_on_parser() -> impl TypedValueParser<Value = FailOn> {
    choice(&FailOn::ALL, FailOn::name, None)
}

fn report_format_parser() -> impl TypedValueParser<Value = ReportFormat> {
    choice(
        &ReportFormat::ALL,
        ReportFormat::name,
        Some(ReportFormat::description),
    )
}

fn redirects_format_parser() -> impl TypedValueParser<Value = RedirectsFormat> {
    choice(
        &RedirectsFormat::ALL,
        RedirectsFormat::name,
        Some(RedirectsFormat::description),
    )
}

fn ratio(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(r) if (0.0..=1.0).contains(&r) => Ok(r),
        _ => Err(format!("`{text}` is not a ratio from 0 to 1")),
    }
}
