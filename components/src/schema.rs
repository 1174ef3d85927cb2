//! JSON schemas for `/gradio_api/info`, derived from a component's data model with schemars and
//! reduced to the forms gradio_client's parser understands (it reads `type` as one string, has no
//! boolean schemas, and ignores — or chokes on — the rest).
//!
//! schemars turns a data model's doc comments into the schema's `description`s (and an enum of
//! unit variants with docs into a `oneOf`). A doc written for Rust readers only carries
//! `#[schemars(description = "")]`, which keeps the schema as it was.

use schemars::generate::SchemaSettings;
use schemars::JsonSchema;
use serde_json::{Map, Value};

/// The schema of `T` as gradio_client can read it: `$defs` + `$ref`, `anyOf` for nullable types.
pub fn gradio_schema<T: JsonSchema>() -> Value {
    let schema = SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<T>();
    let mut value = schema.to_value();
    if let Value::Object(map) = &mut value {
        map.remove("$schema");
    }
    normalize(&mut value);
    value
}

/// Rewrites in place what the parser can't take: `"type": [a, b]` becomes `anyOf`, `true`
/// becomes `{}`, `additionalProperties: false` goes, and `format` hints are dropped.
fn normalize(value: &mut Value) {
    match value {
        Value::Bool(true) => *value = Value::Object(Map::new()),
        Value::Array(items) => items.iter_mut().for_each(normalize),
        Value::Object(map) => {
            map.remove("format");
            if map.get("additionalProperties") == Some(&Value::Bool(false)) {
                map.remove("additionalProperties");
            }
            if let Some(Value::Array(types)) = map.get("type").cloned() {
                map.remove("type");
                split_types(map, types);
            }
            map.values_mut().for_each(normalize);
        }
        _ => {}
    }
}

/// `{"type": ["string", "null"], ...}` → `{"anyOf": [{"type": "string", ...}, {"type": "null"}]}`,
/// keeping title and description on the outside.
fn split_types(map: &mut Map<String, Value>, types: Vec<Value>) {
    let mut outer = Map::new();
    // `$defs` stays at the root too: gradio_client resolves `$ref`s only against the root's.
    for key in ["title", "description", "default", "$defs"] {
        if let Some(v) = map.remove(key) {
            outer.insert(key.to_owned(), v);
        }
    }
    let rest = std::mem::take(map);
    let branches = types
        .into_iter()
        .map(|t| {
            let mut branch = if t == "null" {
                Map::new()
            } else {
                rest.clone()
            };
            branch.insert("type".to_owned(), t);
            Value::Object(branch)
        })
        .collect();
    outer.insert("anyOf".to_owned(), Value::Array(branches));
    *map = outer;
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(JsonSchema)]
    #[allow(dead_code)]
    #[schemars(deny_unknown_fields)]
    struct Sample {
        name: Option<String>,
        weights: Vec<f64>,
        inner: Inner,
        anything: serde_json::Value,
    }
    #[derive(JsonSchema)]
    #[allow(dead_code)]
    struct Inner {
        n: u32,
    }

    fn walk(v: &Value, f: &mut impl FnMut(&Value)) {
        f(v);
        match v {
            Value::Array(a) => a.iter().for_each(|x| walk(x, f)),
            Value::Object(m) => m.values().for_each(|x| walk(x, f)),
            _ => {}
        }
    }

    #[test]
    fn only_forms_gradio_client_parses() {
        let s = gradio_schema::<Sample>();
        assert_eq!(
            s["properties"]["name"]["anyOf"],
            json!([{"type": "string"}, {"type": "null"}])
        );
        assert_eq!(
            s["properties"]["weights"]["items"],
            json!({"type": "number"})
        );
        assert_eq!(s["properties"]["inner"]["$ref"], "#/$defs/Inner");
        assert_eq!(s["properties"]["anything"], json!({}));
        assert!(s.get("additionalProperties").is_none());
        walk(&s, &mut |v| {
            if let Value::Object(m) = v {
                assert!(!m.contains_key("format"), "{v}");
                assert!(m.get("type").is_none_or(Value::is_string), "{v}");
            }
            assert!(!v.is_boolean(), "boolean schema left in {s}");
        });
    }

    #[test]
    fn a_nullable_list_of_structs_keeps_its_defs_at_the_root() {
        // gradio_client looks `$ref`s up in the root's `$defs` only.
        let s = gradio_schema::<Option<Vec<Inner>>>();
        assert_eq!(s["$defs"]["Inner"]["properties"]["n"]["type"], "integer");
        walk(&s["anyOf"], &mut |v| {
            assert!(v.get("$defs").is_none(), "$defs below the root in {s}");
        });
    }

    #[test]
    fn primitives_are_plain() {
        assert_eq!(
            gradio_schema::<String>(),
            json!({"title": "string", "type": "string"})
        );
        assert_eq!(
            gradio_schema::<bool>(),
            json!({"title": "boolean", "type": "boolean"})
        );
    }
}
