//! CheckboxGroup: any number of values ticked from a list of choices.

use serde::{Deserialize, Serialize};

use crate::choices::{self, Choice};
use crate::component::{common_builders, CommonProps, Component, ComponentError, PythonType};
use crate::events::{Changeable, Inputtable};

/// A checkbox group's props; its wire value is the list of ticked choices' values.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CheckboxGroup {
    /// One box per choice, labelled with its label; the function sees its value.
    pub choices: Vec<Choice>,
    /// The values ticked at first.
    #[serde(default)]
    pub value: Vec<String>,
    /// The props every component has.
    #[serde(flatten)]
    pub common: CommonProps,
}

impl CheckboxGroup {
    /// Boxes for `choices`: values or `(label, value)` pairs.
    pub fn new<C: Into<Choice>>(choices: impl IntoIterator<Item = C>) -> Self {
        CheckboxGroup {
            choices: choices::collect(choices),
            ..Self::default()
        }
    }
    /// The values ticked at first.
    // Not derived: takes any strings, as an iterator.
    pub fn value<S: Into<String>>(mut self, values: impl IntoIterator<Item = S>) -> Self {
        self.value = values.into_iter().map(Into::into).collect();
        self
    }
}
common_builders!(CheckboxGroup);

impl Component for CheckboxGroup {
    type Data = Vec<String>;
    type Value = Vec<String>;
    const CLASS_NAME: &'static str = "CheckboxGroup";
    const FORM: bool = true;
    const EXPECTS: &'static str = "a list of strings";

    /// Shown by the choice's label.
    fn process_example(&self, data: &Self::Data) -> serde_json::Value {
        crate::choices::example(&self.choices, data)
    }
    fn label(&self) -> Option<&str> {
        self.common.label.as_deref()
    }
    fn initial_data(&self) -> Vec<String> {
        self.value.clone()
    }
    fn preprocess(&self, data: Vec<String>) -> Result<Vec<String>, ComponentError> {
        data.iter()
            .try_for_each(|v| choices::check(&self.choices, v))?;
        Ok(data)
    }
    /// Any values are shown, as in Gradio (the choices may change with them).
    fn postprocess(&self, value: Vec<String>) -> Result<Vec<String>, ComponentError> {
        Ok(value)
    }
    /// `null` is no box ticked.
    fn parse_data(&self, json: serde_json::Value) -> Result<Vec<String>, ComponentError> {
        choices::parse_picked(json, Self::EXPECTS)
    }
    fn api_info(&self) -> serde_json::Value {
        serde_json::json!({
            "items": {"enum": choices::values(&self.choices), "type": "string"},
            "title": "Checkbox Group",
            "type": "array",
        })
    }
    fn python_type(&self) -> PythonType {
        PythonType::new(&format!("List[{}]", choices::literal(&self.choices)))
    }
    fn example_payload(&self) -> serde_json::Value {
        serde_json::json!(self
            .choices
            .first()
            .map(|c| vec![c.value()])
            .unwrap_or_default())
    }
}

/// New choices come by [`crate::Update::choices`].
impl crate::choices::HasChoices for CheckboxGroup {}

// The events it has: each gives the builder its listener method (`.click(...)`, ...).
impl Changeable for CheckboxGroup {}
impl Inputtable for CheckboxGroup {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Block;
    use serde_json::json;

    #[test]
    fn ticks_only_its_choices() {
        let g = CheckboxGroup::new(["x", "y"]);
        assert_eq!(
            g.preprocess(g.parse_data(json!(["y"])).unwrap()),
            Ok(vec!["y".into()])
        );
        assert_eq!(g.preprocess(vec![]), Ok(vec![]));
        assert_eq!(g.parse_data(json!(null)), Ok(vec![]));
        assert!(g.preprocess(vec!["z".into()]).is_err());
        assert!(g.parse_data(json!("x")).is_err());
        assert_eq!(
            g.read_from_flag(&g.flag(&vec!["x".into()])),
            Ok(vec!["x".to_owned()])
        );
    }

    #[test]
    fn config_and_api() {
        let g = CheckboxGroup::new(["x", "y"]).value(["x"]);
        let v = serde_json::to_value(Block::from(g.clone())).unwrap();
        assert_eq!(v["type"], "checkboxgroup");
        assert_eq!(v["props"]["value"], json!(["x"]));
        assert_eq!(g.api_info()["items"]["enum"], json!(["x", "y"]));
        assert_eq!(g.python_type().type_name, "List[Literal['x', 'y']]");
    }
}
