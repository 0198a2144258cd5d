//! Tests over the real-world corpus in `../shared/corpus` (nav files of public docs repos,
//! many versions each). They run when the corpus is there, as in CI, and print a visible
//! skip line when it is not.

use std::fs;
use std::path::PathBuf;

/// Prints past the test harness's capture, so that skips and corpus counts show in every
/// run, passing or not.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// One exported version of a repository's nav file.
pub struct Version {
    pub repo: String,
    pub seq: u32,
    pub file: PathBuf,
    pub nav_path: String,
}

/// The corpus folder, or `None` after printing why the caller skips.
pub fn corpus_dir(test: &str) -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if dir.is_dir() {
        Some(dir)
    } else {
        say!("SKIP {test}: no corpus at {} (CI has it)", dir.display());
        None
    }
}

/// Every version listed in every repository's `manifest.tsv`, in repository then `seq` order.
pub fn versions(corpus: &PathBuf) -> Vec<Version> {
    let mut repos: Vec<PathBuf> = fs::read_dir(corpus)
        .expect("corpus folder is readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("manifest.tsv").is_file())
        .collect();
    repos.sort();
    let mut out = Vec::new();
    for repo_dir in repos {
        let repo = repo_dir
            .file_name()
            .expect("folder name")
            .to_string_lossy()
            .into_owned();
        let manifest = fs::read_to_string(repo_dir.join("manifest.tsv")).expect("manifest.tsv");
        let mut files: Vec<PathBuf> = fs::read_dir(repo_dir.join("versions"))
            .expect("versions folder")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        files.sort();
        for row in manifest.lines().skip(1).filter(|l| !l.trim().is_empty()) {
            let cols: Vec<&str> = row.split('\t').collect();
            let seq: u32 = cols[0].parse().expect("seq is a number");
            let prefix = format!("{seq:04}-");
            let file = files
                .iter()
                .find(|f| {
                    f.file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with(&prefix))
                })
                .unwrap_or_else(|| panic!("{repo}: no exported file for seq {seq}"))
                .clone();
            out.push(Version {
                repo: repo.clone(),
                seq,
                file,
                nav_path: cols[3].to_owned(),
            });
        }
    }
    out
}

#[test]
fn every_corpus_version_is_readable_text() {
    let Some(corpus) = corpus_dir("every_corpus_version_is_readable_text") else {
        return;
    };
    let versions = versions(&corpus);
    assert!(
        versions.len() > 1_000,
        "the corpus holds about 1,200 versions, found {}",
        versions.len()
    );
    for v in &versions {
        let bytes = fs::read(&v.file).expect("version file");
        navdiff::source::decode_text(&v.nav_path, &bytes)
            .unwrap_or_else(|e| panic!("{} seq {}: {e}", v.repo, v.seq));
    }
    say!(
        "corpus: {} versions of {} nav files decoded",
        versions.len(),
        {
            let mut repos: Vec<&str> = versions.iter().map(|v| v.repo.as_str()).collect();
            repos.dedup();
            repos.len()
        }
    );
}

/// The snapshots in `snapshots/` are what navdiff makes of the corpus versions they name.
#[test]
fn shipped_snapshots_match_the_corpus() {
    let Some(corpus) = corpus_dir("shipped_snapshots_match_the_corpus") else {
        return;
    };
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    for (seq, snapshot) in [
        (3, "liveperson-v3.json"),
        (5, "liveperson-v5.json"),
        (6, "liveperson-v6.json"),
        (7, "liveperson-v7.json"),
    ] {
        let version = versions(&corpus)
            .into_iter()
            .find(|v| v.repo == "LivePersonInc__developer-center" && v.seq == seq)
            .expect("LivePerson version in the corpus");
        let text = fs::read_to_string(&version.file).expect("version file");
        let mut tree = navdiff::source::read_text(&version.nav_path, &text, None).expect("reads");
        // Shipped without locations (`navdiff snapshot --no-locations`).
        tree.clear_locations();
        let expected =
            fs::read_to_string(root.join("snapshots").join(snapshot)).expect("shipped snapshot");
        assert_eq!(
            navdiff::model::write_snapshot(&tree),
            expected,
            "{snapshot}"
        );
    }
}

