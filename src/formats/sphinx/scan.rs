//! One Sphinx document read for what the sidebar needs: its title (the first section
//! title) and its `toctree` directives, with `.. include::` files read in place.
//!
//! Only what docutils reads as markup counts: a toctree inside a literal block (after
//! `::`), a comment, a code block or another directive whose content is not
//! reStructuredText (`code-block`, `raw`, …), or an `.. only::` that an HTML build leaves
//! out, is not a toctree, and a title-like line there is not a title. `MyST` (Markdown)
//! documents have `{toctree}` fences; other fences, HTML comments and front matter are
//! skipped, `{eval-rst}` fences are read as reStructuredText and `{include}` fences are
//! followed.

use crate::error::Result;
use crate::formats::support::{join_path, parent_dir};

/// A `toctree` as written: its options and raw entries.
#[derive(Debug, Clone, Default)]
pub(super) struct RawToctree {
    pub(super) caption: Option<String>,
    /// The line and column (in characters) of the `:caption:` option in `file`.
    pub(super) caption_at: Option<(usize, usize)>,
    pub(super) glob: bool,
    pub(super) reversed: bool,
    /// The file it is written in (an included file, or the document).
    pub(super) file: String,
    /// Entries as written, with their lines and columns (in characters) in `file`.
    pub(super) entries: Vec<(String, usize, usize)>,
}

/// What a document gives the sidebar.
#[derive(Debug, Clone, Default)]
pub(super) struct Scanned {
    /// The first section title (Sphinx's document title).
    pub(super) title: Option<String>,
    /// Every toctree, in order.
    pub(super) toctrees: Vec<RawToctree>,
    /// The document's entries in its own table of contents (Sphinx's `env.tocs`, titles
    /// only): its top-level sections, and toctrees outside any section.
    pub(super) items: Vec<TocItem>,
}

/// One top-level entry of a document's table of contents.
#[derive(Debug, Clone)]
pub(super) enum TocItem {
    /// A top-level section: its title, its anchor (`None` for the first), and the indexes
    /// of the toctrees anywhere inside it.
    Section {
        title: String,
        anchor: Option<String>,
        toctrees: Vec<usize>,
    },
    /// A toctree outside any section: its entries stand at the top level.
    Toctree(usize),
}

/// What scanning needs from the reader: included files, warnings and the work budget.
pub(super) trait Host {
    /// The text of the file at `path` (relative to the repository root), `None` if absent.
    fn read(&mut self, path: &str) -> Result<Option<String>>;
    /// A warning about `line` of `file`.
    fn warn(&mut self, file: &str, line: usize, message: String);
    /// Counts one include expansion against the reading's budget.
    fn spend_include(&mut self, file: &str, line: usize) -> Result<()>;
}

/// Directives whose content docutils does not read as reStructuredText.
const LITERAL_DIRECTIVES: [&str; 28] = [
    "code-block",
    "code",
    "sourcecode",
    "literalinclude",
    "highlight",
    "parsed-literal",
    "raw",
    "math",
    "doctest",
    "testcode",
    "testoutput",
    "testsetup",
    "testcleanup",
    "productionlist",
    "graphviz",
    "graph",
    "digraph",
    "mermaid",
    "plantuml",
    "uml",
    "ipython",
    "jupyter-execute",
    "code-cell",
    "csv-table",
    "prompt",
    "literal",
    "ditaa",
    "tikz",
];

/// How deep includes nest.
const MAX_INCLUDE_DEPTH: usize = 8;

pub(super) struct Scanner<'h> {
    host: &'h mut dyn Host,
    /// The Sphinx source folder: `/`-rooted include paths are relative to it.
    source_dir: String,
    /// The files being read, outermost first: an include of one of them is circular.
    chain: Vec<String>,
    out: Scanned,
    /// Section adornment styles in the order met: the first is the top level.
    styles: Vec<(char, bool)>,
    /// The top-level section toctrees go into, an index into `out.items`.
    section: Option<usize>,
    /// A `.. _label:` just before, which names the next section's anchor.
    label: Option<String>,
}

