//! Loading YAML for the readers, safely and fast: a small tree built straight from the
//! parser's events (no hash map per mapping), lines kept, nesting and alias expansion
//! bounded, duplicate keys resolved last-wins in place as `PyYAML` (and so MkDocs) does.
//!
//! Scalars keep the text as written (`2024`, `42.5`, `true`), so titles read as the author
//! typed them; plain `~`, `null` and empty values are null. A tag outside the core schema
//! (`!ENV`, `!!python/name:…`) wraps its value, for the reader to report.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Span, SpannedEventReceiver, Tag};

use crate::error::{Error, Result};
use crate::model::MAX_DEPTH;

/// Deepest YAML nesting accepted: each navigation level takes a mapping and a sequence.
pub(super) const MAX_YAML_DEPTH: usize = 2 * MAX_DEPTH + 8;

/// Farthest a line's content may sit from the left margin, counting indentation, compact
/// `- ` entries and open flow brackets. YAML nesting can be no deeper than this, and the
/// parser recurses once a level, so this bound is what keeps it far from the stack's end.
pub(super) const MAX_INDENT: usize = 300;

/// Most nodes that anchors and aliases may expand into (a "billion laughs" file stops here).
const ALIAS_LIMIT: usize = 100_000;

/// Most bytes of text that aliases may expand into: one long string aliased a thousand times
/// is as much a bomb as a thousand nested lists.
const ALIAS_BYTES: usize = 16 << 20;

/// A YAML node with the line and column (in characters) it starts on.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Yaml {
    pub(crate) kind: YamlKind,
    line: usize,
    column: usize,
}

/// What a YAML node is.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum YamlKind {
    Null,
    Scalar(String),
    Seq(Vec<Yaml>),
    /// Entries in order; a repeated key keeps its first place and its last value.
    Map(Vec<(Yaml, Yaml)>),
    /// A value under a tag outside the core schema, such as `!ENV`.
    Tagged(String, Box<Yaml>),
}

/// Loads the first document of `text` (`None` for an empty file).
pub(crate) fn load(path: &str, text: &str) -> Result<Option<Yaml>> {
    // Most navigation files are plain block YAML, which the fast path reads; anything
    // else, errors included, goes to the full parser.
    match super::yaml_fast::parse(text) {
        super::yaml_fast::Fast::Document(doc) => Ok(Some(doc)),
        super::yaml_fast::Fast::Empty => Ok(None),
        super::yaml_fast::Fast::GiveUp => load_full(path, text),
    }
}

/// [`load`] through the full parser only.
pub(crate) fn load_full(path: &str, text: &str) -> Result<Option<Yaml>> {
    check_nesting(path, text)?;
    let mut builder = Builder::default();
    let parsed = Parser::new_from_str(text).load(&mut builder, false);
    if let Some((span, message)) = builder.error {
        let m = span.start;
        return Err(Error::syntax(path, text, m.line(), m.col() + 1, message));
    }
    parsed.map_err(|e| {
        let m = e.marker();
        Error::syntax(
            path,
            text,
            m.line(),
            m.col() + 1,
            format!("invalid YAML: {}", e.info()),
        )
    })?;
    Ok(builder.document)
}

/// Builds [`Yaml`] nodes from parser events.
#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    anchors: HashMap<usize, Yaml>,
    alias_budget_used: usize,
    alias_bytes_used: usize,
    document: Option<Yaml>,
    done: bool,
    error: Option<(Span, String)>,
}

struct Frame {
    node: Yaml,
    anchor: usize,
    tag: Option<Tag>,
    /// A mapping's key waiting for its value.
    key: Option<Yaml>,
    /// A large mapping's keys, for last-wins duplicates without a quadratic scan.
    index: Option<HashMap<String, usize>>,
}

