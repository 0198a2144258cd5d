//! Rendering trees and diffs as text. Every renderer writes into a `&mut dyn Write` and
//! does no other I/O; untrusted titles are made safe for the medium here (terminal escape
//! sequences, markdown links, HTML).

mod annotations;
mod github;
mod html;
pub(crate) mod json;
pub(crate) mod markdown;
mod outline;
pub(crate) mod redirects;
mod table;
mod template;

use std::fmt;
use std::io::{self, Write};

pub use annotations::{AnnotationLevel, AnnotationLevels};
pub use github::COMMENT_CAP;
pub use json::DIFF_SCHEMA;
pub use outline::render_outline;
pub use redirects::{
    REDIRECTS_SCHEMA, RedirectsFormat, RedirectsReport, render_redirects_json,
    render_redirects_table,
};
pub use table::TableStyle;
pub(crate) use template::wording_value;
pub use template::{Template, render_diff};

use crate::diff::{Change, ChangeKind, Diff, EvidenceSource};
use crate::model::{NavTree, is_bidi_control};
use crate::redirects::Coverage;

/// The output formats of `navdiff diff`.
///
/// This is the one list of report formats: the command line's `--format` values and their
/// help come from [`ReportFormat::ALL`], [`ReportFormat::name`] and
/// [`ReportFormat::description`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ReportFormat {
    /// A terminal table, grouped by kind.
    Table,
    /// A changelog section in markdown.
    Markdown,
    /// The `navdiff.diff.v1` JSON contract.
    Json,
    /// Markdown for a pull-request comment.
    Github,
    /// One self-contained HTML page with both trees.
    Html,
    /// GitHub Actions workflow commands: each change on its line of the nav file.
    Annotations,
}

impl ReportFormat {
    /// Every format, in the order `--help` lists them.
    pub const ALL: [ReportFormat; 6] = [
        ReportFormat::Table,
        ReportFormat::Markdown,
        ReportFormat::Json,
        ReportFormat::Github,
        ReportFormat::Html,
        ReportFormat::Annotations,
    ];

    /// The kebab-case name used on the command line.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            ReportFormat::Table => "table",
            ReportFormat::Markdown => "markdown",
            ReportFormat::Json => "json",
            ReportFormat::Github => "github",
            ReportFormat::Html => "html",
            ReportFormat::Annotations => "annotations",
        }
    }

    /// What the format is, in a few words (the command line's help for its value).
    #[must_use]
    pub fn description(self) -> &'static str {
        match self {
            ReportFormat::Table => "A table for the terminal",
            ReportFormat::Markdown => "A changelog section",
            ReportFormat::Json => "The `navdiff.diff.v1` contract",
            ReportFormat::Github => "A pull-request comment",
            ReportFormat::Html => "A self-contained page",
            ReportFormat::Annotations => "GitHub annotations on the nav file's lines",
        }
    }
}

impl fmt::Display for ReportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for ReportFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        crate::model::from_name(&ReportFormat::ALL, ReportFormat::name, "report format", s)
    }
}

/// How to render.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RenderOptions {
    /// The width to lay the table out in, in columns; `u16::MAX` is no limit (no cell
    /// wraps).
    pub width: u16,
    /// Whether to colour the table.
    pub color: bool,
    /// How the table is drawn: boxed, or as plain aligned text.
    pub table_style: TableStyle,
    /// The level of each kind of change in annotations.
    pub annotations: AnnotationLevels,
}

impl RenderOptions {
    /// Options for a `width`-column output, coloured or not, with a boxed table.
    #[must_use]
    pub fn new(width: u16, color: bool) -> Self {
        RenderOptions {
            width,
            color,
            table_style: TableStyle::Boxed,
            annotations: AnnotationLevels::default(),
        }
    }

    /// The same options, with annotations at `levels`.
    #[must_use]
    pub fn with_annotation_levels(self, levels: AnnotationLevels) -> Self {
        RenderOptions {
            annotations: levels,
            ..self
        }
    }

    /// The same options, with the table drawn in `style`.
    #[must_use]
    pub fn with_table_style(self, style: TableStyle) -> Self {
        RenderOptions {
            table_style: style,
            ..self
        }
    }
}

impl Default for RenderOptions {
    /// 100 columns, no colour, a boxed table, annotations at their default levels.
    fn default() -> Self {
        RenderOptions::new(100, false)
    }
}

