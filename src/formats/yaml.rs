//! Loading YAML for the readers, safely: spans kept, nesting and alias expansion bounded,
//! duplicate keys resolved last-wins as `PyYAML` (and so MkDocs) does.

use saphyr::{AnnotatedMapping, MarkedYaml, Scalar, YamlData, YamlLoader};
use saphyr_parser::{Event, Marker, Parser, Span, SpannedEventReceiver};

use crate::error::{Error, Result};
use crate::model::MAX_DEPTH;

/// Deepest YAML nesting accepted: each navigation level takes a mapping and a sequence.
const MAX_YAML_DEPTH: usize = 2 * MAX_DEPTH + 8;

/// Farthest a line's content may sit from the left margin, counting indentation, compact
/// `- ` entries and open flow brackets. YAML nesting can be no deeper than this, and the
/// parser recurses once a level, so this bound is what keeps it far from the stack's end.
const MAX_INDENT: usize = 300;

/// Most nodes that anchors and aliases may expand into (a "billion laughs" file stops here).
const ALIAS_LIMIT: usize = 100_000;

/// A YAML node with its position.
pub(crate) type Yaml<'a> = MarkedYaml<'a>;

/// Loads the first document of `text` (`None` for an empty file).
pub(crate) fn load<'a>(path: &str, text: &'a str) -> Result<Option<Yaml<'a>>> {
    check_nesting(path, text)?;
    let mut guard = DepthGuard {
        loader: YamlLoader::default(),
        depth: 0,
        too_deep: None,
    };
    guard.loader.allow_duplicate_keys(true);
    guard.loader.alias_limit(ALIAS_LIMIT);
    let mut parser = Parser::new_from_str(text);
    let scan_error = |e: &saphyr::ScanError| {
        let m = e.marker();
        Error::syntax(
            path,
            text,
            m.line(),
            m.col() + 1,
            format!("invalid YAML: {}", e.info()),
        )
    };
    // A nesting error stops the event stream, so the parser's own complaint about
    // the truncated input must not hide it.
    let parsed = parser.load(&mut guard, false);
    if let Some(m) = guard.too_deep {
        return Err(Error::syntax(
            path,
            text,
            m.line(),
            m.col() + 1,
            too_deep_message(),
        ));
    }
    parsed.map_err(|e| scan_error(&e))?;
    if let Some(e) = guard.loader.error() {
        return Err(scan_error(e));
    }
    Ok(guard.loader.into_documents().into_iter().next())
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
        for (col, c) in line.chars().enumerate() {
            match c {
                '[' | '{' => flow_depth += 1,
                ']' | '}' => flow_depth = flow_depth.saturating_sub(1),
                '#' if col == 0
                    || line[..line.char_indices().nth(col).map_or(0, |(b, _)| b)]
                        .ends_with(' ') =>
                {
                    break;
                }
                _ => {}
            }
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

struct DepthGuard<'a> {
    loader: YamlLoader<'a, MarkedYaml<'a>>,
    depth: usize,
    too_deep: Option<Marker>,
}

impl<'a> SpannedEventReceiver<'a> for DepthGuard<'a> {
    fn on_event(&mut self, ev: Event<'a>, span: Span) {
        if self.too_deep.is_some() {
            return;
        }
        match ev {
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                self.depth += 1;
                if self.depth > MAX_YAML_DEPTH {
                    self.too_deep = Some(span.start);
                    return;
                }
            }
            Event::SequenceEnd | Event::MappingEnd => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
        self.loader.on_event(ev, span);
    }
}

/// The 1-based line a node starts on.
pub(crate) fn line(node: &Yaml<'_>) -> usize {
    node.span.start.line()
}

/// `node` without tags: `!ENV [X, y]`, `!!python/name:mod.fn` and friends wrap a value.
pub(crate) fn untagged<'n, 'a>(node: &'n Yaml<'a>) -> &'n Yaml<'a> {
    let mut node = node;
    while let YamlData::Tagged(_, inner) = &node.data {
        node = inner;
    }
    node
}

/// The text of a scalar (numbers and booleans as written), or `None` for anything else.
pub(crate) fn scalar_text(node: &Yaml<'_>) -> Option<String> {
    match &untagged(node).data {
        YamlData::Value(Scalar::String(s)) | YamlData::Representation(s, ..) => Some(s.to_string()),
        YamlData::Value(Scalar::Integer(i)) => Some(i.to_string()),
        YamlData::Value(Scalar::FloatingPoint(f)) => Some(f.to_string()),
        YamlData::Value(Scalar::Boolean(b)) => Some(b.to_string()),
        _ => None,
    }
}

/// Whether the node is `null` or `~` (or an empty value).
pub(crate) fn is_null(node: &Yaml<'_>) -> bool {
    matches!(untagged(node).data, YamlData::Value(Scalar::Null))
}

/// The mapping inside `node`, if it is one.
pub(crate) fn as_mapping<'n, 'a>(node: &'n Yaml<'a>) -> Option<&'n AnnotatedMapping<'a, Yaml<'a>>> {
    match &untagged(node).data {
        YamlData::Mapping(m) => Some(m),
        _ => None,
    }
}

/// The sequence inside `node`, if it is one.
pub(crate) fn as_sequence<'n, 'a>(node: &'n Yaml<'a>) -> Option<&'n [Yaml<'a>]> {
    match &untagged(node).data {
        YamlData::Sequence(s) => Some(s),
        _ => None,
    }
}

/// The value under the string key `key` of a mapping.
pub(crate) fn get<'n, 'a>(
    map: &'n AnnotatedMapping<'a, Yaml<'a>>,
    key: &str,
) -> Option<&'n Yaml<'a>> {
    map.iter()
        .find(|(k, _)| scalar_text(k).as_deref() == Some(key))
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
        assert!(get(map, "a").is_some_and(|a| matches!(a.data, YamlData::Tagged(..))));
        assert!(get(map, "b").is_some_and(|b| matches!(b.data, YamlData::BadValue)));
    }

    #[test]
    fn syntax_errors_have_line_and_column() {
        let err = load("bad.yml", "a:\n  - b\n c: [\n").expect_err("malformed");
        let text = err.to_string();
        assert!(text.starts_with("bad.yml:3:"), "{text}");
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
