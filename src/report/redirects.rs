//! Redirect coverage as reports: the table and the `navdiff.redirects.v1` JSON document of
//! `navdiff redirects`, and the "Needs a redirect" part of the diff reports.
//!
//! URLs come from the repository (file names, slugs, configuration): they are made safe for
//! each medium like titles are.

use std::io::{self, Write};

use serde::Serialize;

use crate::diff::{Change, Diff, Side};
use crate::redirects::{Coverage, SnippetFormat, Status, UrlChange, UrlChangeKind};
use crate::report::{RenderOptions, code_span, escape_markdown, terminal_safe};

/// The outputs of `navdiff redirects`: a table, the JSON document, or entries to paste in
/// one tool's syntax. The one list of them: the command line's `--format` values and their
/// help come from [`RedirectsFormat::ALL`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RedirectsFormat {
    /// A table for the terminal.
    Table,
    /// The `navdiff.redirects.v1` document.
    Json,
    /// Entries to paste, in a generator's or host's syntax.
    Snippet(SnippetFormat),
}

impl RedirectsFormat {
    /// Every output, in the order `--help` lists them.
    pub const ALL: [RedirectsFormat; 9] = [
        RedirectsFormat::Table,
        RedirectsFormat::Json,
        RedirectsFormat::Snippet(SnippetFormat::Mkdocs),
        RedirectsFormat::Snippet(SnippetFormat::Mdbook),
        RedirectsFormat::Snippet(SnippetFormat::Sphinx),
        RedirectsFormat::Snippet(SnippetFormat::Docusaurus),
        RedirectsFormat::Snippet(SnippetFormat::Antora),
        RedirectsFormat::Snippet(SnippetFormat::Netlify),
        RedirectsFormat::Snippet(SnippetFormat::Vercel),
    ];

    /// The name used on the command line.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            RedirectsFormat::Table => "table",
            RedirectsFormat::Json => "json",
            RedirectsFormat::Snippet(f) => f.name(),
        }
    }

    /// What it is, in a few words.
    #[must_use]
    pub fn description(self) -> &'static str {
        match self {
            RedirectsFormat::Table => "A table for the terminal",
            RedirectsFormat::Json => "The `navdiff.redirects.v1` document",
            RedirectsFormat::Snippet(SnippetFormat::Mkdocs) => {
                "mkdocs-redirects `redirect_maps` entries"
            }
            RedirectsFormat::Snippet(SnippetFormat::Mdbook) => "`[output.html.redirect]` entries",
            RedirectsFormat::Snippet(SnippetFormat::Sphinx) => {
                "sphinx-reredirects (or rediraffe) entries"
            }
            RedirectsFormat::Snippet(SnippetFormat::Docusaurus) => {
                "client-redirects `redirects` entries"
            }
            RedirectsFormat::Snippet(SnippetFormat::Antora) => "`:page-aliases:` lines",
            RedirectsFormat::Snippet(SnippetFormat::Netlify) => "`_redirects` lines",
            RedirectsFormat::Snippet(SnippetFormat::Vercel) => "`vercel.json` `redirects` entries",
        }
    }
}

impl std::fmt::Display for RedirectsFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The schema id of `navdiff redirects --format json`.
pub const REDIRECTS_SCHEMA: &str = "navdiff.redirects.v1";

/// What a redirects report shows: the coverage, and the diff it was computed along (for
/// the two sides' names).
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct RedirectsReport<'a> {
    /// The diff of the two navigations.
    pub diff: &'a Diff,
    /// The old URLs against the new revision.
    pub coverage: &'a Coverage,
}

impl<'a> RedirectsReport<'a> {
    /// A report of `coverage`, computed along `diff`.
    #[must_use]
    pub fn new(diff: &'a Diff, coverage: &'a Coverage) -> Self {
        RedirectsReport { diff, coverage }
    }
}

/// How many old URLs moved, went, are covered and are not.
#[derive(Debug, Clone, Copy, Serialize)]
struct Counts {
    pages: usize,
    still_served: usize,
    moved: usize,
    removed: usize,
    redirected: usize,
    missing: usize,
}

