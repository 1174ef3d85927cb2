//! The component contract: how a component's wire data becomes the value a user's function sees,
//! and back. Gradio's custom-component backend (`data_model`, `preprocess`, `postprocess`,
//! `api_info`), in Rust.

use schemars::JsonSchema;
use serde::{de::DeserializeOwned, Deserialize, Serialize};

/// Why a value could not cross between the wire and a user's function. The message is shown to
/// the person (or the API caller), so it says what was expected.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ComponentError {
    /// The JSON is not of the component's wire type (a string where a number goes).
    #[error("expected {expected}, got {got}")]
    WrongType {
        /// The wire type, in words (the component's [`Component::EXPECTS`]).
        expected: &'static str,
        /// The JSON received, cut to 80 characters.
        got: String,
    },
    /// The value has the right type but is refused (out of range, not a choice, ...): the
    /// message says why.
    #[error("{0}")]
    Invalid(String),
}

impl ComponentError {
    /// A `WrongType` error describing the JSON that was received instead.
    pub fn wrong_type(expected: &'static str, got: &serde_json::Value) -> Self {
        let mut got = got.to_string();
        if got.len() > 80 {
            got.truncate(77);
            got.push_str("...");
        }
        ComponentError::WrongType { expected, got }
    }
}

/// How `/gradio_api/info` describes a value to Python callers (`python_type`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PythonType {
    /// The Python type gradio_client shows (`"str"`, `"List[filepath]"`); `type` on the wire.
    #[serde(rename = "type")]
    pub type_name: String,
    /// What the value means, shown beside the type; often empty.
    pub description: String,
}

impl PythonType {
    /// A type without a description.
    pub fn new(type_name: &str) -> Self {
        PythonType {
            type_name: type_name.to_owned(),
            description: String::new(),
        }
    }
}

/// A component that holds a value: it can be an input or an output of an event.
///
/// `Data` is the JSON form the browser and the API exchange; `Value` is what the user's function
/// receives and returns. Handlers are type-checked against `Value` at compile time. The props
/// are plain data (serde) so the config can carry them and an [`crate::Update`] can change them.
pub trait Component: Clone + Serialize + DeserializeOwned + Send + Sync + 'static {
    /// The wire form (Gradio's `data_model`); its JSON schema is the default `api_info`.
    type Data: Serialize + DeserializeOwned + JsonSchema + Clone + Send + Sync + 'static;
    /// What the user's function receives (as an input) and returns (as an output).
    type Value: Send + 'static;

    /// Gradio's class name, as `/gradio_api/info` reports it (`"Textbox"`).
    const CLASS_NAME: &'static str;

    /// Gradio's `FormComponent`: neighbouring form components share one Form panel.
    const FORM: bool = false;
    /// Kept out of `/gradio_api/info` (Gradio's `skip_api`, e.g. State).
    const SKIP_API: bool = false;
    /// `preprocess` is costly (decoding a picture): it runs when the event runs, on the blocking
    /// pool, so a queued event holds only its wire data. When the event is sent, the data is
    /// still parsed, its files checked, and [`Component::check`] run.
    const DEFER_PREPROCESS: bool = false;

    /// The label that names it in the page and in the API docs, if it has one.
    fn label(&self) -> Option<&str>;

    /// The value the component shows before any event, as wire data.
    fn initial_data(&self) -> Self::Data;

    /// Wire data → the function's argument.
    fn preprocess(&self, data: Self::Data) -> Result<Self::Value, ComponentError>;
    /// The cheap part of `preprocess`'s checks, for a component that defers it
    /// ([`Component::DEFER_PREPROCESS`]): run when the event is sent, so a bad value is refused
    /// at once.
    fn check(&self, data: &Self::Data) -> Result<(), ComponentError> {
        let _ = data;
        Ok(())
    }
    /// The function's return value → wire data.
    fn postprocess(&self, value: Self::Value) -> Result<Self::Data, ComponentError>;

    /// The JSON schema of `Data`, limited to the forms gradio_client's parser understands.
    fn api_info(&self) -> serde_json::Value {
        crate::schema::gradio_schema::<Self::Data>()
    }
    /// How `/gradio_api/info` shows `Data` to Python callers.
    fn python_type(&self) -> PythonType;
    /// An example of `Data`, shown in API docs (`example_inputs`).
    fn example_payload(&self) -> serde_json::Value;

    /// What `Data` looks like, in words, for error messages ("a string").
    const EXPECTS: &'static str;

    /// Parses raw JSON into `Data`, with a message a caller can act on.
    fn parse_data(&self, json: serde_json::Value) -> Result<Self::Data, ComponentError> {
        Self::Data::deserialize(&json).map_err(|_| ComponentError::wrong_type(Self::EXPECTS, &json))
    }

    /// How a value is shown in a table of examples (Gradio's `process_example`): as its wire
    /// data by default; a choice by its label.
    fn process_example(&self, data: &Self::Data) -> serde_json::Value {
        serde_json::to_value(data).unwrap_or_default()
    }

    /// One cell of a flagging dataset (Gradio's `flag`): text as it is, other data as JSON text.
    fn flag(&self, data: &Self::Data) -> String {
        match serde_json::to_value(data) {
            Ok(serde_json::Value::String(text)) => text,
            Ok(json) => json.to_string(),
            Err(_) => String::new(),
        }
    }

    /// Whether `Data` can hold files ([`Component::files`]): the server then checks such inputs,
    /// and stores such outputs, on the blocking pool (file-system work off the async runtime).
    const HAS_FILES: bool = false;

    /// The files inside a value of `Data` (Gradio's `FileData` anywhere in a data model). The
    /// server checks every one a request sends before `preprocess` sees it, and copies every
    /// one a function returns into its cache before it is served: a component holding files
    /// must list them all here (and set [`Component::HAS_FILES`]).
    fn files(data: &mut Self::Data) -> Vec<&mut crate::FileData> {
        let _ = data;
        Vec::new()
    }

    /// A partial update of this kind of component, for a handler to return (Gradio's
    /// `gr.update`): `Slider::update().maximum(10.0)`.
    fn update() -> crate::Update<Self>
    where
        Self: Sized,
    {
        crate::Update::new()
    }

    /// Reads a cell written by [`Component::flag`] back into data.
    /// As Gradio's, a cell that is not JSON of this data is taken as text.
    fn read_from_flag(&self, cell: &str) -> Result<Self::Data, ComponentError> {
        serde_json::from_str(cell)
            .ok()
            .and_then(|json| self.parse_data(json).ok())
            .map_or_else(|| self.parse_data(cell.into()), Ok)
    }
}

