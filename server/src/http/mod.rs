//! The HTTP surface, paths exactly as Gradio 6 has them.
//!
//! [`AppState`] is what every handler shares (made in `state`); `join` checks an event's inputs
//! and readies its call (for the queue, or to run at once), `pages` follows which pages are
//! open (heartbeats, `unload`), and `routes` holds the handlers, by family. `serve` launches
//! an app; `error` is how the API answers a bad request; `client` tells which client a
//! request comes from (whose sessions it may use).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::http::{header, HeaderMap};
use ferrio_components::{Config, ErasedCustom, EventId, FnIndex, SessionHash};

use crate::builder::Blocks;
use crate::files::remote::Remote;
use crate::files::upload_progress::UploadProgress;
use crate::files::Files;
use crate::frontend::Frontend;
use crate::runtime::queue::Queue;
use crate::runtime::sessions::SessionStore;

mod client;
mod error;
mod join;
mod pages;
mod routes;
mod serve;
mod state;

pub use routes::{router, router_with, RegistryError};
pub use serve::LaunchError;

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
    /// Set when the server begins to shut down: pages' heartbeat streams end.
    stopping: tokio::sync::watch::Sender<bool>,
}

/// A session's page, as its heartbeat streams tell: how many are open, and a count of the
/// times the last one closed (so a close that a reconnect undid is recognised).
#[derive(Default)]
struct OpenPage {
    streams: usize,
    closes: u64,
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
