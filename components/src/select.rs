//! The `select` event's data (Gradio's `gr.SelectData`): what the person picked — a choice, a
//! table cell, a message, a picture, a stretch of text — typed per component.
//!
//! The page sends it as the queue join's `event_data`; a listener of `select` gets it as its
//! first argument, before the inputs' values.

use std::fmt::Debug;

use serde::{de::DeserializeOwned, Deserialize, Serialize};

use crate::{
    Cell, Chatbot, CheckboxGroup, Dataframe, Dropdown, Gallery, Many, Radio, Tab, Textbox,
};

/// Has `select`: the person can pick a part of the value (or, for a Tab, the tab itself).
/// `Index` says where, `Selected` what.
pub trait Selectable: 'static {
    /// Where the pick is: a position, a `[row, column]` cell, a `[start, end]` text range.
    type Index: Serialize + DeserializeOwned + Clone + Debug + PartialEq + Send + Sync + 'static;
    /// What was picked, as the page shows it.
    type Selected: Serialize + DeserializeOwned + Clone + Debug + PartialEq + Send + Sync + 'static;
}

/// One `select` event: `f(selection: SelectData<Radio>, …)`.
#[derive(Serialize, Deserialize)]
#[serde(bound = "")]
pub struct SelectData<C: Selectable> {
    /// Where the pick is (a position, a `[row, column]` cell, a text range).
    pub index: C::Index,
    /// What was picked, as the page shows it.
    pub value: C::Selected,
    /// `false` when the pick was undone (a CheckboxGroup's box unticked).
    #[serde(default = "selected_by_default")]
    pub selected: bool,
    /// A Dataframe cell's whole row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row_value: Option<Vec<C::Selected>>,
    /// A Dataframe cell's whole column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub col_value: Option<Vec<C::Selected>>,
}

fn selected_by_default() -> bool {
    true
}

impl<C: Selectable> SelectData<C> {
    /// A pick at `index` of `value`.
    pub fn new(index: C::Index, value: C::Selected) -> Self {
        SelectData {
            index,
            value,
            selected: true,
            row_value: None,
            col_value: None,
        }
    }
}

/// Data an event carries from the page (Gradio's `gr.EventData`: [`SelectData`],
/// [`LikeData`](crate::chatbot::LikeData)); its listener gets it first, before the inputs' values.
/// The page sends it as the queue join's `event_data`.
pub trait EventData: DeserializeOwned + Send + 'static {
    /// What the person gives with the event, for errors ("selection").
    const WHAT: &'static str;

    /// The event data the page sent, checked. API calls carry none: the event is the person's.
    fn from_event(json: Option<serde_json::Value>) -> Result<Self, EventDataError> {
        match json {
            None | Some(serde_json::Value::Null) => Err(EventDataError::Missing(Self::WHAT)),
            Some(json) => Self::deserialize(&json)
                .map_err(|e| EventDataError::Invalid(Self::WHAT, e.to_string())),
        }
    }
}

impl<C: Selectable> EventData for SelectData<C> {
    const WHAT: &'static str = "selection";
}

/// Why a listener of an event with data (`select`, `like`) can't run.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EventDataError {
    /// The call carried no event data: an API call, not a person on the page. The text names
    /// the kind of data ("selection").
    #[error(
        "this event runs when a person acts on the page, and the call carried no {0} \
         (event_data)"
    )]
    Missing(&'static str),
    /// The event data is not of its kind's shape, or not one the page could send: the kind of
    /// data, and why.
    #[error("the {0} (event_data) is malformed: {1}")]
    Invalid(&'static str, String),
}

// Manual impls: derives would ask `C` itself (not its index and value) for these traits.
impl<C: Selectable> Clone for SelectData<C> {
    fn clone(&self) -> Self {
        SelectData {
            index: self.index.clone(),
            value: self.value.clone(),
            selected: self.selected,
            row_value: self.row_value.clone(),
            col_value: self.col_value.clone(),
        }
    }
}

impl<C: Selectable> Debug for SelectData<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SelectData")
            .field("index", &self.index)
            .field("value", &self.value)
            .field("selected", &self.selected)
            .field("row_value", &self.row_value)
            .field("col_value", &self.col_value)
            .finish()
    }
}