/// What a report shows: the diff, the trees it was made from (the HTML page draws them),
/// and, when checked, which old URLs need a redirect.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct Report<'a> {
    /// The diff.
    pub diff: &'a Diff,
    /// The old tree.
    pub old: &'a NavTree,
    /// The new tree.
    pub new: &'a NavTree,
    /// The old URLs that no longer serve a page, when they were checked: the reports add a
    /// "Needs a redirect" part and mark removed pages whose URLs a redirect covers.
    pub redirects: Option<&'a Coverage>,
}

impl<'a> Report<'a> {
    /// A report of `diff`, made from `old` and `new`.
    #[must_use]
    pub fn new(diff: &'a Diff, old: &'a NavTree, new: &'a NavTree) -> Self {
        Report {
            diff,
            old,
            new,
            redirects: None,
        }
    }

    /// The same report, with the redirect coverage of its old URLs.
    #[must_use]
    pub fn with_redirects(self, coverage: &'a Coverage) -> Self {
        Report {
            redirects: Some(coverage),
            ..self
        }
    }
}

/// Renders `report` as `format`.
pub fn render(
    report: &Report<'_>,
    format: ReportFormat,
    opts: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        ReportFormat::Table => {
            table::render(report.diff, opts, out)?;
            redirects::table_note(report.redirects, out)
        }
        ReportFormat::Markdown => markdown::render(report.diff, report.redirects, out),
        ReportFormat::Json => json::render(report.diff, report.redirects, out),
        ReportFormat::Github => github::render(report.diff, report.redirects, out),
        ReportFormat::Html => html::render(report, out),
        ReportFormat::Annotations => annotations::render(report, &opts.annotations, out),
    }
}

/// `text` with control characters (terminal escape sequences among them) and bidirectional
/// controls shown as `\u{..}` escapes, so a title can neither move the cursor, recolour the
/// terminal nor reorder what is shown around it.
#[must_use]
pub fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    out.into()
}

/// Whether `c` is shown escaped in every format: a control character or a bidi control.
fn is_unsafe(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

/// `line` (one line of output), with a leading `::` (after white space) escaped as
/// `\u{3a}:`: GitHub Actions reads such a line in a job's log as a workflow command
/// (`::add-mask::`, `::stop-commands::`), so no line navdiff prints may start with one.
#[must_use]
pub(crate) fn no_workflow_command(line: &str) -> std::borrow::Cow<'_, str> {
    let body = line.trim_start();
    if !body.starts_with("::") {
        return line.into();
    }
    let lead = line.len() - body.len();
    format!("{}\\u{{3a}}{}", &line[..lead], &body[1..]).into()
}

/// Titles joined into a breadcrumb: `Guide › Deploy`; `(untitled)` for empty titles.
fn breadcrumb(path: Option<&Vec<String>>, each: impl Fn(&str) -> String) -> String {
    path.map(|p| {
        p.iter()
            .map(|t| {
                if t.is_empty() {
                    "(untitled)".to_owned()
                } else {
                    each(t)
                }
            })
            .collect::<Vec<_>>()
            .join(" › ")
    })
    .unwrap_or_default()
}

/// `1 node`, `2 nodes`: a count with its noun, singular or plural.
#[must_use]
pub(crate) fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Sections and pages counted apart: `1 section, 3 pages`, `2 pages`, `1 section`; empty
/// when both are zero.
#[must_use]
pub(crate) fn sections_and_pages(sections: usize, pages: usize) -> String {
    match (sections, pages) {
        (0, 0) => String::new(),
        (0, p) => count(p, "page", "pages"),
        (s, 0) => count(s, "section", "sections"),
        (s, p) => format!(
            "{}, {}",
            count(s, "section", "sections"),
            count(p, "page", "pages")
        ),
    }
}

/// What a change's node is and covers: `section with 1 section, 3 pages`, `section` (a
/// section none of whose children the change covers), or empty for a page.
pub(crate) fn what_it_covers(change: &Change) -> String {
    let (sections, pages) = change.below();
    match (change.section, sections + pages) {
        (false, 0) => String::new(),
        (true, 0) => "section".to_owned(),
        (_, _) => format!("section with {}", sections_and_pages(sections, pages)),
    }
}

/// [`what_it_covers`] in parentheses after a space (` (section with 3 pages)`), or nothing.
fn covers(change: &Change) -> String {
    let what = what_it_covers(change);
    if what.is_empty() {
        what
    } else {
        format!(" ({what})")
    }
}

/// The two sides as markdown code spans: `` `v1` → `v2` ``.
fn sides_markdown(diff: &Diff) -> String {
    format!(
        "{} → {}",
        code_span(&diff.old.label),
        code_span(&diff.new.label)
    )
}

