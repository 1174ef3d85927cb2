//! MultimodalTextbox: text with files attached (Gradio's `gr.MultimodalTextbox`), the message
//! box of a multimodal chat. A function gets the text and the stored files' paths
//! ([`MultimodalValue`]); on the wire it is Gradio's `{"text": ..., "files": [FileData, ...]}`.

use std::path::PathBuf;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::component::{common_builders, CommonProps, Component, ComponentError, PythonType};
use crate::file::FileCount;
use crate::FileData;

/// The wire form (Gradio's `MultimodalData`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct MultimodalData {
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub files: Vec<FileData>,
}

/// What a function gets and returns: the text and the files (paths the server checked; a
/// returned path is copied into its cache).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MultimodalValue {
    pub text: String,
    pub files: Vec<PathBuf>,
}

impl MultimodalValue {
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MultimodalTextbox {
    #[serde(default)]
    pub value: MultimodalData,
    /// One file at a time, or several.
    #[serde(default = "multiple")]
    pub file_count: FileCount,
    /// Accepted kinds: extensions (`".pdf"`) or categories (`"image"`); any file when `None`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_types: Option<Vec<String>>,
    #[serde(default = "one")]
    pub lines: u32,
    #[serde(default = "twenty")]
    pub max_lines: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<String>,
    /// Shows a send button in the box (Enter sends either way).
    #[serde(default = "yes")]
    pub submit_btn: bool,
    /// A stop button in the box (Gradio's `stop_btn`), shown while a run that the box's `stop`
    /// listeners cancel is under way (a chat's reply): pressing it fires `stop`.
    #[serde(default)]
    pub stop_btn: bool,
    #[serde(default)]
    pub autofocus: bool,
    #[serde(flatten)]
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
    pub fn new() -> Self {
        Self::default()
    }
    /// The initial text.
    pub fn value(mut self, text: impl Into<String>) -> Self {
        self.value.text = text.into();
        self
    }
    /// One file at a time (`FileCount::Single`) or several (the default).
    pub fn file_count(mut self, count: FileCount) -> Self {
        self.file_count = count;
        self
    }
    /// Accept only these kinds: extensions (`".pdf"`) or categories (`"image"`, `"audio"`).
    pub fn file_types<S: Into<String>>(mut self, types: impl IntoIterator<Item = S>) -> Self {
        self.file_types = Some(types.into_iter().map(Into::into).collect());
        self
    }
    pub fn lines(mut self, lines: u32) -> Self {
        self.lines = lines.max(1);
        self
    }
    pub fn max_lines(mut self, lines: u32) -> Self {
        self.max_lines = lines.max(1);
        self
    }
    pub fn placeholder(mut self, text: impl Into<String>) -> Self {
        self.placeholder = Some(text.into());
        self
    }
    pub fn submit_btn(mut self, show: bool) -> Self {
        self.submit_btn = show;
        self
    }
    /// A stop button in the box while what its `stop` listeners cancel runs (it takes the
    /// send button's place meanwhile).
    pub fn stop_btn(mut self, show: bool) -> Self {
        self.stop_btn = show;
        self
    }
    pub fn autofocus(mut self, autofocus: bool) -> Self {
        self.autofocus = autofocus;
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
