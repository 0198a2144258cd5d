//! One small site per nav format under `tests/fixtures/formats/<format>/<case>/`: its nav
//! file is found by discovery (or, for a format without usual names, is the one `nav.*`
//! file), detected as its folder's format, and read to the exact tree in the snapshot
//! `formats__<format>-<case>`.

use std::path::{Path, PathBuf};

use navdiff::formats::{ReadContext, detect, nav_file_names};
use navdiff::model::{NavFormat, NavTree};
use navdiff::report::render_outline;
use navdiff::source::{DirFiles, find_nav, read_with};

use crate::support::fixture;

/// A fixture site: its format, its case name and its folder.
pub struct Site {
    pub format: NavFormat,
    pub case: String,
    pub dir: PathBuf,
}

/// Every fixture site, by format then case name.
pub fn sites() -> Vec<Site> {
    let mut sites = Vec::new();
    for format in NavFormat::ALL {
        let dir = fixture(&format!("formats/{}", format.name()));
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut cases: Vec<PathBuf> = entries
            .map(|e| e.expect("fixture entry").path())
            .filter(|p| p.is_dir())
            .collect();
        cases.sort();
        for dir in cases {
            let case = dir
                .file_name()
                .and_then(|n| n.to_str())
                .expect("UTF-8 case name")
                .to_owned();
            sites.push(Site { format, case, dir });
        }
    }
    sites
}

/// The nav file of a site, relative to its folder.
pub fn nav_file(site: &Site) -> String {
    if nav_file_names(site.format).is_empty() {
        let mut navs: Vec<String> = std::fs::read_dir(&site.dir)
            .expect("site folder")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("nav."))
            .collect();
        assert_eq!(navs.len(), 1, "{}: one nav.* file", site.dir.display());
        return navs.remove(0);
    }
    let files = DirFiles::new(site.dir.clone());
    find_nav(&files, &site.case).unwrap_or_else(|e| panic!("{}: {e}", site.dir.display()))
}

fn read(site: &Site, nav: &str) -> NavTree {
    let files = DirFiles::new(site.dir.clone());
    let text = std::fs::read_to_string(Path::new(&site.dir).join(nav)).expect("nav file");
    let ctx = ReadContext::alone(nav).with_files(nav, &files);
    read_with(&ctx, &text, None).unwrap_or_else(|e| panic!("{}: {e}", site.dir.display()))
}

#[test]
fn every_site_is_found_detected_and_read() {
    let sites = sites();
    assert!(!sites.is_empty(), "no fixture sites");
    for site in &sites {
        let nav = nav_file(site);
        let text = std::fs::read_to_string(site.dir.join(&nav)).expect("nav file");
        assert_eq!(
            detect(&nav, &text),
            Some(site.format),
            "{}",
            site.dir.display()
        );
        let tree = read(site, &nav);
        assert_eq!(tree.source.format, site.format);
        let mut out = Vec::new();
        render_outline(&tree, &mut out).expect("Vec write");
        let mut out = String::from_utf8(out).expect("UTF-8");
        for w in &tree.warnings {
            out.push_str(&format!("warning: {w}\n"));
        }
        insta::assert_snapshot!(
            format!("{}-{}", site.format.name(), site.case),
            format!("{nav}\n\n{out}")
        );
    }
}

/// Every fixture nav file, under a neutral name that keeps only its extension
/// (`nav-a.<ext>`), is detected as its format by content alone. The conformance cases
/// count too; for Sphinx the root document stands for `conf.py` (a `conf.py` with only
/// `project = …` is any Python file).
#[test]
fn every_fixture_nav_file_is_detected_under_a_neutral_name() {
    let mut checked = 0;
    let mut navs: Vec<(NavFormat, PathBuf)> = sites()
        .iter()
        .map(|site| (site.format, site.dir.join(nav_file(site))))
        .collect();
    for (generator, format, nav) in [
        ("mdbook", NavFormat::Mdbook, "src/SUMMARY.md"),
        ("mkdocs", NavFormat::Mkdocs, "mkdocs.yml"),
        ("sphinx", NavFormat::Sphinx, "index.rst"),
    ] {
        let root = fixture(&format!("conformance/{generator}"));
        let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
            .expect("conformance folder")
            .map(|e| e.expect("entry").path().join(nav))
            .filter(|p| p.is_file())
            .collect();
        cases.sort();
        navs.extend(cases.into_iter().map(|p| (format, p)));
    }
    for (format, path) in navs {
        let text = std::fs::read_to_string(&path).expect("nav file");
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map_or(String::new(), |e| format!(".{e}"));
        let neutral = format!("nav-a{ext}");
        assert_eq!(
            detect(&neutral, &text),
            Some(format),
            "{} as `{neutral}`",
            path.display()
        );
        checked += 1;
    }
    assert!(checked > 90, "{checked} nav files checked");
}
