//! Readers, one per navigation format: text in, [`Node`]s and [`Warning`]s out.
//!
//! One file per generator (`mkdocs.rs`, `mdbook.rs`, …), each with its `read` function and
//! the names its nav file goes by (`NAV_FILES`); what they share (YAML, JavaScript, paths,
//! page titles, [`FileAccess`]) lives in `support/`. No reader executes repository code;
//! each parses its format statically and turns what it cannot use into a warning, never a
//! silent drop. [`detect()`] picks the format from the file name, then from the content.

mod antora;
mod detect;
mod docusaurus;
pub(crate) mod docusaurus_v1;
mod keyed_yaml;
mod mdbook;
mod mkdocs;
mod outline;
mod sphinx;
pub(crate) mod support;
mod vitepress;

pub use detect::{Evidence, by_content, detect};
pub use support::{FileAccess, join_path};

use crate::error::Result;
use crate::model::{NavFormat, Node, Warning};

/// What a reader knows besides the nav file's text.
#[derive(Clone, Copy)]
#[non_exhaustive]
pub struct ReadContext<'a> {
    /// The nav file's name in messages (`v1.2:mkdocs.yml`, `docs/SUMMARY.md`).
    pub name: &'a str,
    /// The nav file's path relative to the root of `files`, `/`-separated; readers resolve
    /// the files it names against it.
    pub path: &'a str,
    /// The other files of the same revision, when the caller can read them.
    pub files: Option<&'a dyn FileAccess>,
}

impl<'a> ReadContext<'a> {
    /// A context for a nav file read on its own, without access to other files.
    #[must_use]
    pub fn alone(name: &'a str) -> Self {
        ReadContext {
            name,
            path: name,
            files: None,
        }
    }

    /// The same context with access to `files`, where the nav file sits at `path`.
    #[must_use]
    pub fn with_files(self, path: &'a str, files: &'a dyn FileAccess) -> Self {
        ReadContext {
            path,
            files: Some(files),
            ..self
        }
    }
}

/// Reads `text` as `format`.
pub fn read(
    format: NavFormat,
    ctx: &ReadContext<'_>,
    text: &str,
) -> Result<(Vec<Node>, Vec<Warning>)> {
    match format {
        NavFormat::Mkdocs => mkdocs::read(ctx, text),
        NavFormat::Mdbook => mdbook::read(ctx.name, text),
        NavFormat::Antora => antora::read(ctx, text),
        NavFormat::Sphinx => sphinx::read(ctx, text),
        NavFormat::Docusaurus => docusaurus::read(ctx, text),
        NavFormat::Vitepress => vitepress::read(ctx, text),
        NavFormat::KeyedYaml => keyed_yaml::read(ctx.name, text),
        NavFormat::Outline => outline::read(ctx.name, text),
    }
}

/// The names a format's nav file goes by, relative to the repository root or a docs folder
/// (`mkdocs.yml`, `src/SUMMARY.md`): what discovery looks for. An outline has none: it is
/// read only when named.
#[must_use]
pub fn nav_file_names(format: NavFormat) -> &'static [&'static str] {
    match format {
        NavFormat::Mkdocs => mkdocs::NAV_FILES,
        NavFormat::Mdbook => mdbook::NAV_FILES,
        NavFormat::Docusaurus => docusaurus::NAV_FILES,
        NavFormat::KeyedYaml => keyed_yaml::NAV_FILES,
        NavFormat::Outline => outline::NAV_FILES,
        NavFormat::Sphinx => sphinx::NAV_FILES,
        NavFormat::Antora => antora::NAV_FILES,
        NavFormat::Vitepress => vitepress::NAV_FILES,
    }
}

/// Drops from `found` (nav files discovered in one revision) those read through another
/// one found beside them: a site's `docusaurus.config.*` beside its sidebars file; and
/// of a component's `antora.yml` and its `modules/ROOT/nav.adoc`, the one that gives the
/// whole menu with the fewest files: the nav file when `antora.yml` lists only it (the same
/// menu, and its history is the nav file's), else `antora.yml`.
pub fn drop_companions(found: &mut Vec<String>, files: &dyn FileAccess) -> Result<()> {
    let all = found.clone();
    let has = |p: &str| all.iter().any(|f| f == p);
    let mut drop = Vec::new();
    for path in &all {
        let (dir, name) = path
            .rsplit_once('/')
            .map_or(("", path.as_str()), |(d, n)| (d, n));
        let dir = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        if name.starts_with("docusaurus.config.")
            && docusaurus::NAV_FILES
                .iter()
                .filter(|n| n.starts_with("sidebars."))
                .any(|n| has(&format!("{dir}{n}")))
        {
            drop.push(path.clone());
        }
        if name == "antora.yml" && has(&format!("{dir}modules/ROOT/nav.adoc")) {
            let only_root = match files.read_text(path)? {
                Some(text) => antora::lists_only_root_nav(&text),
                None => false,
            };
            drop.push(if only_root {
                path.clone()
            } else {
                format!("{dir}modules/ROOT/nav.adoc")
            });
        }
    }
    found.retain(|p| !drop.contains(p));
    Ok(())
}

/// The summary a `book.toml` names (mdBook's `[book] src`, then `SUMMARY.md`), when it
/// exists: for discovery.
pub fn mdbook_summary(files: &dyn FileAccess, book_toml: &str) -> Result<Option<String>> {
    mdbook::book_summary(files, book_toml)
}

/// The root document a Sphinx `conf.py` names (`root_doc`/`master_doc` with a source
/// suffix), when it exists: for discovery.
pub fn sphinx_root_document(files: &dyn FileAccess, conf_py: &str) -> Result<Option<String>> {
    sphinx::root_document(files, conf_py)
}

/// Checks that `text` (the file at `path`, `name` in messages) is not plainly another
/// format than `format`, which the user asked for: an error naming the likely format when
/// its content shows one (`--nav-format mdbook` on an `mkdocs.yml`). Reading a Markdown
/// list as an outline or as an mdBook summary is left to the user's choice.
pub fn check_format(name: &str, path: &str, text: &str, format: NavFormat) -> Result<()> {
    let Some(evidence) = by_content(path, text) else {
        return Ok(());
    };
    let compatible = evidence.format == format
        || matches!(
            (format, evidence.format),
            (NavFormat::Outline, NavFormat::Mdbook) | (NavFormat::Mdbook, NavFormat::Outline)
        );
    if compatible {
        return Ok(());
    }
    Err(crate::error::Error::WrongFormat {
        path: name.to_owned(),
        asked: format.name().to_owned(),
        likely: evidence.format.name().to_owned(),
        evidence: evidence.why.to_owned(),
    })
}

#[cfg(test)]
pub(crate) mod tests;
