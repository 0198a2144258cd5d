//! The HTML page in headless Chromium (driven over the `DevTools` protocol), as a reviewer
//! uses it: it opens folded, its pills count what the diff counts, stepping visits every
//! change of a kind in page order, the filter hides what does not match, "everything"
//! unfolds, moved nodes link their places, and nothing is fetched. Its markup is snapshot
//! with the other reports (`report::html`).

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::cdp::{Browser, chromium};
use crate::support::cmd::{arg, navdiff};
use crate::support::fixture;

fn every_kind() -> (String, String) {
    let old = fixture("diff/every-kind/old/mkdocs.yml");
    let new = fixture("diff/every-kind/new/mkdocs.yml");
    (arg(&old).to_owned(), arg(&new).to_owned())
}

fn liveperson() -> (String, String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots");
    (
        arg(&root.join("liveperson-v3.json")).to_owned(),
        arg(&root.join("liveperson-v7.json")).to_owned(),
    )
}

/// Writes the page for `old` → `new` into `dir`.
fn page(old: &str, new: &str, dir: &Path) -> PathBuf {
    let path = dir.join("report.html");
    navdiff(&["diff", old, new, "-f", "html", "-o", arg(&path)]).assert_code(0);
    path
}

/// The diff as JSON.
fn json(old: &str, new: &str) -> Value {
    let out = navdiff(&["diff", old, new, "-f", "json"]);
    out.assert_code(0);
    serde_json::from_str(&out.stdout).expect("JSON")
}

/// `html` with the style sheet, the script and their hashes left out: what the markup
/// snapshot reviews is the markup.
pub fn markup_only(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    for (open, close, stand_in) in [
        ("<style>", "</style>", "[html.css]"),
        ("<script>", "</script>", "[html.js]"),
    ] {
        let start = rest.find(open).expect("the element") + open.len();
        let end = start + rest[start..].find(close).expect("its end");
        out.push_str(&rest[..start]);
        out.push_str(stand_in);
        rest = &rest[end..];
    }
    out.push_str(rest);
    let mut redacted = String::new();
    for (i, part) in out.split("'sha256-").enumerate() {
        if i == 0 {
            redacted.push_str(part);
        } else {
            let end = part.find('\'').expect("a hash ends");
            redacted.push_str("'sha256-[hash]");
            redacted.push_str(&part[end..]);
        }
    }
    redacted
}

#[test]
fn no_changes_fold_everything() {
    let (old, _) = every_kind();
    let out = navdiff(&["diff", &old, &old, "-f", "html"]);
    out.assert_code(0);
    let html = out.stdout;
    assert!(html.contains("<p class=\"none\">No structural changes.</p>"));
    assert!(!html.contains("class=\"pills"), "no pills without changes");
    assert!(!html.contains("id=\"next\""), "nothing to step through");
    // Top-level entries: 7 rows at depth 0, their children in the same fold.
    assert_eq!(
        html.matches("<button type=\"button\" class=\"fold\"")
            .count(),
        1
    );
    assert!(
        html.contains("data-n=\"15\" data-what=\"unchanged\">… 15 unchanged</button>"),
        "{html}"
    );
}

/// With reorders not reported, the rows still align the most siblings that kept their
/// order, and a sibling shown at its new place links to its old one.
#[test]
fn ignored_reorders_align_the_most_siblings() {
    let (old, new) = every_kind();
    let out = navdiff(&["diff", &old, &new, "-f", "html", "--ignore-reorders"]);
    out.assert_code(0);
    let rows: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| l.starts_with("<tr id=") || l.starts_with("<td"))
        .collect();
    let at = rows
        .iter()
        .position(|l| l.starts_with("<tr id=\"r2\""))
        .expect("row 2");
    assert_eq!(
        rows[at..at + 10],
        [
            "<tr id=\"r2\" class=\"both\" data-p=\"1\">",
            "<td class=\"d1 here\" title=\"shown beside its new place\"><span class=\"title\">First project</span> <code class=\"target\">start/first.md</code></td>",
            "<td class=\"d1\"><span class=\"title\">First project</span> <code class=\"target\">start/first.md</code> <a class=\"partner\" href=\"#r5\" title=\"Getting started › First project\">← old place</a></td>",
            "<tr id=\"r3\" class=\"both\" data-p=\"1\">",
            "<td class=\"d1\"><span class=\"title\">Install</span> <code class=\"target\">start/install.md</code></td>",
            "<td class=\"d1\"><span class=\"title\">Install</span> <code class=\"target\">start/install.md</code></td>",
            "<tr id=\"r4\" class=\"both\" data-p=\"1\" data-step=\"renamed\">",
            "<td class=\"d1\"><span class=\"title chg\">Setup</span> <code class=\"target\">start/setup.md</code></td>",
            "<td class=\"d1\"><span class=\"title chg\">Configuration</span> <code class=\"target\">start/setup.md</code> <span class=\"badge k-renamed\">renamed</span></td>",
            "<tr id=\"r5\" class=\"away\" data-p=\"1\">",
        ]
    );
    assert!(
        rows[at + 10].contains("First project</span> <code class=\"target\">start/first.md</code> <a class=\"partner\" href=\"#r2\" title=\"Getting started › First project\">→ new place</a>"),
        "{}",
        rows[at + 10]
    );
}

