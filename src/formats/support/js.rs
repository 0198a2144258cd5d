//! JavaScript and TypeScript configuration read statically: the one module that uses oxc.
//!
//! Docusaurus sidebars and VitePress configs are code, but almost always a literal: an
//! object of arrays of strings and objects, sometimes behind a `const`, a `defineConfig(…)`
//! call or a helper function that returns a literal. This module parses the file with oxc
//! and evaluates that literal subset into a [`Js`] value without running anything:
//! literals, arrays, objects, spreads of known values, template strings without
//! substitutions, string concatenation, `const` references, calls to `define…` wrappers and
//! to local functions without parameters that `return` a literal, and TypeScript `as` /
//! `satisfies`. Anything else becomes [`JsKind::Opaque`], which the readers report as a
//! warning. oxc's API changes often (it is pinned to an exact version): keep it in here.

use std::collections::HashMap;

use oxc_allocator::Allocator;
use oxc_ast::ast::{
    ArrayExpressionElement, ArrowFunctionBody, AssignmentTarget, BindingPattern,
    ExportDefaultDeclarationKind, Expression, Function, ObjectPropertyKind, PropertyKey, Statement,
};
use oxc_parser::Parser;
use oxc_span::SourceType;

use crate::error::{Error, Result};
use crate::formats::support::LineIndex;

/// Deepest bracket nesting read; also bounds the evaluator's recursion.
const MAX_NESTING: usize = 200;

/// A value, with the line it starts on.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Js {
    pub(crate) kind: JsKind,
    pub(crate) line: usize,
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
            JsKind::Number(n) => Some(n.to_string()),
            JsKind::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }
}

/// The node for a value navdiff cannot expand (something only running the code would
/// tell), with a warning that says what it was and where.
pub(crate) fn opaque_node(
    value: &Js,
    warnings: &mut Vec<crate::model::Warning>,
) -> crate::model::Node {
    let what = match &value.kind {
        JsKind::Opaque(what) => what.clone(),
        _ => "a value that is not a sidebar item".into(),
    };
    warnings.push(crate::model::Warning::new(
        Some(value.line),
        format!("{what}: kept as one node, not expanded"),
    ));
    crate::model::Node::new("(computed)", None, Vec::new())
}

/// The value a module exports (`module.exports = …` or `export default …`); `path` picks
/// JavaScript or TypeScript, `name` names the file in errors.
pub(crate) fn exported_value(name: &str, path: &str, text: &str) -> Result<Js> {
    check_nesting(name, text)?;
    let allocator = Allocator::default();
    let source_type = SourceType::from_path(path).unwrap_or_else(|_| SourceType::mjs());
    let ret = Parser::new(&allocator, text, source_type).parse();
    let lines = LineIndex::new(text);
    if let Some(err) = ret.diagnostics.errors().next() {
        let offset = err.labels.first().map_or(0, |l| l.offset() as usize);
        let (line, column) = lines.line_column(text, offset);
        return Err(Error::syntax(
            name,
            text,
            line,
            column,
            format!("invalid JavaScript: {}", err.message),
        ));
    }
    let mut env = Env {
        bindings: HashMap::new(),
        lines,
    };
    let mut exported = None;
    let mut named = None;
    for stmt in &ret.program.body {
        env.collect(stmt);
        if let Some(expr) = export_of(stmt) {
            exported = Some(expr);
        }
        if let Statement::ExportDeclaration(export) = stmt
            && let oxc_ast::ast::Declaration::VariableDeclaration(decl) = &export.declaration
            && named.is_none()
        {
            named = decl
                .declarations
                .first()
                .and_then(|d| d.init.as_ref())
                .map(Export::Expr);
        }
    }
    // A module without a default export (VitePress' per-locale `export const en = …`)
    // is read through its first named export.
    let exported = exported.or(named);
    match exported {
        Some(Export::Expr(expr)) => Ok(env.eval(expr, 0)),
        Some(Export::Function(f)) => Ok(env.call(f, 0, f.span.start)),
        None => Err(Error::invalid(
            name,
            "no `module.exports = …`, `export default …` or `export const …` to read",
        )),
    }
}

