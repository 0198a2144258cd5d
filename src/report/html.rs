//! One self-contained HTML page: the old and new trees side by side, changed nodes marked
//! by kind, moved nodes linked between their old and new place, collapsible sections and a
//! summary bar. Inline CSS and script; nothing is fetched. Every title and target is
//! escaped.

use std::collections::HashMap;
use std::io::{self, Write};

use crate::diff::{ChangeKind, Diff};
use crate::model::Node;
use crate::redirects::Coverage;
use crate::report::{Report, escape_html, identity_note, kind_heading};

const STYLE: &str = r"
:root { --added: #1a7f37; --removed: #cf222e; --moved: #0969da; --renamed: #9a6700; --relinked: #8250df; --reordered: #1b7c83; }
body { font: 14px/1.5 system-ui, sans-serif; margin: 0; color: #1f2328; background: #fff; }
header { position: sticky; top: 0; background: #f6f8fa; border-bottom: 1px solid #d0d7de; padding: 8px 16px; z-index: 1; }
h1 { font-size: 18px; margin: 0 0 4px; } h2 { font-size: 15px; margin: 0 0 8px; }
.summary { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
.summary button { border: 1px solid #d0d7de; border-radius: 12px; background: #fff; padding: 2px 10px; cursor: pointer; }
.summary button.kind { color: #fff; border: none; }
.trees { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; padding: 16px; }
.tree ul { list-style: none; padding-left: 18px; margin: 0; }
.tree > ul { padding-left: 0; }
li { margin: 1px 0; border-left: 3px solid transparent; padding-left: 4px; }
summary { cursor: pointer; }
code { font-size: 12px; color: #57606a; }
.badge { font-size: 11px; border-radius: 8px; padding: 0 6px; color: #fff; margin-left: 4px; }
.was { text-decoration: line-through; color: #57606a; margin-left: 4px; }
.none { color: #57606a; }
.note { color: #57606a; margin: 4px 0 0; font-size: 12px; }
.focus { outline: 2px solid #fb8500; }
.badge.redirected { background: #57606a; }
section.redirects { padding: 0 16px 16px; }
";

const SCRIPT: &str = r#"
(function () {
  document.querySelectorAll('button.kind').forEach(function (b) {
    var first = document.querySelector('li[data-kinds~="' + b.dataset.kind + '"]');
    b.dataset.count = document.querySelectorAll('li[data-kinds~="' + b.dataset.kind + '"]').length;
    b.addEventListener('click', function () {
      if (!first) return;
      var d = first.parentElement;
      while (d) { if (d.tagName === 'DETAILS') d.open = true; d = d.parentElement; }
      document.querySelectorAll('.focus').forEach(function (e) { e.classList.remove('focus'); });
      first.classList.add('focus');
      first.scrollIntoView({ block: 'center' });
    });
  });
  function all(open) { document.querySelectorAll('details').forEach(function (d) { d.open = open; }); }
  document.getElementById('expand').addEventListener('click', function () { all(true); });
  document.getElementById('collapse').addEventListener('click', function () { all(false); });
  document.body.dataset.ready = 'yes';
})();
"#;

/// What happened to one node of one tree.
#[derive(Default)]
struct Mark {
    kinds: Vec<ChangeKind>,
    /// The node's number in the other tree, for moved nodes.
    partner: Option<usize>,
    old_title: Option<String>,
    old_target: Option<String>,
    /// A removed page whose every old URL a redirect covers.
    redirected: bool,
}

pub(super) fn render(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let diff = report.diff;
    let (old_marks, new_marks) = marks(diff, report.redirects);
    let title = format!("navdiff: {} → {}", diff.old.label, diff.new.label);
    writeln!(
        out,
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">"
    )?;
    writeln!(
        out,
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    )?;
    writeln!(
        out,
        "<title>{}</title>\n<style>{STYLE}",
        escape_html(&title)
    )?;
    for kind in ChangeKind::ALL {
        let k = kind.name();
        writeln!(
            out,
            ".{k} > .badge, .{k} > details > summary > .badge, button.{k} {{ background: var(--{k}); }} li.{k} {{ border-left-color: var(--{k}); }}"
        )?;
    }
    writeln!(
        out,
        "</style>\n</head>\n<body>\n<header>\n<h1>Navigation changes</h1>"
    )?;
    writeln!(
        out,
        "<p class=\"sides\"><b>{}</b> ({} nodes) → <b>{}</b> ({} nodes)</p>",
        escape_html(&diff.old.label),
        diff.old.nodes,
        escape_html(&diff.new.label),
        diff.new.nodes
    )?;
    writeln!(out, "<nav class=\"summary\" id=\"summary\">")?;
    if diff.is_empty() {
        writeln!(out, "<span class=\"none\">No structural changes.</span>")?;
    }
    for kind in ChangeKind::ALL {
        // Buttons filter nodes by kind: a page renamed and relinked counts for both.
        let n = diff.changes.iter().filter(|c| c.is(kind)).count();
        if n > 0 {
            writeln!(
                out,
                "<button class=\"kind {k}\" data-kind=\"{k}\">{n} {k}</button>",
                k = kind.name()
            )?;
        }
    }
    writeln!(
        out,
        "<button id=\"expand\">Expand all</button><button id=\"collapse\">Collapse all</button>\n</nav>"
    )?;
    if let Some(note) = identity_note(diff) {
        writeln!(out, "<p class=\"note\">{}</p>", escape_html(note))?;
    }
    writeln!(out, "</header>")?;
    writeln!(out, "<main class=\"trees\">")?;
    for (side, label, roots, marks) in [
        ("old", "Old", &report.old.roots, &old_marks),
        ("new", "New", &report.new.roots, &new_marks),
    ] {
        writeln!(
            out,
            "<section class=\"tree {side}\" id=\"{side}\">\n<h2>{label}: {}</h2>",
            escape_html(&if side == "old" {
                diff.old.label.clone()
            } else {
                diff.new.label.clone()
            })
        )?;
        let mut counter = 0;
        write_list(out, roots, side, marks, &mut counter)?;
        writeln!(out, "</section>")?;
    }
    writeln!(out, "</main>")?;
    if let Some(coverage) = report.redirects {
        let part = super::redirects::html_part(coverage);
        if !part.is_empty() {
            writeln!(out, "{part}")?;
        }
    }
    writeln!(out, "<script>{SCRIPT}</script>\n</body>\n</html>")
}

fn marks(
    diff: &Diff,
    redirects: Option<&Coverage>,
) -> (HashMap<usize, Mark>, HashMap<usize, Mark>) {
    let mut old: HashMap<usize, Mark> = HashMap::new();
    let mut new: HashMap<usize, Mark> = HashMap::new();
    for c in &diff.changes {
        if let Some(o) = c.old_node {
            let m = old.entry(o).or_default();
            m.kinds.extend(c.kinds());
            if c.kind == ChangeKind::Moved {
                m.partner = c.new_node;
            }
            if c.kind == ChangeKind::Removed
                && redirects.is_some_and(|r| super::redirects::is_redirected(c, r))
            {
                m.redirected = true;
            }
        }
        if let Some(n) = c.new_node {
            let m = new.entry(n).or_default();
            m.kinds.extend(c.kinds());
            if c.is(ChangeKind::Relinked) {
                m.old_target.clone_from(&c.old_target.clone().flatten());
            }
            match c.kind {
                ChangeKind::Moved => m.partner = c.old_node,
                ChangeKind::Renamed => m.old_title.clone_from(&c.old_title),
                ChangeKind::Relinked => m.old_target.clone_from(&c.old_target.clone().flatten()),
                ChangeKind::Added | ChangeKind::Removed | ChangeKind::Reordered => {}
            }
        }
    }
    (old, new)
}

fn write_list(
    out: &mut dyn Write,
    nodes: &[Node],
    side: &str,
    marks: &HashMap<usize, Mark>,
    counter: &mut usize,
) -> io::Result<()> {
    writeln!(out, "<ul>")?;
    for node in nodes {
        *counter += 1;
        let id = *counter;
        let mark = marks.get(&id);
        let kinds: Vec<&str> = mark
            .map(|m| m.kinds.iter().map(|k| k.name()).collect())
            .unwrap_or_default();
        write!(
            out,
            "<li id=\"{side}-{id}\" class=\"node {}\" data-kinds=\"{}\">",
            kinds.join(" "),
            kinds.join(" ")
        )?;
        let label = label(node, side, mark);
        if node.children.is_empty() {
            writeln!(out, "{label}</li>")?;
        } else {
            writeln!(out, "<details open><summary>{label}</summary>")?;
            write_list(out, &node.children, side, marks, counter)?;
            writeln!(out, "</details></li>")?;
        }
    }
    writeln!(out, "</ul>")
}

/// A node's title, target, badges and links to its other place.
fn label(node: &Node, side: &str, mark: Option<&Mark>) -> String {
    let title = if node.title.is_empty() {
        "<span class=\"none\">(untitled)</span>".to_owned()
    } else {
        escape_html(&node.title)
    };
    let mut html = format!("<span class=\"title\">{title}</span>");
    if let Some(old_title) = mark.and_then(|m| m.old_title.as_ref()) {
        html.push_str(&format!(
            "<span class=\"was\" title=\"old title\">{}</span>",
            escape_html(old_title)
        ));
    }
    if let Some(target) = &node.target {
        html.push_str(&format!(
            " <code class=\"target\">{}</code>",
            escape_html(target)
        ));
    }
    if let Some(old_target) = mark.and_then(|m| m.old_target.as_ref()) {
        html.push_str(&format!(
            "<code class=\"was\" title=\"old target\">{}</code>",
            escape_html(old_target)
        ));
    }
    for kind in mark.map(|m| m.kinds.as_slice()).unwrap_or_default() {
        html.push_str(&format!(
            " <span class=\"badge\">{}</span>",
            kind_heading(*kind).to_lowercase()
        ));
    }
    if mark.is_some_and(|m| m.redirected) {
        html.push_str(" <span class=\"badge redirected\" title=\"a redirect covers its old URLs\">redirected</span>");
    }
    if let Some(partner) = mark.and_then(|m| m.partner) {
        let (other, text) = if side == "old" {
            ("new", "new place")
        } else {
            ("old", "old place")
        };
        html.push_str(&format!(
            " <a class=\"partner\" href=\"#{other}-{partner}\">{text}</a>"
        ));
    }
    html
}