/// The changes of each kind, in report order; kinds without changes are left out.
fn by_kind(diff: &Diff) -> Vec<(ChangeKind, Vec<&Change>)> {
    ChangeKind::ALL
        .into_iter()
        .map(|kind| {
            (
                kind,
                diff.changes.iter().filter(|c| c.kind == kind).collect(),
            )
        })
        .filter(|(_, changes): &(ChangeKind, Vec<&Change>)| !changes.is_empty())
        .collect()
}

/// A relink's old and new targets, each shown by `each`: `old → new`, `(none)` for a side
/// without one.
fn relink(change: &Change, each: impl Fn(&str) -> String) -> String {
    let show = |t: Option<&str>| t.map_or_else(|| "(none)".to_owned(), &each);
    format!(
        "{} → {}",
        show(change.old_target.clone().flatten().as_deref()),
        show(change.target.as_deref())
    )
}

/// Where a reordered node now stands among its siblings, its neighbour's title shown by
/// `each`: `now after Domain API`, or `now first`.
fn now_stands(change: &Change, each: impl Fn(&str) -> String) -> String {
    match (&change.after, change.new_position) {
        (Some(title), _) if title.is_empty() => "now after (untitled)".to_owned(),
        (Some(title), _) => format!("now after {}", each(title)),
        (None, Some(0)) => "now first".to_owned(),
        // Not a reorder, or a document from before `after` existed.
        (None, _) => format!(
            "position {} → {}",
            change.old_position.map_or(0, |p| p + 1),
            change.new_position.map_or(0, |p| p + 1)
        ),
    }
}

/// The headline counts: `3 added, 1 removed, 2 moved, 1 renamed and relinked`, each change
/// counted once, kinds without changes left out.
pub(crate) fn summary_line(diff: &Diff) -> String {
    let mut parts = Vec::new();
    for kind in ChangeKind::ALL {
        let of_kind = || diff.changes.iter().filter(move |c| c.kind == kind);
        let alone = of_kind().filter(|c| c.also.is_empty()).count();
        if alone > 0 {
            parts.push(format!("{alone} {kind}"));
        }
        // Changes that are more than one kind, by what else they are, in kind order.
        let mut combined: Vec<(&[ChangeKind], usize)> = Vec::new();
        for c in of_kind().filter(|c| !c.also.is_empty()) {
            match combined
                .iter_mut()
                .find(|(also, _)| *also == c.also.as_slice())
            {
                Some((_, n)) => *n += 1,
                None => combined.push((&c.also, 1)),
            }
        }
        for (also, n) in combined {
            parts.push(format!("{n} {}", kinds_phrase(kind, also)));
        }
    }
    parts.join(", ")
}

/// A change's kinds as words: `renamed and relinked`.
pub(crate) fn kinds_phrase(kind: ChangeKind, also: &[ChangeKind]) -> String {
    let mut words: Vec<&str> = vec![kind.name()];
    words.extend(also.iter().map(|k| k.name()));
    match words.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => kind.name().to_owned(),
    }
}

/// What the report says once below the changes: which titles of a side are unknown and
/// why, that section titles are left empty on one side (their labels cannot be compared),
/// and that pages were told apart by their targets and titles only (when no page file was
/// compared and something changed).
pub(crate) fn identity_note(diff: &Diff) -> Option<String> {
    let mut notes: Vec<String> = [("old", &diff.old), ("new", &diff.new)]
        .into_iter()
        .filter_map(|(name, side)| title_note(name, side))
        .collect();
    if diff.untitled > 0 {
        let mkdocs = [&diff.old, &diff.new]
            .iter()
            .any(|s| s.format == crate::model::NavFormat::Mkdocs);
        notes.push(format!(
            "{} left empty on one side: what the theme shows is not known{}, so {} not reported as renamed.",
            count(diff.untitled, "section title", "section titles"),
            if mkdocs {
                " (Zensical's shows the section's index page title, Material for MkDocs shows none)"
            } else {
                ""
            },
            if diff.untitled == 1 { "it is" } else { "they are" }
        ));
    }
    if diff.file_evidence == EvidenceSource::None && !diff.is_empty() {
        notes.push(
            "Pages were told apart by their targets and titles only (no page files were compared)."
                .to_owned(),
        );
    }
    (!notes.is_empty()).then(|| notes.join(" "))
}

