//! Page identity from the page files (#12): git's rename detection between two revisions,
//! content similarity between two folders, and the generated 100,000-node pair with two
//! same-titled pages in one folder.

use serde_json::Value;

use crate::support::cmd::{arg, navdiff};
use crate::support::git::TestRepo;

/// Ten lines of a page about `topic`; `keep` of them stay the same whatever `variant` is.
fn page(title: &str, topic: &str, keep: usize, variant: &str) -> String {
    let mut text = format!("# {title}\n\n");
    for i in 0..10 {
        if i < keep {
            text.push_str(&format!(
                "Line {i} explains how {topic} works in some detail.\n"
            ));
        } else {
            text.push_str(&format!(
                "Line {i} is new in {variant}, about something else.\n"
            ));
        }
    }
    text
}

const OLD_NAV: &str = "site_name: S\nnav:\n  - Home: index.md\n  - Usage:\n      - Widgets: usage/widgets.md\n      - Setup: usage/setup.md\n  - Reference:\n      - API reference: reference/api.md\n  - Concepts:\n      - Basics: concepts/basics.md\n";
const NEW_NAV: &str = "site_name: S\nnav:\n  - Home: index.md\n  - Usage:\n      - Setting up: usage/installing.md\n  - Reference:\n      - Glossary reference: reference/glossary.md\n  - Concepts:\n      - Basics: concepts/basics.md\n      - Widget concepts: concepts/widgets.md\n";

/// `usage/widgets.md` moved to `concepts/widgets.md` with a new title and 80 % of its text;
/// `usage/setup.md` renamed to `usage/installing.md` with 80 % of its text (no file name in
/// common); `reference/api.md` replaced by an unrelated `reference/glossary.md`.
fn moved_pages() -> TestRepo {
    let mut repo = TestRepo::new();
    let basics = page("Basics", "the model", 10, "");
    repo.commit(
        "first",
        &[
            ("mkdocs.yml", Some(OLD_NAV)),
            ("docs/index.md", Some("# Home\n")),
            (
                "docs/usage/widgets.md",
                Some(&page("Widgets", "a widget", 10, "v1")),
            ),
            (
                "docs/usage/setup.md",
                Some(&page("Setup", "setting up", 10, "v1")),
            ),
            (
                "docs/reference/api.md",
                Some(&page("API", "the API", 10, "v1")),
            ),
            ("docs/concepts/basics.md", Some(&basics)),
        ],
    );
    repo.tag("v1");
    repo.commit(
        "reorganise",
        &[
            ("mkdocs.yml", Some(NEW_NAV)),
            ("docs/usage/widgets.md", None),
            ("docs/usage/setup.md", None),
            ("docs/reference/api.md", None),
            (
                "docs/concepts/widgets.md",
                Some(&page("Widget concepts", "a widget", 8, "v2")),
            ),
            (
                "docs/usage/installing.md",
                Some(&page("Setting up", "setting up", 8, "v2")),
            ),
            (
                "docs/reference/glossary.md",
                Some(&page("Glossary", "words", 0, "v2")),
            ),
        ],
    );
    repo.tag("v2");
    repo
}

/// Each change as `kind [also] path matched_by`, one a line.
fn changes(json: &str) -> String {
    let doc: Value = serde_json::from_str(json).expect("JSON");
    let mut out = format!("file_evidence: {}\n", doc["file_evidence"]);
    for c in doc["changes"].as_array().expect("changes") {
        let path = |key: &str| {
            c[key]
                .as_array()
                .map(|p| {
                    p.iter()
                        .map(|t| t.as_str().unwrap_or_default())
                        .collect::<Vec<_>>()
                        .join(" › ")
                })
                .unwrap_or_default()
        };
        let also = c["also"]
            .as_array()
            .map(|a| format!(" also {}", Value::Array(a.clone())))
            .unwrap_or_default();
        out.push_str(&format!(
            "{}{also} [{}] → [{}] {}\n",
            c["kind"].as_str().unwrap_or_default(),
            path("old_path"),
            path("new_path"),
            c["matched_by"].as_str().unwrap_or("-"),
        ));
    }
    out
}

