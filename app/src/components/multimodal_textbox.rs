//! The MultimodalTextbox's view: text with files attached, as a chat's message box.

use ferrio_components::{ComponentId, EventName, FileCount, FileData, MultimodalTextbox};
use leptos::prelude::*;

use super::field::{input_id, Field};
use super::file::{accept, file_href};
use super::icons::{AttachIcon, FileIcon};
use super::textbox::StopButton;
use crate::state::PageState;

super::builtin_view!(MultimodalTextbox => MultimodalTextboxView in chat);

/// Text with files attached: a text area, the attached files (a thumbnail for a picture, the
/// name otherwise, each with ×), a 📎 button to add files (dropping or pasting them works too)
/// and, if asked, a send button. Enter sends; Shift+Enter starts a new line.
#[component]
pub fn MultimodalTextboxView(
    /// The component's id in the config: its value, status and events in the page state go
    /// by it.
    id: ComponentId,
    /// Its props: the config's, with what updates have set over them (a change draws the
    /// view again).
    props: MultimodalTextbox,
) -> impl IntoView {
    let state = expect_context::<PageState>();
    let value = state.signal::<MultimodalTextbox>(id);
    let interactive = state.is_interactive(id, props.common.interactive);
    let multiple = props.file_count == FileCount::Multiple;
    let uploading = RwSignal::new(false);
    let sent = RwSignal::new(0.0);
    let error = RwSignal::new(None::<String>);
    let dragging = RwSignal::new(false);

    let add_files = {
        let state = state.clone();
        move |files: Vec<FileData>| {
            value.update(|v| {
                if !multiple {
                    v.files.clear();
                }
                v.files.extend(files);
                if !multiple {
                    v.files.truncate(1);
                }
            });
            state.trigger(id, EventName::Change);
        }
    };
    let receive = move |ev: leptos::ev::Event| {
        if !interactive {
            return;
        }
        let add_files = add_files.clone();
        let started = crate::client::upload_from_event(
            &ev,
            move |share| sent.set(share),
            move |result| {
                uploading.set(false);
                match result {
                    Ok(files) => {
                        error.set(None);
                        add_files(files);
                    }
                    Err(message) => error.set(Some(message)),
                }
            },
        );
        if started {
            ev.prevent_default();
            sent.set(0.0);
            uploading.set(true);
            error.set(None);
        }
    };
    let remove = {
        let state = state.clone();
        move |index: usize| {
            value.update(|v| {
                if index < v.files.len() {
                    v.files.remove(index);
                }
            });
            state.trigger(id, EventName::Change);
        }
    };
    let (on_input, on_key) = {
        let (a, b) = (state.clone(), state.clone());
        (
            move |ev: leptos::ev::Event| {
                let text = event_target_value(&ev);
                value.update(|v| v.text = text);
                a.trigger(id, EventName::Input);
                a.trigger(id, EventName::Change);
            },
            move |ev: leptos::ev::KeyboardEvent| {
                // Not while an upload is under way: the message would leave without its file.
                if ev.key() == "Enter" && !ev.shift_key() {
                    ev.prevent_default();
                    if !uploading.get_untracked() {
                        b.trigger(id, EventName::Submit);
                    }
                }
            },
        )
    };
    let (on_focus, on_blur) = {
        let (a, b) = (state.clone(), state.clone());
        (
            move |_| a.trigger(id, EventName::Focus),
            move |_| b.trigger(id, EventName::Blur),
        )
    };
    let send = {
        let state = state.clone();
        move |_| {
            if !uploading.get_untracked() {
                state.trigger(id, EventName::Submit);
            }
        }
    };
    // While its stop button shows, it takes the send button's place (as in Gradio's chat).
    let stopping = {
        let (state, stop_btn) = (state.clone(), props.stop_btn);
        move || stop_btn && state.stoppable(id, EventName::Stop)
    };
    // Drawn again only when the files change, not at each key the person types.
    let files = Memo::new(move |_| value.with(|v| v.files.clone()));
    let attachments = move || {
        files
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, f)| {
                let remove = remove.clone();
                attachment(f, interactive.then(|| Callback::new(move |()| remove(i))))
            })
            .collect_view()
    };
    let file_input_id = format!("{}-files", input_id(id));
    let (on_drop, on_paste) = (receive.clone(), receive.clone());
    view! {
        <Field id kind="multimodaltextbox" common=props.common.clone() default_label="Multimodal Textbox">
            <div
                class="multimodal"
                class:dragging=move || dragging.get()
                on:dragover=move |ev: leptos::ev::DragEvent| {
                    ev.prevent_default();
                    dragging.set(interactive);
                }
                on:dragleave=move |_| dragging.set(false)
                on:drop=move |ev: leptos::ev::DragEvent| {
                    ev.prevent_default();
                    dragging.set(false);
                    on_drop(ev.into());
                }
                on:paste=move |ev: leptos::ev::ClipboardEvent| on_paste(ev.into())
            >
                <ul class="attachments" aria-label="Attached files">{attachments}</ul>
                <div class="multimodal-row">
                    {interactive.then(|| view! {
                        <label class="attach" title="Attach files">
                            <input
                                id=file_input_id.clone()
                                type="file"
                                class="sr-only"
                                multiple=multiple
                                accept=accept(&props.file_types)
                                on:change=receive
                            />
                            <AttachIcon/>
                            <span class="sr-only">"Attach files"</span>
                        </label>
                    })}
                    <textarea
                        id=input_id(id)
                        rows=props.lines
                        placeholder=props.placeholder.clone()
                        readonly=!interactive
                        autofocus=props.autofocus
                        prop:value=move || value.with(|v| v.text.clone())
                        on:input=on_input
                        on:keydown=on_key
                        on:focus=on_focus
                        on:blur=on_blur
                    >
                        {move || value.with(|v| v.text.clone())}
                    </textarea>
                    {(interactive && props.stop_btn).then(|| view! { <StopButton id/> })}
                    {(interactive && props.submit_btn).then(|| view! {
                        <button
                            type="button"
                            class="send"
                            aria-label="Send message"
                            on:click=send
                            style:display=move || stopping().then_some("none")
                        >
                            "↑"
                        </button>
                    })}
                </div>
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
        </Field>
    }
}

/// One attached file: a picture's thumbnail or the file's name, and × to take it off.
fn attachment(file: FileData, remove: Option<Callback<()>>) -> impl IntoView {
    let name = file.name().to_owned();
    let is_image = file
        .mime_type
        .as_deref()
        .is_some_and(|m| m.starts_with("image/"));
    let shown = if is_image {
        view! { <img class="attachment-thumb" src=file_href(&file.path) alt=name.clone()/> }
            .into_any()
    } else {
        view! {
            <span class="attachment-name">
                <FileIcon/>
                {name.clone()}
            </span>
        }
        .into_any()
    };
    view! {
        <li class="attachment" title=name.clone()>
            {shown}
            {remove.map(|r| view! {
                <button
                    type="button"
                    class="attachment-remove"
                    aria-label=format!("Remove {name}")
                    on:click=move |_| r.run(())
                >
                    "×"
                </button>
            })}
        </li>
    }
}
