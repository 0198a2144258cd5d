//! `navdiff log` on histories with branches and merges, renamed nav files, unreadable
//! versions and shallow clones, built in temp folders; and a check that every event `log`
//! reports is the change `diff PARENT COMMIT` reports.

use std::collections::BTreeMap;

use crate::support::cmd::navdiff;
use crate::support::git::TestRepo;

fn summary(lines: &[&str]) -> String {
    lines.iter().map(|l| format!("{l}\n")).collect()
}

/// `text` with every commit id of `repo`'s named commits replaced by its name.
fn named(text: &str, names: &[(&str, String)]) -> String {
    let mut out = text.to_owned();
    for (name, id) in names {
        out = out.replace(&id[..12], &format!("<{name}>"));
        out = out.replace(id.as_str(), &format!("<{name}>"));
    }
    out
}

/// What each commit of [`merges`] does: check out a branch (`@name`), branch off (`+name`),
/// commit a nav (name, message, nav lines), or merge a branch (`<name`, message, nav).
const STEPS: &[(&str, &str, &[&str])] = &[
    (
        "c1",
        "start",
        &[
            "- [Home](index.md)",
            "- [Install](install.md)",
            "- [Deploy](deploy.md)",
        ],
    ),
    ("+side", "", &[]),
    (
        "c2",
        "rename install",
        &[
            "- [Home](index.md)",
            "- [Installation](install.md)",
            "- [Deploy](deploy.md)",
        ],
    ),
    ("@side", "", &[]),
    (
        "s1",
        "add faq",
        &[
            "- [Home](index.md)",
            "- [Install](install.md)",
            "- [Deploy](deploy.md)",
            "- [FAQ](faq.md)",
        ],
    ),
    (
        "s2",
        "add limits",
        &[
            "- [Home](index.md)",
            "- [Install](install.md)",
            "- [Deploy](deploy.md)",
            "- [FAQ](faq.md)",
            "- [Limits](limits.md)",
        ],
    ),
    ("@main", "", &[]),
    (
        "<m1 side",
        "merge side",
        &[
            "- [Home](index.md)",
            "- [Installation](install.md)",
            "- [Deploy](deploy.md)",
            "- [FAQ](faq.md)",
            "- [Limits](limits.md)",
        ],
    ),
    (
        "c3",
        "ops",
        &[
            "- [Home](index.md)",
            "- [Installation](install.md)",
            "- [Operations]()",
            "  - [Deploy](deploy.md)",
            "  - [Limits](limits.md)",
            "- [Questions](faq.md)",
        ],
    ),
    ("+words", "", &[]),
    (
        "c4",
        "q and a",
        &[
            "- [Home](index.md)",
            "- [Installation](install.md)",
            "- [Operations]()",
            "  - [Deploy](deploy.md)",
            "  - [Limits](limits.md)",
            "- [Q&A](faq.md)",
        ],
    ),
    ("@words", "", &[]),
    (
        "w1",
        "common questions",
        &[
            "- [Home](index.md)",
            "- [Installation](install.md)",
            "- [Operations]()",
            "  - [Deploy](deploy.md)",
            "  - [Limits](limits.md)",
            "- [Common questions](faq.md)",
        ],
    ),
    ("@main", "", &[]),
    (
        "<m2 words",
        "merge words",
        &[
            "- [Home](index.md)",
            "- [Installation](install.md)",
            "- [Operations]()",
            "  - [Deploy](deploy.md)",
            "  - [Limits](limits.md)",
            "- [Frequently asked](faq.md)",
        ],
    ),
];

