//! Partial updates of an output (Gradio's `gr.update(...)`): a handler returns some of a
//! component's props, and maybe a new value, instead of only a value.
//!
//! The setters are typed per component (`Update::<Dropdown>::new().choices(...)` exists,
//! `Update::<Slider>::new().choices(...)` does not compile). On the wire an update is Gradio's
//! `{"__type__": "update", "visible": false, "value": ...}`, which the browser merges into the
//! component's props and gradio_client hands to its caller as it is.

use std::marker::PhantomData;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::component::{ComponentError, PythonType};
use crate::{
    Accordion, Block, Column, Component, CustomBlocks, FileData, Group, Row, Sidebar, Tab, Tabs,
};

/// The tag Gradio puts on an update in an event's output data.
pub const UPDATE_TYPE: &str = "update";

/// What an update can change: any component (its value is the component's), or a layout block
/// (which has none: `Update<Column>::value` can't be called with anything).
pub trait Updatable: Serialize + DeserializeOwned + Clone + Send + Sync + 'static {
    /// What an update's new value is: the component's [`Component::Value`]; none for a layout.
    type Value: Send + 'static;

    /// How the API describes it as an output.
    fn described(&self) -> Described;

    /// A value as wire data; `file` is called for each file in it (the server copies them into
    /// its cache and may refuse one).
    fn value_data(
        &self,
        value: Self::Value,
        file: &mut dyn FnMut(&mut FileData) -> Result<(), String>,
    ) -> Result<Value, ComponentError>;
}

/// An output as `/gradio_api/info` lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct Described {
    /// Gradio's class name (`"Textbox"`).
    pub class_name: &'static str,
    /// The label naming it.
    pub label: Option<String>,
    /// The JSON schema of its wire data.
    pub api_info: Value,
    /// How Python callers see its data.
    pub python_type: PythonType,
    /// An example of its wire data.
    pub example: Value,
    /// Kept out of the API (State, layouts).
    pub skip_api: bool,
    /// Whether its data can hold files.
    pub has_files: bool,
}

impl<C: Component> Updatable for C {
    type Value = C::Value;

    fn described(&self) -> Described {
        Described {
            class_name: C::CLASS_NAME,
            label: self.label().map(str::to_owned),
            api_info: self.api_info(),
            python_type: self.python_type(),
            example: self.example_payload(),
            skip_api: C::SKIP_API,
            has_files: C::HAS_FILES,
        }
    }

    fn value_data(
        &self,
        value: C::Value,
        file: &mut dyn FnMut(&mut FileData) -> Result<(), String>,
    ) -> Result<Value, ComponentError> {
        let mut data = self.postprocess(value)?;
        for f in C::files(&mut data) {
            file(f).map_err(ComponentError::Invalid)?;
        }
        serde_json::to_value(data).map_err(|e| ComponentError::Invalid(e.to_string()))
    }
}

/// Layouts: updates of their props (visible, open, selected, ...), never a value.
macro_rules! layouts_update {
    ($($l:ident),*) => {$(
        impl Updatable for $l {
            type Value = std::convert::Infallible;

            fn described(&self) -> Described {
                Described {
                    class_name: stringify!($l),
                    label: None,
                    api_info: Value::Null,
                    python_type: PythonType::new("None"),
                    example: Value::Null,
                    skip_api: true,
                    has_files: false,
                }
            }

            fn value_data(
                &self,
                value: Self::Value,
                _: &mut dyn FnMut(&mut FileData) -> Result<(), String>,
            ) -> Result<Value, ComponentError> {
                match value {}
            }
        }

        impl $l {
            /// A partial update of this layout, for a handler to return: `Column::update().visible(true)`.
            pub fn update() -> Update<$l> {
                Update::new()
            }
        }
    )*};
}

layouts_update!(Row, Column, Group, Accordion, Sidebar, Tabs, Tab);

/// What an update can change of an accordion or a sidebar besides the common props.
macro_rules! openable_update {
    ($($l:ident),*) => {$(
        impl Update<$l> {
            /// Opens (`true`) or shuts it.
            pub fn open(self, open: bool) -> Self {
                self.prop("open", open)
            }
            /// A new title.
            pub fn label(self, label: impl Into<String>) -> Self {
                self.prop("label", label.into())
            }
        }
    )*};
}

openable_update!(Accordion, Sidebar);

impl Update<Tab> {
    /// The tab's name in the strip; `visible` hides its button, `interactive(false)` greys it.
    pub fn label(self, label: impl Into<String>) -> Self {
        self.prop("label", label.into())
    }
}

impl Update<Tabs> {
    /// Shows the tab with this id (or, failing that, at this index), as Gradio's
    /// `gr.Tabs(selected=...)`.
    pub fn selected(self, id: impl Into<String>) -> Self {
        self.prop("selected", id.into())
    }
}

impl Update<Column> {
    /// A new narrowest width inside a Row, in pixels.
    pub fn min_width(self, px: u32) -> Self {
        self.prop("min_width", px)
    }
}

