//! Reports through templates: a user's own (`--template FILE`), what templates may not do,
//! the errors they make, and the pull-request comment kept within GitHub's limit.

use navdiff::diff::{DiffOptions, diff};
use navdiff::report::{COMMENT_CAP, RenderOptions, Report, ReportFormat, render};

use crate::support::cmd::{arg, navdiff, redact};
use crate::support::{fixture, navgen};

fn liveperson(version: u32) -> String {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("snapshots/liveperson-v{version}.json"))
        .to_str()
        .expect("UTF-8 path")
        .to_owned()
}

/// Runs `navdiff diff OLD NEW --template FILE` with a template of text `source` named
/// `name`; the output, the error and the exit status.
fn with_template(old: &str, new: &str, name: &str, source: &str) -> (u8, String, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    std::fs::write(&path, source).expect("write the template");
    let out = navdiff(&["diff", old, new, "--template", arg(&path)]);
    let code = [0, 1, 2]
        .into_iter()
        .find(|&c| out.code == std::process::ExitCode::from(c))
        .expect("exit 0, 1 or 2");
    let dir_text = arg(dir.path()).to_owned();
    (code, out.stdout, out.stderr.replace(&dir_text, "[DIR]"))
}

#[test]
fn a_three_line_template_renders_the_liveperson_v6_to_v7_diff() {
    let template = "\
{{ old.nodes }} → {{ new.nodes }} nodes: {{ summary.added }} added, {{ summary.removed }} removed, {{ summary.renamed }} renamed
{% for c in changes %}- {{ c.kind }}: {{ (c.new_path or c.old_path) | breadcrumb | escape_markdown }}{{ ' (section)' if c.section }}
{% endfor %}
";
    let (code, out, err) =
        with_template(&liveperson(6), &liveperson(7), "notes.md.jinja", template);
    assert_eq!((code, err.as_str()), (0, ""));
    insta::assert_snapshot!("liveperson_v6_v7_three_line_template", out);
}

fn every_kind() -> (String, String) {
    (
        arg(&fixture("diff/every-kind/old/mkdocs.yml")).to_owned(),
        arg(&fixture("diff/every-kind/new/mkdocs.yml")).to_owned(),
    )
}

#[test]
fn html_templates_are_escaped_and_no_value_can_act() {
    let (old, new) = every_kind();
    let each = "{% for c in changes if c.kind == 'added' %}<li>{{ c.title }}</li>\n{% endfor %}";
    let (code, html, _) = with_template(&old, &new, "page.html", each);
    assert_eq!(code, 0);
    assert_eq!(
        html,
        "<li>Foo | &lt;script&gt;alert(1)&lt;&#x2f;script&gt; [x](javascript:y) \\u{1b}[31mred</li>\n<li>Operations</li>\n",
        "auto-escaped as HTML, the escape character shown as text"
    );
    // Markdown templates are not auto-escaped: `escape_markdown` is there for titles, and
    // whatever a template prints, no control character reaches the output.
    let (code, md, _) = with_template(
        &old,
        &new,
        "notes.md",
        "{{ changes[0].title }}\n{{ changes[0].title | safe }}\n{{ changes[0].title | escape_markdown }}\n{{ changes[0].target | code }}\n",
    );
    assert_eq!(code, 0);
    assert_eq!(
        md,
        "Foo | <script>alert(1)</script> [x](javascript:y) \\u{1b}[31mred\n\
         Foo | <script>alert(1)</script> [x](javascript:y) \\u{1b}[31mred\n\
         Foo \\| \\<script\\>alert\\(1\\)\\</script\\> \\[x\\]\\(javascript:y\\) \\u{1b}\\[31mred\n\
         `guide/xss.md`\n"
    );
    // A value cannot start a workflow command in a CI log.
    let (code, out, _) = with_template(&old, &new, "cmd.txt", "{{ '::add-mask::x' }}\n");
    assert_eq!((code, out.as_str()), (0, "\\u{3a}:add-mask::x\n"));
}

