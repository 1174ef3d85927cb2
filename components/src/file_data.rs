//! Gradio's `FileData`: how every file crosses the wire, in any component's data model.

use std::borrow::Cow;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Serialize};

/// A file, as it crosses the wire in any component's data: where the server stores it, and
/// what the page knows of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileData {
    /// The server path the file is stored at (the only thing the server trusts, after checking).
    pub path: String,
    /// The URL the page fetches it from, once the server serves it.
    #[serde(default)]
    pub url: Option<String>,
    /// Its size in bytes, when known.
    #[serde(default)]
    pub size: Option<u64>,
    /// Its name as the person's computer had it (what a download is called).
    #[serde(default)]
    pub orig_name: Option<String>,
    /// Its MIME type (`"image/png"`), as the server found it.
    #[serde(default)]
    pub mime_type: Option<String>,
    /// Whether it is a piece of a stream (streamed audio or video) rather than a whole file.
    #[serde(default)]
    pub is_stream: bool,
    /// The mark that makes gradio_client see the object as a file.
    #[serde(default)]
    pub meta: FileDataMeta,
}

/// `{"_type": "gradio.FileData"}`: how gradio_client recognises a file in a payload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileDataMeta {
    /// Always `"gradio.FileData"`.
    #[serde(rename = "_type")]
    pub kind: String,
}

impl Default for FileDataMeta {
    fn default() -> Self {
        FileDataMeta {
            kind: "gradio.FileData".to_owned(),
        }
    }
}

/// Gradio's own schema, written out: gradio_client recognises a file parameter by the exact
/// Python type it derives from it (`dict(path: str, ..., meta: dict(_type: Literal[...]))`).
impl JsonSchema for FileData {
    fn schema_name() -> Cow<'static, str> {
        "FileData".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let nullable = |t: &str, title: &str| serde_json::json!({"anyOf": [{"type": t}, {"type": "null"}], "default": null, "title": title});
        json_schema!({
            "properties": {
                "path": {"title": "Path", "type": "string"},
                "url": nullable("string", "Url"),
                "size": nullable("integer", "Size"),
                "orig_name": nullable("string", "Orig Name"),
                "mime_type": nullable("string", "Mime Type"),
                "is_stream": {"default": false, "title": "Is Stream", "type": "boolean"},
                "meta": {
                    "properties": {
                        "_type": {"const": "gradio.FileData", "title": "Type", "type": "string"}
                    },
                    "required": ["_type"],
                    "title": "FileDataMeta",
                    "type": "object"
                }
            },
            "required": ["path"],
            "title": "FileData",
            "type": "object"
        })
    }
}

/// How Gradio describes a file parameter in `/gradio_api/info` (`additional_description` and
/// the Python type's description), word for word.
pub const DESCRIPTION: &str = "The FileData class is a subclass of the GradioModel class that represents a file object within a Gradio interface. It is used to store file data and metadata when a file is uploaded.\n\nAttributes:\n    path: The server file path where the file is stored.\n    url: The normalized server URL pointing to the file.\n    size: The size of the file in bytes.\n    orig_name: The original filename before upload.\n    mime_type: The MIME type of the file.\n    is_stream: Indicates whether the file is a stream.\n    meta: Additional metadata used internally (should not be changed).";

/// The FileData schema with `meta` in `$defs`, as Gradio's `/gradio_api/info` has it.
fn gradio_file_data() -> (serde_json::Value, serde_json::Value) {
    let mut schema = FileData::json_schema(&mut SchemaGenerator::default()).to_value();
    let meta = schema["properties"]["meta"].take();
    schema["properties"]["meta"] = serde_json::json!({"$ref": "#/$defs/FileDataMeta"});
    (schema, meta)
}

/// A single file's `api_info`, exactly as Gradio's.
pub fn api_info() -> serde_json::Value {
    let (mut schema, meta) = gradio_file_data();
    let map = schema.as_object_mut().expect("an object schema");
    map.insert("additional_description".into(), DESCRIPTION.into());
    map.insert("$defs".into(), serde_json::json!({"FileDataMeta": meta}));
    schema
}

/// A list of files' `api_info` (Gradio's `ListFiles`).
pub fn list_api_info() -> serde_json::Value {
    let (mut schema, meta) = gradio_file_data();
    schema["additional_description"] = DESCRIPTION.into();
    serde_json::json!({
        "$defs": {"FileData": schema, "FileDataMeta": meta},
        "items": {"$ref": "#/$defs/FileData"},
        "title": "ListFiles",
        "type": "array"
    })
}

/// Where components write files they create (a decoded image a function returned); the
/// server moves them into its cache, so nothing piles up here.
pub fn scratch_dir() -> std::path::PathBuf {
    std::env::temp_dir().join("ferrio-scratch")
}

