//! One self-contained HTML page for reviewing a restructure: the old and new trees merged
//! into rows (a matched pair on one row, see `rows.rs`), unchanged subtrees folded in the
//! default "changes only" view, summary pills that step through every change of their kind,
//! a filter, and moved nodes linked between their places.
//!
//! The markup is a `MiniJinja` template (`templates/html.jinja`) rendered in the reports'
//! template environment (`template.rs`) with HTML auto-escaping, so every title and target
//! from a repository is text, never markup; the style and script are their own files
//! (`templates/html.css`, `templates/html.js`), put into the page as they are. The script
//! reads the rows from the DOM and never writes data as HTML. A Content Security Policy
//! allows nothing to be loaded and nothing to run but the page's own style and script.

mod csp;
mod rows;

use std::fmt::Write as _;
use std::io::{self, Write};

use minijinja::{AutoEscape, Environment, UndefinedBehavior, Value, context};
use serde::Serialize;

use crate::diff::{Change, ChangeKind, Diff};
use crate::redirects::UrlChange;
use crate::report::{Report, escape_html, identity_note, summary_line};

const TEMPLATE: &str = include_str!("templates/html.jinja");
const STYLE: &str = include_str!("templates/html.css");
const SCRIPT: &str = include_str!("templates/html.js");

/// One pill of the summary: the changes of one kind.
#[derive(Serialize)]
struct Pill {
    kind: &'static str,
    /// The summary's count: changes of this kind, each counted once.
    count: usize,
    /// What some of them are too: `1 also relinked`.
    also: String,
}

/// One side of the diff, as the page names it.
#[derive(Serialize)]
struct SideInfo<'a> {
    label: &'a str,
    nodes: usize,
}

pub(super) fn render(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let diff = report.diff;
    let coverage = report.redirects;
    let redirected = |c: &Change| {
        c.kind == ChangeKind::Removed
            && coverage.is_some_and(|r| super::redirects::is_redirected(c, r))
    };
    let rows = rows::rows(diff, &report.old.roots, &report.new.roots, &redirected);
    // The "Needs a redirect" part (issue 15): the old URLs nothing covers, when checked.
    let missing: Vec<&UrlChange> = coverage.map(|c| c.missing().collect()).unwrap_or_default();
    let depths = rows.iter().map(|r| r.depth + 1).max().unwrap_or(1);
    let style = style(depths);
    let env = environment();
    let template = env.get_template("html.jinja").map_err(io::Error::other)?;
    // Rendered whole, then written at once: `out` may be an unbuffered file.
    let page = template
        .render(context! {
            old => SideInfo { label: &diff.old.label, nodes: diff.old.nodes },
            new => SideInfo { label: &diff.new.label, nodes: diff.new.nodes },
            empty => diff.is_empty(),
            summary => summary_line(diff),
            pills => pills(diff),
            note => identity_note(diff),
            rows => rows,
            // Hashes and keywords only: nothing to escape.
            csp => Value::from_safe_string(csp::policy(&style, SCRIPT)),
            style => Value::from_safe_string(style),
            script => Value::from_safe_string(SCRIPT.to_owned()),
            redirects => missing,
        })
        .map_err(io::Error::other)?;
    out.write_all(page.as_bytes())
}

/// The reports' template environment (`template.rs`: its settings and filters), for this
/// page: HTML auto-escaping whatever the template's name, through [`escape_html`] (which
/// also shows control and bidi characters as `\u{..}`, as the environment's own formatter
/// does, and leaves `/` in paths as it is), and undefined names an error. The page is
/// navdiff's own template: it runs without a fuel budget, its work linear in the rows.
fn environment() -> Environment<'static> {
    let mut env = super::template::environment();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    env.set_formatter(|out, state, value| {
        if state.auto_escape() == AutoEscape::Html
            && !value.is_safe()
            && let Some(text) = value.as_str()
        {
            return out.write_str(&escape_html(text)).map_err(Into::into);
        }
        minijinja::escape_formatter(out, state, value)
    });
    env.add_template("html.jinja", TEMPLATE)
        .expect("the built-in HTML template parses");
    env
}

/// The style sheet, with an indentation rule for each of the page's `depths` levels.
fn style(depths: usize) -> String {
    let mut css = STYLE.to_owned();
    for d in 0..depths {
        let _ = writeln!(css, ".d{d} {{ --d: {d}; }}");
    }
    css
}

fn pills(diff: &Diff) -> Vec<Pill> {
    ChangeKind::ALL
        .into_iter()
        .filter(|&kind| diff.summary.count(kind) > 0)
        .map(|kind| {
            let mut also: Vec<(ChangeKind, usize)> = Vec::new();
            for c in diff.changes.iter().filter(|c| c.kind == kind) {
                for &k in &c.also {
                    match also.iter_mut().find(|(a, _)| *a == k) {
                        Some((_, n)) => *n += 1,
                        None => also.push((k, 1)),
                    }
                }
            }
            also.sort();
            Pill {
                kind: kind.name(),
                count: diff.summary.count(kind),
                also: also
                    .iter()
                    .map(|(k, n)| format!("{n} also {k}"))
                    .collect::<Vec<_>>()
                    .join(", "),
            }
        })
        .collect()
}