impl<'h> Scanner<'h> {
    pub(super) fn new(host: &'h mut dyn Host, source_dir: &str) -> Self {
        Scanner {
            host,
            source_dir: source_dir.to_owned(),
            chain: Vec::new(),
            out: Scanned::default(),
            styles: Vec::new(),
            section: None,
            label: None,
        }
    }

    /// Reads the document at `path` (`text` its contents).
    pub(super) fn document(mut self, path: &str, text: &str) -> Result<Scanned> {
        self.file(path, text, 0)?;
        Ok(self.out)
    }

    fn file(&mut self, path: &str, text: &str, offset: usize) -> Result<()> {
        self.chain.push(path.to_owned());
        let result = if is_markdown(path) {
            self.myst(path, text, offset)
        } else {
            self.rst(path, text, offset)
        };
        self.chain.pop();
        result
    }

    /// A section title in `style` (adornment character, overlined).
    fn section_title(&mut self, title: String, style: (char, bool)) {
        let label = self.label.take();
        if self.out.title.is_none() && !title.is_empty() {
            self.out.title = Some(title.clone());
        }
        let level = self
            .styles
            .iter()
            .position(|s| *s == style)
            .unwrap_or_else(|| {
                self.styles.push(style);
                self.styles.len() - 1
            });
        if level == 0 {
            let first = !self
                .out
                .items
                .iter()
                .any(|i| matches!(i, TocItem::Section { .. }));
            let anchor = (!first).then(|| label.unwrap_or_else(|| make_id(&title)));
            self.out.items.push(TocItem::Section {
                title,
                anchor,
                toctrees: Vec::new(),
            });
            self.section = Some(self.out.items.len() - 1);
        }
    }

    fn toctree_found(&mut self, tree: RawToctree) {
        self.label = None;
        let index = self.out.toctrees.len();
        self.out.toctrees.push(tree);
        match self.section.and_then(|s| self.out.items.get_mut(s)) {
            Some(TocItem::Section { toctrees, .. }) => toctrees.push(index),
            _ => self.out.items.push(TocItem::Toctree(index)),
        }
    }

    /// reStructuredText, `offset` lines into `path`.
    fn rst(&mut self, path: &str, text: &str, offset: usize) -> Result<()> {
        let lines: Vec<&str> = text.lines().collect();
        let mut skip: Option<usize> = None;
        let mut prev_blank = true;
        let mut i = 0;
        while i < lines.len() {
            let raw = lines[i];
            let trimmed = raw.trim();
            let indent = indentation(raw);
            if let Some(limit) = skip {
                if trimmed.is_empty() || indent > limit {
                    prev_blank = trimmed.is_empty();
                    i += 1;
                    continue;
                }
                skip = None;
            }
            if trimmed.is_empty() {
                prev_blank = true;
                i += 1;
                continue;
            }
            if trimmed == ".." || trimmed.starts_with(".. ") {
                match directive(trimmed) {
                    Some(("toctree", _)) => {
                        let (tree, next) = rst_toctree(path, &lines, i, indent, offset);
                        self.toctree_found(tree);
                        i = next;
                        prev_blank = true;
                        continue;
                    }
                    Some(("include", argument)) => {
                        let (options, next) = directive_options(&lines, i, indent);
                        self.include(path, argument, &options, offset + i + 1, false)?;
                        i = next;
                        prev_blank = true;
                        continue;
                    }
                    Some(("only", argument)) => {
                        if !html_build_includes(argument) {
                            skip = Some(indent);
                        }
                    }
                    Some((name, _)) => {
                        if LITERAL_DIRECTIVES.contains(&name) {
                            skip = Some(indent);
                        }
                    }
                    // A comment, a target, a substitution or footnote definition.
                    None => {
                        skip = Some(indent);
                        self.label = label_of(trimmed).or(self.label.take());
                        prev_blank = false;
                        i += 1;
                        continue;
                    }
                }
                self.label = None;
                prev_blank = false;
                i += 1;
                continue;
            }
            if indent == 0 && prev_blank {
                let next = lines.get(i + 1).copied().unwrap_or("");
                let after = lines.get(i + 2).copied().unwrap_or("");
                if is_rule(trimmed)
                    && !next.trim().is_empty()
                    && !is_rule(next.trim())
                    && is_rule(after.trim())
                    && after
                        .trim()
                        .starts_with(trimmed.chars().next().unwrap_or(' '))
                {
                    let style = (trimmed.chars().next().unwrap_or(' '), true);
                    self.section_title(super::text::rst_text(next.trim()), style);
                    i += 3;
                    prev_blank = false;
                    continue;
                }
                if !is_rule(trimmed) && indentation(next) == 0 && is_rule(next.trim()) {
                    let width = trimmed.chars().count();
                    let rule = next.trim().chars().count();
                    if rule >= width || rule >= 4 {
                        let style = (next.trim().chars().next().unwrap_or(' '), false);
                        self.section_title(super::text::rst_text(trimmed), style);
                        i += 2;
                        prev_blank = false;
                        continue;
                    }
                }
            }
            if trimmed.ends_with("::") {
                // A literal block follows.
                skip = Some(indent);
            }
            self.label = None;
            prev_blank = false;
            i += 1;
        }
        Ok(())
    }

