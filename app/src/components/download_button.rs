//! The DownloadButton's view: a button that downloads the file its value names.

use ferrio_components::{ButtonSize, ButtonVariant, ComponentId, DownloadButton, EventName};
use leptos::prelude::*;

use super::file::file_href;
use crate::state::PageState;

super::builtin_view!(DownloadButton => DownloadButtonView in extras);

/// A button that downloads its file (a link to it, named as the file was) and fires `click`;
/// with no file yet, a plain button that only fires `click`.
#[component]
pub fn DownloadButtonView(
    /// The component's id in the config: its value, status and events in the page state go
    /// by it.
    id: ComponentId,
    /// Its props: the config's, with what updates have set over them (a change draws the
    /// view again).
    props: DownloadButton,
) -> impl IntoView {
    let state = expect_context::<PageState>();
    let file = state.signal::<DownloadButton>(id);
    let variant = match props.variant {
        ButtonVariant::Primary => "primary",
        ButtonVariant::Secondary => "secondary",
        ButtonVariant::Stop => "stop",
    };
    let size = match props.size {
        ButtonSize::Sm => "sm",
        ButtonSize::Md => "md",
        ButtonSize::Lg => "lg",
    };
    let class = format!("button {variant} {size}");
    let label = props.label.clone();
    let interactive = props.interactive;
    let on_click = move |state: PageState| {
        move |ev: leptos::ev::MouseEvent| {
            if !interactive {
                ev.prevent_default();
                return;
            }
            state.trigger(id, EventName::Click);
        }
    };
    view! {
        <span
            class="download-button"
            id=props.elem_id.clone()
            data-testid=format!("downloadbutton-{id}")
            style:display=(!props.visible).then_some("none")
            style:flex-grow=props.scale.map(|s| s.to_string())
        >
            {move || match file.get() {
                Some(f) => {
                    let name = f.name().to_owned();
                    view! {
                        <a
                            class=class.clone()
                            href=file_href(&f.path)
                            download=name
                            aria-disabled=(!interactive).then_some("true")
                            on:click=on_click(state.clone())
                        >
                            {label.clone()}
                        </a>
                    }
                        .into_any()
                }
                None => {
                    view! {
                        <button class=class.clone() disabled=!interactive on:click=on_click(state.clone())>
                            {label.clone()}
                        </button>
                    }
                        .into_any()
                }
            }}
        </span>
    }
}
