//! `navdiff redirects` on a small site per generator (`tests/fixtures/redirects/<generator>`),
//! committed at two revisions: the old URLs that no longer serve a page, the redirects that
//! cover them, `--exit-code`, the JSON against its schema, and the round trip: the entries
//! navdiff writes, pasted where their first line says, leave nothing uncovered.

use std::path::Path;

use serde_json::Value;

use crate::support::cmd::navdiff;
use crate::support::fixture;
use crate::support::git::TestRepo;

/// Every file under `dir`, as (path, text), in path order.
fn files(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
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
                out.push((rel, std::fs::read_to_string(&path).expect("text")));
            }
        }
    }
    out.sort();
    out
}

/// A repository with the generator's old site tagged `v1` and its new site tagged `v2`.
fn site(generator: &str) -> TestRepo {
    let old = files(&fixture(&format!("redirects/{generator}/old")));
    let new = files(&fixture(&format!("redirects/{generator}/new")));
    let mut repo = TestRepo::new();
    let as_refs = |files: &[(String, String)]| -> Vec<(String, Option<String>)> {
        files
            .iter()
            .map(|(p, t)| (p.clone(), Some(t.clone())))
            .collect()
    };
    let commit = |repo: &mut TestRepo, message: &str, files: &[(String, Option<String>)]| {
        let refs: Vec<(&str, Option<&str>)> = files
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_deref()))
            .collect();
        repo.commit(message, &refs);
    };
    commit(&mut repo, "old site", &as_refs(&old));
    repo.tag("v1");
    let mut changes = as_refs(&new);
    changes.extend(
        old.iter()
            .filter(|(p, _)| !new.iter().any(|(q, _)| q == p))
            .map(|(p, _)| (p.clone(), None)),
    );
    commit(&mut repo, "new site", &changes);
    repo.tag("v2");
    repo
}

fn schema() -> Value {
    let text =
        std::fs::read_to_string(fixture("../../schema/navdiff.redirects.v1.json")).expect("schema");
    serde_json::from_str(&text).expect("schema is JSON")
}

/// `redirects OLD NEW -f json` in `repo`, checked against the schema.
fn json(repo: &TestRepo, old: &str, new: &str) -> Value {
    let out = navdiff(&["redirects", old, new, "--repo", repo.arg(), "-f", "json"]);
    out.assert_code(0);
    let doc: Value = serde_json::from_str(&out.stdout).expect("JSON");
    let errors = crate::support::schema::validate(&schema(), &doc);
    assert!(errors.is_empty(), "{errors:#?}\n{doc:#}");
    doc
}

/// `status kind old → new-or-~suggestion`, one a URL.
fn summary(doc: &Value) -> Vec<String> {
    doc["urls"]
        .as_array()
        .expect("urls")
        .iter()
        .map(|u| {
            let to = u["new_url"]
                .as_str()
                .map(str::to_owned)
                .or_else(|| u["suggestion"].as_str().map(|s| format!("~{s}")))
                .unwrap_or_default();
            format!(
                "{} {} {} → {to}",
                u["status"].as_str().unwrap_or("?"),
                u["kind"].as_str().unwrap_or("?"),
                u["old_url"].as_str().unwrap_or("?"),
            )
        })
        .collect()
}

/// Pastes `snippet` into the working tree of `repo` as its comment lines say: right after
/// the line they name, into a page's header, as a new file, or at the end of the file.
fn paste(repo: &TestRepo, snippet: &str) {
    let mut blocks: Vec<(String, Vec<&str>)> = Vec::new();
    for line in snippet.lines() {
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
        let path = repo.path().join(file);
        let mut text = std::fs::read_to_string(&path).unwrap_or_default();
        let body = body.join("\n") + "\n";
        let after = rest
            .split("(line ")
            .nth(1)
            .and_then(|r| r.split(')').next())
            .and_then(|n| n.parse::<usize>().ok());
        if rest.starts_with("in the page header") {
            let mut lines: Vec<&str> = text.lines().collect();
            lines.insert(1.min(lines.len()), body.trim_end());
            text = lines.join("\n") + "\n";
        } else if let Some(n) = after {
            let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
            lines.insert(n, body.trim_end().to_owned());
            text = lines.join("\n") + "\n";
        } else if rest.starts_with("a new file") {
            text = body;
        } else {
            text.push_str(&body);
        }
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, text).expect("write");
    }
}

/// How many old URLs of a `navdiff.redirects.v1` document need a redirect and have no
/// evident successor (no entry is written for them).
fn unplaced(doc: &serde_json::Value) -> usize {
    doc["urls"]
        .as_array()
        .expect("urls")
        .iter()
        .filter(|u| {
            u["status"] == "missing" && u.get("new_url").is_none() && u.get("suggestion").is_none()
        })
        .count()
}

