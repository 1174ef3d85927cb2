use ferrio_components::chatbot::{Metadata, Role, ThoughtStatus};
use ferrio_components::{Chatbot, ComponentId, EventName, SelectData};
use leptos::html::Div;
use leptos::prelude::*;

use super::field::Field;
use crate::state::AppState;

/// The conversation, newest at the bottom. A message's frame is built once; while a reply
/// streams only its text node changes (a folded thought stays as the person left it), and the
/// view follows the newest text unless the person has scrolled up to read.
#[component]
pub fn ChatbotView(id: ComponentId, props: Chatbot) -> impl IntoView {
    let state = expect_context::<AppState>();
    let value = state.signal::<Chatbot>(id);
    let log = NodeRef::<Div>::new();
    let count = Memo::new(move |_| value.with(Vec::len));
    let follow = StoredValue::new(true);
    Effect::new(move |_| {
        value.track();
        if follow.get_value() {
            // After the new text is in the page.
            request_animation_frame(move || {
                if let Some(el) = log.get_untracked() {
                    el.set_scroll_top(el.scroll_height());
                }
            });
        }
    });
    let on_scroll = move |_| {
        if let Some(el) = log.get_untracked() {
            follow.set_value(el.scroll_height() - el.scroll_top() - el.client_height() < 40);
        }
    };
    let placeholder = props.placeholder.clone();
    // A message can be picked (click, or Enter on it) when something listens to `select`.
    let pick = state.listens(id, EventName::Select).then(|| {
        let state = state.clone();
        Callback::new(move |i: usize| {
            let text = value.with_untracked(|v| v.get(i).map(|m| m.content.clone()));
            if let Some(text) = text {
                state.select(id, SelectData::<Chatbot>::new(i, text));
            }
        })
    });
    view! {
        <Field id kind="chatbot" common=props.common default_label="Chatbot" group=true>
            <div
                class="chat"
                role="log"
                node_ref=log
                style:height=props.height.map(|h| format!("{h}px"))
                on:scroll=on_scroll
            >
                {move || (count.get() == 0).then(|| placeholder.clone().map(|p| view! { <div class="chat-placeholder">{p}</div> }))}
                <For each=move || 0..count.get() key=|i| *i let:i>
                    {
                        let role = Memo::new(move |_| value.with(|v| v.get(i).map(|m| m.role)));
                        let metadata = Memo::new(move |_| value.with(|v| v.get(i).and_then(|m| m.metadata.clone())));
                        let text = move || value.with(|v| v.get(i).map(|m| m.content.clone()).unwrap_or_default());
                        let pick = pick.map(|p| Callback::new(move |()| p.run(i)));
                        move || role.get().map(|role| message_view(role, metadata, text, pick))
                    }
                </For>
            </div>
        </Field>
    }
}

fn message_view(
    role: Role,
    metadata: Memo<Option<Metadata>>,
    text: impl Fn() -> String + Clone + Send + Sync + 'static,
    pick: Option<Callback<()>>,
) -> impl IntoView {
    let (class, who) = match role {
        Role::User => ("user", "You: "),
        Role::Assistant => ("assistant", "Assistant: "),
        Role::System => ("system", "System: "),
    };
    let body = move || view! { <div class="message-body">{text.clone()}</div> };
    let frame = move || match metadata.get().filter(|m| m.title.is_some()) {
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
                        {pending.then(|| view! { <span class="spinner" role="img" aria-label="working"></span> })}
                        {summary}
                    </summary>
                    {body()}
                </details>
            }
            .into_any()
        }
        None => body().into_any(),
    };
    view! {
        <div
            class=format!("message {class}")
            class:selectable=pick.is_some()
            data-role=class
            tabindex=pick.map(|_| "0")
            on:click=move |_| if let Some(p) = pick { p.run(()) }
            on:keydown=move |ev| {
                if let Some(p) = pick.filter(|_| ev.key() == "Enter") {
                    p.run(());
                }
            }
        >
            <span class="sr-only">{who}</span>
            {frame}
        </div>
    }
}
