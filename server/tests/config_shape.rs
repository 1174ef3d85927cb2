//! The reference demo's `/config` and `/gradio_api/info` have the shapes Gradio 6.31.0 serves
//! for its reference app (captures in `fixtures/gradio-6.31.0/`).

use std::collections::BTreeMap;

use crate::common::*;
use axum::http::StatusCode;
use serde_json::{json, Value};

fn fixture(name: &str) -> Value {
    let path = format!(
        "{}/tests/fixtures/gradio-6.31.0/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    json(&std::fs::read_to_string(path).unwrap())
}

/// A JSON value's shape: objects keep their keys, everything else becomes its type name.
fn shape(v: &Value, depth: usize) -> Value {
    match v {
        Value::Object(map) if depth > 0 => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), shape(v, depth - 1)))
                .collect(),
        ),
        Value::Object(_) => json!("object"),
        Value::Array(_) => json!("array"),
        Value::String(_) => json!("string"),
        Value::Number(_) => json!("number"),
        Value::Bool(_) => json!("bool"),
        Value::Null => json!("null"),
    }
}

async fn reference_config() -> Value {
    let (status, _, body) = get(&reference(), "/config").await;
    assert_eq!(status, StatusCode::OK);
    json(&body)
}

#[tokio::test]
async fn top_level_keys_and_types_match_gradio() {
    let ours = reference_config().await;
    let theirs = fixture("config.json");
    assert_eq!(shape(&ours, 1), shape(&theirs, 1));
    // The same keys in the same order, as gradio_client and the page read them.
    let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&ours), keys(&theirs));
    assert_eq!(ours["version"], "6.31.0");
    // 6.x: what the app didn't set is null, and the footer has every link.
    for key in ["css", "js", "head"] {
        assert_eq!(ours[key], Value::Null, "{key}");
    }
    assert_eq!(ours["footer_links"], theirs["footer_links"]);
    assert_eq!(ours["fill_height"], false);
    assert_eq!(ours["stylesheets"], json!([]));
    assert_eq!(ours["protocol"], "sse_v3");
    assert_eq!(ours["api_prefix"], "/gradio_api");
    assert_eq!(ours["mode"], "blocks");
    assert_eq!(ours["title"], "echo");
}

