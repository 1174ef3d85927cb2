//! The Markdown component's view: HTML the server rendered from its text, kept up with the
//! text as it changes.

use ferrio_components::{ComponentId, Markdown};
use leptos::prelude::*;

use super::status::{status_class, StatusMessage};
use crate::state::PageState;

super::builtin_view!(Markdown => MarkdownView);

/// The HTML was rendered and sanitized on the server (`ferrio::markdown`): in the config for
/// the first value, on request for each new one (an event's output).
#[component]
pub fn MarkdownView(
    /// The component's id in the config: its value, status and events in the page state go
    /// by it.
    id: ComponentId,
    /// Its props: the config's, with what updates have set over them (a change draws the
    /// view again).
    props: Markdown,
) -> impl IntoView {
    let state = expect_context::<PageState>();
    let class = status_class(&state, id);
    let value = state.signal::<Markdown>(id);
    let rendered = Rendered::follow(
        move || value.get(),
        Some((props.value.clone(), props.html.clone())),
        false,
    );
    view! {
        <div
            class=move || format!("block markdown{}", class())
            id=props.elem_id.clone()
            data-testid=format!("markdown-{id}")
            style:display=(!props.visible).then_some("none")
        >
            <div class="prose" inner_html=move || rendered.html.get().unwrap_or_default()></div>
            {move || rendered.error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <StatusMessage id/>
        </div>
    }
}

/// Markdown text as the server renders it, following the text as it changes.
#[derive(Clone, Copy)]
pub struct Rendered {
    /// `None` until the first answer (the text has no HTML yet).
    pub html: RwSignal<Option<String>>,
    /// Why the last text could not be rendered (the server's answer), until one can.
    pub error: RwSignal<Option<String>>,
}

impl Rendered {
    /// Asks the server for the HTML of each new `text`; `known` is a text whose HTML is known
    /// already (from the config). An answer is shown unless a newer one is shown already, so
    /// a stream of values faster than a round trip still moves. `try_`: the view may be gone
    /// (drawn again by an update) before an answer comes.
    pub fn follow(
        text: impl Fn() -> String + Send + Sync + 'static,
        known: Option<(String, String)>,
        line_breaks: bool,
    ) -> Self {
        let (last, html) = match known {
            Some((text, html)) => (Some(text), Some(html)),
            None => (None, None),
        };
        let rendered = Rendered {
            html: RwSignal::new(html),
            error: RwSignal::new(None),
        };
        let asked = StoredValue::new((last, 0_u64));
        let shown = StoredValue::new(0_u64);
        Effect::new(move |_| {
            let text = text();
            let seq = asked.try_update_value(|(last, seq)| {
                (last.as_ref() != Some(&text)).then(|| {
                    *last = Some(text.clone());
                    *seq += 1;
                    *seq
                })
            });
            let Some(seq) = seq.flatten() else { return };
            // Nothing to ask about (a reply about to stream in).
            if text.trim().is_empty() {
                shown.set_value(seq);
                rendered.html.set(Some(String::new()));
                return;
            }
            crate::client::render_markdown(text, line_breaks, move |result| {
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
                    Ok(html) => {
                        rendered.html.try_set(Some(html));
                        rendered.error.try_set(None);
                    }
                    Err(e) => {
                        rendered.error.try_set(Some(e));
                    }
                }
            });
        });
        rendered
    }
}
