//! The few settings of a Sphinx `conf.py` that shape the sidebar, read without running it:
//! top-level assignments of Python literals (strings, lists, tuples, dicts of strings).

use std::collections::HashMap;

/// What navdiff needs from `conf.py`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Conf {
    /// `root_doc` (or the older `master_doc`): the root document's name.
    pub(super) root_doc: String,
    /// The source suffixes, in order (`source_suffix`, plus `.md` from `myst_parser` or
    /// `myst_nb`).
    pub(super) suffixes: Vec<String>,
    /// `exclude_patterns`.
    pub(super) exclude_patterns: Vec<String>,
    /// Settings navdiff found but could not read (not a literal), for a warning.
    pub(super) unread: Vec<(String, usize)>,
}

impl Default for Conf {
    fn default() -> Self {
        Conf {
            root_doc: "index".into(),
            suffixes: vec![".rst".into()],
            exclude_patterns: Vec::new(),
            unread: Vec::new(),
        }
    }
}

/// A Python literal, as far as navdiff reads them.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Value {
    Str(String),
    List(Vec<Value>),
    Dict(Vec<(Value, Value)>),
}

impl Value {
    fn strings(&self) -> Vec<String> {
        match self {
            Value::Str(s) => vec![s.clone()],
            Value::List(items) => items.iter().flat_map(Value::strings).collect(),
            Value::Dict(entries) => entries.iter().flat_map(|(k, _)| k.strings()).collect(),
        }
    }
}

const KEYS: [&str; 5] = [
    "root_doc",
    "master_doc",
    "source_suffix",
    "exclude_patterns",
    "extensions",
];

/// Reads `text`, the contents of a `conf.py`.
pub(super) fn parse(text: &str) -> Conf {
    let mut values: HashMap<&str, Value> = HashMap::new();
    let mut conf = Conf::default();
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        i += 1;
        let Some((key, rest)) = line.split_once('=') else {
            continue;
        };
        let key = key.trim_end();
        let Some(&name) = KEYS.iter().find(|k| **k == key) else {
            continue;
        };
        if rest.starts_with('=') || line.starts_with([' ', '\t']) {
            continue;
        }
        // The literal may go on over the next lines while brackets are open.
        let mut source = rest.to_owned();
        while open_brackets(&source) > 0 && i < lines.len() && i - 1 < 1_000 {
            source.push('\n');
            source.push_str(lines[i]);
            i += 1;
        }
        let mut parser = Literal {
            chars: source.chars().collect(),
            at: 0,
        };
        match parser.value(0) {
            Some(value) if parser.only_trailing() => {
                values.insert(name, value);
            }
            _ => conf.unread.push((name.to_owned(), i)),
        }
    }
    if let Some(root) = values
        .get("root_doc")
        .or_else(|| values.get("master_doc"))
        .and_then(|v| v.strings().into_iter().next())
    {
        conf.root_doc = root;
    }
    if let Some(suffix) = values.get("source_suffix") {
        let suffixes = suffix.strings();
        if !suffixes.is_empty() {
            conf.suffixes = suffixes;
        }
    }
    if let Some(extensions) = values.get("extensions") {
        let myst = extensions
            .strings()
            .iter()
            .any(|e| matches!(e.as_str(), "myst_parser" | "myst_nb"));
        if myst && !conf.suffixes.iter().any(|s| s == ".md") {
            conf.suffixes.push(".md".into());
        }
    }
    if let Some(patterns) = values.get("exclude_patterns") {
        conf.exclude_patterns = patterns.strings();
    }
    conf
}

/// Brackets left open in `source`, strings and comments skipped.
fn open_brackets(source: &str) -> usize {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut chars = source.chars();
    while let Some(c) = chars.next() {
        match quote {
            Some(q) => match c {
                '\\' => {
                    chars.next();
                }
                c if c == q => quote = None,
                _ => {}
            },
            None => match c {
                '\'' | '"' => quote = Some(c),
                '#' => {
                    for c in chars.by_ref() {
                        if c == '\n' {
                            break;
                        }
                    }
                }
                '[' | '(' | '{' => depth += 1,
                ']' | ')' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            },
        }
    }
    depth
}

/// A reader of one Python literal.
struct Literal {
    chars: Vec<char>,
    at: usize,
}

