//! The GitHub Action: `action/run.sh` and `action/install.sh` run against fixture repositories
//! with the real navdiff and a stand-in `gh` on `PATH` that records its calls; `action.yml` and
//! the workflows are checked by parsing them.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::json;
use tempfile::TempDir;

use crate::support::cmd::navdiff;
use crate::support::git::TestRepo;
use crate::support::yaml::{self, Yaml};

/// The repository's root.
fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The stand-in `gh`: records each call's arguments (separated by U+001F, one call a line,
/// `body=@PATH` as `body=@FILE` with the file copied to `body-N.md`), answers
/// `api --paginate` with the canned `page-*.json` files passed through its `--jq` filter as
/// gh does page by page, and answers writes with a comment, unless `list-error` or
/// `write-error` holds the error to fail with.
const GH_STUB: &str = r#"#!/usr/bin/env bash
set -euo pipefail
command -v jq >/dev/null || { echo "the stand-in gh needs jq on PATH" >&2; exit 127; }
dir=${GH_STUB_DIR:?}
touch "$dir/calls"
n=$(( $(wc -l <"$dir/calls") + 1 ))
record=()
filter=
previous=
for arg in "$@"; do
    case $arg in
    body=@*) cp "${arg#body=@}" "$dir/body-$n.md"; record+=("body=@FILE") ;;
    *) record+=("$arg") ;;
    esac
    if [ "$previous" = --jq ]; then filter=$arg; fi
    previous=$arg
done
printf '%s\037' "${record[@]}" >>"$dir/calls"
printf '\n' >>"$dir/calls"
case " $* " in
*" --paginate "*)
    if [ -e "$dir/list-error" ]; then cat "$dir/list-error" >&2; exit 1; fi
    for page in "$dir"/page-*.json; do
        if [ -e "$page" ]; then jq -r "$filter" "$page"; fi
    done
    ;;
*)
    if [ -e "$dir/write-error" ]; then cat "$dir/write-error" >&2; exit 1; fi
    printf '{"id": 9001, "html_url": "https://github.com/octo/docs/pull/7#issuecomment-9001"}' |
        jq -r "$filter"
    ;;
esac
"#;

/// The filter that finds navdiff's comments, as action/run.sh passes it to `gh api --jq`.
const FIND_FILTER: &str =
    r#".[] | select((.body // "") | startswith("<!-- navdiff")) | "\(.id) \(.user.login)""#;

fn list_call() -> Vec<String> {
    strings(&[
        "api",
        "--paginate",
        "repos/octo/docs/issues/7/comments?per_page=100",
        "--jq",
        FIND_FILTER,
    ])
}

fn post_call() -> Vec<String> {
    strings(&[
        "api",
        "--method",
        "POST",
        "repos/octo/docs/issues/7/comments",
        "-F",
        "body=@FILE",
        "--jq",
        ".html_url",
    ])
}

fn patch_call(id: u64) -> Vec<String> {
    let path = format!("repos/octo/docs/issues/comments/{id}");
    strings(&[
        "api",
        "--method",
        "PATCH",
        &path,
        "-F",
        "body=@FILE",
        "--jq",
        ".html_url",
    ])
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(ToString::to_string).collect()
}

const COMMENT_URL: &str = "https://github.com/octo/docs/pull/7#issuecomment-9001";

const OLD_NAV: &str = "site_name: Docs\nnav:\n  - Home: index.md\n  - Guide:\n      - Install: guide/install.md\n      - Deploy: guide/deploy.md\n";
const NEW_NAV: &str =
    "site_name: Docs\nnav:\n  - Home: index.md\n  - Guide:\n      - Install: guide/install.md\n";

/// A fixture repository: `base` tagged with Install and Deploy, HEAD without Deploy.
fn fixture_repo() -> TestRepo {
    let mut repo = TestRepo::new();
    repo.commit(
        "docs",
        &[
            ("mkdocs.yml", Some(OLD_NAV)),
            ("docs/index.md", Some("# Home\n")),
            ("docs/guide/install.md", Some("# Install\n")),
            ("docs/guide/deploy.md", Some("# Deploy\n")),
        ],
    );
    repo.tag("base");
    repo.commit("drop deploy", &[("mkdocs.yml", Some(NEW_NAV))]);
    repo
}

/// Where the stand-in `gh` keeps its state, the runner's files, and the `PATH` folder.
struct Runner {
    dir: TempDir,
}

/// What one run of the action's script did.
#[derive(Debug)]
struct Run {
    status: i32,
    stdout: String,
    stderr: String,
    calls: Vec<Vec<String>>,
    summary: String,
    outputs: BTreeMap<String, String>,
    gh: PathBuf,
}

impl Run {
    /// The body that call `n` (1-based) sent.
    fn body(&self, n: usize) -> String {
        fs::read_to_string(self.gh.join(format!("body-{n}.md"))).expect("a body was sent")
    }

