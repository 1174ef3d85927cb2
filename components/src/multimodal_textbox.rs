//! MultimodalTextbox: text with files attached (Gradio's `gr.MultimodalTextbox`), the message
//! box of a multimodal chat. A function gets the text and the stored files' paths
//! ([`MultimodalValue`]); on the wire it is Gradio's `{"text": ..., "files": [FileData, ...]}`.

use std::path::PathBuf;

use derive_setters::Setters;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::component::{common_builders, CommonProps, Component, ComponentError, PythonType};
use crate::events::{Blurrable, Changeable, Focusable, Inputtable, Stoppable, Submittable};
use crate::file::FileCount;
use crate::FileData;

// `#[schemars(description = "")]` keeps a doc out of `/gradio_api/info` (see `crate::schema`).
/// The wire form (Gradio's `MultimodalData`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct MultimodalData {
    /// The text typed.
    #[serde(default)]
    #[schemars(description = "")]
    pub text: String,
    /// The files attached.
    #[serde(default)]
    #[schemars(description = "")]
    pub files: Vec<FileData>,
}

/// What a function gets and returns: the text and the files (paths the server checked; a
/// returned path is copied into its cache).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MultimodalValue {
    /// The text.
    pub text: String,
    /// The files' paths on the server.
    pub files: Vec<PathBuf>,
}

impl MultimodalValue {
    /// Text without files.
    pub fn text(text: impl Into<String>) -> Self {
        MultimodalValue {
            text: text.into(),
            files: Vec::new(),
        }
    }

    /// Neither text (but spaces) nor files.
    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty() && self.files.is_empty()
    }
}

/// A multimodal text box's props; its wire value is [`MultimodalData`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Setters)]
#[setters(strip_option)]
pub struct MultimodalTextbox {
    /// The text and files shown at first.
    #[serde(default)]
    #[setters(skip)]
    pub value: MultimodalData,
    /// One file at a time (`FileCount::Single`) or several (the default).
    #[serde(default = "multiple")]
    pub file_count: FileCount,
    /// Accepted kinds: extensions (`".pdf"`) or categories (`"image"`); any file when `None`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[setters(skip)]
    pub file_types: Option<Vec<String>>,
    /// Visible rows of text.
    #[serde(default = "one")]
    #[setters(skip)]
    pub lines: u32,
    /// The rows the box grows to before it scrolls.
    #[serde(default = "twenty")]
    #[setters(skip)]
    pub max_lines: u32,
    /// Grey text shown while the box is empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[setters(into)]
    pub placeholder: Option<String>,
    /// Shows a send button in the box (Enter sends either way).
    #[serde(default = "yes")]
    pub submit_btn: bool,
    /// A stop button in the box (Gradio's `stop_btn`), shown while a run that the box's `stop`
    /// listeners cancel is under way (a chat's reply): pressing it fires `stop`, and it takes
    /// the send button's place meanwhile.
    #[serde(default)]
    pub stop_btn: bool,
    /// Whether the box takes the keyboard focus when the page loads.
    #[serde(default)]
    pub autofocus: bool,
    /// The props every component has.
    #[serde(flatten)]
    #[setters(skip)]
    pub common: CommonProps,
}

fn multiple() -> FileCount {
    FileCount::Multiple
}
fn one() -> u32 {
    1
}
fn twenty() -> u32 {
    20
}
fn yes() -> bool {
    true
}

impl Default for MultimodalTextbox {
    fn default() -> Self {
        MultimodalTextbox {
            value: MultimodalData::default(),
            file_count: FileCount::Multiple,
            file_types: None,
            lines: 1,
            max_lines: 20,
            placeholder: None,
            submit_btn: true,
            stop_btn: false,
            autofocus: false,
            common: CommonProps::default(),
        }
    }
}

impl MultimodalTextbox {
    /// An empty one-line box that takes any number of files of any kind.
    pub fn new() -> Self {
        Self::default()
    }
    /// The initial text.
    // Not derived: sets the text inside `value`.
    pub fn value(mut self, text: impl Into<String>) -> Self {
        self.value.text = text.into();
        self
    }
    /// Accept only these kinds: extensions (`".pdf"`) or categories (`"image"`, `"audio"`).
    // Not derived: takes any strings, as an iterator.
    pub fn file_types<S: Into<String>>(mut self, types: impl IntoIterator<Item = S>) -> Self {
        self.file_types = Some(types.into_iter().map(Into::into).collect());
        self
    }
    /// Visible rows of text.
    // Not derived: at least 1.
    pub fn lines(mut self, lines: u32) -> Self {
        self.lines = lines.max(1);
        self
    }
    /// The rows the box grows to before it scrolls.
    // Not derived: at least 1.
    pub fn max_lines(mut self, lines: u32) -> Self {
        self.max_lines = lines.max(1);
        self
    }
}
common_builders!(MultimodalTextbox);

impl Component for MultimodalTextbox {
    type Data = MultimodalData;
    type Value = MultimodalValue;
    const CLASS_NAME: &'static str = "MultimodalTextbox";
    const FORM: bool = true;
    const HAS_FILES: bool = true;
    const EXPECTS: &'static str =
        "an object {\"text\": a string, \"files\": a list of FileData objects}";

