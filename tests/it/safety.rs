//! Issue 11, one test an item: a hostile repository built in a temporary folder, navdiff run
//! in it as CI runs it (the real binary, in the repository's folder), and the exact outcome.
//!
//! Each temporary folder holds the repository (`repo/`) and, beside it, `outside/`: files a
//! runner might have (a "secret" page, a folder of notes, a file to overwrite), every one
//! holding the word `CANARY`. Every test checks that no output quotes them and that nothing
//! in `outside/` changed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use git2::{IndexAddOption, Repository, Signature, Time};
use tempfile::TempDir;

/// A hostile repository and the folder beside it.
struct Hostile {
    dir: TempDir,
    repo: Repository,
    time: i64,
}

/// What one run printed.
#[derive(Debug)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Hostile {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let outside = dir.path().join("outside");
        std::fs::create_dir_all(outside.join("notes")).expect("mkdir");
        std::fs::write(
            outside.join("secret.md"),
            "# CANARY-secret\n\ntoken=hunter2\n",
        )
        .expect("write");
        std::fs::write(outside.join("notes/plan.md"), "# CANARY-plan\n").expect("write");
        std::fs::write(
            outside.join("base.yml"),
            "site_name: x\nnav:\n  - CANARY-inherited: canary.md\n",
        )
        .expect("write");
        std::fs::write(outside.join("victim.txt"), "CANARY-victim\n").expect("write");
        let repo = Repository::init(dir.path().join("repo")).expect("git init");
        Hostile {
            dir,
            repo,
            time: 1_704_067_200,
        }
    }

    fn path(&self) -> PathBuf {
        self.dir.path().join("repo")
    }

    fn outside(&self) -> PathBuf {
        self.dir.path().join("outside")
    }

    fn write(&self, path: &str, text: &str) -> &Self {
        let full = self.path().join(path);
        std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
        std::fs::write(full, text).expect("write");
        self
    }

    #[cfg(unix)]
    fn link(&self, path: &str, target: &Path) -> &Self {
        let full = self.path().join(path);
        std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
        std::os::unix::fs::symlink(target, full).expect("symlink");
        self
    }

    fn remove(&self, path: &str) -> &Self {
        std::fs::remove_file(self.path().join(path)).expect("remove");
        self
    }

    /// Commits everything in the working tree on the current branch.
    fn commit(&mut self, message: &str) {
        let mut index = self.repo.index().expect("index");
        index
            .add_all(["*"], IndexAddOption::DEFAULT, None)
            .expect("add");
        index.update_all(["*"], None).expect("update");
        index.write().expect("write index");
        let tree = self
            .repo
            .find_tree(index.write_tree().expect("tree"))
            .expect("tree");
        let sig = Signature::new("navdiff", "test@example.com", &Time::new(self.time, 0))
            .expect("signature");
        self.time += 86_400;
        let parent = self.repo.head().ok().and_then(|h| h.peel_to_commit().ok());
        let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
        self.repo
            .commit(Some("HEAD"), &sig, &sig, message, &tree, &parents)
            .expect("commit");
    }

    /// A branch named `name` at HEAD.
    fn branch(&self, name: &str) -> &Self {
        let head = self
            .repo
            .head()
            .expect("HEAD")
            .peel_to_commit()
            .expect("commit");
        self.repo.branch(name, &head, false).expect("branch");
        self
    }

    /// A tag named `name` at HEAD.
    fn tag(&self, name: &str) -> &Self {
        let head = self
            .repo
            .head()
            .expect("HEAD")
            .peel(git2::ObjectType::Commit);
        self.repo
            .tag_lightweight(name, &head.expect("commit"), false)
            .expect("tag");
        self
    }

    /// Runs navdiff in the repository's folder, as CI does.
    fn run(&self, args: &[&str]) -> Run {
        self.run_with(args, &[])
    }

    fn run_with(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut command = Command::new(env!("CARGO_BIN_EXE_navdiff"));
        command.args(args).current_dir(self.path());
        for var in [
            "NAVDIFF_REPO",
            "NAVDIFF_NAV",
            "NAVDIFF_CONFIG",
            "NAVDIFF_FAIL_ON",
            "CLICOLOR_FORCE",
        ] {
            command.env_remove(var);
        }
        command.env("NO_COLOR", "1");
        for (key, value) in env {
            command.env(key, value);
        }
        let out = command.output().expect("run navdiff");
        let run = Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8(out.stdout).expect("UTF-8 stdout"),
            stderr: String::from_utf8(out.stderr).expect("UTF-8 stderr"),
        };
        assert!(
            !run.stdout.contains("CANARY") && !run.stderr.contains("CANARY"),
            "navdiff {args:?} printed a file from outside the repository:\n{run:?}"
        );
        run
    }

    /// Every file under `outside/` with its bytes.
    fn outside_state(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        fn walk(dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
            for entry in std::fs::read_dir(dir).expect("list").flatten() {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, out);
                } else {
                    out.insert(path.clone(), std::fs::read(&path).expect("read"));
                }
            }
        }
        let mut out = BTreeMap::new();
        walk(&self.outside(), &mut out);
        out
    }
}