    fn output(&self, name: &str) -> Option<&str> {
        self.outputs.get(name).map(String::as_str)
    }
}

impl Runner {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        for sub in ["bin", "gh", "temp", "home"] {
            fs::create_dir(dir.path().join(sub)).expect("mkdir");
        }
        let gh = dir.path().join("bin/gh");
        fs::write(&gh, GH_STUB).expect("write gh");
        make_executable(&gh);
        std::os::unix::fs::symlink(
            env!("CARGO_BIN_EXE_navdiff"),
            dir.path().join("bin/navdiff"),
        )
        .expect("link navdiff");
        Runner { dir }
    }

    fn gh(&self) -> PathBuf {
        self.dir.path().join("gh")
    }

    /// Serves these comments, 100 a page as the script asks for, on later `api --paginate`.
    fn comments(&self, comments: &[serde_json::Value]) {
        for (n, page) in comments.chunks(100).enumerate() {
            let text = serde_json::to_string_pretty(page).expect("json");
            fs::write(self.gh().join(format!("page-{}.json", n + 1)), text).expect("write page");
        }
    }

    /// Runs `bash action/run.sh` in `repo` with the action's inputs in `inputs`.
    fn run(&self, repo: &Path, inputs: &[(&str, &str)]) -> Run {
        let summary = self.dir.path().join("summary.md");
        let outputs = self.dir.path().join("outputs.txt");
        fs::write(&summary, "").expect("summary");
        fs::write(&outputs, "").expect("outputs");
        let path = format!(
            "{}:{}",
            self.dir.path().join("bin").display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let mut command = Command::new("bash");
        command
            .arg(root().join("action/run.sh"))
            .current_dir(repo)
            .env_clear()
            .env("PATH", path)
            .env("HOME", self.dir.path().join("home"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GH_STUB_DIR", self.gh())
            .env("RUNNER_TEMP", self.dir.path().join("temp"))
            .env("GITHUB_STEP_SUMMARY", &summary)
            .env("GITHUB_OUTPUT", &outputs)
            .env("GITHUB_REPOSITORY", "octo/docs")
            .env("PR_NUMBER", "7")
            .env("GH_TOKEN", "stand-in")
            // The defaults that action.yml passes.
            .env("INPUT_HEAD", "HEAD")
            .env("INPUT_FORMAT", "github")
            .env("INPUT_COMMENT", "update")
            .env("INPUT_COMMENT_AUTHOR", "github-actions[bot]");
        for (name, value) in inputs {
            command.env(name, value);
        }
        let out = command.output().expect("run bash");
        let calls = fs::read_to_string(self.gh().join("calls")).unwrap_or_default();
        Run {
            status: out.status.code().expect("exit status"),
            stdout: String::from_utf8(out.stdout).expect("UTF-8 stdout"),
            stderr: String::from_utf8(out.stderr).expect("UTF-8 stderr"),
            calls: calls
                .lines()
                .map(|line| {
                    line.strip_suffix('\u{1f}')
                        .expect("a recorded call")
                        .split('\u{1f}')
                        .map(ToString::to_string)
                        .collect()
                })
                .collect(),
            summary: fs::read_to_string(&summary).expect("summary"),
            outputs: fs::read_to_string(&outputs)
                .expect("outputs")
                .lines()
                .map(|line| {
                    let (name, value) = line.split_once('=').expect("name=value");
                    (name.to_string(), value.to_string())
                })
                .collect(),
            gh: self.gh(),
        }
    }
}

fn make_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let mut permissions = fs::metadata(path).expect("metadata").permissions();
    permissions.set_mode(0o755);
    fs::set_permissions(path, permissions).expect("chmod");
}

/// What navdiff itself prints for `diff OLD NEW -f FORMAT` in `repo`.
fn report(repo: &TestRepo, old: &str, format: &str) -> String {
    let out = navdiff(&["diff", old, "HEAD", "-f", format, "--repo", repo.arg()]);
    out.stdout
}

fn comment(id: u64, login: &str, body: &str) -> serde_json::Value {
    json!({
        "id": id,
        "user": { "login": login, "type": if login.ends_with("[bot]") { "Bot" } else { "User" } },
        "body": body,
    })
}

#[test]
fn action_creates_the_comment_when_none_exists() {
    let repo = fixture_repo();
    let runner = Runner::new();
    runner.comments(&[comment(11, "alice", "Looks good")]);
    let run = runner.run(repo.path(), &[("INPUT_BASE", "base")]);

    assert_eq!(run.status, 0, "{run:#?}");
    assert_eq!(run.calls, vec![list_call(), post_call()]);
    let body = run.body(2);
    assert!(body.starts_with("<!-- navdiff"), "{body}");
    assert_eq!(body, report(&repo, "base", "github"));
    assert_eq!(run.summary, report(&repo, "base", "markdown"));
    assert_eq!(run.output("exit-code"), Some("0"));
    assert_eq!(run.output("changes"), Some("1"));
    assert_eq!(run.output("comment-url"), Some(COMMENT_URL));
    let base_id = repo
        .repo
        .revparse_single("base")
        .expect("base")
        .id()
        .to_string();
    assert_eq!(run.output("base"), Some(base_id.as_str()));
    let report_path = run.output("report").expect("report output");
    assert_eq!(
        fs::read_to_string(report_path).expect("report"),
        run.summary
    );
    assert!(
        fs::read_to_string(run.output("json").expect("json output"))
            .expect("json")
            .contains("\"schema\": \"navdiff.diff.v1\"")
    );
    assert_eq!(run.stdout, format!("Commented {COMMENT_URL}\n"));
}

#[test]
fn action_updates_its_comment_found_on_the_second_page() {
    let repo = fixture_repo();
    let runner = Runner::new();
    let mut comments: Vec<_> = (1..=104)
        .map(|n| comment(1000 + n, "alice", &format!("comment {n}")))
        .collect();
    // Someone else's comment that imitates the marker, on the first page: not ours to edit.
    comments[40] = comment(1041, "mallory", "<!-- navdiff -->\nfake");
    // Ours, on the second page, and another imitation after it.
    comments[102] = comment(
        1103,
        "github-actions[bot]",
        "<!-- navdiff -->\nan old report",
    );
    comments[103] = comment(1104, "mallory", "<!-- navdiff base=0 head=0 -->\nfake");
    runner.comments(&comments);
    assert!(runner.gh().join("page-2.json").exists());

    let run = runner.run(repo.path(), &[("INPUT_BASE", "base")]);

    assert_eq!(run.status, 0, "{run:#?}");
    assert_eq!(run.calls, vec![list_call(), patch_call(1103)]);
    assert_eq!(run.body(2), report(&repo, "base", "github"));
    assert_eq!(run.stdout, format!("Updated {COMMENT_URL}\n"));
}

#[test]
fn action_fails_on_exit_1_after_commenting() {
    let repo = fixture_repo();
    let runner = Runner::new();
    let run = runner.run(
        repo.path(),
        &[("INPUT_BASE", "base"), ("INPUT_FAIL_ON", "removed")],
    );

    assert_eq!(run.status, 1, "{run:#?}");
    assert_eq!(run.calls, vec![list_call(), post_call()]);
    assert_eq!(run.body(2), report(&repo, "base", "github"));
    assert_eq!(
        run.summary,
        format!(
            "{}\n**navdiff exited 1:** the navigation changed in a way that `fail-on` (or `--exit-code`) fails on.\n",
            report(&repo, "base", "markdown")
        )
    );
    assert_eq!(run.output("exit-code"), Some("1"));
    assert_eq!(
        run.stdout,
        format!(
            "Commented {COMMENT_URL}\n::error title=navdiff::the navigation changed in a way that fail-on (or --exit-code) fails on\n"
        )
    );
}

#[test]
fn action_on_exit_2_posts_nothing_and_shows_the_error() {
    let mut repo = fixture_repo();
    // A pull request whose nav file is broken, with markup and a workflow command in it.
    repo.commit(
        "break",
        &[(
            "mkdocs.yml",
            Some("nav:\n  - Home: index.md\n  - \"::warning::<b>pwned</b>\n"),
        )],
    );
    let runner = Runner::new();
    let run = runner.run(repo.path(), &[("INPUT_BASE", "base")]);

    assert_eq!(run.status, 2, "{run:#?}");
    assert_eq!(run.calls, Vec::<Vec<String>>::new());
    let error = navdiff(&["diff", "base", "HEAD", "--repo", repo.arg()]).stderr;
    assert!(error.starts_with("error: "), "{error}");
    let escaped = error
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    assert_eq!(
        run.summary,
        format!(
            "### navdiff could not compare the navigation\n\nnavdiff exited with status 2; no comment was posted.\n\n<pre>{escaped}</pre>\n"
        )
    );
    assert!(!run.summary.contains("<b>"));
    assert_eq!(
        run.outputs.keys().collect::<Vec<_>>(),
        ["base", "exit-code"]
    );
    assert_eq!(run.output("exit-code"), Some("2"));
    assert!(
        run.stdout
            .starts_with("::error title=navdiff exited 2::error: cannot read the new side"),
        "{}",
        run.stdout
    );
    // The error reaches the log with workflow commands switched off around it.
    let token = run
        .stderr
        .strip_prefix("::stop-commands::")
        .and_then(|rest| rest.split_once('\n'))
        .map(|(token, _)| token.to_string())
        .expect("stop-commands first");
    assert_eq!(token.len(), 32);
    assert_eq!(
        run.stderr,
        format!("::stop-commands::{token}\n{error}\n::{token}::\n")
    );
}

#[test]
fn action_with_comment_off_calls_no_gh() {
    let repo = fixture_repo();
    let runner = Runner::new();
    let run = runner.run(
        repo.path(),
        &[("INPUT_BASE", "base"), ("INPUT_COMMENT", "off")],
    );

    assert_eq!(run.status, 0, "{run:#?}");
    assert_eq!(run.calls, Vec::<Vec<String>>::new());
    assert_eq!(run.summary, report(&repo, "base", "markdown"));
    assert_eq!(run.output("changes"), Some("1"));
    assert_eq!(run.output("comment-url"), None);
    assert_eq!(run.stdout, "");
}

#[test]
fn action_comment_new_in_markdown_adds_the_marker_and_does_not_search() {
    let repo = fixture_repo();
    let runner = Runner::new();
    runner.comments(&[comment(5, "github-actions[bot]", "<!-- navdiff -->\nold")]);
    let run = runner.run(
        repo.path(),
        &[
            ("INPUT_BASE", "base"),
            ("INPUT_COMMENT", "new"),
            ("INPUT_FORMAT", "markdown"),
        ],
    );

    assert_eq!(run.status, 0, "{run:#?}");
    assert_eq!(run.calls, vec![post_call()]);
    let markdown = report(&repo, "base", "markdown");
    assert_eq!(run.body(1), format!("<!-- navdiff -->\n{markdown}"));
    assert_eq!(run.summary, markdown);
}

#[test]
fn action_on_a_read_only_token_says_so_and_passes() {
    let repo = fixture_repo();
    let runner = Runner::new();
    fs::write(
        runner.gh().join("write-error"),
        "HTTP 403: Resource not accessible by integration (https://api.github.com/repos/octo/docs/issues/7/comments)\n",
    )
    .expect("write error");
    let run = runner.run(repo.path(), &[("INPUT_BASE", "base")]);

    assert_eq!(run.status, 0, "{run:#?}");
    assert_eq!(run.calls, vec![list_call(), post_call()]);
    assert_eq!(
        run.summary,
        format!(
            "{}\n> [!NOTE]\n> navdiff could not post the pull-request comment (<code>HTTP 403: Resource not accessible by integration (https://api.github.com/repos/octo/docs/issues/7/comments)</code>). Pull requests from forks run with a read-only token, so this is expected there; the report above is complete.\n",
            report(&repo, "base", "markdown")
        )
    );
    assert_eq!(
        run.stdout,
        "::warning title=navdiff::could not post the pull-request comment: HTTP 403: Resource not accessible by integration (https://api.github.com/repos/octo/docs/issues/7/comments)\n"
    );
    assert_eq!(run.output("comment-url"), None);
}

#[test]
fn action_rejects_a_bad_input_before_running() {
    let repo = fixture_repo();
    let runner = Runner::new();
    let run = runner.run(
        repo.path(),
        &[("INPUT_BASE", "base"), ("INPUT_COMMENT", "always")],
    );

    assert_eq!(run.status, 2, "{run:#?}");
    assert_eq!(run.calls, Vec::<Vec<String>>::new());
    assert_eq!(
        run.stdout,
        "::error title=navdiff::the comment input must be `update`, `new` or `off`, not `always`\n"
    );
    assert_eq!(
        run.summary,
        "### navdiff could not run\n\nthe comment input must be `update`, `new` or `off`, not `always`\n"
    );
}

/// Runs `git ARGS…` in `dir`, without the user's configuration.
fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .expect("UTF-8")
        .trim()
        .to_string()
}

