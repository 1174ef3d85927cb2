//! Textbox: a single- or multi-line text input or output.

use serde::{Deserialize, Serialize};

use crate::component::{common_builders, CommonProps, Component, ComponentError, PythonType};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TextboxType {
    #[default]
    Text,
    Password,
    Email,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Textbox {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    #[serde(rename = "type", default)]
    pub kind: TextboxType,
    #[serde(default = "one")]
    pub lines: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_lines: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<String>,
    #[serde(default)]
    pub autofocus: bool,
    #[serde(default)]
    pub rtl: bool,
    #[serde(default)]
    pub show_copy_button: bool,
    /// A stop button in the box (Gradio's `stop_btn`), shown while a run that the box's `stop`
    /// listeners cancel is under way (a chat's reply): pressing it fires `stop`.
    #[serde(default)]
    pub stop_btn: bool,
    #[serde(flatten)]
    pub common: CommonProps,
}

fn one() -> u32 {
    1
}

impl Default for Textbox {
    fn default() -> Self {
        Textbox {
            value: None,
            kind: TextboxType::Text,
            lines: 1,
            max_lines: None,
            placeholder: None,
            autofocus: false,
            rtl: false,
            show_copy_button: false,
            stop_btn: false,
            common: CommonProps::default(),
        }
    }
}

impl Textbox {
    pub fn new() -> Self {
        Self::default()
    }
    /// The initial value.
    pub fn value(mut self, value: impl Into<String>) -> Self {
        self.value = Some(value.into());
        self
    }
    /// Visible rows; more than 1 makes a multi-line text area.
    pub fn lines(mut self, lines: u32) -> Self {
        self.lines = lines.max(1);
        self
    }
    pub fn max_lines(mut self, lines: u32) -> Self {
        self.max_lines = Some(lines);
        self
    }
    pub fn placeholder(mut self, text: impl Into<String>) -> Self {
        self.placeholder = Some(text.into());
        self
    }
    pub fn kind(mut self, kind: TextboxType) -> Self {
        self.kind = kind;
        self
    }
    pub fn autofocus(mut self, autofocus: bool) -> Self {
        self.autofocus = autofocus;
        self
    }
    /// A button beside the box that copies its text.
    pub fn show_copy_button(mut self, show: bool) -> Self {
        self.show_copy_button = show;
        self
    }
    /// A stop button in the box while what its `stop` listeners cancel runs.
    pub fn stop_btn(mut self, show: bool) -> Self {
        self.stop_btn = show;
        self
    }
}
common_builders!(Textbox);

impl Component for Textbox {
    type Data = String;
    type Value = String;
    const CLASS_NAME: &'static str = "Textbox";
    const FORM: bool = true;
    const EXPECTS: &'static str = "a string";

    fn label(&self) -> Option<&str> {
        self.common.label.as_deref()
    }
    fn initial_data(&self) -> String {
        self.value.clone().unwrap_or_default()
    }
    fn preprocess(&self, data: String) -> Result<String, ComponentError> {
        Ok(data)
    }
    fn postprocess(&self, value: String) -> Result<String, ComponentError> {
        Ok(value)
    }
    fn api_info(&self) -> serde_json::Value {
        serde_json::json!({"type": "string"})
    }
    fn python_type(&self) -> PythonType {
        PythonType::new("str")
    }
    fn example_payload(&self) -> serde_json::Value {
        serde_json::json!("Hello!!")
    }
}

/// What an update can change besides the common props.
impl crate::Update<Textbox> {
    pub fn placeholder(self, text: impl Into<String>) -> Self {
        self.prop("placeholder", text.into())
    }
    pub fn lines(self, lines: u32) -> Self {
        self.prop("lines", lines)
    }
    pub fn max_lines(self, lines: u32) -> Self {
        self.prop("max_lines", lines)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Block;
    use serde_json::json;

    #[test]
    fn round_trips_text_and_refuses_other_types() {
        let t = Textbox::new().label("In");
        let data = t.parse_data(json!("héllo")).unwrap();
        let v = t.preprocess(data).unwrap();
        assert_eq!(t.postprocess(v).unwrap(), "héllo");
        let err = t.parse_data(json!(3)).unwrap_err();
        assert_eq!(err.to_string(), "expected a string, got 3");
        assert!(t.parse_data(json!(null)).is_err());
    }

    #[test]
    fn props_serialize_in_gradio_shape() {
        let t = Textbox::new().label("In").placeholder("type here");
        let v = serde_json::to_value(Block::from(t)).unwrap();
        assert_eq!(v["type"], "textbox");
        assert_eq!(v["props"]["label"], "In");
        assert_eq!(v["props"]["type"], "text");
        assert_eq!(v["props"]["lines"], 1);
        assert_eq!(v["props"]["show_label"], true);
        assert_eq!(v["props"]["placeholder"], "type here");
        assert!(v["props"].get("value").is_none());
    }
}
