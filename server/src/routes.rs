//! The HTTP surface, paths exactly as Gradio 5 has them.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::rejection::QueryRejection;
use axum::extract::{DefaultBodyLimit, OriginalUri, Path, Query, Request, State};
use axum::http::{header, HeaderMap};
use axum::response::sse::{Event as SseEvent, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use ferrio_app::CustomViews;
use ferrio_components::diff::GeneratedOutputs;
use ferrio_components::messages::{JoinRequest, JoinResponse, Output, OutputData, ServerMessage};
use ferrio_components::{
    ComponentError, ComponentId, Config, ErasedCustom, EventId, FnIndex, NoCustom, SessionHash,
};
use futures_util::{Stream, StreamExt};
use serde::Deserialize;
use serde_json::Value;
use tower_http::compression::predicate::{DefaultPredicate, Predicate};
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;

use crate::builder::{BlockFunction, Blocks};
use crate::error::ApiError;
use crate::files::{self, FileError, Files};
use crate::frontend::{self, Frontend};
use ferrio_components::markdown::{RenderRequest, Rendered};

use crate::files::remote::{Remote, RemoteError};
use crate::files::upload_progress::{UploadId, UploadProgress, WAIT_FOR_UPLOAD};
use crate::handler::{BoxStream, EventFn, InputError, InvalidInput, PreparedCall, RunError, Scope};
use crate::runtime::queue::{Job, LocalQueue, MessageStream, Queue, QueueError, Work};
use crate::runtime::sessions::{LocalSessionStore, SessionStore};

/// Gradio sends a heartbeat every 15 s; it keeps proxies from closing idle streams and lets the
/// server notice a reader that went away.
pub const HEARTBEAT: Duration = Duration::from_secs(15);

/// What every handler shares.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

struct Shared {
    blocks: Blocks,
    /// The config with an empty `root`; each request fills in its own.
    config: Config<ErasedCustom>,
    queue: Arc<dyn Queue>,
    /// REST calls whose results haven't been read yet: event → (endpoint, internal session,
    /// when it was made).
    rest_events: Mutex<HashMap<EventId, (FnIndex, SessionHash, Instant)>>,
    frontend: Frontend,
    /// What the page links, worked out once (a site's own CSS is looked for on disk).
    assets: ferrio_app::PageAssets,
    heartbeat: Duration,
    /// The sessions' `State` values.
    sessions: Arc<dyn SessionStore>,
    /// The file rule and cache.
    files: Arc<Files>,
    /// Uploads a client named, for `/upload_progress`.
    uploads: Arc<UploadProgress>,
    /// Fetches URL inputs.
    remote: Remote,
    /// Which sessions' pages hold a heartbeat stream open.
    pages: Mutex<HashMap<SessionHash, OpenPage>>,
}

/// A session's page, as its heartbeat streams tell: how many are open, and a count of the
/// times the last one closed (so a close that a reconnect undid is recognised).
#[derive(Default)]
struct OpenPage {
    streams: usize,
    closes: u64,
}

impl AppState {
    pub fn new(blocks: Blocks, frontend: Frontend) -> Self {
        let queue = Arc::new(
            LocalQueue::new(blocks.concurrency_limits())
                .with_pools(blocks.concurrency_pools())
                .with_max_size(blocks.max_size),
        );
        Self::with_queue(blocks, frontend, queue, HEARTBEAT)
    }

    /// Like [`AppState::new`] with another queue backend or heartbeat interval.
    pub fn with_queue(
        blocks: Blocks,
        frontend: Frontend,
        queue: Arc<dyn Queue>,
        heartbeat: Duration,
    ) -> Self {
        let sessions = Arc::new(LocalSessionStore::with_ttl(blocks.sessions.ttl));
        Self::with_stores(blocks, frontend, queue, sessions, heartbeat)
    }

    /// Like [`AppState::with_queue`] with another store for the sessions' `State` values.
    pub fn with_stores(
        blocks: Blocks,
        frontend: Frontend,
        queue: Arc<dyn Queue>,
        sessions: Arc<dyn SessionStore>,
        heartbeat: Duration,
    ) -> Self {
        let mut blocks = blocks;
        let files = Arc::new(Files::new(&blocks.files));
        // Initial values' files and examples' rows are copied into the cache before the config
        // is made, so that it points at the copies.
        blocks.publish_initial_files(&files);
        crate::builder::examples::start(&mut blocks, &files);
        let config = blocks.config("");
        // Leptos's SSR spawns its tasks through a global executor; a second init is a no-op.
        let _ = any_spawner::Executor::init_tokio();
        if let Some((every, age)) = blocks.files.delete_cache {
            sweep_cache(Arc::downgrade(&files), every, age);
        }
        AppState(Arc::new(Shared {
            files,
            uploads: Arc::default(),
            remote: Remote::new(&blocks.remote),
            blocks,
            config,
            queue,
            rest_events: Mutex::new(HashMap::new()),
            assets: frontend.page_assets(),
            frontend,
            heartbeat,
            sessions,
            pages: Mutex::default(),
        }))
    }

    fn function(&self, fn_index: FnIndex) -> Result<&BlockFunction, ApiError> {
        let functions = self.0.blocks.functions();
        functions
            .get(fn_index.0 as usize)
            .ok_or(ApiError::UnknownFnIndex(fn_index.0, functions.len()))
    }

    /// The config as this request sees it: `root` is where it reached us.
    fn config_for(&self, headers: &HeaderMap) -> Config<ErasedCustom> {
        let mut config = self.0.config.clone();
        config.root = root_url(headers);
        config
    }

    /// Checks the inputs and queues the call; errors are the caller's (4xx).
    async fn join(
        &self,
        fn_index: FnIndex,
        data: Vec<serde_json::Value>,
        event_data: Option<serde_json::Value>,
        session: SessionHash,
    ) -> Result<EventId, ApiError> {
        self.join_in(fn_index, data, event_data, session, self.0.sessions.clone())
            .await
    }

    /// [`AppState::join`] with the session's State kept in `store`.
    async fn join_in(
        &self,
        fn_index: FnIndex,
        data: Vec<serde_json::Value>,
        event_data: Option<serde_json::Value>,
        session: SessionHash,
        store: Arc<dyn SessionStore>,
    ) -> Result<EventId, ApiError> {
        let f = self.function(fn_index)?;
        let work = self
            .prepare(f, data, event_data, session.clone(), store)
            .await?;
        let job = Job {
            session,
            fn_index,
            work,
            generator: f.is_generator(),
            outputs: f.config.outputs.len(),
            time_limit: f.config.time_limit.map(Duration::from_secs_f64),
        };
        self.0.queue.push(job).map_err(|e| match e {
            QueueError::Full(_) | QueueError::Stopped => ApiError::QueueFull,
            QueueError::UnknownFn(_) => {
                ApiError::UnknownFnIndex(fn_index.0, self.0.blocks.functions().len())
            }
        })
    }
}

/// An API caller may leave out trailing parameters that have a default (a ChatInterface's
/// additional inputs): their defaults are sent for them, as gradio_client does.
fn fill_defaults(f: &BlockFunction, data: &mut Vec<serde_json::Value>) {
    let api: Vec<_> = f.inputs.iter().filter(|p| !p.skip_api).collect();
    let Some(missing) = api.get(data.len()..) else {
        return;
    };
    if !missing.is_empty() && missing.iter().all(|p| p.default.is_some()) {
        data.extend(missing.iter().filter_map(|p| p.default.clone()));
    }
}

impl AppState {
    /// Checks a call's inputs (fetching URL inputs, reading files) and readies the call.
    async fn prepare(
        &self,
        f: &BlockFunction,
        mut data: Vec<serde_json::Value>,
        event_data: Option<serde_json::Value>,
        session: SessionHash,
        store: Arc<dyn SessionStore>,
    ) -> Result<Work, ApiError> {
        let fn_index = f.config.id;
        let run = f.run.clone().ok_or(ApiError::NotCallable(fn_index.0))?;
        let batch = f.batch.clone();
        let max = f.config.max_batch_size as usize;
        fill_defaults(f, &mut data);
        self.fetch_urls(f, &mut data).await?;
        // The function's decoder reads it after the inputs (a `select`'s selection).
        if f.config.collects_event_data {
            data.push(event_data.unwrap_or(serde_json::Value::Null));
        }
        let slots = StateSlots::of(&self.0.blocks, f);
        let scope = Scope::with_session(self.0.files.clone(), store.clone(), session.clone());
        let prepare = move || -> Result<Work, InputError> {
            if let Some(batch) = batch {
                let mut item = batch(data, &scope)?;
                item.max = max.max(1);
                Ok(Work::Batch(item))
            } else if slots.is_empty() {
                run(data, &scope).map(Work::Call)
            } else {
                stateful_call(run, slots, store, session, data, scope).map(Work::Call)
            }
        };
        // Files are checked on the file system (and images' headers read): not on the runtime.
        // A component whose parsing panics (a bug) costs the caller a 422, not the connection.
        let panicked = || {
            tracing::error!(fn_index = fn_index.0, "checking an event's inputs panicked");
            ApiError::InvalidRequest("the inputs could not be read".into())
        };
        let work = if f.inputs.iter().any(|p| p.has_files) {
            tokio::task::spawn_blocking(prepare)
                .await
                .map_err(|_| panicked())??
        } else {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(prepare))
                .map_err(|_| panicked())??
        };
        Ok(work)
    }

    /// Runs a `queue(false)` listener's function now, outside the queue, and returns its
    /// outputs (the last, for a generator).
    async fn run_now(&self, f: &BlockFunction, call: PreparedCall) -> Result<OutputData, RunError> {
        let start = Instant::now();
        let time_limit = f.config.time_limit.map(Duration::from_secs_f64);
        let outputs = f.config.outputs.len();
        // In a task of its own: a panic there is the function's, not this request's. The
        // latest result is kept outside it, so a stream stopped by its time limit still has
        // what it showed last (as through the queue).
        let latest = Arc::new(Mutex::new(None::<Vec<serde_json::Value>>));
        let kept = latest.clone();
        let run = tokio::spawn(async move {
            let mut results = call();
            while let Some(result) = results.next().await {
                *kept.lock().unwrap_or_else(|e| e.into_inner()) = Some(result?);
            }
            Ok::<_, RunError>(())
        });
        // Past its time limit, or when the caller hangs up, the run is dropped.
        struct AbortOnDrop(tokio::task::AbortHandle);
        impl Drop for AbortOnDrop {
            fn drop(&mut self) {
                self.0.abort();
            }
        }
        let _abort = AbortOnDrop(run.abort_handle());
        match time_limit {
            None => run.await.map_err(|_| RunError::Panicked)??,
            Some(limit) => match tokio::time::timeout(limit, run).await {
                Ok(done) => done.map_err(|_| RunError::Panicked)??,
                Err(_) if f.is_generator() => {}
                Err(_) => return Err(RunError::TimeLimit(limit.as_secs_f64())),
            },
        }
        let data = latest
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
            .unwrap_or_else(|| vec![serde_json::Value::Null; outputs]);
        let duration = start.elapsed().as_secs_f64();
        Ok(OutputData {
            data,
            is_generating: false,
            duration,
            average_duration: duration,
            render_config: None,
            changed_state_ids: Vec::new(),
        })
    }
}

