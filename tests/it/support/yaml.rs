//! A small YAML tree for checking workflow files, built from `saphyr-parser`'s events (the
//! parser navdiff already uses): scalars stay text, anchors and aliases are refused.

use saphyr_parser::{Event, Parser};

/// A YAML node.
#[derive(Debug, Clone, PartialEq)]
pub enum Yaml {
    Scalar(String),
    Seq(Vec<Yaml>),
    Map(Vec<(String, Yaml)>),
}

impl Yaml {
    /// The value under `key` of a mapping.
    pub fn get(&self, key: &str) -> Option<&Yaml> {
        match self {
            Yaml::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The text of the scalar under `key`.
    pub fn str(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Yaml::as_str)
    }

    /// The text of a scalar.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Yaml::Scalar(text) => Some(text),
            _ => None,
        }
    }

    /// The keys of a mapping, in order (none for anything else).
    pub fn keys(&self) -> Vec<&str> {
        match self {
            Yaml::Map(entries) => entries.iter().map(|(k, _)| k.as_str()).collect(),
            _ => Vec::new(),
        }
    }

    /// The items of a sequence (none for anything else).
    pub fn items(&self) -> Vec<&Yaml> {
        match self {
            Yaml::Seq(items) => items.iter().collect(),
            _ => Vec::new(),
        }
    }
}

/// A mapping or sequence being built, with the key waiting for its value.
enum Open {
    Seq(Vec<Yaml>),
    Map(Vec<(String, Yaml)>, Option<String>),
}

/// Loads the first document of `text`.
pub fn load(text: &str) -> Result<Yaml, String> {
    let mut stack: Vec<Open> = Vec::new();
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|e| e.to_string())?;
        let node = match event {
            Event::Scalar(value, _, anchor, _) => {
                if anchor != 0 {
                    return Err(format!(
                        "line {}: anchors are not expected",
                        span.start.line()
                    ));
                }
                Yaml::Scalar(value.into_owned())
            }
            Event::SequenceStart(..) => {
                stack.push(Open::Seq(Vec::new()));
                continue;
            }
            Event::MappingStart(..) => {
                stack.push(Open::Map(Vec::new(), None));
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => match stack.pop() {
                Some(Open::Seq(items)) => Yaml::Seq(items),
                Some(Open::Map(entries, None)) => Yaml::Map(entries),
                _ => return Err("unbalanced YAML events".to_string()),
            },
            Event::Alias(_) => {
                return Err(format!(
                    "line {}: aliases are not expected",
                    span.start.line()
                ));
            }
            _ => continue,
        };
        match stack.last_mut() {
            None => return Ok(node),
            Some(Open::Seq(items)) => items.push(node),
            Some(Open::Map(entries, key)) => match key.take() {
                Some(k) => entries.push((k, node)),
                None => match node {
                    Yaml::Scalar(k) => *key = Some(k),
                    _ => return Err("a mapping key that is not a scalar".to_string()),
                },
            },
        }
    }
    Err("no YAML document".to_string())
}
