//! Sphinx: served URLs from `conf.py` and the builder, sphinx-reredirects' `redirects` and
//! sphinxext-rediraffe's `rediraffe_redirects`, all read statically.
//!
//! URLs follow Sphinx's builders: `html` writes the document `a/b` to `a/b.html` (the suffix
//! is `html_file_suffix`, `.html` by default); `dirhtml` writes it to `a/b/index.html`,
//! served at `a/b/`, and `a/index` to `a/index.html`, served at `a/`. The builder is the one
//! Read the Docs is told to use (`.readthedocs.yaml`, `sphinx.builder`), else `html`;
//! `singlehtml` has no page URLs. Every document of the source folder is built, listed in a
//! toctree or not. The site's path is `html_baseurl`'s.
//!
//! sphinx-reredirects (`sphinx_reredirects/__init__.py`): `redirects` maps a docname to a
//! target used as-is in the redirect page written where the builder would write the
//! document; a target starting with `/` is made relative by one `..` per `/` in the docname.
//! A source with wildcards is expanded against the documents the build has, so it never
//! covers a document that is gone. sphinxext-rediraffe (`sphinxext/rediraffe.py`):
//! `rediraffe_redirects` is a dict or the name of a file of `from to` lines, source paths
//! with or without their suffix; chains are followed to their end; `dirhtml` maps both ends
//! to `…/index.html` except the root document.

use super::emit::{Snippet, quote_double};
use super::python::{self, Py, PyKind};
use super::site::Page;
use super::url::{self, split_extension, split_fragment};
use super::{Redirect, RedirectTool, Redirects};
use crate::error::Result;
use crate::formats::FileAccess;
use crate::formats::join_path;
use crate::formats::support::{parent_dir, yaml};

/// Suffixes a document's source may have, in the order Sphinx projects use them.
const SOURCE_SUFFIXES: [&str; 4] = [".rst", ".md", ".txt", ".rest"];

/// The URL rules of a Sphinx project.
#[derive(Debug, Clone)]
pub(crate) struct Rules {
    /// The source folder in the repository.
    source_dir: String,
    /// `conf.py`, when found.
    conf: Option<String>,
    dirhtml: bool,
    /// `html_file_suffix`.
    suffix: String,
    /// The root document's name.
    root_doc: String,
    /// `html_extra_path`: folders copied to the site's root, in the repository.
    extra: Vec<String>,
    /// Whether the repository names the builder (else `html` is a guess: Read the Docs
    /// projects can set one in their settings, and `make dirhtml` is a command).
    builder_known: bool,
}

impl Rules {
    pub(crate) fn root_doc(&self) -> &str {
        &self.root_doc
    }

    /// When one side names its builder and the other does not, the other is taken to use
    /// the same: a builder the repository does not name is not a change of builder.
    pub(crate) fn align(old: &mut Rules, new: &mut Rules) -> Option<String> {
        let builder = |r: &Rules| if r.dirhtml { "dirhtml" } else { "html" };
        match (old.builder_known, new.builder_known) {
            (false, true) if old.dirhtml != new.dirhtml => {
                old.dirhtml = new.dirhtml;
                Some(format!(
                    "the old revision does not name its Sphinx builder: the new one's (`{}`) is assumed for both",
                    builder(new)
                ))
            }
            (true, false) if old.dirhtml != new.dirhtml => {
                new.dirhtml = old.dirhtml;
                Some(format!(
                    "the new revision does not name its Sphinx builder: the old one's (`{}`) is assumed for both",
                    builder(old)
                ))
            }
            (false, false) => Some(
                "neither revision names its Sphinx builder (`.readthedocs.yaml` `sphinx.builder`): `html` is assumed"
                    .into(),
            ),
            _ => None,
        }
    }

    /// The folders `html_extra_path` copies to the site's root.
    pub(crate) fn extra_dirs(&self) -> Vec<String> {
        self.extra.clone()
    }