impl<C: Selectable> PartialEq for SelectData<C> {
    fn eq(&self, other: &Self) -> bool {
        self.index == other.index
            && self.value == other.value
            && self.selected == other.selected
            && self.row_value == other.row_value
            && self.col_value == other.col_value
    }
}

macro_rules! selectable {
    ($($C:ty => $index:ty, $selected:ty;)*) => {$(
        impl Selectable for $C {
            type Index = $index;
            type Selected = $selected;
        }
    )*};
}

selectable! {
    // The choice's value (not its label), as the function receives the component's value.
    Radio => usize, String;
    CheckboxGroup => usize, String;
    Dropdown => usize, String;
    Dropdown<Many> => usize, String;
    // `[row, column]`, the cell, and (in `row_value`/`col_value`) its row and column.
    Dataframe => (usize, usize), Cell;
    // The message's text.
    Chatbot => usize, String;
    // The picture's caption; the picture is the gallery's value at `index`. (Gradio sends the
    // picture's FileData, which a function could be tricked into opening: not passed on.)
    Gallery => usize, Option<String>;
    // The selected text and its `[start, end]` in characters.
    Textbox => (usize, usize), String;
    // The tab shown: its position among its Tabs' tabs, and its label (Gradio's `Tab.select`).
    Tab => usize, String;
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_what_gradio_pages_send() {
        let radio = SelectData::<Radio>::from_event(Some(json!({"index": 1, "value": "b"})));
        assert_eq!(radio, Ok(SelectData::new(1, "b".to_owned())));
        let tab = SelectData::<Tab>::from_event(Some(json!({"index": 2, "value": "Extras"})));
        assert_eq!(tab, Ok(SelectData::new(2, "Extras".to_owned())));

        let unticked = SelectData::<CheckboxGroup>::from_event(Some(
            json!({"index": 0, "value": "a", "selected": false}),
        ))
        .unwrap();
        assert!(!unticked.selected);

        let cell = SelectData::<Dataframe>::from_event(Some(json!({
            "index": [1, 0], "value": 3.0, "row_value": [3.0, "x"], "col_value": [1.0, 3.0]
        })))
        .unwrap();
        assert_eq!(cell.index, (1, 0));
        assert_eq!(cell.value, Cell::Number(3.0));
        assert_eq!(
            cell.row_value,
            Some(vec![Cell::Number(3.0), Cell::Text("x".into())])
        );
    }

    #[test]
    fn a_missing_or_wrong_selection_is_a_clear_error() {
        assert_eq!(
            SelectData::<Radio>::from_event(None),
            Err(EventDataError::Missing("selection"))
        );
        assert_eq!(
            SelectData::<Radio>::from_event(Some(serde_json::Value::Null)),
            Err(EventDataError::Missing("selection"))
        );
        let wrong = SelectData::<Dataframe>::from_event(Some(json!({"index": 2, "value": 1})));
        assert!(
            matches!(wrong, Err(EventDataError::Invalid(_, m)) if m.contains("index") || m.contains("tuple"))
        );
        let no_value = SelectData::<Radio>::from_event(Some(json!({"index": 0})));
        assert!(matches!(no_value, Err(EventDataError::Invalid(_, m)) if m.contains("value")));
    }

    #[test]
    fn round_trips_through_json() {
        let mut pick = SelectData::<Textbox>::new((2, 5), "llo".into());
        pick.selected = true;
        let json = serde_json::to_value(&pick).unwrap();
        assert_eq!(
            json,
            json!({"index": [2, 5], "value": "llo", "selected": true})
        );
        assert_eq!(SelectData::<Textbox>::from_event(Some(json)), Ok(pick));
    }
}