/// An origin where main gains a FAQ page after `feature` forked from it, and `feature` drops
/// Deploy; returns it with the fork point.
fn forked_origin() -> (TestRepo, String) {
    let mut origin = TestRepo::new();
    let fork_point = origin.commit(
        "docs",
        &[
            ("mkdocs.yml", Some(OLD_NAV)),
            ("docs/index.md", Some("# Home\n")),
        ],
    );
    {
        let fork = origin.repo.find_commit(fork_point).expect("commit");
        origin.repo.branch("feature", &fork, false).expect("branch");
        origin.repo.branch("main", &fork, true).expect("branch");
    }
    origin.repo.set_head("refs/heads/main").expect("set head");
    origin.commit(
        "faq",
        &[("mkdocs.yml", Some(&format!("{OLD_NAV}  - FAQ: faq.md\n")))],
    );
    origin
        .repo
        .set_head("refs/heads/feature")
        .expect("set head");
    origin.commit("drop deploy", &[("mkdocs.yml", Some(NEW_NAV))]);
    origin.commit("retitle", &[("docs/index.md", Some("# Welcome\n"))]);
    (origin, fork_point.to_string())
}

/// A shallow clone (`--depth 1`) of `branch`, as actions/checkout makes one.
fn shallow_clone(origin: &TestRepo, branch: &str) -> (TempDir, PathBuf) {
    let checkout = tempfile::tempdir().expect("temp dir");
    let url = format!("file://{}", origin.arg());
    git(
        checkout.path(),
        &[
            "clone", "--quiet", "--depth", "1", "--branch", branch, &url, "ws",
        ],
    );
    let ws = checkout.path().join("ws");
    assert_eq!(git(&ws, &["rev-parse", "--is-shallow-repository"]), "true");
    (checkout, ws)
}

