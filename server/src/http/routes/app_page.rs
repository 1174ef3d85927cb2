//! The page (rendered on the server, or the API page), its config and theme, and Markdown
//! rendered for it.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::Json;
use ferrio_app::{CustomViews, PageAssets};
use ferrio_components::markdown::{RenderRequest, Rendered};
use ferrio_components::{Config, ErasedCustom};

use crate::http::error::ApiError;
use crate::http::{root_url, AppState};

/// The page, rendered on the server from the config (no HTTP round trip), then hydrated.
pub(super) async fn page<X: CustomViews>(
    state: AppState,
    typed: Arc<Config<X>>,
    assets: PageAssets,
    req: Request<Body>,
) -> Response {
    let root = root_url(req.headers());
    if state.0.blocks.shows_api() && wants_api_page(req.uri().query()) {
        let info = state.0.blocks.api_info();
        let config = &state.0.config;
        let html = crate::api_page::render(&config.title, &config.theme_hash, &root, &info);
        return axum::response::Html(html).into_response();
    }
    let mut config = (*typed).clone();
    config.root = root;
    let config = Arc::new(config);
    let render = leptos_axum::render_app_to_stream(move || {
        ferrio_app::shell(assets.clone(), config.clone())
    });
    render(req).await.into_response()
}

/// The theme's variables and the app's own CSS; the page links it with its hash, so it may be
/// cached for good.
pub(super) async fn theme_css(State(state): State<AppState>, uri: axum::http::Uri) -> Response {
    // Kept for good only under its own name: another instance's `?v=` must not be cached as ours.
    let current = format!("v={}", state.0.config.theme_hash);
    let cache = if uri.query() == Some(current.as_str()) {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, cache),
        ],
        state.0.blocks.theme_css(),
    )
        .into_response()
}

/// `?view=api` asks for the API page instead of the app, as in Gradio.
fn wants_api_page(query: Option<&str>) -> bool {
    query.is_some_and(|q| {
        url::form_urlencoded::parse(q.as_bytes()).any(|(k, v)| k == "view" && v == "api")
    })
}

pub(super) async fn config(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Json<Config<ErasedCustom>> {
    Json(state.config_for(&headers))
}

/// `POST /gradio_api/markdown`: a Markdown output's new value as sanitized HTML, for the page
/// (which carries no markdown parser). Not Gradio's: its frontend renders markdown itself.
pub(super) async fn render_markdown(body: Bytes) -> Result<Json<Rendered>, ApiError> {
    // A value to show, not a document: small, and rendered off the runtime.
    if body.len() > MARKDOWN_MAX_BYTES {
        return Err(ApiError::InvalidRequest(format!(
            "the text is over {} KiB: too long to show",
            MARKDOWN_MAX_BYTES / 1024
        )));
    }
    let req: RenderRequest = ApiError::parse_body(&body)?;
    let html =
        tokio::task::spawn_blocking(move || crate::markdown::render(&req.text, req.line_breaks))
            .await
            .map_err(|_| ApiError::InvalidRequest("the text could not be rendered".into()))?;
    Ok(Json(Rendered { html }))
}

/// The largest Markdown value the page may ask to have rendered.
const MARKDOWN_MAX_BYTES: usize = 512 * 1024;

/// `/manifest.json` (Gradio 6): what a browser needs to install the app.
pub(super) async fn manifest(State(state): State<AppState>) -> Response {
    let title = &state.0.config.title;
    let body = serde_json::json!({
        "name": if title.is_empty() { "Ferrio" } else { title.as_str() },
        "icons": [{"src": "favicon.svg", "sizes": "any", "type": "image/svg+xml", "purpose": "any"}],
        "start_url": "./",
        "display": "standalone",
    });
    (
        [(header::CONTENT_TYPE, "application/manifest+json")],
        body.to_string(),
    )
        .into_response()
}

/// `/gradio_api/startup-events`: whether this request started the app's startup work. Gradio's
/// page asks when it loads; here that work (the queue, caching examples) starts with the
/// server, so the answer is `false`, as Gradio's once its app has started.
pub(super) async fn startup_events() -> axum::Json<bool> {
    axum::Json(false)
}

/// `/gradio_api/runs` (Gradio 6's run history page): the app with its run history open. The
/// history lives in the person's browser, so the page shows it; 404 when the app keeps none.
pub(super) async fn runs(State(state): State<AppState>) -> Response {
    if state.0.config.run_history {
        axum::response::Redirect::to("../?view=runs").into_response()
    } else {
        axum::http::StatusCode::NOT_FOUND.into_response()
    }
}

/// `/robots.txt`: crawlers may read the app, as Gradio's answer for an app not shared.
pub(super) async fn robots() -> &'static str {
    "User-agent: *\nDisallow: "
}
