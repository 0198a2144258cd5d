//! `navdiff man`: the man pages, made from the command line's own definition. The main page
//! (`navdiff(1)`) is printed; with `--out-dir` it is written with one page per command
//! (`navdiff-diff(1)`, …), each with its options, its exit status and examples.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use clap::CommandFactory;

use crate::cli::args::{Cli, ManArgs};
use crate::source::write_atomic;

pub(crate) fn run(
    args: &ManArgs,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<ExitCode> {
    let mut cli = Cli::command().disable_help_subcommand(true);
    cli.build();
    let Some(dir) = &args.out_dir else {
        stdout.write_all(&page(&cli, None)?)?;
        return Ok(ExitCode::SUCCESS);
    };
    let mut written = vec![write_page(dir, "navdiff", &page(&cli, None)?)?];
    for sub in cli.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("navdiff-{}", sub.get_name());
        written.push(write_page(dir, &name, &page(sub, Some(sub.get_name()))?)?);
    }
    writeln!(
        stderr,
        "wrote {} man pages to {}: {}",
        written.len(),
        dir.display(),
        written.join(", ")
    )?;
    Ok(ExitCode::SUCCESS)
}

fn write_page(dir: &Path, name: &str, roff: &[u8]) -> Result<String> {
    let file = format!("{name}.1");
    write_atomic(&dir.join(&file), roff).with_context(|| format!("cannot write `{file}`"))?;
    Ok(file)
}

/// The man page of `cmd` (the whole program when `sub` is `None`, else its command `sub`):
/// clap's sections, then EXIT STATUS, EXAMPLES and SEE ALSO.
fn page(cmd: &clap::Command, sub: Option<&str>) -> Result<Vec<u8>> {
    // Every page's footer names the program and its version, not the command.
    let man =
        clap_mangen::Man::new(cmd.clone()).source(format!("navdiff {}", env!("CARGO_PKG_VERSION")));
    let mut out = Vec::new();
    man.render_title(&mut out)?;
    man.render_name_section(&mut out)?;
    man.render_synopsis_section(&mut out)?;
    man.render_description_section(&mut out)?;
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut out)?;
    }
    if cmd.has_subcommands() {
        man.render_subcommands_section(&mut out)?;
    }
    out.extend(exit_status(sub).into_bytes());
    out.extend(examples(sub).into_bytes());
    if let Some(sub) = sub {
        out.extend(
            format!(
                ".SH \"SEE ALSO\"\n{}\n",
                roman(&format!("navdiff(1); {}", see_also(sub)))
            )
            .into_bytes(),
        );
    }
    if cmd.get_version().is_some() {
        man.render_version_section(&mut out)?;
    }
    Ok(out)
}

/// The EXIT STATUS section.
fn exit_status(sub: Option<&str>) -> String {
    let mut statuses = vec![("0", "Success.")];
    match sub {
        None | Some("diff") => statuses.push((
            "1",
            "navdiff diff found changes that --exit-code or --fail-on (or fail-on in navdiff.toml) fails on, or old URLs left without a redirect under --fail-on unredirected; one line on standard error says which.",
        )),
        Some("redirects") => statuses.push((
            "1",
            "With --exit-code: an old URL is left without a page or a redirect.",
        )),
        Some(_) => {}
    }
    statuses.push((
        "2",
        "A usage, input, template or git error; standard error names the file, line and revision at fault.",
    ));
    let mut out = String::from(".SH \"EXIT STATUS\"\n");
    for (code, what) in statuses {
        out.push_str(&format!(".TP\n\\fB{code}\\fR\n{}\n", roman(what)));
    }
    out
}