/// What the summary says for the forked origin, against its merge base.
fn forked_summary(fork_id: &str, new_label: &str) -> String {
    // Only the branch's own change: not main's new FAQ page. The fixture has no page files.
    let short = &fork_id[..7];
    format!(
        "**1 removed** (`{short}` → `{new_label}`)\n\n### Removed\n\n- Guide › Deploy `guide/deploy.md`\n\n\
         ### Needs a redirect\n\n- Guide › Deploy: `/guide/deploy/` (removed; no successor evident)\n\n\
         _Pages were told apart by their targets and titles only (no page files were compared)._\n"
    )
}

#[test]
fn action_defaults_to_the_merge_base_from_a_shallow_checkout() {
    let (origin, fork_id) = forked_origin();
    let (_checkout, ws) = shallow_clone(&origin, "feature");

    let runner = Runner::new();
    let run = runner.run(
        &ws,
        &[("GITHUB_BASE_REF", "main"), ("INPUT_COMMENT", "off")],
    );

    assert_eq!(run.status, 0, "{run:#?}");
    assert_eq!(run.output("base"), Some(fork_id.as_str()));
    assert_eq!(run.summary, forked_summary(&fork_id, "HEAD"));
    assert_eq!(run.output("changes"), Some("1"));
}

#[test]
fn action_on_pull_request_target_diffs_the_fetched_head_from_a_base_checkout() {
    // As docs/github-pull-requests.md does it: check out the base, fetch the pull request.
    let (origin, fork_id) = forked_origin();
    let (_checkout, ws) = shallow_clone(&origin, "main");
    git(
        &ws,
        &[
            "fetch",
            "--quiet",
            "--no-tags",
            "--depth=50",
            "origin",
            "+refs/heads/feature:refs/remotes/pull/7/head",
        ],
    );

    let runner = Runner::new();
    let head = "refs/remotes/pull/7/head";
    let run = runner.run(
        &ws,
        &[
            ("GITHUB_BASE_REF", "main"),
            ("INPUT_HEAD", head),
            ("INPUT_COMMENT", "off"),
        ],
    );

    assert_eq!(run.status, 0, "{run:#?}");
    assert_eq!(run.output("base"), Some(fork_id.as_str()));
    assert_eq!(run.summary, forked_summary(&fork_id, head));
}

