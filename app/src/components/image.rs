//! The Image's view (upload, paste, webcam, or an output to download), and the actions under
//! a picture or a player.

use ferrio_components::{ComponentId, EventName, FileData, Image, ImageSource};
use leptos::prelude::*;

use super::field::Field;
use super::file::file_href;
use super::upload::UploadZone;
use crate::client::CaptureKind;
use crate::state::PageState;

super::builtin_view!(Image => ImageView in files);

/// An image to pick, drop or paste (then shown, with a button to remove it); as an output, the
/// image with a download link.
#[component]
pub fn ImageView(
    /// The component's id in the config: its value, status and events in the page state go
    /// by it.
    id: ComponentId,
    /// Its props: the config's, with what updates have set over them (a change draws the
    /// view again).
    props: Image,
) -> impl IntoView {
    let state = expect_context::<PageState>();
    let value = state.signal::<Image>(id);
    let interactive = state.is_interactive(id, props.common.interactive);
    let can_upload = interactive && props.sources.contains(&ImageSource::Upload);
    let can_paste = interactive && props.sources.contains(&ImageSource::Clipboard);
    let can_shoot = interactive && props.sources.contains(&ImageSource::Webcam);
    let on_files = {
        let state = state.clone();
        Callback::new(move |files: Vec<FileData>| {
            value.set(files.into_iter().next());
            state.trigger(id, EventName::Upload);
            state.trigger(id, EventName::Change);
        })
    };
    let label = props
        .common
        .label
        .clone()
        .unwrap_or_else(|| "Image".to_owned());
    let shown = {
        let show_download = props.show_download_button;
        move || {
            value.get().map(|f| {
                let href = file_href(&f.path);
                view! {
                    <img class="image-shown" src=href.clone() alt=label.clone()/>
                    <MediaActions id href=show_download.then_some(href) name=f.name().to_owned() removable=interactive what="image"/>
                }
            })
        }
    };
    let empty = move || value.with(Option::is_none);
    let prompt = if can_paste {
        "Drop an image here, paste one, or click to upload"
    } else {
        "Drop an image here or click to upload"
    };
    view! {
        <Field id kind="image" common=props.common default_label="Image">
            <UploadZone
                id
                enabled=can_upload || can_paste || can_shoot
                picker=Signal::derive(move || can_upload && empty())
                accept=Some("image/*".to_owned())
                drop=can_upload
                paste=can_paste
                prompt
                height=props.height
                capture=can_shoot.then_some(CaptureKind::Photo)
                on_files
            >
                {shown}
                <Show when=move || !interactive && empty()>
                    <p class="upload-note">"No image"</p>
                </Show>
            </UploadZone>
        </Field>
    }
}

/// Below a picture or player: download it, and (as an input) remove it, which clears the value.
#[component]
pub fn MediaActions(
    /// The component whose value is shown: removing clears it and fires `clear` and `change`.
    id: ComponentId,
    /// Where to download it from; no link when `None`.
    href: Option<String>,
    /// The file name a download is saved under.
    name: String,
    /// Whether the remove button shows (the component is an input).
    removable: bool,
    /// What it is, for the remove button ("image").
    what: &'static str,
) -> impl IntoView {
    let state = expect_context::<PageState>();
    let clear = move |_| {
        // `null` is "nothing" for every single-file component.
        let _ = state.value(id).set_json(&serde_json::Value::Null);
        state.trigger(id, EventName::Clear);
        state.trigger(id, EventName::Change);
    };
    view! {
        <div class="media-actions">
            {href
                .map(|href| {
                    view! {
                        <a class="media-action" href=href download=name>
                            "Download"
                        </a>
                    }
                })}
            {removable
                .then(|| {
                    view! {
                        <button type="button" class="media-action" on:click=clear>
                            {format!("Remove {what}")}
                        </button>
                    }
                })}
        </div>
    }
}
