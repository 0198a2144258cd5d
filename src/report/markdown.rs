//! The changelog section in markdown (the template `templates/markdown.md.jinja`): headline
//! counts, then a `###` section per kind; and the wording of its list items, which every
//! markdown report shares.
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

use serde::Serialize;

use crate::diff::{Change, ChangeKind, Diff, WordChange};
use crate::redirects::Coverage;
use crate::report::template::{self, Template, Wording, diff_context};
use crate::report::{
    breadcrumb, by_kind, code_span, covers, escape_markdown, kind_heading, now_stands, relink,
    sections_and_pages,
};

pub(super) fn render(
    diff: &Diff,
    redirects: Option<&Coverage>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let wording = Wording::of(diff, redirects);
    let text = Template::new("markdown.md.jinja", template::MARKDOWN)
        .render(&diff_context(diff, redirects, &wording), diff.changes.len())
        .map_err(io::Error::other)?;
    out.write_all(text.as_bytes())
}

/// The per-kind sections, under headings of the given level (`###`).
pub(crate) fn write_sections(diff: &Diff, heading: &str, out: &mut dyn Write) -> io::Result<()> {
    for (kind, changes) in by_kind(diff) {
        writeln!(out, "\n{heading} {}\n", kind_heading(kind))?;
        for item in items(&changes) {
            writeln!(out, "- {}", item.text)?;
        }
    }
    Ok(())
}

/// One list item of a report: its markdown, and how many changes it tells of (several
/// when changes are grouped).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Item {
    /// The item's text, in markdown, escaped.
    pub(crate) text: String,
    /// The changes it tells of.
    pub(crate) changes: usize,
}

impl Item {
    pub(crate) fn one(text: String) -> Self {
        Item { text, changes: 1 }
    }
}

/// Groups of at least this many sibling additions (or removals) read as one item.
const SIBLING_GROUP: usize = 3;

/// The list items for changes of one kind: one a change, except that
/// - moves sharing their old and new parent read as one item (`1 section, 2 pages moved
///   from Guide to Operations: A, B, C`),
/// - three or more pages or sections added (or removed) under one parent read as one item
///   (`Guide › Plugins: 3 pages added — A, B, C`),
/// - three or more relinks that rewrite the same part of their targets read as one item.
pub(crate) fn items(changes: &[&Change]) -> Vec<Item> {
    items_marked(changes, &|_| false)
}

/// [`items`], with `(redirected)` after each removed page or section that `redirected`
/// says a redirect covers (every old URL of it).
pub(crate) fn items_marked(changes: &[&Change], redirected: &dyn Fn(&Change) -> bool) -> Vec<Item> {
    let mark = |c: &Change| c.kind == ChangeKind::Removed && redirected(c);
    let parent = |path: Option<&Vec<String>>| {
        path.map(|p| p[..p.len().saturating_sub(1)].to_vec())
            .unwrap_or_default()
    };
    match changes.first().map(|c| c.kind) {
        Some(ChangeKind::Relinked) => relinked_items(changes),
        Some(ChangeKind::Moved) => grouped(changes, |c| {
            Some((parent(c.old_path.as_ref()), parent(c.new_path.as_ref())))
        })
        .into_iter()
        .map(|(key, members)| match key {
            Some((from, to)) if members.len() >= 2 => Item {
                text: format!(
                    "{} moved from {} to {}: {}",
                    members_count(&members),
                    place(&from),
                    place(&to),
                    names(&members, false, &|_| false)
                ),
                changes: members.len(),
            },
            _ => Item::one(line(members[0])),
        })
        .collect(),
        Some(kind @ (ChangeKind::Added | ChangeKind::Removed)) => grouped(changes, |c| {
            Some(parent(if kind == ChangeKind::Added {
                c.new_path.as_ref()
            } else {
                c.old_path.as_ref()
            }))
        })
        .into_iter()
        .flat_map(|(key, members)| match key {
            Some(under) if members.len() >= SIBLING_GROUP => vec![Item {
                text: format!(
                    "{}: {} {kind} — {}",
                    if under.is_empty() {
                        "Top level".to_owned()
                    } else {
                        breadcrumb(Some(&under), escape_markdown)
                    },
                    members_count(&members),
                    names(&members, true, &mark)
                ),
                changes: members.len(),
            }],
            _ => members
                .into_iter()
                .map(|c| Item::one(with_redirected(line(c), c, mark(c))))
                .collect(),
        })
        .collect(),
        _ => changes.iter().map(|c| Item::one(line(c))).collect(),
    }
}

