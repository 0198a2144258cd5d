//! Hostile input to the JavaScript, Docusaurus, VitePress and Antora readers (issue 11):
//! each ends quickly with the exact error, or with a tree and the warning that says what
//! was left out; never a panic, a stack overflow or a runaway.
//!
//! Times are bounded loosely here (a debug build on a loaded machine); the attack
//! scripts in the notes measure them on the built binary: all under 2 s and 500 MB.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::support::cmd::{Output, arg, navdiff};
use crate::support::git::TestRepo;

/// The most a hostile file may take here.
const BOUND: Duration = Duration::from_secs(10);

fn write(dir: &Path, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("create folder");
    }
    fs::write(&path, contents).expect("write fixture");
    path
}

/// `navdiff ARGS…`, checked to end within [`BOUND`].
#[track_caller]
fn timed(args: &[&str]) -> Output {
    let started = Instant::now();
    let out = navdiff(args);
    let took = started.elapsed();
    assert!(took < BOUND, "navdiff {args:?} took {took:?}");
    out
}

/// The first line of an error (its excerpt follows on the next lines).
fn first_line(stderr: &str) -> &str {
    let line = stderr.lines().next().unwrap_or("");
    line.split("\\u{a}").next().unwrap_or(line)
}

/// Files whose nesting needs no bracket (`n` links of each chain), and where the bound
/// is passed.
fn bracketless_chains(n: usize) -> Vec<(&'static str, String, &'static str)> {
    vec![
        (
            "sidebars.js",
            format!("module.exports = {{ docs: [ {}1 ] }};", "c?1:".repeat(n)),
            "1:2019",
        ),
        (
            "sidebars.js",
            format!("module.exports = {{ docs: [ {}1 ] }};", "- ".repeat(n)),
            "1:2018",
        ),
        (
            "sidebars.js",
            format!("module.exports = {{ docs: [ {}x ] }};", "!".repeat(n)),
            "1:1023",
        ),
        (
            "sidebars.js",
            format!("module.exports = {{ docs: [ {}1 ] }};", "a=".repeat(n)),
            "1:2019",
        ),
        (
            "sidebars.js",
            format!("module.exports = {{ docs: [ {}2 ] }};", "2**".repeat(n)),
            "1:3015",
        ),
        (
            "sidebars.js",
            format!("module.exports = {{ docs: [ {}1 ] }};", "()=>".repeat(n)),
            "1:4008",
        ),
        (
            "sidebars.js",
            format!("module.exports = {{ docs: [ {}1 ] }};", "new ".repeat(n)),
            "1:4010",
        ),
        (
            "sidebars.mjs",
            format!(
                "export default {{ docs: [ {}x ] }};",
                "void typeof ".repeat(n)
            ),
            "1:6005",
        ),
        (
            "sidebars.ts",
            format!(
                "const s: {}string{} = []; export default {{ docs: s }};",
                "Array<".repeat(n),
                ">".repeat(n)
            ),
            "1:6003",
        ),
        (
            "sidebars.ts",
            format!(
                "type T = {}C{}; export default {{ docs: [] }};",
                "A extends B ? ".repeat(n),
                " : D".repeat(n)
            ),
            "1:7004",
        ),
        (
            "sidebars.ts",
            format!(
                "type T = {}string; export default {{ docs: [] }};",
                "() => ".repeat(n)
            ),
            "1:5998",
        ),
        (
            "sidebars.json",
            format!("{{ \"docs\": [ {}1 ] }}", "-".repeat(n)),
            "1:2006",
        ),
    ]
}

#[test]
fn javascript_nesting_without_brackets_is_refused_before_parsing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let n = 50_000;
    for (i, (name, text, at)) in bracketless_chains(n).iter().enumerate() {
        let path = write(dir.path(), &format!("{i}/{name}"), text);
        let out = timed(&["show", arg(&path)]);
        out.assert_code(2);
        let line = first_line(&out.stderr);
        assert!(
            line.ends_with(&format!(
                "{name}:{at}: nested more than 1000 levels deep (counting brackets and chained operators such as `?:`, `=`, `=>`, `**`, unary `-` or `!`, `new`, and `<…>` type arguments)"
            )),
            "{name} #{i}: {line}"
        );
    }
    // Template literals inside template literals count their `${` as brackets.
    let path = write(
        dir.path(),
        "t/sidebars.js",
        format!(
            "module.exports = {{ docs: [ {}1{} ] }};",
            "`${".repeat(n),
            "}`".repeat(n)
        ),
    );
    let out = timed(&["show", arg(&path)]);
    out.assert_code(2);
    assert!(
        first_line(&out.stderr).ends_with("sidebars.js:1:624: nested more than 200 brackets deep"),
        "{}",
        out.stderr
    );
}

