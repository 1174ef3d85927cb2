//! The REST API (`/call/<api_name>`, then its result's stream) and direct calls of
//! `queue(false)` listeners (`/run/<api_name>`).

use std::sync::Arc;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use ferrio_components::diff::GeneratedOutputs;
use ferrio_components::messages::{JoinResponse, ProcessOutput, ServerMessage};
use ferrio_components::{EventId, FnIndex, SessionHash};
use futures_util::StreamExt;
use serde::Deserialize;

use super::queue::with_heartbeats;
use crate::handler::RunError;
use crate::http::error::ApiError;
use crate::http::join::StateSlots;
use crate::http::AppState;
use crate::runtime::sessions::{LocalSessionStore, SessionStore};

#[derive(Deserialize)]
struct CallRequest {
    data: Vec<serde_json::Value>,
}

/// Step one of the REST API: `POST /gradio_api/call/<api_name>` → `{"event_id": ...}`.
pub(super) async fn call_start(
    State(state): State<AppState>,
    Path(api_name): Path<String>,
    body: Bytes,
) -> Result<Json<JoinResponse>, ApiError> {
    let fn_index = rest_endpoint(&state, &api_name)?;
    let req: CallRequest = ApiError::parse_body(&body)?;
    start_call(state, fn_index, req.data).await
}

/// Gradio 6's step one, `POST /gradio_api/call/v2/<api_name>`: the inputs as keyword
/// arguments named as `/info`'s `parameter_name`s (`{"a": 2, "b": 3.5}`); one left out takes
/// its default. Read the result as from `/call`.
pub(super) async fn call_v2_start(
    State(state): State<AppState>,
    Path(api_name): Path<String>,
    body: Bytes,
) -> Result<Json<JoinResponse>, ApiError> {
    let fn_index = rest_endpoint(&state, &api_name)?;
    let value: serde_json::Value = ApiError::parse_body(&body)?;
    let serde_json::Value::Object(kwargs) = value else {
        return Err(ApiError::InvalidRequest(
            "the body must be a JSON object of keyword arguments, such as {\"text\": \"hi\"}"
                .to_owned(),
        ));
    };
    let data = state
        .function(fn_index)?
        .inputs_from_keywords(kwargs)
        .map_err(|e| ApiError::Keywords(api_name.trim_start_matches('/').to_owned(), e))?;
    start_call(state, fn_index, data).await
}

/// Joins a REST call (its API inputs in order) and remembers its event for step two.
async fn start_call(
    state: AppState,
    fn_index: FnIndex,
    data: Vec<serde_json::Value>,
) -> Result<Json<JoinResponse>, ApiError> {
    // Each REST call gets a session of its own: its stream carries just this event.
    let session = SessionHash(uuid::Uuid::new_v4().simple().to_string());
    // Callers may leave out the State inputs, as `/info` does.
    let f = state.function(fn_index)?;
    let slots = StateSlots::of(&state.0.blocks, f);
    let data = if data.len() + slots.hidden_inputs() == f.config.inputs.len() {
        slots.with_hidden_inputs(data)
    } else {
        data
    };
    // A REST call is a session of one event: its State starts fresh and is dropped with it,
    // so calls can't fill the shared store.
    let event_id = state
        .join_in(
            fn_index,
            data,
            None,
            session.clone(),
            Arc::new(LocalSessionStore::default()),
        )
        .await?;
    let mut events = state
        .0
        .rest_events
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    // Calls whose results nobody fetched within the queue's keep time are forgotten (checked
    // now and then, so the cost stays amortized O(1)).
    if events.len() % 1024 == 1023 {
        events.retain(|_, (_, _, at)| at.elapsed() < crate::runtime::queue::KEEP_UNREAD);
    }
    events.insert(event_id.clone(), (fn_index, session, Instant::now()));
    drop(events);
    Ok(Json(JoinResponse { event_id }))
}

fn rest_endpoint(state: &AppState, api_name: &str) -> Result<FnIndex, ApiError> {
    let name = api_name.trim_start_matches('/');
    state
        .0
        .blocks
        .functions()
        .iter()
        .find(|f| f.config.api_visibility.is_callable() && f.api_name() == Some(name))
        .map(|f| f.config.id)
        .ok_or_else(|| ApiError::UnknownApiName(name.to_owned()))
}

/// A direct call's body (Gradio's `PredictBody`): the page names the listener by `fn_index`.
#[derive(Deserialize)]
struct RunRequest {
    data: Vec<serde_json::Value>,
    #[serde(default)]
    fn_index: Option<FnIndex>,
    #[serde(default)]
    session_hash: Option<SessionHash>,
    #[serde(default)]
    event_data: Option<serde_json::Value>,
}

