use ferrio_components::chatbot::{ChatMessage, Role, ThoughtStatus};
use ferrio_components::{Chatbot, ComponentId};
use leptos::html::Div;
use leptos::prelude::*;

use super::field::Field;
use crate::state::AppState;

/// The conversation, newest at the bottom and kept in view while a reply streams in. Each
/// message re-renders only when its own text changes.
#[component]
pub fn ChatbotView(id: ComponentId, props: Chatbot) -> impl IntoView {
    let state = expect_context::<AppState>();
    let value = state.signal::<Chatbot>(id);
    let log = NodeRef::<Div>::new();
    Effect::new(move |_| {
        value.track();
        if let Some(el) = log.get() {
            el.set_scroll_top(el.scroll_height());
        }
    });
    let placeholder = props.placeholder.clone();
    let count = move || value.with(Vec::len);
    view! {
        <Field id kind="chatbot" common=props.common default_label="Chatbot" group=true>
            <div
                class="chat"
                role="log"
                aria-live="polite"
                node_ref=log
                style:height=props.height.map(|h| format!("{h}px"))
            >
                {move || (count() == 0).then(|| placeholder.clone().map(|p| view! { <div class="chat-placeholder">{p}</div> }))}
                <For each=move || 0..count() key=|i| *i let:i>
                    {
                        let message = Memo::new(move |_| value.with(|v| v.get(i).cloned()));
                        move || message.get().map(message_view)
                    }
                </For>
            </div>
        </Field>
    }
}

fn message_view(m: ChatMessage) -> impl IntoView {
    let role = match m.role {
        Role::User => "user",
        Role::Assistant => "assistant",
        Role::System => "system",
    };
    let body = view! { <div class="message-body">{m.content}</div> };
    let thought = m.metadata.filter(|meta| meta.title.is_some());
    let inner = match thought {
        Some(meta) => {
            let mut summary = meta.title.unwrap_or_default();
            if let Some(log) = meta.log {
                summary.push_str(&format!(" · {log}"));
            }
            if let Some(seconds) = meta.duration {
                summary.push_str(&format!(" ({seconds:.1}s)"));
            }
            let pending = meta.status == Some(ThoughtStatus::Pending);
            view! {
                <details class="thought" open=meta.status != Some(ThoughtStatus::Done)>
                    <summary>
                        {pending.then(|| view! { <span class="spinner" aria-label="working"></span> })}
                        {summary}
                    </summary>
                    {body}
                </details>
            }
            .into_any()
        }
        None => body.into_any(),
    };
    view! { <div class=format!("message {role}") data-role=role>{inner}</div> }
}
