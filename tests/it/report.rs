//! `navdiff diff` as users see it: every report format on a fixture pair with every kind
//! of change, escaping of hostile titles, "no changes", exit statuses and bad input.

use crate::support::cmd::{arg, navdiff, redact};
use crate::support::fixture;

fn pair() -> (String, String) {
    let old = fixture("diff/every-kind/old/mkdocs.yml");
    let new = fixture("diff/every-kind/new/mkdocs.yml");
    (arg(&old).to_owned(), arg(&new).to_owned())
}

fn diff_as(format: &str) -> String {
    let (old, new) = pair();
    let out = navdiff(&["diff", &old, &new, "--format", format]);
    out.assert_code(0);
    redact(&out.stdout)
}

#[test]
fn table() {
    insta::assert_snapshot!("diff_table", diff_as("table"));
}

#[test]
fn markdown() {
    insta::assert_snapshot!("diff_markdown", diff_as("markdown"));
}

#[test]
fn json() {
    insta::assert_snapshot!("diff_json", diff_as("json"));
}

#[test]
fn github() {
    insta::assert_snapshot!("diff_github", diff_as("github"));
}

/// The page's markup; its style sheet and script are their own files.
#[test]
fn html() {
    insta::assert_snapshot!("diff_html", crate::html::markup_only(&diff_as("html")));
}

#[test]
fn diff_help() {
    let out = navdiff(&["diff", "--help"]);
    out.assert_code(0);
    insta::assert_snapshot!("diff_help", out.stdout);
}

#[test]
fn hostile_titles_are_escaped_in_every_format() {
    let raw = "Foo | <script>alert(1)</script> [x](javascript:y)";
    let table = diff_as("table");
    assert!(
        !table.contains('\u{1b}'),
        "no raw escape character reaches the terminal"
    );
    assert!(table.contains("\\u{1b}[31mred"), "{table}");
    for format in ["markdown", "github"] {
        let md = diff_as(format);
        assert!(!md.contains(raw), "{format}: the title is escaped");
        assert!(!md.contains("<script>"), "{format}: no HTML tag survives");
        assert!(!md.contains("](javascript"), "{format}: no link survives");
        assert!(
            md.contains(
                r"Foo \| \<script\>alert\(1\)\</script\> \[x\]\(javascript:y\) \u{1b}\[31mred"
            ),
            "{md}"
        );
        assert!(!md.contains('\u{1b}'));
    }
    let html = diff_as("html");
    assert_eq!(
        html.matches("<script>").count(),
        1,
        "only navdiff's own script"
    );
    assert!(
        html.contains(
            "Foo | &lt;script&gt;alert(1)&lt;/script&gt; [x](javascript:y) \\u{1b}[31mred"
        ),
        "{html}"
    );
    assert!(!html.contains('\u{1b}'));
    let json = diff_as("json");
    assert!(
        json.contains(
            r#""title": "Foo | <script>alert(1)</script> [x](javascript:y) \u001b[31mred""#
        ),
        "{json}"
    );
}

#[test]
fn no_changes_is_said_in_words() {
    let (old, _) = pair();
    let said = |format: &str| {
        let out = navdiff(&["diff", &old, &old, "--format", format, "--exit-code"]);
        out.assert_code(0);
        redact(&out.stdout)
    };
    assert_eq!(
        said("table"),
        "No structural changes between [FIXTURES]/diff/every-kind/old/mkdocs.yml and [FIXTURES]/diff/every-kind/old/mkdocs.yml (15 nodes).\n"
    );
    assert_eq!(said("markdown").lines().count(), 1);
    assert!(said("markdown").starts_with("No structural changes ("));
    assert!(said("json").contains("\"changes\": []"));
    assert!(said("github").contains("no structural changes"));
    assert!(said("html").contains("No structural changes."));
}

#[test]
fn exit_status_for_ci() {
    let (old, new) = pair();
    navdiff(&["diff", &old, &new]).assert_code(0);
    navdiff(&["diff", &old, &new, "--exit-code"]).assert_code(1);
    navdiff(&["diff", &old, &new, "--fail-on", "removed"]).assert_code(1);
    navdiff(&["diff", &old, &new, "--fail-on", "relinked,moved"]).assert_code(1);
    // Only additions and reorders: failing on removals passes.
    let dir = tempfile::tempdir().expect("temp dir");
    let grown = dir.path().join("mkdocs.yml");
    let text = std::fs::read_to_string(&old).expect("fixture").replace(
        "  - FAQ: faq.md\n",
        "  - FAQ: faq.md\n  - Support: support.md\n",
    );
    std::fs::write(&grown, text).expect("write");
    navdiff(&["diff", &old, arg(&grown), "--fail-on", "removed"]).assert_code(0);
    navdiff(&["diff", &old, arg(&grown), "--fail-on", "added"]).assert_code(1);
    let out = navdiff(&["diff", &old, &new, "--fail-on", "vanished"]);
    out.assert_code(2);
    assert!(
        out.stderr
            .contains("invalid value 'vanished' for '--fail-on <KINDS>'"),
        "{}",
        out.stderr
    );
}