#[test]
fn templates_see_navdiffs_own_wording_as_report() {
    let (old, new) = every_kind();
    let template = "{{ report.summary }}\n{% for s in report.sections %}{{ s.heading }} ({{ s.count }}{{ ', open' if s.open }}): {{ s.items | join(' | ') }}\n{% endfor %}{{ report.note }}\n";
    let (code, out, _) = with_template(&old, &new, "wording.md", template);
    assert_eq!(code, 0);
    insta::assert_snapshot!(redact(&out), @r"
    2 added, 1 removed, 1 moved, 1 renamed, 1 renamed and relinked, 1 relinked, 1 reordered
    Added (2): Guide › Foo \| \<script\>alert\(1\)\</script\> \[x\]\(javascript:y\) \u{1b}\[31mred `guide/xss.md` | Operations (section)
    Removed (1, open): Legacy (section with 1 page)
    Moved (1): Guide › Deploy → Operations › Deploy (section with 2 pages)
    Renamed (2): Getting started › ~~Setup~~ → **Configuration** | Guide › ~~Plugins~~ → **Plugin**, relinked `guide/plugins.md` → `guide/plugin.md`
    Relinked (1): Guide › Configure: `guide/configure.md` → `guide/configuration.md`
    Reordered (1): Getting started › First project (now first)
    Needs a redirect (3, open): Guide › Configure: `/guide/configure/` → `/guide/configuration/` | Guide › Plugins: `/guide/plugins/` → `/guide/plugin/` | Legacy › Old API: `/legacy/api/` (removed; no successor evident)
    Pages were told apart by their targets and titles only (no page files were compared).
    ");
}

#[test]
fn template_errors_name_the_file_line_and_column_and_exit_2() {
    let (old, new) = every_kind();
    for (source, says) in [
        (
            "ok\n{% for c in changes %}\n  {{ c.title | nope }}\n{% endfor %}\n",
            "error: [DIR]/bad.md:3:16: template: unknown filter: filter nope is unknown",
        ),
        (
            "{% for c in changes %\n",
            "error: [DIR]/bad.md:1:21: template: syntax error: unexpected end of input, expected expression",
        ),
        (
            "a\nb {{ changes[0].title + 1 }}\n",
            "error: [DIR]/bad.md:2:6: template: invalid operation: tried to use + operator on unsupported types string and number",
        ),
    ] {
        let (code, out, err) = with_template(&old, &new, "bad.md", source);
        assert_eq!((code, out.as_str()), (2, ""), "{source}");
        assert!(err.starts_with(says), "{source}:\n{err}");
    }
    let out = navdiff(&["diff", &old, &new, "--template", "no-such-template.md"]);
    out.assert_code(2);
    assert!(
        out.stderr
            .starts_with("error: cannot read `no-such-template.md`:"),
        "{}",
        out.stderr
    );
    let out = navdiff(&["diff", &old, &new, "--template", "x.md", "-f", "json"]);
    out.assert_code(2);
    assert!(out.stderr.contains("cannot be used with"), "{}", out.stderr);
}

#[test]
fn templates_cannot_read_files_or_the_environment_or_run_for_ever() {
    let (old, new) = every_kind();
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("secret.txt"), "s3cret").expect("write");
    let secret = arg(&dir.path().join("secret.txt")).to_owned();
    for source in [
        format!("{{% include '{secret}' %}}"),
        "{% include 'secret.txt' %}".to_owned(),
        format!("{{% import '{secret}' as s %}}"),
        "{% extends 'secret.txt' %}".to_owned(),
    ] {
        let (code, out, err) = with_template(&old, &new, "t.md", &source);
        assert_eq!((code, out.as_str()), (2, ""), "{source}");
        assert!(err.contains("template not found"), "{source}: {err}");
        assert!(!err.contains("s3cret"));
    }
    // No function or global reads the environment: unknown names are undefined, and
    // calling one is an error.
    let (code, out, _) = with_template(&old, &new, "t.md", "[{{ env }}{{ environ }}{{ HOME }}]\n");
    assert_eq!((code, out.as_str()), (0, "[]\n"));
    let (code, _, err) = with_template(&old, &new, "t.md", "{{ env('HOME') }}\n");
    assert_eq!(code, 2, "{err}");
    // A runaway loop ends with an error, not a hung CI job.
    let (code, _, err) = with_template(
        &old,
        &new,
        "loop.md",
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    );
    assert_eq!(code, 2);
    assert!(
        err.starts_with("error: [DIR]/loop.md:1:1: template: engine ran out of fuel"),
        "{err}"
    );
}

/// The markdown items of each section of a report (`### Heading` or `<summary>Heading (N)`),
/// in order.
fn sections(report: &str) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for line in report.lines() {
        if let Some(h) = line.strip_prefix("### ") {
            out.push((h.to_owned(), Vec::new()));
        } else if let Some(h) = line.strip_prefix("<summary>") {
            let h = h.split(" (").next().expect("a heading");
            out.push((h.to_owned(), Vec::new()));
        } else if let Some(item) = line.strip_prefix("- ") {
            out.last_mut().expect("a section").1.push(item.to_owned());
        }
    }
    out
}