/// A heartbeat stream's hold on its session's page: dropped when the stream closes.
struct PageHold {
    state: AppState,
    session: SessionHash,
}

impl Drop for PageHold {
    fn drop(&mut self) {
        self.state.page_closed(&self.session);
    }
}

impl AppState {
    fn pages(&self) -> std::sync::MutexGuard<'_, HashMap<SessionHash, OpenPage>> {
        self.0.pages.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn page_opened(&self, session: SessionHash) -> PageHold {
        self.pages().entry(session.clone()).or_default().streams += 1;
        self.0.sessions.touch(&session);
        PageHold {
            state: self.clone(),
            session,
        }
    }

    /// The last heartbeat stream of a session closed: unless one opens again within the
    /// grace, the page is gone and the `unload` listeners run (outside the queue). Its State
    /// then lives out its time to live, counted from the last heartbeat, as in Gradio.
    fn page_closed(&self, session: &SessionHash) {
        let closes = {
            let mut pages = self.pages();
            let Some(page) = pages.get_mut(session) else {
                return;
            };
            page.streams = page.streams.saturating_sub(1);
            if page.streams > 0 {
                return;
            }
            page.closes += 1;
            page.closes
        };
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let (state, session) = (self.clone(), session.clone());
        runtime.spawn(async move {
            tokio::time::sleep(state.0.blocks.sessions.unload_grace).await;
            {
                let mut pages = state.pages();
                let gone = pages
                    .get(&session)
                    .is_some_and(|p| p.streams == 0 && p.closes == closes);
                if !gone {
                    return;
                }
                pages.remove(&session);
            }
            state.0.sessions.touch(&session);
            for run in state.0.blocks.unload_functions() {
                let mut results = run(session.clone());
                while let Some(result) = results.next().await {
                    if let Err(e) = result {
                        tracing::warn!(error = %e, "an unload function failed");
                    }
                }
            }
        });
    }

