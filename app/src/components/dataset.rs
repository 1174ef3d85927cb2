//! The Dataset's view: the examples under an app's inputs; a click loads one.

use ferrio_components::{ComponentId, Dataset, EventName};
use leptos::prelude::*;

use super::field::Field;
use super::file::file_href;
use super::icons::AttachIcon;
use crate::state::PageState;

super::builtin_view!(Dataset => DatasetView in table);

/// The examples: a table of rows, one column per input; clicking a row (or Enter on it) picks
/// it and fires `click`, whose listener loads it into the inputs. Long lists are paged.
#[component]
pub fn DatasetView(
    /// The component's id in the config: its value, status and events in the page state go
    /// by it.
    id: ComponentId,
    /// Its props: the config's, with what updates have set over them (a change draws the
    /// view again).
    props: Dataset,
) -> impl IntoView {
    let state = expect_context::<PageState>();
    let value = state.signal::<Dataset>(id);
    let per_page = props.samples_per_page.max(1);
    let pages = props.samples.len().div_ceil(per_page);
    let page = RwSignal::new(0usize);
    let samples = StoredValue::new(props.samples.clone());
    let kinds = StoredValue::new(props.components.clone());
    let pick = move |i: usize| {
        value.set(Some(i));
        state.trigger(id, EventName::Click);
    };
    let rows = move || {
        let start = page.get() * per_page;
        samples.with_value(|samples| {
            samples
                .iter()
                .enumerate()
                .skip(start)
                .take(per_page)
                .map(|(i, row)| {
                    let pick = pick.clone();
                    let pick_key = pick.clone();
                    let cells = row
                        .iter()
                        .enumerate()
                        .map(|(c, v)| {
                            let kind = kinds.with_value(|k| k.get(c).cloned().unwrap_or_default());
                            view! { <td>{cell(&kind, v)}</td> }
                        })
                        .collect_view();
                    view! {
                        <tr
                            class="example"
                            class:picked=move || value.get() == Some(i)
                            tabindex="0"
                            role="button"
                            aria-label=format!("Example {}", i + 1)
                            on:click=move |_| pick(i)
                            on:keydown=move |ev| {
                                if matches!(ev.key().as_str(), "Enter" | " ") {
                                    ev.prevent_default();
                                    pick_key(i);
                                }
                            }
                        >
                            {cells}
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    let pager = (pages > 1).then(|| {
        let buttons = (0..pages)
            .map(|p| {
                view! {
                    <button
                        type="button"
                        class="button secondary sm"
                        aria-current=move || (page.get() == p).then_some("page")
                        on:click=move |_| page.set(p)
                    >
                        {p + 1}
                    </button>
                }
            })
            .collect_view();
        view! { <nav class="examples-pages" aria-label="Pages of examples">{buttons}</nav> }
    });
    let headers = props
        .headers
        .iter()
        .map(|h| view! { <th scope="col">{h.clone()}</th> })
        .collect_view();
    view! {
        <Field id kind="dataset" common=props.common default_label="Examples" group=true>
            <div class="table-wrap">
                <table class="dataframe examples" aria-labelledby=format!("label-{id}")>
                    <thead>
                        <tr>{headers}</tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            {pager}
        </Field>
    }
}

/// One example value, drawn as its input shows it: a picture as a thumbnail, a file by name,
/// anything else as text.
fn cell(kind: &str, value: &serde_json::Value) -> AnyView {
    let path = value
        .get("path")
        .and_then(|p| p.as_str())
        .map(str::to_owned);
    match (kind, path) {
        // Text and files: the text, then each file's name.
        ("multimodaltextbox", _) => {
            let text = value
                .get("text")
                .and_then(|t| t.as_str())
                .unwrap_or_default()
                .to_owned();
            let files: Vec<String> = value
                .get("files")
                .and_then(|f| f.as_array())
                .into_iter()
                .flatten()
                .filter_map(|f| f.get("orig_name").or_else(|| f.get("path"))?.as_str())
                .map(|name| name.rsplit('/').next().unwrap_or_default().to_owned())
                .collect();
            view! {
                <span class="example-multimodal">
                    {text}
                    {files
                        .into_iter()
                        .map(|name| view! { <span class="example-file"><AttachIcon/>{name}</span> })
                        .collect_view()}
                </span>
            }
            .into_any()
        }
        ("image" | "gallery", Some(path)) => {
            view! { <img class="example-thumb" src=file_href(&path) alt="" loading="lazy"/> }
                .into_any()
        }
        (_, Some(path)) => {
            let name = value
                .get("orig_name")
                .and_then(|n| n.as_str())
                .map(str::to_owned)
                .unwrap_or_else(|| path.rsplit('/').next().unwrap_or_default().to_owned());
            view! { <span>{name}</span> }.into_any()
        }
        _ => view! { <span>{text(value)}</span> }.into_any(),
    }
}

fn text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(items) => items.iter().map(text).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}
