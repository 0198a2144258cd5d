//! ARCHITECTURE.md's import rules, checked on the code: each top-level module of `src/` may
//! use (`crate::…`) only the modules its rule allows, and a few crates stay inside the one
//! module that owns them. Test code (`tests.rs` files and `#[cfg(test)]` modules) is exempt.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// What each top-level module may use of the others. `error` and `model` are the base.
const RULES: &[(&str, &[&str])] = &[
    ("error", &[]),
    ("model", &["error"]),
    ("git", &["error", "model"]),
    ("formats", &["error", "model"]),
    ("diff", &["model"]),
    ("report", &["error", "model", "diff", "redirects"]),
    ("redirects", &["error", "model", "diff", "formats"]),
    ("source", &["error", "model", "formats", "git"]),
    (
        "config",
        &["error", "model", "diff", "formats", "source", "report"],
    ),
    (
        "history",
        &["error", "model", "diff", "report", "source", "git"],
    ),
    (
        "cli",
        &[
            "error",
            "model",
            "git",
            "formats",
            "diff",
            "report",
            "source",
            "config",
            "history",
            "redirects",
        ],
    ),
];

/// Crates (or `std` paths) that only one module may name.
const OWNERS: &[(&str, &str)] = &[
    ("git2::", "git"),
    ("oxc_", "formats/support/js.rs"),
    ("saphyr_parser::", "formats/support/yaml.rs"),
    ("clap::", "cli"),
    ("indicatif::", "cli"),
    ("terminal_size::", "cli"),
    ("std::env::", "cli"),
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`, with its path relative to `src/`.
fn rust_files(dir: &Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("src folder")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let relative = path
                .strip_prefix(src())
                .expect("under src")
                .to_string_lossy()
                .replace('\\', "/");
            out.push((relative, std::fs::read_to_string(&path).expect("source")));
        }
    }
}

/// The production code of a file: none for a `tests.rs`, else what comes before its first
/// `#[cfg(test)]` module.
fn production(path: &str, text: &str) -> String {
    if path.ends_with("tests.rs") {
        return String::new();
    }
    text.lines()
        .take_while(|l| l.trim() != "#[cfg(test)]")
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level modules `code` names through `crate::`.
fn crate_uses(code: &str) -> BTreeSet<String> {
    let mut uses = BTreeSet::new();
    for (i, _) in code.match_indices("crate::") {
        // `navdiff::crate::` cannot occur; skip `$crate::` in macros.
        if code[..i].ends_with('$') {
            continue;
        }
        let rest = &code[i + "crate::".len()..];
        if let Some(rest) = rest.strip_prefix('{') {
            // `use crate::{a::X, b::Y};`
            let group = &rest[..rest.find('}').unwrap_or(rest.len())];
            uses.extend(group.split(',').filter_map(|part| {
                let name: String = part
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                (!name.is_empty()).then_some(name)
            }));
            continue;
        }
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        uses.insert(name);
    }
    uses
}

fn module_of(path: &str) -> &str {
    path.split(['/', '.']).next().unwrap_or(path)
}

#[test]
fn modules_use_only_what_their_layer_allows() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut broken = Vec::new();
    for (path, text) in &files {
        let module = module_of(path);
        let Some((_, allowed)) = RULES.iter().find(|(m, _)| *m == module) else {
            assert!(
                matches!(path.as_str(), "lib.rs" | "main.rs"),
                "`{path}` is in no layer of ARCHITECTURE.md's import rules"
            );
            continue;
        };
        for used in crate_uses(&production(path, text)) {
            // `crate::Result` and `crate::Error` are the error module's re-exports.
            let used = match used.as_str() {
                "Result" | "Error" => "error".to_owned(),
                _ => used,
            };
            if used != module && !allowed.contains(&used.as_str()) {
                broken.push(format!("{path} uses crate::{used}"));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "import rules broken:\n{}",
        broken.join("\n")
    );
}

#[test]
fn the_formats_support_code_does_not_use_the_readers() {
    let mut files = Vec::new();
    rust_files(&src().join("formats/support"), &mut files);
    for (path, text) in &files {
        let code = production(path, text);
        for (i, _) in code.match_indices("crate::formats::") {
            let rest = &code[i + "crate::formats::".len()..];
            assert!(
                rest.starts_with("support"),
                "formats/support/{path} uses a reader: {}",
                &rest[..rest.find(';').unwrap_or(rest.len())]
            );
        }
    }
}

#[test]
fn crates_stay_in_the_module_that_owns_them() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    for (path, text) in &files {
        let code = production(path, text);
        for (needle, owner) in OWNERS {
            // The binary is the command line's own shell.
            let module = if path == "main.rs" {
                "cli"
            } else {
                module_of(path)
            };
            let owned = path == owner || module == *owner;
            assert!(
                owned || !code.contains(needle),
                "`{needle}` is named in {path}; only {owner} may"
            );
        }
    }
}

#[test]
fn the_checker_sees_grouped_and_inline_uses() {
    let code = "use crate::diff::{Diff, apply};\nuse crate::{model::Node, error::Result};\nlet x = crate::report::render(1);\n$crate::ignored";
    let uses: Vec<String> = crate_uses(code).into_iter().collect();
    assert_eq!(uses, ["diff", "error", "model", "report"]);
}
