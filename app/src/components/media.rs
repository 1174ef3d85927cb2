//! The Audio and Video views: a sound or a film to upload or record, then played.

use ferrio_components::{
    Audio, ComponentId, EventName, FileData, Media, MediaKind, MediaSource, Video,
};
use leptos::prelude::*;

use super::field::Field;
use super::file::file_href;
use super::image::MediaActions;
use super::upload::UploadZone;
use crate::client::CaptureKind;
use crate::state::PageState;

super::builtin_view!(Audio => AudioView in files, Video => VideoView in files);

/// A sound to pick or drop, then played; as an output, the player.
#[component]
pub fn AudioView(
    /// The component's id in the config: its value, status and events in the page state go
    /// by it.
    id: ComponentId,
    /// Its props: the config's, with what updates have set over them (a change draws the
    /// view again).
    props: Audio,
) -> impl IntoView {
    let value = expect_context::<PageState>().signal::<Audio>(id);
    media(id, props, value)
}

/// A video to pick or drop, then played; as an output, the player.
#[component]
pub fn VideoView(
    /// The component's id in the config: its value, status and events in the page state go
    /// by it.
    id: ComponentId,
    /// Its props: the config's, with what updates have set over them (a change draws the
    /// view again).
    props: Video,
) -> impl IntoView {
    let value = expect_context::<PageState>().signal::<Video>(id);
    media(id, props, value)
}

fn media<K: MediaKind>(
    id: ComponentId,
    props: Media<K>,
    value: RwSignal<Option<FileData>>,
) -> impl IntoView {
    let state = expect_context::<PageState>();
    let interactive = state.is_interactive(id, props.common.interactive);
    let can_upload = interactive && props.sources.contains(&MediaSource::Upload);
    let records = interactive && props.records();
    let capture = records.then_some(if K::CATEGORY == "video" {
        CaptureKind::Film
    } else {
        CaptureKind::Sound
    });
    let on_files = Callback::new(move |files: Vec<FileData>| {
        value.set(files.into_iter().next());
        state.trigger(id, EventName::Upload);
        state.trigger(id, EventName::Change);
    });
    let (autoplay, show_download) = (props.autoplay, props.show_download_button);
    let shown = move || {
        value.get().map(|f| {
            let href = file_href(&f.path);
            let player = if K::CATEGORY == "video" {
                view! { <video class="media-player" controls src=href.clone() autoplay=autoplay></video> }
                    .into_any()
            } else {
                view! { <audio class="media-player" controls src=href.clone() autoplay=autoplay></audio> }
                    .into_any()
            };
            view! {
                {player}
                <MediaActions
                    id
                    href=show_download.then_some(href)
                    name=f.name().to_owned()
                    removable=interactive
                    what=K::CATEGORY
                />
            }
        })
    };
    let empty = move || value.with(Option::is_none);
    let prompt = if K::CATEGORY == "video" {
        "Drop a video here or click to upload"
    } else {
        "Drop a sound file here or click to upload"
    };
    view! {
        <Field id kind=K::CATEGORY common=props.common default_label=K::CLASS_NAME>
            <UploadZone
                id
                enabled=can_upload || records
                picker=Signal::derive(move || can_upload && empty())
                accept=Some(format!("{}/*", K::CATEGORY))
                drop=can_upload
                prompt
                height=props.height
                capture
                on_files
            >
                {shown}
                <Show when=move || !interactive && empty()>
                    <p class="upload-note">"Nothing to play"</p>
                </Show>
            </UploadZone>
        </Field>
    }
}
