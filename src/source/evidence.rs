//! What the page files behind two trees say about page identity, for the diff engine
//! ([`FileEvidence`]): which page files moved, and which stayed where they were.
//!
//! A target refers to a file when the file's path, normalised as targets are (extension,
//! `index.md`/`README.md` dropped), ends with the target's path segments: MkDocs
//! `usage/x.md` is `docs/usage/x.md`, a Docusaurus id `usage/x` is `docs/usage/x.mdx`, a
//! Sphinx `usage/x` is `doc/usage/x.rst`, VitePress `/guide/x` is `docs/guide/x.md`. Of
//! several such files the one with the fewest folders above wins (`docs/x.md` before
//! `docs/fr/x.md`); a tie is no evidence.
//!
//! - Two git revisions ([`git_evidence`]): git's own rename detection between the two
//!   commits' trees, restricted to the page files that are on one side only.
//! - Two folders, or a revision and a folder ([`content_evidence`]): the page files on one
//!   side only, compared by the lines they share (bounded in files, bytes and pairs).
//!
//! Snapshots carry no files: the caller passes [`FileEvidence::none`], and the report says
//! that pages were told apart by their targets and titles only.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};

use crate::error::Result;
use crate::formats::FileAccess;
use crate::git::{Repo, Revision};
use crate::model::{EvidenceSource, FileEvidence, NavTree, Node, normalize_target};

/// The most files listed on one side; a bigger tree gives no evidence.
const MAX_FILES: usize = 200_000;
/// The most page files on one side only that are compared by content, each way.
const MAX_COMPARED: usize = 1_000;
/// The most pairs of page files compared by content.
const MAX_PAIRS: usize = 40_000;
/// The most bytes read of one page file for a content comparison.
const MAX_PAGE_BYTES: usize = 256 * 1024;
/// Extensions of the files a page target can refer to.
const PAGE_EXTENSIONS: [&str; 8] = [
    "md", "mdx", "markdown", "rst", "adoc", "asciidoc", "txt", "ipynb",
];

/// Git's rename detection between the commits of `old` and `new` (trees read from `repo` at
/// revisions; their `source.commit` names the commits).
pub fn git_evidence(repo: &Repo, old: &NavTree, new: &NavTree) -> Result<FileEvidence> {
    let (Some(old_commit), Some(new_commit)) = (&old.source.commit, &new.source.commit) else {
        return Ok(FileEvidence::none());
    };
    git_evidence_between(
        repo,
        (old_commit, old),
        (new_commit, new),
        &mut FileLists::default(),
    )
}

/// The files of commits, listed once: what a history walk that compares many pairs of
/// commits keeps between calls (see [`git_evidence_between`]). `None` for a commit with
/// too many files to list.
pub type FileLists = HashMap<String, Option<std::rc::Rc<Vec<String>>>>;

/// [`git_evidence`] between the commits `old_commit` and `new_commit`, whatever commits the
/// trees say they were read at (a history walk compares a commit with its parent, whose nav
/// may have been read at an earlier commit), listing each commit's files once in `lists`.
pub fn git_evidence_between(
    repo: &Repo,
    (old_commit, old): (&str, &NavTree),
    (new_commit, new): (&str, &NavTree),
    lists: &mut FileLists,
) -> Result<FileEvidence> {
    let (old_rev, new_rev) = (repo.resolve(old_commit)?, repo.resolve(new_commit)?);
    let mut files = |rev: &Revision| -> Result<Option<std::rc::Rc<Vec<String>>>> {
        if let Some(known) = lists.get(&rev.commit) {
            return Ok(known.clone());
        }
        let listed = repo.tree(rev)?.files(MAX_FILES)?.map(std::rc::Rc::new);
        lists.insert(rev.commit.clone(), listed.clone());
        Ok(listed)
    };
    let (Some(old_files), Some(new_files)) = (files(&old_rev)?, files(&new_rev)?) else {
        return Ok(FileEvidence::none());
    };
    let sides = Sides::new(old, &old_files, new, &new_files);
    let compared = repo
        .renames(
            &old_rev,
            &new_rev,
            &sides.gone,
            &sides.arrived,
            &[RENAMED, RELATED],
        )?
        .map(|mut passes| {
            let weaker = passes.pop().unwrap_or_default();
            let renamed = passes.pop().unwrap_or_default();
            let related = renamed.iter().cloned().chain(weaker).collect();
            Compared { renamed, related }
        });
    Ok(sides.evidence(EvidenceSource::Git, compared))
}

