//! Whole sites at two revisions, one a generator (`tests/fixtures/redirects/<generator>/old`
//! and `new`): the URLs each old page had, where it went, which redirects of the new
//! revision cover it, the entries navdiff writes for the rest, and the round trip (pasted as
//! the snippet says, they leave nothing uncovered).

use std::path::Path;

use super::*;
use crate::diff::{DiffOptions, diff};
use crate::formats::{ReadContext, read};
use crate::model::{NavFormat, NavTree, SourceInfo};

use crate::formats::tests::MemFiles;

impl MemFiles {
    fn load(dir: &Path) -> MemFiles {
        let mut files = MemFiles::default();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for entry in std::fs::read_dir(&d).expect("fixture folder") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    let rel = path
                        .strip_prefix(dir)
                        .expect("under the fixture")
                        .to_string_lossy()
                        .replace('\\', "/");
                    files
                        .0
                        .insert(rel, std::fs::read_to_string(&path).expect("text"));
                }
            }
        }
        files
    }
}

fn fixture(generator: &str, rev: &str) -> MemFiles {
    MemFiles::load(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/redirects")
            .join(generator)
            .join(rev),
    )
}

fn tree(format: NavFormat, nav: &str, files: &MemFiles) -> NavTree {
    let text = files.0.get(nav).unwrap_or_else(|| panic!("no {nav}"));
    let ctx = ReadContext::alone(nav).with_files(nav, files);
    let (roots, _) = read(format, &ctx, text).unwrap_or_else(|e| panic!("{e}"));
    NavTree::new(SourceInfo::new(format, Some(nav.to_owned())), roots)
}

