//! `navdiff changelog` (and a few `navdiff log` basics) on real repositories built in a
//! temp folder: release order across version schemes, maintenance lines, `--update` over a
//! range, unreadable releases, compare links.

use crate::support::cmd::navdiff;
use crate::support::git::TestRepo;

const V1: &str =
    "site_name: H\nnav:\n  - Home: index.md\n  - Install: install.md\n  - Deploy: deploy.md\n";
const V2: &str = "site_name: H\nnav:\n  - Home: index.md\n  - Guide:\n      - Install: install.md\n      - Deploy: deploy.md\n  - FAQ: faq.md\n";

/// v1.0, v1.1 (nav unchanged), v2.0 (restructure), then an unreleased change; the nav file
/// moves to docs/ and becomes an mdBook SUMMARY.md on the way.
fn releases() -> TestRepo {
    let mut repo = TestRepo::new();
    repo.commit("v1", &[("mkdocs.yml", Some(V1))]);
    repo.tag("v1.0");
    repo.commit("typo", &[("README.md", Some("typo fixed\n"))]);
    repo.annotated_tag("v1.1");
    repo.commit(
        "guide",
        &[("mkdocs.yml", None), ("docs/mkdocs.yml", Some(V2))],
    );
    repo.tag("v2.0");
    repo.commit(
        "operations",
        &[("docs/mkdocs.yml", None), ("SUMMARY.md", Some("- [Home](index.md)\n- [Guide]()\n  - [Installation](install.md)\n- [Operations]()\n  - [Deploy](deploy.md)\n- [FAQ](faq.md)\n"))],
    );
    repo
}

