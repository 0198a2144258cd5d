//! Antora: `nav.adoc`, an `AsciiDoc` list whose depth is the count of `*`.
//!
//! ```asciidoc
//! .Getting Started                 <- a list title: a section holding the list
//! * xref:index.adoc[Overview]      <- a page
//! ** xref:install.adoc[Install]
//! * Servlet Applications           <- plain text: a section without a page
//! ** link:https://spring.io[Site]  <- an external link
//! ```
//!
//! `xref:` targets with empty text (`xref:page.adoc[]`) take the page's `= Title` when the
//! module's pages are at hand. `include::` lines are followed into the included file
//! (`partial$` resolves to the module's `partials/` folder).

use crate::error::{Error, Result};
use crate::formats::ReadContext;
use crate::formats::support::{document_title, join_path, parent_dir};
use crate::model::{MAX_DEPTH, Node, Warning};

/// The names this format's nav file goes by, for discovery: the navigation of an Antora component's ROOT module.
pub(crate) const NAV_FILES: &[&str] = &["modules/ROOT/nav.adoc"];

/// How many `include::` hops to follow.
const MAX_INCLUDES: usize = 8;

pub(crate) fn read(ctx: &ReadContext<'_>, text: &str) -> Result<(Vec<Node>, Vec<Warning>)> {
    let mut reader = Reader {
        ctx,
        module_dir: parent_dir(ctx.path).to_owned(),
        roots: Vec::new(),
        open: Vec::new(),
        list_title: None,
        warnings: Vec::new(),
    };
    reader.lines(ctx.name, text, 0)?;
    reader.close_to(0);
    Ok((reader.roots, reader.warnings))
}

struct Reader<'c> {
    ctx: &'c ReadContext<'c>,
    /// The module folder (`docs/modules/ROOT`), where `pages/` and `partials/` live.
    module_dir: String,
    roots: Vec<Node>,
    /// Open items, with their depth (1 for `*`).
    open: Vec<(usize, Node)>,
    /// The open `.Title` section, an index into `roots`.
    list_title: Option<usize>,
    warnings: Vec<Warning>,
}

