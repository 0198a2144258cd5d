//! Antora: a component's `antora.yml` (its `nav:` list) or one `nav.adoc`, read as
//! `AsciiDoc` lists the way Antora's navigation builder reads them.
//!
//! ```asciidoc
//! .Getting Started                 <- a list title: a menu root holding the list
//! * xref:index.adoc[Overview]      <- a page
//! ** xref:install.adoc[Install]
//! * Servlet Applications           <- plain text: a heading without a page
//! ** link:https://spring.io[Site]  <- an external link
//! ```
//!
//! The rules, each as Antora (`packages/navigation-builder/lib/build-navigation.js`) or
//! Asciidoctor (whose parser it uses) applies it:
//!
//! - the nav files are those `antora.yml` lists under `nav:`, in that order; each
//!   top-level unordered list of each file is one menu root (a list in a top-level open
//!   block too); a `.Title` above it is the root's heading (linked when it is an xref);
//!   an untitled list's items are top-level entries;
//! - nesting follows Asciidoctor: markers may be indented; a marker not open above
//!   (`**` after `***`) nests one level deeper; blank lines do not end a list, but a
//!   paragraph, a block title or a line comment after a blank line does; a list inside a
//!   `+`-attached open block (`--`), or after a `+`, belongs to the item above, and all
//!   of an item's lists are one run of children; other blocks (listings, ordered lists)
//!   are not part of the menu;
//! - an item is its first link only (`xref:`, `<<…>>`, `link:`, a URL), its text the
//!   link's text, else its own text; an xref with empty text takes the page's `navtitle`,
//!   else `reftext`, else its title, or the reference as written when it has a fragment
//!   or the page is missing (warned);
//! - titles are rendered: `{attributes}` from `antora.yml` (`asciidoc.attributes`, and
//!   `page-component-*`) and the file's own `:name:` entries, markup (`_x_`, `*x*`,
//!   `` `x` ``, `#x#`) and anchors dropped, entities decoded; an attribute only the
//!   playbook could set is warned about and left as written. Typographic replacements
//!   (`'` to `’`, `--` to `—`) are not applied, so they never show as renames;
//! - `include::` lines are followed (`partial$`, `module:partial$`, `{partialsdir}/`, or a
//!   path relative to the including file) and `ifdef::`/`ifndef::` are evaluated with the
//!   attributes known here (warned, since the playbook may set others), within a budget
//!   of includes and lines.
//!
//! Targets are resource ids relative to the nav file's component version: `page.adoc`
//! in the ROOT module, `module:page.adoc` in another, `1.0@page.adoc` in another version,
//! `[version@]component:module:page.adoc` in another component; a `#fragment` is kept,
//! URLs stay as written.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use crate::error::{Error, Result};
use crate::formats::support::yaml;
use crate::formats::support::{join_path, parent_dir};
use crate::formats::vitepress::decode_entities;
use crate::formats::{FileAccess, ReadContext};
use crate::model::{Location, MAX_DEPTH, Node, Warning};

/// The names this format's nav file goes by, for discovery: a component's descriptor
/// (which lists its nav files), then its ROOT module's navigation.
pub(crate) const NAV_FILES: &[&str] = &["antora.yml", "modules/ROOT/nav.adoc"];

/// Most `include::` lines followed while reading one navigation, all files together.
const MAX_INCLUDES: usize = 256;

/// Deepest chain of includes inside includes.
const MAX_INCLUDE_DEPTH: usize = 16;

/// Most lines read, includes expanded, all files together.
const MAX_LINES: usize = 200_000;

/// Most pages read for their titles.
const MAX_PAGES: usize = 10_000;

/// The head of a page read for its title and header attributes.
const PAGE_HEAD: usize = 16 * 1024;

pub(crate) fn read(ctx: &ReadContext<'_>, text: &str) -> Result<(Vec<Node>, Vec<Warning>)> {
    let file = ctx.path.rsplit('/').next().unwrap_or(ctx.path);
    if file == "antora.yml" || file == "antora.yaml" {
        let root = parent_dir(ctx.path).to_owned();
        let component = Component::parse(ctx.name, text)?;
        let mut site = Site::new(ctx, root, component);
        let navs = site.component.nav.clone();
        let Some(navs) = navs else {
            site.warnings.push(Warning::new(
                None,
                "`antora.yml` lists no nav files (`nav:`): the component has no menu",
            ));
            return Ok((Vec::new(), site.warnings));
        };
        let mut roots = Vec::new();
        for (nav, line) in navs {
            let Some(path) = join_path(&site.root, &nav) else {
                site.warnings.push(Warning::new(
                    Some(line),
                    format!("the nav file `{nav}` is outside the repository; not read"),
                ));
                continue;
            };
            let text = match ctx.files {
                Some(files) => files.read_text(&path)?,
                None => None,
            };
            let Some(text) = text else {
                site.warnings.push(Warning::new(
                    Some(line),
                    format!("the nav file `{nav}` is not at hand; its menu is left out"),
                ));
                continue;
            };
            roots.extend(site.nav_file(&path, &path, &text, false)?);
        }
        return Ok((roots, site.warnings));
    }
    let (root, _) = module_of(ctx.path);
    let component = match ctx.files {
        Some(files) => {
            let descriptor = join_path(&root, "antora.yml");
            match descriptor.map(|p| files.read_text(&p)) {
                Some(Ok(Some(text))) => Component::parse("antora.yml", &text).unwrap_or_default(),
                _ => Component::default(),
            }
        }
        None => Component::default(),
    };
    let mut site = Site::new(ctx, root, component);
    if !ctx.path.split('/').any(|p| p == "modules") {
        site.loose = Some(("ROOT".to_owned(), parent_dir(ctx.path).to_owned()));
    }
    if let Some(navs) = &site.component.nav {
        let relative = ctx
            .path
            .strip_prefix(&site.root)
            .unwrap_or(ctx.path)
            .trim_start_matches('/')
            .to_owned();
        if !navs
            .iter()
            .any(|(n, _)| n.trim_start_matches("./") == relative)
        {
            site.warnings.push(Warning::new(
                None,
                "this nav file is not listed in `antora.yml` (`nav:`): Antora does not show it",
            ));
        } else if navs.len() > 1 {
            site.warnings.push(Warning::new(
                None,
                format!(
                    "`antora.yml` lists {} nav files; this tree is one of them (read `antora.yml` for the whole menu)",
                    navs.len()
                ),
            ));
        }
    }
    let roots = site.nav_file(ctx.name, ctx.path, text, true)?;
    Ok((roots, site.warnings))
}

/// Whether an `antora.yml` lists exactly one nav file, `modules/ROOT/nav.adoc`.
pub(crate) fn lists_only_root_nav(text: &str) -> bool {
    match Component::parse("antora.yml", text) {
        Ok(Component {
            nav: Some(navs), ..
        }) => navs.len() == 1 && navs[0].0.trim_start_matches("./") == "modules/ROOT/nav.adoc",
        _ => false,
    }
}

/// The component root (the folder of `antora.yml`) and the module of a file at `path`
/// (`docs/modules/admin/nav.adoc` → `docs`, `admin`); a file outside `modules/` is in
/// the ROOT module, whose folder is its own.
fn module_of(path: &str) -> (String, String) {
    let parts: Vec<&str> = path.split('/').collect();
    if let Some(i) = parts.iter().rposition(|p| *p == "modules")
        && i + 2 < parts.len()
    {
        return (parts[..i].join("/"), parts[i + 1].to_owned());
    }
    (parent_dir(path).to_owned(), "ROOT".to_owned())
}