/// Git's default rename threshold, in percent: a file moved.
const RENAMED: u16 = 50;
/// A lower threshold (percent for git, a share of lines for content): the two files share
/// enough to be one document when their file names or titles agree too.
const RELATED: u16 = 25;

/// What comparing the page files on one side only found.
struct Compared {
    /// Pairs of paths that are one file moved, one for one.
    renamed: Vec<(String, String)>,
    /// Pairs of paths that share some text.
    related: Vec<(String, String)>,
}

/// The page files of two trees compared by content: `old_files` and `new_files` are where
/// each tree's pages are (a folder on disk, or a revision), with paths from the same kind
/// of root (the repository's, or each nav file's folder).
pub fn content_evidence(
    old_files: &dyn FileAccess,
    old: &NavTree,
    new_files: &dyn FileAccess,
    new: &NavTree,
) -> Result<FileEvidence> {
    let (Some(old_list), Some(new_list)) = (list_files(old_files)?, list_files(new_files)?) else {
        return Ok(FileEvidence::none());
    };
    let sides = Sides::new(old, &old_list, new, &new_list);
    let compared = if sides.gone.len() > MAX_COMPARED
        || sides.arrived.len() > MAX_COMPARED
        || sides.gone.len() * sides.arrived.len() > MAX_PAIRS
    {
        None
    } else {
        Some(similar_files(
            old_files,
            &sides.gone,
            new_files,
            &sides.arrived,
        ))
    };
    Ok(sides.evidence(EvidenceSource::Content, compared))
}

/// The page files of both sides: which target refers to which file, and which files are on
/// one side only.
struct Sides {
    /// Per side: target (normalised) → the path of its file.
    pages: [HashMap<String, String>; 2],
    /// Per side: whether each page file is at the same path on the other side.
    stayed: [HashSet<String>; 2],
    /// Old page files not on the new side, and new page files not on the old side, sorted.
    gone: Vec<String>,
    arrived: Vec<String>,
}

impl Sides {
    fn new(old: &NavTree, old_files: &[String], new: &NavTree, new_files: &[String]) -> Self {
        let pages = [page_files(old, old_files), page_files(new, new_files)];
        let present: [HashSet<&str>; 2] = [
            old_files.iter().map(String::as_str).collect(),
            new_files.iter().map(String::as_str).collect(),
        ];
        let mut stayed: [HashSet<String>; 2] = [HashSet::new(), HashSet::new()];
        let mut moved: [Vec<String>; 2] = [Vec::new(), Vec::new()];
        for side in 0..2 {
            for path in pages[side].values() {
                if present[1 - side].contains(path.as_str()) {
                    stayed[side].insert(path.clone());
                } else {
                    moved[side].push(path.clone());
                }
            }
            moved[side].sort();
            moved[side].dedup();
        }
        let [gone, arrived] = moved;
        Sides {
            pages,
            stayed,
            gone,
            arrived,
        }
    }

    /// The evidence: every page file found, and what comparing the files on one side only
    /// found (`None`: they were not compared, so they say nothing).
    fn evidence(&self, source: EvidenceSource, found: Option<Compared>) -> FileEvidence {
        let mut evidence = FileEvidence::new(source);
        let compared = found.is_some();
        for side in 0..2 {
            let mut targets: Vec<(&String, &String)> = self.pages[side].iter().collect();
            targets.sort();
            for (target, path) in targets {
                let stayed = self.stayed[side].contains(path);
                if stayed || compared {
                    evidence.add_page(target, side == 0, stayed);
                }
            }
        }
        // A file several targets refer to (`page#a`, `page#b`) names no one page.
        let owner = |side: usize| {
            let mut by_path: HashMap<&str, Option<&str>> = HashMap::new();
            for (target, path) in &self.pages[side] {
                by_path
                    .entry(path.as_str())
                    .and_modify(|t| *t = None)
                    .or_insert(Some(target.as_str()));
            }
            by_path
        };
        let (old_owner, new_owner) = (owner(0), owner(1));
        let targets = |(from, to): &(String, String)| match (
            old_owner.get(from.as_str()),
            new_owner.get(to.as_str()),
        ) {
            (Some(Some(a)), Some(Some(b))) => Some((*a, *b)),
            _ => None,
        };
        if let Some(found) = found {
            for (a, b) in found.renamed.iter().filter_map(targets) {
                evidence.add_rename(a, b);
            }
            for (a, b) in found.related.iter().filter_map(targets) {
                evidence.add_related(a, b);
            }
        }
        evidence
    }
}