/// `POST /gradio_api/run/<api_name>` (the page posts `/run/predict` with a `fn_index`): runs
/// a `queue(false)` listener at once and answers with its outputs, as Gradio's `predict`
/// route does. A function's failure is `{"error": ...}`: a 422 when it refused its input
/// (returned `Err`), a 500 when it panicked or ran out of time.
pub(super) async fn run_direct(
    State(state): State<AppState>,
    Path(api_name): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let req: RunRequest = ApiError::parse_body(&body)?;
    let fn_index = match req.fn_index {
        Some(fn_index) => fn_index,
        None => rest_endpoint(&state, &api_name)?,
    };
    let f = state.function(fn_index)?;
    if f.config.queue {
        return Err(ApiError::Queued(fn_index.0));
    }
    // Without a session, a call of its own whose State starts fresh, as a REST call's.
    let (session, store): (SessionHash, Arc<dyn SessionStore>) = match req.session_hash {
        Some(session) => (session, state.0.sessions.clone()),
        None => (
            SessionHash(uuid::Uuid::new_v4().simple().to_string()),
            Arc::new(LocalSessionStore::default()),
        ),
    };
    let work = state
        .prepare(f, req.data, req.event_data, session, store)
        .await?;
    Ok(match state.run_now(f, work.into_call()).await {
        Ok(output) => Json(output).into_response(),
        Err(error) => {
            tracing::warn!(fn_index = fn_index.0, %error, "direct call failed");
            let status = match error {
                RunError::Panicked | RunError::TimeLimit(_) => {
                    axum::http::StatusCode::INTERNAL_SERVER_ERROR
                }
                _ => axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            };
            let message = error.to_string();
            (
                status,
                Json(serde_json::json!({"error": message, "detail": message})),
            )
                .into_response()
        }
    })
}

/// Step two: `GET /gradio_api/call/<api_name>/<event_id>` streams `event: complete` (or
/// `generating` / `error`) with the outputs as `data`.
pub(super) async fn call_result(
    State(state): State<AppState>,
    Path((api_name, event_id)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let fn_index = rest_endpoint(&state, &api_name)?;
    let event_id = EventId(event_id);
    let session = {
        let mut events = state
            .0
            .rest_events
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        match events.get(&event_id) {
            Some((f, _, _)) if *f == fn_index => events.remove(&event_id).map(|(_, s, _)| s),
            _ => None,
        }
    }
    .ok_or_else(|| ApiError::UnknownEvent(event_id.0.clone()))?;
    let messages = state
        .0
        .queue
        .stream(&session)
        .ok_or_else(|| ApiError::UnknownEvent(event_id.0.clone()))?;
    // The REST API shows each generated result whole: undo the queue's diffs.
    let mut generated = GeneratedOutputs::default();
    let events = with_heartbeats(messages, state.0.heartbeat)
        .map(move |msg| rest_event(generated.decode_message(msg)))
        .filter_map(|event| async move { event });
    Ok(super::sse::response(events))
}

/// A queue message as the REST API shows it; `None` for messages it leaves out.
fn rest_event(msg: ServerMessage) -> Option<Bytes> {
    use super::sse::frame;
    match msg {
        ServerMessage::ProcessGenerating {
            output: ProcessOutput::Data(out),
            ..
        } => Some(frame(Some("generating"), &out.data)),
        ServerMessage::ProcessCompleted {
            output: ProcessOutput::Data(out),
            success: true,
            ..
        } => Some(frame(Some("complete"), &out.data)),
        // Gradio 6 sends the failure's whole output (`{"error": ...}`), 5.x only its message.
        ServerMessage::ProcessCompleted { output, .. }
        | ServerMessage::ProcessGenerating { output, .. } => Some(match output {
            ProcessOutput::Error(e) => frame(Some("error"), &e),
            ProcessOutput::Data(_) => frame(Some("error"), &serde_json::json!({"error": null})),
        }),
        ServerMessage::UnexpectedError { message, .. } => Some(frame(Some("error"), &message)),
        ServerMessage::Heartbeat => Some(frame(Some("heartbeat"), &serde_json::Value::Null)),
        ServerMessage::Estimation { .. }
        | ServerMessage::ProcessStarts { .. }
        | ServerMessage::Progress { .. }
        | ServerMessage::Log { .. }
        | ServerMessage::CloseStream { .. } => None,
    }
}