/// `dir/name`, or `name` at the root.
fn child(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_owned()
    } else {
        format!("{dir}/{name}")
    }
}

/// Whether a module name is one folder name (no `/`, `..` or `.`).
fn is_plain_name(name: &str) -> bool {
    !name.is_empty() && name != "." && name != ".." && !name.contains(['/', '\\'])
}

/// What `antora.yml` says: name, version, title, attributes and nav files.
#[derive(Default, Clone)]
struct Component {
    name: Option<String>,
    version: Option<String>,
    title: Option<String>,
    /// `asciidoc.attributes`: `None` for an attribute set to `false` (unset).
    attributes: HashMap<String, Option<String>>,
    /// The `nav:` entries with their lines.
    nav: Option<Vec<(String, usize)>>,
}

impl Component {
    fn parse(name: &str, text: &str) -> Result<Component> {
        let Some(doc) = yaml::load(name, text)? else {
            return Ok(Component::default());
        };
        let Some(map) = yaml::as_mapping(&doc) else {
            return Err(Error::invalid(name, "`antora.yml` is not a mapping"));
        };
        let text_of = |key: &str| {
            yaml::get(map, key)
                .filter(|v| !yaml::is_null(v))
                .and_then(yaml::scalar_text)
        };
        let mut attributes = HashMap::new();
        if let Some(asciidoc) = yaml::get(map, "asciidoc").and_then(yaml::as_mapping)
            && let Some(attrs) = yaml::get(asciidoc, "attributes").and_then(yaml::as_mapping)
        {
            for (k, v) in attrs {
                let Some(k) = yaml::scalar_text(k) else {
                    continue;
                };
                // `name: false` unsets; a trailing `@` makes a soft set, same value here.
                let value = if yaml::is_null(v) {
                    Some(String::new())
                } else {
                    match yaml::scalar_text(v).as_deref() {
                        Some("false") => None,
                        Some(v) => Some(v.trim_end_matches('@').to_owned()),
                        None => Some(String::new()),
                    }
                };
                attributes.insert(k, value);
            }
        }
        let nav = yaml::get(map, "nav")
            .and_then(yaml::as_sequence)
            .map(|items| {
                items
                    .iter()
                    .filter_map(|i| yaml::scalar_text(i).map(|t| (t, yaml::line(i))))
                    .collect()
            });
        Ok(Component {
            name: text_of("name"),
            version: text_of("version").filter(|v| v != "~" && v != "true"),
            title: text_of("title"),
            attributes,
            nav,
        })
    }
}

/// Where a line came from: its file, its line there, and the line of the nav file being
/// read that brought it in (for warnings, which name lines of that file).
#[derive(Clone)]
struct Origin {
    /// The file's name in messages.
    file: Rc<str>,
    /// The file's path in the repository.
    path: Rc<str>,
    line: usize,
    /// The line of the nav file read directly (itself, or the include that led here).
    main: Option<usize>,
    /// This line is in the nav file read directly (not in an include of it).
    in_main: bool,
}

struct Line {
    text: String,
    origin: Origin,
}

/// Reading one component's navigation.
struct Site<'c> {
    ctx: &'c ReadContext<'c>,
    root: String,
    component: Component,
    warnings: Vec<Warning>,
    includes: usize,
    lines: usize,
    /// Attributes warned about as unknown, by name.
    unknown: HashSet<String>,
    pages: HashMap<String, Option<PageMeta>>,
    pages_read: usize,
    /// Pages that could not be read (already warned about).
    unreadable: HashSet<String>,
    /// For a nav file outside any `modules/` folder: its module and folder, the only
    /// module whose files can be found.
    loose: Option<(String, String)>,
}

/// What a page's header says about its title.
#[derive(Clone)]
struct PageMeta {
    navtitle: Option<String>,
    reftext: Option<String>,
    doctitle: Option<String>,
}

impl<'c> Site<'c> {
    fn new(ctx: &'c ReadContext<'c>, root: String, component: Component) -> Self {
        Site {
            ctx,
            root,
            component,
            warnings: Vec::new(),
            includes: 0,
            lines: 0,
            unknown: HashSet::new(),
            pages: HashMap::new(),
            pages_read: 0,
            unreadable: HashSet::new(),
            loose: None,
        }
    }