    /// URL inputs are fetched into the cache (then admitted like uploads); a refusal names the
    /// input.
    async fn fetch_urls(
        &self,
        f: &BlockFunction,
        data: &mut [serde_json::Value],
    ) -> Result<(), ApiError> {
        for (index, (value, p)) in data.iter_mut().zip(&f.inputs).enumerate() {
            if !p.has_files {
                continue;
            }
            let result = self.0.remote.localize(value, &self.0.files).await;
            // The server's disk, not the input, is at fault: the same 507 an upload gets.
            if let Err(RemoteError::File(FileError::Storage(e))) = &result {
                tracing::error!(error = %e, "a URL input could not be stored");
                return Err(ApiError::Storage(e.to_string()));
            }
            if let Err(e) = result {
                let label = p.label.clone().unwrap_or_else(|| p.class_name.to_owned());
                let invalid = InvalidInput {
                    index,
                    label,
                    source: ComponentError::Invalid(format!("could not fetch the URL: {e}")),
                };
                return Err(InputError::Values {
                    count: f.inputs.len(),
                    invalid: vec![invalid],
                }
                .into());
            }
        }
        Ok(())
    }
}

/// Every `every`, removes cached files older than `age`, for as long as the app lives.
fn sweep_cache(files: Weak<Files>, every: Duration, age: Duration) {
    let Ok(runtime) = tokio::runtime::Handle::try_current() else {
        tracing::warn!("delete_cache needs a tokio runtime; the cache won't be cleaned");
        return;
    };
    runtime.spawn(async move {
        // A zero period would make `interval` panic.
        let mut tick = tokio::time::interval(every.max(Duration::from_secs(1)));
        loop {
            tick.tick().await;
            let Some(files) = files.upgrade() else { return };
            let _ = tokio::task::spawn_blocking(move || files.sweep(age)).await;
        }
    });
}

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
        .route("/queue/join", post(queue_join))
        .route("/queue/data", get(queue_data))
        .route("/heartbeat/{session_hash}", get(heartbeat))
        .route("/cancel", post(cancel))
        .route("/run/{api_name}", post(run_direct))
        .route("/call/{api_name}", post(call_start))
        .route("/call/{api_name}/{event_id}", get(call_result))
        // Uploads are limited per file, while they stream (`Blocks::max_file_size`).
        .route("/upload", post(upload).layer(DefaultBodyLimit::disable()))
        .route("/upload_progress", get(upload_progress))
        .route("/markdown", post(render_markdown))
        .fallback(api_fallback);
    let page = move |State(state): State<AppState>, req: Request<Body>| page(state, typed, req);
    let router = Router::new()
        .route("/", get(page))
        .route("/config", get(config))
        .route("/theme.css", get(theme_css))
        .route("/favicon.svg", get(frontend::favicon))
        .route("/pkg/{file}", get(pkg).with_state(site.clone()))
        .nest(crate::config::API_PREFIX, api);
    let router = match site {
        Some(site) => router.fallback_service(site),
        None => router,
    };
    Ok(router
        .layer(CompressionLayer::new().compress_when(DefaultPredicate::new().and(not_a_file)))
        .with_state(state))
}

