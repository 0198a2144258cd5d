//! The conformance suites: one small site per behaviour a generator's own tests pin, under
//! `tests/fixtures/conformance/<generator>/<case>/`. Each case's `README.md` names the
//! generator behaviour, its nav file (`Nav file: `…``) and, for a diff, the two versions
//! (`Diff: `old` → `new``); `expected.txt` is the tree the generator renders, as `navdiff
//! show` prints it, and `expected-diff.txt` the diff of the two versions. The tree read
//! must equal `expected.txt` exactly (where navdiff makes a documented choice, the README
//! says so and `expected.txt` is that choice); the tree and its warnings are also pinned by
//! the snapshot `conformance__<generator>-<case>`.

use std::path::{Path, PathBuf};

use navdiff::diff::{DiffOptions, diff};
use navdiff::formats::ReadContext;
use navdiff::model::NavTree;
use navdiff::report::{RenderOptions, Report, ReportFormat, render, render_outline};
use navdiff::source::{DirFiles, read_with};

use crate::support::fixture;

/// Every case of every generator, by generator then case name.
fn cases() -> Vec<(String, String, PathBuf)> {
    let root = fixture("conformance");
    let mut cases = Vec::new();
    let mut generators: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("conformance fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .collect();
    generators.sort();
    for generator in generators {
        let mut dirs: Vec<PathBuf> = std::fs::read_dir(&generator)
            .expect("generator folder")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.is_dir())
            .collect();
        dirs.sort();
        for dir in dirs {
            let name = |p: &Path| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .expect("UTF-8 name")
                    .to_owned()
            };
            cases.push((name(&generator), name(&dir), dir));
        }
    }
    cases
}

/// The text between backticks after `prefix` on a README line.
fn readme_field(readme: &str, prefix: &str) -> Option<Vec<String>> {
    let line = readme.lines().find(|l| l.starts_with(prefix))?;
    Some(
        line.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_owned)
            .collect(),
    )
}

fn read(dir: &Path, nav: &str) -> NavTree {
    let files = DirFiles::new(dir.to_path_buf());
    let text = std::fs::read_to_string(dir.join(nav)).expect("nav file");
    let ctx = ReadContext::alone(nav).with_files(nav, &files);
    read_with(&ctx, &text, None).unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
}

fn outline(tree: &NavTree) -> String {
    let mut out = Vec::new();
    render_outline(tree, &mut out).expect("Vec write");
    String::from_utf8(out).expect("UTF-8")
}

#[test]
fn every_case_reads_as_its_generator_renders_it() {
    let mut mismatches = Vec::new();
    let cases = cases();
    assert!(cases.len() >= 88, "conformance cases: {}", cases.len());
    for (generator, case, dir) in &cases {
        let readme = std::fs::read_to_string(dir.join("README.md")).expect("README.md");
        let nav = readme_field(&readme, "Nav file:")
            .and_then(|f| f.into_iter().next())
            .unwrap_or_else(|| panic!("{}: no `Nav file:` line", dir.display()));
        let tree = read(dir, &nav);
        let shown = outline(&tree);
        let expected = std::fs::read_to_string(dir.join("expected.txt")).expect("expected.txt");
        if shown != expected {
            mismatches.push(format!(
                "{generator}/{case}:\n--- expected\n{expected}--- read\n{shown}"
            ));
        }
        let mut pinned = format!("{nav}\n\n{shown}");
        for w in &tree.warnings {
            pinned.push_str(&format!("warning: {w}\n"));
        }
        if let Some(sides) = readme_field(&readme, "Diff:") {
            let [old_nav, new_nav] = sides.as_slice() else {
                panic!("{}: `Diff:` names two files", dir.display());
            };
            let old = read(dir, old_nav);
            let new = read(dir, new_nav);
            let changes = diff(&old, &new, &DiffOptions::default());
            let mut out = Vec::new();
            render(
                &Report::new(&changes, &old, &new),
                ReportFormat::Table,
                &RenderOptions::new(100, false),
                &mut out,
            )
            .expect("Vec write");
            let shown = String::from_utf8(out).expect("UTF-8");
            let expected =
                std::fs::read_to_string(dir.join("expected-diff.txt")).expect("expected-diff.txt");
            if shown != expected {
                mismatches.push(format!(
                    "{generator}/{case} (diff):\n--- expected\n{expected}--- read\n{shown}"
                ));
            }
            pinned.push_str(&format!("\n{shown}"));
        }
        insta::assert_snapshot!(format!("{generator}-{case}"), pinned);
    }
    assert!(
        mismatches.is_empty(),
        "{} of {} cases differ from the generator:\n\n{}",
        mismatches.len(),
        cases.len(),
        mismatches.join("\n")
    );
}
