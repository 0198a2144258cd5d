//! The command line as a user meets it: help, `show`, and errors on bad input.

use crate::support::cmd::{arg, navdiff, redact};
use crate::support::fixture;

#[test]
fn help_lists_the_commands() {
    let out = navdiff(&["--help"]);
    out.assert_code(0);
    insta::assert_snapshot!("help", out.stdout);
}

#[test]
fn show_help_explains_every_argument() {
    let out = navdiff(&["show", "--help"]);
    out.assert_code(0);
    insta::assert_snapshot!("show_help", out.stdout);
}

#[test]
fn show_prints_the_outline_and_warnings() {
    let path = fixture("snapshots/handbook.json");
    let out = navdiff(&["show", arg(&path)]);
    out.assert_code(0);
    insta::assert_snapshot!(out.stdout, @r"
    Home → index.md
    Getting started
      Install → start/install.md
      First project → start/first-project.md
    Operations → ops/index.md
      Deploy
        Containers → ops/deploy/containers.md
        Bare metal → ops/deploy/bare-metal.md
      Monitoring → ops/monitoring.md
    Source code → https://github.com/example/handbook
    ");
    assert_eq!(
        out.stderr,
        "warning: v2.0:mkdocs.yml: line 12: `!ENV` tag read as a plain string\n"
    );
}

#[test]
fn show_quiet_silences_warnings() {
    let path = fixture("snapshots/handbook.json");
    let out = navdiff(&["show", "--quiet", arg(&path)]);
    out.assert_code(0);
    assert_eq!(out.stderr, "");
}

#[test]
fn show_json_writes_the_snapshot_back_byte_for_byte() {
    let path = fixture("snapshots/handbook.json");
    let out = navdiff(&["show", "-q", "--format", "json", arg(&path)]);
    out.assert_code(0);
    let original = std::fs::read_to_string(&path).expect("fixture");
    assert_eq!(out.stdout, original);
}

#[track_caller]
fn check_error(args: &[&str], expected: &str) {
    let out = navdiff(args);
    out.assert_code(2);
    assert_eq!(out.stdout, "");
    assert_eq!(redact(&out.stderr), expected);
}

#[test]
fn show_errors_name_the_file() {
    let missing = fixture("snapshots/missing.json");
    check_error(
        &["show", arg(&missing)],
        "error: cannot read `[FIXTURES]/snapshots/missing.json`: No such file or directory (os error 2)\n",
    );
    let invalid = fixture("snapshots/invalid.json");
    check_error(
        &["show", arg(&invalid)],
        "error: [FIXTURES]/snapshots/invalid.json:5:22: invalid snapshot JSON: expected `,` or `}`\n",
    );
    let future = fixture("snapshots/future.json");
    check_error(
        &["show", arg(&future)],
        "error: [FIXTURES]/snapshots/future.json: unsupported snapshot schema `navdiff.snapshot.v9` (this navdiff reads `navdiff.snapshot.v1`)\n",
    );
}

#[test]
fn usage_errors_exit_2() {
    let out = navdiff(&["show", "--format", "yaml", "x.json"]);
    out.assert_code(2);
    assert!(
        out.stderr
            .contains("invalid value 'yaml' for '--format <FORMAT>'"),
        "{}",
        out.stderr
    );
    let out = navdiff(&["frobnicate"]);
    out.assert_code(2);
}

#[test]
fn show_reads_a_keyed_yaml_nav_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("documentsupdated.yaml");
    std::fs::write(
        &path,
        "- categoryname: Agent Experience\n  documents:\n    - documentname: Chat Agent API\n      pages:\n        - pagename: Methods\n          subpages:\n            - subpagename: Start Agent Session\n",
    )
    .expect("write fixture");
    let out = navdiff(&["show", arg(&path)]);
    out.assert_code(0);
    assert_eq!(
        out.stdout,
        "Agent Experience\n  Chat Agent API\n    Methods\n      Start Agent Session\n"
    );
}

#[test]
fn show_refuses_binary_and_non_utf8_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let binary = dir.path().join("logo.yml");
    std::fs::write(&binary, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").expect("write");
    let out = navdiff(&["show", arg(&binary)]);
    out.assert_code(2);
    let stderr = out
        .stderr
        .replace(&dir.path().display().to_string(), "[TMP]");
    assert!(
        stderr
            .ends_with("cannot tell which navigation format `[TMP]/logo.yml` is (it is binary, not text); pass `--nav-format` (mkdocs, mdbook, docusaurus, keyed-yaml, outline, sphinx, antora, vitepress)\n"),
        "{}",
        out.stderr
    );
    let latin1 = dir.path().join("nav.txt");
    std::fs::write(&latin1, b"Guide\n  Caf\xe9\n").expect("write");
    let out = navdiff(&["show", arg(&latin1)]);
    out.assert_code(2);
    assert!(
        out.stderr
            .ends_with("nav.txt:2:6: not UTF-8 text (invalid byte 0xe9)\n"),
        "{}",
        out.stderr
    );
}

