//! The upload zone every file component shares: pick, drop (or paste) files, upload them, and
//! hand the stored files to the component; shows the upload under way and the server's refusal.

use ferrio_components::{ComponentId, FileData};
use leptos::prelude::*;

use super::capture::CaptureControls;
use super::field::input_id;
use crate::client::{CaptureKind, Captured};
use crate::state::PageState;

/// A zone to pick, drop (or paste) files into, which uploads them with a progress bar and
/// hands the stored files to `on_files`; what the component shows of its value goes inside.
#[component]
pub fn UploadZone(
    /// The component the files are for (its input's id is `component-{id}`).
    id: ComponentId,
    /// Whether the person may add files at all (the component is an input).
    enabled: bool,
    /// Whether the picker shows now (a single-file component holding a file hides it).
    #[prop(into)]
    picker: Signal<bool>,
    /// Several files may be picked at once (Gradio's `file_count="multiple"`).
    #[prop(optional)]
    multiple: bool,
    /// The `<input accept>` filter (`image/*`, `.pdf`).
    #[prop(optional_no_strip)]
    accept: Option<String>,
    /// Files dropped on it are uploaded (the picker's source, Gradio's "upload"; a zone that
    /// only takes pictures from the webcam takes no drop).
    #[prop(default = true)]
    drop: bool,
    /// Files pasted into the focused zone are uploaded too.
    #[prop(optional)]
    paste: bool,
    /// What the zone says to do ("Drop an image here or click to upload").
    prompt: &'static str,
    /// The zone's least height in px (the component's `height`).
    #[prop(optional_no_strip)]
    height: Option<u32>,
    /// A picture or recording may be taken in the page too (the camera, the microphone).
    #[prop(optional_no_strip)]
    capture: Option<CaptureKind>,
    /// The stored files, once uploaded.
    on_files: Callback<Vec<FileData>>,
    /// What the component shows of its value.
    children: Children,
) -> impl IntoView {
    let uploading = RwSignal::new(false);
    // The share of the upload sent so far (0 to 1).
    let sent = RwSignal::new(0.0);
    let error = RwSignal::new(None::<String>);
    let dragging = RwSignal::new(false);
    // Events reading this component wait for its uploads (none outside a page: a message).
    // Stored: the closures below are copied into several handlers.
    let page = StoredValue::new(use_context::<PageState>());
    let progress = move |share: f64| sent.set(share);
    let uploaded = move |result: Result<Vec<FileData>, String>| {
        uploading.set(false);
        match result {
            Ok(files) => {
                error.set(None);
                // The view may have been drawn again (an update) while the upload ran.
                let _ = on_files.try_run(files);
            }
            Err(message) => error.set(Some(message)),
        }
        // After the value: a run held for this upload reads the files.
        if let Some(page) = page.get_value() {
            page.upload_ended(id);
        }
    };
    let started = move || {
        sent.set(0.0);
        uploading.set(true);
        error.set(None);
        if let Some(page) = page.get_value() {
            page.upload_started(id);
        }
    };
    let receive = move |ev: leptos::ev::Event| {
        if crate::client::upload_from_event(&ev, progress, uploaded) {
            started();
        }
    };
    let captured = Callback::new(move |c: Captured| {
        started();
        crate::client::upload_captured(c, progress, uploaded);
    });
    let capture = capture
        .filter(|_| enabled)
        .map(|kind| view! { <CaptureControls kind on_captured=captured/> });
    view! {
        <div
            class="upload-box"
            class:static=!enabled
            class:dragging=move || dragging.get()
            style:min-height=height.map(|h| format!("{h}px"))
            tabindex=(enabled && paste).then_some("0")
            on:dragover=move |ev: leptos::ev::DragEvent| {
                ev.prevent_default();
                dragging.set(enabled && drop);
            }
            on:dragleave=move |_| dragging.set(false)
            on:drop=move |ev: leptos::ev::DragEvent| {
                ev.prevent_default();
                dragging.set(false);
                if enabled && drop {
                    receive(ev.into());
                }
            }
            on:paste=move |ev: leptos::ev::ClipboardEvent| {
                if enabled && paste {
                    receive(ev.into());
                }
            }
        >
            {children()}
            <Show when=move || enabled && picker.get()>
                <label class="upload-pick">
                    <input
                        id=input_id(id)
                        type="file"
                        class="sr-only"
                        multiple=multiple
                        accept=accept.clone()
                        on:change=receive
                    />
                    <span>{prompt}</span>
                </label>
            </Show>
            {capture}
            <Show when=move || uploading.get()>
                <div class="upload-progress">
                    <progress
                        max="100"
                        value=move || (sent.get() * 100.0).round()
                        aria-label="Upload progress"
                    ></progress>
                    <span class="upload-note" role="status">
                        {move || format!("Uploading… {:.0}%", sent.get() * 100.0)}
                    </span>
                </div>
            </Show>
            {move || error.get().map(|e| view! { <p class="upload-error" role="alert">{e}</p> })}
        </div>
    }
}
