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
    assert!(
        out.stderr
            .ends_with("logo.yml: binary file (it contains NUL bytes), not a nav file\n"),
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
