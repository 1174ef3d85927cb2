//! The router: every route of the page and the API, by family (`app_page`, `api`, `files`,
//! `queue`, `rest`), and the static files.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Path, Request, State};
use axum::http::HeaderMap;
use axum::middleware::from_fn;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use ferrio_app::CustomViews;
use ferrio_components::{Config, NoCustom};
use tower_http::compression::predicate::{DefaultPredicate, Predicate};
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;

use super::{client, AppState};
use crate::frontend::{self, Frontend};

mod api;
mod app_page;
mod files;
mod queue;
mod rest;
mod sse;

use api::{api_info, openapi};
use app_page::{config, manifest, page, render_markdown, robots, runs, startup_events, theme_css};
use files::{api_fallback, upload, upload_progress};
use queue::{cancel, heartbeat, queue_data, queue_join, queue_status};
use rest::{call_result, call_start, call_v2_start, run_direct};

/// The app has a component the frontend's registry doesn't: the page couldn't show it.
#[derive(Debug, thiserror::Error)]
#[error("the app's frontend registry cannot render this app's components: {0}")]
pub struct RegistryError(String);

/// The whole app: the page, the config, the API and the static files under `site_root`.
///
/// # Panics
/// If the app has custom components: serve those with [`router_with`] and their registry.
pub fn router(state: AppState) -> Router {
    router_with::<NoCustom>(state).expect("an app with custom components needs router_with")
}

/// [`router`] for an app whose custom components are in registry `X`
/// ([`ferrio_components::custom_blocks!`]); fails if the app uses one `X` doesn't have.
pub fn router_with<X: CustomViews>(state: AppState) -> Result<Router, RegistryError> {
    // The page is rendered from the config typed by the registry; checked once, here.
    let typed: Arc<Config<X>> = Arc::new(
        serde_json::to_value(&state.0.config)
            .and_then(serde_json::from_value)
            .map_err(|e| RegistryError(e.to_string()))?,
    );
    if matches!(state.0.frontend, Frontend::Embedded) {
        if let Some(custom) = state.0.blocks.custom_component() {
            return Err(RegistryError(format!(
                "{custom} is a custom component, which the built-in bundle cannot draw: serve the \
                 app's own bundle (cargo leptos), see examples/custom-app"
            )));
        }
    }
    let site = state.0.frontend.site_root().map(ServeDir::new);
    let api = Router::new()
        .route("/info", get(api_info))
        .route("/openapi.json", get(openapi))
        .route("/run/{api_name}", post(run_direct))
        .route("/call/{api_name}", post(call_start))
        .route("/call/v2/{api_name}", post(call_v2_start))
        // Uploads are limited per file, while they stream (`Blocks::max_file_size`).
        .route("/upload", post(upload).layer(DefaultBodyLimit::disable()))
        .route("/markdown", post(render_markdown))
        .route("/startup-events", get(startup_events))
        .route("/runs", get(runs))
        .fallback(api_fallback);
    // What the page links, worked out once (a site's own CSS is looked for on disk).
    let chunks = ferrio_app::render::view_chunks(&typed);
    let assets = state.0.frontend.page_assets(chunks);
    let page =
        move |State(state): State<AppState>, req: Request<Body>| page(state, typed, assets, req);
    let router = Router::new()
        // Where a client starts: one without an id gets one here.
        .route("/", get(page).layer(from_fn(client::introduce)))
        .route("/config", get(config).layer(from_fn(client::introduce)))
        .route("/theme.css", get(theme_css))
        .route(
            &format!("{}/theme.css", crate::config::API_PREFIX),
            get(theme_css),
        )
        .route("/favicon.svg", get(frontend::favicon))
        .route("/favicon.ico", get(frontend::favicon))
        .route("/manifest.json", get(manifest))
        .route("/robots.txt", get(robots))
        .route("/pkg/{file}", get(pkg).with_state(site.clone()))
        .route(
            "/pkg/{version}/{file}",
            get(bundle_file).with_state(site.clone()),
        )
        .nest(crate::config::API_PREFIX, api);
    let router = match site {
        Some(site) => router.fallback_service(site),
        None => router,
    };
    // The queue's own routes stay out of the compression layer: their answers are streams
    // (never compressed) or a few bytes of JSON, yet the layer's body is as large as a brotli
    // encoder, 5.8 KB, built and moved for every join and held by every open stream.
    let at = |path: &str| format!("{}{path}", crate::config::API_PREFIX);
    let queue = Router::new()
        .route(&at("/queue/join"), post(queue_join))
        .route(&at("/queue/data"), get(queue_data))
        .route(&at("/queue/status"), get(queue_status))
        .route(&at("/heartbeat/{session_hash}"), get(heartbeat))
        .route(&at("/cancel"), post(cancel))
        .route(&at("/call/{api_name}/{event_id}"), get(call_result))
        .route(&at("/call/v2/{api_name}/{event_id}"), get(call_result))
        .route(&at("/upload_progress"), get(upload_progress));
    Ok(router
        .layer(CompressionLayer::new().compress_when(DefaultPredicate::new().and(not_a_file)))
        .merge(queue)
        .with_state(state))
}

/// `/pkg/<version>/`: the built-in bundle's files (`frontend::BUNDLE`), else the site's.
async fn bundle_file(
    State(site): State<Option<ServeDir>>,
    Path((version, file)): Path<(String, String)>,
    req: Request<Body>,
) -> Response {
    match frontend::serve_bundle(&version, &file, req.headers()) {
        Some(response) => response,
        None => site_file(site, req).await,
    }
}

/// `/pkg/`: an app's own files (a site cargo-leptos built, for custom components).
async fn pkg(State(site): State<Option<ServeDir>>, req: Request<Body>) -> Response {
    site_file(site, req).await
}

/// The file of the site's (`/pkg/` of an app with custom components) that `req` names.
async fn site_file(site: Option<ServeDir>, req: Request<Body>) -> Response {
    use tower::ServiceExt;
    match site {
        Some(site) => match site.oneshot(req).await {
            Ok(r) => r.into_response(),
            Err(never) => match never {},
        },
        None => axum::http::StatusCode::NOT_FOUND.into_response(),
    }
}

/// Files from `/file=` go out as stored: compressing them would drop their length and byte
/// ranges (seeking in a video) and cost CPU on the runtime for media compressed already. The
/// app's own assets (the wasm bundle) are compressed.
fn not_a_file(
    _: axum::http::StatusCode,
    _: axum::http::Version,
    _: &HeaderMap,
    extensions: &axum::http::Extensions,
) -> bool {
    extensions.get::<crate::files::ServedFile>().is_none()
}
