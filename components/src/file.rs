//! File: one uploaded file (or, with `.multiple()`, several), or files a function returns for
//! download.
//!
//! A function gets the stored file's path (`Option<PathBuf>`, or `Vec<PathBuf>` for
//! `.multiple()`: a mix-up is a compile error) and returns paths the same way. On the wire each
//! file is a [`FileData`]; the server checks every path a request names against the app's file
//! rule before the function sees it, and copies every file a function returns into its cache.

use std::marker::PhantomData;
use std::path::PathBuf;

use derive_setters::Setters;
use serde::{Deserialize, Serialize};

use crate::component::{common_builders, CommonProps, Component, ComponentError, PythonType};
use crate::events::{Changeable, Clearable, Uploadable};
use crate::{Block, FileData, Many, One};

/// How many files the component takes: Gradio's `file_count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FileCount {
    /// One file.
    #[default]
    Single,
    /// Any number of files.
    Multiple,
}

/// What a File holds on the wire: one file or `null`, or a list when `multiple`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum FileValue {
    /// The files, when `multiple`.
    Many(Vec<FileData>),
    /// The file, or `None` (`null`).
    One(Option<FileData>),
}

impl Default for FileValue {
    fn default() -> Self {
        FileValue::One(None)
    }
}

impl FileValue {
    /// The files, whichever the form.
    pub fn files(&self) -> Vec<&FileData> {
        match self {
            FileValue::Many(v) => v.iter().collect(),
            FileValue::One(v) => v.iter().collect(),
        }
    }
}

/// A file component's props; `M` is [`One`] or [`Many`]: one file or several.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Setters)]
#[serde(bound = "")]
#[setters(strip_option)]
pub struct File<M = One> {
    /// The file (or files) offered at first.
    #[serde(default)]
    #[setters(skip)]
    pub value: FileValue,
    /// One file or several ([`File::multiple`] sets it).
    #[serde(default)]
    #[setters(skip)]
    pub file_count: FileCount,
    /// Accepted kinds: extensions (`".pdf"`) or categories (`"image"`, `"audio"`, `"video"`,
    /// `"text"`); any file when `None`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[setters(skip)]
    pub file_types: Option<Vec<String>>,
    /// Gradio's `type`: the function gets a path.
    #[serde(rename = "type", default = "filepath")]
    #[setters(skip)]
    pub kind: String,
    /// The component's height in pixels (`None`: as high as its files need).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    /// The props every component has.
    #[serde(flatten)]
    #[setters(skip)]
    pub common: CommonProps,
    #[serde(skip)]
    #[setters(skip)]
    _mode: PhantomData<M>,
}

fn filepath() -> String {
    "filepath".to_owned()
}

impl Default for File<One> {
    fn default() -> Self {
        File {
            value: FileValue::One(None),
            file_count: FileCount::Single,
            file_types: None,
            kind: filepath(),
            height: None,
            common: CommonProps::default(),
            _mode: PhantomData,
        }
    }
}

impl File<One> {
    /// An empty single-file component.
    pub fn new() -> Self {
        Self::default()
    }
    /// The file offered at first: one on the server, copied into its cache when the app
    /// starts.
    // Not derived: a file by its path, in the single form of `FileValue`.
    pub fn value(mut self, path: impl AsRef<std::path::Path>) -> Self {
        self.value = FileValue::One(Some(FileData::from_path(path)));
        self
    }
    /// Several files at once; the function then gets (and returns) a `Vec<PathBuf>`.
    // Not derived: changes the type, and two fields.
    pub fn multiple(self) -> File<Many> {
        File {
            value: FileValue::Many(Vec::new()),
            file_count: FileCount::Multiple,
            file_types: self.file_types,
            kind: self.kind,
            height: self.height,
            common: self.common,
            _mode: PhantomData,
        }
    }
}

