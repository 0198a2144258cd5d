//! Release notes for the documentation structure: one Keep-a-Changelog section per release,
//! and the managed block that `navdiff changelog --update` keeps inside a hand-written file.
//!
//! ```markdown
//! ## [Unreleased]
//!
//! **1 added** since `v2.0`
//!
//! ### Added
//!
//! - Guide › Upgrading
//!
//! [Unreleased]: https://github.com/owner/repo/compare/v2.0...HEAD
//!
//! ## [v2.0] - 2024-03-01
//! …
//! ```
//!
//! The walk that makes the releases is in `releases.rs`; this file writes them. A section
//! is everything from its `## [name]` heading to the next one, its link included, so that
//! `--update` can rewrite the sections of its range and keep every other one as it is.

use std::io::{self, Write};
use std::path::Path;

use crate::error::{Error, Result};
use crate::history::{Release, ReleaseOrder, Skipped};
use crate::model::rfc3339_offset;
use crate::report::{
    Template, code_span, escape_markdown, json, markdown, summary_line, wording_value,
};
use crate::source::{decode_text, read_named_file, write_atomic};

/// The schema id of the JSON document of `navdiff changelog --format json`.
pub const CHANGELOG_SCHEMA: &str = "navdiff.changelog.v1";

/// The line that opens navdiff's managed block.
pub const BLOCK_START: &str = "<!-- navdiff:start -->";
/// The line that closes it.
pub const BLOCK_END: &str = "<!-- navdiff:end -->";

/// What a block says when there is no release to describe.
const NO_RELEASES: &str = "No releases to describe.";

/// A changelog: the releases described and what the walk left out.
#[derive(Debug)]
#[non_exhaustive]
pub struct Changelog {
    /// The releases described, newest first.
    pub releases: Vec<Release>,
    /// Releases that could not be read.
    pub skipped: Vec<Skipped>,
    /// Tags that are not versions while the others are, left out of the order.
    pub left_out: Vec<String>,
    /// How the releases were ordered.
    pub order: ReleaseOrder,
    /// Every release's name, newest first (`Unreleased` first): where a new section goes
    /// in an existing block.
    pub names: Vec<String>,
}

impl Changelog {
    /// A changelog of `releases` (newest first), ordered as `order` says.
    #[must_use]
    pub fn new(releases: Vec<Release>, order: ReleaseOrder) -> Self {
        let names = releases.iter().map(|r| r.name.clone()).collect();
        Changelog {
            releases,
            skipped: Vec::new(),
            left_out: Vec::new(),
            order,
            names,
        }
    }
}

/// Writes `releases` (newest first) as changelog sections.
pub fn render_markdown(
    releases: &[Release],
    skip_empty: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let sections = sections(releases, skip_empty);
    if sections.is_empty() {
        return writeln!(out, "{NO_RELEASES}");
    }
    let texts: Vec<&str> = sections.iter().map(|(_, t)| t.as_str()).collect();
    writeln!(out, "{}", texts.join("\n\n"))
}

/// Each release's section: its heading label (as written between `## [` and `]`) and its
/// text, without trailing blank lines.
fn sections(releases: &[Release], skip_empty: bool) -> Vec<(String, String)> {
    releases
        .iter()
        .filter(|r| !(skip_empty && r.is_empty()))
        .map(|r| {
            let mut text = Vec::new();
            write_section(r, &mut text).expect("writing to memory does not fail");
            let text = String::from_utf8_lossy(&text).trim_end().to_owned();
            (label(&r.name), text)
        })
        .collect()
}

/// How a release's name is written in its heading and link.
fn label(name: &str) -> String {
    escape_markdown(name)
}