/// Props every component shares (Gradio's `label`, `show_label`, `visible`, ...).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommonProps {
    /// The name shown above the component, and the parameter's name in the API docs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// A hint shown under the label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub info: Option<String>,
    /// Whether the label is shown (it still names the component in the API docs).
    #[serde(default = "yes")]
    pub show_label: bool,
    /// Whether the component sits in a padded panel (Gradio's `container`).
    #[serde(default = "yes")]
    pub container: bool,
    /// Its share of a Row's width, relative to its neighbours' (Gradio's `scale`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<u32>,
    /// The narrowest it gets inside a Row, in pixels (a Row wraps rather than squeeze it).
    #[serde(default = "default_min_width")]
    pub min_width: u32,
    /// Whether it is shown; a hidden component keeps its value and its place in the events.
    #[serde(default = "yes")]
    pub visible: bool,
    /// Whether the person can edit it. `None` lets the app decide: interactive when an event's
    /// input, static when only an output.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interactive: Option<bool>,
    /// The HTML `id` of its element, for the app's CSS and JS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elem_id: Option<String>,
    /// HTML classes added to its element, for the app's CSS.
    #[serde(default)]
    pub elem_classes: Vec<String>,
}

fn yes() -> bool {
    true
}

fn default_min_width() -> u32 {
    160
}

impl Default for CommonProps {
    fn default() -> Self {
        CommonProps {
            label: None,
            info: None,
            show_label: true,
            container: true,
            scale: None,
            min_width: default_min_width(),
            visible: true,
            interactive: None,
            elem_id: None,
            elem_classes: Vec::new(),
        }
    }
}

/// Builder methods for the common props (`label`, `info`, `visible`, ...), for any component
/// with a `common: CommonProps` field — custom ones too.
#[macro_export]
macro_rules! common_builders {
    ($t:ty) => {
        impl $crate::update::Labelled for $t {}

        impl $t {
            /// The label shown above the component (and in API docs).
            pub fn label(mut self, label: impl Into<String>) -> Self {
                self.common.label = Some(label.into());
                self
            }
            /// A hint shown under the label.
            pub fn info(mut self, info: impl Into<String>) -> Self {
                self.common.info = Some(info.into());
                self
            }
            /// Whether the label is shown (it still names the component in the API docs).
            pub fn show_label(mut self, show: bool) -> Self {
                self.common.show_label = show;
                self
            }
            /// Whether it is shown; a hidden component keeps its value and its place in events.
            pub fn visible(mut self, visible: bool) -> Self {
                self.common.visible = visible;
                self
            }
            /// Whether the person can edit it, whatever its events (by default: when it is an
            /// event's input).
            pub fn interactive(mut self, interactive: bool) -> Self {
                self.common.interactive = Some(interactive);
                self
            }
            /// The HTML `id` of its element, for the app's CSS and JS.
            pub fn elem_id(mut self, id: impl Into<String>) -> Self {
                self.common.elem_id = Some(id.into());
                self
            }
            /// HTML classes added to its element, for the app's CSS.
            pub fn elem_classes<S: Into<String>>(
                mut self,
                classes: impl IntoIterator<Item = S>,
            ) -> Self {
                self.common.elem_classes = classes.into_iter().map(Into::into).collect();
                self
            }
            /// Relative width inside a Row.
            pub fn scale(mut self, scale: u32) -> Self {
                self.common.scale = Some(scale);
                self
            }
            /// The narrowest it gets inside a Row, in pixels.
            pub fn min_width(mut self, px: u32) -> Self {
                self.common.min_width = px;
                self
            }
        }
    };
}
pub(crate) use crate::common_builders;