/// `changes` in groups by `key`, each group where its first member was; changes without a
/// key stand alone.
fn grouped<'c, K: std::hash::Hash + Eq>(
    changes: &[&'c Change],
    key: impl Fn(&Change) -> Option<K>,
) -> Vec<(Option<K>, Vec<&'c Change>)> {
    let mut groups: Vec<(Option<K>, Vec<&Change>)> = Vec::new();
    let mut at: std::collections::HashMap<K, usize> = std::collections::HashMap::new();
    for &change in changes {
        if let Some(k) = key(change) {
            if let Some(&i) = at.get(&k) {
                groups[i].1.push(change);
            } else {
                groups.push((None, vec![change]));
                at.insert(k, groups.len() - 1);
            }
        } else {
            groups.push((None, vec![change]));
        }
    }
    // Every group's key back in place.
    for (k, i) in at {
        groups[i].0 = Some(k);
    }
    groups
}

/// A parent's breadcrumb, or `the top level`.
fn place(path: &[String]) -> String {
    if path.is_empty() {
        "the top level".to_owned()
    } else {
        breadcrumb(Some(&path.to_vec()), escape_markdown)
    }
}

/// The members of a group counted as sections and pages: `1 section, 2 pages`.
fn members_count(members: &[&Change]) -> String {
    let sections = members.iter().filter(|c| c.section).count();
    sections_and_pages(sections, members.len() - sections)
}

/// `text` (a change's words, ending with what it covers, if anything) marked `redirected`
/// when `redirected`: `Legacy (section with 2 pages; redirected)`, `FAQ `faq.md` (redirected)`.
fn with_redirected(text: String, change: &Change, redirected: bool) -> String {
    if !redirected {
        text
    } else if !covers(change).is_empty() && text.ends_with(')') {
        format!("{}; redirected)", &text[..text.len() - 1])
    } else {
        format!("{text} (redirected)")
    }
}

