//! The HTML component's view: the markup the server sent, with `click` on it.

use ferrio_components::{ComponentId, EventName, Html};
use leptos::prelude::*;

use super::status::{status_class, StatusMessage};
use crate::state::PageState;

super::builtin_view!(Html => HtmlView);

/// The markup as the server sent it: sanitized there unless the developer opted out.
#[component]
pub fn HtmlView(
    /// The component's id in the config: its value, status and events in the page state go
    /// by it.
    id: ComponentId,
    /// Its props: the config's, with what updates have set over them (a change draws the
    /// view again).
    props: Html,
) -> impl IntoView {
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
