//! `limit-server [ADDR]`: the physical limit `./x bench` measures Ferrio against.
//!
//! Only what echo through Gradio's queue needs, and nothing else: `POST /gradio_api/queue/join`
//! puts the event in one FIFO line run one at a time (concurrency limit 1, as the benchmark's
//! echo), and `GET /gradio_api/queue/data` streams the session's messages (`estimation`,
//! `process_starts`, `process_completed`, `close_stream`) as they happen, without polling.
//! Whatever Ferrio does beyond this (typing, validation, sessions, cancelling) is its overhead.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use anyhow::Result;
use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::serve::ListenerExt;
use axum::{Json, Router};
use serde_json::{json, Value};
use tokio::sync::mpsc;

type Sender = mpsc::UnboundedSender<Bytes>;

#[derive(Clone, Default)]
struct Limit {
    sessions: Arc<Mutex<HashMap<String, Session>>>,
    next_id: Arc<AtomicU64>,
}

/// A session's messages: its sender, and its receiver until a reader takes it.
struct Session {
    tx: Sender,
    rx: Option<mpsc::UnboundedReceiver<Bytes>>,
    pending: usize,
}

/// One event waiting in the line: who hears of it, and what it echoes.
struct Event {
    id: String,
    session: String,
    data: Value,
}

fn sse(message: Value) -> Bytes {
    Bytes::from(format!("data: {message}\n\n"))
}

async fn join(
    State((limit, line)): State<(Limit, mpsc::UnboundedSender<Event>)>,
    Json(body): Json<Value>,
) -> Response {
    let session = body["session_hash"].as_str().unwrap_or_default().to_owned();
    let id = limit.next_id.fetch_add(1, Ordering::Relaxed).to_string();
    {
        let mut sessions = limit.sessions.lock().unwrap();
        let s = sessions.entry(session.clone()).or_insert_with(|| {
            let (tx, rx) = mpsc::unbounded_channel();
            Session {
                tx,
                rx: Some(rx),
                pending: 0,
            }
        });
        s.pending += 1;
        let _ =
            s.tx.send(sse(json!({"msg": "estimation", "event_id": id, "rank": 0,
            "queue_size": 1, "rank_eta": null})));
    }
    let _ = line.send(Event {
        id: id.clone(),
        session,
        data: body["data"].clone(),
    });
    Json(json!({ "event_id": id })).into_response()
}

async fn data(
    State((limit, _)): State<(Limit, mpsc::UnboundedSender<Event>)>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let session = query.get("session_hash").cloned().unwrap_or_default();
    let rx = {
        let mut sessions = limit.sessions.lock().unwrap();
        let rx = sessions.get_mut(&session).and_then(|s| s.rx.take());
        // Its events all done: the stream ends after what is buffered.
        if sessions.get(&session).is_some_and(|s| s.pending == 0) {
            sessions.remove(&session);
        }
        rx
    };
    let Some(rx) = rx else {
        return (axum::http::StatusCode::NOT_FOUND, "no such session").into_response();
    };
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        let bytes = rx.recv().await?;
        Some((Ok::<_, std::convert::Infallible>(bytes), rx))
    });
    (
        [(header::CONTENT_TYPE, "text/event-stream; charset=utf-8")],
        Body::from_stream(stream),
    )
        .into_response()
}

/// Runs the line's events one at a time, in join order.
async fn run_line(limit: Limit, mut line: mpsc::UnboundedReceiver<Event>) {
    while let Some(event) = line.recv().await {
        let mut sessions = limit.sessions.lock().unwrap();
        let Some(s) = sessions.get_mut(&event.session) else {
            continue;
        };
        let id = &event.id;
        let _ = s.tx.send(sse(
            json!({"msg": "process_starts", "event_id": id, "eta": null}),
        ));
        let _ =
            s.tx.send(sse(json!({"msg": "process_completed", "event_id": id,
            "output": {"data": event.data}, "success": true})));
        s.pending -= 1;
        if s.pending == 0 {
            let _ =
                s.tx.send(sse(json!({"msg": "close_stream", "event_id": null})));
            // The stream ends when the last sender goes; an unread session waits for its
            // reader.
            if s.rx.is_none() {
                sessions.remove(&event.session);
            }
        }
    }
}

#[tokio::main]
async fn main() -> Result<()> {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:3302".into());
    let limit = Limit::default();
    let (tx, rx) = mpsc::unbounded_channel();
    tokio::spawn(run_line(limit.clone(), rx));
    let app = Router::new()
        .route("/gradio_api/queue/join", post(join))
        .route("/gradio_api/queue/data", get(data))
        .route("/config", get(|| async { Json(json!({})) }))
        .with_state((limit, tx));
    // Without Nagle's delay, as Ferrio serves.
    let listener = tokio::net::TcpListener::bind(&addr).await?.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    println!("limit server on http://{addr}");
    axum::serve(listener, app).await?;
    Ok(())
}
