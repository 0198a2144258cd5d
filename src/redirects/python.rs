//! A Sphinx `conf.py` read statically: the literal values its top-level statements give to
//! names, without running any of it.
//!
//! Read: `name = <literal>` (also with a type annotation), `name += <literal>`,
//! `name.update({...})`, `name.append(x)`, `name.extend([...])`, `name[key] = <literal>`,
//! where a literal is a string (adjacent strings concatenated, `+` between strings too), a
//! number, `True`/`False`/`None`, a list, tuple or dict of literals, or a name read before.
//! Anything else (calls, comprehensions, f-strings with substitutions) is
//! [`PyKind::Opaque`]. Statements inside blocks (`if`, `try`, functions) are not read; the
//! names they assign are listed so that callers can say so.

use std::collections::BTreeSet;

/// Deepest bracket nesting read.
const MAX_NESTING: usize = 64;

/// A value, with the line it starts on.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Py {
    pub(crate) kind: PyKind,
    pub(crate) line: usize,
}

/// What a value is.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum PyKind {
    Str(String),
    Num(String),
    Bool(bool),
    None,
    List(Vec<Py>),
    Dict(Vec<(Py, Py)>),
    /// Something only running the code would tell: what it is.
    Opaque(String),
}

impl Py {
    pub(crate) fn as_str(&self) -> Option<&str> {
        match &self.kind {
            PyKind::Str(s) => Some(s),
            _ => None,
        }
    }

    pub(crate) fn as_list(&self) -> Option<&[Py]> {
        match &self.kind {
            PyKind::List(items) => Some(items),
            _ => None,
        }
    }

    pub(crate) fn as_dict(&self) -> Option<&[(Py, Py)]> {
        match &self.kind {
            PyKind::Dict(entries) => Some(entries),
            _ => None,
        }
    }
}

/// The names a module's top-level statements give literal values to.
#[derive(Debug, Default)]
pub(crate) struct Module {
    names: Vec<(String, Py)>,
    /// Names assigned inside blocks, which are not read.
    pub(crate) in_blocks: BTreeSet<String>,
}

impl Module {
    /// The value of `name` after every top-level statement.
    pub(crate) fn get(&self, name: &str) -> Option<&Py> {
        self.names.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    fn set(&mut self, name: &str, value: Py) {
        match self.names.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = value,
            None => self.names.push((name.to_owned(), value)),
        }
    }