    pub(crate) fn defaults(nav: &str) -> Rules {
        Rules {
            source_dir: parent_dir(nav).to_owned(),
            conf: None,
            dirhtml: false,
            suffix: ".html".into(),
            root_doc: "index".into(),
            extra: Vec::new(),
            builder_known: false,
        }
    }

    pub(crate) fn page(
        &self,
        base: &str,
        target: &str,
        files: Option<&dyn FileAccess>,
    ) -> Result<Option<Page>> {
        if url::is_external(target) {
            return Ok(None);
        }
        let (docname, fragment) = split_fragment(target);
        let Some(docname) = join_path("", docname.trim_start_matches('/')) else {
            return Ok(None);
        };
        if docname.is_empty() {
            return Ok(None);
        }
        let source = match files {
            Some(files) => self.source_of(&docname, files)?,
            None => None,
        };
        Ok(Some(Page {
            url: url::under(base, &self.url_of(&docname)),
            fragment: fragment.map(str::to_owned),
            source,
            key: docname,
        }))
    }

    /// The source file of `docname`, when it exists.
    fn source_of(&self, docname: &str, files: &dyn FileAccess) -> Result<Option<String>> {
        for suffix in SOURCE_SUFFIXES {
            if let Some(path) = join_path(&self.source_dir, &format!("{docname}{suffix}"))
                && files.is_file(&path)?
            {
                return Ok(Some(path));
            }
        }
        Ok(None)
    }

    /// Whether the document behind `page` still exists (and so is still built).
    pub(crate) fn still_serves(&self, page: &Page, files: &dyn FileAccess) -> Result<bool> {
        Ok(self.source_of(&page.key, files)?.is_some())
    }

    /// Where the builder serves `docname`, relative to the site.
    pub(crate) fn url_of(&self, docname: &str) -> String {
        if self.dirhtml {
            if docname == self.root_doc || docname == "index" {
                return String::new();
            }
            match docname.strip_suffix("/index") {
                Some(dir) => format!("{dir}/"),
                None => format!("{docname}/"),
            }
        } else {
            format!("{docname}{}", self.suffix)
        }
    }

    /// The file the builder writes for `docname` (where a redirect page goes).
    fn file_of(&self, docname: &str) -> String {
        let served = self.url_of(docname);
        if served.is_empty() || served.ends_with('/') {
            format!("{served}index.html")
        } else {
            served
        }
    }
}

