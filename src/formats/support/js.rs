//! JavaScript and TypeScript configuration read statically: the one module that uses oxc.
//!
//! Docusaurus sidebars and VitePress configs are code, but almost always a literal: an
//! object of arrays of strings and objects, sometimes behind a `const`, a `defineConfig(…)`
//! call, a helper function that returns a literal, or an `import` of a sibling module. This
//! module parses the file with oxc and evaluates that subset into a [`Js`] value without
//! running anything:
//!
//! - literals, arrays, objects (computed keys that are known strings included), spreads of
//!   known values, template strings whose substitutions are known, `+` on strings and
//!   numbers, unary `-`, TypeScript `as` / `satisfies` / `!`;
//! - identifiers bound by `const`/`let`/`var` to such a value in the same module, unless
//!   the module changes them later (`x.push(…)`, `x = …`), and destructured bindings;
//! - member access (`config.themeConfig`, `sidebars['docs']`) on known objects;
//! - calls: `define…(x)`, `extend…(x)` and `with…(x)` wrappers of an imported or unknown
//!   function are their argument (with a warning unless the name starts with `define`);
//!   a local function or arrow without parameters whose body ends in `return x` is `x`;
//!   `require.resolve('./x')` and `path.resolve(__dirname, 'x')` are the path;
//! - relative `import`s and `require(…)`s of sibling modules (`.ts`, `.mts`, `.js`, `.mjs`,
//!   `.cjs`, `.json`, `index.*`), read through the reader's [`FileAccess`], inside the
//!   repository.
//!
//! Anything else becomes [`JsKind::Opaque`], which the readers report as a warning naming
//! the expression and its line: never a crash and never a false "missing".
//!
//! The work is bounded whatever the input (issue 11): before oxc sees a file, `scan.rs`
//! bounds how deeply its recursive-descent parser can recurse (brackets and bracket-free
//! chains alike), and the parse and evaluation run on a thread with a stack far larger than
//! that bound needs. Evaluation is bounded by steps, by the nodes and string bytes it may
//! produce, and by the number of modules; a value that refers to itself (`const a = [a,
//! a]`, a function that calls itself) is an error, as is a value that outgrows the budget
//! (doubling chains). oxc's API changes often (it is pinned to an exact version): keep it
//! in here.

mod scan;

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use std::sync::{Arc, mpsc};

use oxc_allocator::Allocator;
use oxc_ast::ast::{
    ArrayExpressionElement, ArrowFunctionBody, AssignmentTarget, BindingPattern, Declaration,
    ExportDefaultDeclarationKind, Expression, Function, ImportDeclarationSpecifier,
    ModuleExportName, ObjectPropertyKind, Program, PropertyKind, Statement,
};
use oxc_parser::Parser;
use oxc_span::{GetSpan, SourceType};

use crate::error::{Error, Result};
use crate::formats::support::FileAccess;
use crate::formats::support::{LineIndex, join_path, parent_dir};
use crate::model::{Location, Node, Warning};

/// Deepest evaluation (values inside values, references, calls) before a value is left
/// opaque.
const MAX_EVAL_DEPTH: usize = 200;

/// Evaluation steps (expressions visited) before evaluation stops with an error.
const MAX_STEPS: usize = 1_000_000;

/// Values (array items, object properties, scalars) evaluation may produce: about what a
/// JSON file of the size limit (16 `MiB`) holds.
const MAX_NODES: usize = 500_000;

/// Bytes of string evaluation may produce.
const MAX_STRING_BYTES: usize = 16 << 20;

/// Modules one evaluation may read (the nav file included).
const MAX_MODULES: usize = 32;

/// The stack of the thread that parses and evaluates: far more than the parser needs
/// within `scan.rs`'s bound (about 3 `KiB` a level in a debug build), and reserved, not
/// used, until needed.
const STACK_SIZE: usize = 256 << 20;

/// A value, with the line it starts on.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Js {
    pub(crate) kind: JsKind,
    /// The line of the nav file messages name for this value: where it is written, or for
    /// a value of another module, the line that uses it (0: none).
    pub(crate) line: usize,
    /// Where the value itself is written, whichever module that is: what a node's
    /// location says.
    pub(crate) at: Pos,
}

/// Where a value is written: its module (`None` for the module evaluated, else the path of
/// the module it comes from) and its 1-based line and column; line 0 for a value that is
/// written nowhere (made up by a reader).
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Pos {
    pub(crate) module: Option<Arc<str>>,
    pub(crate) line: usize,
    pub(crate) column: usize,
}

/// What a value is.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum JsKind {
    Null,
    Bool(bool),
    Number(f64),
    Str(String),
    Array(Vec<Js>),
    /// Properties in source order (a later duplicate key wins in [`Js::get`]).
    Object(Vec<(String, Js)>),
    /// Something only running the code would tell: what it is, for the warning.
    Opaque(String),
}