/// A file that is no nav format, passed without `--nav-format`: the error says so and how
/// to choose, exit 2, instead of reading it as an outline.
#[test]
fn files_of_no_nav_format_cannot_be_told() {
    let dir = tempfile::tempdir().expect("temp dir");
    let empty = dir.path().join("empty");
    std::fs::write(&empty, "").expect("write");
    let jpeg = dir.path().join("photo.jpg");
    std::fs::write(
        &jpeg,
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01",
    )
    .expect("write");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for path in [root.join("README.md"), root.join("Cargo.toml"), empty, jpeg] {
        let out = navdiff(&["show", arg(&path)]);
        out.assert_code(2);
        assert_eq!(out.stdout, "");
        let expected = format!(
            "error: cannot tell which navigation format `{}` is",
            path.display()
        );
        assert!(out.stderr.starts_with(&expected), "{}", out.stderr);
        assert!(
            out.stderr.ends_with("; pass `--nav-format` (mkdocs, mdbook, docusaurus, keyed-yaml, outline, sphinx, antora, vitepress)\n"),
            "{}",
            out.stderr
        );
    }
}

/// `--nav-format` naming a format the file plainly is not is an error naming the likely one.
#[test]
fn a_forced_format_that_is_plainly_wrong_is_an_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mkdocs = dir.path().join("mkdocs.yml");
    std::fs::write(&mkdocs, "site_name: Demo\nnav:\n  - Home: index.md\n").expect("write");
    let out = navdiff(&["show", arg(&mkdocs), "--nav-format", "mdbook"]);
    out.assert_code(2);
    assert_eq!(
        out.stderr
            .replace(&dir.path().display().to_string(), "[TMP]"),
        "error: `[TMP]/mkdocs.yml` looks like a mkdocs nav file (MkDocs settings (`site_name:`, `INHERIT:` or `docs_dir:`)), not mdbook; drop `--nav-format mdbook` or pass `--nav-format mkdocs`\n"
    );
    // A Markdown list may be read as an outline when asked.
    let summary = dir.path().join("SUMMARY.md");
    std::fs::write(&summary, "# Summary\n\n- [Intro](intro.md)\n").expect("write");
    navdiff(&["show", arg(&summary), "--nav-format", "outline"]).assert_code(0);
}

#[test]
fn shipped_snapshots_show_the_whole_liveperson_hierarchy() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots/liveperson-v7.json");
    let out = navdiff(&["show", arg(&path)]);
    out.assert_code(0);
    // Category → document → page → subpage, as the README shows.
    assert!(
        out.stdout.contains("Agent Experience\n  Add Agent Widgets\n    Add Your Own Widgets to the Agent Workspace\n"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("\n  Chat Agent API\n    Overview\n    Methods\n      Start Agent Session\n")
    );
    assert_eq!(out.stdout.lines().count(), 1053);
}

/// A syntax error shows the offending line and a caret on lines of their own, and warnings
/// come in line order, each naming the file it is about.
#[test]
fn errors_break_lines_and_warnings_come_in_line_order() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = dir.path().join("mkdocs.yml");
    std::fs::write(&bad, "nav:\n  - a: b: c\n").expect("write");
    let out = navdiff(&["show", arg(&bad)]);
    out.assert_code(2);
    assert_eq!(
        out.stderr
            .replace(&dir.path().display().to_string(), "[TMP]"),
        "error: [TMP]/mkdocs.yml:2:9: invalid YAML: mapping values are not allowed in this context\n  |   - a: b: c\n  |         ^\n"
    );
    let site = dir.path().join("site");
    std::fs::create_dir_all(&site).expect("mkdir");
    std::fs::write(site.join("conf.py"), "project = 'x'\n").expect("write");
    std::fs::write(
        site.join("index.rst"),
        "Site\n====\n\n.. toctree::\n\n   guide\n   missing-one\n\n.. toctree::\n\n   missing-two\n",
    )
    .expect("write");
    std::fs::write(
        site.join("guide.rst"),
        "Guide\n=====\n\n.. toctree::\n\n   gone\n",
    )
    .expect("write");
    let out = navdiff(&["show", arg(&site.join("index.rst"))]);
    out.assert_code(0);
    let stderr = out.stderr.replace(&site.display().to_string(), "[SITE]");
    assert_eq!(
        stderr,
        "warning: [SITE]/index.rst: line 7: toctree lists `missing-one`, which is not in the source folder (something may write it at build time; navdiff cannot tell): left out, as Sphinx leaves out a document it cannot find\n\
         warning: [SITE]/index.rst: line 11: toctree lists `missing-two`, which is not in the source folder (something may write it at build time; navdiff cannot tell): left out, as Sphinx leaves out a document it cannot find\n\
         warning: [SITE]/index.rst: guide.rst: line 6: toctree lists `gone`, which is not in the source folder (something may write it at build time; navdiff cannot tell): left out, as Sphinx leaves out a document it cannot find\n"
    );
}