fn counts(c: &Coverage) -> Counts {
    let count = |f: &dyn Fn(&UrlChange) -> bool| c.entries.iter().filter(|e| f(e)).count();
    Counts {
        pages: c.pages,
        still_served: c.still_served,
        moved: count(&|e| e.kind == UrlChangeKind::Moved),
        removed: count(&|e| e.kind == UrlChangeKind::Removed),
        redirected: count(&|e| e.status == Status::Redirected),
        missing: count(&|e| e.status == Status::Missing),
    }
}

/// The headline: how many old URLs need a redirect.
fn headline(report: &RedirectsReport<'_>, sides: &str) -> String {
    let c = report.coverage;
    if !c.computed {
        return format!("Redirects were not computed ({sides}).");
    }
    let n = counts(c);
    let urls = |k: usize| if k == 1 { "URL" } else { "URLs" };
    if c.entries.is_empty() {
        return format!(
            "Every old page URL ({} {}) still serves a page ({sides}).",
            n.pages,
            urls(n.pages)
        );
    }
    if n.missing == 0 {
        return if c.entries.len() == 1 {
            format!("1 old URL no longer serves a page, and a redirect covers it ({sides}).")
        } else {
            format!(
                "{} old URLs no longer serve a page, and redirects cover them all ({sides}).",
                c.entries.len()
            )
        };
    }
    format!(
        "{} of {} old page {} {} a redirect{} ({sides}).",
        n.missing,
        n.pages,
        urls(n.pages),
        if n.missing == 1 { "needs" } else { "need" },
        if n.redirected > 0 {
            format!("; {} more redirected", n.redirected)
        } else {
            String::new()
        }
    )
}

/// Where an old URL leads now, for the table: the page's new URL; for a removed page, where
/// its redirect leads, else `removed; suggest /up/` (or `removed; no successor evident`).
fn leads_to(entry: &UrlChange, show: &dyn Fn(&str) -> String) -> String {
    if let Some(was) = &entry.old_redirect {
        let at = match was.line {
            Some(line) => format!("{}:{line}", was.file),
            None => was.file.clone(),
        };
        return format!(
            "redirect removed: {at} at the old revision led to {}",
            show(&was.to)
        );
    }
    match (&entry.new_url, &entry.redirect, &entry.suggestion) {
        (Some(url), _, _) => show(url),
        (None, Some(r), _) => show(&r.to),
        (None, None, Some(s)) => format!("removed; suggest {}", show(s)),
        (None, None, None) => "removed; no successor evident".to_owned(),
    }
}

/// Whether a redirect covers an old URL, and which: `missing`, `redirected (mkdocs.yml:12)`,
/// and where it leads when that is not the page's new URL.
fn status(entry: &UrlChange, show: &dyn Fn(&str) -> String) -> String {
    let Some(r) = &entry.redirect else {
        return entry.status.name().to_owned();
    };
    let place = match r.line {
        Some(line) => format!("{}:{line}", r.file),
        None => r.file.clone(),
    };
    if r.elsewhere {
        format!("redirected to {} ({})", show(&r.to), show(&place))
    } else {
        format!("redirected ({})", show(&place))
    }
}

/// The `navdiff redirects` table, and the notes under it.
pub fn render_redirects_table(
    report: &RedirectsReport<'_>,
    opts: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let sides = format!(
        "{} → {}",
        terminal_safe(&report.diff.old.label),
        terminal_safe(&report.diff.new.label)
    );
    writeln!(out, "{}", headline(report, &sides))?;
    let safe = |t: &str| terminal_safe(t).into_owned();
    if !report.coverage.entries.is_empty() {
        let rows = report
            .coverage
            .entries
            .iter()
            .map(|e| {
                let style = opts.color.then(|| {
                    match e.status {
                        Status::Missing => anstyle::AnsiColor::Red,
                        Status::Redirected => anstyle::AnsiColor::Green,
                    }
                    .on_default()
                });
                (
                    style,
                    [status(e, &safe), safe(&e.old_url), leads_to(e, &safe)],
                )
            })
            .collect();
        let table = super::table::Table::new(["Status", "Old URL", "Now"].map(str::to_owned), rows);
        for line in table.lines(usize::from(opts.width), opts.table_style) {
            writeln!(out, "{line}")?;
        }
    }
    for note in &report.coverage.notes {
        writeln!(out, "note: {}", terminal_safe(note))?;
    }
    Ok(())
}

