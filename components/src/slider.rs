//! Slider: a number picked between a minimum and a maximum.

use derive_setters::Setters;
use serde::{Deserialize, Serialize};

use crate::component::{common_builders, CommonProps, Component, ComponentError, PythonType};
use crate::events::{Changeable, Inputtable, Releasable};

/// A slider's props; its wire value is a number within `minimum..=maximum`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Setters)]
pub struct Slider {
    /// Where the handle starts.
    pub value: f64,
    /// The value at the track's left end (set by [`Slider::new`]).
    #[setters(skip)]
    pub minimum: f64,
    /// The value at the track's right end (set by [`Slider::new`]).
    #[setters(skip)]
    pub maximum: f64,
    /// How far one move of the handle goes: the values it takes are `minimum + k × step`.
    pub step: f64,
    /// The props every component has.
    #[serde(flatten)]
    #[setters(skip)]
    pub common: CommonProps,
}

impl Default for Slider {
    fn default() -> Self {
        Slider {
            value: 0.0,
            minimum: 0.0,
            maximum: 100.0,
            step: 1.0,
            common: CommonProps::default(),
        }
    }
}

impl Slider {
    /// A slider from `minimum` to `maximum`, starting at `minimum`.
    pub fn new(minimum: f64, maximum: f64) -> Self {
        Slider {
            value: minimum,
            minimum,
            maximum,
            ..Self::default()
        }
    }
    fn range(&self) -> String {
        format!(
            "numeric value between {} and {}",
            self.minimum, self.maximum
        )
    }
}
common_builders!(Slider);

impl Component for Slider {
    type Data = f64;
    type Value = f64;
    const CLASS_NAME: &'static str = "Slider";
    /// `release`: the person let go of the handle.
    const FORM: bool = true;
    const EXPECTS: &'static str = "a number";

    fn label(&self) -> Option<&str> {
        self.common.label.as_deref()
    }
    fn initial_data(&self) -> f64 {
        self.value
    }
    fn preprocess(&self, x: f64) -> Result<f64, ComponentError> {
        if x < self.minimum || x > self.maximum {
            return Err(ComponentError::Invalid(format!(
                "{x} is not a {}",
                self.range()
            )));
        }
        Ok(x)
    }
    fn postprocess(&self, value: f64) -> Result<f64, ComponentError> {
        if !value.is_finite() {
            return Err(ComponentError::Invalid(format!(
                "{value} is not a finite number"
            )));
        }
        // A slider can't show a value outside its track: clamp, as Gradio's does. (An update
        // may have left the track upside down; `clamp` would panic on it.)
        if self.minimum > self.maximum {
            return Err(ComponentError::Invalid(format!(
                "the slider's minimum {} is above its maximum {}",
                self.minimum, self.maximum
            )));
        }
        Ok(value.clamp(self.minimum, self.maximum))
    }
    fn api_info(&self) -> serde_json::Value {
        serde_json::json!({"type": "number", "description": self.range()})
    }
    fn python_type(&self) -> PythonType {
        PythonType {
            type_name: "float".to_owned(),
            description: self.range(),
        }
    }
    fn example_payload(&self) -> serde_json::Value {
        serde_json::json!(self.minimum)
    }
}

/// What an update can change besides the common props.
impl crate::Update<Slider> {
    /// A new left end of the track.
    pub fn minimum(self, minimum: f64) -> Self {
        self.prop("minimum", minimum)
    }
    /// A new right end of the track.
    pub fn maximum(self, maximum: f64) -> Self {
        self.prop("maximum", maximum)
    }
    /// A new step between the values the handle takes.
    pub fn step(self, step: f64) -> Self {
        self.prop("step", step)
    }
}

// The events it has: each gives the builder its listener method (`.click(...)`, ...).
impl Changeable for Slider {}
impl Inputtable for Slider {}
impl Releasable for Slider {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Block;
    use serde_json::json;

    #[test]
    fn takes_numbers_inside_its_range_only() {
        let s = Slider::new(0.0, 10.0).label("x");
        assert_eq!(s.preprocess(s.parse_data(json!(3)).unwrap()), Ok(3.0));
        assert_eq!(
            s.preprocess(11.0).unwrap_err().to_string(),
            "11 is not a numeric value between 0 and 10"
        );
        assert!(s.parse_data(json!("3")).is_err());
        assert!(s.parse_data(json!(null)).is_err());
    }

    #[test]
    fn an_upside_down_track_is_an_error_not_a_panic() {
        let s = Slider::new(5.0, 1.0);
        assert!(s.postprocess(3.0).is_err());
    }

    #[test]
    fn outputs_are_clamped_to_the_track() {
        let s = Slider::new(0.0, 10.0);
        assert_eq!(s.postprocess(12.0), Ok(10.0));
        assert!(s.postprocess(f64::NAN).is_err());
    }

    #[test]
    fn describes_itself_for_api_callers() {
        let s = Slider::new(1.0, 5.0).value(2.0);
        assert_eq!(
            s.api_info(),
            json!({"type": "number", "description": "numeric value between 1 and 5"})
        );
        assert_eq!(s.python_type().type_name, "float");
        let props = serde_json::to_value(Block::from(s)).unwrap();
        assert_eq!(props["type"], "slider");
        assert_eq!(props["props"]["value"], 2.0);
        assert_eq!(props["props"]["maximum"], 5.0);
    }
}
