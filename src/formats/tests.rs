//! Hand-written fixtures for every reader, with the exact tree each gives.

use super::*;
use crate::model::{NavTree, SourceInfo};
use crate::report::render_outline;

/// The outline of what `format` reads from `text`, then its warnings.
fn check(format: NavFormat, text: &str) -> String {
    render(read(format, &ReadContext::alone("nav"), text).unwrap_or_else(|e| panic!("{e}")))
}

/// A reader's result as an outline followed by its warnings.
fn render((roots, warnings): (Vec<Node>, Vec<Warning>)) -> String {
    let mut out = Vec::new();
    render_outline(&NavTree::new(SourceInfo::default(), roots), &mut out).expect("Vec write");
    let mut out = String::from_utf8(out).expect("UTF-8");
    for w in warnings {
        out.push_str(&format!("warning: {w}\n"));
    }
    out
}

fn check_err(format: NavFormat, text: &str) -> String {
    read(format, &ReadContext::alone("nav"), text)
        .expect_err("should fail")
        .to_string()
}

#[test]
fn keyed_yaml_liveperson_hierarchy() {
    let text = "\
- categoryname: Getting Started
  image: getting-started
  documents:
    - documentname: Free Trial
- categoryname: Agent Experience
  documents:
    - documentname: Chat Agent API
      basedomain: https://{domain}/api
      pages:
        - pagename: Overview
        - pagename: Methods
          subpages:
            - subpagename: Start Agent Session
              methodurl:
              httpmethod: POST
            - subpagename: Set Agent Availability
              methodurl: /{id}/availability
";
    insta::assert_snapshot!(check(NavFormat::KeyedYaml, text), @r"
    Getting Started
      Free Trial
    Agent Experience
      Chat Agent API
        Overview
        Methods
          Start Agent Session
          Set Agent Availability
    ");
}

#[test]
fn keyed_yaml_jekyll_navigation_map() {
    let text = "\
main:
  - title: Quickstart
    url: /docs/quickstart/
docs:
  - title: Build
    children:
      - title: Configuration
        url: /docs/configuration/
      - title: Plugins
        url: /docs/plugins/
";
    insta::assert_snapshot!(check(NavFormat::KeyedYaml, text), @r"
    main
      Quickstart → /docs/quickstart/
    docs
      Build
        Configuration → /docs/configuration/
        Plugins → /docs/plugins/
    ");
}

#[test]
fn keyed_yaml_documentation_theme_folders() {
    let text = "\
entries:
- title: sidebar
  product: Docs
  folders:
  - title: Getting started
    output: web, pdf
    folderitems:
    - title: Introduction
      url: /index.html
    - title: Formatting
      url: /mydoc_formatting.html
      subfolders:
      - title: Subfolder
        subfolderitems:
        - title: Deep page
          url: /p1.html
";
    insta::assert_snapshot!(check(NavFormat::KeyedYaml, text), @r"
    entries
      sidebar
        Getting started
          Introduction → /index.html
          Formatting → /mydoc_formatting.html
            Subfolder
              Deep page → /p1.html
    ");
}

#[test]
fn keyed_yaml_mintlify_navigation() {
    let text = r##"{
  "name": "Docs",
  "colors": {"primary": "#000"},
  "navigation": [
    {"group": "Get started", "pages": ["introduction", "quickstart"]},
    {"group": "API", "pages": ["api/overview", {"group": "Endpoints", "pages": ["api/get"]}]}
  ]
}"##;
    insta::assert_snapshot!(check(NavFormat::KeyedYaml, text), @r"
    Get started
      introduction → introduction
      quickstart → quickstart
    API
      api/overview → api/overview
      Endpoints
        api/get → api/get
    ");
}

#[test]
fn keyed_yaml_warns_about_what_it_skips() {
    let text = "\
- title: Good
  url: good.md
- title:
  image: nothing-else
- title: Also good
  children:
    - 42
";
    insta::assert_snapshot!(check(NavFormat::KeyedYaml, text), @r"
    Good → good.md
    Also good
    warning: line 3: entry has no title, link or children (keys: title, image); skipped
    ");
}

#[test]
fn keyed_yaml_errors() {
    insta::assert_snapshot!(check_err(NavFormat::KeyedYaml, "- title: a\n  url: [b\n"), @r"
    nav:3:1: invalid YAML: while parsing a flow sequence, expected ',' or ']'
    ");
    insta::assert_snapshot!(check_err(NavFormat::KeyedYaml, "just a string\n"),
        @"nav: expected a list of entries or a map of lists at the top level");
    insta::assert_snapshot!(check_err(NavFormat::KeyedYaml, "site: x\ncolors: [1, 2]\n"),
        @"nav: no list of navigation entries found at the top level");
}

#[test]
fn outline_indentation_and_links() {
    let text = "\
Getting Started
  - [Install](install.md)
  - First steps
\t[Tabbed](tab.md)
# Reference
1. [API](api.md)
   * Nested
";
    insta::assert_snapshot!(check(NavFormat::Outline, text), @r"
    Getting Started
      Install → install.md
      First steps
        Tabbed → tab.md
    Reference
    API → api.md
      Nested
    ");
}

#[test]
fn outline_flat_list_and_absurd_depth() {
    insta::assert_snapshot!(check(NavFormat::Outline, "Sign in\nFree trial\n\nOverview\n"), @r"
    Sign in
    Free trial
    Overview
    ");
    let deep: String = (0..10_000)
        .map(|d| format!("{}- x\n", " ".repeat(d)))
        .collect();
    let err = check_err(NavFormat::Outline, &deep);
    assert!(
        err.starts_with("nav:51:51: outline nested more than 50 levels deep"),
        "{err}"
    );
}

#[test]
fn detection_by_name_then_content() {
    let cases = [
        ("mkdocs.yml", "", NavFormat::Mkdocs),
        ("docs/SUMMARY.md", "", NavFormat::Mdbook),
        ("website/sidebars.js", "", NavFormat::Docusaurus),
        ("docs/modules/ROOT/nav.adoc", "", NavFormat::Antora),
        ("docs/index.rst", "", NavFormat::Sphinx),
        ("docs/.vitepress/config.ts", "", NavFormat::Vitepress),
        (
            "_data/documentsupdated.yaml",
            "- categoryname: x\n",
            NavFormat::KeyedYaml,
        ),
        (
            "site.yml",
            "site_name: x\nnav:\n  - a.md\n",
            NavFormat::Mkdocs,
        ),
        ("nav.txt", "a\n  b\n", NavFormat::Outline),
    ];
    for (path, text, expected) in cases {
        assert_eq!(detect(path, text), Some(expected), "{path}");
    }
    for format in NavFormat::ALL {
        assert!(
            cases.iter().any(|c| c.2 == format),
            "no detection case for `{format}`"
        );
    }
}

/// Files of one revision, in memory.
#[derive(Default, Clone)]
pub(crate) struct MemFiles(pub(crate) std::collections::BTreeMap<String, String>);

impl MemFiles {
    pub(crate) fn with(files: &[(&str, &str)]) -> Self {
        MemFiles(
            files
                .iter()
                .map(|(p, t)| ((*p).to_owned(), (*t).to_owned()))
                .collect(),
        )
    }
}

impl FileAccess for MemFiles {
    fn read_text(&self, path: &str) -> Result<Option<String>> {
        Ok(self.0.get(path).cloned())
    }

    fn list_dir(&self, path: &str) -> Result<Vec<(String, bool)>> {
        let prefix = if path.is_empty() {
            String::new()
        } else {
            format!("{path}/")
        };
        let mut out: Vec<(String, bool)> = self
            .0
            .keys()
            .filter_map(|k| k.strip_prefix(&prefix))
            .map(|rest| match rest.split_once('/') {
                Some((dir, _)) => (dir.to_owned(), true),
                None => (rest.to_owned(), false),
            })
            .collect();
        out.sort();
        out.dedup();
        Ok(out)
    }
}

/// Like [`check`], for a nav file at `path` among `files`.
fn check_files(format: NavFormat, path: &str, text: &str, files: &dyn FileAccess) -> String {
    let ctx = ReadContext::alone(path).with_files(path, files);
    render(read(format, &ctx, text).unwrap_or_else(|e| panic!("{e}")))
}

#[test]
fn mkdocs_nav_sections_bare_pages_and_links() {
    let text = "\
site_name: Handbook
docs_dir: !ENV [DOCS_DIR, docs]
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
nav:
  - Home: index.md
  - User Guide:
      - user-guide/index.md
      - Writing: user-guide/writing-your-docs.md
      - user-guide/styling_your_docs.md
  - Developer Guide: dev-guide/
  - Issues: https://github.com/example/handbook/issues
  - 2024: changelog/2024.md
";
    insta::assert_snapshot!(check(NavFormat::Mkdocs, text), @r"
    Home → index.md
    User Guide
      Index → user-guide/index.md
      Writing → user-guide/writing-your-docs.md
      Styling your docs → user-guide/styling_your_docs.md
    Developer Guide → dev-guide/
    Issues → https://github.com/example/handbook/issues
    2024 → changelog/2024.md
    warning: line 12: `dev-guide/` names a folder: MkDocs shows a link to it (a plugin such as literate-nav may expand it; navdiff does not)
    ");
}

#[test]
fn mkdocs_bare_pages_take_their_first_heading() {
    let files = MemFiles::with(&[
        (
            "site/docs/intro.md",
            "---\ntitle: Welcome aboard\n---\n# Ignored\n",
        ),
        ("site/docs/setup.md", "Some text\n\n# Setting up\n"),
    ]);
    let text = "nav:\n  - intro.md\n  - setup.md\n  - missing.md\n";
    insta::assert_snapshot!(check_files(NavFormat::Mkdocs, "site/mkdocs.yml", text, &files), @"
    Welcome aboard → intro.md
    Setup → setup.md
    Missing → missing.md
    warning: line 4: `missing.md` is not in the docs folder `site/docs` (a plugin or hook may write it at build time; navdiff cannot tell): titled `Missing` by its file name
    ");
}

#[test]
fn mkdocs_legacy_pages() {
    let text = "\
pages:
- ['index.md', 'Home']
- ['api/base-views.md', 'API Guide / Base Views']
- ['api/model-views.md', 'API Guide / Model Views']
- ['topics/faq.md', 'Topics', 'FAQ']
- ['topics/release-notes.md', 'Topics', 'Release Notes']
- ['about.md']
- [1, 2, 3, 4]
";
    insta::assert_snapshot!(check(NavFormat::Mkdocs, text), @r"
    Home → index.md
    API Guide
      Base Views → api/base-views.md
      Model Views → api/model-views.md
    Topics
      FAQ → topics/faq.md
      Release Notes → topics/release-notes.md
    About → about.md
    warning: line 2: the legacy `pages:` key, which MkDocs 1.6 refuses, is read as older MkDocs read it
    warning: line 8: legacy `pages:` entry is not `[path]`, `[path, title]` or `[path, section, title]`; skipped
    ");
}

#[test]
fn mkdocs_values_computed_at_build_time_and_odd_entries() {
    let text = "\
nav:
  - Home: index.md
  - Dynamic: !ENV [PAGE, x.md]
  - Empty:
  - Two: a.md
    Keys: b.md
  - [nested, list, of, four]
nav:
  - Last wins: last.md
";
    insta::assert_snapshot!(check(NavFormat::Mkdocs, text), @"Last wins → last.md");
    let text = "nav:\n  - Home: index.md\n  - Dynamic: !ENV [PAGE, x.md]\n  - Two: a.md\n  - 42.5\n  - Map:\n      A: a.md\n      B: b.md\n";
    insta::assert_snapshot!(check(NavFormat::Mkdocs, text), @"
    Home → index.md
    Dynamic
    Two → a.md
    42 → 42.5
    Map
      A → a.md
      B → b.md
    warning: line 3: `Dynamic`: a value MkDocs computes at build time (such as `!ENV`); read as a section without a page
    warning: line 7: `Map`: a map where MkDocs expects a list; read in order, as MkDocs reads it
    ");
    // What MkDocs refuses to build is an error naming the line.
    insta::assert_snapshot!(check_err(NavFormat::Mkdocs, "nav:\n  - Home: index.md\n  - Empty:\n"), @r#"
    nav:3:5: `Empty` has no page or entries; MkDocs refuses it ("Expected nav to be a list, got None")
      |   - Empty:
      |     ^
    "#);
    insta::assert_snapshot!(check_err(NavFormat::Mkdocs, "nav:\n  - Two: a.md\n    Keys: b.md\n"), @r#"
    nav:2:5: an entry with 2 keys; MkDocs refuses it ("Expected nav item to be a dict of size 1, got dict with keys ('Two', 'Keys')")
      |   - Two: a.md
      |     ^
    "#);
    insta::assert_snapshot!(check_err(NavFormat::Mkdocs, "nav:\n  - [nested, list]\n"), @r#"
    nav:2:5: a list where MkDocs expects a page or a `Title: …` entry ("Expected nav item to be a string or dict, got a list")
      |   - [nested, list]
      |     ^
    "#);
    insta::assert_snapshot!(check_err(NavFormat::Mkdocs, "nav:\n  Home: index.md\n"), @r#"
    nav:2:3: the nav is not a list ("Expected nav to be a list")
      |   Home: index.md
      |   ^
    "#);
}

#[test]
fn mkdocs_inherit_and_missing_nav() {
    let files = MemFiles::with(&[(
        "base.yml",
        "site_name: Base\nnav:\n  - Inherited: page.md\n",
    )]);
    let text = "INHERIT: ../base.yml\nsite_name: Child\n";
    insta::assert_snapshot!(check_files(NavFormat::Mkdocs, "docs/mkdocs.yml", text, &files), @"Inherited → page.md");
    insta::assert_snapshot!(check(NavFormat::Mkdocs, text), @"warning: line 1: `INHERIT: ../base.yml`: navdiff could not read it; its settings (a `nav:` among them) are missing");
    insta::assert_snapshot!(check(NavFormat::Mkdocs, "site_name: x\n"), @"warning: no `nav:`, and no docs folder at hand to list as MkDocs would");
    let docs = MemFiles::with(&[
        ("site/docs/index.md", "# Welcome\n"),
        ("site/docs/about.md", "# About us\n"),
        ("site/docs/user-guide/README.md", "# The guide\n"),
        ("site/docs/user-guide/writing-docs.md", "no heading\n"),
        ("site/docs/img/logo.png", "png"),
    ]);
    insta::assert_snapshot!(check_files(NavFormat::Mkdocs, "site/mkdocs.yml", "site_name: x\n", &docs), @"
    Welcome → index.md
    About us → about.md
    User guide
      The guide → user-guide/README.md
      Writing docs → user-guide/writing-docs.md
    ");
}

#[test]
fn mkdocs_errors_point_at_the_line() {
    insta::assert_snapshot!(check_err(NavFormat::Mkdocs, "site_name: x\nnav:\n  - Home: index.md\n  - Guide: [a.md\n"), @r"
    nav:5:1: invalid YAML: while parsing a flow sequence, expected ',' or ']'
    ");
    insta::assert_snapshot!(check_err(NavFormat::Mkdocs, "nav:\n  - a: b\n   - c: d\n"), @"
    nav:3:4: invalid YAML: while parsing a block collection, did not find expected '-' indicator
      |    - c: d
      |    ^
    ");
}

#[test]
fn mdbook_parts_prefix_suffix_drafts_and_nesting() {
    let text = "\
# Summary

[Introduction](README.md)

# User Guide

- [Installation](guide/installation.md)
    - [From `source`](guide/source.md)
        - [Deeper](guide/deeper.md)
- [Draft chapter]()
- [Reading *books*](guide/reading.md)

---

# Reference

1. [Configuration](format/config.md)
2. [Theme](format/theme/README.md)

-----------

[Contributors](misc/contributors.md)
";
    insta::assert_snapshot!(check(NavFormat::Mdbook, text), @"
    Introduction → README.md
    User Guide
      Installation → guide/installation.md
        From source → guide/source.md
          Deeper → guide/deeper.md
      Draft chapter
      Reading books → guide/reading.md
    Reference
      Configuration → format/config.md
      Theme → format/theme/README.md
    Contributors → misc/contributors.md
    ");
}

#[test]
fn mdbook_other_headings_folded_links_and_refused_items() {
    // mdBook: only `#` starts a part; `##` is skipped with its text; a link folded into
    // an item and a loose link after a part title are not chapters.
    let text = "\
# Table of contents

* [Read Me](README.md)

## Getting started

* [Install](start/install.md)
[Folded](start/folded.md)
* [Spaces](my%20page.md)

# Part

[Loose](loose.md)

- [In part](part.md)
";
    insta::assert_snapshot!(check(NavFormat::Mdbook, text), @"
    Read Me → README.md
    Install → start/install.md
    Spaces → my page.md
    Part
      In part → part.md
    warning: line 8: a second link in one list item (is a `-` missing?) is not a chapter: mdBook shows only the item's first link
    warning: line 13: a link right after a part title is not a chapter: mdBook skips it
    ");
    insta::assert_snapshot!(check_err(NavFormat::Mdbook, "- [A](a.md)\n* Plain text chapter\n"), @r#"
    nav:2:3: a list item that does not start with a link; mdBook refuses it ("The link items for nested chapters must only contain a hyperlink")
      | * Plain text chapter
      |   ^
    "#);
    insta::assert_snapshot!(check(NavFormat::Mdbook, "- [A](a.md)\n- [B](./b.md)\n- [A again](a.md)\n"), @r"
    A → a.md
    B → ./b.md
    A again → a.md
    warning: line 3: `a.md` is listed twice: mdBook 0.4.48 and later refuse such a summary, earlier versions show both entries (kept)
    ");
    insta::assert_snapshot!(check_err(NavFormat::Mdbook, "- [A](a.md)\n\n[Suffix](s.md)\n\n- [B](b.md)\n"), @r#"
    nav:5:1: a list or a part after the suffix chapters; mdBook refuses it ("Suffix chapters cannot be followed by a list")
      | - [B](b.md)
      | ^
    "#);
}

#[test]
fn mdbook_absurd_nesting_is_an_error() {
    let deep: String = (0..10_000)
        .map(|d| format!("{}- [x](x.md)\n", "  ".repeat(d)))
        .collect();
    let err = check_err(NavFormat::Mdbook, &deep);
    assert!(
        err.starts_with("nav:105:211: chapters nested more than 50 levels deep"),
        "{err}"
    );
    let one_line = format!("{}x\n", "- ".repeat(10_000));
    let err = check_err(NavFormat::Mdbook, &one_line);
    assert!(err.starts_with("nav:1:20001: chapters nested"), "{err}");
    let within = (0..60)
        .map(|d| format!("{}- [x](x.md)\n", "  ".repeat(d)))
        .collect::<String>();
    let err = check_err(NavFormat::Mdbook, &within);
    assert!(
        err.starts_with("nav:51:101: chapters nested more than 50 levels deep"),
        "{err}"
    );
}

#[test]
fn antora_depth_titles_links_and_sections() {
    let text = "\
// The navigation of the ROOT module.
:page-partial:
.Getting Started
* xref:index.adoc[Overview]
* xref:install.adoc#gradle[Install with \"Gradle\",role=external]
** xref:install/maven.adoc[]
* Servlet Applications
** link:https://spring.io[Spring website,window=_blank]
*** https://example.com/raw

////
* xref:commented-out.adoc[Gone]
////
* xref:reference.adoc[Reference]
**** xref:deep.adoc[Skips levels]
stray text
";
    let files = MemFiles::with(&[(
        "docs/modules/ROOT/pages/install/maven.adoc",
        ":x: y\n= Installing with Maven\n",
    )]);
    insta::assert_snapshot!(check_files(NavFormat::Antora, "docs/modules/ROOT/nav.adoc", text, &files), @r#"
    Getting Started
      Overview → index.adoc
      Install with "Gradle" → install.adoc#gradle
        Installing with Maven → install/maven.adoc
      Servlet Applications
        Spring website → https://spring.io
          https://example.com/raw → https://example.com/raw
    Reference → reference.adoc
      Skips levels → deep.adoc
    warning: line 4: `index.adoc` is not a page of this component version in the repository (an extension may add it at build time; navdiff cannot tell): titled `Overview`
    warning: line 5: `install.adoc#gradle` is not a page of this component version in the repository (an extension may add it at build time; navdiff cannot tell): titled `Install with "Gradle"`
    warning: line 14: `reference.adoc` is not a page of this component version in the repository (an extension may add it at build time; navdiff cannot tell): titled `Reference`
    warning: line 15: `deep.adoc` is not a page of this component version in the repository (an extension may add it at build time; navdiff cannot tell): titled `Skips levels`
    "#);
    insta::assert_snapshot!(check(NavFormat::Antora, "* xref:a/b/page.adoc[]\n"), @"a/b/page.adoc → a/b/page.adoc");
}

#[test]
fn antora_includes() {
    let files = MemFiles::with(&[(
        "modules/ROOT/partials/servlet-nav.adoc",
        "** xref:servlet/a.adoc[A]\n** xref:servlet/b.adoc[B]\n",
    )]);
    let text = "* Servlet\ninclude::partial$servlet-nav.adoc[]\n* xref:after.adoc[After]\ninclude::missing.adoc[]\n";
    insta::assert_snapshot!(check_files(NavFormat::Antora, "modules/ROOT/nav.adoc", text, &files), @"
    Servlet
      A → servlet/a.adoc
      B → servlet/b.adoc
    After → after.adoc
    warning: line 4: `include::missing.adoc` not followed (the file is not at hand)
    warning: line 2: `modules/ROOT/partials/servlet-nav.adoc` line 1: `servlet/a.adoc` is not a page of this component version in the repository (an extension may add it at build time; navdiff cannot tell): titled `A`
    warning: line 2: `modules/ROOT/partials/servlet-nav.adoc` line 2: `servlet/b.adoc` is not a page of this component version in the repository (an extension may add it at build time; navdiff cannot tell): titled `B`
    warning: line 3: `after.adoc` is not a page of this component version in the repository (an extension may add it at build time; navdiff cannot tell): titled `After`
    ");
}

#[test]
fn antora_malformed_lines_are_text_as_asciidoctor_shows_them() {
    // An `xref:` whose `[` is never closed is no link: Asciidoctor shows the text.
    let text = "* xref:index.adoc[Overview]\n** xref:servlet/exploits/firewall.adoc[\n";
    insta::assert_snapshot!(check(NavFormat::Antora, text), @"
    Overview → index.adoc
      xref:servlet/exploits/firewall.adoc[
    warning: line 2: `xref:` without a closing `]`: shown as text
    ");
    // At most five `*` make a list marker: sixty are text.
    let deep = format!("{} xref:x.adoc[X]\n", "*".repeat(60));
    insta::assert_snapshot!(check(NavFormat::Antora, &deep), @"warning: line 1: `*` × 60 is not a list marker (AsciiDoc allows at most five `*`); read as text");
}

#[test]
fn sphinx_toctrees_followed_across_documents() {
    let index = "\
Welcome to Handbook
===================

.. toctree::
   :caption: User Guide
   :maxdepth: 2

   installation
   Quick start <quickstart>
   tutorial/index

Reference
---------

.. toctree::

   api
   GitHub <https://github.com/example/handbook>
   self
";
    let files = MemFiles::with(&[
        ("docs/index.rst", index),
        ("docs/installation.rst", "Installation\n============\n"),
        ("docs/quickstart.rst", "Quickstart\n==========\n"),
        (
            "docs/tutorial/index.rst",
            "========\nTutorial\n========\n\n.. toctree::\n   :caption: Steps\n\n   layout\n   /api\n   ../installation\n",
        ),
        (
            "docs/tutorial/layout.md",
            "# Project layout\n\n```{toctree}\n:hidden:\ndetails\n```\n",
        ),
        ("docs/tutorial/details.rst", "Details\n-------\n"),
        (
            "docs/api.rst",
            "API\n===\n\n.. toctree::\n\n   tutorial/index\n",
        ),
    ]);
    insta::assert_snapshot!(check_files(NavFormat::Sphinx, "docs/index.rst", index, &files), @r"
    User Guide
      Installation → installation
      Quick start → quickstart
      Tutorial → tutorial/index
        Project layout → tutorial/layout
          Details → tutorial/details
        API → api
        Installation → installation
      API → api
        Tutorial → tutorial/index
          Project layout → tutorial/layout
            Details → tutorial/details
          Installation → installation
      GitHub → https://github.com/example/handbook
      Welcome to Handbook → index
    warning: docs/api.rst: line 6: circular toctree references: `api` lists `tutorial/index`, which is above it (index → tutorial/index → api → tutorial/index); left out here (Sphinx's HTML build fails on such a cycle)
    warning: docs/tutorial/index.rst: line 9: circular toctree references: `tutorial/index` lists `api`, which is above it (index → api → tutorial/index → api); left out here (Sphinx's HTML build fails on such a cycle)
    ");
    insta::assert_snapshot!(check(NavFormat::Sphinx, index), @r"
    User Guide
      installation → installation
      Quick start → quickstart
      tutorial/index → tutorial/index
      api → api
      GitHub → https://github.com/example/handbook
      Welcome to Handbook → nav
    ");
}

#[test]
fn sphinx_includes_conf_py_globs_and_errors() {
    let files = MemFiles::with(&[
        ("docs/conf.py", "project = 'x'\nmaster_doc = 'contents'\n"),
        (
            "docs/contents.rst",
            "Flask\n=====\n\n.. include:: contents.rst.inc\n",
        ),
        (
            "docs/contents.rst.inc",
            "User's Guide\n------------\n\n.. toctree::\n   :glob:\n\n   foreword\n   patterns/*\n   missing/*\n",
        ),
        ("docs/patterns/b-caching.rst", "Caching\n=======\n"),
        (
            "docs/patterns/a-appfactories.rst",
            "Application Factories\n=====================\n",
        ),
        ("docs/patterns/notes.txt.bak", "not a document\n"),
    ]);
    insta::assert_snapshot!(check_files(NavFormat::Sphinx, "docs/conf.py", "project = 'x'\nmaster_doc = 'contents'\n", &files), @"
    Application Factories → patterns/a-appfactories
    Caching → patterns/b-caching
    warning: docs/contents.rst.inc: line 7: toctree lists `foreword`, which is not in the source folder (something may write it at build time; navdiff cannot tell): left out, as Sphinx leaves out a document it cannot find
    warning: docs/contents.rst.inc: line 9: toctree glob pattern `missing/*` matched no document
    ");
    insta::assert_snapshot!(check(NavFormat::Sphinx, "Title\n=====\n"), @"warning: no `toctree` in the root document");
    // An unclosed fence runs to the end of the document, as in CommonMark.
    let markdown = ReadContext::alone("index.md");
    let read_md = read(
        NavFormat::Sphinx,
        &markdown,
        "# Docs\n\n```{toctree}\nintro\n",
    );
    insta::assert_snapshot!(render(read_md.expect("reads")), @"intro → intro");
}

#[test]
fn sphinx_glob_classes_and_patterns_that_are_not_globs() {
    let files = MemFiles::with(&[
        (
            "index.rst",
            "Docs\n====\n\n.. toctree::\n   :glob:\n\n   [ab]*\n   [unclosed\n",
        ),
        ("alpha.rst", "Alpha\n=====\n"),
        ("beta.rst", "Beta\n====\n"),
        ("gamma.rst", "Gamma\n=====\n"),
    ]);
    let text = "Docs\n====\n\n.. toctree::\n   :glob:\n\n   [ab]*\n   [unclosed\n";
    insta::assert_snapshot!(check_files(NavFormat::Sphinx, "index.rst", text, &files), @r"
    Alpha → alpha
    Beta → beta
    warning: line 8: toctree glob pattern `[unclosed` matched no document
    ");
}

#[test]
fn docusaurus_sidebars_js_with_every_item_kind() {
    let text = "\
// @ts-check
const guides = ['guides/install', { type: 'doc', id: 'guides/deploy', label: 'Deploying' }];
/** @type {import('@docusaurus/plugin-content-docs').SidebarsConfig} */
const sidebars = {
  docs: [
    'intro',
    {
      type: 'category',
      label: 'Guides',
      link: { type: 'doc', id: 'guides/index' },
      items: [...guides, { type: 'ref', id: 'api/overview' }],
    },
    { type: 'link', label: 'GitHub', href: 'https://github.com/example/site' },
    { type: 'html', value: '<hr/>' },
    { type: 'autogenerated', dirName: 'api' },
    require('./generated.js'),
  ],
  api: { Reference: ['api/a', 'api/b'], 'Old reference': [] },
};
module.exports = sidebars;
";
    insta::assert_snapshot!(check(NavFormat::Docusaurus, text), @"
    (sidebar docs)
      intro (title unknown) → intro
      Guides → guides/index
        guides/install (title unknown) → guides/install
        Deploying → guides/deploy
        api/overview (title unknown) → api/overview
      GitHub → https://github.com/example/site
      api (autogenerated)
      (computed)
    (sidebar api)
      Reference
        api/a (title unknown) → api/a
        api/b (title unknown) → api/b
    warning: line 14: an `html` sidebar item has no page; skipped
    warning: line 15: `autogenerated` items from `api` need the docs folder, which is not at hand
    warning: line 16: `require('./generated.js')`: kept as one node, not expanded
    warning: line 18: category `Old reference` has neither items nor a link (Docusaurus refuses to build it); skipped
    ");
}

#[test]
fn docusaurus_v1_json_and_titles_from_the_docs_folder() {
    let text = r#"{
  "docs": {
    "Introduction": ["getting-started", "installation"],
    "Recipes": [
      "recipes/index",
      {"type": "subcategory", "label": "Reducers", "ids": ["recipes/reducers/basics"]}
    ]
  }
}"#;
    let files = MemFiles::with(&[
        (
            "docs/getting-started.md",
            "---\nid: getting-started\ntitle: Getting Started\nsidebar_label: Start here\n---\n",
        ),
        (
            "docs/installation.md",
            "---\ntitle: Installation\n---\n# Ignored\n",
        ),
        ("docs/recipes/index.mdx", "# Recipes\n"),
    ]);
    insta::assert_snapshot!(check_files(NavFormat::Docusaurus, "website/sidebars.json", text, &files), @"
    (sidebar docs)
      Introduction
        Start here → getting-started
        Installation → installation
      Recipes
        Recipes → recipes/index
        Reducers
          recipes/reducers/basics (title unknown) → recipes/reducers/basics
    warning: line 6: no doc with id `recipes/reducers/basics` in `docs` (unless something writes it before the build, Docusaurus stops the build on this; navdiff cannot tell): titled by its id
    ");
}

#[test]
fn docusaurus_autogenerated_from_the_docs_folder() {
    let text = "export default { tutorial: [{ type: 'autogenerated', dirName: '.' }] } satisfies SidebarsConfig;\n";
    let files = MemFiles::with(&[
        (
            "docs/intro.md",
            "---\nsidebar_position: 1\n---\n# Tutorial Intro\n",
        ),
        (
            "docs/basics/_category_.json",
            "{\n  \"label\": \"Tutorial - Basics\",\n  \"position\": 2\n}\n",
        ),
        (
            "docs/basics/create-a-page.md",
            "---\nsidebar_position: 1\n---\n# Create a Page\n",
        ),
        ("docs/basics/congrats.md", "# Congratulations!\n"),
        (
            "docs/extras/_category_.yml",
            "label: 'Tutorial - Extras'\nposition: 3\n",
        ),
        (
            "docs/extras/manage-versions.mdx",
            "---\nid: versions\n---\n# Manage Docs Versions\n",
        ),
        ("docs/assets/logo.png", "not a doc"),
    ]);
    insta::assert_snapshot!(check_files(NavFormat::Docusaurus, "sidebars.ts", text, &files), @"
    (sidebar tutorial)
      Tutorial Intro → intro
      Tutorial - Basics
        Create a Page → basics/create-a-page
        Congratulations! → basics/congrats
      Tutorial - Extras
        Manage Docs Versions → extras/versions
    ");
}

#[test]
fn docusaurus_errors() {
    let ctx = ReadContext::alone("sidebars.js");
    let err = read(
        NavFormat::Docusaurus,
        &ctx,
        "module.exports = {\n  docs: ['a',\n",
    )
    .expect_err("syntax");
    insta::assert_snapshot!(err.to_string(), @"sidebars.js:3:1: invalid JavaScript: Expected `]` but found `EOF`");
}

#[test]
fn vitepress_path_keyed_sidebars_with_base() {
    let text = "\
import { defineConfig } from 'vitepress'
export default defineConfig({
  title: 'Docs',
  themeConfig: {
    nav: nav(),
    sidebar: {
      '/guide/': { base: '/guide/', items: sidebarGuide() },
      '/reference/': [
        { text: 'Reference', items: [{ text: 'Site Config', link: '/reference/site-config' }] },
      ],
    },
  },
})

function sidebarGuide(): DefaultTheme.SidebarItem[] {
  return [
    {
      text: 'Introduction',
      collapsed: false,
      items: [
        { text: 'What is it?', link: 'what-is-it' },
        { text: 'Theme', base: '/reference/default-theme-', items: [{ text: 'Nav', link: 'nav' }] },
        { text: 'Elsewhere', link: 'https://vitejs.dev' },
      ],
    },
  ]
}
";
    let ctx = ReadContext::alone("docs/.vitepress/config.ts");
    let (roots, warnings) = read(NavFormat::Vitepress, &ctx, text).expect("reads");
    let mut out = Vec::new();
    render_outline(&NavTree::new(SourceInfo::default(), roots), &mut out).expect("Vec write");
    assert!(warnings.is_empty(), "{warnings:?}");
    insta::assert_snapshot!(String::from_utf8(out).expect("utf-8"), @"
    (sidebar /guide/)
      Introduction
        What is it? → /guide/what-is-it
        Theme
          Nav → /reference/default-theme-nav
        Elsewhere → https://vitejs.dev
    (sidebar /reference/)
      Reference
        Site Config → /reference/site-config
    ");
}

#[test]
fn vitepress_array_sidebar_and_missing_sidebar() {
    let ctx = ReadContext::alone("config.js");
    let (roots, warnings) = read(
        NavFormat::Vitepress,
        &ctx,
        "export default { themeConfig: { sidebar: [{ text: 'A', link: '/a' }, getItems(x)] } }\n",
    )
    .expect("reads");
    assert_eq!(
        roots,
        [
            Node::page("A", "/a"),
            Node::new("(computed)", None, Vec::new())
        ]
    );
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let err = read(
        NavFormat::Vitepress,
        &ctx,
        "export default { title: 'x' }\n",
    )
    .expect_err("no sidebar");
    assert_eq!(
        err.to_string(),
        "config.js: no `themeConfig.sidebar` in the exported config"
    );
}

/// Files where one path cannot be read (binary, too large, not UTF-8).
struct Unreadable<'a> {
    files: MemFiles,
    bad: &'a str,
}

impl FileAccess for Unreadable<'_> {
    fn read_text(&self, path: &str) -> Result<Option<String>> {
        if path == self.bad {
            return Err(crate::error::Error::invalid(path, "binary file"));
        }
        self.files.read_text(path)
    }

    fn list_dir(&self, path: &str) -> Result<Vec<(String, bool)>> {
        self.files.list_dir(path)
    }
}

#[test]
fn pages_that_cannot_be_read_are_titled_by_name_with_a_warning() {
    let files = |bad, page: &str| Unreadable {
        files: MemFiles::with(&[(page, "# Never read\n")]),
        bad,
    };
    let mkdocs = files("docs/bad-page.md", "docs/bad-page.md");
    insta::assert_snapshot!(check_files(NavFormat::Mkdocs, "mkdocs.yml", "nav:\n  - bad-page.md\n", &mkdocs), @"
    Bad page → bad-page.md
    warning: line 2: cannot read page `bad-page.md` for its title (docs/bad-page.md: binary file); titled by its file name
    ");
    let antora = files("modules/ROOT/pages/bad.adoc", "modules/ROOT/pages/bad.adoc");
    insta::assert_snapshot!(check_files(NavFormat::Antora, "modules/ROOT/nav.adoc", "* xref:bad.adoc[]\n", &antora), @"
    bad.adoc → bad.adoc
    warning: line 1: cannot read page `modules/ROOT/pages/bad.adoc` for its title (modules/ROOT/pages/bad.adoc: binary file); titled by the reference
    ");
    let docusaurus = files("docs/bad.md", "docs/bad.md");
    insta::assert_snapshot!(check_files(NavFormat::Docusaurus, "sidebars.json", "{\"docs\": [\"bad\"]}", &docusaurus), @"
    (sidebar docs)
      bad (title unknown) → bad
    warning: line 1: cannot read doc `bad` (docs/bad.md: binary file); titled by its id
    ");
}

#[test]
fn sphinx_toctrees_docutils_does_not_read_are_not_toctrees() {
    // Sphinx's own docs show toctree examples in literal blocks and code blocks; comments
    // and `.. only::` blocks for other builders hold none either.
    let index = "\
Docs
====

An example::

    .. toctree::

       fake-one

.. code-block:: rst

   .. toctree::

      fake-two

..
   .. toctree::

      fake-three

.. only:: latex

   .. toctree::

      fake-four

.. only:: html

   .. toctree::

      real

.. note::

   .. toctree::

      also-real
";
    let files = MemFiles::with(&[
        ("index.rst", index),
        (
            "real.rst",
            "Real\n====\n\nNot a title::\n\n  Fake\n  ====\n",
        ),
        ("also-real.rst", "Also real\n---------\n"),
    ]);
    insta::assert_snapshot!(check_files(NavFormat::Sphinx, "index.rst", index, &files), @r"
    Real → real
    Also real → also-real
    ");
}

#[test]
fn sphinx_include_fan_out_is_bounded() {
    // Each file includes the next ten times: 10^8 expansions without a budget.
    let mut files = Vec::new();
    for level in 0..8 {
        let text = format!(
            "{}.. toctree::\n\n   page\n",
            format!(".. include:: inc{}.rst\n", level + 1).repeat(10)
        );
        files.push((format!("inc{level}.rst"), text));
    }
    files.push(("inc8.rst".into(), "Leaf\n".into()));
    files.push(("page.rst".into(), "Page\n====\n".into()));
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let files = MemFiles::with(&refs);
    let ctx = ReadContext::alone("inc0.rst").with_files("inc0.rst", &files);
    let err = read(NavFormat::Sphinx, &ctx, &files.0["inc0.rst"]).expect_err("bounded");
    assert!(
        err.to_string()
            .starts_with("inc0.rst: more than 2000 `.. include::` expansions"),
        "{err}"
    );
}

#[test]
fn mkdocs_literate_nav_folders() {
    let config = "site_name: x\nplugins:\n  - literate-nav:\n      nav_file: README.md\n      implicit_index: true\nnav:\n  - Home: index.md\n  - Guide: guide/\n";
    let files = MemFiles::with(&[
        ("mkdocs.yml", config),
        ("docs/index.md", "# Home\n"),
        (
            "docs/guide/README.md",
            "# The Guide\n\nProse around the list.\n\n- [Install](install.md)\n- Topics\n    - [Deep](deep/)\n- *.md\n",
        ),
        ("docs/guide/install.md", "# Installing\n"),
        ("docs/guide/deep/index.md", "# Deep index\n"),
        ("docs/guide/deep/more.md", "# More\n"),
    ]);
    insta::assert_snapshot!(check_files(NavFormat::Mkdocs, "mkdocs.yml", config, &files), @r"
    Home → index.md
    Guide
      The Guide → guide/README.md
      Install → guide/install.md
      Topics
        Deep
          Deep index → guide/deep/index.md
          More → guide/deep/more.md
    warning: docs/guide/README.md: line 8: literate-nav wildcard `*.md` is not expanded by navdiff; left out
    ");
}
