//! Snapshot files: a [`NavTree`] saved as JSON, schema `navdiff.snapshot.v1`.
//!
//! ```json
//! {
//!   "schema": "navdiff.snapshot.v1",
//!   "source": {"format": "mkdocs", "path": "mkdocs.yml", "rev": "v1.2", "commit": "…", "time": "…"},
//!   "roots": [{"title": "Guide", "children": [{"title": "Install", "target": "install.md"}]}]
//! }
//! ```
//!
//! Writing is canonical (two-space indentation, keys in the order above, a final newline),
//! so reading a snapshot navdiff wrote and writing it back gives the same bytes.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::{MAX_DEPTH, NavTree, Node, SourceInfo, Warning, json_safe};

/// The schema id of the snapshot files this version reads and writes.
pub const SNAPSHOT_SCHEMA: &str = "navdiff.snapshot.v1";

#[derive(Serialize)]
struct SnapshotOut<'a> {
    schema: &'static str,
    source: &'a SourceInfo,
    roots: &'a [Node],
    #[serde(skip_serializing_if = "<[Warning]>::is_empty")]
    warnings: &'a [Warning],
}

#[derive(Deserialize)]
#[serde(expecting = "a navdiff snapshot (a JSON object)")]
struct SnapshotHeader {
    schema: Option<serde_json::Value>,
}

#[derive(Deserialize)]
#[serde(expecting = "a navdiff snapshot (a JSON object)")]
struct SnapshotIn {
    source: SourceInfo,
    roots: Vec<Node>,
    #[serde(default)]
    warnings: Vec<Warning>,
}

/// The canonical JSON text of a snapshot of `tree`, ending in a newline.
#[must_use]
#[expect(
    clippy::missing_panics_doc,
    reason = "serialising strings, numbers and dates cannot fail"
)]
pub fn write_snapshot(tree: &NavTree) -> String {
    let mut text = serde_json::to_string_pretty(&SnapshotOut {
        schema: SNAPSHOT_SCHEMA,
        source: &tree.source,
        roots: &tree.roots,
        warnings: &tree.warnings,
    })
    .expect("a tree of strings always serialises");
    text.push('\n');
    json_safe(text)
}

/// Reads a snapshot from `text`; `path` names it in errors.
///
/// Fails with the line and column of a JSON error, or when the schema is not
/// [`SNAPSHOT_SCHEMA`] or the tree is nested deeper than [`MAX_DEPTH`].
pub fn read_snapshot(path: &str, text: &str) -> Result<NavTree> {
    let trimmed = text.trim_start();
    if !trimmed.is_empty() && !trimmed.starts_with('{') {
        let offset = text.len() - trimmed.len();
        let line = text[..offset].matches('\n').count() + 1;
        let column = text[..offset]
            .rsplit('\n')
            .next()
            .map_or(0, |l| l.chars().count())
            + 1;
        return Err(Error::Syntax {
            path: path.to_owned(),
            line,
            column,
            message: "not a navdiff snapshot: expected a JSON object".into(),
            excerpt: None,
        });
    }
    check_nesting(path, text)?;
    let header: SnapshotHeader = serde_json::from_str(text).map_err(|e| json_error(path, &e))?;
    match header.schema {
        Some(serde_json::Value::String(s)) if s == SNAPSHOT_SCHEMA => {}
        Some(serde_json::Value::String(s)) => {
            return Err(Error::invalid(
                path,
                format!(
                    "unsupported snapshot schema `{s}` (this navdiff reads `{SNAPSHOT_SCHEMA}`)"
                ),
            ));
        }
        Some(other) => {
            return Err(Error::invalid(
                path,
                format!("snapshot `schema` must be a string, found `{other}`"),
            ));
        }
        None => {
            return Err(Error::invalid(
                path,
                format!("not a navdiff snapshot: no `schema` field (expected `{SNAPSHOT_SCHEMA}`)"),
            ));
        }
    }
    let snapshot: SnapshotIn = serde_json::from_str(text).map_err(|e| json_error(path, &e))?;
    let mut tree = NavTree::new(snapshot.source, snapshot.roots);
    tree.warnings = snapshot.warnings;
    check_depth(path, &tree)?;
    Ok(tree)
}

/// Refuses a tree nested deeper than [`MAX_DEPTH`] levels, with the error the snapshot
/// loader gives: every tree navdiff reads, from a snapshot or a nav file, passes here, so
/// what navdiff reads it can always save and load again.
pub fn check_depth(path: &str, tree: &NavTree) -> Result<()> {
    if tree.depth() > MAX_DEPTH {
        return Err(Error::invalid(
            path,
            format!("navigation nested deeper than {MAX_DEPTH} levels"),
        ));
    }
    Ok(())
}

