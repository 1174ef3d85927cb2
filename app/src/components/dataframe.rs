//! The Dataframe's view: a table to edit (cells, added rows) or to read, with `select` on a
//! cell.

use ferrio_components::{Cell, ColumnType, ComponentId, Dataframe, EventName, SelectData};
use leptos::prelude::*;

use super::field::Field;
use crate::state::PageState;

super::builtin_view!(Dataframe => DataframeView in table);

/// A table; as an input each cell is an editable field (a number field in number columns) and
/// rows can be added. Rows and cells are built once per shape: an edit updates one cell's
/// text, so focus and caret stay where they are.
#[component]
pub fn DataframeView(
    /// The component's id in the config: its value, status and events in the page state go
    /// by it.
    id: ComponentId,
    /// Its props: the config's, with what updates have set over them (a change draws the
    /// view again).
    props: Dataframe,
) -> impl IntoView {
    let state = expect_context::<PageState>();
    let value = state.signal::<Dataframe>(id);
    let interactive = state.is_interactive(id, props.common.interactive);
    let types = props.datatype.clone().unwrap_or_default();
    let headers = Memo::new(move |_| value.with(|t| t.headers.clone()));
    let height = Memo::new(move |_| value.with(|t| t.data.len()));
    let edited = {
        let state = state.clone();
        move || {
            state.trigger(id, EventName::Input);
            state.trigger(id, EventName::Change);
        }
    };
    // `select`: the cell, its row and its column, as the table holds them now.
    let selectable = state.listens(id, EventName::Select);
    let select = {
        let state = state.clone();
        move |r: usize, c: usize| {
            let pick = value.with_untracked(|t| {
                let cell = t.data.get(r)?.get(c)?.clone();
                let mut pick = SelectData::<Dataframe>::new((r, c), cell);
                pick.row_value = t.data.get(r).cloned();
                pick.col_value = Some(
                    t.data
                        .iter()
                        .filter_map(|row| row.get(c).cloned())
                        .collect(),
                );
                Some(pick)
            });
            if let Some(pick) = pick {
                state.select(id, pick);
            }
        }
    };
    let cell = {
        let edited = edited.clone();
        move |r: usize, c: usize| {
            let kind = types.get(c).copied();
            let text =
                move || value.with(|t| t.data.get(r).and_then(|row| row.get(c)).map(Cell::text));
            let select = select.clone();
            if !interactive {
                // Display cells take focus only when picking one does something.
                let (on_key, on_click) = (select.clone(), select);
                return view! {
                    <td
                        tabindex=selectable.then_some("0")
                        class:selectable=selectable
                        on:click=move |_| if selectable { on_click(r, c) }
                        on:keydown=move |ev| {
                            if selectable && matches!(ev.key().as_str(), "Enter" | " ") {
                                ev.prevent_default();
                                on_key(r, c);
                            }
                        }
                    >
                        {text}
                    </td>
                }
                .into_any();
            }
            let header = headers.with_untracked(|h| h.get(c).cloned().unwrap_or_default());
            let edited = edited.clone();
            view! {
                <td on:focusin=move |_| if selectable { select(r, c) }>
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
                </td>
            }
            .into_any()
        }
    };
    let add_row = (interactive && props.row_addable).then(|| {
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
                <table class="dataframe" aria-labelledby=format!("label-{id}")>
                    <thead>
                        <tr>
                            {move || headers.get().into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || 0..height.get() key=|r| *r let:r>
                            <tr>
                                {
                                    let cell = cell.clone();
                                    move || (0..headers.with(Vec::len)).map(|c| cell(r, c)).collect_view()
                                }
                            </tr>
                        </For>
                    </tbody>
                </table>
            </div>
            {add_row}
        </Field>
    }
}

/// What was typed, as the column's type wants it. A column without a type holds text, as in
/// Gradio; text that isn't a number or boolean stays text, so the server's check names the cell.
fn parse_cell(text: &str, kind: Option<ColumnType>) -> Cell {
    let text = text.trim();
    if text.is_empty() {
        return Cell::Empty(());
    }
    match kind {
        Some(ColumnType::Number) => text
            .parse::<f64>()
            .map(Cell::Number)
            .unwrap_or_else(|_| Cell::Text(text.to_owned())),
        Some(ColumnType::Bool) => match text {
            "true" => Cell::Bool(true),
            "false" => Cell::Bool(false),
            _ => Cell::Text(text.to_owned()),
        },
        Some(ColumnType::Str) | None => Cell::Text(text.to_owned()),
    }
}
