use ferrio_components::{ComponentId, EventName, Textbox, TextboxType};
use leptos::prelude::*;

use super::field::{input_id, Field};
use crate::state::AppState;

#[component]
pub fn TextboxView(id: ComponentId, props: Textbox) -> impl IntoView {
    let state = expect_context::<AppState>();
    let value = state.signal::<Textbox>(id);
    let interactive = state.is_interactive(id, props.common.interactive);
    let dom_id = input_id(id);
    let input_type = match props.kind {
        TextboxType::Text => "text",
        TextboxType::Password => "password",
        TextboxType::Email => "email",
    };
    let (on_input, on_submit) = {
        let (a, b) = (state.clone(), state.clone());
        (
            move |ev: leptos::ev::Event| {
                value.set(event_target_value(&ev));
                a.trigger(id, EventName::Input);
                a.trigger(id, EventName::Change);
            },
            move |ev: leptos::ev::KeyboardEvent| {
                // Enter submits a single-line box; Shift+Enter in a text area makes a new line.
                if ev.key() == "Enter" && !ev.shift_key() {
                    ev.prevent_default();
                    b.trigger(id, EventName::Submit);
                }
            },
        )
    };
    let (on_focus, on_blur) = {
        let (a, b) = (state.clone(), state.clone());
        (
            move |_| a.trigger(id, EventName::Focus),
            move |_| b.trigger(id, EventName::Blur),
        )
    };
    let field = if props.lines > 1 {
        view! {
            <textarea
                id=dom_id.clone()
                rows=props.lines
                placeholder=props.placeholder.clone()
                readonly=!interactive
                prop:value=move || value.get()
                on:input=on_input
                on:keydown=on_submit
                on:focus=on_focus
                on:blur=on_blur
            >
                {move || value.get()}
            </textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                id=dom_id.clone()
                type=input_type
                placeholder=props.placeholder.clone()
                readonly=!interactive
                value=move || value.get()
                prop:value=move || value.get()
                on:input=on_input
                on:keydown=on_submit
                on:focus=on_focus
                on:blur=on_blur
            />
        }
        .into_any()
    };
    view! {
        <Field id kind="textbox" common=props.common.clone() default_label="Textbox">
            {field}
        </Field>
    }
}
