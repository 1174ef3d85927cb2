use ferrio_components::{ComponentId, Markdown};
use leptos::prelude::*;

/// The HTML was rendered and sanitized on the server (`ferrio::markdown`).
#[component]
pub fn MarkdownView(id: ComponentId, props: Markdown) -> impl IntoView {
    view! {
        <div
            class="block markdown prose"
            id=props.elem_id.clone()
            data-testid=format!("markdown-{id}")
            style:display=(!props.visible).then_some("none")
            inner_html=props.html
        ></div>
    }
}
