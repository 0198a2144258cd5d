//! The changelog section in markdown: headline counts, then a `###` section per kind.
//!
//! ```markdown
//! **1 added, 1 moved** (`v1` → `v2`)
//!
//! ### Added
//! - Guide › Deploy (2 pages)
//!
//! ### Moved
//! - Guide › Install → Start › Install
//! ```
//!
//! Titles are markdown-escaped, targets are code spans: nothing from the repository can
//! become a link, an image or HTML.

use std::io::{self, Write};

use crate::diff::{Change, ChangeKind, Diff, WordChange};
use crate::redirects::Coverage;
use crate::report::{
    breadcrumb, by_kind, code_span, escape_markdown, identity_note, kind_heading, pages_below,
    positions, relink, sides_markdown, summary_line,
};

pub(super) fn render(
    diff: &Diff,
    redirects: Option<&Coverage>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let sides = sides_markdown(diff);
    if diff.is_empty() {
        writeln!(out, "No structural changes ({sides}).")?;
    } else {
        writeln!(out, "**{}** ({sides})", summary_line(diff))?;
    }
    write_sections_with(diff, "###", redirects, out)?;
    if !diff.is_empty()
        && let Some(note) = identity_note(diff)
    {
        writeln!(out, "\n_{note}_")?;
    }
    Ok(())
}

/// The per-kind sections, under headings of the given level (`###`).
pub(crate) fn write_sections(diff: &Diff, heading: &str, out: &mut dyn Write) -> io::Result<()> {
    write_sections_with(diff, heading, None, out)
}

/// The per-kind sections, removed pages that a redirect covers marked `(redirected)`, then
/// "Needs a redirect" when old URLs are left without one.
pub(crate) fn write_sections_with(
    diff: &Diff,
    heading: &str,
    redirects: Option<&Coverage>,
    out: &mut dyn Write,
) -> io::Result<()> {
    for (kind, changes) in by_kind(diff) {
        writeln!(out, "\n{heading} {}\n", kind_heading(kind))?;
        for item in marked(&changes, items(&changes), redirects) {
            writeln!(out, "- {item}")?;
        }
    }
    if let Some(part) = redirects.and_then(|c| super::redirects::markdown_part(c, heading)) {
        write!(out, "\n{part}")?;
    }
    Ok(())
}

/// `items` of `changes` (one an item for removals) with `(redirected)` after removed pages
/// whose every old URL a redirect covers.
pub(crate) fn marked(
    changes: &[&Change],
    items: Vec<String>,
    redirects: Option<&Coverage>,
) -> Vec<String> {
    let Some(coverage) = redirects else {
        return items;
    };
    if items.len() != changes.len() {
        return items;
    }
    items
        .into_iter()
        .zip(changes)
        .map(|(item, change)| {
            if change.kind == ChangeKind::Removed
                && super::redirects::is_redirected(change, coverage)
            {
                format!("{item} (redirected)")
            } else {
                item
            }
        })
        .collect()
}

/// A moved node's old and new parent breadcrumbs.
type Parents = (Vec<String>, Vec<String>);

/// The list items for changes of one kind: one a change, except that moves sharing their
/// old and new parent read as one item (`3 moved from Guide to Operations: A, B, C`).
pub(crate) fn items(changes: &[&Change]) -> Vec<String> {
    let parent = |path: Option<&Vec<String>>| {
        path.map(|p| p[..p.len().saturating_sub(1)].to_vec())
            .unwrap_or_default()
    };
    // (old parent, new parent) and the changes between them, in order of first appearance.
    if changes
        .first()
        .is_some_and(|c| c.kind == ChangeKind::Relinked)
    {
        return relinked_items(changes);
    }
    let mut groups: Vec<(Parents, Vec<&Change>)> = Vec::new();
    for change in changes {
        if change.kind != ChangeKind::Moved {
            groups.push(((Vec::new(), Vec::new()), vec![change]));
            continue;
        }
        let key = (
            parent(change.old_path.as_ref()),
            parent(change.new_path.as_ref()),
        );
        match groups
            .iter_mut()
            .find(|(k, members)| *k == key && members[0].kind == ChangeKind::Moved)
        {
            Some((_, members)) => members.push(change),
            None => groups.push((key, vec![change])),
        }
    }
    groups
        .into_iter()
        .map(|((from, to), members)| {
            if members.len() < 2 {
                return line(members[0]);
            }
            let place = |p: &Vec<String>| {
                if p.is_empty() {
                    "the top level".to_owned()
                } else {
                    breadcrumb(Some(p), escape_markdown)
                }
            };
            let names: Vec<String> = members
                .iter()
                .map(|c| format!("{}{}", escape_markdown(&c.title), pages_below(c.nodes)))
                .collect();
            format!(
                "{} moved from {} to {}: {}",
                members.len(),
                place(&from),
                place(&to),
                names.join(", ")
            )
        })
        .collect()
}

/// The part of a target a relink replaced, and what replaced it (`topics` → `community`).
type Rewrite = (String, String);

