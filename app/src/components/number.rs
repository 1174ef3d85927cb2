//! The Number component's view: a number field (`null` while it holds no number).

use ferrio_components::{ComponentId, EventName, Number};
use leptos::prelude::*;

use super::field::{input_id, Field};
use crate::state::PageState;

super::builtin_view!(Number => NumberView);

/// A number field: typing fires `input` and `change`, Enter `submit`.
#[component]
pub fn NumberView(
    /// The component's id in the config: its value, status and events in the page state go
    /// by it.
    id: ComponentId,
    /// Its props: the config's, with what updates have set over them (a change draws the
    /// view again).
    props: Number,
) -> impl IntoView {
    let state = expect_context::<PageState>();
    let value = state.signal::<Number>(id);
    let interactive = state.is_interactive(id, props.common.interactive);
    let dom_id = input_id(id);
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
        <Field id kind="number" common=props.common.clone() default_label="Number">
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
        </Field>
    }
}