#[test]
fn one_section_per_release_with_dates() {
    let repo = releases();
    let out = navdiff(&["changelog", "--repo", repo.arg()]);
    out.assert_code(0);
    insta::assert_snapshot!(out.stdout, @"
    ## [Unreleased]

    **1 added, 1 moved, 1 renamed** since `v2.0`

    ### Added

    - Operations (section)

    ### Moved

    - Guide › Deploy → Operations › Deploy

    ### Renamed

    - Guide › ~~Install~~ → **Installation**

    ## [v2.0] - 2024-01-03

    **2 added, 2 moved** since `v1.1`

    ### Added

    - Guide (section)
    - FAQ `faq.md`

    ### Moved

    - 2 pages moved from the top level to Guide: Install, Deploy

    ## [v1.1] - 2024-01-02

    No structural changes to the navigation.

    ## [v1.0] - 2024-01-01

    The first release with a navigation: 3 entries.
    ");
    let out = navdiff(&["changelog", "--repo", repo.arg(), "--skip-empty", "v1.0.."]);
    out.assert_code(0);
    assert!(!out.stdout.contains("[v1.1]"), "{}", out.stdout);
    assert!(
        out.stdout.starts_with("## [Unreleased]\n"),
        "{}",
        out.stdout
    );
    let out = navdiff(&["changelog", "--repo", repo.arg(), "v1.0..v2.0"]);
    out.assert_code(0);
    assert!(
        out.stdout.starts_with("## [v2.0] - 2024-01-03\n"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("Unreleased"));
}

#[test]
fn json_lists_every_release_with_its_diff() {
    let repo = releases();
    let out = navdiff(&["changelog", "--repo", repo.arg(), "--format", "json"]);
    out.assert_code(0);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    let names: Vec<&str> = doc["releases"]
        .as_array()
        .expect("releases")
        .iter()
        .map(|r| r["name"].as_str().expect("name"))
        .collect();
    assert_eq!(names, ["Unreleased", "v2.0", "v1.1", "v1.0"]);
    assert_eq!(doc["releases"][1]["diff"]["schema"], "navdiff.diff.v1");
    assert_eq!(doc["releases"][1]["diff"]["summary"]["moved"], 2);
    assert!(
        doc["releases"][3]["diff"].is_null(),
        "the first release has nothing before it"
    );
}

#[test]
fn update_keeps_the_hand_written_file_and_is_idempotent() {
    let repo = releases();
    let file = repo.path().join("CHANGELOG.md");
    let hand = "# Changelog\n\nAll notable changes.\n\n## [1.0.0] - 2023-12-01\n\n- Hand-written, with `code` and <!-- comments -->.\n";
    std::fs::write(&file, hand).expect("write");
    let update = || {
        let out = navdiff(&[
            "changelog",
            "--repo",
            repo.arg(),
            "--update",
            file.to_str().expect("UTF-8"),
            "--skip-empty",
        ]);
        out.assert_code(0);
        std::fs::read_to_string(&file).expect("read")
    };
    let first = update();
    let second = update();
    assert_eq!(first, second, "a rerun leaves the file byte-identical");
    let start = first.find("<!-- navdiff:start -->").expect("start marker");
    let end =
        first.find("<!-- navdiff:end -->").expect("end marker") + "<!-- navdiff:end -->".len();
    assert_eq!(
        &first[..start],
        "# Changelog\n\nAll notable changes.\n\n",
        "the block sits below the intro"
    );
    assert_eq!(
        &first[end..],
        format!(
            "\n\n{}",
            &hand["# Changelog\n\nAll notable changes.\n\n".len()..]
        ),
        "the rest is untouched"
    );
    assert!(first[start..end].contains("## [v2.0] - 2024-01-03"));
}

#[test]
fn a_failed_write_leaves_the_old_file() {
    let repo = releases();
    // A name of 250 bytes is a file name, but its temporary file's name (`.NAME.xxxxxx.tmp`)
    // is too long for the file system: the write must fail, even as root.
    let file = repo.path().join(format!("{}.md", "C".repeat(247)));
    std::fs::write(&file, "# Changelog\n\nKeep me.\n").expect("write");
    let out = navdiff(&[
        "changelog",
        "--repo",
        repo.arg(),
        "--update",
        file.to_str().expect("UTF-8"),
    ]);
    out.assert_code(2);
    assert!(out.stderr.contains("cannot update `"), "{}", out.stderr);
    assert_eq!(
        std::fs::read_to_string(&file).expect("read"),
        "# Changelog\n\nKeep me.\n"
    );
}

#[test]
fn unknown_release_in_a_range() {
    let repo = releases();
    let out = navdiff(&["changelog", "--repo", repo.arg(), "v9.0.."]);
    out.assert_code(2);
    assert!(
        out.stderr
            .contains("`v9.0` is not a release tag (tags: v1.0, v1.1, v2.0)"),
        "{}",
        out.stderr
    );
}

#[test]
fn log_lists_added_moved_twice_and_renamed() {
    let mut repo = TestRepo::new();
    repo.commit(
        "start",
        &[(
            "SUMMARY.md",
            Some("- [Home](index.md)\n- [Guide]()\n- [Ops]()\n"),
        )],
    );
    repo.commit(
        "add deploy",
        &[(
            "SUMMARY.md",
            Some("- [Home](index.md)\n- [Guide]()\n  - [Deploy](deploy.md)\n- [Ops]()\n"),
        )],
    );
    repo.commit("unrelated", &[("README.md", Some("x\n"))]);
    repo.commit(
        "to ops",
        &[(
            "SUMMARY.md",
            Some("- [Home](index.md)\n- [Guide]()\n- [Ops]()\n  - [Deploy](deploy.md)\n"),
        )],
    );
    repo.commit(
        "to top",
        &[(
            "SUMMARY.md",
            Some("- [Home](index.md)\n- [Deploy](deploy.md)\n- [Guide]()\n- [Ops]()\n"),
        )],
    );
    repo.commit(
        "rename",
        &[(
            "SUMMARY.md",
            Some("- [Home](index.md)\n- [Deploying](deploy.md)\n- [Guide]()\n- [Ops]()\n"),
        )],
    );
    let out = navdiff(&["log", "--repo", repo.arg(), "deploy.md"]);
    out.assert_code(0);
    let kinds: Vec<(&str, &str)> = out
        .stdout
        .lines()
        .map(|l| {
            let mut parts = l.split_whitespace();
            let _date = parts.next();
            let _commit = parts.next();
            let kind = parts.next().expect("kind");
            (
                kind,
                l.rsplit('(').next().expect("subject").trim_end_matches(')'),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("added", "add deploy"),
            ("moved", "to ops"),
            ("moved", "to top"),
            ("renamed", "rename")
        ],
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("moved      Ops › Deploy → Deploy"),
        "{}",
        out.stdout
    );
    let out = navdiff(&["log", "--repo", repo.arg(), "--format", "json", "Deploying"]);
    out.assert_code(0);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(doc["events"].as_array().expect("events").len(), 4);
    assert_eq!(
        doc["events"][0]["commit"],
        repo.repo
            .revparse_single("HEAD~4")
            .expect("rev")
            .id()
            .to_string()
    );
}

#[test]
fn log_suggests_near_matches_and_refuses_ambiguity() {
    let mut repo = TestRepo::new();
    repo.commit("start", &[("SUMMARY.md", Some("- [A]()\n  - [Overview](a.md)\n- [B]()\n  - [Overview](b.md)\n- [Deployment](deploy.md)\n"))]);
    let out = navdiff(&["log", "--repo", repo.arg(), "Deploymnt"]);
    out.assert_code(2);
    assert!(
        out.stderr.contains("did you mean: Deployment"),
        "{}",
        out.stderr
    );
    let out = navdiff(&["log", "--repo", repo.arg(), "Overview"]);
    out.assert_code(2);
    assert!(
        out.stderr
            .contains("matches several entries: A › Overview; B › Overview"),
        "{}",
        out.stderr
    );
    let out = navdiff(&["log", "--repo", repo.arg(), "B > Overview"]);
    out.assert_code(0);
    assert!(
        out.stdout.contains("added      B › Overview"),
        "{}",
        out.stdout
    );
}

fn schema(name: &str) -> serde_json::Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("schema")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(path).expect("schema file"))
        .expect("schema is JSON")
}

#[test]
fn changelog_and_log_json_match_their_schemas() {
    let repo = releases();
    let out = navdiff(&["changelog", "--repo", repo.arg(), "--format", "json"]);
    out.assert_code(0);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    let errors = crate::support::schema::validate(&schema("navdiff.changelog.v1.json"), &doc);
    assert!(errors.is_empty(), "{errors:#?}");
    let diff_schema = schema("navdiff.diff.v1.json");
    for release in doc["releases"].as_array().expect("releases") {
        if !release["diff"].is_null() {
            let errors = crate::support::schema::validate(&diff_schema, &release["diff"]);
            assert!(errors.is_empty(), "{}: {errors:#?}", release["name"]);
        }
    }
    let out = navdiff(&["log", "--repo", repo.arg(), "--format", "json", "deploy.md"]);
    out.assert_code(0);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    let errors = crate::support::schema::validate(&schema("navdiff.log.v1.json"), &doc);
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(
        doc["events"].as_array().map(Vec::len),
        Some(3),
        "added, moved under Guide, moved under Operations: {doc:#}"
    );
}

/// Tags every commit of a line with `tags` (in order), each commit adding one page.
fn tagged(tags: &[&str]) -> TestRepo {
    let mut repo = TestRepo::new();
    let mut nav = String::from("- [Home](index.md)\n");
    for (i, tag) in tags.iter().enumerate() {
        nav.push_str(&format!("- [Page {i}](p{i}.md)\n"));
        repo.commit(tag, &[("SUMMARY.md", Some(&nav))]);
        repo.tag(tag);
    }
    repo
}

/// The release headings of a changelog, newest first, with what each is compared with.
fn headings(markdown: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in markdown.lines() {
        if let Some(h) = line.strip_prefix("## [") {
            out.push(h.split(']').next().unwrap_or_default().to_owned());
        } else if let Some(since) = line.split(" since `").nth(1) {
            let last = out.pop().unwrap_or_default();
            out.push(format!("{last} < {}", since.trim_end_matches('`')));
        }
    }
    out
}

#[test]
fn tags_of_every_version_scheme_sort_as_versions() {
    // As text, alpha.10 would come before alpha.9, and `v2.14.0` after `2.14.0rc1`'s kin.
    let repo = tagged(&[
        "v1.0.0-alpha.9",
        "v1.0.0-alpha.10",
        "v1.0.0-alpha.76",
        "v1.0.0-beta.1",
        "v1.0.0",
        "2.14.0b1",
        "2.14.0rc1",
        "v2.14.0",
        "2.14.0.post1",
        "3.5.2.Final",
        "3.6.0.Alpha1",
        "3.6.0.Beta2",
        "3.6.0.CR1",
        "3.6.0.Final",
        "docs-preview",
    ]);
    let out = navdiff(&["changelog", "--repo", repo.arg()]);
    out.assert_code(0);
    assert_eq!(
        headings(&out.stdout),
        [
            "Unreleased < 3.6.0.Final",
            "3.6.0.Final < 3.6.0.CR1",
            "3.6.0.CR1 < 3.6.0.Beta2",
            "3.6.0.Beta2 < 3.6.0.Alpha1",
            "3.6.0.Alpha1 < 3.5.2.Final",
            "3.5.2.Final < 2.14.0.post1",
            "2.14.0.post1 < v2.14.0",
            "v2.14.0 < 2.14.0rc1",
            "2.14.0rc1 < 2.14.0b1",
            "2.14.0b1 < v1.0.0",
            "v1.0.0 < v1.0.0-beta.1",
            "v1.0.0-beta.1 < v1.0.0-alpha.76",
            "v1.0.0-alpha.76 < v1.0.0-alpha.10",
            "v1.0.0-alpha.10 < v1.0.0-alpha.9",
            "v1.0.0-alpha.9"
        ]
    );
    assert_eq!(
        out.stderr,
        "note: left out 1 tag that is not version numbers: docs-preview; choose release tags with `--tags GLOB` or `tags` in navdiff.toml\n"
    );
    // The glob filters first, then the versions are ordered.
    let out = navdiff(&["changelog", "--repo", repo.arg(), "--tags", "v1.*"]);
    out.assert_code(0);
    assert_eq!(
        headings(&out.stdout)[..3],
        [
            "Unreleased < v1.0.0",
            "v1.0.0 < v1.0.0-beta.1",
            "v1.0.0-beta.1 < v1.0.0-alpha.76"
        ]
    );
    assert_eq!(out.stderr, "");
    // Names of several schemes are not versions of one series: by date, and said so.
    let repo = tagged(&["zebra-1", "release-2", "alpha-3"]);
    let out = navdiff(&["changelog", "--repo", repo.arg(), "--skip-empty"]);
    out.assert_code(0);
    assert_eq!(
        headings(&out.stdout),
        ["alpha-3 < release-2", "release-2 < zebra-1", "zebra-1"]
    );
    assert!(out.stderr.contains("ordered by date"), "{}", out.stderr);
}

/// v1.0 and v2.0 on main, v1.1 on a 1.x maintenance branch cut at v1.0 after v2.0 exists.
fn maintenance() -> TestRepo {
    let mut repo = TestRepo::new();
    repo.commit(
        "one",
        &[(
            "SUMMARY.md",
            Some("- [Home](index.md)\n- [Install](install.md)\n"),
        )],
    );
    repo.tag("v1.0");
    let main = repo.current_branch();
    repo.branch("1.x");
    repo.commit(
        "two",
        &[(
            "SUMMARY.md",
            Some("- [Home](index.md)\n- [Guide]()\n  - [Install](install.md)\n  - [Upgrade](upgrade.md)\n"),
        )],
    );
    repo.tag("v2.0");
    repo.checkout("1.x");
    repo.commit(
        "patch",
        &[(
            "SUMMARY.md",
            Some("- [Home](index.md)\n- [Install](install.md)\n- [Known issues](issues.md)\n"),
        )],
    );
    repo.tag("v1.1");
    repo.checkout(&main);
    repo
}

#[test]
fn a_maintenance_line_gets_its_own_sections() {
    let repo = maintenance();
    let out = navdiff(&["changelog", "--repo", repo.arg()]);
    out.assert_code(0);
    insta::assert_snapshot!(out.stdout, @"
    ## [Unreleased]

    No structural changes to the navigation.

    ## [v2.0] - 2024-01-02

    **1 added, 1 moved** since `v1.0`

    ### Added

    - Guide (section with 1 page)

    ### Moved

    - Install → Guide › Install

    ## [v1.1] - 2024-01-03

    **1 added** since `v1.0`

    ### Added

    - Known issues `issues.md`

    ## [v1.0] - 2024-01-01

    The first release with a navigation: 2 entries.
    ");
}

#[test]
fn update_over_a_range_keeps_the_other_sections_byte_for_byte() {
    let mut repo = maintenance();
    let file = repo.path().join("CHANGELOG.md");
    let path = file.to_str().expect("UTF-8").to_owned();
    std::fs::write(
        &file,
        "# Changelog\n\nNotes on the docs.\n\n## Older\n\nBy hand.\n",
    )
    .expect("write");
    let out = navdiff(&["changelog", "--repo", repo.arg(), "--update", &path]);
    out.assert_code(0);
    // Someone edits an old section by hand.
    let first = std::fs::read_to_string(&file).expect("read");
    let edited = first.replace(
        "The first release with a navigation: 2 entries.",
        "The first release with a navigation: 2 entries.\n\nEdited by hand.",
    );
    assert_ne!(edited, first);
    std::fs::write(&file, &edited).expect("write");
    // A new release, then the range after v2.0.
    repo.commit(
        "three",
        &[(
            "SUMMARY.md",
            Some("- [Home](index.md)\n- [Guide]()\n  - [Install](install.md)\n  - [Upgrading](upgrade.md)\n"),
        )],
    );
    repo.tag("v2.1");
    let out = navdiff(&[
        "changelog",
        "--repo",
        repo.arg(),
        "v2.0..",
        "--update",
        &path,
    ]);
    out.assert_code(0);
    let updated = std::fs::read_to_string(&file).expect("read");
    // Everything from v2.0 down is as it was, byte for byte.
    let from = |text: &str, heading: &str| text[text.find(heading).expect(heading)..].to_owned();
    assert_eq!(from(&updated, "## [v2.0]"), from(&edited, "## [v2.0]"));
    assert!(updated.starts_with("# Changelog\n\nNotes on the docs.\n\n<!-- navdiff:start -->\n## [Unreleased]\n\nNo structural changes to the navigation.\n\n## [v2.1] - 2024-01-04\n\n**1 renamed** since `v2.0`\n"), "{updated}");
    let again = navdiff(&[
        "changelog",
        "--repo",
        repo.arg(),
        "v2.0..",
        "--update",
        &path,
    ]);
    again.assert_code(0);
    assert_eq!(
        std::fs::read_to_string(&file).expect("read"),
        updated,
        "idempotent"
    );
}

#[test]
fn an_unreadable_release_is_skipped_with_a_warning() {
    let mut repo = TestRepo::new();
    repo.commit("one", &[("mkdocs.yml", Some("nav:\n  - Home: index.md\n"))]);
    repo.tag("v1");
    repo.commit(
        "two",
        &[("mkdocs.yml", Some("nav:\n  - [Home: index.md\n"))],
    );
    repo.tag("v2");
    repo.commit(
        "three",
        &[(
            "mkdocs.yml",
            Some("nav:\n  - Home: index.md\n  - FAQ: faq.md\n"),
        )],
    );
    repo.tag("v3");
    let out = navdiff(&["changelog", "--repo", repo.arg(), "v1..v3"]);
    out.assert_code(0);
    assert!(
        out.stderr.starts_with(
            "warning: v2: skipped, cannot read the nav: v2:mkdocs.yml:3:1: invalid YAML"
        ),
        "{}",
        out.stderr
    );
    assert_eq!(headings(&out.stdout), ["v3 < v1"]);
    let out = navdiff(&["changelog", "--repo", repo.arg(), "--strict"]);
    out.assert_code(2);
    assert!(
        out.stderr
            .starts_with("error: cannot read the nav at `v2`: v2:mkdocs.yml:3:1: invalid YAML"),
        "{}",
        out.stderr
    );
    let out = navdiff(&["changelog", "--repo", repo.arg(), "-f", "json"]);
    out.assert_code(0);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(doc["skipped"][0]["name"], "v2");
    let errors = crate::support::schema::validate(&schema("navdiff.changelog.v1.json"), &doc);
    assert!(errors.is_empty(), "{errors:#?}");
    // The only earlier release cannot be read: the next one does not claim to be the first.
    let mut repo = TestRepo::new();
    repo.commit(
        "one",
        &[("mkdocs.yml", Some("nav:\n  - [Home: index.md\n"))],
    );
    repo.tag("v1");
    repo.commit("two", &[("mkdocs.yml", Some("nav:\n  - Home: index.md\n"))]);
    repo.tag("v2");
    let out = navdiff(&["changelog", "--repo", repo.arg(), "-q"]);
    out.assert_code(0);
    assert!(
        out.stdout.contains("## [v2] - 2024-01-02\n\nThe earlier release `v1` in its history could not be read; this one's navigation has 1 entry.\n"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_release_before_the_nav_file_and_compare_links() {
    let mut repo = TestRepo::new();
    repo.commit("readme", &[("README.md", Some("hello\n"))]);
    repo.tag("v0.1");
    repo.commit(
        "docs",
        &[("mkdocs.yml", Some("nav:\n  - Home: index.md\n"))],
    );
    repo.tag("v0.2");
    repo.commit(
        "faq",
        &[(
            "mkdocs.yml",
            Some("nav:\n  - Home: index.md\n  - FAQ: faq.md\n"),
        )],
    );
    repo.tag("v0.3");
    repo.repo
        .remote("origin", "git@github.com:example/handbook.git")
        .expect("remote");
    let out = navdiff(&["changelog", "--repo", repo.arg()]);
    out.assert_code(0);
    insta::assert_snapshot!(out.stdout, @"
    ## [Unreleased]

    No structural changes to the navigation.

    [Unreleased]: https://github.com/example/handbook/compare/v0.3...HEAD

    ## [v0.3] - 2024-01-03

    **1 added** since `v0.2`

    ### Added

    - FAQ `faq.md`

    [v0.3]: https://github.com/example/handbook/compare/v0.2...v0.3

    ## [v0.2] - 2024-01-02

    navdiff found no navigation file at `v0.1`; `mkdocs.yml` starts here, with 1 entry.

    [v0.2]: https://github.com/example/handbook/compare/v0.1...v0.2

    ## [v0.1] - 2024-01-01

    navdiff found no navigation file at this release.

    [v0.1]: https://github.com/example/handbook/releases/tag/v0.1
    ");
    // --latest: the newest release only; -o writes a file.
    let file = repo.path().join("notes.md");
    let out = navdiff(&[
        "changelog",
        "--repo",
        repo.arg(),
        "--latest",
        "-o",
        file.to_str().expect("UTF-8"),
    ]);
    out.assert_code(0);
    assert_eq!(out.stdout, "");
    let written = std::fs::read_to_string(&file).expect("written");
    assert!(written.starts_with("## [v0.3] - 2024-01-03\n"), "{written}");
    assert_eq!(headings(&written), ["v0.3 < v0.2"]);
}

#[test]
fn navdiff_toml_matching_settings_apply_to_changelog() {
    let mut repo = TestRepo::new();
    repo.commit(
        "one",
        &[(
            "SUMMARY.md",
            Some("- [A](a.md)\n- [B](b.md)\n- [C](c.md)\n"),
        )],
    );
    repo.tag("v1");
    repo.commit(
        "two",
        &[(
            "SUMMARY.md",
            Some("- [B](b.md)\n- [C](c.md)\n- [A](a.md)\n"),
        )],
    );
    repo.tag("v2");
    let out = navdiff(&["changelog", "--repo", repo.arg(), "v1..v2"]);
    assert!(out.stdout.contains("**1 reordered**"), "{}", out.stdout);
    repo.commit(
        "settings",
        &[("navdiff.toml", Some("ignore-reorders = true\n"))],
    );
    let out = navdiff(&["changelog", "--repo", repo.arg(), "v1..v2"]);
    out.assert_code(0);
    assert!(
        out.stdout.contains("No structural changes"),
        "{}",
        out.stdout
    );
}

#[test]
fn releases_before_the_nav_file_moved_are_read_where_it_was() {
    let mut repo = TestRepo::new();
    let book = "# Summary\n\n- [Intro](intro.md)\n- [Setup](setup.md)\n- [Usage](usage.md)\n";
    repo.commit("book", &[("book-example/src/SUMMARY.md", Some(book))]);
    repo.tag("v0.1");
    repo.commit(
        "rename to guide",
        &[
            ("book-example/src/SUMMARY.md", None),
            ("guide/src/SUMMARY.md", Some(book)),
        ],
    );
    repo.commit(
        "faq",
        &[(
            "guide/src/SUMMARY.md",
            Some("# Summary\n\n- [Intro](intro.md)\n- [Setup](setup.md)\n- [Usage](usage.md)\n- [FAQ](faq.md)\n"),
        )],
    );
    repo.tag("v0.2");
    let out = navdiff(&[
        "changelog",
        "--repo",
        repo.arg(),
        "--nav",
        "guide/src/SUMMARY.md",
        "v0.1..v0.2",
    ]);
    out.assert_code(0);
    assert_eq!(
        out.stdout,
        "## [v0.2] - 2024-01-03\n\n**1 added** since `v0.1`\n\n### Added\n\n- FAQ `faq.md`\n"
    );
}