fn run(format: NavFormat, nav: &str, old: &MemFiles, new: &MemFiles) -> Check {
    let (old_tree, new_tree) = (tree(format, nav, old), tree(format, nav, new));
    let d = diff(&old_tree, &new_tree, &DiffOptions::default());
    check_all(
        &d,
        Side::new(&old_tree, Some(old)),
        Side::new(&new_tree, Some(new)),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

/// One line an old URL: status, kind, old URL → new URL (or `~` suggestion), and the
/// redirect that covers it.
fn lines(coverage: &Coverage) -> String {
    let mut out = String::new();
    for e in &coverage.entries {
        let to = match (&e.new_url, &e.suggestion) {
            (Some(u), _) => u.clone(),
            (None, Some(s)) => format!("~{s}"),
            (None, None) => "?".into(),
        };
        out.push_str(&format!(
            "{} {} {} → {to}",
            e.status.name(),
            e.kind.name(),
            e.old_url
        ));
        if let Some(r) = &e.redirect {
            out.push_str(&format!(
                " [{} {}:{}{}]",
                r.tool,
                r.file,
                r.line.unwrap_or(0),
                if r.elsewhere { " elsewhere" } else { "" }
            ));
        }
        out.push('\n');
    }
    out
}

/// `snippet` pasted into `files` as its comment lines say: right after the line they name,
/// into the page header (Antora), as a new file, or else at the end of the file.
fn paste(files: &mut MemFiles, snippet: &Snippet) {
    let mut blocks: Vec<(String, Vec<&str>)> = Vec::new();
    for line in snippet.text.lines() {
        if line.starts_with("# no entry for ") || line.starts_with("// no entry for ") {
            continue;
        }
        if let Some(header) = line.strip_prefix("# ").or_else(|| line.strip_prefix("// "))
            && let Some((file, _)) = header.split_once(": ")
            && !file.contains(' ')
        {
            blocks.push((header.to_owned(), Vec::new()));
            continue;
        }
        blocks.last_mut().expect("a header first").1.push(line);
    }
    for (header, body) in blocks {
        let (file, rest) = header.split_once(": ").expect("file: where");
        let body = body.join("\n") + "\n";
        let text = files.0.entry(file.to_owned()).or_default();
        let after_line = rest
            .split("(line ")
            .nth(1)
            .and_then(|r| r.split(')').next())
            .and_then(|n| n.parse::<usize>().ok());
        if rest.starts_with("in the page header") {
            let mut lines: Vec<&str> = text.lines().collect();
            lines.insert(1, body.trim_end());
            *text = lines.join("\n") + "\n";
        } else if let Some(n) = after_line {
            let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
            lines.insert(n, body.trim_end().to_owned());
            *text = lines.join("\n") + "\n";
        } else if rest.starts_with("a new file") {
            *text = body;
        } else {
            text.push_str(&body);
        }
    }
}

/// Pastes the `format` snippet into the new revision and checks again: nothing is left but
/// the removed pages with no evident successor, which get no entry.
fn round_trip(
    format: NavFormat,
    nav: &str,
    old: &MemFiles,
    new: &MemFiles,
    with: SnippetFormat,
) -> String {
    let check = run(format, nav, old, new);
    let snippet = emit(with, &check.coverage, &check.redirects)
        .expect("a syntax for this site")
        .expect("something to add");
    let mut pasted = new.clone();
    paste(&mut pasted, &snippet);
    let again = run(format, nav, old, &pasted);
    let unplaced = check
        .coverage
        .missing()
        .filter(|e| e.destination.is_none())
        .count();
    assert_eq!(
        again.coverage.missing_count(),
        unplaced,
        "after pasting {with}:\n{}\n{}\nnotes: {:?}",
        snippet.text,
        lines(&again.coverage),
        again.coverage.notes
    );
    snippet.text
}

#[test]
fn mkdocs_site() {
    let (old, new) = (fixture("mkdocs", "old"), fixture("mkdocs", "new"));
    let check = run(NavFormat::Mkdocs, "mkdocs.yml", &old, &new);
    let c = &check.coverage;
    assert_eq!(
        lines(c),
        "\
missing moved /beacon/start/install/ → /beacon/start/installation/
redirected moved /beacon/guides/alerts/ → /beacon/guides/alerting/ [mkdocs-redirects mkdocs.yml:17]
missing removed /beacon/guides/legacy-exporters/ → ?
missing moved /beacon/guides/tuning/#cache → /beacon/operations/tuning/#cache
"
    );
    assert_eq!(
        (c.pages, c.still_served),
        (8, 1),
        "the changelog file is still published"
    );
    assert_eq!(c.new_base, "/beacon/");
    let text = round_trip(
        NavFormat::Mkdocs,
        "mkdocs.yml",
        &old,
        &new,
        SnippetFormat::Mkdocs,
    );
    assert_eq!(
        text,
        "\
# mkdocs.yml: add under `redirect_maps:` (line 16) of the `redirects` plugin
        'start/install.md': 'start/installation.md'
        'guides/tuning.md': 'operations/tuning.md#cache'
# no entry for guides/legacy-exporters.md (/beacon/guides/legacy-exporters/): no successor is evident; choose where it should lead
"
    );
    round_trip(
        NavFormat::Mkdocs,
        "mkdocs.yml",
        &old,
        &new,
        SnippetFormat::Netlify,
    );
    round_trip(
        NavFormat::Mkdocs,
        "mkdocs.yml",
        &old,
        &new,
        SnippetFormat::Vercel,
    );
}

#[test]
fn mdbook_book() {
    let (old, new) = (fixture("mdbook", "old"), fixture("mdbook", "new"));
    let nav = "src/SUMMARY.md";
    let check = run(NavFormat::Mdbook, nav, &old, &new);
    assert_eq!(
        lines(&check.coverage),
        "\
missing moved /manual/setup.html → /manual/getting-started/setup.html
redirected moved /manual/config/options.html → /manual/reference/options.html [mdbook book.toml:11]
missing removed /manual/config/old-cli.html → ~/manual/config/index.html
"
    );
    let text = round_trip(NavFormat::Mdbook, nav, &old, &new, SnippetFormat::Mdbook);
    assert_eq!(
        text,
        "\
# book.toml: add to the `[output.html.redirect]` table (line 9)
\"/setup.html\" = \"getting-started/setup.html\"
\"/config/old-cli.html\" = \"index.html\"
"
    );
    round_trip(NavFormat::Mdbook, nav, &old, &new, SnippetFormat::Netlify);
    round_trip(NavFormat::Mdbook, nav, &old, &new, SnippetFormat::Vercel);
}

#[test]
fn sphinx_project() {
    let (old, new) = (fixture("sphinx", "old"), fixture("sphinx", "new"));
    let nav = "docs/index.rst";
    let check = run(NavFormat::Sphinx, nav, &old, &new);
    assert_eq!(
        lines(&check.coverage),
        "\
missing moved /en/latest/install/ → /en/latest/setup/install/
redirected moved /en/latest/usage/cli/ → /en/latest/reference/cli/ [sphinx-reredirects docs/conf.py:10]
missing removed /en/latest/api/ → ?
"
    );
    let text = round_trip(NavFormat::Sphinx, nav, &old, &new, SnippetFormat::Sphinx);
    assert_eq!(
        text,
        "\
# docs/conf.py: add at the end (sphinx-reredirects)
redirects.update({
    \"install\": \"../setup/install/\",
})
# no entry for api (/en/latest/api/): no successor is evident; choose where it should lead
"
    );
    round_trip(NavFormat::Sphinx, nav, &old, &new, SnippetFormat::Netlify);
    round_trip(NavFormat::Sphinx, nav, &old, &new, SnippetFormat::Vercel);
}

#[test]
fn docusaurus_site() {
    let (old, new) = (fixture("docusaurus", "old"), fixture("docusaurus", "new"));
    let nav = "website/sidebars.js";
    let check = run(NavFormat::Docusaurus, nav, &old, &new);
    assert_eq!(
        lines(&check.coverage),
        "\
missing moved /lighthouse/guide/setup/install → /lighthouse/guide/setup/installing
missing moved /lighthouse/guide/configuration → /lighthouse/guide/setup/configuration
redirected moved /lighthouse/guide/setup/network → /lighthouse/guide/operations/network [docusaurus-client-redirects website/docusaurus.config.js:26]
missing removed /lighthouse/guide/legacy-api → ?
"
    );
    let text = round_trip(
        NavFormat::Docusaurus,
        nav,
        &old,
        &new,
        SnippetFormat::Docusaurus,
    );
    assert_eq!(
        text,
        "\
// website/docusaurus.config.js: add to the `redirects:` array of @docusaurus/plugin-client-redirects (line 24)
{ from: '/guide/setup/install', to: '/guide/setup/installing' },
{ from: '/guide/configuration', to: '/guide/setup/configuration' },
// no entry for /guide/legacy-api (/lighthouse/guide/legacy-api): no successor is evident; choose where it should lead
"
    );
    round_trip(
        NavFormat::Docusaurus,
        nav,
        &old,
        &new,
        SnippetFormat::Netlify,
    );
    round_trip(
        NavFormat::Docusaurus,
        nav,
        &old,
        &new,
        SnippetFormat::Vercel,
    );
}

#[test]
fn antora_component() {
    let (old, new) = (fixture("antora", "old"), fixture("antora", "new"));
    let nav = "docs/modules/ROOT/nav.adoc";
    let check = run(NavFormat::Antora, nav, &old, &new);
    assert_eq!(
        lines(&check.coverage),
        "\
redirected moved /site/beacon/2.0/install/ → /site/beacon/2.0/setup/install/ [antora-page-aliases docs/modules/ROOT/pages/setup/install.adoc:2]
missing moved /site/beacon/2.0/upgrade/ → /site/beacon/2.0/setup/upgrade/
missing removed /site/beacon/2.0/troubleshooting/ → ?
"
    );
    let text = round_trip(NavFormat::Antora, nav, &old, &new, SnippetFormat::Antora);
    assert_eq!(
        text,
        "\
// docs/modules/ROOT/pages/setup/upgrade.adoc: in the page header, below the title
:page-aliases: upgrade.adoc
// no entry for ROOT:troubleshooting.adoc (/site/beacon/2.0/troubleshooting/): no successor is evident; choose where it should lead
"
    );
    round_trip(NavFormat::Antora, nav, &old, &new, SnippetFormat::Netlify);
    round_trip(NavFormat::Antora, nav, &old, &new, SnippetFormat::Vercel);
}

#[test]
fn vitepress_site_on_netlify() {
    let (old, new) = (fixture("vitepress", "old"), fixture("vitepress", "new"));
    let nav = "docs/.vitepress/config.mts";
    let check = run(NavFormat::Vitepress, nav, &old, &new);
    assert_eq!(
        lines(&check.coverage),
        "\
missing moved /kite/guide/intro → /kite/guide/introduction
redirected moved /kite/guide/old-name → /kite/guide/new-name [netlify docs/public/_redirects:2]
missing removed /kite/guide/knots → ?
redirected moved /kite/api/v1/client → /kite/reference/client [netlify docs/public/_redirects:3]
"
    );
    let text = round_trip(
        NavFormat::Vitepress,
        nav,
        &old,
        &new,
        SnippetFormat::Netlify,
    );
    assert_eq!(
        text,
        "\
# docs/public/_redirects: add these lines (Netlify serves it from the published folder)
/kite/guide/intro  /kite/guide/introduction  301
# no entry for guide/knots.md (/kite/guide/knots): no successor is evident; choose where it should lead
"
    );
    round_trip(NavFormat::Vitepress, nav, &old, &new, SnippetFormat::Vercel);
    let err = emit(SnippetFormat::Mkdocs, &check.coverage, &check.redirects)
        .expect_err("an MkDocs snippet for a VitePress site");
    assert_eq!(
        err.to_string(),
        "`mkdocs` entries are for a mkdocs site; this one is built with vitepress: use `netlify` or `vercel`"
    );
}

#[test]
fn formats_without_url_rules_say_so() {
    let tree = NavTree::new(
        SourceInfo::new(NavFormat::KeyedYaml, Some("_data/nav.yml".into())),
        vec![crate::model::Node::page("A", "a.html")],
    );
    let d = diff(&tree, &tree, &DiffOptions::default());
    let c = check(&d, Side::new(&tree, None), Side::new(&tree, None)).expect("no I/O");
    assert!(!c.computed);
    assert_eq!(
        c.notes,
        [
            "keyed YAML navigation has no URL rules of its own: navdiff does not compute redirects for it"
        ]
    );
}

#[test]
fn jekyll_redirect_from_covers_pages_of_a_jekyll_site() {
    let old = MemFiles::with(&[
        ("mkdocs.yml", "nav:\n  - Old: old.md\n"),
        ("docs/old.md", "# Old\n"),
    ]);
    let new = MemFiles::with(&[
        ("mkdocs.yml", "nav:\n  - Old: new.md\n"),
        (
            "_config.yml",
            "baseurl: /site\nplugins:\n  - jekyll-redirect-from\n",
        ),
        (
            "docs/new.md",
            "---\ntitle: New\nredirect_from:\n  - /old/\n---\n# New\n",
        ),
    ]);
    let check = run(NavFormat::Mkdocs, "mkdocs.yml", &old, &new);
    assert_eq!(check.coverage.entries.len(), 1);
    // The site's own URLs are under `/`; Jekyll's baseurl puts the redirect under `/site/`.
    assert_eq!(lines(&check.coverage), "missing moved /old/ → /new/\n");
    assert_eq!(check.redirects.rules.len(), 1);
    assert_eq!(
        check.redirects.rules[0].tool,
        RedirectTool::JekyllRedirectFrom
    );
    assert_eq!(
        check
            .redirects
            .find("/site/old/")
            .map(|(_, to)| to)
            .as_deref(),
        Some("/new/")
    );
}

#[test]
fn removed_from_the_nav_but_still_published_needs_nothing() {
    let old = MemFiles::with(&[
        ("mkdocs.yml", "nav:\n  - Keep: keep.md\n  - Gone: gone.md\n"),
        ("docs/keep.md", "# Keep\n"),
        ("docs/gone.md", "# Gone\n"),
    ]);
    let mut new = old.clone();
    new.0
        .insert("mkdocs.yml".into(), "nav:\n  - Keep: keep.md\n".into());
    let c = run(NavFormat::Mkdocs, "mkdocs.yml", &old, &new).coverage;
    assert!(c.entries.is_empty(), "{}", lines(&c));
    assert_eq!(c.still_served, 1);
    // The same in mdBook, which renders only the chapters of SUMMARY.md, needs a redirect.
    let old = MemFiles::with(&[
        (
            "book/src/SUMMARY.md",
            "- [Keep](keep.md)\n- [Gone](gone.md)\n",
        ),
        ("book/src/keep.md", "# Keep\n"),
        ("book/src/gone.md", "# Gone\n"),
    ]);
    let mut new = old.clone();
    new.0
        .insert("book/src/SUMMARY.md".into(), "- [Keep](keep.md)\n".into());
    let c = run(NavFormat::Mdbook, "book/src/SUMMARY.md", &old, &new).coverage;
    assert_eq!(lines(&c), "missing removed /gone.html → ?\n");
}

#[test]
fn settings_that_move_every_url() {
    let old = MemFiles::with(&[
        (
            "mkdocs.yml",
            "nav:\n  - Home: index.md\n  - Guide: guide.md\n",
        ),
        ("docs/index.md", "# Home\n"),
        ("docs/guide.md", "# Guide\n"),
    ]);
    let mut new = old.clone();
    new.0.insert(
        "mkdocs.yml".into(),
        "use_directory_urls: false\nnav:\n  - Home: index.md\n  - Guide: guide.md\n".into(),
    );
    let c = run(NavFormat::Mkdocs, "mkdocs.yml", &old, &new).coverage;
    assert_eq!(
        lines(&c),
        "missing moved /guide/ → /guide.html\n",
        "`/` is served by index.html either way"
    );
    assert_eq!(
        c.entries[0].change, None,
        "no change in the nav explains it"
    );
}

#[test]
fn hostile_configuration_is_an_error_or_a_note_never_a_crash() {
    let deep_toml = format!(
        "[output.html.redirect]\n\"/a.html\" = {}1{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let deep_json = format!(
        "{{\"redirects\": {}1{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let old = MemFiles::with(&[("src/SUMMARY.md", "- [A](a.md)\n"), ("src/a.md", "# A\n")]);
    for (file, text, expect) in [
        ("book.toml", deep_toml.as_str(), Err("book.toml:2:")),
        ("vercel.json", deep_json.as_str(), Err("vercel.json:1:")),
        (
            "src/_redirects",
            &"/a.html /b.html 301\n".repeat(50_000),
            Ok(0),
        ),
        ("netlify.toml", "[[redirects]]\nfrom = 1\n", Ok(1)),
        ("book.toml", "[output.html.redirect\n", Err("book.toml:1:")),
    ] {
        let mut new = MemFiles::with(&[("src/SUMMARY.md", "- [B](b.md)\n"), ("src/b.md", "# B\n")]);
        new.0.insert(file.into(), text.into());
        let (old_tree, new_tree) = (
            tree(NavFormat::Mdbook, "src/SUMMARY.md", &old),
            tree(NavFormat::Mdbook, "src/SUMMARY.md", &new),
        );
        let d = diff(&old_tree, &new_tree, &DiffOptions::default());
        let result = check_all(
            &d,
            Side::new(&old_tree, Some(&old)),
            Side::new(&new_tree, Some(&new)),
        );
        match (result, expect) {
            (Err(e), Err(prefix)) => assert!(e.to_string().starts_with(prefix), "{file}: {e}"),
            (Ok(c), Ok(missing)) => assert_eq!(c.coverage.missing_count(), missing, "{file}"),
            (other, _) => panic!("{file}: {:?}", other.map(|c| c.coverage.missing_count())),
        }
    }
}

/// The URL of every page of `nav` at a revision made of `files`, one a line.
fn urls(format: NavFormat, nav: &str, files: &MemFiles) -> String {
    let t = tree(format, nav, files);
    let site = Site::read(&t, Some(files))
        .expect("reads")
        .expect("URL rules");
    let map = UrlMap::build(&t, &site, Some(files)).expect("builds");
    map.pages
        .iter()
        .flatten()
        .map(|p| format!("{}\n", p.full_url()))
        .collect()
}

#[test]
fn mkdocs_settings_from_inherited_files_and_the_environment() {
    let files = MemFiles::with(&[
        (
            "site/mkdocs.yml",
            "INHERIT: base.yml\nsite_url: !ENV [SITE_URL, 'https://x.dev/handbook/']\nnav:\n  - A: a.md\n  - B: sub/README.md\n  - Old: sub/readme.md\n",
        ),
        ("site/base.yml", "docs_dir: pages\nuse_directory_urls: no\n"),
        ("site/pages/a.md", "# A\n"),
        ("site/pages/sub/README.md", "# B\n"),
    ]);
    assert_eq!(
        urls(NavFormat::Mkdocs, "site/mkdocs.yml", &files),
        "/handbook/a.html\n/handbook/sub/index.html\n/handbook/sub/readme.html\n"
    );
    let t = tree(NavFormat::Mkdocs, "site/mkdocs.yml", &files);
    let site = Site::read(&t, Some(&files)).expect("reads").expect("rules");
    assert_eq!(
        site.notes,
        [
            "`site_url` comes from the environment (!ENV); its default `https://x.dev/handbook/` is assumed"
        ]
    );
    // A README beside an index.md is left out of the site.
    let files = MemFiles::with(&[
        (
            "mkdocs.yml",
            "nav:\n  - I: guide/index.md\n  - R: guide/README.md\n",
        ),
        ("docs/guide/index.md", "# I\n"),
        ("docs/guide/README.md", "# R\n"),
    ]);
    assert_eq!(urls(NavFormat::Mkdocs, "mkdocs.yml", &files), "/guide/\n");
}

#[test]
fn docusaurus_versions_slugs_and_trailing_slashes() {
    let config = "module.exports = { baseUrl: '/', trailingSlash: true, presets: [['classic', { docs: { routeBasePath: '/', sidebarPath: require.resolve('./sidebars.js') } }]] };\n";
    let files = MemFiles::with(&[
        ("docusaurus.config.js", config),
        ("versions.json", "[\"2.0\", \"1.0\"]\n"),
        (
            "sidebars.js",
            "module.exports = { s: ['intro', 'guides/guides', 'guides/readme-ish', { type: 'category', label: 'More', link: { type: 'generated-index', slug: '/more' }, items: ['2021-11-notes'] }] };\n",
        ),
        ("docs/intro.md", "---\nslug: /\n---\n# Intro\n"),
        ("docs/01-guides/guides.md", "# Guides\n"),
        (
            "docs/01-guides/readme-ish.md",
            "---\nslug: ../elsewhere\n---\n# R\n",
        ),
        ("docs/2021-11-notes.md", "# Notes\n"),
        (
            "versioned_sidebars/version-1.0-sidebars.json",
            "{ \"s\": [\"version-1.0/intro\", \"setup\"] }\n",
        ),
        ("versioned_docs/version-1.0/intro.md", "# Intro\n"),
        ("versioned_docs/version-1.0/setup.md", "# Setup\n"),
        (
            "versioned_sidebars/version-2.0-sidebars.json",
            "{ \"s\": [\"intro\"] }\n",
        ),
        ("versioned_docs/version-2.0/intro.md", "# Intro\n"),
    ]);
    // The current docs are `next` once versions exist; `01-guides/guides.md` is not the
    // folder's index (the raw folder name has its prefix); a relative slug resolves against
    // the folder; dates are no number prefixes.
    assert_eq!(
        urls(NavFormat::Docusaurus, "sidebars.js", &files),
        "/next/\n/next/guides/guides/\n/next/elsewhere/\n/next/more/\n/next/2021-11-notes/\n"
    );
    assert_eq!(
        urls(
            NavFormat::Docusaurus,
            "versioned_sidebars/version-1.0-sidebars.json",
            &files
        ),
        "/1.0/intro/\n/1.0/setup/\n"
    );
    assert_eq!(
        urls(
            NavFormat::Docusaurus,
            "versioned_sidebars/version-2.0-sidebars.json",
            &files
        ),
        "/intro/\n",
        "the latest version is served without its segment"
    );
}

#[test]
fn sphinx_suffixes_root_documents_and_rediraffe_files() {
    let conf = "extensions = ['sphinxext.rediraffe', 'myst_parser']\nhtml_file_suffix = '.htm'\nroot_doc = 'contents'\nrediraffe_redirects = 'redirects.txt'\n";
    let old = MemFiles::with(&[
        ("doc/conf.py", conf),
        ("doc/contents.rst", ".. toctree::\n\n   a\n   b\n   c\n"),
        ("doc/a.rst", "AAAA\n====\n"),
        ("doc/b.rst", "BBBB\n====\n"),
        ("doc/c.md", "# C\n"),
    ]);
    let new = MemFiles::with(&[
        ("doc/conf.py", conf),
        ("doc/contents.rst", ".. toctree::\n\n   z\n"),
        ("doc/z.rst", "ZZZZ\n====\n"),
        ("doc/redirects.txt", "a.rst y.rst\ny.rst z.rst\n"),
    ]);
    let check = run(NavFormat::Sphinx, "doc/contents.rst", &old, &new);
    assert_eq!(
        lines(&check.coverage),
        "\
redirected removed /a.htm → ? [sphinx-rediraffe doc/redirects.txt:1]
missing removed /b.htm → ?
missing removed /c.htm → ?
"
    );
    assert_eq!(
        check.coverage.entries[0]
            .redirect
            .as_ref()
            .map(|r| r.to.as_str()),
        Some("/z.htm"),
        "a chain is followed to its end"
    );
    let text = round_trip(
        NavFormat::Sphinx,
        "doc/contents.rst",
        &old,
        &new,
        SnippetFormat::Sphinx,
    );
    assert_eq!(
        text,
        "# no entry for b (/b.htm): no successor is evident; choose where it should lead\n# no entry for c (/c.htm): no successor is evident; choose where it should lead\n"
    );
}

#[test]
fn antora_styles_segments_and_aliases_across_modules() {
    let playbook = "site:\n  url: https://docs.example.com\nurls:\n  html_extension_style: drop\n  latest_version_segment: current\n";
    let old = MemFiles::with(&[
        ("antora-playbook.yml", playbook),
        ("docs/antora.yml", "name: kit\nversion: '3.1'\n"),
        (
            "docs/modules/ROOT/nav.adoc",
            "* xref:index.adoc[Home]\n* xref:ops:deploy.adoc[Deploy]\n* xref:old.adoc#part[Old part]\n",
        ),
    ]);
    let new = MemFiles::with(&[
        ("antora-playbook.yml", playbook),
        ("docs/antora.yml", "name: kit\nversion: '3.2'\n"),
        (
            "docs/modules/ROOT/nav.adoc",
            "* xref:index.adoc[Home]\n* xref:ops:shipping/deploy.adoc[Deploy]\n",
        ),
        (
            "docs/modules/ops/pages/shipping/deploy.adoc",
            "= Deploy\n:page-aliases: deploy.adoc, ROOT:gone.adoc\n",
        ),
        ("docs/modules/ROOT/pages/index.adoc", "= Kit\n"),
    ]);
    let check = run(NavFormat::Antora, "docs/modules/ROOT/nav.adoc", &old, &new);
    assert_eq!(
        lines(&check.coverage),
        "\
redirected moved /kit/current/ops/deploy → /kit/current/ops/shipping/deploy [antora-page-aliases docs/modules/ops/pages/shipping/deploy.adoc:2]
missing removed /kit/current/old#part → ?
"
    );
    assert!(
        check
            .coverage
            .notes
            .iter()
            .any(|n| n.contains("changed from `3.1` to `3.2`")),
        "{:?}",
        check.coverage.notes
    );
    let text = round_trip(
        NavFormat::Antora,
        "docs/modules/ROOT/nav.adoc",
        &old,
        &new,
        SnippetFormat::Antora,
    );
    assert_eq!(
        text,
        "// no entry for ROOT:old.adoc (/kit/current/old): no successor is evident; choose where it should lead\n"
    );
}

#[test]
fn vitepress_source_folders_and_rewrites() {
    let config = |sidebar: &str| {
        format!(
            "export default {{ srcDir: 'src', rewrites: {{ 'pkg/:name/README.md': ':name/index.md' }}, themeConfig: {{ sidebar: [{sidebar}] }} }}\n"
        )
    };
    let files = MemFiles::with(&[
        (
            ".vitepress/config.ts",
            &config("{ text: 'A', link: '/alpha/' }, { text: 'B', link: '/beta.md' }"),
        ),
        ("src/pkg/alpha/README.md", "# A\n"),
        ("src/beta.md", "# B\n"),
    ]);
    let t = tree(NavFormat::Vitepress, ".vitepress/config.ts", &files);
    let site = Site::read(&t, Some(&files)).expect("reads").expect("rules");
    let map = UrlMap::build(&t, &site, Some(&files)).expect("builds");
    let pages: Vec<(String, Option<String>)> = map
        .pages
        .iter()
        .flatten()
        .map(|p| (p.url.clone(), p.source.clone()))
        .collect();
    assert_eq!(
        pages,
        [
            (
                "/alpha/".to_owned(),
                Some("src/pkg/alpha/README.md".to_owned())
            ),
            ("/beta.html".to_owned(), Some("src/beta.md".to_owned())),
        ]
    );
}

/// An mdBook book whose chapter `a.md` moved to `b.md`, with `extra` files in the new
/// revision.
fn moved_chapter(extra: &[(&str, &str)]) -> (MemFiles, MemFiles) {
    let old = MemFiles::with(&[("src/SUMMARY.md", "- [A](a.md)\n"), ("src/a.md", "# A\n")]);
    let mut new = MemFiles::with(&[("src/SUMMARY.md", "- [A](b.md)\n"), ("src/b.md", "# A\n")]);
    for (p, t) in extra {
        new.0.insert((*p).to_owned(), (*t).to_owned());
    }
    (old, new)
}

#[test]
fn netlify_toml_and_vercel_json_are_read_and_extended() {
    let nav = "src/SUMMARY.md";
    // netlify.toml only: its `[[redirects]]` are read, and extended in their own syntax.
    let (old, new) = moved_chapter(&[(
        "netlify.toml",
        "[build]\npublish = \"book\"\n\n[[redirects]]\nfrom = \"/gone.html\"\nto = \"/\"\n",
    )]);
    let text = round_trip(NavFormat::Mdbook, nav, &old, &new, SnippetFormat::Netlify);
    assert_eq!(
        text,
        "# netlify.toml: add at the end\n[[redirects]]\n  from = \"/a.html\"\n  to = \"/b.html\"\n  status = 301\n"
    );
    // A rule that applies only on conditions does not count.
    let (old, new) = moved_chapter(&[(
        "netlify.toml",
        "[[redirects]]\nfrom = \"/a.html\"\nto = \"/b.html\"\n[redirects.conditions]\nLanguage = [\"fr\"]\n",
    )]);
    let check = run(NavFormat::Mdbook, nav, &old, &new);
    assert_eq!(check.coverage.missing_count(), 1);
    assert!(
        check
            .coverage
            .notes
            .iter()
            .any(|n| n.contains("applies only on conditions")),
        "{:?}",
        check.coverage.notes
    );
    // vercel.json with a `redirects` array: entries go into it; rewrites serve content.
    let (old, new) = moved_chapter(&[(
        "vercel.json",
        "{\n  \"cleanUrls\": false,\n  \"redirects\": [\n    { \"source\": \"/x.html\", \"destination\": \"/\" }\n  ]\n}\n",
    )]);
    let text = round_trip(NavFormat::Mdbook, nav, &old, &new, SnippetFormat::Vercel);
    assert_eq!(
        text,
        "// vercel.json: add to the \"redirects\" array (line 3)\n{ \"source\": \"/a.html\", \"destination\": \"/b.html\", \"permanent\": true },\n"
    );
    let (old, new) = moved_chapter(&[(
        "vercel.json",
        "{ \"rewrites\": [{ \"source\": \"/:page(.*).html\", \"destination\": \"/b.html\" }, { \"source\": \"/a.html\", \"destination\": \"/b.html\" }] }\n",
    )]);
    let check = run(NavFormat::Mdbook, nav, &old, &new);
    assert_eq!(
        check.coverage.missing_count(),
        0,
        "{}",
        lines(&check.coverage)
    );
    assert!(
        check
            .coverage
            .notes
            .iter()
            .any(|n| n.contains("regular expression")),
        "{:?}",
        check.coverage.notes
    );
}

#[test]
fn sphinx_extensions_must_be_enabled_and_wildcards_cover_nothing_gone() {
    let old = MemFiles::with(&[
        ("conf.py", "extensions = []\n"),
        ("index.rst", ".. toctree::\n\n   a\n   b\n"),
        ("a.rst", "AAAA\n====\n"),
        ("b.rst", "BBBB\n====\n"),
    ]);
    let conf = "extensions = ['sphinxext.rediraffe']\nredirects = {'a': 'c.html'}\nrediraffe_redirects = {'b.rst': 'c.rst'}\nredirects_wild = 1\n";
    let new = MemFiles::with(&[
        ("conf.py", conf),
        ("index.rst", ".. toctree::\n\n   c\n"),
        ("c.rst", "CCCC\n====\n"),
    ]);
    let check = run(NavFormat::Sphinx, "index.rst", &old, &new);
    assert_eq!(
        lines(&check.coverage),
        "missing removed /a.html → ?\nredirected removed /b.html → ? [sphinx-rediraffe conf.py:3]\n"
    );
    assert!(
        check
            .coverage
            .notes
            .iter()
            .any(|n| n.contains("`sphinx_reredirects` is not in `extensions`")),
        "{:?}",
        check.coverage.notes
    );
    // The dict form is extended with `update`.
    let text = round_trip(
        NavFormat::Sphinx,
        "index.rst",
        &old,
        &new,
        SnippetFormat::Sphinx,
    );
    assert_eq!(
        text,
        "# no entry for a (/a.html): no successor is evident; choose where it should lead\n"
    );
    // sphinx-reredirects' wildcards expand to documents that exist: never to one that is gone.
    let new = MemFiles::with(&[
        (
            "conf.py",
            "extensions = ['sphinx_reredirects']\nredirects = {'*': 'c.html'}\n",
        ),
        ("index.rst", ".. toctree::\n\n   c\n"),
        ("c.rst", "CCCC\n====\n"),
    ]);
    let check = run(NavFormat::Sphinx, "index.rst", &old, &new);
    assert_eq!(check.coverage.missing_count(), 2);
    assert!(
        check
            .coverage
            .notes
            .iter()
            .any(|n| n.contains("is a wildcard")),
        "{:?}",
        check.coverage.notes
    );
}

/// A removed page leads where a successor is evident: a new page or section of the same
/// title in its place (the section's first page), else its nearest ancestor that is still a
/// page; where neither is, there is no suggestion and no entry, only a comment.
#[test]
fn suggestions_are_successors_or_nothing() {
    let old = MemFiles::with(&[
        (
            "mkdocs.yml",
            "site_name: Lighthouses\nplugins:\n  - redirects:\n      redirect_maps:\n        'keepers.md': 'history/keepers.md'\nnav:\n  - Home: index.md\n  - Lenses: lenses.md\n  - Towers:\n      - towers/index.md\n      - Stone: towers/stone.md\n  - Fog signals: fog.md\n",
        ),
        ("docs/index.md", "# Home\n"),
        ("docs/lenses.md", "# Lenses\n"),
        ("docs/towers/index.md", "# Towers\n"),
        ("docs/towers/stone.md", "# Stone\n"),
        ("docs/fog.md", "# Fog signals\n"),
        ("docs/history/keepers.md", "# Keepers\n"),
    ]);
    // "Lenses" became a section in its place; "Stone" left the Towers section, which has
    // no URL of its own (its index page is a child); "Fog signals" left without a successor;
    // the redirect for the old keepers page is gone with the plugin.
    let new = MemFiles::with(&[
        (
            "mkdocs.yml",
            "site_name: Lighthouses\nnav:\n  - Home: index.md\n  - Lenses:\n      - Fresnel: lenses/fresnel.md\n      - Catoptric: lenses/catoptric.md\n  - Towers:\n      - towers/index.md\n  - Keepers: history/keepers.md\n",
        ),
        ("docs/index.md", "# Home\n"),
        ("docs/lenses/fresnel.md", "# Fresnel\n"),
        ("docs/lenses/catoptric.md", "# Catoptric\n"),
        ("docs/towers/index.md", "# Towers\n"),
        ("docs/history/keepers.md", "# Keepers\n"),
    ]);
    let check = run(NavFormat::Mkdocs, "mkdocs.yml", &old, &new);
    assert_eq!(
        lines(&check.coverage),
        "missing removed /lenses/ → ~/lenses/fresnel/\n\
         missing removed /towers/stone/ → ?\n\
         missing removed /fog/ → ?\n\
         missing redirect-removed /keepers/ → ~/history/keepers/\n"
    );
    let removed = &check.coverage.entries[3];
    let was = removed.old_redirect.as_ref().expect("the old redirect");
    assert_eq!(
        (was.file.as_str(), was.line, was.to.as_str()),
        ("mkdocs.yml", Some(5), "/history/keepers/")
    );
    let snippet = emit(SnippetFormat::Mkdocs, &check.coverage, &check.redirects)
        .expect("an MkDocs site")
        .expect("entries");
    assert_eq!(
        snippet.text,
        "\
# mkdocs.yml: add this block; it needs `pip install mkdocs-redirects` (listing `plugins:` replaces MkDocs' default `search`, so keep it)
plugins:
  - search
  - redirects:
      redirect_maps:
        'lenses.md': 'lenses/fresnel.md'
        'keepers.md': 'history/keepers.md'
# no entry for towers/stone.md (/towers/stone/): no successor is evident; choose where it should lead
# no entry for fog.md (/fog/): no successor is evident; choose where it should lead
"
    );
    let items = crate::report::redirects::needs_redirect_items(&check.coverage);
    assert_eq!(
        items,
        [
            "Lenses: `/lenses/` (removed; suggest `/lenses/fresnel/`)",
            "Towers › Stone: `/towers/stone/` (removed; no successor evident)",
            "Fog signals: `/fog/` (removed; no successor evident)",
            "`/keepers/` (redirect removed: mkdocs.yml:5 at the old revision led to `/history/keepers/`)",
        ]
    );
}

/// A removed chapter of a book whose parent chapter stays is sent to that chapter: the
/// nearest ancestor that still has a URL.
#[test]
fn a_removed_chapter_is_sent_to_its_parent_chapter() {
    let book = "[book]\ntitle = \"Knots\"\n";
    let old = MemFiles::with(&[
        ("book.toml", book),
        (
            "src/SUMMARY.md",
            "# Summary\n\n- [Bends](bends.md)\n  - [Sheet bend](bends/sheet.md)\n  - [Carrick bend](bends/carrick.md)\n",
        ),
    ]);
    let new = MemFiles::with(&[
        ("book.toml", book),
        (
            "src/SUMMARY.md",
            "# Summary\n\n- [Bends](bends.md)\n  - [Sheet bend](bends/sheet.md)\n",
        ),
    ]);
    let check = run(NavFormat::Mdbook, "src/SUMMARY.md", &old, &new);
    assert_eq!(
        lines(&check.coverage),
        "missing removed /bends/carrick.html → ~/bends.html\n"
    );
}
