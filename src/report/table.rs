//! The terminal table: Change · Where · Details, grouped by kind.
//!
//! ```text
//! navdiff: 1 added, 1 moved between v1 and v2
//! ┌───────┬─────────────────────┬──────────────────────┐
//! │ Change┆ Where               ┆ Details              │
//! ╞═══════╪═════════════════════╪══════════════════════╡
//! │ added ┆ Guide › Deploy      ┆ 2 pages              │
//! ```

use std::io::{self, Write};

use comfy_table::{ContentArrangement, Table, presets};

use crate::diff::{Change, ChangeKind, Diff};
use crate::report::{RenderOptions, breadcrumb, pages_below, summary_line, terminal_safe};

pub(super) fn render(diff: &Diff, opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let sides = format!(
        "{} and {}",
        terminal_safe(&diff.old.label),
        terminal_safe(&diff.new.label)
    );
    if diff.is_empty() {
        return writeln!(
            out,
            "No structural changes between {sides} ({} nodes).",
            diff.new.nodes
        );
    }
    writeln!(out, "{} between {sides}", summary_line(diff))?;
    let mut table = Table::new();
    table
        .load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(opts.width)
        .set_header(vec!["Change", "Where", "Details"]);
    for change in &diff.changes {
        table.add_row(vec![
            change.kind.name().to_owned(),
            place(change),
            details(change),
        ]);
    }
    for line in table.lines() {
        let line = if opts.color { colour(&line) } else { line };
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// Where the change is: the new breadcrumb, or the old one for a removal.
fn place(change: &Change) -> String {
    let path = change.new_path.as_ref().or(change.old_path.as_ref());
    breadcrumb(path, |t| terminal_safe(t).into_owned())
}

fn details(change: &Change) -> String {
    let safe = |t: &str| terminal_safe(t).into_owned();
    match change.kind {
        ChangeKind::Added | ChangeKind::Removed => {
            let count = pages_below(change.nodes)
                .trim()
                .trim_matches(['(', ')'])
                .to_owned();
            match (&change.target, count.is_empty()) {
                (Some(t), true) => safe(t),
                (Some(t), false) => format!("{} · {count}", safe(t)),
                (None, _) => count,
            }
        }
        ChangeKind::Moved => format!(
            "from {}{}",
            breadcrumb(change.old_path.as_ref(), safe),
            pages_below(change.nodes)
        ),
        ChangeKind::Renamed => format!(
            "{} → {}",
            safe(change.old_title.as_deref().unwrap_or_default()),
            safe(&change.title)
        ),
        ChangeKind::Relinked => {
            let old = change.old_target.clone().flatten();
            format!(
                "{} → {}",
                old.as_deref().map_or_else(|| "(none)".to_owned(), safe),
                change
                    .target
                    .as_deref()
                    .map_or_else(|| "(none)".to_owned(), safe)
            )
        }
        ChangeKind::Reordered => format!(
            "position {} → {}",
            change.old_position.map_or(0, |p| p + 1),
            change.new_position.map_or(0, |p| p + 1)
        ),
    }
}

/// Colours the kind in a table line's first cell (the table is laid out before, so the
/// escape sequences do not upset its widths).
fn colour(line: &str) -> String {
    for kind in ChangeKind::ALL {
        let cell = format!("│ {} ", kind.name());
        if let Some(rest) = line.strip_prefix(&cell) {
            let style = kind_colour(kind).on_default();
            return format!("│ {style}{}{style:#} {rest}", kind.name());
        }
    }
    line.to_owned()
}

fn kind_colour(kind: ChangeKind) -> anstyle::AnsiColor {
    use anstyle::AnsiColor::{Blue, Cyan, Green, Magenta, Red, Yellow};
    match kind {
        ChangeKind::Added => Green,
        ChangeKind::Removed => Red,
        ChangeKind::Moved => Blue,
        ChangeKind::Renamed => Yellow,
        ChangeKind::Relinked => Magenta,
        ChangeKind::Reordered => Cyan,
    }
}