/// `/pkg/`: the built-in bundle's files, else the site's (an app with custom components).
async fn pkg(
    State(site): State<Option<ServeDir>>,
    Path(file): Path<String>,
    req: Request<Body>,
) -> Response {
    match (frontend::serve_bundle(&file, req.headers()), site) {
        (Some(response), _) => response,
        (None, Some(site)) => {
            use tower::ServiceExt;
            match site.oneshot(req).await {
                Ok(r) => r.into_response(),
                Err(never) => match never {},
            }
        }
        (None, None) => axum::http::StatusCode::NOT_FOUND.into_response(),
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
    extensions.get::<files::ServedFile>().is_none()
}

/// `http://host:port` from the request's `Host`; never from `X-Forwarded-Host`, which any
/// client can set. Behind a proxy that ends TLS, its `X-Forwarded-Proto: https` makes it
/// `https://` (as Gradio's): only the scheme, so a client that forges it only changes the
/// links it is sent itself.
fn root_url(headers: &HeaderMap) -> String {
    let scheme = match headers
        .get("x-forwarded-proto")
        .and_then(|p| p.to_str().ok())
        // A chain of proxies lists one per hop: the first is the visitor's.
        .and_then(|p| p.split(',').next())
        .map(str::trim)
    {
        Some(p) if p.eq_ignore_ascii_case("https") => "https",
        _ => "http",
    };
    headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        })
        .map(|host| format!("{scheme}://{host}"))
        .unwrap_or_default()
}

