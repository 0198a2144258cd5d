//! Reports written by MiniJinja templates: the built-in markdown report and pull-request
//! comment (files under `src/report/templates/`, compiled in), and a user's own
//! (`navdiff diff --template FILE`, `navdiff changelog --template FILE`).
//!
//! A template sees a JSON document (`navdiff.diff.v1` or `navdiff.changelog.v1`) as its
//! context, and beside each diff in it a `report` value: navdiff's own wording in markdown
//! ([`Wording`]), which the built-in templates print. The environment is the same for
//! every template:
//!
//! - auto-escaping by the template's file name: HTML for `.html`, `.htm` and `.xml`, JSON
//!   for `.json`, `.yaml` and `.js` (a trailing `.j2`, `.jinja` or `.jinja2` is ignored),
//!   none otherwise;
//! - filters of navdiff's own: `escape_markdown` (a title made inert in markdown), `code`
//!   (a markdown code span) and `breadcrumb` (a path's titles joined with ` › `);
//! - `trim_blocks` and `lstrip_blocks` on, so that a line holding only a block tag leaves
//!   nothing behind;
//! - no loader (`include`, `import` and `extends` find nothing) and no function that reads
//!   a file or the environment; a budget of instructions ("fuel") so that no template runs
//!   for ever;
//! - every value printed has its control and bidirectional characters shown as `\u{..}`
//!   escapes, and no line of the output starts with a workflow command's `::`.

use minijinja::value::Value;
use minijinja::{Environment, ErrorKind, State};
use serde::Serialize;

use crate::diff::{Change, ChangeKind, Diff};
use crate::error::{Error, Result};
use crate::redirects::Coverage;
use crate::report::markdown::{self, Item};
use crate::report::redirects::{is_redirected, needs_redirect_items};
use crate::report::{
    Report, breadcrumb, by_kind, code_span, escape_markdown, identity_note, json, kind_heading,
    no_workflow_command, sides_markdown, summary_line, terminal_safe,
};

/// The built-in markdown report (`--format markdown`).
pub(crate) const MARKDOWN: &str = include_str!("templates/markdown.md.jinja");
/// The built-in pull-request comment (`--format github`).
pub(crate) const GITHUB: &str = include_str!("templates/github.md.jinja");

/// How many instructions a template may run, at the least: far more than a report needs,
/// few enough to stop a runaway loop in a second or two.
const FUEL: u64 = 10_000_000;
/// How many more it may run for each change of the diffs it renders.
const FUEL_PER_CHANGE: u64 = 1_000;

/// A template: its text, and the name it is known by (its file name, as given), which picks
/// its escaping and names it in errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    name: String,
    source: String,
}

impl Template {
    /// A template called `name` (a file name: `notes.md`, `page.html`) with the text
    /// `source`.
    #[must_use]
    pub fn new(name: impl Into<String>, source: impl Into<String>) -> Self {
        Template {
            name: name.into(),
            source: source.into(),
        }
    }

    /// The name it is known by.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Renders the template with `context`, a document of `changes` changes (which set how
    /// much work it may do), into a string that ends with a newline (unless it is empty).
    pub(crate) fn render(&self, context: &impl Serialize, changes: usize) -> Result<String> {
        let mut env = environment();
        env.set_fuel(Some(
            FUEL.saturating_add(FUEL_PER_CHANGE.saturating_mul(changes as u64)),
        ));
        let error = |e: &minijinja::Error| self.error(e);
        let template = env
            .template_from_named_str(&self.name, &self.source)
            .map_err(|e| error(&e))?;
        let text = template
            .render(Value::from_serialize(context))
            .map_err(|e| error(&e))?;
        let mut out = String::with_capacity(text.len() + 1);
        for line in text.split_inclusive('\n') {
            out.push_str(&no_workflow_command(line));
        }
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        Ok(out)
    }

