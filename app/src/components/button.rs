use ferrio_components::{Button, ButtonSize, ButtonVariant, ComponentId, EventName};
use leptos::prelude::*;

use crate::state::PageState;

super::builtin_view!(Button => ButtonView);

#[component]
pub fn ButtonView(id: ComponentId, props: Button) -> impl IntoView {
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
