//! The terminal table: Change · Where · Details, grouped by kind.
//!
//! ```text
//! 1 added, 1 moved between v1 and v2
//! ┌─────────┬─────────────────────┬───────────────────────────────┐
//! │ Change  ┆ Where               ┆ Details                       │
//! ╞═════════╪═════════════════════╪═══════════════════════════════╡
//! │ added   ┆ Guide › Upgrading   ┆ guide/upgrading.md            │
//! │ moved   ┆ Operations › Deploy ┆ from Guide › Deploy (2 pages) │
//! └─────────┴─────────────────────┴───────────────────────────────┘
//! ```
//!
//! [`TableStyle::Plain`] draws the same rows as aligned text without box drawing, for
//! output that is not a terminal. Columns that do not fit the width share what is left
//! and wrap at spaces.

use std::io::{self, Write};

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::diff::{Change, ChangeKind, Diff};
use crate::report::{
    RenderOptions, breadcrumb, count, covers, identity_note, kinds_phrase, no_workflow_command,
    now_stands, relink, summary_line, terminal_safe, what_it_covers,
};

/// How the table is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum TableStyle {
    /// Box-drawing borders, for a terminal.
    #[default]
    Boxed,
    /// Columns aligned with spaces, no borders: for pipes, files and logs.
    Plain,
}

const HEADER: [&str; 3] = ["Change", "Where", "Details"];

pub(super) fn render(diff: &Diff, opts: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let sides = format!(
        "{} and {}",
        terminal_safe(&diff.old.label),
        terminal_safe(&diff.new.label)
    );
    if diff.is_empty() {
        writeln!(
            out,
            "No structural changes between {sides} ({}).",
            count(diff.new.nodes, "node", "nodes")
        )?;
        if let Some(note) = identity_note(diff) {
            writeln!(out, "{note}")?;
        }
        return Ok(());
    }
    writeln!(out, "{} between {sides}", summary_line(diff))?;
    let rows: Vec<(ChangeKind, [String; 3])> = diff
        .changes
        .iter()
        .map(|c| {
            (
                c.kind,
                [kinds_phrase(c.kind, &c.also), place(c), details(c)],
            )
        })
        .collect();
    let colour = |kind: ChangeKind| opts.color.then(|| kind_colour(kind).on_default());
    let table = Table::new(
        HEADER.map(str::to_owned),
        rows.iter()
            .map(|(k, cells)| (colour(*k), cells.clone()))
            .collect(),
    );
    let width = match opts.width {
        u16::MAX => usize::MAX,
        w => usize::from(w),
    };
    for line in table.lines(width, opts.table_style) {
        writeln!(out, "{line}")?;
    }
    if let Some(note) = identity_note(diff) {
        writeln!(out, "{note}")?;
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
            let what = what_it_covers(change);
            match (&change.target, what.is_empty()) {
                (Some(t), true) => safe(t),
                (Some(t), false) => format!("{} · {what}", safe(t)),
                (None, _) => what,
            }
        }
        ChangeKind::Moved => format!(
            "from {}{}",
            breadcrumb(change.old_path.as_ref(), safe),
            covers(change)
        ),
        ChangeKind::Renamed => {
            let renamed = format!(
                "{} → {}",
                safe(change.old_title.as_deref().unwrap_or_default()),
                safe(&change.title)
            );
            if change.is(ChangeKind::Relinked) {
                format!("{renamed}; {}", relink(change, safe))
            } else {
                renamed
            }
        }
        ChangeKind::Relinked => relink(change, safe),
        ChangeKind::Reordered => now_stands(change, safe),
    }
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

/// A row: the style of its first cell (the kind), and its cells' text, free of control
/// characters.
pub(super) type Row<const N: usize> = (Option<anstyle::Style>, [String; N]);

/// A table of `N` columns, laid out for a width when drawn.
pub(super) struct Table<const N: usize> {
    header: [String; N],
    rows: Vec<Row<N>>,
}

impl<const N: usize> Table<N> {
    pub(super) fn new(header: [String; N], rows: Vec<Row<N>>) -> Self {
        Table { header, rows }
    }

    /// The table's lines, at most `width` columns wide where the content allows.
    pub(super) fn lines(&self, width: usize, style: TableStyle) -> Vec<String> {
        // Boxed: `│ a ┆ b │`, three columns of frame a cell and one more; plain: `a  b`.
        let frame = match style {
            TableStyle::Boxed => 3 * N + 1,
            TableStyle::Plain => 2 * N.saturating_sub(1),
        };
        let natural: [usize; N] = std::array::from_fn(|c| {
            self.rows
                .iter()
                .map(|(_, cells)| cells[c].width())
                .chain([self.header[c].width()])
                .max()
                .unwrap_or(0)
        });
        let limits = column_limits(&natural, width.saturating_sub(frame));
        let wrap_row = |cells: &[String; N]| -> [Vec<String>; N] {
            std::array::from_fn(|c| wrap(&cells[c], limits[c]))
        };
        let header = wrap_row(&self.header);
        let rows: Vec<(Option<anstyle::Style>, [Vec<String>; N])> = self
            .rows
            .iter()
            .map(|(s, cells)| (*s, wrap_row(cells)))
            .collect();
        // Each column is as wide as its widest wrapped line.
        let widths: [usize; N] = std::array::from_fn(|c| {
            rows.iter()
                .flat_map(|(_, cells)| &cells[c])
                .chain(&header[c])
                .map(|l| l.width())
                .max()
                .unwrap_or(0)
        });
        let mut out = Vec::new();
        let rule = |left: &str, fill: &str, join: &str, right: &str| {
            let parts: Vec<String> = widths.iter().map(|w| fill.repeat(w + 2)).collect();
            format!("{left}{}{right}", parts.join(join))
        };
        if style == TableStyle::Boxed {
            out.push(rule("┌", "─", "┬", "┐"));
        }
        out.extend(draw_row(&header, None, &widths, style));
        if style == TableStyle::Boxed {
            out.push(rule("╞", "═", "╪", "╡"));
        }
        for (colour, cells) in &rows {
            out.extend(draw_row(cells, *colour, &widths, style));
        }
        if style == TableStyle::Boxed {
            out.push(rule("└", "─", "┴", "┘"));
        }
        out
    }
}

