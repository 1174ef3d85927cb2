//! The camera and the microphone: a picture or a recording taken in the page, as a file the
//! upload zone sends like a picked one.

use std::cell::RefCell;
use std::rc::Rc;

use ferrio_components::FileData;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlVideoElement, MediaRecorder, MediaStream};

use super::CaptureKind;

/// A picture or a recording, ready to upload.
pub struct Captured(web_sys::File);

/// A camera or microphone the person let the page use; stopped when dropped (the browser's
/// "in use" light goes off with the view).
pub struct Device {
    kind: CaptureKind,
    stream: MediaStream,
    recording: RefCell<Option<Recording>>,
}

struct Recording {
    recorder: MediaRecorder,
    chunks: Rc<RefCell<Vec<JsValue>>>,
    _on_data: Closure<dyn FnMut(web_sys::Event)>,
}

/// Asks for the device `kind` needs; `done` gets it, or why not in words.
pub fn open_device(kind: CaptureKind, done: impl FnOnce(Result<Device, String>) + 'static) {
    wasm_bindgen_futures::spawn_local(async move { done(open(kind).await) });
}

async fn open(kind: CaptureKind) -> Result<Device, String> {
    let what = kind.device();
    let devices = web_sys::window()
        .and_then(|w| w.navigator().media_devices().ok())
        .ok_or_else(|| {
            format!(
                "This page can't use a {what}: the browser allows it only on https or localhost."
            )
        })?;
    let constraints = web_sys::MediaStreamConstraints::new();
    constraints.set_video(&JsValue::from_bool(kind != CaptureKind::Sound));
    constraints.set_audio(&JsValue::from_bool(kind != CaptureKind::Photo));
    let asked = devices
        .get_user_media_with_constraints(&constraints)
        .map_err(|e| refused(what, e))?;
    let stream = JsFuture::from(asked)
        .await
        .map_err(|e| refused(what, e))?
        .dyn_into::<MediaStream>()
        .map_err(|e| refused(what, e))?;
    Ok(Device {
        kind,
        stream,
        recording: RefCell::new(None),
    })
}

/// Why a device could not be opened, as the person can act on it.
fn refused(what: &str, e: JsValue) -> String {
    let name = e
        .dyn_ref::<web_sys::DomException>()
        .map(|d| d.name())
        .unwrap_or_default();
    match name.as_str() {
        "NotAllowedError" | "SecurityError" => {
            format!("The {what} may not be used: allow it in the browser and try again.")
        }
        "NotFoundError" | "OverconstrainedError" => format!("No {what} was found."),
        "NotReadableError" | "AbortError" => {
            format!("The {what} is busy (another program may be using it).")
        }
        _ => format!("The {what} could not be opened."),
    }
}

impl Device {
    /// Shows what the camera sees in `video` (muted: the person hears themself otherwise).
    pub fn show_in(&self, video: &HtmlVideoElement) {
        video.set_muted(true);
        video.set_src_object(Some(&self.stream));
        if let Ok(playing) = video.play() {
            // A preview closed before it started plays no more: its promise fails, and that
            // is no error for the page.
            wasm_bindgen_futures::spawn_local(async move {
                let _ = JsFuture::from(playing).await;
            });
        }
    }

