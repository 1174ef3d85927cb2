//! The pending bar and the error message shown on a component an event writes to.

use ferrio_components::ComponentId;
use leptos::prelude::*;

use crate::state::{AppState, Status};

/// `class` additions for the component's wrapper while its event runs.
pub fn status_class(
    state: &AppState,
    id: ComponentId,
) -> impl Fn() -> &'static str + Send + Sync + 'static {
    let status = state.status(id);
    move || match status.get() {
        Status::Pending => " pending",
        Status::Failed(_) => " failed",
        Status::Idle => "",
    }
}

/// The visible error next to an output whose event failed.
#[component]
pub fn StatusMessage(id: ComponentId) -> impl IntoView {
    let state = expect_context::<AppState>();
    let status = state.status(id);
    move || match status.get() {
        Status::Failed(message) => {
            Some(view! { <div class="error-message" role="alert">{message}</div> })
        }
        _ => None,
    }
}