    fn get_mut(&mut self, name: &str) -> Option<&mut Py> {
        self.names
            .iter_mut()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Name(String),
    Str { text: String, opaque: bool },
    Num(String),
    Op(String),
}

#[derive(Debug)]
struct Token {
    tok: Tok,
    line: usize,
}

/// One logical line: its indentation and tokens.
struct Logical {
    indent: usize,
    tokens: Vec<Token>,
}

/// Reads `text` (Python source) statically. Never fails: what cannot be read is opaque or
/// skipped.
pub(crate) fn read(text: &str) -> Module {
    let mut module = Module::default();
    for logical in lex(text) {
        let tokens = &logical.tokens;
        let Some(Token {
            tok: Tok::Name(first),
            ..
        }) = tokens.first()
        else {
            continue;
        };
        if logical.indent > 0 {
            if let Some(Token {
                tok: Tok::Op(op), ..
            }) = tokens.get(1)
                && matches!(op.as_str(), "=" | "+=" | "." | "[" | ":")
            {
                module.in_blocks.insert(first.clone());
            }
            continue;
        }
        statement(&mut module, first, &tokens[1..]);
    }
    module
}

fn statement(module: &mut Module, name: &str, rest: &[Token]) {
    let op = |i: usize| match rest.get(i) {
        Some(Token {
            tok: Tok::Op(op), ..
        }) => Some(op.as_str()),
        _ => None,
    };
    match op(0) {
        Some("=") => {
            // `a = b = value` assigns both; only the simple form is read.
            let value = Parser::new(&rest[1..], module).expr();
            module.set(name, value);
        }
        Some(":") => {
            // `name: Type = value`: skip the annotation up to the `=`.
            if let Some(eq) = rest.iter().position(|t| t.tok == Tok::Op("=".into())) {
                let value = Parser::new(&rest[eq + 1..], module).expr();
                module.set(name, value);
            }
        }
        Some("+=") => {
            let value = Parser::new(&rest[1..], module).expr();
            if let Some(current) = module.get_mut(name) {
                *current = add(current.clone(), value);
            }
        }
        Some(".") => {
            let (
                Some(Token {
                    tok: Tok::Name(method),
                    ..
                }),
                Some("("),
            ) = (rest.get(1), op(2))
            else {
                return;
            };
            let arg = Parser::new(&rest[3..], module).expr();
            let Some(current) = module.get_mut(name) else {
                return;
            };
            match (method.as_str(), &mut current.kind, arg.kind) {
                ("update", PyKind::Dict(entries), PyKind::Dict(more)) => {
                    for (k, v) in more {
                        dict_set(entries, k, v);
                    }
                }
                ("extend", PyKind::List(items), PyKind::List(more)) => items.extend(more),
                ("append", PyKind::List(items), kind) => items.push(Py {
                    kind,
                    line: arg.line,
                }),
                (_, _, PyKind::Opaque(what)) => {
                    current.kind = PyKind::Opaque(what);
                }
                _ => {}
            }
        }
        Some("[") => {
            let mut parser = Parser::new(&rest[1..], module);
            let key = parser.expr();
            if parser.eat("]") && parser.eat("=") {
                let value = parser.expr();
                if let Some(Py {
                    kind: PyKind::Dict(entries),
                    ..
                }) = module.get_mut(name)
                {
                    dict_set(entries, key, value);
                }
            }
        }
        _ => {}
    }
}

fn dict_set(entries: &mut Vec<(Py, Py)>, key: Py, value: Py) {
    match entries.iter_mut().find(|(k, _)| k.kind == key.kind) {
        Some(slot) => slot.1 = value,
        None => entries.push((key, value)),
    }
}

fn add(left: Py, right: Py) -> Py {
    let line = left.line;
    let kind = match (left.kind, right.kind) {
        (PyKind::Str(a), PyKind::Str(b)) => PyKind::Str(a + &b),
        (PyKind::List(mut a), PyKind::List(b)) => {
            a.extend(b);
            PyKind::List(a)
        }
        (PyKind::Opaque(w), _) | (_, PyKind::Opaque(w)) => PyKind::Opaque(w),
        _ => PyKind::Opaque("an addition of values of different types".into()),
    };
    Py { kind, line }
}

struct Parser<'t, 'm> {
    tokens: &'t [Token],
    pos: usize,
    module: &'m Module,
}

impl<'t, 'm> Parser<'t, 'm> {
    fn new(tokens: &'t [Token], module: &'m Module) -> Self {
        Parser {
            tokens,
            pos: 0,
            module,
        }
    }

    fn line(&self) -> usize {
        self.tokens
            .get(self.pos)
            .or(self.tokens.last())
            .map_or(1, |t| t.line)
    }

    fn peek_op(&self, op: &str) -> bool {
        matches!(self.tokens.get(self.pos), Some(Token { tok: Tok::Op(o), .. }) if o == op)
    }