fn write_section(release: &Release, out: &mut dyn Write) -> io::Result<()> {
    let name = label(&release.name);
    match release.date {
        Some(date) => writeln!(out, "## [{name}] - {}", date.format("%Y-%m-%d"))?,
        None => writeln!(out, "## [{name}]")?,
    }
    writeln!(out)?;
    let count = |n: usize| {
        if n == 1 {
            "1 entry".to_owned()
        } else {
            format!("{n} entries")
        }
    };
    match (&release.diff, &release.previous) {
        (Some(d), _) if d.is_empty() => writeln!(out, "No structural changes to the navigation.")?,
        (Some(d), previous) => {
            let since = previous
                .as_deref()
                .map(|p| format!(" since {}", code_span(p)))
                .unwrap_or_default();
            writeln!(out, "**{}**{since}", summary_line(d))?;
            markdown::write_sections(d, "###", out)?;
        }
        (None, None) => match &release.nav {
            None => writeln!(out, "navdiff found no navigation file at this release.")?,
            Some(_) if release.unreadable_previous.is_some() => writeln!(
                out,
                "The earlier release {} in its history could not be read; this one's navigation has {}.",
                code_span(release.unreadable_previous.as_deref().unwrap_or_default()),
                count(release.nodes)
            )?,
            Some(_) if release.earlier => writeln!(
                out,
                "No earlier release is in the history of this one; its navigation has {}.",
                count(release.nodes)
            )?,
            Some(_) => writeln!(
                out,
                "The first release with a navigation: {}.",
                count(release.nodes)
            )?,
        },
        (None, Some(previous)) => match (&release.nav, &release.previous_nav) {
            (Some(nav), None) => writeln!(
                out,
                "navdiff found no navigation file at {}; {} starts here, with {}.",
                code_span(previous),
                code_span(nav),
                count(release.nodes)
            )?,
            (None, Some(old)) => writeln!(
                out,
                "navdiff found no navigation file at this release ({} at {}), so it cannot say what changed.",
                code_span(old),
                code_span(previous)
            )?,
            _ => writeln!(out, "navdiff found no navigation file at this release.")?,
        },
    }
    if let Some(url) = &release.url {
        writeln!(out, "\n[{name}]: {url}")?;
    }
    Ok(())
}

/// The changelog as a `navdiff.changelog.v1` JSON document, each release with its
/// `navdiff.diff.v1` diff; releases without changes are left out with `skip_empty`.
#[must_use]
pub fn changelog_document(changelog: &Changelog, skip_empty: bool) -> serde_json::Value {
    serde_json::json!({
        "schema": CHANGELOG_SCHEMA,
        "releases": changelog.releases
            .iter()
            .filter(|r| !(skip_empty && r.is_empty()))
            .map(|r| serde_json::json!({
                "name": r.name,
                "date": r.date.as_ref().map(rfc3339_offset::format),
                "commit": r.commit,
                "previous": r.previous,
                "nav": r.nav,
                "previous_nav": r.previous_nav,
                "nodes": r.nodes,
                "url": r.url,
                "diff": r.diff.as_ref().map(json::to_value),
            }))
            .collect::<Vec<_>>(),
        "skipped": changelog.skipped.iter().map(|s| serde_json::json!({
            "name": s.name,
            "reason": s.reason(),
        })).collect::<Vec<_>>(),
        "left_out": changelog.left_out,
    })
}

/// Renders `releases` through `template` (a user's own): the `navdiff.changelog.v1`
/// document, as `--format json` writes it, with navdiff's wording of each release's diff
/// beside it as `report` (`releases[0].diff.report.sections`, …).
///
/// # Errors
///
/// The template's errors (syntax, an unknown filter, a runaway loop), naming its line and
/// column.
pub fn render_changelog_template(
    changelog: &Changelog,
    skip_empty: bool,
    template: &Template,
) -> Result<String> {
    let mut doc = changelog_document(changelog, skip_empty);
    let shown = changelog
        .releases
        .iter()
        .filter(|r| !(skip_empty && r.is_empty()));
    let mut changes = 0;
    if let Some(out) = doc["releases"].as_array_mut() {
        for (value, release) in out.iter_mut().zip(shown) {
            if let (Some(d), Some(map)) = (&release.diff, value["diff"].as_object_mut()) {
                map.insert("report".to_owned(), wording_value(d));
                changes += d.changes.len();
            }
        }
    }
    template.render(&doc, changes)
}