/// Says, once for a side, that some of its titles are stand-ins and why.
fn title_note(name: &str, side: &crate::diff::Side) -> Option<String> {
    let n = side.unknown_titles;
    if n == 0 {
        return None;
    }
    let titles = if n == 1 {
        "1 title is".to_owned()
    } else {
        format!("{n} titles are")
    };
    let why = if side.missing_pages == n {
        "the pages named there do not exist, and the generator refuses to build the site this way"
    } else if side.missing_pages > 0 {
        "some pages named there do not exist, and the generator refuses to build the site this way; others could not be read"
    } else {
        "the pages named there could not be read"
    };
    Some(format!(
        "On the {name} side ({}), {titles} unknown ({why}): they are shown by their ids, and no rename is reported from or to them.",
        code_span(&side.label)
    ))
}

/// A heading for a kind: `Added`; the markdown, pull-request and HTML reports title their
/// sections with it.
#[must_use]
pub fn kind_heading(kind: ChangeKind) -> &'static str {
    match kind {
        ChangeKind::Added => "Added",
        ChangeKind::Removed => "Removed",
        ChangeKind::Moved => "Moved",
        ChangeKind::Renamed => "Renamed",
        ChangeKind::Relinked => "Relinked",
        ChangeKind::Reordered => "Reordered",
    }
}

/// `text` escaped for markdown: no character that could start a link, an image, emphasis,
/// a table cell, an HTML tag or comment, a code span, math (`$` is written `&#36;`) or (at
/// its start) a list item survives unescaped, bare URLs are kept from autolinking, `@name`
/// and `@org/team` cannot mention anyone (a zero-width joiner follows the `@`), and no
/// control or bidi character survives at all.
pub(crate) fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let chars: Vec<char> = text.chars().collect();
    let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
    for (i, &c) in chars.iter().enumerate() {
        let at_start = i == 0;
        let escape = match c {
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '(' | ')' | '#' | '|' | '<' | '>'
            | '~' | '!' => true,
            // A list marker or a numbered item at the start of the text.
            '-' | '+' | '=' => at_start,
            '.' if digits > 0 && i == digits => chars.get(i + 1).is_none_or(|c| c.is_whitespace()),
            // `https://…` and `www.…` would autolink on GitHub.
            ':' => chars.get(i + 1) == Some(&'/') && chars.get(i + 2) == Some(&'/'),
            '.' => {
                i >= 3
                    && chars[i - 3..i]
                        .iter()
                        .collect::<String>()
                        .eq_ignore_ascii_case("www")
            }
            _ => false,
        };
        if is_unsafe(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else if c == '$' {
            // GitHub reads `$…$` as math, and a backslash does not always stop it; the
            // character reference shows a dollar sign that no math parser sees.
            out.push_str("&#36;");
        } else {
            if escape {
                out.push('\\');
            }
            out.push(c);
            // `@team` pings on GitHub; `@\u{200d}team` reads the same and pings nobody.
            if c == '@' && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric()) {
                out.push('\u{200d}');
            }
        }
    }
    out
}

/// `text` as a markdown code span, with a fence longer than any backtick run inside.
pub(crate) fn code_span(text: &str) -> String {
    let clean: String = text
        .chars()
        .map(|c| {
            if is_bidi_control(c) {
                c.escape_unicode().to_string()
            } else if c.is_control() {
                " ".to_owned()
            } else {
                c.to_string()
            }
        })
        .collect();
    let longest = clean.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if clean.starts_with('`') || clean.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{clean}{pad}{fence}")
}

/// `text` escaped for HTML text and attribute values.
pub(crate) fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if is_unsafe(c) => out.push_str(&c.escape_unicode().to_string()),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_control_characters_only() {
        assert_eq!(terminal_safe("plain é"), "plain é");
        assert_eq!(terminal_safe("red\u{1b}[31m!"), "red\\u{1b}[31m!");
        assert_eq!(terminal_safe("a\nb\tc"), "a\\u{a}b\\u{9}c");
    }

    #[test]
    fn markdown_and_html_escaping() {
        assert_eq!(
            escape_markdown("Foo | <script>alert(1)</script> [x](javascript:y)"),
            r"Foo \| \<script\>alert\(1\)\</script\> \[x\]\(javascript:y\)"
        );
        assert_eq!(
            escape_markdown("Tutorials & Guides: a pre-launch list"),
            "Tutorials & Guides: a pre-launch list"
        );
        assert_eq!(
            escape_markdown("- 1. see https://x.org or www.y.org"),
            r"\- 1. see https\://x.org or www\.y.org"
        );
        assert_eq!(escape_markdown("2. Steps"), r"2\. Steps");
        assert_eq!(escape_markdown("3.8 Announcement"), "3.8 Announcement");
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`x"), "`` `x ``");
        assert_eq!(
            escape_html("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }
}
