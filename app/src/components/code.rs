//! The Code component's view: code to edit, or to read as an output.

use ferrio_components::{Code, ComponentId, EventName};
use leptos::prelude::*;

use super::field::{input_id, Field};
use crate::state::PageState;

super::builtin_view!(Code => CodeView in extras);

/// An editable monospace area, or a read-only code block when the component is an output.
#[component]
pub fn CodeView(
    /// The component's id in the config: its value, status and events in the page state go
    /// by it.
    id: ComponentId,
    /// Its props: the config's, with what updates have set over them (a change draws the
    /// view again).
    props: Code,
) -> impl IntoView {
    let state = expect_context::<PageState>();
    let value = state.signal::<Code>(id);
    let interactive = state.is_interactive(id, props.common.interactive);
    let language = props
        .language
        .and_then(|l| serde_json::to_value(l).ok())
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_else(|| "plaintext".into());
    let wrap = if props.wrap_lines { " wrap" } else { "" };
    let body = if interactive {
        let (a, b, c) = (state.clone(), state.clone(), state.clone());
        // After Escape, Tab leaves the editor instead of indenting (so keyboards aren't trapped).
        let escaped = StoredValue::new(false);
        view! {
            <textarea
                id=input_id(id)
                class=format!("code-editor{wrap}")
                rows=props.lines
                spellcheck="false"
                data-language=language
                prop:value=move || value.get()
                on:input=move |ev| {
                    value.set(event_target_value(&ev));
                    a.trigger(id, EventName::Input);
                    a.trigger(id, EventName::Change);
                }
                on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                    // Tab indents instead of leaving the editor (Escape then Tab leaves).
                    let key = ev.key();
                    if key == "Escape" {
                        escaped.set_value(true);
                        return;
                    }
                    if std::mem::take(&mut *escaped.write_value()) {
                        return;
                    }
                    if key == "Tab" && !ev.shift_key() {
                        ev.prevent_default();
                        let el = event_target::<leptos::web_sys::HtmlTextAreaElement>(&ev);
                        let start = el.selection_start().ok().flatten().unwrap_or(0);
                        let _ = el.set_range_text("    ");
                        let _ = el.set_selection_range(start + 4, start + 4);
                        el.dispatch_event(&leptos::web_sys::Event::new("input").unwrap()).ok();
                    }
                }
                on:focus=move |_| b.trigger(id, EventName::Focus)
                on:blur=move |_| c.trigger(id, EventName::Blur)
            >
                {move || value.get()}
            </textarea>
        }
        .into_any()
    } else {
        view! {
            <pre id=input_id(id) class=format!("code-block{wrap}") tabindex="0">
                <code data-language=language>{move || value.get()}</code>
            </pre>
        }
        .into_any()
    };
    // A read-only block is named by the group, not by a `<label for>` (which can't name a `<pre>`).
    view! {
        <Field id kind="code" common=props.common default_label="Code" group=!interactive>
            {body}
        </Field>
    }
}