impl Js {
    pub(crate) fn get(&self, key: &str) -> Option<&Js> {
        match &self.kind {
            JsKind::Object(props) => props.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub(crate) fn as_str(&self) -> Option<&str> {
        match &self.kind {
            JsKind::Str(s) => Some(s),
            _ => None,
        }
    }

    pub(crate) fn as_array(&self) -> Option<&[Js]> {
        match &self.kind {
            JsKind::Array(items) => Some(items),
            _ => None,
        }
    }

    pub(crate) fn as_object(&self) -> Option<&[(String, Js)]> {
        match &self.kind {
            JsKind::Object(props) => Some(props),
            _ => None,
        }
    }

    /// A string, number or boolean as text.
    pub(crate) fn as_text(&self) -> Option<String> {
        match &self.kind {
            JsKind::Str(s) => Some(s.clone()),
            JsKind::Number(n) => Some(number_text(*n)),
            JsKind::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// The number of values in this one (itself included).
    fn size(&self) -> usize {
        let mut count = 0;
        let mut stack = vec![self];
        while let Some(v) = stack.pop() {
            count += 1;
            match &v.kind {
                JsKind::Array(items) => stack.extend(items),
                JsKind::Object(props) => stack.extend(props.iter().map(|(_, v)| v)),
                _ => {}
            }
        }
        count
    }

    /// Where this value is written, as a node's location: `root` is the path of the module
    /// that was evaluated and `nav` the nav file's (a place in another file names it).
    pub(crate) fn location(&self, root: &str, nav: &str) -> Option<Location> {
        if self.at.line == 0 {
            return None;
        }
        let file = self.at.module.as_deref().unwrap_or(root);
        Some(if file == nav {
            Location::new(self.at.line, self.at.column)
        } else {
            Location::in_file(file, self.at.line, self.at.column)
        })
    }

    /// Names `path` as the module of this value and of every value in it that is written
    /// in the module evaluated: for a value of one evaluation used in another.
    pub(crate) fn written_in(&mut self, path: &str) {
        let path: Arc<str> = Arc::from(path);
        let mut stack = vec![self];
        while let Some(v) = stack.pop() {
            if v.at.module.is_none() {
                v.at.module = Some(Arc::clone(&path));
            }
            match &mut v.kind {
                JsKind::Array(items) => stack.extend(items.iter_mut()),
                JsKind::Object(props) => stack.extend(props.iter_mut().map(|(_, v)| v)),
                _ => {}
            }
        }
    }

    /// Sets the line of this value and of every value in it (0: no line in the nav file);
    /// where each is written ([`Js::at`]) stays.
    pub(crate) fn relocate(&mut self, line: usize) {
        let mut stack = vec![self];
        while let Some(v) = stack.pop() {
            v.line = line;
            match &mut v.kind {
                JsKind::Array(items) => stack.extend(items.iter_mut()),
                JsKind::Object(props) => stack.extend(props.iter_mut().map(|(_, v)| v)),
                _ => {}
            }
        }
    }
}

/// A number as JavaScript prints it (`1`, not `1.0`).
fn number_text(n: f64) -> String {
    if n.is_finite() && n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{n:.0}")
    } else {
        n.to_string()
    }
}

/// The node for a value navdiff cannot expand (something only running the code would
/// tell), with a warning that says what it was and where.
pub(crate) fn opaque_node(value: &Js, warnings: &mut Vec<Warning>) -> Node {
    let what = match &value.kind {
        JsKind::Opaque(what) => what.clone(),
        _ => "a value that is not a sidebar item".into(),
    };
    warnings.push(Warning::new(
        (value.line > 0).then_some(value.line),
        format!("{what}: kept as one node, not expanded"),
    ));
    Node::new("(computed)", None, Vec::new())
}

/// A module's exported value, and what evaluating it passed over.
#[derive(Debug)]
pub(crate) struct Evaluated {
    pub(crate) value: Js,
    pub(crate) warnings: Vec<Warning>,
}

/// The value the module at `path` exports (`module.exports = …` or `export default …`,
/// else its first `export const`), with `text` its contents and `name` its name in
/// messages. Relative imports are read through `files` when it is at hand.
pub(crate) fn evaluate(
    name: &str,
    path: &str,
    text: &str,
    files: Option<&dyn FileAccess>,
) -> Result<Evaluated> {
    let can_read = files.is_some();
    on_big_stack(name, files, move |read| {
        let allocator = Allocator::default();
        let mut eval = Evaluator::new(&allocator, read);
        eval.can_read = can_read;
        let module = eval.load_root(name, path, text, Kind::from_path(path))?;
        let value = eval.exported(module, "the module")?;
        Ok(Evaluated {
            value,
            warnings: eval.warnings.into_inner(),
        })
    })
}

/// [`evaluate`] without other files, for a module read on its own.
#[cfg(test)]
pub(crate) fn exported_value(name: &str, path: &str, text: &str) -> Result<Js> {
    evaluate(name, path, text, None).map(|e| e.value)
}

/// Reads a JSON file as the same kind of value, with lines.
pub(crate) fn json_value(name: &str, text: &str) -> Result<Js> {
    on_big_stack(name, None, |read| {
        let allocator = Allocator::default();
        let eval = Evaluator::new(&allocator, read);
        let module = eval.load_root(name, name, text, Kind::Json)?;
        eval.exported(module, "the file")
    })
}

/// Runs `work` on a thread with a [`STACK_SIZE`] stack; the files it asks for through its
/// argument are read on this thread (file access need not be `Send`).
fn on_big_stack<T: Send>(
    name: &str,
    files: Option<&dyn FileAccess>,
    work: impl FnOnce(&dyn Fn(&str) -> Result<Option<String>>) -> Result<T> + Send,
) -> Result<T> {
    let (ask, asked) = mpsc::channel::<String>();
    let (answer, answered) = mpsc::channel::<Result<Option<String>>>();
    std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .name("navdiff-js".into())
            .stack_size(STACK_SIZE)
            .spawn_scoped(scope, move || {
                let read = move |path: &str| -> Result<Option<String>> {
                    if ask.send(path.to_owned()).is_err() {
                        return Ok(None);
                    }
                    answered.recv().unwrap_or(Ok(None))
                };
                work(&read)
            })
            .map_err(|e| {
                Error::invalid(
                    name,
                    format!("cannot start a thread to read JavaScript: {e}"),
                )
            })?;
        for path in asked {
            let result = match files {
                Some(files) => files.read_text(&path),
                None => Ok(None),
            };
            if answer.send(result).is_err() {
                break;
            }
        }
        match worker.join() {
            Ok(result) => result,
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

/// How a module's text is parsed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Script(SourceType),
    Json,
}

impl Kind {
    fn from_path(path: &str) -> Kind {
        let lower = path.to_ascii_lowercase();
        if std::path::Path::new(&lower)
            .extension()
            .is_some_and(|e| e == "json")
        {
            return Kind::Json;
        }
        // JSX is never needed in a config and would make `<` ambiguous: it stays off. A file
        // whose name gives no language (read by content alone) is read as TypeScript, which
        // takes in the JavaScript configs are written in.
        let js = [".js", ".mjs", ".cjs", ".jsx"]
            .iter()
            .any(|e| lower.ends_with(e));
        let ts = !js;
        Kind::Script(if ts {
            SourceType::ts()
        } else {
            SourceType::mjs()
        })
    }
}

/// What a module-level name is bound to.
#[derive(Clone, Copy)]
enum Binding<'a> {
    /// `const x = value`.
    Value(&'a Expression<'a>, u32),
    /// `const { key: x } = value` (or `const [x] = …`, which stays opaque).
    Member(&'a Expression<'a>, Option<&'a str>, u32),
    /// `function x() { … }`.
    Function(&'a Function<'a>),
    /// `import x from 'source'` (`None`: the default export; `Some("*")`: the namespace).
    Import(&'a str, Option<&'a str>),
    /// Declared without a value, or with a pattern navdiff does not follow.
    Unknown(u32),
}

/// What a module exports under one name.
#[derive(Clone, Copy)]
enum Export<'a> {
    /// A module-level binding.
    Local(&'a str),
    /// An expression (`export default …`, `module.exports = …`).
    Expr(&'a Expression<'a>),
    /// `export default function () {…}`.
    Function(&'a Function<'a>),
    /// `export { x } from './y'`.
    From(&'a str, &'a str),
}

/// One parsed module.
struct Module<'a> {
    /// Its name in messages.
    name: String,
    /// Its path in the repository (`/`-separated), for relative imports.
    path: String,
    /// The same, shared by the positions of its values (`None` for the module evaluated).
    file: Option<Arc<str>>,
    text: &'a str,
    lines: LineIndex,
    bindings: HashMap<&'a str, Binding<'a>>,
    exports: HashMap<&'a str, Export<'a>>,
    default: Option<Export<'a>>,
    /// `exports.x = …` and `module.exports.x = …`, in order.
    export_props: Vec<(&'a str, &'a Expression<'a>)>,
    /// The first `export const`, read when there is no default export.
    first_named: Option<&'a str>,
    /// Names the module changes after declaring them, found on first need.
    changed: RefCell<Option<HashSet<String>>>,
    /// Byte offsets of the names declared at the top level, which are not changes.
    declared_at: Vec<usize>,
}

/// An object's properties while it is built: a repeated key keeps its first place and
/// takes the later value, as in JavaScript.
#[derive(Default)]
struct Props {
    list: Vec<(String, Js)>,
    index: HashMap<String, usize>,
}

impl Props {
    fn set(&mut self, key: String, value: Js) {
        if let Some(&i) = self.index.get(&key) {
            self.list[i].1 = value;
        } else {
            self.index.insert(key.clone(), self.list.len());
            self.list.push((key, value));
        }
    }

    /// A property whose name is not known: kept, under no name, for its warning.
    fn unnamed(&mut self, value: Js) {
        self.list.push((String::new(), value));
    }
}

/// Where an expression is evaluated: its module and the locals of the function whose
/// `return` it is.
#[derive(Clone, Copy)]
struct Scope<'s, 'a> {
    module: usize,
    locals: &'s [(&'a str, &'a Expression<'a>)],
}

/// A memoised binding or call: `(module, name)`, with `()` appended for calls.
type Key = (usize, String);

struct Evaluator<'a, 'r> {
    alloc: &'a Allocator,
    read: &'r dyn Fn(&str) -> Result<Option<String>>,
    modules: RefCell<Vec<Rc<Module<'a>>>>,
    by_path: RefCell<HashMap<String, usize>>,
    memo: RefCell<HashMap<Key, (Rc<Js>, usize)>>,
    active: RefCell<Vec<Key>>,
    steps: Cell<usize>,
    nodes: Cell<usize>,
    bytes: Cell<usize>,
    warnings: RefCell<Vec<Warning>>,
    /// Wrappers already warned about, by name.
    wrappers: RefCell<HashSet<String>>,
    /// Other files can be read (else relative imports stay opaque, without a warning).
    can_read: bool,
}

impl<'a, 'r> Evaluator<'a, 'r> {
    fn new(alloc: &'a Allocator, read: &'r dyn Fn(&str) -> Result<Option<String>>) -> Self {
        Evaluator {
            alloc,
            read,
            modules: RefCell::new(Vec::new()),
            by_path: RefCell::new(HashMap::new()),
            memo: RefCell::new(HashMap::new()),
            active: RefCell::new(Vec::new()),
            steps: Cell::new(0),
            nodes: Cell::new(0),
            bytes: Cell::new(0),
            warnings: RefCell::new(Vec::new()),
            wrappers: RefCell::new(HashSet::new()),
            can_read: false,
        }
    }

    fn module(&self, index: usize) -> Rc<Module<'a>> {
        Rc::clone(&self.modules.borrow()[index])
    }

    // ---- loading -------------------------------------------------------------------

    fn load_root(&self, name: &str, path: &str, text: &str, kind: Kind) -> Result<usize> {
        self.parse(name, path.to_owned(), text, kind)
    }

    /// Parses `text` into a new module; syntax errors name `name`, line and column.
    fn parse(&self, name: &str, path: String, text: &str, kind: Kind) -> Result<usize> {
        scan::check(name, text)?;
        let text: &'a str = self.alloc.alloc_str(text);
        let lines = LineIndex::new(text);
        let syntax_error = |offset: u32, message: String| {
            let (line, column) = lines.line_column(text, offset as usize);
            Error::syntax(name, text, line, column, message)
        };
        let first = self.modules.borrow().is_empty();
        let mut module = Module {
            name: name.to_owned(),
            file: (!first).then(|| Arc::from(path.as_str())),
            path,
            text,
            lines: LineIndex::new(text),
            bindings: HashMap::new(),
            exports: HashMap::new(),
            default: None,
            export_props: Vec::new(),
            first_named: None,
            changed: RefCell::new(None),
            declared_at: Vec::new(),
        };
        match kind {
            Kind::Json => {
                let parsed = Parser::new(self.alloc, text, SourceType::mjs()).parse_expression();
                match parsed {
                    Ok(expr) => {
                        let expr: &'a Expression<'a> = self.alloc.alloc(expr);
                        module.default = Some(Export::Expr(expr));
                    }
                    Err(diagnostics) => {
                        let err = diagnostics.first();
                        let offset = err
                            .and_then(|e| e.labels.first())
                            .map_or(0, oxc_span::LabeledSpan::offset);
                        let message = err.map_or_else(
                            || "invalid JSON".to_owned(),
                            |e| format!("invalid JSON: {}", e.message),
                        );
                        return Err(syntax_error(offset, message));
                    }
                }
            }
            Kind::Script(source_type) => {
                let ret = Parser::new(self.alloc, text, source_type).parse();
                if let Some(err) = ret.diagnostics.errors().next() {
                    let offset = err.labels.first().map_or(0, oxc_span::LabeledSpan::offset);
                    return Err(syntax_error(
                        offset,
                        format!("invalid JavaScript: {}", err.message),
                    ));
                }
                let program: &'a Program<'a> = self.alloc.alloc(ret.program);
                for stmt in &program.body {
                    module.collect(stmt);
                }
            }
        }
        let mut modules = self.modules.borrow_mut();
        modules.push(Rc::new(module));
        Ok(modules.len() - 1)
    }

    /// The module `specifier` names, imported from module `from`: `None` when it is a
    /// package, outside the repository, or not found.
    fn import(&self, from: usize, specifier: &str, line: usize) -> Result<Option<usize>> {
        if !(specifier.starts_with("./") || specifier.starts_with("../")) || !self.can_read {
            return Ok(None);
        }
        let base = parent_dir(&self.module(from).path).to_owned();
        let Some(joined) = join_path(&base, specifier) else {
            self.warn(
                from,
                line,
                format!("`{specifier}` is outside the repository; not read"),
            );
            return Ok(None);
        };
        let mut candidates = Vec::new();
        let has_ext = [".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".json"]
            .iter()
            .any(|e| joined.ends_with(e));
        if has_ext {
            candidates.push(joined.clone());
            // TypeScript projects import `./x.js` for `./x.ts`.
            for (js, ts) in [(".js", ".ts"), (".mjs", ".mts"), (".cjs", ".cts")] {
                if let Some(stem) = joined.strip_suffix(js) {
                    candidates.push(format!("{stem}{ts}"));
                }
            }
        } else {
            for ext in ["ts", "mts", "js", "mjs", "cjs", "cts", "json"] {
                candidates.push(format!("{joined}.{ext}"));
            }
            for ext in ["ts", "js", "mts", "mjs"] {
                candidates.push(format!("{joined}/index.{ext}"));
            }
        }
        for path in candidates {
            if let Some(&index) = self.by_path.borrow().get(&path) {
                return Ok(Some(index));
            }
            if self.modules.borrow().len() >= MAX_MODULES {
                self.warn(
                    from,
                    line,
                    format!("`{specifier}` not read: more than {MAX_MODULES} modules"),
                );
                return Ok(None);
            }
            let Some(text) = (self.read)(&path)? else {
                continue;
            };
            let index = self.parse(&path, path.clone(), &text, Kind::from_path(&path))?;
            self.by_path.borrow_mut().insert(path, index);
            return Ok(Some(index));
        }
        self.warn(
            from,
            line,
            format!(
                "`{specifier}` was not found beside `{}`",
                self.module(from).path
            ),
        );
        Ok(None)
    }

    // ---- budget and messages ---------------------------------------------------------

    fn line(&self, module: usize, offset: u32) -> usize {
        self.modules.borrow()[module].lines.line(offset as usize)
    }

    /// Where byte `offset` of `module` is.
    fn pos(&self, module: usize, offset: u32) -> Pos {
        let modules = self.modules.borrow();
        let m = &modules[module];
        let (line, column) = m.lines.line_column(m.text, offset as usize);
        Pos {
            module: m.file.clone(),
            line,
            column,
        }
    }

    fn fail(&self, module: usize, offset: u32, message: String) -> Error {
        let m = self.module(module);
        let (line, column) = m.lines.line_column(m.text, offset as usize);
        Error::syntax(&m.name, m.text, line, column, message)
    }

    fn step(&self, module: usize, offset: u32) -> Result<()> {
        let steps = self.steps.get() + 1;
        self.steps.set(steps);
        if steps > MAX_STEPS {
            return Err(self.fail(
                module,
                offset,
                format!(
                    "evaluating this takes more than {MAX_STEPS} steps; navdiff stops here (a value that doubles on every reference?)"
                ),
            ));
        }
        Ok(())
    }

    fn charge(&self, module: usize, offset: u32, nodes: usize, bytes: usize) -> Result<()> {
        let n = self.nodes.get().saturating_add(nodes);
        let b = self.bytes.get().saturating_add(bytes);
        self.nodes.set(n);
        self.bytes.set(b);
        if n > MAX_NODES || b > MAX_STRING_BYTES {
            return Err(self.fail(
                module,
                offset,
                format!(
                    "this value grows past {MAX_NODES} values or {} MiB of text; navdiff stops here (a value that doubles on every reference?)",
                    MAX_STRING_BYTES >> 20
                ),
            ));
        }
        Ok(())
    }

    /// A warning about `line` of `module`: on that line in the nav file, else naming the
    /// module.
    fn warn(&self, module: usize, line: usize, message: String) {
        let warning = if module == 0 {
            Warning::new(Some(line), message)
        } else {
            Warning::new(
                None,
                format!("`{}` line {line}: {message}", self.module(module).path),
            )
        };
        self.warnings.borrow_mut().push(warning);
    }

    /// An opaque value at `offset` of `module`; outside the nav file, the description says
    /// where.
    fn opaque(&self, module: usize, offset: u32, what: impl Into<String>) -> Js {
        let line = self.line(module, offset);
        let mut what = what.into();
        if module != 0 {
            what = format!("{what} (`{}` line {line})", self.module(module).path);
        }
        Js {
            kind: JsKind::Opaque(what),
            line,
            at: self.pos(module, offset),
        }
    }

    // ---- exports ---------------------------------------------------------------------

    /// What a module exports as a whole: its default export, `module.exports`, else its
    /// `exports.x = …` properties, else its first `export const`.
    fn exported(&self, index: usize, what: &str) -> Result<Js> {
        let module = self.module(index);
        if let Some(export) = module.default {
            return self.export_value(index, export, 0, None);
        }
        if !module.export_props.is_empty() {
            let mut props = Vec::new();
            for (key, expr) in &module.export_props {
                let value = self.eval(
                    expr,
                    Scope {
                        module: index,
                        locals: &[],
                    },
                    0,
                )?;
                props.push(((*key).to_owned(), value));
            }
            let offset = module.export_props[0].1.span().start;
            self.charge(index, offset, 1, 0)?;
            return Ok(Js {
                kind: JsKind::Object(props),
                line: self.line(index, offset),
                at: self.pos(index, offset),
            });
        }
        if let Some(name) = module.first_named
            && let Some(export) = module.exports.get(name).copied()
        {
            return self.export_value(index, export, 0, None);
        }
        Err(Error::invalid(
            &module.name,
            format!(
                "no `module.exports = …`, `export default …` or `export const …` to read in {what}"
            ),
        ))
    }

    /// The value of `export` of module `index`; `line` is where it is referenced from
    /// another module, for its values' lines.
    fn export_value(
        &self,
        index: usize,
        export: Export<'a>,
        depth: usize,
        line: Option<usize>,
    ) -> Result<Js> {
        let scope = Scope {
            module: index,
            locals: &[],
        };
        let mut value = match export {
            Export::Local(name) => {
                let offset = self.module(index).declared_offset(name);
                self.identifier(name, scope, offset, depth)?
            }
            Export::Expr(expr) => self.eval(expr, scope, depth)?,
            Export::Function(f) => self.call_function(f, None, scope, depth, f.span.start)?,
            Export::From(source, name) => {
                let offset = 0;
                let at = self.line(index, offset);
                match self.import(index, source, at)? {
                    Some(m) => self.named_export(m, name, depth + 1, at)?,
                    None => {
                        self.opaque(index, offset, format!("`{name}`, exported from `{source}`"))
                    }
                }
            }
        };
        if let Some(line) = line {
            value.relocate(line);
        }
        Ok(value)
    }

    /// Export `name` of module `index` (`"default"` for the default export, `"*"` for the
    /// namespace object).
    fn named_export(&self, index: usize, name: &str, depth: usize, line: usize) -> Result<Js> {
        if depth > MAX_EVAL_DEPTH {
            return Ok(Js {
                kind: JsKind::Opaque("imports nested too deeply".into()),
                line,
                at: self.pos(index, 0),
            });
        }
        let module = self.module(index);
        let mut value = if name == "default" {
            if module.default.is_some() || !module.export_props.is_empty() {
                self.exported(index, "the module")?
            } else {
                Js {
                    kind: JsKind::Opaque(format!(
                        "the default export of `{}`, which has none",
                        module.path
                    )),
                    line,
                    at: self.pos(index, 0),
                }
            }
        } else if name == "*" {
            let mut props = Vec::new();
            let mut names: Vec<&str> = module.exports.keys().copied().collect();
            names.sort_unstable();
            for n in names {
                let export = module.exports[n];
                props.push((
                    n.to_owned(),
                    self.export_value(index, export, depth + 1, None)?,
                ));
            }
            Js {
                kind: JsKind::Object(props),
                line,
                at: self.pos(index, 0),
            }
        } else if let Some(export) = module.exports.get(name).copied() {
            self.export_value(index, export, depth + 1, None)?
        } else if let Some((_, expr)) = module.export_props.iter().rev().find(|(k, _)| *k == name) {
            self.eval(
                expr,
                Scope {
                    module: index,
                    locals: &[],
                },
                depth + 1,
            )?
        } else {
            Js {
                kind: JsKind::Opaque(format!("`{name}`, which `{}` does not export", module.path)),
                line,
                at: self.pos(index, 0),
            }
        };
        value.relocate(line);
        Ok(value)
    }

    // ---- evaluation --------------------------------------------------------------------

    #[expect(
        clippy::too_many_lines,
        reason = "one evaluator with a case per kind of expression"
    )]
    fn eval(&self, expr: &'a Expression<'a>, scope: Scope<'_, 'a>, depth: usize) -> Result<Js> {
        let start = expr.span().start;
        let m = scope.module;
        self.step(m, start)?;
        if depth > MAX_EVAL_DEPTH {
            return Ok(self.opaque(m, start, "a value nested too deeply"));
        }
        let line = self.line(m, start);
        let pos = self.pos(m, start);
        let at = |kind| Js {
            kind,
            line,
            at: pos.clone(),
        };
        Ok(match expr {
            Expression::NullLiteral(_) => {
                self.charge(m, start, 1, 0)?;
                at(JsKind::Null)
            }
            Expression::BooleanLiteral(b) => {
                self.charge(m, start, 1, 0)?;
                at(JsKind::Bool(b.value))
            }
            Expression::NumericLiteral(n) => {
                self.charge(m, start, 1, 0)?;
                at(JsKind::Number(n.value))
            }
            Expression::StringLiteral(s) => {
                let s = s.value.as_str();
                self.charge(m, start, 1, s.len())?;
                at(JsKind::Str(s.to_owned()))
            }
            Expression::TemplateLiteral(t) => {
                let mut out = String::new();
                for (i, quasi) in t.quasis.iter().enumerate() {
                    match &quasi.value.cooked {
                        Some(c) => out.push_str(c.as_str()),
                        None => out.push_str(quasi.value.raw.as_str()),
                    }
                    if let Some(e) = t.expressions.get(i) {
                        let value = self.eval(e, scope, depth + 1)?;
                        match value.kind {
                            JsKind::Str(s) => out.push_str(&s),
                            JsKind::Number(n) => out.push_str(&number_text(n)),
                            JsKind::Bool(b) => out.push_str(&b.to_string()),
                            _ => {
                                return Ok(self.opaque(
                                    m,
                                    start,
                                    "a template string with a substitution only running the code would tell",
                                ));
                            }
                        }
                    }
                }
                self.charge(m, start, 1, out.len())?;
                at(JsKind::Str(out))
            }
            Expression::ArrayExpression(array) => {
                let mut items = Vec::new();
                for element in &array.elements {
                    match element {
                        ArrayExpressionElement::SpreadElement(spread) => {
                            match self.eval(&spread.argument, scope, depth + 1)? {
                                Js {
                                    kind: JsKind::Array(inner),
                                    ..
                                } => items.extend(inner),
                                Js {
                                    kind: JsKind::Opaque(what),
                                    ..
                                } => items.push(self.opaque(
                                    m,
                                    spread.span.start,
                                    format!("a spread of {what}"),
                                )),
                                _ => items.push(self.opaque(
                                    m,
                                    spread.span.start,
                                    "a spread of something not an array",
                                )),
                            }
                        }
                        ArrayExpressionElement::Elision(_) => {}
                        other => match other.as_expression() {
                            Some(e) => items.push(self.eval(e, scope, depth + 1)?),
                            None => {
                                items.push(self.opaque(m, array.span.start, "an array element"));
                            }
                        },
                    }
                }
                self.charge(m, start, 1, 0)?;
                at(JsKind::Array(items))
            }
            Expression::ObjectExpression(object) => {
                let mut props = Props::default();
                for prop in &object.properties {
                    match prop {
                        ObjectPropertyKind::ObjectProperty(p) => {
                            let key = if p.computed {
                                match p.key.as_expression() {
                                    Some(k) => self.eval(k, scope, depth + 1)?.as_text(),
                                    None => None,
                                }
                            } else {
                                p.key.static_name().map(std::borrow::Cow::into_owned)
                            };
                            let Some(key) = key else {
                                props.unnamed(self.opaque(
                                    m,
                                    p.span.start,
                                    "a computed property name",
                                ));
                                continue;
                            };
                            let value = if p.method || p.kind != PropertyKind::Init {
                                self.opaque(m, p.span.start, format!("the method `{key}`"))
                            } else {
                                self.eval(&p.value, scope, depth + 1)?
                            };
                            self.charge(m, p.span.start, 0, key.len())?;
                            props.set(key, value);
                        }
                        ObjectPropertyKind::SpreadProperty(spread) => {
                            match self.eval(&spread.argument, scope, depth + 1)?.kind {
                                JsKind::Object(inner) => {
                                    for (k, v) in inner {
                                        props.set(k, v);
                                    }
                                }
                                JsKind::Opaque(what) => props.unnamed(self.opaque(
                                    m,
                                    spread.span.start,
                                    format!("a spread of {what}"),
                                )),
                                _ => props.unnamed(self.opaque(
                                    m,
                                    spread.span.start,
                                    "a spread of something not an object",
                                )),
                            }
                        }
                    }
                }
                let props = props.list;
                self.charge(m, start, 1, 0)?;
                at(JsKind::Object(props))
            }
            Expression::Identifier(id) if id.name.as_str() == "undefined" => at(JsKind::Null),
            Expression::Identifier(id) => {
                let mut value = self.identifier(id.name.as_str(), scope, start, depth + 1)?;
                value.line = line;
                value
            }
            Expression::CallExpression(call) => self.call_expression(call, scope, depth, start)?,
            Expression::StaticMemberExpression(member) => {
                let object = self.eval(&member.object, scope, depth + 1)?;
                self.member(&object, member.property.name.as_str(), m, start, line)
            }
            Expression::ComputedMemberExpression(member) => {
                let object = self.eval(&member.object, scope, depth + 1)?;
                let key = self.eval(&member.expression, scope, depth + 1)?;
                match (&object.kind, &key.kind) {
                    (JsKind::Array(items), JsKind::Number(n)) if n.fract() == 0.0 && *n >= 0.0 => {
                        #[expect(
                            clippy::cast_possible_truncation,
                            clippy::cast_sign_loss,
                            reason = "checked whole and non-negative"
                        )]
                        let i = *n as usize;
                        match items.get(i) {
                            Some(v) => Js { line, ..v.clone() },
                            None => at(JsKind::Null),
                        }
                    }
                    _ => match key.as_text() {
                        Some(k) => self.member(&object, &k, m, start, line),
                        None => {
                            self.opaque(m, start, "a property only running the code would tell")
                        }
                    },
                }
            }
            Expression::BinaryExpression(bin)
                if bin.operator == oxc_ast::ast::BinaryOperator::Addition =>
            {
                let left = self.eval(&bin.left, scope, depth + 1)?;
                let right = self.eval(&bin.right, scope, depth + 1)?;
                match (left.kind, right.kind) {
                    (JsKind::Number(a), JsKind::Number(b)) => at(JsKind::Number(a + b)),
                    (
                        l @ (JsKind::Str(_) | JsKind::Number(_)),
                        r @ (JsKind::Str(_) | JsKind::Number(_)),
                    ) => {
                        let text = |k: JsKind| match k {
                            JsKind::Str(s) => s,
                            JsKind::Number(n) => number_text(n),
                            _ => String::new(),
                        };
                        let joined = text(l) + &text(r);
                        self.charge(m, start, 1, joined.len())?;
                        at(JsKind::Str(joined))
                    }
                    _ => self.opaque(m, start, "an addition only running the code would tell"),
                }
            }
            Expression::ParenthesizedExpression(p) => self.eval(&p.expression, scope, depth + 1)?,
            Expression::TSAsExpression(e) => self.eval(&e.expression, scope, depth + 1)?,
            Expression::TSSatisfiesExpression(e) => self.eval(&e.expression, scope, depth + 1)?,
            Expression::TSNonNullExpression(e) => self.eval(&e.expression, scope, depth + 1)?,
            Expression::TSTypeAssertion(e) => self.eval(&e.expression, scope, depth + 1)?,
            Expression::UnaryExpression(u)
                if u.operator == oxc_ast::ast::UnaryOperator::UnaryNegation =>
            {
                match self.eval(&u.argument, scope, depth + 1)?.kind {
                    JsKind::Number(n) => at(JsKind::Number(-n)),
                    _ => self.opaque(m, start, "a negation only running the code would tell"),
                }
            }
            Expression::ArrowFunctionExpression(_) | Expression::FunctionExpression(_) => {
                self.opaque(m, start, "a function")
            }
            Expression::ConditionalExpression(_) => self.opaque(
                m,
                start,
                "a condition (`?:`) only running the code would tell",
            ),
            Expression::LogicalExpression(_) => self.opaque(
                m,
                start,
                "a `||`, `&&` or `??` only running the code would tell",
            ),
            Expression::AwaitExpression(_) => {
                self.opaque(m, start, "an `await` only running the code would tell")
            }
            _ => self.opaque(m, start, "an expression only running the code would tell"),
        })
    }

    fn member(&self, object: &Js, key: &str, m: usize, start: u32, line: usize) -> Js {
        match &object.kind {
            JsKind::Object(_) => match object.get(key) {
                Some(v) => Js { line, ..v.clone() },
                None => Js {
                    kind: JsKind::Null,
                    line,
                    at: self.pos(m, start),
                },
            },
            JsKind::Array(items) if key == "length" => Js {
                kind: JsKind::Number(items.len() as f64),
                line,
                at: self.pos(m, start),
            },
            JsKind::Opaque(what) => self.opaque(m, start, format!("`.{key}` of {what}")),
            _ => self.opaque(
                m,
                start,
                format!("the property `{key}` of a value without it"),
            ),
        }
    }

    /// The value a name stands for in `scope`.
    fn identifier(
        &self,
        name: &'a str,
        scope: Scope<'_, 'a>,
        offset: u32,
        depth: usize,
    ) -> Result<Js> {
        let m = scope.module;
        if depth > MAX_EVAL_DEPTH {
            return Ok(self.opaque(m, offset, "a value nested too deeply"));
        }
        if let Some((_, expr)) = scope.locals.iter().rev().find(|(n, _)| *n == name) {
            return self.eval(expr, scope, depth + 1);
        }
        let module = self.module(m);
        let Some(binding) = module.bindings.get(name).copied() else {
            return Ok(self.opaque(m, offset, format!("`{name}`, defined elsewhere")));
        };
        let line = self.line(m, offset);
        match binding {
            Binding::Value(expr, declared) => {
                if module.is_changed(name) {
                    return Ok(self.opaque(
                        m,
                        offset,
                        format!(
                            "`{name}`, changed after its declaration on line {}",
                            self.line(m, declared)
                        ),
                    ));
                }
                let key = (m, name.to_owned());
                self.memoised(
                    key,
                    offset,
                    || {
                        self.eval(
                            expr,
                            Scope {
                                module: m,
                                locals: &[],
                            },
                            depth + 1,
                        )
                    },
                    &format!("`{name}` is used in its own definition"),
                )
            }
            Binding::Member(init, key, declared) => {
                let Some(key) = key else {
                    return Ok(self.opaque(
                        m,
                        offset,
                        format!(
                            "`{name}`, taken from a pattern on line {}",
                            self.line(m, declared)
                        ),
                    ));
                };
                let whole = self.memoised(
                    (m, format!("{{{name}}}")),
                    offset,
                    || {
                        self.eval(
                            init,
                            Scope {
                                module: m,
                                locals: &[],
                            },
                            depth + 1,
                        )
                    },
                    &format!("`{name}` is used in its own definition"),
                )?;
                Ok(self.member(&whole, key, m, offset, line))
            }
            Binding::Function(_) => Ok(self.opaque(m, offset, format!("the function `{name}`"))),
            Binding::Import(source, imported) => {
                self.imported(name, source, imported, m, offset, depth)
            }
            Binding::Unknown(declared) => Ok(self.opaque(
                m,
                offset,
                format!(
                    "`{name}`, declared on line {} without a value navdiff can read",
                    self.line(m, declared)
                ),
            )),
        }
    }

    /// The value `name` imports: export `imported` (the default export for `None`) of the
    /// module `source` names, imported from module `m` at `offset`.
    fn imported(
        &self,
        name: &str,
        source: &str,
        imported: Option<&str>,
        m: usize,
        offset: u32,
        depth: usize,
    ) -> Result<Js> {
        let line = self.line(m, offset);
        let Some(index) = self.import(m, source, line)? else {
            return Ok(self.opaque(m, offset, format!("`{name}`, imported from `{source}`")));
        };
        let export = imported.unwrap_or("default");
        let mut value = self.memoised(
            (index, format!("export {export}")),
            offset,
            || self.named_export(index, export, depth + 1, line),
            &format!("`{name}` comes from a module that needs this value first (an import cycle)"),
        )?;
        value.relocate(line);
        Ok(value)
    }

    /// The value under `key`, computed once by `compute`; a value whose computation needs
    /// itself is an error saying `cycle`.
    fn memoised(
        &self,
        key: Key,
        offset: u32,
        compute: impl FnOnce() -> Result<Js>,
        cycle: &str,
    ) -> Result<Js> {
        if let Some((value, size)) = self.memo.borrow().get(&key).cloned() {
            // A reference copies the value: charged as if built again.
            self.charge(key.0, offset, size, 0)?;
            return Ok((*value).clone());
        }
        if self.active.borrow().contains(&key) {
            return Err(self.fail(key.0, offset, cycle.to_owned()));
        }
        self.active.borrow_mut().push(key.clone());
        let result = compute();
        self.active.borrow_mut().retain(|k| *k != key);
        let value = result?;
        let size = value.size();
        self.memo
            .borrow_mut()
            .insert(key, (Rc::new(value.clone()), size));
        Ok(value)
    }

    #[expect(clippy::too_many_lines, reason = "one case per kind of call")]
    fn call_expression(
        &self,
        call: &'a oxc_ast::ast::CallExpression<'a>,
        scope: Scope<'_, 'a>,
        depth: usize,
        start: u32,
    ) -> Result<Js> {
        let m = scope.module;
        let args: Vec<&'a Expression<'a>> = call
            .arguments
            .iter()
            .filter_map(|a| a.as_expression())
            .collect();
        let all_plain = args.len() == call.arguments.len();
        match &call.callee {
            Expression::StaticMemberExpression(member) => {
                let method = member.property.name.as_str();
                // `require.resolve('./x')`: the path.
                if matches!(&member.object, Expression::Identifier(o) if o.name.as_str() == "require")
                    && method == "resolve"
                    && let [arg] = args.as_slice()
                    && let Some(path) = self
                        .eval(arg, scope, depth + 1)?
                        .as_str()
                        .map(str::to_owned)
                {
                    return Ok(Js {
                        kind: JsKind::Str(path),
                        line: self.line(m, start),
                        at: self.pos(m, start),
                    });
                }
                // `path.resolve(__dirname, 'x')`, `path.join(__dirname, 'x')`.
                if matches!(&member.object, Expression::Identifier(o) if o.name.as_str() == "path")
                    && matches!(method, "resolve" | "join")
                    && args.first().is_some_and(|a| matches!(a, Expression::Identifier(d) if d.name.as_str() == "__dirname"))
                {
                    let mut parts = vec![".".to_owned()];
                    for arg in &args[1..] {
                        match self.eval(arg, scope, depth + 1)?.as_str() {
                            Some(p) => parts.push(p.to_owned()),
                            None => return Ok(self.opaque(m, start, format!("a call to `path.{method}(…)`"))),
                        }
                    }
                    return Ok(Js {
                        kind: JsKind::Str(parts.join("/")),
                        line: self.line(m, start),
                        at: self.pos(m, start),
                    });
                }
                // `[…].concat(…)`.
                if method == "concat" && all_plain {
                    let base = self.eval(&member.object, scope, depth + 1)?;
                    if let JsKind::Array(mut items) = base.kind {
                        for arg in &args {
                            match self.eval(arg, scope, depth + 1)?.kind {
                                JsKind::Array(more) => items.extend(more),
                                other => items.push(Js {
                                    kind: other,
                                    line: self.line(m, arg.span().start),
                                    at: self.pos(m, arg.span().start),
                                }),
                            }
                        }
                        self.charge(m, start, 1, 0)?;
                        return Ok(Js {
                            kind: JsKind::Array(items),
                            line: self.line(m, start),
                            at: self.pos(m, start),
                        });
                    }
                }
                Ok(self.opaque(m, start, format!("a call to `.{method}(…)`")))
            }
            Expression::Identifier(id) => {
                let name = id.name.as_str();
                if name == "require" {
                    return self.require(&args, scope, depth, start);
                }
                let binding = if scope.locals.iter().any(|(n, _)| *n == name) {
                    None
                } else {
                    self.module(m).bindings.get(name).copied()
                };
                match binding {
                    Some(Binding::Function(f)) => {
                        return self.call_function(f, Some(name), scope, depth, start);
                    }
                    Some(Binding::Value(Expression::ArrowFunctionExpression(arrow), _)) => {
                        if !args.is_empty()
                            || !arrow.params.items.is_empty()
                            || arrow.params.rest.is_some()
                        {
                            return Ok(self.opaque(
                                m,
                                start,
                                format!("a call to `{name}(…)` with arguments"),
                            ));
                        }
                        let key = (m, format!("{name}()"));
                        return self.memoised(
                            key,
                            start,
                            || self.arrow_result(arrow, scope.module, depth + 1, start),
                            &format!("`{name}()` calls itself"),
                        );
                    }
                    Some(Binding::Value(..) | Binding::Member(..) | Binding::Unknown(_)) => {
                        return Ok(self.opaque(m, start, format!("a call to `{name}(…)`")));
                    }
                    Some(Binding::Import(..)) | None => {}
                }
                // An imported or unknown function: a wrapper when its name says so.
                let wrapper = ["define", "extend", "with"].iter().any(|p| {
                    name.starts_with(p)
                        && name[p.len()..].starts_with(|c: char| c.is_ascii_uppercase())
                }) || name.starts_with("define");
                if wrapper && args.len() == 1 && all_plain {
                    if !name.starts_with("define")
                        && self.wrappers.borrow_mut().insert(name.to_owned())
                    {
                        self.warn(
                            m,
                            self.line(m, start),
                            format!(
                                "`{name}(…)` is read as the configuration it wraps; what it adds or changes is not known"
                            ),
                        );
                    }
                    return self.eval(args[0], scope, depth + 1);
                }
                Ok(self.opaque(m, start, format!("a call to `{name}(…)`")))
            }
            _ => Ok(self.opaque(m, start, "a call only running the code would tell")),
        }
    }

    /// `require('./x')`: the module's exports.
    fn require(
        &self,
        args: &[&'a Expression<'a>],
        scope: Scope<'_, 'a>,
        depth: usize,
        start: u32,
    ) -> Result<Js> {
        let m = scope.module;
        let line = self.line(m, start);
        let source = match args {
            [Expression::StringLiteral(s)] => s.value.as_str(),
            _ => return Ok(self.opaque(m, start, "a `require(…)` of a computed path")),
        };
        match self.import(m, source, line)? {
            Some(index) => self.memoised(
                (index, "export default".into()),
                start,
                || self.named_export(index, "default", depth + 1, line),
                &format!("`{source}` requires itself"),
            ),
            None => Ok(self.opaque(m, start, format!("`require('{source}')`"))),
        }
    }

    /// The value a call to `f` returns, when `f` takes no parameters and its body ends in
    /// `return value` (the `const`s before it are its locals).
    fn call_function(
        &self,
        f: &'a Function<'a>,
        name: Option<&str>,
        scope: Scope<'_, 'a>,
        depth: usize,
        at: u32,
    ) -> Result<Js> {
        let m = scope.module;
        let label = name.map_or_else(
            || "the exported function".to_owned(),
            |n| format!("`{n}()`"),
        );
        if !f.params.items.is_empty() || f.params.rest.is_some() || f.generator {
            return Ok(self.opaque(m, at, format!("{label}, a function with parameters")));
        }
        let Some(body) = f.body.as_ref() else {
            return Ok(self.opaque(m, at, format!("{label}, a function without a body")));
        };
        let key = (m, format!("{}()", name.unwrap_or("export default")));
        let statements: &'a [Statement<'a>] = &body.statements;
        self.memoised(
            key,
            at,
            || self.returned(statements, m, depth + 1, at, &label),
            &format!("{label} calls itself"),
        )
    }

    fn arrow_result(
        &self,
        arrow: &'a oxc_ast::ast::ArrowFunctionExpression<'a>,
        m: usize,
        depth: usize,
        at: u32,
    ) -> Result<Js> {
        match &arrow.body {
            ArrowFunctionBody::FunctionBody(body) => {
                self.returned(&body.statements, m, depth, at, "the function")
            }
            other => match other.as_expression() {
                Some(e) => self.eval(
                    e,
                    Scope {
                        module: m,
                        locals: &[],
                    },
                    depth,
                ),
                None => {
                    Ok(self.opaque(m, at, "a function whose result only running it would tell"))
                }
            },
        }
    }

    /// What a body of `const` declarations ending in `return value` returns.
    fn returned(
        &self,
        statements: &'a [Statement<'a>],
        m: usize,
        depth: usize,
        at: u32,
        label: &str,
    ) -> Result<Js> {
        let Some((last, init)) = statements.split_last() else {
            return Ok(self.opaque(m, at, format!("{label}, which returns nothing")));
        };
        let Statement::ReturnStatement(ret) = last else {
            return Ok(self.opaque(
                m,
                at,
                format!("{label}, whose result only running it would tell"),
            ));
        };
        let Some(returned) = ret.argument.as_ref() else {
            return Ok(self.opaque(m, at, format!("{label}, which returns nothing")));
        };
        let mut locals: Vec<(&'a str, &'a Expression<'a>)> = Vec::new();
        for stmt in init {
            let Statement::VariableDeclaration(decl) = stmt else {
                return Ok(self.opaque(
                    m,
                    stmt.span().start,
                    format!("{label}, whose result only running it would tell"),
                ));
            };
            for d in &decl.declarations {
                match (&d.id, &d.init) {
                    (BindingPattern::BindingIdentifier(id), Some(init)) => {
                        locals.push((id.name.as_str(), init));
                    }
                    _ => {
                        return Ok(self.opaque(
                            m,
                            d.span.start,
                            format!("{label}, whose result only running it would tell"),
                        ));
                    }
                }
            }
        }
        // Locals changed before the `return` (`items.push(…)`) make the result unknown.
        let module = self.module(m);
        for (name, _) in &locals {
            let body_text = module
                .text
                .get(statements[0].span().start as usize..last.span().start as usize)
                .unwrap_or("");
            if changes_in(body_text, name) {
                return Ok(self.opaque(
                    m,
                    at,
                    format!("{label}, which changes `{name}` before returning it"),
                ));
            }
        }
        self.eval(
            returned,
            Scope {
                module: m,
                locals: &locals,
            },
            depth,
        )
    }
}