/// Relinks that rewrite the same part of their targets (`topics/` → `community/`) read as
/// one item when there are three or more of them.
fn relinked_items(changes: &[&Change]) -> Vec<String> {
    let rewrite = |c: &Change| -> Option<Rewrite> {
        let old = c.old_target.clone().flatten()?;
        let new = c.target.clone()?;
        let common = old
            .chars()
            .rev()
            .zip(new.chars().rev())
            .take_while(|(a, b)| a == b)
            .count();
        let cut = |t: &str| {
            t.chars()
                .take(t.chars().count() - common)
                .collect::<String>()
        };
        Some((cut(&old), cut(&new)))
    };
    let mut groups: Vec<(Option<Rewrite>, Vec<&Change>)> = Vec::new();
    for change in changes {
        let key = rewrite(change);
        match groups.iter_mut().find(|(k, _)| key.is_some() && *k == key) {
            Some((_, members)) => members.push(change),
            None => groups.push((key, vec![change])),
        }
    }
    let mut items = Vec::new();
    for (key, members) in groups {
        match key {
            Some((from, to)) if members.len() >= 3 => {
                let names: Vec<String> =
                    members.iter().map(|c| escape_markdown(&c.title)).collect();
                let how = match (from.is_empty(), to.is_empty()) {
                    (true, _) => format!("prefixed with {}", code_span(&to)),
                    (_, true) => format!("with {} dropped from the front", code_span(&from)),
                    _ => format!("from {} to {}", code_span(&from), code_span(&to)),
                };
                items.push(format!(
                    "{} relinked {how}: {}",
                    members.len(),
                    names.join(", ")
                ));
            }
            _ => items.extend(members.into_iter().map(line)),
        }
    }
    items
}

/// One change as a list item's text.
pub(crate) fn line(change: &Change) -> String {
    let old = || breadcrumb(change.old_path.as_ref(), escape_markdown);
    let new = || breadcrumb(change.new_path.as_ref(), escape_markdown);
    match change.kind {
        ChangeKind::Added => format!(
            "{}{}{}",
            new(),
            target(change.target.as_deref()),
            pages_below(change.nodes)
        ),
        ChangeKind::Removed => format!(
            "{}{}{}",
            old(),
            target(change.target.as_deref()),
            pages_below(change.nodes)
        ),
        ChangeKind::Moved => format!("{} → {}{}", old(), new(), pages_below(change.nodes)),
        ChangeKind::Renamed => {
            let parent = change
                .new_path
                .as_ref()
                .map(|p| p[..p.len().saturating_sub(1)].to_vec());
            let prefix = breadcrumb(parent.as_ref(), escape_markdown);
            let prefix = if prefix.is_empty() {
                prefix
            } else {
                format!("{prefix} › ")
            };
            let relinked = if change.is(ChangeKind::Relinked) {
                format!(", relinked {}", relink(change, code_span))
            } else {
                String::new()
            };
            format!("{prefix}{}{relinked}", word_diff(change))
        }
        ChangeKind::Relinked => format!("{}: {}", new(), relink(change, code_span)),
        ChangeKind::Reordered => format!("{} (position {})", new(), positions(change)),
    }
}

fn target(target: Option<&str>) -> String {
    target
        .map(|t| format!(" {}", code_span(t)))
        .unwrap_or_default()
}

/// A renamed title with its words struck out and added: `Deploy to ~~production~~ **staging**`.
fn word_diff(change: &Change) -> String {
    // Titles that share little read better whole: `~~Old~~ → **New**`.
    let shared: usize = change
        .title_diff
        .iter()
        .map(|p| match p {
            WordChange::Same(t) => t.trim().chars().count(),
            _ => 0,
        })
        .sum();
    let shorter = change
        .title
        .chars()
        .count()
        .min(change.old_title.as_deref().map_or(0, |t| t.chars().count()));
    if shared * 2 < shorter {
        return format!(
            "~~{}~~ → **{}**",
            escape_markdown(change.old_title.as_deref().unwrap_or_default().trim()),
            escape_markdown(change.title.trim())
        );
    }
    if change.title_diff.is_empty() {
        return format!(
            "{} → {}",
            escape_markdown(change.old_title.as_deref().unwrap_or_default()),
            escape_markdown(&change.title)
        );
    }
    let mut out = String::new();
    let mut after_removed = false;
    for piece in &change.title_diff {
        // `~~old~~ **new**`, not `~~old~~**new**`.
        if after_removed && matches!(piece, WordChange::Added(_)) && !out.ends_with(' ') {
            out.push(' ');
        }
        after_removed = matches!(piece, WordChange::Removed(_));
        let (text, wrap) = match piece {
            WordChange::Same(t) => (t, ""),
            WordChange::Removed(t) => (t, "~~"),
            WordChange::Added(t) => (t, "**"),
        };
        // Emphasis must hug its words: keep the surrounding spaces outside the markers.
        let inner = text.trim();
        if inner.is_empty() || wrap.is_empty() {
            out.push_str(&escape_markdown(text));
            continue;
        }
        let lead = &text[..text.len() - text.trim_start().len()];
        let trail = &text[text.trim_end().len()..];
        out.push_str(&format!(
            "{lead}{wrap}{}{wrap}{trail}",
            escape_markdown(inner)
        ));
    }
    out
}
