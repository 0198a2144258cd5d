//! Reading the nav at every commit of a 1,000-commit history with 10 distinct nav
//! versions: each version parses once, the other commits hit the cache.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use git2::{Repository, Signature, Time};
use navdiff::git::Repo;
use navdiff::source::{GitSource, NavOptions};

/// A repository of `commits` commits; the `SUMMARY.md` changes every `commits / versions`.
fn build(dir: &std::path::Path, commits: usize, versions: usize) {
    let repo = Repository::init(dir).expect("init");
    let mut parent: Option<git2::Oid> = None;
    for i in 0..commits {
        let mut index = repo.index().expect("index");
        let version = i * versions / commits;
        let mut summary = String::from("# Summary\n\n");
        for page in 0..200 + version {
            summary.push_str(&format!(
                "- [Page {page}](p{page}.md)\n    - [Child {page}](c{page}.md)\n"
            ));
        }
        for (path, text) in [("SUMMARY.md", summary), ("notes.txt", format!("{i}\n"))] {
            let blob = repo.blob(text.as_bytes()).expect("blob");
            let entry = git2::IndexEntry {
                ctime: git2::IndexTime::new(0, 0),
                mtime: git2::IndexTime::new(0, 0),
                dev: 0,
                ino: 0,
                mode: 0o100_644,
                uid: 0,
                gid: 0,
                file_size: 0,
                id: blob,
                flags: 0,
                flags_extended: 0,
                path: path.as_bytes().to_vec(),
            };
            index.add(&entry).expect("add");
        }
        let tree = repo
            .find_tree(index.write_tree().expect("tree"))
            .expect("tree");
        let sig = Signature::new(
            "bench",
            "bench@example.com",
            &Time::new(1_700_000_000 + i64::try_from(i).expect("small") * 60, 0),
        )
        .expect("sig");
        let parents: Vec<git2::Commit<'_>> = parent
            .iter()
            .map(|p| repo.find_commit(*p).expect("parent"))
            .collect();
        let refs: Vec<&git2::Commit<'_>> = parents.iter().collect();
        parent = Some(
            repo.commit(
                Some("HEAD"),
                &sig,
                &sig,
                &format!("commit {i}"),
                &tree,
                &refs,
            )
            .expect("commit"),
        );
    }
}

fn bench_history(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    build(dir.path(), 1_000, 10);
    let mut group = c.benchmark_group("git");
    group.sample_size(10);
    group.bench_function("nav-at-every-commit-1000", |b| {
        b.iter(|| {
            let git = GitSource::new(
                Repo::discover(dir.path()).expect("repo"),
                NavOptions::default(),
            );
            let repo = git.repo();
            let tip = repo.resolve("HEAD").expect("HEAD");
            let mut nodes = 0;
            for commit in repo.commits(&tip, true).expect("walk") {
                let revision = commit.revision();
                nodes += git.tree_at(&revision, None).expect("tree").node_count();
            }
            assert_eq!(git.parses(), 10);
            black_box(nodes)
        });
    });
    group.bench_function("nav-history-1000", |b| {
        b.iter(|| {
            let git = GitSource::new(
                Repo::discover(dir.path()).expect("repo"),
                NavOptions::default(),
            );
            black_box(
                git.nav_history("HEAD", false, &mut |_, _| {})
                    .expect("history")
                    .versions
                    .len(),
            )
        });
    });
    group.finish();
}

criterion_group!(benches, bench_history);
criterion_main!(benches);