impl Reader<'_> {
    fn lines(&mut self, name: &str, text: &str, includes: usize) -> Result<()> {
        let mut in_comment = false;
        for (i, raw) in text.lines().enumerate() {
            let line_no = i + 1;
            let line = raw.trim_end();
            if line.starts_with("////") {
                in_comment = !in_comment;
                continue;
            }
            if in_comment
                || line.starts_with("//")
                || (line.starts_with(':') && line[1..].contains(':'))
            {
                continue;
            }
            if line.trim().is_empty() {
                // AsciiDoc lists run on across blank lines; only a new `.Title` starts another.
                continue;
            }
            if let Some(include) = line.strip_prefix("include::") {
                self.include(line_no, include, includes)?;
                continue;
            }
            if let Some(title) = line
                .strip_prefix('.')
                .filter(|t| !t.starts_with('.') && !t.starts_with(' '))
            {
                self.close_to(0);
                self.roots.push(Node::section(title.trim(), Vec::new()));
                self.list_title = Some(self.roots.len() - 1);
                continue;
            }
            let stars = line.chars().take_while(|&c| c == '*').count();
            if stars == 0 || !line[stars..].starts_with(' ') {
                self.warnings.push(Warning::new(
                    Some(line_no),
                    "not a list item, list title or include; skipped",
                ));
                continue;
            }
            if stars > MAX_DEPTH {
                return Err(Error::syntax(
                    name,
                    text,
                    line_no,
                    1,
                    format!("list nested more than {MAX_DEPTH} levels deep"),
                ));
            }
            let node = self.item(name, text, line_no, stars, line[stars..].trim())?;
            self.close_to(stars);
            let parent_depth = self.open.last().map_or(0, |(d, _)| *d);
            if stars > parent_depth + 1 {
                self.warnings.push(Warning::new(
                    Some(line_no),
                    format!(
                        "`{}` skips a level; read as a child of the item above",
                        "*".repeat(stars)
                    ),
                ));
            }
            self.open.push((stars, node));
        }
        Ok(())
    }

    /// One item's text: `xref:target[Title]`, `link:url[Title]`, `url[Title]` or plain text.
    fn item(
        &mut self,
        name: &str,
        text: &str,
        line_no: usize,
        stars: usize,
        body: &str,
    ) -> Result<Node> {
        let macro_start = ["xref:", "link:", "https://", "http://", "mailto:"]
            .iter()
            .find(|m| body.starts_with(*m))
            .copied();
        let Some(kind) = macro_start else {
            return Ok(Node::section(body, Vec::new()));
        };
        let Some(open) = body.find('[') else {
            // A bare URL is a link titled by itself.
            if kind != "xref:" && !body.contains(' ') {
                return Ok(Node::page(body, body));
            }
            return Err(Error::syntax(
                name,
                text,
                line_no,
                stars + 2 + body.len(),
                format!("`{kind}` without `[title]`"),
            ));
        };
        let Some(close) = body.rfind(']').filter(|&c| c > open) else {
            return Err(Error::syntax(
                name,
                text,
                line_no,
                stars + 2 + open,
                format!("`{kind}` link with `[` but no closing `]`"),
            ));
        };
        let target = body[..open]
            .strip_prefix("xref:")
            .or_else(|| body[..open].strip_prefix("link:"))
            .unwrap_or(&body[..open]);
        let label = body[open + 1..close].trim();
        // `[Title,role=x]` and `[Title,window=_blank]` carry attributes after the title.
        let label = label
            .split(",role=")
            .next()
            .unwrap_or(label)
            .split(",window=")
            .next()
            .unwrap_or(label);
        let label = label
            .strip_prefix('"')
            .and_then(|l| l.strip_suffix('"'))
            .unwrap_or(label);
        let title = if label.is_empty() {
            self.page_title(target, line_no)
        } else {
            label.to_owned()
        };
        if close + 1 < body.len() {
            self.warnings.push(Warning::new(
                Some(line_no),
                "text after the link's `]` ignored",
            ));
        }
        Ok(Node::page(title, target))
    }

    /// A page's `= Title`, else its file name. A page that cannot be read is titled by its
    /// file name, with a warning on `line`.
    fn page_title(&mut self, target: &str, line: usize) -> String {
        let file = target.split('#').next().unwrap_or(target);
        let local = !file.contains(':') && !file.contains('$');
        let path = join_path(&self.module_dir, &format!("pages/{file}"));
        let text = match (self.ctx.files.filter(|_| local), path) {
            (Some(files), Some(path)) => files.read_text(&path),
            _ => Ok(None),
        };
        let from_file = match text {
            Ok(page) => page.as_deref().and_then(document_title),
            Err(e) => {
                self.warnings.push(Warning::new(
                    Some(line),
                    format!(
                        "cannot read page `{file}` for its title ({e}); titled by its file name"
                    ),
                ));
                None
            }
        };
        from_file.unwrap_or_else(|| {
            file.rsplit('/')
                .next()
                .unwrap_or(file)
                .trim_end_matches(".adoc")
                .to_owned()
        })
    }

    fn include(&mut self, line_no: usize, spec: &str, depth: usize) -> Result<()> {
        let path = spec.split('[').next().unwrap_or(spec);
        let relative = match path.split_once("partial$") {
            Some((_, rest)) => format!("partials/{rest}"),
            None => path.to_owned(),
        };
        let resolved = join_path(&self.module_dir, &relative);
        let contents = match (self.ctx.files, resolved.as_deref()) {
            (Some(files), Some(p)) if depth < MAX_INCLUDES => {
                files.read_text(p)?.map(|t| (p.to_owned(), t))
            }
            _ => None,
        };
        if let Some((p, t)) = contents {
            return self.lines(&p, &t, depth + 1);
        }
        self.warnings.push(Warning::new(
            Some(line_no),
            format!("`include::{path}` not followed (the file is not at hand)"),
        ));
        Ok(())
    }

    /// Closes open items deeper than or as deep as `depth`, attaching each to its parent.
    fn close_to(&mut self, depth: usize) {
        while self.open.last().is_some_and(|(d, _)| *d >= depth.max(1)) {
            let (_, node) = self.open.pop().expect("checked");
            match self.open.last_mut() {
                Some((_, parent)) => parent.children.push(node),
                None => match self.list_title {
                    Some(i) => self.roots[i].children.push(node),
                    None => self.roots.push(node),
                },
            }
        }
    }
}