impl<'a> Module<'a> {
    /// Records what a top-level statement binds or exports.
    #[expect(clippy::too_many_lines, reason = "one case per kind of statement")]
    fn collect(&mut self, stmt: &'a Statement<'a>) {
        match stmt {
            Statement::VariableDeclaration(decl) => self.declare(decl),
            Statement::FunctionDeclaration(f) => self.function(f),
            Statement::ImportDeclaration(import) => {
                let source = import.source.value.as_str();
                for spec in import.specifiers.iter().flatten() {
                    let (local, imported) = match spec {
                        ImportDeclarationSpecifier::ImportSpecifier(s) => {
                            (&s.local, Some(export_name(&s.imported)))
                        }
                        ImportDeclarationSpecifier::ImportDefaultSpecifier(s) => (&s.local, None),
                        ImportDeclarationSpecifier::ImportNamespaceSpecifier(s) => {
                            (&s.local, Some("*"))
                        }
                    };
                    let imported = imported.filter(|n| *n != "default");
                    self.declared_at.push(local.span.start as usize);
                    self.bindings
                        .insert(local.name.as_str(), Binding::Import(source, imported));
                }
            }
            Statement::ExportDeclaration(export) => match &export.declaration {
                Declaration::VariableDeclaration(decl) => {
                    self.declare(decl);
                    for d in &decl.declarations {
                        if let BindingPattern::BindingIdentifier(id) = &d.id {
                            let name = id.name.as_str();
                            self.exports.insert(name, Export::Local(name));
                            self.first_named.get_or_insert(name);
                        }
                    }
                }
                Declaration::FunctionDeclaration(f) => {
                    self.function(f);
                    if let Some(id) = &f.id {
                        let name = id.name.as_str();
                        self.exports.insert(name, Export::Local(name));
                    }
                }
                _ => {}
            },
            Statement::ExportNamedDeclaration(export) => {
                for spec in &export.specifiers {
                    let local = export_name(&spec.local);
                    let exported = export_name(&spec.exported);
                    if exported == "default" {
                        self.default = Some(Export::Local(local));
                    } else {
                        self.exports.insert(exported, Export::Local(local));
                    }
                }
            }
            Statement::ExportFromDeclaration(export) => {
                let source = export.source.value.as_str();
                for spec in &export.specifiers {
                    let local = export_name(&spec.local);
                    let exported = export_name(&spec.exported);
                    let target = Export::From(source, local);
                    if exported == "default" {
                        self.default = Some(target);
                    } else {
                        self.exports.insert(exported, target);
                    }
                }
            }
            Statement::ExportDefaultDeclaration(decl) => {
                self.default = Some(match &decl.declaration {
                    ExportDefaultDeclarationKind::FunctionDeclaration(f) => {
                        self.function(f);
                        Export::Function(f)
                    }
                    kind => match kind.as_expression() {
                        Some(e) => Export::Expr(e),
                        None => return,
                    },
                });
            }
            Statement::TSExportAssignment(assign) => {
                self.default = Some(Export::Expr(&assign.expression));
            }
            Statement::ExpressionStatement(s) => {
                let Expression::AssignmentExpression(assign) = &s.expression else {
                    return;
                };
                let AssignmentTarget::StaticMemberExpression(member) = &assign.left else {
                    return;
                };
                let property = member.property.name.as_str();
                match &member.object {
                    // `module.exports = …`
                    Expression::Identifier(id)
                        if id.name.as_str() == "module" && property == "exports" =>
                    {
                        self.default = Some(Export::Expr(&assign.right));
                        self.export_props.clear();
                    }
                    // `exports.x = …`
                    Expression::Identifier(id) if id.name.as_str() == "exports" => {
                        self.export_props.push((property, &assign.right));
                    }
                    // `module.exports.x = …`
                    Expression::StaticMemberExpression(inner)
                        if inner.property.name.as_str() == "exports"
                            && matches!(&inner.object, Expression::Identifier(id) if id.name.as_str() == "module") =>
                    {
                        self.export_props.push((property, &assign.right));
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }

    fn function(&mut self, f: &'a Function<'a>) {
        if let Some(id) = &f.id {
            self.declared_at.push(id.span.start as usize);
            self.bindings.insert(id.name.as_str(), Binding::Function(f));
        }
    }

    fn declare(&mut self, decl: &'a oxc_ast::ast::VariableDeclaration<'a>) {
        for d in &decl.declarations {
            match (&d.id, &d.init) {
                (BindingPattern::BindingIdentifier(id), Some(init)) => {
                    self.declared_at.push(id.span.start as usize);
                    self.bindings
                        .insert(id.name.as_str(), Binding::Value(init, id.span.start));
                }
                (BindingPattern::BindingIdentifier(id), None) => {
                    self.declared_at.push(id.span.start as usize);
                    self.bindings
                        .insert(id.name.as_str(), Binding::Unknown(id.span.start));
                }
                (BindingPattern::ObjectPattern(pattern), Some(init)) => {
                    for prop in &pattern.properties {
                        let key = if prop.computed {
                            None
                        } else {
                            prop.key.static_name()
                        };
                        if let BindingPattern::BindingIdentifier(id) = &prop.value {
                            self.declared_at.push(id.span.start as usize);
                            let key = key.map(|k| match k {
                                std::borrow::Cow::Borrowed(b) => b,
                                std::borrow::Cow::Owned(_) => id.name.as_str(),
                            });
                            self.bindings.insert(
                                id.name.as_str(),
                                Binding::Member(init, key, id.span.start),
                            );
                        }
                    }
                }
                (pattern, _) => {
                    for id in pattern.get_binding_identifiers() {
                        self.declared_at.push(id.span.start as usize);
                        self.bindings
                            .insert(id.name.as_str(), Binding::Unknown(id.span.start));
                    }
                }
            }
        }
    }

    fn declared_offset(&self, name: &str) -> u32 {
        match self.bindings.get(name) {
            Some(Binding::Value(_, at) | Binding::Member(_, _, at) | Binding::Unknown(at)) => *at,
            Some(Binding::Function(f)) => f.span.start,
            _ => 0,
        }
    }

    /// Whether the module changes `name` somewhere after declaring it.
    fn is_changed(&self, name: &str) -> bool {
        let mut changed = self.changed.borrow_mut();
        let set = changed.get_or_insert_with(|| changed_names(self.text, &self.declared_at));
        set.contains(name)
    }
}

fn export_name<'a>(name: &ModuleExportName<'a>) -> &'a str {
    match name {
        ModuleExportName::IdentifierName(n) => n.name.as_str(),
        ModuleExportName::IdentifierReference(n) => n.name.as_str(),
        ModuleExportName::StringLiteral(s) => s.value.as_str(),
    }
}

/// Methods that change the array or object they are called on.
const MUTATORS: &[&str] = &[
    "push",
    "unshift",
    "splice",
    "pop",
    "shift",
    "sort",
    "reverse",
    "fill",
    "copyWithin",
    "set",
    "add",
    "delete",
    "clear",
];

/// The names `text` changes: assigned (`x = …`, `x.y = …`, `x[0] += …`), changed through a
/// method (`x.push(…)`, `x.items.sort()`), deleted from or `Object.assign`ed to.
/// Declarations (at `declared_at`) are not changes. Read on the text, one pass; a name
/// in a string or comment may be taken for a change, which only makes a value opaque.
fn changed_names(text: &str, declared_at: &[usize]) -> HashSet<String> {
    let declared: HashSet<usize> = declared_at.iter().copied().collect();
    let bytes = text.as_bytes();
    let mut changed = HashSet::new();
    let mut i = 0;
    let is_ident = |b: u8| b == b'_' || b == b'$' || b.is_ascii_alphanumeric() || b >= 0x80;
    while i < bytes.len() {
        if !is_ident(bytes[i]) || (i > 0 && (is_ident(bytes[i - 1]) || bytes[i - 1] == b'.')) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && is_ident(bytes[i]) {
            i += 1;
        }
        while i < bytes.len() && !text.is_char_boundary(i) {
            i += 1;
        }
        let name = &text[start..i];
        if declared.contains(&start) {
            continue;
        }
        // `Object.assign(x, …)`, `delete x.y`
        let before = text[..start].trim_end();
        if before.ends_with("Object.assign(") || before.ends_with("delete") {
            changed.insert(name.to_owned());
            continue;
        }
        if changes_after(&text[i..]) {
            changed.insert(name.to_owned());
        }
    }
    changed
}

/// Whether `text` (inside a function body) changes `name`.
fn changes_in(text: &str, name: &str) -> bool {
    let is_ident = |b: u8| b == b'_' || b == b'$' || b.is_ascii_alphanumeric() || b >= 0x80;
    let bytes = text.as_bytes();
    let mut seen_declaration = false;
    for (at, _) in text.match_indices(name) {
        let end = at + name.len();
        if (at > 0 && (is_ident(bytes[at - 1]) || bytes[at - 1] == b'.'))
            || bytes.get(end).is_some_and(|&b| is_ident(b))
        {
            continue;
        }
        let before = text[..at].trim_end();
        if !seen_declaration
            && (before.ends_with("const") || before.ends_with("let") || before.ends_with("var"))
        {
            seen_declaration = true;
            continue;
        }
        if before.ends_with("Object.assign(")
            || before.ends_with("delete")
            || changes_after(&text[end..])
        {
            return true;
        }
    }
    false
}

/// Whether what follows a name changes it: `.a.b = `, `[…] += `, `.push(`.
fn changes_after(rest: &str) -> bool {
    let mut rest = rest.trim_start_matches([' ', '\t']);
    let mut last_property: Option<&str> = None;
    for _ in 0..16 {
        if let Some(r) = rest.strip_prefix('.') {
            let r = r.trim_start();
            let len = r
                .find(|c: char| !(c == '_' || c == '$' || c.is_alphanumeric()))
                .unwrap_or(r.len());
            if len == 0 {
                return false;
            }
            last_property = Some(&r[..len]);
            rest = r[len..].trim_start_matches([' ', '\t']);
        } else if let Some(r) = rest.strip_prefix('[') {
            let Some(close) = r.find([']', '\n']) else {
                return false;
            };
            last_property = None;
            rest = r[close + 1..].trim_start_matches([' ', '\t']);
        } else {
            break;
        }
    }
    if rest.starts_with('(') {
        return last_property.is_some_and(|p| MUTATORS.contains(&p));
    }
    if rest.starts_with("++") || rest.starts_with("--") {
        return true;
    }
    // An assignment operator, not a comparison or an arrow.
    let op_len = rest
        .find(|c: char| {
            !matches!(
                c,
                '=' | '+' | '-' | '*' | '/' | '%' | '&' | '|' | '^' | '<' | '>' | '?'
            )
        })
        .unwrap_or(rest.len());
    let op = &rest[..op_len];
    op.ends_with('=')
        && !matches!(op, "==" | "===" | "!=" | "!==" | "<=" | ">=")
        && !op.starts_with("=>")
        && !op.ends_with("==")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(path: &str, text: &str) -> Js {
        exported_value("test", path, text).unwrap_or_else(|e| panic!("{e}"))
    }

    fn err(path: &str, text: &str) -> String {
        exported_value("test", path, text)
            .expect_err("should fail")
            .to_string()
    }

    #[test]
    fn literals_consts_functions_and_wrappers() {
        let text = "
const intro = ['a', `b`, 'c' + 'd'];
const more = { x: 1 };
function items(): string[] { return [...intro, 'e'] }
const arrow = () => ({ y: -2 });
export default defineConfig({ list: items(), ...more, nested: arrow(), t: true, n: null, u: undefined } satisfies Config);
";
        let v = eval("config.ts", text);
        let list: Vec<&str> = v
            .get("list")
            .and_then(Js::as_array)
            .expect("list")
            .iter()
            .filter_map(Js::as_str)
            .collect();
        assert_eq!(list, ["a", "b", "cd", "e"]);
        assert_eq!(v.get("x").map(|x| &x.kind), Some(&JsKind::Number(1.0)));
        assert_eq!(
            v.get("nested").and_then(|n| n.get("y")).map(|y| &y.kind),
            Some(&JsKind::Number(-2.0))
        );
        assert_eq!(v.get("t").map(|x| &x.kind), Some(&JsKind::Bool(true)));
        assert_eq!(v.get("u").map(|x| &x.kind), Some(&JsKind::Null));
        assert_eq!(v.line, 6);
    }

    #[test]
    fn templates_members_locals_and_wrappers() {
        let text = "
import { extendConfig } from '@x/preset'
const base = '/guide'
const numbers = { n: 2 + 3 }
const config = defineConfig({
  themeConfig: { sidebar: { [`${base}/`]: sidebar() } },
})
function sidebar() {
  const first = { text: `Intro ${1}`, link: base + '/intro' }
  return [first, numbers.n]
}
export default extendConfig(config)
";
        let out = evaluate("c.mts", "c.mts", text, None).expect("evaluates");
        let sidebar = out
            .value
            .get("themeConfig")
            .and_then(|t| t.get("sidebar"))
            .and_then(|s| s.get("/guide/"))
            .and_then(Js::as_array)
            .expect("sidebar");
        assert_eq!(sidebar[0].get("text").and_then(Js::as_str), Some("Intro 1"));
        assert_eq!(
            sidebar[0].get("link").and_then(Js::as_str),
            Some("/guide/intro")
        );
        assert_eq!(sidebar[1].kind, JsKind::Number(5.0));
        assert_eq!(out.warnings.len(), 1);
        assert_eq!(
            out.warnings[0].to_string(),
            "line 12: `extendConfig(…)` is read as the configuration it wraps; what it adds or changes is not known"
        );
    }

    #[test]
    fn dynamic_values_are_opaque_not_errors() {
        let v = eval(
            "sidebars.js",
            "const fs = require('fs');\nconst items = [];\nitems.push('x');\nmodule.exports = { a: fs.readdirSync('x'), b: `${x}`, c: unknownThing, d: items, [k]: 1 };\n",
        );
        for key in ["a", "b", "c", "d"] {
            assert!(
                matches!(v.get(key).map(|x| &x.kind), Some(JsKind::Opaque(_))),
                "{key}: {v:?}"
            );
        }
        assert_eq!(v.get("a").map(|a| a.line), Some(4));
        assert_eq!(
            v.get("d").map(|d| &d.kind),
            Some(&JsKind::Opaque(
                "`items`, changed after its declaration on line 2".into()
            ))
        );
    }

    #[test]
    fn errors_have_line_and_column() {
        let e = err("sidebars.js", "module.exports = {\n  a: [1, 2,\n};\n");
        assert!(e.starts_with("test:3:1: invalid JavaScript"), "{e}");
        let e = err("x.js", "const a = 1;\n");
        assert_eq!(
            e,
            "test: no `module.exports = …`, `export default …` or `export const …` to read in the module"
        );
        let named = eval(
            "en.ts",
            "import x from 'y'\nexport const en = defineConfig({ a: 1 })\n",
        );
        assert_eq!(named.get("a").map(|a| &a.kind), Some(&JsKind::Number(1.0)));
        let deep = format!(
            "module.exports = {}1{};",
            "[".repeat(10_000),
            "]".repeat(10_000)
        );
        let e = err("deep.js", &deep);
        assert!(
            e.starts_with("test:1:218: nested more than 200 brackets deep"),
            "{e}"
        );
    }

    #[test]
    fn self_reference_and_doubling_end_with_an_error() {
        for (text, says) in [
            (
                "const a = [a, a]; module.exports = { docs: a };",
                "1:12: `a` is used in its own definition",
            ),
            (
                "const s = s + s; module.exports = { docs: [s] };",
                "1:11: `s` is used in its own definition",
            ),
            (
                "const a = [...a, ...a]; module.exports = { docs: a };",
                "`a` is used in its own definition",
            ),
            (
                "function f() { return [f(), f()] } module.exports = { docs: f() };",
                "`f()` calls itself",
            ),
            (
                "const f = () => [f(), f()]; module.exports = { docs: f() };",
                "`f()` calls itself",
            ),
        ] {
            let e = err("sidebars.js", text);
            assert!(e.contains(says), "{text}: {e}");
        }
        let mut text = format!("const s0 = '{}';", "x".repeat(64));
        for i in 1..=40 {
            text.push_str(&format!(" const s{i} = s{} + s{};", i - 1, i - 1));
        }
        text.push_str(" module.exports = { docs: [s40] };");
        let started = std::time::Instant::now();
        let e = err("sidebars.js", &text);
        assert!(e.contains("grows past"), "{e}");
        let mut text = "const a0 = ['x'];".to_owned();
        for i in 1..=40 {
            text.push_str(&format!(" const a{i} = [a{}, a{}];", i - 1, i - 1));
        }
        text.push_str(" module.exports = { docs: [a40] };");
        let e = err("sidebars.js", &text);
        assert!(e.contains("grows past"), "{e}");
        assert!(started.elapsed().as_secs() < 10);
    }

    #[test]
    fn sibling_modules_are_read_through_the_files() {
        use crate::formats::tests::MemFiles;
        let files = MemFiles::with(&[
            (
                "docs/.vitepress/sidebar.ts",
                "import guide from '../shared/guide.js'\nexport const sidebar = { '/guide/': guide, extra: wrap(1) }\n",
            ),
            (
                "docs/shared/guide.ts",
                "export default [{ text: 'Setup', link: '/setup' }, ...require('./more.json')]\n",
            ),
            ("docs/shared/more.json", "[{\"text\": \"More\"}]"),
            (
                "docs/.vitepress/a.ts",
                "import { b } from './b'\nexport const a = [b]\n",
            ),
            (
                "docs/.vitepress/b.ts",
                "import { a } from './a'\nexport const b = [a]\n",
            ),
        ]);
        let text = "import { sidebar } from './sidebar'\nimport { gone } from './gone'\nimport { up } from '../../../up'\nexport default { sidebar, gone, up }\n";
        let out = evaluate("config.ts", "docs/.vitepress/config.ts", text, Some(&files))
            .expect("evaluates");
        let guide = out
            .value
            .get("sidebar")
            .and_then(|s| s.get("/guide/"))
            .and_then(Js::as_array)
            .expect("guide");
        let texts: Vec<_> = guide
            .iter()
            .filter_map(|i| i.get("text")?.as_str())
            .collect();
        assert_eq!(texts, ["Setup", "More"]);
        // Values from other modules carry the line that uses them, and where they are
        // written.
        assert_eq!(guide[0].line, 4);
        assert_eq!(
            guide[0].location("docs/.vitepress/config.ts", "docs/.vitepress/config.ts"),
            Some(Location::in_file("docs/shared/guide.ts", 1, 17))
        );
        assert_eq!(
            guide[1].location("docs/.vitepress/config.ts", "docs/.vitepress/config.ts"),
            Some(Location::in_file("docs/shared/more.json", 1, 2))
        );
        assert_eq!(
            out.value
                .get("sidebar")
                .and_then(|s| s.get("extra"))
                .map(|e| &e.kind),
            Some(&JsKind::Opaque(
                "a call to `wrap(…)` (`docs/.vitepress/sidebar.ts` line 2)".into()
            ))
        );
        let warnings: Vec<String> = out.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            warnings,
            [
                "line 4: `./gone` was not found beside `docs/.vitepress/config.ts`",
                "line 4: `../../../up` is outside the repository; not read",
            ]
        );
        let err = evaluate(
            "config.ts",
            "docs/.vitepress/config.ts",
            "import { a } from './a'\nexport default a\n",
            Some(&files),
        )
        .expect_err("a cycle");
        assert!(err.to_string().contains("an import cycle"), "{err}");
    }

    #[test]
    fn json_keeps_order_and_lines() {
        let v = json_value(
            "s.json",
            "{\n  \"docs\": {\"B\": [\"x\"], \"A\": [\"y\"]}\n}",
        )
        .expect("json");
        let keys: Vec<&str> = v
            .get("docs")
            .and_then(Js::as_object)
            .expect("docs")
            .iter()
            .map(|(k, _)| k.as_str())
            .collect();
        assert_eq!(keys, ["B", "A"]);
        assert_eq!(v.get("docs").map(|d| d.line), Some(2));
        // The module read is the nav file, or another file the reader names.
        let docs = v.get("docs").expect("docs");
        assert_eq!(
            docs.location("s.json", "s.json"),
            Some(Location::new(2, 11))
        );
        assert_eq!(
            docs.location("s.json", "config.js"),
            Some(Location::in_file("s.json", 2, 11))
        );
        let err = json_value("s.json", "{\n  \"docs\": [1,,]\n").expect_err("bad");
        assert!(err.to_string().starts_with("s.json:"), "{err}");
    }

    #[test]
    fn change_detection() {
        assert!(changes_after(".push(1)"));
        assert!(changes_after(" = 2"));
        assert!(changes_after(".items[0].text = 'x'"));
        assert!(changes_after(" += 'x'"));
        assert!(!changes_after(" === 2"));
        assert!(!changes_after(".map(x => x)"));
        assert!(!changes_after(" => 1"));
        assert!(!changes_after(".length"));
        let names = changed_names("const a = []\na.push(1)\nconst b = a.concat(c)\n", &[6, 29]);
        assert!(names.contains("a"));
        assert!(!names.contains("b"));
    }
}
