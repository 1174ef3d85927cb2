//! State: a value the server keeps for each session (a chat history, a counter), never sent to
//! the browser. Functions take and return it like any input and output.

use std::marker::PhantomData;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::component::{Component, ComponentError, PythonType};
use crate::Block;

/// `T` is what functions see; each session starts with `initial`. In the config it is an empty
/// block: the value stays on the server.
#[derive(Serialize, Deserialize)]
#[serde(bound = "")]
pub struct State<T = serde_json::Value> {
    /// The value each session starts with, as JSON.
    #[serde(skip)]
    pub initial: serde_json::Value,
    #[serde(skip)]
    _value: PhantomData<fn() -> T>,
}

impl<T: Serialize> State<T> {
    /// A state each session starts at `initial`.
    ///
    /// # Panics
    /// If `initial` has no JSON form (a map with non-string keys): the app can't be built.
    pub fn new(initial: T) -> Self {
        State {
            initial: serde_json::to_value(initial)
                .expect("a State's value must have a JSON form (serde_json::to_value)"),
            _value: PhantomData,
        }
    }
}

impl<T> Clone for State<T> {
    fn clone(&self) -> Self {
        State {
            initial: self.initial.clone(),
            _value: PhantomData,
        }
    }
}

impl<T> std::fmt::Debug for State<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("State")
            .field("initial", &self.initial)
            .finish()
    }
}

/// Only the kind matters to the config (the initial value is the server's business).
impl<T> PartialEq for State<T> {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl<T> From<State<T>> for Block {
    fn from(s: State<T>) -> Block {
        Block::State(State {
            initial: s.initial,
            _value: PhantomData,
        })
    }
}

impl<T: Serialize + DeserializeOwned + Send + Sync + 'static> Component for State<T> {
    type Data = serde_json::Value;
    type Value = T;
    const CLASS_NAME: &'static str = "State";
    const SKIP_API: bool = true;
    const EXPECTS: &'static str = "any JSON value";

    fn label(&self) -> Option<&str> {
        None
    }
    /// The browser holds nothing.
    fn initial_data(&self) -> serde_json::Value {
        serde_json::Value::Null
    }
    /// Only the server's own stored values come here, so a failure is the server's bug; the
    /// message says which type without quoting the value.
    fn preprocess(&self, data: serde_json::Value) -> Result<T, ComponentError> {
        T::deserialize(&data).map_err(|_| {
            ComponentError::Invalid(format!(
                "the session's state is not a {}",
                std::any::type_name::<T>()
            ))
        })
    }
    fn postprocess(&self, value: T) -> Result<serde_json::Value, ComponentError> {
        serde_json::to_value(value).map_err(|e| ComponentError::Invalid(e.to_string()))
    }
    fn api_info(&self) -> serde_json::Value {
        serde_json::json!({})
    }
    fn python_type(&self) -> PythonType {
        PythonType::new("Any")
    }
    fn example_payload(&self) -> serde_json::Value {
        serde_json::Value::Null
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_its_value_on_the_server() {
        let s = State::new(vec![1, 2]);
        assert_eq!(s.initial, serde_json::json!([1, 2]));
        assert_eq!(s.initial_data(), serde_json::Value::Null);
        let block = serde_json::to_value(Block::from(s.clone())).unwrap();
        assert_eq!(block, serde_json::json!({"type": "state", "props": {}}));
        assert!(Block::from(s.clone()).skip_api());
    }

    #[test]
    fn round_trips_typed_values() {
        let s = State::new(0i64);
        let v = s.postprocess(41).unwrap();
        assert_eq!(s.preprocess(v), Ok(41));
        assert!(s.preprocess(serde_json::json!("x")).is_err());
    }
}
