//! Code: source text in a monospace editor, tagged with its language.

use derive_setters::Setters;
use serde::{Deserialize, Serialize};

use crate::component::{common_builders, CommonProps, Component, ComponentError, PythonType};
use crate::events::{Blurrable, Changeable, Focusable, Inputtable};

/// The languages Gradio's Code component knows, by its names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// Python.
    Python,
    /// C.
    C,
    /// C++.
    Cpp,
    /// Markdown.
    Markdown,
    /// LaTeX.
    Latex,
    /// JSON.
    Json,
    /// HTML.
    Html,
    /// CSS.
    Css,
    /// JavaScript.
    Javascript,
    /// Jinja2 templates.
    Jinja2,
    /// TypeScript.
    Typescript,
    /// YAML.
    Yaml,
    /// A Dockerfile.
    Dockerfile,
    /// Shell script.
    Shell,
    /// R.
    R,
    /// SQL.
    Sql,
    /// Not in Gradio's list; Ferrio's view doesn't depend on it.
    Rust,
}

/// A code editor's props; its wire value is the code, a string.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Setters)]
#[setters(strip_option)]
pub struct Code {
    /// The code shown at first.
    #[serde(default)]
    #[setters(into)]
    pub value: String,
    /// The language it is written in; `None`: plain text.
    #[serde(default)]
    pub language: Option<Language>,
    /// Visible lines.
    #[serde(default = "five")]
    #[setters(skip)]
    pub lines: u32,
    /// The lines the editor grows to before it scrolls.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[setters(skip)]
    pub max_lines: Option<u32>,
    /// Whether long lines wrap (off: they scroll sideways).
    #[serde(default)]
    pub wrap_lines: bool,
    /// The props every component has.
    #[serde(flatten)]
    #[setters(skip)]
    pub common: CommonProps,
}

fn five() -> u32 {
    5
}

impl Default for Code {
    fn default() -> Self {
        Code {
            value: String::new(),
            language: None,
            lines: five(),
            max_lines: None,
            wrap_lines: false,
            common: CommonProps::default(),
        }
    }
}

impl Code {
    /// An empty plain-text editor, 5 lines high.
    pub fn new() -> Self {
        Self::default()
    }
    /// Visible lines.
    // Not derived: at least 1.
    pub fn lines(mut self, lines: u32) -> Self {
        self.lines = lines.max(1);
        self
    }
}
common_builders!(Code);

impl Component for Code {
    type Data = String;
    type Value = String;
    const CLASS_NAME: &'static str = "Code";
    const EXPECTS: &'static str = "a string";

    fn label(&self) -> Option<&str> {
        self.common.label.as_deref()
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
    fn api_info(&self) -> serde_json::Value {
        serde_json::json!({"type": "string"})
    }
    fn python_type(&self) -> PythonType {
        PythonType::new("str")
    }
    fn example_payload(&self) -> serde_json::Value {
        serde_json::json!("print('Hello World')")
    }
    /// A code cell is flagged as the code itself, not a JSON string.
    fn flag(&self, data: &String) -> String {
        data.clone()
    }
    fn read_from_flag(&self, cell: &str) -> Result<String, ComponentError> {
        Ok(cell.to_owned())
    }
}

// The events it has: each gives the builder its listener method (`.click(...)`, ...).
impl Changeable for Code {}
impl Inputtable for Code {}
impl Focusable for Code {}
impl Blurrable for Code {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Block;
    use serde_json::json;

    #[test]
    fn text_in_text_out_and_flags_verbatim() {
        let c = Code::new().language(Language::Rust).value("fn main() {}");
        assert_eq!(
            c.preprocess(c.parse_data(json!("x = 1")).unwrap()),
            Ok("x = 1".into())
        );
        assert!(c.parse_data(json!(1)).is_err());
        assert_eq!(c.flag(&"a\nb".to_owned()), "a\nb");
        assert_eq!(c.read_from_flag("a\nb"), Ok("a\nb".into()));
        let v = serde_json::to_value(Block::from(c)).unwrap();
        assert_eq!(v["type"], "code");
        assert_eq!(v["props"]["language"], "rust");
        assert_eq!(v["props"]["value"], "fn main() {}");
    }
}
