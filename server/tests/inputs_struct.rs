//! `#[derive(Inputs)]`: a struct of values as one argument, its fields filled by components,
//! over the wire as the same parameters a tuple of those components gives.

use crate::common::*;
use axum::http::StatusCode;
use ferrio::prelude::*;
use serde_json::json;

#[derive(Inputs)]
struct Settings {
    prompt: String,
    steps: f64,
    seed: f64,
    sharpen: bool,
}

fn describe(s: Settings) -> String {
    format!(
        "{} in {} steps from seed {}{}",
        s.prompt,
        s.steps,
        s.seed,
        if s.sharpen { ", sharpened" } else { "" }
    )
}

fn settings_app() -> axum::Router {
    app(Blocks::new(|b| {
        let prompt = b.add(Textbox::new().label("Prompt"));
        let steps = b.add(Slider::new(1.0, 150.0).value(30.0).label("Steps"));
        let seed = b.add(Number::new().label("Seed"));
        let sharpen = b.add(Checkbox::new().label("Sharpen"));
        let out = b.add(Textbox::new().label("Result"));
        // Fields in any order: the struct's order is the API's.
        let settings = SettingsInputs {
            seed,
            prompt,
            sharpen,
            steps,
        };
        b.button("Generate")
            .click(describe, settings, out)
            .api_name("generate");
        b.on_batch(
            [b.button("All").clicked()],
            |all: Vec<Settings>| all.into_iter().map(describe).collect::<Vec<_>>(),
            settings,
            out,
        )
        .api_name("generate_all");
    }))
}

#[tokio::test]
async fn each_field_is_a_parameter_in_the_structs_order() {
    let (_, _, body) = get(&settings_app(), "/gradio_api/info").await;
    let info = json(&body);
    let params = info["named_endpoints"]["/generate"]["parameters"]
        .as_array()
        .unwrap();
    let labels: Vec<_> = params
        .iter()
        .map(|p| p["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["Prompt", "Steps", "Seed", "Sharpen"]);
    let types: Vec<_> = params
        .iter()
        .map(|p| p["python_type"]["type"].as_str().unwrap())
        .collect();
    assert_eq!(types, ["str", "float", "float", "bool"]);
    // A batch endpoint takes one value of each, as with a tuple.
    assert_eq!(
        info["named_endpoints"]["/generate_all"]["parameters"]
            .as_array()
            .unwrap()
            .len(),
        4
    );
}

#[tokio::test]
async fn the_function_gets_the_struct_filled_from_the_inputs() {
    let app = settings_app();
    join(&app, 0, json!(["a fox", 20, 7, true]), "s1").await;
    let messages = read_stream(&app, "s1").await;
    assert_eq!(
        messages[2]["output"]["data"],
        json!(["a fox in 20 steps from seed 7, sharpened"])
    );
    join(&app, 1, json!(["a cat", 5, 1, false]), "s2").await;
    let messages = read_stream(&app, "s2").await;
    assert_eq!(
        messages[2]["output"]["data"],
        json!(["a cat in 5 steps from seed 1"])
    );
}

#[tokio::test]
async fn a_bad_field_is_named_by_its_component() {
    let app = settings_app();
    let (status, body) = post(
        &app,
        "/gradio_api/call/generate",
        r#"{"data": ["a fox", 20, "seven", "yes"]}"#,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let detail = json(&body)["detail"].to_string();
    // Every bad field is listed, as for a tuple of inputs.
    assert!(
        detail.contains("Seed") && detail.contains("Sharpen"),
        "{detail}"
    );
    let (status, body) = post(&app, "/gradio_api/call/generate", r#"{"data": ["a fox"]}"#).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(json(&body)["detail"].to_string().contains('4'), "{body}");
}
