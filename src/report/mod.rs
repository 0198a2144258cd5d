//! Rendering trees and diffs as text. Every renderer writes into a `&mut dyn Write` and
//! does no other I/O; untrusted titles are made safe for the medium here.

mod outline;

pub use outline::render_outline;

/// `text` with control characters (terminal escape sequences among them) shown as
/// `\u{..}` escapes, so a title cannot move the cursor or recolour the terminal.
#[must_use]
pub fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    out.into()
}

#[cfg(test)]
mod tests {
    use super::terminal_safe;

    #[test]
    fn escapes_control_characters_only() {
        assert_eq!(terminal_safe("plain é"), "plain é");
        assert_eq!(terminal_safe("red\u{1b}[31m!"), "red\\u{1b}[31m!");
        assert_eq!(terminal_safe("a\nb\tc"), "a\\u{a}b\\u{9}c");
    }
}