pub(crate) fn read(
    nav: &str,
    files: &dyn FileAccess,
    notes: &mut Vec<String>,
) -> Result<(String, Option<String>, Rules)> {
    let mut rules = Rules::defaults(nav);
    let conf_path = if nav.ends_with("conf.py") {
        nav.to_owned()
    } else {
        join_path(parent_dir(nav), "conf.py").unwrap_or_else(|| "conf.py".into())
    };
    let mut base = "/".to_owned();
    if let Some(text) = files.read_text(&conf_path)? {
        rules.conf = Some(conf_path.clone());
        let conf = python::read(&text);
        for name in ["html_baseurl", "html_file_suffix", "root_doc", "master_doc"] {
            if conf.in_blocks.contains(name) {
                notes.push(format!(
                    "`{conf_path}` sets `{name}` inside a block; navdiff reads only its top-level statements"
                ));
            }
        }
        if let Some(url_) = conf.get("html_baseurl").and_then(Py::as_str) {
            base = url::site_path(url_);
        }
        if let Some(suffix) = conf.get("html_file_suffix").and_then(Py::as_str) {
            suffix.clone_into(&mut rules.suffix);
        }
        if let Some(root) = conf
            .get("root_doc")
            .or_else(|| conf.get("master_doc"))
            .and_then(Py::as_str)
        {
            root.clone_into(&mut rules.root_doc);
        }
        for dir in conf
            .get("html_extra_path")
            .and_then(Py::as_list)
            .unwrap_or_default()
            .iter()
            .filter_map(Py::as_str)
        {
            if let Some(path) = join_path(parent_dir(&conf_path), dir) {
                rules.extra.push(path);
            }
        }
        if nav.ends_with("conf.py") {
            parent_dir(&conf_path).clone_into(&mut rules.source_dir);
        }
    } else {
        notes.push(format!(
            "no `conf.py` beside `{nav}`: Sphinx's defaults are assumed"
        ));
    }
    // The builder, as Read the Docs is told.
    for name in [".readthedocs.yaml", ".readthedocs.yml"] {
        let Some(text) = files.read_text(name)? else {
            continue;
        };
        let Ok(Some(doc)) = yaml::load(name, &text) else {
            notes.push(format!(
                "`{name}` could not be read: the `html` builder is assumed"
            ));
            break;
        };
        let builder = yaml::as_mapping(&doc)
            .and_then(|m| yaml::get(m, "sphinx"))
            .and_then(yaml::as_mapping)
            .and_then(|m| yaml::get(m, "builder"))
            .and_then(yaml::scalar_text);
        rules.builder_known = builder.is_some();
        match builder.as_deref() {
            Some("dirhtml") => rules.dirhtml = true,
            Some("singlehtml") => notes.push(format!(
                "`{name}` builds one page (`singlehtml`): documents have no URLs of their own; the `html` builder's are shown"
            )),
            Some("html") | None => {}
            Some(other) => notes.push(format!(
                "`{name}`: builder `{other}` is not read; the `html` builder is assumed"
            )),
        }
        break;
    }
    Ok((base, rules.conf.clone(), rules))
}

/// Which extension a project uses, for snippets.
#[derive(Debug, Clone, Default)]
pub(crate) struct Hint {
    pub(crate) conf: Option<String>,
    pub(crate) reredirects: bool,
    /// `redirects = {…}` is defined.
    pub(crate) redirects_defined: bool,
    pub(crate) rediraffe: bool,
    /// `rediraffe_redirects` names a file (in the repository), rather than a dict.
    pub(crate) rediraffe_file: Option<String>,
}

pub(crate) fn redirects(
    rules: &Rules,
    base: &str,
    files: &dyn FileAccess,
    out: &mut Redirects,
) -> Result<()> {
    let Some(conf_path) = &rules.conf else {
        return Ok(());
    };
    let text = files.read_text(conf_path)?.unwrap_or_default();
    let conf = python::read(&text);
    out.hints.sphinx.conf = Some(conf_path.clone());
    let extensions: Vec<String> = conf
        .get("extensions")
        .and_then(Py::as_list)
        .unwrap_or_default()
        .iter()
        .filter_map(Py::as_str)
        .map(str::to_owned)
        .collect();
    let enabled = |name: &str| extensions.iter().any(|e| e == name);
    for name in ["redirects", "rediraffe_redirects", "extensions"] {
        if conf.in_blocks.contains(name) {
            out.notes.push(format!(
                "`{conf_path}` changes `{name}` inside a block; navdiff reads only its top-level statements"
            ));
        }
    }
    out.hints.sphinx.reredirects = enabled("sphinx_reredirects");
    out.hints.sphinx.rediraffe = enabled("sphinxext.rediraffe");
    if let Some(value) = conf.get("redirects") {
        out.hints.sphinx.redirects_defined = true;
        if out.hints.sphinx.reredirects {
            reredirects(rules, base, conf_path, value, out);
        } else {
            out.notes.push(format!(
                "`{conf_path}` defines `redirects`, but `sphinx_reredirects` is not in `extensions`: not counted"
            ));
        }
    }
    if let Some(value) = conf.get("rediraffe_redirects") {
        if out.hints.sphinx.rediraffe {
            rediraffe(rules, base, conf_path, value, files, out)?;
        } else {
            out.notes.push(format!(
                "`{conf_path}` defines `rediraffe_redirects`, but `sphinxext.rediraffe` is not in `extensions`: not counted"
            ));
        }
    }
    Ok(())
}

