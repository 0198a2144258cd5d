//! Readers, one per navigation format: text in, [`Node`]s and [`Warning`]s out.
//!
//! No reader executes repository code; each parses its format statically and turns what it
//! cannot use into a warning, never a silent drop. [`detect`] picks the format from the
//! file name, then from the content.

mod keyed_yaml;
mod outline;
mod yaml;

use crate::error::{Error, Result};
use crate::model::{NavFormat, Node, Warning};

/// Reads `text` as `format`; `path` names the file in errors and warnings.
pub fn read(format: NavFormat, path: &str, text: &str) -> Result<(Vec<Node>, Vec<Warning>)> {
    match format {
        NavFormat::KeyedYaml => keyed_yaml::read(path, text),
        NavFormat::Outline => outline::read(path, text),
        other => Err(Error::invalid(
            path,
            format!(
                "reading `{other}` navigation is not supported by this navdiff yet (use `--nav-format` to read it as another format)"
            ),
        )),
    }
}

/// The format of a nav file, from its name, then its content.
#[must_use]
pub fn detect(path: &str, text: &str) -> NavFormat {
    let name = path
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(path)
        .to_ascii_lowercase();
    let in_vitepress = path.contains(".vitepress/");
    match name.as_str() {
        "mkdocs.yml" | "mkdocs.yaml" => return NavFormat::Mkdocs,
        "summary.md" => return NavFormat::Mdbook,
        "nav.adoc" => return NavFormat::Antora,
        "conf.py" => return NavFormat::Sphinx,
        n if n.starts_with("sidebars.") => return NavFormat::Docusaurus,
        n if in_vitepress && n.starts_with("config.") => return NavFormat::Vitepress,
        n if has_extension(n, "rst") => return NavFormat::Sphinx,
        _ => {}
    }
    let is_data = [".yml", ".yaml", ".json"]
        .iter()
        .any(|ext| name.ends_with(ext));
    if is_data {
        let mkdocs_keys = text.lines().any(|l| l.starts_with("site_name:"))
            && text
                .lines()
                .any(|l| l.starts_with("nav:") || l.starts_with("pages:"));
        return if mkdocs_keys {
            NavFormat::Mkdocs
        } else {
            NavFormat::KeyedYaml
        };
    }
    NavFormat::Outline
}

fn has_extension(name: &str, ext: &str) -> bool {
    std::path::Path::new(name)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(ext))
}

#[cfg(test)]
mod tests;
