//! The server-side stand-ins: SSR renders the page but never runs an event.

use ferrio_components::{FileData, FnIndex, SessionHash};

use crate::state::{Fired, PageState};

/// An empty hash: the page rendered on the server has no session yet.
pub fn new_session_hash() -> SessionHash {
    // Never sent anywhere: the browser makes its own when it hydrates.
    SessionHash(String::new())
}

/// Nothing to send: events are only fired in the browser.
pub fn submit(_state: PageState, _dependency: usize, _fired: Fired) {}

/// Nothing to stop: no event runs from the server's render.
pub fn cancel(_state: PageState, _fns: &[FnIndex]) {}

/// No heartbeat: the browser opens it when it hydrates.
pub fn connect_heartbeat(_session: &SessionHash) {}

/// Light: the server cannot know the person's theme (a script in the page's head applies it
/// before the first paint).
pub fn dark_mode() -> bool {
    false
}

/// Nothing to switch: only the browser shows a theme.
pub fn set_dark_mode(_dark: bool) {}

/// No run history on the server: it lives in the person's browser.
pub fn stored_runs() -> Option<String> {
    None
}

/// Nothing to store on the server.
pub fn store_runs(_runs: &str) {}

/// Not shown on the server (the run history's panel opens only in the browser).
pub fn local_time(_ms: f64) -> String {
    String::new()
}

/// The panel opens only in the browser.
pub fn wants_runs() -> bool {
    false
}

/// No clipboard on the server; `done` is never called.
pub fn copy_text(_text: String, _done: impl FnOnce(bool) + 'static) {}

/// No files to upload on the server: returns `false`, and `done` is never called.
pub fn upload_from_event(
    _event: &leptos::ev::Event,
    _progress: impl Fn(f64) + 'static,
    _done: impl FnOnce(Result<Vec<FileData>, String>) + 'static,
) -> bool {
    false
}

/// Not asked during server rendering (effects run only in the browser); `done` is never called.
pub fn render_markdown(
    _text: String,
    _line_breaks: bool,
    _done: impl FnOnce(Result<String, String>) + 'static,
) {
}

/// A capture; the server never makes one.
pub struct Captured;

/// A device; the server never opens one.
pub struct Device;

/// No camera or microphone on the server; `done` is never called.
pub fn open_device(
    _kind: super::CaptureKind,
    _done: impl FnOnce(Result<Device, String>) + 'static,
) {
}

impl Device {
    /// Nothing to show.
    pub fn show_in(&self, _video: &leptos::web_sys::HtmlVideoElement) {}

    /// No frame to take; `done` is never called.
    pub fn snapshot(
        &self,
        _video: &leptos::web_sys::HtmlVideoElement,
        _done: impl FnOnce(Result<Captured, String>) + 'static,
    ) {
    }

    /// Nothing to record.
    pub fn start_recording(&self) -> Result<(), String> {
        Ok(())
    }

    /// No recording; `done` is never called.
    pub fn stop_recording(&self, _done: impl FnOnce(Result<Captured, String>) + 'static) {}
}

/// Nothing to upload; `done` is never called.
pub fn upload_captured(
    _captured: Captured,
    _progress: impl Fn(f64) + 'static,
    _done: impl FnOnce(Result<Vec<FileData>, String>) + 'static,
) {
}
