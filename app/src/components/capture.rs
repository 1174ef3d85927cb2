//! Taking a picture with the camera or recording with the microphone, in an upload zone (the
//! Image's `webcam`, the Audio's `microphone`, the Video's `webcam` sources). The device opens
//! only when the person asks, shows what it sees, and closes once the capture is handed over.

use leptos::html::Video;
use leptos::prelude::*;

use super::icons::{CameraIcon, MicrophoneIcon};
use crate::client::{open_device, CaptureKind, Captured, Device};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Closed,
    Opening,
    Ready,
    Recording,
}

/// The button that opens the camera or microphone, then what it sees and the button that takes
/// the picture (or starts and stops the recording), or why the device could not be opened.
#[component]
pub fn CaptureControls(
    /// What is captured: a photo, a sound or a film, with the device that takes it.
    kind: CaptureKind,
    /// The picture or recording, to upload.
    on_captured: Callback<Captured>,
) -> impl IntoView {
    let phase = RwSignal::new(Phase::Closed);
    let error = RwSignal::new(None::<String>);
    // Not `Send`: a browser object, kept on this thread. Dropping it stops the device.
    let device = StoredValue::new_local(None::<Device>);
    let video = NodeRef::<Video>::new();
    let close = move || {
        device.set_value(None);
        phase.set(Phase::Closed);
    };
    let open = move |_| {
        error.set(None);
        phase.set(Phase::Opening);
        open_device(kind, move |opened| match opened {
            Ok(d) => {
                // The view may be gone by now; the device then just closes.
                if device.try_set_value(Some(d)).is_none() {
                    phase.set(Phase::Ready);
                }
            }
            Err(e) => {
                error.try_set(Some(e));
                phase.try_set(Phase::Closed);
            }
        });
    };
    // What the camera sees, once both the device and the preview are there.
    Effect::new(move |_| {
        if let (Some(el), Phase::Ready | Phase::Recording) = (video.get(), phase.get()) {
            device.with_value(|d| {
                if let Some(d) = d {
                    d.show_in(&el);
                }
            });
        }
    });
    let handed = move |result: Result<Captured, String>| {
        match result {
            Ok(captured) => {
                close();
                on_captured.run(captured);
            }
            Err(e) => {
                error.try_set(Some(e));
            }
        };
    };
    let take = move |_| {
        if let Some(el) = video.get_untracked() {
            device.with_value(|d| {
                if let Some(d) = d {
                    d.snapshot(&el, handed);
                }
            });
        }
    };
    let record = move |_| {
        let started = device.with_value(|d| d.as_ref().map(Device::start_recording));
        match started {
            Some(Ok(())) => phase.set(Phase::Recording),
            Some(Err(e)) => error.set(Some(e)),
            None => {}
        }
    };
    let stop = move |_| {
        device.with_value(|d| {
            if let Some(d) = d {
                d.stop_recording(handed);
            }
        });
    };
    let open_label = match kind {
        CaptureKind::Sound => "Record from microphone",
        CaptureKind::Photo | CaptureKind::Film => "Use webcam",
    };
    let icon = move || match kind {
        CaptureKind::Sound => view! { <MicrophoneIcon/> }.into_any(),
        CaptureKind::Photo | CaptureKind::Film => view! { <CameraIcon/> }.into_any(),
    };
    let shows_picture = kind != CaptureKind::Sound;
    let live = move || matches!(phase.get(), Phase::Ready | Phase::Recording);
    view! {
        <div class="capture">
            <Show when=move || shows_picture && live()>
                <video class="capture-preview" node_ref=video autoplay=true playsinline=true aria-label="Camera preview"></video>
            </Show>
            <div class="capture-actions">
                {move || match phase.get() {
                    Phase::Closed => view! {
                        <button type="button" class="capture-open" on:click=open>
                            {icon()}
                            {open_label}
                        </button>
                    }.into_any(),
                    Phase::Opening => view! {
                        <span class="upload-note" role="status">{format!("Waiting for the {}…", kind.device())}</span>
                    }.into_any(),
                    Phase::Ready => view! {
                        {match kind {
                            CaptureKind::Photo => view! {
                                <button type="button" class="capture-take" on:click=take>"Take a picture"</button>
                            }.into_any(),
                            CaptureKind::Sound | CaptureKind::Film => view! {
                                <button type="button" class="capture-take" on:click=record>"Start recording"</button>
                            }.into_any(),
                        }}
                        <button type="button" class="media-action" on:click=move |_| close()>"Cancel"</button>
                    }.into_any(),
                    Phase::Recording => view! {
                        <span class="recording" role="status">"Recording…"</span>
                        <button type="button" class="capture-take" on:click=stop>"Stop recording"</button>
                    }.into_any(),
                }}
            </div>
            {move || error.get().map(|e| view! { <p class="upload-error" role="alert">{e}</p> })}
        </div>
    }
}