/// The members of a group by name (with their targets when `targets`), each section with
/// what it covers, and `redirected` when `mark` says so: `Plugins, Themes (section with 1
/// page)`.
fn names(members: &[&Change], targets: bool, mark: &dyn Fn(&Change) -> bool) -> String {
    members
        .iter()
        .map(|c| {
            let title = if c.title.is_empty() {
                "(untitled)".to_owned()
            } else {
                escape_markdown(&c.title)
            };
            let target = if targets {
                target(c.target.as_deref())
            } else {
                String::new()
            };
            with_redirected(format!("{title}{target}{}", covers(c)), c, mark(c))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The part of a target a relink replaced, and what replaced it (`topics` → `community`).
type Rewrite = (String, String);

/// Relinks that rewrite the same part of their targets (`topics/` → `community/`) read as
/// one item when there are three or more of them.
fn relinked_items(changes: &[&Change]) -> Vec<Item> {
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
    let mut items = Vec::new();
    for (key, members) in grouped(changes, rewrite) {
        match key {
            Some((from, to)) if members.len() >= 3 => {
                let names: Vec<String> =
                    members.iter().map(|c| escape_markdown(&c.title)).collect();
                let how = match (from.is_empty(), to.is_empty()) {
                    (true, _) => format!("prefixed with {}", code_span(&to)),
                    (_, true) => format!("with {} dropped from the front", code_span(&from)),
                    _ => format!("from {} to {}", code_span(&from), code_span(&to)),
                };
                items.push(Item {
                    text: format!("{} relinked {how}: {}", members.len(), names.join(", ")),
                    changes: members.len(),
                });
            }
            _ => items.extend(members.into_iter().map(|c| Item::one(line(c)))),
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
            covers(change)
        ),
        ChangeKind::Removed => format!(
            "{}{}{}",
            old(),
            target(change.target.as_deref()),
            covers(change)
        ),
        ChangeKind::Moved => format!("{} → {}{}", old(), new(), covers(change)),
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
            // A renamed section changes the breadcrumb of every entry below it.
            let section = if change.section { " (section)" } else { "" };
            format!("{prefix}{}{section}{relinked}", word_diff(change))
        }
        ChangeKind::Relinked => format!("{}: {}", new(), relink(change, code_span)),
        ChangeKind::Reordered => format!("{} ({})", new(), now_stands(change, escape_markdown)),
    }
}

fn target(target: Option<&str>) -> String {
    target
        .map(|t| format!(" {}", code_span(t)))
        .unwrap_or_default()
}

/// A renamed title with its words struck out and added: `Deploy to ~~production~~ **staging**`;
/// or, when the words mostly changed, the two titles whole: `~~Old~~ → **New**`.
fn word_diff(change: &Change) -> String {
    let old_title = change.old_title.as_deref().unwrap_or_default();
    // Titles that share little read better whole: fewer than half the characters of the
    // shorter title, or fewer than half the words of the longer one, in common, or words
    // changed in several places.
    let (shared_chars, shared_words) =
        change
            .title_diff
            .iter()
            .fold((0, 0), |(chars, words), p| match p {
                WordChange::Same(t) => (
                    chars + t.trim().chars().count(),
                    words + t.split_whitespace().count(),
                ),
                _ => (chars, words),
            });
    let shorter = change.title.chars().count().min(old_title.chars().count());
    let longer = change
        .title
        .split_whitespace()
        .count()
        .max(old_title.split_whitespace().count());
    // Words changed in more than one place (`~~a~~ **b** c ~~d~~ **e**`) read as a puzzle.
    let edits = change
        .title_diff
        .iter()
        .filter(|p| !matches!(p, WordChange::Same(_)))
        .count();
    if shared_chars * 2 < shorter || shared_words * 2 < longer || edits > 3 {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::{DiffOptions, diff};
    use crate::source::read_text;

    #[test]
    fn redirected_removals_say_so_inside_what_they_cover() {
        let old = read_text(
            "SUMMARY.md",
            "- [Home](index.md)\n- [Legacy]()\n  - [Old](old.md)\n- [FAQ](faq.md)\n",
            None,
        )
        .expect("old");
        let new = read_text("SUMMARY.md", "- [Home](index.md)\n", None).expect("new");
        let d = diff(&old, &new, &DiffOptions::default());
        let removed: Vec<&Change> = d.changes.iter().collect();
        let texts = |items: Vec<Item>| items.into_iter().map(|i| i.text).collect::<Vec<_>>();
        assert_eq!(
            texts(items_marked(&removed, &|_| true)),
            [
                "Legacy (section with 1 page; redirected)",
                "FAQ `faq.md` (redirected)"
            ]
        );
        assert_eq!(
            texts(items_marked(&removed, &|c| c.title == "FAQ")),
            ["Legacy (section with 1 page)", "FAQ `faq.md` (redirected)"]
        );
        // Three siblings read as one item, each marked on its own.
        let old = read_text(
            "SUMMARY.md",
            "- [Guide]()\n  - [A](a.md)\n  - [B](b.md)\n  - [C](c.md)\n  - [D](d.md)\n",
            None,
        )
        .expect("old");
        let new = read_text("SUMMARY.md", "- [Guide]()\n  - [D](d.md)\n", None).expect("new");
        let d = diff(&old, &new, &DiffOptions::default());
        let removed: Vec<&Change> = d.changes.iter().collect();
        assert_eq!(
            texts(items_marked(&removed, &|c| c.title == "A")),
            ["Guide: 3 pages removed — A `a.md` (redirected), B `b.md`, C `c.md`"]
        );
    }
}
