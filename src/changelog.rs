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
//! Pure code: the command line walks the tags and hands the diffs over.

use std::io::{self, Write};

use chrono::{DateTime, FixedOffset};

use crate::diff::Diff;
use crate::report::{code_span, markdown};

/// The line that opens navdiff's managed block.
pub const BLOCK_START: &str = "<!-- navdiff:start -->";
/// The line that closes it.
pub const BLOCK_END: &str = "<!-- navdiff:end -->";

/// One release: a tag (or `Unreleased`) and what changed since the release before it.
#[derive(Debug)]
#[non_exhaustive]
pub struct Release {
    /// The tag, or `Unreleased`.
    pub name: String,
    /// The tag's commit time; none for `Unreleased`.
    pub date: Option<DateTime<FixedOffset>>,
    /// The release before it, when there is one.
    pub previous: Option<String>,
    /// The diff from the previous release; `None` for the first release.
    pub diff: Option<Diff>,
    /// The number of nodes at this release.
    pub nodes: usize,
}

impl Release {
    /// A release named `name`.
    #[must_use]
    pub fn new(
        name: String,
        date: Option<DateTime<FixedOffset>>,
        previous: Option<String>,
        diff: Option<Diff>,
        nodes: usize,
    ) -> Self {
        Release {
            name,
            date,
            previous,
            diff,
            nodes,
        }
    }

    /// Whether the navigation did not change in this release.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.diff.as_ref().is_some_and(Diff::is_empty)
    }
}

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
        match release.date {
            Some(date) => writeln!(out, "## [{}] - {}", release.name, date.format("%Y-%m-%d"))?,
            None => writeln!(out, "## [{}]", release.name)?,
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
                writeln!(out, "**{}**{since}", crate::report::summary_line(d))?;
                markdown::write_sections(d, "###", out)?;
            }
        }
    }
    if first {
        writeln!(out, "No releases to describe.")?;
    }
    Ok(())
}

/// `existing` with navdiff's managed block set to `body`: replaced between the markers when
/// they are there, else inserted after the first heading (or at the top). Text outside the
/// markers is never changed, so a second run with the same body changes nothing.
pub fn update_block(existing: &str, body: &str) -> Result<String, String> {
    let block = format!("{BLOCK_START}\n{}\n{BLOCK_END}", body.trim_end());
    let start = existing.find(BLOCK_START);
    let end = existing.find(BLOCK_END);
    match (start, end) {
        (Some(s), Some(e)) if s < e => Ok(format!(
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
            Ok(format!("{before}{sep_before}{block}{sep_after}{after}"))
        }
        _ => Err(format!(
            "the file has a broken navdiff block: `{BLOCK_START}` and `{BLOCK_END}` must both be there, in that order"
        )),
    }
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
        assert!(update_block("<!-- navdiff:end -->\n<!-- navdiff:start -->\n", "x").is_err());
        assert!(update_block("# T\n<!-- navdiff:start -->\n", "x").is_err());
    }
}