#[tokio::test]
async fn dependencies_match_gradio_for_echo_and_add() {
    let ours = reference_config().await;
    let theirs = fixture("config.json");
    for i in 0..4 {
        let (o, t) = (&ours["dependencies"][i], &theirs["dependencies"][i]);
        assert_eq!(shape(o, 1), shape(t, 1), "dependency {i}");
        for key in [
            "id",
            "api_name",
            "queue",
            "backend_fn",
            "api_visibility",
            "component_prop_inputs",
            "types",
            "trigger_mode",
            "connection",
        ] {
            assert_eq!(o[key], t[key], "dependency {i}: {key}");
        }
    }
    // Same wiring, modulo ids: echo reads In and writes Out; add reads a, b and writes sum.
    let label = |config: &Value, id: &Value| -> String {
        config["components"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| &c["id"] == id)
            .map(|c| c["props"]["label"].as_str().unwrap_or("").to_owned())
            .unwrap()
    };
    for config in [&ours, &theirs] {
        let d = &config["dependencies"][1];
        let inputs: Vec<_> = d["inputs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|id| label(config, id))
            .collect();
        assert_eq!(inputs, ["a", "b"]);
        assert_eq!(label(config, &d["outputs"][0]), "sum");
    }
}

#[tokio::test]
async fn component_entries_match_gradio() {
    let ours = reference_config().await;
    let theirs = fixture("config.json");
    let by_type = |config: &Value, ty: &str| -> Value {
        config["components"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["type"] == ty)
            .unwrap()
            .clone()
    };
    for ty in ["textbox", "number", "button", "form"] {
        let (o, t) = (by_type(&ours, ty), by_type(&theirs, ty));
        let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
        assert_eq!(keys(&o), keys(&t), "{ty}");
        for key in [
            "skip_api",
            "api_info",
            "api_info_as_input",
            "api_info_as_output",
            "example_inputs",
        ] {
            assert_eq!(o[key], t[key], "{ty}: {key}");
        }
        // The props Gradio 6 gives every block, with its values for these.
        for prop in ["name", "_selectable", "preserved_by_key"] {
            assert_eq!(
                o["props"].get(prop),
                t["props"].get(prop),
                "{ty}.props.{prop}"
            );
        }
        // Gradio 6's `buttons` (5.x's `show_copy_button`): none on a plain text box.
        if ty == "textbox" {
            assert_eq!(o["props"]["buttons"], t["props"]["buttons"]);
            assert!(o["props"].get("show_copy_button").is_none());
        }
        // The props gradio_client and the frontends read, with the same types.
        for prop in [
            "label",
            "show_label",
            "visible",
            "elem_classes",
            "min_width",
            "container",
            "value",
            "variant",
            "size",
        ] {
            if let Some(theirs) = t["props"].get(prop) {
                assert_eq!(
                    shape(&o["props"][prop], 0),
                    shape(theirs, 0),
                    "{ty}.props.{prop}"
                );
            }
        }
    }
}

#[tokio::test]
async fn layout_wraps_form_components_like_gradio() {
    let top_level_types = |config: &Value| -> Vec<String> {
        let types: BTreeMap<u64, String> = config["components"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["id"].as_u64().unwrap(),
                    c["type"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        config["layout"]["children"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| types[&n["id"].as_u64().unwrap()].clone())
            .collect()
    };
    let config = reference_config().await;
    let ours = top_level_types(&config);
    let theirs = top_level_types(&fixture("config.json"));
    // Every endpoint lays out as Gradio's does.
    assert_eq!(ours, theirs);
    assert_eq!(config["page"][""]["layout"], config["layout"]);
}

#[tokio::test]
async fn root_comes_from_host_never_from_forwarded_headers() {
    let req = axum::http::Request::get("/config")
        .header("host", "localhost:3000")
        .header("x-forwarded-host", "evil.example")
        .body(axum::body::Body::empty())
        .unwrap();
    let (_, _, body) = send(&reference(), req).await;
    assert_eq!(json(&body)["root"], "http://localhost:3000");
}

/// Behind a proxy that ends TLS, the scheme is its `X-Forwarded-Proto` (the first of a chain);
/// anything but https stays http.
#[tokio::test]
async fn root_is_https_behind_a_tls_proxy() {
    for (proto, root) in [
        ("https", "https://app.example"),
        ("HTTPS, http", "https://app.example"),
        ("http", "http://app.example"),
        ("javascript", "http://app.example"),
    ] {
        let req = axum::http::Request::get("/config")
            .header("host", "app.example")
            .header("x-forwarded-proto", proto)
            .body(axum::body::Body::empty())
            .unwrap();
        let (_, _, body) = send(&reference(), req).await;
        assert_eq!(json(&body)["root"], root, "{proto}");
    }
}

#[tokio::test]
async fn api_info_matches_gradio_for_every_endpoint() {
    let (status, _, body) = get(&reference(), "/gradio_api/info").await;
    assert_eq!(status, StatusCode::OK);
    let mut ours = json(&body);
    let mut theirs = fixture("info.json");
    assert_eq!(ours["unnamed_endpoints"], json!({}));
    // `/flip`'s ImageData schema is Ferrio's FileData one (a required `path`, `meta` as
    // FileDataMeta) where Gradio 6 describes each field of its own ImageData; both are read as a
    // file by every client. Everything else about the endpoint is Gradio's.
    for side in [&mut ours, &mut theirs] {
        let flip = &mut side["named_endpoints"]["/flip"];
        for param in ["parameters", "returns"] {
            let entry = &mut flip[param][0];
            assert_eq!(entry["type"]["title"], "ImageData");
            entry["type"] = Value::Null;
            entry["python_type"]["description"] = Value::Null;
        }
    }
    for name in ["/echo", "/add", "/stream", "/slow", "/filesize", "/flip"] {
        let (mut o, mut t) = (
            ours["named_endpoints"][name].clone(),
            theirs["named_endpoints"][name].clone(),
        );
        // The snippets are compared for their shape: Ferrio's have a Rust call where Gradio's
        // have its `gradio` command line.
        let (os, ts) = (
            o.as_object_mut().unwrap().remove("code_snippets").unwrap(),
            t.as_object_mut().unwrap().remove("code_snippets").unwrap(),
        );
        assert_eq!(o, t, "{name}");
        for lang in ["python", "javascript", "bash"] {
            assert!(os[lang].is_string(), "{name} {lang}");
            assert!(ts[lang].is_string(), "{name} {lang}");
        }
        assert!(os["rust"].is_string(), "{name}");
    }
}
