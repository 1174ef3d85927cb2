//! What API clients read about the app: `/info` and `/openapi.json`.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Json;

use crate::http::{root_url, AppState};

pub(super) async fn openapi(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let info = state.0.blocks.api_info();
    let title = &state.0.config.title;
    Json(crate::openapi::document(title, &root_url(&headers), &info)).into_response()
}

pub(super) async fn api_info(State(state): State<AppState>) -> Response {
    Json(state.0.blocks.api_info()).into_response()
}