/// Refreshes navdiff's block in the markdown file at `path` (`name` in messages) with the
/// sections of `changelog`, atomically, creating the file when it is missing. Only the
/// sections of the releases walked are rewritten; every other section of the block is kept
/// byte for byte. Returns whether the file changed: a second run with the same releases
/// leaves it byte for byte.
pub fn update_changelog_file(
    path: &Path,
    name: &str,
    changelog: &Changelog,
    skip_empty: bool,
) -> Result<bool> {
    // Read with the checks every file gets: no link out of the repository, no FIFO or
    // device, no file over the size limit.
    let existing = match read_named_file(path, name)? {
        Some(bytes) => decode_text(name, &bytes)?.to_owned(),
        None => String::new(),
    };
    let generated = sections(&changelog.releases, skip_empty);
    let walked: Vec<String> = changelog.releases.iter().map(|r| label(&r.name)).collect();
    let order: Vec<String> = changelog.names.iter().map(|n| label(n)).collect();
    let updated =
        update_block(&existing, &generated, &walked, &order).ok_or_else(|| Error::BrokenBlock {
            path: name.to_owned(),
        })?;
    if updated == existing {
        return Ok(false);
    }
    write_atomic(path, updated.as_bytes())?;
    Ok(true)
}

/// `existing` with navdiff's managed block refreshed: the `generated` sections (heading
/// label, text) replace the block's sections of the same label, sections of `walked`
/// releases that were not generated (now empty and skipped) go, and every other section
/// stays as it is. New sections go where `order` (every label, newest first) puts them.
/// Without a block, one is inserted after the intro (the first paragraph under the H1).
/// `None` when the markers are broken.
#[must_use]
pub fn update_block(
    existing: &str,
    generated: &[(String, String)],
    walked: &[String],
    order: &[String],
) -> Option<String> {
    match find_block(existing) {
        Block::Broken => None,
        Block::At(start, end) => {
            let inner = &existing[start + BLOCK_START.len()..end];
            let body = merge_sections(inner, generated, walked, order);
            Some(format!(
                "{}{}{}",
                &existing[..start],
                block(&body),
                &existing[end + BLOCK_END.len()..]
            ))
        }
        Block::Missing => {
            let body = merge_sections("", generated, walked, order);
            let at = intro_end(existing);
            let (before, after) = existing.split_at(at);
            let sep_before = if before.is_empty() || before.ends_with("\n\n") {
                ""
            } else if before.ends_with('\n') {
                "\n"
            } else {
                "\n\n"
            };
            let sep_after = if after.is_empty() || after.starts_with('\n') {
                "\n"
            } else {
                "\n\n"
            };
            Some(format!(
                "{before}{sep_before}{}{sep_after}{after}",
                block(&body)
            ))
        }
    }
}

/// The block around `body`.
fn block(body: &str) -> String {
    format!("{BLOCK_START}\n{}\n{BLOCK_END}", body.trim_end())
}

/// Where navdiff's block is in a file.
enum Block {
    /// No markers.
    Missing,
    /// The start marker's offset and the end marker's.
    At(usize, usize),
    /// A marker missing, or out of order.
    Broken,
}

/// Where the block's markers are. A marker is a line of its own, and there is exactly one
/// of each: a marker quoted inside a line (a title, a code span) is text, and two blocks
/// are a broken file.
fn find_block(existing: &str) -> Block {
    match (
        marker_line(existing, BLOCK_START),
        marker_line(existing, BLOCK_END),
    ) {
        (Marker::At(s), Marker::At(e)) if s < e => Block::At(s, e),
        (Marker::Missing, Marker::Missing) => Block::Missing,
        _ => Block::Broken,
    }
}

/// Where the line that is a marker is, when there is exactly one.
enum Marker {
    Missing,
    At(usize),
    Repeated,
}

/// The byte offset of the one line that is `marker`.
fn marker_line(text: &str, marker: &str) -> Marker {
    let mut offset = 0;
    let mut found = Marker::Missing;
    for line in text.split_inclusive('\n') {
        if line.trim_end() == marker {
            if matches!(found, Marker::At(_)) {
                return Marker::Repeated;
            }
            found = Marker::At(offset);
        }
        offset += line.len();
    }
    found
}

