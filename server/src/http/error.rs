//! Errors the API answers with: a 4xx status and `{"detail": "..."}`, as FastAPI (and so
//! gradio_client) has them. Nothing a caller sends can produce a 500.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use ferrio_components::messages::{Detail, ErrorDetail};
use ferrio_components::SessionHashError;

use crate::api_info::KeywordError;
use crate::handler::InputError;
use crate::runtime::sessions::ForeignSession;

#[derive(Debug, thiserror::Error)]
pub(super) enum ApiError {
    /// The body isn't JSON at all.
    #[error("the request body is not valid JSON: {0}")]
    MalformedJson(String),
    /// JSON of the wrong shape (a missing `session_hash`, a string `fn_index`, ...).
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    #[error("no event with fn_index {0}: this app has {1} event(s)")]
    UnknownFnIndex(u32, usize),
    #[error("no API endpoint named /{0}")]
    UnknownApiName(String),
    /// `/call/v2`'s keyword arguments don't fit the endpoint (named first).
    #[error("/{0} {1}")]
    Keywords(String, KeywordError),
    #[error("no event {0} for this endpoint (it may have been read already)")]
    UnknownEvent(String),
    #[error("{0}")]
    Input(#[from] InputError),
    /// A session hash in a path that no client would choose.
    #[error("{0}")]
    SessionHash(#[from] SessionHashError),
    #[error("{0}")]
    ForeignSession(#[from] ForeignSession),
    #[error("not found: {0}")]
    NotFound(String),
    #[error("fn_index {0} runs no function (it only cancels other events)")]
    NotCallable(u32),
    /// `/run/` serves `queue(false)` listeners only: the others keep their queue's limits.
    #[error(
        "fn_index {0} runs through the queue: join it at /gradio_api/queue/join (or call it \
         at /gradio_api/call/<api_name>)"
    )]
    Queued(u32),
    /// gradio_client reports a 503 as "Queue is full".
    #[error("Queue is full. Please try again later.")]
    QueueFull,
    /// The server is draining before it stops (SIGTERM).
    #[error("The server is shutting down: it takes no new events. Try again in a moment.")]
    ShuttingDown,
    /// The server couldn't store a file a request brought (a full or read-only disk).
    #[error("the server could not store the file: {0}")]
    Storage(String),
}

impl ApiError {
    pub(super) fn status(&self) -> StatusCode {
        match self {
            ApiError::MalformedJson(_) => StatusCode::BAD_REQUEST,
            ApiError::InvalidRequest(_)
            | ApiError::Input(_)
            | ApiError::SessionHash(_)
            | ApiError::NotCallable(_)
            | ApiError::Keywords(..) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::UnknownFnIndex(..)
            | ApiError::UnknownApiName(_)
            | ApiError::UnknownEvent(_)
            | ApiError::NotFound(_)
            | ApiError::Queued(_) => StatusCode::NOT_FOUND,
            ApiError::QueueFull | ApiError::ShuttingDown => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::ForeignSession(_) => StatusCode::FORBIDDEN,
            ApiError::Storage(_) => StatusCode::INSUFFICIENT_STORAGE,
        }
    }

    /// Parses a JSON body into `T`, telling "not JSON" (400) from "wrong shape" (422).
    /// Parsed in one pass (no `Value` in between: that doubled the cost of every join).
    pub(super) fn parse_body<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
        serde_json::from_slice(body).map_err(|e| match e.classify() {
            serde_json::error::Category::Data => ApiError::InvalidRequest(e.to_string()),
            _ => ApiError::MalformedJson(e.to_string()),
        })
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let detail = match &self {
            ApiError::Input(e) => Detail::Validation(e.validation()),
            other => Detail::Message(other.to_string()),
        };
        (status, Json(ErrorDetail { detail })).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ferrio_components::messages::JoinRequest;

    #[test]
    fn not_json_is_400_and_wrong_shape_is_422() {
        let e = ApiError::parse_body::<JoinRequest>(b"{not json").unwrap_err();
        assert_eq!(e.status(), StatusCode::BAD_REQUEST);
        let e = ApiError::parse_body::<JoinRequest>(br#"{"data":[],"fn_index":0}"#).unwrap_err();
        assert_eq!(e.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(e.to_string().contains("session_hash"), "{e}");
    }
}