    fn files(&self) -> Option<&'c dyn FileAccess> {
        self.ctx.files
    }

    /// A warning about `origin`: on its line when it is the nav file read directly, else
    /// naming its file and line.
    fn warn(&mut self, origin: &Origin, message: impl Into<String>) {
        let message = message.into();
        match origin.main {
            Some(line) if origin.in_main => {
                self.warnings.push(Warning::new(Some(line), message));
            }
            Some(line) => self.warnings.push(Warning::new(
                Some(line),
                format!("`{}` line {}: {message}", origin.file, origin.line),
            )),
            None => self.warnings.push(Warning::new(
                None,
                format!("`{}` line {}: {message}", origin.file, origin.line),
            )),
        }
    }

    /// Where `column` of the line `origin` is: in the nav file read, or in the file it
    /// includes (or, read through `antora.yml`, the nav file it lists).
    fn location(&self, origin: &Origin, column: usize) -> Location {
        if *origin.path == *self.ctx.path {
            Location::new(origin.line, column)
        } else {
            Location::in_file(&*origin.path, origin.line, column)
        }
    }

    /// The attributes a nav file starts with: the component's and Antora's implicit ones.
    fn base_attributes(&self, module: &str) -> HashMap<String, Option<String>> {
        let mut attrs: HashMap<String, Option<String>> = HashMap::new();
        let c = &self.component;
        let mut set = |k: &str, v: Option<&String>| {
            if let Some(v) = v {
                attrs.insert(k.to_owned(), Some(v.clone()));
            }
        };
        set("page-component-name", c.name.as_ref());
        set("page-component-version", c.version.as_ref());
        set("page-version", c.version.as_ref());
        set("page-component-title", c.title.as_ref().or(c.name.as_ref()));
        attrs.insert("page-module".into(), Some(module.to_owned()));
        attrs.insert("partialsdir".into(), Some("partial$".into()));
        attrs.insert("examplesdir".into(), Some("example$".into()));
        for (k, v) in &c.attributes {
            attrs.insert(k.clone(), v.clone());
        }
        attrs
    }

    /// The menu roots of one nav file (`main`: it is the file read directly, whose lines
    /// warnings name).
    fn nav_file(&mut self, name: &str, path: &str, text: &str, main: bool) -> Result<Vec<Node>> {
        let (_, module) = module_of(path);
        let mut attrs = self.base_attributes(&module);
        let mut lines = Vec::new();
        let file: Rc<str> = Rc::from(name);
        let mut pre = Pre {
            stack: Vec::new(),
            warned_eval: false,
        };
        self.preprocess(
            &mut pre,
            &file,
            path,
            &module,
            text,
            main.then_some(0),
            0,
            &mut attrs,
            &mut lines,
        )?;
        if let Some(open) = pre.stack.last() {
            let origin = open.1.clone();
            self.warn(&origin, "`ifdef::`/`ifndef::` without `endif::[]`: the rest of the file is read as if it were closed");
        }
        let mut attrs = self.base_attributes(&module);
        let blocks = {
            let mut parser = Parser {
                site: self,
                lines: &lines,
                pos: 0,
                attrs: &mut attrs,
            };
            parser.blocks(lines.len(), 0)
        };
        let mut roots = Vec::new();
        for block in blocks {
            let list = match block {
                Block::List(list) => list,
                Block::Open(Some(list)) => *list,
                Block::Open(None) | Block::Other => continue,
            };
            if !list.unordered {
                continue;
            }
            let children = self.items(list.items, &module, 1)?;
            match list.title {
                Some((title, origin)) => {
                    let (title, target) = self.content(&title, &origin, &module);
                    let mut node = Node::new(title, target, children);
                    // A block title starts the line (`.Title`).
                    node.at = Some(self.location(&origin, 1));
                    roots.push(node);
                }
                None => roots.extend(children),
            }
        }
        Ok(roots)
    }

    fn items(&mut self, items: Vec<Item>, module: &str, depth: usize) -> Result<Vec<Node>> {
        let mut nodes = Vec::new();
        for item in items {
            if depth > MAX_DEPTH {
                return Err(Error::syntax(
                    &item.origin.file,
                    "",
                    item.origin.line,
                    1,
                    format!("list nested more than {MAX_DEPTH} levels deep"),
                ));
            }
            let (title, target) = self.content(&item.text, &item.origin, module);
            let children = self.items(item.children, module, depth + 1)?;
            let mut node = Node::new(title, target, children);
            node.at = Some(self.location(&item.origin, item.column));
            nodes.push(node);
        }
        Ok(nodes)
    }

    // ---- preprocessing -------------------------------------------------------------------

    /// Lines of `text` with includes expanded and conditionals applied, appended to
    /// `out`. `main` is the line of the nav file read directly that brought this file in
    /// (`Some(0)`: this is that file).
    #[expect(clippy::too_many_arguments, reason = "one recursive walk")]
    fn preprocess(
        &mut self,
        pre: &mut Pre,
        file: &Rc<str>,
        path: &str,
        module: &str,
        text: &str,
        main: Option<usize>,
        depth: usize,
        attrs: &mut HashMap<String, Option<String>>,
        out: &mut Vec<Line>,
    ) -> Result<()> {
        let path_rc: Rc<str> = Rc::from(path);
        for (i, raw) in text.lines().enumerate() {
            let line_no = i + 1;
            let origin = Origin {
                file: Rc::clone(file),
                path: Rc::clone(&path_rc),
                line: line_no,
                main: match main {
                    Some(0) => Some(line_no),
                    other => other,
                },
                in_main: main == Some(0),
            };
            self.lines += 1;
            if self.lines > MAX_LINES {
                return Err(Error::syntax(
                    file,
                    text,
                    line_no,
                    1,
                    format!(
                        "more than {MAX_LINES} lines with includes expanded; navdiff stops here"
                    ),
                ));
            }
            let line = raw.trim_end();
            // Conditionals first: they decide whether the rest applies.
            if let Some(directive) = conditional(line) {
                match directive {
                    Directive::Endif => {
                        if pre.stack.pop().is_none() {
                            self.warn(
                                &origin,
                                "`endif::[]` without an open `ifdef::`/`ifndef::`; ignored",
                            );
                        }
                    }
                    Directive::If {
                        negate,
                        names,
                        any,
                        content,
                    } => {
                        let active = pre.active();
                        let holds = if active {
                            self.holds(&origin, attrs, &names, any) != negate
                        } else {
                            false
                        };
                        match content {
                            // The one-line form: `ifdef::x[content]`.
                            Some(content) => {
                                if active && holds {
                                    out.push(Line {
                                        text: content.to_owned(),
                                        origin,
                                    });
                                }
                            }
                            None => pre.stack.push((active && holds, origin)),
                        }
                    }
                    Directive::Eval => {
                        let active = pre.active();
                        if active && !pre.warned_eval {
                            pre.warned_eval = true;
                            self.warn(
                                &origin,
                                "`ifeval::` cannot be evaluated here; its lines are kept",
                            );
                        }
                        pre.stack.push((active, origin));
                    }
                }
                continue;
            }
            if !pre.active() {
                continue;
            }
            if let Some((name, value)) = attribute_entry(line) {
                match value {
                    Some(v) => {
                        attrs.insert(name.to_owned(), Some(substitute(v, attrs, &mut Vec::new())))
                    }
                    None => attrs.insert(name.to_owned(), None),
                };
            }
            if let Some(spec) = line.strip_prefix("include::") {
                self.include(pre, &origin, path, module, spec, depth, attrs, out)?;
                continue;
            }
            out.push(Line {
                text: line.to_owned(),
                origin,
            });
        }
        Ok(())
    }

    /// Whether `ifdef::names[]` holds (`any`: one of them is set, else all of them).
    fn holds(
        &mut self,
        origin: &Origin,
        attrs: &HashMap<String, Option<String>>,
        names: &[String],
        any: bool,
    ) -> bool {
        let mut unknown = Vec::new();
        let set: Vec<bool> = names
            .iter()
            .map(|n| {
                if let Some(v) = attrs.get(n) {
                    v.is_some()
                } else {
                    unknown.push(n.clone());
                    false
                }
            })
            .collect();
        for name in unknown {
            if self.unknown.insert(name.clone()) {
                self.warn(
                    origin,
                    format!("`{name}` is not set in `antora.yml` or this file; read as unset (the playbook may set it)"),
                );
            }
        }
        if any {
            set.iter().any(|&s| s)
        } else {
            set.iter().all(|&s| s)
        }
    }

    #[expect(clippy::too_many_arguments, reason = "one recursive walk")]
    fn include(
        &mut self,
        pre: &mut Pre,
        origin: &Origin,
        path: &str,
        module: &str,
        spec: &str,
        depth: usize,
        attrs: &mut HashMap<String, Option<String>>,
        out: &mut Vec<Line>,
    ) -> Result<()> {
        let Some(open) = spec.rfind('[') else {
            out.push(Line {
                text: format!("include::{spec}"),
                origin: origin.clone(),
            });
            return Ok(());
        };
        let target = substitute(&spec[..open], attrs, &mut Vec::new());
        let options = spec[open + 1..].trim_end_matches(']');
        if ["tag=", "tags=", "lines="]
            .iter()
            .any(|o| options.contains(o))
        {
            self.warn(origin, format!("`include::{target}` options `{options}` are not applied: the whole file is read"));
        }
        let Some((resolved, included_module)) = self.resolve_include(&target, path, module) else {
            self.warn(origin, format!("`include::{target}` is in another component or version, or outside the repository; not followed"));
            return Ok(());
        };
        if depth >= MAX_INCLUDE_DEPTH {
            self.warn(origin, format!("`include::{target}` not followed: includes nested more than {MAX_INCLUDE_DEPTH} deep"));
            return Ok(());
        }
        self.includes += 1;
        if self.includes > MAX_INCLUDES {
            return Err(Error::invalid(
                &origin.file,
                format!(
                    "line {}: more than {MAX_INCLUDES} `include::` lines followed (an include of itself?); navdiff stops here",
                    origin.line
                ),
            ));
        }
        let text = match self.files() {
            Some(files) => files.read_text(&resolved)?,
            None => None,
        };
        let Some(text) = text else {
            self.warn(
                origin,
                format!("`include::{target}` not followed (the file is not at hand)"),
            );
            return Ok(());
        };
        let file: Rc<str> = Rc::from(resolved.as_str());
        let main = origin.main;
        self.preprocess(
            pre,
            &file,
            &resolved,
            &included_module,
            &text,
            main,
            depth + 1,
            attrs,
            out,
        )
    }

    /// The file an include target names, and its module: `partial$x` in the including
    /// file's module, `module:partial$x` in another, a plain path beside the including
    /// file. `None` for another component or version, or a path out of the repository.
    fn resolve_include(&self, target: &str, path: &str, module: &str) -> Option<(String, String)> {
        if let Some((coords, rest)) = target.split_once('$') {
            let (family, coords) = match coords.rsplit_once(':') {
                Some((c, f)) => (f, Some(c)),
                None => (coords, None),
            };
            let folder = match family {
                "partial" => "partials",
                "example" => "examples",
                "page" => "pages",
                "image" => "images",
                "attachment" => "attachments",
                _ => return None,
            };
            let target_module = match coords {
                None | Some("") => module.to_owned(),
                Some(c) if c.contains(':') || c.contains('@') => {
                    // `component:module:` or `version@…`: this component version only.
                    let (version, c) = match c.split_once('@') {
                        Some((v, c)) => (Some(v), c),
                        None => (None, c),
                    };
                    if version.is_some_and(|v| Some(v) != self.component.version.as_deref()) {
                        return None;
                    }
                    let (component, m) = c.split_once(':')?;
                    if !component.is_empty() && Some(component) != self.component.name.as_deref() {
                        return None;
                    }
                    if m.is_empty() {
                        "ROOT".to_owned()
                    } else {
                        m.to_owned()
                    }
                }
                Some(m) => m.to_owned(),
            };
            if !is_plain_name(&target_module) {
                return None;
            }
            let dir = child(&self.module_dir(&target_module)?, folder);
            return join_path(&dir, rest.trim_start_matches('/')).map(|p| (p, target_module));
        }
        join_path(parent_dir(path), target).map(|p| (p, module.to_owned()))
    }

    // ---- content ---------------------------------------------------------------------------

    /// An entry's title and target from its text: its first link, else its text
    /// (`partitionContent`).
    fn content(&mut self, text: &str, origin: &Origin, module: &str) -> (String, Option<String>) {
        match first_link(text) {
            Some(Link::Xref { target, label }) => {
                let (id, page) = self.resource_id(&target, module);
                let title = if label.trim().is_empty() {
                    self.page_title(&target, &id, page.as_deref(), origin)
                } else {
                    let title = render(&label);
                    if let Some(page) = &page {
                        self.check_page(page, &id, &title, origin);
                    }
                    title
                };
                (title, Some(id))
            }
            Some(Link::Url { target, label }) => {
                let title = if label.trim().is_empty() {
                    target.clone()
                } else {
                    render(&label)
                };
                (title, Some(target))
            }
            Some(Link::Unclosed(kind)) => {
                self.warn(
                    origin,
                    format!("`{kind}` without a closing `]`: shown as text"),
                );
                (render(text), None)
            }
            None => (render(text), None),
        }
    }

    /// The resource id of an xref target relative to this component version, and the
    /// page's path in the repository when it is in this component version.
    fn resource_id(&self, target: &str, module: &str) -> (String, Option<String>) {
        let (spec, fragment) = match target.split_once('#') {
            Some((s, f)) => (s, Some(f)),
            None => (target, None),
        };
        let (version, rest) = match spec.split_once('@') {
            Some((v, r)) => (Some(v), r),
            None => (None, spec),
        };
        // Another family (`attachment$`, `image$`) is no page: kept as written.
        if let Some((coords, _)) = rest.split_once('$') {
            let family = coords.rsplit(':').next().unwrap_or(coords);
            if family != "page" {
                return (target.to_owned(), None);
            }
        }
        let rest = rest.replace("page$", "");
        let parts: Vec<&str> = rest.splitn(3, ':').collect();
        let (component, explicit_module, path) = match parts.as_slice() {
            [c, m, p] => (Some(*c), Some(*m), *p),
            [m, p] => (None, Some(*m), *p),
            [p] => (None, None, *p),
            _ => (None, None, rest.as_str()),
        };
        let component = component.filter(|c| !c.is_empty());
        let other_component = component.is_some_and(|c| Some(c) != self.component.name.as_deref())
            || (component.is_some() && self.component.name.is_none());
        let other_version = version.is_some_and(|v| Some(v) != self.component.version.as_deref());
        let module = match explicit_module.filter(|m| !m.is_empty()) {
            Some(m) => m.to_owned(),
            None if component.is_some() => "ROOT".to_owned(),
            None => module.to_owned(),
        };
        let fragment = fragment.map(|f| format!("#{f}")).unwrap_or_default();
        if component.is_some() && (other_component || other_version) {
            let version = version.map(|v| format!("{v}@")).unwrap_or_default();
            let component = component.unwrap_or_default();
            return (
                format!("{version}{component}:{module}:{path}{fragment}"),
                None,
            );
        }
        let local = if module == "ROOT" {
            path.to_owned()
        } else {
            format!("{module}:{path}")
        };
        if other_version {
            let version = version.unwrap_or_default();
            return (format!("{version}@{local}{fragment}"), None);
        }
        // A module or path that leaves the component is no page of it.
        let page = self.module_dir(&module).and_then(|dir| {
            let pages = child(&dir, "pages");
            join_path(&pages, path).filter(|p| p.starts_with(&pages))
        });
        (format!("{local}{fragment}"), page)
    }

    /// The folder of `module` (`docs/modules/admin`): under the component root, or, for a
    /// nav file outside any `modules/` folder, its own folder for its own module.
    fn module_dir(&self, module: &str) -> Option<String> {
        if !is_plain_name(module) {
            return None;
        }
        match &self.loose {
            Some((own, dir)) => (own == module).then(|| dir.clone()),
            None => Some(child(&self.root, &format!("modules/{module}"))),
        }
    }

    /// Warns when the page of an xref in this component version is missing (looked up,
    /// not read).
    fn check_page(&mut self, page: &str, id: &str, title: &str, origin: &Origin) {
        let Some(files) = self.files() else {
            return;
        };
        let exists = match self.pages.get(page) {
            Some(meta) => meta.is_some() || self.unreadable.contains(page),
            None => match files.is_file(page) {
                Ok(exists) => exists,
                Err(e) => {
                    self.warn(origin, format!("cannot look for page `{page}` ({e})"));
                    true
                }
            },
        };
        if !exists {
            self.warn(origin, missing_page(id, title));
        }
    }

    /// The title of an xref with empty text: the page's `navtitle`, `reftext` or title;
    /// the reference as written when it has a fragment, is elsewhere or is missing.
    fn page_title(
        &mut self,
        target: &str,
        id: &str,
        page: Option<&str>,
        origin: &Origin,
    ) -> String {
        let Some(page) = page else {
            self.warn(
                origin,
                format!("`{id}` is in another component or version: titled by the reference"),
            );
            return target.to_owned();
        };
        let meta = self.page_meta(page, origin);
        if target.contains('#') {
            if meta.is_none() && self.is_missing(page) {
                self.warn(origin, missing_page(id, target));
            }
            return target.to_owned();
        }
        if let Some(meta) = meta {
            meta.navtitle
                .or(meta.reftext)
                .or(meta.doctitle)
                .unwrap_or_else(|| target.to_owned())
        } else {
            {
                if self.is_missing(page) {
                    self.warn(origin, missing_page(id, target));
                }
                target.to_owned()
            }
        }
    }

    /// Whether `page` was looked for and is not there (not merely unreadable, or not
    /// looked for because no files are at hand or too many pages were read).
    fn is_missing(&self, page: &str) -> bool {
        self.files().is_some()
            && !self.unreadable.contains(page)
            && matches!(self.pages.get(page), Some(None))
    }

    /// A page's header, read once; `None` when it is missing.
    fn page_meta(&mut self, page: &str, origin: &Origin) -> Option<PageMeta> {
        if let Some(meta) = self.pages.get(page) {
            return meta.clone();
        }
        let files = self.files()?;
        if self.pages_read >= MAX_PAGES {
            return None;
        }
        self.pages_read += 1;
        let meta = match files.read_head(page, PAGE_HEAD) {
            Ok(Some(text)) => Some(self.header(&text, page)),
            Ok(None) => None,
            Err(e) => {
                self.warn(
                    origin,
                    format!(
                        "cannot read page `{page}` for its title ({e}); titled by the reference"
                    ),
                );
                self.unreadable.insert(page.to_owned());
                None
            }
        };
        self.pages.insert(page.to_owned(), meta.clone());
        meta
    }

    /// `navtitle`, `reftext` and the title in a page's header.
    fn header(&self, text: &str, page: &str) -> PageMeta {
        let (_, module) = module_of(page);
        let mut attrs = self.base_attributes(&module);
        let mut meta = PageMeta {
            navtitle: None,
            reftext: None,
            doctitle: None,
        };
        let mut in_comment = false;
        let mut seen_title = false;
        for line in text.lines() {
            let line = line.trim_end();
            if line.starts_with("////") {
                in_comment = !in_comment;
                continue;
            }
            if in_comment || (line.starts_with("//") && !line.starts_with("///")) {
                continue;
            }
            if line.is_empty() {
                if seen_title {
                    break;
                }
                continue;
            }
            if let Some((name, value)) = attribute_entry(line) {
                let value = value.map(|v| substitute(v, &attrs, &mut Vec::new()));
                match name {
                    "navtitle" => meta.navtitle = value.as_deref().map(render),
                    "reftext" => meta.reftext = value.as_deref().map(render),
                    _ => {}
                }
                attrs.insert(name.to_owned(), value);
                continue;
            }
            if let Some(title) = line.strip_prefix("= ").filter(|_| !seen_title) {
                seen_title = true;
                meta.doctitle = Some(render(&substitute(title.trim(), &attrs, &mut Vec::new())));
                continue;
            }
            if line.starts_with('[') && line.ends_with(']') {
                continue;
            }
            // Anything else ends the header.
            break;
        }
        meta
    }
}

