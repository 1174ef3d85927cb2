//! The Gallery's view: a grid of captioned pictures, with `select` on one.

use ferrio_components::{ComponentId, EventName, FileData, Gallery, GalleryImage, SelectData};
use leptos::prelude::*;

use super::field::Field;
use super::file::file_href;
use super::upload::UploadZone;
use crate::state::PageState;

super::builtin_view!(Gallery => GalleryView in gallery);

/// A grid of pictures with their captions; as an input, pictures to add (pick or drop) and
/// remove.
#[component]
pub fn GalleryView(
    /// The component's id in the config: its value, status and events in the page state go
    /// by it.
    id: ComponentId,
    /// Its props: the config's, with what updates have set over them (a change draws the
    /// view again).
    props: Gallery,
) -> impl IntoView {
    let state = expect_context::<PageState>();
    let value = state.signal::<Gallery>(id);
    let interactive = state.is_interactive(id, props.common.interactive);
    let on_files = {
        let state = state.clone();
        Callback::new(move |files: Vec<FileData>| {
            value.update(|v| {
                v.get_or_insert_with(Vec::new)
                    .extend(files.into_iter().map(|image| GalleryImage {
                        image,
                        caption: None,
                    }))
            });
            state.trigger(id, EventName::Upload);
            state.trigger(id, EventName::Change);
        })
    };
    let remove = {
        let state = state.clone();
        move |index: usize| {
            value.update(|v| {
                if let Some(items) = v {
                    items.remove(index);
                }
            });
            state.trigger(id, EventName::Change);
        }
    };
    let show_download = props.show_download_button;
    // A picture can be picked (click, or Enter on it) when something listens to `select`.
    let pick = state.listens(id, EventName::Select).then(|| {
        let state = state.clone();
        Callback::new(move |i: usize| {
            let caption = value.with_untracked(|v| v.as_ref()?.get(i).map(|p| p.caption.clone()));
            if let Some(caption) = caption {
                state.select(id, SelectData::<Gallery>::new(i, caption));
            }
        })
    });
    let items = move || {
        let remove = remove.clone();
        value
            .get()
            .unwrap_or_default()
            .into_iter()
            .enumerate()
            .map(|(i, item)| {
                let remove = remove.clone();
                let href = file_href(&item.image.path);
                let name = item.image.name().to_owned();
                let alt = item.caption.clone().unwrap_or_else(|| name.clone());
                view! {
                    <figure class="gallery-item">
                        <img
                            src=href.clone()
                            alt=alt
                            loading="lazy"
                            class:selectable=pick.is_some()
                            tabindex=pick.map(|_| "0")
                            on:click=move |ev| {
                                if let Some(p) = pick {
                                    // Not a click on the upload zone around it.
                                    ev.stop_propagation();
                                    p.run(i);
                                }
                            }
                            on:keydown=move |ev| {
                                if let Some(p) = pick.filter(|_| ev.key() == "Enter") {
                                    ev.prevent_default();
                                    p.run(i);
                                }
                            }
                        />
                        {item.caption.map(|c| view! { <figcaption>{c}</figcaption> })}
                        <div class="gallery-actions">
                            {show_download
                                .then(|| {
                                    view! {
                                        <a class="media-action" href=href download=name.clone()>
                                            "Download"
                                        </a>
                                    }
                                })}
                            {interactive
                                .then(|| {
                                    view! {
                                        <button
                                            type="button"
                                            class="media-action"
                                            aria-label=format!("Remove {name}")
                                            on:click=move |_| remove(i)
                                        >
                                            "Remove"
                                        </button>
                                    }
                                })}
                        </div>
                    </figure>
                }
            })
            .collect_view()
    };
    let empty = move || value.with(|v| v.as_ref().is_none_or(Vec::is_empty));
    view! {
        <Field id kind="gallery" common=props.common default_label="Gallery">
            <UploadZone
                id
                enabled=interactive
                picker=Signal::derive(|| true)
                multiple=true
                accept=Some("image/*".to_owned())
                prompt="Drop images here or click to upload"
                height=props.height
                on_files
            >
                <div
                    class="gallery-grid"
                    style:grid-template-columns=format!("repeat({}, minmax(0, 1fr))", props.columns)
                >
                    {items}
                </div>
                <Show when=move || !interactive && empty()>
                    <p class="upload-note">"No images"</p>
                </Show>
            </UploadZone>
        </Field>
    }
}