/// main renames a page while a side branch adds two; the merge is clean; later a second
/// branch and main rename the same page and the merge resolves the conflict with a third
/// title. Returns the repository and each commit's name and id.
fn merges() -> (TestRepo, Vec<(&'static str, String)>) {
    let mut repo = TestRepo::new();
    let mut ids = Vec::new();
    let mut main = String::new();
    for &(step, message, nav) in STEPS {
        if let Some(branch) = step.strip_prefix('+') {
            main = repo.current_branch();
            repo.branch(branch);
        } else if let Some(branch) = step.strip_prefix('@') {
            repo.checkout(if branch == "main" { &main } else { branch });
        } else if let Some(merge) = step.strip_prefix('<') {
            let (name, branch) = merge.split_once(' ').expect("name and branch");
            let id = repo.merge(message, branch, &[("SUMMARY.md", Some(&summary(nav)))]);
            ids.push((name, id.to_string()));
        } else {
            let id = repo.commit(message, &[("SUMMARY.md", Some(&summary(nav)))]);
            ids.push((step, id.to_string()));
        }
    }
    (repo, ids)
}

#[test]
fn a_merge_reports_only_what_differs_from_every_parent() {
    let (repo, ids) = merges();
    let log = |query: &str| {
        let out = navdiff(&["log", "--repo", repo.arg(), query]);
        out.assert_code(0);
        named(&out.stdout, &ids)
    };
    assert_eq!(
        log("faq.md"),
        "2024-01-03  <s1>  added      FAQ  (add faq)\n\
         2024-01-06  <c3>  renamed    FAQ → Questions  (ops)\n\
         2024-01-07  <c4>  renamed    Questions → Q&A  (q and a)\n\
         2024-01-08  <w1>  renamed    Questions → Common questions  (common questions)\n\
         2024-01-09  <m2>  renamed    Q&A → Frequently asked  (merge words)\n"
    );
    assert_eq!(
        log("limits.md"),
        "2024-01-04  <s2>  added      Limits  (add limits)\n\
         2024-01-06  <c3>  moved      Limits → Operations › Limits  (ops)\n"
    );
    // The old title finds the page, and the rename is one event.
    assert_eq!(
        log("Install"),
        "2024-01-01  <c1>  added      Install  (start)\n\
         2024-01-02  <c2>  renamed    Install → Installation  (rename install)\n"
    );
    assert_eq!(log("Installation"), log("install.md"));
    // With --first-parent, the side branch's events show where they reached main.
    let out = navdiff(&["log", "--repo", repo.arg(), "--first-parent", "faq.md"]);
    out.assert_code(0);
    assert_eq!(
        named(&out.stdout, &ids),
        "2024-01-03  <s1>  added      FAQ  (add faq; merged in <m1>)\n\
         2024-01-06  <c3>  renamed    FAQ → Questions  (ops)\n\
         2024-01-07  <c4>  renamed    Questions → Q&A  (q and a)\n\
         2024-01-08  <w1>  renamed    Questions → Common questions  (common questions; merged in <m2>)\n\
         2024-01-09  <m2>  renamed    Q&A → Frequently asked  (merge words)\n"
    );
}

#[test]
fn relinks_show_both_targets_and_sections_carry_their_pages() {
    let mut repo = TestRepo::new();
    repo.commit(
        "start",
        &[(
            "SUMMARY.md",
            Some(&summary(&[
                "- [Guide]()",
                "  - [Deploy](deploy.md)",
                "- [Ops]()",
            ])),
        )],
    );
    repo.commit(
        "relink",
        &[(
            "SUMMARY.md",
            Some(&summary(&[
                "- [Guide]()",
                "  - [Deploy](ops/deploy.md)",
                "- [Ops]()",
            ])),
        )],
    );
    repo.commit(
        "nest",
        &[(
            "SUMMARY.md",
            Some(&summary(&[
                "- [Ops]()",
                "  - [Guide]()",
                "    - [Deploy](ops/deploy.md)",
            ])),
        )],
    );
    let out = navdiff(&["log", "--repo", repo.arg(), "deploy.md"]);
    out.assert_code(0);
    let text = out
        .stdout
        .lines()
        .map(|l| &l[26..])
        .collect::<Vec<_>>()
        .join("\n");
    assert_eq!(
        text,
        "added      Guide › Deploy, with Guide  (start)\n\
         relinked   Guide › Deploy: deploy.md → ops/deploy.md  (relink)\n\
         moved      Guide › Deploy → Ops › Guide › Deploy, with Ops › Guide  (nest)"
    );
    let out = navdiff(&["log", "--repo", repo.arg(), "--format", "json", "deploy.md"]);
    out.assert_code(0);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(doc["events"][1]["old_target"], "deploy.md");
    assert_eq!(doc["events"][1]["new_target"], "ops/deploy.md");
    assert_eq!(doc["events"][0]["with"], serde_json::json!(["Guide"]));
    assert_eq!(
        doc["events"][2]["with"],
        serde_json::json!(["Ops", "Guide"])
    );
    assert!(doc["events"][2].get("old_target").is_none());
}

#[test]
fn the_nav_file_is_followed_through_a_rename() {
    let mut repo = TestRepo::new();
    repo.commit(
        "start",
        &[(
            "docs/SUMMARY.md",
            Some(&summary(&[
                "# Summary",
                "",
                "- [Intro](intro.md)",
                "- [Setup](setup.md)",
                "- [Usage](usage.md)",
                "- [Reference](reference.md)",
            ])),
        )],
    );
    repo.commit(
        "move the book",
        &[
            ("docs/SUMMARY.md", None),
            (
                "book/src/SUMMARY.md",
                Some(&summary(&[
                    "# Summary",
                    "",
                    "- [Intro](intro.md)",
                    "- [Setup](setup.md)",
                    "- [Usage](usage.md)",
                    "- [Reference](reference.md)",
                    "- [Glossary](glossary.md)",
                ])),
            ),
        ],
    );
    repo.commit(
        "retitle",
        &[(
            "book/src/SUMMARY.md",
            Some(&summary(&[
                "# Summary",
                "",
                "- [Introduction](intro.md)",
                "- [Setup](setup.md)",
                "- [Usage](usage.md)",
                "- [Reference](reference.md)",
                "- [Glossary](glossary.md)",
            ])),
        )],
    );
    for nav in [None, Some("book/src/SUMMARY.md")] {
        let mut args = vec!["log", "--repo", repo.arg()];
        if let Some(nav) = nav {
            args.extend(["--nav", nav]);
        }
        let run = |query: &str| {
            let mut a = args.clone();
            a.push(query);
            let out = navdiff(&a);
            out.assert_code(0);
            out.stdout
                .lines()
                .map(|l| l[26..].to_owned())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            run("intro.md"),
            [
                "added      Intro  (start)",
                "renamed    Intro → Introduction  (retitle)"
            ],
            "{nav:?}"
        );
        assert_eq!(
            run("Glossary"),
            ["added      Glossary  (move the book)"],
            "{nav:?}"
        );
    }
}

#[test]
fn an_unreadable_version_is_skipped_with_a_warning() {
    let mut repo = TestRepo::new();
    repo.commit(
        "start",
        &[(
            "mkdocs.yml",
            Some("nav:\n  - Home: index.md\n  - Install: install.md\n"),
        )],
    );
    let broken = repo.commit(
        "broken",
        &[(
            "mkdocs.yml",
            Some("nav:\n  - Home: index.md\n  - [Install: install.md\n"),
        )],
    );
    repo.commit(
        "fixed",
        &[(
            "mkdocs.yml",
            Some("nav:\n  - Home: index.md\n  - Installing: install.md\n"),
        )],
    );
    let out = navdiff(&["log", "--repo", repo.arg(), "install.md"]);
    out.assert_code(0);
    let short = &broken.to_string()[..12];
    assert!(
        out.stderr.starts_with(&format!(
            "warning: {short}: skipped, cannot read the nav: {short}:mkdocs.yml:"
        )),
        "{}",
        out.stderr
    );
    let kinds: Vec<&str> = out.stdout.lines().map(|l| &l[26..]).collect();
    assert_eq!(
        kinds,
        [
            "added      Install  (start)",
            "renamed    Install → Installing  (fixed)"
        ]
    );
    let out = navdiff(&["log", "--repo", repo.arg(), "--strict", "install.md"]);
    out.assert_code(2);
    assert!(
        out.stderr.starts_with(&format!(
            "error: cannot read the nav at `{short}`: {short}:mkdocs.yml:"
        )),
        "{}",
        out.stderr
    );
}

#[test]
fn a_shallow_boundary_is_named_and_adds_nothing() {
    let mut repo = TestRepo::new();
    repo.commit("c1", &[("SUMMARY.md", Some("- [Home](index.md)\n"))]);
    repo.commit(
        "c2",
        &[(
            "SUMMARY.md",
            Some("- [Home](index.md)\n- [Guide](guide.md)\n"),
        )],
    );
    let c3 = repo.commit("c3", &[("README.md", Some("readme\n"))]);
    repo.commit(
        "c4",
        &[(
            "SUMMARY.md",
            Some("- [Home](index.md)\n- [Guide](guide.md)\n- [FAQ](faq.md)\n"),
        )],
    );
    std::fs::write(repo.path().join(".git/shallow"), format!("{c3}\n")).expect("shallow");
    let out = navdiff(&["log", "--repo", repo.arg(), "guide.md"]);
    out.assert_code(0);
    assert_eq!(
        out.stdout, "",
        "present at the boundary: when it came is not known"
    );
    assert_eq!(
        out.stderr,
        format!(
            "note: history starts at the shallow boundary {}; run `git fetch --unshallow` for the rest\n",
            &c3.to_string()[..12]
        )
    );
    let out = navdiff(&["log", "--repo", repo.arg(), "faq.md"]);
    out.assert_code(0);
    assert_eq!(
        out.stdout.lines().map(|l| &l[26..]).collect::<Vec<_>>(),
        ["added      FAQ  (c4)"]
    );
}

#[test]
fn navdiff_toml_matching_settings_apply_to_log() {
    let mut repo = TestRepo::new();
    repo.commit(
        "start",
        &[(
            "SUMMARY.md",
            Some("- [A](a.md)\n- [B](b.md)\n- [C](c.md)\n"),
        )],
    );
    repo.commit(
        "reorder",
        &[(
            "SUMMARY.md",
            Some("- [B](b.md)\n- [C](c.md)\n- [A](a.md)\n"),
        )],
    );
    let out = navdiff(&["log", "--repo", repo.arg(), "a.md"]);
    out.assert_code(0);
    assert_eq!(out.stdout.lines().count(), 2, "{}", out.stdout);
    std::fs::write(repo.path().join("navdiff.toml"), "ignore-reorders = true\n").expect("toml");
    let out = navdiff(&["log", "--repo", repo.arg(), "a.md"]);
    out.assert_code(0);
    assert_eq!(out.stdout.lines().count(), 1, "{}", out.stdout);
    let out = navdiff(&["log", "--repo", repo.arg(), "--dice", "0.9", "a.md"]);
    out.assert_code(0);
}

/// The kind of change `diff` reports for a `log` event's kind.
fn change_kind(event: &str) -> &str {
    match event {
        "re-added" => "added",
        other => other,
    }
}

#[test]
fn log_and_diff_agree_on_every_commit() {
    let (repo, _) = merges();
    assert_agreement(&repo, 10);
    let (repo, _) = page_moves();
    assert_agreement(&repo, 3);
}

/// Page text long enough for git's rename detection to pair a moved file.
fn page(title: &str) -> String {
    let mut text = format!("# {title}\n\n");
    for i in 0..12 {
        text.push_str(&format!("Line {i} of the {title} page, kept as it is.\n"));
    }
    text
}

/// MkDocs pages whose files git renames: `install.md` becomes `setup.md` retitled (one page
/// renamed and relinked, which the nav alone cannot tell from a page removed and another
/// added), then, while a side branch adds a page, main moves `usage.md` into a folder.
fn page_moves() -> (TestRepo, Vec<(&'static str, String)>) {
    let mut repo = TestRepo::new();
    let (index, install, usage, faq) = (page("Home"), page("Install"), page("Usage"), page("FAQ"));
    let nav = |lines: &[&str]| format!("nav:\n{}", summary(lines));
    let c1 = repo.commit(
        "start",
        &[
            (
                "mkdocs.yml",
                Some(&nav(&[
                    "  - Home: index.md",
                    "  - Install: install.md",
                    "  - Usage: usage.md",
                ])),
            ),
            ("docs/index.md", Some(&index)),
            ("docs/install.md", Some(&install)),
            ("docs/usage.md", Some(&usage)),
        ],
    );
    let c2 = repo.commit(
        "setup",
        &[
            (
                "mkdocs.yml",
                Some(&nav(&[
                    "  - Home: index.md",
                    "  - Setting up: setup.md",
                    "  - Usage: usage.md",
                ])),
            ),
            ("docs/install.md", None),
            ("docs/setup.md", Some(&install)),
        ],
    );
    let main = repo.current_branch();
    repo.branch("side");
    let c3 = repo.commit(
        "usage in a folder",
        &[
            (
                "mkdocs.yml",
                Some(&nav(&[
                    "  - Home: index.md",
                    "  - Setting up: setup.md",
                    "  - How to use: guide/usage.md",
                ])),
            ),
            ("docs/usage.md", None),
            ("docs/guide/usage.md", Some(&usage)),
        ],
    );
    repo.checkout("side");
    let s1 = repo.commit(
        "faq",
        &[
            (
                "mkdocs.yml",
                Some(&nav(&[
                    "  - Home: index.md",
                    "  - Setting up: setup.md",
                    "  - Usage: usage.md",
                    "  - FAQ: faq.md",
                ])),
            ),
            ("docs/faq.md", Some(&faq)),
        ],
    );
    repo.checkout(&main);
    let m1 = repo.merge(
        "merge side",
        "side",
        &[
            (
                "mkdocs.yml",
                Some(&nav(&[
                    "  - Home: index.md",
                    "  - Setting up: setup.md",
                    "  - How to use: guide/usage.md",
                    "  - FAQ: faq.md",
                ])),
            ),
            ("docs/faq.md", Some(&faq)),
        ],
    );
    let ids = [("c1", c1), ("c2", c2), ("c3", c3), ("s1", s1), ("m1", m1)];
    (repo, ids.map(|(n, id)| (n, id.to_string())).to_vec())
}

#[test]
fn page_files_git_renamed_are_one_page_in_log_as_in_diff() {
    let (repo, ids) = page_moves();
    let log = |query: &str| {
        let out = navdiff(&["log", "--repo", repo.arg(), query]);
        out.assert_code(0);
        named(&out.stdout, &ids)
    };
    // Git renamed the file: one page, retitled and relinked, found by either name.
    let setup = "2024-01-01  <c1>  added      Install  (start)\n\
         2024-01-02  <c2>  renamed and relinked  Install → Setting up: install.md → setup.md  (setup)\n";
    assert_eq!(log("setup.md"), setup);
    assert_eq!(log("install.md"), setup);
    assert_eq!(
        log("guide/usage.md"),
        "2024-01-01  <c1>  added      Usage  (start)\n\
         2024-01-03  <c3>  renamed and relinked  Usage → How to use: usage.md → guide/usage.md  (usage in a folder)\n"
    );
    let out = navdiff(&[
        "diff",
        "--repo",
        repo.arg(),
        "-f",
        "json",
        &ids[0].1,
        &ids[1].1,
    ]);
    out.assert_code(0);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(doc["changes"].as_array().map(Vec::len), Some(1), "{doc:#}");
}

/// Checks that every `log` event of every target `diff` names in `repo` is the change
/// `diff PARENT COMMIT` reports, and back; at least `least` events.
fn assert_agreement(repo: &TestRepo, least: usize) {
    // Every commit, with its parents.
    let mut walk = repo.repo.revwalk().expect("walk");
    walk.push_head().expect("HEAD");
    let commits: Vec<(String, Vec<String>)> = walk
        .map(|id| {
            let commit = repo.repo.find_commit(id.expect("id")).expect("commit");
            (
                commit.id().to_string(),
                commit.parent_ids().map(|p| p.to_string()).collect(),
            )
        })
        .collect();
    // What `diff PARENT COMMIT` says at every commit, against each parent.
    let mut diffs: BTreeMap<(String, String), Vec<serde_json::Value>> = BTreeMap::new();
    let mut targets = std::collections::BTreeSet::new();
    for (commit, parents) in &commits {
        for parent in parents {
            let out = navdiff(&["diff", "--repo", repo.arg(), "-f", "json", parent, commit]);
            out.assert_code(0);
            let doc: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
            let changes = doc["changes"].as_array().expect("changes").clone();
            for c in &changes {
                if let Some(t) = c["target"].as_str() {
                    targets.insert(t.to_owned());
                }
            }
            diffs.insert((parent.clone(), commit.clone()), changes);
        }
    }
    let path = |v: &serde_json::Value| v.as_array().cloned();
    let mut checked = 0;
    for target in &targets {
        let out = navdiff(&["log", "--repo", repo.arg(), "-f", "json", target]);
        out.assert_code(0);
        let doc: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
        let events = doc["events"].as_array().expect("events");
        for event in events {
            let commit = event["commit"].as_str().expect("commit");
            let parents = &commits.iter().find(|(c, _)| c == commit).expect("known").1;
            let kind = change_kind(event["kind"].as_str().expect("kind"));
            // The change the event comes from: its own, or its section's (`with`); at a
            // merge, a change against every parent (the old place as the first parent had it).
            for (i, parent) in parents.iter().enumerate() {
                let changes = &diffs[&(parent.clone(), commit.to_owned())];
                let found = changes.iter().any(|c| {
                    // A page renamed and relinked is one change of both kinds.
                    let same_kind = c["kind"] == kind
                        || c["also"]
                            .as_array()
                            .is_some_and(|also| also.iter().any(|k| k == kind));
                    match event.get("with") {
                        Some(with) => {
                            same_kind
                                && (path(&c["new_path"]) == path(with)
                                    || path(&c["old_path"]) == path(with))
                        }
                        None => {
                            same_kind
                                && path(&c["new_path"]) == path(&event["new_path"])
                                && (i > 0 || path(&c["old_path"]) == path(&event["old_path"]))
                        }
                    }
                });
                assert!(
                    found,
                    "{target}: {event:#} has no matching change in diff {parent} {commit}: {changes:#?}"
                );
                checked += 1;
            }
        }
        // And every change `diff` reports for this page at a one-parent commit is in its log.
        for (commit, parents) in &commits {
            let [parent] = parents.as_slice() else {
                continue;
            };
            for c in &diffs[&(parent.clone(), commit.clone())] {
                if c["target"].as_str() != Some(target.as_str()) {
                    continue;
                }
                let logged = events.iter().any(|e| {
                    e["commit"] == commit.as_str()
                        && change_kind(e["kind"].as_str().expect("kind")) == c["kind"]
                });
                assert!(
                    logged,
                    "{target}: {c:#} at {commit} is not in the log {events:#?}"
                );
            }
        }
    }
    assert!(checked >= least, "only {checked} events checked");
}

#[test]
fn a_branch_that_creates_the_configured_nav_file_adds_its_pages_itself() {
    let mut repo = TestRepo::new();
    repo.commit(
        "start",
        &[(
            "contents.md",
            Some("- [Intro](intro.md)\n- [Glossary](glossary.md)\n"),
        )],
    );
    let main = repo.current_branch();
    repo.branch("side");
    repo.commit("readme", &[("README.md", Some("hello\n"))]);
    repo.checkout("side");
    // A new nav file, not a rename of the old one (too different for git to pair them).
    let mut book = String::from("# Summary\n\n");
    for i in 0..20 {
        book.push_str(&format!("- [Page {i}](p{i}.md)\n"));
    }
    book.push_str("- [Glossary](glossary.md)\n");
    let book_commit = repo.commit(
        "book",
        &[("contents.md", None), ("SUMMARY.md", Some(&book))],
    );
    repo.checkout(&main);
    let merge = repo.merge("merge side", "side", &[("SUMMARY.md", Some(&book))]);
    let names = [
        ("book", book_commit.to_string()),
        ("merge", merge.to_string()),
    ];
    for (flags, expected) in [
        (&[][..], "2024-01-03  <book>  added      Glossary  (book)\n"),
        (
            &["--first-parent"][..],
            "2024-01-03  <book>  added      Glossary  (book; merged in <merge>)\n",
        ),
    ] {
        let mut args = vec!["log", "--repo", repo.arg(), "--nav", "SUMMARY.md"];
        args.extend(flags);
        args.push("glossary.md");
        let out = navdiff(&args);
        out.assert_code(0);
        assert_eq!(named(&out.stdout, &names), expected, "{flags:?}");
    }
}