/// The block's body with the generated sections merged in (see [`update_block`]).
fn merge_sections(
    inner: &str,
    generated: &[(String, String)],
    walked: &[String],
    order: &[String],
) -> String {
    let (preamble, existing) = split_sections(inner);
    let rank = |label: &str| order.iter().position(|o| o == label);
    let mut out: Vec<(Option<usize>, String)> = Vec::new();
    let mut placed = vec![false; generated.len()];
    for (label, text) in existing {
        if let Some(i) = generated.iter().position(|(g, _)| *g == label) {
            if !placed[i] {
                placed[i] = true;
                out.push((rank(&label), generated[i].1.clone()));
            }
        } else if !walked.contains(&label) {
            out.push((rank(&label), text));
        }
    }
    for (i, (label, text)) in generated.iter().enumerate() {
        if placed[i] {
            continue;
        }
        let r = rank(label);
        // Before the first section that comes later in the list (older), else at the end.
        let at = out
            .iter()
            .position(|(other, _)| matches!((r, other), (Some(r), Some(o)) if o > &r))
            .unwrap_or(out.len());
        out.insert(at, (r, text.clone()));
    }
    let mut parts: Vec<String> = Vec::new();
    let preamble = preamble.trim();
    if !preamble.is_empty() && preamble != NO_RELEASES {
        parts.push(preamble.to_owned());
    }
    parts.extend(out.into_iter().map(|(_, t)| t));
    if parts.is_empty() {
        return NO_RELEASES.to_owned();
    }
    parts.join("\n\n")
}

/// The text before the first `## ` heading, and each section (label, text without
/// trailing blank lines).
fn split_sections(inner: &str) -> (String, Vec<(String, String)>) {
    let mut preamble = String::new();
    let mut sections: Vec<(String, String)> = Vec::new();
    for line in inner.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix("## ") {
            let label = rest
                .trim()
                .strip_prefix('[')
                .and_then(heading_label)
                .unwrap_or_else(|| rest.trim().to_owned());
            sections.push((label, String::new()));
        }
        match sections.last_mut() {
            Some((_, text)) => text.push_str(line),
            None => preamble.push_str(line),
        }
    }
    for (_, text) in &mut sections {
        let trimmed = text.trim_end().len();
        text.truncate(trimmed);
    }
    (preamble, sections)
}

/// The label of `v1.0] - 2024-01-01` (after the `[`): up to the first `]` not escaped.
fn heading_label(rest: &str) -> Option<String> {
    let mut escaped = false;
    for (i, c) in rest.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            ']' if !escaped => return Some(rest[..i].to_owned()),
            _ => escaped = false,
        }
    }
    None
}

/// The byte offset after a markdown file's intro: the H1 line, blank lines, and the first
/// paragraph under it (when the next thing is a paragraph, not a heading). 0 without an H1.
fn intro_end(text: &str) -> usize {
    let mut offset = 0;
    let mut lines = text.split_inclusive('\n').peekable();
    // The H1.
    loop {
        let Some(line) = lines.next() else { return 0 };
        offset += line.len();
        if line.starts_with("# ") || line.trim_end() == "#" {
            break;
        }
    }
    let after_heading = offset;
    // Blank lines.
    while let Some(line) = lines.peek() {
        if !line.trim().is_empty() {
            break;
        }
        offset += line.len();
        lines.next();
    }
    // The first paragraph, unless a heading (or nothing) comes first.
    match lines.peek() {
        Some(line) if !line.starts_with('#') => {
            while let Some(line) = lines.peek() {
                if line.trim().is_empty() || line.starts_with('#') {
                    break;
                }
                offset += line.len();
                lines.next();
            }
            offset
        }
        _ => after_heading,
    }
}

/// Where a repository's releases can be linked to: a GitHub or GitLab project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forge {
    /// `https://github.com/owner/repo`.
    base: String,
    gitlab: bool,
}

