//! Button: triggers `click`; as an input, its value is its label (as in Gradio).

use derive_setters::Setters;
use serde::{Deserialize, Serialize};

use crate::component::{Component, ComponentError, PythonType};
use crate::events::Clickable;

/// A button's look (Gradio's `variant`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ButtonVariant {
    /// In the theme's accent colour: the page's main action.
    Primary,
    /// Plain (the default).
    #[default]
    Secondary,
    /// Red: an action that stops or deletes something.
    Stop,
}

/// A button's size (Gradio's `size`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ButtonSize {
    /// Small.
    Sm,
    /// Medium.
    Md,
    /// Large (the default).
    #[default]
    Lg,
}

/// A button's props; as an input its wire value is its text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Setters)]
#[setters(strip_option)]
pub struct Button {
    /// The button's text.
    #[setters(skip)]
    pub value: String,
    /// Its look: primary, secondary or stop.
    #[serde(default)]
    pub variant: ButtonVariant,
    /// Its size: small, medium or large.
    #[serde(default)]
    pub size: ButtonSize,
    /// Whether it is shown.
    #[serde(default = "yes")]
    pub visible: bool,
    /// Whether it can be clicked (greyed out when not).
    #[serde(default = "yes")]
    pub interactive: bool,
    /// The HTML `id` of its element, for the app's CSS and JS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[setters(into)]
    pub elem_id: Option<String>,
    /// HTML classes added to its element, for the app's CSS.
    #[serde(default)]
    #[setters(skip)]
    pub elem_classes: Vec<String>,
    /// Its share of a Row's width, relative to its neighbours' (Gradio's `scale`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<u32>,
}

fn yes() -> bool {
    true
}

impl Button {
    /// A secondary, large button showing `text`.
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
    /// The accent-coloured look of the page's main action: `.variant(ButtonVariant::Primary)`.
    // Not derived: a shorthand that takes no value.
    pub fn primary(self) -> Self {
        self.variant(ButtonVariant::Primary)
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
    /// A new look.
    pub fn variant(self, variant: ButtonVariant) -> Self {
        self.prop("variant", variant)
    }
    /// A new size.
    pub fn size(self, size: ButtonSize) -> Self {
        self.prop("size", size)
    }
}

// The events it has: each gives the builder its listener method (`.click(...)`, ...).
impl Clickable for Button {}

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