fn reredirects(rules: &Rules, base: &str, conf_path: &str, value: &Py, out: &mut Redirects) {
    let Some(entries) = value.as_dict() else {
        out.notes.push(format!(
            "{conf_path}:{}: `redirects` is not a dict navdiff can read",
            value.line
        ));
        return;
    };
    for (source, target) in entries {
        let (Some(source), Some(target)) = (source.as_str(), target.as_str()) else {
            out.notes.push(format!(
                "{conf_path}:{}: a redirect navdiff cannot read statically",
                target.line
            ));
            continue;
        };
        if source.contains(['*', '?', '[', ']']) {
            out.notes.push(format!(
                "{conf_path}:{}: `{source}` is a wildcard: sphinx-reredirects expands it against the documents that exist, so it covers no page that is gone",
                target_line(target, entries)
            ));
            continue;
        }
        let file = if source.ends_with(&rules.suffix) {
            source.to_owned()
        } else {
            rules.file_of(source.trim_end_matches('/'))
        };
        let from = url::under(base, &file);
        // An absolute target is made relative to the docname's folder.
        let target_rel = if target.starts_with('/') {
            format!(
                "{}{target}",
                vec![".."; source.matches('/').count()].join("/")
            )
        } else {
            target.to_owned()
        };
        let to = url::resolve(&from, &target_rel);
        out.push(Redirect::exact(
            RedirectTool::SphinxReredirects,
            conf_path,
            Some(target_line(target, entries)),
            source,
            &from,
            &to,
        ));
    }
}

fn target_line(target: &str, entries: &[(Py, Py)]) -> usize {
    entries
        .iter()
        .find(|(_, v)| v.as_str() == Some(target))
        .map_or(0, |(k, _)| k.line)
}

fn rediraffe(
    rules: &Rules,
    base: &str,
    conf_path: &str,
    value: &Py,
    files: &dyn FileAccess,
    out: &mut Redirects,
) -> Result<()> {
    let mut edges: Vec<(String, String, String, usize)> = Vec::new();
    match &value.kind {
        PyKind::Dict(entries) => {
            for (from, to) in entries {
                if let (Some(f), Some(t)) = (from.as_str(), to.as_str()) {
                    edges.push((f.to_owned(), t.to_owned(), conf_path.to_owned(), from.line));
                }
            }
        }
        PyKind::Str(name) => {
            let Some(path) = join_path(&rules.source_dir, name) else {
                return Ok(());
            };
            out.hints.sphinx.rediraffe_file = Some(path.clone());
            let Some(text) = files.read_text(&path)? else {
                out.notes.push(format!(
                    "{conf_path}:{}: the rediraffe file `{path}` does not exist",
                    value.line
                ));
                return Ok(());
            };
            for (i, line) in text.lines().enumerate() {
                let mut parts = line.split_whitespace();
                if let (Some(f), Some(t)) = (parts.next(), parts.next())
                    && !f.starts_with('#')
                {
                    edges.push((f.to_owned(), t.to_owned(), path.clone(), i + 1));
                }
            }
        }
        _ => {
            out.notes.push(format!(
                "{conf_path}:{}: `rediraffe_redirects` is neither a dict nor a file name navdiff can read",
                value.line
            ));
            return Ok(());
        }
    }
    // Chains end where no edge leaves (rediraffe's `create_simple_redirects`).
    // `Path.with_suffix("")`: only the last component's suffix goes.
    let stem = |p: &str| -> String {
        let dir = parent_dir(p);
        let name = split_extension(url::file_name(p)).0;
        if dir.is_empty() {
            name.to_owned()
        } else {
            format!("{dir}/{name}")
        }
    };
    let next: Vec<(String, String)> = edges
        .iter()
        .map(|(f, t, _, _)| (stem(f), stem(t)))
        .collect();
    for (from, _, file, line) in &edges {
        let mut end = stem(from);
        let mut seen = vec![end.clone()];
        while let Some((_, t)) = next.iter().find(|(f, _)| *f == end) {
            if seen.contains(t) {
                break;
            }
            end.clone_from(t);
            seen.push(end.clone());
            if seen.len() > edges.len() + 1 {
                break;
            }
        }
        let from_url = url::under(base, &rules.file_of(&stem(from)));
        let to_url = url::under(base, &rules.url_of(&end));
        out.push(Redirect::exact(
            RedirectTool::SphinxRediraffe,
            file,
            Some(*line),
            from,
            &from_url,
            &to_url,
        ));
    }
    Ok(())
}

