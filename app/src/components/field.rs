//! The frame every form component shares: the block with its pending / failed state, the label
//! tied to the input (`component-{id}`), the info line, the input itself, and the status below.

use ferrio_components::component::CommonProps;
use ferrio_components::ComponentId;
use leptos::prelude::*;

use super::status::{status_class, StatusMessage};
use crate::state::PageState;

/// The id of a component's input, which its label points at.
pub fn input_id(id: ComponentId) -> String {
    format!("component-{id}")
}

/// The frame around a form component's input (`children`): label, info, status.
#[component]
pub fn Field(
    /// The component's id in the config: its label points at `component-{id}`, and its status
    /// is the page state's for it.
    id: ComponentId,
    /// Gradio's type name: the block's class and its test id (`textbox-3`).
    kind: &'static str,
    /// The props every component has: its label and whether it shows, info, `elem_id`,
    /// `elem_classes`, visibility, scale.
    common: CommonProps,
    /// The label when the developer gave none (Gradio shows the class name).
    default_label: &'static str,
    /// For several inputs (radio buttons, checkboxes): the label names the group instead of
    /// pointing at one input.
    #[prop(optional)]
    group: bool,
    /// The input itself.
    children: Children,
) -> impl IntoView {
    let state = expect_context::<PageState>();
    let class = status_class(&state, id);
    let label_class = if common.show_label {
        "label"
    } else {
        "label sr-only"
    };
    let label_text = common.label.clone().unwrap_or_else(|| default_label.into());
    let label_id = format!("label-{id}");
    let label = if group {
        view! { <span id=label_id.clone() class=label_class>{label_text}</span> }.into_any()
    } else {
        view! { <label for=input_id(id) class=label_class>{label_text}</label> }.into_any()
    };
    view! {
        <div
            class=move || format!("block {kind}{}", class())
            id=common.elem_id.clone()
            data-testid=format!("{kind}-{id}")
            style:display=(!common.visible).then_some("none")
            // Its share of a Row's width (Gradio's `scale`, `min_width`).
            style:flex-grow=common.scale.map(|s| s.to_string())
            style:min-width=format!("min({}px, 100%)", common.min_width)
            role=group.then_some("group")
            aria-labelledby=group.then_some(label_id)
        >
            {label}
            {common.info.clone().map(|info| view! { <div class="info">{info}</div> })}
            {children()}
            <StatusMessage id/>
        </div>
    }
}