// --- install.sh ----------------------------------------------------------------------------

/// A release folder laid out as GitHub serves one: `download/vX/ARCHIVE` and its `.sha256`.
fn fake_release(dir: &Path, version: &str, checksum_ok: bool) {
    let target = "x86_64-unknown-linux-musl";
    let release = dir.join(format!("download/v{version}"));
    let package = release.join(format!("navdiff-{target}"));
    fs::create_dir_all(&package).expect("mkdir");
    let bin = package.join("navdiff");
    fs::write(&bin, "#!/bin/sh\necho 'navdiff 9.9.9 (stand-in)'\n").expect("write");
    make_executable(&bin);
    let archive = format!("navdiff-{target}.tar.gz");
    let status = Command::new("tar")
        .args(["-czf", &archive, &format!("navdiff-{target}")])
        .current_dir(&release)
        .status()
        .expect("tar");
    assert!(status.success());
    fs::remove_dir_all(&package).expect("rm");
    let sum = Command::new("sha256sum")
        .arg(&archive)
        .current_dir(&release)
        .output()
        .expect("sha256sum");
    let mut line = String::from_utf8(sum.stdout).expect("UTF-8");
    if !checksum_ok {
        line = format!("{}{}", "0".repeat(64), &line[64..]);
    }
    fs::write(release.join(format!("{archive}.sha256")), line).expect("write");
}

