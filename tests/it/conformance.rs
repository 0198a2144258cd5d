//! The conformance suites: one small site per behaviour a generator's own tests pin, under
//! `tests/fixtures/conformance/<generator>/<case>/`. Each case's `README.md` names the
//! generator behaviour, its nav file (`Nav file: `…``) and, for a diff, the two versions
//! (`Diff: `old` → `new``); `expected.txt` is the tree the generator renders, as `navdiff
//! show` prints it, and `expected-diff.txt` the diff of the two versions. The tree read
//! must equal `expected.txt` exactly (where navdiff makes a documented choice, the README
//! says so and `expected.txt` is that choice); the tree and its warnings are also pinned by
//! the snapshot `conformance__<generator>-<case>`.
//!
//! The mdBook, MkDocs and Sphinx suites keep, in `expected.txt`, the generator's own output
//! (mdbook-summary 0.5.4, MkDocs 1.6.1, Sphinx 9.0.4), or `ERROR: …` when the generator
//! refuses the site: navdiff's tree must match it page for page (targets compared as
//! navdiff identifies pages), except for the choices in [`CHOICES`], each warned about.

use std::path::{Path, PathBuf};

use navdiff::diff::{DiffOptions, diff};
use navdiff::formats::ReadContext;
use navdiff::model::NavTree;
use navdiff::report::{RenderOptions, Report, ReportFormat, render, render_outline};
use navdiff::source::{DirFiles, read_with};

use crate::support::fixture;

// ---- Suites compared with the generator's own output (mdBook, MkDocs, Sphinx) ----
// Conformance: navdiff's trees against what the generators themselves render.
//
// Each case under `tests/fixtures/conformance/<generator>/<case>/` is a small site (our own
// invented content) that pins one behaviour of mdBook's summary parser, MkDocs' nav or
// Sphinx's toctrees; its `README.md` names the generator behaviour and `expected.txt` is
// the tree the generator itself produced on those files (mdbook-summary 0.5.4, MkDocs
// 1.6.1, Sphinx 9.0.4), as a navdiff outline, or `ERROR: …` when the generator refuses the
// site. Every case must match, page targets compared as navdiff identifies pages, unless it
// is one of [`CHOICES`]: a difference navdiff makes on purpose, documented there and warned
// about in the tree. The exact tree and warnings navdiff gives are in the insta snapshots
// `conformance__<generator>-<case>`.

/// The nav file each generator's cases are read from.
const GENERATORS: [(&str, &str); 3] = [
    ("mdbook", "src/SUMMARY.md"),
    ("mkdocs", "mkdocs.yml"),
    ("sphinx", "conf.py"),
];

/// Cases where navdiff differs from the generator on purpose: (generator, case, why, a
/// phrase the warning says). Each is documented in README.md's formats section too.
const CHOICES: [(&str, &str, &str, &str); 4] = [
    (
        "mdbook",
        "21-duplicate-file-is-error",
        "mdBook refuses a file linked twice only since 0.4.48 (2025); older books showed both entries, and their history must still read",
        "listed twice",
    ),
    (
        "mkdocs",
        "16-bare-url-entry-has-no-title",
        "MkDocs leaves a bare URL untitled (its themes print `None`); navdiff titles it by the URL",
        "titled by the URL",
    ),
    (
        "mkdocs",
        "27-legacy-pages-key-is-error",
        "MkDocs 1.6 refuses `pages:`; older MkDocs read it, so navdiff reads it as they did",
        "`pages:`",
    ),
    (
        "sphinx",
        "26-circular-reference-breaks-html-build",
        "Sphinx 9's HTML build fails on a toctree cycle; navdiff shows the tree Sphinx's toctree adapter makes, the closing entry left out",
        "circular toctree references",
    ),
];

struct Case {
    generator: &'static str,
    nav: &'static str,
    name: String,
    dir: PathBuf,
}

fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    for (generator, nav) in GENERATORS {
        let root = fixture(&format!("conformance/{generator}"));
        let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
            .expect("conformance folder")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.is_dir())
            .collect();
        dirs.sort();
        for dir in dirs {
            let name = dir
                .file_name()
                .and_then(|n| n.to_str())
                .expect("UTF-8 name")
                .to_owned();
            out.push(Case {
                generator,
                nav,
                name,
                dir,
            });
        }
    }
    out
}

/// What navdiff makes of a case: the outline and warnings, or the error.
fn navdiff_reading(case: &Case) -> Result<(String, Vec<String>), String> {
    let files = DirFiles::new(case.dir.clone());
    let text = std::fs::read_to_string(case.dir.join(case.nav)).expect("nav file");
    let ctx = ReadContext::alone(case.nav).with_files(case.nav, &files);
    let tree = read_with(&ctx, &text, None).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    render_outline(&tree, &mut out).expect("Vec write");
    let warnings = tree.warnings.iter().map(ToString::to_string).collect();
    Ok((String::from_utf8(out).expect("UTF-8"), warnings))
}