/// Reads a JSON file as the same kind of value, with lines.
pub(crate) fn json_value(name: &str, text: &str) -> Result<Js> {
    check_nesting(name, text)?;
    let allocator = Allocator::default();
    let lines = LineIndex::new(text);
    match Parser::new(&allocator, text, SourceType::mjs()).parse_expression() {
        Ok(expr) => {
            let env = Env {
                bindings: HashMap::new(),
                lines,
            };
            Ok(env.eval(&expr, 0))
        }
        Err(diagnostics) => {
            let err = diagnostics.first();
            let offset = err
                .and_then(|e| e.labels.first())
                .map_or(0, |l| l.offset() as usize);
            let message = err.map_or_else(
                || "invalid JSON".to_owned(),
                |e| format!("invalid JSON: {}", e.message),
            );
            let (line, column) = lines.line_column(text, offset);
            Err(Error::syntax(name, text, line, column, message))
        }
    }
}

enum Export<'s, 'a> {
    Expr(&'s Expression<'a>),
    Function(&'s Function<'a>),
}

fn export_of<'s, 'a>(stmt: &'s Statement<'a>) -> Option<Export<'s, 'a>> {
    match stmt {
        Statement::ExpressionStatement(s) => {
            let Expression::AssignmentExpression(assign) = &s.expression else {
                return None;
            };
            let AssignmentTarget::StaticMemberExpression(member) = &assign.left else {
                return None;
            };
            let is_module =
                matches!(&member.object, Expression::Identifier(id) if id.name == "module");
            (is_module && member.property.name == "exports").then_some(Export::Expr(&assign.right))
        }
        Statement::ExportDefaultDeclaration(decl) => match &decl.declaration {
            ExportDefaultDeclarationKind::FunctionDeclaration(f) => Some(Export::Function(f)),
            kind => kind.as_expression().map(Export::Expr),
        },
        _ => None,
    }
}

/// Top-level bindings: `const`s and parameterless functions, by name.
struct Env<'s, 'a> {
    bindings: HashMap<&'s str, Binding<'s, 'a>>,
    lines: LineIndex,
}

#[derive(Clone, Copy)]
enum Binding<'s, 'a> {
    Value(&'s Expression<'a>),
    Function(&'s Function<'a>),
}