/// The whole check for one generator: URLs, exit codes, JSON, and the round trip through
/// `format` (committed as `v3`, and straight from the working tree): after pasting, only the
/// removed pages with no evident successor, which get no entry, are left.
fn check(generator: &str, expected: &[&str], format: &str) {
    let mut repo = site(generator);
    let doc = json(&repo, "v1", "v2");
    assert_eq!(summary(&doc), expected, "{generator}");
    let unplaced = unplaced(&doc);
    let left = u8::from(unplaced > 0);
    navdiff(&["redirects", "v1", "v2", "--repo", repo.arg(), "--exit-code"]).assert_code(1);
    navdiff(&["redirects", "v1", "v1", "--repo", repo.arg(), "--exit-code"]).assert_code(0);

    let out = navdiff(&["redirects", "v1..v2", "--repo", repo.arg(), "-f", format]);
    out.assert_code(0);
    paste(&repo, &out.stdout);
    // Straight from the working tree (the default new side)…
    let out = navdiff(&["redirects", "v1", "--repo", repo.arg(), "--exit-code"]);
    out.assert_code(left);
    assert!(
        unplaced > 0
            || out.stdout.contains("redirects cover them all")
            || out.stdout.contains("a redirect covers it"),
        "{}",
        out.stdout
    );
    // …and committed.
    repo.commit("add the redirects", &[]);
    repo.tag("v3");
    let doc = json(&repo, "v1", "v3");
    assert_eq!(doc["summary"]["missing"], unplaced, "{doc:#}");
    navdiff(&["redirects", "v1", "v3", "--repo", repo.arg(), "--exit-code"]).assert_code(left);
}

#[test]
fn mkdocs() {
    check(
        "mkdocs",
        &[
            "missing moved /beacon/start/install/ → /beacon/start/installation/",
            "redirected moved /beacon/guides/alerts/ → /beacon/guides/alerting/",
            "missing removed /beacon/guides/legacy-exporters/ → ",
            "missing moved /beacon/guides/tuning/#cache → /beacon/operations/tuning/#cache",
        ],
        "mkdocs",
    );
}

#[test]
fn mdbook() {
    check(
        "mdbook",
        &[
            "missing moved /manual/setup.html → /manual/getting-started/setup.html",
            "redirected moved /manual/config/options.html → /manual/reference/options.html",
            "missing removed /manual/config/old-cli.html → ~/manual/config/index.html",
        ],
        "mdbook",
    );
}

#[test]
fn sphinx() {
    check(
        "sphinx",
        &[
            "missing moved /en/latest/install/ → /en/latest/setup/install/",
            "redirected moved /en/latest/usage/cli/ → /en/latest/reference/cli/",
            "missing removed /en/latest/api/ → ",
        ],
        "sphinx",
    );
}

#[test]
fn docusaurus() {
    check(
        "docusaurus",
        &[
            "missing moved /lighthouse/guide/setup/install → /lighthouse/guide/setup/installing",
            "missing moved /lighthouse/guide/configuration → /lighthouse/guide/setup/configuration",
            "redirected moved /lighthouse/guide/setup/network → /lighthouse/guide/operations/network",
            "missing removed /lighthouse/guide/legacy-api → ",
        ],
        "docusaurus",
    );
}

#[test]
fn docusaurus_1_to_2() {
    // Docusaurus 1 (`siteConfig.js`: `docsUrl: ''`, `cleanUrl: true`) to Docusaurus 2
    // (`routeBasePath: '/'`): the docs that kept their id keep their URL, with no `/docs/`
    // and no `.html`; the v1 headers (`title: Basics: …`) are read as v1 reads them.
    let repo = site("docusaurus-1");
    let doc = json(&repo, "v1", "v2");
    assert_eq!(
        summary(&doc),
        ["missing moved /tidepool/basics/pools → /tidepool/guides/pools"],
        "{doc:#}"
    );
    // `reference/index` stays at its own slug: the site's 2.0.0-beta.7 predates the
    // folder-URL convention for index docs (2.0.0-beta.9).
    assert_eq!(doc["summary"]["pages"], 4, "{doc:#}");
    assert_eq!(doc["old"]["base"], "/tidepool/", "{doc:#}");
    let notes = doc["notes"].to_string();
    assert!(
        notes.contains("`cleanUrl`: Docusaurus 1 serves each doc at `<id>` and at `<id>.html`"),
        "{notes}"
    );
    assert!(notes.contains("@docusaurus/core 2.0.0-beta.7"), "{notes}");
    // The other way round, the v1 site serves both the clean and the `.html` URL.
    let doc = json(&repo, "v2", "v1");
    assert_eq!(
        summary(&doc),
        ["missing moved /tidepool/guides/pools → /tidepool/basics/pools"],
        "{doc:#}"
    );
}

