//! The Label's view: a classifier's top class and its confidences.

use ferrio_components::{ComponentId, Label};
use leptos::prelude::*;

use super::field::Field;
use crate::state::PageState;

super::builtin_view!(Label => LabelView);

/// The top class in large type, then a bar per confidence.
#[component]
pub fn LabelView(
    /// The component's id in the config: its value, status and events in the page state go
    /// by it.
    id: ComponentId,
    /// Its props: the config's, with what updates have set over them (a change draws the
    /// view again).
    props: Label,
) -> impl IntoView {
    let state = expect_context::<PageState>();
    let value = state.signal::<Label>(id);
    let heading = move || value.with(|v| v.label.clone().unwrap_or_default());
    let bars = move || {
        value.with(|v| {
            v.confidences
                .iter()
                .flatten()
                .map(|c| {
                    let pct = (c.confidence.clamp(0.0, 1.0) * 100.0).round();
                    view! {
                        <li class="confidence">
                            <div class="confidence-text">
                                <span>{c.label.clone()}</span>
                                <span>{format!("{pct}%")}</span>
                            </div>
                            <div class="confidence-bar" role="meter" aria-valuenow=pct aria-valuemin="0" aria-valuemax="100" aria-label=c.label.clone()>
                                <div style:width=format!("{pct}%")></div>
                            </div>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <Field id kind="label" common=props.common default_label="Label" group=true>
            <output class="label-heading">{heading}</output>
            <ul class="confidences">{bars}</ul>
        </Field>
    }
}
