//! Radio: one value picked from a few choices shown side by side.

use derive_setters::Setters;
use serde::{Deserialize, Serialize};

use crate::choices::{self, Choice};
use crate::component::{common_builders, CommonProps, Component, ComponentError, PythonType};
use crate::events::{Changeable, Inputtable};

/// A radio's props; its wire value is the picked choice's value, or `null`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Setters)]
#[setters(strip_option)]
pub struct Radio {
    /// One button per choice, labelled with its label; the function sees its value.
    #[setters(skip)]
    pub choices: Vec<Choice>,
    /// The choice picked at first (by value).
    #[serde(default)]
    #[setters(into)]
    pub value: Option<String>,
    /// The props every component has.
    #[serde(flatten)]
    #[setters(skip)]
    pub common: CommonProps,
}

impl Radio {
    /// A radio over `choices`: values (`["a", "b"]`) or `(label, value)` pairs.
    pub fn new<C: Into<Choice>>(choices: impl IntoIterator<Item = C>) -> Self {
        Radio {
            choices: choices::collect(choices),
            ..Self::default()
        }
    }
}
common_builders!(Radio);

impl Component for Radio {
    /// `null` when nothing is picked.
    type Data = Option<String>;
    type Value = Option<String>;
    const CLASS_NAME: &'static str = "Radio";
    const FORM: bool = true;
    const EXPECTS: &'static str = "a string or null";

    /// Shown by the choice's label.
    fn process_example(&self, data: &Self::Data) -> serde_json::Value {
        crate::choices::example(&self.choices, data)
    }
    fn label(&self) -> Option<&str> {
        self.common.label.as_deref()
    }
    fn initial_data(&self) -> Option<String> {
        self.value.clone()
    }
    fn preprocess(&self, data: Option<String>) -> Result<Option<String>, ComponentError> {
        if let Some(v) = &data {
            choices::check(&self.choices, v)?;
        }
        Ok(data)
    }
    /// Any value is shown, as in Gradio (the choices may change with the value).
    fn postprocess(&self, value: Option<String>) -> Result<Option<String>, ComponentError> {
        Ok(value)
    }
    fn api_info(&self) -> serde_json::Value {
        serde_json::json!({
            "enum": choices::values(&self.choices),
            "title": "Radio",
            "type": "string",
        })
    }
    fn python_type(&self) -> PythonType {
        PythonType::new(&choices::literal(&self.choices))
    }
    fn example_payload(&self) -> serde_json::Value {
        serde_json::json!(self.choices.first().map(Choice::value))
    }
}

/// New choices come by [`crate::Update::choices`].
impl crate::choices::HasChoices for Radio {}

// The events it has: each gives the builder its listener method (`.click(...)`, ...).
impl Changeable for Radio {}
impl Inputtable for Radio {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Block;
    use serde_json::json;

    #[test]
    fn only_its_choices_pass_either_way() {
        let r = Radio::new(["cat", "dog"]).label("pet");
        let picked = r.parse_data(json!("dog")).unwrap();
        assert_eq!(r.preprocess(picked), Ok(Some("dog".into())));
        assert_eq!(r.preprocess(None), Ok(None));
        assert_eq!(
            r.preprocess(Some("cow".into())).unwrap_err().to_string(),
            "\"cow\" is not one of the choices: \"cat\", \"dog\""
        );
        assert_eq!(r.postprocess(Some("cow".into())), Ok(Some("cow".into())));
        assert!(r.parse_data(json!(3)).is_err());
    }

    #[test]
    fn config_and_api() {
        let r = Radio::new([("Cat", "c"), ("Dog", "d")]).value("d");
        let v = serde_json::to_value(Block::from(r.clone())).unwrap();
        assert_eq!(v["type"], "radio");
        assert_eq!(v["props"]["choices"], json!([["Cat", "c"], ["Dog", "d"]]));
        assert_eq!(v["props"]["value"], "d");
        assert_eq!(
            r.api_info(),
            json!({"enum": ["c", "d"], "title": "Radio", "type": "string"})
        );
        assert_eq!(r.python_type().type_name, "Literal['c', 'd']");
        assert_eq!(
            r.read_from_flag(&r.flag(&Some("c".into()))),
            Ok(Some("c".into()))
        );
    }
}