#[test]
fn a_5000_change_comment_stays_under_the_cap_cutting_whole_items() {
    let old = navgen::generate(30_000, 1);
    let new = navgen::edit(&old, 50, 2);
    let d = diff(&old, &new, &DiffOptions::default());
    assert!(d.changes.len() >= 5_000, "{} changes", d.changes.len());
    let report = Report::new(&d, &old, &new);
    let rendered = |format| {
        let mut out = Vec::new();
        render(&report, format, &RenderOptions::default(), &mut out).expect("rendered");
        String::from_utf8(out).expect("UTF-8")
    };
    let comment = rendered(ReportFormat::Github);
    let full = rendered(ReportFormat::Markdown);
    assert!(full.chars().count() > 2 * COMMENT_CAP, "the report is long");
    assert!(
        comment.chars().count() <= COMMENT_CAP,
        "{} characters",
        comment.chars().count()
    );
    assert!(
        comment.chars().count() > COMMENT_CAP - 2_000,
        "the cap is used"
    );
    // It ends by saying how many changes it left out.
    let last = comment.lines().last().expect("a last line");
    let omitted: usize = last
        .strip_prefix("… and ")
        .and_then(|l| l.strip_suffix(" more changes: see the job summary or the HTML artifact"))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("the closing line: {last}"));
    // Every section it shows lists a prefix of the full report's items, whole; the left-out
    // ones are the last, the least telling kinds first; removals are all there.
    let full_sections = sections(&full);
    let shown = sections(&comment);
    assert!(!shown.is_empty());
    let mut items_shown = 0;
    for (heading, items) in &shown {
        let (_, all) = full_sections
            .iter()
            .find(|(h, _)| h == heading)
            .expect("a section of the report");
        assert!(!items.is_empty(), "{heading}: empty sections are left out");
        assert_eq!(
            items[..],
            all[..items.len()],
            "{heading}: whole items, in order"
        );
        items_shown += items.len();
    }
    // Removals are cut last: when any is left out, nothing else is shown.
    let count = |s: &[(String, Vec<String>)], heading: &str| {
        s.iter()
            .find(|(h, _)| h == heading)
            .map_or(0, |(_, items)| items.len())
    };
    if count(&shown, "Removed") < count(&full_sections, "Removed") {
        assert_eq!(shown.len(), 1, "only removals are left");
    }
    assert!(comment.contains("<details open>\n<summary>Removed ("));
    assert_eq!(count(&shown, "Reordered"), 0, "reorders are cut first");
    let items_total: usize = full_sections.iter().map(|(_, items)| items.len()).sum();
    assert!(
        omitted >= items_total - items_shown,
        "{omitted} changes left out"
    );
    assert!(omitted < d.changes.len());
    // The headline still counts every change.
    let headline = comment.lines().nth(1).expect("a headline");
    assert!(
        headline.starts_with(&format!(
            "**Docs navigation:** {} added",
            d.summary.count(navdiff::diff::ChangeKind::Added)
        )),
        "{headline}"
    );
}

#[test]
fn changelog_renders_through_a_template_too() {
    let mut repo = crate::support::git::TestRepo::new();
    repo.commit(
        "v1",
        &[(
            "mkdocs.yml",
            Some("site_name: x\nnav:\n  - Home: index.md\n  - Install: install.md\n"),
        )],
    );
    repo.tag("v1.0");
    repo.commit(
        "v2",
        &[(
            "mkdocs.yml",
            Some("site_name: x\nnav:\n  - Home: index.md\n  - Guide:\n      - Install: install.md\n      - Deploy: deploy.md\n"),
        )],
    );
    repo.tag("v2.0");
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("notes.md.jinja");
    std::fs::write(
        &path,
        "{% for r in releases if r.diff %}## {{ r.name | escape_markdown }} ({{ r.diff.summary.added }} added)\n{% for s in r.diff.report.sections %}{% for i in s.items %}- {{ s.heading }}: {{ i }}\n{% endfor %}{% endfor %}{% endfor %}",
    )
    .expect("write the template");
    let out = navdiff(&[
        "changelog",
        "--repo",
        repo.arg(),
        "v1.0..",
        "--template",
        arg(&path),
    ]);
    out.assert_code(0);
    assert_eq!(out.stderr, "");
    assert_eq!(
        out.stdout,
        "## Unreleased (0 added)\n\
         ## v2.0 (1 added)\n\
         - Added: Guide (section with 1 page)\n\
         - Moved: Install → Guide › Install\n"
    );
    // `--template` or `--format`/`--update`, not both.
    let out = navdiff(&[
        "changelog",
        "--repo",
        repo.arg(),
        "--template",
        arg(&path),
        "--update",
        "CHANGELOG.md",
    ]);
    out.assert_code(2);
    assert!(out.stderr.contains("cannot be used with"), "{}", out.stderr);
}
