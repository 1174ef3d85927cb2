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
    // Each new value asks once; an answer is shown unless a newer one is shown already, so a
    // stream of values faster than a round trip still moves. `try_`: the view may have been
    // drawn again (an update) before an answer comes.
    let asked = StoredValue::new((props.value.clone(), 0_u64));
    let shown = StoredValue::new(0_u64);
    Effect::new(move |_| {
        let text = value.get();
        let seq = asked.try_update_value(|(last, seq)| {
            (*last != text).then(|| {
                *last = text.clone();
                *seq += 1;
                *seq
            })
        });
        let Some(seq) = seq.flatten() else { return };
        crate::client::render_markdown(text, move |result| {
            let newer = shown.try_update_value(|s| {
                let newer = seq > *s;
                if newer {
                    *s = seq;
                }
                newer
            });
            if newer != Some(true) {
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