/// A page target as navdiff identifies pages: `./` and a leading `/` dropped, the page
/// extension and `index` names dropped.
fn page_identity(target: &str) -> String {
    let target = target.trim();
    let has_scheme = target.split_once(':').is_some_and(|(s, _)| {
        s.len() > 1
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    });
    if has_scheme {
        return target.trim_end_matches('/').to_owned();
    }
    let (path, fragment) = target.split_once('#').unwrap_or((target, ""));
    let mut path = path;
    while let Some(rest) = path.strip_prefix("./") {
        path = rest;
    }
    let mut path = path.trim_matches('/').to_owned();
    let last = path.rsplit('/').next().unwrap_or("").to_ascii_lowercase();
    if ["index.md", "index.rst", "readme.md"].contains(&last.as_str()) {
        path.truncate(path.len() - last.len());
        path = path.trim_end_matches('/').to_string();
    } else if let Some(stem) = [".md", ".rst"].iter().find_map(|ext| {
        last.strip_suffix(ext)
            .filter(|s| !s.is_empty())
            .map(|_| ext.len())
    }) {
        path.truncate(path.len() - stem);
    }
    if fragment.is_empty() {
        path
    } else {
        format!("{path}#{fragment}")
    }
}

/// An outline's rows: depth, title, page identity.
fn rows(outline: &str) -> Vec<(usize, String, Option<String>)> {
    outline
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let depth = (line.len() - line.trim_start_matches(' ').len()) / 2;
            let body = line.trim();
            match body.rsplit_once(" → ") {
                Some((title, target)) => (depth, title.to_owned(), Some(page_identity(target))),
                None => (depth, body.to_owned(), None),
            }
        })
        .collect()
}

#[test]
fn every_case_renders_as_its_generator_does() {
    let cases = cases();
    assert_eq!(cases.len(), 93, "the catalogue has 93 cases");
    let mut failures = Vec::new();
    let mut counts = std::collections::BTreeMap::<&str, (usize, usize)>::new();
    for case in &cases {
        let expected = std::fs::read_to_string(case.dir.join("expected.txt")).expect("expected");
        let readme = std::fs::read_to_string(case.dir.join("README.md")).expect("README");
        assert!(
            readme.contains("**Pins:**"),
            "{}: README names what it pins",
            case.name
        );
        let reading = navdiff_reading(case);
        let snapshot = match &reading {
            Ok((outline, warnings)) => {
                let mut s = outline.clone();
                for w in warnings {
                    s.push_str(&format!("warning: {w}\n"));
                }
                s
            }
            Err(e) => format!("ERROR: {e}\n"),
        };
        insta::assert_snapshot!(format!("{}-{}", case.generator, case.name), snapshot);
        let matches = match (&reading, expected.starts_with("ERROR")) {
            (Err(_), true) => true,
            (Ok((outline, _)), false) => rows(outline) == rows(&expected),
            _ => false,
        };
        let entry = counts.entry(case.generator).or_default();
        entry.1 += 1;
        if matches {
            entry.0 += 1;
            continue;
        }
        match CHOICES
            .iter()
            .find(|(g, c, _, _)| *g == case.generator && *c == case.name)
        {
            Some((_, _, _, says)) => {
                let warned = reading
                    .as_ref()
                    .is_ok_and(|(_, ws)| ws.iter().any(|w| w.contains(says)));
                if !warned {
                    failures.push(format!(
                        "{}/{}: a documented choice, but no warning says `{says}`",
                        case.generator, case.name
                    ));
                }
            }
            None => failures.push(format!(
                "{}/{}:\nexpected:\n{expected}navdiff:\n{snapshot}",
                case.generator, case.name
            )),
        }
    }
    for (generator, (matched, total)) in &counts {
        use std::io::Write as _;
        let _ = writeln!(
            std::io::stderr(),
            "conformance {generator}: {matched} of {total} match"
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn choices_name_real_cases() {
    let cases = cases();
    for (generator, case, why, _) in CHOICES {
        assert!(!why.is_empty());
        assert!(
            cases
                .iter()
                .any(|c| c.generator == generator && c.name == case),
            "{generator}/{case}"
        );
    }
}

/// Every case of every generator, by generator then case name.
fn rendered_cases() -> Vec<(String, String, PathBuf)> {
    let root = fixture("conformance");
    let mut cases = Vec::new();
    let mut generators: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("conformance fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .collect();
    generators.sort();
    // The suites compared with the generator's own output are read by
    // `every_case_renders_as_its_generator_does`.
    generators.retain(|g| {
        !GENERATORS
            .iter()
            .any(|(name, _)| g.file_name().is_some_and(|n| n == *name))
    });
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
    let cases = rendered_cases();
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
