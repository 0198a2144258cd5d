//! The sides of `navdiff diff` as git names them: `A...B` (the merge base against B), a
//! tracked nav file's path (HEAD against the working tree), and a revision without a nav
//! file (everything added or removed).

use std::process::Command;

use crate::support::cmd::navdiff;
use crate::support::git::TestRepo;

#[test]
fn three_dots_diff_the_merge_base_against_the_branch() {
    let mut repo = TestRepo::new();
    repo.commit(
        "start",
        &[
            (
                "mkdocs.yml",
                Some("nav:\n  - Home: index.md\n  - Install: install.md\n"),
            ),
            ("docs/index.md", Some("# Home\n")),
            ("docs/install.md", Some("# Install\n")),
        ],
    );
    let main = repo.current_branch();
    repo.branch("feature");
    repo.commit(
        "main moves on",
        &[(
            "mkdocs.yml",
            Some(
                "nav:\n  - Home: index.md\n  - Install: install.md\n  - Changelog: changelog.md\n",
            ),
        )],
    );
    repo.checkout("feature");
    repo.commit(
        "tutorial",
        &[
            (
                "mkdocs.yml",
                Some("nav:\n  - Home: index.md\n  - Tutorial: tutorial.md\n  - Install: install.md\n"),
            ),
            ("docs/tutorial.md", Some("# Tutorial\n")),
        ],
    );
    let three = format!("{main}...feature");
    let out = navdiff(&["diff", "--repo", repo.arg(), &three, "-f", "markdown"]);
    out.assert_code(0);
    let base = repo.id(&format!("{main}~1"));
    assert_eq!(
        out.stdout,
        format!(
            "**1 added** (`merge base of {main} and feature ({})` → `feature`)\n\n### Added\n\n- Tutorial `tutorial.md`\n",
            &base[..12]
        )
    );
    let two = format!("{main}..feature");
    let out = navdiff(&["diff", "--repo", repo.arg(), &two, "-f", "json"]);
    out.assert_code(0);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(doc["summary"]["added"], 1);
    assert_eq!(doc["summary"]["removed"], 1, "two dots compare the tips");
    let from = format!("{main}...");
    let out = navdiff(&["diff", "--repo", repo.arg(), &from, "-f", "json"]);
    out.assert_code(0);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(doc["new"]["label"], "HEAD");
    assert_eq!(doc["summary"]["added"], 1);
}

#[test]
fn a_tracked_nav_file_alone_is_head_against_the_working_tree() {
    let mut repo = TestRepo::new();
    repo.commit(
        "start",
        &[
            ("docs/mkdocs.yml", Some("nav:\n  - Home: index.md\n")),
            ("docs/docs/index.md", Some("# Home\n")),
        ],
    );
    repo.write(&[
        (
            "docs/mkdocs.yml",
            Some("nav:\n  - Home: index.md\n  - FAQ: faq.md\n"),
        ),
        ("docs/docs/faq.md", Some("# FAQ\n")),
    ]);
    let run = |dir: &std::path::Path, arg: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_navdiff"))
            .args(["diff", arg, "-f", "markdown"])
            .current_dir(dir)
            .env_remove("NAVDIFF_REPO")
            .env_remove("NAVDIFF_NAV")
            .output()
            .expect("run navdiff");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("UTF-8")
    };
    let expected =
        "**1 added** (`HEAD:docs/mkdocs.yml` → `working tree`)\n\n### Added\n\n- FAQ `faq.md`\n";
    assert_eq!(run(repo.path(), "docs/mkdocs.yml"), expected);
    assert_eq!(
        run(&repo.path().join("docs"), "mkdocs.yml"),
        expected,
        "relative to the current folder"
    );
}

#[test]
fn a_revision_without_a_nav_file_is_an_empty_navigation() {
    let mut repo = TestRepo::new();
    repo.commit("readme", &[("README.md", Some("hello\n"))]);
    repo.commit(
        "add the docs",
        &[(
            "mkdocs.yml",
            Some("nav:\n  - Home: index.md\n  - Guide:\n      - Install: install.md\n"),
        )],
    );
    let out = navdiff(&[
        "diff",
        "--repo",
        repo.arg(),
        "HEAD~1",
        "HEAD",
        "-f",
        "markdown",
    ]);
    out.assert_code(0);
    assert_eq!(
        out.stdout,
        "**2 added** (`HEAD~1 (no nav file)` → `HEAD`)\n\n### Added\n\n- Home `index.md`\n- Guide (section with 1 page)\n\n_Pages were told apart by their targets and titles only (no page files were compared)._\n"
    );
    assert!(
        out.stderr
            .starts_with("note: HEAD~1 has no nav file (no nav file at `HEAD~1`"),
        "{}",
        out.stderr
    );
    let out = navdiff(&[
        "diff",
        "--repo",
        repo.arg(),
        "HEAD",
        "HEAD~1",
        "-f",
        "json",
        "-q",
    ]);
    out.assert_code(0);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(doc["summary"]["removed"], 2);
    assert_eq!(doc["new"]["label"], "HEAD~1 (no nav file)");
    assert_eq!(out.stderr, "");
    // Neither side has one: that is an error.
    let out = navdiff(&["diff", "--repo", repo.arg(), "HEAD~1", "HEAD~1"]);
    out.assert_code(2);
    assert!(
        out.stderr.contains("no nav file at `HEAD~1`"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_nav_file_git_renamed_is_read_where_it_was() {
    let mut repo = TestRepo::new();
    let book = "# Summary\n\n- [Intro](intro.md)\n- [Setup](setup.md)\n- [Usage](usage.md)\n";
    repo.commit("book", &[("src/SUMMARY.md", Some(book))]);
    repo.commit(
        "second edition",
        &[
            ("src/SUMMARY.md", None),
            (
                "second-edition/src/SUMMARY.md",
                Some(&format!("{book}- [FAQ](faq.md)\n")),
            ),
        ],
    );
    for (old, new, expected) in [
        ("HEAD~1", "HEAD", "**1 added** (`HEAD~1` → `HEAD`)"),
        ("HEAD", "HEAD~1", "**1 removed** (`HEAD` → `HEAD~1`)"),
    ] {
        let out = navdiff(&["diff", "--repo", repo.arg(), old, new, "-f", "markdown"]);
        out.assert_code(0);
        assert!(out.stdout.starts_with(expected), "{}", out.stdout);
        // Discovery finds `src/SUMMARY.md` at HEAD~1 and nothing at HEAD: HEAD is read where
        // git says the file went.
        assert_eq!(
            out.stderr,
            "note: the nav file is `second-edition/src/SUMMARY.md` at HEAD and `src/SUMMARY.md` at HEAD~1 (git follows it through a rename)\n"
        );
    }
}