/// A partial update of a component of type `C`: the props it names change, the others stay as
/// they are; with a value, the value changes too.
pub struct Update<C: Updatable> {
    value: Option<C::Value>,
    props: Map<String, Value>,
    _component: PhantomData<fn() -> C>,
}

impl<C: Updatable> Default for Update<C> {
    fn default() -> Self {
        Update {
            value: None,
            props: Map::new(),
            _component: PhantomData,
        }
    }
}

impl<C: Updatable> std::fmt::Debug for Update<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Update")
            .field("value", &self.value.as_ref().map(|_| ".."))
            .field("props", &self.props)
            .finish()
    }
}

/// Components whose props include the common ones ([`crate::component::CommonProps`]: label,
/// info, show_label, min_width); [`crate::common_builders!`] implements it.
pub trait Labelled {}

impl<C: Updatable> Update<C> {
    /// Changes nothing (Gradio's `gr.update()`, or `gr.skip()`): the output stays as it is.
    pub fn new() -> Self {
        Self::default()
    }

    /// A new value, as the function would return it without an update.
    pub fn value(mut self, value: C::Value) -> Self {
        self.value = Some(value);
        self
    }

    /// Shows or hides it.
    pub fn visible(self, visible: bool) -> Self {
        self.prop("visible", visible)
    }

    /// Whether the person can edit it (a Button: click it).
    pub fn interactive(self, interactive: bool) -> Self {
        self.prop("interactive", interactive)
    }

    /// New HTML classes for its element, in place of the old ones.
    pub fn elem_classes<S: Into<String>>(self, classes: impl IntoIterator<Item = S>) -> Self {
        let classes: Vec<String> = classes.into_iter().map(Into::into).collect();
        self.prop("elem_classes", classes)
    }

    /// Relative width inside a Row.
    pub fn scale(self, scale: u32) -> Self {
        self.prop("scale", scale)
    }

    /// Sets prop `key` as the config names it. The typed setters use it; a custom component
    /// gives its own props typed setters through an extension trait that calls it.
    pub fn prop(mut self, key: &str, value: impl Serialize) -> Self {
        // Props are plain data: serializing them can't fail.
        let value = serde_json::to_value(value).unwrap_or(Value::Null);
        self.props.insert(key.to_owned(), value);
        self
    }

    /// The props it sets, as the config names them.
    pub fn props(&self) -> &Map<String, Value> {
        &self.props
    }

    /// The new value (if any) and the props.
    pub fn into_parts(self) -> (Option<C::Value>, Map<String, Value>) {
        (self.value, self.props)
    }
}

impl<C: Updatable + Labelled> Update<C> {
    /// A new label.
    pub fn label(self, label: impl Into<String>) -> Self {
        self.prop("label", label.into())
    }
    /// A new hint under the label.
    pub fn info(self, info: impl Into<String>) -> Self {
        self.prop("info", info.into())
    }
    /// Shows or hides the label.
    pub fn show_label(self, show: bool) -> Self {
        self.prop("show_label", show)
    }
    /// A new narrowest width inside a Row, in pixels.
    pub fn min_width(self, px: u32) -> Self {
        self.prop("min_width", px)
    }
}

impl<C: Updatable + crate::choices::HasChoices> Update<C> {
    /// New choices (Gradio's `gr.update(choices=...)`); later events check values against them.
    pub fn choices<T: Into<crate::Choice>>(self, choices: impl IntoIterator<Item = T>) -> Self {
        self.prop("choices", crate::choices::collect(choices))
    }
}

/// Whether `json` (one output's data) is an update rather than a value.
pub fn is_update(json: &Value) -> bool {
    json.get("__type__").and_then(Value::as_str) == Some(UPDATE_TYPE)
}

/// An update's wire form split in two: the props it sets, and its value's data if it has one.
pub fn split_update(json: &Value) -> Option<(Map<String, Value>, Option<Value>)> {
    if !is_update(json) {
        return None;
    }
    let mut props = json.as_object()?.clone();
    props.remove("__type__");
    let value = props.remove("value");
    Some((props, value))
}

/// Merges props into a component, as the browser does with an update; an update that names a
/// prop with data of the wrong shape is refused.
pub fn patch<C: Serialize + DeserializeOwned>(
    component: &C,
    props: &Map<String, Value>,
) -> Result<C, ComponentError> {
    let mut json = serde_json::to_value(component)
        .map_err(|e| ComponentError::Invalid(format!("the component's props: {e}")))?;
    merge(&mut json, props);
    C::deserialize(&json).map_err(|e| ComponentError::Invalid(format!("bad update: {e}")))
}

fn merge(json: &mut Value, props: &Map<String, Value>) {
    if let Value::Object(object) = json {
        for (key, value) in props {
            object.insert(key.clone(), value.clone());
        }
    }
}

impl<X: CustomBlocks> Block<X> {
    /// The block with an update's props merged in (layouts and statics too: their props are
    /// as flat as a component's).
    pub fn with_props(&self, props: &Map<String, Value>) -> Result<Block<X>, serde_json::Error> {
        let mut json = serde_json::to_value(self)?;
        if let Some(inner) = json.get_mut("props") {
            merge(inner, props);
        }
        serde::Deserialize::deserialize(json)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Button, ButtonVariant, CheckboxGroup, Dropdown, Number, Radio, Slider, Textbox};

