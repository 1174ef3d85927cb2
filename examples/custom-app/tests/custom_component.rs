//! The custom-component demo over the wire: the component is in the config and the API, its
//! values are checked by its own contract, and the page renders its view on the server.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use ferrio::frontend::Frontend;
use ferrio::routes::{router_with, AppState};
use ferrio_components::NoCustom;
use ferrio_custom_app::AppBlocks;
use http_body_util::BodyExt;
use leptos::config::LeptosOptions;
use serde_json::{json, Value};
use tower::ServiceExt;

fn state() -> AppState {
    let options = LeptosOptions::builder()
        .output_name("ferrio")
        .site_root("target/site")
        .build();
    AppState::new(ferrio_custom_app::app::app(), Frontend::Site(options))
}

async fn send(app: &axum::Router, req: Request<Body>) -> (StatusCode, String) {
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let body = res.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8(body.to_vec()).unwrap())
}

async fn get(app: &axum::Router, uri: &str) -> (StatusCode, String) {
    send(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

async fn post(app: &axum::Router, uri: &str, body: Value) -> (StatusCode, String) {
    let req = Request::post(uri)
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    send(app, req).await
}

#[tokio::test]
async fn the_custom_component_is_in_the_config_and_the_api() {
    let app = router_with::<AppBlocks>(state()).unwrap();
    let (_, body) = get(&app, "/config").await;
    let config: Value = serde_json::from_str(&body).unwrap();
    let rating = config["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["type"] == "rating")
        .expect("a rating block");
    assert_eq!(rating["props"]["max"], 5);
    assert_eq!(rating["props"]["label"], "Your rating");
    assert_eq!(rating["api_info"]["type"], "integer");

    let (_, body) = get(&app, "/gradio_api/info").await;
    let info: Value = serde_json::from_str(&body).unwrap();
    let param = &info["named_endpoints"]["/review"]["parameters"][0];
    assert_eq!(param["component"], "Rating");
    assert_eq!(param["python_type"]["type"], "int");
}

#[tokio::test]
async fn its_values_go_through_its_own_contract() {
    let app = router_with::<AppBlocks>(state()).unwrap();
    let (status, body) = post(
        &app,
        "/gradio_api/call/review",
        json!({"data": [4, "tasty"]}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let event_id = serde_json::from_str::<Value>(&body).unwrap()["event_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, body) = get(&app, &format!("/gradio_api/call/review/{event_id}")).await;
    assert!(body.contains("Very good (4 stars): tasty"), "{body}");

    let (status, body) = post(&app, "/gradio_api/call/review", json!({"data": [9, ""]})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body.contains("9 stars is more than the 5 there are"),
        "{body}"
    );
}

#[tokio::test]
async fn the_page_renders_its_view_on_the_server() {
    let app = router_with::<AppBlocks>(state()).unwrap();
    let (status, body) = get(&app, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("role=\"radiogroup\""), "{body}");
    assert!(body.contains("aria-label=\"5 stars\""), "{body}");
}

#[test]
fn a_frontend_without_the_component_is_refused_at_startup() {
    let err = router_with::<NoCustom>(state()).unwrap_err();
    assert!(err.to_string().contains("rating"), "{err}");
}

#[test]
fn the_built_in_bundle_is_refused_for_a_custom_component() {
    let state = AppState::new(ferrio_custom_app::app::app(), Frontend::Embedded);
    let err = router_with::<AppBlocks>(state).unwrap_err();
    assert!(err.to_string().contains("cargo leptos"), "{err}");
}

/// Joins `fn_index` in `session` and returns the completed message's output data.
async fn run(app: &axum::Router, fn_index: u32, data: Value, session: &str) -> Value {
    let (status, body) = post(
        app,
        "/gradio_api/queue/join",
        json!({"data": data, "fn_index": fn_index, "session_hash": session}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, body) = get(
        app,
        &format!("/gradio_api/queue/data?session_hash={session}"),
    )
    .await;
    body.lines()
        .filter_map(|l| l.strip_prefix("data: "))
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .find(|m| m["msg"] == "process_completed")
        .map(|m| m["output"].clone())
        .expect("the event completes")
}

#[tokio::test]
async fn an_update_of_its_own_props_holds_for_the_session() {
    let app = router_with::<AppBlocks>(state()).unwrap();
    let (_, body) = get(&app, "/config").await;
    let config: Value = serde_json::from_str(&body).unwrap();
    let scale = config["dependencies"]
        .as_array()
        .unwrap()
        .iter()
        .position(|d| d["api_name"] == "scale")
        .unwrap() as u32;
    let review = config["dependencies"]
        .as_array()
        .unwrap()
        .iter()
        .position(|d| d["api_name"] == "review")
        .unwrap() as u32;
    let out = run(&app, scale, json!([true]), "ten").await;
    assert_eq!(
        out["data"][0],
        json!({"__type__": "update", "max": 10, "label": "Your rating (out of 10)"})
    );
    let out = run(&app, review, json!([8, ""]), "ten").await;
    assert_eq!(out["data"], json!(["Off the scale (8 stars)"]));
    // Another session still has five stars.
    let (status, _) = post(
        &app,
        "/gradio_api/queue/join",
        json!({"data": [8, ""], "fn_index": review, "session_hash": "five"}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}
