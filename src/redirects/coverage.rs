//! Which old URLs no longer serve a page, where each went, and whether a redirect covers it.

use std::collections::HashSet;

use serde::Serialize;

use super::site::{Page, UrlMap};
use super::url::{is_external, match_key};
use super::{RedirectTool, Redirects};
use crate::diff::{ChangeKind, Diff};
use crate::model::NavFormat;

/// What became of an old URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum UrlChangeKind {
    /// The page is still in the navigation, at a new URL.
    Moved,
    /// The page left the navigation and its URL serves nothing.
    Removed,
    /// A redirect of the old revision from this URL is gone and nothing serves it.
    RedirectRemoved,
}

impl UrlChangeKind {
    /// Every kind, in report order.
    pub const ALL: [UrlChangeKind; 3] = [
        UrlChangeKind::Moved,
        UrlChangeKind::Removed,
        UrlChangeKind::RedirectRemoved,
    ];

    /// The kebab-case id.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            UrlChangeKind::Moved => "moved",
            UrlChangeKind::Removed => "removed",
            UrlChangeKind::RedirectRemoved => "redirect-removed",
        }
    }
}

/// Whether a redirect takes care of an old URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Status {
    /// A redirect of the new revision covers it.
    Redirected,
    /// Nothing serves it: it needs a redirect.
    Missing,
}

impl Status {
    /// Every status, in report order.
    pub const ALL: [Status; 2] = [Status::Missing, Status::Redirected];

    /// The kebab-case id.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Status::Redirected => "redirected",
            Status::Missing => "missing",
        }
    }
}

/// The redirect that covers an old URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Covered {
    /// The tool that makes it.
    pub tool: RedirectTool,
    /// Where it is written (a repository path).
    pub file: String,
    /// The line, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// Where it leads (after following chains of redirects).
    pub to: String,
    /// For a moved page: the redirect leads somewhere other than the page's new URL.
    pub elsewhere: bool,
}

/// One old URL that no longer serves a page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct UrlChange {
    /// The old URL (path from the host's root, with the entry's `#fragment`).
    pub old_url: String,
    /// Moved or removed.
    pub kind: UrlChangeKind,
    /// Whether a redirect covers it.
    pub status: Status,
    /// The page's new URL, for a moved page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_url: Option<String>,
    /// For a removed page: the URL of a new page or section of the same title in the same
    /// place (the section's first page), else of its nearest ancestor that is still a page;
    /// none when neither is evident (the site's home would be a soft 404). A suggestion, not
    /// a fact: where the reader is best sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
    /// The redirect that covers it, when one does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirect: Option<Covered>,
    /// For a redirect removed: the old revision's redirect, which the new one dropped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_redirect: Option<Covered>,
    /// The page's old title.
    pub title: String,
    /// Titles from the top level down to the page, in the old navigation.
    pub old_path: Vec<String>,
    /// Titles down to the page in the new navigation, for a moved page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_path: Option<Vec<String>>,
    /// The id of the diff's change that explains it, when one does (a moved page whose
    /// URL changed with its site's settings has none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change: Option<String>,
    /// The old page (for snippets).
    #[serde(skip)]
    pub old_page: Page,
    /// Where a redirect should lead: the new page, or the suggestion; none when no successor
    /// is evident (no entry is written for it).
    #[serde(skip)]
    pub destination: Option<Page>,
}

impl UrlChange {
    /// Whether a redirect covers it.
    #[must_use]
    pub fn is_covered(&self) -> bool {
        self.status == Status::Redirected
    }
}

/// How the redirects of a revision cover the URLs of the one before.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Coverage {
    /// Whether URLs were computed; when not, `notes` say why.
    pub computed: bool,
    /// The old site's generator.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_format: Option<NavFormat>,
    /// The new site's generator.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_format: Option<NavFormat>,
    /// The path the old site was served under.
    pub old_base: String,
    /// The path the new site is served under.
    pub new_base: String,
    /// Pages (distinct URLs) of the old navigation checked.
    pub pages: usize,
    /// Old URLs still served by a page the new navigation no longer lists.
    pub still_served: usize,
    /// Every old URL that no longer serves a page, in old navigation order.
    pub entries: Vec<UrlChange>,
    /// What navdiff assumed or could not read.
    pub notes: Vec<String>,
}

