//! `navdiff changelog` and `navdiff log` on real repositories built in a temp folder.

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
        "# Changelog\n\n",
        "the block sits under the first heading"
    );
    assert_eq!(
        &first[end..],
        format!("\n\n{}", &hand["# Changelog\n\n".len()..]),
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
