//! ColorPicker: a colour as a `#rrggbb` hex string.

use derive_setters::Setters;
use serde::{Deserialize, Serialize};

use crate::component::{common_builders, CommonProps, Component, ComponentError, PythonType};
use crate::events::{Blurrable, Changeable, Focusable, Inputtable, Submittable};

/// A colour picker's props; its wire value is a `#rrggbb` string.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Setters)]
pub struct ColorPicker {
    /// The colour shown at first, `#rrggbb`.
    #[serde(default = "black")]
    #[setters(into)]
    pub value: String,
    /// The props every component has.
    #[serde(flatten)]
    #[setters(skip)]
    pub common: CommonProps,
}

fn black() -> String {
    "#000000".to_owned()
}

impl Default for ColorPicker {
    fn default() -> Self {
        ColorPicker {
            value: black(),
            common: CommonProps::default(),
        }
    }
}

impl ColorPicker {
    /// A picker showing black.
    pub fn new() -> Self {
        Self::default()
    }
}
common_builders!(ColorPicker);

/// `#rgb` or `#rrggbb`, returned as lowercase `#rrggbb` (what the browser's picker uses).
fn normalize(hex: &str) -> Result<String, ComponentError> {
    let digits = hex.strip_prefix('#').unwrap_or("");
    let ok = digits.chars().all(|c| c.is_ascii_hexdigit());
    match digits.len() {
        6 if ok => Ok(format!("#{}", digits.to_ascii_lowercase())),
        3 if ok => Ok(digits
            .chars()
            .fold(String::from("#"), |mut s, c| {
                s.push(c);
                s.push(c);
                s
            })
            .to_ascii_lowercase()),
        _ => Err(ComponentError::Invalid(format!(
            "{hex:?} is not a colour like \"#ff8800\""
        ))),
    }
}

impl Component for ColorPicker {
    type Data = String;
    type Value = String;
    const CLASS_NAME: &'static str = "ColorPicker";
    const FORM: bool = true;
    const EXPECTS: &'static str = "a hex colour string";

    fn label(&self) -> Option<&str> {
        self.common.label.as_deref()
    }
    fn initial_data(&self) -> String {
        normalize(&self.value).unwrap_or_else(|_| black())
    }
    fn preprocess(&self, data: String) -> Result<String, ComponentError> {
        normalize(&data)
    }
    fn postprocess(&self, value: String) -> Result<String, ComponentError> {
        normalize(&value)
    }
    fn api_info(&self) -> serde_json::Value {
        serde_json::json!({"type": "string"})
    }
    fn python_type(&self) -> PythonType {
        PythonType::new("str")
    }
    fn example_payload(&self) -> serde_json::Value {
        serde_json::json!("#000000")
    }
}

// The events it has: each gives the builder its listener method (`.click(...)`, ...).
impl Changeable for ColorPicker {}
impl Inputtable for ColorPicker {}
impl Submittable for ColorPicker {}
impl Focusable for ColorPicker {}
impl Blurrable for ColorPicker {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Block;
    use serde_json::json;

    #[test]
    fn hex_colours_only_normalized() {
        let c = ColorPicker::new();
        assert_eq!(c.preprocess("#FF8800".into()), Ok("#ff8800".into()));
        assert_eq!(c.postprocess("#f80".into()), Ok("#ff8800".into()));
        assert_eq!(
            c.preprocess("red".into()).unwrap_err().to_string(),
            "\"red\" is not a colour like \"#ff8800\""
        );
        assert!(c.preprocess("#12345g".into()).is_err());
        assert!(c.parse_data(json!(255)).is_err());
    }

    #[test]
    fn config_shape() {
        let v = serde_json::to_value(Block::from(ColorPicker::new().value("#00ff00"))).unwrap();
        assert_eq!(v["type"], "colorpicker");
        assert_eq!(v["props"]["value"], "#00ff00");
    }
}