/// An example file for API docs (`example_inputs`), in Gradio's shape.
pub fn example(url: &str) -> serde_json::Value {
    serde_json::json!({
        "path": url,
        "meta": {"_type": "gradio.FileData"},
        "orig_name": url.rsplit('/').next().unwrap_or_default(),
        "url": url
    })
}

/// Gradio's example of any file (File, DownloadButton): its sample PDF.
pub fn sample_file() -> serde_json::Value {
    example("https://github.com/gradio-app/gradio/raw/main/test/test_files/sample_file.pdf")
}

impl FileData {
    /// A file on the server's disk (a function's output, a component's initial value): its
    /// path, named after its last part.
    pub fn from_path(path: impl AsRef<std::path::Path>) -> Self {
        let path = path.as_ref();
        let mut f = FileData::new(path.to_string_lossy());
        f.orig_name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        f
    }

    /// Passes if the type the server found for the file is of `category` (`"image"`); `what`
    /// names the accepted kind in the error.
    pub fn check_category(&self, category: &str, what: &str) -> Result<(), crate::ComponentError> {
        let found = self.mime_type.as_deref().and_then(|m| m.split('/').next());
        if found == Some(category) {
            Ok(())
        } else {
            Err(crate::ComponentError::Invalid(format!(
                "{} is not {what}",
                self.name()
            )))
        }
    }

    /// A single-file input's value (File, Image, Audio, Video): the stored path, once `check`
    /// passes; no file stays `None`.
    pub fn checked_path(
        file: Option<FileData>,
        check: impl FnOnce(&FileData) -> Result<(), crate::ComponentError>,
    ) -> Result<Option<std::path::PathBuf>, crate::ComponentError> {
        file.map(|f| {
            check(&f)?;
            Ok(f.path.into())
        })
        .transpose()
    }

    /// Whether the file is of a kind in `types` (Gradio's `file_types`: extensions such as
    /// `".pdf"`, categories such as `"image"`); any file when `None`.
    pub fn check_types(&self, types: Option<&[String]>) -> Result<(), crate::ComponentError> {
        let Some(types) = types else {
            return Ok(());
        };
        // The stored file's own name, not the `orig_name` a caller may claim.
        let name = std::path::Path::new(&self.path)
            .file_name()
            .map(|n| n.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        let category = self
            .mime_type
            .as_deref()
            .and_then(|m| m.split('/').next())
            .unwrap_or_default();
        let accepted = types.iter().any(|t| {
            let t = t.to_ascii_lowercase();
            if t.starts_with('.') {
                name.ends_with(&t)
            } else {
                t == category || t == "file"
            }
        });
        if accepted {
            Ok(())
        } else {
            Err(crate::ComponentError::Invalid(format!(
                "{} is not an accepted file type (accepted: {})",
                self.name(),
                types.join(", ")
            )))
        }
    }

    /// The file's name as the person knows it: `orig_name`, else the path's last part.
    pub fn name(&self) -> &str {
        self.orig_name
            .as_deref()
            .unwrap_or_else(|| self.path.rsplit(['/', '\\']).next().unwrap_or_default())
    }

    /// A file at this server path, with nothing else known of it.
    pub fn new(path: impl Into<String>) -> Self {
        FileData {
            path: path.into(),
            url: None,
            size: None,
            orig_name: None,
            mime_type: None,
            is_stream: false,
            meta: FileDataMeta::default(),
        }
    }
}

/// Untyped JSON that may hold files (a component's value inside a chat message): each object
/// marked `meta._type = "gradio.FileData"` is kept as a typed [`FileData`], so the server can
/// check and publish it like any other file. Serializes back to the same JSON.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct JsonWithFiles {
    json: serde_json::Value,
    /// Where each file sits in `json` (its place there holds `null` meanwhile).
    files: Vec<(Vec<JsonStep>, FileData)>,
}

#[derive(Debug, Clone, PartialEq)]
enum JsonStep {
    Key(String),
    Index(usize),
}

impl JsonWithFiles {
    /// Takes the files out of `json`; one marked as a file but not shaped like one is an error.
    pub fn new(mut json: serde_json::Value) -> Result<Self, serde_json::Error> {
        let mut files = Vec::new();
        take_files(&mut json, &mut Vec::new(), &mut files)?;
        Ok(JsonWithFiles { json, files })
    }

    /// JSON taken as it is: nothing in it is a file.
    pub fn plain(json: serde_json::Value) -> Self {
        JsonWithFiles {
            json,
            files: Vec::new(),
        }
    }

    /// The JSON, files included.
    pub fn to_json(&self) -> serde_json::Value {
        let mut json = self.json.clone();
        for (steps, file) in &self.files {
            let mut at = &mut json;
            for step in steps {
                at = match step {
                    JsonStep::Key(k) => &mut at[k.as_str()],
                    JsonStep::Index(i) => &mut at[*i],
                };
            }
            *at = serde_json::to_value(file).unwrap_or_default();
        }
        json
    }

