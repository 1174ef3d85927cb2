use ferrio_components::{ComponentId, EventName, Image, ImageSource};
use leptos::prelude::*;

use super::field::{input_id, Field};
use super::file::file_href;
use crate::state::AppState;

/// An image to pick, drop or paste (then shown, with a button to remove it); as an output, the
/// image with a download link.
#[component]
pub fn ImageView(id: ComponentId, props: Image) -> impl IntoView {
    let state = expect_context::<AppState>();
    let value = state.signal::<Image>(id);
    let interactive = state.is_interactive(id, props.common.interactive);
    let uploading = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let dragging = RwSignal::new(false);
    let can_upload = interactive && props.sources.contains(&ImageSource::Upload);
    let can_paste = interactive && props.sources.contains(&ImageSource::Clipboard);

    let receive = {
        let state = state.clone();
        move |ev: leptos::ev::Event| {
            let state = state.clone();
            let started = crate::client::upload_from_event(&ev, move |result| {
                uploading.set(false);
                match result {
                    Ok(files) => {
                        error.set(None);
                        value.set(files.into_iter().next());
                        state.trigger(id, EventName::Upload);
                        state.trigger(id, EventName::Change);
                    }
                    Err(message) => error.set(Some(message)),
                }
            });
            if started {
                uploading.set(true);
                error.set(None);
            }
        }
    };
    let on_drop = {
        let receive = receive.clone();
        move |ev: leptos::ev::DragEvent| {
            ev.prevent_default();
            dragging.set(false);
            if can_upload {
                receive(ev.into());
            }
        }
    };
    let on_paste = {
        let receive = receive.clone();
        move |ev: leptos::ev::ClipboardEvent| {
            if can_paste {
                receive(ev.into());
            }
        }
    };
    let clear = {
        let state = state.clone();
        move |_| {
            value.set(None);
            state.trigger(id, EventName::Clear);
            state.trigger(id, EventName::Change);
        }
    };
    let label = props
        .common
        .label
        .clone()
        .unwrap_or_else(|| "Image".to_owned());
    let show_download = props.show_download_button;
    let shown = move || {
        value.get().map(|f| {
            let href = file_href(&f.path);
            let name = f.name().to_owned();
            let clear = clear.clone();
            view! {
                <img class="image-shown" src=href.clone() alt=label.clone()/>
                <div class="image-actions">
                    {show_download
                        .then(|| {
                            view! {
                                <a class="image-download" href=href download=name>
                                    "Download"
                                </a>
                            }
                        })}
                    {interactive
                        .then(|| {
                            view! {
                                <button type="button" class="image-clear" on:click=clear>
                                    "Remove image"
                                </button>
                            }
                        })}
                </div>
            }
        })
    };
    let empty = move || value.with(Option::is_none);
    let prompt = if can_paste {
        "Drop an image here, paste one, or click to upload"
    } else {
        "Drop an image here or click to upload"
    };
    view! {
        <Field id kind="image" common=props.common default_label="Image">
            <div
                class="image-box"
                class:dragging=move || dragging.get()
                style:min-height=props.height.map(|h| format!("{h}px"))
                style:max-width=props.width.map(|w| format!("{w}px"))
                tabindex=can_paste.then_some("0")
                on:dragover=move |ev: leptos::ev::DragEvent| {
                    ev.prevent_default();
                    dragging.set(can_upload);
                }
                on:dragleave=move |_| dragging.set(false)
                on:drop=on_drop
                on:paste=on_paste
            >
                {shown}
                <Show when=move || !interactive && empty()>
                    <p class="file-empty">"No image"</p>
                </Show>
                <Show when=move || can_upload && empty()>
                    <label class="file-pick">
                        <input
                            id=input_id(id)
                            type="file"
                            class="sr-only"
                            accept="image/*"
                            on:change=receive.clone()
                        />
                        <span>{prompt}</span>
                    </label>
                </Show>
                <Show when=move || uploading.get()>
                    <p class="file-uploading" role="status">"Uploading…"</p>
                </Show>
                {move || error.get().map(|e| view! { <p class="file-error" role="alert">{e}</p> })}
            </div>
        </Field>
    }
}
