//! The ColorPicker's view: the browser's colour picker, its value a hex colour.

use ferrio_components::{ColorPicker, ComponentId, EventName};
use leptos::prelude::*;

use super::field::{input_id, Field};
use crate::state::PageState;

super::builtin_view!(ColorPicker => ColorPickerView in extras);

/// The browser's own colour picker, with the hex value beside it.
#[component]
pub fn ColorPickerView(
    /// The component's id in the config: its value, status and events in the page state go
    /// by it.
    id: ComponentId,
    /// Its props: the config's, with what updates have set over them (a change draws the
    /// view again).
    props: ColorPicker,
) -> impl IntoView {
    let state = expect_context::<PageState>();
    let value = state.signal::<ColorPicker>(id);
    let interactive = state.is_interactive(id, props.common.interactive);
    let (on_input, on_change, on_focus, on_blur) = {
        let (a, b, c, d) = (state.clone(), state.clone(), state.clone(), state.clone());
        (
            move |ev: leptos::ev::Event| {
                value.set(event_target_value(&ev));
                a.trigger(id, EventName::Input);
            },
            // The picker closed on a colour: that's the change (and Gradio's submit).
            move |_: leptos::ev::Event| {
                b.trigger(id, EventName::Change);
                b.trigger(id, EventName::Submit);
            },
            move |_| c.trigger(id, EventName::Focus),
            move |_| d.trigger(id, EventName::Blur),
        )
    };
    view! {
        <Field id kind="colorpicker" common=props.common default_label="Color Picker">
            <div class="color-line">
                <input
                    id=input_id(id)
                    type="color"
                    disabled=!interactive
                    value=move || value.get()
                    prop:value=move || value.get()
                    on:input=on_input
                    on:change=on_change
                    on:focus=on_focus
                    on:blur=on_blur
                />
                <code class="color-value">{move || value.get()}</code>
            </div>
        </Field>
    }
}
