//! Hand-written fixtures for every reader, with the exact tree each gives.

use super::*;
use crate::model::{NavTree, SourceInfo};
use crate::report::render_outline;

/// The outline of what `format` reads from `text`, then its warnings.
fn check(format: NavFormat, text: &str) -> String {
    let (roots, warnings) = read(format, "nav", text).unwrap_or_else(|e| panic!("{e}"));
    let mut out = Vec::new();
    render_outline(&NavTree::new(SourceInfo::default(), roots), &mut out).expect("Vec write");
    let mut out = String::from_utf8(out).expect("UTF-8");
    for w in warnings {
        out.push_str(&format!("warning: {w}\n"));
    }
    out
}

fn check_err(format: NavFormat, text: &str) -> String {
    read(format, "nav", text)
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
        assert_eq!(detect(path, text), expected, "{path}");
    }
}
