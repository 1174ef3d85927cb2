//! `/gradio_api/openapi.json`: the REST API (`/gradio_api/call/<name>` in two steps, its inputs
//! by position or, Gradio 6's `/call/v2/<name>`, by name; and uploads) as an OpenAPI 3.1
//! document, so that any OpenAPI tool can generate a client.
//!
//! Built from the same endpoint descriptions as `/gradio_api/info`. Each parameter's JSON
//! schema keeps its shape; the `$defs` it refers to move to `components/schemas`, where
//! OpenAPI looks `$ref`s up.

use serde_json::{json, Map, Value};

use crate::api_info::{ApiInfo, EndpointInfo};

/// The document for the app titled `title`, served at `root`.
pub(crate) fn document(title: &str, root: &str, info: &ApiInfo) -> Value {
    let mut schemas = Map::new();
    let mut paths = Map::new();
    for (name, endpoint) in &info.named_endpoints {
        let name = name.trim_start_matches('/');
        let (start, by_name, result) = endpoint_paths(name, endpoint, &mut schemas);
        paths.insert(format!("/gradio_api/call/{name}"), start);
        paths.insert(format!("/gradio_api/call/v2/{name}"), by_name);
        paths.insert(format!("/gradio_api/call/{name}/{{event_id}}"), result);
    }
    paths.insert("/gradio_api/upload".to_owned(), upload());
    let mut servers = Vec::new();
    if !root.is_empty() {
        servers.push(json!({"url": root}));
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": title,
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Each endpoint runs in two steps: POST its inputs to get an event id, \
                then GET the event's stream of server-sent events, which ends with \
                `event: complete` and the outputs (or `event: error`)."
        },
        "servers": servers,
        "paths": paths,
        "components": {"schemas": schemas},
    })
}

/// The operations of one endpoint: start it (inputs by position, or by name), then read its
/// result.
fn endpoint_paths(
    name: &str,
    endpoint: &EndpointInfo,
    schemas: &mut Map<String, Value>,
) -> (Value, Value, Value) {
    let inputs: Vec<Value> = endpoint
        .parameters
        .iter()
        .map(|p| {
            let mut schema = hoist(p.schema.clone(), schemas);
            if let Value::Object(s) = &mut schema {
                s.insert("title".into(), p.parameter_name.clone().into());
                s.insert(
                    "description".into(),
                    format!("{} “{}”", p.component, p.label).into(),
                );
                s.insert("examples".into(), json!([p.example_input]));
                if let Some(default) = &p.parameter_default {
                    s.insert("default".into(), default.clone());
                }
            }
            schema
        })
        .collect();
    let outputs: Vec<Value> = endpoint
        .returns
        .iter()
        .map(|r| {
            let mut schema = hoist(r.schema.clone(), schemas);
            if let Value::Object(s) = &mut schema {
                s.insert("title".into(), r.label.clone().into());
            }
            schema
        })
        .collect();
    let n = inputs.len();
    // Trailing parameters with defaults may be left out (the server fills them in).
    let required = endpoint
        .parameters
        .iter()
        .rposition(|p| !p.parameter_has_default)
        .map_or(0, |last| last + 1);
    // Gradio 6's `/call/v2`: the same inputs as an object, keyed by parameter name.
    let named: Map<String, Value> = endpoint
        .parameters
        .iter()
        .zip(&inputs)
        .map(|(p, schema)| (p.parameter_name.clone(), schema.clone()))
        .collect();
    let needed: Vec<&str> = endpoint
        .parameters
        .iter()
        .filter(|p| !p.parameter_has_default)
        .map(|p| p.parameter_name.as_str())
        .collect();
    let description = match endpoint.description.as_str() {
        "" => format!("Starts a call of `/{name}`; read its result with the event id."),
        text => text.to_owned(),
    };
    let start = json!({
        "post": {
            "operationId": format!("call_{name}"),
            "summary": format!("Call /{name}"),
            "description": description,
            "requestBody": {
                "required": true,
                "content": {"application/json": {"schema": {
                    "type": "object",
                    "required": ["data"],
                    "properties": {"data": {
                        "type": "array",
                        "prefixItems": inputs,
                        "items": false,
                        "minItems": required,
                        "maxItems": n,
                        "description": "The inputs' values, in order."
                    }}
                }}}
            },
            "responses": {
                "200": {
                    "description": "The call is queued.",
                    "content": {"application/json": {"schema": {
                        "type": "object",
                        "required": ["event_id"],
                        "properties": {"event_id": {"type": "string"}}
                    }}}
                },
                "404": error("No endpoint of that name."),
                "422": error("An input is invalid; `detail` says which and why."),
            }
        }
    });
    let mut by_name = start.clone();
    by_name["post"]["operationId"] = format!("call_v2_{name}").into();
    by_name["post"]["summary"] = format!("Call /{name}, its inputs by name").into();
    by_name["post"]["requestBody"]["content"]["application/json"]["schema"] = json!({
        "type": "object",
        "properties": named,
        "required": needed,
        "additionalProperties": false,
        "description": "The inputs' values, by parameter name; one with a default may be left out."
    });
    let result = json!({
        "get": {
            "operationId": format!("result_{name}"),
            "summary": format!("Result of a call of /{name}"),
            "parameters": [{
                "name": "event_id", "in": "path", "required": true,
                "schema": {"type": "string"}
            }],
            "responses": {
                "200": {
                    "description": "Server-sent events: `event: generating` for each partial \
                        result of a streaming endpoint, then `event: complete` with the \
                        outputs as `data:` (or `event: error`).",
                    "content": {"text/event-stream": {"schema": {
                        "type": "array",
                        "prefixItems": outputs,
                        "description": "The `data:` of the `complete` event: the outputs, in order."
                    }}}
                },
                "404": error("No such event."),
            }
        }
    });
    (start, by_name, result)
}

