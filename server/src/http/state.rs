//! Making the app's shared state: the queue, the session store and the file cache, with the
//! app's initial files and examples published before its config is made.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use axum::http::HeaderMap;
use ferrio_components::{Config, ErasedCustom, FnIndex};

use super::error::ApiError;
use super::{root_url, AppState, Shared, HEARTBEAT};
use crate::builder::{BlockFunction, Blocks};
use crate::files::remote::Remote;
use crate::files::Files;
use crate::frontend::Frontend;
use crate::runtime::queue::{LocalQueue, Queue};
use crate::runtime::sessions::{LocalSessionStore, SessionStore};

impl AppState {
    /// The state [`crate::routes::router`] serves an app from: an in-memory queue with the
    /// app's concurrency limits and `max_size`, in-memory sessions, and the app's file cache.
    pub fn new(blocks: Blocks, frontend: Frontend) -> Self {
        let queue = Arc::new(
            LocalQueue::new(blocks.concurrency_limits())
                .with_pools(blocks.concurrency_pools())
                .with_max_size(blocks.max_size)
                .with_status_update_rate(blocks.status_update_rate)
                .with_abandoned(blocks.abandoned),
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
            frontend,
            heartbeat,
            sessions,
            pages: Mutex::default(),
            stopping: tokio::sync::watch::Sender::new(false),
        }))
    }

    /// Shuts the app down without losing anything silently, as [`Blocks::launch`] does on
    /// Ctrl-C or SIGTERM: joins get a 503, waiting events fail with an error that says why,
    /// running ones get `grace` to finish (then fail too), and pages' heartbeat streams end.
    /// Done when every event has completed; call it before stopping a server of your own
    /// that serves [`crate::routes::router`].
    pub async fn shutdown(&self, grace: Duration) {
        self.0.stopping.send_replace(true);
        self.0.queue.drain(grace).await;
    }

    /// Resolves when the app begins to shut down.
    pub(super) fn stopping(&self) -> tokio::sync::watch::Receiver<bool> {
        self.0.stopping.subscribe()
    }

    pub(super) fn function(&self, fn_index: FnIndex) -> Result<&BlockFunction, ApiError> {
        let functions = self.0.blocks.functions();
        functions
            .get(fn_index.0 as usize)
            .ok_or(ApiError::UnknownFnIndex(fn_index.0, functions.len()))
    }

    /// The config as this request sees it: `root` is where it reached us.
    pub(super) fn config_for(&self, headers: &HeaderMap) -> Config<ErasedCustom> {
        let mut config = self.0.config.clone();
        config.root = root_url(headers);
        config
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
