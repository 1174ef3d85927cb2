//! HTML: markup shown as is, after the server strips what could run script (unless the
//! developer opts out for markup they wrote themselves).

use derive_setters::Setters;
use serde::{Deserialize, Serialize};

use crate::component::{common_builders, CommonProps, Component, ComponentError, PythonType};
use crate::events::{Changeable, Clickable};

/// An HTML block's props; its wire value is the markup, a string.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Setters)]
pub struct Html {
    /// The markup; the server sanitizes it (when `sanitize` is on) before it goes anywhere.
    #[serde(default)]
    #[setters(into)]
    pub value: String,
    /// Whether the server strips what could run script (on unless
    /// [`Html::dangerously_allow_script`]).
    #[serde(default = "yes")]
    #[setters(skip)]
    pub sanitize: bool,
    /// The props every component has.
    #[serde(flatten)]
    #[setters(skip)]
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
    /// Shows markup exactly as given, scripts included: only for HTML the developer wrote,
    /// never for text that came from a person.
    // Not derived: only ever turns sanitizing off, and takes no value.
    pub fn dangerously_allow_script(mut self) -> Self {
        self.sanitize = false;
        self
    }

    /// `html` as this component shows it: sanitized unless the developer opted out.
    pub fn clean(&self, html: String) -> String {
        if self.sanitize {
            sanitize(&html)
        } else {
            html
        }
    }
}
common_builders!(Html);

/// Ammonia's defaults (no script, no event handlers, no `javascript:` URLs, no `<style>`), plus
/// inline styles limited to presentation (nothing that can lay a fake page over the app or fetch
/// a URL) and ids prefixed so they can't collide with the app's own.
#[cfg(feature = "sanitize")]
fn sanitize(html: &str) -> String {
    const STYLE: &[&str] = &[
        "color",
        "background-color",
        "font-weight",
        "font-style",
        "font-size",
        "font-family",
        "text-align",
        "text-decoration",
        "margin",
        "padding",
        "border",
        "border-radius",
        "width",
        "max-width",
        "height",
        "display",
        "gap",
        "line-height",
        "white-space",
    ];
    ammonia::Builder::default()
        .add_generic_attributes(["id", "style"])
        .filter_style_properties(STYLE.iter().copied().collect())
        .id_prefix(Some("user-"))
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

// The events it has: each gives the builder its listener method (`.click(...)`, ...).
impl Clickable for Html {}
impl Changeable for Html {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Block;

    const ATTACK: &str = r#"<b class="x" style="color:red" onclick="steal()">hi</b><script>steal()</script><a href="javascript:steal()">x</a><img src=x onerror=steal()>"#;

    #[cfg(feature = "sanitize")]
    #[test]
    fn strips_script_keeps_markup() {
        let h = Html::new("");
        let out = h.clean(ATTACK.to_owned());
        for bad in ["<script", "onclick", "onerror", "javascript:", "class="] {
            assert!(!out.contains(bad), "{bad} in {out}");
        }
        assert!(out.contains(r#"<b style="color:red">hi</b>"#), "{out}");
        assert_eq!(h.postprocess(ATTACK.to_owned()), Ok(out));
    }

    #[cfg(feature = "sanitize")]
    #[test]
    fn styles_cannot_overlay_the_page_and_ids_cannot_collide() {
        let out = Html::new("").clean(
            r#"<div id="tab-3" style="position:fixed;top:0;background:url(https://x/t);color:red">x</div>"#
                .into(),
        );
        assert!(!out.contains("position") && !out.contains("url("), "{out}");
        assert!(
            out.contains(r#"id="user-tab-3""#) && out.contains("color:red"),
            "{out}"
        );
    }

    #[cfg(not(feature = "sanitize"))]
    #[test]
    fn without_the_sanitizer_everything_is_text() {
        assert!(!Html::new("").clean(ATTACK.into()).contains('<'));
    }

    #[test]
    fn opting_out_keeps_everything_in_any_order() {
        let h = Html::new(ATTACK).dangerously_allow_script();
        assert_eq!(h.clean(h.value.clone()), ATTACK);
        assert_eq!(h.postprocess(ATTACK.into()), Ok(ATTACK.into()));
        let v = serde_json::to_value(Block::from(h)).unwrap();
        assert_eq!(v["type"], "html");
        assert_eq!(v["props"]["sanitize"], false);
    }
}
