//! The Textbox's view: a line or an area of text, with `submit`, `select` and a stop button
//! when its `stop` listeners can cancel something.

use ferrio_components::{ComponentId, EventName, SelectData, Textbox, TextboxButton, TextboxType};
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos::web_sys::{HtmlInputElement, HtmlTextAreaElement};

use super::copy::CopyButton;
use super::field::{input_id, Field};
use super::icons::StopIcon;
use crate::state::PageState;

super::builtin_view!(Textbox => TextboxView);

/// One line (`<input>`, also for passwords and e-mail) or several (`<textarea>`, `lines`);
/// typing fires `input` and `change`, Enter `submit`, picking text `select`.
#[component]
pub fn TextboxView(
    /// The component's id in the config: its value, status and events in the page state go
    /// by it.
    id: ComponentId,
    /// Its props: the config's, with what updates have set over them (a change draws the
    /// view again).
    props: Textbox,
) -> impl IntoView {
    let state = expect_context::<PageState>();
    let value = state.signal::<Textbox>(id);
    let interactive = state.is_interactive(id, props.common.interactive);
    let dom_id = input_id(id);
    let input_type = match props.kind {
        TextboxType::Text => "text",
        TextboxType::Password => "password",
        TextboxType::Email => "email",
    };
    // The selection last sent: Chromium fires `select` again when the box loses focus, which
    // must not send the same pick twice (and undo an output written since).
    let last_pick = StoredValue::new(None::<(u32, u32)>);
    let (on_input, on_submit) = {
        let (a, b) = (state.clone(), state.clone());
        (
            move |ev: leptos::ev::Event| {
                last_pick.set_value(None);
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
    // `select`: the text the person highlighted, when something listens.
    let on_select = {
        let state = state.clone();
        let listens = state.listens(id, EventName::Select);
        move |ev: leptos::ev::Event| {
            if !listens {
                return;
            }
            let Some(target) = ev.target() else { return };
            let range = if let Some(el) = target.dyn_ref::<HtmlInputElement>() {
                el.selection_start()
                    .ok()
                    .flatten()
                    .zip(el.selection_end().ok().flatten())
            } else if let Some(el) = target.dyn_ref::<HtmlTextAreaElement>() {
                el.selection_start()
                    .ok()
                    .flatten()
                    .zip(el.selection_end().ok().flatten())
            } else {
                None
            };
            if range.is_some() && range == last_pick.get_value() {
                return;
            }
            last_pick.set_value(range);
            let picked = range.and_then(|(start, end)| {
                value.with_untracked(|text| selection(text, start as usize, end as usize))
            });
            if let Some((index, text)) = picked {
                state.select(id, SelectData::<Textbox>::new(index, text));
            }
        }
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
                on:select=on_select
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
                on:select=on_select
            />
        }
        .into_any()
    };
    // Only a box with a button beside it is wrapped: every other keeps the plain markup.
    let stop = interactive && props.stop_btn;
    let copies = props.has_button(TextboxButton::Copy);
    let field = if stop || copies {
        let copy = copies.then(|| {
            view! { <CopyButton text=Signal::derive(move || value.get()) label="Copy text"/> }
        });
        let stop = stop.then(|| view! { <StopButton id/> });
        view! { <div class="textbox-row">{field} {copy} {stop}</div> }.into_any()
    } else {
        field
    };
    view! {
        <Field id kind="textbox" common=props.common.clone() default_label="Textbox">
            {field}
        </Field>
    }
}

/// A text box's stop button (`stop_btn`): shown while a run that the box's `stop` listeners
/// cancel is under way (a chat's reply), and a press fires `stop`.
#[component]
pub fn StopButton(
    /// The text box: its `stop` listeners are what a press fires.
    id: ComponentId,
) -> impl IntoView {
    let state = expect_context::<PageState>();
    let running = {
        let state = state.clone();
        move || state.stoppable(id, EventName::Stop)
    };
    let stop = move |_| state.trigger(id, EventName::Stop);
    view! {
        <Show when=running>
            <button type="button" class="stop-btn" aria-label="Stop" title="Stop" on:click=stop.clone()>
                <StopIcon/>
            </button>
        </Show>
    }
}

/// The browser's selection (UTF-16 offsets) as character offsets and the text between them;
/// `None` when nothing is selected.
fn selection(text: &str, start: usize, end: usize) -> Option<((usize, usize), String)> {
    let units: Vec<u16> = text.encode_utf16().collect();
    if start >= end || end > units.len() {
        return None;
    }
    let chars = |units: &[u16]| String::from_utf16_lossy(units).chars().count();
    let picked = String::from_utf16_lossy(&units[start..end]);
    Some(((chars(&units[..start]), chars(&units[..end])), picked))
}

#[cfg(test)]
mod tests {
    use super::selection;

    #[test]
    fn a_selection_is_counted_in_characters() {
        assert_eq!(selection("hello", 1, 4), Some(((1, 4), "ell".into())));
        // "🦀" is two UTF-16 units but one character.
        assert_eq!(selection("🦀 crab", 3, 7), Some(((2, 6), "crab".into())));
        assert_eq!(selection("hello", 2, 2), None);
        assert_eq!(selection("hi", 0, 9), None);
    }
}