/// Refuses JSON nested deeper than a snapshot of [`MAX_DEPTH`] levels can be, before serde
/// reads it (and long before its recursion limit): a node takes an object and a `children`
/// array, the document an object and `roots`.
fn check_nesting(path: &str, text: &str) -> Result<()> {
    const LIMIT: usize = 2 * MAX_DEPTH + 8;
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    let (mut line, mut column) = (1, 0);
    for c in text.chars() {
        column += 1;
        match c {
            '\n' => (line, column) = (line + 1, 0),
            _ if in_string => {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == '"' {
                    in_string = false;
                }
            }
            '"' => in_string = true,
            '{' | '[' => {
                depth += 1;
                if depth > LIMIT {
                    return Err(Error::Syntax {
                        path: path.to_owned(),
                        line,
                        column,
                        message: format!(
                            "navigation nested too deeply (navdiff reads at most {MAX_DEPTH} levels)"
                        ),
                        excerpt: None,
                    });
                }
            }
            '}' | ']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

fn json_error(path: &str, err: &serde_json::Error) -> Error {
    // serde_json appends " at line L column C" to its messages; the position goes in front
    // instead. (Nesting deep enough for serde's recursion limit is refused before parsing.)
    let message = err.to_string();
    let message = match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message,
    };
    Error::Syntax {
        path: path.to_owned(),
        line: err.line().max(1),
        column: err.column().max(1),
        message: format!("invalid snapshot JSON: {message}"),
        excerpt: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Location, NavFormat};

    fn sample() -> NavTree {
        let mut source = SourceInfo::new(NavFormat::Mkdocs, Some("mkdocs.yml".into()));
        source.rev = Some("v1.0".into());
        source.commit = Some("0123456789abcdef0123456789abcdef01234567".into());
        source.time = chrono::DateTime::parse_from_rfc3339("2024-01-02T03:04:05+01:00").ok();
        let mut tree = NavTree::new(
            source,
            vec![
                Node::page("Home", "index.md"),
                Node::section(
                    "Guide",
                    vec![Node::page("Install \"quoted\" \u{e9}", "guide/install.md")],
                ),
            ],
        );
        tree.warnings
            .push(Warning::new(Some(7), "`!ENV` tag read as a plain string"));
        tree
    }

    #[test]
    fn locations_round_trip_and_do_not_count_in_equality() {
        let mut tree = sample();
        tree.roots[0] = tree.roots[0].clone().located(Location::new(3, 5));
        let text = write_snapshot(&tree);
        assert!(text.contains("\"at\": {\n"), "{text}");
        let back = read_snapshot("s.json", &text).expect("valid");
        assert_eq!(back.roots[0].at, Some(Location::new(3, 5)));
        assert_eq!(write_snapshot(&back), text);
        assert_eq!(back, sample(), "equality ignores where an entry is written");
    }

    #[test]
    fn round_trip_is_byte_identical() {
        let text = write_snapshot(&sample());
        let tree = read_snapshot("s.json", &text).expect("valid snapshot");
        assert_eq!(tree, sample());
        assert_eq!(write_snapshot(&tree), text);
    }

    #[test]
    fn canonical_layout() {
        insta::assert_snapshot!(write_snapshot(&sample()), @r#"
        {
          "schema": "navdiff.snapshot.v1",
          "source": {
            "format": "mkdocs",
            "path": "mkdocs.yml",
            "rev": "v1.0",
            "commit": "0123456789abcdef0123456789abcdef01234567",
            "time": "2024-01-02T03:04:05+01:00"
          },
          "roots": [
            {
              "title": "Home",
              "target": "index.md"
            },
            {
              "title": "Guide",
              "children": [
                {
                  "title": "Install \"quoted\" é",
                  "target": "guide/install.md"
                }
              ]
            }
          ],
          "warnings": [
            {
              "line": 7,
              "message": "`!ENV` tag read as a plain string"
            }
          ]
        }
        "#);
    }

    #[track_caller]
    fn check_err(text: &str, expected: &str) {
        let err = read_snapshot("snap.json", text).expect_err("should fail");
        assert_eq!(err.to_string(), expected);
    }

    #[test]
    fn errors_name_the_file_and_place() {
        check_err(
            "{\n  \"schema\": \n}",
            "snap.json:3:1: invalid snapshot JSON: expected value",
        );
        check_err(
            r#"{"schema": "navdiff.snapshot.v9", "source": {}, "roots": []}"#,
            "snap.json: unsupported snapshot schema `navdiff.snapshot.v9` (this navdiff reads `navdiff.snapshot.v1`)",
        );
        check_err(
            r#"{"roots": []}"#,
            "snap.json: not a navdiff snapshot: no `schema` field (expected `navdiff.snapshot.v1`)",
        );
        check_err(
            "{\"schema\": \"navdiff.snapshot.v1\", \"source\": {\"format\": \"mkdocs\"},\n \"roots\": [{\"title\": 3}]}",
            "snap.json:2:22: invalid snapshot JSON: invalid type: integer `3`, expected a string",
        );
        check_err(
            "\n  [1, 2]",
            "snap.json:2:3: not a navdiff snapshot: expected a JSON object",
        );
        check_err(
            "",
            "snap.json:1:1: invalid snapshot JSON: EOF while parsing a value",
        );
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let mut text = String::from(
            r#"{"schema": "navdiff.snapshot.v1", "source": {"format": "outline"}, "roots": ["#,
        );
        for _ in 0..10_000 {
            text.push_str(r#"{"title": "x", "children": ["#);
        }
        text.push_str(&"]}".repeat(10_000));
        text.push_str("]}");
        let err = read_snapshot("deep.json", &text).expect_err("too deep");
        assert_eq!(
            err.to_string(),
            "deep.json:1:1562: navigation nested too deeply (navdiff reads at most 50 levels)"
        );
        // Strings may hold brackets; only structure counts.
        let mut text = String::from(
            r#"{"schema": "navdiff.snapshot.v1", "source": {"format": "outline"}, "roots": ["#,
        );
        for _ in 0..51 {
            text.push_str(r#"{"title": "[[[{{{\"[", "children": ["#);
        }
        text.push_str(&"]}".repeat(51));
        text.push_str("]}");
        let err = read_snapshot("deep.json", &text).expect_err("51 levels");
        assert_eq!(
            err.to_string(),
            "deep.json: navigation nested deeper than 50 levels"
        );
    }
}