/// An added or removed subtree shows its top and the level below it; deeper levels fold
/// into "… N more added" (or removed), on the side they are on.
#[test]
fn deep_added_and_removed_subtrees_fold_below_their_first_level() {
    let dir = tempfile::tempdir().expect("temp dir");
    let old = dir.path().join("old.md");
    let new = dir.path().join("new.md");
    std::fs::write(
        &old,
        "- Home\n- Guide\n  - Old page\n    - Deep old\n    - Deeper old\n",
    )
    .expect("write");
    std::fs::write(
        &new,
        "- Home\n- Reference\n  - API\n    - Client\n    - Server\n  - CLI\n",
    )
    .expect("write");
    let out = navdiff(&[
        "diff",
        arg(&old),
        arg(&new),
        "--nav-format",
        "outline",
        "-f",
        "html",
    ]);
    out.assert_code(0);
    let folds: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| l.starts_with("<tbody class=\"fold\">"))
        .collect();
    assert_eq!(
        folds,
        [
            "<tbody class=\"fold\"><tr><td class=\"d2 removed\"><button type=\"button\" class=\"fold\" aria-expanded=\"false\" aria-controls=\"g0\" data-n=\"2\" data-what=\"more removed\">… 2 more removed</button></td><td class=\"empty\"></td></tr></tbody>",
            "<tbody class=\"fold\"><tr><td class=\"empty\"></td><td class=\"d2 added\"><button type=\"button\" class=\"fold\" aria-expanded=\"false\" aria-controls=\"g1\" data-n=\"2\" data-what=\"more added\">… 2 more added</button></td></tr></tbody>",
        ]
    );
    // The folded rows are the grandchildren: Deep old, Deeper old, Client, Server.
    for (group, titles) in [
        ("g0", ["Deep old", "Deeper old"]),
        ("g1", ["Client", "Server"]),
    ] {
        let start = out
            .stdout
            .find(&format!("<tbody class=\"gb\" id=\"{group}\">"))
            .expect("group");
        let body = &out.stdout[start..start + out.stdout[start..].find("</tbody>").expect("end")];
        for t in titles {
            assert!(
                body.contains(&format!("<span class=\"title\">{t}</span>")),
                "{group}: {body}"
            );
        }
        assert_eq!(body.matches("<tr ").count(), 2, "{body}");
    }
}

/// What the page says about its state: the current row, the position text, what is shown.
const STATE: &str = r"(() => {
  const cur = document.querySelector('#rows tr.cur');
  const rect = cur ? cur.getBoundingClientRect() : null;
  const cell = cur ? (cur.cells[1].querySelector('.title') ? cur.cells[1] : cur.cells[0]) : null;
  return {
    cur: cur ? cur.id : null,
    title: cell ? cell.querySelector('.title').textContent : null,
    pos: document.getElementById('pos').textContent,
    inView: rect ? rect.top >= 0 && rect.bottom <= innerHeight && cur.offsetParent !== null : false,
    focused: document.activeElement === cur,
    active: document.activeElement ? document.activeElement.tagName + '#' + document.activeElement.id : null,
  };
})()";

/// The ids of the rows that are the place of a change of `kind`, in page order.
fn places(browser: &mut Browser, kind: &str) -> Vec<String> {
    let found = browser.eval(&format!(
        "[...document.querySelectorAll('#rows tr[data-step~=\"{kind}\"]')].map(r => r.id)"
    ));
    found
        .as_array()
        .expect("ids")
        .iter()
        .map(|v| v.as_str().expect("id").to_owned())
        .collect()
}