    fn label(&self) -> Option<&str> {
        self.common.label.as_deref()
    }
    fn initial_data(&self) -> MultimodalData {
        self.value.clone()
    }
    fn preprocess(&self, data: MultimodalData) -> Result<MultimodalValue, ComponentError> {
        if self.file_count == FileCount::Single && data.files.len() > 1 {
            return Err(ComponentError::Invalid(format!(
                "takes one file, got {}",
                data.files.len()
            )));
        }
        let files = data
            .files
            .into_iter()
            .map(|f| {
                f.check_types(self.file_types.as_deref())?;
                Ok(PathBuf::from(f.path))
            })
            .collect::<Result<_, ComponentError>>()?;
        Ok(MultimodalValue {
            text: data.text,
            files,
        })
    }
    fn postprocess(&self, value: MultimodalValue) -> Result<MultimodalData, ComponentError> {
        Ok(MultimodalData {
            text: value.text,
            files: value.files.into_iter().map(FileData::from_path).collect(),
        })
    }
    /// `null` (Gradio's empty box) and a bare string (text without files) are taken too.
    fn parse_data(&self, json: serde_json::Value) -> Result<MultimodalData, ComponentError> {
        match json {
            serde_json::Value::Null => Ok(MultimodalData::default()),
            serde_json::Value::String(text) => Ok(MultimodalData {
                text,
                files: Vec::new(),
            }),
            json => MultimodalData::deserialize(&json)
                .map_err(|e| ComponentError::Invalid(format!("expected {}: {e}", Self::EXPECTS))),
        }
    }
    fn files(data: &mut MultimodalData) -> Vec<&mut FileData> {
        data.files.iter_mut().collect()
    }
    fn python_type(&self) -> PythonType {
        PythonType::new("Dict(text: str, files: List[filepath])")
    }
    fn example_payload(&self) -> serde_json::Value {
        serde_json::json!({
            "text": "Describe this picture",
            "files": [crate::file_data::example(
                "https://raw.githubusercontent.com/gradio-app/gradio/main/test/test_files/bus.png"
            )]
        })
    }
}

// The events it has: each gives the builder its listener method (`.click(...)`, ...).
impl Changeable for MultimodalTextbox {}
impl Inputtable for MultimodalTextbox {}
impl Submittable for MultimodalTextbox {}
impl Focusable for MultimodalTextbox {}
impl Blurrable for MultimodalTextbox {}
impl Stoppable for MultimodalTextbox {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Block;
    use serde_json::json;

    fn stored(path: &str, mime: &str) -> FileData {
        let mut f = FileData::new(path);
        f.mime_type = Some(mime.into());
        f
    }

    #[test]
    fn text_and_files_round_trip() {
        let b = MultimodalTextbox::new();
        let data = b
            .parse_data(json!({"text": "look", "files": [
                {"path": "/c/1/cat.png", "meta": {"_type": "gradio.FileData"}}
            ]}))
            .unwrap();
        assert_eq!(data.files[0].path, "/c/1/cat.png");
        let value = b.preprocess(data).unwrap();
        assert_eq!(value.text, "look");
        assert_eq!(value.files, [PathBuf::from("/c/1/cat.png")]);
        let back = b.postprocess(value).unwrap();
        assert_eq!(back.files[0].orig_name.as_deref(), Some("cat.png"));
        assert_eq!(b.read_from_flag(&b.flag(&back)), Ok(back));
        // Gradio's empty box and a plain string.
        assert_eq!(b.parse_data(json!(null)), Ok(MultimodalData::default()));
        assert_eq!(b.parse_data(json!("hi")).unwrap().text, "hi");
        assert!(MultimodalValue::text("  ").is_empty());
        assert!(!MultimodalValue::text("x").is_empty());
    }

    #[test]
    fn bad_values_say_what_is_wrong() {
        let b = MultimodalTextbox::new().file_types(["image"]);
        let err = b.parse_data(json!({"text": 3})).unwrap_err();
        assert!(err.to_string().contains("\"text\": a string"), "{err}");
        let err = b.parse_data(json!({"files": [{"name": "x"}]})).unwrap_err();
        assert!(err.to_string().contains("missing field `path`"), "{err}");
        let not_image = MultimodalData {
            text: String::new(),
            files: vec![stored("/c/2/notes.txt", "text/plain")],
        };
        let err = b.preprocess(not_image).unwrap_err();
        assert!(err
            .to_string()
            .contains("notes.txt is not an accepted file type"));
        let two = MultimodalData {
            text: String::new(),
            files: vec![
                stored("/c/a.png", "image/png"),
                stored("/c/b.png", "image/png"),
            ],
        };
        assert!(b.preprocess(two.clone()).is_ok());
        let single = MultimodalTextbox::new().file_count(FileCount::Single);
        assert_eq!(
            single.preprocess(two).unwrap_err().to_string(),
            "takes one file, got 2"
        );
    }

    #[test]
    fn config_and_api_info() {
        let json = serde_json::to_value(Block::from(
            MultimodalTextbox::new()
                .placeholder("Ask")
                .file_types([".pdf"]),
        ))
        .unwrap();
        assert_eq!(json["type"], "multimodaltextbox");
        assert_eq!(json["props"]["value"], json!({"text": "", "files": []}));
        assert_eq!(json["props"]["file_count"], "multiple");
        assert_eq!(json["props"]["file_types"], json!([".pdf"]));
        assert_eq!(json["props"]["submit_btn"], true);
        assert_eq!(json["props"]["stop_btn"], false);
        let stoppable = serde_json::to_value(Block::from(MultimodalTextbox::new().stop_btn(true)));
        assert_eq!(stoppable.unwrap()["props"]["stop_btn"], true);
        let info = MultimodalTextbox::new().api_info();
        assert_eq!(info["properties"]["text"]["type"], "string");
        assert_eq!(
            info["properties"]["files"]["items"]["$ref"],
            "#/$defs/FileData"
        );
        let mut data = MultimodalData {
            text: "x".into(),
            files: vec![FileData::new("/a"), FileData::new("/b")],
        };
        assert_eq!(<MultimodalTextbox as Component>::files(&mut data).len(), 2);
    }
}