/// Which file each target of `tree` refers to, among `files`: target (normalised, without
/// its `#fragment`) → path. Targets that are URLs, that no file ends with, or that two
/// files end with equally are left out.
fn page_files(tree: &NavTree, files: &[String]) -> HashMap<String, String> {
    // Page files by the last segment of their normalised path.
    let mut by_name: HashMap<String, Vec<(String, &str)>> = HashMap::new();
    for path in files {
        let is_page = path
            .rsplit_once('.')
            .is_some_and(|(_, ext)| PAGE_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()));
        if !is_page {
            continue;
        }
        let key = normalize_target(path);
        let name = key.rsplit('/').next().unwrap_or(&key).to_owned();
        by_name.entry(name).or_default().push((key, path.as_str()));
    }
    let mut out = HashMap::new();
    let mut stack: Vec<&Node> = tree.roots.iter().collect();
    while let Some(node) = stack.pop() {
        stack.extend(&node.children);
        let Some(target) = node.target.as_deref() else {
            continue;
        };
        let Some(key) = file_key(target) else {
            continue;
        };
        if out.contains_key(&key) {
            continue;
        }
        let name = key.rsplit('/').next().unwrap_or(&key);
        let Some(candidates) = by_name.get(name) else {
            continue;
        };
        // The file with the fewest folders above the target's own path.
        let mut best: Option<(usize, &str)> = None;
        let mut tie = false;
        for (path_key, path) in candidates {
            let above = if path_key == &key {
                0
            } else if let Some(rest) = path_key
                .strip_suffix(key.as_str())
                .filter(|rest| rest.ends_with('/'))
            {
                rest.matches('/').count()
            } else {
                continue;
            };
            match best {
                Some((least, _)) if least < above => {}
                Some((least, _)) if least == above => tie = true,
                _ => {
                    best = Some((above, path));
                    tie = false;
                }
            }
        }
        if let (Some((_, path)), false) = (best, tie) {
            out.insert(key, path.to_owned());
        }
    }
    out
}

/// The part of a target that names a file: normalised, without a `#fragment` or leading
/// `../`; `None` for a URL or the site's root.
fn file_key(target: &str) -> Option<String> {
    let key = normalize_target(target);
    let key = key.split('#').next().unwrap_or_default();
    let mut key = key;
    while let Some(rest) = key.strip_prefix("../") {
        key = rest;
    }
    if key.is_empty() || key == ".." || crate::model::has_scheme(key) {
        return None;
    }
    Some(key.to_owned())
}