impl Coverage {
    /// A coverage that was not computed, with the reason.
    #[must_use]
    pub fn not_computed(reason: impl Into<String>) -> Coverage {
        Coverage {
            notes: vec![reason.into()],
            ..Coverage::default()
        }
    }

    /// The old URLs no redirect covers.
    pub fn missing(&self) -> impl Iterator<Item = &UrlChange> {
        self.entries.iter().filter(|e| !e.is_covered())
    }

    /// How many old URLs no redirect covers.
    #[must_use]
    pub fn missing_count(&self) -> usize {
        self.missing().count()
    }
}

/// Most redirects followed from one URL (a chain `a → b → c`).
const MAX_HOPS: usize = 8;

/// The coverage of `old`'s page URLs by `new` and its `redirects`, along `diff`'s matching.
/// `new` holds every URL the new revision serves (its navigation's pages, and those added
/// with [`UrlMap::also_served`]).
#[must_use]
pub fn compute(diff: &Diff, old: &UrlMap, new: &UrlMap, redirects: &Redirects) -> Vec<UrlChange> {
    let mut entries = Vec::new();
    let mut seen = HashSet::new();
    for n in 1..old.pages.len() {
        let Some(old_page) = &old.pages[n] else {
            continue;
        };
        if !seen.insert(old_page.full_url()) || new.serves(&old_page.url) {
            continue;
        }
        let partner = diff.matches.get(n).copied().flatten();
        let new_page = partner.and_then(|m| new.pages.get(m).cloned().flatten());
        let (kind, new_url, suggestion, destination) = if let Some(page) = &new_page {
            (
                UrlChangeKind::Moved,
                Some(page.full_url()),
                None,
                Some(page.clone()),
            )
        } else {
            let suggested = suggestion(diff, old, new, n);
            (
                UrlChangeKind::Removed,
                None,
                suggested.as_ref().map(|p| p.url.clone()),
                suggested,
            )
        };
        let redirect = follow(redirects, new, &old_page.url).map(|(rule, to)| Covered {
            elsewhere: new_page
                .as_ref()
                .is_some_and(|p| !is_external(&to) && match_key(&to) != match_key(&p.url)),
            tool: rule.tool,
            file: rule.file.clone(),
            line: rule.line,
            to,
        });
        let change = diff
            .changes
            .iter()
            .find(|c| {
                c.old_node == Some(n)
                    && matches!(
                        c.kind,
                        ChangeKind::Moved
                            | ChangeKind::Relinked
                            | ChangeKind::Removed
                            | ChangeKind::Renamed
                    )
            })
            .or_else(|| {
                // Inside a removed subtree: the subtree's change.
                let mut at = old.parents[n];
                while at != 0 {
                    if let Some(c) = diff
                        .changes
                        .iter()
                        .find(|c| c.old_node == Some(at) && c.kind == ChangeKind::Removed)
                    {
                        return Some(c);
                    }
                    at = old.parents[at];
                }
                None
            })
            .map(|c| c.id.clone());
        entries.push(UrlChange {
            old_url: old_page.full_url(),
            kind,
            status: if redirect.is_some() {
                Status::Redirected
            } else {
                Status::Missing
            },
            new_url,
            suggestion,
            redirect,
            old_redirect: None,
            title: old.breadcrumb(n).pop().unwrap_or_default(),
            old_path: old.breadcrumb(n),
            new_path: partner
                .filter(|_| new_page.is_some())
                .map(|m| new.breadcrumb(m)),
            change,
            old_page: old_page.clone(),
            destination,
        });
    }
    entries
}

/// The redirect that takes `url` somewhere, followed through chains, with where it ends.
fn follow<'r>(
    redirects: &'r Redirects,
    new: &UrlMap,
    url: &str,
) -> Option<(&'r super::Redirect, String)> {
    let (first, mut to) = redirects.find(url)?;
    let mut hops = 0;
    while hops < MAX_HOPS && !is_external(&to) && !new.serves(&to) {
        match redirects.find(&to) {
            Some((_, next)) if match_key(&next) != match_key(&to) => to = next,
            _ => break,
        }
        hops += 1;
    }
    Some((first, to))
}

