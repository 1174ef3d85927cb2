//! The Dropdown's view: one choice, or several (`multiselect`), from a list.

use ferrio_components::{ComponentId, Dropdown, DropdownValue, EventName, SelectData};
use leptos::prelude::*;

use super::field::{input_id, Field};
use crate::state::PageState;

super::builtin_view!(Dropdown => DropdownView);

/// Single choice: a native `<select>` (or a text box with suggestions when custom values are
/// allowed). Multi-select: the picked values as removable chips, and a `<select>` to add more.
#[component]
pub fn DropdownView(
    /// The component's id in the config: its value, status and events in the page state go
    /// by it.
    id: ComponentId,
    /// Its props: the config's, with what updates have set over them (a change draws the
    /// view again).
    props: Dropdown,
) -> impl IntoView {
    let state = expect_context::<PageState>();
    let value = state.signal::<Dropdown>(id);
    let interactive = state.is_interactive(id, props.common.interactive);
    let multi = props.multiselect;
    let choices = props.choices.clone();
    let label_of = {
        let choices = choices.clone();
        move |v: &str| {
            choices
                .iter()
                .find(|c| c.value() == v)
                .map_or_else(|| v.to_owned(), |c| c.label().to_owned())
        }
    };
    // `select` names a choice by its position; a typed-in value (not a choice) has none.
    let fire = {
        let (state, choices) = (state.clone(), choices.clone());
        move |v: &str, selected: bool| {
            state.trigger(id, EventName::Input);
            state.trigger(id, EventName::Change);
            if let Some(index) = choices.iter().position(|c| c.value() == v) {
                let mut pick = SelectData::<Dropdown>::new(index, v.to_owned());
                pick.selected = selected;
                state.select(id, pick);
            }
        }
    };
    let pick = {
        let fire = fire.clone();
        move |v: String| {
            if v.is_empty() {
                return;
            }
            if multi {
                let full = props
                    .max_choices
                    .is_some_and(|max| value.with_untracked(|x| x.picked().len() >= max));
                if full || value.with_untracked(|x| x.picked().contains(&v)) {
                    return;
                }
                value.update(|x| *x = DropdownValue::Many([x.picked(), vec![v.clone()]].concat()));
            } else {
                value.set(DropdownValue::One(Some(v.clone())));
            }
            fire(&v, true);
        }
    };
    let (on_focus, on_blur) = {
        let (a, b) = (state.clone(), state.clone());
        (
            move |_| a.trigger(id, EventName::Focus),
            move |_| b.trigger(id, EventName::Blur),
        )
    };
    let options = {
        let choices = choices.clone();
        move || {
            let picked = value.with(DropdownValue::picked);
            choices
                .iter()
                .filter(|c| !multi || !picked.iter().any(|p| p == c.value()))
                .map(|c| {
                    let selected = !multi && picked.first().is_some_and(|p| p == c.value());
                    view! { <option value=c.value().to_owned() selected=selected>{c.label().to_owned()}</option> }
                })
                .collect_view()
        }
    };
    let control = if props.allow_custom_value {
        let list_id = format!("choices-{id}");
        let pick = pick.clone();
        let shown = move || {
            if multi {
                String::new()
            } else {
                value.with(|x| x.picked().concat())
            }
        };
        view! {
            <input
                id=input_id(id)
                list=list_id.clone()
                disabled=!interactive
                placeholder=multi.then_some("Type or pick, then Enter")
                value=shown
                prop:value=shown
                on:change=move |ev| {
                    pick(event_target_value(&ev));
                    if multi {
                        event_target::<leptos::web_sys::HtmlInputElement>(&ev).set_value("");
                    }
                }
                on:focus=on_focus
                on:blur=on_blur
            />
            <datalist id=list_id>{options}</datalist>
        }
        .into_any()
    } else {
        let nothing_picked = move || multi || value.with(|x| x.picked().is_empty());
        view! {
            <select
                id=input_id(id)
                disabled=!interactive
                on:change=move |ev| {
                    pick(event_target_value(&ev));
                    if multi {
                        event_target::<leptos::web_sys::HtmlSelectElement>(&ev).set_value("");
                    }
                }
                on:focus=on_focus
                on:blur=on_blur
            >
                <option value="" selected=nothing_picked disabled=!multi>
                    {if multi { "Add…" } else { "Pick one" }}
                </option>
                {options}
            </select>
        }
        .into_any()
    };
    let chips = multi.then(|| {
        let label_of = label_of.clone();
        move || {
            value
                .with(DropdownValue::picked)
                .into_iter()
                .map(|v| {
                    let fire = fire.clone();
                    let label = label_of(&v);
                    let remove = move |_| {
                        value.update(|x| {
                            *x = DropdownValue::Many(
                                x.picked().into_iter().filter(|p| p != &v).collect(),
                            )
                        });
                        fire(&v, false);
                    };
                    view! {
                        <span class="chip">
                            {label.clone()}
                            <button
                                type="button"
                                class="chip-remove"
                                aria-label=format!("Remove {label}")
                                disabled=!interactive
                                on:click=remove
                            >
                                "×"
                            </button>
                        </span>
                    }
                })
                .collect_view()
        }
    });
    view! {
        <Field id kind="dropdown" common=props.common default_label="Dropdown">
            {chips.map(|chips| view! { <div class="chips">{chips}</div> })}
            {control}
        </Field>
    }
}
