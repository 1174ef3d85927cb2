//! The JSON component's view: a value as a tree that folds.

use ferrio_components::{ComponentId, Json};
use leptos::prelude::*;
use serde_json::Value;

use super::field::Field;
use crate::state::PageState;

super::builtin_view!(Json => JsonView);

/// A tree: objects and arrays fold (native `<details>`, so keyboard and readers work).
#[component]
pub fn JsonView(
    /// The component's id in the config: its value, status and events in the page state go
    /// by it.
    id: ComponentId,
    /// Its props: the config's, with what updates have set over them (a change draws the
    /// view again).
    props: Json,
) -> impl IntoView {
    let state = expect_context::<PageState>();
    let value = state.signal::<Json>(id);
    let open = props.open;
    view! {
        <Field id kind="json" common=props.common default_label="JSON" group=true>
            <div class="json-tree">{move || value.with(|v| node(&v.to_json(), open, true))}</div>
        </Field>
    }
}

fn node(v: &Value, open: bool, root: bool) -> AnyView {
    match v {
        Value::Object(map) => {
            let items = map
                .iter()
                .map(|(k, v)| view! { <li><span class="json-key">{quoted(k)}": "</span>{node(v, open, false)}</li> })
                .collect_view();
            folded("{", "}", map.len(), "key", items, open || root)
        }
        Value::Array(list) => {
            let items = list
                .iter()
                .enumerate()
                .map(|(i, v)| view! { <li><span class="json-index">{format!("{i}: ")}</span>{node(v, open, false)}</li> })
                .collect_view();
            folded("[", "]", list.len(), "item", items, open || root)
        }
        Value::String(s) => {
            view! { <span class="json-string">{format!("{s:?}")}</span> }.into_any()
        }
        Value::Number(n) => view! { <span class="json-number">{n.to_string()}</span> }.into_any(),
        Value::Bool(b) => view! { <span class="json-bool">{b.to_string()}</span> }.into_any(),
        Value::Null => view! { <span class="json-null">"null"</span> }.into_any(),
    }
}

/// A string as JSON writes it (quotes and JSON escapes, not Rust's).
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

fn folded(
    start: &'static str,
    end: &'static str,
    len: usize,
    noun: &'static str,
    items: impl IntoView + 'static,
    open: bool,
) -> AnyView {
    if len == 0 {
        return view! { <span class="json-empty">{start}{end}</span> }.into_any();
    }
    let count = format!("{len} {noun}{}", if len == 1 { "" } else { "s" });
    view! {
        <details class="json-fold" open=open>
            <summary>{start}<span class="json-count">{count}</span></summary>
            <ul>{items}</ul>
            <span>{end}</span>
        </details>
    }
    .into_any()
}