    /// The frame `video` shows now, as a PNG.
    pub fn snapshot(
        &self,
        video: &HtmlVideoElement,
        done: impl FnOnce(Result<Captured, String>) + 'static,
    ) {
        let failed = || "The picture could not be taken.".to_owned();
        let (w, h) = (video.video_width(), video.video_height());
        if w == 0 || h == 0 {
            return done(Err("The camera isn't showing anything yet.".to_owned()));
        }
        let canvas = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.create_element("canvas").ok())
            .and_then(|c| c.dyn_into::<web_sys::HtmlCanvasElement>().ok());
        let Some(canvas) = canvas else {
            return done(Err(failed()));
        };
        canvas.set_width(w);
        canvas.set_height(h);
        let drawn = canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
            .map(|ctx| {
                ctx.draw_image_with_html_video_element(video, 0.0, 0.0)
                    .is_ok()
            });
        if drawn != Some(true) {
            return done(Err(failed()));
        }
        let on_blob = Closure::once_into_js(move |blob: Option<web_sys::Blob>| {
            done(
                blob.and_then(|b| file(&b, "webcam.png", "image/png"))
                    .ok_or_else(failed),
            )
        });
        if canvas.to_blob(on_blob.unchecked_ref()).is_err() {
            // `done` went into the closure; the browser won't call it: nothing more to say.
            web_sys::console::warn_1(&"ferrio: the picture could not be encoded".into());
        }
    }

    /// Starts recording what the device hears (and sees).
    pub fn start_recording(&self) -> Result<(), String> {
        let recorder = MediaRecorder::new_with_media_stream(&self.stream)
            .map_err(|_| "This browser can't record.".to_owned())?;
        let chunks = Rc::new(RefCell::new(Vec::new()));
        let into = chunks.clone();
        let on_data = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
            // Read as a plain property: the event's class differs between browsers.
            let data = js_sys::Reflect::get(&e, &JsValue::from_str("data")).ok();
            if let Some(blob) = data.and_then(|d| d.dyn_into::<web_sys::Blob>().ok()) {
                into.borrow_mut().push(blob.into());
            }
        });
        recorder
            .add_event_listener_with_callback("dataavailable", on_data.as_ref().unchecked_ref())
            .map_err(|_| "This browser can't record.".to_owned())?;
        // In slices: what was recorded so far is kept even if the last piece is lost.
        recorder
            .start_with_time_slice(250)
            .map_err(|_| "The recording could not start.".to_owned())?;
        *self.recording.borrow_mut() = Some(Recording {
            recorder,
            chunks,
            _on_data: on_data,
        });
        Ok(())
    }

    /// Stops the recording; `done` gets it as one file.
    pub fn stop_recording(&self, done: impl FnOnce(Result<Captured, String>) + 'static) {
        let Some(recording) = self.recording.borrow_mut().take() else {
            return done(Err("Nothing is being recorded.".to_owned()));
        };
        // A sound alone is `.weba` so the server files it as audio (`.webm` is a video).
        let name = match self.kind {
            CaptureKind::Sound => "recording.weba",
            _ => "recording.webm",
        };
        let recorder = recording.recorder.clone();
        let on_stop = Closure::once_into_js(move || {
            let Recording {
                recorder,
                chunks,
                _on_data: on_data,
            } = recording;
            // No piece may reach the listener once it is gone.
            let _ = recorder.remove_event_listener_with_callback(
                "dataavailable",
                on_data.as_ref().unchecked_ref(),
            );
            let parts: js_sys::Array = chunks.borrow().iter().collect();
            let mime = recorder.mime_type();
            let options = web_sys::BlobPropertyBag::new();
            options.set_type(&mime);
            let blob = web_sys::Blob::new_with_blob_sequence_and_options(&parts, &options).ok();
            let kind = mime.split(';').next().unwrap_or_default().to_owned();
            done(
                blob.filter(|b| b.size() > 0.0)
                    .and_then(|b| file(&b, name, &kind))
                    .ok_or_else(|| "Nothing was recorded.".to_owned()),
            )
        });
        recorder.set_onstop(Some(on_stop.unchecked_ref()));
        let _ = recorder.stop();
    }
}

impl Drop for Device {
    fn drop(&mut self) {
        if let Some(recording) = self.recording.borrow_mut().take() {
            let _ = recording.recorder.stop();
        }
        for track in self.stream.get_tracks().iter() {
            if let Ok(track) = track.dyn_into::<web_sys::MediaStreamTrack>() {
                track.stop();
            }
        }
    }
}

fn file(blob: &web_sys::Blob, name: &str, mime: &str) -> Option<Captured> {
    let options = web_sys::FilePropertyBag::new();
    options.set_type(mime);
    let parts = js_sys::Array::of1(blob);
    web_sys::File::new_with_blob_sequence_and_options(&parts, name, &options)
        .ok()
        .map(Captured)
}

/// Uploads a capture as the upload zone uploads picked files.
pub fn upload_captured(
    captured: Captured,
    progress: impl Fn(f64) + 'static,
    done: impl FnOnce(Result<Vec<FileData>, String>) + 'static,
) {
    wasm_bindgen_futures::spawn_local(async move {
        done(super::browser::upload(vec![captured.0], progress).await)
    });
}