impl Forge {
    /// The project a remote URL (`git@github.com:o/r.git`, `https://gitlab.com/g/s/r`,
    /// `ssh://git@github.com/o/r`) points to, when it is on GitHub or GitLab and its path
    /// is plain (letters, digits, `.`, `-`, `_`).
    #[must_use]
    pub fn from_remote(url: &str) -> Option<Forge> {
        let url = url.trim();
        let rest = if let Some((scheme, rest)) = url.split_once("://") {
            if !matches!(scheme, "https" | "http" | "ssh" | "git") {
                return None;
            }
            rest
        } else {
            // scp-like: `git@github.com:owner/repo.git`.
            let (host, path) = url.split_once(':')?;
            if host.contains('/') {
                return None;
            }
            return Forge::of(host, path);
        };
        let (host, path) = rest.split_once('/')?;
        Forge::of(host, path)
    }

    fn of(host: &str, path: &str) -> Option<Forge> {
        let host = host.rsplit('@').next()?;
        let host = host.split(':').next()?.to_ascii_lowercase();
        let gitlab = host == "gitlab.com" || host.starts_with("gitlab.");
        if host != "github.com" && !gitlab {
            return None;
        }
        let path = path.trim_matches('/');
        let path = path.strip_suffix(".git").unwrap_or(path);
        let segments: Vec<&str> = path.split('/').collect();
        let plain = |s: &&str| {
            !s.is_empty()
                && !s.starts_with('.')
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
        };
        let shape = if gitlab {
            segments.len() >= 2
        } else {
            segments.len() == 2
        };
        if !shape || !segments.iter().all(plain) {
            return None;
        }
        Some(Forge {
            base: format!("https://{host}/{}", segments.join("/")),
            gitlab,
        })
    }

    /// The page comparing `from` with `to` (`…/compare/v1.1...v2.0`).
    #[must_use]
    pub fn compare(&self, from: &str, to: &str) -> String {
        let dash = if self.gitlab { "/-" } else { "" };
        format!(
            "{}{dash}/compare/{}...{}",
            self.base,
            url_escape(from),
            url_escape(to)
        )
    }

    /// The page of the tag `name`.
    #[must_use]
    pub fn tag(&self, name: &str) -> String {
        if self.gitlab {
            format!("{}/-/tags/{}", self.base, url_escape(name))
        } else {
            format!("{}/releases/tag/{}", self.base, url_escape(name))
        }
    }
}