#[test]
fn javascript_values_that_refer_to_themselves_or_double_end_with_an_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let doubling = |unit: &dyn Fn(usize) -> String, first: &str, last: &str| {
        let mut text = first.to_owned();
        for i in 1..=40 {
            text.push_str(&unit(i));
        }
        text.push_str(last);
        text
    };
    let cases: Vec<(String, &str)> = vec![
        (
            "const a = [a, a]; module.exports = { docs: a };".into(),
            "sidebars.js:1:12: `a` is used in its own definition",
        ),
        (
            "const s = s + s; module.exports = { docs: [s] };".into(),
            "sidebars.js:1:11: `s` is used in its own definition",
        ),
        (
            "const a = [...a, ...a]; module.exports = { docs: a };".into(),
            "sidebars.js:1:15: `a` is used in its own definition",
        ),
        (
            "function f() { return [f(), f()] } module.exports = { docs: f() };".into(),
            "sidebars.js:1:24: `f()` calls itself",
        ),
        (
            "const f = () => [f(), f()]; module.exports = { docs: f() };".into(),
            "sidebars.js:1:18: `f()` calls itself",
        ),
        (
            doubling(
                &|i| format!(" const s{i} = s{} + s{};", i - 1, i - 1),
                &format!("const s0 = '{}';", "x".repeat(64)),
                " module.exports = { docs: [s40] };",
            ),
            "this value grows past 500000 values or 16 MiB of text; navdiff stops here (a value that doubles on every reference?)",
        ),
        (
            doubling(
                &|i| format!(" const a{i} = [...a{}, ...a{}];", i - 1, i - 1),
                "const a0 = ['x'];",
                " module.exports = { docs: a40 };",
            ),
            "this value grows past 500000 values",
        ),
        (
            doubling(
                &|i| format!(" const a{i} = [a{}, a{}];", i - 1, i - 1),
                "const a0 = ['x'];",
                " module.exports = { docs: [a40] };",
            ),
            "this value grows past 500000 values",
        ),
    ];
    for (i, (text, says)) in cases.iter().enumerate() {
        let path = write(dir.path(), &format!("{i}/sidebars.js"), text);
        let out = timed(&["show", arg(&path)]);
        out.assert_code(2);
        assert!(
            first_line(&out.stderr).contains(says),
            "#{i}: {}",
            out.stderr
        );
    }
    // Spreading one object into another twice is the same object (its keys do not double).
    let mut text = "const o0 = { x: 'x' };".to_owned();
    for i in 1..=40 {
        text.push_str(&format!(
            " const o{i} = {{ ...o{}, ...o{} }};",
            i - 1,
            i - 1
        ));
    }
    text.push_str(" module.exports = { docs: [o40] };");
    let path = write(dir.path(), "objects/sidebars.js", text);
    let out = timed(&["show", arg(&path)]);
    out.assert_code(0);
    assert_eq!(out.stdout, "(sidebar docs)\n");
    assert!(
        out.stderr
            .contains("line 1: unknown sidebar item type ``; skipped"),
        "{}",
        out.stderr
    );
}

#[test]
fn antora_includes_of_itself_stop_at_the_budget() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut repo = TestRepo::new();
    let nav = format!("* Home\n{}", "include::nav.adoc[]\n".repeat(10));
    repo.commit("nav", &[("modules/ROOT/nav.adoc", Some(&nav))]);
    let path = repo.path().join("modules/ROOT/nav.adoc");
    for args in [
        vec!["show", arg(&path)],
        vec!["show", "--repo", repo.arg(), "HEAD"],
    ] {
        let out = timed(&args);
        out.assert_code(2);
        assert!(
            first_line(&out.stderr).ends_with(
                "modules/ROOT/nav.adoc: line 10: more than 256 `include::` lines followed (an include of itself?); navdiff stops here"
            ),
            "{args:?}: {}",
            out.stderr
        );
    }
    let three = format!("* Home\n{}", "include::nav.adoc[]\n".repeat(3));
    let path = write(dir.path(), "modules/ROOT/nav.adoc", three);
    let out = timed(&["show", arg(&path)]);
    out.assert_code(2);
    assert!(
        out.stderr
            .contains("more than 256 `include::` lines followed")
    );
}