#[test]
fn git_renames_tell_a_moved_page_from_a_replaced_one() {
    let repo = moved_pages();
    let out = navdiff(&["diff", "v1", "v2", "--repo", repo.arg(), "-f", "json"]);
    out.assert_code(0);
    insta::assert_snapshot!(changes(&out.stdout), @r#"
    file_evidence: "git"
    added [] → [Reference › Glossary reference] -
    removed [Reference › API reference] → [] -
    moved [Usage › Widgets] → [Concepts › Widget concepts] file-rename
    renamed also ["relinked"] [Usage › Setup] → [Usage › Setting up] file-rename
    renamed also ["relinked"] [Usage › Widgets] → [Concepts › Widget concepts] file-rename
    "#);
    // The replaced page is a removal, and CI gates on it.
    navdiff(&[
        "diff",
        "v1",
        "v2",
        "--repo",
        repo.arg(),
        "--fail-on",
        "removed",
    ])
    .assert_code(1);
    // The markdown says both facts of each page in one item, no identity note, and the old
    // URLs that need a redirect.
    let md = navdiff(&["diff", "v1", "v2", "--repo", repo.arg(), "-f", "markdown"]);
    insta::assert_snapshot!(md.stdout, @r"
    **1 added, 1 removed, 1 moved, 2 renamed and relinked** (`v1` → `v2`)

    ### Added

    - Reference › Glossary reference `reference/glossary.md`

    ### Removed

    - Reference › API reference `reference/api.md`

    ### Moved

    - Usage › Widgets → Concepts › Widget concepts

    ### Renamed

    - Usage › ~~Setup~~ → **Setting up**, relinked `usage/setup.md` → `usage/installing.md`
    - Concepts › ~~Widgets~~ → **Widget concepts**, relinked `usage/widgets.md` → `concepts/widgets.md`

    ### Needs a redirect

    - Usage › Widgets: `/usage/widgets/` → `/concepts/widgets/`
    - Usage › Setup: `/usage/setup/` → `/usage/installing/`
    - Reference › API reference: `/reference/api/` (removed; no successor evident)
    ");
}

#[test]
fn snapshots_have_no_files_and_the_report_says_so() {
    let repo = moved_pages();
    let dir = tempfile::tempdir().expect("temp dir");
    for rev in ["v1", "v2"] {
        let file = dir.path().join(format!("{rev}.json"));
        navdiff(&["snapshot", rev, "--repo", repo.arg(), "-o", arg(&file)]).assert_code(0);
    }
    let (a, b) = (dir.path().join("v1.json"), dir.path().join("v2.json"));
    let out = navdiff(&["diff", arg(&a), arg(&b), "-f", "json"]);
    out.assert_code(0);
    // Targets and titles only: `usage/setup.md` → `usage/installing.md` cannot be told.
    insta::assert_snapshot!(changes(&out.stdout), @r#"
    file_evidence: "none"
    added [] → [Usage › Setting up] -
    added [] → [Reference › Glossary reference] -
    removed [Usage › Setup] → [] -
    removed [Reference › API reference] → [] -
    moved [Usage › Widgets] → [Concepts › Widget concepts] file-name
    renamed also ["relinked"] [Usage › Widgets] → [Concepts › Widget concepts] file-name
    "#);
    let table = navdiff(&["diff", arg(&a), arg(&b)]);
    assert_eq!(
        table
            .stdout
            .matches("Pages were told apart by their targets and titles only")
            .count(),
        1,
        "{}",
        table.stdout
    );
}

#[test]
fn two_folders_compare_their_page_files_by_content() {
    let dir = tempfile::tempdir().expect("temp dir");
    let write = |path: &str, text: &str| {
        let full = dir.path().join(path);
        std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
        std::fs::write(full, text).expect("write");
    };
    write("old/mkdocs.yml", OLD_NAV);
    write(
        "old/docs/usage/widgets.md",
        &page("Widgets", "a widget", 10, "v1"),
    );
    write(
        "old/docs/usage/setup.md",
        &page("Setup", "setting up", 10, "v1"),
    );
    write(
        "old/docs/reference/api.md",
        &page("API", "the API", 10, "v1"),
    );
    write("new/mkdocs.yml", NEW_NAV);
    write(
        "new/docs/concepts/widgets.md",
        &page("Widget concepts", "a widget", 8, "v2"),
    );
    write(
        "new/docs/usage/installing.md",
        &page("Setting up", "setting up", 8, "v2"),
    );
    write(
        "new/docs/reference/glossary.md",
        &page("Glossary", "words", 0, "v2"),
    );
    let (old, new) = (
        dir.path().join("old/mkdocs.yml"),
        dir.path().join("new/mkdocs.yml"),
    );
    let out = navdiff(&["diff", arg(&old), arg(&new), "-f", "json"]);
    out.assert_code(0);
    insta::assert_snapshot!(changes(&out.stdout), @r#"
    file_evidence: "content"
    added [] → [Reference › Glossary reference] -
    removed [Reference › API reference] → [] -
    moved [Usage › Widgets] → [Concepts › Widget concepts] file-rename
    renamed also ["relinked"] [Usage › Setup] → [Usage › Setting up] file-rename
    renamed also ["relinked"] [Usage › Widgets] → [Concepts › Widget concepts] file-rename
    "#);
}

#[test]
fn the_working_tree_is_compared_with_a_revision_by_content() {
    let repo = moved_pages();
    // In the working tree only: `usage/installing.md` renamed to `usage/set-up.md` and
    // retitled in the nav, its text mostly kept.
    repo.write(&[
        (
            "mkdocs.yml",
            Some(
                NEW_NAV
                    .replace(
                        "Setting up: usage/installing.md",
                        "Installation: usage/set-up.md",
                    )
                    .as_str(),
            ),
        ),
        ("docs/usage/installing.md", None),
        (
            "docs/usage/set-up.md",
            Some(&page("Installation", "setting up", 9, "wt")),
        ),
    ]);
    let out = navdiff(&["diff", "v2", "--repo", repo.arg(), "-f", "json"]);
    out.assert_code(0);
    let said = changes(&out.stdout);
    assert!(said.starts_with("file_evidence: \"content\"\n"), "{said}");
    assert!(
        said.ends_with(
            "renamed also [\"relinked\"] [Usage › Setting up] → [Usage › Installation] file-rename\n"
        ),
        "{said}"
    );
}

use crate::support::navgen;

use navdiff::diff::{ChangeKind, DiffOptions, diff};
use navdiff::model::Node;

/// The address (child indices from the top) of the first section holding two leaf pages of
/// the same title, and those two pages' indices.
fn twin_pages(nodes: &[Node], at: &mut Vec<usize>) -> Option<(Vec<usize>, usize, usize)> {
    for (i, node) in nodes.iter().enumerate() {
        at.push(i);
        let kids = &node.children;
        for a in 0..kids.len() {
            for b in a + 1..kids.len() {
                let leaf = |n: &Node| n.children.is_empty() && n.target.is_some();
                if leaf(&kids[a]) && leaf(&kids[b]) && kids[a].title == kids[b].title {
                    return Some((at.clone(), a, b));
                }
            }
        }
        if let Some(found) = twin_pages(kids, at) {
            return Some(found);
        }
        at.pop();
    }
    None
}

fn section_at<'a>(roots: &'a mut [Node], at: &[usize]) -> &'a mut Node {
    let (first, rest) = at.split_first().expect("an address");
    let mut node = &mut roots[*first];
    for &i in rest {
        node = &mut node.children[i];
    }
    node
}

#[test]
fn two_same_titled_pages_in_one_folder_of_a_100k_node_nav_pair_the_right_one() {
    let old = navgen::generate(100_000, 1);
    let (at, first, second) = twin_pages(&old.roots, &mut Vec::new()).expect("twin pages");
    for relink in [
        // navgen's own relink: a folder in front, the file name kept.
        |t: &str| format!("moved/{t}"),
        // The file name changed a little.
        |t: &str| t.replace(".md", "-v2.md"),
    ] {
        let mut new = old.clone();
        let section = section_at(&mut new.roots, &at);
        let kept = section.children[second].target.clone().expect("a page");
        section.children[second].target = Some(relink(&kept));
        let removed = section.children.remove(first);
        let d = diff(&old, &new, &DiffOptions::default());
        let got: Vec<(ChangeKind, Option<String>)> = d
            .changes
            .iter()
            .map(|c| (c.kind, c.target.clone()))
            .collect();
        assert_eq!(
            got,
            [
                (ChangeKind::Removed, removed.target.clone()),
                (ChangeKind::Relinked, Some(relink(&kept))),
            ],
            "the first twin removed, the second relinked, and nothing reordered"
        );
    }
}
