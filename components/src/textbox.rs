//! Textbox: a single- or multi-line text input or output.

use derive_setters::Setters;
use serde::{Deserialize, Serialize};

use crate::component::{common_builders, CommonProps, Component, ComponentError, PythonType};
use crate::events::{Blurrable, Changeable, Focusable, Inputtable, Stoppable, Submittable};

/// What a [`Textbox`] takes, as the browser's input `type` (Gradio's `type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TextboxType {
    /// Any text.
    #[default]
    Text,
    /// Text hidden as it is typed.
    Password,
    /// An email address (the browser offers its email keyboard).
    Email,
}

/// A button a [`Textbox`] can show beside its text (Gradio 6's `buttons`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TextboxButton {
    /// Copies the text.
    Copy,
}

/// A text box's props; its wire value is a string.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Setters)]
#[setters(strip_option)]
pub struct Textbox {
    /// The text shown at first (`None`: empty).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[setters(into)]
    pub value: Option<String>,
    /// Gradio's `type`: plain text, a password or an email address.
    #[serde(rename = "type", default)]
    pub kind: TextboxType,
    /// Visible rows; more than 1 makes a multi-line text area.
    #[serde(default = "one")]
    #[setters(skip)]
    pub lines: u32,
    /// The rows a multi-line box grows to before it scrolls.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_lines: Option<u32>,
    /// Grey text shown while the box is empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[setters(into)]
    pub placeholder: Option<String>,
    /// Whether the box takes the keyboard focus when the page loads.
    #[serde(default)]
    pub autofocus: bool,
    /// Right-to-left text (Arabic, Hebrew): typed and aligned from the right.
    #[serde(default)]
    #[setters(skip)]
    pub rtl: bool,
    /// The buttons beside the box (Gradio 6's `buttons`; 5.x's `show_copy_button` is
    /// `[TextboxButton::Copy]`). None by default.
    #[serde(default)]
    #[setters(skip)]
    pub buttons: Vec<TextboxButton>,
    /// A stop button in the box (Gradio's `stop_btn`), shown while a run that the box's `stop`
    /// listeners cancel is under way (a chat's reply): pressing it fires `stop`.
    #[serde(default)]
    pub stop_btn: bool,
    /// The props every component has.
    #[serde(flatten)]
    #[setters(skip)]
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
            buttons: Vec::new(),
            stop_btn: false,
            common: CommonProps::default(),
        }
    }
}

impl Textbox {
    /// An empty single-line text box.
    pub fn new() -> Self {
        Self::default()
    }
    /// The buttons beside the box, such as `[TextboxButton::Copy]`.
    // Not derived: takes any list.
    pub fn buttons(mut self, buttons: impl IntoIterator<Item = TextboxButton>) -> Self {
        self.buttons = buttons.into_iter().collect();
        self
    }

    /// Whether the box shows `button`.
    pub fn has_button(&self, button: TextboxButton) -> bool {
        self.buttons.contains(&button)
    }

    /// Visible rows; more than 1 makes a multi-line text area.
    // Not derived: at least 1.
    pub fn lines(mut self, lines: u32) -> Self {
        self.lines = lines.max(1);
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
    /// New grey text shown while the box is empty.
    pub fn placeholder(self, text: impl Into<String>) -> Self {
        self.prop("placeholder", text.into())
    }
    /// A new number of visible rows.
    pub fn lines(self, lines: u32) -> Self {
        self.prop("lines", lines)
    }
    /// A new number of rows the box grows to before it scrolls.
    pub fn max_lines(self, lines: u32) -> Self {
        self.prop("max_lines", lines)
    }
}

// The events it has: each gives the builder its listener method (`.click(...)`, ...).
impl Changeable for Textbox {}
impl Inputtable for Textbox {}
impl Submittable for Textbox {}
impl Focusable for Textbox {}
impl Blurrable for Textbox {}
impl Stoppable for Textbox {}

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
        // Gradio 6's `buttons`, none by default (5.x's `show_copy_button` is gone).
        assert_eq!(v["props"]["buttons"], json!([]));
        assert!(v["props"].get("show_copy_button").is_none());
        let copying = Textbox::new().buttons([TextboxButton::Copy]);
        assert!(copying.has_button(TextboxButton::Copy));
        let v = serde_json::to_value(Block::from(copying)).unwrap();
        assert_eq!(v["props"]["buttons"], json!(["copy"]));
    }
}