#[track_caller]
fn assert_run(run: &Run, code: i32, stdout: &str, stderr: &str) {
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (code, stdout, stderr),
        "{run:?}"
    );
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().expect("mkfifo");
    assert!(status.success(), "mkfifo {}", path.display());
}

const MKDOCS: &str = "site_name: x\nnav:\n  - Home: index.md\n  - Security: security.md\n";

/// A PR-shaped repository: `main` with two pages, HEAD with `Security` removed.
fn removal() -> Hostile {
    let mut h = Hostile::new();
    h.write("mkdocs.yml", MKDOCS)
        .write("docs/index.md", "# Home\n")
        .write("docs/security.md", "# Security\n");
    h.commit("docs");
    h.branch("base");
    h.write("mkdocs.yml", "site_name: x\nnav:\n  - Home: index.md\n")
        .remove("docs/security.md");
    h.commit("remove Security");
    h
}

#[cfg(unix)]
#[test]
fn revisions_win_over_files() {
    let h = removal();
    let before = h.outside_state();
    // The pull request adds files named like the revisions CI passes: a snapshot of its own
    // nav as `base`, a link to a runner's file as `HEAD`, and one named `REV:PATH`.
    let own = h.run(&["show", "-f", "json", "HEAD", "--"]);
    assert_eq!(own.code, 0, "{own:?}");
    h.write("base", &own.stdout)
        .write("base:mkdocs.yml", &own.stdout)
        .link("HEAD", &h.outside().join("secret.md"));

    let both = |arg: &str| {
        format!(
            "error: `{arg}` is both a revision and a file here: write `{arg} --` for the revision (revisions go before `--`, files after), or `./{arg}` for the file\n"
        )
    };
    let run = h.run(&[
        "diff",
        "base",
        "HEAD",
        "--fail-on",
        "removed",
        "-f",
        "markdown",
    ]);
    assert_run(&run, 2, "", &both("base"));
    let run = h.run(&["diff", "base:mkdocs.yml", "HEAD:mkdocs.yml"]);
    assert_run(&run, 2, "", &both("base:mkdocs.yml"));
    assert_run(&h.run(&["show", "HEAD"]), 2, "", &both("HEAD"));

    // Before `--`, revisions only: the removal is found and fails the check.
    let removed = "**1 removed** (`base` → `HEAD`)\n\n### Removed\n\n- Security `security.md`\n\n### Needs a redirect\n\n- Security: `/security/` (removed; no successor evident)\n";
    for args in [
        &[
            "diff",
            "--fail-on",
            "removed",
            "-f",
            "markdown",
            "base",
            "HEAD",
            "--",
        ][..],
        &[
            "diff",
            "--fail-on",
            "removed",
            "-f",
            "markdown",
            "base..HEAD",
        ],
    ] {
        assert_run(
            &h.run(args),
            1,
            removed,
            "navdiff: failing because 1 page was removed (--fail-on removed)\n",
        );
    }
    // After `--` (or with `./`), files: the file `base` is read, the link `HEAD` refused.
    let run = h.run(&["show", "-f", "json", "--", "base"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, own.stdout.as_str()));
    assert_run(
        &h.run(&["show", "--", "HEAD"]),
        2,
        "",
        "error: `HEAD` is not read: it is a symbolic link that leads outside the repository\n",
    );
    assert_run(
        &h.run(&["show", "./HEAD"]),
        2,
        "",
        "error: `./HEAD` is not read: it is a symbolic link that leads outside the repository\n",
    );
    // A name that is no revision is a file without `--`.
    h.write("nav.txt", "Home\n");
    assert_run(&h.run(&["show", "nav.txt"]), 0, "Home\n", "");
    assert_eq!(h.outside_state(), before);
}