    fn applied<C: Updatable>(c: C, update: Update<C>) -> C {
        patch(&c, update.props()).expect("the props fit")
    }

    #[test]
    fn a_blocks_props_take_an_update() {
        let block = Block::from(Textbox::new().label("a"));
        let patched = block
            .with_props(Update::<Textbox>::new().visible(false).props())
            .unwrap();
        let Block::Textbox(t) = patched else {
            panic!("still a textbox")
        };
        assert!(!t.common.visible);
        assert_eq!(t.common.label.as_deref(), Some("a"));
    }

    #[test]
    fn common_props_reach_the_component() {
        let t = applied(
            Textbox::new(),
            Update::<Textbox>::new()
                .visible(false)
                .interactive(false)
                .label("Name")
                .info("first")
                .show_label(false)
                .scale(3)
                .min_width(80)
                .elem_classes(["x"]),
        );
        assert!(!t.common.visible);
        assert_eq!(t.common.interactive, Some(false));
        assert_eq!(t.common.label.as_deref(), Some("Name"));
        assert_eq!(t.common.info.as_deref(), Some("first"));
        assert!(!t.common.show_label);
        assert_eq!((t.common.scale, t.common.min_width), (Some(3), 80));
        assert_eq!(t.common.elem_classes, ["x"]);
    }

    #[test]
    fn component_props_reach_the_component() {
        let t = applied(
            Textbox::new(),
            Update::<Textbox>::new()
                .placeholder("Say")
                .lines(4)
                .max_lines(9),
        );
        assert_eq!(
            (t.placeholder.as_deref(), t.lines, t.max_lines),
            (Some("Say"), 4, Some(9))
        );
        let d = applied(
            Dropdown::new(["a"]),
            Update::<Dropdown>::new().choices(["x", "y"]),
        );
        assert_eq!(d.choices, crate::choices::collect(["x", "y"]));
        let r = applied(
            Radio::new(["a"]),
            Update::<Radio>::new().choices([("One", "1")]),
        );
        assert_eq!(r.choices[0].label(), "One");
        let g = applied(
            CheckboxGroup::new(["a"]),
            Update::<CheckboxGroup>::new().choices(["b"]),
        );
        assert_eq!(g.choices[0].value(), "b");
        let s = applied(
            Slider::new(0.0, 1.0),
            Update::<Slider>::new().minimum(-5.0).maximum(5.0).step(0.5),
        );
        assert_eq!((s.minimum, s.maximum, s.step), (-5.0, 5.0, 0.5));
        let n = applied(Number::new(), Number::update().minimum(1.0).maximum(2.0));
        assert_eq!((n.minimum, n.maximum), (Some(1.0), Some(2.0)));
        let b = applied(
            Button::new("Go"),
            Button::update()
                .variant(ButtonVariant::Stop)
                .interactive(false)
                .visible(false),
        );
        assert_eq!(b.variant, ButtonVariant::Stop);
        assert!(!b.interactive && !b.visible);
    }

    #[test]
    fn layouts_take_updates_of_their_props() {
        use crate::{Accordion, Column};
        let c = applied(
            Column::new().visible(false),
            Column::update().visible(true).scale(2),
        );
        assert!(c.visible);
        assert_eq!(c.scale, 2);
        let a = applied(
            Accordion::new("More"),
            Accordion::update().open(false).label("Less"),
        );
        assert!(!a.open);
        assert_eq!(a.label.as_deref(), Some("Less"));
        let t = applied(crate::Tabs::new(), crate::Tabs::update().selected("b"));
        assert_eq!(t.selected.as_deref(), Some("b"));
        let tab = applied(
            crate::Tab::new("Extras").visible(false),
            crate::Tab::update()
                .label("More")
                .visible(true)
                .interactive(false),
        );
        assert_eq!(tab.label, "More");
        assert!(tab.visible && !tab.interactive);
        assert!(Column::new().described().skip_api);
        assert!(!crate::Textbox::new().described().skip_api);
    }

    #[test]
    fn the_wire_form_splits_into_props_and_value() {
        let json = serde_json::json!({"__type__": "update", "visible": false, "value": "x"});
        let (props, value) = split_update(&json).unwrap();
        assert_eq!(props.get("visible"), Some(&Value::Bool(false)));
        assert_eq!(value, Some(Value::from("x")));
        assert!(split_update(&serde_json::json!({"visible": false})).is_none());
        assert!(split_update(&serde_json::json!("update")).is_none());
    }

    #[test]
    fn a_prop_of_the_wrong_shape_is_refused() {
        let bad = Update::<Slider>::new().prop("maximum", "lots");
        let err = patch(&Slider::new(0.0, 1.0), bad.props()).unwrap_err();
        assert!(err.to_string().contains("bad update"), "{err}");
    }
}
