//! The Slider's view: a number in a range, dragged or typed.

use ferrio_components::{ComponentId, EventName, Slider};
use leptos::prelude::*;

use super::field::{input_id, Field};
use crate::state::PageState;

super::builtin_view!(Slider => SliderView);

/// A range input with the number beside it; `input` while dragging, `release` on letting go.
#[component]
pub fn SliderView(
    /// The component's id in the config: its value, status and events in the page state go
    /// by it.
    id: ComponentId,
    /// Its props: the config's, with what updates have set over them (a change draws the
    /// view again).
    props: Slider,
) -> impl IntoView {
    let state = expect_context::<PageState>();
    let value = state.signal::<Slider>(id);
    let interactive = state.is_interactive(id, props.common.interactive);
    let dom_id = input_id(id);
    let shown = move || value.get().to_string();
    let (on_input, on_release) = {
        let (a, b) = (state.clone(), state.clone());
        (
            move |ev: leptos::ev::Event| {
                if let Ok(x) = event_target_value(&ev).parse::<f64>() {
                    value.set(x);
                    a.trigger(id, EventName::Input);
                    a.trigger(id, EventName::Change);
                }
            },
            move |_: leptos::ev::Event| b.trigger(id, EventName::Release),
        )
    };
    view! {
        <Field id kind="slider" common=props.common.clone() default_label="Slider">
            <output class="slider-value" for=dom_id.clone()>{shown}</output>
            <input
                id=dom_id
                type="range"
                min=props.minimum
                max=props.maximum
                step=props.step
                disabled=!interactive
                value=shown
                prop:value=shown
                on:input=on_input
                on:change=on_release
            />
        </Field>
    }
}
