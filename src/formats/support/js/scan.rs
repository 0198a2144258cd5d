//! A bound on how deeply oxc's parser will recurse on a JavaScript or TypeScript file,
//! computed before parsing by one iterative pass over the text.
//!
//! oxc's parser is recursive descent: it recurses once per bracket, but also once per link
//! of the chains that need no bracket at all — `c ? a : c ? a : …`, unary `- - -` and
//! `!!!`, `a = a = …`, `2 ** 2 ** …`, arrows `() => () => …`, `new new …`, template
//! literals inside template literals, TypeScript `Array<Array<…>>` and conditional types,
//! `else if` chains, labels. A few kilobytes of such text overflow any stack, and a stack
//! overflow aborts the process. So before parsing, this pass lexes the text roughly
//! (strings, comments, template literals and regular expressions skipped) and keeps, for
//! every open bracket, how many chain links are open inside it. The sum over the open
//! brackets is an upper bound on the parser's depth; a file whose bound exceeds
//! [`MAX_LEVELS`] is refused before oxc sees it.
//!
//! The pass is conservative where JavaScript's grammar is ambiguous to a lexer: a `/`
//! after `)` or `}` may start a regular expression or divide. On such a line nothing
//! closes a bracket and nothing opens a string or comment (both readings are then counted
//! at least as deep as they are), and a line that would open a template literal or a block
//! comment there is refused rather than guessed.

use crate::error::{Error, Result};
use crate::formats::support::LineIndex;

/// Most brackets (`(`, `[`, `{`, `${`) open at once.
pub(super) const MAX_BRACKETS: usize = 200;

/// Most levels of parser recursion the bound may reach: brackets plus chain links.
pub(super) const MAX_LEVELS: usize = 1000;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    Paren,
    Bracket,
    Brace,
    /// `${` inside a template literal.
    Substitution,
    /// `<`: a type argument list (or a comparison, counted as if it were one).
    Angle,
    /// The text of a template literal.
    Template,
}

struct Frame {
    open: Open,
    /// Chain links since the last `,` or `;` in this frame.
    links: usize,
    /// `else` and `do` links: they continue past a `;`, so they are kept until the frame
    /// closes.
    lasting: usize,
    /// This `(` follows `if`, `while`, `for` or `with`: after its `)`, a `/` starts a
    /// regular expression.
    statement_head: bool,
}

/// What the last significant token was, for the choices a lexer cannot make alone.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Prev {
    /// Start of text, an operator, an opening bracket, `,`, `;` or a keyword that takes an
    /// expression: a `/` here starts a regular expression, `-` is unary.
    Operator,
    /// An identifier, literal or `]`: a `/` here divides, `-` is binary.
    Operand,
    /// `)` or `}`: a `/` here could be either.
    Ambiguous,
}

struct Scan<'t> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
    stack: Vec<Frame>,
    levels: usize,
    brackets: usize,
    prev: Prev,
    /// The keyword that was the previous token, if any (for `if (`, `return /re/` …).
    prev_word: Option<&'t str>,
    /// Inside a line where a `/` could not be told apart: until the end of the line nothing
    /// closes and nothing opens a string or comment.
    cautious: bool,
    /// A newline passed since the last significant token.
    newline: bool,
}

/// Refuses `text` when oxc could recurse deeper on it than [`MAX_LEVELS`] (or
/// [`MAX_BRACKETS`] brackets), naming the line and column where the bound is passed.
pub(super) fn check(name: &str, text: &str) -> Result<()> {
    let mut scan = Scan {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        stack: vec![Frame {
            open: Open::Brace,
            links: 0,
            lasting: 0,
            statement_head: false,
        }],
        levels: 1,
        brackets: 0,
        prev: Prev::Operator,
        prev_word: None,
        cautious: false,
        newline: false,
    };
    scan.run().map_err(|(offset, message)| {
        let (line, column) = LineIndex::new(text).line_column(text, offset);
        Error::syntax(name, text, line, column, message)
    })
}

type Fail = (usize, String);

