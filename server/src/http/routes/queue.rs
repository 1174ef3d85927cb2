//! The queue's routes: joining, the session's event stream (with heartbeats), a page's
//! heartbeat stream, cancelling, and the queue's status.

use std::time::Duration;

use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::Json;
use ferrio_components::messages::{JoinRequest, JoinResponse, QueueStatus, ServerMessage};
use ferrio_components::{EventId, SessionHash};
use futures_util::{Stream, StreamExt};
use serde::Deserialize;

use crate::http::client::Client;
use crate::http::error::ApiError;
use crate::http::AppState;
use crate::runtime::queue::MessageStream;

pub(super) async fn queue_join(
    State(state): State<AppState>,
    client: Client,
    body: Bytes,
) -> Result<Json<JoinResponse>, ApiError> {
    let req: JoinRequest = ApiError::parse_body(&body)?;
    state.0.sessions.claim(&req.session_hash, client.id())?;
    let event_id = state
        .join(req.fn_index, req.data, req.event_data, req.session_hash)
        .await?;
    Ok(Json(JoinResponse { event_id }))
}

#[derive(Deserialize)]
pub(super) struct DataQuery {
    session_hash: Option<SessionHash>,
}

pub(super) async fn queue_data(
    State(state): State<AppState>,
    client: Client,
    query: Result<Query<DataQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(query) = query.map_err(|e| ApiError::InvalidRequest(e.body_text()))?;
    let session = query
        .session_hash
        .ok_or_else(|| ApiError::InvalidRequest("missing query parameter session_hash".into()))?;
    state.0.sessions.claim(&session, client.id())?;
    let messages: MessageStream = match state.0.queue.stream(&session) {
        Some(stream) => stream,
        None => Box::pin(futures_util::stream::once(async {
            ServerMessage::UnexpectedError {
                event_id: None,
                message: "404: Not Found".into(),
                session_not_found: true,
                success: false,
            }
        })),
    };
    let events = with_heartbeats(messages, state.0.heartbeat).map(|msg| data_event(&msg));
    Ok(super::sse::response(events))
}

/// `data: {...}`: one SSE event per message, heartbeats included (gradio_client ignores
/// comment lines, so a heartbeat must be a message).
fn data_event(msg: &ServerMessage) -> Bytes {
    super::sse::frame(None, msg)
}

/// Interleaves a heartbeat whenever the stream has been quiet for `every`.
pub(super) fn with_heartbeats(
    messages: MessageStream,
    every: Duration,
) -> impl Stream<Item = ServerMessage> + Send {
    futures_util::stream::unfold(Some(messages), move |messages| async move {
        let mut messages = messages?;
        match tokio::time::timeout(every, messages.next()).await {
            Ok(Some(msg)) => Some((msg, Some(messages))),
            Ok(None) => None,
            Err(_) => Some((ServerMessage::Heartbeat, Some(messages))),
        }
    })
}

/// Holds a session's page open for clients that ask (`connect_heartbeat`): each beat keeps
/// its State alive, and when the stream closes for good its `unload` listeners run.
pub(super) async fn heartbeat(
    State(state): State<AppState>,
    client: Client,
    Path(session): Path<String>,
) -> Result<Response, ApiError> {
    let every = state.0.heartbeat;
    let session = SessionHash::parse(session)?;
    state.0.sessions.claim(&session, client.id())?;
    let stopping = state.stopping();
    let hold = state.page_opened(session);
    // `ALIVE` at once, then once a beat, as Gradio: the first one tells the client the page
    // is held. The stream ends when the server shuts down, so its graceful stop can finish.
    let beats = futures_util::stream::unfold(
        (hold, stopping, true),
        move |(hold, mut stopping, first)| async move {
            if !first {
                tokio::select! {
                    _ = tokio::time::sleep(every) => {}
                    _ = stopping.wait_for(|stop| *stop) => return None,
                }
                hold.state.0.sessions.touch(&hold.session);
            }
            Some((ALIVE, (hold, stopping, false)))
        },
    );
    Ok(super::sse::response(beats))
}

/// The page heartbeat's one event: a word, not a message, as Gradio's (nothing else travels
/// on this stream).
const ALIVE: Bytes = Bytes::from_static(b"data: ALIVE\n\n");

/// `GET /gradio_api/queue/status`: how many events wait to start, over the whole app.
pub(super) async fn queue_status(State(state): State<AppState>) -> Json<QueueStatus> {
    Json(QueueStatus::new(state.0.queue.waiting()))
}

#[derive(Deserialize)]
struct CancelRequest {
    event_id: EventId,
    session_hash: SessionHash,
}

/// `POST /gradio_api/cancel`: stops a waiting or running event of the caller's session
/// (gradio_client's `job.cancel()`).
pub(super) async fn cancel(
    State(state): State<AppState>,
    client: Client,
    body: Bytes,
) -> Result<Json<serde_json::Value>, ApiError> {
    let req: CancelRequest = ApiError::parse_body(&body)?;
    state.0.sessions.claim(&req.session_hash, client.id())?;
    if state.0.queue.cancel(&req.session_hash, &req.event_id) {
        Ok(Json(serde_json::json!({"success": true})))
    } else {
        Err(ApiError::UnknownEvent(req.event_id.0))
    }
}
