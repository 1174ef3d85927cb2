//! The registry: every kind of block Ferrio can put in a config, one variant each, with its
//! typed props. The app renders it with an exhaustive `match`, so a variant without a view is a
//! compile error, never a blank box in the browser.

use serde::{Deserialize, Serialize};

use crate::{Button, Column, Component, Form, Group, Markdown, Number, Row, Slider, Textbox};

/// Serialized as Gradio's `{"type": "textbox", "props": {...}}`; an unknown `type` fails to parse.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "props", rename_all = "lowercase")]
pub enum Block {
    Textbox(Textbox),
    Number(Number),
    Slider(Slider),
    Button(Button),
    Markdown(Markdown),
    Row(Row),
    Column(Column),
    Group(Group),
    Form(Form),
}

impl Block {
    /// Layout blocks hold children; the others are leaves of the layout tree.
    pub fn is_layout(&self) -> bool {
        matches!(
            self,
            Block::Row(_) | Block::Column(_) | Block::Group(_) | Block::Form(_)
        )
    }

    /// Gradio groups neighbouring form components into a Form.
    pub fn is_form_component(&self) -> bool {
        matches!(
            self,
            Block::Textbox(_) | Block::Number(_) | Block::Slider(_)
        )
    }

    /// Whether the block stays out of the API docs (layouts, buttons, static text).
    pub fn skip_api(&self) -> bool {
        !matches!(
            self,
            Block::Textbox(_) | Block::Number(_) | Block::Slider(_)
        )
    }

    /// For blocks in the API: the JSON schema of their data (`api_info`) and an example of it.
    pub fn api_schema(&self) -> Option<(serde_json::Value, serde_json::Value)> {
        match self {
            Block::Textbox(c) => Some((c.api_info(), c.example_payload())),
            Block::Number(c) => Some((c.api_info(), c.example_payload())),
            Block::Slider(c) => Some((c.api_info(), c.example_payload())),
            Block::Button(_)
            | Block::Markdown(_)
            | Block::Row(_)
            | Block::Column(_)
            | Block::Group(_)
            | Block::Form(_) => None,
        }
    }

    /// Gradio's lowercase type name, as it appears in the config's `type`.
    pub fn type_name(&self) -> &'static str {
        match self {
            Block::Textbox(_) => "textbox",
            Block::Number(_) => "number",
            Block::Slider(_) => "slider",
            Block::Button(_) => "button",
            Block::Markdown(_) => "markdown",
            Block::Row(_) => "row",
            Block::Column(_) => "column",
            Block::Group(_) => "group",
            Block::Form(_) => "form",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_type_fails_loudly() {
        let err = serde_json::from_str::<Block>(r#"{"type":"sparkles","props":{}}"#).unwrap_err();
        assert!(err.to_string().contains("unknown variant"), "{err}");
    }

    #[test]
    fn every_variant_round_trips() {
        let blocks = [
            Block::from(Textbox::new().label("x")),
            Number::new().value(2.0).into(),
            Slider::new(0.0, 5.0).into(),
            Button::new("Go").into(),
            Markdown::new("# hi").into(),
            Row::new().into(),
            Column::new().into(),
            Group::new().into(),
            Form {
                scale: 0,
                min_width: 0,
            }
            .into(),
        ];
        for b in blocks {
            let json = serde_json::to_string(&b).unwrap();
            assert!(
                json.contains(&format!("\"type\":\"{}\"", b.type_name())),
                "{json}"
            );
            let back: Block = serde_json::from_str(&json).unwrap();
            assert_eq!(back, b);
        }
    }
}