#[test]
fn bad_input_names_the_side_the_file_and_the_line() {
    let (old, new) = pair();
    let out = navdiff(&["diff", "missing/mkdocs.yml", &new]);
    out.assert_code(2);
    assert!(
        out.stderr
            .starts_with("error: cannot read the old side, `missing/mkdocs.yml`: cannot read `"),
        "{}",
        out.stderr
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let broken = dir.path().join("mkdocs.yml");
    std::fs::write(&broken, "nav:\n  - Home: index.md\n  - Guide: [a.md\n").expect("write");
    let out = navdiff(&["diff", &old, arg(&broken)]);
    out.assert_code(2);
    assert!(
        out.stderr.contains("cannot read the new side, `"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("mkdocs.yml:4:1: invalid YAML"),
        "{}",
        out.stderr
    );
    let out = navdiff(&["diff", "--repo", arg(dir.path()), "v1.0", &new]);
    out.assert_code(2);
    assert!(
        out.stderr.contains("cannot read the old side, `v1.0`"),
        "{}",
        out.stderr
    );
}

#[test]
fn output_file_is_written() {
    let (old, new) = pair();
    let dir = tempfile::tempdir().expect("temp dir");
    let out_file = dir.path().join("report.md");
    let out = navdiff(&["diff", &old, &new, "-f", "markdown", "-o", arg(&out_file)]);
    out.assert_code(0);
    assert_eq!(out.stdout, "");
    assert_eq!(
        redact(&std::fs::read_to_string(&out_file).expect("written")),
        diff_as("markdown")
    );
}

#[test]
fn json_matches_its_schema() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(fixture("../../schema/navdiff.diff.v1.json"))
            .expect("schema file"),
    )
    .expect("schema is JSON");
    let (old, new) = pair();
    for (a, b) in [(&old, &new), (&new, &old), (&old, &old)] {
        let out = navdiff(&["diff", a, b, "--format", "json"]);
        out.assert_code(0);
        let doc: serde_json::Value = serde_json::from_str(&out.stdout).expect("valid JSON");
        let errors = crate::support::schema::validate(&schema, &doc);
        assert!(errors.is_empty(), "{errors:#?}");
    }
    // The checker itself catches what it should.
    let mut doc: serde_json::Value =
        serde_json::from_str(&navdiff(&["diff", &old, &new, "-f", "json"]).stdout).expect("JSON");
    doc["changes"][0]["kind"] = "vanished".into();
    doc["summary"]["added"] = (-1).into();
    doc["extra"] = true.into();
    let errors = crate::support::schema::validate(&schema, &doc);
    assert_eq!(errors.len(), 3, "{errors:#?}");
}

#[test]
fn ignored_entries_are_left_out_of_both_sides() {
    let (old, new) = pair();
    navdiff(&["diff", &old, &new, "--fail-on", "removed"]).assert_code(1);
    let out = navdiff(&[
        "diff",
        &old,
        &new,
        "--fail-on",
        "removed",
        "--ignore",
        "Legacy",
        "--ignore",
        "guide/*",
        "-f",
        "markdown",
    ]);
    out.assert_code(0);
    assert!(!out.stdout.contains("Legacy"), "{}", out.stdout);
    assert!(
        !out.stdout.contains("Configure"),
        "guide/configure.md and its relink are ignored: {}",
        out.stdout
    );
    assert!(
        out.stdout.contains("### Moved"),
        "the rest is still reported: {}",
        out.stdout
    );
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let (old, new) = pair();
    let out = navdiff(&["diff", &old, &new, "--color", "always"]);
    out.assert_code(0);
    assert!(
        out.stdout.contains("│ \u{1b}[32madded\u{1b}[0m "),
        "kinds are coloured: {}",
        out.stdout
    );
    assert!(
        out.stdout.contains("│ \u{1b}[31mremoved\u{1b}[0m "),
        "{}",
        out.stdout
    );
    // The table keeps its shape: every line as wide as the header once escapes are removed.
    let strip = |l: &str| {
        l.replace("\u{1b}[32m", "")
            .replace("\u{1b}[31m", "")
            .replace("\u{1b}[34m", "")
            .replace("\u{1b}[33m", "")
            .replace("\u{1b}[35m", "")
            .replace("\u{1b}[36m", "")
            .replace("\u{1b}[0m", "")
    };
    let widths: Vec<usize> = out
        .stdout
        .lines()
        .skip(1)
        .take_while(|l| !l.starts_with("Pages were told apart"))
        .filter(|l| l.starts_with(['┌', '│', '╞', '└']))
        .map(|l| strip(l).chars().count())
        .collect();
    assert!(widths.windows(2).all(|w| w[0] == w[1]), "{widths:?}");
    // Not on a pipe, whatever NO_COLOR says (the test terminal is a pipe with NO_COLOR).
    let plain = navdiff(&["diff", &old, &new]);
    assert!(!plain.stdout.contains('\u{1b}'));
    let never = navdiff(&["diff", &old, &new, "--color", "never", "-f", "markdown"]);
    assert!(!never.stdout.contains('\u{1b}'));
}