/// A working tree whose nav files reach out: bare pages and a nav file linked to files
/// outside, a docs folder with a linked folder and a loop, `docs_dir` climbing out or
/// absolute, an `INHERIT` through a link. Links are committed, then a FIFO and a link to a
/// device added.
#[cfg(unix)]
fn reaching_out() -> Hostile {
    let mut h = Hostile::new();
    let outside = h.outside();
    h.write(
        "mkdocs.yml",
        "site_name: x\nnav:\n  - Home: index.md\n  - leak.md\n  - zero.md\n",
    )
    .write("docs/index.md", "# Home\n")
    .link("docs/leak.md", &outside.join("secret.md"))
    // A docs folder listed by MkDocs without a nav: a link to a folder outside it, and a
    // loop (`a -> .`) that would never end.
    .write("walk/mkdocs.yml", "site_name: x\ndocs_dir: d\n")
    .write("walk/d/index.md", "# Walked\n")
    .link("walk/d/notes", &outside.join("notes"))
    .link("walk/d/a", Path::new("."))
    // `..` and absolute paths, and an INHERIT through a link.
    .write(
        "climb/mkdocs.yml",
        "site_name: x\ndocs_dir: ../../outside/notes\n",
    )
    .write(
        "absolute/mkdocs.yml",
        &format!(
            "site_name: x\ndocs_dir: {}\n",
            outside.join("notes").display()
        ),
    )
    .write("inherit/mkdocs.yml", "INHERIT: base.yml\n")
    .link("inherit/base.yml", &outside.join("base.yml"))
    .link("out.yml", &outside.join("secret.md"));
    h.commit("hostile");
    h.link("docs/zero.md", Path::new("/dev/zero"));
    mkfifo(&h.path().join("docs/fifo.md"));
    h
}

fn refused(label: &str, path: &str, why: &str) -> String {
    format!("warning: {label}: `{path}` is not read: it {why}\n")
}

const LEADS_OUT: &str = "is a symbolic link that leads outside the repository";

#[cfg(unix)]
#[test]
fn reads_stay_inside_the_repository() {
    let h = reaching_out();
    let before = h.outside_state();
    let out = LEADS_OUT;
    assert_run(
        &h.run(&["show"]),
        0,
        "Home → index.md\nLeak → leak.md\nZero → zero.md\n",
        &[
            refused("mkdocs.yml", "docs/leak.md", out),
            refused("mkdocs.yml", "docs/zero.md", out),
        ]
        .concat(),
    );
    // The nav file itself: a refusal is an error, whoever named it.
    assert_run(
        &h.run(&["show", "--nav", "out.yml"]),
        2,
        "",
        "error: `out.yml` is not read: it is a symbolic link that leads outside the repository\n",
    );
    // In git trees, links are not followed at all.
    assert_run(
        &h.run(&["show", "HEAD"]),
        0,
        "Home → index.md\nLeak → leak.md\nZero → zero.md\n",
        &[
            refused(
                "HEAD:mkdocs.yml",
                "docs/leak.md",
                "is a symbolic link; navdiff does not follow links in git trees",
            ),
            // The FIFO is not committed: the MkDocs reader says the page is missing.
            "warning: HEAD:mkdocs.yml: line 5: `zero.md` is not in the docs folder `docs` (a plugin or hook may write it at build time; navdiff cannot tell): titled `Zero` by its file name\n".to_owned(),
        ]
        .concat(),
    );
    assert_eq!(h.outside_state(), before);
}

