//! The `(label, value)` choices of Radio, Dropdown and CheckboxGroup: the label is shown, the
//! value is what functions and API callers see (Gradio's `choices=[("One", "1"), ...]`).

use serde::{Deserialize, Serialize};

use crate::component::ComponentError;

/// One choice, serialized as Gradio's `[label, value]` pair.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice(pub String, pub String);

impl Choice {
    /// What the page shows.
    pub fn label(&self) -> &str {
        &self.0
    }
    /// What functions and API callers get.
    pub fn value(&self) -> &str {
        &self.1
    }
}

/// `"a"` is a choice labelled and valued `a`; `("One", "1")` is labelled `One`, valued `1`.
impl From<&str> for Choice {
    fn from(s: &str) -> Self {
        Choice(s.to_owned(), s.to_owned())
    }
}
impl From<String> for Choice {
    fn from(s: String) -> Self {
        Choice(s.clone(), s)
    }
}
impl<L: Into<String>, V: Into<String>> From<(L, V)> for Choice {
    fn from((label, value): (L, V)) -> Self {
        Choice(label.into(), value.into())
    }
}

pub(crate) fn collect<C: Into<Choice>>(choices: impl IntoIterator<Item = C>) -> Vec<Choice> {
    choices.into_iter().map(Into::into).collect()
}

/// The label of the choice valued `value` (Gradio's `process_example`); a value that is no
/// choice (a custom one) shows as it is.
pub(crate) fn label_of(choices: &[Choice], value: &str) -> String {
    choices
        .iter()
        .find(|c| c.value() == value)
        .map_or(value, Choice::label)
        .to_owned()
}

/// Components offering `(label, value)` choices: an update can give them new ones
/// ([`crate::Update::choices`]), and their examples show the labels.
pub trait HasChoices {}

/// An example's choice(s) as their labels (Gradio's `process_example`).
pub(crate) fn example(choices: &[Choice], data: &impl Serialize) -> serde_json::Value {
    shown(choices, &serde_json::to_value(data).unwrap_or_default())
}

fn shown(choices: &[Choice], data: &serde_json::Value) -> serde_json::Value {
    match data {
        serde_json::Value::String(v) => label_of(choices, v).into(),
        serde_json::Value::Array(vs) => vs.iter().map(|v| shown(choices, v)).collect(),
        other => other.clone(),
    }
}

pub(crate) fn values(choices: &[Choice]) -> Vec<&str> {
    choices.iter().map(Choice::value).collect()
}

/// `Ok` when `value` is one of the choices' values; the error lists them.
pub(crate) fn check(choices: &[Choice], value: &str) -> Result<(), ComponentError> {
    if choices.iter().any(|c| c.value() == value) {
        return Ok(());
    }
    let mut listed: Vec<String> = choices
        .iter()
        .take(10)
        .map(|c| format!("{:?}", c.1))
        .collect();
    if choices.len() > 10 {
        listed.push("...".into());
    }
    Err(ComponentError::Invalid(format!(
        "{value:?} is not one of the choices: {}",
        listed.join(", ")
    )))
}

/// The picked values of a multi-choice component; `null` is nothing picked (as Gradio sends it).
pub(crate) fn parse_picked(
    json: serde_json::Value,
    expects: &'static str,
) -> Result<Vec<String>, ComponentError> {
    if json.is_null() {
        return Ok(Vec::new());
    }
    Vec::<String>::deserialize(&json).map_err(|_| ComponentError::wrong_type(expects, &json))
}

/// Python's `Literal['a', 'b']`, as gradio_client shows a choice.
pub(crate) fn literal(choices: &[Choice]) -> String {
    let quoted: Vec<String> = choices.iter().map(|c| format!("'{}'", c.value())).collect();
    format!("Literal[{}]", quoted.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples_show_choices_by_label() {
        let choices = collect([("One", "1"), ("Two", "2")]);
        assert_eq!(shown(&choices, &"2".into()), "Two");
        assert_eq!(
            shown(&choices, &serde_json::json!(["1", "x"])),
            serde_json::json!(["One", "x"])
        );
        assert_eq!(
            shown(&choices, &serde_json::Value::Null),
            serde_json::Value::Null
        );
    }

    #[test]
    fn pairs_serialize_as_gradio_lists() {
        let cs = collect(["a"]);
        let mut all = cs.clone();
        all.push(("One", "1").into());
        assert_eq!(
            serde_json::to_value(&all).unwrap(),
            serde_json::json!([["a", "a"], ["One", "1"]])
        );
        assert!(check(&all, "1").is_ok());
        assert_eq!(
            check(&all, "One").unwrap_err().to_string(),
            "\"One\" is not one of the choices: \"a\", \"1\""
        );
        assert_eq!(literal(&all), "Literal['a', '1']");
    }
}
