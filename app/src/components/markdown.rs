use ferrio_components::{ComponentId, Markdown};
use leptos::prelude::*;

use super::status::{status_class, StatusMessage};
use crate::state::AppState;

/// The HTML was rendered and sanitized on the server (`ferrio::markdown`): in the config for
/// the first value, on request for each new one (an event's output).
#[component]
pub fn MarkdownView(id: ComponentId, props: Markdown) -> impl IntoView {
    let state = expect_context::<AppState>();
    let class = status_class(&state, id);
    let value = state.signal::<Markdown>(id);
    let html = RwSignal::new(props.html.clone());
    let error = RwSignal::new(None::<String>);
    // The text whose HTML is shown or on its way: a stream of values asks once per value,
    // and an answer for a text since replaced is dropped.
    let wanted = StoredValue::new(props.value.clone());
    Effect::new(move |_| {
        let text = value.get();
        if wanted.with_value(|w| *w == text) {
            return;
        }
        wanted.set_value(text.clone());
        let asked = text.clone();
        crate::client::render_markdown(text, move |result| {
            if wanted.with_value(|w| *w != asked) {
                return;
            }
            match result {
                Ok(rendered) => {
                    html.set(rendered);
                    error.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    });
    view! {
        <div
            class=move || format!("block markdown{}", class())
            id=props.elem_id.clone()
            data-testid=format!("markdown-{id}")
            style:display=(!props.visible).then_some("none")
        >
            <div class="prose" inner_html=move || html.get()></div>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <StatusMessage id/>
        </div>
    }
}
