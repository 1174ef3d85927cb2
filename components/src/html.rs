//! HTML: markup shown as is, after the server strips what could run script (unless the
//! developer opts out for markup they wrote themselves).

use serde::{Deserialize, Serialize};

use crate::component::{common_builders, CommonProps, Component, ComponentError, PythonType};
use crate::EventName;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Html {
    /// Already sanitized when `sanitize` is on.
    #[serde(default)]
    pub value: String,
    #[serde(default = "yes")]
    pub sanitize: bool,
    #[serde(flatten)]
    pub common: CommonProps,
}

fn yes() -> bool {
    true
}

impl Default for Html {
    fn default() -> Self {
        Html {
            value: String::new(),
            sanitize: true,
            common: CommonProps::default(),
        }
    }
}

impl Html {
    /// HTML with scripts, event handlers and `javascript:` links removed.
    pub fn new(html: impl Into<String>) -> Self {
        Html::default().value(html)
    }
    pub fn value(mut self, html: impl Into<String>) -> Self {
        self.value = self.clean(html.into());
        self
    }
    /// Shows markup exactly as given, scripts included: only for HTML the developer wrote,
    /// never for text that came from a person.
    pub fn dangerously_allow_script(mut self) -> Self {
        self.sanitize = false;
        self
    }

    fn clean(&self, html: String) -> String {
        if self.sanitize {
            sanitize(&html)
        } else {
            html
        }
    }
}
common_builders!(Html);

#[cfg(feature = "sanitize")]
fn sanitize(html: &str) -> String {
    ammonia::Builder::default()
        .add_generic_attributes(["class", "id", "style"])
        .clean(html)
        .to_string()
}

/// Without the sanitizer (the browser build) nothing is let through as markup.
#[cfg(not(feature = "sanitize"))]
fn sanitize(html: &str) -> String {
    html.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

impl Component for Html {
    type Data = String;
    type Value = String;
    const CLASS_NAME: &'static str = "HTML";
    const EVENTS: &'static [EventName] = &[EventName::Change, EventName::Click];
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
        Ok(self.clean(value))
    }
    fn api_info(&self) -> serde_json::Value {
        serde_json::json!({"type": "string"})
    }
    fn python_type(&self) -> PythonType {
        PythonType::new("str")
    }
    fn example_payload(&self) -> serde_json::Value {
        serde_json::json!("<p>Hello</p>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Block;

    const ATTACK: &str = r#"<b class="x" style="color:red" onclick="steal()">hi</b><script>steal()</script><a href="javascript:steal()">x</a><img src=x onerror=steal()>"#;

    #[cfg(feature = "sanitize")]
    #[test]
    fn strips_script_keeps_markup() {
        let h = Html::new(ATTACK);
        for bad in ["<script", "onclick", "onerror", "javascript:"] {
            assert!(!h.value.contains(bad), "{bad} in {}", h.value);
        }
        assert!(
            h.value.contains(r#"<b class="x" style="color:red">hi</b>"#),
            "{}",
            h.value
        );
        let out = h.postprocess(ATTACK.to_owned()).unwrap();
        assert!(!out.contains("<script"), "{out}");
    }

    #[cfg(not(feature = "sanitize"))]
    #[test]
    fn without_the_sanitizer_everything_is_text() {
        assert!(!Html::new(ATTACK).value.contains('<'));
    }

    #[test]
    fn opting_out_keeps_everything() {
        let h = Html::default().dangerously_allow_script().value(ATTACK);
        assert_eq!(h.value, ATTACK);
        assert_eq!(h.postprocess(ATTACK.into()), Ok(ATTACK.into()));
        let v = serde_json::to_value(Block::from(h)).unwrap();
        assert_eq!(v["type"], "html");
        assert_eq!(v["props"]["sanitize"], false);
    }
}