    /// A MiniJinja error as navdiff's: the template's name, the line and column, the
    /// offending line.
    fn error(&self, e: &minijinja::Error) -> Error {
        // The innermost error says most: a failing filter's own message, say.
        let mut message = describe(e);
        let mut cause = std::error::Error::source(e);
        while let Some(inner) = cause {
            if let Some(inner) = inner.downcast_ref::<minijinja::Error>() {
                message = format!("{message}: {}", describe(inner));
            }
            cause = inner.source();
        }
        let at = e.range().map(|r| r.start).or_else(|| {
            // The start of the line, when only the line is known.
            e.line().map(|line| {
                self.source
                    .split_inclusive('\n')
                    .take(line.saturating_sub(1))
                    .map(str::len)
                    .sum()
            })
        });
        let Some(at) = at.filter(|&at| at <= self.source.len()) else {
            return Error::Invalid {
                path: self.name.clone(),
                message: format!("template: {message}"),
            };
        };
        let at = (0..=at)
            .rev()
            .find(|&i| self.source.is_char_boundary(i))
            .unwrap_or(0);
        let line_start = self.source[..at].rfind('\n').map_or(0, |i| i + 1);
        let line_end = self.source[at..]
            .find('\n')
            .map_or(self.source.len(), |i| at + i);
        Error::Syntax {
            path: self.name.clone(),
            line: self.source[..at].matches('\n').count() + 1,
            column: self.source[line_start..at].chars().count() + 1,
            message: format!("template: {message}"),
            excerpt: Some(self.source[line_start..line_end].trim_end().to_owned()),
        }
    }
}

/// `syntax error: unexpected end of input`.
fn describe(e: &minijinja::Error) -> String {
    match e.detail() {
        Some(detail) => format!("{}: {detail}", e.kind()),
        None => e.kind().to_string(),
    }
}

/// The environment every template renders in (see the module's documentation).
pub(crate) fn environment<'s>() -> Environment<'s> {
    let mut env = Environment::new();
    env.set_debug(true);
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.set_keep_trailing_newline(true);
    env.set_formatter(inert_formatter);
    env.add_filter("escape_markdown", |v: &Value| escape_markdown(&text_of(v)));
    env.add_filter("code", |v: &Value| code_span(&text_of(v)));
    env.add_filter("breadcrumb", breadcrumb_filter);
    env
}

/// A value as text: a string as it is, nothing for `none` and undefined values, anything
/// else as MiniJinja prints it.
fn text_of(value: &Value) -> String {
    match value.as_str() {
        Some(s) => s.to_owned(),
        None if value.is_none() || value.is_undefined() => String::new(),
        None => value.to_string(),
    }
}

/// `breadcrumb`: a list of titles joined with ` › `, `(untitled)` for an empty one.
fn breadcrumb_filter(value: &Value) -> std::result::Result<String, minijinja::Error> {
    if value.is_none() || value.is_undefined() {
        return Ok(String::new());
    }
    let titles: Vec<String> = value
        .try_iter()
        .map_err(|_| {
            minijinja::Error::new(
                ErrorKind::InvalidOperation,
                "breadcrumb takes a list of titles, such as a change's new_path",
            )
        })?
        .map(|t| text_of(&t))
        .collect();
    Ok(breadcrumb(Some(&titles), str::to_owned))
}

/// Prints values as MiniJinja does (escaped as the template's name asks), with the control
/// and bidirectional characters of strings shown as `\u{..}` escapes: a title can neither
/// start a line of its own, nor recolour a terminal, nor reorder what is around it.
fn inert_formatter(
    out: &mut minijinja::Output<'_>,
    state: &State<'_, '_>,
    value: &Value,
) -> std::result::Result<(), minijinja::Error> {
    if let Some(text) = value.as_str()
        && let std::borrow::Cow::Owned(clean) = terminal_safe(text)
    {
        let clean = if value.is_safe() {
            Value::from_safe_string(clean)
        } else {
            Value::from(clean)
        };
        return minijinja::escape_formatter(out, state, &clean);
    }
    minijinja::escape_formatter(out, state, value)
}

/// navdiff's own wording of a diff, in markdown, beside the diff in every template's
/// context as `report`: what the built-in reports print.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Wording {
    /// The headline counts: `2 added, 1 removed`.
    pub(crate) summary: String,
    /// The two sides as code spans: `` `v1` → `v2` ``.
    pub(crate) sides: String,
    /// A section per kind of change, in report order.
    pub(crate) sections: Vec<Section>,
    /// Said once: which titles of a side are unknown and why, and when no page file was
    /// compared.
    pub(crate) note: Option<String>,
    /// Changes left out to keep a pull-request comment within GitHub's limit.
    pub(crate) omitted: usize,
    /// The hidden first line of a pull-request comment, with the commits compared:
    /// `<!-- navdiff base=… head=… -->`.
    pub(crate) marker: String,
}

/// The changes of one kind, as list items; or, last, the old URLs that need a redirect.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Section {
    /// The kind's id (`added`), or `redirects` for the old URLs that need a redirect.
    pub(crate) kind: &'static str,
    /// Its heading: `Added`, `Needs a redirect`.
    pub(crate) heading: &'static str,
    /// How many changes of the kind (or URLs) there are (items may group several).
    pub(crate) count: usize,
    /// Whether a pull-request comment shows it open: what reviewers most need to see.
    pub(crate) open: bool,
    /// The list items, in markdown.
    #[serde(serialize_with = "item_texts")]
    pub(crate) items: Vec<Item>,
    /// How much reviewers need it, least first: a comment too long for GitHub leaves out
    /// the items of the least needed first.
    #[serde(skip)]
    pub(crate) keep: u8,
}

