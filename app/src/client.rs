//! Talking to the server: queue joins and the session's SSE stream. Only the browser sends
//! events; during server-side rendering nothing is ever triggered.

#[cfg(feature = "hydrate")]
mod browser;
#[cfg(feature = "hydrate")]
pub use browser::{embedded_config, new_session_hash, submit};

#[cfg(not(feature = "hydrate"))]
mod server_side;
#[cfg(not(feature = "hydrate"))]
pub use server_side::{new_session_hash, submit};
