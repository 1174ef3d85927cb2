//! Dropdown: one value (or, with `.multiselect()`, several) picked from a list, optionally with
//! values the person types in.
//!
//! Single and multi-select are different types, so a function's argument is `Option<String>`
//! for one and `Vec<String>` for the other and a mix-up is a compile error.

use std::marker::PhantomData;

use derive_setters::Setters;
use serde::{Deserialize, Serialize};

use crate::choices::{self, Choice};
use crate::component::{common_builders, CommonProps, Component, ComponentError, PythonType};
use crate::events::{Blurrable, Changeable, Focusable, Inputtable};
use crate::Block;

/// Marker: the dropdown picks one value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct One;
/// Marker: the dropdown picks several values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Many;

/// What a dropdown holds on the wire: a value or `null`, or a list when multi-select.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum DropdownValue {
    /// The values picked, in a multi-select dropdown.
    Many(Vec<String>),
    /// The value picked, or `None` (`null`).
    One(Option<String>),
}

impl DropdownValue {
    /// The picked values, whichever the form.
    pub fn picked(&self) -> Vec<String> {
        match self {
            DropdownValue::Many(v) => v.clone(),
            DropdownValue::One(v) => v.iter().cloned().collect(),
        }
    }
}

impl Default for DropdownValue {
    fn default() -> Self {
        DropdownValue::One(None)
    }
}

/// A dropdown's props; `M` is [`One`] or [`Many`]: whether it picks one value or several.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Setters)]
#[serde(bound = "")]
pub struct Dropdown<M = One> {
    /// The options listed, each shown by its label; the function gets its value.
    #[setters(skip)]
    pub choices: Vec<Choice>,
    /// The value (or values) picked at first.
    #[serde(default)]
    #[setters(skip)]
    pub value: DropdownValue,
    /// Whether several values may be picked ([`Dropdown::multiselect`] sets it).
    #[serde(default)]
    #[setters(skip)]
    pub multiselect: bool,
    /// Values typed in by the person are accepted too (not only the choices).
    #[serde(default)]
    pub allow_custom_value: bool,
    /// Whether typing filters the list.
    #[serde(default = "yes")]
    pub filterable: bool,
    /// At most this many values may be picked (multi-select only; `None`: any number).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[setters(skip)]
    pub max_choices: Option<usize>,
    /// The props every component has.
    #[serde(flatten)]
    #[setters(skip)]
    pub common: CommonProps,
    #[serde(skip)]
    #[setters(skip)]
    _mode: PhantomData<M>,
}

fn yes() -> bool {
    true
}

impl Default for Dropdown<One> {
    fn default() -> Self {
        Dropdown {
            choices: Vec::new(),
            value: DropdownValue::One(None),
            multiselect: false,
            allow_custom_value: false,
            filterable: true,
            max_choices: None,
            common: CommonProps::default(),
            _mode: PhantomData,
        }
    }
}

impl Dropdown<One> {
    /// A single-select dropdown over `choices` (values or `(label, value)` pairs), with the
    /// first one picked, as in Gradio.
    pub fn new<C: Into<Choice>>(choices: impl IntoIterator<Item = C>) -> Self {
        let choices = choices::collect(choices);
        Dropdown {
            value: DropdownValue::One(choices.first().map(|c| c.value().to_owned())),
            choices,
            ..Self::default()
        }
    }
    /// Nothing picked at first (the person sees a "Pick one" prompt).
    // Not derived: a shorthand that takes no value.
    pub fn nothing_picked(mut self) -> Self {
        self.value = DropdownValue::One(None);
        self
    }
    /// The value picked at first.
    // Not derived: wraps it in the single form of `DropdownValue`.
    pub fn value(mut self, value: impl Into<String>) -> Self {
        self.value = DropdownValue::One(Some(value.into()));
        self
    }
    /// Several values may be picked (none at first); the function then gets a `Vec<String>`.
    // Not derived: changes the type, and two fields.
    pub fn multiselect(self) -> Dropdown<Many> {
        Dropdown {
            value: DropdownValue::Many(Vec::new()),
            multiselect: true,
            choices: self.choices,
            allow_custom_value: self.allow_custom_value,
            filterable: self.filterable,
            max_choices: self.max_choices,
            common: self.common,
            _mode: PhantomData,
        }
    }
}