    /// `MyST` Markdown, `offset` lines into `path`.
    fn myst(&mut self, path: &str, text: &str, offset: usize) -> Result<()> {
        let lines: Vec<&str> = text.lines().collect();
        let mut i = 0;
        if lines.first().is_some_and(|l| l.trim_end() == "---") {
            i = lines
                .iter()
                .skip(1)
                .position(|l| matches!(l.trim_end(), "---" | "..."))
                .map_or(0, |p| p + 2);
        }
        let mut prev_blank = true;
        while i < lines.len() {
            let raw = lines[i];
            let trimmed = raw.trim();
            if trimmed.is_empty() {
                prev_blank = true;
                i += 1;
                continue;
            }
            if let Some(rest) = trimmed.strip_prefix("<!--") {
                if !rest.contains("-->") {
                    while i < lines.len() && !lines[i].contains("-->") {
                        i += 1;
                    }
                }
                i += 1;
                continue;
            }
            if let Some((fence, info)) = fence_open(trimmed) {
                let close = (i + 1..lines.len())
                    .find(|&k| is_fence_close(lines[k].trim(), &fence))
                    .unwrap_or(lines.len());
                let body = &lines[(i + 1).min(close)..close];
                let directive = info
                    .strip_prefix('{')
                    .and_then(|r| r.split_once('}'))
                    .map(|(name, arg)| (name.trim(), arg.trim()));
                match directive {
                    Some(("toctree", _)) => {
                        let tree = myst_toctree(path, body, offset + i + 2);
                        self.toctree_found(tree);
                    }
                    Some(("eval-rst" | "eval_rst", _)) => {
                        let inner = body.join("\n");
                        self.rst(path, &inner, offset + i + 1)?;
                    }
                    Some(("include", argument)) => {
                        let options: Vec<(String, String)> =
                            body.iter().filter_map(|l| option(l.trim())).collect();
                        self.include(path, argument, &options, offset + i + 1, true)?;
                    }
                    _ => {}
                }
                i = close + 1;
                prev_blank = true;
                continue;
            }
            if raw.len() - raw.trim_start().len() <= 3 {
                let hashes = trimmed.chars().take_while(|&c| c == '#').count();
                if (1..=6).contains(&hashes)
                    && trimmed[hashes..]
                        .chars()
                        .next()
                        .is_none_or(char::is_whitespace)
                {
                    let heading = trimmed[hashes..].trim().trim_end_matches('#').trim();
                    let style = (['1', '2', '3', '4', '5', '6'][hashes - 1], false);
                    self.section_title(super::text::myst_text(heading), style);
                    prev_blank = false;
                    i += 1;
                    continue;
                }
                let next = lines.get(i + 1).map_or("", |l| l.trim());
                if prev_blank
                    && !next.is_empty()
                    && (next.chars().all(|c| c == '=') || next.chars().all(|c| c == '-'))
                    && !trimmed.starts_with(['-', '*', '+', '>'])
                {
                    let style = (if next.starts_with('=') { '1' } else { '2' }, false);
                    self.section_title(super::text::myst_text(trimmed), style);
                    i += 2;
                    prev_blank = false;
                    continue;
                }
            }
            prev_blank = false;
            i += 1;
        }
        Ok(())
    }

