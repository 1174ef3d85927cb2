//! The Radio's view: one choice from a few, all shown.

use ferrio_components::{ComponentId, EventName, Radio, SelectData};
use leptos::prelude::*;

use super::field::Field;
use crate::state::PageState;

super::builtin_view!(Radio => RadioView);

/// One radio button per choice, in a labelled group.
#[component]
pub fn RadioView(
    /// The component's id in the config: its value, status and events in the page state go
    /// by it.
    id: ComponentId,
    /// Its props: the config's, with what updates have set over them (a change draws the
    /// view again).
    props: Radio,
) -> impl IntoView {
    let state = expect_context::<PageState>();
    let value = state.signal::<Radio>(id);
    let interactive = state.is_interactive(id, props.common.interactive);
    let name = format!("radio-{id}");
    let buttons = props
        .choices
        .iter()
        .enumerate()
        .map(|(index, choice)| {
            let v = choice.value().to_owned();
            let (v1, v2) = (v.clone(), v.clone());
            let state = state.clone();
            view! {
                <label class="choice">
                    <input
                        type="radio"
                        name=name.clone()
                        value=v.clone()
                        disabled=!interactive
                        checked=move || value.with(|x| x.as_deref() == Some(v1.as_str()))
                        prop:checked=move || value.with(|x| x.as_deref() == Some(v2.as_str()))
                        on:change=move |_| {
                            value.set(Some(v.clone()));
                            state.trigger(id, EventName::Input);
                            state.trigger(id, EventName::Change);
                            state.select(id, SelectData::<Radio>::new(index, v.clone()));
                        }
                    />
                    <span>{choice.label().to_owned()}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <Field id kind="radio" common=props.common default_label="Radio" group=true>
            <div class="choices">{buttons}</div>
        </Field>
    }
}