impl Literal {
    fn skip_space(&mut self) {
        while let Some(&c) = self.chars.get(self.at) {
            if c.is_whitespace() {
                self.at += 1;
            } else if c == '#' {
                while self.chars.get(self.at).is_some_and(|&c| c != '\n') {
                    self.at += 1;
                }
            } else {
                break;
            }
        }
    }

    /// Whether only white space and comments follow.
    fn only_trailing(&mut self) -> bool {
        self.skip_space();
        self.at >= self.chars.len() || self.chars[self.at] == ';'
    }

    fn value(&mut self, depth: usize) -> Option<Value> {
        if depth > 20 {
            return None;
        }
        self.skip_space();
        let c = *self.chars.get(self.at)?;
        match c {
            '[' | '(' => {
                let close = if c == '[' { ']' } else { ')' };
                self.at += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_space();
                    if self.chars.get(self.at) == Some(&close) {
                        self.at += 1;
                        return Some(Value::List(items));
                    }
                    items.push(self.value(depth + 1)?);
                    self.skip_space();
                    match self.chars.get(self.at) {
                        Some(',') => self.at += 1,
                        Some(c) if *c == close => {}
                        _ => return None,
                    }
                }
            }
            '{' => {
                self.at += 1;
                let mut entries = Vec::new();
                loop {
                    self.skip_space();
                    if self.chars.get(self.at) == Some(&'}') {
                        self.at += 1;
                        return Some(Value::Dict(entries));
                    }
                    let key = self.value(depth + 1)?;
                    self.skip_space();
                    if self.chars.get(self.at) != Some(&':') {
                        return None;
                    }
                    self.at += 1;
                    let value = self.value(depth + 1)?;
                    entries.push((key, value));
                    self.skip_space();
                    match self.chars.get(self.at) {
                        Some(',') => self.at += 1,
                        Some('}') => {}
                        _ => return None,
                    }
                }
            }
            _ => {
                let mut text = self.string()?;
                // Adjacent literals concatenate.
                loop {
                    let save = self.at;
                    self.skip_space();
                    if let Some(more) = self.string() {
                        text.push_str(&more);
                    } else {
                        self.at = save;
                        break;
                    }
                }
                Some(Value::Str(text))
            }
        }
    }

    /// A string literal, with an optional `r`/`u` prefix.
    fn string(&mut self) -> Option<String> {
        let mut raw = false;
        while let Some(&c) = self.chars.get(self.at) {
            match c {
                'r' | 'R' => raw = true,
                'u' | 'U' => {}
                _ => break,
            }
            self.at += 1;
        }
        let quote = *self.chars.get(self.at)?;
        if quote != '\'' && quote != '"' {
            return None;
        }
        let triple = self.chars.get(self.at + 1) == Some(&quote)
            && self.chars.get(self.at + 2) == Some(&quote);
        self.at += if triple { 3 } else { 1 };
        let mut out = String::new();
        loop {
            let c = *self.chars.get(self.at)?;
            if c == quote
                && (!triple
                    || (self.chars.get(self.at + 1) == Some(&quote)
                        && self.chars.get(self.at + 2) == Some(&quote)))
            {
                self.at += if triple { 3 } else { 1 };
                return Some(out);
            }
            if c == '\\' && !raw {
                self.at += 1;
                let e = *self.chars.get(self.at)?;
                out.push(match e {
                    'n' => '\n',
                    't' => '\t',
                    other => other,
                });
            } else {
                out.push(c);
            }
            self.at += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_literal_settings() {
        let conf = parse(
            "import os\nproject = 'x'\nmaster_doc = 'contents'\nroot_doc = \"index\"  # later wins\nsource_suffix = {\n    '.rst': 'restructuredtext',\n    '.txt': 'restructuredtext',\n}\nexclude_patterns = ['_build', 'drafts/*']\nextensions = [\"myst_parser\"]\n",
        );
        assert_eq!(conf.root_doc, "index");
        assert_eq!(conf.suffixes, [".rst", ".txt", ".md"]);
        assert_eq!(conf.exclude_patterns, ["_build", "drafts/*"]);
        let conf = parse(
            "master_doc = 'contents'\nsource_suffix = ['.rst', '.md']\nexclude_patterns = os.environ['X']\n",
        );
        assert_eq!(conf.root_doc, "contents");
        assert_eq!(conf.suffixes, [".rst", ".md"]);
        assert_eq!(conf.unread, [("exclude_patterns".to_owned(), 3)]);
    }
}
