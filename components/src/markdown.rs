//! Markdown: static formatted text. The server renders it to sanitized HTML, so the browser
//! bundle carries no markdown parser.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Markdown {
    /// The markdown source (what Gradio's config calls `value`).
    pub value: String,
    /// The sanitized HTML the server rendered from `value`; empty until the server fills it in.
    #[serde(default)]
    pub html: String,
    #[serde(default = "yes")]
    pub visible: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elem_id: Option<String>,
    #[serde(default)]
    pub elem_classes: Vec<String>,
}

fn yes() -> bool {
    true
}

impl Markdown {
    pub fn new(markdown: impl Into<String>) -> Self {
        Markdown {
            value: markdown.into(),
            html: String::new(),
            visible: true,
            elem_id: None,
            elem_classes: Vec::new(),
        }
    }
    pub fn elem_id(mut self, id: impl Into<String>) -> Self {
        self.elem_id = Some(id.into());
        self
    }
}