impl SpannedEventReceiver<'_> for Builder {
    fn on_event(&mut self, ev: Event<'_>, span: Span) {
        if self.done || self.error.is_some() {
            return;
        }
        let line = span.start.line();
        let column = span.start.col() + 1;
        let is_sequence = matches!(ev, Event::SequenceStart(..));
        match ev {
            Event::DocumentEnd if self.document.is_some() => self.done = true,
            Event::Scalar(value, style, anchor, tag) => {
                let plain_null = style == ScalarStyle::Plain
                    && matches!(value.as_ref(), "" | "~" | "null" | "Null" | "NULL");
                let kind = if plain_null {
                    YamlKind::Null
                } else {
                    YamlKind::Scalar(value.into_owned())
                };
                let node = wrap(
                    Yaml { kind, line, column },
                    tag.map(std::borrow::Cow::into_owned),
                );
                self.finish(node, anchor, span);
            }
            Event::SequenceStart(anchor, tag) | Event::MappingStart(anchor, tag) => {
                if self.stack.len() >= MAX_YAML_DEPTH {
                    self.error = Some((span, too_deep_message()));
                    return;
                }
                let kind = if is_sequence {
                    YamlKind::Seq(Vec::new())
                } else {
                    YamlKind::Map(Vec::new())
                };
                self.stack.push(Frame {
                    node: Yaml { kind, line, column },
                    anchor,
                    tag: tag.map(std::borrow::Cow::into_owned),
                    key: None,
                    index: None,
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some(frame) = self.stack.pop() {
                    let node = wrap(frame.node, frame.tag);
                    self.finish(node, frame.anchor, span);
                }
            }
            Event::Alias(id) => {
                let Some(anchored) = self.anchors.get(&id) else {
                    self.error = Some((span, "invalid YAML: unknown anchor".into()));
                    return;
                };
                // Weighed before it is copied: the copy is what the budget saves.
                let (nodes, bytes) = anchored.weight();
                self.alias_budget_used += nodes;
                self.alias_bytes_used += bytes;
                if self.alias_budget_used > ALIAS_LIMIT {
                    self.error = Some((span, "invalid YAML: alias expansion exceeded the maximum node budget (possible billion-laughs attack)".into()));
                    return;
                }
                if self.alias_bytes_used > ALIAS_BYTES {
                    self.error = Some((
                        span,
                        format!(
                            "invalid YAML: alias expansion exceeded {} MiB of text (possible billion-laughs attack)",
                            ALIAS_BYTES >> 20
                        ),
                    ));
                    return;
                }
                let node = anchored.clone();
                self.finish(node, 0, span);
            }
            _ => {}
        }
    }
}

impl Builder {
    /// Places a finished node in its parent, or makes it the document.
    fn finish(&mut self, node: Yaml, anchor: usize, _span: Span) {
        if anchor > 0 {
            self.anchors.insert(anchor, node.clone());
        }
        let Some(frame) = self.stack.last_mut() else {
            self.document.get_or_insert(node);
            return;
        };
        match &mut frame.node.kind {
            YamlKind::Seq(items) => items.push(node),
            YamlKind::Map(entries) => match frame.key.take() {
                None => frame.key = Some(node),
                Some(key) => {
                    let text = scalar_text(&key);
                    if entries.len() >= 16 && frame.index.is_none() {
                        frame.index = Some(
                            entries
                                .iter()
                                .enumerate()
                                .filter_map(|(i, (k, _))| Some((scalar_text(k)?, i)))
                                .collect(),
                        );
                    }
                    let existing = match (&text, &frame.index) {
                        (Some(t), Some(index)) => index.get(t).copied(),
                        (Some(t), None) => entries
                            .iter()
                            .position(|(k, _)| scalar_text(k).as_ref() == Some(t)),
                        (None, _) => None,
                    };
                    if let Some(i) = existing {
                        entries[i].1 = node;
                    } else {
                        if let (Some(t), Some(index)) = (text, frame.index.as_mut()) {
                            index.insert(t, entries.len());
                        }
                        entries.push((key, node));
                    }
                }
            },
            _ => {}
        }
    }
}

/// The core schema's own tags: `!!python/name:` shares their handle but is not one.
const CORE_TAGS: [&str; 7] = ["str", "int", "float", "bool", "null", "seq", "map"];

/// A node under `tag`, wrapped unless the tag is the core schema's (`!!str`, `!!int`, …).
fn wrap(node: Yaml, tag: Option<Tag>) -> Yaml {
    match tag {
        Some(tag) if !(tag.is_yaml_core_schema() && CORE_TAGS.contains(&tag.suffix.as_str())) => {
            let (line, column) = (node.line, node.column);
            Yaml {
                kind: YamlKind::Tagged(format!("{}{}", tag.handle, tag.suffix), Box::new(node)),
                line,
                column,
            }
        }
        _ => node,
    }
}

impl Yaml {
    pub(super) fn new(kind: YamlKind, line: usize, column: usize) -> Self {
        Yaml { kind, line, column }
    }

    /// The number of nodes in this subtree, and the bytes of its text (scalars and tags).
    fn weight(&self) -> (usize, usize) {
        let add = |(n, b): (usize, usize), (m, c): (usize, usize)| (n + m, b + c);
        let own = (1, 0);
        match &self.kind {
            YamlKind::Seq(items) => items.iter().map(Yaml::weight).fold(own, add),
            YamlKind::Map(entries) => entries
                .iter()
                .map(|(k, v)| add(k.weight(), v.weight()))
                .fold(own, add),
            YamlKind::Tagged(tag, inner) => add((1, tag.len()), inner.weight()),
            YamlKind::Scalar(text) => (1, text.len()),
            YamlKind::Null => own,
        }
    }
}

/// Refuses text nested so deeply that parsing it could exhaust the stack, before parsing.
fn check_nesting(path: &str, text: &str) -> Result<()> {
    let mut flow_depth: usize = 0;
    for (i, line) in text.lines().enumerate() {
        let lead = line
            .chars()
            .take_while(|c| matches!(c, ' ' | '\t' | '-' | '?'))
            .count();
        if lead + flow_depth > MAX_INDENT {
            return Err(Error::syntax(
                path,
                text,
                i + 1,
                lead + 1,
                too_deep_message(),
            ));
        }
        let mut previous = ' ';
        for (col, c) in line.chars().enumerate() {
            match c {
                '[' | '{' => flow_depth += 1,
                ']' | '}' => flow_depth = flow_depth.saturating_sub(1),
                '#' if previous == ' ' || previous == '\t' => break,
                _ => {}
            }
            previous = c;
            if flow_depth > MAX_INDENT {
                return Err(Error::syntax(
                    path,
                    text,
                    i + 1,
                    col + 1,
                    too_deep_message(),
                ));
            }
        }
    }
    Ok(())
}

fn too_deep_message() -> String {
    format!("navigation nested more than {MAX_YAML_DEPTH} YAML levels deep")
}

/// The 1-based line a node starts on.
pub(crate) fn line(node: &Yaml) -> usize {
    node.line
}

/// The 1-based column (in characters) a node starts at.
pub(crate) fn column(node: &Yaml) -> usize {
    node.column
}

/// `node` without tags.
pub(crate) fn untagged(node: &Yaml) -> &Yaml {
    let mut node = node;
    while let YamlKind::Tagged(_, inner) = &node.kind {
        node = inner;
    }
    node
}

/// Whether the node carries a tag outside the core schema.
pub(crate) fn is_tagged(node: &Yaml) -> bool {
    matches!(node.kind, YamlKind::Tagged(..))
}

/// The text of a scalar as written, or `None` for anything else.
pub(crate) fn scalar_text(node: &Yaml) -> Option<String> {
    match &untagged(node).kind {
        YamlKind::Scalar(s) => Some(s.clone()),
        _ => None,
    }
}

/// Whether the node is `null`, `~` or an empty value.
pub(crate) fn is_null(node: &Yaml) -> bool {
    matches!(untagged(node).kind, YamlKind::Null)
}

/// The entries of the mapping inside `node`, if it is one.
pub(crate) fn as_mapping(node: &Yaml) -> Option<&[(Yaml, Yaml)]> {
    match &untagged(node).kind {
        YamlKind::Map(entries) => Some(entries),
        _ => None,
    }
}

/// The sequence inside `node`, if it is one.
pub(crate) fn as_sequence(node: &Yaml) -> Option<&[Yaml]> {
    match &untagged(node).kind {
        YamlKind::Seq(items) => Some(items),
        _ => None,
    }
}

/// The value under the string key `key` of a mapping.
pub(crate) fn get<'n>(map: &'n [(Yaml, Yaml)], key: &str) -> Option<&'n Yaml> {
    map.iter()
        .find(|(k, _)| matches!(&untagged(k).kind, YamlKind::Scalar(s) if s == key))
        .map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicate_keys_keep_the_last_value() {
        let doc = load("a.yml", "k: 1\nk: 2\n")
            .expect("loads")
            .expect("a document");
        let map = as_mapping(&doc).expect("mapping");
        assert_eq!(get(map, "k").and_then(scalar_text).as_deref(), Some("2"));
    }

    #[test]
    fn unknown_tags_wrap_their_value() {
        let doc = load("a.yml", "a: !ENV [SITE, x]\nb: !!python/name:m.f\n")
            .expect("loads")
            .expect("doc");
        let map = as_mapping(&doc).expect("mapping");
        assert!(get(map, "a").is_some_and(is_tagged));
        assert!(get(map, "b").is_some_and(is_tagged));
        let doc = load("a.yml", "n: 42.50\nt: !!str 7\nz: ~\nq: ''\n")
            .expect("loads")
            .expect("doc");
        let map = as_mapping(&doc).expect("mapping");
        assert_eq!(
            get(map, "n").and_then(scalar_text).as_deref(),
            Some("42.50"),
            "numbers as written"
        );
        assert!(
            get(map, "t").is_some_and(|t| !is_tagged(t)),
            "core-schema tags are no tags"
        );
        assert!(get(map, "z").is_some_and(is_null));
        assert_eq!(get(map, "q").and_then(scalar_text).as_deref(), Some(""));
    }

    #[test]
    fn syntax_errors_have_line_and_column() {
        let err = load("bad.yml", "a:\n  - b\n c: [\n").expect_err("malformed");
        let text = err.to_string();
        assert!(text.starts_with("bad.yml:3:"), "{text}");
    }

    /// The fast path gives the full parser's tree, lines included, wherever it answers.
    fn same_as_full(text: &str) -> bool {
        use super::super::yaml_fast::{Fast, parse};
        let full = load_full("a.yml", text).ok();
        let fast = match parse(text) {
            Fast::Document(doc) => Some(doc),
            Fast::Empty => None,
            Fast::GiveUp => return false,
        };
        if let (Some(fast), Some(Some(full))) = (&fast, &full)
            && let Some((a, b)) = first_difference(fast, full)
        {
            panic!("fast path differs on:\n{text}\nfast: {a}\nfull: {b}");
        }
        assert_eq!(Some(fast), full, "fast path differs on:\n{text}");
        true
    }

    /// The first node where two trees differ, each shown as its kind and place.
    fn first_difference(a: &Yaml, b: &Yaml) -> Option<(String, String)> {
        let show = |n: &Yaml| {
            let kind = match &n.kind {
                YamlKind::Seq(_) => "seq".to_owned(),
                YamlKind::Map(_) => "map".to_owned(),
                other => format!("{other:?}"),
            };
            format!("{kind} @ {}:{}", n.line, n.column)
        };
        let here = (show(a), show(b));
        if here.0 != here.1 {
            return Some(here);
        }
        match (&a.kind, &b.kind) {
            (YamlKind::Seq(x), YamlKind::Seq(y)) => {
                x.iter().zip(y).find_map(|(p, q)| first_difference(p, q))
            }
            (YamlKind::Map(x), YamlKind::Map(y)) => x.iter().zip(y).find_map(|(p, q)| {
                first_difference(&p.0, &q.0).or_else(|| first_difference(&p.1, &q.1))
            }),
            (YamlKind::Tagged(_, x), YamlKind::Tagged(_, y)) => first_difference(x, y),
            _ => None,
        }
    }

    #[test]
    fn the_fast_path_reads_as_the_full_parser() {
        let read_fast = [
            "site_name: x\nnav:\n  - Home: index.md\n  - 'Quoted: title': a.md\n  - \"Esc \\\"q\\\"\": b.md\n  - Section:\n    - c.md\n    - D: d.md # comment\n  - e.md\n",
            "---\nnav:\n- Home: index.md\n- Sub:\n  - a.md\nother: ~\nnull_key:\nlast: 'it''s'\n",
            "k: 1\nk: 2\nj:\n  - x: 1\n    y: 2\n  - z\n",
            "- categoryname: A\n  documents:\n    - documentname: B\n      url:\n",
            "# only a comment\n\n",
            "a:   spaced   \nb: 42.50\nc: true\n\"k\": v\n",
        ];
        for text in read_fast {
            assert!(same_as_full(text), "the fast path should read:\n{text}");
        }
        let full_only = [
            "a: [x, y]\n",
            "a: &x 1\nb: *x\n",
            "a: !ENV X\n",
            "a: |\n  text\n",
            "a: b: c\n",
            "a: multi\n  line\n",
            "a:\n\t- x\n",
            "- - x\n",
            "a: 1\n---\nb: 2\n",
            "just a scalar\n",
            "a: \"\\u00e9\"\n",
            "a: b\r\n",
        ];
        for text in full_only {
            assert!(
                !same_as_full(text),
                "the fast path should give up on:\n{text}"
            );
        }
    }

    /// Every YAML file of the real-world corpus reads alike both ways (when the corpus is at
    /// hand, as in CI).
    #[test]
    fn the_fast_path_reads_the_corpus_as_the_full_parser() {
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
        let Ok(repos) = std::fs::read_dir(&corpus) else {
            return;
        };
        let mut fast = 0;
        for repo in repos.flatten() {
            let Ok(versions) = std::fs::read_dir(repo.path().join("versions")) else {
                continue;
            };
            for version in versions.flatten() {
                let path = version.path();
                let is_yaml = path.extension().is_some_and(|e| e == "yml" || e == "yaml");
                if let (true, Ok(text)) = (is_yaml, std::fs::read_to_string(&path)) {
                    fast += usize::from(same_as_full(&text));
                }
            }
        }
        assert!(fast > 100, "the fast path read only {fast} corpus files");
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let prev = i - 1;
            let refs = vec![format!("*a{prev}"); 10].join(", ");
            text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        let err = load("bomb.yml", &text).expect_err("bounded");
        assert!(err.to_string().contains("alias"), "{err}");
    }

    #[test]
    fn aliases_of_long_strings_are_bounded_by_bytes() {
        let long = "x".repeat(1 << 20);
        let refs = vec!["*s"; 40].join(", ");
        let text = format!("s: &s {long}\nlist: [{refs}]\n");
        let err = load("strings.yml", &text).expect_err("40 MiB of aliases");
        assert!(
            err.to_string()
                .contains("alias expansion exceeded 16 MiB of text"),
            "{err}"
        );
        let few = format!("s: &s {long}\nlist: [*s, *s, *s]\n");
        assert!(load("few.yml", &few).is_ok(), "3 MiB is fine");
    }

    #[test]
    fn absurd_nesting_is_refused() {
        let text = format!("{}x{}", "[".repeat(10_000), "]".repeat(10_000));
        let err = load("deep.yml", &text).expect_err("too deep");
        assert!(
            err.to_string()
                .starts_with("deep.yml:1:301: navigation nested more than"),
            "{err}"
        );
        let mut block = String::new();
        for depth in 0..10_000 {
            block.push_str(&" ".repeat(depth * 2));
            block.push_str("- a:\n");
        }
        let err = load("deep.yml", &block).expect_err("too deep");
        assert!(
            err.to_string()
                .starts_with("deep.yml:151:303: navigation nested more than"),
            "{err}"
        );
        // Deep, but within what the parser can take: the nav-depth guard answers.
        let err = load(
            "deep.yml",
            &block[..block
                .find(&format!("\n{}-", " ".repeat(280)))
                .expect("line")],
        )
        .expect_err("too deep");
        assert!(
            err.to_string().contains("nested more than 108 YAML levels"),
            "{err}"
        );
    }
}
