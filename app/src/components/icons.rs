//! Small line icons drawn as inline SVG: emoji depend on the visitor's fonts (without an emoji
//! font they draw as empty boxes), these look the same everywhere and take the text colour.

use leptos::prelude::*;

/// The frame every icon shares: 24×24, stroked in the current colour, hidden from screen
/// readers (the button or link around it says what it does).
fn icon(class: &'static str, paths: &'static [&'static str]) -> impl IntoView {
    view! {
        <svg
            class=format!("icon {class}")
            viewBox="0 0 24 24"
            width="1em"
            height="1em"
            fill="none"
            stroke="currentColor"
            stroke-width="2"
            stroke-linecap="round"
            stroke-linejoin="round"
            aria-hidden="true"
            focusable="false"
        >
            {paths.iter().map(|d| view! { <path d=*d></path> }).collect_view()}
        </svg>
    }
}

/// A paper clip: attach files.
#[component]
pub fn AttachIcon() -> impl IntoView {
    icon(
        "icon-attach",
        &["M9 7v9a3 3 0 0 0 6 0V5a5 5 0 0 0-10 0v11a7 7 0 0 0 14 0V8"],
    )
}

/// A page with a folded corner: a file.
#[component]
pub fn FileIcon() -> impl IntoView {
    icon("icon-file", &["M6 2h8l5 5v15H6z", "M14 2v5h5"])
}

/// A thumb up: like.
#[component]
pub fn ThumbUpIcon() -> impl IntoView {
    icon("icon-thumb-up", &THUMB)
}

/// A thumb down: dislike (the thumb up, turned over).
#[component]
pub fn ThumbDownIcon() -> impl IntoView {
    view! { <span class="icon-flip">{icon("icon-thumb-down", &THUMB)}</span> }
}

const THUMB: [&str; 2] = [
    "M7 10v11H3V10z",
    "M7 10l4-8a2 2 0 0 1 3 2l-1 5h6a2 2 0 0 1 2 2.3l-1.4 8A2 2 0 0 1 17.6 21H7",
];

/// A camera: take a picture or film with the webcam.
#[component]
pub fn CameraIcon() -> impl IntoView {
    icon(
        "icon-camera",
        &[
            "M3 8a2 2 0 0 1 2-2h2l2-2h6l2 2h2a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z",
            "M12 10a3 3 0 1 0 0 6a3 3 0 1 0 0-6z",
        ],
    )
}

/// A microphone: record a sound.
#[component]
pub fn MicrophoneIcon() -> impl IntoView {
    icon(
        "icon-microphone",
        &[
            "M12 3a3 3 0 0 0-3 3v6a3 3 0 0 0 6 0V6a3 3 0 0 0-3-3z",
            "M5 11a7 7 0 0 0 14 0",
            "M12 18v3",
        ],
    )
}

/// A square: stop what runs.
#[component]
pub fn StopIcon() -> impl IntoView {
    icon("icon-stop", &["M7 7h10v10H7z"])
}

/// Two overlapping sheets: copy.
#[component]
pub fn CopyIcon() -> impl IntoView {
    icon("icon-copy", &["M9 9h11v11H9z", "M5 15H4V4h11v1"])
}

/// A tick: done.
#[component]
pub fn CheckIcon() -> impl IntoView {
    icon("icon-check", &["M5 12l5 5L20 7"])
}

/// A flag on its pole: more feedback (a chatbot's own options).
#[component]
pub fn FlagIcon() -> impl IntoView {
    icon("icon-flag", &["M5 22V4", "M5 4h11l-2 4 2 4H5"])
}
