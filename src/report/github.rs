//! Markdown for a pull-request comment (the template `templates/github.md.jinja`): one
//! summary line, a `<details>` block per kind, and a hidden marker on the first line
//! (`<!-- navdiff base=… head=… -->`) by which a workflow finds and updates its own comment.
//!
//! GitHub refuses comments over 65,536 characters: the comment is kept within
//! [`COMMENT_CAP`] by leaving out whole items from the end of its sections, the least
//! telling kinds first (reorders, then additions, renames, moves and relinks; the open
//! sections, removals and then "Needs a redirect", last), and ends by saying how many
//! changes it left out.

use std::io::{self, Write};

use crate::diff::Diff;
use crate::redirects::Coverage;
use crate::report::template::{self, Template, Wording, diff_context};

/// The most characters a comment navdiff writes may have.
pub const COMMENT_CAP: usize = 60_000;

pub(super) fn render(
    diff: &Diff,
    redirects: Option<&Coverage>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let text = comment(diff, redirects, COMMENT_CAP)?;
    out.write_all(text.as_bytes())
}

/// The comment for `diff` (and the old URLs of `redirects` that need a redirect), at most
/// `cap` characters long when its headline fits.
pub(crate) fn comment(diff: &Diff, redirects: Option<&Coverage>, cap: usize) -> io::Result<String> {
    // Room for the closing line, which grows as items are left out.
    const CLOSING: usize = 120;
    let template = Template::new("github.md.jinja", template::GITHUB);
    let render = |wording: &Wording| {
        template
            .render(&diff_context(diff, redirects, wording), diff.changes.len())
            .map_err(io::Error::other)
    };
    let mut wording = Wording::of(diff, redirects);
    let mut text = render(&wording)?;
    loop {
        let length = text.chars().count();
        if length <= cap {
            return Ok(text);
        }
        if !leave_out(&mut wording, length - cap + CLOSING) {
            // Nothing left to leave out: the headline alone is longer than the cap.
            return Ok(text);
        }
        text = render(&wording)?;
    }
}

/// Leaves out whole items worth at least `chars` characters, the least telling first;
/// sections left without items go too. Whether anything was left out.
fn leave_out(wording: &mut Wording, chars: usize) -> bool {
    let mut saved = 0;
    let mut any = false;
    let mut order: Vec<usize> = (0..wording.sections.len()).collect();
    order.sort_by_key(|&i| {
        let section = &wording.sections[i];
        (section.open, section.keep)
    });
    for i in order {
        let section = &mut wording.sections[i];
        while saved < chars {
            let Some(item) = section.items.pop() else {
                break;
            };
            // `- ` and the line break.
            saved += item.text.chars().count() + 3;
            wording.omitted += item.changes;
            any = true;
        }
        if saved >= chars {
            break;
        }
    }
    wording.sections.retain(|s| !s.items.is_empty());
    any
}