#[test]
fn antora() {
    check(
        "antora",
        &[
            "redirected moved /site/beacon/2.0/install/ → /site/beacon/2.0/setup/install/",
            "missing moved /site/beacon/2.0/upgrade/ → /site/beacon/2.0/setup/upgrade/",
            "missing removed /site/beacon/2.0/troubleshooting/ → ",
        ],
        "antora",
    );
}

#[test]
fn vitepress_on_netlify() {
    check(
        "vitepress",
        &[
            "missing moved /kite/guide/intro → /kite/guide/introduction",
            "redirected moved /kite/guide/old-name → /kite/guide/new-name",
            "missing removed /kite/guide/knots → ",
            "redirected moved /kite/api/v1/client → /kite/reference/client",
        ],
        "netlify",
    );
}

#[test]
fn hosts_round_trip_for_any_generator() {
    for generator in ["mkdocs", "mdbook", "sphinx", "docusaurus", "antora"] {
        for host in ["netlify", "vercel"] {
            let mut repo = site(generator);
            let left = unplaced(&json(&repo, "v1", "v2"));
            let out = navdiff(&["redirects", "v1", "v2", "--repo", repo.arg(), "-f", host]);
            out.assert_code(0);
            paste(&repo, &out.stdout);
            repo.commit("host redirects", &[]);
            let doc = json(&repo, "v1", "HEAD");
            assert_eq!(
                doc["summary"]["missing"], left,
                "{generator} {host}: {doc:#}"
            );
        }
    }
}

#[test]
fn a_generator_s_own_syntax_needs_that_generator() {
    let repo = site("vitepress");
    let out = navdiff(&[
        "redirects",
        "v1",
        "v2",
        "--repo",
        repo.arg(),
        "-f",
        "mkdocs",
    ]);
    out.assert_code(2);
    assert_eq!(
        out.stderr,
        "error: `mkdocs` entries are for a mkdocs site; this one is built with vitepress: use `netlify` or `vercel`\n"
    );
}

#[test]
fn formats_without_url_rules_say_so() {
    let mut repo = TestRepo::new();
    repo.commit(
        "nav",
        &[("_data/navigation.yml", Some("- title: A\n  url: /a/\n"))],
    );
    repo.tag("v1");
    repo.commit(
        "nav",
        &[("_data/navigation.yml", Some("- title: B\n  url: /b/\n"))],
    );
    let nav = ["--nav", "_data/navigation.yml"];
    let mut args = vec![
        "redirects",
        "v1",
        "HEAD",
        "--repo",
        repo.arg(),
        "-f",
        "json",
    ];
    args.extend(nav);
    let out = navdiff(&args);
    out.assert_code(0);
    let doc: Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert!(crate::support::schema::validate(&schema(), &doc).is_empty());
    assert_eq!(doc["computed"], false);
    assert_eq!(
        doc["notes"][0],
        "keyed YAML navigation has no URL rules of its own: navdiff does not compute redirects for it"
    );
    let mut args = vec![
        "redirects",
        "v1",
        "HEAD",
        "--repo",
        repo.arg(),
        "-f",
        "netlify",
    ];
    args.extend(nav);
    let out = navdiff(&args);
    out.assert_code(2);
    assert!(
        out.stderr
            .starts_with("error: no redirects to write: keyed YAML"),
        "{}",
        out.stderr
    );
}

/// Configuration and redirect files that are links out of the repository are not read: the
/// check says so, and nothing of the outside file reaches the output.
#[cfg(unix)]
#[test]
fn links_out_of_the_repository_are_not_followed() {
    let outside = tempfile::tempdir().expect("temp dir");
    let canary = outside.path().join("secret");
    std::fs::write(
        &canary,
        "/old.html /CANARY-7f3a.html 301\n[output.html]\nsite-url = \"/CANARY-7f3a/\"\n",
    )
    .expect("canary");
    let mut repo = TestRepo::new();
    repo.commit(
        "book",
        &[
            ("src/SUMMARY.md", Some("- [Old](old.md)\n")),
            ("src/old.md", Some("# Old\n")),
        ],
    );
    repo.tag("v1");
    repo.write(&[
        ("src/SUMMARY.md", Some("- [New](new.md)\n")),
        ("src/new.md", Some("# New\n")),
    ]);
    for name in ["src/_redirects", "book.toml"] {
        std::os::unix::fs::symlink(&canary, repo.path().join(name)).expect("symlink");
    }
    let out = navdiff(&["redirects", "v1", "--repo", repo.arg(), "-f", "json"]);
    out.assert_code(0);
    assert!(
        !out.stdout.contains("CANARY") && !out.stderr.contains("CANARY"),
        "{}{}",
        out.stdout,
        out.stderr
    );
    let doc: Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(doc["summary"]["missing"], 1, "{doc:#}");
    let notes = doc["notes"].to_string();
    assert!(
        notes.contains("src/_redirects") && notes.contains("book.toml"),
        "{notes}"
    );
}

