use ferrio_components::{ComponentId, EventName, Html};
use leptos::prelude::*;

use super::status::{status_class, StatusMessage};
use crate::state::PageState;

super::builtin_view!(Html => HtmlView);

/// The markup as the server sent it: sanitized there unless the developer opted out.
#[component]
pub fn HtmlView(id: ComponentId, props: Html) -> impl IntoView {
    let state = expect_context::<PageState>();
    let value = state.signal::<Html>(id);
    let class = status_class(&state, id);
    view! {
        <div
            class=move || format!("block html prose{}", class())
            id=props.common.elem_id.clone()
            data-testid=format!("html-{id}")
            style:display=(!props.common.visible).then_some("none")
            on:click=move |_| state.trigger(id, EventName::Click)
        >
            <div class="html-content" inner_html=move || value.get()></div>
            <StatusMessage id/>
        </div>
    }
}
