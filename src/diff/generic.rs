//! Generic titles: titles that name a *kind* of page ("FAQ", "Overview", "Release Notes")
//! rather than one page, so that two pages sharing one say nothing about being one page
//! unless their places do.
//!
//! A title is generic when it is one of a short list of words every documentation site
//! uses, or when the tree itself uses it as a kind: under [`UBIQUITOUS`] parents or more
//! in one tree, the title is a whole title or, for two or three words, the first or last
//! words of a longer one ("Release Notes" under one SDK, "Latest Release Notes" and "SDK
//! Release Notes" under others). One word at the start or end of longer titles says
//! nothing: "Send" begins "Send API" and "Send a Message", and the page "SEND" of an API
//! is still one page.

use crate::diff::index::{FastMap, Index, fast_map};

/// A title used under this many parents in one tree is a kind of page.
pub(crate) const UBIQUITOUS: usize = 3;
/// Titles longer than this many words are not generic by their use in the tree.
const MOST_WORDS: usize = 3;

/// Titles every kind of documentation uses for some page of each part ("FAQ" of the
/// Android SDK, "FAQ" of the iOS SDK). Compared as [`words`] give them, a final `s` dropped.
const EVERYWHERE: &[&str] = &[
    "about",
    "advanced",
    "api",
    "api reference",
    "appendix",
    "basics",
    "best practices",
    "changelog",
    "concepts",
    "configuration",
    "contributing",
    "customizing",
    "documentation",
    "examples",
    "faq",
    "features",
    "frequently asked questions",
    "general",
    "get started",
    "getting started",
    "glossary",
    "guide",
    "help",
    "home",
    "index",
    "installation",
    "intro",
    "introduction",
    "known issues",
    "limitations",
    "methods",
    "migration",
    "misc",
    "more",
    "next steps",
    "notes",
    "other",
    "overview",
    "prerequisites",
    "quick start",
    "quickstart",
    "readme",
    "reference",
    "release notes",
    "requirements",
    "resources",
    "samples",
    "settings",
    "setup",
    "summary",
    "support",
    "troubleshooting",
    "tutorial",
    "usage",
    "user guide",
    "what's new",
    "whats new",
];

/// The words of a title key, each stripped of the punctuation around it ("Upgrade Guide -
/// Android" is `upgrade`, `guide`, `android`).
fn words(key: &str) -> Vec<&str> {
    key.split(' ')
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\''))
        .filter(|w| !w.is_empty())
        .collect()
}

/// `words` joined, the last word's final `s` dropped: "Release Notes" and "Release Note"
/// compare equal.
fn folded(words: &[&str]) -> String {
    let mut s = words.join(" ");
    if s.len() > 3 && s.ends_with('s') && !s.ends_with("ss") {
        s.pop();
    }
    s
}

/// Whether a title is generic, asked about one title at a time and answered from one scan
/// of both trees per batch of new questions.
pub(crate) struct Generic {
    /// Answers so far, by the title's words joined.
    known: FastMap<String, bool>,
    /// The built-in list, folded.
    everywhere: Vec<String>,
}

impl Generic {
    pub(crate) fn new() -> Self {
        Generic {
            known: fast_map(0),
            everywhere: EVERYWHERE.iter().map(|t| folded(&words(t))).collect(),
        }
    }

    /// Answers, for each title key of `asked`, whether it is generic in `old` or `new`.
    /// Titles not asked before cost one scan of both trees together.
    pub(crate) fn resolve(&mut self, old: &Index<'_>, new: &Index<'_>, asked: &[&str]) {
        let mut open: FastMap<String, [Vec<usize>; 2]> = fast_map(0);
        for key in asked {
            let w = words(key);
            let joined = w.join(" ");
            if self.known.contains_key(&joined) {
                continue;
            }
            if w.is_empty() || self.everywhere.contains(&folded(&w)) {
                self.known.insert(joined, true);
            } else if w.len() > MOST_WORDS {
                self.known.insert(joined, false);
            } else {
                open.entry(joined).or_default();
            }
        }
        if open.is_empty() {
            return;
        }
        // The parents under which each open title is a whole title or a title's first or
        // last words.
        let mut run = String::new();
        for (side, ix) in [old, new].into_iter().enumerate() {
            for idx in 1..ix.len() {
                let w = words(ix.key_text(idx));
                let parent = ix.entries[idx].parent;
                let longest = MOST_WORDS.min(w.len());
                // One word counts as a whole title only.
                let shortest = if w.len() == 1 { 1 } else { 2 };
                for n in shortest..=longest {
                    for part in [&w[..n], &w[w.len() - n..]] {
                        run.clear();
                        for (i, word) in part.iter().enumerate() {
                            if i > 0 {
                                run.push(' ');
                            }
                            run.push_str(word);
                        }
                        if let Some(slot) = open.get_mut(run.as_str()) {
                            let parents = &mut slot[side];
                            if parents.len() < UBIQUITOUS && !parents.contains(&parent) {
                                parents.push(parent);
                            }
                        }
                    }
                }
            }
        }
        for (title, [a, b]) in open {
            let generic = a.len() >= UBIQUITOUS || b.len() >= UBIQUITOUS;
            self.known.insert(title, generic);
        }
    }

    /// Whether the title key `key` is generic; [`Generic::resolve`] must have been asked.
    pub(crate) fn is_generic(&self, key: &str) -> bool {
        self.known
            .get(&words(key).join(" "))
            .copied()
            .unwrap_or(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_drop_the_punctuation_around_them() {
        assert_eq!(
            words("upgrade guide - android"),
            ["upgrade", "guide", "android"]
        );
        assert_eq!(words("what's new?"), ["what's", "new"]);
        assert_eq!(folded(&words("release notes")), "release note");
        assert_eq!(folded(&words("faqs")), "faq");
        assert_eq!(folded(&words("access")), "access");
    }
}