/// Open conditionals while preprocessing: whether each holds, and where it opened.
struct Pre {
    stack: Vec<(bool, Origin)>,
    warned_eval: bool,
}

impl Pre {
    fn active(&self) -> bool {
        self.stack.iter().all(|(holds, _)| *holds)
    }
}

enum Directive<'l> {
    If {
        negate: bool,
        names: Vec<String>,
        /// `a,b`: one of them; `a+b`: all of them.
        any: bool,
        content: Option<&'l str>,
    },
    Eval,
    Endif,
}

/// A preprocessor conditional line.
fn conditional(line: &str) -> Option<Directive<'_>> {
    if line.starts_with("endif::") && line.ends_with(']') {
        return Some(Directive::Endif);
    }
    if line.starts_with("ifeval::[") && line.ends_with(']') {
        return Some(Directive::Eval);
    }
    let (negate, rest) = match (line.strip_prefix("ifdef::"), line.strip_prefix("ifndef::")) {
        (Some(rest), _) => (false, rest),
        (_, Some(rest)) => (true, rest),
        _ => return None,
    };
    let open = rest.find('[')?;
    if !rest.ends_with(']') {
        return None;
    }
    let names_text = &rest[..open];
    let content = &rest[open + 1..rest.len() - 1];
    let any = !names_text.contains('+');
    let names = names_text
        .split([',', '+'])
        .filter(|n| !n.is_empty())
        .map(str::to_owned)
        .collect();
    Some(Directive::If {
        negate,
        names,
        any,
        content: (!content.is_empty()).then_some(content),
    })
}

