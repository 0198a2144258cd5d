//! `navdiff diff` as users see it: every report format on a fixture pair with every kind
//! of change, escaping of hostile titles, "no changes", exit statuses and bad input.

use crate::support::cmd::{arg, navdiff, navdiff_in_terminal, redact};
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
    // In a terminal: boxed, and coloured (the test asks for no colour to keep it readable).
    let (old, new) = pair();
    let out = navdiff_in_terminal(&["diff", &old, &new, "--color", "never"]);
    out.assert_code(0);
    insta::assert_snapshot!("diff_table", redact(&out.stdout));
}

#[test]
fn table_piped_is_plain_aligned_text() {
    let piped = diff_as("table");
    assert!(
        !piped.contains(['│', '┆', '─', '═', '┌', '└']),
        "no box drawing on a pipe: {piped}"
    );
    insta::assert_snapshot!("diff_table_plain", piped);
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
fn annotations() {
    insta::assert_snapshot!("diff_annotations", diff_as("annotations"));
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
    let annotations = diff_as("annotations");
    assert!(!annotations.contains('\u{1b}'), "{annotations}");
    assert!(
        annotations.contains(r#"Page "Foo | <script>alert(1)</script> [x](javascript:y) \u{1b}[31mred" added under Guide"#),
        "{annotations}"
    );
    assert!(
        annotations.lines().all(|l| l.starts_with("::notice ")
            || l.starts_with("::warning ")
            || l.starts_with("::error ")),
        "{annotations}"
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
    assert_eq!(
        said("annotations"),
        "No structural changes between [FIXTURES]/diff/every-kind/old/mkdocs.yml and [FIXTURES]/diff/every-kind/old/mkdocs.yml.\n"
    );
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
    let out = navdiff_in_terminal(&["diff", &old, &new]);
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
    // Asked for, on a pipe: the plain table, coloured.
    let always = navdiff(&["diff", &old, &new, "--color", "always"]);
    assert!(
        always.stdout.contains("\n\u{1b}[31mremoved\u{1b}[0m "),
        "{}",
        always.stdout
    );
    let never = navdiff(&["diff", &old, &new, "--color", "never", "-f", "markdown"]);
    assert!(!never.stdout.contains('\u{1b}'));
}

/// Release notes between two of the shipped LivePerson snapshots, in markdown.
fn liveperson_notes(old: u32, new: u32) -> String {
    let root = env!("CARGO_MANIFEST_DIR");
    let side = |v: u32| format!("{root}/snapshots/liveperson-v{v}.json");
    let out = navdiff(&["diff", &side(old), &side(new), "-f", "markdown"]);
    out.assert_code(0);
    out.stdout.replace(&format!("{root}/"), "")
}

#[test]
fn liveperson_release_notes_group_siblings_and_say_where_reorders_stand() {
    let v3_v5 = liveperson_notes(3, 5);
    // Eleven pages of one new section read as one item; a reorder that kept its index says
    // which sibling it now follows.
    assert!(v3_v5.contains("- Conversational AI › Conversation Builder › Interactions: 11 pages added — Interaction Basics, Interaction Support, "), "{v3_v5}");
    assert!(
        v3_v5.contains("- Getting Started › API Guidelines › Data APIs (now after Domain API)\n"),
        "{v3_v5}"
    );
    assert!(!v3_v5.contains("position"), "{v3_v5}");
    insta::assert_snapshot!("liveperson_v3_v5_markdown", v3_v5);
    insta::assert_snapshot!("liveperson_v5_v6_markdown", liveperson_notes(5, 6));
    insta::assert_snapshot!("liveperson_v6_v7_markdown", liveperson_notes(6, 7));
}

#[test]
fn the_output_files_extension_picks_the_format_unless_format_is_given() {
    let (old, new) = pair();
    let dir = tempfile::tempdir().expect("temp dir");
    let written = |name: &str, extra: &[&str]| {
        let path = dir.path().join(name);
        let mut args = vec!["diff", old.as_str(), new.as_str(), "-o", arg(&path)];
        args.extend_from_slice(extra);
        let out = navdiff(&args);
        out.assert_code(0);
        assert_eq!(out.stdout, "", "{name}: nothing on standard output");
        redact(&std::fs::read_to_string(&path).expect("written"))
    };
    for (name, format) in [
        ("r.md", "markdown"),
        ("r.markdown", "markdown"),
        ("r.json", "json"),
        ("r.html", "html"),
        ("R.HTM", "html"),
        ("r.txt", "table"),
        ("report", "table"),
    ] {
        assert_eq!(written(name, &[]), diff_as(format), "{name} is {format}");
    }
    // `--format` wins over the extension.
    assert_eq!(written("r.html", &["-f", "json"]), diff_as("json"));
    assert_eq!(written("r.md", &["--format", "table"]), diff_as("table"));
    // A table in a file is plain text, as on a pipe.
    assert!(!written("r.txt", &[]).contains('│'));
}

#[test]
fn failing_says_why_on_standard_error() {
    let (old, new) = pair();
    let out = navdiff(&["diff", &old, &new, "--fail-on", "removed"]);
    out.assert_code(1);
    assert_eq!(
        out.stderr,
        "navdiff: failing because 1 section was removed (--fail-on removed)\n"
    );
    let out = navdiff(&["diff", &old, &new, "--fail-on", "relinked,added,reordered"]);
    out.assert_code(1);
    // Kinds in report order, the flag as given; a page renamed and relinked counts as
    // relinked.
    assert_eq!(
        out.stderr,
        "navdiff: failing because 1 section and 1 page were added, 2 pages were relinked and 1 page was reordered (--fail-on relinked,added,reordered)\n"
    );
    let out = navdiff(&["diff", &old, &new, "--exit-code"]);
    out.assert_code(1);
    assert_eq!(
        out.stderr,
        "navdiff: failing because the navigation changed: 2 added, 1 removed, 1 moved, 1 renamed, 1 renamed and relinked, 1 relinked, 1 reordered (--exit-code)\n"
    );
    // From navdiff.toml (or --config), it says so.
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("ci.toml");
    std::fs::write(&config, "fail-on = [\"moved\"]\n").expect("write");
    let out = navdiff(&["diff", &old, &new, "--config", arg(&config)]);
    out.assert_code(1);
    assert_eq!(
        out.stderr,
        format!(
            "navdiff: failing because 1 section was moved (fail-on = [\"moved\"] in {})\n",
            config.display()
        )
    );
    // Nothing to fail on: nothing said.
    let out = navdiff(&["diff", &old, &old, "--exit-code", "--fail-on", "removed"]);
    out.assert_code(0);
    assert_eq!(out.stderr, "");
}

/// A Docusaurus site whose `API Reference` category became a sidebar of its own (`api`), and
/// whose old side names a doc that does not exist (`guides/deploy`: Docusaurus stops the
/// build there, so its title is unknown).
fn docusaurus_sidebars(format: &str, reversed: bool) -> String {
    let old = fixture("diff/docusaurus-sidebars/old/sidebars.js");
    let new = fixture("diff/docusaurus-sidebars/new/sidebars.js");
    let (a, b) = if reversed { (&new, &old) } else { (&old, &new) };
    let out = navdiff(&["diff", arg(a), arg(b), "--format", format]);
    out.assert_code(0);
    redact(&out.stdout)
}

#[test]
fn sidebar_keys_are_not_titles_and_unknown_titles_are_not_renamed() {
    // The category did not become "api": the key is never shown, so nothing is renamed; the
    // stand-in title of `guides/deploy` is not renamed to "Deploying Harbor" either, and the
    // report says why once.
    let markdown = docusaurus_sidebars("markdown", false);
    insta::assert_snapshot!("diff_docusaurus_sidebars_markdown", markdown);
    assert!(!markdown.contains("Renamed"), "{markdown}");
    let table = docusaurus_sidebars("table", true);
    insta::assert_snapshot!("diff_docusaurus_sidebars_table_reversed", table);
    assert!(!table.contains("renamed"), "{table}");

    let doc: serde_json::Value =
        serde_json::from_str(&docusaurus_sidebars("json", false)).expect("JSON");
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(fixture("../../schema/navdiff.diff.v1.json")).expect("schema"),
    )
    .expect("schema is JSON");
    let errors = crate::support::schema::validate(&schema, &doc);
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(doc["old"]["unknown_titles"], 1, "{doc:#}");
    assert_eq!(doc["old"]["missing_pages"], 1, "{doc:#}");
    assert!(doc["new"].get("unknown_titles").is_none(), "{doc:#}");
    assert_eq!(doc["summary"]["renamed"], 0, "{doc:#}");

    // The snapshot keeps what the titles are.
    let old = fixture("diff/docusaurus-sidebars/old/sidebars.js");
    let out = navdiff(&["show", arg(&old), "--format", "json"]);
    out.assert_code(0);
    let tree: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(tree["roots"][0]["title"], "docs");
    assert_eq!(tree["roots"][0]["title_status"], "key");
    let deploy = &tree["roots"][0]["children"][1]["children"][0];
    assert_eq!(deploy["title"], "guides/deploy");
    assert_eq!(deploy["title_status"], "broken");
    assert!(
        tree["roots"][0]["children"][0]
            .get("title_status")
            .is_none()
    );
}