impl Dropdown<Many> {
    /// The values picked at first.
    // Not derived: takes any strings, as an iterator, into the list form of `DropdownValue`.
    pub fn value<S: Into<String>>(mut self, values: impl IntoIterator<Item = S>) -> Self {
        self.value = DropdownValue::Many(values.into_iter().map(Into::into).collect());
        self
    }
    /// At most this many values may be picked.
    // Not derived: only a multi-select dropdown has it.
    pub fn max_choices(mut self, max: usize) -> Self {
        self.max_choices = Some(max);
        self
    }
}

impl<M> Dropdown<M> {
    fn check(&self, value: &str) -> Result<(), ComponentError> {
        if self.allow_custom_value {
            Ok(())
        } else {
            choices::check(&self.choices, value)
        }
    }

    fn value_schema(&self) -> serde_json::Value {
        if self.allow_custom_value {
            serde_json::json!({"type": "string"})
        } else {
            serde_json::json!({"type": "string", "enum": choices::values(&self.choices)})
        }
    }

    fn multi_api_info(&self) -> serde_json::Value {
        serde_json::json!({"items": self.value_schema(), "title": "Dropdown", "type": "array"})
    }

    fn multi_example(&self) -> serde_json::Value {
        serde_json::json!(self
            .choices
            .first()
            .map(|c| vec![c.value()])
            .unwrap_or_default())
    }

    fn value_python_type(&self) -> String {
        if self.allow_custom_value {
            "str".to_owned()
        } else {
            choices::literal(&self.choices)
        }
    }

    fn erase(self) -> Dropdown<One> {
        Dropdown {
            choices: self.choices,
            value: self.value,
            multiselect: self.multiselect,
            allow_custom_value: self.allow_custom_value,
            filterable: self.filterable,
            max_choices: self.max_choices,
            common: self.common,
            _mode: PhantomData,
        }
    }
}

common_builders!(Dropdown<One>);
common_builders!(Dropdown<Many>);

/// In the config both kinds are one `dropdown` block; `multiselect` tells them apart.
impl From<Dropdown<Many>> for Block {
    fn from(d: Dropdown<Many>) -> Block {
        Block::Dropdown(d.erase())
    }
}

impl Component for Dropdown<One> {
    /// `null` when nothing is picked.
    type Data = Option<String>;
    type Value = Option<String>;
    const CLASS_NAME: &'static str = "Dropdown";
    const FORM: bool = true;
    const EXPECTS: &'static str = "a string or null";

    /// Shown by the choice's label.
    fn process_example(&self, data: &Self::Data) -> serde_json::Value {
        crate::choices::example(&self.choices, data)
    }
    fn label(&self) -> Option<&str> {
        self.common.label.as_deref()
    }
    fn initial_data(&self) -> Option<String> {
        self.value.picked().into_iter().next()
    }
    fn preprocess(&self, data: Option<String>) -> Result<Option<String>, ComponentError> {
        if let Some(v) = &data {
            self.check(v)?;
        }
        Ok(data)
    }
    /// Any value is shown, as in Gradio (the choices may change with the value).
    fn postprocess(&self, value: Option<String>) -> Result<Option<String>, ComponentError> {
        Ok(value)
    }
    // The config holds both kinds as this type; a multi-select one describes itself as such.
    fn api_info(&self) -> serde_json::Value {
        if self.multiselect {
            return self.multi_api_info();
        }
        let mut schema = self.value_schema();
        schema["title"] = "Dropdown".into();
        schema
    }
    fn python_type(&self) -> PythonType {
        if self.multiselect {
            return PythonType::new(&format!("List[{}]", self.value_python_type()));
        }
        PythonType::new(&self.value_python_type())
    }
    fn example_payload(&self) -> serde_json::Value {
        if self.multiselect {
            return self.multi_example();
        }
        serde_json::json!(self.choices.first().map(Choice::value))
    }
}

impl Component for Dropdown<Many> {
    type Data = Vec<String>;
    type Value = Vec<String>;
    const CLASS_NAME: &'static str = "Dropdown";
    const FORM: bool = true;
    const EXPECTS: &'static str = "a list of strings";

