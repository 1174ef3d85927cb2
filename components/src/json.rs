//! JSON: any JSON value, shown as a collapsible tree.

use serde::{Deserialize, Serialize};

use crate::component::{common_builders, CommonProps, Component, ComponentError, PythonType};
use crate::EventName;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Json {
    #[serde(default)]
    pub value: serde_json::Value,
    /// Whether nested objects start expanded.
    #[serde(default)]
    pub open: bool,
    #[serde(flatten)]
    pub common: CommonProps,
}

impl Json {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn value(mut self, value: serde_json::Value) -> Self {
        self.value = value;
        self
    }
    pub fn open(mut self, open: bool) -> Self {
        self.open = open;
        self
    }
}
common_builders!(Json);

impl Component for Json {
    type Data = serde_json::Value;
    /// Turn your own types into it with `serde_json::to_value`.
    type Value = serde_json::Value;
    const CLASS_NAME: &'static str = "JSON";
    const EVENTS: &'static [EventName] = &[EventName::Change];
    const EXPECTS: &'static str = "any JSON value";

    fn label(&self) -> Option<&str> {
        self.common.label.as_deref()
    }
    fn initial_data(&self) -> serde_json::Value {
        self.value.clone()
    }
    fn preprocess(&self, data: serde_json::Value) -> Result<serde_json::Value, ComponentError> {
        Ok(data)
    }
    fn postprocess(&self, value: serde_json::Value) -> Result<serde_json::Value, ComponentError> {
        Ok(value)
    }
    /// Gradio's form: gradio_client reads it as `str | float | bool | list | dict`.
    fn api_info(&self) -> serde_json::Value {
        serde_json::json!({"type": {}, "description": "any valid json"})
    }
    fn python_type(&self) -> PythonType {
        PythonType::new("str | float | bool | list | dict")
    }
    fn example_payload(&self) -> serde_json::Value {
        serde_json::json!({"foo": "bar"})
    }
    /// Always JSON text, so that a string value reads back as a string.
    fn flag(&self, data: &serde_json::Value) -> String {
        data.to_string()
    }
    fn read_from_flag(&self, cell: &str) -> Result<serde_json::Value, ComponentError> {
        serde_json::from_str(cell)
            .map_err(|e| ComponentError::Invalid(format!("not a flagged value: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Block;
    use serde_json::json;

    #[test]
    fn any_json_round_trips() {
        let j = Json::new();
        for v in [
            json!(null),
            json!("3"),
            json!([1, "a"]),
            json!({"k": {"n": 1.5}}),
        ] {
            assert_eq!(
                j.preprocess(j.parse_data(v.clone()).unwrap()),
                Ok(v.clone())
            );
            assert_eq!(j.read_from_flag(&j.flag(&v)), Ok(v));
        }
        assert!(j.read_from_flag("{not json").is_err());
        let c = serde_json::to_value(Block::from(Json::new().value(json!({"a": 1})))).unwrap();
        assert_eq!(c["type"], "json");
        assert_eq!(c["props"]["value"], json!({"a": 1}));
    }
}
