//! One tree as an indented outline: two spaces a level, `→ target` after pages.
//!
//! ```text
//! Home → index.md
//! Guide
//!   Install → guide/install.md
//! ```

use std::io::{self, Write};

use crate::model::{NavTree, Node};
use crate::report::{no_workflow_command, terminal_safe};

/// Writes `tree` as an indented outline, one node a line, safe for a terminal and for a CI
/// log (no line starts with a workflow command's `::`).
pub fn render_outline(tree: &NavTree, out: &mut dyn Write) -> io::Result<()> {
    let mut stack: Vec<(&Node, usize)> = tree.roots.iter().rev().map(|n| (n, 0)).collect();
    while let Some((node, depth)) = stack.pop() {
        let mut title = if node.title.is_empty() {
            "(untitled)".to_owned()
        } else {
            terminal_safe(&node.shown_title()).into_owned()
        };
        if node
            .title_status
            .is_some_and(crate::model::TitleStatus::is_stand_in)
        {
            title.push_str(" (title unknown)");
        }
        let mut line = format!("{:indent$}{title}", "", indent = depth * 2);
        if let Some(target) = &node.target {
            line.push_str(&format!(" → {}", terminal_safe(target)));
        }
        writeln!(out, "{}", no_workflow_command(&line))?;
        stack.extend(node.children.iter().rev().map(|c| (c, depth + 1)));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SourceInfo;

    #[test]
    fn outline_indents_and_escapes() {
        let tree = NavTree::new(
            SourceInfo::default(),
            vec![
                Node::page("Home", "index.md"),
                Node::section(
                    "Guide",
                    vec![
                        Node::page("Install", "guide/install.md"),
                        Node::section("", vec![Node::page("Bad\u{1b}[2J", "x.md")]),
                    ],
                ),
            ],
        );
        let mut out = Vec::new();
        render_outline(&tree, &mut out).expect("writing to a Vec");
        insta::assert_snapshot!(String::from_utf8(out).expect("utf-8"), @r"
        Home → index.md
        Guide
          Install → guide/install.md
          (untitled)
            Bad\u{1b}[2J → x.md
        ");
    }
}