/// The lines of one row whose cells are wrapped already; `colour` styles the first line of
/// the first cell.
fn draw_row<const N: usize>(
    cells: &[Vec<String>; N],
    colour: Option<anstyle::Style>,
    widths: &[usize; N],
    style: TableStyle,
) -> Vec<String> {
    let height = cells.iter().map(Vec::len).max().unwrap_or(0).max(1);
    (0..height)
        .map(|i| {
            let padded: Vec<String> = (0..N)
                .map(|c| {
                    let text = cells[c].get(i).map_or("", String::as_str);
                    let pad = " ".repeat(widths[c] - text.width());
                    match colour.filter(|_| c == 0 && i == 0) {
                        Some(s) => format!("{s}{text}{s:#}{pad}"),
                        None => format!("{text}{pad}"),
                    }
                })
                .collect();
            match style {
                TableStyle::Boxed => format!("│ {} │", padded.join(" ┆ ")),
                TableStyle::Plain => padded.join("  ").trim_end().to_owned(),
            }
        })
        .collect()
}

/// The most each column may take of `budget`: its natural width when all fit; otherwise
/// columns narrower than a fair share keep theirs and the rest share what is left evenly.
fn column_limits<const N: usize>(natural: &[usize; N], budget: usize) -> [usize; N] {
    if natural.iter().sum::<usize>() <= budget {
        return *natural;
    }
    let mut limits = [0; N];
    let mut open: Vec<usize> = (0..N).collect();
    let mut left = budget;
    loop {
        let fair = left / open.len().max(1);
        let (fits, wide): (Vec<usize>, Vec<usize>) =
            open.iter().partition(|&&c| natural[c] <= fair);
        if fits.is_empty() {
            break;
        }
        for c in fits {
            limits[c] = natural[c];
            left -= natural[c];
        }
        open = wide;
        if open.is_empty() {
            return limits;
        }
    }
    let share = left / open.len();
    let extra = left % open.len();
    for (i, &c) in open.iter().enumerate() {
        limits[c] = (share + usize::from(i < extra)).max(1);
    }
    limits
}

/// `text` in lines of at most `limit` columns, broken at spaces, and inside words only
/// when a word alone is wider; linear in the length of `text` (each character measured
/// once). A line that would start with a workflow command's `::` has it escaped.
fn wrap(text: &str, limit: usize) -> Vec<String> {
    let limit = limit.max(1);
    if text.width() <= limit {
        return vec![no_workflow_command(text).into_owned()];
    }
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut line_width = 0;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let gap = usize::from(!line.is_empty());
        let word_width = word.width();
        if line_width + gap + word_width <= limit {
            if gap == 1 {
                line.push(' ');
            }
            line.push_str(word);
            line_width += gap + word_width;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
            line_width = 0;
        }
        for c in word.chars() {
            let w = c.width().unwrap_or(0);
            if line_width + w > limit && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                line_width = 0;
            }
            line.push(c);
            line_width += w;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
        .into_iter()
        .map(|l| no_workflow_command(&l).into_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Table<2> {
        Table::new(
            ["Kind".into(), "Where".into()],
            vec![
                (None, ["added".into(), "Guide › Install".into()]),
                (
                    None,
                    ["moved".into(), "Operations › Deploy to production".into()],
                ),
            ],
        )
    }

    #[test]
    fn boxed_and_plain_tables_wrap_to_the_width() {
        let boxed = table().lines(30, TableStyle::Boxed).join("\n");
        insta::assert_snapshot!(boxed, @r"
        ┌───────┬─────────────────┐
        │ Kind  ┆ Where           │
        ╞═══════╪═════════════════╡
        │ added ┆ Guide › Install │
        │ moved ┆ Operations ›    │
        │       ┆ Deploy to       │
        │       ┆ production      │
        └───────┴─────────────────┘
        ");
        let plain = table().lines(30, TableStyle::Plain).join("\n");
        insta::assert_snapshot!(plain, @r"
        Kind   Where
        added  Guide › Install
        moved  Operations › Deploy to
               production
        ");
        let wide = table().lines(100, TableStyle::Plain).join("\n");
        assert!(
            wide.ends_with("moved  Operations › Deploy to production"),
            "{wide}"
        );
    }

    #[test]
    fn columns_share_what_is_left_and_long_words_break() {
        assert_eq!(column_limits(&[9, 70, 43], 90), [9, 41, 40]);
        assert_eq!(column_limits(&[5, 10], 90), [5, 10]);
        assert_eq!(wrap("abcdefgh ij", 3), ["abc", "def", "gh", "ij"]);
        assert_eq!(wrap("", 3), [""]);
        assert_eq!(wrap("日本語の題", 4), ["日本", "語の", "題"]);
    }
}