#[derive(Serialize)]
struct SideOut<'a> {
    label: &'a str,
    format: crate::model::NavFormat,
    path: Option<&'a str>,
    commit: Option<&'a str>,
    #[serde(serialize_with = "crate::model::rfc3339_offset::serialize")]
    time: Option<chrono::DateTime<chrono::FixedOffset>>,
    base: Option<&'a str>,
}

fn side<'a>(side: &'a Side, base: &'a str, computed: bool) -> SideOut<'a> {
    SideOut {
        label: &side.label,
        format: side.format,
        path: side.path.as_deref(),
        commit: side.commit.as_deref(),
        time: side.time,
        base: computed.then_some(base),
    }
}

#[derive(Serialize)]
struct Document<'a> {
    schema: &'static str,
    old: SideOut<'a>,
    new: SideOut<'a>,
    computed: bool,
    summary: Counts,
    urls: &'a [UrlChange],
    notes: &'a [String],
}

/// The `navdiff.redirects.v1` JSON document.
pub fn render_redirects_json(report: &RedirectsReport<'_>, out: &mut dyn Write) -> io::Result<()> {
    let c = report.coverage;
    let doc = Document {
        schema: REDIRECTS_SCHEMA,
        old: side(&report.diff.old, &c.old_base, c.computed),
        new: side(&report.diff.new, &c.new_base, c.computed),
        computed: c.computed,
        summary: counts(c),
        urls: &c.entries,
        notes: &c.notes,
    };
    let mut text = serde_json::to_string_pretty(&doc).map_err(io::Error::other)?;
    text.push('\n');
    out.write_all(text.as_bytes())
}

/// The old URLs left without a page or a redirect, each as a markdown list item's text:
/// ``Guide › Deploy: `/guide/deploy/` → `/ops/deploy/` ``.
pub(crate) fn needs_redirect_items(coverage: &Coverage) -> Vec<String> {
    coverage
        .missing()
        .map(|e| {
            if e.old_path.is_empty() {
                return url_change(e, &|u| code_span(u));
            }
            format!(
                "{}: {}",
                crumbs(e, escape_markdown),
                url_change(e, &|u| code_span(u))
            )
        })
        .collect()
}

/// Whether every old URL of the removed `change` (its page, and the pages under it) is
/// covered by a redirect; false when it had none.
pub(crate) fn is_redirected(change: &Change, coverage: &Coverage) -> bool {
    let mut entries = coverage
        .entries
        .iter()
        .filter(|e| e.change.as_deref() == Some(change.id.as_str()))
        .peekable();
    entries.peek().is_some() && entries.all(UrlChange::is_covered)
}

/// Under the table: how many old URLs need a redirect, and the command that lists them.
pub(crate) fn table_note(coverage: Option<&Coverage>, out: &mut dyn Write) -> io::Result<()> {
    let Some(n) = coverage.map(Coverage::missing_count).filter(|&n| n > 0) else {
        return Ok(());
    };
    if n == 1 {
        writeln!(
            out,
            "1 old URL needs a redirect: `navdiff redirects` lists it and writes the entry."
        )
    } else {
        writeln!(
            out,
            "{n} old URLs need a redirect: `navdiff redirects` lists them and writes the entries."
        )
    }
}

/// The old breadcrumb of an entry, each title shown by `each`: `Guide › Deploy`.
fn crumbs(entry: &UrlChange, each: fn(&str) -> String) -> String {
    entry
        .old_path
        .iter()
        .map(|t| {
            if t.is_empty() {
                "(untitled)".to_owned()
            } else {
                each(t)
            }
        })
        .collect::<Vec<_>>()
        .join(" › ")
}

/// An old URL and what became of it: `/old/ → /new/`, `/old/ (removed; suggest /up/)`.
fn url_change(entry: &UrlChange, show: &dyn Fn(&str) -> String) -> String {
    if entry.kind == UrlChangeKind::RedirectRemoved {
        return format!("{} ({})", show(&entry.old_url), leads_to(entry, show));
    }
    match (&entry.new_url, &entry.suggestion) {
        (Some(new), _) => format!("{} → {}", show(&entry.old_url), show(new)),
        (None, Some(s)) => format!("{} (removed; suggest {})", show(&entry.old_url), show(s)),
        (None, None) => format!("{} (removed; no successor evident)", show(&entry.old_url)),
    }
}
