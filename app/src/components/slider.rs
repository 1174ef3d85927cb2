use ferrio_components::{ComponentId, EventName, Slider};
use leptos::prelude::*;

use super::status::{status_class, StatusMessage};
use crate::state::{AppState, ValueSignal};

/// A range input with the number beside it; `input` while dragging, `release` on letting go.
#[component]
pub fn SliderView(id: ComponentId, props: Slider) -> impl IntoView {
    let state = expect_context::<AppState>();
    let ValueSignal::Slider(value) = state.value(id) else {
        unreachable!("a slider's value signal is a Slider signal")
    };
    let interactive = state.is_interactive(id, props.common.interactive);
    let class = status_class(&state, id);
    let dom_id = format!("component-{id}");
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
        <div
            class=move || format!("block slider{}", class())
            id=props.common.elem_id.clone()
            data-testid=format!("slider-{id}")
            style:display=(!props.common.visible).then_some("none")
        >
            <div class="slider-head">
                <label for=dom_id.clone() class=if props.common.show_label { "label" } else { "label sr-only" }>
                    {props.common.label.clone().unwrap_or_else(|| "Slider".into())}
                </label>
                <output class="slider-value" for=dom_id.clone()>{shown}</output>
            </div>
            {props.common.info.clone().map(|info| view! { <div class="info">{info}</div> })}
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
            <StatusMessage id/>
        </div>
    }
}