#[cfg(unix)]
#[test]
fn walks_and_paths_stay_inside_the_repository() {
    let h = reaching_out();
    let before = h.outside_state();
    let outside = h.outside();
    let out = LEADS_OUT;
    let link_folder = "is a symbolic link to a folder; navdiff does not walk into linked folders";
    assert_run(
        &h.run(&["show", "--nav", "walk/mkdocs.yml"]),
        0,
        "Walked → index.md\n",
        &[
            refused("walk/mkdocs.yml", "walk/d/a", link_folder),
            refused("walk/mkdocs.yml", "walk/d/notes", link_folder),
        ]
        .concat(),
    );
    // A `docs_dir` that climbs out is not even looked at: the MkDocs reader refuses it.
    assert_run(
        &h.run(&["show", "--nav", "climb/mkdocs.yml"]),
        0,
        "",
        "warning: climb/mkdocs.yml: no `nav:`, and no pages in the docs folder `../../outside/notes`\n\
         warning: climb/mkdocs.yml: line 2: `docs_dir: ../../outside/notes` points outside the repository; navdiff does not read it\n",
    );
    let absolute = h.run(&["show", "--nav", "absolute/mkdocs.yml"]);
    assert_eq!((absolute.code, absolute.stdout.as_str()), (0, ""));
    assert!(
        absolute.stderr.ends_with(&format!(
            "warning: absolute/mkdocs.yml: line 2: `docs_dir: {}` points outside the repository; navdiff does not read it\n",
            outside.join("notes").display()
        )),
        "{absolute:?}"
    );
    assert_run(
        &h.run(&["show", "--nav", "inherit/mkdocs.yml"]),
        0,
        "",
        &[
            refused("inherit/mkdocs.yml", "inherit/base.yml", out),
            "warning: inherit/mkdocs.yml: line 1: `INHERIT: base.yml`: navdiff could not read it; its settings (a `nav:` among them) are missing\n".to_owned(),
        ]
        .concat(),
    );
    assert_eq!(h.outside_state(), before);
}

#[cfg(unix)]
#[test]
fn special_files_and_links_out_are_refused_before_reading() {
    let mut h = Hostile::new();
    h.write("mkdocs.yml", "site_name: x\nnav:\n  - fifo.md\n")
        .write("docs/index.md", "# Home\n");
    h.commit("docs");
    mkfifo(&h.path().join("docs/fifo.md"));
    mkfifo(&h.path().join("nav.yml"));
    // A FIFO nobody writes to would block a read for ever: each is refused at once.
    assert_run(
        &h.run(&["show"]),
        0,
        "Fifo → fifo.md\n",
        "warning: mkdocs.yml: `docs/fifo.md` is not read: it is a FIFO, not a regular file\n",
    );
    assert_run(
        &h.run(&["show", "--nav", "nav.yml"]),
        2,
        "",
        "error: `nav.yml` is not read: it is a FIFO, not a regular file\n",
    );
    let toml = h.path().join("navdiff.toml");
    mkfifo(&toml);
    assert_run(
        &h.run(&["show", "HEAD"]),
        2,
        "",
        &format!(
            "error: `{}` is not read: it is a FIFO, not a regular file\n",
            toml.display()
        ),
    );
    std::fs::remove_file(&toml).expect("remove");
    h.link("navdiff.toml", Path::new("/dev/zero"))
        .link("CHANGELOG.md", &h.outside().join("secret.md"));
    assert_run(
        &h.run(&["show", "HEAD"]),
        2,
        "",
        &format!(
            "error: `{}` is not read: it is a symbolic link that leads outside the repository\n",
            toml.display()
        ),
    );
    std::fs::remove_file(&toml).expect("remove");
    let before = h.outside_state();
    h.tag("v1");
    assert_run(
        &h.run(&["changelog", "--update", "CHANGELOG.md"]),
        2,
        "",
        "error: `CHANGELOG.md` is not read: it is a symbolic link that leads outside the repository\n",
    );
    assert_eq!(h.outside_state(), before);
}

