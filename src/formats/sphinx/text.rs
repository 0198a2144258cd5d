//! Titles as Sphinx shows them: reStructuredText (or `MyST`) inline markup turned into its
//! text (`clean_astext`), then docutils' smart quotes as Sphinx applies them by default
//! (`smartquotes_action = 'qDe'`: curly quotes, `--` and `---` as dashes, `...` as an
//! ellipsis), literal text left as written.

/// A piece of a title: text that smart quotes apply to, or literal text.
enum Piece {
    Text(String),
    Literal(String),
}

/// The text of a reStructuredText title or caption.
pub(super) fn rst_text(source: &str) -> String {
    finish(rst_pieces(source))
}

/// The text of a `MyST` (Markdown) title: Markdown inline markup, and `MyST` roles
/// (`` {role}`text` ``) as their text.
pub(super) fn myst_text(source: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let source = format!("# {}", source.replace('\n', " "));
    let mut pieces = Vec::new();
    let mut in_heading = false;
    for event in Parser::new_ext(&source, Options::empty()) {
        match event {
            Event::Start(Tag::Heading { .. }) => in_heading = true,
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Text(t) if in_heading => {
                // `{role}` right before a code span is a MyST role: its text is the code's.
                let t = strip_trailing_role(&t);
                pieces.push(Piece::Text(t.to_owned()));
            }
            Event::Code(t) if in_heading => pieces.push(Piece::Literal(t.to_string())),
            Event::SoftBreak | Event::HardBreak if in_heading => {
                pieces.push(Piece::Text(" ".into()));
            }
            _ => {}
        }
    }
    finish(pieces)
}

fn strip_trailing_role(text: &str) -> &str {
    if let Some(open) = text.rfind('{')
        && text.ends_with('}')
        && text[open + 1..text.len() - 1]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, ':' | '-' | '_' | '.'))
    {
        return &text[..open];
    }
    text
}

/// The pieces joined, smart quotes applied to text, white space collapsed.
fn finish(pieces: Vec<Piece>) -> String {
    let mut out = String::new();
    let mut previous: Option<char> = None;
    for piece in pieces {
        match piece {
            Piece::Text(t) => {
                let educated = smarten(&t, previous);
                previous = educated.chars().last().or(previous);
                out.push_str(&educated);
            }
            Piece::Literal(t) => {
                previous = t.chars().last().or(previous);
                out.push_str(&t);
            }
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Inline reStructuredText split into text and literals, markup dropped: ``literal``,
/// `*emphasis*`, `**strong**`, `` `interpreted` ``, `` :role:`text` `` (an explicit
/// `Title <target>` gives `Title`, `~a.b` gives `b`), `` `text <url>`_ `` and
/// `` `text`_ `` links, `|substitution|` (its name), and backslash escapes.
#[expect(
    clippy::too_many_lines,
    reason = "one scanner over the inline markup kinds, each a few lines"
)]
fn rst_pieces(source: &str) -> Vec<Piece> {
    let chars: Vec<char> = source.chars().collect();
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut i = 0;
    let starts_inline =
        |i: usize| i == 0 || chars[i - 1].is_whitespace() || "'\"([{<-/:".contains(chars[i - 1]);
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' {
            if let Some(&next) = chars.get(i + 1) {
                if !next.is_whitespace() {
                    text.push(next);
                }
                i += 2;
                continue;
            }
            i += 1;
            continue;
        }
        if c == '`'
            && chars.get(i + 1) == Some(&'`')
            && starts_inline(i)
            && let Some(end) = find(&chars, i + 2, &['`', '`'])
        {
            flush(&mut text, &mut pieces);
            pieces.push(Piece::Literal(chars[i + 2..end].iter().collect()));
            i = end + 2;
            continue;
        }
        if c == ':' && starts_inline(i) {
            // `:role:`text``
            let mut j = i + 1;
            while j < chars.len()
                && (chars[j].is_ascii_alphanumeric() || "-_.+:".contains(chars[j]))
            {
                j += 1;
            }
            if j > i + 2
                && chars[j - 1] == ':'
                && chars.get(j) == Some(&'`')
                && let Some(end) = find(&chars, j + 1, &['`'])
            {
                flush(&mut text, &mut pieces);
                let role: String = chars[i + 1..j - 1].iter().collect();
                let inner: String = chars[j + 1..end].iter().collect();
                let shown = role_text(&role, &inner);
                if matches!(
                    role.rsplit(':').next(),
                    Some(
                        "literal"
                            | "code"
                            | "file"
                            | "samp"
                            | "command"
                            | "program"
                            | "option"
                            | "envvar"
                            | "kbd"
                            | "mod"
                            | "func"
                            | "class"
                            | "meth"
                            | "attr"
                            | "exc"
                            | "data"
                            | "obj"
                            | "const"
                            | "type"
                    )
                ) {
                    pieces.push(Piece::Literal(shown));
                } else {
                    text.push_str(&shown);
                }
                i = end + 1;
                continue;
            }
        }
        if c == '`'
            && starts_inline(i)
            && let Some(end) = find(&chars, i + 1, &['`'])
        {
            let inner: String = chars[i + 1..end].iter().collect();
            let mut k = end + 1;
            // `text`_, `text`__, `text`:role:
            while chars.get(k) == Some(&'_') {
                k += 1;
            }
            if chars.get(k) == Some(&':') {
                let mut j = k + 1;
                while j < chars.len()
                    && (chars[j].is_ascii_alphanumeric() || "-_.+".contains(chars[j]))
                {
                    j += 1;
                }
                if chars.get(j) == Some(&':') {
                    k = j + 1;
                }
            }
            text.push_str(&explicit_title(&inner));
            i = k;
            continue;
        }
        if c == '*' && starts_inline(i) {
            let strong = chars.get(i + 1) == Some(&'*');
            let open = if strong { 2 } else { 1 };
            let close: &[char] = if strong { &['*', '*'] } else { &['*'] };
            if chars.get(i + open).is_some_and(|c| !c.is_whitespace())
                && let Some(end) = find(&chars, i + open, close)
            {
                let inner: String = chars[i + open..end].iter().collect();
                text.push_str(&inner);
                i = end + close.len();
                continue;
            }
        }
        if c == '|'
            && starts_inline(i)
            && let Some(end) = find(&chars, i + 1, &['|'])
        {
            let inner: String = chars[i + 1..end].iter().collect();
            text.push_str(&inner);
            i = end + 1;
            while chars.get(i) == Some(&'_') {
                i += 1;
            }
            continue;
        }
        if c == '_'
            && i > 0
            && !chars[i - 1].is_whitespace()
            && chars
                .get(i + 1)
                .is_none_or(|n| n.is_whitespace() || ".,;:!?)".contains(*n))
        {
            // `word_` reference: the word.
            i += 1;
            continue;
        }
        text.push(c);
        i += 1;
    }
    flush(&mut text, &mut pieces);
    pieces
}