    /// The files inside, to change (the server rewrites their paths and URLs).
    pub fn files_mut(&mut self) -> impl Iterator<Item = &mut FileData> {
        self.files.iter_mut().map(|(_, f)| f)
    }

    /// Keeps the files `keep` says yes to (it may change them); the others become `null`.
    pub fn retain_files(&mut self, keep: impl FnMut(&mut FileData) -> bool) {
        let mut keep = keep;
        self.files.retain_mut(|(_, f)| keep(f));
    }

    /// The files inside.
    pub fn files(&self) -> impl Iterator<Item = &FileData> {
        self.files.iter().map(|(_, f)| f)
    }
}

fn take_files(
    json: &mut serde_json::Value,
    at: &mut Vec<JsonStep>,
    files: &mut Vec<(Vec<JsonStep>, FileData)>,
) -> Result<(), serde_json::Error> {
    use serde_json::Value;
    match json {
        Value::Object(map)
            if map.get("meta").and_then(|m| m.get("_type"))
                == Some(&Value::from("gradio.FileData")) =>
        {
            files.push((at.clone(), FileData::deserialize(&*json)?));
            *json = Value::Null;
        }
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                at.push(JsonStep::Key(k.clone()));
                take_files(v, at, files)?;
                at.pop();
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter_mut().enumerate() {
                at.push(JsonStep::Index(i));
                take_files(v, at, files)?;
                at.pop();
            }
        }
        _ => {}
    }
    Ok(())
}

impl Serialize for JsonWithFiles {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_json().serialize(s)
    }
}

impl<'de> Deserialize<'de> for JsonWithFiles {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let json = serde_json::Value::deserialize(d)?;
        JsonWithFiles::new(json)
            .map_err(|e| serde::de::Error::custom(format!("a malformed file: {e}")))
    }
}

/// Any JSON, as gradio_client reads it.
impl JsonSchema for JsonWithFiles {
    fn schema_name() -> Cow<'static, str> {
        "JsonValue".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({})
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_gradio_client_payload_and_writes_meta() {
        let json =
            r#"{"path":"/tmp/x/t.txt","orig_name":"t.txt","meta":{"_type":"gradio.FileData"}}"#;
        let f: FileData = serde_json::from_str(json).unwrap();
        assert_eq!(f.path, "/tmp/x/t.txt");
        assert_eq!(f.orig_name.as_deref(), Some("t.txt"));
        let back = serde_json::to_value(&f).unwrap();
        assert_eq!(back["meta"]["_type"], "gradio.FileData");
        assert_eq!(back["is_stream"], false);
        assert_eq!(f.name(), "t.txt");
        assert_eq!(FileData::new("/a/b/c.png").name(), "c.png");
    }

    #[test]
    fn files_inside_json_are_typed_and_written_back_in_place() {
        let file = |p: &str| serde_json::json!({"path": p, "meta": {"_type": "gradio.FileData"}});
        let json = serde_json::json!({"a/b": [1, file("/x/one.png")], "image": file("/x/two.png"), "n": 3});
        let mut v = JsonWithFiles::new(json).unwrap();
        let paths: Vec<_> = v.files().map(|f| f.path.clone()).collect();
        assert_eq!(paths, ["/x/one.png", "/x/two.png"]);
        for f in v.files_mut() {
            f.url = Some(format!("http://h{}", f.path));
        }
        let back = serde_json::to_value(&v).unwrap();
        assert_eq!(back["a/b"][1]["url"], "http://h/x/one.png");
        assert_eq!(back["image"]["path"], "/x/two.png");
        assert_eq!(back["n"], 3);
        let again: JsonWithFiles = serde_json::from_value(back.clone()).unwrap();
        assert_eq!(again.to_json(), back);
        // Marked as a file but without a path: refused, never passed on unchecked.
        let bad = serde_json::json!({"x": {"meta": {"_type": "gradio.FileData"}}});
        assert!(serde_json::from_value::<JsonWithFiles>(bad).is_err());
        assert_eq!(
            JsonWithFiles::new(serde_json::json!("text"))
                .unwrap()
                .files()
                .count(),
            0
        );
    }

    #[test]
    fn a_file_left_out_becomes_null_in_place() {
        let file = |p: &str| serde_json::json!({"path": p, "meta": {"_type": "gradio.FileData"}});
        let mut v =
            JsonWithFiles::new(serde_json::json!([file("/a.png"), file("/b.png")])).unwrap();
        v.retain_files(|f| f.path == "/b.png");
        let kept = v.to_json();
        assert_eq!(kept[0], serde_json::Value::Null);
        assert_eq!(kept[1]["path"], "/b.png");
        assert_eq!(v.files().count(), 1);
    }
}
