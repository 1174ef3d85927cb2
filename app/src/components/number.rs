use ferrio_components::{ComponentId, EventName, Number};
use leptos::prelude::*;

use super::status::{status_class, StatusMessage};
use crate::state::{AppState, ValueSignal};

#[component]
pub fn NumberView(id: ComponentId, props: Number) -> impl IntoView {
    let state = expect_context::<AppState>();
    let ValueSignal::Number(value) = state.value(id) else {
        unreachable!("a number's value signal is a Number signal")
    };
    let interactive = state.is_interactive(id, props.common.interactive);
    let class = status_class(&state, id);
    let dom_id = format!("component-{id}");
    let shown = move || value.get().map(|x| x.to_string()).unwrap_or_default();
    let (on_input, on_key) = {
        let (a, b) = (state.clone(), state.clone());
        (
            move |ev: leptos::ev::Event| {
                // An empty or half-typed box ("-", "1e") is no number: the queue gets null and
                // the server answers with a clear message.
                value.set(event_target_value(&ev).trim().parse::<f64>().ok());
                a.trigger(id, EventName::Input);
                a.trigger(id, EventName::Change);
            },
            move |ev: leptos::ev::KeyboardEvent| {
                if ev.key() == "Enter" {
                    ev.prevent_default();
                    b.trigger(id, EventName::Submit);
                }
            },
        )
    };
    view! {
        <div
            class=move || format!("block number{}", class())
            id=props.common.elem_id.clone()
            data-testid=format!("number-{id}")
            style:display=(!props.common.visible).then_some("none")
        >
            <label for=dom_id.clone() class=if props.common.show_label { "label" } else { "label sr-only" }>
                {props.common.label.clone().unwrap_or_else(|| "Number".into())}
            </label>
            {props.common.info.clone().map(|info| view! { <div class="info">{info}</div> })}
            <input
                id=dom_id
                type="number"
                step=props.step
                min=props.minimum
                max=props.maximum
                readonly=!interactive
                value=shown
                prop:value=shown
                on:input=on_input
                on:keydown=on_key
            />
            <StatusMessage id/>
        </div>
    }
}