/// The HTML page marks the removed page a redirect covers, and has nothing that needs one.
fn html_marks_the_redirected_page(out: &crate::support::cmd::Output) {
    out.assert_code(0);
    assert!(
        out.stdout.contains(
            "<span class=\"title\">Legacy exporters</span> <code class=\"target\">guides/legacy-exporters.md</code> <span class=\"badge k-removed\">removed</span> <span class=\"badge redirected\" title=\"a redirect covers its old URLs\">redirected</span>"
        ),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("Needs a redirect"), "{}", out.stdout);
    assert_eq!(out.stdout.matches("badge redirected").count(), 1);
}

/// The MkDocs snippet with the entry its author chose for the removed page with no evident
/// successor, which navdiff leaves as a comment.
fn chosen_for_legacy_exporters(snippet: &str) -> String {
    let chosen = snippet.replace(
        "# no entry for guides/legacy-exporters.md (/beacon/guides/legacy-exporters/): no successor is evident; choose where it should lead",
        "        'guides/legacy-exporters.md': 'index.md'",
    );
    assert_ne!(chosen, snippet, "{snippet}");
    chosen
}

#[test]
fn fail_on_unredirected_gates_ci() {
    let mut repo = site("mkdocs");
    let r = repo.arg().to_owned();
    let diff = |args: &[&str]| {
        let mut all = vec!["diff", "--repo", r.as_str()];
        all.extend(args);
        navdiff(&all)
    };
    // Three old URLs are left without a page or a redirect.
    let out = diff(&["v1", "v2", "--fail-on", "unredirected", "--"]);
    out.assert_code(1);
    assert_eq!(
        out.stderr,
        "navdiff: failing because 3 old URLs need a redirect (--fail-on unredirected)\n"
    );
    diff(&["v1", "v2", "--"]).assert_code(0);
    // The reports say which, and mark the removed page's redirect state.
    let out = diff(&["v1", "v2", "-f", "markdown", "--"]);
    out.assert_code(0);
    assert!(
        out.stdout.ends_with(
            "### Needs a redirect\n\n\
             - Getting started › Install: `/beacon/start/install/` → `/beacon/start/installation/`\n\
             - Guides › Legacy exporters: `/beacon/guides/legacy-exporters/` (removed; no successor evident)\n\
             - Guides › Tuning: `/beacon/guides/tuning/#cache` → `/beacon/operations/tuning/#cache`\n"
        ),
        "{}",
        out.stdout
    );
    let out = diff(&["v1", "v2", "-f", "json", "--"]);
    let doc: Value = serde_json::from_str(&out.stdout).expect("JSON");
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(fixture("../../schema/navdiff.diff.v1.json")).expect("schema"),
    )
    .expect("schema is JSON");
    let errors = crate::support::schema::validate(&schema, &doc);
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(doc["redirects"].as_array().map(Vec::len), Some(4));

    // With the missing redirects added, the gate passes; removals still fail `removed`.
    let out = navdiff(&[
        "redirects",
        "v1",
        "v2",
        "--repo",
        repo.arg(),
        "-f",
        "mkdocs",
    ]);
    paste(&repo, &chosen_for_legacy_exporters(&out.stdout));
    repo.commit("redirects", &[]);
    let r = repo.arg().to_owned();
    let diff = |args: &[&str]| {
        let mut all = vec!["diff", "--repo", r.as_str()];
        all.extend(args);
        navdiff(&all)
    };
    diff(&["v1", "HEAD", "--fail-on", "unredirected", "--"]).assert_code(0);
    diff(&["v1", "HEAD", "--fail-on", "removed,unredirected", "--"]).assert_code(1);
    let out = diff(&["v1", "HEAD", "-f", "markdown", "--"]);
    assert!(
        out.stdout
            .contains("- Guides › Legacy exporters `guides/legacy-exporters.md` (redirected)"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("Needs a redirect"), "{}", out.stdout);
    html_marks_the_redirected_page(&diff(&["v1", "HEAD", "-f", "html", "--"]));

    // `fail-on` in navdiff.toml, from the old side's commit as CI runs it: a pull request
    // that moves a page without a redirect fails, and cannot relax the gate itself.
    let mut repo = TestRepo::new();
    repo.commit(
        "site",
        &[
            (
                "mkdocs.yml",
                Some("nav:\n  - Home: index.md\n  - Setup: setup.md\n"),
            ),
            ("docs/index.md", Some("# Home\n")),
            ("docs/setup.md", Some("# Setup\n")),
            ("navdiff.toml", Some("fail-on = [\"unredirected\"]\n")),
        ],
    );
    repo.tag("base");
    repo.commit(
        "move setup",
        &[
            (
                "mkdocs.yml",
                Some("nav:\n  - Home: index.md\n  - Setup: guide/setup.md\n"),
            ),
            ("docs/setup.md", None),
            ("docs/guide/setup.md", Some("# Setup\n")),
            ("navdiff.toml", Some("fail-on = []\n")),
        ],
    );
    let out = navdiff(&["diff", "base", "HEAD", "--repo", repo.arg(), "--"]);
    out.assert_code(1);
    assert!(
        out.stdout.ends_with(
            "1 old URL needs a redirect: `navdiff redirects` lists it and writes the entry.\n"
        ),
        "{}",
        out.stdout
    );
}