/// Entries for `pairs` (old page, destination page) in the extension the project uses:
/// rediraffe when only it is enabled, else sphinx-reredirects.
pub(crate) fn emit(pairs: &[(&Page, &Page)], hint: &Hint) -> Snippet {
    let conf = hint.conf.clone().unwrap_or_else(|| "conf.py".into());
    let source_name = |page: &Page| -> String {
        page.source
            .as_deref()
            .map(url::file_name)
            .and_then(|name| {
                split_extension(name)
                    .1
                    .strip_prefix('.')
                    .map(|e| format!("{}.{e}", page.key))
            })
            .unwrap_or_else(|| format!("{}.rst", page.key))
    };
    if hint.rediraffe && !hint.reredirects {
        if let Some(file) = &hint.rediraffe_file {
            let mut text = format!("# {file}: add these lines (sphinxext-rediraffe)\n");
            for (old, new) in pairs {
                text.push_str(&format!("{} {}\n", source_name(old), source_name(new)));
            }
            return Snippet {
                file: Some(file.clone()),
                place: "at the end".into(),
                text,
            };
        }
        let mut text = format!(
            "# {conf}: add at the end (sphinxext-rediraffe)\nrediraffe_redirects.update({{\n"
        );
        for (old, new) in pairs {
            text.push_str(&format!(
                "    {}: {},\n",
                quote_double(&source_name(old)),
                quote_double(&source_name(new))
            ));
        }
        text.push_str("})\n");
        return Snippet {
            file: Some(conf),
            place: "at the end".into(),
            text,
        };
    }
    let mut text = if hint.redirects_defined {
        format!("# {conf}: add at the end (sphinx-reredirects)\nredirects.update({{\n")
    } else {
        let enable = if hint.reredirects {
            String::new()
        } else {
            "extensions.append(\"sphinx_reredirects\")  # pip install sphinx-reredirects\n".into()
        };
        format!("# {conf}: add at the end (sphinx-reredirects)\n{enable}redirects = {{\n")
    };
    for (old, new) in pairs {
        let to = if url::is_external(&new.url) {
            new.full_url()
        } else {
            url::relative(&old.url, &new.full_url())
        };
        text.push_str(&format!(
            "    {}: {},\n",
            quote_double(&old.key),
            quote_double(&to)
        ));
    }
    text.push_str(if hint.redirects_defined {
        "})\n"
    } else {
        "}\n"
    });
    Snippet {
        file: Some(conf),
        place: "at the end".into(),
        text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builders_place_documents() {
        let mut r = Rules::defaults("docs/index.rst");
        assert_eq!(r.url_of("guide/install"), "guide/install.html");
        assert_eq!(r.url_of("index"), "index.html");
        assert_eq!(r.file_of("guide/install"), "guide/install.html");
        r.dirhtml = true;
        assert_eq!(r.url_of("guide/install"), "guide/install/");
        assert_eq!(r.url_of("guide/index"), "guide/");
        assert_eq!(r.url_of("index"), "");
        assert_eq!(r.file_of("guide/install"), "guide/install/index.html");
        assert_eq!(r.file_of("index"), "index.html");
        r.dirhtml = false;
        r.suffix = ".htm".into();
        assert_eq!(r.url_of("a"), "a.htm");
    }
}
