//! Checkbox: one yes/no choice, labelled beside the box.

use derive_setters::Setters;
use serde::{Deserialize, Serialize};

use crate::component::{common_builders, CommonProps, Component, ComponentError, PythonType};
use crate::events::{Changeable, Inputtable};

/// A checkbox's props; its wire value is `true` or `false`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Setters)]
pub struct Checkbox {
    /// Whether the box starts ticked.
    #[serde(default)]
    pub value: bool,
    /// The props every component has.
    #[serde(flatten)]
    #[setters(skip)]
    pub common: CommonProps,
}

impl Checkbox {
    /// An unticked box.
    pub fn new() -> Self {
        Self::default()
    }
}
common_builders!(Checkbox);

impl Component for Checkbox {
    type Data = bool;
    type Value = bool;
    const CLASS_NAME: &'static str = "Checkbox";
    const FORM: bool = true;
    const EXPECTS: &'static str = "true or false";

    fn label(&self) -> Option<&str> {
        self.common.label.as_deref()
    }
    fn initial_data(&self) -> bool {
        self.value
    }
    fn preprocess(&self, data: bool) -> Result<bool, ComponentError> {
        Ok(data)
    }
    fn postprocess(&self, value: bool) -> Result<bool, ComponentError> {
        Ok(value)
    }
    fn api_info(&self) -> serde_json::Value {
        serde_json::json!({"type": "boolean"})
    }
    fn python_type(&self) -> PythonType {
        PythonType::new("bool")
    }
    fn example_payload(&self) -> serde_json::Value {
        serde_json::json!(true)
    }
}

// The events it has: each gives the builder its listener method (`.click(...)`, ...).
impl Changeable for Checkbox {}
impl Inputtable for Checkbox {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Block;
    use serde_json::json;

    #[test]
    fn takes_booleans_only() {
        let c = Checkbox::new().label("ok");
        assert_eq!(c.preprocess(c.parse_data(json!(true)).unwrap()), Ok(true));
        assert_eq!(
            c.parse_data(json!("yes")).unwrap_err().to_string(),
            "expected true or false, got \"yes\""
        );
        assert!(c.parse_data(json!(1)).is_err());
    }

    #[test]
    fn flags_and_reads_back() {
        let c = Checkbox::new();
        assert_eq!(c.flag(&true), "true");
        assert_eq!(c.read_from_flag("false"), Ok(false));
        assert!(c.read_from_flag("maybe").is_err());
    }

    #[test]
    fn config_and_api() {
        let v = serde_json::to_value(Block::from(Checkbox::new().value(true).label("ok"))).unwrap();
        assert_eq!(v["type"], "checkbox");
        assert_eq!(v["props"]["value"], true);
        assert_eq!(Checkbox::new().api_info(), json!({"type": "boolean"}));
    }
}