#[test]
fn docusaurus_dir_name_out_of_the_docs_folder_reads_nothing_and_never_panics() {
    let mut repo = TestRepo::new();
    repo.commit(
        "docs",
        &[
            ("docs/intro.md", Some("# Intro\n")),
            (
                "sidebars.js",
                Some("module.exports = { docs: [{ type: 'autogenerated', dirName: '..' }] };\n"),
            ),
            ("ééé.md", Some("# Accents\n")),
            ("tmp/keep.md", Some("# Not a doc\n")),
        ],
    );
    let expected = "(sidebar docs)\n";
    let warning =
        "line 1: `autogenerated` from `..`: no docs there (it is not a folder inside `docs`)";
    for args in [
        vec!["show", "--repo", repo.arg()],
        vec!["show", "--repo", repo.arg(), "HEAD"],
    ] {
        let out = timed(&args);
        out.assert_code(0);
        assert_eq!(out.stdout, expected, "{args:?}");
        assert!(out.stderr.contains(warning), "{args:?}: {}", out.stderr);
    }
    // A root file with an `id` in its front matter, at a revision (a subtraction that
    // overflowed).
    repo.commit(
        "a.md",
        &[("ééé.md", None), ("a.md", Some("---\nid: x\n---\n# A\n"))],
    );
    let out = timed(&["show", "--repo", repo.arg(), "HEAD"]);
    out.assert_code(0);
    assert_eq!(out.stdout, expected);
    // The docs folder itself, by `.`, `./` or `''`, is read as Docusaurus reads it.
    repo.commit(
        "dot",
        &[(
            "sidebars.js",
            Some("module.exports = { docs: [{ type: 'autogenerated', dirName: './' }] };\n"),
        )],
    );
    let out = timed(&["show", "--repo", repo.arg(), "HEAD"]);
    out.assert_code(0);
    assert_eq!(out.stdout, "(sidebar docs)\n  Intro → intro\n");
}

#[test]
fn multibyte_text_in_antora_docusaurus_and_vitepress_never_panics() {
    let dir = tempfile::tempdir().expect("temp dir");
    let nav = write(
        dir.path(),
        "modules/ROOT/nav.adoc",
        ":é: ü\n\n:é\n\n* xref:é.adoc[é,role=é]\n* xref:é.adoc[]\n* é[\n* xref:ü.adoc[\n* {é} ö\n\n*é\n\n.é\n* ****** é\n\n******* é\n",
    );
    write(dir.path(), "modules/ROOT/pages/é.adoc", "= Éé\n");
    let out = timed(&["show", arg(&nav)]);
    out.assert_code(0);
    assert_eq!(
        out.stdout,
        "é → é.adoc\nÉé → é.adoc\né[\nxref:ü.adoc[\nü ö\né\n  ****** é\n"
    );
    assert!(
        out.stderr
            .contains("line 8: `xref:` without a closing `]`: shown as text"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains(
            "line 16: `*` × 7 is not a list marker (AsciiDoc allows at most five `*`); read as text"
        ),
        "{}",
        out.stderr
    );
    let docs = write(
        dir.path(),
        "site/sidebars.js",
        "module.exports = { ü: ['é', { type: 'autogenerated', dirName: 'ñ' }] };\n",
    );
    write(
        dir.path(),
        "site/docs/é.md",
        "---\nid: é\nsidebar_position: ü\n---\n# `é` ü\n",
    );
    write(dir.path(), "site/docs/ñ/01 - ö.md", "# Ö\n");
    write(
        dir.path(),
        "site/docs/ñ/_category_.json",
        "{\"label\": \"Ñ\", \"position\": \"é\"}",
    );
    let out = timed(&["show", arg(&docs)]);
    out.assert_code(0);
    assert_eq!(out.stdout, "(sidebar ü)\n  é ü → é\n  Ö → ñ/ö\n");
    let vp = write(
        dir.path(),
        "vp/.vitepress/config.mts",
        "export default { themeConfig: { sidebar: { 'é/': [{ text: '&é;<b>ü', link: 'ö', base: '/ä' }] } } }\n",
    );
    let out = timed(&["show", arg(&vp), "--nav-format", "vitepress"]);
    out.assert_code(0);
    assert_eq!(out.stdout, "(sidebar /é/)\n  &é;ü → /äö\n");
}