#[test]
fn configuration_comes_from_the_base_revision() {
    let mut h = Hostile::new();
    h.write("mkdocs.yml", MKDOCS)
        .write("docs/index.md", "# Home\n")
        .write("navdiff.toml", "fail-on = [\"removed\"]\n");
    h.commit("docs");
    h.branch("base");
    // The pull request removes a page and, in the same change, stops judging removals.
    h.write("mkdocs.yml", "site_name: x\nnav:\n  - Home: index.md\n")
        .write("navdiff.toml", "fail-on = []\nignore = [\"*\"]\n");
    h.commit("remove Security, relax the rules");
    let before = h.outside_state();
    // No page file behind `security.md`: the report says pages were told apart without files.
    let table = "1 removed between base and HEAD\nChange   Where     Details\nremoved  Security  security.md\nPages were told apart by their targets and titles only (no page files were compared).\n1 old URL needs a redirect: `navdiff redirects` lists it and writes the entry.\n";
    let note = "note: `HEAD` changes navdiff.toml; its settings are not used: the settings of `base`, the old side, apply (pin a file with --config FILE or NAVDIFF_CONFIG)\n\
                navdiff: failing because 1 page was removed (fail-on = [\"removed\"] in navdiff.toml at `base`)\n";
    assert_run(&h.run(&["diff", "base", "HEAD", "--"]), 1, table, note);
    // The working tree is the checkout's own: its settings apply to it.
    assert_run(
        &h.run(&["diff", "base", "--"]),
        0,
        "No structural changes between base and working tree (0 nodes).\n",
        "",
    );
    // CI can pin the settings: a file outside the checkout, by flag or environment.
    let pinned = h.dir.path().join("pinned.toml");
    std::fs::write(&pinned, "fail-on = []\n").expect("write");
    let pinned = pinned.to_str().expect("UTF-8");
    assert_run(
        &h.run(&["diff", "--config", pinned, "base", "HEAD", "--"]),
        0,
        table,
        "",
    );
    assert_run(
        &h.run_with(
            &["diff", "base", "HEAD", "--"],
            &[("NAVDIFF_CONFIG", pinned)],
        ),
        0,
        table,
        "",
    );
    assert_eq!(h.outside_state(), before);
}