/// Every file under the root of `files`, `/`-separated; folders whose names start with a
/// dot and `node_modules` are not entered. `None` beyond [`MAX_FILES`] entries.
fn list_files(files: &dyn FileAccess) -> Result<Option<Vec<String>>> {
    let mut out = Vec::new();
    let mut seen = 0usize;
    let mut folders = vec![String::new()];
    while let Some(folder) = folders.pop() {
        for (name, is_dir) in files.list_dir(&folder)? {
            seen += 1;
            if seen > MAX_FILES {
                return Ok(None);
            }
            let path = if folder.is_empty() {
                name.clone()
            } else {
                format!("{folder}/{name}")
            };
            if is_dir {
                if !name.starts_with('.') && name != "node_modules" {
                    folders.push(path);
                }
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(Some(out))
}

/// Pairs of `gone` and `arrived` page files that share most of their lines, one for one,
/// the most alike first; and every pair that shares some. A file that cannot be read is
/// left out.
fn similar_files(
    old_files: &dyn FileAccess,
    gone: &[String],
    new_files: &dyn FileAccess,
    arrived: &[String],
) -> Compared {
    let lines = |files: &dyn FileAccess, paths: &[String]| -> Vec<Option<Vec<u64>>> {
        paths
            .iter()
            .map(|p| {
                files
                    .read_head(p, MAX_PAGE_BYTES)
                    .ok()
                    .flatten()
                    .map(|text| line_set(&text))
            })
            .collect()
    };
    let (old_lines, new_lines) = (lines(old_files, gone), lines(new_files, arrived));
    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    let mut related = Vec::new();
    for (i, a) in old_lines.iter().enumerate() {
        let Some(a) = a else { continue };
        for (j, b) in new_lines.iter().enumerate() {
            let Some(b) = b else { continue };
            let score = dice(a, b);
            if score >= f64::from(RELATED) / 100.0 {
                related.push((gone[i].clone(), arrived[j].clone()));
            }
            if score >= f64::from(RENAMED) / 100.0 {
                candidates.push((score, i, j));
            }
        }
    }
    candidates.sort_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    let (mut used_old, mut used_new) = (vec![false; gone.len()], vec![false; arrived.len()]);
    let mut out = Vec::new();
    for (_, i, j) in candidates {
        if !used_old[i] && !used_new[j] {
            used_old[i] = true;
            used_new[j] = true;
            out.push((gone[i].clone(), arrived[j].clone()));
        }
    }
    Compared {
        renamed: out,
        related,
    }
}

/// The distinct lines of `text` that say something (trimmed, at least three characters),
/// hashed and sorted.
fn line_set(text: &str) -> Vec<u64> {
    let mut set: Vec<u64> = text
        .lines()
        .map(str::trim)
        .filter(|l| l.chars().count() >= 3)
        .map(|l| {
            let mut h = DefaultHasher::new();
            l.hash(&mut h);
            h.finish()
        })
        .collect();
    set.sort_unstable();
    set.dedup();
    set
}

/// Twice the lines two sorted sets share, over their sizes.
fn dice(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * shared as f64 / (a.len() + b.len()) as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SourceInfo;

    fn tree(targets: &[&str]) -> NavTree {
        NavTree::new(
            SourceInfo::default(),
            targets.iter().map(|t| Node::page(*t, *t)).collect(),
        )
    }

    fn owned(paths: &[&str]) -> Vec<String> {
        paths.iter().map(|p| (*p).to_owned()).collect()
    }

    #[test]
    fn targets_refer_to_the_files_their_paths_end_with() {
        let files = owned(&[
            "mkdocs.yml",
            "docs/usage/x.md",
            "docs/fr/usage/x.md",
            "docs/guide/index.md",
            "website/docs/intro.mdx",
            "doc/api.rst",
            "blog/api.md",
            "CHANGELOG.md",
            "src/x.py",
        ]);
        let map = page_files(
            &tree(&[
                "usage/x.md",
                "./guide/",
                "intro",
                "api",
                "https://example.org/x",
                "x.py",
                "usage/x.md#part",
                "../CHANGELOG.md",
            ]),
            &files,
        );
        let mut got: Vec<(&str, &str)> =
            map.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        got.sort_unstable();
        assert_eq!(
            got,
            [
                ("CHANGELOG", "CHANGELOG.md"),
                ("guide", "docs/guide/index.md"),
                ("intro", "website/docs/intro.mdx"),
                ("usage/x", "docs/usage/x.md"),
            ],
            "`api` is in two files equally deep, `x.py` is no page"
        );
    }

    #[test]
    fn lines_shared_make_one_document() {
        let a = line_set("# Title\n\nOne line here.\nAnother line.\nA third one.\n");
        let b = line_set("# New title\n\nOne line here.\nAnother line.\nA third one.\n");
        assert!((dice(&a, &b) - 0.75).abs() < 1e-12);
        assert!(dice(&a, &line_set("Nothing alike.\n")) < 0.01);
        assert!(dice(&[], &[]).abs() < f64::EPSILON);
    }
}