/// Node rows shown, node rows in all, fold lines shown.
fn shown(browser: &mut Browser) -> (u64, u64, u64) {
    let v = browser.eval(
        "(() => { const rows = [...document.querySelectorAll('#rows tr[id]')];
          const folds = [...document.querySelectorAll('#rows button.fold')];
          return [rows.filter(r => r.offsetParent !== null).length, rows.length,
                  folds.filter(b => b.offsetParent !== null).length]; })()",
    );
    let n = |i: usize| v[i].as_u64().expect("a count");
    (n(0), n(1), n(2))
}

#[test]
fn liveperson_v3_to_v7_in_chromium() {
    let Some(program) = chromium() else {
        eprintln!("SKIP liveperson_v3_to_v7_in_chromium: no chromium on this machine");
        return;
    };
    let (old, new) = liveperson();
    let diff = json(&old, &new);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = page(&old, &new, dir.path());
    let mut browser = Browser::open(program, &path);
    assert_eq!(browser.eval("document.body.dataset.ready"), "yes");
    let timing = browser.eval(
        "(() => { const t = performance.getEntriesByType('navigation')[0];
          return [t.domInteractive, t.domContentLoadedEventEnd, t.loadEventEnd].map(Math.round); })()",
    );
    eprintln!("LivePerson v3 → v7 page: DOM interactive, DOMContentLoaded, load (ms): {timing}");

    // Nothing but the page itself was requested.
    let requests = browser.requests();
    assert_eq!(requests, [format!("file://{}", path.display())]);

    // It opens folded: only changes, the rows above them, and fold lines.
    let (visible, total, folds) = shown(&mut browser);
    assert!(folds > 10, "{folds} fold lines");
    assert!(visible < total, "{visible} of {total} rows shown");
    let hidden_in_folds = browser.eval(
        "[...document.querySelectorAll('#rows button.fold')].reduce((n, b) => n + Number(b.dataset.n), 0)",
    );
    assert_eq!(hidden_in_folds.as_u64(), Some(total - visible));
    assert_eq!(
        browser.eval("[...document.querySelectorAll('#rows tr[data-step]')].every(r => r.offsetParent !== null)"),
        true,
        "every change is shown"
    );

    // The pills count what the diff counts, the page's rows agree, and every change of a
    // kind is visited in order, as the JSON lists them.
    let summary = diff["summary"].as_object().expect("summary");
    let pills = browser.eval(
        "[...document.querySelectorAll('button.pill')].map(p => [p.dataset.kind, p.textContent, p.dataset.count])",
    );
    let pills: Vec<(String, String, String)> =
        serde_json::from_value(pills).expect("kind, text, count");
    let with_changes: Vec<(&String, u64)> = summary
        .iter()
        .map(|(k, n)| (k, n.as_u64().expect("count")))
        .filter(|(_, n)| *n > 0)
        .collect();
    assert_eq!(pills.len(), with_changes.len() + 1, "{pills:?}");
    assert_eq!(pills[0].0, "all");
    for ((kind, text, count), (expected_kind, n)) in pills[1..].iter().zip(&with_changes) {
        assert_eq!(kind, *expected_kind);
        assert!(text.starts_with(&format!("{n} {kind}")), "{text}");
        assert_eq!(count, &n.to_string(), "{kind}: rows marked");
    }
    step_through_every_kind(&mut browser, &diff, &with_changes);
    // "All changes" steps through every changed row.
    browser.eval("document.querySelector('button.pill[data-kind=\"all\"]').click()");
    let all = browser.eval("[...document.querySelectorAll('#rows tr[data-step]')].map(r => r.id)");
    let all: Vec<String> = serde_json::from_value(all).expect("ids");
    let state = browser.eval(STATE);
    assert_eq!(state["cur"], all[0].as_str());
    assert_eq!(state["pos"], format!("1 / {} changed entries", all.len()));

    links_and_fold_lines(&mut browser);

    filter_by_title(&mut browser, total, all.len());
    // Escape clears it: folded again.
    browser.eval("document.getElementById('filter').focus()");
    browser.key("Escape");
    assert_eq!(browser.eval("document.getElementById('filter').value"), "");
    assert_eq!(shown(&mut browser).0, visible);

    // "Everything" unfolds every row; `e` folds them again.
    browser.eval("document.getElementById('everything').click()");
    assert_eq!(
        browser.eval("document.getElementById('everything').getAttribute('aria-pressed')"),
        "true"
    );
    let (all_shown, total_rows, folds_shown) = shown(&mut browser);
    assert_eq!((all_shown, folds_shown), (total_rows, 0));
    browser.key("e");
    assert_eq!(
        browser.eval("document.getElementById('everything').getAttribute('aria-pressed')"),
        "false"
    );
    assert!(shown(&mut browser).0 < total_rows);
}

