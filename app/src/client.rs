//! Talking to the server: queue joins, the session's SSE stream and uploads. Only the browser sends
//! events; during server-side rendering nothing is ever triggered.

#[cfg(feature = "hydrate")]
mod browser;
#[cfg(feature = "hydrate")]
pub use browser::{
    cancel, connect_heartbeat, copy_text, dark_mode, embedded_config, local_time, new_session_hash,
    render_markdown, set_dark_mode, store_runs, stored_runs, submit, upload_from_event, wants_runs,
};

#[cfg(not(feature = "hydrate"))]
mod server_side;
#[cfg(not(feature = "hydrate"))]
pub use server_side::{
    cancel, connect_heartbeat, copy_text, dark_mode, local_time, new_session_hash, render_markdown,
    set_dark_mode, store_runs, stored_runs, submit, upload_from_event, wants_runs,
};

#[cfg(feature = "hydrate")]
mod device;
#[cfg(feature = "hydrate")]
pub use device::{open_device, upload_captured, Captured, Device};
#[cfg(not(feature = "hydrate"))]
pub use server_side::{open_device, upload_captured, Captured, Device};

/// What the page captures with a device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaptureKind {
    /// A still picture from the camera (Image).
    Photo,
    /// A sound from the microphone (Audio).
    Sound,
    /// A film with its sound from the camera (Video).
    Film,
}

impl CaptureKind {
    /// The device, as the person knows it.
    pub fn device(self) -> &'static str {
        match self {
            CaptureKind::Sound => "microphone",
            CaptureKind::Photo | CaptureKind::Film => "camera",
        }
    }
}
