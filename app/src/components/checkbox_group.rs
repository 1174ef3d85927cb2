//! The CheckboxGroup's view: a box per choice, its value the ticked ones.

use ferrio_components::{CheckboxGroup, ComponentId, EventName, SelectData};
use leptos::prelude::*;

use super::field::Field;
use crate::state::PageState;

super::builtin_view!(CheckboxGroup => CheckboxGroupView);

/// One checkbox per choice; the value lists the ticked ones in the choices' order.
#[component]
pub fn CheckboxGroupView(
    /// The component's id in the config: its value, status and events in the page state go
    /// by it.
    id: ComponentId,
    /// Its props: the config's, with what updates have set over them (a change draws the
    /// view again).
    props: CheckboxGroup,
) -> impl IntoView {
    let state = expect_context::<PageState>();
    let value = state.signal::<CheckboxGroup>(id);
    let interactive = state.is_interactive(id, props.common.interactive);
    let order: Vec<String> = props.choices.iter().map(|c| c.value().to_owned()).collect();
    let boxes = props
        .choices
        .iter()
        .enumerate()
        .map(|(index, choice)| {
            let v = choice.value().to_owned();
            let (v1, v2, attr) = (v.clone(), v.clone(), v.clone());
            let (state, order) = (state.clone(), order.clone());
            let on_change = move |ev: leptos::ev::Event| {
                let ticked = event_target_checked(&ev);
                value.update(|picked| {
                    picked.retain(|p| p != &v);
                    if ticked {
                        picked.push(v.clone());
                    }
                    picked.sort_by_key(|p| order.iter().position(|o| o == p));
                });
                state.trigger(id, EventName::Input);
                state.trigger(id, EventName::Change);
                let mut pick = SelectData::<CheckboxGroup>::new(index, v.clone());
                pick.selected = ticked;
                state.select(id, pick);
            };
            view! {
                <label class="choice">
                    <input
                        type="checkbox"
                        value=attr
                        disabled=!interactive
                        checked=move || value.with(|p| p.contains(&v1))
                        prop:checked=move || value.with(|p| p.contains(&v2))
                        on:change=on_change
                    />
                    <span>{choice.label().to_owned()}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <Field id kind="checkboxgroup" common=props.common default_label="Checkbox Group" group=true>
            <div class="choices">{boxes}</div>
        </Field>
    }
}