/// Each pill steps through every change of its kind, in page order, with keys and buttons,
/// and wraps around.
fn step_through_every_kind(browser: &mut Browser, diff: &Value, with_changes: &[(&String, u64)]) {
    let keys = [("n", "j"), ("j", "n")];
    for (round, (kind, n)) in with_changes.iter().enumerate() {
        let mut titles: Vec<&str> = diff["changes"]
            .as_array()
            .expect("changes")
            .iter()
            .filter(|c| c["kind"] == kind.as_str())
            .map(|c| c["title"].as_str().expect("title"))
            .collect();
        assert_eq!(titles.len() as u64, *n);
        let expected = places(browser, kind);
        assert_eq!(expected.len() as u64, *n);
        browser.eval(&format!(
            "document.querySelector('button.pill[data-kind=\"{kind}\"]').click()"
        ));
        let mut visited = Vec::new();
        let mut visited_titles = Vec::new();
        for i in 0..*n {
            if i > 0 {
                // Keys, alternately, and the "next" button once in a while.
                let (a, b) = keys[round % 2];
                match i % 5 {
                    4 => {
                        browser.eval("document.getElementById('next').click()");
                    }
                    k if k % 2 == 0 => browser.key(a),
                    _ => browser.key(b),
                }
            }
            let state = browser.eval(STATE);
            assert_eq!(state["pos"], format!("{} / {n} {kind}", i + 1), "{state}");
            assert_eq!(state["inView"], true, "{kind} {i}: {state}");
            assert_eq!(state["focused"], true, "{kind} {i}: {state}");
            visited_titles.push(state["title"].as_str().expect("a title").to_owned());
            visited.push(state["cur"].as_str().expect("a row").to_owned());
        }
        // In page order (the JSON lists them in its own order): every change once.
        assert_eq!(visited, expected, "{kind}: every change, in page order");
        titles.sort_unstable();
        visited_titles.sort_unstable();
        assert_eq!(visited_titles, titles, "{kind}: the changes the JSON lists");
        // Past the last, it wraps; back again with `p`, and with `k`.
        browser.key("n");
        assert_eq!(browser.eval(STATE)["cur"], expected[0].as_str());
        browser.key(if round % 2 == 0 { "p" } else { "k" });
        assert_eq!(
            browser.eval(STATE)["cur"],
            expected[expected.len() - 1].as_str()
        );
    }
}

/// A moved node's places link to each other; a fold line opens its rows and closes them.
fn links_and_fold_lines(browser: &mut Browser) {
    // A moved node's places link to each other.
    let link = browser.eval(
        "(() => { const a = document.querySelector('#rows tr[data-step~=\"moved\"] a.partner');
          a.click(); return [a.closest('tr').id, a.getAttribute('href')]; })()",
    );
    let (from, to) = (
        link[0].as_str().expect("id"),
        link[1].as_str().expect("href"),
    );
    let state = browser.eval(STATE);
    assert_eq!(format!("#{}", state["cur"].as_str().expect("id")), to);
    assert_eq!(state["inView"], true);
    let back = browser.eval(&format!(
        "document.querySelector('#{} a.partner').getAttribute('href')",
        to.trim_start_matches('#')
    ));
    assert_eq!(back, format!("#{from}"));

    // A fold line opens its rows, and closes them again.
    let opened = browser.eval(
        "(() => { const b = document.querySelector('#rows button.fold');
          const rows = document.getElementById(b.getAttribute('aria-controls')).rows;
          const before = [...rows].filter(r => r.offsetParent !== null).length;
          b.click();
          const open = [...rows].filter(r => r.offsetParent !== null).length;
          const expanded = b.getAttribute('aria-expanded');
          b.click();
          return [before, open, rows.length, Number(b.dataset.n), expanded, b.getAttribute('aria-expanded')]; })()",
    );
    assert_eq!(opened[0], 0, "{opened}");
    assert_eq!(opened[1], opened[2], "{opened}");
    assert_eq!(opened[2], opened[3], "{opened}");
    assert_eq!(opened[4], "true");
    assert_eq!(opened[5], "false");
}