    /// Reads an included file in place: `argument` relative to `from`'s folder (or, when it
    /// starts with `/`, to the source folder); `:literal:` and `:code:` includes and
    /// standard `<…>` includes hold no toctree.
    fn include(
        &mut self,
        from: &str,
        argument: &str,
        options: &[(String, String)],
        line: usize,
        markdown: bool,
    ) -> Result<()> {
        let argument = argument.trim();
        if argument.starts_with('<')
            || options
                .iter()
                .any(|(k, _)| matches!(k.as_str(), "literal" | "code" | "parser"))
        {
            return Ok(());
        }
        let resolved = match argument.strip_prefix('/') {
            Some(absolute) => join_path(&self.source_dir, absolute),
            None => join_path(parent_dir(from), argument),
        };
        let Some(path) = resolved else {
            self.host.warn(
                from,
                line,
                format!("`include:: {argument}` points outside the repository; not followed"),
            );
            return Ok(());
        };
        if self.chain.contains(&path) {
            self.host.warn(
                from,
                line,
                format!("`include:: {argument}` includes a file that is already being read (circular inclusion, which docutils refuses); not followed"),
            );
            return Ok(());
        }
        if self.chain.len() > MAX_INCLUDE_DEPTH {
            self.host.warn(
                from,
                line,
                format!("`include:: {argument}`: includes nested more than {MAX_INCLUDE_DEPTH} deep; not followed"),
            );
            return Ok(());
        }
        self.host.spend_include(from, line)?;
        let Some(text) = self.host.read(&path)? else {
            self.host.warn(
                from,
                line,
                format!("`include:: {argument}`: no such file; not followed"),
            );
            return Ok(());
        };
        let text = clip(&text, options);
        if markdown || is_markdown(&path) {
            self.chain.push(path.clone());
            let result = self.myst(&path, &text, 0);
            self.chain.pop();
            result
        } else {
            self.chain.push(path.clone());
            let result = self.rst(&path, &text, 0);
            self.chain.pop();
            result
        }
    }
}

/// The part of an included text that `:start-line:`, `:end-line:`, `:start-after:` and
/// `:end-before:` select.
fn clip(text: &str, options: &[(String, String)]) -> String {
    let get = |key: &str| {
        options
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    };
    let mut text: String = text.to_owned();
    if let Some(start) = get("start-line").and_then(|v| v.parse::<usize>().ok()) {
        text = text.lines().skip(start).collect::<Vec<_>>().join("\n");
    }
    if let Some(end) = get("end-line").and_then(|v| v.parse::<usize>().ok()) {
        text = text.lines().take(end).collect::<Vec<_>>().join("\n");
    }
    if let Some(after) = get("start-after").filter(|a| !a.is_empty())
        && let Some(at) = text.find(after)
    {
        text = text[at + after.len()..].to_owned();
    }
    if let Some(before) = get("end-before").filter(|b| !b.is_empty())
        && let Some(at) = text.find(before)
    {
        text.truncate(at);
    }
    text
}

fn is_markdown(path: &str) -> bool {
    std::path::Path::new(path)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md"))
}

/// Columns of leading white space, a tab advancing to the next multiple of eight as
/// docutils reads it.
fn indentation(line: &str) -> usize {
    let mut column = 0;
    for c in line.chars() {
        match c {
            ' ' => column += 1,
            '\t' => column = (column / 8 + 1) * 8,
            _ => break,
        }
    }
    column
}

/// The name of an explicit hyperlink target (`.. _name:`), which gives the section after
/// it its anchor.
fn label_of(trimmed: &str) -> Option<String> {
    let rest = trimmed.strip_prefix(".. _")?;
    let name = rest.strip_suffix(':')?;
    (!name.is_empty() && !name.contains('`')).then(|| make_id(name))
}

