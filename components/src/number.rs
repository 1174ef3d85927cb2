//! Number: a numeric input or output.

use derive_setters::Setters;
use serde::{Deserialize, Serialize};

use crate::component::{common_builders, CommonProps, Component, ComponentError, PythonType};
use crate::events::{Blurrable, Changeable, Focusable, Inputtable, Submittable};

/// A number box's props; its wire value is a number, or `null` for an empty box.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Setters)]
#[setters(strip_option)]
pub struct Number {
    /// The number shown at first (`None`: an empty box).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    /// Smaller inputs are refused (`None`: no bound).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum: Option<f64>,
    /// Larger inputs are refused (`None`: no bound).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum: Option<f64>,
    /// Decimal places the value is rounded to; `Some(0)` makes an integer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precision: Option<u32>,
    /// How much the box's arrows (and arrow keys) add or take away.
    #[serde(default = "one")]
    pub step: f64,
    /// The props every component has.
    #[serde(flatten)]
    #[setters(skip)]
    pub common: CommonProps,
}

fn one() -> f64 {
    1.0
}

impl Default for Number {
    fn default() -> Self {
        Number {
            value: None,
            minimum: None,
            maximum: None,
            precision: None,
            step: 1.0,
            common: CommonProps::default(),
        }
    }
}

impl Number {
    /// An empty box for any number.
    pub fn new() -> Self {
        Self::default()
    }

    fn round(&self, x: f64) -> f64 {
        match self.precision {
            Some(p) => {
                let k = 10f64.powi(p as i32);
                (x * k).round() / k
            }
            None => x,
        }
    }
}
common_builders!(Number);

impl Component for Number {
    /// `null` is a valid wire value (an empty box); the function only ever sees a number.
    type Data = Option<f64>;
    type Value = f64;
    const CLASS_NAME: &'static str = "Number";
    const FORM: bool = true;
    const EXPECTS: &'static str = "a number";

    fn label(&self) -> Option<&str> {
        self.common.label.as_deref()
    }
    fn initial_data(&self) -> Option<f64> {
        self.value
    }
    fn preprocess(&self, data: Option<f64>) -> Result<f64, ComponentError> {
        let x = data.ok_or_else(|| ComponentError::Invalid("a number is required".into()))?;
        if let Some(min) = self.minimum.filter(|&min| x < min) {
            return Err(ComponentError::Invalid(format!(
                "{x} is less than the minimum {min}"
            )));
        }
        if let Some(max) = self.maximum.filter(|&max| x > max) {
            return Err(ComponentError::Invalid(format!(
                "{x} is greater than the maximum {max}"
            )));
        }
        Ok(self.round(x))
    }
    fn postprocess(&self, value: f64) -> Result<Option<f64>, ComponentError> {
        if !value.is_finite() {
            // JSON has no NaN or infinity; say so rather than send `null` silently.
            return Err(ComponentError::Invalid(format!(
                "{value} is not a finite number"
            )));
        }
        Ok(Some(self.round(value)))
    }
    fn api_info(&self) -> serde_json::Value {
        serde_json::json!({"type": "number"})
    }
    fn python_type(&self) -> PythonType {
        PythonType::new("float")
    }
    fn example_payload(&self) -> serde_json::Value {
        serde_json::json!(3)
    }
}

/// What an update can change besides the common props.
impl crate::Update<Number> {
    /// A new lower bound.
    pub fn minimum(self, minimum: f64) -> Self {
        self.prop("minimum", minimum)
    }
    /// A new upper bound.
    pub fn maximum(self, maximum: f64) -> Self {
        self.prop("maximum", maximum)
    }
}

// The events it has: each gives the builder its listener method (`.click(...)`, ...).
impl Changeable for Number {}
impl Inputtable for Number {}
impl Submittable for Number {}
impl Focusable for Number {}
impl Blurrable for Number {}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn accepts_integers_and_floats() {
        let n = Number::new();
        assert_eq!(n.preprocess(n.parse_data(json!(2)).unwrap()), Ok(2.0));
        assert_eq!(n.preprocess(n.parse_data(json!(3.5)).unwrap()), Ok(3.5));
    }

    #[test]
    fn refuses_strings_empty_and_out_of_range() {
        let n = Number::new().label("a").minimum(0.0).maximum(10.0);
        assert_eq!(
            n.parse_data(json!("3")).unwrap_err().to_string(),
            "expected a number, got \"3\""
        );
        assert_eq!(
            n.preprocess(None).unwrap_err().to_string(),
            "a number is required"
        );
        assert!(n.preprocess(Some(-1.0)).is_err());
        assert!(n.preprocess(Some(11.0)).is_err());
    }

    #[test]
    fn precision_rounds_both_ways_and_nan_is_refused() {
        let n = Number::new().precision(1);
        assert_eq!(n.preprocess(Some(1.26)), Ok(1.3));
        assert_eq!(n.postprocess(2.04), Ok(Some(2.0)));
        assert!(n.postprocess(f64::NAN).is_err());
    }
}
