//! Keyed YAML and JSON: lists of maps where one key holds the title and one list holds the
//! children.
//!
//! LivePerson's `_data/documentsupdated.yaml` is the model case:
//!
//! ```yaml
//! - categoryname: Agent Experience
//!   documents:
//!     - documentname: Chat Agent API
//!       pages:
//!         - pagename: Methods
//!           subpages:
//!             - subpagename: Start Agent Session
//! ```
//!
//! It has no URLs, so its pages are known by their title path. The same rules read Jekyll
//! `_data/navigation.yml` (`title`/`url`/`children`), documentation-theme sidebars
//! (`folders`/`folderitems`/`subfolders`/`subfolderitems`) and Mintlify `navigation`
//! (`group`/`pages`, where a page is a plain string).
//!
//! - title: `title`, `name`, `label`, `text`, `group`, `tab`, `anchor`, `dropdown`, or a key
//!   ending in `name`;
//! - target: `url`, `href`, `link`, `path`, `permalink`, `page`, `id`;
//! - children: the first list of maps (or of plain strings, Mintlify's page ids).
//!
//! A top-level map gives one section per key that holds such a list (`main:`, `docs:`);
//! Mintlify's `navigation` key, when present, is the whole navigation.

use crate::error::{Error, Result};
use crate::formats::support::yaml::{self, Yaml};
use crate::model::{Location, Node, Warning};

/// The names this format's nav file goes by, for discovery: LivePerson's data file; other keyed YAML files are read when named.
pub(crate) const NAV_FILES: &[&str] = &["_data/documentsupdated.yaml"];

const TITLE_KEYS: [&str; 8] = [
    "title", "name", "label", "text", "group", "tab", "anchor", "dropdown",
];
const TARGET_KEYS: [&str; 7] = ["url", "href", "link", "path", "permalink", "page", "id"];

/// Reads keyed YAML (or JSON) navigation from `text`; `path` names it in errors.
pub(crate) fn read(path: &str, text: &str) -> Result<(Vec<Node>, Vec<Warning>)> {
    let Some(doc) = yaml::load(path, text)? else {
        return Ok((Vec::new(), vec![Warning::new(None, "the file is empty")]));
    };
    let mut reader = Reader {
        warnings: Vec::new(),
    };
    let roots = reader.top_level(path, &doc)?;
    Ok((roots, reader.warnings))
}

struct Reader {
    warnings: Vec<Warning>,
}

impl Reader {
    fn top_level(&mut self, path: &str, doc: &Yaml) -> Result<Vec<Node>> {
        if let Some(items) = yaml::as_sequence(doc) {
            return Ok(self.items(items));
        }
        let Some(map) = yaml::as_mapping(doc) else {
            return Err(Error::invalid(
                path,
                "expected a list of entries or a map of lists at the top level",
            ));
        };
        if let Some(nav) = yaml::get(map, "navigation") {
            return self.top_level(path, nav);
        }
        let mut roots = Vec::new();
        for (key, value) in map {
            let title = yaml::scalar_text(key).unwrap_or_default();
            let Some(items) = yaml::as_sequence(value).filter(|items| is_child_list(&title, items))
            else {
                continue;
            };
            let at = Location::new(yaml::line(key), yaml::column(key));
            roots.push(Node::section(title, self.items(items)).located(at));
        }
        if roots.is_empty() {
            return Err(Error::invalid(
                path,
                "no list of navigation entries found at the top level",
            ));
        }
        Ok(roots)
    }

    fn items(&mut self, items: &[Yaml]) -> Vec<Node> {
        items.iter().filter_map(|item| self.item(item)).collect()
    }

    fn item(&mut self, item: &Yaml) -> Option<Node> {
        let at = Location::new(yaml::line(item), yaml::column(item));
        self.entry(item).map(|node| node.located(at))
    }

    fn entry(&mut self, item: &Yaml) -> Option<Node> {
        if let Some(text) = yaml::scalar_text(item).filter(|_| !yaml::is_null(item)) {
            // Mintlify lists pages by id: the id is the target and, lacking better, the title.
            return Some(Node::page(text.clone(), text));
        }
        let Some(map) = yaml::as_mapping(item) else {
            self.warn(item, "entry is neither a map nor a page id; skipped");
            return None;
        };
        let mut title = None;
        let mut target = None;
        let mut children = None;
        for (key, value) in map {
            let Some(key) = yaml::scalar_text(key) else {
                continue;
            };
            if title.is_none() && (TITLE_KEYS.contains(&key.as_str()) || key.ends_with("name")) {
                title = yaml::scalar_text(value).filter(|_| !yaml::is_null(value));
            } else if target.is_none() && TARGET_KEYS.contains(&key.as_str()) {
                target = yaml::scalar_text(value)
                    .filter(|t| !t.trim().is_empty() && !yaml::is_null(value));
            } else if children.is_none()
                && let Some(list) = yaml::as_sequence(value).filter(|l| is_child_list(&key, l))
            {
                children = Some(list);
            }
        }
        let children = children.map(|list| self.items(list)).unwrap_or_default();
        let title = match (title, &target) {
            (Some(title), _) => title,
            (None, Some(target)) => target.clone(),
            (None, None) if !children.is_empty() => {
                self.warn(item, "entry has children but no title key; shown untitled");
                String::new()
            }
            (None, None) => {
                let keys: Vec<String> = map
                    .iter()
                    .filter_map(|(k, _)| yaml::scalar_text(k))
                    .collect();
                let message = format!(
                    "entry has no title, link or children (keys: {}); skipped",
                    keys.join(", ")
                );
                self.warn(item, &message);
                return None;
            }
        };
        Some(Node::new(title, target, children))
    }

    fn warn(&mut self, node: &Yaml, message: &str) {
        self.warnings
            .push(Warning::new(Some(yaml::line(node)), message));
    }
}

/// Whether the list under `key` holds navigation entries: maps, or under Mintlify's `pages`
/// key, maps and plain page ids (a list of strings elsewhere is data, such as tags).
fn is_child_list(key: &str, items: &[Yaml]) -> bool {
    let is_page_id =
        |i: &Yaml| key == "pages" && yaml::scalar_text(i).is_some() && !yaml::is_null(i);
    !items.is_empty()
        && items
            .iter()
            .all(|i| yaml::as_mapping(i).is_some() || is_page_id(i))
}