/// docutils' `make_id`: lower case, runs of other characters as `-`, no leading digits or
/// dashes, no trailing dashes.
fn make_id(text: &str) -> String {
    let mut id = String::new();
    for c in text.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c);
        } else if !id.ends_with('-') {
            id.push('-');
        }
    }
    id.trim_start_matches(|c: char| c == '-' || c.is_ascii_digit())
        .trim_end_matches('-')
        .to_owned()
}

/// `.. name:: argument` → (name, argument), the name lower-cased; `None` for other explicit
/// markup (comments, targets, substitutions, footnotes).
fn directive(trimmed: &str) -> Option<(&'static str, &str)> {
    let rest = trimmed.strip_prefix("..")?.trim_start();
    let end = rest.find("::")?;
    let name = &rest[..end];
    if name.is_empty()
        || name.starts_with(['|', '_', '['])
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.' | '+'))
    {
        return None;
    }
    let after = &rest[end + 2..];
    if !after.is_empty() && !after.starts_with(char::is_whitespace) {
        return None;
    }
    let lower = name.to_ascii_lowercase();
    let name: &'static str = match lower.as_str() {
        "toctree" => "toctree",
        "include" => "include",
        "only" => "only",
        other => LITERAL_DIRECTIVES
            .iter()
            .find(|d| **d == other)
            .copied()
            .unwrap_or("other"),
    };
    Some((name, after.trim()))
}

/// The `:key: value` options right after a directive line, and the line after the
/// directive's block.
fn directive_options(
    lines: &[&str],
    start: usize,
    indent: usize,
) -> (Vec<(String, String)>, usize) {
    let mut options = Vec::new();
    let mut i = start + 1;
    let mut in_options = true;
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim();
        if !trimmed.is_empty() && indentation(line) <= indent {
            break;
        }
        if trimmed.is_empty() {
            in_options = false;
        } else if in_options && let Some(o) = option(trimmed) {
            options.push(o);
        }
        i += 1;
    }
    (options, i)
}

/// `:key: value` → (key, value).
fn option(trimmed: &str) -> Option<(String, String)> {
    let rest = trimmed.strip_prefix(':')?;
    let (key, value) = rest.split_once(':')?;
    if key.is_empty() || key.contains(char::is_whitespace) {
        return None;
    }
    Some((key.to_ascii_lowercase(), value.trim().to_owned()))
}

/// A reStructuredText `toctree` starting at line `start`, and the line after it.
fn rst_toctree(
    path: &str,
    lines: &[&str],
    start: usize,
    indent: usize,
    offset: usize,
) -> (RawToctree, usize) {
    let mut tree = RawToctree {
        file: path.to_owned(),
        ..RawToctree::default()
    };
    let mut i = start + 1;
    let mut in_options = true;
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim();
        if !trimmed.is_empty() && indentation(line) <= indent {
            break;
        }
        i += 1;
        if trimmed.is_empty() {
            in_options = false;
            continue;
        }
        let at = (offset + i, column_of(line));
        if in_options && let Some((key, value)) = option(trimmed) {
            apply_option(&mut tree, &key, &value, false, at);
            continue;
        }
        in_options = false;
        tree.entries.push((trimmed.to_owned(), at.0, at.1));
    }
    (tree, i)
}

/// A `MyST` `{toctree}` fence's body (starting at line `first`): options as `:key: value`
/// lines or a `---` YAML block at its top, then one entry a line.
fn myst_toctree(path: &str, body: &[&str], first: usize) -> RawToctree {
    let mut tree = RawToctree {
        file: path.to_owned(),
        ..RawToctree::default()
    };
    let mut i = 0;
    if body.first().is_some_and(|l| l.trim() == "---") {
        i = 1;
        while i < body.len() && body[i].trim() != "---" {
            if let Some((key, value)) = body[i].trim().split_once(':') {
                apply_option(
                    &mut tree,
                    &key.trim().to_ascii_lowercase(),
                    value.trim(),
                    true,
                    (first + i, column_of(body[i])),
                );
            }
            i += 1;
        }
        i += 1;
    }
    let mut in_options = true;
    for (k, line) in body.iter().enumerate().skip(i) {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            in_options = false;
            continue;
        }
        let at = (first + k, column_of(line));
        if in_options && let Some((key, value)) = option(trimmed) {
            apply_option(&mut tree, &key, &value, true, at);
            continue;
        }
        in_options = false;
        tree.entries.push((trimmed.to_owned(), at.0, at.1));
    }
    tree
}