impl<'t> Scan<'t> {
    #[expect(
        clippy::too_many_lines,
        reason = "one lexer loop with a case per character"
    )]
    fn run(&mut self) -> Result<(), Fail> {
        if self.text.starts_with("#!") {
            self.skip_line();
        }
        while self.pos < self.bytes.len() {
            if self.top() == Open::Template {
                self.template_text()?;
                continue;
            }
            let c = self.bytes[self.pos];
            let terminator = self.terminator_at(self.pos);
            if terminator > 0 {
                self.pos += terminator;
                self.newline = true;
                self.cautious = false;
                continue;
            }
            match c {
                b' ' | b'\t' | 0x0b | 0x0c => self.pos += 1,
                b'/' if self.peek(1) == Some(b'/') => {
                    if self.cautious {
                        self.pos += 2;
                    } else {
                        self.skip_line();
                    }
                }
                b'/' if self.peek(1) == Some(b'*') => {
                    if self.cautious {
                        return Err((
                            self.pos,
                            "a comment starts where navdiff cannot tell a division from a regular expression; it does not read this file".into(),
                        ));
                    }
                    self.block_comment();
                }
                b'/' => self.slash()?,
                b'\'' | b'"' => {
                    if self.cautious {
                        self.pos += 1;
                    } else {
                        self.string(c);
                    }
                    self.operand();
                }
                b'`' => {
                    if self.cautious {
                        return Err((
                            self.pos,
                            "a template literal starts where navdiff cannot tell a division from a regular expression; it does not read this file".into(),
                        ));
                    }
                    self.pos += 1;
                    self.push(Open::Template, false)?;
                }
                b'(' | b'[' | b'{' => {
                    let open = match c {
                        b'(' => Open::Paren,
                        b'[' => Open::Bracket,
                        _ => Open::Brace,
                    };
                    let head = c == b'('
                        && matches!(self.prev_word, Some("if" | "while" | "for" | "with"));
                    self.pos += 1;
                    self.push(open, head)?;
                    self.operator();
                }
                b')' | b']' | b'}' => {
                    self.pos += 1;
                    self.close(c);
                }
                b',' | b';' => {
                    self.pos += 1;
                    if c == b';' {
                        self.pop_angles();
                    }
                    self.reset_links();
                    self.operator();
                }
                b'<' => {
                    // `<<`, `<=`, `<<=` are operators; a lone `<` may open type arguments.
                    if self.peek(1) == Some(b'<') || self.peek(1) == Some(b'=') {
                        self.punct(&[b"<<=", b"<<", b"<="]);
                        self.operator();
                    } else {
                        self.pos += 1;
                        self.push(Open::Angle, false)?;
                        self.operator();
                    }
                }
                b'>' => {
                    let run = self.bytes[self.pos..]
                        .iter()
                        .take(3)
                        .take_while(|&&b| b == b'>')
                        .count();
                    self.pos += run;
                    if self.peek(0) == Some(b'=') {
                        self.pos += 1;
                    }
                    for _ in 0..run {
                        if self.top() == Open::Angle {
                            self.pop();
                        }
                    }
                    self.operator();
                }
                b'=' => {
                    if self.peek(1) == Some(b'>') {
                        self.pos += 2;
                        self.link()?;
                    } else if self.peek(1) == Some(b'=') {
                        self.punct(&[b"===", b"=="]);
                    } else {
                        self.pos += 1;
                        self.link()?;
                    }
                    self.operator();
                }
                b'?' => {
                    if self.peek(1) == Some(b'?') {
                        self.pos += 2;
                        if self.peek(0) == Some(b'=') {
                            self.pos += 1;
                            self.link()?;
                        }
                    } else if self.peek(1) == Some(b'.')
                        && !self.peek(2).is_some_and(|b| b.is_ascii_digit())
                    {
                        self.pos += 2;
                    } else {
                        self.pos += 1;
                        self.link()?;
                    }
                    self.operator();
                }
                b':' | b'@' | b'~' => {
                    self.pos += 1;
                    self.link()?;
                    self.operator();
                }
                b'*' => {
                    if self.peek(1) == Some(b'*') {
                        self.pos += 2;
                        self.link()?;
                    } else {
                        self.pos += 1;
                    }
                    if self.peek(0) == Some(b'=') {
                        self.pos += 1;
                        self.link()?;
                    }
                    self.operator();
                }
                b'.' if self.peek(1) == Some(b'.') && self.peek(2) == Some(b'.') => {
                    self.pos += 3;
                    self.link()?;
                    self.operator();
                }
                b'.' if self.peek(1).is_some_and(|b| b.is_ascii_digit()) => self.number(),
                b'.' => {
                    self.pos += 1;
                    self.operator();
                }
                b'+' | b'-' => {
                    let unary = self.prev != Prev::Operand && self.prev != Prev::Ambiguous;
                    let doubled = self.peek(1) == Some(c);
                    self.pos += if doubled { 2 } else { 1 };
                    if !doubled && self.peek(0) == Some(b'=') {
                        self.pos += 1;
                        self.link()?;
                    } else if unary {
                        self.link()?;
                    }
                    if doubled && !unary {
                        // A postfix `++`: the operand goes on.
                        self.prev = Prev::Operand;
                        self.prev_word = None;
                    } else {
                        self.operator();
                    }
                }
                b'!' => {
                    if self.peek(1) == Some(b'=') {
                        self.punct(&[b"!==", b"!="]);
                        self.operator();
                    } else if self.prev == Prev::Operand {
                        // TypeScript's non-null `x!`: the operand goes on.
                        self.pos += 1;
                    } else {
                        self.pos += 1;
                        self.link()?;
                        self.operator();
                    }
                }
                b'%' | b'&' | b'|' | b'^' => {
                    self.pos += 1;
                    while self.peek(0).is_some_and(|b| matches!(b, b'&' | b'|')) {
                        self.pos += 1;
                    }
                    if self.peek(0) == Some(b'=') {
                        self.pos += 1;
                        self.link()?;
                    }
                    self.operator();
                }
                b'0'..=b'9' => self.number(),
                b'#' => {
                    self.pos += 1;
                    self.word();
                    self.operand();
                }
                c if c == b'_' || c == b'$' || c.is_ascii_alphabetic() || c >= 0x80 => {
                    self.word_token()?;
                }
                _ => {
                    self.pos += 1;
                    self.operator();
                }
            }
        }
        Ok(())
    }

    fn peek(&self, ahead: usize) -> Option<u8> {
        self.bytes.get(self.pos + ahead).copied()
    }

    fn top(&self) -> Open {
        self.stack.last().map_or(Open::Brace, |f| f.open)
    }

    fn punct(&mut self, options: &[&[u8]]) {
        let rest = &self.bytes[self.pos..];
        let len = options
            .iter()
            .find(|o| rest.starts_with(o))
            .map_or(1, |o| o.len());
        self.pos += len;
    }

    fn operator(&mut self) {
        self.prev = Prev::Operator;
        self.prev_word = None;
        self.newline = false;
    }

    fn operand(&mut self) {
        self.prev = Prev::Operand;
        self.prev_word = None;
        self.newline = false;
    }

    fn too_deep(&self) -> Fail {
        (
            self.pos.saturating_sub(1),
            format!(
                "nested more than {MAX_LEVELS} levels deep (counting brackets and chained operators such as `?:`, `=`, `=>`, `**`, unary `-` or `!`, `new`, and `<…>` type arguments)"
            ),
        )
    }

    /// One more chain link in the innermost frame.
    fn link(&mut self) -> Result<(), Fail> {
        if let Some(frame) = self.stack.last_mut() {
            frame.links += 1;
        }
        self.levels += 1;
        if self.levels > MAX_LEVELS {
            return Err(self.too_deep());
        }
        Ok(())
    }

    fn lasting_link(&mut self) -> Result<(), Fail> {
        if let Some(frame) = self.stack.last_mut() {
            frame.lasting += 1;
        }
        self.levels += 1;
        if self.levels > MAX_LEVELS {
            return Err(self.too_deep());
        }
        Ok(())
    }

    fn reset_links(&mut self) {
        if let Some(frame) = self.stack.last_mut() {
            self.levels -= frame.links;
            frame.links = 0;
        }
    }

    fn push(&mut self, open: Open, statement_head: bool) -> Result<(), Fail> {
        if !matches!(open, Open::Angle | Open::Template) {
            self.brackets += 1;
            if self.brackets > MAX_BRACKETS {
                return Err((
                    self.pos.saturating_sub(1),
                    format!("nested more than {MAX_BRACKETS} brackets deep"),
                ));
            }
        }
        self.stack.push(Frame {
            open,
            links: 0,
            lasting: 0,
            statement_head,
        });
        self.levels += 1;
        if self.levels > MAX_LEVELS {
            return Err(self.too_deep());
        }
        Ok(())
    }

    fn pop(&mut self) -> Option<Frame> {
        // The outermost frame (the file) is never closed.
        if self.stack.len() <= 1 {
            return None;
        }
        let frame = self.stack.pop()?;
        self.levels -= 1 + frame.links + frame.lasting;
        if !matches!(frame.open, Open::Angle | Open::Template) {
            self.brackets -= 1;
        }
        Some(frame)
    }

    fn pop_angles(&mut self) {
        while self.top() == Open::Angle {
            self.pop();
        }
    }

    /// A closing bracket: it closes the innermost open bracket when they match, and any
    /// `<` left open inside it. In a cautious line it closes nothing.
    fn close(&mut self, c: u8) {
        if self.cautious {
            self.prev = Prev::Ambiguous;
            self.prev_word = None;
            return;
        }
        let wanted = |open: Open| match c {
            b')' => open == Open::Paren,
            b']' => open == Open::Bracket,
            _ => matches!(open, Open::Brace | Open::Substitution),
        };
        let Some(depth) = self
            .stack
            .iter()
            .rposition(|f| f.open != Open::Angle)
            .filter(|&i| i > 0 && wanted(self.stack[i].open))
        else {
            // A closer that matches nothing open: the parser stops there.
            self.operator();
            return;
        };
        while self.stack.len() > depth + 1 {
            self.pop();
        }
        let frame = self.pop();
        self.prev_word = None;
        self.newline = false;
        match frame {
            Some(Frame {
                open: Open::Substitution,
                ..
            }) => {
                // Back into the template's text.
                self.prev = Prev::Operator;
            }
            Some(Frame {
                statement_head: true,
                ..
            }) => self.prev = Prev::Operator,
            _ if c == b']' => self.prev = Prev::Operand,
            _ => self.prev = Prev::Ambiguous,
        }
    }

    /// The length of the line terminator at `pos` (`\n`, `\r`, U+2028, U+2029), 0 if none.
    fn terminator_at(&self, pos: usize) -> usize {
        match self.bytes.get(pos..) {
            Some([b'\n' | b'\r', ..]) => 1,
            Some([0xE2, 0x80, 0xA8 | 0xA9, ..]) => 3,
            _ => 0,
        }
    }

    /// Past a backslash and the character it escapes (a `\r\n` pair counts as one).
    fn escape(&mut self) {
        self.pos += 1;
        match self.bytes.get(self.pos..) {
            Some([b'\r', b'\n', ..]) => self.pos += 2,
            Some(_) => {
                self.pos += 1;
                while self.pos < self.bytes.len() && !self.text.is_char_boundary(self.pos) {
                    self.pos += 1;
                }
            }
            None => {}
        }
    }

    fn skip_line(&mut self) {
        while self.pos < self.bytes.len() && self.terminator_at(self.pos) == 0 {
            self.pos += 1;
        }
    }

    fn block_comment(&mut self) {
        self.pos += 2;
        while self.pos < self.bytes.len() {
            if self.bytes[self.pos] == b'*' && self.peek(1) == Some(b'/') {
                self.pos += 2;
                return;
            }
            if self.terminator_at(self.pos) > 0 {
                self.newline = true;
            }
            self.pos += 1;
        }
    }

    fn string(&mut self, quote: u8) {
        self.pos += 1;
        while self.pos < self.bytes.len() {
            match self.bytes[self.pos] {
                b'\\' => self.escape(),
                // U+2028 and U+2029 may stand in a string; `\n` and `\r` end it.
                b'\n' | b'\r' => return,
                c if c == quote => {
                    self.pos += 1;
                    return;
                }
                _ => self.pos += 1,
            }
        }
    }

    /// Text of a template literal, up to its end or the next `${`.
    fn template_text(&mut self) -> Result<(), Fail> {
        while self.pos < self.bytes.len() {
            match self.bytes[self.pos] {
                b'\\' => self.escape(),
                b'`' => {
                    self.pos += 1;
                    self.pop();
                    self.operand();
                    return Ok(());
                }
                b'$' if self.peek(1) == Some(b'{') => {
                    self.pos += 2;
                    self.push(Open::Substitution, false)?;
                    self.operator();
                    return Ok(());
                }
                _ => self.pos += 1,
            }
        }
        Ok(())
    }

    fn slash(&mut self) -> Result<(), Fail> {
        match self.prev {
            Prev::Operand => {
                self.pos += 1;
                if self.peek(0) == Some(b'=') {
                    self.pos += 1;
                    self.link()?;
                }
                self.operator();
            }
            Prev::Operator => {
                if self.cautious {
                    // Read as code; nothing in it closes or opens a string.
                    self.pos += 1;
                    self.operator();
                } else {
                    self.regex();
                    self.operand();
                }
            }
            Prev::Ambiguous => {
                self.pos += 1;
                self.cautious = true;
                self.operator();
            }
        }
        Ok(())
    }

    fn regex(&mut self) {
        self.pos += 1;
        let mut class = false;
        while self.pos < self.bytes.len() {
            if self.terminator_at(self.pos) > 0 {
                return;
            }
            match self.bytes[self.pos] {
                b'\\' => self.escape(),
                b'[' => {
                    class = true;
                    self.pos += 1;
                }
                b']' => {
                    class = false;
                    self.pos += 1;
                }
                b'/' if !class => {
                    self.pos += 1;
                    while self
                        .peek(0)
                        .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'$')
                    {
                        self.pos += 1;
                    }
                    return;
                }
                _ => self.pos += 1,
            }
        }
    }

    fn number(&mut self) {
        while self
            .peek(0)
            .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'_')
        {
            // `1e-5`, `1e+5`
            if matches!(self.peek(0), Some(b'e' | b'E'))
                && matches!(self.peek(1), Some(b'-' | b'+'))
                && !self.text[..self.pos].ends_with(['x', 'X'])
            {
                self.pos += 2;
                continue;
            }
            self.pos += 1;
        }
        self.operand();
    }

    fn word(&mut self) -> &'t str {
        let start = self.pos;
        while self.pos < self.bytes.len() {
            let b = self.bytes[self.pos];
            if b == b'_' || b == b'$' || b.is_ascii_alphanumeric() || b >= 0x80 {
                self.pos += 1;
            } else if b == b'\\' {
                // `\u0061` in an identifier.
                self.escape();
            } else {
                break;
            }
        }
        // Multi-byte letters are skipped whole, so `pos` stays on a boundary.
        while self.pos < self.bytes.len() && !self.text.is_char_boundary(self.pos) {
            self.pos += 1;
        }
        &self.text[start..self.pos.min(self.text.len())]
    }

    fn word_token(&mut self) -> Result<(), Fail> {
        let after_newline = self.newline;
        let was_operand = self.prev == Prev::Operand || self.prev == Prev::Ambiguous;
        let word = self.word();
        // A statement keyword at the start of a line after a complete operand: automatic
        // semicolon insertion ended the statement above, so its chain is closed.
        if after_newline
            && was_operand
            && matches!(
                word,
                "const"
                    | "let"
                    | "var"
                    | "function"
                    | "class"
                    | "export"
                    | "import"
                    | "interface"
                    | "type"
                    | "enum"
                    | "declare"
                    | "namespace"
                    | "return"
                    | "if"
                    | "for"
                    | "while"
                    | "switch"
                    | "try"
                    | "throw"
            )
        {
            self.pop_angles();
            self.reset_links();
        }
        match word {
            // Each of these makes the parser recurse into what follows.
            "new" | "typeof" | "void" | "delete" | "await" | "yield" | "if" | "while" | "for"
            | "with" | "extends" | "keyof" | "infer" | "readonly" | "unique" | "asserts" | "is"
            | "async" => {
                self.link()?;
                self.prev = Prev::Operator;
                self.prev_word = Some(word);
            }
            // These continue past the `;` that ends the statement they hold.
            "else" | "do" => {
                self.lasting_link()?;
                self.prev = Prev::Operator;
                self.prev_word = Some(word);
            }
            "return" | "throw" | "case" | "in" | "of" | "instanceof" | "export" | "default" => {
                self.prev = Prev::Operator;
                self.prev_word = Some(word);
            }
            _ => {
                self.prev = Prev::Operand;
                self.prev_word = Some(word);
            }
        }
        self.newline = false;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bound(text: &str) -> std::result::Result<(), String> {
        check("t.js", text).map_err(|e| e.to_string())
    }

    #[test]
    fn real_code_passes() {
        let config = "
import { defineConfig } from 'vitepress'
const re = /[)}\\]'\"`]/g // a regex with every closer and quote
export default defineConfig({
  title: 'It\\'s (fine)',
  base: process.env.BASE ?? '/',
  head: [['link', { rel: 'icon', href: `${base}/x.svg` }]],
  themeConfig: {
    sidebar: {
      '/guide/': sidebarGuide(),
    },
  },
})
function sidebarGuide(): DefaultTheme.SidebarItem[] {
  if (a) { return [] } else if (b) { return [1] }
  const half = (x) / 2
  return [{ text: 'A <b>', items: [].concat(x, y).filter((i) => i !== null && i > 0) }]
}
";
        assert_eq!(bound(config), Ok(()));
        // Many statements without semicolons do not add up.
        let many: String = (0..5000)
            .map(|i| format!("const a{i}: Map<string, number> = x ? 1 : -2\n"))
            .collect();
        assert_eq!(bound(&many), Ok(()));
        let commas: String = format!("export default [{}]", "c ? -1 : !x, ".repeat(5000));
        assert_eq!(bound(&commas), Ok(()));
    }

    #[test]
    fn chains_without_brackets_are_counted() {
        for (what, unit) in [
            ("conditional", "c?1:"),
            ("unary minus", "- "),
            ("not", "!"),
            ("assignment", "a="),
            ("exponent", "2**"),
            ("arrow", "()=>"),
            ("new", "new "),
            ("typeof", "void typeof "),
            ("generic", "Array<"),
            ("else if", "if(a)b;else "),
            ("do", "do "),
            ("label", "a:"),
            ("spread", "..."),
        ] {
            let text = format!("export default [{}1];", unit.repeat(5000));
            let err = bound(&text).expect_err(what);
            assert!(
                err.contains("nested more than 1000 levels deep"),
                "{what}: {err}"
            );
        }
        let templates = format!("x = {}1{}", "`${".repeat(5000), "}`".repeat(5000));
        assert!(
            bound(&templates)
                .expect_err("templates")
                .contains("nested more than")
        );
    }

    #[test]
    fn strings_and_regexes_cannot_hide_or_close_brackets() {
        // A `]` in a string does not close the array the parser is in.
        let text = format!("export default {}1", "[']', ".repeat(300));
        assert!(bound(&text).expect_err("hidden").contains("200 brackets"));
        let text = format!("export default {}1", "[/]/, ".repeat(300));
        assert!(bound(&text).expect_err("regex").contains("200 brackets"));
        // After `)` a `/` may be either: nothing closes on that line.
        let text = format!("x = (a) / 1{}", " ]".repeat(300));
        assert_eq!(bound(&text), Ok(()));
        let text = format!("if (a) /x/\n{}", "[".repeat(300));
        assert!(bound(&text).expect_err("after if").contains("200 brackets"));
        let err = bound("x = (a) / `t`\n").expect_err("template after ambiguous slash");
        assert!(err.contains("template literal"), "{err}");
    }

    #[test]
    fn multibyte_text_is_safe() {
        assert_eq!(bound("const é = 'ü'; export default { ü: é }\n"), Ok(()));
        assert_eq!(bound("x = a\\u0061é\n"), Ok(()));
    }
}
