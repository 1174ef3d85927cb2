//! The server-side stand-ins: SSR renders the page but never runs an event.

use ferrio_components::{FileData, FnIndex, SessionHash};

use crate::state::{Fired, PageState};

pub fn new_session_hash() -> SessionHash {
    // Never sent anywhere: the browser makes its own when it hydrates.
    SessionHash(String::new())
}

pub fn submit(_state: PageState, _dependency: usize, _fired: Fired) {}

pub fn cancel(_state: PageState, _fns: &[FnIndex]) {}

pub fn connect_heartbeat(_session: &SessionHash) {}

pub fn dark_mode() -> bool {
    false
}

pub fn set_dark_mode(_dark: bool) {}

pub fn copy_text(_text: String, _done: impl FnOnce(bool) + 'static) {}

pub fn upload_from_event(
    _event: &leptos::ev::Event,
    _progress: impl Fn(f64) + 'static,
    _done: impl FnOnce(Result<Vec<FileData>, String>) + 'static,
) -> bool {
    false
}

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

pub fn open_device(
    _kind: super::CaptureKind,
    _done: impl FnOnce(Result<Device, String>) + 'static,
) {
}

impl Device {
    pub fn show_in(&self, _video: &leptos::web_sys::HtmlVideoElement) {}

    pub fn snapshot(
        &self,
        _video: &leptos::web_sys::HtmlVideoElement,
        _done: impl FnOnce(Result<Captured, String>) + 'static,
    ) {
    }

    pub fn start_recording(&self) -> Result<(), String> {
        Ok(())
    }

    pub fn stop_recording(&self, _done: impl FnOnce(Result<Captured, String>) + 'static) {}
}

pub fn upload_captured(
    _captured: Captured,
    _progress: impl Fn(f64) + 'static,
    _done: impl FnOnce(Result<Vec<FileData>, String>) + 'static,
) {
}
