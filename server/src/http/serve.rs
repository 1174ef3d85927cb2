//! Serving an app: `Blocks::launch` binds, serves, and drains on Ctrl-C or SIGTERM.

use std::net::SocketAddr;

use axum::serve::ListenerExt;

use super::{router_with, AppState, RegistryError};
use crate::builder::Blocks;
use crate::frontend::{site_options, Frontend};
use ferrio_app::CustomViews;
use ferrio_components::NoCustom;

/// Why [`Blocks::launch`] returned: the app could not start, or the server failed while
/// running (a Ctrl-C is a clean stop, `Ok`).
#[derive(Debug, thiserror::Error)]
pub enum LaunchError {
    /// The address could not be bound (already in use, not this machine's, no permission).
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// Where the app tried to listen: `LEPTOS_SITE_ADDR`, else `127.0.0.1:3000`.
        addr: SocketAddr,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// Serving failed after the app started.
    #[error("the server stopped: {0}")]
    Serve(std::io::Error),
    /// The page cannot show one of the app's components: see [`RegistryError`].
    #[error(transparent)]
    Registry(#[from] RegistryError),
}

/// `LEPTOS_SITE_ADDR`, else `127.0.0.1:3000`.
fn address() -> SocketAddr {
    std::env::var("LEPTOS_SITE_ADDR")
        .ok()
        .and_then(|a| a.parse().ok())
        .unwrap_or(SocketAddr::from(([127, 0, 0, 1], 3000)))
}

impl Blocks {
    /// Serves the app at `LEPTOS_SITE_ADDR` (default `127.0.0.1:3000`) until Ctrl-C, with the
    /// built-in bundle embedded in this crate (or the site `LEPTOS_SITE_ROOT` names).
    pub async fn launch(self) -> Result<(), LaunchError> {
        self.launch_with::<NoCustom>().await
    }

    /// [`Blocks::launch`] for an app with custom components, rendered by registry `X`: their
    /// browser code is the app's own, from the site cargo-leptos built (`LEPTOS_SITE_ROOT`,
    /// default `target/site`). An app of `X` that uses only built-in components still gets the
    /// embedded bundle.
    pub async fn launch_with<X: CustomViews>(self) -> Result<(), LaunchError> {
        let frontend = match Frontend::from_env() {
            Frontend::Embedded if self.custom_component().is_some() => {
                Frontend::Site(site_options())
            }
            frontend => frontend,
        };
        self.launch_at::<X>(address(), frontend).await
    }

    /// Serves the app at `addr` with the given browser side until Ctrl-C or SIGTERM, then
    /// stops without losing anything silently ([`AppState::shutdown`]): new events get a
    /// 503, waiting ones fail with an error that says why, running ones get
    /// [`Blocks::shutdown_grace`] to finish, and their results reach their readers.
    pub async fn launch_at<X: CustomViews>(
        self,
        addr: SocketAddr,
        frontend: Frontend,
    ) -> Result<(), LaunchError> {
        let grace = self.shutdown_grace;
        let state = AppState::new(self, frontend);
        let app = router_with::<X>(state.clone())?;
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| LaunchError::Bind { addr, source })?
            // Small SSE messages must not wait for Nagle's algorithm.
            .tap_io(|tcp| {
                let _ = tcp.set_nodelay(true);
            });
        tracing::info!("Ferrio app running at http://{addr}");
        let drained = std::sync::Arc::new(tokio::sync::Notify::new());
        let stop = {
            let drained = drained.clone();
            async move {
                stop_signal().await;
                tracing::info!("stopping: finishing the running events (at most {grace:?})");
                state.shutdown(grace).await;
                drained.notify_one();
            }
        };
        // Each connection gets a clone of the router (shared routes). Served as a plain
        // Router, axum rebuilds its route table per connection: 11.6 KB for every idle page.
        let serve = axum::serve(listener, app.into_make_service()).with_graceful_shutdown(stop);
        // Once drained, the last results have a few seconds to reach their readers; a client
        // that stopped reading can't hold the process.
        let last_words = async {
            drained.notified().await;
            tokio::time::sleep(std::time::Duration::from_secs(5)).await;
        };
        tokio::select! {
            served = serve => served.map_err(LaunchError::Serve),
            () = last_words => Ok(()),
        }
    }
}

/// Ctrl-C, or SIGTERM (what a container runtime or systemd sends).
async fn stop_signal() {
    #[cfg(unix)]
    let terminate = async {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => {
                terminate.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        () = terminate => {}
    }
}