    /// Shown by the choice's label.
    fn process_example(&self, data: &Self::Data) -> serde_json::Value {
        crate::choices::example(&self.choices, data)
    }
    fn label(&self) -> Option<&str> {
        self.common.label.as_deref()
    }
    fn initial_data(&self) -> Vec<String> {
        self.value.picked()
    }
    fn preprocess(&self, data: Vec<String>) -> Result<Vec<String>, ComponentError> {
        data.iter().try_for_each(|v| self.check(v))?;
        if let Some(max) = self.max_choices.filter(|&max| data.len() > max) {
            return Err(ComponentError::Invalid(format!(
                "{} values picked; at most {max} may be",
                data.len()
            )));
        }
        Ok(data)
    }
    /// Any values are shown, as in Gradio (the choices may change with them).
    fn postprocess(&self, value: Vec<String>) -> Result<Vec<String>, ComponentError> {
        Ok(value)
    }
    /// `null` is nothing picked.
    fn parse_data(&self, json: serde_json::Value) -> Result<Vec<String>, ComponentError> {
        choices::parse_picked(json, Self::EXPECTS)
    }
    fn api_info(&self) -> serde_json::Value {
        self.multi_api_info()
    }
    fn python_type(&self) -> PythonType {
        PythonType::new(&format!("List[{}]", self.value_python_type()))
    }
    fn example_payload(&self) -> serde_json::Value {
        self.multi_example()
    }
}

/// New choices come by [`crate::Update::choices`].
impl<M> crate::choices::HasChoices for Dropdown<M> {}

// The events they have: each gives the builder its listener method (`.change(...)`, ...).
impl Changeable for Dropdown {}
impl Inputtable for Dropdown {}
impl Focusable for Dropdown {}
impl Blurrable for Dropdown {}
impl Changeable for Dropdown<Many> {}
impl Inputtable for Dropdown<Many> {}
impl Focusable for Dropdown<Many> {}
impl Blurrable for Dropdown<Many> {}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn single_checks_choices_unless_custom_values_are_allowed() {
        let d = Dropdown::new(["a", "b"]);
        assert_eq!(
            d.preprocess(d.parse_data(json!("b")).unwrap()),
            Ok(Some("b".into()))
        );
        assert_eq!(d.preprocess(d.parse_data(json!(null)).unwrap()), Ok(None));
        assert!(d.preprocess(Some("z".into())).is_err());
        assert!(d.parse_data(json!(["a"])).is_err());
        let custom = Dropdown::new(["a"]).allow_custom_value(true);
        assert_eq!(custom.preprocess(Some("z".into())), Ok(Some("z".into())));
        assert_eq!(
            custom.api_info(),
            json!({"type": "string", "title": "Dropdown"})
        );
    }

    #[test]
    fn multi_takes_lists_within_choices_and_max() {
        let d = Dropdown::new(["a", "b", "c"]).multiselect().max_choices(2);
        let data = d.parse_data(json!(["a", "c"])).unwrap();
        assert_eq!(d.preprocess(data), Ok(vec!["a".into(), "c".into()]));
        assert_eq!(
            d.preprocess(vec!["a".into(), "b".into(), "c".into()])
                .unwrap_err()
                .to_string(),
            "3 values picked; at most 2 may be"
        );
        assert!(d.preprocess(vec!["x".into()]).is_err());
        assert!(d.parse_data(json!("a")).is_err());
        assert_eq!(d.parse_data(json!(null)), Ok(vec![]));
        // In the config it is the erased single type, which still describes a list.
        let Block::Dropdown(erased) = Block::from(d.clone()) else {
            panic!()
        };
        assert_eq!(erased.api_info(), d.api_info());
        assert_eq!(erased.python_type(), d.python_type());
        assert_eq!(d.python_type().type_name, "List[Literal['a', 'b', 'c']]");
        assert_eq!(
            d.api_info(),
            json!({"items": {"type": "string", "enum": ["a", "b", "c"]}, "title": "Dropdown", "type": "array"})
        );
    }

    #[test]
    fn both_kinds_are_one_config_block() {
        let single = serde_json::to_value(Block::from(Dropdown::new(["a"]).value("a"))).unwrap();
        assert_eq!(single["type"], "dropdown");
        assert_eq!(single["props"]["value"], "a");
        assert_eq!(single["props"]["multiselect"], false);
        let multi = serde_json::to_value(Block::from(
            Dropdown::new(["a", "b"]).multiselect().value(["b"]),
        ))
        .unwrap();
        assert_eq!(multi["props"]["value"], json!(["b"]));
        assert_eq!(multi["props"]["multiselect"], true);
        let back: Block = serde_json::from_value(multi).unwrap();
        let Block::Dropdown(d) = back else { panic!() };
        assert_eq!(d.value.picked(), vec!["b".to_owned()]);
    }
}
