//! What reading one tree may cost, and what it already read: the budget of file reads and
//! bytes shared by [`DirFiles`](crate::source::DirFiles) and
//! [`RevFiles`](crate::source::RevFiles), their cache of files already read (a page listed
//! 2,000 times is read once), and the warnings about files they refused to read.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use crate::error::{Error, Result};
use crate::model::Warning;

/// The most file operations (reads, head reads, listings, look-ups) one tree may take.
pub const MAX_READS: usize = 200_000;

/// The most bytes of file text one tree may take, cached reads included.
pub const MAX_BYTES: u64 = 1 << 30;

/// The most bytes the cache of one tree holds; files read past it are not kept.
const CACHE_BYTES: usize = 64 << 20;

/// A file read before: absent (or refused), or its text, whole or only its head.
#[derive(Debug, Clone)]
enum Cached {
    Absent,
    Text {
        text: String,
        /// `None`: the whole file; `Some(n)`: the head read with a limit of `n` bytes.
        head: Option<usize>,
    },
}

#[derive(Debug, Clone, Default)]
struct State {
    reads: usize,
    bytes: u64,
    cache: HashMap<String, Cached>,
    cached_bytes: usize,
    warnings: Vec<Warning>,
    warned: HashSet<String>,
}

/// The budget, cache and refusal warnings of one tree's reads.
#[derive(Debug, Clone, Default)]
pub(crate) struct Reads {
    state: RefCell<State>,
}

/// What a read found in the cache: nothing known yet, or the answer.
pub(crate) enum Hit {
    Miss,
    Known(Option<String>),
}

impl Reads {
    /// Counts one file operation against the budget; `at` names the tree in the error.
    pub(crate) fn tick(&self, at: &str) -> Result<()> {
        let mut state = self.state.borrow_mut();
        state.reads += 1;
        if state.reads > MAX_READS {
            return Err(Error::ReadBudget {
                at: at.to_owned(),
                limit: format!("{MAX_READS} file reads"),
            });
        }
        Ok(())
    }

    /// Counts `bytes` of text handed to a reader against the budget.
    fn spend(&self, at: &str, bytes: usize) -> Result<()> {
        let mut state = self.state.borrow_mut();
        state.bytes += bytes as u64;
        if state.bytes > MAX_BYTES {
            return Err(Error::ReadBudget {
                at: at.to_owned(),
                limit: format!("{} MiB of file text", MAX_BYTES >> 20),
            });
        }
        Ok(())
    }

    /// The cached answer for `key`, whole (`want` `None`) or its first `want` bytes.
    pub(crate) fn cached(&self, at: &str, key: &str, want: Option<usize>) -> Result<Hit> {
        let text = {
            let state = self.state.borrow();
            let hit = match state.cache.get(key) {
                Some(Cached::Absent) => return Ok(Hit::Known(None)),
                Some(Cached::Text { text, head: None }) => Some(cut(text, want)),
                // A head serves a request for as much or less.
                Some(Cached::Text {
                    text,
                    head: Some(kept),
                }) => want.filter(|w| w <= kept).map(|w| cut(text, Some(w))),
                None => None,
            };
            match hit {
                Some(text) => text,
                None => return Ok(Hit::Miss),
            }
        };
        self.spend(at, text.len())?;
        Ok(Hit::Known(Some(text)))
    }

    /// Remembers that there is nothing to read at `key`.
    pub(crate) fn absent(&self, key: &str) {
        self.state
            .borrow_mut()
            .cache
            .insert(key.to_owned(), Cached::Absent);
    }

    /// Remembers `text` read at `key` (whole, or a head of at most `head` bytes) while the
    /// cache has room, and hands it out, counted against the budget.
    pub(crate) fn keep(
        &self,
        at: &str,
        key: &str,
        text: String,
        head: Option<usize>,
    ) -> Result<String> {
        self.spend(at, text.len())?;
        let mut state = self.state.borrow_mut();
        if state.cached_bytes + text.len() <= CACHE_BYTES {
            state.cached_bytes += text.len();
            state.cache.insert(
                key.to_owned(),
                Cached::Text {
                    text: text.clone(),
                    head,
                },
            );
        }
        Ok(text)
    }

    /// Records that the file `path` was not read and why (a phrase after "it"), once a path.
    pub(crate) fn refuse(&self, path: &str, why: &str) {
        let mut state = self.state.borrow_mut();
        if state.warned.insert(path.to_owned()) {
            state.warnings.push(Warning::new(
                None,
                format!("`{path}` is not read: it {why}"),
            ));
        }
    }

    /// The refusal warnings recorded since the last call.
    pub(crate) fn take_warnings(&self) -> Vec<Warning> {
        std::mem::take(&mut self.state.borrow_mut().warnings)
    }
}

/// `text`, or its first `max` bytes cut at a character boundary.
fn cut(text: &str, max: Option<usize>) -> String {
    match max {
        Some(max) if text.len() > max => {
            let mut end = max;
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            text[..end].to_owned()
        }
        _ => text.to_owned(),
    }
}

/// The head of a file's bytes as text: like [`decode_text`](crate::source::decode_text),
/// except that a character cut short at the end (the head stopped inside it) is dropped.
pub(crate) fn decode_head(name: &str, bytes: &[u8], complete: bool) -> Result<String> {
    let bytes = if complete {
        bytes
    } else {
        match std::str::from_utf8(bytes) {
            Err(e) if e.error_len().is_none() => &bytes[..e.valid_up_to()],
            _ => bytes,
        }
    };
    Ok(crate::source::decode_text(name, bytes)?.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_are_cut_at_characters_and_served_from_the_cache() {
        let reads = Reads::default();
        assert!(matches!(
            reads.cached("t", "a.md", None).expect("budget"),
            Hit::Miss
        ));
        let text = reads
            .keep("t", "a.md", "aé€b".to_owned(), None)
            .expect("budget");
        assert_eq!(text, "aé€b");
        assert!(matches!(
            reads.cached("t", "a.md", Some(4)).expect("budget"),
            Hit::Known(Some(t)) if t == "aé"
        ));
        reads
            .keep("t", "b.md", "abc".to_owned(), Some(3))
            .expect("budget");
        assert!(matches!(
            reads.cached("t", "b.md", Some(2)).expect("budget"),
            Hit::Known(Some(t)) if t == "ab"
        ));
        assert!(matches!(
            reads.cached("t", "b.md", None).expect("budget"),
            Hit::Miss
        ));
        assert_eq!(
            decode_head("x", "aé".as_bytes()[..2].as_ref(), false).expect("cut"),
            "a"
        );
    }

    #[test]
    fn the_budget_ends_with_an_error_naming_the_tree() {
        let reads = Reads::default();
        for _ in 0..MAX_READS {
            reads.tick("HEAD").expect("within the budget");
        }
        let err = reads.tick("HEAD").expect_err("over the budget");
        assert_eq!(
            err.to_string(),
            "HEAD: reading this navigation took more than 200000 file reads; navdiff stops there (does a file include itself, or include too many others?)"
        );
    }

    #[test]
    fn refusals_are_warned_once_a_path() {
        let reads = Reads::default();
        reads.refuse("docs/a.md", "is a FIFO, not a regular file");
        reads.refuse("docs/a.md", "is a FIFO, not a regular file");
        let warnings = reads.take_warnings();
        assert_eq!(warnings.len(), 1);
        assert_eq!(
            warnings[0].to_string(),
            "`docs/a.md` is not read: it is a FIFO, not a regular file"
        );
        assert!(reads.take_warnings().is_empty());
    }
}