/// Every version of every repository reads to a tree or a clear error; the errors are the
/// real defects listed here, each naming its line.
#[test]
fn every_corpus_version_reads() {
    let Some(corpus) = corpus_dir("every_corpus_version_reads") else {
        return;
    };
    // (repository, seq, what the error must say): real defects of those versions. None
    // now: spring-security's Antora migration (c3dfb1711d, "Remove includes") left
    // `*** xref:servlet/exploits/firewall.adoc[` without its `]` for eight versions, which
    // Asciidoctor shows as text; navdiff does too, with a warning (checked below).
    let expected_errors: Vec<(&str, u32, &str)> = Vec::new();
    let firewall = "line 60: `xref:` without a closing `]`: shown as text";
    let mut firewall_warned = 0;
    let mut trees = 0;
    let mut nodes = 0;
    let mut warnings = 0;
    let mut failures = Vec::new();
    let mut seen_errors = Vec::new();
    for v in versions(&corpus) {
        let text = fs::read_to_string(&v.file).expect("version file");
        let name = format!("{}@{}:{}", v.repo, v.seq, v.nav_path);
        match navdiff::source::read_text(&v.nav_path, &text, None) {
            Ok(tree) => {
                trees += 1;
                nodes += tree.node_count();
                warnings += tree.warnings.len();
                if v.repo == "spring-projects__spring-security"
                    && (2..=9).contains(&v.seq)
                    && tree.warnings.iter().any(|w| w.to_string() == firewall)
                {
                    firewall_warned += 1;
                }
            }
            Err(e) => {
                let message = e.to_string();
                match expected_errors
                    .iter()
                    .find(|(r, s, _)| *r == v.repo && *s == v.seq)
                {
                    Some((_, _, says)) if message.contains(says) => seen_errors.push(name),
                    _ => failures.push(format!("{name}: {message}")),
                }
            }
        }
    }
    say!(
        "corpus: {trees} trees ({nodes} nodes, {warnings} warnings), {} expected errors, {} failures",
        seen_errors.len(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "unexpected errors:\n{}",
        failures.join("\n")
    );
    assert_eq!(
        seen_errors.len(),
        expected_errors.len(),
        "every expected error occurs"
    );
    assert_eq!(firewall_warned, 8, "the unclosed `xref:…[` is warned about");
}

/// For every parent → child pair of every repository's history (`parent_seq` → `seq`):
/// both versions read, the diff's edit script rebuilds the child exactly, node counts
/// reconcile, and diffing a version against itself finds nothing. Prints, per repository,
/// how many pairs each matching phase made (`matched_by`), so that the fuzzy ones can be
/// found and read.
#[test]
fn every_corpus_history_step_diffs_and_rebuilds() {
    use navdiff::diff::{ChangeKind, DiffOptions, MatchPhase, apply, diff};
    use std::collections::HashMap;

    let Some(corpus) = corpus_dir("every_corpus_history_step_diffs_and_rebuilds") else {
        return;
    };
    let mut trees: HashMap<(String, u32), navdiff::model::NavTree> = HashMap::new();
    for v in versions(&corpus) {
        let text = fs::read_to_string(&v.file).expect("version file");
        if let Ok(tree) = navdiff::source::read_text(&v.nav_path, &text, None) {
            trees.insert((v.repo.clone(), v.seq), tree);
        }
    }
    let mut repos: Vec<PathBuf> = fs::read_dir(&corpus)
        .expect("corpus")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("manifest.tsv").is_file())
        .collect();
    repos.sort();
    let (mut steps, mut skipped) = (0, 0);
    let mut totals = [0usize; 6];
    let mut per_repo: Vec<(String, [usize; MatchPhase::ALL.len()])> = Vec::new();
    for repo_dir in repos {
        let repo = repo_dir
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let mut by_phase = [0usize; MatchPhase::ALL.len()];
        let pairs = history_pairs(&repo_dir);
        for (parent, seq) in pairs {
            let (Some(old), Some(new)) = (
                trees.get(&(repo.clone(), parent)),
                trees.get(&(repo.clone(), seq)),
            ) else {
                skipped += 1;
                continue;
            };
            let d = diff(old, new, &DiffOptions::default());
            let rebuilt = apply(old, &d).unwrap_or_else(|e| panic!("{repo} {parent}→{seq}: {e}"));
            assert!(
                rebuilt.roots == new.roots,
                "{repo} {parent}→{seq}: apply does not rebuild the new tree"
            );
            let nodes = |kind| {
                d.changes
                    .iter()
                    .filter(|c| c.kind == kind)
                    .map(|c| c.nodes)
                    .sum::<usize>()
            };
            assert_eq!(
                new.node_count() + nodes(ChangeKind::Removed),
                old.node_count() + nodes(ChangeKind::Added),
                "{repo} {parent}→{seq}: node counts reconcile"
            );
            assert!(
                diff(new, new, &DiffOptions::default()).is_empty(),
                "{repo} {seq}: a tree against itself"
            );
            for (total, kind) in totals.iter_mut().zip(ChangeKind::ALL) {
                *total += d.summary.count(kind);
            }
            count_phases(&d, &mut by_phase);
            dump_pairs(&repo, parent, seq, old, new, &d);
            steps += 1;
        }
        per_repo.push((repo, by_phase));
    }
    for (repo, by_phase) in &per_repo {
        say!(
            "corpus: {repo}: pairs by {}",
            MatchPhase::ALL
                .iter()
                .zip(by_phase)
                .filter(|(_, n)| **n > 0)
                .map(|(p, n)| format!("{} {n}", p.name()))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    assert!(
        steps > 1_000,
        "the corpus has over a thousand history steps, diffed {steps}"
    );
    say!(
        "corpus: {steps} history steps diffed and rebuilt ({skipped} skipped: a side that does not read); changes: {}",
        ChangeKind::ALL
            .iter()
            .zip(totals)
            .map(|(k, n)| format!("{n} {k}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
}

/// Adds the pairs of `d` to the counts per phase (in the order of `MatchPhase::ALL`), for a
/// diff that found changes: identical versions pair everything by target and say nothing
/// about the phases.
fn count_phases(d: &navdiff::diff::Diff, by_phase: &mut [usize]) {
    use navdiff::diff::MatchPhase;
    if d.is_empty() {
        return;
    }
    for phase in d.phases.iter().flatten() {
        let i = MatchPhase::ALL
            .iter()
            .position(|p| p == phase)
            .expect("a phase");
        by_phase[i] += 1;
    }
}

/// With `NAVDIFF_CORPUS_PAIRS` set to a phase's name (`unique-title`), prints every pair
/// that phase made, old path and target → new path and target, so that they can be read.
fn dump_pairs(
    repo: &str,
    parent: u32,
    seq: u32,
    old: &navdiff::model::NavTree,
    new: &navdiff::model::NavTree,
    d: &navdiff::diff::Diff,
) {
    fn flatten(nodes: &[navdiff::model::Node], path: &[String], out: &mut Vec<String>) {
        for n in nodes {
            let mut p = path.to_vec();
            p.push(n.title.clone());
            out.push(format!(
                "{} [{}]",
                p.join(" › "),
                n.target.as_deref().unwrap_or("")
            ));
            flatten(&n.children, &p, out);
        }
    }
    let Ok(phase) = std::env::var("NAVDIFF_CORPUS_PAIRS") else {
        return;
    };
    let (mut o, mut n) = (vec![String::new()], vec![String::new()]);
    flatten(&old.roots, &[], &mut o);
    flatten(&new.roots, &[], &mut n);
    for (a, (b, p)) in d.matches.iter().zip(&d.phases).enumerate() {
        if let (Some(b), Some(p)) = (b, p)
            && p.name() == phase
        {
            say!("pair {repo} {parent}→{seq}: {} => {}", o[a], n[*b]);
        }
    }
}

/// The parent → child steps of a repository's history (`parent_seq` → `seq`); without a
/// history (LivePerson's seven versions), each version after the one before.
fn history_pairs(repo_dir: &std::path::Path) -> Vec<(u32, u32)> {
    if let Ok(history) = fs::read_to_string(repo_dir.join("history.tsv")) {
        let mut lines = history.lines();
        let header: Vec<&str> = lines.next().expect("header").split('\t').collect();
        let col = |name: &str| header.iter().position(|h| *h == name).expect("column");
        let (seq_col, parent_col) = (col("seq"), col("parent_seq"));
        lines
            .filter(|l| !l.trim().is_empty())
            .filter_map(|row| {
                let cols: Vec<&str> = row.split('\t').collect();
                Some((cols[parent_col].parse().ok()?, cols[seq_col].parse().ok()?))
            })
            .collect()
    } else {
        let manifest = fs::read_to_string(repo_dir.join("manifest.tsv")).expect("manifest.tsv");
        let seqs: Vec<u32> = manifest
            .lines()
            .skip(1)
            .filter_map(|l| l.split('\t').next()?.parse().ok())
            .collect();
        seqs.windows(2).map(|w| (w[0], w[1])).collect()
    }
}

/// Every version of every repository, read with no format and no file name (`nav`, so
/// content detection alone decides), gives the same tree as read with its format named.
#[test]
fn every_corpus_version_is_detected_by_content_alone() {
    use navdiff::model::NavFormat;
    let Some(corpus) = corpus_dir("every_corpus_version_is_detected_by_content_alone") else {
        return;
    };
    let format_of = |repo: &str| match repo {
        "LivePersonInc__developer-center"
        | "jekyll__jekyll"
        | "tomjoht__documentation-theme-jekyll" => NavFormat::KeyedYaml,
        "encode__django-rest-framework" | "encode__httpx" | "fastapi__typer" | "mkdocs__mkdocs" => {
            NavFormat::Mkdocs
        }
        "facebook__jest" | "reduxjs__redux" | "reduxjs__redux-toolkit" => NavFormat::Docusaurus,
        "pallets__flask" => NavFormat::Sphinx,
        "rust-lang__cargo"
        | "rust-lang__mdBook"
        | "rust-lang__reference"
        | "rust-lang__rustc-dev-guide" => NavFormat::Mdbook,
        "spring-projects__spring-security" => NavFormat::Antora,
        "vuejs__vitepress" => NavFormat::Vitepress,
        other => panic!("no format known for `{other}`"),
    };
    let mut failures = Vec::new();
    let mut checked = 0;
    for v in versions(&corpus) {
        let text = fs::read_to_string(&v.file).expect("version file");
        let format = format_of(&v.repo);
        let name = format!("{}@{}", v.repo, v.seq);
        let detected = navdiff::formats::detect("nav", &text);
        if detected != Some(format) {
            failures.push(format!("{name}: detected {detected:?}, is {format}"));
            continue;
        }
        let hinted = navdiff::source::read_text(&v.nav_path, &text, Some(format));
        let alone = navdiff::source::read_text("nav", &text, None);
        match (hinted, alone) {
            (Ok(a), Ok(b)) if a.roots == b.roots => {
                checked += 1;
            }
            (Err(a), Err(b)) if a.to_string().replace(&v.nav_path, "nav") == b.to_string() => {
                checked += 1;
            }
            (a, b) => failures.push(format!(
                "{name}: the trees differ (with the format: {}; alone: {})",
                a.map_or_else(|e| e.to_string(), |t| format!("{} nodes", t.node_count())),
                b.map_or_else(|e| e.to_string(), |t| format!("{} nodes", t.node_count()))
            )),
        }
    }
    say!("corpus: {checked} versions read alike by content detection alone");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