impl<'s, 'a> Env<'s, 'a> {
    fn collect(&mut self, stmt: &'s Statement<'a>) {
        match stmt {
            Statement::VariableDeclaration(decl) => self.declare(decl),
            Statement::FunctionDeclaration(f) => {
                if let Some(id) = &f.id {
                    self.bindings.insert(id.name.as_str(), Binding::Function(f));
                }
            }
            Statement::ExportDeclaration(export) => match &export.declaration {
                oxc_ast::ast::Declaration::VariableDeclaration(decl) => self.declare(decl),
                oxc_ast::ast::Declaration::FunctionDeclaration(f) => {
                    if let Some(id) = &f.id {
                        self.bindings.insert(id.name.as_str(), Binding::Function(f));
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }

    fn declare(&mut self, decl: &'s oxc_ast::ast::VariableDeclaration<'a>) {
        for d in &decl.declarations {
            if let (BindingPattern::BindingIdentifier(id), Some(init)) = (&d.id, &d.init) {
                self.bindings.insert(id.name.as_str(), Binding::Value(init));
            }
        }
    }

    fn line(&self, offset: u32) -> usize {
        self.lines.line(offset as usize)
    }

    fn opaque(&self, what: impl Into<String>, offset: u32) -> Js {
        Js {
            kind: JsKind::Opaque(what.into()),
            line: self.line(offset),
        }
    }

    fn eval(&self, expr: &Expression<'a>, depth: usize) -> Js {
        use oxc_span::GetSpan;
        let start = expr.span().start;
        let at = |kind| Js {
            kind,
            line: self.line(start),
        };
        if depth > MAX_NESTING {
            return self.opaque("a value nested too deeply", start);
        }
        match expr {
            Expression::NullLiteral(_) => at(JsKind::Null),
            Expression::BooleanLiteral(b) => at(JsKind::Bool(b.value)),
            Expression::NumericLiteral(n) => at(JsKind::Number(n.value)),
            Expression::StringLiteral(s) => at(JsKind::Str(s.value.to_string())),
            Expression::TemplateLiteral(t) if t.expressions.is_empty() => at(JsKind::Str(
                t.quasis
                    .iter()
                    .map(|q| {
                        q.value
                            .cooked
                            .map_or_else(|| q.value.raw.to_string(), |c| c.to_string())
                    })
                    .collect(),
            )),
            Expression::ArrayExpression(array) => at(JsKind::Array(self.array(array, depth))),
            Expression::ObjectExpression(object) => at(JsKind::Object(self.object(object, depth))),
            Expression::Identifier(id) if id.name == "undefined" => at(JsKind::Null),
            Expression::Identifier(id) => match self.bindings.get(id.name.as_str()) {
                Some(Binding::Value(e)) => Js {
                    line: self.line(start),
                    ..self.eval(e, depth + 1)
                },
                _ => self.opaque(format!("`{}`, defined elsewhere", id.name), start),
            },
            Expression::CallExpression(call) => self.call_expression(call, depth, start),
            Expression::BinaryExpression(bin)
                if bin.operator == oxc_ast::ast::BinaryOperator::Addition =>
            {
                match (
                    self.eval(&bin.left, depth + 1).kind,
                    self.eval(&bin.right, depth + 1).kind,
                ) {
                    (JsKind::Str(a), JsKind::Str(b)) => at(JsKind::Str(a + &b)),
                    _ => self.opaque("an addition", start),
                }
            }
            Expression::ParenthesizedExpression(p) => self.eval(&p.expression, depth + 1),
            Expression::TSAsExpression(e) => self.eval(&e.expression, depth + 1),
            Expression::TSSatisfiesExpression(e) => self.eval(&e.expression, depth + 1),
            Expression::TSNonNullExpression(e) => self.eval(&e.expression, depth + 1),
            Expression::TSTypeAssertion(e) => self.eval(&e.expression, depth + 1),
            Expression::UnaryExpression(u)
                if u.operator == oxc_ast::ast::UnaryOperator::UnaryNegation =>
            {
                match self.eval(&u.argument, depth + 1).kind {
                    JsKind::Number(n) => at(JsKind::Number(-n)),
                    _ => self.opaque("a negation", start),
                }
            }
            _ => self.opaque("an expression only running the code would evaluate", start),
        }
    }

    fn array(&self, array: &oxc_ast::ast::ArrayExpression<'a>, depth: usize) -> Vec<Js> {
        let mut items = Vec::new();
        for element in &array.elements {
            match element {
                ArrayExpressionElement::SpreadElement(spread) => match self
                    .eval(&spread.argument, depth + 1)
                {
                    Js {
                        kind: JsKind::Array(inner),
                        ..
                    } => items.extend(inner),
                    _ => items
                        .push(self.opaque("a spread of something not an array", spread.span.start)),
                },
                ArrayExpressionElement::Elision(_) => {}
                other => match other.as_expression() {
                    Some(e) => items.push(self.eval(e, depth + 1)),
                    None => items.push(self.opaque("an array element", array.span.start)),
                },
            }
        }
        items
    }

    fn object(
        &self,
        object: &oxc_ast::ast::ObjectExpression<'a>,
        depth: usize,
    ) -> Vec<(String, Js)> {
        let mut props = Vec::new();
        for prop in &object.properties {
            match prop {
                ObjectPropertyKind::ObjectProperty(p) => {
                    let key = if p.computed {
                        None
                    } else {
                        property_name(&p.key)
                    };
                    let Some(key) = key else {
                        props.push((
                            String::new(),
                            self.opaque("a computed property name", p.span.start),
                        ));
                        continue;
                    };
                    let value = if p.method {
                        self.opaque("a method", p.span.start)
                    } else {
                        self.eval(&p.value, depth + 1)
                    };
                    props.push((key, value));
                }
                ObjectPropertyKind::SpreadProperty(spread) => {
                    match self.eval(&spread.argument, depth + 1).kind {
                        JsKind::Object(inner) => props.extend(inner),
                        _ => props.push((
                            String::new(),
                            self.opaque("a spread of something not an object", spread.span.start),
                        )),
                    }
                }
            }
        }
        props
    }

    /// `define…(value)` is the value; a local parameterless function's call is what it returns.
    fn call_expression(
        &self,
        call: &oxc_ast::ast::CallExpression<'a>,
        depth: usize,
        start: u32,
    ) -> Js {
        let Expression::Identifier(id) = &call.callee else {
            return self.opaque("a call", start);
        };
        let name = id.name.as_str();
        if name.starts_with("define") && call.arguments.len() == 1 {
            return match call.arguments[0].as_expression() {
                Some(arg) => self.eval(arg, depth + 1),
                None => self.opaque(format!("the argument of `{name}(…)`"), start),
            };
        }
        if !call.arguments.is_empty() {
            return self.opaque(format!("a call to `{name}(…)`"), start);
        }
        match self.bindings.get(name) {
            Some(Binding::Function(f)) => self.call(f, depth + 1, start),
            Some(Binding::Value(Expression::ArrowFunctionExpression(arrow))) => {
                self.arrow(arrow, depth + 1, start)
            }
            _ => self.opaque(format!("`{name}()`, defined elsewhere"), start),
        }
    }

    /// The value a parameterless function returns, when its body ends in `return literal`.
    fn call(&self, f: &Function<'a>, depth: usize, at: u32) -> Js {
        let returned = f
            .body
            .as_ref()
            .filter(|_| f.params.items.is_empty())
            .and_then(|body| match body.statements.last() {
                Some(Statement::ReturnStatement(ret)) => ret.argument.as_ref(),
                _ => None,
            });
        match returned {
            Some(expr) => self.eval(expr, depth + 1),
            None => self.opaque("a function whose result only running it would tell", at),
        }
    }

    fn arrow(
        &self,
        arrow: &oxc_ast::ast::ArrowFunctionExpression<'a>,
        depth: usize,
        at: u32,
    ) -> Js {
        let returned = if arrow.params.items.is_empty() {
            match &arrow.body {
                ArrowFunctionBody::FunctionBody(body) => match body.statements.last() {
                    Some(Statement::ReturnStatement(ret)) => ret.argument.as_ref(),
                    _ => None,
                },
                other => other.as_expression(),
            }
        } else {
            None
        };
        match returned {
            Some(expr) => self.eval(expr, depth + 1),
            None => self.opaque("a function whose result only running it would tell", at),
        }
    }
}

fn property_name(key: &PropertyKey<'_>) -> Option<String> {
    key.static_name().map(std::borrow::Cow::into_owned)
}

/// Refuses bracket nesting deeper than [`MAX_NESTING`] before parsing, so that neither the
/// parser nor the evaluator can run out of stack. Strings and comments are skipped.
fn check_nesting(name: &str, text: &str) -> Result<()> {
    let mut depth = 0usize;
    let mut chars = text.char_indices().peekable();
    let mut quote: Option<char> = None;
    while let Some((i, c)) = chars.next() {
        if let Some(q) = quote {
            match c {
                '\\' => {
                    chars.next();
                }
                c if c == q => quote = None,
                _ => {}
            }
            continue;
        }
        match c {
            '"' | '\'' | '`' => quote = Some(c),
            '/' if chars.peek().is_some_and(|(_, n)| *n == '/') => {
                for (_, c) in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            '(' | '[' | '{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    let lines = LineIndex::new(text);
                    let (line, column) = lines.line_column(text, i);
                    return Err(Error::syntax(
                        name,
                        text,
                        line,
                        column,
                        format!("nested more than {MAX_NESTING} brackets deep"),
                    ));
                }
            }
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(path: &str, text: &str) -> Js {
        exported_value("test", path, text).unwrap_or_else(|e| panic!("{e}"))
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
    fn dynamic_values_are_opaque_not_errors() {
        let v = eval(
            "sidebars.js",
            "const fs = require('fs');\nmodule.exports = { a: fs.readdirSync('x'), b: `${x}`, c: unknownThing, [k]: 1 };\n",
        );
        for key in ["a", "b", "c"] {
            assert!(
                matches!(v.get(key).map(|x| &x.kind), Some(JsKind::Opaque(_))),
                "{key}: {v:?}"
            );
        }
        assert_eq!(v.get("a").map(|a| a.line), Some(2));
    }

    #[test]
    fn errors_have_line_and_column() {
        let err = exported_value(
            "sidebars.js",
            "sidebars.js",
            "module.exports = {\n  a: [1, 2,\n};\n",
        )
        .expect_err("syntax");
        assert!(
            err.to_string()
                .starts_with("sidebars.js:3:1: invalid JavaScript"),
            "{err}"
        );
        let err = exported_value("x.js", "x.js", "const a = 1;\n").expect_err("no export");
        assert_eq!(
            err.to_string(),
            "x.js: no `module.exports = …`, `export default …` or `export const …` to read"
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
        let err = exported_value("deep.js", "deep.js", &deep).expect_err("too deep");
        assert!(
            err.to_string()
                .starts_with("deep.js:1:218: nested more than 200 brackets deep"),
            "{err}"
        );
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
        let err = json_value("s.json", "{\n  \"docs\": [1,,]\n").expect_err("bad");
        assert!(err.to_string().starts_with("s.json:"), "{err}");
    }
}
