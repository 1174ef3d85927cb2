//! JSON: any JSON value, shown as a collapsible tree. With [`Json::serve_files`], files inside
//! it (objects marked `meta._type = "gradio.FileData"`, as everywhere in the protocol) are
//! files like any other: checked on the way in, served on the way out.

use derive_setters::Setters;
use serde::{Deserialize, Serialize};

use crate::component::{common_builders, CommonProps, Component, ComponentError, PythonType};
use crate::events::Changeable;
use crate::file_data::JsonWithFiles;
use crate::FileData;

/// A JSON viewer's props; its wire value is any JSON.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Setters)]
pub struct Json {
    /// The JSON shown at first.
    #[serde(default)]
    pub value: serde_json::Value,
    /// Whether nested objects start expanded.
    #[serde(default)]
    pub open: bool,
    /// FileData objects inside the value are files: the server checks those a caller sends
    /// (only files it handed out) and copies those a function returns into its cache, to serve
    /// them (gradio_client downloads them). Off by default, as Gradio's JSON: JSON a function
    /// builds from a visitor's text could otherwise name any file the server may read.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub serve_files: bool,
    /// The props every component has.
    #[serde(flatten)]
    #[setters(skip)]
    pub common: CommonProps,
}

impl Json {
    /// A viewer showing `null`, folded.
    pub fn new() -> Self {
        Self::default()
    }
}
common_builders!(Json);

impl Component for Json {
    type Data = JsonWithFiles;
    /// Turn your own types into it with `serde_json::to_value`.
    type Value = serde_json::Value;
    const CLASS_NAME: &'static str = "JSON";
    const EXPECTS: &'static str = "any JSON value";
    const HAS_FILES: bool = true;

    fn label(&self) -> Option<&str> {
        self.common.label.as_deref()
    }
    /// A declared value whose "file" isn't shaped like one shows as null (the app still starts).
    fn initial_data(&self) -> JsonWithFiles {
        self.parse_data(self.value.clone()).unwrap_or_default()
    }
    fn preprocess(&self, data: JsonWithFiles) -> Result<serde_json::Value, ComponentError> {
        Ok(data.to_json())
    }
    fn postprocess(&self, value: serde_json::Value) -> Result<JsonWithFiles, ComponentError> {
        self.parse_data(value)
    }
    /// Any JSON parses; serving files, a "file" that isn't one is refused, and the message
    /// says so.
    fn parse_data(&self, json: serde_json::Value) -> Result<JsonWithFiles, ComponentError> {
        if !self.serve_files {
            return Ok(JsonWithFiles::plain(json));
        }
        JsonWithFiles::new(json)
            .map_err(|e| ComponentError::Invalid(format!("a malformed file in the JSON: {e}")))
    }
    fn files(data: &mut JsonWithFiles) -> Vec<&mut FileData> {
        data.files_mut().collect()
    }
    /// Gradio's form: gradio_client reads it as `str | float | bool | list | dict`.
    fn api_info(&self) -> serde_json::Value {
        serde_json::json!({"type": {}, "description": "any valid json"})
    }
    fn python_type(&self) -> PythonType {
        PythonType::new("str | float | bool | list | dict")
    }
    fn example_payload(&self) -> serde_json::Value {
        serde_json::json!({"foo": "bar"})
    }
    /// Always JSON text, so that a string value reads back as a string.
    fn flag(&self, data: &JsonWithFiles) -> String {
        data.to_json().to_string()
    }
    fn read_from_flag(&self, cell: &str) -> Result<JsonWithFiles, ComponentError> {
        let json = serde_json::from_str(cell)
            .map_err(|e| ComponentError::Invalid(format!("not a flagged value: {e}")))?;
        self.parse_data(json)
    }
}

// The events it has: each gives the builder its listener method (`.click(...)`, ...).
impl Changeable for Json {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Block;
    use serde_json::json;

    #[test]
    fn any_json_round_trips() {
        let j = Json::new();
        for v in [
            json!(null),
            json!("3"),
            json!([1, "a"]),
            json!({"k": {"n": 1.5}}),
        ] {
            let data = j.parse_data(v.clone()).unwrap();
            assert_eq!(j.read_from_flag(&j.flag(&data)), Ok(data.clone()));
            assert_eq!(j.preprocess(data), Ok(v));
        }
        assert!(j.read_from_flag("{not json").is_err());
        let c = serde_json::to_value(Block::from(Json::new().value(json!({"a": 1})))).unwrap();
        assert_eq!(c["type"], "json");
        assert_eq!(c["props"]["value"], json!({"a": 1}));
    }

    #[test]
    fn files_inside_are_files_when_it_serves_them() {
        let j = Json::new().serve_files(true);
        let report = json!({"name": "chart", "picture": {"path": "/tmp/chart.png",
            "meta": {"_type": "gradio.FileData"}}, "n": 2});
        // Out: the server finds the file to serve; in: to check.
        let mut data = j.postprocess(report.clone()).unwrap();
        let files = <Json as Component>::files(&mut data);
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].path, "/tmp/chart.png");
        let mut parsed = j.parse_data(report.clone()).unwrap();
        assert_eq!(<Json as Component>::files(&mut parsed).len(), 1);
        let back = j.preprocess(parsed).unwrap();
        assert_eq!(back["picture"]["path"], "/tmp/chart.png");
        assert_eq!(back["n"], 2);
        assert_eq!(j.read_from_flag(&j.flag(&data)), Ok(data));
        // Marked as a file but not one: a clear error both ways.
        let bad = json!({"x": {"meta": {"_type": "gradio.FileData"}}});
        assert!(j
            .postprocess(bad.clone())
            .unwrap_err()
            .to_string()
            .contains("malformed file"));
        assert!(j
            .parse_data(bad.clone())
            .unwrap_err()
            .to_string()
            .contains("missing field `path`"));
        // A declared value like that starts empty rather than stopping the app.
        assert_eq!(
            j.clone().value(bad.clone()).initial_data().to_json(),
            json!(null)
        );
        // Gradio's default: plain JSON, whatever it holds.
        let plain = Json::new();
        let mut data = plain.postprocess(report.clone()).unwrap();
        assert!(<Json as Component>::files(&mut data).is_empty());
        assert_eq!(plain.preprocess(data.clone()), Ok(report));
        assert_eq!(plain.read_from_flag(&plain.flag(&data)), Ok(data));
        assert_eq!(plain.parse_data(bad.clone()).unwrap().to_json(), bad);
        let props = serde_json::to_value(Block::from(Json::new())).unwrap();
        assert!(props["props"].get("serve_files").is_none());
        assert_eq!(
            j.api_info(),
            json!({"type": {}, "description": "any valid json"})
        );
    }
}