fn item_texts<S: serde::Serializer>(items: &[Item], s: S) -> std::result::Result<S::Ok, S::Error> {
    s.collect_seq(items.iter().map(|i| &i.text))
}

impl Wording {
    /// The wording of `diff`, with removed pages a redirect covers marked and the old URLs
    /// left without one as a last section, "Needs a redirect", when `redirects` were
    /// checked.
    pub(crate) fn of(diff: &Diff, redirects: Option<&Coverage>) -> Self {
        let redirected = |c: &Change| redirects.is_some_and(|r| is_redirected(c, r));
        let mut sections: Vec<Section> = by_kind(diff)
            .into_iter()
            .map(|(kind, changes)| Section {
                kind: kind.name(),
                heading: kind_heading(kind),
                count: changes.len(),
                // Removals (and the URLs that need a redirect) are what reviewers most
                // need to see.
                open: kind == ChangeKind::Removed,
                items: markdown::items_marked(&changes, &redirected),
                keep: keep_rank(kind),
            })
            .collect();
        let needs_redirect = redirects.map(needs_redirect_items).unwrap_or_default();
        if !needs_redirect.is_empty() {
            sections.push(Section {
                kind: "redirects",
                heading: "Needs a redirect",
                count: needs_redirect.len(),
                open: true,
                items: needs_redirect.into_iter().map(Item::one).collect(),
                keep: u8::MAX,
            });
        }
        Wording {
            summary: summary_line(diff),
            sides: sides_markdown(diff),
            sections,
            note: identity_note(diff),
            omitted: 0,
            marker: marker(diff),
        }
    }
}

/// How much reviewers need a kind of change, least first: a reorder moves no URL, an
/// addition breaks nothing, a rename changes words, a move or a relink may change a URL,
/// a removal takes one away.
fn keep_rank(kind: ChangeKind) -> u8 {
    match kind {
        ChangeKind::Reordered => 0,
        ChangeKind::Added => 1,
        ChangeKind::Renamed => 2,
        ChangeKind::Moved => 3,
        ChangeKind::Relinked => 4,
        ChangeKind::Removed => 5,
    }
}

/// `<!-- navdiff base=… head=… -->` with the commit ids of the sides that have one (a
/// snapshot's recorded commit only when it is a commit id).
fn marker(diff: &Diff) -> String {
    let mut marker = String::from("<!-- navdiff");
    for (name, side) in [("base", &diff.old), ("head", &diff.new)] {
        if let Some(id) = side.commit.as_deref().filter(|id| is_commit_id(id)) {
            marker.push_str(&format!(" {name}={id}"));
        }
    }
    marker.push_str(" -->");
    marker
}

/// Whether `id` is a (possibly abbreviated) commit id: 7 to 64 hexadecimal digits.
fn is_commit_id(id: &str) -> bool {
    (7..=64).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The context of a diff's template: its `navdiff.diff.v1` document (with `redirects` when
/// they were checked), and `report`.
pub(crate) fn diff_context(
    diff: &Diff,
    redirects: Option<&Coverage>,
    wording: &Wording,
) -> serde_json::Value {
    let mut doc = json::to_value_with(diff, redirects);
    if let serde_json::Value::Object(map) = &mut doc {
        map.insert(
            "report".to_owned(),
            serde_json::to_value(wording).expect("the wording always serialises"),
        );
    }
    doc
}

/// navdiff's wording of `diff` (no redirects), as a template sees it beside a diff
/// (`report`).
pub(crate) fn wording_value(diff: &Diff) -> serde_json::Value {
    serde_json::to_value(Wording::of(diff, None)).expect("the wording always serialises")
}

/// Renders the diff of `report` through `template` (a user's own): its `navdiff.diff.v1`
/// document, as `--format json` writes it, with navdiff's wording as `report`.
///
/// # Errors
///
/// The template's errors (syntax, an unknown filter, a runaway loop), naming its line and
/// column.
pub fn render_diff(report: &Report<'_>, template: &Template) -> Result<String> {
    let diff = report.diff;
    let wording = Wording::of(diff, report.redirects);
    template.render(
        &diff_context(diff, report.redirects, &wording),
        diff.changes.len(),
    )
}