/// Runs `bash action/install.sh` for a Linux x64 runner against the release folder `releases`.
fn install(releases: &Path, version: &str) -> (i32, BTreeMap<String, String>, String, String) {
    let runner = tempfile::tempdir().expect("temp dir");
    let outputs = runner.path().join("outputs");
    let path_file = runner.path().join("path");
    let out = Command::new("bash")
        .arg(root().join("action/install.sh"))
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", runner.path())
        .env("RUNNER_OS", "Linux")
        .env("RUNNER_ARCH", "X64")
        .env("RUNNER_TEMP", runner.path())
        .env("GITHUB_OUTPUT", &outputs)
        .env("GITHUB_PATH", &path_file)
        .env("GITHUB_ACTION_PATH", root())
        .env("INPUT_VERSION", version)
        .env(
            "NAVDIFF_RELEASES_URL",
            format!("file://{}", releases.display()),
        )
        .output()
        .expect("run bash");
    let outputs: BTreeMap<String, String> = fs::read_to_string(&outputs)
        .unwrap_or_default()
        .lines()
        .map(|line| {
            let (name, value) = line.split_once('=').expect("name=value");
            (name.to_string(), value.to_string())
        })
        .collect();
    let mut bin_output = String::new();
    if let Some(bin) = outputs.get("bin") {
        let ran = Command::new(bin)
            .output()
            .expect("run the installed binary");
        bin_output = String::from_utf8(ran.stdout).expect("UTF-8");
        let on_path = fs::read_to_string(&path_file).expect("GITHUB_PATH");
        assert_eq!(
            on_path.trim_end(),
            Path::new(bin)
                .parent()
                .expect("folder")
                .to_str()
                .expect("UTF-8")
        );
    }
    (
        out.status.code().expect("status"),
        outputs,
        String::from_utf8(out.stdout).expect("UTF-8"),
        bin_output,
    )
}

fn own_version() -> String {
    let manifest: toml::Table = fs::read_to_string(root().join("Cargo.toml"))
        .expect("Cargo.toml")
        .parse()
        .expect("TOML");
    manifest["package"]["version"]
        .as_str()
        .expect("version")
        .to_string()
}

#[test]
fn action_installs_the_release_archive_of_its_own_version() {
    let releases = tempfile::tempdir().expect("temp dir");
    fake_release(releases.path(), &own_version(), true);
    let (status, outputs, stdout, ran) = install(releases.path(), "");
    assert_eq!(status, 0, "{stdout}");
    assert_eq!(outputs["installed"], "true");
    assert!(outputs["bin"].ends_with("/navdiff-x86_64-unknown-linux-musl/navdiff"));
    assert_eq!(ran, "navdiff 9.9.9 (stand-in)\n");
    assert_eq!(stdout, "");
}

#[test]
fn action_builds_from_source_when_the_archive_is_missing_or_does_not_match() {
    let releases = tempfile::tempdir().expect("temp dir");
    fake_release(releases.path(), "0.0.1", false);
    for (version, reason) in [
        (
            "0.0.1",
            "navdiff-x86_64-unknown-linux-musl.tar.gz does not match its SHA-256 checksum",
        ),
        (
            "v0.0.2",
            "no release archive navdiff-x86_64-unknown-linux-musl.tar.gz for version 0.0.2",
        ),
    ] {
        let (status, outputs, stdout, _) = install(releases.path(), version);
        assert_eq!(status, 0, "{stdout}");
        assert_eq!(
            stdout,
            format!(
                "::notice title=navdiff::{reason}: building navdiff from source (a few minutes; cached for later runs)\n"
            )
        );
        assert_eq!(
            outputs.keys().collect::<Vec<_>>(),
            ["cache-key", "installed", "root"]
        );
        assert_eq!(outputs["installed"], "false");
        let version = version.trim_start_matches('v');
        assert_eq!(
            outputs["cache-key"],
            format!("navdiff-Linux-X64-crates-io-{version}")
        );
    }
}

// --- the YAML of the action and the workflows -----------------------------------------------

fn load(relative: &str) -> Yaml {
    let text = fs::read_to_string(root().join(relative)).expect("read YAML");
    yaml::load(&text).unwrap_or_else(|e| panic!("{relative}: {e}"))
}

/// The workflow files, with action.yml.
fn workflow_files() -> Vec<String> {
    let mut files = vec!["action.yml".to_string()];
    for entry in fs::read_dir(root().join(".github/workflows")).expect("workflows") {
        let path = entry.expect("entry").path();
        if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("yml") || e.eq_ignore_ascii_case("yaml"))
        {
            let name = path.file_name().expect("name").to_str().expect("UTF-8");
            files.push(format!(".github/workflows/{name}"));
        }
    }
    files.sort();
    files
}

/// Every `${{ … }}` expression in `text`, trimmed.
fn expressions(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("${{") {
        let after = &rest[start + 3..];
        let end = after.find("}}").expect("a closed expression");
        found.push(after[..end].trim().to_string());
        rest = &after[end + 2..];
    }
    found
}

/// Every name after `prefix` in `text`, made of the characters `allowed` accepts
/// (`inputs.` → the input names used).
fn names_after(text: &str, prefix: &str, allowed: fn(char) -> bool) -> BTreeSet<String> {
    text.match_indices(prefix)
        .map(|(at, _)| {
            text[at + prefix.len()..]
                .chars()
                .take_while(|&c| allowed(c))
                .collect()
        })
        .collect()
}