/// The filter, reached with `/`, hides the rows that do not match, keeps the rows above a
/// match, and shows matches in unchanged rows too; Enter steps through the changes shown.
fn filter_by_title(browser: &mut Browser, total: u64, changed_rows: usize) {
    browser.key("/");
    assert_eq!(browser.eval("document.activeElement.id"), "filter");
    browser.type_text("Authentication");
    let check = browser.eval(
        r"(() => {
          const q = 'authentication';
          const rows = [...document.querySelectorAll('#rows tr[id]')];
          const text = r => [...r.querySelectorAll('.title, .target')]
            .map(e => e.textContent).join('\n').toLowerCase();
          const keep = new Set();
          let matched = 0;
          for (const r of rows) {
            if (!text(r).includes(q)) continue;
            matched++;
            for (let at = r; at; at = at.dataset.p === undefined ? null : document.getElementById('r' + at.dataset.p)) keep.add(at.id);
          }
          const wrong = rows.filter(r => (r.offsetParent !== null) !== keep.has(r.id)).map(r => r.id);
          return { matched, kept: keep.size, wrong, said: document.getElementById('matches').textContent,
                   folds: [...document.querySelectorAll('#rows button.fold')].filter(b => b.offsetParent !== null).length };
        })()",
    );
    assert_eq!(check["wrong"], serde_json::json!([]), "{check}");
    let matched = check["matched"].as_u64().expect("count");
    assert!(matched >= 5 && matched < total / 10, "{check}");
    assert_eq!(check["said"], format!("{matched} entries match"));
    assert_eq!(check["folds"], 0, "no fold line while filtering");
    // Enter steps through the changes among the rows shown.
    browser.key("Enter");
    let state = browser.eval(STATE);
    let pos = state["pos"].as_str().expect("position");
    let among: usize = pos
        .split(" / ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .expect("a count");
    assert!(among > 0 && among < changed_rows, "{state}");
    assert_eq!(state["inView"], true, "{state}");
}

#[test]
fn hostile_titles_stay_text_in_chromium() {
    let Some(program) = chromium() else {
        eprintln!("SKIP hostile_titles_stay_text_in_chromium: no chromium on this machine");
        return;
    };
    let (old, new) = every_kind();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = page(&old, &new, dir.path());
    let mut browser = Browser::open(program, &path);
    assert_eq!(browser.eval("document.body.dataset.ready"), "yes");
    assert_eq!(browser.eval("document.scripts.length"), 1);
    assert_eq!(
        browser.eval("[...document.querySelectorAll('#rows .title')].some(t => t.textContent === 'Foo | <script>alert(1)</script> [x](javascript:y) \\\\u{1b}[31mred')"),
        true
    );
    // Renamed and relinked: both badges, each in its own kind's colour.
    let colours = browser.eval(
        "(() => { const c = k => getComputedStyle(document.querySelector('.badge.k-' + k)).backgroundColor;
          const row = [...document.querySelectorAll('#rows tr')].find(r => r.querySelectorAll('.badge').length === 2);
          return [...row.querySelectorAll('.badge')].map(b => [b.textContent, getComputedStyle(b).backgroundColor, c(b.textContent)]); })()",
    );
    let colours: Vec<(String, String, String)> = serde_json::from_value(colours).expect("badges");
    assert_eq!(
        colours.iter().map(|c| c.0.as_str()).collect::<Vec<_>>(),
        ["renamed", "relinked"]
    );
    assert_eq!(colours[0].1, "rgb(154, 103, 0)", "renamed");
    assert_eq!(colours[1].1, "rgb(130, 80, 223)", "relinked");
    // The policy forbids loading anything: a picture added to the page is not fetched.
    browser.eval(
        "new Promise(done => { const i = new Image(); i.onerror = i.onload = done; i.src = 'https://example.com/x.png'; document.body.append(i); })",
    );
    let requests = browser.requests();
    assert_eq!(
        requests,
        [
            format!("file://{}", path.display()),
            "https://example.com/x.png".to_owned()
        ]
    );
    let blocked: Vec<&Value> = browser
        .events
        .iter()
        .filter(|e| e["method"] == "Network.loadingFailed")
        .map(|e| &e["params"]["blockedReason"])
        .collect();
    assert_eq!(blocked, ["csp"], "the picture was blocked by the policy");
    assert!(
        !browser
            .events
            .iter()
            .any(|e| e["method"] == "Network.responseReceived"
                && e["params"]["response"]["url"] != format!("file://{}", path.display())),
        "nothing but the page was received"
    );
}