#[test]
fn the_gate_cannot_pass_without_url_rules() {
    let mut repo = TestRepo::new();
    repo.commit(
        "nav",
        &[("_data/navigation.yml", Some("- title: A\n  url: /a/\n"))],
    );
    repo.tag("v1");
    repo.commit(
        "nav",
        &[("_data/navigation.yml", Some("- title: B\n  url: /b/\n"))],
    );
    let out = navdiff(&[
        "diff",
        "v1",
        "HEAD",
        "--repo",
        repo.arg(),
        "--nav",
        "_data/navigation.yml",
        "--fail-on",
        "unredirected",
        "--",
    ]);
    out.assert_code(2);
    assert_eq!(
        out.stderr,
        "error: `--fail-on unredirected` cannot be checked: keyed YAML navigation has no URL rules of its own: navdiff does not compute redirects for it\n"
    );
    // Without the gate, the diff reports as before, without a redirects part.
    let out = navdiff(&[
        "diff",
        "v1",
        "HEAD",
        "--repo",
        repo.arg(),
        "--nav",
        "_data/navigation.yml",
        "-f",
        "json",
        "--",
    ]);
    out.assert_code(0);
    let doc: Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert!(doc.get("redirects").is_none());
}

#[test]
fn docusaurus_1_translations_and_versions_put_en_and_next_in_doc_urls() {
    // `languages.js` turns translations on (`/docs/en/…`, the URL without `en/` a page that
    // redirects there) and `versions.json` versions (`sidebars.json` is the next version's).
    let v1_site: &[(&str, Option<&str>)] = &[
        (
            "website/siteConfig.js",
            Some("module.exports = { title: 'Reef', baseUrl: '/', cleanUrl: true };\n"),
        ),
        (
            "website/languages.js",
            Some("module.exports = [{ enabled: true, name: 'English', tag: 'en' }];\n"),
        ),
        ("website/versions.json", Some("[\"2.0\"]\n")),
        (
            "website/sidebars.json",
            Some("{ \"docs\": { \"Start\": [\"intro\", \"setup\"] } }\n"),
        ),
        (
            "docs/intro.md",
            Some("---\ntitle: Intro: Reef\n---\n\nHello.\n"),
        ),
        ("docs/setup.md", Some("---\ntitle: Setup\n---\n\nSteps.\n")),
    ];
    let mut repo = TestRepo::new();
    repo.commit("v1 site", v1_site);
    repo.tag("v1");
    // The same site without `setup`: its URL no longer serves a page.
    repo.commit("drop setup", &[("docs/setup.md", None)]);
    repo.commit(
        "sidebar",
        &[(
            "website/sidebars.json",
            Some("{ \"docs\": { \"Start\": [\"intro\"] } }\n"),
        )],
    );
    repo.tag("v2");
    let doc = json(&repo, "v1", "v2");
    assert_eq!(
        summary(&doc),
        ["missing removed /docs/en/next/setup → "],
        "{doc:#}"
    );
    let notes = doc["notes"].to_string();
    assert!(
        notes.contains("English docs are at `/docs/en/next/`"),
        "{notes}"
    );
}
