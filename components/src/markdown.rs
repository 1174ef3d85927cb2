//! Markdown: formatted text, static or an event's output. The server renders it to sanitized
//! HTML (in the config, and on request for a new value), so the browser bundle carries no
//! markdown parser.

use derive_setters::Setters;
use serde::{Deserialize, Serialize};

use crate::component::{Component, ComponentError, PythonType};

/// A Markdown block's props; its wire value is the Markdown source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Setters)]
#[setters(strip_option)]
pub struct Markdown {
    /// The markdown source (what Gradio's config calls `value`).
    #[setters(skip)]
    pub value: String,
    /// The sanitized HTML the server rendered from `value`; empty until the server fills it in.
    #[serde(default)]
    #[setters(skip)]
    pub html: String,
    /// Not shown; it names the output in API docs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[setters(into)]
    pub label: Option<String>,
    /// Whether it is shown.
    #[serde(default = "yes")]
    pub visible: bool,
    /// The HTML `id` of its element, for the app's CSS and JS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[setters(into)]
    pub elem_id: Option<String>,
    /// HTML classes added to its element, for the app's CSS.
    #[serde(default)]
    #[setters(skip)]
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
    /// A block showing `markdown`, once the server has rendered it.
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
    /// HTML classes added to its element, for the app's CSS.
    // Not derived: takes any strings, as an iterator.
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
    /// The Markdown source.
    pub text: String,
    /// A single newline breaks the line (chat messages), not only a blank line.
    #[serde(default)]
    pub line_breaks: bool,
}

/// The answer: sanitized HTML.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rendered {
    /// The HTML, sanitized.
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
