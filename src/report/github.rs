//! Markdown for a pull-request comment: one summary line, a `<details>` block per kind, and
//! a hidden `<!-- navdiff -->` marker by which a workflow finds and updates its own comment.

use std::io::{self, Write};

use crate::diff::{ChangeKind, Diff};
use crate::redirects::Coverage;
use crate::report::{by_kind, identity_note, kind_heading, markdown, sides_markdown, summary_line};

/// The marker on the first line of every comment navdiff writes.
pub(crate) const MARKER: &str = "<!-- navdiff -->";

pub(super) fn render(
    diff: &Diff,
    redirects: Option<&Coverage>,
    out: &mut dyn Write,
) -> io::Result<()> {
    writeln!(out, "{MARKER}")?;
    let sides = sides_markdown(diff);
    if diff.is_empty() {
        writeln!(out, "**Docs navigation:** no structural changes ({sides}).")?;
    } else {
        writeln!(out, "**Docs navigation:** {} ({sides})", summary_line(diff))?;
    }
    for (kind, changes) in by_kind(diff) {
        // Removals are what reviewers most need to see: open by default.
        let open = if kind == ChangeKind::Removed {
            " open"
        } else {
            ""
        };
        writeln!(
            out,
            "\n<details{open}>\n<summary>{} ({})</summary>\n",
            kind_heading(kind),
            changes.len()
        )?;
        for item in markdown::marked(&changes, markdown::items(&changes), redirects) {
            writeln!(out, "- {item}")?;
        }
        writeln!(out, "\n</details>")?;
    }
    // Old URLs left without a page or a redirect: open, as removals are.
    if let Some(coverage) = redirects
        && let Some(part) = super::redirects::markdown_part(coverage, "")
    {
        let count = coverage.missing_count();
        let body = part.split_once("\n\n").map_or(part.as_str(), |(_, b)| b);
        writeln!(
            out,
            "\n<details open>\n<summary>Needs a redirect ({count})</summary>\n\n{}\n</details>",
            body.trim_end()
        )?;
    }
    if !diff.is_empty()
        && let Some(note) = identity_note(diff)
    {
        writeln!(out, "\n<sub>{note}</sub>")?;
    }
    Ok(())
}