/// The page, rendered on the server from the config (no HTTP round trip), then hydrated.
async fn page<X: CustomViews>(
    state: AppState,
    typed: Arc<Config<X>>,
    req: Request<Body>,
) -> Response {
    let root = root_url(req.headers());
    if state.0.config.show_api && wants_api_page(req.uri().query()) {
        let info = state.0.blocks.api_info();
        let config = &state.0.config;
        let html = crate::api_page::render(&config.title, &config.theme_hash, &root, &info);
        return axum::response::Html(html).into_response();
    }
    let mut config = (*typed).clone();
    config.root = root;
    let config = Arc::new(config);
    let assets = state.0.assets.clone();
    let render = leptos_axum::render_app_to_stream(move || {
        ferrio_app::shell(assets.clone(), config.clone())
    });
    render(req).await.into_response()
}

/// The theme's variables and the app's own CSS; the page links it with its hash, so it may be
/// cached for good.
async fn theme_css(State(state): State<AppState>, uri: axum::http::Uri) -> Response {
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

async fn openapi(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let info = state.0.blocks.api_info();
    let title = &state.0.config.title;
    Json(crate::openapi::document(title, &root_url(&headers), &info)).into_response()
}

async fn config(State(state): State<AppState>, headers: HeaderMap) -> Json<Config<ErasedCustom>> {
    Json(state.config_for(&headers))
}

async fn api_info(State(state): State<AppState>) -> Response {
    Json(state.0.blocks.api_info()).into_response()
}

/// `/gradio_api/file=<path>` (the path is part of the segment, which routes can't match), else
/// a JSON 404.
async fn api_fallback(
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
struct UploadQuery {
    upload_id: Option<UploadId>,
}

/// `POST /gradio_api/upload[?upload_id=…]`: multipart `files` fields → their paths in the
/// cache; a named upload can be followed on `/upload_progress`.
async fn upload(
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
struct ProgressQuery {
    upload_id: UploadId,
}

/// `GET /gradio_api/upload_progress?upload_id=…`: the named upload's bytes as they arrive, then
/// `done`; 404 if no such upload begins within 3 s.
async fn upload_progress(
    State(state): State<AppState>,
    query: Result<Query<ProgressQuery>, QueryRejection>,
) -> Response {
    let id = match query {
        Ok(Query(query)) => query.upload_id,
        Err(e) => return ApiError::InvalidRequest(e.body_text()).into_response(),
    };
    match state.0.uploads.follow(&id, WAIT_FOR_UPLOAD).await {
        Ok(messages) => Sse::new(messages.map(|msg| {
            Ok::<_, Infallible>(
                SseEvent::default()
                    .data(serde_json::to_string(&msg).expect("progress messages always serialize")),
            )
        }))
        .into_response(),
        Err(e) => e.into_response(),
    }
}

async fn queue_join(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Json<JoinResponse>, ApiError> {
    let req: JoinRequest = ApiError::parse_body(&body)?;
    let event_id = state
        .join(req.fn_index, req.data, req.event_data, req.session_hash)
        .await?;
    Ok(Json(JoinResponse { event_id }))
}

#[derive(Deserialize)]
struct DataQuery {
    session_hash: Option<SessionHash>,
}

async fn queue_data(
    State(state): State<AppState>,
    query: Result<Query<DataQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(query) = query.map_err(|e| ApiError::InvalidRequest(e.body_text()))?;
    let session = query
        .session_hash
        .ok_or_else(|| ApiError::InvalidRequest("missing query parameter session_hash".into()))?;
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
    let events = with_heartbeats(messages, state.0.heartbeat)
        .map(|msg| Ok::<_, Infallible>(data_event(&msg)));
    Ok(Sse::new(events).into_response())
}

/// `data: {...}`: one SSE event per message, heartbeats included (gradio_client ignores
/// comment lines, so a heartbeat must be a message).
fn data_event(msg: &ServerMessage) -> SseEvent {
    SseEvent::default().data(serde_json::to_string(msg).expect("messages always serialize"))
}

/// Interleaves a heartbeat whenever the stream has been quiet for `every`.
fn with_heartbeats(
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
async fn heartbeat(State(state): State<AppState>, Path(session): Path<String>) -> Response {
    let every = state.0.heartbeat;
    let hold = state.page_opened(SessionHash(session));
    let beats = futures_util::stream::unfold(hold, move |hold| async move {
        tokio::time::sleep(every).await;
        hold.state.0.sessions.touch(&hold.session);
        Some((
            Ok::<_, Infallible>(data_event(&ServerMessage::Heartbeat)),
            hold,
        ))
    });
    Sse::new(beats).into_response()
}

#[derive(Deserialize)]
struct CancelRequest {
    event_id: EventId,
    session_hash: SessionHash,
}

/// `POST /gradio_api/cancel`: stops a waiting or running event of the caller's session
/// (gradio_client's `job.cancel()`).
async fn cancel(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Json<serde_json::Value>, ApiError> {
    let req: CancelRequest = ApiError::parse_body(&body)?;
    if state.0.queue.cancel(&req.session_hash, &req.event_id) {
        Ok(Json(serde_json::json!({"success": true})))
    } else {
        Err(ApiError::UnknownEvent(req.event_id.0))
    }
}

/// `POST /gradio_api/markdown`: a Markdown output's new value as sanitized HTML, for the page
/// (which carries no markdown parser). Not Gradio's: its frontend renders markdown itself.
async fn render_markdown(body: Bytes) -> Result<Json<Rendered>, ApiError> {
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

#[derive(Deserialize)]
struct CallRequest {
    data: Vec<serde_json::Value>,
}

/// Step one of the REST API: `POST /gradio_api/call/<api_name>` → `{"event_id": ...}`.
async fn call_start(
    State(state): State<AppState>,
    Path(api_name): Path<String>,
    body: Bytes,
) -> Result<Json<JoinResponse>, ApiError> {
    let fn_index = rest_endpoint(&state, &api_name)?;
    let req: CallRequest = ApiError::parse_body(&body)?;
    // Each REST call gets a session of its own: its stream carries just this event.
    let session = SessionHash(uuid::Uuid::new_v4().simple().to_string());
    // Callers may leave out the State inputs, as `/info` does.
    let f = state.function(fn_index)?;
    let slots = StateSlots::of(&state.0.blocks, f);
    let data = if req.data.len() + slots.hidden_inputs() == f.config.inputs.len() {
        slots.with_hidden_inputs(req.data)
    } else {
        req.data
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
        .find(|f| f.config.show_api && f.api_name() == Some(name))
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
async fn run_direct(
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
async fn call_result(
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
        .filter_map(|event| async move { event.map(Ok::<_, Infallible>) });
    Ok(Sse::new(events).into_response())
}

/// A queue message as the REST API shows it; `None` for messages it leaves out.
fn rest_event(msg: ServerMessage) -> Option<SseEvent> {
    let json = |v: &serde_json::Value| v.to_string();
    match msg {
        ServerMessage::ProcessGenerating {
            output: Output::Data(out),
            ..
        } => Some(
            SseEvent::default()
                .event("generating")
                .data(json(&out.data.into())),
        ),
        ServerMessage::ProcessCompleted {
            output: Output::Data(out),
            success: true,
            ..
        } => Some(
            SseEvent::default()
                .event("complete")
                .data(json(&out.data.into())),
        ),
        ServerMessage::ProcessCompleted { output, .. }
        | ServerMessage::ProcessGenerating { output, .. } => {
            let message = match output {
                Output::Error(e) => e.error,
                Output::Data(_) => None,
            };
            Some(
                SseEvent::default()
                    .event("error")
                    .data(json(&message.into())),
            )
        }
        ServerMessage::UnexpectedError { message, .. } => Some(
            SseEvent::default()
                .event("error")
                .data(json(&message.into())),
        ),
        ServerMessage::Heartbeat => Some(SseEvent::default().event("heartbeat").data("null")),
        ServerMessage::Estimation { .. }
        | ServerMessage::ProcessStarts { .. }
        | ServerMessage::Progress { .. }
        | ServerMessage::Log { .. }
        | ServerMessage::CloseStream { .. } => None,
    }
}

/// Which of an event's inputs and outputs are `State`, by position: inputs are filled from
/// the session's store before the function runs, outputs go back into it (and reach the
/// caller as `null`, as in Gradio).
pub(crate) struct StateSlots {
    inputs: Vec<(usize, ComponentId, Value)>,
    outputs: Vec<(usize, ComponentId)>,
}

impl StateSlots {
    pub(crate) fn of(blocks: &Blocks, f: &BlockFunction) -> Self {
        StateSlots {
            inputs: f
                .config
                .inputs
                .iter()
                .enumerate()
                .filter_map(|(i, id)| Some((i, *id, blocks.state_initial(*id)?.clone())))
                .collect(),
            outputs: f
                .config
                .outputs
                .iter()
                .enumerate()
                .filter(|(_, id)| blocks.state_initial(**id).is_some())
                .map(|(i, id)| (i, *id))
                .collect(),
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.inputs.is_empty() && self.outputs.is_empty()
    }

    /// How many inputs callers don't send (the REST API leaves them out, as `/info` does).
    pub(crate) fn hidden_inputs(&self) -> usize {
        self.inputs.len()
    }

    /// `data` as sent by a caller who left the State inputs out: with a `null` in each slot.
    pub(crate) fn with_hidden_inputs(&self, mut data: Vec<Value>) -> Vec<Value> {
        for (i, _, _) in &self.inputs {
            if *i <= data.len() {
                data.insert(*i, Value::Null);
            }
        }
        data
    }

    /// The inputs with each State slot holding the session's value (or the initial one).
    pub(crate) fn fill(
        &self,
        store: &dyn SessionStore,
        session: &SessionHash,
        mut data: Vec<Value>,
    ) -> Vec<Value> {
        for (i, id, initial) in &self.inputs {
            if let Some(slot) = data.get_mut(*i) {
                *slot = store.get(session, *id).unwrap_or_else(|| initial.clone());
            }
        }
        data
    }

    /// Keeps the State outputs in the store, leaving `null` in their place.
    pub(crate) fn keep(
        &self,
        store: &dyn SessionStore,
        session: &SessionHash,
        outputs: &mut [Value],
    ) {
        for (i, id) in &self.outputs {
            if let Some(slot) = outputs.get_mut(*i) {
                store.set(session, *id, std::mem::take(slot));
            }
        }
    }
}

/// `call` with the session's State read when the event starts (not when it was queued, so an
/// event queued behind another sees what that one stored) and its State outputs kept.
pub(crate) fn stateful_call(
    run: EventFn,
    slots: StateSlots,
    store: Arc<dyn SessionStore>,
    session: SessionHash,
    data: Vec<Value>,
    scope: Scope,
) -> Result<PreparedCall, InputError> {
    // Checked now too, so a bad input is refused when it is sent.
    let _checked = run(slots.fill(&*store, &session, data.clone()), &scope)?;
    Ok(Box::new(move || -> BoxStream<_> {
        let call = match run(slots.fill(&*store, &session, data), &scope) {
            Ok(call) => call,
            Err(e) => {
                return Box::pin(futures_util::stream::once(async move {
                    Err(RunError::Handler(e.to_string()))
                }))
            }
        };
        Box::pin(call().map(move |result| {
            result.map(|mut outputs| {
                slots.keep(&*store, &session, &mut outputs);
                outputs
            })
        }))
    }))
}