/// A character of an input's name.
fn input_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

/// A character of an environment variable's name.
fn env_char(c: char) -> bool {
    c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'
}

#[test]
fn action_yml_declares_the_inputs_it_uses_and_uses_those_it_declares() {
    let action = load("action.yml");
    let inputs = action.get("inputs").expect("inputs");
    let declared: BTreeSet<String> = inputs.keys().into_iter().map(String::from).collect();
    assert_eq!(
        declared,
        [
            "args",
            "base",
            "comment",
            "comment-author",
            "fail-on",
            "format",
            "head",
            "nav",
            "token",
            "version"
        ]
        .into_iter()
        .map(String::from)
        .collect()
    );
    for (name, default) in [
        ("base", ""),
        ("head", "HEAD"),
        ("format", "github"),
        ("comment", "update"),
        ("comment-author", "github-actions[bot]"),
        ("token", "${{ github.token }}"),
    ] {
        let input = inputs.get(name).expect("input");
        assert_eq!(input.str("default"), Some(default), "default of {name}");
        assert!(
            input.str("description").is_some(),
            "{name} has a description"
        );
    }

    let text = fs::read_to_string(root().join("action.yml")).expect("read");
    let used: BTreeSet<String> = expressions(&text)
        .iter()
        .flat_map(|e| names_after(e, "inputs.", input_char))
        .collect();
    assert_eq!(used, declared, "inputs used in expressions");

    // Every input reaches the script under the INPUT_ name that it reads.
    let steps = action
        .get("runs")
        .and_then(|r| r.get("steps"))
        .expect("steps");
    let run_step = steps
        .items()
        .into_iter()
        .find(|s| s.str("id") == Some("run"))
        .expect("the run step");
    let env = run_step.get("env").expect("env");
    let script = fs::read_to_string(root().join("action/run.sh")).expect("run.sh");
    let read_by_script: BTreeSet<String> = names_after(&script, "INPUT_", env_char)
        .into_iter()
        .map(|n| format!("INPUT_{n}"))
        .collect();
    let given: BTreeSet<String> = env
        .keys()
        .into_iter()
        .filter(|k| k.starts_with("INPUT_"))
        .map(String::from)
        .collect();
    assert_eq!(given, read_by_script);
    for key in &given {
        let input = key
            .trim_start_matches("INPUT_")
            .to_lowercase()
            .replace('_', "-");
        assert_eq!(
            env.str(key),
            Some(format!("${{{{ inputs.{input} }}}}").as_str()),
            "{key}"
        );
    }

    // Every output comes from a step output that the scripts write.
    let outputs = action.get("outputs").expect("outputs");
    for name in outputs.keys() {
        let value = outputs.get(name).and_then(|o| o.str("value"));
        assert_eq!(
            value,
            Some(format!("${{{{ steps.run.outputs.{name} }}}}").as_str())
        );
        assert!(
            script.contains(&format!("output {name} ")),
            "run.sh writes the output {name}"
        );
    }
}

#[test]
fn workflows_pass_values_through_env_never_into_run_lines() {
    for file in workflow_files() {
        let doc = load(&file);
        let mut steps = Vec::new();
        if let Some(runs) = doc.get("runs") {
            assert_eq!(runs.str("using"), Some("composite"), "{file}");
            steps.extend(runs.get("steps").expect("steps").items());
        }
        if let Some(jobs) = doc.get("jobs") {
            for job in jobs.keys() {
                let job = jobs.get(job).expect("job");
                steps.extend(job.get("steps").expect("steps").items());
            }
        }
        assert!(!steps.is_empty(), "{file} has steps");
        for step in steps {
            let Some(run) = step.str("run") else {
                let uses = step.str("uses").expect("a step runs or uses");
                assert!(uses.contains("@v"), "{file}: {uses} is pinned to a version");
                continue;
            };
            assert!(
                !run.contains("${{"),
                "{file}: an expression in a run line; pass it through env:\n{run}"
            );
            assert_eq!(step.str("shell"), Some("bash"), "{file}: {run}");
        }
    }
}

/// Expands a binstall template (`{ name }`, `{ target }`, …).
fn binstall(template: &str, target: &str) -> String {
    template
        .replace("{ repo }", "https://github.com/octo/navdiff")
        .replace("{ version }", "1.2.3")
        .replace("{ name }", "navdiff")
        .replace("{ bin }", "navdiff")
        .replace("{ target }", target)
        .replace(
            "{ binary-ext }",
            if target.contains("windows") {
                ".exe"
            } else {
                ""
            },
        )
}

