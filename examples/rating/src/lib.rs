//! A custom component, built outside Ferrio's core with the public contract only: a star
//! rating input. Everything a built-in component has, it has too:
//!
//! 1. props and a data model (`Rating`, wire data `u8`),
//! 2. the [`Component`] contract (preprocess / postprocess / api_info / example / events),
//! 3. [`CustomComponent`] (its config `type`),
//! 4. a Leptos view ([`view::RatingView`]).
//!
//! An app lists it in its registry with `ferrio_components::custom_blocks!` and maps the
//! registry to views with `ferrio_app::CustomViews` (see the `ferrio-demo` crate).

use ferrio_components::component::{CommonProps, Component, ComponentError, PythonType};
use ferrio_components::events::{Changeable, Inputtable};
use ferrio_components::{common_builders, CustomComponent, Update};
use serde::{Deserialize, Serialize};

pub mod view;

/// `max` stars, of which the person picks some (0: not rated yet).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rating {
    /// The stars picked (0: not rated yet), in the config's props as Gradio puts a value.
    #[serde(default)]
    pub value: u8,
    /// How many stars there are to pick from.
    pub max: u8,
    /// The props every component has (label, info, visible, interactive, ...), set with the
    /// builders `common_builders!` adds.
    #[serde(flatten)]
    pub common: CommonProps,
}

impl Default for Rating {
    fn default() -> Self {
        Rating {
            value: 0,
            max: 5,
            common: CommonProps::default(),
        }
    }
}

impl Rating {
    /// Five stars, none picked.
    pub fn new() -> Self {
        Self::default()
    }
    /// How many stars there are (at least 1).
    pub fn max(mut self, max: u8) -> Self {
        self.max = max.max(1);
        self
    }
    /// The stars picked at first (at most `max`).
    pub fn value(mut self, stars: u8) -> Self {
        self.value = stars.min(self.max);
        self
    }

    fn check(&self, stars: u8) -> Result<u8, ComponentError> {
        if stars > self.max {
            return Err(ComponentError::Invalid(format!(
                "{stars} stars is more than the {} there are",
                self.max
            )));
        }
        Ok(stars)
    }
}
common_builders!(Rating);

impl Component for Rating {
    type Data = u8;
    type Value = u8;
    const CLASS_NAME: &'static str = "Rating";
    const FORM: bool = true;
    const EXPECTS: &'static str = "a whole number of stars";

    fn label(&self) -> Option<&str> {
        self.common.label.as_deref()
    }
    fn initial_data(&self) -> u8 {
        self.value
    }
    fn preprocess(&self, stars: u8) -> Result<u8, ComponentError> {
        self.check(stars)
    }
    fn postprocess(&self, stars: u8) -> Result<u8, ComponentError> {
        self.check(stars)
    }
    fn api_info(&self) -> serde_json::Value {
        serde_json::json!({
            "type": "integer",
            "description": format!("stars, from 0 to {}", self.max),
        })
    }
    fn python_type(&self) -> PythonType {
        PythonType {
            type_name: "int".into(),
            description: format!("stars, from 0 to {}", self.max),
        }
    }
    fn example_payload(&self) -> serde_json::Value {
        serde_json::json!(self.max)
    }
}

impl CustomComponent for Rating {
    const TYPE_NAME: &'static str = "rating";
}

/// Its own props in an update (`Rating::update().max(10)`): an extension trait, since `Update`
/// is Ferrio's type; the common ones (`visible`, `label`, ...) come with `common_builders!`.
pub trait RatingUpdate {
    /// How many stars there are (at least 1).
    fn max(self, max: u8) -> Self;
}

impl RatingUpdate for Update<Rating> {
    fn max(self, max: u8) -> Self {
        self.prop("max", max.max(1))
    }
}

// Its events: the builder offers `stars.change(...)` and `stars.input(...)`.
impl Changeable for Rating {}
impl Inputtable for Rating {}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_update_changes_its_own_props_and_the_common_ones() {
        let update = Rating::update().max(10).label("Out of ten").visible(true);
        let r = ferrio_components::update::patch(&Rating::new(), update.props()).unwrap();
        assert_eq!(r.max, 10);
        assert_eq!(r.common.label.as_deref(), Some("Out of ten"));
        // Eight stars: too many for the declared five, fine for the updated ten.
        assert!(Rating::new().preprocess(8).is_err());
        assert_eq!(r.preprocess(8), Ok(8));
    }

    #[test]
    fn stars_within_the_maximum_only() {
        let r = Rating::new().max(3).label("Stars");
        assert_eq!(r.preprocess(r.parse_data(json!(2)).unwrap()), Ok(2));
        assert_eq!(
            r.preprocess(4).unwrap_err().to_string(),
            "4 stars is more than the 3 there are"
        );
        assert!(r.parse_data(json!(-1)).is_err());
        assert!(r.parse_data(json!("3")).is_err());
        assert!(r.postprocess(9).is_err());
    }

    #[test]
    fn flags_and_describes_itself() {
        let r = Rating::new().value(4);
        assert_eq!(r.read_from_flag(&r.flag(&4)), Ok(4));
        assert_eq!(r.api_info()["type"], "integer");
        assert_eq!(r.initial_data(), 4);
        let props = serde_json::to_value(&r).unwrap();
        assert_eq!(props["max"], 5);
        assert_eq!(props["show_label"], true);
    }
}
