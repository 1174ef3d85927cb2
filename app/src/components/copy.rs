//! The copy button of text boxes and chat messages (Gradio's `show_copy_button`): a click puts
//! the text on the clipboard, and the button says so for a moment.

use std::time::Duration;

use leptos::prelude::*;

use super::icons::{CheckIcon, CopyIcon};

#[component]
pub fn CopyButton(
    /// What is copied, read at the click.
    #[prop(into)]
    text: Signal<String>,
    /// The button's name for screen readers ("Copy text").
    label: &'static str,
) -> impl IntoView {
    let copied = RwSignal::new(false);
    let copy = move |_| {
        crate::client::copy_text(text.get_untracked(), move |ok| {
            if ok {
                copied.set(true);
                set_timeout(
                    move || {
                        // The view may be gone by then.
                        let _ = copied.try_set(false);
                    },
                    Duration::from_millis(1500),
                );
            }
        });
    };
    let name = move || if copied.get() { "Copied" } else { label };
    view! {
        <button type="button" class="copy-btn" aria-label=name title=name on:click=copy>
            {move || if copied.get() { view! { <CheckIcon/> }.into_any() } else { view! { <CopyIcon/> }.into_any() }}
        </button>
    }
}