#[test]
fn release_archives_are_the_names_binstall_and_the_action_look_for() {
    let manifest: toml::Table = fs::read_to_string(root().join("Cargo.toml"))
        .expect("Cargo.toml")
        .parse()
        .expect("TOML");
    let meta = manifest["package"]["metadata"]["binstall"]
        .as_table()
        .expect("[package.metadata.binstall]");
    let install = fs::read_to_string(root().join("action/install.sh")).expect("install.sh");

    let release = load(".github/workflows/release.yml");
    let tags = release
        .get("on")
        .and_then(|on| on.get("push"))
        .and_then(|push| push.get("tags"))
        .expect("on.push.tags");
    assert_eq!(
        tags.items().iter().map(|t| t.as_str()).collect::<Vec<_>>(),
        [Some("v*")]
    );
    let build = release
        .get("jobs")
        .and_then(|j| j.get("build"))
        .expect("build job");
    let package = build
        .get("env")
        .and_then(|e| e.str("PACKAGE"))
        .expect("env.PACKAGE");
    let matrix = build
        .get("strategy")
        .and_then(|s| s.get("matrix"))
        .and_then(|m| m.get("include"))
        .expect("matrix.include")
        .items();
    let targets: BTreeSet<&str> = matrix.iter().filter_map(|m| m.str("target")).collect();
    for wanted in [
        "x86_64-unknown-linux-musl",
        "aarch64-unknown-linux-musl",
        "x86_64-apple-darwin",
        "aarch64-apple-darwin",
        "x86_64-pc-windows-msvc",
    ] {
        assert!(targets.contains(wanted), "the release builds {wanted}");
    }

    for entry in matrix {
        let target = entry.str("target").expect("target");
        let archive = entry.str("archive").expect("archive");
        let folder = package.replace("${{ matrix.target }}", target);
        assert_eq!(folder, format!("navdiff-{target}"));

        let overrides = meta
            .get("overrides")
            .and_then(|o| o.get(target))
            .and_then(toml::Value::as_table);
        let key = |name: &str| {
            overrides
                .and_then(|o| o.get(name))
                .or_else(|| meta.get(name))
                .and_then(toml::Value::as_str)
                .unwrap_or_else(|| panic!("binstall {name} for {target}"))
        };
        assert_eq!(
            binstall(key("pkg-url"), target),
            format!("https://github.com/octo/navdiff/releases/download/v1.2.3/{folder}.{archive}"),
            "pkg-url for {target}"
        );
        let exe = if target.contains("windows") {
            ".exe"
        } else {
            ""
        };
        assert_eq!(
            binstall(key("bin-dir"), target),
            format!("{folder}/navdiff{exe}"),
            "bin-dir for {target}"
        );
        let format = match archive {
            "tar.gz" => "tgz",
            "zip" => "zip",
            other => panic!("unexpected archive {other}"),
        };
        assert_eq!(key("pkg-fmt"), format, "pkg-fmt for {target}");

        // action/install.sh maps a runner to this target and downloads the same name.
        assert!(
            install.contains(&format!(") target={target}")),
            "install.sh knows {target}"
        );
        assert!(
            install.contains(&format!("archive=\"navdiff-$target.{archive}\"")),
            "install.sh downloads .{archive}"
        );
    }
}

/// Every mapping in `node`, depth first.
fn mappings<'y>(node: &'y Yaml, found: &mut Vec<&'y Yaml>) {
    match node {
        Yaml::Map(entries) => {
            found.push(node);
            for (_, value) in entries {
                mappings(value, found);
            }
        }
        Yaml::Seq(items) => {
            for item in items {
                mappings(item, found);
            }
        }
        Yaml::Scalar(_) => {}
    }
}

#[test]
fn the_documented_workflows_use_declared_inputs_and_keep_expressions_out_of_run_lines() {
    let action = load("action.yml");
    let declared = action.get("inputs").expect("inputs").keys();
    let docs = fs::read_to_string(root().join("docs/github-pull-requests.md")).expect("docs");
    let mut uses_of_the_action = 0;
    for block in docs.split("```yaml\n").skip(1) {
        let block = block.split("```").next().expect("a closed block");
        let doc = yaml::load(block).unwrap_or_else(|e| panic!("{e}:\n{block}"));
        let mut found = Vec::new();
        mappings(&doc, &mut found);
        for step in found {
            if step
                .str("uses")
                .is_some_and(|u| u.starts_with("OWNER/navdiff@"))
            {
                uses_of_the_action += 1;
                for key in step.get("with").map(Yaml::keys).unwrap_or_default() {
                    assert!(declared.contains(&key), "`{key}` is not an input:\n{block}");
                }
            }
            if let Some(run) = step.str("run") {
                assert!(!run.contains("${{"), "an expression in a run line:\n{run}");
            }
        }
    }
    assert_eq!(uses_of_the_action, 4);
}
