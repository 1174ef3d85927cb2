//! The star rating's view: a group of star buttons, each a radio of the group (Tab reaches each
//! star; Enter or Space picks it).

use ferrio_app::components::field::Field;
use ferrio_app::PageState;
use ferrio_components::{ComponentId, EventName};
use leptos::prelude::*;

use crate::Rating;

/// `max` stars; a click (or Enter or Space) on one picks that many and fires `input` and
/// `change`.
#[component]
pub fn RatingView(
    /// The component's id in the config: its value and events in the page state go by it.
    id: ComponentId,
    /// Its props: the config's, with what updates have set over them.
    props: Rating,
) -> impl IntoView {
    let state = expect_context::<PageState>();
    let value = state.custom_value::<Rating>(id);
    let interactive = state.is_interactive(id, props.common.interactive);
    let stars = (1..=props.max)
        .map(|n| {
            let state = state.clone();
            let lit = move || value.get().unwrap_or(0) >= n;
            view! {
                <button
                    type="button"
                    role="radio"
                    class="star"
                    aria-checked=move || (value.get() == Some(n)).to_string()
                    aria-label=format!("{n} star{}", if n == 1 { "" } else { "s" })
                    disabled=!interactive
                    style="font-size: 28px; line-height: 1; padding: 0 2px; background: none; border: none; cursor: pointer"
                    style:color=move || if lit() { "#f59e0b" } else { "#a1a1aa" }
                    on:click=move |_| {
                        // Clicking the picked star again clears the rating.
                        value.set(if value.get_untracked() == Some(n) { 0 } else { n });
                        state.trigger(id, EventName::Input);
                        state.trigger(id, EventName::Change);
                    }
                >
                    "★"
                </button>
            }
        })
        .collect_view();
    view! {
        <Field id kind="rating" common=props.common default_label="Rating" group=true>
            <div role="radiogroup" class="stars">{stars}</div>
        </Field>
    }
}