fn upload() -> Value {
    json!({
        "post": {
            "operationId": "upload",
            "summary": "Upload files",
            "description": "Stores files for a later call: pass `{\"path\": <returned path>, \
                \"meta\": {\"_type\": \"gradio.FileData\"}}` as a file input's value.",
            "requestBody": {
                "required": true,
                "content": {"multipart/form-data": {"schema": {
                    "type": "object",
                    "properties": {"files": {
                        "type": "array",
                        "items": {"type": "string", "contentMediaType": "application/octet-stream"}
                    }}
                }}}
            },
            "responses": {
                "200": {
                    "description": "The stored files' paths, in order.",
                    "content": {"application/json": {"schema": {
                        "type": "array", "items": {"type": "string"}
                    }}}
                },
                "413": error("A file is larger than the app allows."),
            }
        }
    })
}

fn error(description: &str) -> Value {
    json!({
        "description": description,
        "content": {"application/json": {"schema": {
            "type": "object",
            "properties": {"detail": {}}
        }}}
    })
}

/// Moves a schema's `$defs` into `schemas` and points its `$ref`s there.
fn hoist(mut schema: Value, schemas: &mut Map<String, Value>) -> Value {
    if let Some(Value::Object(defs)) = schema.as_object_mut().and_then(|s| s.remove("$defs")) {
        for (name, mut def) in defs {
            repoint(&mut def);
            schemas.entry(name).or_insert(def);
        }
    }
    repoint(&mut schema);
    schema
}

fn repoint(v: &mut Value) {
    match v {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                match value {
                    Value::String(r) if key == "$ref" => {
                        if let Some(name) = r.strip_prefix("#/$defs/") {
                            *r = format!("#/components/schemas/{name}");
                        }
                    }
                    _ => repoint(value),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(repoint),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `$ref` in `v`.
    fn refs(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(map) => {
                for (k, v) in map {
                    match v {
                        Value::String(r) if k == "$ref" => out.push(r.clone()),
                        _ => refs(v, out),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
            _ => {}
        }
    }

    #[test]
    fn each_endpoint_is_two_operations_and_every_ref_resolves() {
        let blocks = crate::test_demos::kitchen_sink::app();
        let doc = document("Kitchen sink", "http://h:1", &blocks.api_info());
        assert_eq!(doc["openapi"], "3.1.0");
        assert_eq!(doc["servers"][0]["url"], "http://h:1");
        let paths = doc["paths"].as_object().unwrap();
        for name in blocks.api_info().named_endpoints.keys() {
            let name = name.trim_start_matches('/');
            assert!(
                paths.contains_key(&format!("/gradio_api/call/{name}")),
                "{name}"
            );
            assert!(paths.contains_key(&format!("/gradio_api/call/v2/{name}")));
            assert!(paths.contains_key(&format!("/gradio_api/call/{name}/{{event_id}}")));
        }
        let mut all = Vec::new();
        refs(&doc, &mut all);
        assert!(!all.is_empty(), "the kitchen sink has files and tables");
        for r in all {
            let name = r.strip_prefix("#/components/schemas/").expect(&r);
            assert!(doc["components"]["schemas"].get(name).is_some(), "{r}");
        }
        assert!(!doc.to_string().contains("$defs"));
    }

    #[test]
    fn the_request_body_lists_the_inputs_in_order() {
        let doc = document("r", "", &crate::test_demos::reference::app().api_info());
        let body = &doc["paths"]["/gradio_api/call/add"]["post"]["requestBody"]["content"]
            ["application/json"]["schema"]["properties"]["data"];
        assert_eq!(body["minItems"], 2);
        assert_eq!(body["maxItems"], 2);
        assert_eq!(body["prefixItems"][0]["title"], "a");
        assert_eq!(body["prefixItems"][1]["type"], "number");
        assert_eq!(doc["servers"], json!([]));
        // By name, as `/call/v2` takes them.
        let body = &doc["paths"]["/gradio_api/call/v2/add"]["post"]["requestBody"]["content"]
            ["application/json"]["schema"];
        assert_eq!(body["required"], json!(["a", "b"]));
        assert_eq!(body["properties"]["b"]["type"], "number");
        assert_eq!(body["additionalProperties"], false);
    }

    #[test]
    fn inputs_with_defaults_may_be_left_out() {
        // The chat demo's `/echo_bot`: a message, then a checkbox that defaults to false.
        let doc = document("c", "", &crate::test_demos::chat::app().api_info());
        let body = &doc["paths"]["/gradio_api/call/echo_bot"]["post"]["requestBody"]["content"]
            ["application/json"]["schema"]["properties"]["data"];
        assert_eq!(body["minItems"], 1);
        assert_eq!(body["maxItems"], 2);
        assert_eq!(body["prefixItems"][1]["default"], false);
        assert!(body["prefixItems"][0].get("default").is_none());
        let by_name = &doc["paths"]["/gradio_api/call/v2/echo_bot"]["post"]["requestBody"]
            ["content"]["application/json"]["schema"];
        assert_eq!(by_name["required"], json!(["message"]));
    }
}