fn flush(text: &mut String, pieces: &mut Vec<Piece>) {
    if !text.is_empty() {
        pieces.push(Piece::Text(std::mem::take(text)));
    }
}

/// The first place at or after `from` where `close` starts, not right after white space.
fn find(chars: &[char], from: usize, close: &[char]) -> Option<usize> {
    (from..chars.len()).find(|&k| {
        k > from
            && chars[k..].starts_with(close)
            && !chars[k - 1].is_whitespace()
            && chars[k - 1] != '\\'
    })
}

/// `Title <target>` → `Title`; else the text.
fn explicit_title(inner: &str) -> String {
    let trimmed = inner.trim_end();
    if trimmed.ends_with('>')
        && let Some(open) = trimmed.rfind('<')
        && open > 0
        && trimmed[..open].ends_with(char::is_whitespace)
    {
        return trimmed[..open].trim_end().to_owned();
    }
    inner.to_owned()
}

/// The text a role shows: its explicit title, else its target, `~` keeping the last
/// dotted part and `!` dropped, as Sphinx's cross-reference roles show them.
fn role_text(role: &str, inner: &str) -> String {
    let shown = explicit_title(inner);
    if shown != inner {
        return shown;
    }
    let target = inner.trim_start_matches('!');
    if role == "abbr"
        && let Some(open) = target.find(" (")
    {
        return target[..open].to_owned();
    }
    match target.strip_prefix('~') {
        Some(rest) => rest.rsplit('.').next().unwrap_or(rest).to_owned(),
        None => target.to_owned(),
    }
}

/// docutils' smart quotes for English, as Sphinx applies them by default: `"` and `'`
/// curled by what precedes them (an apostrophe inside a word closes), `---` an em dash,
/// `--` an en dash, `...` an ellipsis. `before` is the character before `text`.
fn smarten(text: &str, before: Option<char>) -> String {
    let text = text
        .replace("---", "\u{2014}")
        .replace("--", "\u{2013}")
        .replace("...", "\u{2026}");
    let mut out = String::with_capacity(text.len());
    let mut previous = before;
    for c in text.chars() {
        let opens =
            previous.is_none_or(|p| p.is_whitespace() || "([{<\u{2014}\u{2013}-".contains(p));
        let educated = match c {
            '"' if opens => '\u{201c}',
            '"' => '\u{201d}',
            '\'' if opens => '\u{2018}',
            '\'' => '\u{2019}',
            other => other,
        };
        out.push(educated);
        previous = Some(educated);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rst_titles_as_sphinx_shows_them() {
        assert_eq!(
            rst_text("Searching with ``grep`` and *friends*"),
            "Searching with grep and friends"
        );
        assert_eq!(
            rst_text("Don't forget \"quotes\""),
            "Don\u{2019}t forget \u{201c}quotes\u{201d}"
        );
        assert_eq!(rst_text("Tests's"), "Tests\u{2019}s");
        assert_eq!(
            rst_text(":mod:`sphinx.ext.apidoc` -- Generate API documentation"),
            "sphinx.ext.apidoc \u{2013} Generate API documentation"
        );
        assert_eq!(
            rst_text("Using ``async`` and ``await``"),
            "Using async and await"
        );
        assert_eq!(
            rst_text("See `the guide <https://e.com>`_ now"),
            "See the guide now"
        );
        assert_eq!(
            rst_text(":ref:`Intro <intro>` and :py:class:`~a.b.C`"),
            "Intro and C"
        );
        assert_eq!(rst_text("**Bold** \\*not\\*"), "Bold *not*");
        assert_eq!(rst_text("Wait..."), "Wait\u{2026}");
        assert_eq!(rst_text("``'quoted'`` code"), "'quoted' code");
    }

    #[test]
    fn myst_titles_as_sphinx_shows_them() {
        assert_eq!(myst_text("*attrs* by Example"), "attrs by Example");
        assert_eq!(
            myst_text("API for the {mod}`attr` Namespace"),
            "API for the attr Namespace"
        );
        assert_eq!(myst_text("It's `code`"), "It\u{2019}s code");
    }
}
