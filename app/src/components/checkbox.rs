//! The Checkbox's view: one box, its value `true` while ticked.

use ferrio_components::{Checkbox, ComponentId, EventName};
use leptos::prelude::*;

use super::field::{input_id, Field};
use crate::state::PageState;

super::builtin_view!(Checkbox => CheckboxView);

/// A box with its label beside it, as Gradio draws it.
#[component]
pub fn CheckboxView(
    /// The component's id in the config: its value, status and events in the page state go
    /// by it.
    id: ComponentId,
    /// Its props: the config's, with what updates have set over them (a change draws the
    /// view again).
    props: Checkbox,
) -> impl IntoView {
    let state = expect_context::<PageState>();
    let value = state.signal::<Checkbox>(id);
    let interactive = state.is_interactive(id, props.common.interactive);
    let text = props
        .common
        .label
        .clone()
        .unwrap_or_else(|| "Checkbox".into());
    // The visible text beside the box is the label; the frame's own label stays for readers.
    let mut common = props.common;
    common.show_label = false;
    let on_change = move |ev: leptos::ev::Event| {
        value.set(event_target_checked(&ev));
        state.trigger(id, EventName::Input);
        state.trigger(id, EventName::Change);
    };
    view! {
        <Field id kind="checkbox" common default_label="Checkbox" group=true>
            <label class="checkbox-line">
                <input
                    id=input_id(id)
                    type="checkbox"
                    disabled=!interactive
                    checked=move || value.get()
                    prop:checked=move || value.get()
                    on:change=on_change
                />
                <span>{text}</span>
            </label>
        </Field>
    }
}
