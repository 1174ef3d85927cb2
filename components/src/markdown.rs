//! Markdown: formatted text, static or an event's output. The server renders it to sanitized
//! HTML (in the config, and on request for a new value), so the browser bundle carries no
//! markdown parser.

use serde::{Deserialize, Serialize};

use crate::component::{Component, ComponentError, PythonType};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Markdown {
    /// The markdown source (what Gradio's config calls `value`).
    pub value: String,
    /// The sanitized HTML the server rendered from `value`; empty until the server fills it in.
    #[serde(default)]
    pub html: String,
    /// Not shown; it names the output in API docs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
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

impl Default for Markdown {
    fn default() -> Self {
        Markdown::new("")
    }
}

impl Markdown {
    pub fn new(markdown: impl Into<String>) -> Self {
        Markdown {
            value: markdown.into(),
            html: String::new(),
            label: None,
            visible: true,
            elem_id: None,
            elem_classes: Vec::new(),
        }
    }
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }
    pub fn visible(mut self, visible: bool) -> Self {
        self.visible = visible;
        self
    }
    pub fn elem_id(mut self, id: impl Into<String>) -> Self {
        self.elem_id = Some(id.into());
        self
    }
    pub fn elem_classes<S: Into<String>>(mut self, classes: impl IntoIterator<Item = S>) -> Self {
        self.elem_classes = classes.into_iter().map(Into::into).collect();
        self
    }
}

impl Component for Markdown {
    /// The markdown source, as Gradio's clients send and receive it.
    type Data = String;
    type Value = String;
    const CLASS_NAME: &'static str = "Markdown";
    const EXPECTS: &'static str = "a string";

    fn label(&self) -> Option<&str> {
        self.label.as_deref()
    }
    fn initial_data(&self) -> String {
        self.value.clone()
    }
    fn preprocess(&self, data: String) -> Result<String, ComponentError> {
        Ok(data)
    }
    fn postprocess(&self, value: String) -> Result<String, ComponentError> {
        Ok(value)
    }
    fn python_type(&self) -> PythonType {
        PythonType::new("str")
    }
    fn example_payload(&self) -> serde_json::Value {
        "# Hello!".into()
    }
}

/// `POST /gradio_api/markdown`: the page asks for a new value's HTML.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RenderRequest {
    pub text: String,
    /// A single newline breaks the line (chat messages), not only a blank line.
    #[serde(default)]
    pub line_breaks: bool,
}

/// The answer: sanitized HTML.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rendered {
    pub html: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Block;

    #[test]
    fn markdown_is_text_both_ways() {
        let md = Markdown::new("# Hi").label("Notes");
        assert_eq!(md.initial_data(), "# Hi");
        assert_eq!(
            md.preprocess(md.parse_data("*a*".into()).unwrap()),
            Ok("*a*".into())
        );
        assert_eq!(md.postprocess("b".into()), Ok("b".into()));
        assert!(md.parse_data(serde_json::json!(3)).is_err());
        assert_eq!(
            md.read_from_flag(&md.flag(&"x, \"y\"".into())),
            Ok("x, \"y\"".into())
        );
        assert_eq!(md.api_info()["type"], "string");
        let c = serde_json::to_value(Block::from(md)).unwrap();
        assert_eq!(c["type"], "markdown");
        assert_eq!(c["props"]["label"], "Notes");
        assert!(!Block::from(Markdown::new("x")).skip_api());
    }
}
