//! Trees from git revisions: tags, `HEAD~n`, bare clones, the working tree, renames and
//! format changes in history, the parse cache, and the errors users meet.

use std::process::Command;

use navdiff::git::Repo;
use navdiff::source::{GitSource, NavOptions};

use crate::support::cmd::navdiff;
use crate::support::git::TestRepo;

const V1: &str = "site_name: Handbook\nnav:\n  - Home: index.md\n  - Install: install.md\n";
const V2: &str = "site_name: Handbook\nnav:\n  - Home: index.md\n  - Guide:\n      - Install: install.md\n      - Deploy: deploy.md\n";

fn two_tags() -> TestRepo {
    let mut repo = TestRepo::new();
    repo.commit("first", &[("mkdocs.yml", Some(V1))]);
    repo.tag("v1");
    repo.commit(
        "guide",
        &[
            ("mkdocs.yml", Some(V2)),
            ("docs/deploy.md", Some("# Deploy\n")),
        ],
    );
    repo.annotated_tag("v2");
    repo
}

#[test]
fn snapshot_at_a_tag_has_commit_id_and_time() {
    let repo = two_tags();
    let out = navdiff(&["snapshot", "--repo", repo.arg(), "v1", "-o", "-"]);
    out.assert_code(0);
    let commit = repo
        .repo
        .revparse_single("v1")
        .expect("v1")
        .id()
        .to_string();
    let redacted = out.stdout.replace(&commit, "[SHA]");
    insta::assert_snapshot!(redacted, @r#"
    {
      "schema": "navdiff.snapshot.v1",
      "source": {
        "format": "mkdocs",
        "path": "mkdocs.yml",
        "rev": "v1",
        "commit": "[SHA]",
        "time": "2024-01-01T01:00:00+01:00"
      },
      "roots": [
        {
          "title": "Home",
          "target": "index.md",
          "at": {
            "line": 3,
            "column": 5
          }
        },
        {
          "title": "Install",
          "target": "install.md",
          "at": {
            "line": 4,
            "column": 5
          }
        }
      ]
    }
    "#);
}

#[test]
fn snapshot_without_locations_and_a_diff_against_it() {
    let repo = two_tags();
    let out = navdiff(&[
        "snapshot",
        "--repo",
        repo.arg(),
        "v1",
        "-o",
        "-",
        "--no-locations",
    ]);
    out.assert_code(0);
    assert!(
        out.stdout.contains("\"target\": \"index.md\"\n"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("\"at\""), "{}", out.stdout);
    // A snapshot with locations keeps them: a removed entry's old place is known.
    let out = navdiff(&["snapshot", "--repo", repo.arg(), "v2", "-o", "-"]);
    out.assert_code(0);
    let dir = repo.path().join("saved");
    std::fs::create_dir_all(&dir).expect("folder");
    let saved = dir.join("v2.json");
    std::fs::write(&saved, &out.stdout).expect("snapshot written");
    let out = navdiff(&[
        "diff",
        "--repo",
        repo.arg(),
        crate::support::cmd::arg(&saved),
        "v1",
        "-f",
        "json",
    ]);
    out.assert_code(0);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    let removed: Vec<&serde_json::Value> = json["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .filter(|c| c["kind"] == "removed")
        .collect();
    assert!(!removed.is_empty(), "{}", out.stdout);
    for change in removed {
        assert!(change["old_at"]["line"].as_u64().is_some(), "{change}");
        assert_eq!(change["old_at"]["file"], "mkdocs.yml", "{change}");
    }
}

#[test]
fn snapshot_writes_snapshots_rev_json_byte_identically_twice() {
    let repo = two_tags();
    let run = || {
        let out = Command::new(env!("CARGO_BIN_EXE_navdiff"))
            .args(["snapshot", "v1"])
            .current_dir(repo.path())
            .env_remove("NAVDIFF_REPO")
            .output()
            .expect("run navdiff");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        (
            std::fs::read(repo.path().join("snapshots/v1.json")).expect("snapshot written"),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (first, message) = run();
    let (second, _) = run();
    assert_eq!(first, second);
    assert!(
        message.starts_with("wrote snapshots/v1.json: 2 nodes of `mkdocs.yml` at v1 ("),
        "{message}"
    );
    let text = String::from_utf8(first).expect("UTF-8");
    assert!(
        text.contains(
            &repo
                .repo
                .revparse_single("v1")
                .expect("v1")
                .id()
                .to_string()
        )
    );
    assert!(text.contains("\"time\": \"2024-01-01T01:00:00+01:00\""));
}

#[test]
fn show_at_head_minus_n_and_rev_path() {
    let mut repo = two_tags();
    repo.commit("unrelated", &[("README.md", Some("hello\n"))]);
    let out = navdiff(&["show", "--repo", repo.arg(), "HEAD~2"]);
    out.assert_code(0);
    assert_eq!(out.stdout, "Home → index.md\nInstall → install.md\n");
    let out = navdiff(&["show", "--repo", repo.arg(), "HEAD:mkdocs.yml"]);
    out.assert_code(0);
    assert!(
        out.stdout
            .contains("Guide\n  Install → install.md\n  Deploy → deploy.md\n"),
        "{}",
        out.stdout
    );
}

#[test]
fn bare_clones_work() {
    let repo = two_tags();
    let (_dir, bare) = repo.bare_clone();
    let out = navdiff(&["show", "--repo", bare.to_str().expect("UTF-8"), "v2"]);
    out.assert_code(0);
    assert!(
        out.stdout.starts_with("Home → index.md\nGuide\n"),
        "{}",
        out.stdout
    );
    let out = navdiff(&["show", "--repo", bare.to_str().expect("UTF-8")]);
    out.assert_code(2);
    assert!(
        out.stderr.contains(
            "is a bare repository: it has no working tree to read; name a revision instead (`HEAD`"
        ),
        "{}",
        out.stderr
    );
}

/// A git folder without a `config` file (mirrors are copied so) is bare, as git says, not a
/// repository whose working tree is the folder around it.
#[test]
fn a_bare_repository_without_configuration_is_bare() {
    let repo = two_tags();
    let (dir, bare) = repo.bare_clone();
    std::fs::remove_file(bare.join("config")).expect("remove config");
    // The folder around it looks like a working tree with a nav file of its own.
    std::fs::write(
        dir.path().join("mkdocs.yml"),
        "site_name: Decoy\nnav:\n  - Decoy: decoy.md\n",
    )
    .expect("decoy");
    let bare_arg = bare.to_str().expect("UTF-8");
    let out = navdiff(&["show", "--repo", bare_arg]);
    out.assert_code(2);
    assert_eq!(
        out.stderr,
        format!(
            "error: `{bare_arg}` is a bare repository: it has no working tree to read; name a revision instead (`HEAD`, a tag, a branch)\n"
        )
    );
    let out = navdiff(&["show", "--repo", bare_arg, "HEAD"]);
    out.assert_code(0);
    assert!(
        out.stdout.starts_with("Home → index.md\nGuide\n"),
        "{}",
        out.stdout
    );
}

#[test]
fn the_working_tree_includes_uncommitted_edits() {
    let repo = two_tags();
    repo.write(&[(
        "mkdocs.yml",
        Some("site_name: Handbook\nnav:\n  - Home: index.md\n  - Edited: edited.md\n"),
    )]);
    let out = navdiff(&["show", "--repo", repo.arg()]);
    out.assert_code(0);
    assert_eq!(out.stdout, "Home → index.md\nEdited → edited.md\n");
}

#[test]
fn navdiff_toml_names_the_nav_file() {
    let mut repo = TestRepo::new();
    repo.commit(
        "two candidates",
        &[
            ("mkdocs.yml", Some(V1)),
            ("book/book.toml", Some("[book]\ntitle = \"Book\"\n")),
            ("book/src/SUMMARY.md", Some("- [Intro](intro.md)\n")),
        ],
    );
    let out = navdiff(&["show", "--repo", repo.arg(), "HEAD"]);
    out.assert_code(2);
    assert!(
        out.stderr.contains(
            "several nav files at `HEAD`: mkdocs.yml, book/src/SUMMARY.md; choose one with `--nav PATH`"
        ),
        "{}",
        out.stderr
    );
    let out = navdiff(&[
        "show",
        "--repo",
        repo.arg(),
        "--nav",
        "book/src/SUMMARY.md",
        "HEAD",
    ]);
    out.assert_code(0);
    assert_eq!(out.stdout, "Intro → intro.md\n");
    repo.commit(
        "config",
        &[("navdiff.toml", Some("nav = \"book/src/SUMMARY.md\"\n"))],
    );
    let out = navdiff(&["show", "--repo", repo.arg(), "HEAD"]);
    out.assert_code(0);
    assert_eq!(out.stdout, "Intro → intro.md\n");
}

#[test]
fn errors_name_the_revision_and_say_what_to_do() {
    let repo = two_tags();
    let out = navdiff(&["show", "--repo", repo.arg(), "v9.9"]);
    out.assert_code(2);
    assert!(
        out.stderr.contains("unknown revision `v9.9` in `"),
        "{}",
        out.stderr
    );
    let out = navdiff(&["show", "--repo", repo.arg(), "v1:docs/missing.yml"]);
    out.assert_code(2);
    assert!(
        out.stderr.ends_with("no `docs/missing.yml` at `v1`\n"),
        "{}",
        out.stderr
    );
    // A shallow clone gets a hint.
    std::fs::write(
        repo.path().join(".git/shallow"),
        format!("{}\n", repo.head()),
    )
    .expect("mark shallow");
    let out = navdiff(&["show", "--repo", repo.arg(), "v0"]);
    out.assert_code(2);
    assert!(
        out.stderr
            .contains("this is a shallow clone: `git fetch --unshallow`"),
        "{}",
        out.stderr
    );
    let outside = tempfile::tempdir().expect("temp dir");
    let out = navdiff(&[
        "show",
        "--repo",
        outside.path().to_str().expect("UTF-8"),
        "HEAD",
    ]);
    out.assert_code(2);
    assert!(
        out.stderr.contains("no git repository at or above"),
        "{}",
        out.stderr
    );
}

#[test]
fn no_nav_binary_blobs_and_submodules_are_clear_errors() {
    let mut repo = TestRepo::new();
    repo.commit("readme only", &[("README.md", Some("hi\n"))]);
    let out = navdiff(&["show", "--repo", repo.arg(), "HEAD"]);
    out.assert_code(2);
    assert!(
        out.stderr
            .contains("no nav file at `HEAD`: looked for mkdocs.yml"),
        "{}",
        out.stderr
    );
    repo.commit(
        "binary",
        &[
            ("mkdocs.yml", None),
            ("SUMMARY.md", Some("- [a](a.md)\n\0\0\0")),
        ],
    );
    let out = navdiff(&["show", "--repo", repo.arg(), "HEAD"]);
    out.assert_code(2);
    assert!(
        out.stderr
            .ends_with("HEAD:SUMMARY.md: binary file (it contains NUL bytes), not a nav file\n"),
        "{}",
        out.stderr
    );
    // A submodule: a gitlink entry in the tree.
    let tree = {
        let mut builder = repo.repo.treebuilder(None).expect("tree builder");
        let fake = git2::Oid::from_str("0123456789abcdef0123456789abcdef01234567").expect("oid");
        builder.insert("docs", fake, 0o160_000).expect("gitlink");
        builder.write().expect("tree")
    };
    repo.commit_tree("submodule", tree);
    let out = navdiff(&[
        "show",
        "--repo",
        repo.arg(),
        "--nav",
        "docs/mkdocs.yml",
        "HEAD",
    ]);
    out.assert_code(2);
    assert!(
        out.stderr
            .contains("`docs/mkdocs.yml` at `HEAD` is inside the submodule `docs`"),
        "{}",
        out.stderr
    );
}

/// A submodule at `docs/` does not hide a `mkdocs.yml` at the root from discovery.
#[test]
fn a_submodule_at_docs_does_not_hide_the_root_nav() {
    let mut repo = TestRepo::new();
    let nav = repo
        .repo
        .blob(b"site_name: Demo\nnav:\n  - Home: index.md\n  - guide.md\n")
        .expect("blob");
    let tree = {
        let mut builder = repo.repo.treebuilder(None).expect("tree builder");
        builder.insert("mkdocs.yml", nav, 0o100_644).expect("file");
        let fake = git2::Oid::from_str("0123456789abcdef0123456789abcdef01234567").expect("oid");
        builder.insert("docs", fake, 0o160_000).expect("gitlink");
        builder.write().expect("tree")
    };
    repo.commit_tree("docs as a submodule", tree);
    let out = navdiff(&["show", "--repo", repo.arg(), "HEAD"]);
    out.assert_code(0);
    assert_eq!(out.stdout, "Home → index.md\nGuide → guide.md\n");
    assert_eq!(
        out.stderr,
        "warning: HEAD:mkdocs.yml: the docs folder `docs` is in the submodule `docs`, another repository: pages without a nav title are titled by their file names\n"
    );
}

#[test]
fn history_follows_a_renamed_nav_and_a_format_change() {
    let mut repo = TestRepo::new();
    repo.commit(
        "json",
        &[(
            "website/sidebars.json",
            Some("{\"docs\": {\"Intro\": [\"a\", \"b\"]}}"),
        )],
    );
    repo.commit("unrelated", &[("README.md", Some("x\n"))]);
    repo.commit(
        "to js",
        &[
            ("website/sidebars.json", None),
            (
                "website/sidebars.js",
                Some("module.exports = { docs: { Intro: ['a', 'b', 'c'] } };\n"),
            ),
        ],
    );
    repo.commit(
        "moved",
        &[
            ("website/sidebars.js", None),
            (
                "sidebars.js",
                Some("module.exports = { docs: { Intro: ['a', 'b', 'c'] } };\n"),
            ),
        ],
    );
    repo.commit(
        "edit",
        &[(
            "sidebars.js",
            Some("module.exports = { docs: { Intro: ['a', 'c'] } };\n"),
        )],
    );
    let git = GitSource::new(
        Repo::discover(repo.path()).expect("repo"),
        NavOptions::default(),
    );
    let history = git
        .nav_history("HEAD", false, &mut |_, _| {})
        .expect("history");
    let seen: Vec<(&str, &str, usize)> = history
        .versions
        .iter()
        .map(|v| {
            (
                v.commit.subject.as_str(),
                v.nav.as_deref().unwrap_or_default(),
                v.tree
                    .as_deref()
                    .map_or(0, navdiff::model::NavTree::node_count),
            )
        })
        .collect();
    // The move to the root changes nothing in the tree: it is no version of its own.
    assert_eq!(
        seen,
        [
            ("json", "website/sidebars.json", 4),
            ("to js", "website/sidebars.js", 5),
            ("edit", "sidebars.js", 4),
        ]
    );
    assert_eq!(
        history
            .versions
            .iter()
            .map(|v| v.parents.clone())
            .collect::<Vec<_>>(),
        [vec![], vec![0], vec![1]]
    );
}

#[test]
fn a_thousand_commits_with_ten_nav_versions_parse_ten_times() {
    let mut repo = TestRepo::new();
    for i in 0..1_000 {
        let mut files = vec![("notes.txt", Some(format!("{i}\n")))];
        if i % 100 == 0 {
            files.push((
                "SUMMARY.md",
                Some(format!(
                    "- [Intro](intro.md)\n- [Version {}](v.md)\n",
                    i / 100
                )),
            ));
        }
        let files: Vec<(&str, Option<&str>)> =
            files.iter().map(|(p, t)| (*p, t.as_deref())).collect();
        repo.commit(&format!("commit {i}"), &files);
    }
    let git = GitSource::new(
        Repo::discover(repo.path()).expect("repo"),
        NavOptions::default(),
    );
    let source = git.repo();
    let tip = source.resolve("HEAD").expect("HEAD");
    let mut distinct = std::collections::HashSet::new();
    for commit in source.commits(&tip, true).expect("walk") {
        let revision = commit.revision();
        let tree = git.tree_at(&revision, None).expect("tree");
        distinct.insert(navdiff::model::write_snapshot(
            &navdiff::model::NavTree::new(navdiff::model::SourceInfo::default(), tree.roots),
        ));
    }
    assert_eq!(distinct.len(), 10);
    assert_eq!(git.parses(), 10, "each distinct version is parsed once");
    let history = git
        .nav_history("HEAD", true, &mut |_, _| {})
        .expect("history");
    assert_eq!(history.versions.len(), 10);
}

#[test]
fn the_cache_is_not_fooled_by_changed_page_titles() {
    // A bare page takes its title from its file: same nav blob, different tree.
    let mut repo = TestRepo::new();
    repo.commit(
        "one",
        &[
            ("mkdocs.yml", Some("nav:\n  - intro.md\n")),
            ("docs/intro.md", Some("# Welcome\n")),
        ],
    );
    repo.commit("two", &[("docs/intro.md", Some("# Start here\n"))]);
    let git = GitSource::new(
        Repo::discover(repo.path()).expect("repo"),
        NavOptions::default(),
    );
    let titles: Vec<String> = ["HEAD~1", "HEAD", "HEAD~1"]
        .iter()
        .map(|rev| git.tree(rev, None).expect("tree").roots[0].title.clone())
        .collect();
    assert_eq!(titles, ["Welcome", "Start here", "Welcome"]);
    assert_eq!(git.parses(), 2);
}

#[test]
fn linked_worktrees_work() {
    let repo = two_tags();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("wt");
    repo.repo
        .worktree("wt", &path, None)
        .expect("git worktree add");
    std::fs::write(
        path.join("mkdocs.yml"),
        "site_name: H\nnav:\n  - Only: only.md\n",
    )
    .expect("edit in the worktree");
    let wt = path.to_str().expect("UTF-8");
    let out = navdiff(&["show", "--repo", wt, "v1"]);
    out.assert_code(0);
    assert_eq!(out.stdout, "Home → index.md\nInstall → install.md\n");
    let out = navdiff(&["diff", "--repo", wt, "v2"]);
    out.assert_code(0);
    assert!(
        out.stdout
            .starts_with("1 added, 2 removed between v2 and working tree"),
        "{}",
        out.stdout
    );
}

#[test]
fn init_writes_a_navdiff_toml_that_reads_back() {
    let repo = two_tags();
    let out = navdiff(&["init", "--repo", repo.arg()]);
    out.assert_code(0);
    let path = repo.path().join("navdiff.toml");
    let text = std::fs::read_to_string(&path).expect("written");
    assert!(text.contains("\nnav = \"mkdocs.yml\"\n"), "{text}");
    let config = navdiff::config::Config::parse("navdiff.toml", &text).expect("reads back");
    assert_eq!(config.nav.as_deref(), Some("mkdocs.yml"));
    assert_eq!(config.title_similarity, Some(0.6));
    let out = navdiff(&["init", "--repo", repo.arg()]);
    out.assert_code(2);
    assert!(
        out.stderr
            .contains("already exists (use --force to replace it)"),
        "{}",
        out.stderr
    );
    navdiff(&["init", "--repo", repo.arg(), "--force"]).assert_code(0);
    navdiff(&["show", "--repo", repo.arg(), "v1"]).assert_code(0);
}

#[test]
fn a_repository_owned_by_another_user_says_how_to_trust_it() {
    let repo = two_tags();
    let path = repo.path().to_path_buf();
    // Only root can hand the repository to another user; elsewhere this test has nothing to do.
    let chowned = walk(&path)
        .iter()
        .all(|p| std::os::unix::fs::lchown(p, Some(65_534), Some(65_534)).is_ok());
    if !chowned {
        let _ = std::io::Write::write_all(
            &mut std::io::stderr(),
            b"SKIP a_repository_owned_by_another_user: not root\n",
        );
        return;
    }
    let home = tempfile::tempdir().expect("temp dir");
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_navdiff"))
            .args(["show", "--repo", repo.arg(), "v1"])
            .env("HOME", home.path())
            .env("XDG_CONFIG_HOME", home.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env_remove("NAVDIFF_REPO")
            .output()
            .expect("run navdiff")
    };
    let out = run();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("is owned by another user; if you trust it, mark it safe with `git config --global --add safe.directory"), "{stderr}");
    // navdiff honours git's own way of trusting it.
    std::fs::write(
        home.path().join(".gitconfig"),
        format!("[safe]\n\tdirectory = {}\n", path.display()),
    )
    .expect("write config");
    let out = run();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "Home → index.md\nInstall → install.md\n"
    );
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = vec![dir.to_path_buf()];
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() && !path.is_symlink() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}