/// `:name: value` (`None` value for `:name!:` / `:!name:`).
fn attribute_entry(line: &str) -> Option<(&str, Option<&str>)> {
    let rest = line.strip_prefix(':')?;
    let end = rest.find(':')?;
    let name = &rest[..end];
    let value = rest[end + 1..].trim();
    if name.is_empty() || name.contains(' ') {
        return None;
    }
    if let Some(n) = name.strip_prefix('!').or_else(|| name.strip_suffix('!')) {
        return Some((n, None));
    }
    if !name
        .chars()
        .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    {
        return None;
    }
    Some((name, Some(value)))
}

/// `{name}` references replaced by their values; unknown ones are left as written and
/// listed in `unknown`.
fn substitute(
    text: &str,
    attrs: &HashMap<String, Option<String>>,
    unknown: &mut Vec<String>,
) -> String {
    if !text.contains('{') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find('}');
        let name = close.map(|c| &after[..c]).filter(|n| {
            !n.is_empty()
                && n.chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        });
        let (Some(name), Some(close)) = (name, close) else {
            out.push('{');
            rest = after;
            continue;
        };
        if out.ends_with('\\') {
            // A backslash escapes the reference.
            out.pop();
            out.push('{');
            out.push_str(name);
            out.push('}');
        } else if let Some(Some(value)) = attrs.get(name) {
            out.push_str(value);
        } else if let Some(value) = builtin(name) {
            out.push_str(value);
        } else {
            unknown.push(name.to_owned());
            out.push('{');
            out.push_str(name);
            out.push('}');
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

/// Asciidoctor's built-in character attributes.
fn builtin(name: &str) -> Option<&'static str> {
    Some(match name {
        "empty" | "zwsp" => "",
        "sp" | "nbsp" => " ",
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        "startsb" => "[",
        "endsb" => "]",
        "vbar" => "|",
        "caret" => "^",
        "asterisk" => "*",
        "tilde" => "~",
        "plus" => "+",
        "backslash" => "\\",
        "backtick" => "`",
        "two-colons" => "::",
        "two-semicolons" => ";;",
        "cpp" => "C++",
        "deg" => "°",
        "brvbar" => "¦",
        _ => return None,
    })
}

/// An item's first link.
enum Link {
    Xref {
        target: String,
        label: String,
    },
    Url {
        target: String,
        label: String,
    },
    /// A macro whose `[` is never closed: not a link (Asciidoctor shows it as text).
    Unclosed(&'static str),
}

/// The first link in an item's text: `xref:t[text]`, `<<t,text>>`, `link:t[text]`, or a
/// URL (`https://…[text]` or bare).
#[expect(
    clippy::too_many_lines,
    reason = "one scan with a case per kind of link"
)]
fn first_link(text: &str) -> Option<Link> {
    let mut search = 0;
    // Each step looks past one candidate; a line of nothing but candidates that are not
    // links stops here rather than costing its length squared.
    for _ in 0..MAX_LINK_CANDIDATES {
        if search >= text.len() {
            break;
        }
        let rest = &text[search..];
        let candidates = [
            rest.find("xref:"),
            rest.find("<<"),
            rest.find("link:"),
            rest.find("https://"),
            rest.find("http://"),
            rest.find("mailto:"),
            rest.find("ftp://"),
        ];
        let at = candidates.iter().flatten().min().copied()?;
        let here = &rest[at..];
        let start = search + at;
        // `\xref:` is escaped; a macro must not be glued to a word before it.
        let escaped = text[..start].ends_with('\\')
            || (text[..start]
                .chars()
                .last()
                .is_some_and(char::is_alphanumeric)
                && !here.starts_with("<<"));
        if escaped {
            search = start + 1;
            continue;
        }
        if let Some(body) = here.strip_prefix("<<") {
            if let Some(end) = body.find(">>") {
                let inner = &body[..end];
                let (target, label) = match inner.split_once(',') {
                    Some((t, l)) => (t.trim(), l.trim()),
                    None => (inner.trim(), ""),
                };
                let target = if target.contains(".adoc") {
                    target.trim_end_matches('#').to_owned()
                } else {
                    return Some(Link::Url {
                        target: format!("#{target}"),
                        label: if label.is_empty() {
                            target.to_owned()
                        } else {
                            label.to_owned()
                        },
                    });
                };
                return Some(Link::Xref {
                    target,
                    label: label.to_owned(),
                });
            }
            search = start + 2;
            continue;
        }
        let (kind, body) = if let Some(b) = here.strip_prefix("xref:") {
            ("xref:", b)
        } else if let Some(b) = here.strip_prefix("link:") {
            ("link:", b)
        } else {
            ("", here)
        };
        let target_end = body
            .find(|c: char| c == '[' || c.is_whitespace())
            .unwrap_or(body.len());
        let target = &body[..target_end];
        if target.is_empty() {
            search = start + 1;
            continue;
        }
        if body[target_end..].starts_with('[') {
            let after = &body[target_end + 1..];
            let Some(close) = closing_bracket(after) else {
                if kind.is_empty() {
                    // A URL followed by an unclosed `[`: the URL alone.
                    return Some(Link::Url {
                        target: target.to_owned(),
                        label: String::new(),
                    });
                }
                return Some(Link::Unclosed(if kind == "xref:" {
                    "xref:"
                } else {
                    "link:"
                }));
            };
            let label = link_text(&after[..close]);
            return Some(if kind == "xref:" {
                Link::Xref {
                    target: target.to_owned(),
                    label,
                }
            } else {
                Link::Url {
                    target: target.to_owned(),
                    label,
                }
            });
        }
        // Without brackets only a URL is a link (shown as itself).
        if kind.is_empty() {
            let target = target.trim_end_matches(['.', ',', ';', ')', '!', '?']);
            return Some(Link::Url {
                target: target.to_owned(),
                label: String::new(),
            });
        }
        search = start + kind.len();
    }
    None
}

