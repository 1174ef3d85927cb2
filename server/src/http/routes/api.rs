//! What API clients read about the app: `/info` and `/openapi.json`.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;

use crate::api_info::Listing;
use crate::http::{root_url, AppState};

pub(super) async fn openapi(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let info = state.0.blocks.api_info();
    let title = &state.0.config.title;
    Json(crate::openapi::document(title, &root_url(&headers), &info)).into_response()
}

/// `/info`'s options.
#[derive(Deserialize)]
pub(super) struct InfoQuery {
    /// Set (to anything but false): undocumented endpoints too, without snippets.
    all_endpoints: Option<String>,
}

/// `/gradio_api/info` (gradio_client adds `?serialize=False`, which changes nothing): the
/// public endpoints (and old names still answering) with a call in each language, or with
/// `?all_endpoints=true` every endpoint a client may call by name.
pub(super) async fn api_info(
    State(state): State<AppState>,
    query: Result<Query<InfoQuery>, QueryRejection>,
    headers: HeaderMap,
) -> Response {
    // A query it can't read asks for nothing more.
    let all = query
        .ok()
        .and_then(|Query(q)| q.all_endpoints)
        .is_some_and(|v| !matches!(v.as_str(), "" | "0" | "false" | "False"));
    if all {
        return Json(state.0.blocks.api_info_of(Listing::Callable)).into_response();
    }
    let mut info = state.0.blocks.api_info_of(Listing::Clients);
    let root = root_url(&headers);
    for (name, endpoint) in &mut info.named_endpoints {
        endpoint.code_snippets = Some(crate::api_page::snippets(&root, name, endpoint));
    }
    Json(info).into_response()
}