#[test]
fn man_prints_the_main_page_or_writes_one_per_command() {
    let out = navdiff(&["man"]);
    out.assert_code(0);
    let main = &out.stdout;
    assert!(main.contains(".TH navdiff 1 "), "{main}");
    for part in [
        ".SH SUBCOMMANDS",
        "navdiff\\-diff(1)",
        ".SH \"EXIT STATUS\"",
        ".SH EXAMPLES",
        "\\fBnavdiff diff v1.2\\fR",
    ] {
        assert!(main.contains(part), "the main page has {part}:\n{main}");
    }
    assert_eq!(out.stderr, "");

    let dir = tempfile::tempdir().expect("temp dir");
    let out = navdiff(&["man", "--out-dir", arg(dir.path())]);
    out.assert_code(0);
    assert_eq!(out.stdout, "");
    let commands = [
        "diff",
        "show",
        "snapshot",
        "changelog",
        "log",
        "redirects",
        "init",
        "completions",
        "man",
    ];
    let mut files: Vec<String> = std::fs::read_dir(dir.path())
        .expect("the folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let mut expected: Vec<String> = commands.iter().map(|c| format!("navdiff-{c}.1")).collect();
    expected.push("navdiff.1".to_owned());
    expected.sort();
    assert_eq!(files, expected);
    assert!(
        out.stderr.starts_with(&format!(
            "wrote 10 man pages to {}: navdiff.1, navdiff-diff.1, ",
            dir.path().display()
        )),
        "{}",
        out.stderr
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("navdiff.1")).expect("main page"),
        *main,
        "the same main page as printed"
    );
    for command in commands {
        let page = std::fs::read_to_string(dir.path().join(format!("navdiff-{command}.1")))
            .expect("a page");
        let title = format!(".TH navdiff-{command} 1  \"navdiff ");
        let name = format!(".SH NAME\nnavdiff\\-{command} \\- ");
        let synopsis = format!(".SH SYNOPSIS\n\\fBnavdiff {command}\\fR");
        for part in [
            title.as_str(),
            &name,
            &synopsis,
            ".SH OPTIONS",
            ".SH \"EXIT STATUS\"",
            ".SH EXAMPLES\n.TP\n\\fBnavdiff ",
            ".SH \"SEE ALSO\"\nnavdiff(1); ",
        ] {
            assert!(
                page.contains(part),
                "navdiff-{command}(1) has {part:?}:\n{page}"
            );
        }
        // Only `diff` and `redirects` exit 1.
        assert_eq!(
            page.contains(".TP\n\\fB1\\fR\n"),
            command == "diff" || command == "redirects",
            "navdiff-{command}(1)"
        );
    }
    let diff = std::fs::read_to_string(dir.path().join("navdiff-diff.1")).expect("a page");
    for option in ["\\-\\-fail\\-on", "\\-\\-template", "\\-\\-output"] {
        assert!(diff.contains(option), "navdiff-diff(1) documents {option}");
    }
}

/// A MkDocs section whose title became `""` (as Zensical sites write them) is not claimed
/// renamed to nothing: what the theme shows for it is not known, and the report says so once.
#[test]
fn sections_left_untitled_are_not_renamed_to_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let write = |side: &str, flying: &str, repairs: &str| {
        let folder = dir.path().join(side);
        std::fs::create_dir(&folder).expect("side folder");
        let text = format!(
            "site_name: Kite club\nnav:\n  - Home: index.md\n  - {flying}:\n      - flying/index.md\n      - flying/launch.md\n  - {repairs}:\n      - repairs/index.md\n      - repairs/spars.md\n"
        );
        std::fs::write(folder.join("mkdocs.yml"), text).expect("mkdocs.yml");
        folder.join("mkdocs.yml")
    };
    let old = write("old", "Flying", "Repairs");
    let new = write("new", "\"\"", "Mending");
    let out = navdiff(&["diff", arg(&old), arg(&new), "-q", "--format", "markdown"]);
    out.assert_code(0);
    let sides = format!("`{}` → `{}`", arg(&old), arg(&new));
    assert_eq!(
        out.stdout,
        format!(
            "**1 renamed** ({sides})\n\n### Renamed\n\n- ~~Repairs~~ → **Mending** (section)\n\n_1 section title left empty on one side: what the theme shows is not known (Zensical's shows the section's index page title, Material for MkDocs shows none), so it is not reported as renamed. Pages were told apart by their targets and titles only (no page files were compared)._\n"
        )
    );
    // Only the empty title changed: no change, and the note still says why.
    let new = write("newer", "\"\"", "Repairs");
    let out = navdiff(&["diff", arg(&old), arg(&new), "-q"]);
    out.assert_code(0);
    assert_eq!(
        out.stdout,
        format!(
            "No structural changes between {} and {} (7 nodes).\n1 section title left empty on one side: what the theme shows is not known (Zensical's shows the section's index page title, Material for MkDocs shows none), so it is not reported as renamed.\n",
            arg(&old),
            arg(&new)
        )
    );
    let json = navdiff(&["diff", arg(&old), arg(&new), "-q", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).expect("json");
    assert_eq!(doc["untitled_sections"], 1);
    assert_eq!(doc["changes"], serde_json::json!([]));
}