/// A ref name for a URL path: every byte but letters, digits, `-._~/` percent-encoded.
fn url_escape(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section_list(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(l, t)| ((*l).to_owned(), (*t).to_owned()))
            .collect()
    }

    fn names(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn block_goes_below_the_intro_then_is_refreshed_in_place() {
        let hand = "# Changelog\n\nHand-written intro,\nwith <!-- a comment -->.\n\nMore prose.\n\n## [1.0] - 2020-01-01\n- Old notes.\n";
        let v2 = section_list(&[("v2", "## [v2]\n\nfirst")]);
        let order = names(&["v2", "v1"]);
        let once = update_block(hand, &v2, &names(&["v2"]), &order).expect("inserted");
        assert_eq!(
            once,
            "# Changelog\n\nHand-written intro,\nwith <!-- a comment -->.\n\n<!-- navdiff:start -->\n## [v2]\n\nfirst\n<!-- navdiff:end -->\n\nMore prose.\n\n## [1.0] - 2020-01-01\n- Old notes.\n"
        );
        let twice = update_block(&once, &v2, &names(&["v2"]), &order).expect("refreshed");
        assert_eq!(twice, once, "idempotent");
        let v3 = section_list(&[("v3", "## [v3]\n\nsecond")]);
        let order = names(&["v3", "v2", "v1"]);
        let changed = update_block(&once, &v3, &names(&["v3"]), &order).expect("refreshed");
        assert!(
            changed.contains(
                "<!-- navdiff:start -->\n## [v3]\n\nsecond\n\n## [v2]\n\nfirst\n<!-- navdiff:end -->"
            ),
            "{changed}"
        );
        assert!(changed.ends_with("## [1.0] - 2020-01-01\n- Old notes.\n"));
    }

    #[test]
    fn only_the_walked_sections_are_rewritten() {
        let old = "# C\n\n<!-- navdiff:start -->\n## [Unreleased]\n\nstale\n\n## [v2]\n\nmine, edited by hand\n\n[v2]: https://example.com\n\n## [Notes]\n\nhand-written\n\n## [v1] - 2020-01-01\n\nold\n<!-- navdiff:end -->\n";
        let generated = section_list(&[
            ("Unreleased", "## [Unreleased]\n\nfresh"),
            ("v3", "## [v3]\n\nnew"),
        ]);
        let walked = names(&["Unreleased", "v3", "v2.5"]);
        let order = names(&["Unreleased", "v3", "v2.5", "v2", "v1"]);
        let updated = update_block(old, &generated, &walked, &order).expect("updated");
        assert_eq!(
            updated,
            "# C\n\n<!-- navdiff:start -->\n## [Unreleased]\n\nfresh\n\n## [v3]\n\nnew\n\n## [v2]\n\nmine, edited by hand\n\n[v2]: https://example.com\n\n## [Notes]\n\nhand-written\n\n## [v1] - 2020-01-01\n\nold\n<!-- navdiff:end -->\n"
        );
    }

    #[test]
    fn files_without_a_heading_or_intro_and_broken_blocks() {
        let x = section_list(&[("x", "## [x]")]);
        let w = names(&["x"]);
        assert_eq!(
            update_block("", &x, &w, &w).expect("empty file"),
            "<!-- navdiff:start -->\n## [x]\n<!-- navdiff:end -->\n"
        );
        assert_eq!(
            update_block("plain\n", &x, &w, &w).expect("no heading"),
            "<!-- navdiff:start -->\n## [x]\n<!-- navdiff:end -->\n\nplain\n"
        );
        assert_eq!(
            update_block("# T\n\n## [0.1]\n", &x, &w, &w).expect("no intro"),
            "# T\n\n<!-- navdiff:start -->\n## [x]\n<!-- navdiff:end -->\n\n## [0.1]\n"
        );
        assert_eq!(
            update_block(
                "# T\n<!-- navdiff:start -->\n## [x]\n<!-- navdiff:end -->\n",
                &[],
                &w,
                &w
            )
            .expect("nothing left"),
            "# T\n<!-- navdiff:start -->\nNo releases to describe.\n<!-- navdiff:end -->\n"
        );
        assert!(
            update_block("<!-- navdiff:end -->\n<!-- navdiff:start -->\n", &x, &w, &w).is_none()
        );
        assert!(update_block("# T\n<!-- navdiff:start -->\n", &x, &w, &w).is_none());
    }

    #[test]
    fn compare_links_for_github_and_gitlab_remotes() {
        let gh = Forge::from_remote("git@github.com:owner/repo.git").expect("github");
        assert_eq!(
            gh.compare("v1.1", "v2.0"),
            "https://github.com/owner/repo/compare/v1.1...v2.0"
        );
        assert_eq!(
            gh.tag("v1.0+build"),
            "https://github.com/owner/repo/releases/tag/v1.0%2Bbuild"
        );
        for url in [
            "https://github.com/owner/repo",
            "https://github.com/owner/repo.git/",
            "ssh://git@github.com/owner/repo.git",
            "https://user@github.com/owner/repo.git",
        ] {
            assert_eq!(Forge::from_remote(url).as_ref(), Some(&gh), "{url}");
        }
        let own = Forge::from_remote("https://gitlab.example.org/group/sub/repo.git").expect("own");
        assert_eq!(
            own.tag("v1"),
            "https://gitlab.example.org/group/sub/repo/-/tags/v1"
        );
        assert_eq!(
            Forge::from_remote("https://git.example.org/group/repo.git"),
            None,
            "only github.com, gitlab.com and gitlab.* hosts"
        );
        let gl = Forge::from_remote("git@gitlab.com:group/sub/repo.git").expect("gitlab");
        assert_eq!(
            gl.compare("1.0", "HEAD"),
            "https://gitlab.com/group/sub/repo/-/compare/1.0...HEAD"
        );
        for url in [
            "/srv/git/repo",
            "https://example.com/o/r",
            "https://github.com/o/r/extra",
            "https://github.com/o/r)x",
            "file:///github.com/o/r",
        ] {
            assert_eq!(Forge::from_remote(url), None, "{url}");
        }
    }
}