/// The 1-based column (in characters) of a line's first non-blank character.
fn column_of(line: &str) -> usize {
    line.chars().take_while(|c| c.is_whitespace()).count() + 1
}

/// Applies the option `key: value`, written at `at` (line and column).
fn apply_option(tree: &mut RawToctree, key: &str, value: &str, markdown: bool, at: (usize, usize)) {
    let value = value.trim_matches(|c| c == '"' || c == '\'');
    match key {
        "caption" if !value.is_empty() => {
            tree.caption_at = Some(at);
            tree.caption = Some(if markdown {
                super::text::myst_text(value)
            } else {
                super::text::rst_text(value)
            });
        }
        "glob" => tree.glob = true,
        "reversed" => tree.reversed = true,
        _ => {}
    }
}

/// Whether a line is a section adornment: one punctuation character repeated.
fn is_rule(trimmed: &str) -> bool {
    let mut chars = trimmed.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    first.is_ascii_punctuation() && trimmed.len() >= 2 && chars.all(|c| c == first)
}

/// A fence opening: its marker (```` ``` ````, `~~~`, `:::`) and info string.
fn fence_open(trimmed: &str) -> Option<(String, &str)> {
    let c = trimmed.chars().next()?;
    if !matches!(c, '`' | '~' | ':') {
        return None;
    }
    let n = trimmed.chars().take_while(|&x| x == c).count();
    if n < 3 {
        return None;
    }
    Some((trimmed[..n].to_owned(), trimmed[n..].trim()))
}

fn is_fence_close(trimmed: &str, fence: &str) -> bool {
    let c = fence.chars().next().unwrap_or('`');
    trimmed.len() >= fence.len() && trimmed.chars().all(|x| x == c)
}

/// Whether an `.. only::` expression holds for an HTML build: the tags `html`,
/// `format_html` and `builder_html` are set, every other is not.
fn html_build_includes(expression: &str) -> bool {
    let tokens: Vec<String> = expression
        .replace('(', " ( ")
        .replace(')', " ) ")
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    let mut at = 0;
    parse_or(&tokens, &mut at, 0).unwrap_or(true)
}

fn parse_or(tokens: &[String], at: &mut usize, depth: usize) -> Option<bool> {
    let mut value = parse_and(tokens, at, depth)?;
    while tokens.get(*at).is_some_and(|t| t == "or") {
        *at += 1;
        let rhs = parse_and(tokens, at, depth)?;
        value = value || rhs;
    }
    Some(value)
}

fn parse_and(tokens: &[String], at: &mut usize, depth: usize) -> Option<bool> {
    let mut value = parse_not(tokens, at, depth)?;
    while tokens.get(*at).is_some_and(|t| t == "and") {
        *at += 1;
        let rhs = parse_not(tokens, at, depth)?;
        value = value && rhs;
    }
    Some(value)
}

fn parse_not(tokens: &[String], at: &mut usize, depth: usize) -> Option<bool> {
    if depth > 50 {
        return None;
    }
    let token = tokens.get(*at)?;
    *at += 1;
    match token.as_str() {
        "not" => parse_not(tokens, at, depth + 1).map(|v| !v),
        "(" => {
            let value = parse_or(tokens, at, depth + 1)?;
            (tokens.get(*at)? == ")").then(|| {
                *at += 1;
                value
            })
        }
        tag => Some(matches!(tag, "html" | "format_html" | "builder_html")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_expressions() {
        assert!(html_build_includes("html"));
        assert!(!html_build_includes("latex"));
        assert!(html_build_includes("not latex"));
        assert!(html_build_includes("html or latex"));
        assert!(!html_build_includes("html and (latex or epub)"));
        assert!(html_build_includes("((("));
    }
}
