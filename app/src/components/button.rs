//! The Button's view: its value is its label, and a click fires `click`.

use ferrio_components::{Button, ButtonSize, ButtonVariant, ComponentId, EventName};
use leptos::prelude::*;

use crate::state::PageState;

super::builtin_view!(Button => ButtonView);

/// A `<button>` showing the label (the value, which a function can change); a click fires
/// `click`.
#[component]
pub fn ButtonView(
    /// The component's id in the config: its value, status and events in the page state go
    /// by it.
    id: ComponentId,
    /// Its props: the config's, with what updates have set over them (a change draws the
    /// view again).
    props: Button,
) -> impl IntoView {
    let state = expect_context::<PageState>();
    let label = state.signal::<Button>(id);
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
    let on_click = move |_| state.trigger(id, EventName::Click);
    view! {
        <button
            class=format!("button {variant} {size}")
            id=props.elem_id.clone()
            data-testid=format!("button-{id}")
            disabled=!props.interactive
            style:display=(!props.visible).then_some("none")
            style:flex-grow=props.scale.map(|s| s.to_string())
            on:click=on_click
        >
            {move || label.get()}
        </button>
    }
}