/// Each command's examples: the command line, and what it does.
#[expect(clippy::too_many_lines, reason = "a table, one row an example")]
fn examples_of(sub: Option<&str>) -> &'static [(&'static str, &'static str)] {
    match sub {
        None => &[
            (
                "navdiff diff v1.2",
                "What changed in the navigation since the tag v1.2, working tree included.",
            ),
            (
                "navdiff changelog --update CHANGELOG.md",
                "Refresh the docs-structure section of a changelog, one part per release.",
            ),
            (
                "navdiff man --out-dir /usr/local/share/man/man1",
                "Install these pages.",
            ),
        ],
        Some("diff") => &[
            ("navdiff diff", "HEAD against the working tree, as a table."),
            (
                "navdiff diff origin/main...HEAD -f github",
                "What the branch changed since it left origin/main (the merge base against HEAD, as git diff A...B), as a pull-request comment.",
            ),
            (
                "navdiff diff mkdocs.yml",
                "The uncommitted edits to a tracked nav file: HEAD's copy against the working tree's.",
            ),
            (
                "navdiff diff v1.0 v2.0 -o changes.html",
                "A self-contained HTML page; the extension picks the format.",
            ),
            (
                "navdiff diff v1.0..v2.0 --template notes.md.jinja",
                "Release notes in your own words: the navdiff.diff.v1 document rendered by a MiniJinja template.",
            ),
            (
                "navdiff diff main --fail-on removed",
                "Exit 1 (saying why on standard error) when a page or section was removed.",
            ),
            (
                "navdiff diff old/mkdocs.yml new/mkdocs.yml",
                "Two nav files, no git needed.",
            ),
        ],
        Some("show") => &[
            (
                "navdiff show",
                "The working tree's navigation as an outline.",
            ),
            (
                "navdiff show v1.2 -f json",
                "The navigation at v1.2 as a navdiff.snapshot.v1 snapshot.",
            ),
        ],
        Some("snapshot") => &[
            (
                "navdiff snapshot v1.2",
                "Save the navigation at v1.2 as snapshots/v1.2.json.",
            ),
            ("navdiff snapshot HEAD -o -", "Print the snapshot instead."),
        ],
        Some("changelog") => &[
            (
                "navdiff changelog",
                "Release notes for every tag and Unreleased.",
            ),
            (
                "navdiff changelog v1.0.. --skip-empty",
                "The releases after v1.0 whose navigation changed.",
            ),
            (
                "navdiff changelog --update CHANGELOG.md",
                "Refresh navdiff's block in a hand-written changelog.",
            ),
            (
                "navdiff changelog --latest -o notes.md",
                "The newest release's section alone, written to notes.md.",
            ),
        ],
        Some("log") => &[
            (
                "navdiff log guide/deploy.md",
                "When the page was added, moved, renamed or removed.",
            ),
            (
                "navdiff log 'Guide > Deploy' --first-parent",
                "The same by breadcrumb, along the first parents of merges.",
            ),
        ],
        Some("redirects") => &[
            (
                "navdiff redirects main HEAD --",
                "The old URLs this branch stops serving, and whether a redirect covers each.",
            ),
            (
                "navdiff redirects v1.0 v2.0 -f mkdocs --",
                "The missing redirects as mkdocs-redirects redirect_maps entries, ready to paste.",
            ),
            (
                "navdiff redirects main --exit-code",
                "Exit 1 when an old URL is left without a page or a redirect.",
            ),
        ],
        Some("init") => &[(
            "navdiff init",
            "Write navdiff.toml with every setting and what it does.",
        )],
        Some("completions") => &[(
            "navdiff completions bash > ~/.local/share/bash-completion/completions/navdiff",
            "Tab completion for bash.",
        )],
        Some("man") => &[
            ("navdiff man | man -l -", "Read the main page."),
            (
                "navdiff man --out-dir man/",
                "Write navdiff.1 and a page for each command.",
            ),
        ],
        Some(_) => &[],
    }
}

/// The EXAMPLES section (none when a command has no examples).
fn examples(sub: Option<&str>) -> String {
    let examples = examples_of(sub);
    if examples.is_empty() {
        return String::new();
    }
    let mut out = String::from(".SH EXAMPLES\n");
    for (command, what) in examples {
        out.push_str(&format!(
            ".TP\n\\fB{}\\fR\n{}\n",
            escape(command),
            roman(what)
        ));
    }
    out
}

/// The other commands' pages, for SEE ALSO.
fn see_also(sub: &str) -> String {
    let cli = Cli::command();
    cli.get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != sub)
        .map(|s| format!("navdiff-{}(1)", s.get_name()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `text` as a roff text line: backslashes and hyphens escaped, and a leading `.` or `'`
/// kept from reading as a request.
fn roman(text: &str) -> String {
    let escaped = escape(text);
    if escaped.starts_with(['.', '\'']) {
        format!("\\&{escaped}")
    } else {
        escaped
    }
}

fn escape(text: &str) -> String {
    text.replace('\\', "\\e").replace('-', "\\-")
}
