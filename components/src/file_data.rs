//! Gradio's `FileData`: how every file crosses the wire, in any component's data model.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileData {
    /// The server path the file is stored at (the only thing the server trusts, after checking).
    pub path: String,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub size: Option<u64>,
    #[serde(default)]
    pub orig_name: Option<String>,
    #[serde(default)]
    pub mime_type: Option<String>,
    #[serde(default)]
    pub is_stream: bool,
    #[serde(default)]
    pub meta: FileDataMeta,
}

/// `{"_type": "gradio.FileData"}`: how gradio_client recognises a file in a payload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileDataMeta {
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

impl FileData {
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
    }
}
