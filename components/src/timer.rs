//! Timer: fires `tick` every `value` seconds while `active`; it shows nothing (Gradio's
//! `gr.Timer`). As an input it gives its interval, as an output it sets it.

use derive_setters::Setters;
use serde::{Deserialize, Serialize};

use crate::component::{Component, ComponentError, PythonType};
use crate::events::Tickable;

/// The shortest interval the page runs (Gradio's frontend has none: 0 would spin).
pub const MIN_INTERVAL: f64 = 0.05;

/// A timer's props; its wire value is its interval, in seconds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Setters)]
pub struct Timer {
    /// Seconds between ticks.
    #[serde(default = "one_second")]
    #[setters(skip)]
    pub value: f64,
    /// Starts stopped (`false`) or running (`true`, the default).
    #[serde(default = "yes")]
    pub active: bool,
}

fn one_second() -> f64 {
    1.0
}

fn yes() -> bool {
    true
}

impl Default for Timer {
    fn default() -> Self {
        Timer {
            value: one_second(),
            active: true,
        }
    }
}

impl Timer {
    /// Ticks every `seconds` (at least [`MIN_INTERVAL`]).
    pub fn new(seconds: f64) -> Self {
        Timer {
            value: seconds,
            active: true,
        }
    }
}

fn interval(seconds: f64) -> Result<f64, ComponentError> {
    if seconds.is_finite() && seconds >= MIN_INTERVAL {
        Ok(seconds)
    } else {
        Err(ComponentError::Invalid(format!(
            "{seconds} is not an interval of at least {MIN_INTERVAL} s"
        )))
    }
}

impl Component for Timer {
    type Data = f64;
    type Value = f64;
    const CLASS_NAME: &'static str = "Timer";
    const EXPECTS: &'static str = "an interval in seconds";

    fn label(&self) -> Option<&str> {
        None
    }
    fn initial_data(&self) -> f64 {
        self.value.max(MIN_INTERVAL)
    }
    fn preprocess(&self, seconds: f64) -> Result<f64, ComponentError> {
        interval(seconds)
    }
    fn postprocess(&self, seconds: f64) -> Result<f64, ComponentError> {
        interval(seconds)
    }
    fn api_info(&self) -> serde_json::Value {
        serde_json::json!({"type": "number"})
    }
    fn python_type(&self) -> PythonType {
        PythonType::new("float")
    }
    fn example_payload(&self) -> serde_json::Value {
        serde_json::json!(1.0)
    }
}

// The events it has: each gives the builder its listener method (`.click(...)`, ...).
impl Tickable for Timer {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Block;
    use serde_json::json;

    #[test]
    fn intervals_are_positive_seconds() {
        let t = Timer::new(0.5);
        assert_eq!(t.preprocess(2.0), Ok(2.0));
        assert_eq!(t.postprocess(0.25), Ok(0.25));
        for bad in [0.0, -1.0, 0.01, f64::NAN, f64::INFINITY] {
            assert!(t.postprocess(bad).is_err(), "{bad}");
        }
        assert!(t.parse_data(json!("soon")).is_err());
        assert_eq!(Timer::new(0.0).initial_data(), MIN_INTERVAL);
    }

    #[test]
    fn config_shape_is_gradios() {
        let v = serde_json::to_value(Block::from(Timer::new(2.0).active(false))).unwrap();
        assert_eq!(v["type"], "timer");
        assert_eq!(v["props"]["value"], 2.0);
        assert_eq!(v["props"]["active"], false);
        let back: Block = serde_json::from_value(json!({"type": "timer", "props": {}})).unwrap();
        assert_eq!(back, Block::from(Timer::default()));
    }
}
