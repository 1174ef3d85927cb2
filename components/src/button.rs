//! Button: triggers `click`; as an input, its value is its label (as in Gradio).

use serde::{Deserialize, Serialize};

use crate::component::{Component, ComponentError, PythonType};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ButtonVariant {
    Primary,
    #[default]
    Secondary,
    Stop,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ButtonSize {
    Sm,
    Md,
    #[default]
    Lg,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Button {
    /// The button's text.
    pub value: String,
    #[serde(default)]
    pub variant: ButtonVariant,
    #[serde(default)]
    pub size: ButtonSize,
    #[serde(default = "yes")]
    pub visible: bool,
    #[serde(default = "yes")]
    pub interactive: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elem_id: Option<String>,
    #[serde(default)]
    pub elem_classes: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<u32>,
}

fn yes() -> bool {
    true
}

impl Button {
    pub fn new(text: impl Into<String>) -> Self {
        Button {
            value: text.into(),
            variant: ButtonVariant::Secondary,
            size: ButtonSize::Lg,
            visible: true,
            interactive: true,
            elem_id: None,
            elem_classes: Vec::new(),
            scale: None,
        }
    }
    pub fn variant(mut self, variant: ButtonVariant) -> Self {
        self.variant = variant;
        self
    }
    pub fn primary(self) -> Self {
        self.variant(ButtonVariant::Primary)
    }
    pub fn size(mut self, size: ButtonSize) -> Self {
        self.size = size;
        self
    }
    pub fn visible(mut self, visible: bool) -> Self {
        self.visible = visible;
        self
    }
    pub fn interactive(mut self, interactive: bool) -> Self {
        self.interactive = interactive;
        self
    }
    pub fn elem_id(mut self, id: impl Into<String>) -> Self {
        self.elem_id = Some(id.into());
        self
    }
    pub fn scale(mut self, scale: u32) -> Self {
        self.scale = Some(scale);
        self
    }
}

impl Component for Button {
    type Data = String;
    type Value = String;
    const CLASS_NAME: &'static str = "Button";
    const EXPECTS: &'static str = "a string";

    fn label(&self) -> Option<&str> {
        Some(&self.value)
    }
    fn initial_data(&self) -> String {
        self.value.clone()
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
        serde_json::json!(self.value)
    }
}

/// What an update can change besides visible / interactive (its text is its value).
impl crate::Update<Button> {
    pub fn variant(self, variant: ButtonVariant) -> Self {
        self.prop("variant", variant)
    }
    pub fn size(self, size: ButtonSize) -> Self {
        self.prop("size", size)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Block;

    #[test]
    fn serializes_like_gradio() {
        let v = serde_json::to_value(Block::from(Button::new("Echo").primary())).unwrap();
        assert_eq!(v["type"], "button");
        assert_eq!(v["props"]["value"], "Echo");
        assert_eq!(v["props"]["variant"], "primary");
        assert_eq!(v["props"]["size"], "lg");
    }
}
