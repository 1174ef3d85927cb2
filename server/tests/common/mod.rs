//! Helpers for driving the router in-process (`tower::ServiceExt::oneshot`).
#![allow(dead_code)]

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use ferrio::frontend::Frontend;
use ferrio::prelude::Blocks;
use ferrio::queue::LocalQueue;
use ferrio::routes::{router, AppState};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

/// The page as a user's app serves it: the embedded bundle.
pub(crate) fn options() -> Frontend {
    Frontend::Embedded
}

/// The reference demo with its cache in `dir/cache`, configured further by `configure`.
pub(crate) fn app_in(dir: &std::path::Path, configure: impl FnOnce(Blocks) -> Blocks) -> Router {
    app(configure(
        ferrio_demo::reference::app().cache_dir(dir.join("cache")),
    ))
}

pub(crate) fn app(blocks: Blocks) -> Router {
    router(AppState::new(blocks, options()))
}

/// An app whose streams send a heartbeat after `every` of quiet.
pub(crate) fn app_with_heartbeat(blocks: Blocks, every: Duration) -> Router {
    let queue = Arc::new(
        LocalQueue::new(blocks.concurrency_limits()).with_pools(blocks.concurrency_pools()),
    );
    router(AppState::with_queue(blocks, options(), queue, every))
}

pub(crate) fn reference() -> Router {
    app(ferrio_demo::reference::app())
}

pub(crate) async fn send(app: &Router, req: Request<Body>) -> (StatusCode, String, String) {
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let content_type = res
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let body = res.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        content_type,
        String::from_utf8(body.to_vec()).unwrap(),
    )
}

pub(crate) async fn get(app: &Router, uri: &str) -> (StatusCode, String, String) {
    send(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

pub(crate) async fn post(app: &Router, uri: &str, body: impl Into<String>) -> (StatusCode, String) {
    let req = Request::post(uri)
        .header("content-type", "application/json")
        .body(Body::from(body.into()))
        .unwrap();
    let (status, _, body) = send(app, req).await;
    (status, body)
}

pub(crate) fn json(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}"))
}

/// The `data:` payloads of an SSE body, parsed.
pub(crate) fn sse_messages(body: &str) -> Vec<Value> {
    body.lines()
        .filter_map(|l| l.strip_prefix("data: ").or_else(|| l.strip_prefix("data:")))
        .map(json)
        .collect()
}

/// Joins `fn_index` with `data` in `session` and returns the event id.
pub(crate) async fn join(app: &Router, fn_index: u32, data: Value, session: &str) -> String {
    let body = serde_json::json!({"data": data, "fn_index": fn_index, "session_hash": session, "event_data": null, "trigger_id": null});
    let (status, body) = post(app, "/gradio_api/queue/join", body.to_string()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    json(&body)["event_id"].as_str().unwrap().to_owned()
}

/// Reads the session's stream to its end.
pub(crate) async fn read_stream(app: &Router, session: &str) -> Vec<Value> {
    let (status, content_type, body) = get(
        app,
        &format!("/gradio_api/queue/data?session_hash={session}"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        content_type.starts_with("text/event-stream"),
        "{content_type}"
    );
    sse_messages(&body)
}

pub(crate) fn msgs(messages: &[Value]) -> Vec<&str> {
    messages
        .iter()
        .map(|m| m["msg"].as_str().unwrap())
        .collect()
}

/// A 4xx (or 5xx) `expected` whose `{"detail": ...}` mentions `needle`.
pub(crate) async fn assert_detail(
    status: StatusCode,
    body: &str,
    expected: StatusCode,
    needle: &str,
) {
    assert_eq!(status, expected, "{body}");
    let detail = serde_json::from_str::<ferrio_components::messages::ErrorDetail>(body)
        .unwrap_or_else(|_| panic!("no detail: {body}"))
        .detail
        .to_string();
    assert!(
        detail.contains(needle),
        "{detail:?} should mention {needle:?}"
    );
}