/// Most candidates (`xref:` escaped or glued to a word, `link:` without brackets) looked
/// past for an item's first link.
const MAX_LINK_CANDIDATES: usize = 64;

/// Longest text whose inline markup is rendered; longer text is shown as written (a
/// title is never this long, and unwrapping marks costs up to its length squared).
const MAX_RENDERED: usize = 4096;

/// The index of the `]` closing a macro's brackets (`\]` escaped).
fn closing_bracket(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b']' => return Some(i),
            _ => i += 1,
        }
    }
    None
}

/// The text of a link from its brackets: with named attributes (`Text, role=x`), the
/// first positional one; else all of it. A trailing `^` (new window) is dropped.
fn link_text(inside: &str) -> String {
    let inside = inside.replace("\\]", "]");
    let text = if inside.contains('=') {
        split_attributes(&inside)
            .into_iter()
            .find(|a| !a.contains('='))
            .unwrap_or_default()
    } else {
        inside
    };
    let text = text.trim();
    let text = text
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .unwrap_or(text);
    text.strip_suffix('^').unwrap_or(text).to_owned()
}

/// An attribute list split at commas outside quotes.
fn split_attributes(text: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut quote: Option<char> = None;
    for c in text.chars() {
        match (quote, c) {
            (None, '"' | '\'') if current.trim().is_empty() => {
                quote = Some(c);
                current.push(c);
            }
            (Some(q), c) if c == q => {
                quote = None;
                current.push(c);
            }
            (None, ',') => parts.push(std::mem::take(&mut current).trim().to_owned()),
            _ => current.push(c),
        }
    }
    parts.push(current.trim().to_owned());
    parts
}