impl File<Many> {
    /// The files offered at first, as [`File::value`].
    // Not derived: files by their paths, as an iterator, in the list form of `FileValue`.
    pub fn value<P: AsRef<std::path::Path>>(mut self, paths: impl IntoIterator<Item = P>) -> Self {
        self.value = FileValue::Many(paths.into_iter().map(FileData::from_path).collect());
        self
    }
}

impl<M> File<M> {
    /// Only these kinds may be uploaded: extensions (`".pdf"`) or categories (`"image"`).
    // Not derived: takes any strings, as an iterator.
    pub fn file_types<S: Into<String>>(mut self, types: impl IntoIterator<Item = S>) -> Self {
        self.file_types = Some(types.into_iter().map(Into::into).collect());
        self
    }

    fn check_type(&self, file: &FileData) -> Result<(), ComponentError> {
        file.check_types(self.file_types.as_deref())
    }

    fn erase(self) -> File<One> {
        File {
            value: self.value,
            file_count: self.file_count,
            file_types: self.file_types,
            kind: self.kind,
            height: self.height,
            common: self.common,
            _mode: PhantomData,
        }
    }
}

common_builders!(File<One>);
common_builders!(File<Many>);

/// In the config both kinds are one `file` block; `file_count` tells them apart.
impl From<File<Many>> for Block {
    fn from(f: File<Many>) -> Block {
        Block::File(f.erase())
    }
}

impl Component for File<One> {
    type Data = Option<FileData>;
    type Value = Option<PathBuf>;
    const CLASS_NAME: &'static str = "File";
    const EXPECTS: &'static str = "a FileData object ({\"path\": ...}) or null";
    const HAS_FILES: bool = true;

    fn label(&self) -> Option<&str> {
        self.common.label.as_deref()
    }
    fn initial_data(&self) -> Option<FileData> {
        match &self.value {
            FileValue::One(f) => f.clone(),
            FileValue::Many(v) => v.first().cloned(),
        }
    }
    fn preprocess(&self, data: Option<FileData>) -> Result<Option<PathBuf>, ComponentError> {
        FileData::checked_path(data, |f| self.check_type(f))
    }
    fn postprocess(&self, value: Option<PathBuf>) -> Result<Option<FileData>, ComponentError> {
        Ok(value.map(FileData::from_path))
    }
    fn files(data: &mut Option<FileData>) -> Vec<&mut FileData> {
        data.iter_mut().collect()
    }
    /// Gradio's: the FileData schema itself (an absent file is `null` on the wire).
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

impl Component for File<Many> {
    type Data = Option<Vec<FileData>>;
    type Value = Vec<PathBuf>;
    const CLASS_NAME: &'static str = "File";
    const EXPECTS: &'static str = "a list of FileData objects or null";
    const HAS_FILES: bool = true;

    fn label(&self) -> Option<&str> {
        self.common.label.as_deref()
    }
    fn initial_data(&self) -> Option<Vec<FileData>> {
        match &self.value {
            FileValue::Many(v) => Some(v.clone()),
            FileValue::One(f) => f.clone().map(|f| vec![f]),
        }
    }
    fn preprocess(&self, data: Option<Vec<FileData>>) -> Result<Vec<PathBuf>, ComponentError> {
        data.unwrap_or_default()
            .into_iter()
            .map(|f| {
                self.check_type(&f)?;
                Ok(PathBuf::from(f.path))
            })
            .collect()
    }
    fn postprocess(&self, value: Vec<PathBuf>) -> Result<Option<Vec<FileData>>, ComponentError> {
        Ok(Some(value.into_iter().map(FileData::from_path).collect()))
    }
    fn files(data: &mut Option<Vec<FileData>>) -> Vec<&mut FileData> {
        data.iter_mut().flatten().collect()
    }
    /// Gradio's `ListFiles`.
    fn api_info(&self) -> serde_json::Value {
        crate::file_data::list_api_info()
    }
    fn python_type(&self) -> PythonType {
        PythonType {
            type_name: "list[filepath]".into(),
            description: crate::file_data::DESCRIPTION.into(),
        }
    }
    fn example_payload(&self) -> serde_json::Value {
        serde_json::json!([crate::file_data::sample_file()])
    }
}

// The events they have: each gives the builder its listener method (`.change(...)`, ...).
impl Changeable for File {}
impl Uploadable for File {}
impl Clearable for File {}
impl Changeable for File<Many> {}
impl Uploadable for File<Many> {}
impl Clearable for File<Many> {}

#[cfg(test)]
mod tests {
    use super::*;