    fn eat(&mut self, op: &str) -> bool {
        if self.peek_op(op) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// An expression: terms joined by `+`.
    fn expr(&mut self) -> Py {
        self.expr_at(0)
    }

    fn expr_at(&mut self, depth: usize) -> Py {
        let mut value = self.term(depth);
        while self.eat("+") {
            let right = self.term(depth);
            value = add(value, right);
        }
        // Anything else after a value (a call, a subscript, a comprehension, a ternary)
        // makes the whole opaque.
        if let Some(Token { tok, .. }) = self.tokens.get(self.pos)
            && !matches!(tok, Tok::Op(o) if matches!(o.as_str(), "," | ")" | "]" | "}" | ":"))
        {
            self.skip_to_delimiter();
            value.kind =
                PyKind::Opaque("an expression only running the code would evaluate".into());
        }
        value
    }

    /// Skips to the next `,` or closing bracket at this nesting level.
    fn skip_to_delimiter(&mut self) {
        let mut depth = 0usize;
        while let Some(Token { tok, .. }) = self.tokens.get(self.pos) {
            if let Tok::Op(o) = tok {
                match o.as_str() {
                    "(" | "[" | "{" => depth += 1,
                    ")" | "]" | "}" | "," | ":" if depth == 0 => return,
                    ")" | "]" | "}" => depth -= 1,
                    _ => {}
                }
            }
            self.pos += 1;
        }
    }

    fn term(&mut self, depth: usize) -> Py {
        let line = self.line();
        let at = |kind| Py { kind, line };
        if depth > MAX_NESTING {
            self.skip_to_delimiter();
            return at(PyKind::Opaque("a value nested too deeply".into()));
        }
        let Some(token) = self.tokens.get(self.pos) else {
            return at(PyKind::Opaque("a missing value".into()));
        };
        self.pos += 1;
        match &token.tok {
            Tok::Str { text, opaque } => {
                let mut text = text.clone();
                let mut opaque = *opaque;
                // Adjacent literals concatenate.
                while let Some(Token {
                    tok:
                        Tok::Str {
                            text: more,
                            opaque: o,
                        },
                    ..
                }) = self.tokens.get(self.pos)
                {
                    text.push_str(more);
                    opaque |= *o;
                    self.pos += 1;
                }
                if opaque {
                    at(PyKind::Opaque("an f-string with substitutions".into()))
                } else {
                    at(PyKind::Str(text))
                }
            }
            Tok::Num(n) => at(PyKind::Num(n.clone())),
            Tok::Name(n) => match n.as_str() {
                "True" => at(PyKind::Bool(true)),
                "False" => at(PyKind::Bool(false)),
                "None" => at(PyKind::None),
                name => match self.module.get(name) {
                    Some(value) if !self.peek_op("(") && !self.peek_op(".") => Py {
                        line,
                        ..value.clone()
                    },
                    _ => {
                        self.skip_to_delimiter();
                        at(PyKind::Opaque(format!("`{name}`, computed at build time")))
                    }
                },
            },
            Tok::Op(op) => match op.as_str() {
                "-" => match self.tokens.get(self.pos) {
                    Some(Token {
                        tok: Tok::Num(n), ..
                    }) => {
                        self.pos += 1;
                        at(PyKind::Num(format!("-{n}")))
                    }
                    _ => at(PyKind::Opaque("a negation".into())),
                },
                "[" => at(self.sequence("]", depth)),
                "(" => {
                    // A parenthesised value or a tuple.
                    match self.sequence(")", depth) {
                        PyKind::List(mut items) if items.len() == 1 && !self.last_was_comma() => {
                            items.pop().unwrap_or(Py {
                                kind: PyKind::None,
                                line,
                            })
                        }
                        other => at(other),
                    }
                }
                "{" => at(self.dict(depth)),
                other => at(PyKind::Opaque(format!("`{other}`"))),
            },
        }
    }

    fn last_was_comma(&self) -> bool {
        self.pos >= 2 && matches!(&self.tokens[self.pos - 2].tok, Tok::Op(o) if o == ",")
    }

    fn sequence(&mut self, close: &str, depth: usize) -> PyKind {
        let mut items = Vec::new();
        loop {
            if self.eat(close) {
                return PyKind::List(items);
            }
            if self.pos >= self.tokens.len() {
                return PyKind::Opaque("an unclosed bracket".into());
            }
            let item = self.expr_at(depth + 1);
            if self.peek_op("for")
                || matches!(self.tokens.get(self.pos), Some(Token { tok: Tok::Name(n), .. }) if n == "for")
            {
                self.skip_to_close(close);
                return PyKind::Opaque("a comprehension".into());
            }
            items.push(item);
            if !self.eat(",") {
                if self.eat(close) {
                    return PyKind::List(items);
                }
                self.skip_to_close(close);
                return PyKind::Opaque("a sequence navdiff cannot read".into());
            }
        }
    }

    fn dict(&mut self, depth: usize) -> PyKind {
        let mut entries: Vec<(Py, Py)> = Vec::new();
        loop {
            if self.eat("}") {
                return PyKind::Dict(entries);
            }
            if self.pos >= self.tokens.len() {
                return PyKind::Opaque("an unclosed bracket".into());
            }
            if self.eat("**") {
                let spread = self.expr_at(depth + 1);
                if let PyKind::Dict(more) = spread.kind {
                    for (k, v) in more {
                        dict_set(&mut entries, k, v);
                    }
                } else {
                    self.skip_to_close("}");
                    return PyKind::Opaque("a spread of something not a dict".into());
                }
            } else {
                let key = self.expr_at(depth + 1);
                if !self.eat(":") {
                    self.skip_to_close("}");
                    return PyKind::Opaque("a set or a dict navdiff cannot read".into());
                }
                let value = self.expr_at(depth + 1);
                dict_set(&mut entries, key, value);
            }
            if !self.eat(",") {
                if self.eat("}") {
                    return PyKind::Dict(entries);
                }
                self.skip_to_close("}");
                return PyKind::Opaque("a dict navdiff cannot read".into());
            }
        }
    }

    /// Skips past the bracket that closes the current level.
    fn skip_to_close(&mut self, close: &str) {
        let mut depth = 0usize;
        while let Some(Token { tok, .. }) = self.tokens.get(self.pos) {
            self.pos += 1;
            if let Tok::Op(o) = tok {
                match o.as_str() {
                    "(" | "[" | "{" => depth += 1,
                    c if c == close && depth == 0 => return,
                    ")" | "]" | "}" => depth = depth.saturating_sub(1),
                    _ => {}
                }
            }
        }
    }
}

/// The string literal whose opening quote is at `chars[start]`: its text, and the index
/// after its closing quote. An unterminated one-line string ends at its line's end.
fn string_literal(
    chars: &[char],
    start: usize,
    quote: char,
    raw: bool,
    line: &mut usize,
) -> (String, usize) {
    let triple = chars.get(start + 1) == Some(&quote) && chars.get(start + 2) == Some(&quote);
    let mut i = start + if triple { 3 } else { 1 };
    let mut s = String::new();
    while let Some(&ch) = chars.get(i) {
        if ch == '\\' {
            let next = chars.get(i + 1).copied();
            if next == Some('\n') {
                *line += 1;
            }
            match next {
                _ if raw => {
                    s.push(ch);
                    s.extend(next);
                }
                Some('n') => s.push('\n'),
                Some('t') => s.push('\t'),
                Some(c @ ('\\' | '\'' | '"')) => s.push(c),
                Some('\n') | None => {}
                Some(other) => {
                    s.push('\\');
                    s.push(other);
                }
            }
            i += 2;
            continue;
        }
        if ch == quote {
            if !triple {
                return (s, i + 1);
            }
            if chars.get(i + 1) == Some(&quote) && chars.get(i + 2) == Some(&quote) {
                return (s, i + 3);
            }
        }
        if ch == '\n' {
            *line += 1;
            if !triple {
                return (s, i);
            }
        }
        s.push(ch);
        i += 1;
    }
    (s, i)
}

/// The name or number at the start of `chars`, and its length.
fn word(chars: &[char]) -> (Tok, usize) {
    let number = chars.first().is_some_and(char::is_ascii_digit);
    let len = chars
        .iter()
        .take_while(|&&c| c.is_alphanumeric() || c == '_' || (number && c == '.'))
        .count();
    let text: String = chars[..len].iter().collect();
    (
        if number {
            Tok::Num(text)
        } else {
            Tok::Name(text)
        },
        len,
    )
}

/// The operator at the start of `chars` (one or two characters).
fn operator(chars: &[char]) -> String {
    let two: String = chars.iter().take(2).collect();
    if matches!(
        two.as_str(),
        "+=" | "**" | "==" | "!=" | "->" | ":=" | "<=" | ">="
    ) {
        two
    } else {
        chars.iter().take(1).collect()
    }
}

/// The logical lines of `text`: tokens, with strings decoded and comments dropped.
fn lex(text: &str) -> Vec<Logical> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut current: Option<Logical> = None;
    let mut depth = 0usize;
    let mut line = 1;
    let mut col = 0;
    let mut i = 0;
    let mut continued = false;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\n' => {
                line += 1;
                col = 0;
                i += 1;
                if depth == 0
                    && !continued
                    && let Some(logical) = current.take()
                {
                    out.push(logical);
                }
                continued = false;
                continue;
            }
            ' ' | '\t' | '\r' | '\x0c' => {
                col += 1;
                i += 1;
                continue;
            }
            '#' => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
                continue;
            }
            '\\' if chars.get(i + 1) == Some(&'\n') => {
                continued = true;
                i += 1;
                continue;
            }
            _ => {}
        }
        let logical = current.get_or_insert_with(|| Logical {
            indent: col,
            tokens: Vec::new(),
        });
        let start_line = line;
        // A string, with an optional prefix.
        let prefix_len = chars[i..]
            .iter()
            .take(3)
            .take_while(|c| matches!(c, 'r' | 'R' | 'u' | 'U' | 'b' | 'B' | 'f' | 'F'))
            .count();
        if let Some(&quote @ ('"' | '\'')) = chars.get(i + prefix_len) {
            let prefix: String = chars[i..i + prefix_len]
                .iter()
                .collect::<String>()
                .to_ascii_lowercase();
            let raw = prefix.contains('r');
            let fstring = prefix.contains('f');
            i += prefix_len;
            let (text, next) = string_literal(&chars, i, quote, raw, &mut line);
            i = next;
            let opaque = fstring && text.contains('{');
            logical.tokens.push(Token {
                tok: Tok::Str { text, opaque },
                line: start_line,
            });
            col += 1;
            continue;
        }
        if c.is_alphanumeric() || c == '_' {
            let (tok, len) = word(&chars[i..]);
            logical.tokens.push(Token { tok, line });
            i += len;
            col += len;
            continue;
        }
        let op = operator(&chars[i..]);
        match op.as_str() {
            "(" | "[" | "{" => depth += 1,
            ")" | "]" | "}" => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += op.chars().count();
        col += op.chars().count();
        logical.tokens.push(Token {
            tok: Tok::Op(op),
            line,
        });
    }
    if let Some(logical) = current {
        out.push(logical);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn string_pairs(value: &Py) -> Vec<(String, String)> {
        value
            .as_dict()
            .expect("a dict")
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().expect("key").to_owned(),
                    v.as_str().unwrap_or("?").to_owned(),
                )
            })
            .collect()
    }

    #[test]
    fn dict_literals_updates_and_items() {
        let conf = "\
# Configuration file
import os
project = 'Beacon'
extensions = [
    'sphinx.ext.autodoc',  # a comment
    \"sphinx_reredirects\",
]
redirects = {
    \"install\": \"setup/install.html\",
    'old/' 'page': \"../new.html\",   # implicit concatenation
}
redirects.update({\"faq\": \"help/faq.html\"})
redirects['x'] = 'y.html'
extensions += ['myst_parser']
html_baseurl: str = 'https://docs.example.com/en/' + 'stable/'
if os.environ.get('CI'):
    html_baseurl = 'https://elsewhere/'
";
        let module = read(conf);
        assert_eq!(
            string_pairs(module.get("redirects").expect("redirects")),
            [
                ("install".to_owned(), "setup/install.html".to_owned()),
                ("old/page".to_owned(), "../new.html".to_owned()),
                ("faq".to_owned(), "help/faq.html".to_owned()),
                ("x".to_owned(), "y.html".to_owned()),
            ]
        );
        let extensions: Vec<&str> = module
            .get("extensions")
            .and_then(Py::as_list)
            .expect("list")
            .iter()
            .filter_map(Py::as_str)
            .collect();
        assert_eq!(
            extensions,
            ["sphinx.ext.autodoc", "sphinx_reredirects", "myst_parser"]
        );
        assert_eq!(
            module.get("html_baseurl").and_then(Py::as_str),
            Some("https://docs.example.com/en/stable/")
        );
        assert!(module.in_blocks.contains("html_baseurl"));
        let entries = module.get("redirects").and_then(Py::as_dict).expect("dict");
        assert_eq!(entries[0].0.line, 9);
        assert_eq!(entries[1].0.line, 10);
    }

    #[test]
    fn what_needs_running_is_opaque() {
        let module = read(
            "a = make()\nb = {k: v for k, v in x}\nc = f'{x}.html'\nd = f'plain'\ne = [1, 2][0]\nf = (1)\ng = (1,)\nh = ('a' + 'b')\n",
        );
        for name in ["a", "b", "c", "e"] {
            assert!(
                matches!(module.get(name).map(|v| &v.kind), Some(PyKind::Opaque(_))),
                "{name}: {:?}",
                module.get(name)
            );
        }
        assert_eq!(module.get("d").and_then(Py::as_str), Some("plain"));
        assert_eq!(
            module.get("f").map(|v| &v.kind),
            Some(&PyKind::Num("1".into()))
        );
        assert!(module.get("g").and_then(Py::as_list).is_some());
        assert_eq!(module.get("h").and_then(Py::as_str), Some("ab"));
    }

    #[test]
    fn strings_of_every_kind() {
        let module = read(
            "a = r'C:\\x'\nb = '''multi\nline'''\nc = \"esc\\\"aped\"\nd = b'bytes'\ne = 'unterminated\nf = 'after'\n",
        );
        assert_eq!(module.get("a").and_then(Py::as_str), Some("C:\\x"));
        assert_eq!(module.get("b").and_then(Py::as_str), Some("multi\nline"));
        assert_eq!(module.get("c").and_then(Py::as_str), Some("esc\"aped"));
        assert_eq!(module.get("d").and_then(Py::as_str), Some("bytes"));
        assert_eq!(module.get("f").and_then(Py::as_str), Some("after"));
    }

    #[test]
    fn hostile_input_stays_bounded() {
        let deep = format!("x = {}1{}\n", "[".repeat(10_000), "]".repeat(10_000));
        let module = read(&deep);
        // Read down to the bound, opaque below it: the outer list is there.
        assert!(module.get("x").and_then(Py::as_list).is_some());
        for junk in [
            "x = {",
            "x = [1,",
            "x = (",
            ")]}",
            "x.update(",
            "x[",
            "'",
            "x = 1 +",
            "x: int",
        ] {
            let _ = read(junk);
        }
    }
}