use crate::support::navgen;

/// A 10,000-node navigation with more than 1,000 changes: the page renders, loads and
/// answers in Chromium, folded. Timings are printed (`--nocapture`). The bounds are a
/// minute, Chromium's own patience here: with several builds sharing two cores, the
/// "everything" view's layout of 10,000 rows took from 4 to 13 s, while work quadratic in
/// the rows (a DOM query per row per row) takes far longer.
#[test]
fn a_big_restructure_in_chromium() {
    let Some(program) = chromium() else {
        eprintln!("SKIP a_big_restructure_in_chromium: no chromium on this machine");
        return;
    };
    let old = navgen::generate(10_000, 1);
    let new = navgen::edit(&old, 25, 2);
    let diff = navdiff::diff::diff(&old, &new, &navdiff::diff::DiffOptions::default());
    assert!(diff.changes.len() > 1_000, "{} changes", diff.changes.len());
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("big.html");
    let started = std::time::Instant::now();
    let mut html = Vec::new();
    navdiff::report::render(
        &navdiff::report::Report::new(&diff, &old, &new),
        navdiff::report::ReportFormat::Html,
        &navdiff::report::RenderOptions::default(),
        &mut html,
    )
    .expect("render");
    let render = started.elapsed();
    std::fs::write(&path, &html).expect("write");
    let started = std::time::Instant::now();
    let mut browser = Browser::open(program, &path);
    let open = started.elapsed();
    assert_eq!(browser.eval("document.body.dataset.ready"), "yes");
    let timing = browser.eval(
        "(() => { const t = performance.getEntriesByType('navigation')[0];
          return [t.domInteractive, t.domContentLoadedEventEnd, t.loadEventEnd].map(Math.round); })()",
    );
    let durations = browser.durations();
    // Interactions, timed in the page with the layout they cause.
    let interactions = browser.eval(
        r"(() => {
          const time = f => { const t = performance.now(); f(); document.body.offsetHeight; return Math.round(performance.now() - t); };
          const filter = document.getElementById('filter');
          const type = v => { filter.value = v; filter.dispatchEvent(new Event('input')); };
          const rows = document.querySelectorAll('#rows tr[id]').length;
          const steps = document.querySelectorAll('#rows tr[data-step]').length;
          const key = k => document.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true }));
          const shownAtOpen = [...document.querySelectorAll('#rows tr[id]')].filter(r => r.offsetParent !== null).length;
          const foldLines = [...document.querySelectorAll('#rows button.fold')].filter(b => b.offsetParent !== null).length;
          return {
            rows, steps, shownAtOpen, foldLines,
            firstFilter: time(() => type('overview')),
            filter: time(() => type('overview 1')),
            clear: time(() => type('')),
            everything: time(() => document.getElementById('everything').click()),
            changesOnly: time(() => document.getElementById('everything').click()),
            hundredSteps: time(() => { for (let i = 0; i < 100; i++) key('n'); }),
            pos: document.getElementById('pos').textContent,
          };
        })()",
    );
    eprintln!(
        "10,000 nodes, {} changes: {} bytes rendered in {render:?} (this build); Chromium opened it in {open:?}; DOM interactive, DOMContentLoaded, load (ms): {timing}; {durations:?}; interactions (ms): {interactions}",
        diff.changes.len(),
        html.len(),
    );
    let rows = interactions["rows"].as_u64().expect("rows");
    assert!(rows >= 10_000);
    // It opens folded: the changes and the rows above them, a fraction of the rows.
    let shown = interactions["shownAtOpen"].as_u64().expect("shown");
    assert!(shown < rows / 2, "{shown} of {rows} rows shown");
    assert!(
        interactions["foldLines"].as_u64() > Some(100),
        "{interactions}"
    );
    assert_eq!(
        interactions["pos"],
        format!("100 / {} changed entries", interactions["steps"])
    );
    let load = timing[2].as_f64().expect("load");
    assert!(load < 60_000.0, "the page loads in {load} ms");
    for what in [
        "firstFilter",
        "filter",
        "clear",
        "everything",
        "changesOnly",
        "hundredSteps",
    ] {
        let ms = interactions[what].as_f64().expect("ms");
        assert!(ms < 60_000.0, "{what}: {ms} ms");
    }
}
