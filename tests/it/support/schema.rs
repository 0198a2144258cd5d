//! A small JSON Schema checker for the keywords navdiff's schemas use: `type`, `const`,
//! `enum`, `properties`, `required`, `additionalProperties: false`, `items`, `minimum`
//! and local `$ref`s. It returns every violation with its JSON pointer.

use serde_json::Value;

pub fn validate(schema: &Value, doc: &Value) -> Vec<String> {
    let mut errors = Vec::new();
    check(schema, schema, doc, "", &mut errors);
    errors
}

fn check(root: &Value, schema: &Value, doc: &Value, at: &str, errors: &mut Vec<String>) {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let target = reference
            .strip_prefix("#/")
            .and_then(|p| p.split('/').try_fold(root, |v, key| v.get(key)))
            .unwrap_or_else(|| panic!("unresolvable $ref {reference}"));
        return check(root, target, doc, at, errors);
    }
    if let Some(types) = schema.get("type") {
        let allowed: Vec<&str> = match types {
            Value::String(t) => vec![t.as_str()],
            Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
            _ => panic!("bad type keyword"),
        };
        let actual = match doc {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(n) if n.is_u64() || n.is_i64() => "integer",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        };
        let integer_as_number = actual == "integer" && allowed.contains(&"number");
        if !(allowed.contains(&actual) || integer_as_number) {
            errors.push(format!("{at}: {actual} is not {allowed:?}"));
            return;
        }
    }
    if let Some(expected) = schema.get("const")
        && expected != doc
    {
        errors.push(format!("{at}: {doc} is not {expected}"));
    }
    if let Some(options) = schema.get("enum").and_then(Value::as_array)
        && !options.contains(doc)
    {
        errors.push(format!("{at}: {doc} is not one of {options:?}"));
    }
    if let (Some(min), Some(n)) = (schema.get("minimum").and_then(Value::as_f64), doc.as_f64())
        && n < min
    {
        errors.push(format!("{at}: {n} is below {min}"));
    }
    if let Value::Object(map) = doc {
        let properties = schema.get("properties").and_then(Value::as_object);
        for required in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let key = required.as_str().expect("required names are strings");
            if !map.contains_key(key) {
                errors.push(format!("{at}: missing `{key}`"));
            }
        }
        for (key, value) in map {
            match properties.and_then(|p| p.get(key)) {
                Some(sub) => check(root, sub, value, &format!("{at}/{key}"), errors),
                None if schema.get("additionalProperties") == Some(&Value::Bool(false)) => {
                    errors.push(format!("{at}: unexpected `{key}`"));
                }
                None => {}
            }
        }
    }
    if let (Value::Array(items), Some(item_schema)) = (doc, schema.get("items")) {
        for (i, item) in items.iter().enumerate() {
            check(root, item_schema, item, &format!("{at}/{i}"), errors);
        }
    }
}
