//! Hostile input through the command line: each gives a clear error (exit 2, naming the
//! file) or a bounded result, never a panic, a hang or a stack overflow.

use std::fs;
use std::path::{Path, PathBuf};

use crate::support::cmd::{arg, navdiff};

fn write(dir: &Path, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("create folder");
    }
    fs::write(&path, contents).expect("write fixture");
    path
}

#[track_caller]
fn check_refused(path: &Path, says: &str) {
    let out = navdiff(&["show", arg(path)]);
    out.assert_code(2);
    let name = path.file_name().and_then(|n| n.to_str()).expect("name");
    assert!(out.stderr.starts_with("error: "), "{}", out.stderr);
    assert!(out.stderr.contains(name), "names the file: {}", out.stderr);
    assert!(out.stderr.contains(says), "says {says:?}: {}", out.stderr);
}

#[test]
fn yaml_alias_bomb() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut text = String::from(
        "site_name: bomb\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
    );
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    text.push_str("nav:\n  - Home: *a9\n");
    check_refused(
        &write(dir.path(), "mkdocs.yml", text),
        "alias expansion exceeded",
    );
}

#[test]
fn ten_thousand_deep_nesting_in_every_text_format() {
    let dir = tempfile::tempdir().expect("temp dir");
    let depth = 10_000;
    // Markdown and YAML nest lists on one line (`- - - x`); indented, 10,000 levels would
    // take 50 MB of white space, which the size limit refuses first (below).
    let compact = format!("{}[x](x.md)\n", "- ".repeat(depth));
    check_refused(
        &write(dir.path(), "SUMMARY.md", &compact),
        "nested more than 50 levels",
    );
    check_refused(
        &write(
            dir.path(),
            "mkdocs.yml",
            format!("nav:\n{}x\n", "- ".repeat(depth)),
        ),
        "nested more than",
    );
    let tabs: String = (0..depth)
        .map(|d| format!("{}x\n", "\t".repeat(d)))
        .collect();
    check_refused(
        &write(dir.path(), "outline.txt", &tabs),
        "larger than navdiff reads",
    );
    let indented: String = (0..2_000)
        .map(|d| format!("{}- [x](x.md)\n", "  ".repeat(d)))
        .collect();
    check_refused(
        &write(dir.path(), "indented/SUMMARY.md", &indented),
        "nested more than 50 levels",
    );
    check_refused(
        &write(dir.path(), "outline.md", &indented),
        "nested more than 50 levels",
    );
    let yaml: String = (0..2_000)
        .map(|d| format!("{}- a:\n", "  ".repeat(d)))
        .collect();
    check_refused(
        &write(dir.path(), "indented/mkdocs.yml", format!("nav:\n{yaml}")),
        "nested more than",
    );
    let flow = format!("nav: {}x{}\n", "[".repeat(depth), "]".repeat(depth));
    check_refused(
        &write(dir.path(), "deep/mkdocs.yml", flow),
        "nested more than",
    );
    let js = format!(
        "module.exports = {{ docs: {}'x'{} }};\n",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    check_refused(
        &write(dir.path(), "sidebars.js", js),
        "nested more than 200 brackets",
    );
    // AsciiDoc list markers have at most five `*`: ten thousand are text, not depth.
    let adoc = format!("{} xref:x.adoc[X]\n", "*".repeat(depth));
    let out = navdiff(&["show", arg(&write(dir.path(), "nav.adoc", adoc))]);
    out.assert_code(0);
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr
            .contains("is not a list marker (AsciiDoc allows at most five `*`)"),
        "{}",
        out.stderr
    );
    let json = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
    check_refused(
        &write(dir.path(), "sidebars.json", json),
        "nested more than 200 brackets",
    );
}

#[test]
fn a_fifty_megabyte_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let line = "- Title: page.md\n";
    let big = format!("nav:\n{}", line.repeat(50 * 1024 * 1024 / line.len()));
    check_refused(
        &write(dir.path(), "mkdocs.yml", big),
        "larger than navdiff reads (16 MiB)",
    );
}

#[test]
fn binary_and_invalid_utf8() {
    let dir = tempfile::tempdir().expect("temp dir");
    check_refused(
        &write(dir.path(), "mkdocs.yml", b"\x7fELF\x02\x01\x01\0\0\0\0"),
        "binary file",
    );
    check_refused(
        &write(
            dir.path(),
            "SUMMARY.md",
            b"# Summary\n- [Caf\xe9](cafe.md)\n",
        ),
        "2:7: not UTF-8 text",
    );
}

#[test]
fn many_small_pages_are_a_bounded_result() {
    // Wide rather than deep: 20,000 entries read and print without trouble.
    let dir = tempfile::tempdir().expect("temp dir");
    let wide: String = (0..20_000)
        .map(|i| format!("- [Page {i}](p{i}.md)\n"))
        .collect();
    let out = navdiff(&["show", arg(&write(dir.path(), "SUMMARY.md", wide))]);
    out.assert_code(0);
    assert_eq!(out.stdout.lines().count(), 20_000);
}
