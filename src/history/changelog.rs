//! Release notes for the documentation structure: one Keep-a-Changelog section per release,
//! and the managed block that `navdiff changelog --update` keeps inside a hand-written file.
//!
//! ```markdown
//! ## [Unreleased]
//!
//! **1 added** (`v2.0` → `HEAD`)
//!
//! ### Added
//! - Guide › Upgrading
//!
//! ## [v2.0] - 2024-03-01
//! …
//! ```
//!
//! The walk that makes the releases is in `releases.rs`; this file writes them.

use std::io::{self, Write};
use std::path::Path;

use crate::error::{Error, Result};
use crate::history::Release;
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

/// Writes `releases` (newest first) as changelog sections.
pub fn render_markdown(
    releases: &[Release],
    skip_empty: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut first = true;
    for release in releases.iter().filter(|r| !(skip_empty && r.is_empty())) {
        if !first {
            writeln!(out)?;
        }
        first = false;
        // A tag's name is text its author chose: escaped like a title.
        let name = escape_markdown(&release.name);
        match release.date {
            Some(date) => writeln!(out, "## [{name}] - {}", date.format("%Y-%m-%d"))?,
            None => writeln!(out, "## [{name}]")?,
        }
        writeln!(out)?;
        match &release.diff {
            None => writeln!(
                out,
                "The first release with a navigation: {} entries.",
                release.nodes
            )?,
            Some(d) if d.is_empty() => writeln!(out, "No structural changes to the navigation.")?,
            Some(d) => {
                let since = release
                    .previous
                    .as_deref()
                    .map(|p| format!(" since {}", code_span(p)))
                    .unwrap_or_default();
                writeln!(out, "**{}**{since}", summary_line(d))?;
                markdown::write_sections(d, "###", out)?;
            }
        }
    }
    if first {
        writeln!(out, "No releases to describe.")?;
    }
    Ok(())
}

/// The releases (newest first) as a `navdiff.changelog.v1` JSON document, each release with
/// its `navdiff.diff.v1` diff; releases without changes are left out with `skip_empty`.
#[must_use]
pub fn changelog_document(releases: &[Release], skip_empty: bool) -> serde_json::Value {
    serde_json::json!({
        "schema": CHANGELOG_SCHEMA,
        "releases": releases
            .iter()
            .filter(|r| !(skip_empty && r.is_empty()))
            .map(|r| serde_json::json!({
                "name": r.name,
                "date": r.date.as_ref().map(rfc3339_offset::format),
                "previous": r.previous,
                "nodes": r.nodes,
                "diff": r.diff.as_ref().map(json::to_value),
            }))
            .collect::<Vec<_>>(),
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
    releases: &[Release],
    skip_empty: bool,
    template: &Template,
) -> Result<String> {
    let mut doc = changelog_document(releases, skip_empty);
    let shown = releases.iter().filter(|r| !(skip_empty && r.is_empty()));
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
/// sections of `releases`, atomically, creating the file when it is missing. Returns whether
/// the file changed: a second run with the same releases leaves it byte for byte.
pub fn update_changelog_file(
    path: &Path,
    name: &str,
    releases: &[Release],
    skip_empty: bool,
) -> Result<bool> {
    let mut body = Vec::new();
    render_markdown(releases, skip_empty, &mut body).map_err(|source| Error::Write {
        path: name.to_owned(),
        source,
    })?;
    let body = String::from_utf8_lossy(&body);
    // Read with the checks every file gets: no link out of the repository, no FIFO or
    // device, no file over the size limit.
    let existing = match read_named_file(path, name)? {
        Some(bytes) => decode_text(name, &bytes)?.to_owned(),
        None => String::new(),
    };
    let updated = update_block(&existing, &body).ok_or_else(|| Error::BrokenBlock {
        path: name.to_owned(),
    })?;
    if updated == existing {
        return Ok(false);
    }
    write_atomic(path, updated.as_bytes())?;
    Ok(true)
}

/// `existing` with navdiff's managed block set to `body`: replaced between the markers when
/// they are there, else inserted after the first heading (or at the top); `None` when the
/// markers are broken. Text outside the markers is never changed, so a second run with the
/// same body changes nothing.
#[must_use]
pub fn update_block(existing: &str, body: &str) -> Option<String> {
    let block = format!("{BLOCK_START}\n{}\n{BLOCK_END}", body.trim_end());
    // A marker is a line of its own, and there is exactly one of each: a marker quoted
    // inside a line (a title, a code span) is text, and two blocks are a broken file.
    let at = |marker| match marker_line(existing, marker) {
        Marker::Repeated => Err(()),
        Marker::At(offset) => Ok(Some(offset)),
        Marker::Missing => Ok(None),
    };
    let (Ok(start), Ok(end)) = (at(BLOCK_START), at(BLOCK_END)) else {
        return None;
    };
    match (start, end) {
        (Some(s), Some(e)) if s < e => Some(format!(
            "{}{block}{}",
            &existing[..s],
            &existing[e + BLOCK_END.len()..]
        )),
        (None, None) => {
            let heading_end = heading_line_end(existing);
            let (before, after) = existing.split_at(heading_end);
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
            Some(format!("{before}{sep_before}{block}{sep_after}{after}"))
        }
        _ => None,
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

/// The byte offset just after the first markdown heading line (0 when there is none).
fn heading_line_end(text: &str) -> usize {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.starts_with('#') {
            return offset + line.len();
        }
        offset += line.len();
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_is_inserted_under_the_first_heading_then_refreshed_in_place() {
        let hand = "# Changelog\n\nHand-written intro, with <!-- a comment -->.\n\n## [1.0] - 2020-01-01\n- Old notes.\n";
        let once = update_block(hand, "## [v2]\n\nfirst").expect("inserted");
        assert_eq!(
            once,
            "# Changelog\n\n<!-- navdiff:start -->\n## [v2]\n\nfirst\n<!-- navdiff:end -->\n\nHand-written intro, with <!-- a comment -->.\n\n## [1.0] - 2020-01-01\n- Old notes.\n"
        );
        let twice = update_block(&once, "## [v2]\n\nfirst").expect("refreshed");
        assert_eq!(twice, once, "idempotent");
        let changed = update_block(&once, "## [v3]\n\nsecond\n").expect("refreshed");
        assert!(changed.starts_with("# Changelog\n\n<!-- navdiff:start -->\n## [v3]\n\nsecond\n<!-- navdiff:end -->\n\nHand-written intro"));
        assert!(changed.ends_with("## [1.0] - 2020-01-01\n- Old notes.\n"));
    }

    #[test]
    fn files_without_a_heading_and_broken_blocks() {
        assert_eq!(
            update_block("", "x").expect("empty file"),
            "<!-- navdiff:start -->\nx\n<!-- navdiff:end -->\n"
        );
        assert_eq!(
            update_block("plain\n", "x").expect("no heading"),
            "<!-- navdiff:start -->\nx\n<!-- navdiff:end -->\n\nplain\n"
        );
        assert!(update_block("<!-- navdiff:end -->\n<!-- navdiff:start -->\n", "x").is_none());
        assert!(update_block("# T\n<!-- navdiff:start -->\n", "x").is_none());
    }
}
