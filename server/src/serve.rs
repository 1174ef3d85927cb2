//! Serving an app: `Blocks::launch` binds, serves and shuts down on Ctrl-C.

use std::net::SocketAddr;

use axum::serve::ListenerExt;
use leptos::config::LeptosOptions;

use crate::blocks::Blocks;
use crate::routes::{router, AppState};

#[derive(Debug, thiserror::Error)]
pub enum LaunchError {
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("the server stopped: {0}")]
    Serve(std::io::Error),
}

/// Leptos's options (site root, address) from cargo-leptos's environment or `Cargo.toml`,
/// falling back to the defaults a release binary run from the workspace needs.
pub fn leptos_options() -> LeptosOptions {
    match leptos::config::get_configuration(None) {
        Ok(conf) => conf.leptos_options,
        Err(error) => {
            tracing::debug!(%error, "no Leptos configuration; using defaults");
            LeptosOptions::builder()
                .output_name("ferrio")
                .site_root("target/site")
                .site_addr(SocketAddr::from(([127, 0, 0, 1], 3000)))
                .build()
        }
    }
}

impl Blocks {
    /// Serves the app at the address from Leptos's options (`LEPTOS_SITE_ADDR`, default
    /// `127.0.0.1:3000`) until Ctrl-C.
    pub async fn launch(self) -> Result<(), LaunchError> {
        let options = leptos_options();
        let addr = options.site_addr;
        self.launch_at(addr, options).await
    }

    pub async fn launch_at(
        self,
        addr: SocketAddr,
        options: LeptosOptions,
    ) -> Result<(), LaunchError> {
        let app = router(AppState::new(self, options));
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| LaunchError::Bind { addr, source })?
            // Small SSE messages must not wait for Nagle's algorithm.
            .tap_io(|tcp| {
                let _ = tcp.set_nodelay(true);
            });
        tracing::info!("Ferrio app running at http://{addr}");
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .map_err(LaunchError::Serve)
    }
}