/// The page to suggest for the removed old node `n`: a new node of the same title under
/// the partner of its parent, added in its place (the page, or a section's first page:
/// pydantic's page "Field Types" became a section "Field Types"); else its nearest ancestor
/// whose partner is a page of the new navigation; else none (never the site's home: a
/// redirect there is a soft 404).
fn suggestion(diff: &Diff, old: &UrlMap, new: &UrlMap, n: usize) -> Option<Page> {
    let parent = old.parents[n];
    let new_parent = if parent == 0 {
        Some(0)
    } else {
        diff.matches.get(parent).copied().flatten()
    };
    if let Some(p) = new_parent {
        let title = fold(&old.title(n));
        let paired: HashSet<usize> = diff.matches.iter().flatten().copied().collect();
        let successor = (1..new.pages.len())
            .filter(|&m| new.parents[m] == p && !paired.contains(&m))
            .find(|&m| !title.is_empty() && fold(&new.title(m)) == title)
            .and_then(|m| first_page(new, m));
        if successor.is_some() {
            return successor;
        }
    }
    let mut at = parent;
    while at != 0 {
        if let Some(Some(page)) = diff
            .matches
            .get(at)
            .copied()
            .flatten()
            .and_then(|m| new.pages.get(m))
        {
            return Some(Page {
                fragment: None,
                ..page.clone()
            });
        }
        at = old.parents[at];
    }
    None
}

/// A title as compared for a successor: white space collapsed, case folded.
fn fold(title: &str) -> String {
    title
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The page of node `m` of `map`, else the first page under it (in navigation order).
fn first_page(map: &UrlMap, m: usize) -> Option<Page> {
    let strip = |p: &Page| Page {
        fragment: None,
        ..p.clone()
    };
    if let Some(page) = &map.pages[m] {
        return Some(strip(page));
    }
    // Pre-order: the nodes under `m` follow it, up to the first that is not under it.
    let under = |mut k: usize| {
        while k != 0 {
            k = map.parents[k];
            if k == m {
                return true;
            }
        }
        false
    };
    (m + 1..map.pages.len())
        .take_while(|&k| under(k))
        .find_map(|k| map.pages[k].as_ref().map(strip))
}

/// The old URLs that a redirect of the old revision (`before`, rules from one path only)
/// took somewhere, and that the new revision neither serves nor redirects: the redirect was
/// dropped, and the URL breaks again. Each leads where the old redirect led when the new
/// revision serves that page; else no successor is evident. URLs already in `entries` are
/// left to them.
pub(crate) fn dropped(
    before: &Redirects,
    entries: &[UrlChange],
    new: &UrlMap,
    redirects: &Redirects,
) -> Vec<UrlChange> {
    let mut seen: HashSet<String> = entries.iter().map(|e| match_key(&e.old_url)).collect();
    let mut out = Vec::new();
    for rule in &before.rules {
        let Some(from) = rule.exact_from() else {
            continue;
        };
        if new.serves(from) || redirects.find(from).is_some() || !seen.insert(match_key(from)) {
            continue;
        }
        let destination = (!is_external(&rule.to))
            .then(|| {
                new.pages
                    .iter()
                    .flatten()
                    .find(|p| match_key(&p.url) == match_key(&rule.to))
            })
            .flatten()
            .map(|p| Page {
                fragment: None,
                ..p.clone()
            });
        out.push(UrlChange {
            old_url: from.to_owned(),
            kind: UrlChangeKind::RedirectRemoved,
            status: Status::Missing,
            new_url: None,
            suggestion: destination.as_ref().map(|p| p.url.clone()),
            redirect: None,
            old_redirect: Some(Covered {
                tool: rule.tool,
                file: rule.file.clone(),
                line: rule.line,
                to: rule.to.clone(),
                elsewhere: false,
            }),
            title: rule.from.clone(),
            old_path: Vec::new(),
            new_path: None,
            change: None,
            old_page: Page {
                url: from.to_owned(),
                fragment: None,
                source: None,
                key: rule.from.clone(),
            },
            destination,
        });
    }
    out
}
