//! Gallery: several images, each with an optional caption — a function's results shown as a
//! grid, or pictures a person uploads.
//!
//! The function gets (and returns) `Vec<(PathBuf, Option<String>)>`: each image's stored path
//! and caption. On the wire each is Gradio's `GalleryImage` (`{"image": FileData, "caption"}`),
//! checked and served like any file.

use std::path::PathBuf;

use derive_setters::Setters;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::component::{common_builders, CommonProps, Component, ComponentError, PythonType};
use crate::events::{Changeable, Uploadable};
use crate::FileData;

// `#[schemars(description = "")]` keeps a doc out of `/gradio_api/info` (see `crate::schema`).
/// One picture of a gallery, as it crosses the wire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(title = "GalleryImage")]
pub struct GalleryImage {
    /// The picture's file.
    #[schemars(description = "")]
    pub image: FileData,
    /// The text shown under it, if any.
    #[serde(default)]
    #[schemars(description = "")]
    pub caption: Option<String>,
}

/// A gallery's props; its wire value is the list of pictures, each with its caption.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Setters)]
#[setters(strip_option)]
pub struct Gallery {
    /// The pictures shown at first.
    #[serde(default)]
    #[setters(skip)]
    pub value: Vec<GalleryImage>,
    /// Pictures per row.
    #[serde(default = "two")]
    #[setters(skip)]
    pub columns: u32,
    /// The gallery's height in pixels; the grid scrolls inside it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    /// Whether a picture shown large has a button that downloads it.
    #[serde(default = "yes")]
    pub show_download_button: bool,
    /// Gradio's `type`: the function gets paths.
    #[serde(rename = "type", default = "filepath")]
    #[setters(skip)]
    pub kind: String,
    /// The props every component has.
    #[serde(flatten)]
    #[setters(skip)]
    pub common: CommonProps,
}

fn two() -> u32 {
    2
}

fn yes() -> bool {
    true
}

fn filepath() -> String {
    "filepath".to_owned()
}

impl Default for Gallery {
    fn default() -> Self {
        Gallery {
            value: Vec::new(),
            columns: two(),
            height: None,
            show_download_button: true,
            kind: filepath(),
            common: CommonProps::default(),
        }
    }
}

impl Gallery {
    /// An empty gallery, 2 pictures per row.
    pub fn new() -> Self {
        Self::default()
    }
    /// The pictures shown at first, each with its caption: files on the server, copied into
    /// its cache when the app starts.
    // Not derived: files by their paths, as an iterator.
    pub fn value<P: AsRef<std::path::Path>>(
        mut self,
        images: impl IntoIterator<Item = (P, Option<String>)>,
    ) -> Self {
        self.value = images
            .into_iter()
            .map(|(path, caption)| GalleryImage {
                image: FileData::from_path(path),
                caption,
            })
            .collect();
        self
    }
    /// Pictures per row (2 by default).
    // Not derived: at least 1.
    pub fn columns(mut self, columns: u32) -> Self {
        self.columns = columns.max(1);
        self
    }
}
common_builders!(Gallery);

impl Component for Gallery {
    type Data = Option<Vec<GalleryImage>>;
    type Value = Vec<(PathBuf, Option<String>)>;
    const CLASS_NAME: &'static str = "Gallery";
    const EXPECTS: &'static str = "a list of {\"image\": FileData, \"caption\": ...} or null";
    const HAS_FILES: bool = true;

    fn label(&self) -> Option<&str> {
        self.common.label.as_deref()
    }
    fn initial_data(&self) -> Option<Vec<GalleryImage>> {
        Some(self.value.clone())
    }
    fn preprocess(
        &self,
        data: Option<Vec<GalleryImage>>,
    ) -> Result<Vec<(PathBuf, Option<String>)>, ComponentError> {
        data.unwrap_or_default()
            .into_iter()
            .map(|g| {
                g.image
                    .check_category("image", "an image (PNG, JPEG, GIF, WebP, ...)")?;
                Ok((PathBuf::from(g.image.path), g.caption))
            })
            .collect()
    }
    fn postprocess(
        &self,
        value: Vec<(PathBuf, Option<String>)>,
    ) -> Result<Option<Vec<GalleryImage>>, ComponentError> {
        Ok(Some(
            value
                .into_iter()
                .map(|(path, caption)| GalleryImage {
                    image: FileData::from_path(path),
                    caption,
                })
                .collect(),
        ))
    }
    fn files(data: &mut Option<Vec<GalleryImage>>) -> Vec<&mut FileData> {
        data.iter_mut().flatten().map(|g| &mut g.image).collect()
    }
    fn python_type(&self) -> PythonType {
        PythonType::new("List[Dict(image: filepath, caption: str | None)]")
    }
    fn example_payload(&self) -> serde_json::Value {
        serde_json::json!([{
            "image": crate::file_data::example(
                "https://raw.githubusercontent.com/gradio-app/gradio/main/test/test_files/bus.png"
            ),
            "caption": null
        }])
    }
}

// The events it has: each gives the builder its listener method (`.click(...)`, ...).
impl Changeable for Gallery {}
impl Uploadable for Gallery {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Block;

    #[test]
    fn round_trip_with_captions_and_only_images() {
        let g = Gallery::new();
        let data = g
            .postprocess(vec![
                ("/c/a/cat.png".into(), Some("a cat".into())),
                ("/c/b/dog.png".into(), None),
            ])
            .unwrap();
        let json = serde_json::to_value(&data).unwrap();
        assert_eq!(json[0]["caption"], "a cat");
        assert_eq!(json[0]["image"]["orig_name"], "cat.png");
        assert_eq!(json[1]["caption"], serde_json::Value::Null);
        let mut data = data;
        assert_eq!(<Gallery as Component>::files(&mut data).len(), 2);
        for f in <Gallery as Component>::files(&mut data) {
            f.mime_type = Some("image/png".into());
        }
        let back = g.preprocess(data.clone()).unwrap();
        assert_eq!(
            back[0],
            (PathBuf::from("/c/a/cat.png"), Some("a cat".into()))
        );
        assert_eq!(g.preprocess(None).unwrap(), vec![]);
        data.as_mut().unwrap()[1].image.mime_type = Some("text/html".into());
        assert!(g.preprocess(data).is_err());
        assert!(g
            .parse_data(serde_json::json!([{"caption": "no image"}]))
            .is_err());
    }

    #[test]
    fn config_and_api_info() {
        let json = serde_json::to_value(Block::from(Gallery::new().columns(3))).unwrap();
        assert_eq!(json["type"], "gallery");
        assert_eq!(json["props"]["columns"], 3);
        let info = Gallery::new().api_info();
        let text = info.to_string();
        assert!(text.contains("gradio.FileData"), "{text}");
    }
}