/// The text `AsciiDoc` markup shows: anchors dropped, `*strong*`, `_emphasis_`,
/// `` `code` ``, `#mark#` (and doubled forms, `[.role]#…#`) unwrapped, `+passthrough+`
/// kept as written, entities decoded, white space folded.
fn render(text: &str) -> String {
    if text.len() > MAX_RENDERED {
        return text.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    let mut s = text.to_owned();
    // `[[id]]` and `[[id,text]]` anchors, `anchor:id[]`.
    while let Some(open) = s.find("[[") {
        let Some(close) = s[open..].find("]]") else {
            break;
        };
        s.replace_range(open..open + close + 2, "");
    }
    while let Some(at) = s.find("anchor:") {
        let Some(close) = s[at..].find(']') else {
            break;
        };
        s.replace_range(at..=at + close, "");
    }
    // `[.role]#text#`: the role goes, the marks are unwrapped below.
    while let Some(open) = s.find("[.") {
        let Some(close) = s[open..].find("]#") else {
            break;
        };
        s.replace_range(open..=open + close, "");
    }
    let s = unwrap_marks(&s);
    let s = decode_entities(&s);
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Unwraps paired quote marks: doubled ones anywhere, single ones at word boundaries.
fn unwrap_marks(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let word = |c: Option<&char>| c.is_some_and(|c| c.is_alphanumeric());
    while i < chars.len() {
        let c = chars[i];
        if c == '+' {
            // `+text+` passes its text through as written.
            if let Some(end) = (i + 1..chars.len()).find(|&j| chars[j] == '+')
                && end > i + 1
            {
                out.extend(&chars[i + 1..end]);
                i = end + 1;
                continue;
            }
        }
        if matches!(c, '*' | '_' | '`' | '#') {
            // Unconstrained: `**x**`.
            if chars.get(i + 1) == Some(&c)
                && let Some(end) = (i + 2..chars.len().saturating_sub(1))
                    .find(|&j| chars[j] == c && chars[j + 1] == c)
                && end > i + 2
            {
                out.push_str(&unwrap_marks(&chars[i + 2..end].iter().collect::<String>()));
                i = end + 2;
                continue;
            }
            // Constrained: `*x*` between non-word characters.
            let opens = !word(i.checked_sub(1).and_then(|j| chars.get(j)))
                && chars
                    .get(i + 1)
                    .is_some_and(|n| !n.is_whitespace() && *n != c);
            if opens
                && let Some(end) = (i + 1..chars.len()).find(|&j| {
                    chars[j] == c && !chars[j - 1].is_whitespace() && !word(chars.get(j + 1))
                })
            {
                out.push_str(&unwrap_marks(&chars[i + 1..end].iter().collect::<String>()));
                i = end + 1;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

// ---- the AsciiDoc block parser --------------------------------------------------------------

/// What a line is, for the block parser.
#[derive(Debug)]
enum Kind<'l> {
    Blank,
    Comment,
    /// A delimited block's opening line: `--`, `----`, `....`, `====`, `****`, `////` …
    Delimiter(&'l str),
    ListItem {
        unordered: bool,
        marker: &'l str,
        text: &'l str,
    },
    Continuation,
    Title(&'l str),
    BlockAttributes,
    Text,
}

fn classify(line: &str) -> Kind<'_> {
    let trimmed = line.trim();
    if trimmed.is_empty() {
        return Kind::Blank;
    }
    if line == "+" {
        return Kind::Continuation;
    }
    if is_delimiter(line) {
        return Kind::Delimiter(line);
    }
    if line.starts_with("//") {
        return Kind::Comment;
    }
    if let Some(item) = list_item(line) {
        return item;
    }
    if let Some(title) = line.strip_prefix('.') {
        // `^\.(\.?[^ \t.].*)$`
        let rest = title.strip_prefix('.').unwrap_or(title);
        if rest.starts_with(|c: char| c != ' ' && c != '\t' && c != '.') {
            return Kind::Title(title);
        }
    }
    if line.starts_with('[') && line.ends_with(']') {
        return Kind::BlockAttributes;
    }
    Kind::Text
}

fn is_delimiter(line: &str) -> bool {
    if line == "--" {
        return true;
    }
    if line.starts_with("```") {
        return true;
    }
    if ["|===", ",===", ":===", "!==="]
        .iter()
        .any(|d| line.starts_with(d) && line[1..].bytes().all(|b| b == b'='))
    {
        return true;
    }
    let first = line.as_bytes()[0];
    line.len() >= 4
        && matches!(first, b'-' | b'.' | b'=' | b'*' | b'_' | b'+' | b'/')
        && line.bytes().all(|b| b == first)
}

/// An unordered (`*`…`*****`, `-`, `•`) or ordered (`.`…`.....`, `1.`, `a.`) list item.
fn list_item(line: &str) -> Option<Kind<'_>> {
    let body = line.trim_start_matches([' ', '\t']);
    let marker_len = if body.starts_with('*') {
        body.bytes().take_while(|&b| b == b'*').count()
    } else if body.starts_with('-') {
        1
    } else if body.starts_with('•') {
        body.chars().take_while(|&c| c == '•').count() * '•'.len_utf8()
    } else if body.starts_with('.') {
        body.bytes().take_while(|&b| b == b'.').count()
    } else {
        let digits = body.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && body.as_bytes().get(digits) == Some(&b'.') {
            digits + 1
        } else {
            let letter = body.bytes().next().is_some_and(|b| b.is_ascii_alphabetic());
            if letter && body.as_bytes().get(1) == Some(&b'.') {
                2
            } else {
                return None;
            }
        }
    };
    let marker = &body[..marker_len];
    let rest = &body[marker_len..];
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    let text = rest.trim();
    if text.is_empty() {
        return None;
    }
    let unordered = marker.starts_with(['*', '-', '•']);
    let too_long = if marker.starts_with('•') {
        marker.chars().count() > 5
    } else {
        marker.starts_with(['*', '.']) && marker.len() > 5
    };
    if too_long {
        return None;
    }
    // Ordered markers are all alike to nesting: `1.` and `2.` are one list.
    let marker = if marker.ends_with('.') && !marker.starts_with('.') {
        "1."
    } else {
        marker
    };
    Some(Kind::ListItem {
        unordered,
        marker,
        text,
    })
}

/// A list as the parser builds it.
struct List {
    unordered: bool,
    title: Option<(String, Origin)>,
    items: Vec<Item>,
}

struct Item {
    text: String,
    origin: Origin,
    /// The column of its marker.
    column: usize,
    /// The items of its unordered lists, in order, fused (`getChildListItems`).
    children: Vec<Item>,
}

enum Block {
    List(List),
    /// An open block and its first block when that is an unordered list.
    Open(Option<Box<List>>),
    Other,
}

/// An open list while its items are read: its marker and its items so far.
struct Open {
    unordered: bool,
    marker: String,
    items: Vec<Item>,
}

struct Parser<'p, 'c> {
    site: &'p mut Site<'c>,
    lines: &'p [Line],
    pos: usize,
    attrs: &'p mut HashMap<String, Option<String>>,
}

impl Parser<'_, '_> {
    /// Text with attribute references substituted, unknown ones warned about once.
    fn text(&mut self, text: &str, origin: &Origin) -> String {
        let mut unknown = Vec::new();
        let out = substitute(text, self.attrs, &mut unknown);
        for name in unknown {
            if self.site.unknown.insert(name.clone()) {
                self.site.warn(
                    origin,
                    format!("the attribute `{{{name}}}` is not set in `antora.yml` or this file; left as written (the playbook may set it)"),
                );
            }
        }
        out
    }

    /// The blocks of lines `pos..end`.
    fn blocks(&mut self, end: usize, depth: usize) -> Vec<Block> {
        let mut blocks = Vec::new();
        let mut title: Option<(String, Origin)> = None;
        let lines = self.lines;
        while self.pos < end {
            let line = &lines[self.pos];
            let origin = line.origin.clone();
            match classify(&line.text) {
                Kind::Blank | Kind::Comment | Kind::Continuation | Kind::BlockAttributes => {
                    self.pos += 1;
                }
                Kind::Title(t) => {
                    let t = t.to_owned();
                    self.pos += 1;
                    title = Some((self.text(&t, &origin), origin));
                }
                Kind::Delimiter(d) => {
                    let d = d.to_owned();
                    self.pos += 1;
                    let close = self.closing(&d, end);
                    if d == "--" && depth < 4 {
                        let mut inner = self.blocks(close, depth + 1);
                        let first = match inner.first_mut() {
                            Some(Block::List(_)) => match inner.swap_remove(0) {
                                Block::List(mut list) => {
                                    if list.title.is_none() {
                                        list.title = title.take();
                                    }
                                    Some(Box::new(list))
                                }
                                _ => None,
                            },
                            _ => None,
                        };
                        blocks.push(Block::Open(first));
                    } else {
                        blocks.push(Block::Other);
                    }
                    title = None;
                    self.pos = (close + 1).min(end.max(close));
                }
                Kind::ListItem { .. } => {
                    let list = self.list(end, depth, title.take());
                    blocks.push(Block::List(list));
                }
                Kind::Text => {
                    if let Some((name, value)) = attribute_entry(&line.text) {
                        let value = value.map(|v| self.text(v, &origin));
                        self.attrs.insert(name.to_owned(), value);
                        self.pos += 1;
                        continue;
                    }
                    if line.text.starts_with("= ") || line.text.starts_with("==") {
                        self.pos += 1;
                        continue;
                    }
                    let stars = line
                        .text
                        .trim_start()
                        .bytes()
                        .take_while(|&b| b == b'*')
                        .count();
                    if stars > 5 && line.text.trim_start()[stars..].starts_with(' ') {
                        self.site.warn(&origin, format!("`*` × {stars} is not a list marker (AsciiDoc allows at most five `*`); read as text"));
                    }
                    // A paragraph: up to the next blank line.
                    while self.pos < end
                        && !matches!(
                            classify(&self.lines[self.pos].text),
                            Kind::Blank | Kind::Delimiter(_)
                        )
                    {
                        self.pos += 1;
                    }
                    blocks.push(Block::Other);
                    title = None;
                }
            }
        }
        blocks
    }

    /// The index of the line closing the delimited block opened by `delimiter` (the line
    /// before `self.pos`), `end` when it is never closed.
    fn closing(&self, delimiter: &str, end: usize) -> usize {
        let fence = delimiter.starts_with("```");
        (self.pos..end)
            .find(|&i| {
                let t = &self.lines[i].text;
                if fence {
                    t.starts_with("```")
                } else {
                    t == delimiter
                }
            })
            .unwrap_or(end)
    }

    /// A list starting at the current line, with everything nested in it, up to the line
    /// that ends it.
    #[expect(
        clippy::too_many_lines,
        reason = "one state machine with a case per kind of line"
    )]
    fn list(&mut self, end: usize, depth: usize, title: Option<(String, Origin)>) -> List {
        let mut stack: Vec<Open> = Vec::new();
        let mut blank = false;
        // `Some(true)`: a detached `+` (after a blank line): the next block goes to the
        // outermost item; `Some(false)`: to the innermost.
        let mut continuation: Option<bool> = None;
        let lines = self.lines;
        let first_unordered = matches!(
            classify(&lines[self.pos].text),
            Kind::ListItem {
                unordered: true,
                ..
            }
        );
        while self.pos < end {
            let line = &lines[self.pos];
            let origin = line.origin.clone();
            match classify(&line.text) {
                Kind::ListItem {
                    unordered,
                    marker,
                    text,
                } => {
                    let marker = marker.to_owned();
                    let text = self.text(text, &origin);
                    self.pos += 1;
                    let column = line
                        .text
                        .chars()
                        .take_while(|c| matches!(c, ' ' | '\t'))
                        .count()
                        + 1;
                    let item = Item {
                        text,
                        origin,
                        column,
                        children: Vec::new(),
                    };
                    match stack
                        .iter()
                        .rposition(|l| l.unordered == unordered && l.marker == marker)
                    {
                        Some(i) => {
                            close_to(&mut stack, i + 1);
                            stack[i].items.push(item);
                        }
                        None if stack.len() >= MAX_DEPTH + 2 => {
                            // Deeper than any tree navdiff keeps: one more sibling.
                            if let Some(last) = stack.last_mut() {
                                last.items.push(item);
                            }
                        }
                        None => stack.push(Open {
                            unordered,
                            marker,
                            items: vec![item],
                        }),
                    }
                    blank = false;
                    continuation = None;
                }
                Kind::Continuation => {
                    self.pos += 1;
                    continuation = Some(blank);
                    blank = false;
                }
                Kind::Blank => {
                    self.pos += 1;
                    blank = true;
                }
                Kind::Delimiter(d) => {
                    let Some(detached) = continuation else {
                        // A delimited block not attached by `+` ends the list.
                        break;
                    };
                    let d = d.to_owned();
                    self.pos += 1;
                    let close = self.closing(&d, end);
                    let attached = if d == "--" && depth < 4 {
                        let inner = self.blocks(close, depth + 1);
                        match inner.into_iter().next() {
                            Some(Block::List(list)) if list.unordered => list.items,
                            _ => Vec::new(),
                        }
                    } else {
                        Vec::new()
                    };
                    self.pos = (close + 1).min(end.max(close));
                    let target = if detached {
                        0
                    } else {
                        stack.len().saturating_sub(1)
                    };
                    if !attached.is_empty() {
                        // The open lists above the target close first: they come before.
                        close_to(&mut stack, target + 1);
                        if let Some(item) = stack.get_mut(target).and_then(|l| l.items.last_mut()) {
                            item.children.extend(attached);
                        }
                    }
                    continuation = None;
                    blank = false;
                }
                Kind::Comment => {
                    self.pos += 1;
                    if blank {
                        // A line comment after a blank line separates lists.
                        break;
                    }
                }
                Kind::Text
                    if blank && continuation.is_none() && line.text.starts_with([' ', '\t']) =>
                {
                    // An indented (literal) paragraph after a blank line stays in the item.
                    while self.pos < end
                        && !matches!(classify(&self.lines[self.pos].text), Kind::Blank)
                    {
                        self.pos += 1;
                    }
                }
                Kind::Text | Kind::Title(_) | Kind::BlockAttributes => {
                    if continuation.is_some() {
                        // An attached paragraph or block metadata: part of the item, not
                        // of the menu.
                        self.pos += 1;
                        if matches!(classify(&line.text), Kind::Text) {
                            while self.pos < end
                                && matches!(classify(&self.lines[self.pos].text), Kind::Text)
                            {
                                self.pos += 1;
                            }
                            continuation = None;
                        }
                        continue;
                    }
                    if blank {
                        break;
                    }
                    // More text of the innermost item.
                    let text = self.text(line.text.trim(), &origin);
                    self.pos += 1;
                    if let Some(item) = stack.last_mut().and_then(|l| l.items.last_mut()) {
                        item.text.push(' ');
                        item.text.push_str(&text);
                    }
                }
            }
        }
        close_to(&mut stack, 1);
        let items = stack.pop().map(|l| l.items).unwrap_or_default();
        List {
            unordered: first_unordered,
            title,
            items,
        }
    }
}

/// Closes the open lists above the first `keep`, each becoming (when unordered) children
/// of the last item of the list below it.
fn close_to(stack: &mut Vec<Open>, keep: usize) {
    while stack.len() > keep.max(1) {
        let Some(list) = stack.pop() else { break };
        if !list.unordered {
            // An ordered list and everything in it are not part of the menu.
            continue;
        }
        if let Some(parent) = stack.last_mut().and_then(|l| l.items.last_mut()) {
            parent.children.extend(list.items);
        }
    }
}

/// The warning for an xref whose page is not in the repository: an Antora extension may add
/// pages at build time (Antora Collector), so what the site shows is not known.
fn missing_page(id: &str, title: &str) -> String {
    format!(
        "`{id}` is not a page of this component version in the repository (an extension may add it at build time; navdiff cannot tell): titled `{title}`"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_as_antora_partitions_them() {
        let link = |t: &str| match first_link(t) {
            Some(Link::Xref { target, label }) => format!("xref {target} [{label}]"),
            Some(Link::Url { target, label }) => format!("url {target} [{label}]"),
            Some(Link::Unclosed(k)) => format!("unclosed {k}"),
            None => "none".into(),
        };
        assert_eq!(
            link("Read xref:a.adoc[the policies] first"),
            "xref a.adoc [the policies]"
        );
        assert_eq!(link("xref:a.adoc[A] xref:b.adoc[B]"), "xref a.adoc [A]");
        assert_eq!(
            link("https://x.org/a[Forum]"),
            "url https://x.org/a [Forum]"
        );
        assert_eq!(link("https://x.org/a"), "url https://x.org/a []");
        assert_eq!(link("link:#[Top]"), "url # [Top]");
        assert_eq!(
            link("xref:a.adoc[Home, role=\"x\", window=_blank]"),
            "xref a.adoc [Home]"
        );
        assert_eq!(
            link("xref:a.adoc[Release 3, revised]"),
            "xref a.adoc [Release 3, revised]"
        );
        assert_eq!(link("<<b.adoc#,B>>"), "xref b.adoc [B]");
        assert_eq!(link("xref:a.adoc["), "unclosed xref:");
        assert_eq!(link("\\xref:a.adoc[A]"), "none");
        assert_eq!(link("Tools"), "none");
        assert_eq!(link("é xref:é.adoc[é,role=é]"), "xref é.adoc [é]");
    }

    #[test]
    fn markup_is_rendered_away() {
        assert_eq!(render("_Operator Guide_"), "Operator Guide");
        assert_eq!(render("*Commands*"), "Commands");
        assert_eq!(render("Start (`run`)"), "Start (run)");
        assert_eq!(render("[[ref-tools]]Tools"), "Tools");
        assert_eq!(render("Stop &amp; clean up"), "Stop & clean up");
        assert_eq!(render("a * b * c"), "a * b * c");
        assert_eq!(render("snake_case_name"), "snake_case_name");
        assert_eq!(render("**bold**er"), "bolder");
        assert_eq!(render("[.role]#marked#"), "marked");
        assert_eq!(render("+*kept*+"), "*kept*");
    }

    #[test]
    fn markers_and_lines() {
        assert!(matches!(
            list_item(" ** x"),
            Some(Kind::ListItem {
                marker: "**",
                unordered: true,
                ..
            })
        ));
        assert!(list_item("****** x").is_none());
        assert!(matches!(
            list_item(". x"),
            Some(Kind::ListItem {
                unordered: false,
                ..
            })
        ));
        assert!(matches!(
            list_item("2. x"),
            Some(Kind::ListItem { marker: "1.", .. })
        ));
        assert!(list_item("*x").is_none());
        assert!(is_delimiter("--"));
        assert!(is_delimiter("----"));
        assert!(is_delimiter("****"));
        assert!(!is_delimiter("**** x"));
        assert_eq!(
            attribute_entry(":page-partial:"),
            Some(("page-partial", Some("")))
        );
        assert_eq!(attribute_entry(":x!:"), Some(("x", None)));
        assert_eq!(attribute_entry(":é:"), Some(("é", Some(""))));
        assert_eq!(attribute_entry(": x"), None);
    }
}
