//! Talking to the server: queue joins, the session's SSE stream and uploads. Only the browser sends
//! events; during server-side rendering nothing is ever triggered.

#[cfg(feature = "hydrate")]
mod browser;
#[cfg(feature = "hydrate")]
pub use browser::{
    cancel, connect_heartbeat, dark_mode, embedded_config, new_session_hash, render_markdown,
    set_dark_mode, submit, upload_from_event,
};

#[cfg(not(feature = "hydrate"))]
mod server_side;
#[cfg(not(feature = "hydrate"))]
pub use server_side::{
    cancel, connect_heartbeat, dark_mode, new_session_hash, render_markdown, set_dark_mode, submit,
    upload_from_event,
};
