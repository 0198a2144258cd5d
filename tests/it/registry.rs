//! Each list the library defines once, against everything that must cover it. A new
//! `NavFormat` without a fixture site, a discovery name or a detection case fails here; so
//! does a new `ChangeKind` without a report heading, a schema entry or a change in the
//! every-kind fixture pair, a `ReportFormat` without its report snapshot, and any JSON
//! enum (kinds, formats, `matched_by`, log events) that the schemas list differently.

use std::collections::BTreeSet;

use navdiff::diff::{ChangeKind, MatchPhase};
use navdiff::formats::{detect, nav_file_names};
use navdiff::history::EventKind;
use navdiff::model::NavFormat;
use navdiff::report::{ReportFormat, kind_heading};
use serde_json::Value;

use crate::formats::{nav_file, sites};
use crate::support::cmd::{arg, navdiff};
use crate::support::fixture;

fn schema(name: &str) -> Value {
    let text = std::fs::read_to_string(fixture(&format!("../../schema/{name}"))).expect("schema");
    serde_json::from_str(&text).expect("schema is JSON")
}

/// The strings of the JSON array at `pointer` in `doc`.
fn strings(doc: &Value, pointer: &str) -> Vec<String> {
    doc.pointer(pointer)
        .and_then(Value::as_array)
        .unwrap_or_else(|| panic!("no array at {pointer}"))
        .iter()
        .map(|v| v.as_str().expect("a string").to_owned())
        .collect()
}

fn names<T: Copy>(all: &[T], name: fn(T) -> &'static str) -> Vec<String> {
    all.iter().map(|&v| name(v).to_owned()).collect()
}

#[test]
fn every_nav_format_has_a_fixture_a_discovery_name_and_a_detection_case() {
    let sites = sites();
    for format in NavFormat::ALL {
        let mine: Vec<_> = sites.iter().filter(|s| s.format == format).collect();
        assert!(
            !mine.is_empty(),
            "`{format}` has no fixture site under tests/fixtures/formats/{format}/"
        );
        // An outline has no usual name: it is read only when named (see `nav_file_names`).
        if format != NavFormat::Outline {
            assert!(
                !nav_file_names(format).is_empty(),
                "`{format}` has no discovery name (NAV_FILES in its reader)"
            );
        }
        for site in mine {
            let nav = nav_file(site);
            let text = std::fs::read_to_string(site.dir.join(&nav)).expect("nav file");
            assert_eq!(
                detect(&nav, &text),
                Some(format),
                "`{nav}` of the `{format}` fixture `{}` is not detected as `{format}`",
                site.case
            );
        }
    }
}

#[test]
fn every_change_kind_has_a_heading_a_schema_entry_and_a_fixture_change() {
    let diff_schema = schema("navdiff.diff.v1.json");
    let kinds = names(&ChangeKind::ALL, ChangeKind::name);
    assert_eq!(
        strings(&diff_schema, "/$defs/change/properties/kind/enum"),
        kinds,
        "the schema's change kinds"
    );
    assert_eq!(
        strings(&diff_schema, "/properties/summary/required"),
        kinds,
        "the schema's summary counts"
    );
    let headings: BTreeSet<&str> = ChangeKind::ALL.into_iter().map(kind_heading).collect();
    assert_eq!(headings.len(), ChangeKind::ALL.len(), "one heading a kind");

    let old = fixture("diff/every-kind/old/mkdocs.yml");
    let new = fixture("diff/every-kind/new/mkdocs.yml");
    let run = |format: &str| {
        let out = navdiff(&["diff", arg(&old), arg(&new), "-f", format]);
        out.assert_code(0);
        out.stdout
    };
    let doc: Value = serde_json::from_str(&run("json")).expect("JSON");
    let markdown = run("markdown");
    for kind in ChangeKind::ALL {
        assert!(
            doc["summary"][kind.name()].as_u64() > Some(0),
            "no `{kind}` change in the every-kind fixture pair (tests/fixtures/diff/every-kind)"
        );
        assert!(
            markdown.contains(&format!("\n### {}\n", kind_heading(kind))),
            "no `{kind}` heading in the markdown report"
        );
    }
}

