//! The frame every form component shares: the block with its pending / failed state, the label
//! tied to the input (`component-{id}`), the info line, the input itself, and the status below.

use ferrio_components::component::CommonProps;
use ferrio_components::ComponentId;
use leptos::prelude::*;

use super::status::{status_class, StatusMessage};
use crate::state::AppState;

/// The id of a component's input, which its label points at.
pub fn input_id(id: ComponentId) -> String {
    format!("component-{id}")
}

#[component]
pub fn Field(
    id: ComponentId,
    /// Gradio's type name: the block's class and its test id (`textbox-3`).
    kind: &'static str,
    common: CommonProps,
    /// The label when the developer gave none (Gradio shows the class name).
    default_label: &'static str,
    children: Children,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let class = status_class(&state, id);
    view! {
        <div
            class=move || format!("block {kind}{}", class())
            id=common.elem_id.clone()
            data-testid=format!("{kind}-{id}")
            style:display=(!common.visible).then_some("none")
        >
            <label for=input_id(id) class=if common.show_label { "label" } else { "label sr-only" }>
                {common.label.clone().unwrap_or_else(|| default_label.into())}
            </label>
            {common.info.clone().map(|info| view! { <div class="info">{info}</div> })}
            {children()}
            <StatusMessage id/>
        </div>
    }
}
