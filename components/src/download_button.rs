//! DownloadButton: a button that downloads one file when clicked, and fires `click`.
//!
//! Its value is the file: a function that lists it as an output returns the path to offer
//! (`Option<PathBuf>`; `None` leaves the button with nothing to download), and the server copies
//! that file into its cache before the page links to it. As an input (rare, as in Gradio) a
//! function gets the stored file's path.

use std::path::PathBuf;

use derive_setters::Setters;
use serde::{Deserialize, Serialize};

use crate::component::{Component, ComponentError, PythonType};
use crate::events::Clickable;
use crate::{ButtonSize, ButtonVariant, FileData};

/// Gradio's `gr.DownloadButton`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Setters)]
#[setters(strip_option)]
pub struct DownloadButton {
    /// The button's text (Gradio's `label`, "Download" by default).
    #[setters(skip)]
    pub label: String,
    /// The file a click downloads; with none the button offers nothing until a function
    /// returns one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[setters(skip)]
    pub value: Option<FileData>,
    /// Its colour: primary, secondary or stop.
    #[serde(default)]
    pub variant: ButtonVariant,
    /// Its size: small, medium or large.
    #[serde(default)]
    pub size: ButtonSize,
    /// Hidden when false.
    #[serde(default = "yes")]
    pub visible: bool,
    /// Disabled when false.
    #[serde(default = "yes")]
    pub interactive: bool,
    /// The HTML `id` of the button, for CSS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[setters(into)]
    pub elem_id: Option<String>,
    /// HTML classes of the button, for CSS.
    #[serde(default)]
    #[setters(skip)]
    pub elem_classes: Vec<String>,
    /// Relative width inside a Row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<u32>,
}

fn yes() -> bool {
    true
}

impl Default for DownloadButton {
    fn default() -> Self {
        DownloadButton::new("Download")
    }
}

impl DownloadButton {
    /// A button showing `label`, with no file yet.
    pub fn new(label: impl Into<String>) -> Self {
        DownloadButton {
            label: label.into(),
            value: None,
            variant: ButtonVariant::Secondary,
            size: ButtonSize::Lg,
            visible: true,
            interactive: true,
            elem_id: None,
            elem_classes: Vec::new(),
            scale: None,
        }
    }
    /// The file offered from the start: one on the server, copied into its cache when the app
    /// starts.
    // Not derived: a file by its path.
    pub fn value(mut self, path: impl AsRef<std::path::Path>) -> Self {
        self.value = Some(FileData::from_path(path));
        self
    }
}

impl Component for DownloadButton {
    type Data = Option<FileData>;
    type Value = Option<PathBuf>;
    const CLASS_NAME: &'static str = "DownloadButton";
    const EXPECTS: &'static str = "a FileData object ({\"path\": ...}) or null";
    const HAS_FILES: bool = true;

    fn label(&self) -> Option<&str> {
        Some(&self.label)
    }
    fn initial_data(&self) -> Option<FileData> {
        self.value.clone()
    }
    fn preprocess(&self, data: Option<FileData>) -> Result<Option<PathBuf>, ComponentError> {
        FileData::checked_path(data, |_| Ok(()))
    }
    fn postprocess(&self, value: Option<PathBuf>) -> Result<Option<FileData>, ComponentError> {
        Ok(value.map(FileData::from_path))
    }
    fn files(data: &mut Option<FileData>) -> Vec<&mut FileData> {
        data.iter_mut().collect()
    }
    /// Gradio's: the FileData schema.
    fn api_info(&self) -> serde_json::Value {
        crate::file_data::api_info()
    }
    fn python_type(&self) -> PythonType {
        PythonType {
            type_name: "filepath".into(),
            description: crate::file_data::DESCRIPTION.into(),
        }
    }
    fn example_payload(&self) -> serde_json::Value {
        crate::file_data::sample_file()
    }
}

/// What an update can change besides visible / interactive (its file is its value).
impl crate::Update<DownloadButton> {
    /// A new text on the button.
    pub fn label(self, label: impl Into<String>) -> Self {
        self.prop("label", label.into())
    }
    /// A new colour.
    pub fn variant(self, variant: ButtonVariant) -> Self {
        self.prop("variant", variant)
    }
}

// The events it has: each gives the builder its listener method (`.click(...)`, ...).
impl Clickable for DownloadButton {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Block;

    #[test]
    fn serializes_like_gradio() {
        let v = serde_json::to_value(Block::from(DownloadButton::new("Get it"))).unwrap();
        assert_eq!(v["type"], "downloadbutton");
        assert_eq!(v["props"]["label"], "Get it");
        assert_eq!(v["props"]["variant"], "secondary");
        assert_eq!(v["props"]["size"], "lg");
        assert_eq!(v["props"]["interactive"], true);
        // Gradio leaves an absent file out of the props.
        assert!(v["props"].get("value").is_none(), "{v}");
        let with_file = serde_json::to_value(Block::from(
            DownloadButton::default().value("/srv/report.csv"),
        ))
        .unwrap();
        assert_eq!(with_file["props"]["label"], "Download");
        assert_eq!(with_file["props"]["value"]["path"], "/srv/report.csv");
        assert_eq!(with_file["props"]["value"]["orig_name"], "report.csv");
        let back: Block = serde_json::from_value(with_file).unwrap();
        assert_eq!(
            back,
            Block::from(DownloadButton::default().value("/srv/report.csv"))
        );
    }

    #[test]
    fn round_trips_a_path_and_none() {
        let d = DownloadButton::default();
        let data = d
            .postprocess(Some(PathBuf::from("/c/ab/report.pdf")))
            .unwrap();
        assert_eq!(data.as_ref().unwrap().path, "/c/ab/report.pdf");
        assert_eq!(
            data.as_ref().unwrap().orig_name.as_deref(),
            Some("report.pdf")
        );
        let mut data = data;
        assert_eq!(<DownloadButton as Component>::files(&mut data).len(), 1);
        assert_eq!(
            d.preprocess(data).unwrap(),
            Some(PathBuf::from("/c/ab/report.pdf"))
        );
        assert_eq!(d.postprocess(None).unwrap(), None);
        assert_eq!(d.preprocess(None).unwrap(), None);
        assert_eq!(d.parse_data(serde_json::json!(null)).unwrap(), None);
        let e = d.parse_data(serde_json::json!("report.pdf")).unwrap_err();
        assert!(e.to_string().contains("FileData"), "{e}");
    }

    #[test]
    fn api_is_gradios_filepath() {
        let d = DownloadButton::default();
        assert_eq!(d.api_info()["title"], "FileData");
        assert_eq!(d.python_type().type_name, "filepath");
        assert_eq!(d.example_payload()["meta"]["_type"], "gradio.FileData");
    }
}