    fn upload(path: &str, mime: &str) -> FileData {
        let mut f = FileData::new(path);
        f.mime_type = Some(mime.into());
        f
    }

    #[test]
    fn single_round_trip_and_null() {
        let f = File::new();
        assert_eq!(f.preprocess(None).unwrap(), None);
        let data = f
            .postprocess(Some(PathBuf::from("/c/ab/report.pdf")))
            .unwrap();
        let data = data.unwrap();
        assert_eq!(data.path, "/c/ab/report.pdf");
        assert_eq!(data.orig_name.as_deref(), Some("report.pdf"));
        assert_eq!(
            f.preprocess(Some(data)).unwrap(),
            Some(PathBuf::from("/c/ab/report.pdf"))
        );
        let parsed = f.parse_data(serde_json::json!(null)).unwrap();
        assert_eq!(parsed, None);
        assert!(f.parse_data(serde_json::json!("just text")).is_err());
        assert!(f.parse_data(serde_json::json!({"no_path": 1})).is_err());
    }

    #[test]
    fn multiple_round_trip() {
        let f = File::new().multiple();
        let data = f
            .postprocess(vec!["/c/a/x.txt".into(), "/c/b/y.txt".into()])
            .unwrap();
        assert_eq!(data.as_ref().unwrap().len(), 2);
        assert_eq!(f.preprocess(data).unwrap().len(), 2);
        assert_eq!(f.preprocess(None).unwrap(), Vec::<PathBuf>::new());
        let mut data = f.postprocess(vec!["/c/a/x.txt".into()]).unwrap();
        assert_eq!(<File<Many> as Component>::files(&mut data).len(), 1);
    }

    #[test]
    fn file_types_by_extension_or_category() {
        let f = File::new().file_types([".pdf", "image"]);
        assert!(f
            .check_type(&upload("/c/a/Doc.PDF", "application/pdf"))
            .is_ok());
        assert!(f.check_type(&upload("/c/a/cat.png", "image/png")).is_ok());
        let e = f
            .check_type(&upload("/c/a/page.html", "text/html"))
            .unwrap_err();
        assert!(e.to_string().contains("page.html"), "{e}");
        assert!(File::new().check_type(&upload("/x.bin", "")).is_ok());
        // A claimed original name doesn't change what the stored file is.
        let mut html = upload("/c/a/page.html", "text/html");
        html.orig_name = Some("report.pdf".into());
        assert!(f.check_type(&html).is_err());
    }

    #[test]
    fn config_props_and_flag_round_trip() {
        let block: Block = File::new().multiple().label("Docs").into();
        let json = serde_json::to_value(&block).unwrap();
        assert_eq!(json["type"], "file");
        assert_eq!(json["props"]["file_count"], "multiple");
        assert_eq!(json["props"]["type"], "filepath");
        let f = File::new();
        let data = f.postprocess(Some("/c/a/x.txt".into())).unwrap();
        assert_eq!(f.read_from_flag(&f.flag(&data)).unwrap(), data);
    }

    #[test]
    fn api_info_is_gradios_file_data() {
        let info = File::new().api_info();
        assert_eq!(info["title"], "FileData");
        assert_eq!(info["properties"]["meta"]["$ref"], "#/$defs/FileDataMeta");
        assert_eq!(
            info["$defs"]["FileDataMeta"]["properties"]["_type"]["const"],
            "gradio.FileData"
        );
        let list = File::new().multiple().api_info();
        assert_eq!(list["title"], "ListFiles");
        assert_eq!(list["$defs"]["FileData"]["title"], "FileData");
    }
}
