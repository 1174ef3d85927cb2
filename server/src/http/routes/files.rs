//! Files over HTTP: uploads, their progress, and `/file=` (through the API's fallback).

use axum::body::Body;
use axum::extract::rejection::QueryRejection;
use axum::extract::{OriginalUri, Query, Request, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use futures_util::StreamExt;
use serde::Deserialize;

use crate::files::upload_progress::{UploadId, WAIT_FOR_UPLOAD};
use crate::files::{self, FileError};
use crate::http::error::ApiError;
use crate::http::AppState;

/// `/gradio_api/file=<path>` (the path is part of the segment, which routes can't match), else
/// a JSON 404.
pub(super) async fn api_fallback(
    State(state): State<AppState>,
    OriginalUri(uri): OriginalUri,
    req: Request<Body>,
) -> Response {
    match req.uri().path().strip_prefix("/file=") {
        Some(raw) => {
            let raw = raw.to_owned();
            files::serve(&state.0.files, &raw, req).await
        }
        None => ApiError::NotFound(uri.path().to_owned()).into_response(),
    }
}

#[derive(Deserialize)]
pub(super) struct UploadQuery {
    upload_id: Option<UploadId>,
}

/// `POST /gradio_api/upload[?upload_id=…]`: multipart `files` fields → their paths in the
/// cache; a named upload can be followed on `/upload_progress`.
pub(super) async fn upload(
    State(state): State<AppState>,
    query: Result<Query<UploadQuery>, QueryRejection>,
    req: Request<Body>,
) -> Response {
    let id = match query {
        Ok(Query(query)) => query.upload_id,
        Err(e) => return ApiError::InvalidRequest(e.body_text()).into_response(),
    };
    let progress = match id.map(|id| state.0.uploads.begin(id)).transpose() {
        Ok(progress) => progress,
        Err(e) => return e.into_response(),
    };
    match files::upload(&state.0.files, req, progress).await {
        Ok(paths) => Json(paths).into_response(),
        Err(e) => {
            if let FileError::Storage(error) = &e {
                tracing::error!(%error, "an upload could not be stored");
            }
            e.into_response()
        }
    }
}

#[derive(Deserialize)]
pub(super) struct ProgressQuery {
    upload_id: UploadId,
}

/// `GET /gradio_api/upload_progress?upload_id=…`: the named upload's bytes as they arrive, then
/// `done`; 404 if no such upload begins within 3 s.
pub(super) async fn upload_progress(
    State(state): State<AppState>,
    query: Result<Query<ProgressQuery>, QueryRejection>,
) -> Response {
    let id = match query {
        Ok(Query(query)) => query.upload_id,
        Err(e) => return ApiError::InvalidRequest(e.body_text()).into_response(),
    };
    match state.0.uploads.follow(&id, WAIT_FOR_UPLOAD).await {
        Ok(messages) => super::sse::response(messages.map(|msg| super::sse::frame(None, &msg))),
        Err(e) => e.into_response(),
    }
}
