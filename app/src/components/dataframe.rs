use ferrio_components::{Cell, ColumnType, ComponentId, Dataframe, EventName};
use leptos::prelude::*;

use super::field::Field;
use crate::state::AppState;

/// A table; as an input each cell is an editable field (a number field in number columns) and
/// rows can be added.
#[component]
pub fn DataframeView(id: ComponentId, props: Dataframe) -> impl IntoView {
    let state = expect_context::<AppState>();
    let value = state.signal::<Dataframe>(id);
    let interactive = state.is_interactive(id, props.common.interactive);
    let types = props.datatype.clone().unwrap_or_default();
    let headers = move || {
        value.with(|t| {
            t.headers
                .iter()
                .map(|h| view! { <th scope="col">{h.clone()}</th> })
                .collect_view()
        })
    };
    let edited = {
        let state = state.clone();
        move || {
            state.trigger(id, EventName::Input);
            state.trigger(id, EventName::Change);
        }
    };
    let rows = {
        let edited = edited.clone();
        move || {
            let (height, width) = value.with(|t| (t.data.len(), t.headers.len()));
            (0..height)
                .map(|r| {
                    let cells = (0..width)
                        .map(|c| {
                            let kind = types.get(c).copied();
                            let text = move || {
                                value.with(|t| t.data.get(r).and_then(|row| row.get(c)).map(Cell::text))
                            };
                            let edited = edited.clone();
                            let cell = if interactive {
                                let header = value.with_untracked(|t| t.headers[c].clone());
                                view! {
                                    <input
                                        type=if kind == Some(ColumnType::Number) { "number" } else { "text" }
                                        aria-label=format!("{header}, row {}", r + 1)
                                        prop:value=move || text().unwrap_or_default()
                                        on:change=move |ev| {
                                            let cell = parse_cell(&event_target_value(&ev), kind);
                                            value.update(|t| {
                                                if let Some(slot) = t.data.get_mut(r).and_then(|row| row.get_mut(c)) {
                                                    *slot = cell;
                                                }
                                            });
                                            edited();
                                        }
                                    />
                                }
                                .into_any()
                            } else {
                                view! { <span>{text}</span> }.into_any()
                            };
                            view! { <td>{cell}</td> }
                        })
                        .collect_view();
                    view! { <tr>{cells}</tr> }
                })
                .collect_view()
        }
    };
    let add_row = (interactive && props.row_addable).then(|| {
        let edited = edited.clone();
        let on_click = move |_| {
            value.update(|t| {
                let width = t.headers.len();
                t.data.push(vec![Cell::Empty(()); width]);
            });
            edited();
        };
        view! { <button type="button" class="button secondary sm add-row" on:click=on_click>"+ Add row"</button> }
    });
    view! {
        <Field id kind="dataframe" common=props.common default_label="Dataframe" group=true>
            <div class="table-wrap">
                <table class="dataframe">
                    <thead><tr>{headers}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            {add_row}
        </Field>
    }
}

/// What was typed, as the column's type wants it (numbers stay text if they don't parse, so the
/// server's check names the cell).
fn parse_cell(text: &str, kind: Option<ColumnType>) -> Cell {
    let text = text.trim();
    if text.is_empty() {
        return Cell::Empty(());
    }
    match kind {
        Some(ColumnType::Number) | None => text
            .parse::<f64>()
            .map(Cell::Number)
            .unwrap_or_else(|_| Cell::Text(text.to_owned())),
        Some(ColumnType::Bool) => match text {
            "true" => Cell::Bool(true),
            "false" => Cell::Bool(false),
            _ => Cell::Text(text.to_owned()),
        },
        Some(ColumnType::Str) => Cell::Text(text.to_owned()),
    }
}