#[cfg(unix)]
#[test]
fn writes_cannot_be_redirected() {
    use std::os::unix::fs::PermissionsExt;
    let mut h = Hostile::new();
    h.write("mkdocs.yml", MKDOCS)
        .write("docs/index.md", "# Home\n")
        .write("CHANGELOG.md", "# Changelog\n");
    h.commit("docs");
    h.tag("v1");
    std::fs::create_dir(h.outside().join("victim-dir")).expect("mkdir");
    std::fs::write(h.outside().join("victim-dir/keep"), "CANARY\n").expect("write");
    h.link("snapshots", &h.outside().join("victim-dir"))
        .link("reports/nav.md", &h.outside().join("victim.txt"))
        .link("navdiff.toml", &h.outside().join("victim.txt"));
    // The checkout's navdiff.toml is a link out: CI pins its settings instead.
    let pinned = h.dir.path().join("pinned.toml");
    std::fs::write(&pinned, "").expect("write");
    let config = pinned.to_str().expect("UTF-8");
    let before = h.outside_state();
    let not_written =
        |path: &Path, why: &str| format!("`{}` is not written: it {why}\n", path.display());
    let outside_folder = "is in a folder that is a symbolic link leading outside the repository";
    let link = "is a symbolic link; navdiff does not write through links";
    let repo = h.path();
    let run = h.run(&["snapshot", "--config", config, "HEAD"]);
    assert_run(
        &run,
        2,
        "",
        &format!(
            "error: cannot save the snapshot of `HEAD`: {}",
            not_written(&repo.join("snapshots/HEAD.json"), outside_folder)
        ),
    );
    let run = h.run(&[
        "diff",
        "--config",
        config,
        "-o",
        "reports/nav.md",
        "v1",
        "HEAD",
        "--",
    ]);
    assert_run(
        &run,
        2,
        "",
        &format!(
            "error: cannot write the report: {}",
            not_written(&repo.join("reports/nav.md"), link)
        ),
    );
    // `init --force` would replace the link; it refuses instead.
    let run = h.run(&["init", "--force", "--config", config]);
    assert_run(
        &run,
        2,
        "",
        &format!("error: {}", not_written(&repo.join("navdiff.toml"), link)),
    );
    // A file written in place keeps its mode.
    std::fs::set_permissions(
        repo.join("CHANGELOG.md"),
        std::fs::Permissions::from_mode(0o600),
    )
    .expect("chmod");
    let run = h.run(&["changelog", "--update", "CHANGELOG.md", "--config", config]);
    assert_run(&run, 0, "", "CHANGELOG.md updated: 2 releases\n");
    let mode = std::fs::metadata(repo.join("CHANGELOG.md"))
        .expect("stat")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
    assert_eq!(h.outside_state(), before);
    // No temporary file is left behind, in the repository or outside.
    let leftovers: Vec<_> = std::fs::read_dir(&repo)
        .expect("list")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn work_is_bounded() {
    let mut h = Hostile::new();
    // A 1 MiB string aliased 40 times: 40 MiB from a file of 1 MiB.
    let long = "x".repeat(1 << 20);
    let aliases = vec!["*s"; 40].join(", ");
    h.write(
        "aliases/mkdocs.yml",
        &format!("site_name: x\nlong: &s {long}\nnav:\n  - Home: index.md\nmore: [{aliases}]\n"),
    );
    // One warning a line, 1,000 lines: the first 100 are kept, then a count.
    h.write(
        "flood/mkdocs.yml",
        &format!(
            "site_name: x\nnav:\n{}",
            "  - https://example.com/\n".repeat(1000)
        ),
    );
    // A 100,000-character title, laid out in the terminal table.
    h.write("old.txt", "Home\n")
        .write("new.txt", &format!("Home\n{}\n", "word ".repeat(20_000)));
    h.write("mkdocs.yml", "site_name: x\nnav:\n  - big.md\n")
        .write("docs/big.md", &"\n".repeat(17 << 20));
    h.commit("bounded");
    let before = h.outside_state();

    let run = h.run(&["show", "--nav", "aliases/mkdocs.yml"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.starts_with(&format!(
            "error: {}:5:72: invalid YAML: alias expansion exceeded 16 MiB of text (possible billion-laughs attack)",
            h.path().join("aliases/mkdocs.yml").display()
        )),
        "{run:?}"
    );

    let run = h.run(&["show", "--nav", "flood/mkdocs.yml"]);
    assert_eq!(run.code, 0, "{run:?}");
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 101, "{run:?}");
    assert_eq!(
        lines[100],
        "warning: flood/mkdocs.yml: … and 900 more warnings"
    );

    // On a pipe the table is plain text, a change a line: the title is kept whole.
    let run = h.run(&["diff", "old.txt", "new.txt"]);
    assert_eq!(run.code, 0, "{run:?}");
    let title = "word ".repeat(20_000);
    assert!(
        run.stdout
            .contains(&format!("added   {}", title.trim_end())),
        "not cut"
    );

    // A page over the size limit at a revision is refused from the blob's header, before it
    // is inflated: its title comes from its name, with a warning saying why.
    assert_run(
        &h.run(&["show", "HEAD"]),
        0,
        "Big → big.md\n",
        "warning: HEAD:mkdocs.yml: line 3: cannot read page `big.md` for its title (HEAD:docs/big.md: file is larger than navdiff reads (16 MiB)); titled by its file name\n",
    );
    assert_eq!(h.outside_state(), before);
}

#[test]
fn output_cannot_act() {
    let mut h = Hostile::new();
    h.write("mkdocs.yml", "site_name: x\nnav:\n  - Home: index.md\n")
        .write("docs/index.md", "# Home\n");
    h.commit("docs");
    h.branch("base");
    h.write(
        "mkdocs.yml",
        "site_name: x\nnav:\n  - Home: index.md\n  - Ask @acme/security-team: ping.md\n  - Cost $x^2$: math.md\n  - \"Invoice \\u202Efdp.exe\\u202C\": bidi.md\n  - \"::add-mask::Home\": cmd.md\n  - \"Done -->\": \"x<!-- navdiff:end -->.md\"\n",
    );
    h.commit("hostile titles");
    let before = h.outside_state();
    let run = h.run(&["diff", "-f", "github", "base", "HEAD", "--"]);
    let id = |rev: &str| {
        h.repo
            .revparse_single(rev)
            .expect("revision")
            .id()
            .to_string()
    };
    // The five pages added at the top level read as one item; each title is escaped in it.
    assert_run(
        &run,
        0,
        &format!(
            "<!-- navdiff base={} head={} -->\n**Docs navigation:** 5 added (`base` → `HEAD`)\n\n<details>\n<summary>Added (5)</summary>\n\n- Top level: 5 pages added — Ask @\u{200d}acme/security-team `ping.md`, Cost &#36;x^2&#36; `math.md`, Invoice \\u{{202e}}fdp.exe\\u{{202c}} `bidi.md`, ::add-mask::Home `cmd.md`, Done --\\> `x<!-- navdiff:end -->.md`\n\n</details>\n\n<sub>Pages were told apart by their targets and titles only (no page files were compared).</sub>\n",
            id("base"),
            id("HEAD")
        ),
        "",
    );
    let run = h.run(&["show", "HEAD"]);
    assert_run(
        &run,
        0,
        "Home → index.md\nAsk @acme/security-team → ping.md\nCost $x^2$ → math.md\nInvoice \\u{202e}fdp.exe\\u{202c} → bidi.md\n\\u{3a}:add-mask::Home → cmd.md\nDone --> → x<!-- navdiff:end -->.md\n",
        "",
    );
    let run = h.run(&["diff", "base", "HEAD", "--"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.contains("Invoice \\u{202e}fdp.exe\\u{202c}"),
        "{run:?}"
    );
    assert!(run.stdout.contains("\\u{3a}:add-mask::Home"), "{run:?}");
    let run = h.run(&["diff", "-f", "json", "base", "HEAD", "--"]);
    assert!(
        run.stdout
            .contains(r#""title": "Invoice \u202efdp.exe\u202c""#),
        "{run:?}"
    );
    let bidi = |c: char| matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    for format in ["table", "markdown", "json", "github", "html"] {
        let run = h.run(&["diff", "-f", format, "base", "HEAD", "--"]);
        assert!(!run.stdout.contains(bidi), "{format}: {run:?}");
        assert!(
            run.stdout
                .lines()
                .all(|l| !l.trim_start().starts_with("::")),
            "{format}: {run:?}"
        );
    }
    assert_eq!(h.outside_state(), before);
}

#[test]
fn the_changelog_block_cannot_be_broken() {
    let mut h = Hostile::new();
    h.write("mkdocs.yml", "site_name: x\nnav:\n  - Home: index.md\n")
        .write("CHANGELOG.md", "# Changelog\n\nHand-written intro.\n");
    h.commit("docs");
    h.tag("<!--");
    h.write(
        "mkdocs.yml",
        "site_name: x\nnav:\n  - Home: index.md\n  - \"Done -->\": \"x\\n<!-- navdiff:end -->\\nINJECTED<!-- navdiff:start -->.md\"\n",
    );
    h.commit("a hostile entry");
    h.tag("@acme/team");
    let before = h.outside_state();
    let run = h.run(&["changelog", "--update", "CHANGELOG.md"]);
    assert_run(
        &run,
        0,
        "",
        "note: the tags are not versions of one scheme, so releases are ordered by date; choose release tags with `--tags GLOB` or `tags` in navdiff.toml\nCHANGELOG.md updated: 3 releases\n",
    );
    let text = std::fs::read_to_string(h.path().join("CHANGELOG.md")).expect("read");
    assert_eq!(
        text,
        "# Changelog\n\nHand-written intro.\n\n<!-- navdiff:start -->\n## [Unreleased]\n\nNo structural changes to the navigation.\n\n## [@\u{200d}acme/team] - 2024-01-02\n\n**1 added** since `<!--`\n\n### Added\n\n- Done --\\> `x <!-- navdiff:end --> INJECTED<!-- navdiff:start -->.md`\n\n## [\\<\\!--] - 2024-01-01\n\nThe first release with a navigation: 1 entry.\n<!-- navdiff:end -->\n"
    );
    // The next run finds the same block, and changes nothing.
    let run = h.run(&["changelog", "--update", "CHANGELOG.md"]);
    assert_run(
        &run,
        0,
        "",
        "note: the tags are not versions of one scheme, so releases are ordered by date; choose release tags with `--tags GLOB` or `tags` in navdiff.toml\nCHANGELOG.md is up to date: 3 releases\n",
    );
    assert_eq!(
        std::fs::read_to_string(h.path().join("CHANGELOG.md")).expect("read"),
        text
    );
    // A file whose markers are not exactly one start line before one end line is refused.
    let broken = "note: the tags are not versions of one scheme, so releases are ordered by date; choose release tags with `--tags GLOB` or `tags` in navdiff.toml\nerror: CHANGELOG.md: the file has a broken navdiff block: it needs exactly one `<!-- navdiff:start -->` line and one `<!-- navdiff:end -->` line, in that order\n";
    for markers in [
        "<!-- navdiff:start -->\n<!-- navdiff:end -->\n<!-- navdiff:start -->\n<!-- navdiff:end -->\n",
        "<!-- navdiff:start -->\n<!-- navdiff:start -->\n<!-- navdiff:end -->\n",
        "<!-- navdiff:end -->\n<!-- navdiff:start -->\n",
        "<!-- navdiff:start -->\n",
    ] {
        h.write("CHANGELOG.md", &format!("# Changelog\n\n{markers}"));
        assert_run(
            &h.run(&["changelog", "--update", "CHANGELOG.md"]),
            2,
            "",
            broken,
        );
    }
    assert_eq!(h.outside_state(), before);
}

#[test]
fn trees_deeper_than_a_snapshot_are_refused_when_read() {
    let mut h = Hostile::new();
    // Docusaurus: a sidebar over 49 nested categories over a doc is 51 levels. (Antora
    // cannot nest this deep: AsciiDoc list markers have at most five `*`.)
    let categories = (1..=49).fold(String::from("'intro'"), |inner, d| {
        format!("{{ type: 'category', label: 'C{d}', items: [{inner}] }}")
    });
    h.write(
        "sidebars.js",
        &format!("module.exports = {{ docs: [{categories}] }};\n"),
    );
    // MkDocs' legacy `pages:` title paths, 100,000 levels.
    let path = vec!["a"; 100_000].join(" / ");
    h.write(
        "legacy/mkdocs.yml",
        &format!("site_name: x\npages:\n  - ['x.md', '{path}']\n"),
    );
    h.commit("deep");
    let deep = |name: &str| format!("error: {name}: navigation nested deeper than 50 levels\n");
    assert_run(&h.run(&["show", "HEAD"]), 2, "", &deep("HEAD:sidebars.js"));
    assert_run(
        &h.run(&["snapshot", "HEAD", "-o", "snap.json"]),
        2,
        "",
        &deep("HEAD:sidebars.js"),
    );
    assert!(!h.path().join("snap.json").exists());
    let legacy = h.path().join("legacy/mkdocs.yml");
    assert_run(
        &h.run(&["show", "--nav", "legacy/mkdocs.yml"]),
        2,
        "",
        &deep(&legacy.display().to_string()),
    );
    // The snapshot loader gives the same error for the same depth.
    let nested = (0..50).fold(String::from("{\"title\": \"x\"}"), |inner, _| {
        format!("{{\"title\": \"x\", \"children\": [{inner}]}}")
    });
    h.write(
        "deep.json",
        &format!(
            "{{\"schema\": \"navdiff.snapshot.v1\", \"source\": {{}}, \"roots\": [{nested}]}}\n"
        ),
    );
    assert_run(&h.run(&["show", "deep.json"]), 2, "", &deep("deep.json"));
}

#[test]
fn an_lfs_pointer_as_nav_file_is_an_error_naming_lfs() {
    let mut h = Hostile::new();
    h.write("mkdocs.yml", MKDOCS);
    h.commit("docs");
    h.branch("base");
    h.write(
        "mkdocs.yml",
        "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n",
    );
    h.commit("track mkdocs.yml with LFS");
    let lfs = "HEAD:mkdocs.yml: a Git LFS pointer, not the nav file itself; navdiff reads what git stores (`git lfs pull` fetches the file into a working tree)";
    assert_run(
        &h.run(&["diff", "--fail-on", "removed", "base", "HEAD", "--"]),
        2,
        "",
        &format!("error: cannot read the new side, `HEAD`: {lfs}\n"),
    );
    assert_run(&h.run(&["show", "HEAD"]), 2, "", &format!("error: {lfs}\n"));
}
