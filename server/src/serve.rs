//! Serving an app: `Blocks::launch` binds, serves and shuts down on Ctrl-C.

use std::net::SocketAddr;

use axum::serve::ListenerExt;
use leptos::config::LeptosOptions;

use crate::blocks::Blocks;
use crate::routes::{router_with, AppState, RegistryError};
use ferrio_app::CustomViews;
use ferrio_components::NoCustom;

#[derive(Debug, thiserror::Error)]
pub enum LaunchError {
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("the server stopped: {0}")]
    Serve(std::io::Error),
    #[error(transparent)]
    Registry(#[from] RegistryError),
}

/// Leptos's options (site root, address): from cargo-leptos's environment when it built or runs
/// the server, else defaults that `LEPTOS_SITE_ADDR` and `LEPTOS_SITE_ROOT` can override.
pub fn leptos_options() -> LeptosOptions {
    let from_cargo_leptos = std::env::var_os("LEPTOS_OUTPUT_NAME").is_some()
        || option_env!("LEPTOS_OUTPUT_NAME").is_some();
    if from_cargo_leptos {
        match leptos::config::get_configuration(None) {
            Ok(conf) => return conf.leptos_options,
            Err(error) => tracing::warn!(%error, "bad Leptos configuration; using defaults"),
        }
    }
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let site_addr = env("LEPTOS_SITE_ADDR")
        .and_then(|a| a.parse().ok())
        .unwrap_or(SocketAddr::from(([127, 0, 0, 1], 3000)));
    LeptosOptions::builder()
        .output_name("ferrio")
        .site_root(env("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".to_owned()))
        .site_addr(site_addr)
        .build()
}

impl Blocks {
    /// Serves the app at the address from Leptos's options (`LEPTOS_SITE_ADDR`, default
    /// `127.0.0.1:3000`) until Ctrl-C.
    pub async fn launch(self) -> Result<(), LaunchError> {
        self.launch_with::<NoCustom>().await
    }

    /// [`Blocks::launch`] for an app with custom components, rendered by registry `X`.
    pub async fn launch_with<X: CustomViews>(self) -> Result<(), LaunchError> {
        let options = leptos_options();
        let addr = options.site_addr;
        self.launch_at::<X>(addr, options).await
    }

    pub async fn launch_at<X: CustomViews>(
        self,
        addr: SocketAddr,
        options: LeptosOptions,
    ) -> Result<(), LaunchError> {
        let app = router_with::<X>(AppState::new(self, options))?;
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
