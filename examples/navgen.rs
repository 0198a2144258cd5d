//! Generates inputs for measuring navdiff beside git on the same data.
//!
//! ```text
//! # Two 100,000-node mkdocs.yml files (~1 % of each kind of change between them):
//! cargo run --release --example navgen -- pair 100000 /tmp/nav
//! #   → /tmp/nav/old/mkdocs.yml, /tmp/nav/new/mkdocs.yml
//!
//! # A git repository of 1,000 commits in which SUMMARY.md changes 300 times (with a page
//! # file for every target), tagged v0.1.0, v0.2.0, … every 100 commits:
//! cargo run --release --example navgen -- history 1000 300 /tmp/history
//! ```

#[path = "../benches/support/navgen.rs"]
mod navgen;

use std::path::{Path, PathBuf};

use git2::{Repository, Signature, Time};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("pair") => {
            let nodes: usize = args.get(1).map_or(Ok(100_000), |n| n.parse())?;
            let dir = PathBuf::from(args.get(2).map_or("target/navgen", String::as_str));
            pair(nodes, &dir)
        }
        Some("history") => {
            let commits: usize = args.get(1).map_or(Ok(1_000), |n| n.parse())?;
            let versions: usize = args.get(2).map_or(Ok(300), |n| n.parse())?;
            let dir = PathBuf::from(args.get(3).map_or("target/navgen-history", String::as_str));
            history(commits, versions, &dir)
        }
        _ => Err("usage: navgen pair NODES DIR | navgen history COMMITS VERSIONS DIR".into()),
    }
}

fn pair(nodes: usize, dir: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let old = navgen::generate(nodes, 1);
    let new = navgen::edit(&old, 10, 2);
    for (side, tree) in [("old", &old), ("new", &new)] {
        std::fs::create_dir_all(dir.join(side))?;
        std::fs::write(dir.join(side).join("mkdocs.yml"), navgen::to_mkdocs(tree))?;
    }
    Ok(())
}

fn history(commits: usize, versions: usize, dir: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let repo = Repository::init(dir)?;
    let mut tree = navgen::generate(300, 1);
    let mut parent: Option<git2::Oid> = None;
    let every = (commits / versions.max(1)).max(1);
    // The index of the next commit: SUMMARY.md, a page file for every target (as a real
    // book has), and a file that changes at every commit.
    let mut index = git2::Index::new()?;
    let mut blobs: std::collections::HashMap<String, git2::Oid> = std::collections::HashMap::new();
    for i in 0..commits {
        if i == 0 || (i % every == 0 && i / every < versions) {
            if i > 0 {
                tree = navgen::edit(&tree, 20, i as u64);
            }
            index.clear()?;
            let mut summary = String::from("# Summary\n\n");
            write_summary(&tree.roots, 0, &mut summary);
            add(&mut index, "SUMMARY.md", repo.blob(summary.as_bytes())?)?;
            let mut pages = Vec::new();
            targets(&tree.roots, &mut pages);
            for (target, title) in pages {
                let id = if let Some(id) = blobs.get(&target) {
                    *id
                } else {
                    let mut text = format!("# {title}\n\n");
                    for line in 0..20 {
                        text.push_str(&format!("Line {line} of {target}.\n"));
                    }
                    let id = repo.blob(text.as_bytes())?;
                    blobs.insert(target.clone(), id);
                    id
                };
                add(&mut index, &target, id)?;
            }
        }
        add(
            &mut index,
            "notes.txt",
            repo.blob(format!("{i}\n").as_bytes())?,
        )?;
        let git_tree = repo.find_tree(index.write_tree_to(&repo)?)?;
        let sig = Signature::new(
            "navgen",
            "navgen@example.com",
            &Time::new(1_700_000_000 + i64::try_from(i)? * 3_600, 0),
        )?;
        let parents: Vec<git2::Commit<'_>> = parent
            .iter()
            .map(|p| repo.find_commit(*p))
            .collect::<Result<_, _>>()?;
        let refs: Vec<&git2::Commit<'_>> = parents.iter().collect();
        let id = repo.commit(
            Some("HEAD"),
            &sig,
            &sig,
            &format!("commit {i}"),
            &git_tree,
            &refs,
        )?;
        if (i + 1) % 100 == 0 {
            repo.tag_lightweight(
                &format!("v0.{}.0", (i + 1) / 100),
                &repo.find_object(id, None)?,
                false,
            )?;
        }
        parent = Some(id);
    }
    // A working tree that matches HEAD.
    repo.checkout_head(Some(git2::build::CheckoutBuilder::new().force()))?;
    Ok(())
}

/// Adds the blob `id` at `path` to `index`.
fn add(index: &mut git2::Index, path: &str, id: git2::Oid) -> Result<(), git2::Error> {
    index.add(&git2::IndexEntry {
        ctime: git2::IndexTime::new(0, 0),
        mtime: git2::IndexTime::new(0, 0),
        dev: 0,
        ino: 0,
        mode: 0o100_644,
        uid: 0,
        gid: 0,
        file_size: 0,
        id,
        flags: 0,
        flags_extended: 0,
        path: path.as_bytes().to_vec(),
    })
}

/// Every page target under `nodes` with its title (each target once).
fn targets(nodes: &[navdiff::model::Node], out: &mut Vec<(String, String)>) {
    for node in nodes {
        if let Some(t) = node.target.as_deref().filter(|t| !t.is_empty())
            && !out.iter().any(|(known, _)| known == t)
        {
            out.push((t.to_owned(), node.title.clone()));
        }
        targets(&node.children, out);
    }
}

fn write_summary(nodes: &[navdiff::model::Node], depth: usize, out: &mut String) {
    for node in nodes {
        let target = node.target.as_deref().unwrap_or("");
        out.push_str(&format!(
            "{}- [{}]({target})\n",
            "  ".repeat(depth),
            node.title.replace(['[', ']'], "")
        ));
        write_summary(&node.children, depth + 1, out);
    }
}