#[test]
fn every_report_format_has_a_snapshot() {
    for format in ReportFormat::ALL {
        let snap = fixture(&format!(
            "../it/snapshots/it__report__diff_{}.snap",
            format.name()
        ));
        assert!(snap.is_file(), "`{format}` has no report snapshot");
    }
}

#[test]
fn the_schemas_list_the_library_s_enums() {
    let diff_schema = schema("navdiff.diff.v1.json");
    assert_eq!(
        strings(&diff_schema, "/$defs/side/properties/format/enum"),
        names(&NavFormat::ALL, NavFormat::name)
    );
    assert_eq!(
        strings(&diff_schema, "/$defs/change/properties/matched_by/enum"),
        names(&MatchPhase::ALL, MatchPhase::name)
    );
    assert_eq!(
        strings(
            &schema("navdiff.log.v1.json"),
            "/properties/events/items/properties/kind/enum"
        ),
        names(&EventKind::ALL, EventKind::name)
    );
}

/// Redirect coverage: the tools, kinds and statuses its JSON lists, the same `url` object in
/// both documents that carry it, every `navdiff redirects` output and `--fail-on` value,
/// and a site per generator with URL rules.
#[test]
fn redirect_lists_match_their_schemas_fixtures_and_values() {
    use navdiff::config::FailOn;
    use navdiff::redirects::{RedirectTool, SnippetFormat, Status, UrlChangeKind, no_url_rules};
    use navdiff::report::RedirectsFormat;

    let redirects = schema("navdiff.redirects.v1.json");
    let diff = schema("navdiff.diff.v1.json");
    assert_eq!(
        redirects.pointer("/$defs/url"),
        diff.pointer("/$defs/url"),
        "the `url` object differs between navdiff.redirects.v1 and navdiff.diff.v1"
    );
    let url = "/$defs/url/properties";
    assert_eq!(
        strings(&redirects, &format!("{url}/kind/enum")),
        names(&UrlChangeKind::ALL, UrlChangeKind::name)
    );
    let mut statuses = names(&Status::ALL, Status::name);
    statuses.sort();
    let mut listed = strings(&redirects, &format!("{url}/status/enum"));
    listed.sort();
    assert_eq!(listed, statuses);
    assert_eq!(
        strings(&redirects, &format!("{url}/redirect/properties/tool/enum")),
        names(&RedirectTool::ALL, RedirectTool::name)
    );
    assert_eq!(
        strings(&redirects, "/$defs/side/properties/format/enum"),
        names(&NavFormat::ALL, NavFormat::name)
    );
    // `navdiff redirects -f`: the table, the document, then every snippet syntax.
    let mut outputs = vec!["table".to_owned(), "json".to_owned()];
    outputs.extend(names(&SnippetFormat::ALL, SnippetFormat::name));
    assert_eq!(names(&RedirectsFormat::ALL, RedirectsFormat::name), outputs);
    // `--fail-on`: every change kind, then `unredirected`.
    let mut values = names(&ChangeKind::ALL, ChangeKind::name);
    values.push("unredirected".to_owned());
    assert_eq!(names(&FailOn::ALL, FailOn::name), values);
    // A fixture site at two revisions for every generator with URL rules, and a snippet
    // syntax for every generator that has a redirect tool of its own.
    for format in NavFormat::ALL {
        let dir = fixture(&format!("redirects/{format}"));
        if no_url_rules(format).is_some() {
            assert!(
                !dir.exists(),
                "`{format}` has no URL rules but a redirects fixture"
            );
            continue;
        }
        assert!(
            dir.join("old").is_dir() && dir.join("new").is_dir(),
            "`{format}` has no fixture site under tests/fixtures/redirects/{format}/old and new"
        );
    }
    for snippet in SnippetFormat::ALL {
        if let Some(generator) = snippet.generator() {
            assert!(
                fixture(&format!("redirects/{generator}")).is_dir(),
                "`{snippet}`"
            );
        }
    }
}
